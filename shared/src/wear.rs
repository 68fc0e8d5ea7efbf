//! Shoe-wear scoring (CONTENT.md section 2): per-shoe lean and the overall
//! foot-function hint. Outer-heel wear is the normal first contact, so it counts
//! toward neutral and can never produce a supination hint.

use crate::{
    answers::{Counter, ShoeWear, Shoes, Zone},
    result::{FootFunction, Hint, ShoeHint},
};

/// A zone's contribution: +1 pronation, -1 supination, 0 neutral or none.
pub const fn zone_lean(zone: Zone) -> i32 {
    match zone {
        Zone::HeelInner | Zone::MidInner | Zone::ForeInner => 1,
        Zone::MidOuter | Zone::ForeOuter => -1,
        Zone::HeelOuter | Zone::HeelCenter | Zone::ForeCenter | Zone::ToeTip => 0,
    }
}

/// The heel counter's contribution.
pub const fn counter_lean(counter: Counter) -> i32 {
    match counter {
        Counter::LeansIn => 1,
        Counter::LeansOut => -1,
        Counter::Upright | Counter::CantTell => 0,
    }
}

/// One shoe: `unknown` when nothing was seen, else banded by
/// `lean = pronation points - supination points`.
pub fn shoe_hint(shoe: &ShoeWear) -> ShoeHint {
    if shoe.zones.is_empty() && shoe.counter == Counter::CantTell {
        return ShoeHint::Unknown;
    }
    let lean: i32 = shoe.zones.iter().map(|&z| zone_lean(z)).sum::<i32>() + counter_lean(shoe.counter);
    match lean {
        i32::MIN..=-2 => ShoeHint::Oversupination,
        -1 => ShoeHint::LeaningSupination,
        0 => ShoeHint::Neutral,
        1 => ShoeHint::LeaningPronation,
        2..=i32::MAX => ShoeHint::Overpronation,
    }
}

/// A known shoe hint on the -2..=2 scale.
const fn signed(hint: ShoeHint) -> Option<i8> {
    match hint {
        ShoeHint::Oversupination => Some(-2),
        ShoeHint::LeaningSupination => Some(-1),
        ShoeHint::Neutral => Some(0),
        ShoeHint::LeaningPronation => Some(1),
        ShoeHint::Overpronation => Some(2),
        ShoeHint::Unknown => None,
    }
}

const fn from_signed(value: i8) -> Hint {
    match value {
        i8::MIN..=-2 => Hint::Oversupination,
        -1 => Hint::LeaningSupination,
        0 => Hint::Neutral,
        1 => Hint::LeaningPronation,
        2..=i8::MAX => Hint::Overpronation,
    }
}

/// Combines the two shoes into one hint.
pub fn combine(left: ShoeHint, right: ShoeHint) -> Hint {
    match (signed(left), signed(right)) {
        (None, None) => Hint::Unknown,
        (Some(one), None) | (None, Some(one)) => from_signed(one),
        (Some(l), Some(r)) if (l > 0 && r < 0) || (l < 0 && r > 0) => Hint::Mixed,
        // Same side (or neutral): the value of larger size wins.
        (Some(l), Some(r)) => from_signed(if l.abs() >= r.abs() { l } else { r }),
    }
}

/// The foot-function part of the result; `None` means the check was skipped.
pub fn assess(shoes: Option<&Shoes>) -> FootFunction {
    let (left, right) =
        shoes.map_or((ShoeHint::Unknown, ShoeHint::Unknown), |s| (shoe_hint(&s.left), shoe_hint(&s.right)));
    let hint = combine(left, right);
    FootFunction { hint, strength: hint.strength(), left, right }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        answers::{Counter::*, Zone::*},
        fixtures::shoe,
    };

    #[test]
    fn each_zone_counts_as_the_table_says() {
        let table = [
            (HeelOuter, 0),
            (HeelCenter, 0),
            (HeelInner, 1),
            (MidInner, 1),
            (MidOuter, -1),
            (ForeInner, 1),
            (ForeCenter, 0),
            (ForeOuter, -1),
            (ToeTip, 0),
        ];
        assert_eq!(table.len(), Zone::ALL.len());
        for (zone, lean) in table {
            assert_eq!(zone_lean(zone), lean, "{zone}");
            let expected = match lean {
                1 => ShoeHint::LeaningPronation,
                -1 => ShoeHint::LeaningSupination,
                _ => ShoeHint::Neutral,
            };
            assert_eq!(shoe_hint(&shoe(&[zone], Upright)), expected, "{zone}");
        }
    }

    #[test]
    fn each_counter_counts_as_the_table_says() {
        assert_eq!(shoe_hint(&shoe(&[], LeansIn)), ShoeHint::LeaningPronation);
        assert_eq!(shoe_hint(&shoe(&[], Upright)), ShoeHint::Neutral);
        assert_eq!(shoe_hint(&shoe(&[], LeansOut)), ShoeHint::LeaningSupination);
        assert_eq!(shoe_hint(&shoe(&[], CantTell)), ShoeHint::Unknown);
        // Something seen plus cant_tell is not unknown.
        assert_eq!(shoe_hint(&shoe(&[HeelCenter], CantTell)), ShoeHint::Neutral);
    }

    #[test]
    fn every_lean_band() {
        let cases = [
            (shoe(&[HeelInner, MidInner, ForeInner], LeansIn), ShoeHint::Overpronation), // +4
            (shoe(&[HeelInner, MidInner], Upright), ShoeHint::Overpronation),            // +2
            (shoe(&[ForeInner], CantTell), ShoeHint::LeaningPronation),                  // +1
            (shoe(&[ForeInner, ForeOuter], Upright), ShoeHint::Neutral),                 // 0
            (shoe(&[MidOuter], Upright), ShoeHint::LeaningSupination),                   // -1
            (shoe(&[MidOuter, ForeOuter], Upright), ShoeHint::Oversupination),           // -2
            (shoe(&[MidOuter, ForeOuter], LeansOut), ShoeHint::Oversupination),          // -3
            (shoe(&[ForeInner], LeansOut), ShoeHint::Neutral),                           // 0
        ];
        for (s, expected) in cases {
            assert_eq!(shoe_hint(&s), expected, "{s:?}");
        }
    }

    #[test]
    fn outer_heel_wear_is_never_supination() {
        for counter in [Upright, CantTell] {
            assert_eq!(shoe_hint(&shoe(&[HeelOuter], counter)), ShoeHint::Neutral);
        }
        let both =
            assess(Some(&Shoes { left: shoe(&[HeelOuter], CantTell), right: shoe(&[HeelOuter], Upright) }));
        assert_eq!(both.hint, Hint::Neutral);
    }

    #[test]
    fn combining_two_shoes() {
        use ShoeHint as S;
        let cases = [
            (S::Unknown, S::Unknown, Hint::Unknown),
            (S::Unknown, S::Overpronation, Hint::Overpronation),
            (S::LeaningSupination, S::Unknown, Hint::LeaningSupination),
            (S::Unknown, S::Neutral, Hint::Neutral),
            (S::LeaningPronation, S::LeaningSupination, Hint::Mixed),
            (S::Oversupination, S::Overpronation, Hint::Mixed),
            (S::Neutral, S::LeaningPronation, Hint::LeaningPronation),
            (S::Overpronation, S::LeaningPronation, Hint::Overpronation),
            (S::Neutral, S::Neutral, Hint::Neutral),
            (S::LeaningSupination, S::Oversupination, Hint::Oversupination),
            (S::Neutral, S::LeaningSupination, Hint::LeaningSupination),
        ];
        for (l, r, expected) in cases {
            assert_eq!(combine(l, r), expected, "{l} + {r}");
            assert_eq!(combine(r, l), expected, "{r} + {l}");
        }
    }

    #[test]
    fn strength_follows_the_hint() {
        let cases = [
            (Hint::Overpronation, Strength::Moderate),
            (Hint::Oversupination, Strength::Moderate),
            (Hint::LeaningPronation, Strength::Weak),
            (Hint::LeaningSupination, Strength::Weak),
            (Hint::Neutral, Strength::Weak),
            (Hint::Mixed, Strength::Weak),
            (Hint::Unknown, Strength::None),
        ];
        assert_eq!(cases.len(), Hint::ALL.len());
        for (hint, strength) in cases {
            assert_eq!(hint.strength(), strength, "{hint}");
        }
    }

    #[test]
    fn skipped_check_is_unknown_on_both_sides() {
        let f = assess(None);
        assert_eq!(
            (f.hint, f.strength, f.left, f.right),
            (Hint::Unknown, Strength::None, ShoeHint::Unknown, ShoeHint::Unknown)
        );
    }

    use crate::result::Strength;
}
