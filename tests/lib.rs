//! The end-to-end harness: starts the real `solecheck-api` binary on a free port
//! against a fresh SQLite file or a fresh PostgreSQL database, and drives
//! headless Chromium through chromedriver. Each test gets its own server and
//! database, so tests run in parallel without sharing state.

pub mod accessibility;
pub mod browser;
pub mod contract;
pub mod database;
pub mod fixtures;
pub mod journey;
pub mod page;
pub mod proxy;
pub mod server;
pub mod totp;

pub use browser::Browser;
pub use database::Backend;
pub use server::Server;

/// Asserts an RFC 9457 problem with this status and machine code; returns its body.
pub async fn expect_problem(resp: reqwest::Response, status: u16, code: &str) -> serde_json::Value {
    assert_eq!(resp.status().as_u16(), status);
    let content_type = resp.headers()["content-type"].to_str().unwrap().to_owned();
    assert_eq!(content_type, "application/problem+json");
    let body: serde_json::Value = resp.json().await.expect("problem body");
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], status);
    for field in ["type", "title", "detail"] {
        assert!(body[field].is_string(), "{field} missing in {body}");
    }
    body
}

/// The workspace root (this crate lives in `tests/`).
pub fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default()
}

/// The files the widget's loader (`/widget/solecheck.js`) imports, in order:
/// the content-hashed glue and wasm names .ci/build-widget.sh writes into it.
pub fn loader_imports(loader: &str) -> Vec<String> {
    loader.split('"').filter_map(|piece| piece.strip_prefix("./")).map(str::to_owned).collect()
}
