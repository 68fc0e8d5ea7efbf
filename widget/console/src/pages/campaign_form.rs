//! Creating or editing a campaign. Days are the clinic's local calendar days,
//! both inclusive; a preview says in plain words when it runs and how long its
//! codes last. The rules are the server's: its field errors are shown on the
//! fields they name.

use solecheck_shared::{
    api::{CampaignInput, CampaignPatch, CampaignView, ErrorCode, Recurrence},
    validate::FieldError,
};
use yew::{platform::spawn_local, prelude::*};

use super::use_ctx;
use crate::{
    app::Ctx,
    client::Failure,
    dates::{day_words, month_day, parse_day},
    fields::{Field, Notice, Select, error_for},
};

/// The form's fields as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub slug: String,
    pub title: String,
    pub description: String,
    pub percent_off: String,
    pub applies_to: String,
    pub starts_on: String,
    pub ends_on: String,
    pub recurrence: Recurrence,
    pub code_life_days: String,
}

impl Draft {
    /// An empty form.
    pub fn blank() -> Self {
        Self {
            slug: String::new(),
            title: String::new(),
            description: String::new(),
            percent_off: "20".to_owned(),
            applies_to: String::new(),
            starts_on: String::new(),
            ends_on: String::new(),
            recurrence: Recurrence::None,
            code_life_days: String::new(),
        }
    }

    /// A stored campaign, to edit.
    pub fn of(c: &CampaignView) -> Self {
        Self {
            slug: c.slug.clone(),
            title: c.title.clone(),
            description: c.description.clone(),
            percent_off: c.percent_off.to_string(),
            applies_to: c.applies_to.clone(),
            starts_on: c.starts_on.clone(),
            ends_on: c.ends_on.clone(),
            recurrence: c.recurrence,
            code_life_days: c.code_life_days.map(|d| d.to_string()).unwrap_or_default(),
        }
    }

    /// The body to send, or the fields that are not numbers.
    pub fn input(&self) -> Result<CampaignInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut number = |path: &str, text: &str, what: &str| match text.trim().parse::<i32>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.push(FieldError {
                    path: path.to_owned(),
                    code: solecheck_shared::validate::FieldErrorCode::InvalidType,
                    message: format!("Enter {what} as a whole number."),
                });
                None
            }
        };
        let percent_off = number("percent_off", &self.percent_off, "the percentage");
        let code_life_days = if self.code_life_days.trim().is_empty() {
            Some(None)
        } else {
            number("code_life_days", &self.code_life_days, "the days").map(Some)
        };
        match (percent_off, code_life_days) {
            (Some(percent_off), Some(code_life_days)) => Ok(CampaignInput {
                slug: self.slug.trim().to_owned(),
                title: self.title.clone(),
                description: self.description.clone(),
                percent_off,
                applies_to: self.applies_to.clone(),
                starts_on: self.starts_on.trim().to_owned(),
                ends_on: self.ends_on.trim().to_owned(),
                recurrence: self.recurrence,
                code_life_days,
            }),
            _ => Err(errors),
        }
    }
}

/// When the campaign runs and how long its codes last, in plain words.
pub fn preview(draft: &Draft, time_zone: &str) -> Vec<String> {
    let (Some(first), Some(last)) = (parse_day(&draft.starts_on), parse_day(&draft.ends_on)) else {
        return vec!["Enter the first and the last day to see when it runs.".to_owned()];
    };
    if last < first {
        return vec!["The last day is before the first day.".to_owned()];
    }
    let mut lines = vec![match draft.recurrence {
        Recurrence::None => format!(
            "Runs from {} to {}, both days included, on the clinic's calendar ({time_zone}).",
            day_words(first),
            day_words(last)
        ),
        Recurrence::Yearly => format!(
            "Runs every year from {} to {}, both days included, on the clinic's calendar ({time_zone}), the first time from {}.",
            month_day(first),
            month_day(last),
            day_words(first)
        ),
    }];
    let percent = draft.percent_off.trim();
    if !percent.is_empty() && !draft.applies_to.trim().is_empty() {
        lines.push(format!("Visitors get {percent}% off {}.", draft.applies_to.trim()));
    }
    lines.push(match draft.code_life_days.trim() {
        "" => "A code stays valid until the end of the last day (midnight, clinic time).".to_owned(),
        days => format!(
            "A code stays valid for {days} days after it is issued, or until the end of the last day if that comes first."
        ),
    });
    lines
}

/// The form's attributes.
#[derive(Clone, PartialEq, Properties)]
pub struct CampaignFormProps {
    /// The campaign being edited, or `None` for a new one.
    pub editing: Option<CampaignView>,
    /// Called with the saved campaign.
    pub on_saved: Callback<CampaignView>,
    pub on_cancel: Callback<()>,
}

/// The form's state: the fields, the server's field errors and any other failure.
#[derive(Clone)]
struct FormState {
    draft: UseStateHandle<Draft>,
    errors: UseStateHandle<Vec<FieldError>>,
    failure: UseStateHandle<Option<String>>,
    busy: UseStateHandle<bool>,
}

impl FormState {
    /// Shows a refused save: on the fields the server names, else above the form.
    fn refused(&self, f: &Failure) {
        if f.code() == Some(ErrorCode::SlugTaken) {
            self.errors.set(vec![FieldError {
                path: "slug".into(),
                code: solecheck_shared::validate::FieldErrorCode::InvalidValue,
                message: "Another campaign already uses this short name.".into(),
            }]);
            return;
        }
        match f.problem().filter(|p| !p.errors.is_empty()) {
            Some(problem) => {
                self.errors.set(problem.errors.clone());
                self.failure.set(Some("Some fields need a change; see the messages below them.".into()));
            }
            None => self.failure.set(Some(f.message())),
        }
    }
}

/// Creates the campaign, or saves the one being edited.
fn save_action(ctx: &Ctx, props: &CampaignFormProps, form: &FormState) -> Callback<SubmitEvent> {
    let args = (ctx.clone(), props.clone(), form.clone());
    Callback::from(move |event: SubmitEvent| {
        event.prevent_default();
        let (ctx, props, form) = args.clone();
        let input = match form.draft.input() {
            Ok(input) => input,
            Err(found) => {
                form.errors.set(found);
                return;
            }
        };
        form.busy.set(true);
        spawn_local(async move {
            let saved = match &props.editing {
                None => ctx.client.post::<_, CampaignView>("/v1/campaigns", Some(&input)).await,
                Some(c) => {
                    ctx.client
                        .patch::<_, CampaignView>(&format!("/v1/campaigns/{}", c.id), &patch(input))
                        .await
                }
            };
            form.busy.set(false);
            match saved {
                Ok(campaign) => props.on_saved.emit(campaign),
                Err(Failure::SessionEnded) => {}
                Err(f) => form.refused(&f),
            }
        });
    })
}

/// The campaign form.
#[function_component(CampaignForm)]
pub fn campaign_form(props: &CampaignFormProps) -> Html {
    let Some(ctx) = use_ctx() else { return html! {} };
    let form = FormState {
        draft: use_state(|| props.editing.as_ref().map_or_else(Draft::blank, Draft::of)),
        errors: use_state(Vec::<FieldError>::new),
        failure: use_state(|| None::<String>),
        busy: use_state(|| false),
    };
    let onsubmit = save_action(&ctx, props, &form);
    let (draft, errors) = (&form.draft, &form.errors);
    let edit = |change: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |value: String| {
            let mut next = (*draft).clone();
            change(&mut next, value);
            draft.set(next);
        })
    };
    let err = |path: &str| error_for(errors, path);
    let title = if props.editing.is_some() { "Edit campaign" } else { "New campaign" };
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    html! {
        <form class="panel campaign-form" {onsubmit} novalidate=true data-testid="campaign-form" aria-labelledby="campaign-form-title">
            <h2 id="campaign-form-title">{ title }</h2>
            <Notice text={(*form.failure).clone()} error=true testid="campaign-form-error" />
            <Field id="c-title" label="Title" value={draft.title.clone()} oninput={edit(|d, v| d.title = v)}
                error={err("title")} required=true />
            <Field id="c-slug" label="Short name (for links and reports)" value={draft.slug.clone()}
                hint="Lower-case letters, digits and hyphens, e.g. spring-gait-check. It cannot change later."
                oninput={edit(|d, v| d.slug = v)} error={err("slug")} required=true disabled={props.editing.is_some()} />
            <Field id="c-percent" label="Percent off" kind="number" value={draft.percent_off.clone()}
                oninput={edit(|d, v| d.percent_off = v)} error={err("percent_off")} required=true />
            <Field id="c-applies" label="Applies to" hint="What the discount is for, e.g. a massage."
                value={draft.applies_to.clone()} oninput={edit(|d, v| d.applies_to = v)} error={err("applies_to")} required=true />
            <Field id="c-description" label="Description (shown to visitors)" multiline=true
                value={draft.description.clone()} oninput={edit(|d, v| d.description = v)} error={err("description")} />
            <div class="row">
                <Field id="c-starts" label="First day" kind="date" value={draft.starts_on.clone()}
                    oninput={edit(|d, v| d.starts_on = v)} error={err("starts_on")} required=true />
                <Field id="c-ends" label="Last day" kind="date" value={draft.ends_on.clone()}
                    oninput={edit(|d, v| d.ends_on = v)} error={err("ends_on")} required=true />
            </div>
            <Select id="c-recurrence" label="Repeats" value={draft.recurrence.as_str()}
                options={vec![("none".into(), "Once".into()), ("yearly".into(), "Every year on the same days".into())]}
                onchange={edit(|d, v| d.recurrence = Recurrence::from_key(&v).unwrap_or(Recurrence::None))}
                error={err("recurrence")} />
            <Field id="c-life" label="Code life in days (optional)" kind="number" value={draft.code_life_days.clone()}
                hint="Leave empty to keep codes valid until the campaign's last day."
                oninput={edit(|d, v| d.code_life_days = v)} error={err("code_life_days")} />
            <div class="preview" data-testid="campaign-preview" aria-live="polite">
                { for preview(draft, &ctx.time_zone()).into_iter().map(|line| html! { <p>{ line }</p> }) }
            </div>
            <div class="actions">
                <button type="submit" class="primary" disabled={*form.busy} data-testid="save-campaign">{ "Save campaign" }</button>
                <button type="button" class="secondary" onclick={cancel}>{ "Cancel" }</button>
            </div>
        </form>
    }
}

/// An edit sends every editable field; the slug never changes.
fn patch(input: CampaignInput) -> CampaignPatch {
    CampaignPatch {
        title: Some(input.title),
        description: Some(input.description),
        percent_off: Some(input.percent_off),
        applies_to: Some(input.applies_to),
        starts_on: Some(input.starts_on),
        ends_on: Some(input.ends_on),
        recurrence: Some(input.recurrence),
        code_life_days: Some(input.code_life_days),
        ended: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> Draft {
        Draft {
            slug: "back-to-school".into(),
            applies_to: "all packages and memberships".into(),
            starts_on: "2027-08-01".into(),
            ends_on: "2027-08-31".into(),
            recurrence: Recurrence::Yearly,
            ..Draft::blank()
        }
    }

    #[test]
    fn the_preview_says_when_it_runs_in_plain_words() {
        let lines = preview(&draft(), "America/Denver");
        assert_eq!(
            lines[0],
            "Runs every year from August 1 to August 31, both days included, on the clinic's calendar (America/Denver), the first time from Sunday, August 1, 2027."
        );
        assert_eq!(lines[1], "Visitors get 20% off all packages and memberships.");
        assert!(lines[2].contains("until the end of the last day"));
        let once = Draft { recurrence: Recurrence::None, code_life_days: "14".into(), ..draft() };
        let lines = preview(&once, "America/Denver");
        assert!(lines[0].starts_with("Runs from Sunday, August 1, 2027 to Tuesday, August 31, 2027"));
        assert!(lines[2].contains("for 14 days after it is issued"));
        let backwards = Draft { ends_on: "2027-07-01".into(), ..draft() };
        assert_eq!(preview(&backwards, "UTC"), vec!["The last day is before the first day.".to_owned()]);
        assert!(preview(&Draft::blank(), "UTC")[0].starts_with("Enter the first"));
    }

    #[test]
    fn numbers_are_checked_before_sending() {
        let bad = Draft { percent_off: "twenty".into(), code_life_days: "x".into(), ..draft() };
        let paths: Vec<String> = bad.input().unwrap_err().into_iter().map(|e| e.path).collect();
        assert_eq!(paths, ["percent_off", "code_life_days"]);
        let input = draft().input().unwrap();
        assert_eq!((input.percent_off, input.code_life_days), (20, None));
    }
}
