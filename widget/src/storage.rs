//! Keeps each widget's journey in `sessionStorage`, so a reload mid-journey
//! (or back and forward through the clinic's site) keeps the answers until
//! "Start over" replaces them with a fresh journey. Nothing goes to cookies or
//! `localStorage`, and nothing leaves the browser unless the visitor consents
//! to saving.
//!
//! The kept form is the browser's own form encoding (`URLSearchParams`), one
//! named field per answer: wire keys (`zones_left=heel_inner,mid_inner`,
//! each question under its own key: `sore_places=knee,foot`, `cycles=yes`),
//! `y`/`n` answers (the safety screen as one letter per question, `-` for not
//! yet), balance tries in tenths of a second. The browser does the
//! encoding, so keeping a journey adds no serializer to the download (through
//! serde it cost about 8 KB of compressed wasm). A field left out is
//! unanswered; a key no longer known reads as unanswered too.

use std::rc::Rc;

use solecheck_shared::{
    QUESTIONNAIRE_VERSION, WireKey,
    answers::{Locale, Side},
    content::StepKey,
    draft::ShoeDraft,
    question::QuestionKey,
};
use web_sys::UrlSearchParams;

use crate::state::{Journey, Saved, Saving};

/// One kept journey's fields.
struct Record(UrlSearchParams);

impl Record {
    fn put(&self, name: &str, value: &str) {
        if !value.is_empty() {
            self.0.set(name, value);
        }
    }

    fn put_answer(&self, name: &str, value: Option<bool>) {
        if value.is_some() {
            self.put(name, answer_letter(value).encode_utf8(&mut [0; 4]));
        }
    }

    fn put_key<K: WireKey>(&self, name: &str, value: Option<K>) {
        self.put(name, value.map_or("", K::as_str));
    }

    fn put_keys<K: WireKey>(&self, name: &str, values: &[K]) {
        self.put(name, &values.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(","));
    }

    fn put_tries(&self, name: &str, seconds: &[f64]) {
        // Tries are whole tenths already (the stopwatch cuts them so).
        let tenths: Vec<String> = seconds.iter().map(|s| ((s * 10.0).round() as u32).to_string()).collect();
        self.put(name, &tenths.join(","));
    }

    fn text(&self, name: &str) -> Option<String> {
        self.0.get(name)
    }

    fn flag(&self, name: &str) -> bool {
        self.answer(name) == Some(true)
    }

    fn answer(&self, name: &str) -> Option<bool> {
        match self.text(name)?.as_bytes() {
            [letter] => answer_of(char::from(*letter)),
            _ => None,
        }
    }

    fn key<K: WireKey>(&self, name: &str) -> Option<K> {
        self.text(name).as_deref().and_then(K::from_key)
    }

    fn keys<K: WireKey>(&self, name: &str) -> Vec<K> {
        self.text(name).map(|list| list.split(',').filter_map(K::from_key).collect()).unwrap_or_default()
    }

    fn tries(&self, name: &str) -> Vec<f64> {
        let list = self.text(name).unwrap_or_default();
        list.split(',').filter_map(|t| t.parse::<u32>().ok()).map(|t| f64::from(t) / 10.0).collect()
    }
}

/// A yes/no answer as one letter: `y`, `n`, or `-` not answered yet.
const fn answer_letter(value: Option<bool>) -> char {
    match value {
        Some(true) => 'y',
        Some(false) => 'n',
        None => '-',
    }
}

const fn answer_of(letter: char) -> Option<bool> {
    match letter {
        'y' => Some(true),
        'n' => Some(false),
        _ => None,
    }
}

/// The balance fields: (side, eyes closed, name).
const TRIES: [(Side, bool, &str); 4] = [
    (Side::Left, false, "left_open"),
    (Side::Left, true, "left_closed"),
    (Side::Right, false, "right_open"),
    (Side::Right, true, "right_closed"),
];

/// The journey as kept (form-encoded fields).
pub(crate) fn keep(journey: &Journey) -> Option<String> {
    let r = Record(UrlSearchParams::new().ok()?);
    let (j, d) = (journey, &journey.draft);
    r.put_key("locale", Some(j.locale));
    r.put_key("step", Some(j.step));
    r.put_answer("consent", Some(d.consent));
    // One letter per safety question, in `SafetyKey::ALL` order.
    r.put("safety", &d.safety.iter().map(|a| answer_letter(*a)).collect::<String>());
    r.put_answer("shoes_skipped", Some(d.shoes_skipped));
    r.put_keys("zones_left", &d.left.zones);
    r.put_keys("zones_right", &d.right.zones);
    r.put_key("counter_left", d.left.counter);
    r.put_key("counter_right", d.right.counter);
    // Each question under its own key, as its chosen options.
    for q in QuestionKey::ALL {
        r.put(q.as_str(), &d.chosen(*q).join(","));
    }
    for (side, closed, name) in TRIES {
        r.put_tries(name, d.tries(side, closed));
    }
    // A save under way or failed when the page went away is not kept: the
    // result step saves whatever is not saved yet.
    match &j.saving {
        Saving::Saved(saved) => {
            r.put("saved_id", &saved.id);
            r.put("saved_token", &saved.token);
            r.put("saved_result", &saved.result);
        }
        // Kept, or a reload would store the erased check again.
        Saving::Erased => r.put_answer("erased", Some(true)),
        _ => {}
    }
    if let Some(key) = &j.idempotency_key {
        r.put("idempotency_key", key);
    }
    r.0.to_string().as_string()
}

/// The journey a kept record holds; `None` when it holds none.
pub(crate) fn restore(text: &str) -> Option<Journey> {
    let r = Record(UrlSearchParams::new_with_str(text).ok()?);
    let locale: Locale = r.key("locale")?;
    let mut j = Journey::new(locale);
    j.idempotency_key = r.text("idempotency_key");
    j.step = r.key("step").unwrap_or(StepKey::Welcome);
    let d = &mut j.draft;
    d.consent = r.flag("consent");
    let safety: Vec<Option<bool>> = r.text("safety").unwrap_or_default().chars().map(answer_of).collect();
    if safety.len() == d.safety.len() {
        d.safety = safety;
    }
    d.left = ShoeDraft { zones: r.keys("zones_left"), counter: r.key("counter_left") };
    d.right = ShoeDraft { zones: r.keys("zones_right"), counter: r.key("counter_right") };
    d.shoes_skipped = r.flag("shoes_skipped");
    for q in QuestionKey::ALL {
        for option in r.text(q.as_str()).unwrap_or_default().split(',') {
            d.choose(*q, option);
        }
    }
    for (side, closed, name) in TRIES {
        for seconds in r.tries(name) {
            d.add_try(side, closed, seconds);
        }
    }
    if let (Some(id), Some(token), Some(result)) =
        (r.text("saved_id"), r.text("saved_token"), r.text("saved_result"))
    {
        j.saving = Saving::Saved(Rc::new(Saved { id, token, result }));
    } else if r.flag("erased") {
        j.saving = Saving::Erased;
    }
    Some(j)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The key for one widget; a new questionnaire version starts fresh.
fn storage_key(widget: &str) -> String {
    format!("solecheck:{QUESTIONNAIRE_VERSION}:{widget}")
}

/// The journey kept for `widget`, if any.
pub fn load(widget: &str) -> Option<Journey> {
    restore(&storage()?.get_item(&storage_key(widget)).ok()??)
}

/// Keeps the journey (best effort: private modes may refuse storage).
pub fn save(widget: &str, journey: &Journey) {
    if let (Some(storage), Some(text)) = (storage(), keep(journey)) {
        let _ = storage.set_item(&storage_key(widget), &text);
    }
}

/// Drops the journey kept for `widget` (tests clean up after themselves).
#[cfg(all(test, target_arch = "wasm32"))]
pub fn forget(widget: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&storage_key(widget));
    }
}
