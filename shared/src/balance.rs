//! Single-leg balance flags (CONTENT.md section 4).
//!
//! Typical best-of-3 times are the means of Springer et al. 2007 (J Geriatr Phys
//! Ther 30(1):8-15), the lower of the two sexes' means since no sex difference
//! was found. A leg is flagged under 75% of the mean, rounded down to whole seconds.

use crate::{
    answers::{AgeBand, Balance, LegTries, Side},
    result::{BalanceResult, LegBalance},
};

/// Seconds under which a best time is `below_typical`: (eyes open, eyes closed).
/// Eyes closed is `None` where it is not offered (60 and over).
pub const fn flag_seconds(band: AgeBand) -> (f64, Option<f64>) {
    match band {
        AgeBand::From18To39 => (33.0, Some(9.0)),
        AgeBand::From40To49 => (31.0, Some(9.0)),
        AgeBand::From50To59 => (30.0, Some(5.0)),
        AgeBand::From60To69 => (22.0, None),
        AgeBand::From70To79 => (12.0, None),
        AgeBand::From80 => (6.0, None),
    }
}

/// The band used when the visitor gave none.
pub const DEFAULT_BAND: AgeBand = AgeBand::From40To49;

/// The longest try, if any.
fn best(tries: &[f64]) -> Option<f64> {
    tries.iter().copied().reduce(f64::max)
}

/// One leg's flag.
pub fn leg(tries: &LegTries, band: AgeBand) -> LegBalance {
    let (open_flag, closed_flag) = flag_seconds(band);
    let open = best(&tries.eyes_open);
    // Eyes-closed tries are ignored where the test is not offered.
    let closed = closed_flag.and(best(&tries.eyes_closed));
    if open.is_none() && closed.is_none() {
        return LegBalance::NotTested;
    }
    let below_open = open.is_some_and(|t| t < open_flag);
    let below_closed = closed.zip(closed_flag).is_some_and(|(t, flag)| t < flag);
    if below_open || below_closed { LegBalance::BelowTypical } else { LegBalance::Typical }
}

/// Both legs; an absent test means both `not_tested`.
pub fn assess(balance: Option<&Balance>, band: Option<AgeBand>) -> BalanceResult {
    let band = band.unwrap_or(DEFAULT_BAND);
    let flag = |side| balance.map_or(LegBalance::NotTested, |b| leg(b.side(side), band));
    BalanceResult { left: flag(Side::Left), right: flag(Side::Right) }
}

impl BalanceResult {
    /// Either leg below typical.
    pub fn any_below(&self) -> bool {
        self.left == LegBalance::BelowTypical || self.right == LegBalance::BelowTypical
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The flags have an eyes-closed time exactly where the test is offered,
    /// and the band used without one is a band it is offered to.
    #[test]
    fn eyes_closed_flags_exist_exactly_where_the_test_is_offered() {
        for band in AgeBand::ALL {
            assert_eq!(flag_seconds(*band).1.is_some(), band.eyes_closed_offered(), "{band}");
            assert_eq!(AgeBand::eyes_closed_allowed(Some(*band)), band.eyes_closed_offered(), "{band}");
        }
        assert!(AgeBand::eyes_closed_allowed(None) && DEFAULT_BAND.eyes_closed_offered());
    }
    use crate::answers::AgeBand::*;

    fn tries(open: &[f64], closed: &[f64]) -> LegTries {
        LegTries { eyes_open: open.to_vec(), eyes_closed: closed.to_vec() }
    }

    /// (band, eyes-open flag, eyes-closed flag) as in CONTENT.md section 4.
    const TABLE: [(AgeBand, f64, Option<f64>); 6] = [
        (From18To39, 33.0, Some(9.0)),
        (From40To49, 31.0, Some(9.0)),
        (From50To59, 30.0, Some(5.0)),
        (From60To69, 22.0, None),
        (From70To79, 12.0, None),
        (From80, 6.0, None),
    ];

    #[test]
    fn eyes_open_threshold_per_band() {
        for (band, open, _) in TABLE {
            assert_eq!(leg(&tries(&[open - 0.1], &[]), band), LegBalance::BelowTypical, "{band}");
            assert_eq!(leg(&tries(&[open], &[]), band), LegBalance::Typical, "{band}");
            assert_eq!(leg(&tries(&[45.0], &[]), band), LegBalance::Typical, "{band}");
        }
    }

    #[test]
    fn eyes_closed_threshold_per_band_under_60() {
        for (band, _, closed) in TABLE {
            let good_open = [45.0];
            match closed {
                Some(flag) => {
                    assert_eq!(
                        leg(&tries(&good_open, &[flag - 0.1]), band),
                        LegBalance::BelowTypical,
                        "{band}"
                    );
                    assert_eq!(leg(&tries(&good_open, &[flag]), band), LegBalance::Typical, "{band}");
                    // Eyes closed alone counts as tested.
                    assert_eq!(leg(&tries(&[], &[flag - 0.1]), band), LegBalance::BelowTypical, "{band}");
                }
                // Not offered at 60+: such tries are ignored.
                None => {
                    assert_eq!(leg(&tries(&good_open, &[0.5]), band), LegBalance::Typical, "{band}");
                    assert_eq!(leg(&tries(&[], &[0.5]), band), LegBalance::NotTested, "{band}");
                }
            }
        }
    }

    #[test]
    fn best_of_three_is_the_longest_try() {
        assert_eq!(leg(&tries(&[5.0, 40.0, 10.0], &[]), From40To49), LegBalance::Typical);
        assert_eq!(leg(&tries(&[5.0, 30.9, 10.0], &[]), From40To49), LegBalance::BelowTypical);
    }

    #[test]
    fn no_tries_is_not_tested() {
        assert_eq!(leg(&tries(&[], &[]), From18To39), LegBalance::NotTested);
        let r = assess(None, Some(From18To39));
        assert_eq!((r.left, r.right), (LegBalance::NotTested, LegBalance::NotTested));
    }

    #[test]
    fn without_an_age_band_40_49_is_used() {
        let balance = Balance { left: tries(&[30.9], &[]), right: tries(&[31.0], &[8.9]) };
        let r = assess(Some(&balance), None);
        assert_eq!(r.left, LegBalance::BelowTypical);
        assert_eq!(r.right, LegBalance::BelowTypical);
        let ok = Balance { left: tries(&[31.0], &[9.0]), right: tries(&[], &[]) };
        let r = assess(Some(&ok), None);
        assert_eq!((r.left, r.right), (LegBalance::Typical, LegBalance::NotTested));
    }

    #[test]
    fn flags_are_75_percent_of_the_means_rounded_down() {
        let means = [
            (From18To39, 44.4, Some(13.1)),
            (From40To49, 41.6, Some(12.0)),
            (From50To59, 40.9, Some(7.9)),
            (From60To69, 30.4, None),
            (From70To79, 16.7, None),
            (From80, 8.7, None),
        ];
        for (band, open, closed) in means {
            let (flag_open, flag_closed) = flag_seconds(band);
            assert_eq!(flag_open, (open * 0.75_f64).floor(), "{band}");
            assert_eq!(flag_closed, closed.map(|c: f64| (c * 0.75).floor()), "{band}");
        }
    }
}
