//! HTTP to the SoleCheck API: one `send` for every call, then the answer read
//! as the type each call expects.

use gloo_net::http::Request;
use serde::{Deserialize, de::DeserializeOwned};
use solecheck_shared::{
    Answers, AssessmentResult,
    api::{ClinicInfo, CodeIssued, Offers},
};
use wasm_bindgen::JsValue;

use crate::{json, state::Saved};

/// Why a call failed. The widget tells the visitor the same thing whatever
/// the server's problem was (try again), so the problem body is not read.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The server could not be reached.
    Network,
    /// The server answered with this status, or with a body the widget could
    /// not read (0: the request could not be built).
    Unexpected(u16),
}

/// Sends `request`; the status and body of a 2xx answer. Not generic, so the
/// fetch is compiled once for all the calls.
async fn send(request: Result<Request, gloo_net::Error>) -> Result<(u16, String), Failure> {
    let response = request.map_err(|_| Failure::Unexpected(0))?.send().await.map_err(|_| Failure::Network)?;
    let status = response.status();
    if !(200..300).contains(&status) {
        return Err(Failure::Unexpected(status));
    }
    let text = response.text().await.map_err(|_| Failure::Network)?;
    Ok((status, text))
}

/// A 2xx answer's body as a `T`.
fn read<T: DeserializeOwned>((status, text): (u16, String)) -> Result<T, Failure> {
    json::from_str(&text).ok_or(Failure::Unexpected(status))
}

/// `AssessmentCreated` as the widget reads it: the stored result stays a JS
/// value, to be compared with the widget's own result as JSON text (the same
/// fields in the same order, numbers written by the same `JSON.stringify`).
/// Typed, it would add a deserializer for every part of a result to the
/// download, only to rebuild what the widget already holds.
#[derive(Deserialize)]
struct Created {
    id: String,
    token: String,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    result: JsValue,
}

/// Stores a check (consent given); retries with the same key are safe. The
/// answer says whether the server's result equals `local`, the widget's own
/// scoring of `answers`: they differ only when the page runs older rules.
pub async fn save(
    api: &str,
    answers: &Answers,
    local: &AssessmentResult,
    idempotency_key: &str,
) -> Result<Saved, Failure> {
    let body = json::to_string(answers).ok_or(Failure::Unexpected(0))?;
    let request = Request::post(&format!("{api}/v1/assessments"))
        .header("Idempotency-Key", idempotency_key)
        .header("Content-Type", "application/json")
        .body(body);
    let created: Created = read(send(request).await?)?;
    let matches_local =
        json::to_string(local).is_some_and(|local| Some(local) == json::stringify(&created.result));
    Ok(Saved { id: created.id, token: created.token, matches_local })
}

/// The offers running today and the next one.
pub async fn offers(api: &str) -> Result<Offers, Failure> {
    read(send(Request::get(&format!("{api}/v1/offers")).build()).await?)
}

/// The clinic's name and contact details.
pub async fn clinic(api: &str) -> Result<ClinicInfo, Failure> {
    read(send(Request::get(&format!("{api}/v1/clinic")).build()).await?)
}

/// Issues (or fetches) this check's code.
pub async fn claim_code(api: &str, created: &Saved) -> Result<CodeIssued, Failure> {
    let request = Request::post(&format!("{api}/v1/assessments/{}/code", created.id))
        .header("Authorization", &format!("Bearer {}", created.token))
        .build();
    read(send(request).await?)
}
