//! Campaigns and the offers visitors see: admins create, edit and end them;
//! their windows are local days on the clinic's calendar (see `windows`).

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use solecheck_shared::{
    api::{CampaignInput, CampaignPatch, CampaignView, OfferView, Offers, Page, Recurrence},
    fields,
    validate::{FieldError, FieldErrorCode},
};

use super::{
    paging::{self, PageQuery},
    time::rfc3339,
    windows::{Schedule, Window, local_today},
};
use crate::{
    db::{
        Db, Key,
        campaigns::{self, CampaignRow},
    },
    error::ApiError,
};

impl CampaignRow {
    /// Its schedule.
    pub fn schedule(&self) -> Schedule {
        Schedule { starts_on: self.starts_on, ends_on: self.ends_on, recurrence: self.recurrence.0 }
    }

    /// The window running on `today`, unless an admin ended the campaign.
    pub fn active_window(&self, today: NaiveDate) -> Option<Window> {
        if self.ended_at.is_some() {
            return None;
        }
        self.schedule().window_on(today)
    }

    /// As admins see it.
    pub fn view(&self, today: NaiveDate) -> CampaignView {
        CampaignView {
            id: self.id.clone(),
            slug: self.slug.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            percent_off: self.percent_off,
            applies_to: self.applies_to.clone(),
            starts_on: self.starts_on.to_string(),
            ends_on: self.ends_on.to_string(),
            recurrence: self.schedule().recurrence,
            code_life_days: self.code_life_days,
            demo: self.demo,
            ended_at: self.ended_at.map(rfc3339),
            active: self.active_window(today).is_some(),
        }
    }

    /// As visitors see one of its windows.
    pub fn offer(&self, window: Window) -> OfferView {
        OfferView {
            slug: self.slug.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            percent_off: self.percent_off,
            applies_to: self.applies_to.clone(),
            starts_on: window.first.to_string(),
            ends_on: window.last.to_string(),
            demo: self.demo,
        }
    }
}

/// One page of campaigns as admins see them, by first day then slug.
pub async fn list(
    db: &Db,
    tz: Tz,
    query: PageQuery,
    now: DateTime<Utc>,
) -> Result<Page<CampaignView>, ApiError> {
    let limit = query.limit()?;
    let after = match query.after(2)?.as_deref() {
        Some([day, slug]) => {
            Some((NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| paging::not_ours())?, slug.clone()))
        }
        Some(_) => return Err(paging::not_ours()),
        None => None,
    };
    let rows = db.run(move |conn| campaigns::page(conn, after, limit + 1).map_err(ApiError::from)).await?;
    let (rows, next_cursor) =
        paging::cut(rows, limit, |c| paging::encode(&[&c.starts_on.to_string(), &c.slug]));
    let today = local_today(tz, now);
    Ok(Page { items: rows.iter().map(|c| c.view(today)).collect(), next_cursor })
}

/// The offers running today and the next one to start.
pub async fn offers(db: &Db, tz: Tz, now: DateTime<Utc>) -> Result<Offers, ApiError> {
    let rows = db.run(|conn| campaigns::running(conn).map_err(ApiError::from)).await?;
    let today = local_today(tz, now);
    let mut active: Vec<(Window, &CampaignRow)> =
        rows.iter().filter_map(|c| c.active_window(today).map(|w| (w, c))).collect();
    active.sort_by(|a, b| (a.0.last, &a.1.slug).cmp(&(b.0.last, &b.1.slug)));
    let next = rows
        .iter()
        .filter_map(|c| c.schedule().next_after(today).map(|w| (w, c)))
        .min_by(|a, b| (a.0.first, &a.1.slug).cmp(&(b.0.first, &b.1.slug)));
    Ok(Offers {
        today: today.to_string(),
        time_zone: tz.name().to_owned(),
        active: active.into_iter().map(|(w, c)| c.offer(w)).collect(),
        next: next.map(|(w, c)| c.offer(w)),
    })
}

fn field(path: &str, code: FieldErrorCode, message: &str) -> FieldError {
    FieldError { path: path.to_owned(), code, message: message.to_owned() }
}

fn parse_day(path: &str, value: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    let parsed = fields::day(value);
    if parsed.is_none() {
        errors.push(field(path, FieldErrorCode::InvalidValue, "use a date like 2027-01-31"));
    }
    parsed
}

fn text(path: &str, value: &str, max: usize, errors: &mut Vec<FieldError>) {
    if !fields::is_title(value, max) {
        errors.push(field(path, FieldErrorCode::OutOfRange, &format!("needs 1 to {max} characters")));
    }
}

/// Checks a whole campaign; every problem with its field.
pub fn validate(input: &CampaignInput) -> Result<(NaiveDate, NaiveDate), ApiError> {
    let mut errors = Vec::new();
    if !fields::is_slug(&input.slug) {
        errors.push(field(
            "slug",
            FieldErrorCode::InvalidValue,
            "2 to 64 lower-case letters, digits and hyphens",
        ));
    }
    text("title", &input.title, fields::TITLE_MAX, &mut errors);
    text("applies_to", &input.applies_to, fields::TITLE_MAX, &mut errors);
    if input.description.chars().count() > fields::DESCRIPTION_MAX {
        errors.push(field("description", FieldErrorCode::OutOfRange, "at most 1000 characters"));
    }
    if !fields::PERCENT_OFF.contains(&input.percent_off) {
        errors.push(field("percent_off", FieldErrorCode::OutOfRange, "must be 1 to 100"));
    }
    if input.code_life_days.is_some_and(|d| !fields::CODE_LIFE_DAYS.contains(&d)) {
        errors.push(field("code_life_days", FieldErrorCode::OutOfRange, "must be 1 to 366 days, or null"));
    }
    let starts = parse_day("starts_on", &input.starts_on, &mut errors);
    let ends = parse_day("ends_on", &input.ends_on, &mut errors);
    if let (Some(starts), Some(ends)) = (starts, ends) {
        if ends < starts {
            errors.push(field("ends_on", FieldErrorCode::OutOfRange, "must be on or after starts_on"));
        } else if input.recurrence == Recurrence::Yearly && (ends - starts).num_days() >= 365 {
            errors.push(field(
                "ends_on",
                FieldErrorCode::OutOfRange,
                "a yearly window must be shorter than a year",
            ));
        }
    }
    match (starts, ends) {
        (Some(starts), Some(ends)) if errors.is_empty() => Ok((starts, ends)),
        _ => Err(ApiError::Validation(errors)),
    }
}

/// A new campaign row from validated input.
pub fn new_row(input: &CampaignInput, now: DateTime<Utc>, demo: bool) -> Result<CampaignRow, ApiError> {
    let (starts_on, ends_on) = validate(input)?;
    Ok(CampaignRow {
        id: uuid::Uuid::new_v4().to_string(),
        slug: input.slug.clone(),
        title: input.title.trim().to_owned(),
        description: input.description.trim().to_owned(),
        percent_off: input.percent_off,
        applies_to: input.applies_to.trim().to_owned(),
        starts_on,
        ends_on,
        recurrence: Key(input.recurrence),
        code_life_days: input.code_life_days,
        demo,
        ended_at: None,
        created_at: now.naive_utc(),
        updated_at: now.naive_utc(),
    })
}

fn unique_slug(error: diesel::result::Error) -> ApiError {
    match error {
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
            ApiError::SlugTaken
        }
        other => other.into(),
    }
}

/// Creates a campaign; a slug in use is `slug_taken`.
pub async fn create(
    db: &Db,
    tz: Tz,
    input: &CampaignInput,
    now: DateTime<Utc>,
) -> Result<CampaignView, ApiError> {
    let row = new_row(input, now, false)?;
    let saved = row.clone();
    db.write(move |conn| campaigns::insert(conn, &saved).map_err(unique_slug)).await?;
    Ok(row.view(local_today(tz, now)))
}

/// Edits a campaign, or ends it with `ended: true`.
pub async fn update(
    db: &Db,
    tz: Tz,
    id: String,
    patch: CampaignPatch,
    now: DateTime<Utc>,
) -> Result<CampaignView, ApiError> {
    let row = db
        .write(move |conn| {
            let row = campaigns::find(conn, &id)?.ok_or(ApiError::NotFound)?;
            let row = patched(row, patch, now)?;
            campaigns::save(conn, &row)?;
            Ok::<_, ApiError>(row)
        })
        .await?;
    Ok(row.view(local_today(tz, now)))
}

/// Applies a patch to a stored campaign, validating the result as a whole.
pub fn patched(
    mut row: CampaignRow,
    patch: CampaignPatch,
    now: DateTime<Utc>,
) -> Result<CampaignRow, ApiError> {
    let input = CampaignInput {
        slug: row.slug.clone(),
        title: patch.title.unwrap_or(row.title.clone()),
        description: patch.description.unwrap_or(row.description.clone()),
        percent_off: patch.percent_off.unwrap_or(row.percent_off),
        applies_to: patch.applies_to.unwrap_or(row.applies_to.clone()),
        starts_on: patch.starts_on.unwrap_or(row.starts_on.to_string()),
        ends_on: patch.ends_on.unwrap_or(row.ends_on.to_string()),
        recurrence: patch.recurrence.unwrap_or(row.schedule().recurrence),
        code_life_days: patch.code_life_days.unwrap_or(row.code_life_days),
    };
    let fresh = new_row(&input, now, row.demo)?;
    row.title = fresh.title;
    row.description = fresh.description;
    row.percent_off = fresh.percent_off;
    row.applies_to = fresh.applies_to;
    row.starts_on = fresh.starts_on;
    row.ends_on = fresh.ends_on;
    row.recurrence = fresh.recurrence;
    row.code_life_days = fresh.code_life_days;
    match patch.ended {
        Some(true) if row.ended_at.is_none() => row.ended_at = Some(now.naive_utc()),
        Some(false) => row.ended_at = None,
        _ => {}
    }
    row.updated_at = now.naive_utc();
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> CampaignInput {
        CampaignInput {
            slug: "spring-gait".into(),
            title: "Spring gait check".into(),
            description: "".into(),
            percent_off: 15,
            applies_to: "a gait analysis".into(),
            starts_on: "2027-03-01".into(),
            ends_on: "2027-03-31".into(),
            recurrence: Recurrence::None,
            code_life_days: Some(14),
        }
    }

    fn paths(result: Result<(NaiveDate, NaiveDate), ApiError>) -> Vec<String> {
        match result {
            Err(ApiError::Validation(errors)) => errors.into_iter().map(|e| e.path).collect(),
            other => panic!("expected validation errors, got {other:?}"),
        }
    }

    #[test]
    fn a_good_campaign_passes() {
        assert!(validate(&input()).is_ok());
    }

    #[test]
    fn each_field_is_checked() {
        type Change = fn(&mut CampaignInput);
        let cases: Vec<(Change, &str)> = vec![
            (|c| c.slug = "Bad Slug".into(), "slug"),
            (|c| c.slug = "-x".into(), "slug"),
            (|c| c.title = "  ".into(), "title"),
            (|c| c.applies_to = "".into(), "applies_to"),
            (|c| c.percent_off = 0, "percent_off"),
            (|c| c.percent_off = 101, "percent_off"),
            (|c| c.code_life_days = Some(0), "code_life_days"),
            (|c| c.starts_on = "2027-02-30".into(), "starts_on"),
            (|c| c.ends_on = "31/03/2027".into(), "ends_on"),
            (|c| c.ends_on = "2027-02-28".into(), "ends_on"),
            (
                |c| {
                    c.recurrence = Recurrence::Yearly;
                    c.ends_on = "2028-03-01".into();
                },
                "ends_on",
            ),
        ];
        for (change, path) in cases {
            let mut c = input();
            change(&mut c);
            assert_eq!(paths(validate(&c)), vec![path.to_owned()], "{path}");
        }
    }
}
