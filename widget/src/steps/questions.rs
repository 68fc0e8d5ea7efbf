//! Steps 4 and 5: symptoms, activity and the optional "about you", rendered
//! from the questionnaire document's questions for each step.

use solecheck_shared::{
    answers::{AgeBand, PainDuration, RunsPerWeek, Sex, SorePlace, Surface},
    content::{QuestionDoc, StepKey},
};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::{
    app::{StepHeading, StepProps},
    components::{Choice, Nav, yes_no, yes_no_key},
    state::{Action, Answer, Journey},
};

/// Which step of questions.
#[derive(Clone, PartialEq, Properties)]
pub struct QuestionsProps {
    pub step: StepKey,
    pub base: StepProps,
}

/// The answer currently given to a question, as its option key.
fn selected(j: &Journey, key: &str) -> Option<String> {
    let yn = |v: Option<bool>| yes_no_key(v).map(|v| v.to_string());
    match key {
        "back_pain" => j.back_pain.map(|p| p.to_string()),
        "back_pain_duration" => j.duration.map(|d| d.to_string()),
        "back_pain_improving" => yn(j.improving),
        "morning_stiffness" => yn(j.stiffness),
        "recent_injury" => yn(j.injury),
        "gait_changing_foot_pain" => yn(j.gait),
        "runs_per_week" => j.runs.map(|r| r.to_string()),
        "surface" => j.surface.map(|s| s.to_string()),
        "cycles" => yn(j.cycles),
        "age_band" => j.age.map(|a| a.to_string()),
        "sex" => j.sex.map(|s| s.to_string()),
        _ => None,
    }
}

/// The answer an option stands for.
fn answer(key: &str, value: &str) -> Option<Answer> {
    let yes = value == "yes";
    Some(match key {
        "back_pain" => Answer::BackPain(value.parse().ok()?),
        "back_pain_duration" => Answer::Duration(PainDuration::from_key(value)?),
        "back_pain_improving" => Answer::Improving(yes),
        "morning_stiffness" => Answer::Stiffness(yes),
        "recent_injury" => Answer::Injury(yes),
        "gait_changing_foot_pain" => Answer::Gait(yes),
        "runs_per_week" => Answer::Runs(RunsPerWeek::from_key(value)?),
        "surface" => Answer::Surface(Surface::from_key(value)?),
        "cycles" => Answer::Cycles(yes),
        "age_band" => Answer::Age(Some(AgeBand::from_key(value)?)),
        "sex" => Answer::Sex(Some(Sex::from_key(value)?)),
        _ => return None,
    })
}

fn optional(key: &str) -> bool {
    matches!(key, "age_band" | "sex")
}

/// Follow-ups shown only when there is back pain.
fn needs_pain(key: &str) -> bool {
    matches!(key, "back_pain_duration" | "back_pain_improving" | "morning_stiffness")
}

fn question(props: &StepProps, q: &QuestionDoc) -> Html {
    let doc = &props.doc;
    let j = &props.journey;
    if needs_pain(&q.key) && j.back_pain.unwrap_or(0) == 0 {
        return html! {};
    }
    if q.key == "sore_places" {
        let boxes = q.options.iter().map(|o| {
            let id = format!("sc-sore-{}", o.key);
            let place = SorePlace::from_key(&o.key);
            let checked = place.is_some_and(|p| j.sore.contains(&p));
            let dispatch = props.dispatch.clone();
            html! {
                <label for={id.clone()} class="choice">
                    <input type="checkbox" id={id} checked={checked}
                        onchange={Callback::from(move |e: Event| {
                            if let (Some(p), Some(_)) = (place, e.target_dyn_into::<HtmlInputElement>()) {
                                dispatch.emit(Action::Answer(Answer::ToggleSore(p)));
                            }
                        })} />
                    <span>{ &o.label }</span>
                </label>
            }
        });
        return html! {
            <fieldset class="question" data-testid="q-sore_places">
                <legend>{ &q.label }</legend>
                <div class="choices">{ for boxes }</div>
            </fieldset>
        };
    }
    let options: Vec<(AttrValue, AttrValue)> = if q.key == "back_pain" {
        (0..=10).map(|n: u8| (AttrValue::from(n.to_string()), AttrValue::from(n.to_string()))).collect()
    } else if q.options.is_empty() {
        yes_no(&doc.yes, &doc.no)
    } else {
        q.options.iter().map(|o| (AttrValue::from(o.key.clone()), AttrValue::from(o.label.clone()))).collect()
    };
    let current = selected(j, &q.key);
    let key = q.key.clone();
    let dispatch = props.dispatch.clone();
    html! {
        <Choice name={q.key.clone()} legend={q.label.clone()} help={q.help.clone().map(AttrValue::from)}
            options={options} selected={current.clone().map(AttrValue::from)}
            missing={j.show_errors && current.is_none() && !optional(&q.key)} unanswered={doc.ui.unanswered.clone()}
            on_select={Callback::from(move |v: AttrValue| {
                if let Some(a) = answer(&key, &v) {
                    dispatch.emit(Action::Answer(a));
                }
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
    let step = doc.step(props.step.as_str());
    let (back, next) = neighbours(props.step);
    let complete = match props.step {
        StepKey::Symptoms => inner.journey.symptoms_complete(),
        StepKey::Activity => inner.journey.activity_complete(),
        _ => true,
    };
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
