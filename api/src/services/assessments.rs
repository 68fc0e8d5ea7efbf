//! Storing a check: validate and score on the server (a client's own result is
//! never trusted), keep answers and result with the questionnaire version, and
//! honour `Idempotency-Key` retries.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use diesel::Connection;
use solecheck_shared::{
    Answers, AssessmentResult,
    api::{AssessmentCreated, AssessmentView, ViewRoute},
    score,
};

use super::{
    Actor,
    audit::{self, Viewed},
    batch::{Batch, Writer},
    idempotency_key::IdempotencyKey,
    secrets,
    windows::local_today,
};
use crate::{
    db::{
        Db, Key,
        assessments::{self, AssessmentRow},
        idempotency::{self, IdempotencyRow, KeptReply},
    },
    error::ApiError,
};

/// How long an idempotent reply is kept.
pub const IDEMPOTENCY_WINDOW: Duration = Duration::hours(24);
/// Prefix of visitor tokens, so they are recognisable in a leak report.
pub const TOKEN_PREFIX: &str = "sct_";

/// What a POST of answers came to: a check stored now, or, for a retry
/// with the same `Idempotency-Key` and body, the first request's reply.
/// Both answer 201 with the same body; the difference is for the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Created(AssessmentCreated),
    Replayed(AssessmentCreated),
}

impl Outcome {
    /// The reply, whichever request first made it.
    pub fn into_created(self) -> AssessmentCreated {
        match self {
            Self::Created(created) | Self::Replayed(created) => created,
        }
    }
}

/// Scores and stores valid answers: the new check with its token and
/// result, or the reply kept for an earlier request with the same key and
/// body. A keyed request, retry or not, is decided in the writer's
/// transaction: a look-up before it would cost every new check a second trip
/// to the database.
pub async fn create(
    writer: &Writer,
    tz: Tz,
    answers: Answers,
    key: Option<IdempotencyKey>,
    now: DateTime<Utc>,
) -> Result<Outcome, ApiError> {
    // Hash the parsed form, so whitespace or key order do not make a retry "other".
    let canonical = serde_json::to_string(&answers).map_err(ApiError::internal)?;
    let request_hash = secrets::sha256_hex(&canonical);
    let result = score(&answers);
    // Time-ordered, so a new check is appended to the primary-key index (and
    // the kept reply's) instead of dirtying a random page of it in every commit.
    let id = uuid::Uuid::now_v7().to_string();
    let token = secrets::new_secret(TOKEN_PREFIX);
    let row = AssessmentRow {
        id: id.clone(),
        token_hash: secrets::sha256_hex(&token),
        questionnaire_version: result.questionnaire_version.clone(),
        locale: Key(answers.locale),
        source: Key(answers.source),
        answers: Some(canonical),
        result: Some(serde_json::to_string(&result).map_err(ApiError::internal)?),
        hint: Key(result.foot_function.hint),
        referral_level: Key(result.referral.level),
        created_at: now.naive_utc(),
        erased_at: None,
    };
    // The clinic-local day the figures count it on.
    let day = local_today(tz, now);
    let Some(key) = key else {
        writer.run(&id, move |batch| store(batch, &row, day)).await?;
        return Ok(Outcome::Created(AssessmentCreated { id, token, result }));
    };
    let not_before = (now - IDEMPOTENCY_WINDOW).naive_utc();
    let kept = IdempotencyRow {
        key_lookup: key.lookup(),
        request_hash: request_hash.clone(),
        assessment_id: id.clone(),
        sealed_token: Some(key.seal(&token, &id)?),
        created_at: row.created_at,
    };
    let lane = kept.key_lookup.clone();
    match writer.run(&lane, move |batch| store_keyed(batch, &row, day, &kept, not_before)).await? {
        None => Ok(Outcome::Created(AssessmentCreated { id, token, result })),
        Some(earlier) => replay(earlier, &key, &request_hash).map(Outcome::Replayed),
    }
}

/// Stores a keyed check with its reply, in the writer's transaction; the
/// reply kept for the key instead when one is (an earlier request of the same
/// batch, or of another process). The reply is kept first, so one statement
/// tells a new key from a retry: the check follows only for a new one.
fn store_keyed(
    batch: &mut Batch<'_>,
    row: &AssessmentRow,
    day: NaiveDate,
    kept: &IdempotencyRow,
    not_before: NaiveDateTime,
) -> Result<Option<KeptReply>, ApiError> {
    if !idempotency::insert_if_new(batch, kept)? {
        match idempotency::find(batch, &kept.key_lookup)? {
            Some(earlier) if earlier.row.created_at >= not_before => return Ok(Some(earlier)),
            // Expired but not purged yet: the key is free again.
            Some(expired) => {
                idempotency::forget(batch, &expired.row.key_lookup)?;
                idempotency::insert(batch, kept)?;
            }
            // Purged between the two statements: free too.
            None => idempotency::insert(batch, kept)?,
        }
    }
    store(batch, row, day)?;
    Ok(None)
}

/// Stores a check and counts it on `day`, its clinic-local day.
fn store(batch: &mut Batch<'_>, row: &AssessmentRow, day: NaiveDate) -> Result<(), ApiError> {
    assessments::insert(batch, row)?;
    batch.count_check(day, row.hint.0, row.referral_level.0);
    Ok(())
}

/// The answer to a request whose key has a kept reply: the first request's
/// reply, rebuilt from its check, for the same body.
fn replay(kept: KeptReply, key: &IdempotencyKey, request_hash: &str) -> Result<AssessmentCreated, ApiError> {
    let (Some(sealed), Some(result)) = (kept.row.sealed_token, kept.result.as_deref()) else {
        return Err(ApiError::AssessmentErased);
    };
    if kept.row.request_hash != request_hash {
        return Err(ApiError::IdempotencyKeyReused);
    }
    let token = key.open(&sealed, &kept.row.assessment_id)?;
    let result = serde_json::from_str(result).map_err(ApiError::internal)?;
    Ok(AssessmentCreated { id: kept.row.assessment_id, token, result })
}

/// A stored check that still has its data.
pub struct Stored {
    pub row: AssessmentRow,
    pub answers: Answers,
    pub result: AssessmentResult,
}

/// Loads a check for its visitor; erased or unknown ones are `NotFound`.
pub async fn load(db: &Db, id: String) -> Result<Stored, ApiError> {
    let row = db.run(move |conn| assessments::find(conn, &id).map_err(ApiError::from)).await?;
    stored(row)
}

/// Loads a check for whoever reads it: the visitor (`staff` is `None`), or a
/// staff member, whose read through `route` is audited (`view_check`) in
/// the same transaction, so no check is shown unaudited.
pub async fn load_for(
    db: &Db,
    id: String,
    staff: Option<Actor>,
    route: ViewRoute,
    now: DateTime<Utc>,
) -> Result<Stored, ApiError> {
    let Some(actor) = staff else { return load(db, id).await };
    let row = db
        .write(move |conn| {
            crate::db::write_transaction(conn, |conn| {
                let row = assessments::find(conn, &id)?;
                if row.as_ref().is_some_and(|r| r.answers.is_some()) {
                    let viewed = Viewed { assessment_id: &id, code: None, typed: "" };
                    audit::record_views(conn, &actor, route, &[viewed], now)?;
                }
                Ok::<_, ApiError>(row)
            })
        })
        .await?;
    stored(row)
}

/// The check's data, parsed; `NotFound` when unknown or erased.
fn stored(row: Option<AssessmentRow>) -> Result<Stored, ApiError> {
    let row = row.ok_or(ApiError::NotFound)?;
    let (Some(answers), Some(result)) = (row.answers.as_deref(), row.result.as_deref()) else {
        return Err(ApiError::NotFound);
    };
    Ok(Stored {
        answers: serde_json::from_str(answers).map_err(ApiError::internal)?,
        result: serde_json::from_str(result).map_err(ApiError::internal)?,
        row,
    })
}

/// The token hash of a check (for authorising its visitor), erased or not.
pub async fn token_hash(db: &Db, id: String) -> Result<String, ApiError> {
    db.run(move |conn| assessments::token_hash(conn, &id).map_err(ApiError::from))
        .await?
        .ok_or(ApiError::NotFound)
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

/// Erases a check's health data as [`assessments::erase`] says, in one
/// transaction; codes already issued stay valid. Erasing twice is no error.
pub async fn erase(db: &Db, id: String, now: DateTime<Utc>) -> Result<(), ApiError> {
    db.write(move |conn| {
        conn.transaction(|conn| assessments::erase(conn, &[id], now.naive_utc())).map_err(ApiError::from)
    })
    .await
    .map(drop)
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;
    use solecheck_shared::{Answers, api::AssessmentCreated, fixtures, score};

    use super::{ApiError, IdempotencyKey, IdempotencyRow, KeptReply, replay};

    fn key() -> IdempotencyKey {
        IdempotencyKey::parse("3f2c1e0a-7b7e-4d61-9a51-1d2f0c9b8e77").unwrap()
    }

    fn stored_result() -> (solecheck_shared::AssessmentResult, String) {
        let answers: Answers = serde_json::from_value(fixtures::example_json()).unwrap();
        let result = score(&answers);
        let json = serde_json::to_string(&result).unwrap();
        (result, json)
    }

    fn kept(token: Option<&str>, result: Option<String>) -> KeptReply {
        let row = IdempotencyRow {
            key_lookup: key().lookup(),
            request_hash: "h".into(),
            assessment_id: "id-1".into(),
            sealed_token: token.map(|t| key().seal(t, "id-1").unwrap()),
            created_at: DateTime::UNIX_EPOCH.naive_utc(),
        };
        KeptReply { row, result }
    }

    #[test]
    fn a_rebuilt_reply_is_the_first_reply_byte_for_byte() {
        let (result, json) = stored_result();
        let first = AssessmentCreated { id: "id-1".into(), token: "sct_x".into(), result };
        let again = replay(kept(Some("sct_x"), Some(json)), &key(), "h").unwrap();
        assert_eq!(again, first);
        assert_eq!(serde_json::to_string(&again).unwrap(), serde_json::to_string(&first).unwrap());
    }

    #[test]
    fn a_retry_of_an_erased_check_or_with_another_body_gets_nothing_back() {
        let (_, json) = stored_result();
        let erased = [kept(None, Some(json.clone())), kept(Some("sct_x"), None), kept(None, None)];
        for kept in erased {
            assert!(matches!(replay(kept, &key(), "h"), Err(ApiError::AssessmentErased)));
        }
        assert!(matches!(
            replay(kept(Some("sct_x"), Some(json)), &key(), "other"),
            Err(ApiError::IdempotencyKeyReused)
        ));
    }

    /// Within the window a key gives the first reply; past it, before the
    /// purge came, the key is free again: its old reply gives way to a new
    /// check, in the same statement order as a new key (reply first).
    #[actix_web::test]
    async fn a_key_past_its_window_stores_a_new_check_before_the_purge() {
        use diesel::prelude::*;

        use super::{IDEMPOTENCY_WINDOW, Outcome, create};
        use crate::{
            db::{Db, Target, schema},
            services::batch::Writer,
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kept.db").to_string_lossy().into_owned();
        let db = Db::connect(&Target::Sqlite(path), 2).unwrap();
        db.migrate().unwrap();
        let writer = Writer::start(&db).unwrap();
        let answers = || serde_json::from_value::<Answers>(fixtures::example_json()).unwrap();
        let at = |hours| DateTime::UNIX_EPOCH + chrono::Duration::days(20_000) + hours;
        let first =
            create(&writer, chrono_tz::UTC, answers(), Some(key()), at(chrono::Duration::zero())).await;
        let Ok(Outcome::Created(first)) = first else { panic!("stored: {first:?}") };
        let within = create(&writer, chrono_tz::UTC, answers(), Some(key()), at(IDEMPOTENCY_WINDOW)).await;
        assert_eq!(within.unwrap(), Outcome::Replayed(first.clone()));
        let past = at(IDEMPOTENCY_WINDOW + chrono::Duration::seconds(1));
        let Ok(Outcome::Created(again)) = create(&writer, chrono_tz::UTC, answers(), Some(key()), past).await
        else {
            panic!("a new check")
        };
        assert_ne!(again.id, first.id);
        let mut conn = db.get().unwrap();
        let checks: i64 = schema::assessments::table.count().get_result(&mut **conn).unwrap();
        let kept: Vec<String> = schema::idempotency_keys::table
            .select(schema::idempotency_keys::assessment_id)
            .load(&mut **conn)
            .unwrap();
        assert_eq!((checks, kept), (2, vec![again.id]), "one reply, the new check's");
    }
}
