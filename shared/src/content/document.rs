//! The localized questionnaire document: everything a client needs to render
//! the check in one language, built from the text tables.

use serde::{Deserialize, Serialize};

use super::{
    catalogue::{advice, exercise},
    questions::{self, StepKey},
    results, screens,
};
use crate::{
    QUESTIONNAIRE_VERSION,
    answers::{Counter, Locale, SafetyKey, Side, Zone},
    question::QuestionKey,
    result::{
        Hint, ItemKind, LegBalance, Note, PlanKey, PlanStatus, Reason, ReferralLevel, ShoeHint, Strength,
    },
};

/// A step's heading and introduction.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepDoc {
    pub key: StepKey,
    pub title: String,
    pub intro: String,
}

/// A choice: its wire key (of the question's option enum) and label.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionDoc {
    pub key: String,
    pub label: String,
}

/// A keyed sentence.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyText<K> {
    pub key: K,
    pub text: String,
}

/// A safety-screen question.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafetyItemDoc {
    pub key: SafetyKey,
    /// `urgent` or `soon`.
    pub level: ReferralLevel,
    pub question: String,
}

/// A wear zone.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneDoc {
    pub key: Zone,
    pub label: String,
    pub description: String,
}

/// The shoe-wear step.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShoesDoc {
    pub sides: Vec<KeyText<Side>>,
    pub zones: Vec<ZoneDoc>,
    pub counter_question: String,
    pub counters: Vec<KeyText<Counter>>,
    pub skip_label: String,
}

/// A question after the shoe check; yes/no questions have no options.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionDoc {
    /// The answers' field name, e.g. `back_pain_duration`.
    pub key: QuestionKey,
    pub step: StepKey,
    pub label: String,
    pub help: Option<String>,
    pub options: Vec<OptionDoc>,
}

/// The balance test.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceDoc {
    pub instruction: String,
    pub safety: String,
    pub start: String,
    pub stop: String,
    pub retry: String,
    pub eyes_open: String,
    pub eyes_closed: String,
    pub skip: String,
    pub left_leg: String,
    pub right_leg: String,
    /// Contains `{seconds}`.
    pub best: String,
    /// Contains `{leg}`, `{condition}`, `{seconds}`, `{try}` and `{max}`.
    pub announce: String,
    pub max_seconds: u32,
    pub max_tries: u32,
}

/// A referral level's heading and advice.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelDoc {
    pub level: ReferralLevel,
    pub title: String,
    pub action: String,
}

/// Everything a result can say.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsDoc {
    pub referral: Vec<LevelDoc>,
    pub reasons: Vec<KeyText<Reason>>,
    pub hints: Vec<KeyText<Hint>>,
    pub shoe_hints: Vec<KeyText<ShoeHint>>,
    pub strengths: Vec<KeyText<Strength>>,
    pub balance_flags: Vec<KeyText<LegBalance>>,
    pub notes: Vec<KeyText<Note>>,
    pub plan_status: Vec<KeyText<PlanStatus>>,
}

/// A plan item's card: exercises have dose, steps and a safety cue; advice has a body.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueItemDoc {
    pub key: PlanKey,
    pub kind: ItemKind,
    pub title: String,
    pub dose: Option<String>,
    pub steps: Vec<String>,
    pub safety: Option<String>,
    pub body: Option<String>,
    pub hold_seconds: Option<u32>,
}

/// The offer step.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferDoc {
    pub get_code: String,
    pub how_to_redeem: String,
    /// Contains `{date}`.
    pub next_offer: String,
    pub needs_consent: String,
    /// Contains `{phone}`: the clinic's number, when it has one.
    pub call: String,
    /// The link to the clinic's booking page, when it has one.
    pub book: String,
}

/// Labels of the controls every step shares.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UiDoc {
    pub start: String,
    pub next: String,
    pub back: String,
    pub start_over: String,
    pub language: String,
    /// Shown next to a question left unanswered.
    pub unanswered: String,
    pub see_plan: String,
    pub see_offer: String,
    pub print: String,
    pub saving: String,
    pub saved: String,
    pub save_failed: String,
    pub retry: String,
    pub no_offer: String,
    /// Contains `{date}`: the last day a code can be used on (inclusive).
    pub valid_until: String,
    pub shoes_heading: String,
    /// A code could not be issued (the check itself is saved).
    pub code_failed: String,
    /// The offers could not be loaded.
    pub offers_failed: String,
    /// The saved result differs from the one this (older) page scored.
    pub result_differs: String,
}

/// The visitor's own stored check, on the result and offer steps: a copy to
/// download, and erasure (the visitor's `DELETE`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyDataDoc {
    pub heading: String,
    pub explanation: String,
    pub download: String,
    pub erase: String,
    /// Asked before erasing: what goes, and that it cannot be undone.
    pub confirm: String,
    pub confirm_yes: String,
    pub confirm_no: String,
    /// While a download or an erasure is under way.
    pub working: String,
    /// Shown once the clinic's copy is gone.
    pub erased: String,
    /// The copy could not be fetched, or the erasure not done.
    pub failed: String,
}

/// The consent choice.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentDoc {
    pub label: String,
    pub explanation: String,
}

/// The whole check in one language.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Questionnaire {
    pub version: String,
    pub locale: Locale,
    pub boundaries: Vec<String>,
    pub steps: Vec<StepDoc>,
    pub consent: ConsentDoc,
    pub yes: String,
    pub no: String,
    pub safety: Vec<SafetyItemDoc>,
    pub shoes: ShoesDoc,
    pub questions: Vec<QuestionDoc>,
    pub balance: BalanceDoc,
    pub results: ResultsDoc,
    pub catalogue: Vec<CatalogueItemDoc>,
    pub offer: OfferDoc,
    pub my_data: MyDataDoc,
    pub ui: UiDoc,
}

impl Questionnaire {
    /// A step by key.
    pub fn step(&self, key: StepKey) -> Option<&StepDoc> {
        self.steps.iter().find(|s| s.key == key)
    }

    /// The boundaries a result repeats: all but the last, which is about
    /// consent and belongs to the welcome step (CONTENT.md section 0).
    pub fn result_boundaries(&self) -> &[String] {
        self.boundaries.split_last().map_or(&[][..], |(_, rest)| rest)
    }

    /// A plan item's card.
    pub fn catalogue_item(&self, key: PlanKey) -> Option<&CatalogueItemDoc> {
        self.catalogue.iter().find(|c| c.key == key)
    }

    /// A question by key.
    pub fn question(&self, key: QuestionKey) -> Option<&QuestionDoc> {
        self.questions.iter().find(|q| q.key == key)
    }
}

fn keyed<K: Copy>(all: &[K], text: impl Fn(K) -> super::Text, locale: Locale) -> Vec<KeyText<K>> {
    all.iter().map(|&key| KeyText { key, text: text(key).get(locale).to_owned() }).collect()
}

fn catalogue(locale: Locale) -> Vec<CatalogueItemDoc> {
    let s = |t: super::Text| t.get(locale).to_owned();
    PlanKey::ALL
        .iter()
        .map(|&key| match (exercise(key), advice(key)) {
            (Some(e), _) => CatalogueItemDoc {
                key,
                kind: key.kind(),
                title: s(e.title),
                dose: Some(s(e.dose)),
                steps: e.steps.iter().map(|&step| s(step)).collect(),
                safety: Some(s(e.safety)),
                body: None,
                hold_seconds: e.hold_seconds,
            },
            (None, a) => CatalogueItemDoc {
                key,
                kind: key.kind(),
                title: a.as_ref().map(|a| s(a.title)).unwrap_or_default(),
                dose: None,
                steps: Vec::new(),
                safety: None,
                body: a.map(|a| s(a.body)),
                hold_seconds: None,
            },
        })
        .collect()
}

/// The check in `locale`.
pub fn questionnaire(locale: Locale) -> Questionnaire {
    let s = |t: super::Text| t.get(locale).to_owned();
    Questionnaire {
        version: QUESTIONNAIRE_VERSION.to_owned(),
        locale,
        boundaries: questions::BOUNDARIES.iter().map(|&t| s(t)).collect(),
        steps: StepKey::ALL
            .iter()
            .map(|&key| {
                let (title, intro) = questions::step_text(key);
                StepDoc { key, title: s(title), intro: s(intro) }
            })
            .collect(),
        consent: ConsentDoc {
            label: s(questions::CONSENT_LABEL),
            explanation: s(questions::CONSENT_EXPLANATION),
        },
        yes: s(questions::YES),
        no: s(questions::NO),
        safety: SafetyKey::ALL
            .iter()
            .map(|&key| SafetyItemDoc {
                key,
                level: key.level(),
                question: s(questions::safety_question(key)),
            })
            .collect(),
        shoes: ShoesDoc {
            sides: keyed(Side::ALL, questions::side_label, locale),
            zones: Zone::ALL
                .iter()
                .map(|&key| ZoneDoc {
                    key,
                    label: s(questions::zone_label(key)),
                    description: s(questions::zone_description(key)),
                })
                .collect(),
            counter_question: s(questions::COUNTER_QUESTION),
            counters: keyed(Counter::ALL, questions::counter_label, locale),
            skip_label: s(questions::SKIP_SHOES),
        },
        questions: QuestionKey::ALL
            .iter()
            .map(|&key| {
                let (label, help, options) = questions::question_text(key);
                QuestionDoc {
                    key,
                    step: key.step(),
                    label: s(label),
                    help: help.map(s),
                    options: options
                        .into_iter()
                        .map(|(key, label)| OptionDoc { key: key.to_owned(), label: s(label) })
                        .collect(),
                }
            })
            .collect(),
        balance: screens::balance_doc(locale),
        results: ResultsDoc {
            referral: ReferralLevel::ALL
                .iter()
                .map(|&level| {
                    let (title, action) = results::referral_text(level);
                    LevelDoc { level, title: s(title), action: s(action) }
                })
                .collect(),
            reasons: keyed(Reason::ALL, results::reason_text, locale),
            hints: keyed(Hint::ALL, results::hint_text, locale),
            shoe_hints: keyed(ShoeHint::ALL, results::shoe_hint_text, locale),
            strengths: keyed(Strength::ALL, results::strength_text, locale),
            balance_flags: keyed(LegBalance::ALL, results::balance_text, locale),
            notes: keyed(Note::ALL, results::note_text, locale),
            plan_status: keyed(PlanStatus::ALL, results::plan_status_text, locale),
        },
        catalogue: catalogue(locale),
        offer: results::offer_doc(locale),
        my_data: screens::my_data_doc(locale),
        ui: screens::ui_doc(locale),
    }
}
