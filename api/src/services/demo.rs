//! `serve --demo`: a labelled demo campaign running today and two demo accounts
//! with fresh random passwords, so a newcomer can walk the whole journey from
//! the widget to a redeemed code. Without the flag none of this exists.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Days, Utc};
use chrono_tz::Tz;
use solecheck_shared::api::{CampaignInput, Recurrence, Role};

use super::{accounts, campaigns as campaign_rules, windows::local_today};
use crate::{
    db::{DbConn, campaigns, staff},
    error::ApiError,
};

/// The demo campaign's slug.
pub const CAMPAIGN_SLUG: &str = "demo-first-visit";
/// Demo accounts: (email, role).
pub const ACCOUNTS: [(&str, Role); 2] =
    [("demo-admin@solecheck.invalid", Role::Admin), ("demo-desk@solecheck.invalid", Role::Staff)];

/// What to tell the person running the demo.
pub struct DemoAccess {
    pub accounts: Vec<(String, Role, String)>,
}

fn random_password() -> Result<String, ApiError> {
    let mut bytes = [0u8; 15];
    getrandom::fill(&mut bytes).map_err(ApiError::internal)?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// Creates (or refreshes) the demo campaign and accounts.
pub fn prepare(conn: &mut DbConn, tz: Tz, now: DateTime<Utc>) -> Result<DemoAccess, ApiError> {
    let today = local_today(tz, now);
    let ends = today.checked_add_days(Days::new(30)).unwrap_or(today);
    let input = CampaignInput {
        slug: CAMPAIGN_SLUG.into(),
        title: "DEMO offer: 20% off a first visit".into(),
        description: "A demo campaign made by `serve --demo`; not a real promotion.".into(),
        percent_off: 20,
        applies_to: "a first visit (demo)".into(),
        starts_on: today.to_string(),
        ends_on: ends.to_string(),
        recurrence: Recurrence::None,
        code_life_days: None,
    };
    let fresh = campaign_rules::new_row(&input, now, true)?;
    match campaigns::list(conn)?.into_iter().find(|c| c.slug == CAMPAIGN_SLUG) {
        Some(mut existing) => {
            existing.starts_on = fresh.starts_on;
            existing.ends_on = fresh.ends_on;
            existing.ended_at = None;
            existing.demo = true;
            existing.updated_at = fresh.updated_at;
            campaigns::save(conn, &existing)?;
        }
        None => campaigns::insert(conn, &fresh)?,
    }
    // Hashed before any of the accounts' rows is touched: argon2 is slow on
    // purpose, and no database call waits on it.
    let mut accounts = Vec::new();
    let mut rows = Vec::new();
    for (email, role) in ACCOUNTS {
        let password = random_password()?;
        rows.push(accounts::new_account(email, &password, role, now)?);
        accounts.push((email.to_owned(), role, password));
    }
    for row in rows {
        match staff::find_by_email(conn, &row.email)? {
            Some(existing) => {
                staff::set_password(conn, &existing.id, &row.password_hash)?;
                staff::update(conn, &existing.id, Some(row.role.0), Some(false))?;
            }
            None => accounts::insert_account(conn, &row)?,
        }
    }
    Ok(DemoAccess { accounts })
}
