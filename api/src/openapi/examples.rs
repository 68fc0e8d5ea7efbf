//! A realistic request and answer for every operation, recorded from a real
//! server by `.ci/openapi-examples.py` (a January morning at the clinic: a
//! visitor's check and code, the front desk's redemption, an admin's
//! corrections) and carried by the document as each body's `example`. The
//! unit tests check each against its schema, so a changed schema fails them
//! until the examples are recorded again.

use serde_json::Value;

use super::problems::operations;

/// `examples.json`: per operation id, the `request` body sent and the
/// `responses` answered, by status.
const RECORDED: &str = include_str!("examples.json");

/// Gives each JSON request body and answer of `doc` its recorded example.
/// The operations that have a JSON body or answer with no example, as
/// `operationId part`.
pub fn add(doc: &mut Value) -> Vec<String> {
    let recorded: Value = serde_json::from_str(RECORDED).unwrap_or_default();
    let mut missing = Vec::new();
    let places: Vec<(String, String)> =
        operations(doc).map(|(path, method, _)| (path.clone(), method.clone())).collect();
    for (path, method) in places {
        let op = &mut doc["paths"][&path][&method];
        let id = op["operationId"].as_str().unwrap_or_default().to_owned();
        let examples = &recorded[&id];
        if let Some(body) = op.pointer_mut("/requestBody/content/application~1json") {
            match examples.get("request") {
                Some(example) => body["example"] = example.clone(),
                None => missing.push(format!("{id} request")),
            }
        }
        for (status, answer) in op["responses"].as_object_mut().into_iter().flatten() {
            let Some(body) = answer.pointer_mut("/content/application~1json") else { continue };
            if body.get("schema").is_none() {
                // The document itself: its own example.
                continue;
            }
            match examples["responses"].get(status) {
                Some(example) => body["example"] = example.clone(),
                None => missing.push(format!("{id} {status}")),
            }
        }
    }
    missing
}
