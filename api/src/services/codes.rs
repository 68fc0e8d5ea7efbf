//! Discount codes: issued once per assessment and campaign, never for an urgent
//! result; looked up and redeemed by staff exactly once (the database decides);
//! voided and un-redeemed by admins with a reason. Every redeem attempt, void
//! and un-redeem is audited, also one on a code that does not exist or fails
//! its check symbol (with no link to a code row, and what was typed).

use chrono::{DateTime, Days, Utc};
use chrono_tz::Tz;
use diesel::Connection;
use solecheck_shared::{
    AssessmentResult,
    api::{
        AuditAction, AuditEntry, AuditOutcome, CodeCampaign, CodeIssued, CodeState, CodeStatus, Page,
        Redeemed, ResultSummary,
    },
    code::{self, CodeError, DiscountCode},
};

use super::{
    batch::{Batch, Writer},
    paging::{self, PageQuery},
    time::rfc3339,
    windows::{end_of_local_day, last_local_day, local_today},
};
use crate::{
    auth::StaffUser,
    db::{
        Db, DbConn, Key,
        assessments::{self, AssessmentRow},
        campaigns::{self, CampaignRow},
        codes::{self, AuditRow, CodeRow},
    },
    error::ApiError,
};

/// A code was just issued (201) or already existed (200).
pub struct Issued {
    pub created: bool,
    pub body: CodeIssued,
}

fn campaign_part(c: &CampaignRow) -> CodeCampaign {
    CodeCampaign {
        slug: c.slug.clone(),
        title: c.title.clone(),
        percent_off: c.percent_off,
        applies_to: c.applies_to.clone(),
    }
}

/// The last clinic day a code can be used on (`expires_at` is when it ends).
fn valid_through(tz: Tz, expires_at: chrono::NaiveDateTime) -> String {
    last_local_day(tz, expires_at.and_utc()).to_string()
}

fn issued(code: &CodeRow, campaign: &CampaignRow, tz: Tz) -> Result<CodeIssued, ApiError> {
    let display = DiscountCode::parse(&code.code)?.display_form();
    Ok(CodeIssued {
        code: display.clone(),
        qr: super::qr::rows(&display)?,
        campaign: campaign_part(campaign),
        expires_at: rfc3339(code.expires_at),
        valid_through: valid_through(tz, code.expires_at),
    })
}

/// Issues (or returns) the code of assessment `id` for an active campaign.
/// Only the insert goes to the writer; the look-ups before it and the QR
/// symbol after it do not hold the write lock.
pub async fn issue(
    db: &Db,
    writer: &Writer,
    tz: Tz,
    id: String,
    slug: Option<String>,
    now: DateTime<Utc>,
) -> Result<Issued, ApiError> {
    let today = local_today(tz, now);
    let (window, campaign, existing) = db
        .run(move |conn| {
            let level = assessments::referral_level(conn, &id)?.ok_or(ApiError::NotFound)?;
            if !level.0.gets_offer() {
                return Err(ApiError::NotEligible);
            }
            let mut active: Vec<_> = campaigns::running(conn)?
                .into_iter()
                .filter_map(|c| c.active_window(today).map(|w| (w, c)))
                .filter(|(_, c)| slug.as_ref().is_none_or(|s| &c.slug == s))
                .collect();
            active.sort_by(|a, b| (a.0.last, &a.1.slug).cmp(&(b.0.last, &b.1.slug)));
            let (window, campaign) = active.into_iter().next().ok_or(ApiError::NoActiveOffer)?;
            let existing = match codes::find_for(conn, &id, &campaign.id)? {
                Some(code) => Ok(code),
                None => Err(id),
            };
            Ok((window, campaign, existing))
        })
        .await?;
    let assessment_id = match existing {
        Ok(code) => return Ok(Issued { created: false, body: issued(&code, &campaign, tz)? }),
        Err(id) => id,
    };
    let mut expires = end_of_local_day(tz, window.last);
    if let Some(days) = campaign.code_life_days.and_then(|d| u64::try_from(d).ok()) {
        let life_end = today.checked_add_days(Days::new(days)).map(|d| end_of_local_day(tz, d));
        expires = life_end.map_or(expires, |e| e.min(expires));
    }
    let row = CodeRow {
        code: String::new(),
        assessment_id,
        campaign_id: campaign.id.clone(),
        issued_at: now.naive_utc(),
        expires_at: expires.naive_utc(),
        redeemed_at: None,
        redeemed_by: None,
        voided_at: None,
        void_reason: None,
    };
    let lane = row.assessment_id.clone();
    let (created, code) = writer.run(&lane, move |conn| insert_code(conn, &row)).await?;
    Ok(Issued { created, body: issued(&code, &campaign, tz)? })
}

/// Stores `template` with a new random code, or finds the code a concurrent
/// request stored first for the same check and campaign; true when this call
/// stored it. Each run draws its own code (60 random bits: a collision is all
/// but impossible, and the writer's second run would draw another). The
/// insert comes first: one statement in the writer for a new code, the
/// look-up only when the check had one.
fn insert_code(batch: &mut Batch<'_>, template: &CodeRow) -> Result<(bool, CodeRow), ApiError> {
    let row = CodeRow {
        code: DiscountCode::generate().map_err(ApiError::internal)?.canonical(),
        ..template.clone()
    };
    if codes::insert(batch, &row)? {
        batch.count_issued(&row.campaign_id);
        return Ok((true, row));
    }
    let existing = codes::find_for(batch, &row.assessment_id, &row.campaign_id)?;
    // Codes are never deleted: the one the insert ran into is there to read.
    Ok((false, existing.ok_or(ApiError::NotFound)?))
}

fn state_of(code: &CodeRow, now: DateTime<Utc>) -> CodeState {
    if code.voided_at.is_some() {
        CodeState::Voided
    } else if code.redeemed_at.is_some() {
        CodeState::Redeemed
    } else if code.expires_at <= now.naive_utc() {
        CodeState::Expired
    } else {
        CodeState::Issued
    }
}

fn summary(assessment: Option<AssessmentRow>) -> Result<ResultSummary, ApiError> {
    let Some(row) = assessment else { return Ok(ResultSummary::ERASED) };
    let plan = row
        .result
        .as_deref()
        .and_then(|r| serde_json::from_str::<AssessmentResult>(r).ok())
        .map(|r| r.plan.items.iter().map(|i| i.key).collect())
        .unwrap_or_default();
    Ok(ResultSummary {
        hint: row.hint.0,
        referral_level: row.referral_level.0,
        plan,
        erased: row.erased_at.is_some(),
    })
}

fn load(conn: &mut DbConn, code: &DiscountCode) -> Result<CodeRow, ApiError> {
    codes::find(conn, &code.canonical())?.ok_or(ApiError::UnknownCode)
}

fn status(conn: &mut DbConn, row: CodeRow, tz: Tz, now: DateTime<Utc>) -> Result<CodeStatus, ApiError> {
    let campaign = campaigns::find(conn, &row.campaign_id)?.ok_or(ApiError::UnknownCode)?;
    let redeemed_by = match &row.redeemed_by {
        Some(id) => codes::staff_email(conn, id)?,
        None => None,
    };
    let assessment = assessments::find(conn, &row.assessment_id)?;
    Ok(CodeStatus {
        code: DiscountCode::parse(&row.code)?.display_form(),
        status: state_of(&row, now),
        campaign: campaign_part(&campaign),
        issued_at: rfc3339(row.issued_at),
        expires_at: rfc3339(row.expires_at),
        valid_through: valid_through(tz, row.expires_at),
        redeemed_at: row.redeemed_at.map(rfc3339),
        redeemed_by,
        voided_at: row.voided_at.map(rfc3339),
        void_reason: row.void_reason.clone(),
        assessment: summary(assessment)?,
    })
}

/// A code's status and the visitor's result summary.
pub async fn lookup(db: &Db, tz: Tz, code: DiscountCode, now: DateTime<Utc>) -> Result<CodeStatus, ApiError> {
    db.run(move |conn| {
        let row = load(conn, &code)?;
        status(conn, row, tz, now)
    })
    .await
}

/// The longest typed input the audit log keeps.
pub const MAX_TYPED_CHARS: usize = 64;

/// A code as staff typed or scanned it, and what the check made of it.
pub struct TypedCode {
    /// As typed, without control characters (PostgreSQL text cannot hold NUL),
    /// at most [`MAX_TYPED_CHARS`] characters.
    typed: String,
    parsed: Result<DiscountCode, CodeError>,
}

impl TypedCode {
    /// Checks the format and check symbol; needs no database.
    pub fn new(input: &str) -> Self {
        Self {
            typed: input.chars().filter(|c| !c.is_control()).take(MAX_TYPED_CHARS).collect(),
            parsed: DiscountCode::parse(input),
        }
    }
}

/// What an audit entry records besides who, when and the outcome.
struct Entry<'a> {
    action: AuditAction,
    input: &'a TypedCode,
    /// The code row, when the attempt named an issued code.
    code: Option<&'a str>,
    reason: Option<&'a str>,
}

fn audit(
    conn: &mut DbConn,
    actor: &StaffUser,
    entry: Entry<'_>,
    outcome: &Result<(), ApiError>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    codes::audit(
        conn,
        &AuditRow {
            // Time-ordered: appended to the primary-key index (see `assessments::create`).
            id: uuid::Uuid::now_v7().to_string(),
            at: now.naive_utc(),
            actor_id: Some(actor.id.clone()),
            action: Key(entry.action),
            code: entry.code.map(str::to_owned),
            outcome: Key(match outcome {
                Ok(()) => AuditOutcome::Done,
                Err(refusal) => AuditOutcome::refused(refusal.code()).ok_or_else(|| {
                    ApiError::internal(std::io::Error::other(format!(
                        "{} is no audit outcome",
                        refusal.code()
                    )))
                })?,
            }),
            reason: entry.reason.map(str::to_owned),
            typed: entry.input.typed.clone(),
            normalised: code::normalise(&entry.input.typed),
            client_address: actor.address.map(|ip| ip.to_string()),
        },
    )?;
    Ok(())
}

/// One redeem of a verified code: the code row it names (if any) and the outcome.
fn try_redeem(
    batch: &mut Batch<'_>,
    canonical: String,
    actor: &StaffUser,
    now: DateTime<Utc>,
) -> Result<(Option<String>, Result<(), ApiError>), ApiError> {
    // The conditional UPDATE only wins on an existing row: nothing to read then.
    if let Some(campaign) = codes::redeem(batch, &canonical, &actor.id, now.naive_utc())? {
        batch.count_redeemed(&campaign);
        return Ok((Some(canonical), Ok(())));
    }
    let Some(row) = codes::find(batch, &canonical)? else {
        return Ok((None, Err(ApiError::UnknownCode)));
    };
    let refusal = match state_of(&row, now) {
        CodeState::Voided => ApiError::Voided,
        CodeState::Redeemed => ApiError::AlreadyRedeemed {
            at: row.redeemed_at.map(rfc3339).unwrap_or_default(),
            by: match &row.redeemed_by {
                Some(id) => codes::staff_email(batch, id)?.unwrap_or_default(),
                None => String::new(),
            },
        },
        CodeState::Expired | CodeState::Issued => ApiError::Expired,
    };
    Ok((Some(canonical), Err(refusal)))
}

/// Redeems a code exactly once. The conditional UPDATE decides between
/// concurrent attempts; the loser learns when and by whom. Every attempt is
/// audited: input that fails the check symbol is refused before any look-up,
/// and only the attempt is written.
pub async fn redeem(
    writer: &Writer,
    input: TypedCode,
    actor: StaffUser,
    now: DateTime<Utc>,
) -> Result<Redeemed, ApiError> {
    let lane = code::normalise(&input.typed);
    let answer = writer
        .run(&lane, move |batch| {
            let (row, outcome) = match &input.parsed {
                Ok(code) => try_redeem(batch, code.canonical(), &actor, now)?,
                Err(error) => (None, Err(ApiError::InvalidCode(error.clone()))),
            };
            let entry =
                Entry { action: AuditAction::Redeem, input: &input, code: row.as_deref(), reason: None };
            audit(batch, &actor, entry, &outcome, now)?;
            // A refusal is an answer, not a failure: its audit entry stays.
            Ok(outcome.and_then(|()| {
                Ok(Redeemed {
                    code: input.parsed.clone()?.display_form(),
                    status: CodeState::Redeemed,
                    redeemed_at: rfc3339(now.naive_utc()),
                    redeemed_by: actor.email.clone(),
                })
            }))
        })
        .await?;
    if let Err(refusal) = &answer {
        crate::prometheus::redemption_refused(refusal.code());
    }
    answer
}

fn required_reason(reason: &str) -> Result<String, ApiError> {
    if !solecheck_shared::fields::is_reason(reason) {
        return Err(ApiError::Validation(vec![solecheck_shared::validate::FieldError {
            path: "reason".into(),
            code: solecheck_shared::validate::FieldErrorCode::Required,
            message: "say why, in 1 to 500 characters".into(),
        }]));
    }
    Ok(reason.trim().to_owned())
}

/// Admin actions on a code that need a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Correction {
    Void,
    Unredeem,
}

/// Voids or un-redeems a code, audited with the reason (also when the code is
/// unknown or fails its check); returns the new status.
pub async fn correct(
    db: &Db,
    input: TypedCode,
    tz: Tz,
    action: Correction,
    reason: &str,
    actor: StaffUser,
    now: DateTime<Utc>,
) -> Result<CodeStatus, ApiError> {
    let reason = required_reason(reason)?;
    let name = match action {
        Correction::Void => AuditAction::Void,
        Correction::Unredeem => AuditAction::Unredeem,
    };
    db.write(move |conn| {
        let outcome = conn.transaction(|conn| {
            let (row, outcome) = match &input.parsed {
                Err(error) => (None, Err(ApiError::InvalidCode(error.clone()))),
                Ok(code) => {
                    let canonical = code.canonical();
                    // Write first (see `db`), then tell "unknown" from "nothing to do".
                    let done = match action {
                        Correction::Void => codes::void(conn, &canonical, &reason, now.naive_utc())?,
                        Correction::Unredeem => codes::unredeem(conn, &canonical)?,
                    };
                    let exists = done || codes::find(conn, &canonical)?.is_some();
                    let outcome = match (exists, done, action) {
                        (false, _, _) => Err(ApiError::UnknownCode),
                        (true, true, _) => Ok(()),
                        (true, false, Correction::Void) => Err(ApiError::Voided),
                        (true, false, Correction::Unredeem) => Err(ApiError::NotRedeemed),
                    };
                    (exists.then_some(canonical), outcome)
                }
            };
            let entry = Entry { action: name, input: &input, code: row.as_deref(), reason: Some(&reason) };
            audit(conn, &actor, entry, &outcome, now)?;
            Ok::<_, ApiError>(outcome)
        })?;
        outcome?;
        let row = load(conn, &input.parsed?)?;
        status(conn, row, tz, now)
    })
    .await
}

/// A code's audit log, oldest first.
pub async fn audit_log(db: &Db, code: DiscountCode, query: PageQuery) -> Result<Page<AuditEntry>, ApiError> {
    let limit = query.limit()?;
    let after = query.after_instant()?;
    let rows = db
        .run(move |conn| {
            load(conn, &code)?;
            Ok::<_, ApiError>(codes::audit_of(conn, &code.canonical(), after, limit + 1)?)
        })
        .await?;
    let (rows, next_cursor) = paging::cut(rows, limit, |(row, _)| paging::instant_cursor(row.at, &row.id));
    Ok(Page { items: rows.into_iter().map(super::audit::entry).collect::<Result<_, _>>()?, next_cursor })
}
