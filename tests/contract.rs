//! Every answer the end-to-end tests receive is checked against the server's
//! own `/openapi.json`: the status must be documented for that operation, the
//! media type must be the documented one, and the body must match the
//! documented schema, with no undocumented fields. The check sits in the test
//! HTTP client (a `reqwest-middleware` layer), so every test exercises it and
//! a mismatch fails the test that met it.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use reqwest_middleware::{Middleware, Next, reqwest};
use serde_json::{Map, Value};
use tokio::sync::OnceCell;

/// One documented operation: method and path template split into segments
/// (`None` for a `{parameter}`).
struct Operation {
    method: String,
    template: String,
    segments: Vec<Option<String>>,
}

impl Operation {
    fn matches(&self, method: &str, path: &str) -> bool {
        let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        let parts = if path == "/" { vec![""] } else { parts };
        let template = if self.template == "/" { vec![None] } else { self.segments.clone() };
        self.method == method
            && parts.len() == template.len()
            && parts.iter().zip(&template).all(|(part, seg)| match seg {
                None => !part.is_empty(),
                Some(fixed) => part == fixed,
            })
    }
}

/// The document and the validators made from it so far.
pub struct Contract {
    document: Value,
    operations: Vec<Operation>,
    validators: Mutex<HashMap<String, Arc<jsonschema::Validator>>>,
}

impl Contract {
    /// Reads a document.
    pub fn new(document: Value) -> Self {
        let mut operations = Vec::new();
        for (template, item) in document["paths"].as_object().into_iter().flatten() {
            for method in item.as_object().into_iter().flatten().map(|(m, _)| m.to_uppercase()) {
                let segments = template
                    .split('/')
                    .map(|s| (!(s.starts_with('{') && s.ends_with('}'))).then(|| s.to_owned()))
                    .collect();
                operations.push(Operation { method, template: template.clone(), segments });
            }
        }
        Self { document, operations, validators: Mutex::new(HashMap::new()) }
    }

    /// A compiled validator for a response schema, with the document's components.
    fn validator(&self, key: &str, schema: &Value) -> Result<Arc<jsonschema::Validator>, String> {
        let mut cache = self.validators.lock().map_err(|_| "validator cache poisoned".to_owned())?;
        if let Some(found) = cache.get(key) {
            return Ok(found.clone());
        }
        let mut root: Map<String, Value> = schema.as_object().cloned().unwrap_or_default();
        root.insert("components".into(), self.document["components"].clone());
        let mut root = Value::Object(root);
        solecheck_shared::fixtures::closed_schema(&mut root);
        let validator = jsonschema::draft202012::new(&root).map_err(|e| format!("schema of {key}: {e}"))?;
        let validator = Arc::new(validator);
        cache.insert(key.to_owned(), validator.clone());
        Ok(validator)
    }

    /// Checks one answer; `Ok` also for paths the document does not cover
    /// (static files), which the route-completeness test looks after.
    pub fn check(
        &self,
        method: &str,
        path: &str,
        status: u16,
        media: &str,
        body: &[u8],
    ) -> Result<(), String> {
        let Some(op) = self.operations.iter().find(|op| op.matches(method, path)) else { return Ok(()) };
        let what = format!("{method} {} -> {status}", op.template);
        let responses = &self.document["paths"][&op.template][method.to_lowercase()]["responses"];
        let spec = match (responses.get(status.to_string()), responses.get("default")) {
            (Some(spec), _) | (None, Some(spec)) => spec,
            (None, None) => return Err(format!("{what}: this status is not documented")),
        };
        let Some(content) = spec["content"].as_object().filter(|c| !c.is_empty()) else {
            return if body.is_empty() {
                Ok(())
            } else {
                Err(format!("{what}: documented without a body, sent one"))
            };
        };
        let Some(media_spec) = content.get(media) else {
            let documented: Vec<&String> = content.keys().collect();
            return Err(format!("{what}: sent {media:?}, documented {documented:?}"));
        };
        let Some(schema) = media_spec.get("schema") else { return Ok(()) };
        if !media.ends_with("json") {
            return Ok(());
        }
        let value: Value =
            serde_json::from_slice(body).map_err(|e| format!("{what}: body is not JSON: {e}"))?;
        let validator = self.validator(&format!("{what} {media}"), schema)?;
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .take(5)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(format!("{what}: body does not match the schema: {errors:?}\n{value}"))
        }
    }
}

/// The document of the server under test, fetched once per test run (every
/// server serves the same one).
static CONTRACT: OnceCell<Contract> = OnceCell::const_new();

/// The `reqwest-middleware` layer that checks every answer; `documents`
/// fetches the server's `/openapi.json` (trusting what the test's client trusts).
pub struct ContractCheck {
    documents: reqwest::Client,
}

#[async_trait::async_trait]
impl Middleware for ContractCheck {
    async fn handle(
        &self,
        req: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let (method, url) = (req.method().as_str().to_owned(), req.url().clone());
        let response = next.run(req, extensions).await?;
        let contract = CONTRACT
            .get_or_try_init(|| async {
                let mut doc_url = url.clone();
                doc_url.set_path("/openapi.json");
                doc_url.set_query(None);
                let document: Value = self.documents.get(doc_url).send().await?.json().await?;
                Ok::<_, reqwest::Error>(Contract::new(document))
            })
            .await?;
        let status = response.status();
        let version = response.version();
        let headers = response.headers().clone();
        let media = headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .unwrap_or_default()
            .trim()
            .to_owned();
        let body = response.bytes().await?;
        // A compressed body (a test of compression) is not decoded here.
        let encoded = headers.get(reqwest::header::CONTENT_ENCODING).is_some_and(|v| v != "identity");
        let checked = if encoded {
            Ok(())
        } else {
            contract.check(&method, url.path(), status.as_u16(), &media, &body)
        };
        if let Err(violation) = checked {
            panic!("the answer breaks /openapi.json: {violation}");
        }
        // Hand the test an answer it can read as if nothing had looked at it.
        let mut rebuilt = http::Response::builder().status(status).version(version);
        if let Some(h) = rebuilt.headers_mut() {
            *h = headers;
        }
        let rebuilt = rebuilt.body(body).map_err(|e| reqwest_middleware::Error::Middleware(e.into()))?;
        Ok(reqwest::Response::from(rebuilt))
    }
}

/// A test HTTP client whose every answer is checked against the contract.
pub fn client() -> reqwest_middleware::ClientWithMiddleware {
    client_from(None)
}

/// Like [`client`], connecting from `local` (a loopback address such as
/// 127.0.0.2, so that a proxy sees a visitor of its own) when given.
pub fn client_from(local: Option<std::net::IpAddr>) -> reqwest_middleware::ClientWithMiddleware {
    checked(reqwest::Client::builder().local_address(local))
}

/// Like [`client_from`] for `https://` addresses, trusting only the PEM
/// certificate `root` (none of the system's or the crate's built-in roots).
pub fn client_trusting(
    root: &str,
    local: Option<std::net::IpAddr>,
) -> reqwest_middleware::ClientWithMiddleware {
    let root =
        reqwest::Certificate::from_pem(root.as_bytes()).unwrap_or_else(|e| panic!("root certificate: {e}"));
    let builder = reqwest::Client::builder().tls_built_in_root_certs(false).add_root_certificate(root);
    checked(builder.https_only(true).local_address(local))
}

/// The client `builder` makes, with this module's timeouts and the contract check.
fn checked(builder: reqwest::ClientBuilder) -> reqwest_middleware::ClientWithMiddleware {
    let inner = builder
        .timeout(std::time::Duration::from_secs(30))
        // Shorter than the server's keep-alive (75 s), so the client always
        // drops an idle connection first and never reuses one being closed.
        .pool_idle_timeout(std::time::Duration::from_secs(20))
        .build()
        .unwrap_or_else(|e| panic!("http client: {e}"));
    reqwest_middleware::ClientBuilder::new(inner.clone()).with(ContractCheck { documents: inner }).build()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn doc() -> Value {
        json!({
            "paths": {
                "/v1/things/{id}": {"get": {"responses": {
                    "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                    "204": {"description": "gone"},
                    "404": {"content": {"application/problem+json": {"schema": {"type": "object"}}}}
                }}}
            },
            "components": {"schemas": {"Thing": {"type": "object", "required": ["n"],
                "properties": {"n": {"type": "integer"}, "note": {"type": ["string", "null"]}}}}}
        })
    }

    #[test]
    fn answers_are_held_to_the_document() {
        let c = Contract::new(doc());
        let ok =
            |status, media: &str, body: &str| c.check("GET", "/v1/things/7", status, media, body.as_bytes());
        assert_eq!(ok(200, "application/json", r#"{"n": 1, "note": null}"#), Ok(()));
        assert!(ok(200, "application/json", r#"{"n": "1"}"#).unwrap_err().contains("does not match"));
        assert!(
            ok(200, "application/json", r#"{"n": 1, "extra": true}"#).unwrap_err().contains("does not match")
        );
        assert!(ok(200, "text/plain", "1").unwrap_err().contains("documented"));
        assert!(ok(500, "application/json", "{}").unwrap_err().contains("not documented"));
        assert!(ok(204, "", "x").unwrap_err().contains("without a body"));
        assert_eq!(ok(204, "", ""), Ok(()));
        assert_eq!(ok(404, "application/problem+json", "{}"), Ok(()));
        // Paths outside the document (static files) are not this check's business.
        assert_eq!(c.check("GET", "/widget/x.js", 200, "text/javascript", b"x"), Ok(()));
        assert_eq!(c.check("GET", "/v1/things/7/more", 500, "", b""), Ok(()));
    }
}
