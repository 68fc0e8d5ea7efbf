//! Discount codes: issued once per assessment and campaign, never for an urgent
//! result; looked up and redeemed by staff exactly once (the database decides);
//! voided and un-redeemed by admins with a reason. Every redeem attempt, void
//! and un-redeem is audited, also one on a code that does not exist or fails
//! its check symbol (with no link to a code row, and what was typed).

mod erase;
mod issue;
mod redeem;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use solecheck_shared::{
    AssessmentResult,
    api::{AuditEntry, CodeCampaign, CodeState, CodeStatus, Page, ResultSummary, ViewRoute},
    code::DiscountCode,
};

pub use erase::erase_check;
pub use issue::{Issued, issue};
pub use redeem::{Correction, MAX_TYPED_CHARS, TypedCode, correct, redeem};

use super::{
    Actor,
    audit::{self, Viewed},
    paging::{self, PageQuery},
    time::rfc3339,
    windows::last_local_day,
};
use crate::{
    db::{
        Db, DbConn,
        assessments::{self, AssessmentRow},
        campaigns::{self, CampaignRow},
        codes::{self, CodeRow},
    },
    error::ApiError,
};

pub(crate) fn campaign_part(c: &CampaignRow) -> CodeCampaign {
    CodeCampaign {
        slug: c.slug.clone(),
        title: c.title.clone(),
        percent_off: c.percent_off,
        applies_to: c.applies_to.clone(),
    }
}

/// The last clinic day a code can be used on (`expires_at` is when it ends).
pub(super) fn valid_through(tz: Tz, expires_at: chrono::NaiveDateTime) -> String {
    last_local_day(tz, expires_at.and_utc()).to_string()
}

pub(crate) fn state_of(code: &CodeRow, now: DateTime<Utc>) -> CodeState {
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

pub(super) fn load(conn: &mut DbConn, code: &DiscountCode) -> Result<CodeRow, ApiError> {
    codes::find(conn, &code.canonical())?.ok_or(ApiError::UnknownCode)
}

pub(super) fn status(
    conn: &mut DbConn,
    row: CodeRow,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<CodeStatus, ApiError> {
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

/// A code's status and the visitor's result summary, for `actor`, who typed
/// `typed`: the look-up is audited as a read of the check (`view_check`)
/// in the same transaction, so no summary is shown unaudited.
pub async fn lookup(
    db: &Db,
    tz: Tz,
    code: DiscountCode,
    typed: &TypedCode,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<CodeStatus, ApiError> {
    let typed = typed.typed.clone();
    db.write(move |conn| {
        crate::db::write_transaction(conn, |conn| {
            let row = load(conn, &code)?;
            let viewed = Viewed { assessment_id: &row.assessment_id, code: Some(&row.code), typed: &typed };
            audit::record_views(conn, &actor, ViewRoute::CodeLookup, &[viewed], now)?;
            status(conn, row, tz, now)
        })
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
