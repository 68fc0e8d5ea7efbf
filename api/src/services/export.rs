//! The visitor's own copy of what is stored about their check
//! (`GET /v1/assessments/{id}/export`): the check, its codes, its logged
//! sessions, and how long each part is kept.

use chrono::{DateTime, Utc};
use solecheck_shared::{
    api::{AssessmentExport, ExportedCode, ExportedSession},
    code::DiscountCode,
};

use super::{
    assessments::{IDEMPOTENCY_WINDOW, load},
    codes::{campaign_part, state_of},
    retention::Retention,
    time::rfc3339,
};
use crate::{
    db::{Db, codes, idempotency, sessions},
    error::ApiError,
};

/// Everything stored about the check `id` at `now`; erased or unknown checks
/// are `NotFound`, like reading them.
pub async fn export(
    db: &Db,
    id: String,
    retention: Retention,
    now: DateTime<Utc>,
) -> Result<AssessmentExport, ApiError> {
    let stored = load(db, id.clone()).await?;
    let (codes, sessions, kept) = db
        .run(move |conn| {
            let codes = codes::of_assessment(conn, &id)?;
            let sessions = sessions::of(conn, &id)?;
            let kept = idempotency::kept_for(conn, &id)?;
            Ok::<_, ApiError>((codes, sessions, kept))
        })
        .await?;
    let codes = codes
        .iter()
        .map(|(code, campaign)| {
            Ok(ExportedCode {
                code: DiscountCode::parse(&code.code)?.display_form(),
                status: state_of(code, now),
                campaign: campaign_part(campaign),
                issued_at: rfc3339(code.issued_at),
                expires_at: rfc3339(code.expires_at),
                redeemed_at: code.redeemed_at.map(rfc3339),
                voided_at: code.voided_at.map(rfc3339),
                void_reason: code.void_reason.clone(),
            })
        })
        .collect::<Result<_, ApiError>>()?;
    let sessions = sessions
        .into_iter()
        .map(|s| ExportedSession {
            plan_key: s.plan_key.0,
            performed_on: s.performed_on.to_string(),
            sets_done: s.sets_done,
            logged_at: rfc3339(s.created_at),
        })
        .collect();
    let created_at = stored.row.created_at;
    Ok(AssessmentExport {
        exported_at: rfc3339(now.naive_utc()),
        locale: stored.row.locale.0,
        source: stored.row.source.0,
        check: stored.view(),
        codes,
        sessions,
        retry_reply_kept_until: kept.map(|at| rfc3339(at + IDEMPOTENCY_WINDOW)),
        erased_after: retention.limit().map(|keep| rfc3339(created_at + keep)),
    })
}
