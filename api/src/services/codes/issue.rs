//! Issuing a check's code: once per check and campaign, never for a result
//! that gets no offer, valid to the end of the campaign's window or of the
//! campaign's code life, whichever comes first.

use chrono::{DateTime, Days, Utc};
use chrono_tz::Tz;
use solecheck_shared::{api::CodeIssued, code::DiscountCode};

use super::{campaign_part, valid_through};
use crate::{
    db::{
        Db, assessments,
        campaigns::{self, CampaignRow},
        codes::{self, CodeRow},
    },
    error::ApiError,
    services::{
        batch::{Batch, Writer},
        time::rfc3339,
        windows::{end_of_local_day, local_today},
    },
};

/// A code was just issued (201) or already existed (200).
pub struct Issued {
    pub created: bool,
    pub body: CodeIssued,
}

fn issued(code: &CodeRow, campaign: &CampaignRow, tz: Tz) -> Result<CodeIssued, ApiError> {
    let display = DiscountCode::parse(&code.code)?.display_form();
    Ok(CodeIssued {
        code: display.clone(),
        qr: crate::services::qr::rows(&display)?,
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
