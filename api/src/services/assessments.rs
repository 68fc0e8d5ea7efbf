//! Storing a check: validate and score on the server (a client's own result is
//! never trusted), keep answers and result with the questionnaire version, and
//! honour `Idempotency-Key` retries.

use chrono::{DateTime, Duration, Utc};
use diesel::{
    Connection,
    result::{DatabaseErrorKind, Error as DieselError},
};
use solecheck_shared::{
    Answers, AssessmentResult,
    api::{AssessmentCreated, AssessmentView},
    score, validate,
};

use super::{batch::AssessmentWriter, secrets};
use crate::{
    db::{
        Db,
        assessments::{self, AssessmentRow},
        idempotency::{self, IdempotencyRow},
    },
    error::ApiError,
};

/// How long an idempotent reply is kept.
pub const IDEMPOTENCY_WINDOW: Duration = Duration::hours(24);
/// Prefix of visitor tokens, so they are recognisable in a leak report.
pub const TOKEN_PREFIX: &str = "sct_";
/// Longest accepted `Idempotency-Key`.
pub const MAX_IDEMPOTENCY_KEY: usize = 200;

/// A stored reply: status and JSON body, replayed as-is for a retry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub body: String,
}

/// Validates an `Idempotency-Key` header value.
pub fn idempotency_key(value: &str) -> Result<String, ApiError> {
    let ok = !value.is_empty()
        && value.len() <= MAX_IDEMPOTENCY_KEY
        && value.bytes().all(|b| b.is_ascii_graphic());
    if ok {
        Ok(value.to_owned())
    } else {
        Err(ApiError::BadRequest(format!(
            "Idempotency-Key must be 1 to {MAX_IDEMPOTENCY_KEY} visible ASCII characters"
        )))
    }
}

/// Validates, scores and stores a check: 201 `{id, token, result}`, or the kept
/// reply of an earlier request with the same key and body.
pub async fn create(
    db: &Db,
    writer: &AssessmentWriter,
    body: &[u8],
    key: Option<String>,
    now: DateTime<Utc>,
) -> Result<Reply, ApiError> {
    let answers = validate::parse_for_storage(body)?;
    // Hash the parsed form, so whitespace or key order do not make a retry "other".
    let canonical = serde_json::to_string(&answers).map_err(ApiError::internal)?;
    let request_hash = secrets::sha256_hex(&canonical);
    let result = score(&answers);
    let id = uuid::Uuid::new_v4().to_string();
    let token = secrets::new_secret(TOKEN_PREFIX).map_err(ApiError::internal)?;
    let row = AssessmentRow {
        id: id.clone(),
        token_hash: secrets::sha256_hex(&token),
        questionnaire_version: result.questionnaire_version.clone(),
        locale: answers.locale.to_string(),
        source: answers.source.to_string(),
        answers: Some(canonical),
        result: Some(serde_json::to_string(&result).map_err(ApiError::internal)?),
        hint: result.foot_function.hint.to_string(),
        referral_level: result.referral.level.to_string(),
        created_at: now.naive_utc(),
        erased_at: None,
    };
    let reply = Reply {
        status: 201,
        body: serde_json::to_string(&AssessmentCreated { id, token, result }).map_err(ApiError::internal)?,
    };
    let Some(key) = key else {
        writer.insert(row).await?;
        return Ok(reply);
    };
    let not_before = (now - IDEMPOTENCY_WINDOW).naive_utc();
    db.write(move |conn| {
        let stored = conn.transaction(|conn| {
            // Write first: on SQLite this takes the write lock before any read,
            // so the transaction cannot fail on a stale read snapshot.
            idempotency::purge(conn, not_before)?;
            if let Some(kept) = idempotency::find(conn, &key, not_before)? {
                return Ok(Err(kept));
            }
            assessments::insert(conn, &row)?;
            idempotency::insert(
                conn,
                &IdempotencyRow {
                    idempotency_key: key.clone(),
                    request_hash: request_hash.clone(),
                    status: i32::from(reply.status),
                    body: reply.body.clone(),
                    created_at: row.created_at,
                    assessment_id: Some(row.id.clone()),
                },
            )?;
            Ok::<_, DieselError>(Ok(reply))
        });
        let kept = match stored {
            Ok(Ok(reply)) => return Ok(reply),
            Ok(Err(kept)) => kept,
            // A concurrent request with the same key won: answer as a retry.
            Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
                idempotency::find(conn, &key, not_before)?.ok_or(ApiError::IdempotencyKeyReused)?
            }
            Err(other) => return Err(other.into()),
        };
        if kept.status == idempotency::ERASED_STATUS {
            Err(ApiError::AssessmentErased)
        } else if kept.request_hash == request_hash {
            Ok(Reply { status: u16::try_from(kept.status).unwrap_or(201), body: kept.body })
        } else {
            Err(ApiError::IdempotencyKeyReused)
        }
    })
    .await
}

/// A stored check that still has its data.
pub struct Stored {
    pub row: AssessmentRow,
    pub answers: Answers,
    pub result: AssessmentResult,
}

/// Loads a check; erased or unknown ones are `NotFound`.
pub async fn load(db: &Db, id: String) -> Result<Stored, ApiError> {
    let row = db
        .run(move |conn| assessments::find(conn, &id).map_err(ApiError::from))
        .await?
        .ok_or(ApiError::NotFound)?;
    let (Some(answers), Some(result)) = (row.answers.as_deref(), row.result.as_deref()) else {
        return Err(ApiError::NotFound);
    };
    Ok(Stored {
        answers: serde_json::from_str(answers).map_err(ApiError::internal)?,
        result: serde_json::from_str(result).map_err(ApiError::internal)?,
        row,
    })
}

/// The token row of a check (for authorising its visitor), erased or not.
pub async fn find_row(db: &Db, id: String) -> Result<AssessmentRow, ApiError> {
    db.run(move |conn| assessments::find(conn, &id).map_err(ApiError::from)).await?.ok_or(ApiError::NotFound)
}

impl Stored {
    /// The API view of a stored check.
    pub fn view(self) -> AssessmentView {
        AssessmentView {
            id: self.row.id,
            created_at: crate::services::time::rfc3339(self.row.created_at),
            questionnaire_version: self.row.questionnaire_version,
            answers: self.answers,
            result: self.result,
        }
    }
}

/// Erases a check's answers and result, and in the same transaction the kept
/// `Idempotency-Key` reply that still holds its result and token; codes
/// already issued stay valid.
pub async fn erase(db: &Db, id: String, now: DateTime<Utc>) -> Result<(), ApiError> {
    db.write(move |conn| {
        conn.transaction(|conn| {
            assessments::erase(conn, &id, now.naive_utc())?;
            // Runs on a repeated DELETE too; it finds nothing left to blank.
            idempotency::scrub_for(conn, &id)
        })
        .map_err(ApiError::from)
    })
    .await
    .map(drop)
}
