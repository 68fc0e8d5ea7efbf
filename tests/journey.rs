//! Steps of the visitor's journey through the API, for tests that need a
//! stored check or an issued code as their starting point.

use serde_json::Value;

use crate::{Server, fixtures::example_answers};

impl Server {
    /// Stores the CONTENT.md example check: its id and visitor token.
    pub async fn stored_check(&self) -> (String, String) {
        let resp = self.post("/v1/assessments", &example_answers()).await;
        assert_eq!(resp.status(), 201, "store a check");
        let created: Value = resp.json().await.expect("assessment created");
        let field = |name: &str| created[name].as_str().expect("id and token").to_owned();
        (field("id"), field("token"))
    }

    /// A stored check's code for the offer running today (there must be one,
    /// e.g. in demo mode): its display form.
    pub async fn issued_code(&self) -> String {
        let (id, token) = self.stored_check().await;
        let resp = self
            .http
            .post(self.url(&format!("/v1/assessments/{id}/code")))
            .bearer_auth(token)
            .send()
            .await
            .expect("claim a code");
        assert_eq!(resp.status(), 201, "claim a code");
        let issued: Value = resp.json().await.expect("code issued");
        issued["code"].as_str().expect("code").to_owned()
    }
}
