//! How a question's answer is held in the draft: taken and read back as
//! the option keys the questionnaire document lists.

#[cfg(test)]
use crate::question::AnswerKind;
use crate::{
    WireKey,
    question::{NO, YES},
    validate::MAX_BACK_PAIN,
};

/// The option keys of the back-pain scale.
const SCALE: [&str; MAX_BACK_PAIN as usize + 1] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];

/// A question's answer in the draft, reached through its option keys.
pub(super) trait Slot {
    /// What the slot holds, to check each question's spec against (tests).
    #[cfg(test)]
    fn kind(&self) -> AnswerKind;
    /// Takes an option (toggles it, for a pick-any question); false when
    /// `option` is not one of the question's.
    fn choose(&mut self, option: &str) -> bool;
    /// The options chosen.
    fn chosen(&self) -> Vec<&'static str>;
    fn answered(&self) -> bool;
}

impl Slot for Option<u8> {
    #[cfg(test)]
    fn kind(&self) -> AnswerKind {
        AnswerKind::Scale { max: MAX_BACK_PAIN }
    }
    fn choose(&mut self, option: &str) -> bool {
        let score = SCALE.iter().position(|s| *s == option).and_then(|p| u8::try_from(p).ok());
        score.map(|s| *self = Some(s)).is_some()
    }
    fn chosen(&self) -> Vec<&'static str> {
        self.and_then(|s| SCALE.get(usize::from(s))).copied().into_iter().collect()
    }
    fn answered(&self) -> bool {
        self.is_some()
    }
}

impl Slot for Option<bool> {
    #[cfg(test)]
    fn kind(&self) -> AnswerKind {
        AnswerKind::YesNo
    }
    fn choose(&mut self, option: &str) -> bool {
        let yes = [(YES, true), (NO, false)].into_iter().find(|(key, _)| *key == option);
        yes.map(|(_, yes)| *self = Some(yes)).is_some()
    }
    fn chosen(&self) -> Vec<&'static str> {
        self.map(|yes| if yes { YES } else { NO }).into_iter().collect()
    }
    fn answered(&self) -> bool {
        self.is_some()
    }
}

impl<K: WireKey> Slot for Option<K> {
    #[cfg(test)]
    fn kind(&self) -> AnswerKind {
        AnswerKind::OneOf
    }
    fn choose(&mut self, option: &str) -> bool {
        K::from_key(option).map(|k| *self = Some(k)).is_some()
    }
    fn chosen(&self) -> Vec<&'static str> {
        self.map(K::as_str).into_iter().collect()
    }
    fn answered(&self) -> bool {
        self.is_some()
    }
}

impl<K: WireKey + PartialEq> Slot for Vec<K> {
    #[cfg(test)]
    fn kind(&self) -> AnswerKind {
        AnswerKind::AnyOf
    }
    fn choose(&mut self, option: &str) -> bool {
        let Some(k) = K::from_key(option) else { return false };
        toggle(self, k);
        true
    }
    fn chosen(&self) -> Vec<&'static str> {
        self.iter().map(|k| k.as_str()).collect()
    }
    fn answered(&self) -> bool {
        true
    }
}

pub(super) fn toggle<T: PartialEq + Copy>(list: &mut Vec<T>, item: T) {
    if let Some(pos) = list.iter().position(|x| *x == item) {
        list.remove(pos);
    } else {
        list.push(item);
    }
}
