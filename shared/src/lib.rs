//! SoleCheck's domain, shared by the API (native) and the widget (wasm32).
//!
//! Everything in `../shared/CONTENT.md` lives here as pure functions and data:
//! the questionnaire and its texts ([`content`]), the answers ([`answers`]) and
//! their validation ([`validate`]), scoring ([`score`]: [`referral`], [`wear`],
//! [`balance`], [`notes`], [`plan`]), discount codes ([`code`]) and the API's
//! request and response types ([`api`]). No I/O.

pub mod answers;
pub mod api;
pub mod balance;
pub mod code;
pub mod content;
pub mod draft;
pub mod fields;
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
mod keys;
pub mod notes;
pub mod plan;
pub mod question;
pub mod referral;
pub mod result;
pub mod strict;
pub mod text;
pub mod validate;
pub mod wear;

pub use answers::Answers;
pub use keys::WireKey;
pub use result::AssessmentResult;

/// The questionnaire version every result and stored assessment records.
/// Changing a rule or a question means a new version.
pub const QUESTIONNAIRE_VERSION: &str = "2026-11.v1";

/// Scores answers into a result. Total: never panics, for any `Answers` value,
/// and deterministic. Validate first ([`validate::validate`]) to reject input
/// the wire format rules out.
pub fn score(answers: &Answers) -> AssessmentResult {
    let referral = referral::assess(answers);
    let foot_function = wear::assess(answers.shoes.as_ref());
    let balance = balance::assess(answers.balance.as_ref(), answers.age_band());
    let notes = notes::notes(foot_function.hint, answers.sex());
    let plan = plan::plan(answers, &referral, &foot_function, &balance);
    AssessmentResult {
        questionnaire_version: QUESTIONNAIRE_VERSION.to_owned(),
        offer_eligible: referral.level.gets_offer(),
        referral,
        foot_function,
        balance,
        notes,
        plan,
    }
}
