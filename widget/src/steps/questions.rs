//! Steps 4 and 5: symptoms, activity and the optional "about you", rendered
//! from the questionnaire document's questions for each step.

use solecheck_shared::{
    content::{QuestionDoc, StepKey},
    draft::Unanswered,
    question::AnswerKind,
};
use yew::prelude::*;

use crate::{
    app::{StepHeading, StepProps},
    components::{Choice, Nav, yes_no},
    state::{Action, Answer},
};

/// Which step of questions.
#[derive(Clone, PartialEq, Properties)]
pub struct QuestionsProps {
    pub step: StepKey,
    pub base: StepProps,
}

/// A pick-any question: one checkbox per option.
fn checkboxes(props: &StepProps, q: &QuestionDoc) -> Html {
    let chosen = props.journey.draft.chosen(q.key);
    let boxes = q.options.iter().map(|o| {
        let id = format!("sc-{}-{}", q.key, o.key);
        let dispatch = props.dispatch.clone();
        let (key, option) = (q.key, o.key.clone());
        html! {
            <label for={id.clone()} class="choice">
                <input type="checkbox" id={id} checked={chosen.contains(&o.key.as_str())}
                    onchange={Callback::from(move |_: Event| {
                        dispatch.emit(Action::Answer(Answer::Set(key, option.clone())));
                    })} />
                <span>{ &o.label }</span>
            </label>
        }
    });
    html! {
        <fieldset class="question" data-testid={format!("q-{}", q.key)}>
            <legend>{ &q.label }</legend>
            <div class="choices">{ for boxes }</div>
        </fieldset>
    }
}

fn question(props: &StepProps, q: &QuestionDoc) -> Html {
    let (doc, draft) = (&props.doc, &props.journey.draft);
    let spec = q.key.spec();
    if !draft.asks(q.key) {
        return html! {};
    }
    let options: Vec<(AttrValue, AttrValue)> = match spec.kind {
        AnswerKind::AnyOf => return checkboxes(props, q),
        AnswerKind::Scale { max } => {
            (0..=max).map(|n| (n.to_string().into(), n.to_string().into())).collect()
        }
        AnswerKind::YesNo => yes_no(&doc.yes, &doc.no),
        AnswerKind::OneOf => q
            .options
            .iter()
            .map(|o| (AttrValue::from(o.key.clone()), AttrValue::from(o.label.clone())))
            .collect(),
    };
    let current = draft.chosen(q.key).first().map(|k| AttrValue::Static(k));
    let key = q.key;
    let dispatch = props.dispatch.clone();
    html! {
        <Choice name={q.key.as_str()} legend={q.label.clone()} help={q.help.clone().map(AttrValue::from)}
            options={options} selected={current.clone()}
            missing={props.journey.marked(Unanswered::Question(q.key))}
            unanswered={doc.ui.unanswered.clone()}
            on_select={Callback::from(move |v: AttrValue| {
                dispatch.emit(Action::Answer(Answer::Set(key, v.to_string())));
            })} />
    }
}

/// The step after `step`, and the one before.
const fn neighbours(step: StepKey) -> (StepKey, StepKey) {
    match step {
        StepKey::Symptoms => (StepKey::Shoes, StepKey::Activity),
        StepKey::Activity => (StepKey::Symptoms, StepKey::About),
        _ => (StepKey::Activity, StepKey::Balance),
    }
}

/// A step made of questions.
#[function_component(QuestionsStep)]
pub fn questions_step(props: &QuestionsProps) -> Html {
    let inner = &props.base;
    let doc = &inner.doc;
    let step = doc.step(props.step);
    let (back, next) = neighbours(props.step);
    let complete = inner.journey.draft.step_complete(props.step);
    let on_next = {
        let dispatch = inner.dispatch.clone();
        Callback::from(move |_| dispatch.emit(if complete { Action::GoTo(next) } else { Action::Incomplete }))
    };
    let on_back = {
        let dispatch = inner.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::GoTo(back)))
    };
    html! {
        <section class="step" data-testid={format!("step-{}", props.step)}>
            <StepHeading text={step.map(|s| s.title.clone()).unwrap_or_default()} step={props.step} />
            <p class="intro">{ step.map(|s| s.intro.clone()).unwrap_or_default() }</p>
            { for doc.questions.iter().filter(|q| q.step == props.step).map(|q| question(inner, q)) }
            <Nav back={Some((AttrValue::from(doc.ui.back.clone()), on_back))} next={(AttrValue::from(doc.ui.next.clone()), on_next)} />
        </section>
    }
}
