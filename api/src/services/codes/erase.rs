//! Erasure by phone: a visitor without their token asks the clinic to erase
//! their check, and an admin does it from the code's card. The check is
//! erased exactly as the visitor's DELETE erases it (`db::assessments::erase`);
//! the code keeps its own status, and the audit log records who, when, why and
//! which check, also when the code named none.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use solecheck_shared::api::{AuditAction, CodeStatus};

use super::{
    Actor, load,
    redeem::{Entry, TypedCode, audit, required_reason},
    status,
};
use crate::{
    db::{self, Db, assessments, codes},
    error::ApiError,
};

/// Erases the answers of the check the code was issued for, with `reason`;
/// the code's status afterwards. Erasing an erased check again is no error.
pub async fn erase_check(
    db: &Db,
    input: TypedCode,
    tz: Tz,
    reason: &str,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<CodeStatus, ApiError> {
    let reason = required_reason(reason)?;
    db.write(move |conn| {
        let outcome = db::write_transaction(conn, |conn| {
            let (row, outcome) = match &input.parsed {
                Err(error) => (None, Err(ApiError::InvalidCode(error.clone()))),
                Ok(code) => match codes::find(conn, &code.canonical())? {
                    None => (None, Err(ApiError::UnknownCode)),
                    Some(row) => {
                        assessments::erase(conn, std::slice::from_ref(&row.assessment_id), now.naive_utc())?;
                        (Some(row), Ok(()))
                    }
                },
            };
            let entry = Entry {
                action: AuditAction::EraseCheck,
                input: &input,
                code: row.as_ref().map(|r| r.code.as_str()),
                reason: Some(&reason),
                assessment_id: row.as_ref().map(|r| r.assessment_id.as_str()),
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
