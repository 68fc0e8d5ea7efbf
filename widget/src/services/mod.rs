//! HTTP to the SoleCheck API: one `send` for every call (the browser's
//! `fetch`), then the answer read as the type each call expects.

pub(crate) mod replies;

use solecheck_shared::{Answers, AssessmentResult};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response};

pub use replies::{Clinic, Code, Offer, Offers};
use replies::{Created, Reply};

use crate::json;

/// A call failed: the server could not be reached, refused, or sent what
/// the widget cannot read. The visitor is told the same in every case (try
/// again), so which one it was is not kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure;

/// `fetch(url)` with `method`, `headers` and a JSON `body`; the body of a 2xx
/// answer. Not generic, so it is compiled once for all calls.
async fn send(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<String>,
) -> Result<String, Failure> {
    let (ok, _, text) = exchange(method, url, headers, body).await?;
    if ok { Ok(text) } else { Err(Failure) }
}

/// `fetch(url)` as [`send`] makes it: whether the answer was a 2xx, its
/// status and its body, whatever the status.
async fn exchange(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<String>,
) -> Result<(bool, u16, String), Failure> {
    let init = RequestInit::new();
    init.set_method(method);
    let header_list = Headers::new().map_err(|_| Failure)?;
    for (name, value) in headers {
        header_list.set(name, value).map_err(|_| Failure)?;
    }
    if let Some(body) = body {
        header_list.set("Content-Type", "application/json").map_err(|_| Failure)?;
        init.set_body(&JsValue::from(body));
    }
    init.set_headers(&header_list);
    let window = web_sys::window().ok_or(Failure)?;
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| Failure)?
        .dyn_into()
        .map_err(|_| Failure)?;
    let (ok, status) = (response.ok(), response.status());
    let text = JsFuture::from(response.text().map_err(|_| Failure)?).await.map_err(|_| Failure)?;
    Ok((ok, status, text.as_string().ok_or(Failure)?))
}

/// A 2xx answer's body as a `T`.
fn read<T: Reply>(text: &str) -> Result<T, Failure> {
    T::read(&js_sys::JSON::parse(text).map_err(|_| Failure)?).ok_or(Failure)
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
    let body = json::to_string(answers).ok_or(Failure)?;
    let url = format!("{api}/v1/assessments");
    let created: Created =
        read(&send("POST", &url, &[("Idempotency-Key", idempotency_key)], Some(body)).await?)?;
    let result = json::stringify(&created.result).ok_or(Failure)?;
    Ok(Saved { id: created.id, token: created.token, result })
}

/// The offers running today and the next one.
pub async fn offers(api: &str) -> Result<Offers, Failure> {
    read(&send("GET", &format!("{api}/v1/offers"), &[], None).await?)
}

/// The clinic's name and contact details.
pub async fn clinic(api: &str) -> Result<Clinic, Failure> {
    read(&send("GET", &format!("{api}/v1/clinic"), &[], None).await?)
}

/// Issues (or fetches) this check's code.
pub async fn claim_code(api: &str, saved: &Saved) -> Result<Code, Failure> {
    let url = format!("{api}/v1/assessments/{}/code", saved.id);
    read(&send("POST", &url, &[("Authorization", &bearer(saved))], None).await?)
}

/// `Authorization` for the visitor's own check.
fn bearer(saved: &Saved) -> String {
    format!("Bearer {}", saved.token)
}

/// Everything the clinic stores about this check (`AssessmentExport`), as
/// the JSON text the visitor downloads.
pub async fn export(api: &str, saved: &Saved) -> Result<String, Failure> {
    let url = format!("{api}/v1/assessments/{}/export", saved.id);
    send("GET", &url, &[("Authorization", &bearer(saved))], None).await
}

/// Erases the check's answers and result (the visitor's `DELETE`). A check
/// already gone answers the API's own 404 `not_found`: the outcome asked for
/// (the clinic erased it on the phone, or it aged out). Another 404 (a
/// proxy, a wrong address) is not.
pub async fn erase(api: &str, saved: &Saved) -> Result<(), Failure> {
    let url = format!("{api}/v1/assessments/{}", saved.id);
    let (ok, status, text) = exchange("DELETE", &url, &[("Authorization", &bearer(saved))], None).await?;
    let gone = status == 404 && replies::problem_code(&text).as_deref() == Some("not_found");
    if ok || gone { Ok(()) } else { Err(Failure) }
}
