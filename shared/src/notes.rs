//! Notes on the result (CONTENT.md section 5), in section order.

use crate::{
    answers::Sex,
    result::{Hint, Note},
};

/// The notes for a hint; `dynamic_not_static` and `not_all_back_pain` always.
pub fn notes(hint: Hint, sex: Option<Sex>) -> Vec<Note> {
    let pronation = hint.is_pronation_side() || hint == Hint::Mixed;
    let supination = hint.is_supination_side() || hint == Hint::Mixed;
    Note::ALL
        .iter()
        .copied()
        .filter(|note| match note {
            Note::DynamicNotStatic | Note::NotAllBackPain => true,
            Note::PronationWomen => pronation && sex == Some(Sex::Female),
            Note::PronationChain => pronation,
            Note::SupinationShock => supination,
            Note::SupinationCauses => hint.is_supination_side(),
            Note::MixedFeet => hint == Hint::Mixed,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Note::*;

    #[test]
    fn each_note_condition() {
        let f = Some(Sex::Female);
        let m = Some(Sex::Male);
        let cases = [
            (Hint::Unknown, f, vec![DynamicNotStatic, NotAllBackPain]),
            (Hint::Neutral, f, vec![DynamicNotStatic, NotAllBackPain]),
            (Hint::Overpronation, f, vec![DynamicNotStatic, PronationWomen, PronationChain, NotAllBackPain]),
            (Hint::LeaningPronation, m, vec![DynamicNotStatic, PronationChain, NotAllBackPain]),
            (Hint::LeaningPronation, None, vec![DynamicNotStatic, PronationChain, NotAllBackPain]),
            (
                Hint::LeaningPronation,
                Some(Sex::PreferNot),
                vec![DynamicNotStatic, PronationChain, NotAllBackPain],
            ),
            (
                Hint::Oversupination,
                f,
                vec![DynamicNotStatic, SupinationShock, SupinationCauses, NotAllBackPain],
            ),
            (
                Hint::LeaningSupination,
                m,
                vec![DynamicNotStatic, SupinationShock, SupinationCauses, NotAllBackPain],
            ),
            (
                Hint::Mixed,
                f,
                vec![
                    DynamicNotStatic,
                    PronationWomen,
                    PronationChain,
                    SupinationShock,
                    MixedFeet,
                    NotAllBackPain,
                ],
            ),
            (
                Hint::Mixed,
                m,
                vec![DynamicNotStatic, PronationChain, SupinationShock, MixedFeet, NotAllBackPain],
            ),
        ];
        for (hint, sex, expected) in cases {
            assert_eq!(notes(hint, sex), expected, "{hint} {sex:?}");
        }
    }
}
