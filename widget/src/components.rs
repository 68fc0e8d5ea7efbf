//! Form pieces every step uses: labelled radio groups (fieldset + legend) that
//! announce a missing answer and tie the message to the group.

use yew::prelude::*;

/// A single-choice question.
#[derive(Clone, PartialEq, Properties)]
pub struct ChoiceProps {
    /// Unique within the widget (used for ids and the radio `name`).
    pub name: AttrValue,
    pub legend: AttrValue,
    #[prop_or_default]
    pub help: Option<AttrValue>,
    /// (key, label)
    pub options: Vec<(AttrValue, AttrValue)>,
    pub selected: Option<AttrValue>,
    pub on_select: Callback<AttrValue>,
    /// Show the "please answer" message.
    #[prop_or_default]
    pub missing: bool,
    #[prop_or_default]
    pub unanswered: AttrValue,
}

/// A group of radio buttons.
#[function_component(Choice)]
pub fn choice(props: &ChoiceProps) -> Html {
    let error_id = format!("sc-{}-error", props.name);
    let help_id = format!("sc-{}-help", props.name);
    let described = match (props.missing, props.help.is_some()) {
        (true, true) => Some(format!("{error_id} {help_id}")),
        (true, false) => Some(error_id.clone()),
        (false, true) => Some(help_id.clone()),
        (false, false) => None,
    };
    let options = props.options.iter().map(|(key, label)| {
        let id = format!("sc-{}-{key}", props.name);
        let on_select = props.on_select.clone();
        let value = key.clone();
        html! {
            <label for={id.clone()} class="choice">
                <input type="radio" id={id} name={format!("sc-{}", props.name)} value={key.clone()}
                    checked={props.selected.as_ref() == Some(key)}
                    onchange={Callback::from(move |_| on_select.emit(value.clone()))} />
                <span>{ label.clone() }</span>
            </label>
        }
    });
    let legend_id = format!("sc-{}-legend", props.name);
    // A radiogroup (not the fieldset's implicit group role) is what
    // `aria-invalid` is defined on; the legend still names it.
    html! {
        <fieldset class="question" role="radiogroup"
            data-testid={format!("q-{}", props.name)} aria-labelledby={legend_id.clone()}
            aria-describedby={described} aria-invalid={props.missing.then_some("true")}>
            <legend id={legend_id}>{ props.legend.clone() }</legend>
            if let Some(help) = &props.help {
                <p class="help" id={help_id.clone()}>{ help.clone() }</p>
            }
            <div class="choices">{ for options }</div>
            if props.missing {
                <p class="error" id={error_id.clone()} role="alert">{ props.unanswered.clone() }</p>
            }
        </fieldset>
    }
}

/// Yes/no options for `Choice`, keyed as the draft takes them.
pub fn yes_no(yes: &str, no: &str) -> Vec<(AttrValue, AttrValue)> {
    use solecheck_shared::question::{NO, YES};
    vec![(YES.into(), AttrValue::from(yes.to_owned())), (NO.into(), AttrValue::from(no.to_owned()))]
}

/// `Some(true)` -> "yes", for `Choice::selected`.
pub fn yes_no_key(value: Option<bool>) -> Option<AttrValue> {
    use solecheck_shared::question::{NO, YES};
    value.map(|v| AttrValue::Static(if v { YES } else { NO }))
}

/// Back and next buttons.
#[derive(Clone, PartialEq, Properties)]
pub struct NavProps {
    pub back: Option<(AttrValue, Callback<MouseEvent>)>,
    pub next: (AttrValue, Callback<MouseEvent>),
}

/// The step's navigation row.
#[function_component(Nav)]
pub fn nav(props: &NavProps) -> Html {
    html! {
        <div class="actions">
            if let Some((label, onclick)) = &props.back {
                <button type="button" class="secondary" data-testid="back" onclick={onclick.clone()}>{ label.clone() }</button>
            }
            <button type="button" class="primary" data-testid="next" onclick={props.next.1.clone()}>{ props.next.0.clone() }</button>
        </div>
    }
}
