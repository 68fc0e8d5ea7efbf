//! Redeeming a code exactly once, and an admin's corrections (void,
//! un-redeem) with a reason. Every attempt is audited, also one on a code that
//! does not exist or fails its check symbol.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use diesel::Connection;
use solecheck_shared::{
    api::{AuditAction, AuditOutcome, CodeState, CodeStatus, Redeemed},
    code::{self, CodeError, DiscountCode},
};

use super::{load, state_of, status};
use crate::{
    db::{
        Db, DbConn, Key,
        codes::{self, AuditRow},
    },
    error::ApiError,
    services::{
        Actor,
        batch::{Batch, Writer},
        time::rfc3339,
    },
};

/// The longest typed input the audit log keeps.
pub const MAX_TYPED_CHARS: usize = 64;

/// A code as staff typed or scanned it, and what the check made of it.
pub struct TypedCode {
    /// As typed, without control characters (PostgreSQL text cannot hold NUL),
    /// at most [`MAX_TYPED_CHARS`] characters.
    pub(crate) typed: String,
    pub(super) parsed: Result<DiscountCode, CodeError>,
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
pub(super) struct Entry<'a> {
    pub action: AuditAction,
    pub input: &'a TypedCode,
    /// The code row, when the attempt named an issued code.
    pub code: Option<&'a str>,
    pub reason: Option<&'a str>,
    /// The check the action was on (an erasure).
    pub assessment_id: Option<&'a str>,
}

pub(super) fn audit(
    conn: &mut DbConn,
    actor: &Actor,
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
            assessment_id: entry.assessment_id.map(str::to_owned),
            route: None,
        },
    )?;
    Ok(())
}

/// One redeem of a verified code: the code row it names (if any) and the outcome.
fn try_redeem(
    batch: &mut Batch<'_>,
    canonical: String,
    actor: &Actor,
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
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Redeemed, ApiError> {
    let lane = code::normalise(&input.typed);
    let answer = writer
        .run(&lane, move |batch| {
            let (row, outcome) = match &input.parsed {
                Ok(code) => try_redeem(batch, code.canonical(), &actor, now)?,
                Err(error) => (None, Err(ApiError::InvalidCode(error.clone()))),
            };
            let entry = Entry {
                action: AuditAction::Redeem,
                input: &input,
                code: row.as_deref(),
                reason: None,
                assessment_id: None,
            };
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

pub(super) fn required_reason(reason: &str) -> Result<String, ApiError> {
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
    actor: Actor,
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
            let entry = Entry {
                action: name,
                input: &input,
                code: row.as_deref(),
                reason: Some(&reason),
                assessment_id: None,
            };
            audit(conn, &actor, entry, &outcome, now)?;
            Ok::<_, ApiError>(outcome)
        })?;
        outcome?;
        let row = load(conn, &input.parsed?)?;
        status(conn, row, tz, now)
    })
    .await
}
