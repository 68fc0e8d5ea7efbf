//! Keeps each widget's journey in `sessionStorage`, so a reload mid-journey
//! (or back and forward through the clinic's site) keeps the answers until
//! "Start over" replaces them with a fresh journey. Nothing goes to cookies or `localStorage`, and nothing leaves
//! the browser unless the visitor consents to saving.

use solecheck_shared::QUESTIONNAIRE_VERSION;

use crate::{
    json,
    state::{Journey, Saving},
};

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The key for one widget; a new questionnaire version starts fresh.
fn key(widget: &str) -> String {
    format!("solecheck:{QUESTIONNAIRE_VERSION}:{widget}")
}

/// The journey kept for `widget`, if any.
pub fn load(widget: &str) -> Option<Journey> {
    let text = storage()?.get_item(&key(widget)).ok()??;
    let mut journey: Journey = json::from_str(&text)?;
    // A save that was under way when the page went away is retried.
    if journey.saving == Saving::InFlight {
        journey.saving = Saving::Idle;
    }
    Some(journey)
}

/// Keeps the journey (best effort: private modes may refuse storage).
pub fn save(widget: &str, journey: &Journey) {
    if let (Some(storage), Some(text)) = (storage(), json::to_string(journey)) {
        let _ = storage.set_item(&key(widget), &text);
    }
}

/// Drops the journey kept for `widget` (tests clean up after themselves).
#[cfg(all(test, target_arch = "wasm32"))]
pub fn forget(widget: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&key(widget));
    }
}
