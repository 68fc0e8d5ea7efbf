//! The clinic's figures (`GET /v1/stats`), read from the counts the writes
//! keep (`db::figures`): one row per clinic-local week and kind of result, so
//! the answer costs the same at a thousand checks as at a million.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use solecheck_shared::{
    api::{CampaignStats, Counts, Stats, WeekStats},
    result::{Hint, ReferralLevel},
};

use super::{progress::week_start, windows::local_today};
use crate::{
    db::{
        self, Db, DbConn, DbError, Key,
        figures::{self, CheckCount, CodeCount, WeekCount},
    },
    error::ApiError,
};

/// Checks read per query while recounting.
const RECOUNT_CHUNK: i64 = 10_000;

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(if n < 0 { 0 } else { u32::MAX })
}

/// Adds `n` to `key`'s count; allocates the key only the first time.
fn add(counts: &mut Counts, key: &str, n: u32) {
    match counts.get_mut(key) {
        Some(entry) => *entry = entry.saturating_add(n),
        None => {
            counts.insert(key.to_owned(), n);
        }
    }
}

/// The figures from the week counts, in key order, and the campaigns'
/// code counts.
pub fn from_counts(rows: Vec<WeekCount>, campaigns: Vec<CodeCount>) -> Stats {
    let mut stats = Stats {
        assessments: 0,
        by_hint: BTreeMap::new(),
        by_referral: BTreeMap::new(),
        weeks: Vec::new(),
        codes: Vec::new(),
    };
    for row in rows {
        let n = count(row.checks);
        if stats.weeks.last().is_none_or(|w| w.week_start != row.week_start.0) {
            stats.weeks.push(WeekStats {
                week_start: row.week_start.0,
                total: 0,
                by_hint: BTreeMap::new(),
                by_referral: BTreeMap::new(),
            });
        }
        let Some(week) = stats.weeks.last_mut() else { continue };
        stats.assessments = stats.assessments.saturating_add(n);
        week.total = week.total.saturating_add(n);
        let (hint, referral) = (row.hint.as_str(), row.referral_level.as_str());
        add(&mut stats.by_hint, hint, n);
        add(&mut stats.by_referral, referral, n);
        add(&mut week.by_hint, hint, n);
        add(&mut week.by_referral, referral, n);
    }
    stats.codes = campaigns
        .into_iter()
        .map(|c| CampaignStats {
            slug: c.slug,
            title: c.title,
            issued: count(c.issued.unwrap_or(0)),
            redeemed: count(c.redeemed.unwrap_or(0)),
        })
        .collect();
    stats
}

/// The clinic's figures.
pub async fn stats(db: &Db) -> Result<Stats, ApiError> {
    let (weeks, campaigns) =
        db.run(|conn| Ok::<_, ApiError>((figures::week_counts(conn)?, figures::code_counts(conn)?))).await?;
    Ok(from_counts(weeks, campaigns))
}

/// Counts every check again in its week in `tz`, when the counts were made in
/// another zone or never (the first start after the migration that added
/// them). Runs at start-up, in one transaction that keeps other writers of
/// checks out, so no check is missed or counted twice; true when it counted.
pub fn recount_if_needed(conn: &mut DbConn, tz: Tz) -> Result<bool, DbError> {
    let zone = tz.name();
    if figures::counted_zone(conn)?.as_deref() == Some(zone) {
        return Ok(false);
    }
    db::write_transaction(conn, |conn| {
        figures::lock_checks(conn)?;
        // Another instance may have counted while this one waited for the lock.
        if figures::counted_zone(conn)?.as_deref() == Some(zone) {
            return Ok(false);
        }
        let counts = count_checks(conn, tz)?;
        figures::replace_check_counts(conn, zone, &counts)?;
        Ok::<_, DbError>(true)
    })
}

/// Every check's count per (local week, hint, referral level), read a chunk at a time.
fn count_checks(conn: &mut DbConn, tz: Tz) -> Result<Vec<CheckCount>, DbError> {
    let mut counts: HashMap<(NaiveDate, Hint, ReferralLevel), i64> = HashMap::new();
    let mut after: Option<(NaiveDateTime, String)> = None;
    loop {
        let rows = figures::checks_after(conn, after.take(), RECOUNT_CHUNK)?;
        let full = i64::try_from(rows.len()).unwrap_or(i64::MAX) == RECOUNT_CHUNK;
        for (at, id, hint, referral) in rows {
            *counts.entry((week_start(local_today(tz, at.and_utc())), hint.0, referral.0)).or_default() += 1;
            after = Some((at, id));
        }
        if !full {
            break;
        }
    }
    let mut counts: Vec<_> = counts.into_iter().collect();
    counts.sort();
    Ok(counts
        .into_iter()
        .map(|((week_start, hint, referral_level), checks)| CheckCount {
            week_start,
            hint: Key(hint),
            referral_level: Key(referral_level),
            checks,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(week: &str, hint: &str, referral: &str, checks: i64) -> WeekCount {
        WeekCount {
            week_start: figures::WeekText(week.into()),
            hint: hint.into(),
            referral_level: referral.into(),
            checks,
        }
    }

    #[test]
    fn week_counts_add_up_to_totals_and_weeks() {
        let rows = vec![
            week("2026-11-23", "pronation", "routine", 2),
            week("2026-11-30", "pronation", "routine", 3),
            week("2026-11-30", "pronation", "soon", 2),
            week("2026-11-30", "supination", "soon", 1),
        ];
        let january =
            CodeCount { slug: "jan".into(), title: "January".into(), issued: Some(4), redeemed: Some(1) };
        let stats = from_counts(rows, vec![january]);
        assert_eq!(stats.assessments, 8);
        assert_eq!(stats.by_hint.get("pronation"), Some(&7));
        assert_eq!(stats.by_referral.get("routine"), Some(&5));
        assert_eq!(stats.by_referral.get("soon"), Some(&3));
        let weeks: Vec<_> = stats.weeks.iter().map(|w| (w.week_start.as_str(), w.total)).collect();
        assert_eq!(weeks, [("2026-11-23", 2), ("2026-11-30", 6)]);
        assert_eq!(stats.weeks[1].by_hint.get("pronation"), Some(&5));
        assert_eq!(stats.weeks[1].by_hint.get("supination"), Some(&1));
        assert_eq!(stats.weeks[1].by_referral.get("soon"), Some(&3));
        assert_eq!((stats.codes[0].issued, stats.codes[0].redeemed), (4, 1));
    }

    #[test]
    fn a_campaign_without_codes_counts_zero() {
        let august = CodeCount { slug: "aug".into(), title: "August".into(), issued: None, redeemed: None };
        let stats = from_counts(Vec::new(), vec![august]);
        assert_eq!((stats.codes[0].issued, stats.codes[0].redeemed), (0, 0));
        assert!(stats.weeks.is_empty());
    }
}
