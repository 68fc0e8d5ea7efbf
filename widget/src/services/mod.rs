//! HTTP to the SoleCheck API, through one `request` that keeps the status and
//! the server's problem body.

use gloo_net::http::{Request, RequestBuilder};
use serde::{Serialize, de::DeserializeOwned};
use solecheck_shared::{
    Answers,
    api::{AssessmentCreated, ClinicInfo, CodeIssued, Offers, Problem},
};

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
        Some(body) => builder.json(body).map_err(|_| Failure::Unexpected(0))?,
        None => builder.build().map_err(|_| Failure::Unexpected(0))?,
    };
    let response = request.send().await.map_err(|_| Failure::Network)?;
    let status = response.status();
    if (200..300).contains(&status) {
        return response.json::<T>().await.map_err(|_| Failure::Unexpected(status));
    }
    match response.json::<Problem>().await {
        Ok(problem) => Err(Failure::Problem(problem)),
        Err(_) => Err(Failure::Unexpected(status)),
    }
}

/// Stores a check (consent given); retries with the same key are safe.
pub async fn save(api: &str, answers: &Answers, idempotency_key: &str) -> Result<AssessmentCreated, Failure> {
    let builder = Request::post(&format!("{api}/v1/assessments")).header("Idempotency-Key", idempotency_key);
    request(builder, Some(answers)).await
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
pub async fn claim_code(api: &str, created: &AssessmentCreated) -> Result<CodeIssued, Failure> {
    let builder = Request::post(&format!("{api}/v1/assessments/{}/code", created.id))
        .header("Authorization", &format!("Bearer {}", created.token));
    request::<(), _>(builder, None).await
}
