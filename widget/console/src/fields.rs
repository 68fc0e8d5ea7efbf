//! Labelled form fields whose errors are announced and tied to the field
//! (`aria-invalid`, `aria-describedby`), and a status line for results.

use solecheck_shared::validate::FieldError;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// A text-like input.
#[derive(Clone, PartialEq, Properties)]
pub struct FieldProps {
    /// Unique on the page; also the `data-testid` and the error's id stem.
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub oninput: Callback<String>,
    /// `text`, `email`, `password`, `date`, `number`...
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub error: Option<String>,
    #[prop_or_default]
    pub required: bool,
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    #[prop_or_default]
    pub disabled: bool,
    #[prop_or_default]
    pub multiline: bool,
    /// The on-screen keyboard to offer (`numeric` for codes).
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
}

fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    let ids: Vec<String> = [(hint, "hint"), (error, "error")]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, part)| format!("{id}-{part}"))
        .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A labelled input (or text area) with its hint and error.
#[function_component(Field)]
pub fn field(props: &FieldProps) -> Html {
    let id = props.id.to_string();
    let describedby = described_by(&id, props.hint.is_some(), props.error.is_some());
    let invalid = props.error.as_ref().map(|_| "true");
    let control = if props.multiline {
        let oninput =
            props.oninput.reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
        html! {
            <textarea id={id.clone()} data-testid={id.clone()} value={props.value.clone()} {oninput}
                required={props.required} disabled={props.disabled} rows="3"
                aria-invalid={invalid} aria-describedby={describedby} />
        }
    } else {
        let oninput =
            props.oninput.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
        html! {
            <input id={id.clone()} data-testid={id.clone()} type={props.kind.clone()} value={props.value.clone()}
                {oninput} required={props.required} disabled={props.disabled} inputmode={props.inputmode.clone()}
                autocomplete={props.autocomplete.clone()} aria-invalid={invalid}
                aria-describedby={describedby} />
        }
    };
    html! {
        <div class={classes!("field", props.error.is_some().then_some("invalid"))}>
            <label for={id.clone()}>{ props.label.clone() }</label>
            if let Some(hint) = &props.hint {
                <p class="hint" id={format!("{id}-hint")}>{ hint.clone() }</p>
            }
            { control }
            if let Some(error) = &props.error {
                <p class="error" id={format!("{id}-error")} role="alert">{ error.clone() }</p>
            }
        </div>
    }
}

/// A labelled drop-down.
#[derive(Clone, PartialEq, Properties)]
pub struct SelectProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// (value, label)
    pub options: Vec<(AttrValue, AttrValue)>,
    pub value: AttrValue,
    pub onchange: Callback<String>,
    #[prop_or_default]
    pub error: Option<String>,
    #[prop_or_default]
    pub disabled: bool,
    /// Keep the label for screen readers only (in a table row that names it).
    #[prop_or_default]
    pub label_hidden: bool,
}

/// A `<select>` with its label and error.
#[function_component(Select)]
pub fn select(props: &SelectProps) -> Html {
    let id = props.id.to_string();
    let onchange = props.onchange.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    html! {
        <div class={classes!("field", props.error.is_some().then_some("invalid"))}>
            <label for={id.clone()} class={classes!(props.label_hidden.then_some("sr-only"))}>{ props.label.clone() }</label>
            <select id={id.clone()} data-testid={id.clone()} {onchange} disabled={props.disabled}
                aria-invalid={props.error.as_ref().map(|_| "true")}
                aria-describedby={props.error.as_ref().map(|_| format!("{id}-error"))}>
                { for props.options.iter().map(|(value, label)| html! {
                    <option value={value.clone()} selected={*value == props.value}>{ label.clone() }</option>
                }) }
            </select>
            if let Some(error) = &props.error {
                <p class="error" id={format!("{id}-error")} role="alert">{ error.clone() }</p>
            }
        </div>
    }
}

/// The server's message for `path` among a 422's field errors.
pub fn error_for(errors: &[FieldError], path: &str) -> Option<String> {
    errors.iter().find(|e| e.path == path).map(|e| e.message.clone())
}

/// A message line: `role="alert"` for errors, `role="status"` otherwise.
#[derive(Clone, PartialEq, Properties)]
pub struct NoticeProps {
    pub text: Option<String>,
    #[prop_or_default]
    pub error: bool,
    #[prop_or(AttrValue::Static("notice"))]
    pub testid: AttrValue,
}

/// Renders nothing without text, so a live region is not announced empty.
#[function_component(Notice)]
pub fn notice(props: &NoticeProps) -> Html {
    let Some(text) = &props.text else { return html! {} };
    let (class, role) = if props.error { ("notice error", "alert") } else { ("notice", "status") };
    html! { <p class={class} role={role} data-testid={props.testid.clone()}>{ text.clone() }</p> }
}

/// Moves the focus to the element `id`, when it is on the page: a field that
/// appears for the next step, so typing goes on there.
pub fn focus(id: &str) {
    let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(element) =
        element.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = element.focus();
    }
}
