//! HTTP to the SoleCheck API: one `send` for every call (the browser's
//! `fetch`), then the answer read as the type each call expects.

mod replies;

use serde::de::DeserializeOwned;
use solecheck_shared::{Answers, AssessmentResult};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response};

use replies::Created;
pub use replies::{Clinic, Code, Offers};

use crate::json;

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

/// `fetch(url)` with `method`, `headers` and a JSON `body`; the status and
/// body of a 2xx answer. Not generic, so it is compiled once for all calls.
async fn send(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<String>,
) -> Result<(u16, String), Failure> {
    let init = RequestInit::new();
    init.set_method(method);
    let header_list = Headers::new().map_err(|_| Failure::Unexpected(0))?;
    for (name, value) in headers {
        header_list.set(name, value).map_err(|_| Failure::Unexpected(0))?;
    }
    if let Some(body) = body {
        header_list.set("Content-Type", "application/json").map_err(|_| Failure::Unexpected(0))?;
        init.set_body(&JsValue::from(body));
    }
    init.set_headers(&header_list);
    let window = web_sys::window().ok_or(Failure::Network)?;
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| Failure::Network)?
        .dyn_into()
        .map_err(|_| Failure::Unexpected(0))?;
    let status = response.status();
    if !(200..300).contains(&status) {
        return Err(Failure::Unexpected(status));
    }
    let text = response.text().map_err(|_| Failure::Network)?;
    let text = JsFuture::from(text).await.map_err(|_| Failure::Network)?;
    text.as_string().map(|text| (status, text)).ok_or(Failure::Unexpected(status))
}

/// A 2xx answer's body as a `T`.
fn read<T: DeserializeOwned>((status, text): (u16, String)) -> Result<T, Failure> {
    json::from_str(&text).ok_or(Failure::Unexpected(status))
}

/// A stored check: what the widget needs to claim its code, and the result
/// the clinic stored. The result shown is always the widget's own, scored
/// from the answers; `matches` says whether the clinic's is the same.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub id: String,
    /// The visitor's bearer secret for this one assessment.
    pub token: String,
    /// The stored result as `JSON.stringify` writes it.
    pub result: String,
}

impl Saved {
    /// Whether the clinic stored `local`: the same fields in the same order,
    /// numbers written by the same `JSON.stringify`. They differ only when
    /// this page runs older rules than the server (a reload fixes that, and
    /// is checked again then, as the stored result is kept with the journey).
    pub fn matches(&self, local: &AssessmentResult) -> bool {
        json::to_string(local).is_some_and(|local| local == self.result)
    }
}

/// Stores a check (consent given); retries with the same key are safe.
pub async fn save(api: &str, answers: &Answers, idempotency_key: &str) -> Result<Saved, Failure> {
    let body = json::to_string(answers).ok_or(Failure::Unexpected(0))?;
    let url = format!("{api}/v1/assessments");
    let (status, text) = send("POST", &url, &[("Idempotency-Key", idempotency_key)], Some(body)).await?;
    let created: Created = read((status, text))?;
    let result = json::stringify(&created.result).ok_or(Failure::Unexpected(status))?;
    Ok(Saved { id: created.id, token: created.token, result })
}

/// The offers running today and the next one.
pub async fn offers(api: &str) -> Result<Offers, Failure> {
    read(send("GET", &format!("{api}/v1/offers"), &[], None).await?)
}

/// The clinic's name and contact details.
pub async fn clinic(api: &str) -> Result<Clinic, Failure> {
    read(send("GET", &format!("{api}/v1/clinic"), &[], None).await?)
}

/// Issues (or fetches) this check's code.
pub async fn claim_code(api: &str, created: &Saved) -> Result<Code, Failure> {
    let url = format!("{api}/v1/assessments/{}/code", created.id);
    read(send("POST", &url, &[("Authorization", &format!("Bearer {}", created.token))], None).await?)
}
