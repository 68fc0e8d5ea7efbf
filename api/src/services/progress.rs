//! Exercise adherence for the mobile app: sessions per week, the current
//! streak, totals per exercise. Days are the clinic's local calendar days.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate};
use solecheck_shared::{
    api::{ExerciseTotal, Progress, WeekCount},
    result::PlanKey,
};

/// Weeks shown in progress.
pub const WEEKS: u64 = 8;

/// The Monday of `day`'s week.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day.checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday()))).unwrap_or(day)
}

/// Progress from (exercise, day) pairs, for the plan's keys in plan order.
pub fn progress(plan: &[PlanKey], sessions: &[(PlanKey, NaiveDate)], today: NaiveDate) -> Progress {
    let days: BTreeSet<NaiveDate> = sessions.iter().map(|&(_, d)| d).collect();
    // A streak still counts until the end of the day after its last session.
    let mut cursor = if days.contains(&today) { Some(today) } else { today.pred_opt() };
    let mut streak = 0;
    while let Some(day) = cursor.filter(|d| days.contains(d)) {
        streak += 1;
        cursor = day.pred_opt();
    }
    let this_week = week_start(today);
    let weeks = (0..WEEKS)
        .rev()
        .filter_map(|back| this_week.checked_sub_days(Days::new(7 * back)))
        .map(|start| WeekCount {
            week_start: start.to_string(),
            sessions: count(sessions.iter().filter(|&&(_, d)| week_start(d) == start)),
        })
        .collect();
    let exercises = plan
        .iter()
        .filter_map(|&key| {
            let done: Vec<NaiveDate> = sessions.iter().filter(|&&(k, _)| k == key).map(|&(_, d)| d).collect();
            done.iter().max().map(|last| ExerciseTotal {
                plan_key: key,
                sessions: count(done.iter()),
                last_on: last.to_string(),
            })
        })
        .collect();
    Progress { total_sessions: count(sessions.iter()), current_streak_days: streak, weeks, exercises }
}

fn count<T>(items: impl Iterator<Item = T>) -> u32 {
    u32::try_from(items.count()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use PlanKey::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(week_start(d("2026-11-24")), d("2026-11-23"));
        assert_eq!(week_start(d("2026-11-23")), d("2026-11-23"));
        assert_eq!(week_start(d("2026-11-29")), d("2026-11-23"));
    }

    #[test]
    fn streaks_totals_and_weeks() {
        let plan = [SoleRelease, ShortFoot, SingleLegStance];
        let sessions = [
            (SoleRelease, d("2026-11-22")),
            (SoleRelease, d("2026-11-23")),
            (ShortFoot, d("2026-11-23")),
            (SoleRelease, d("2026-11-24")),
            (SoleRelease, d("2026-11-10")),
        ];
        let p = progress(&plan, &sessions, d("2026-11-24"));
        assert_eq!(p.total_sessions, 5);
        assert_eq!(p.current_streak_days, 3);
        assert_eq!(p.weeks.len(), 8);
        assert_eq!(p.weeks.last().unwrap(), &WeekCount { week_start: "2026-11-23".into(), sessions: 3 });
        assert_eq!(p.weeks[6].sessions, 1);
        assert_eq!(p.weeks[5].sessions, 1);
        assert_eq!(p.exercises.len(), 2);
        assert_eq!(p.exercises[0].plan_key, SoleRelease);
        assert_eq!(p.exercises[0].sessions, 4);
        assert_eq!(p.exercises[0].last_on, "2026-11-24");
        // Yesterday still holds the streak; two days ago does not.
        assert_eq!(progress(&plan, &sessions, d("2026-11-25")).current_streak_days, 3);
        assert_eq!(progress(&plan, &sessions, d("2026-11-26")).current_streak_days, 0);
    }

    #[test]
    fn nothing_done_yet() {
        let p = progress(&[SoleRelease], &[], d("2026-11-24"));
        assert_eq!((p.total_sessions, p.current_streak_days), (0, 0));
        assert!(p.exercises.is_empty());
        assert!(p.weeks.iter().all(|w| w.sessions == 0));
    }
}
