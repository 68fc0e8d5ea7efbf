//! Every user-facing sentence of the check, in English and Spanish, and the
//! localized questionnaire document (`GET /v1/questionnaire?lang=`) that the
//! widget and the mobile app render. Text tables match exhaustively on the key
//! enums, so a new key does not compile until it has words in both languages.
//! The sentences are our own, written from the clinic's article; plain words.

mod catalogue;
mod document;
mod questions;
mod results;
mod screens;

pub use catalogue::{Advice, Exercise, advice, exercise};
pub use document::*;
pub use questions::{StepKey, safety_question, zone_description, zone_label};
pub use results::{hint_text, note_text, reason_text};

use crate::answers::Locale;

/// One user-facing sentence in every supported language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub en: &'static str,
    pub es: &'static str,
}

impl Text {
    /// The sentence in `locale`.
    pub const fn get(self, locale: Locale) -> &'static str {
        match locale {
            Locale::En => self.en,
            Locale::Es => self.es,
        }
    }
}

/// Shorthand for the tables: `t("English", "Español")`.
pub(crate) const fn t(en: &'static str, es: &'static str) -> Text {
    Text { en, es }
}

#[cfg(test)]
mod tests;
