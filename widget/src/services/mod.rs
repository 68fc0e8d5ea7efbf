//! HTTP to the SoleCheck API, through one `request` that keeps the status and
//! the server's problem body.

use gloo_net::http::{Request, RequestBuilder};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use solecheck_shared::{
    Answers, AssessmentResult,
    api::{ClinicInfo, CodeIssued, Offers, Problem},
};

use wasm_bindgen::JsValue;

use crate::{json, state::Saved};

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The server could not be reached.
    Network,
    /// The server said no, with a problem body.
    Problem(Problem),
    /// Something else (an unexpected status or body).
    Unexpected(u16),
}

async fn request<B: Serialize, T: DeserializeOwned>(
    builder: RequestBuilder,
    body: Option<&B>,
) -> Result<T, Failure> {
    let request = match body {
        Some(body) => {
            let text = json::to_string(body).ok_or(Failure::Unexpected(0))?;
            builder.header("Content-Type", "application/json").body(text)
        }
        None => builder.build(),
    }
    .map_err(|_| Failure::Unexpected(0))?;
    let response = request.send().await.map_err(|_| Failure::Network)?;
    let status = response.status();
    let text = response.text().await.map_err(|_| Failure::Network)?;
    if (200..300).contains(&status) {
        return json::from_str(&text).ok_or(Failure::Unexpected(status));
    }
    json::from_str(&text).map(Failure::Problem).map_or(Err(Failure::Unexpected(status)), Err)
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
    let builder = Request::post(&format!("{api}/v1/assessments")).header("Idempotency-Key", idempotency_key);
    let created: Created = request(builder, Some(answers)).await?;
    let matches_local =
        json::to_string(local).is_some_and(|local| Some(local) == json::stringify(&created.result));
    Ok(Saved { id: created.id, token: created.token, matches_local })
}

/// The offers running today and the next one.
pub async fn offers(api: &str) -> Result<Offers, Failure> {
    request::<(), _>(Request::get(&format!("{api}/v1/offers")), None).await
}

/// The clinic's name and contact details.
pub async fn clinic(api: &str) -> Result<ClinicInfo, Failure> {
    request::<(), _>(Request::get(&format!("{api}/v1/clinic")), None).await
}

/// Issues (or fetches) this check's code.
pub async fn claim_code(api: &str, created: &Saved) -> Result<CodeIssued, Failure> {
    let builder = Request::post(&format!("{api}/v1/assessments/{}/code", created.id))
        .header("Authorization", &format!("Bearer {}", created.token));
    request::<(), _>(builder, None).await
}
