//! Steps of the visitor's journey through the API, for tests that need a
//! stored check or an issued code as their starting point.

use serde_json::{Value, json};

use crate::{Server, fixtures::example_answers};

impl Server {
    /// Ends every campaign (admin token `admin`): no offer runs afterwards.
    pub async fn end_campaigns(&self, admin: &str) {
        let campaigns: Value =
            self.get_with("/v1/campaigns?limit=100", admin).await.json().await.expect("campaigns");
        for c in campaigns["items"].as_array().expect("a page of campaigns") {
            let path = format!("/v1/campaigns/{}", c["id"].as_str().expect("campaign id"));
            let resp = self
                .http
                .patch(self.url(&path))
                .bearer_auth(admin)
                .json(&json!({"ended": true}))
                .send()
                .await;
            assert_eq!(resp.expect("end a campaign").status(), 200);
        }
    }

    /// Creates a campaign (admin token `admin`) from `body`; the stored campaign.
    pub async fn add_campaign(&self, admin: &str, body: &Value) -> Value {
        let resp = self.http.post(self.url("/v1/campaigns")).bearer_auth(admin).json(body).send().await;
        let resp = resp.expect("create a campaign");
        assert_eq!(resp.status(), 201, "create a campaign");
        resp.json().await.expect("campaign")
    }

    /// The clinic's local date today, as the server counts it.
    pub async fn clinic_today(&self) -> String {
        let offers: Value = self.get("/v1/offers").await.json().await.expect("offers");
        offers["today"].as_str().expect("today").to_owned()
    }

    /// Stores a check with `answers`: its id and visitor token.
    pub async fn stored_check(&self, answers: &Value) -> (String, String) {
        let resp = self.post("/v1/assessments", answers).await;
        assert_eq!(resp.status(), 201, "store a check");
        let created: Value = resp.json().await.expect("assessment created");
        let field = |name: &str| created[name].as_str().expect("id and token").to_owned();
        (field("id"), field("token"))
    }

    /// `POST /v1/assessments/{id}/code` with the check's visitor token.
    pub async fn claim_code(&self, id: &str, token: &str) -> reqwest::Response {
        let path = format!("/v1/assessments/{id}/code");
        self.http.post(self.url(&path)).bearer_auth(token).send().await.expect("claim a code")
    }

    /// The example check's code for the offer running today (there must be
    /// one, e.g. in demo mode): its display form.
    pub async fn issued_code(&self) -> String {
        let (id, token) = self.stored_check(&example_answers()).await;
        let resp = self.claim_code(&id, &token).await;
        assert_eq!(resp.status(), 201, "claim a code");
        let issued: Value = resp.json().await.expect("code issued");
        issued["code"].as_str().expect("code").to_owned()
    }
}
