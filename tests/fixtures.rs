//! Request bodies used across the end-to-end tests.

use serde_json::{Value, json};

/// The answers of CONTENT.md section 8 (a `soon` referral, pronation-side wear).
pub fn example_answers() -> Value {
    solecheck_shared::fixtures::example_json()
}

/// Answers with an urgent red flag.
pub fn urgent_answers() -> Value {
    let mut a = example_answers();
    a["safety"] = json!(["bladder_bowel"]);
    a
}
