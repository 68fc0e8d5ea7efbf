//! HTTPS of the server's own (`SOLECHECK_TLS_CERT`, `SOLECHECK_TLS_KEY`): with a
//! certificate made at test time, a client that trusts only that certificate
//! goes through a visitor's check and the front desk's sign-in, every reply
//! carries HSTS, and plain HTTP is not served. A missing, unreadable or
//! mismatched file stops start-up with the variable's name.

use std::path::{Path, PathBuf};

use solecheck_tests::{
    Backend, Server, contract::client_trusting, database::TestDb, fixtures::example_answers,
};

use super::cli::{run, text};

/// A certificate for 127.0.0.1 and localhost and its key, as PEM files in a folder of their own.
pub(crate) struct Certificate {
    dir: tempfile::TempDir,
    pub(crate) pem: String,
}

impl Certificate {
    pub(crate) fn new() -> Self {
        let made = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
            .expect("make a certificate");
        let dir = tempfile::tempdir().expect("temp dir");
        let pem = made.cert.pem();
        std::fs::write(dir.path().join("cert.pem"), &pem).expect("write certificate");
        std::fs::write(dir.path().join("key.pem"), made.signing_key.serialize_pem()).expect("write key");
        Self { dir, pem }
    }

    pub(crate) fn cert(&self) -> PathBuf {
        self.dir.path().join("cert.pem")
    }

    pub(crate) fn key(&self) -> PathBuf {
        self.dir.path().join("key.pem")
    }
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

async fn https_serves_a_visitor_and_the_front_desk(backend: Backend) {
    let Some(db) = TestDb::create(backend) else { return };
    let certificate = Certificate::new();
    let mut server = Server::start_on_env(
        db,
        &[("SOLECHECK_TLS_CERT", path(&certificate.cert())), ("SOLECHECK_TLS_KEY", path(&certificate.key()))],
    );
    assert!(server.base.starts_with("https://127.0.0.1:"), "the address line says https: {}", server.base);
    server.http = client_trusting(&certificate.pem, None);

    let resp = server.post("/v1/assessments", &example_answers()).await;
    assert_eq!(resp.status(), 201);
    assert_eq!(
        resp.headers().get("strict-transport-security").map(|v| v.to_str().unwrap()),
        Some("max-age=31536000"),
        "HTTPS replies tell browsers to stay on HTTPS"
    );
    let check: serde_json::Value = resp.json().await.unwrap();
    assert!(check["id"].is_string(), "{check}");
    let token = server.staff_token("staff").await;
    let resp = server.get_with("/v1/auth/me", &token).await;
    assert_eq!(resp.status(), 200);
    assert!(resp.headers().contains_key("strict-transport-security"));
    let resp = server.get("/widget/solecheck.js").await;
    assert_eq!(resp.status(), 200);
    assert!(resp.headers().contains_key("strict-transport-security"), "static files too");

    // Plain HTTP on the same port is not answered.
    let plain = server.base.replacen("https://", "http://", 1);
    let resp = reqwest::Client::new().get(format!("{plain}/healthz")).send().await;
    assert!(resp.is_err(), "plain HTTP was answered: {:?}", resp.map(|r| r.status()));
    // A client that does not trust the certificate refuses the server.
    let wary = reqwest::Client::builder().tls_built_in_root_certs(false).build().unwrap();
    let resp = wary.get(server.url("/healthz")).send().await;
    assert!(resp.is_err(), "an untrusted certificate was accepted");
}

/// Runs `serve` with `env` on a database that must stay untouched; its standard error.
fn refused_start(env: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("clinic.db");
    let mut all = vec![("DATABASE_URL", path(&db)), ("SOLECHECK_BIND", "127.0.0.1:0")];
    all.extend_from_slice(env);
    let out = run(&["serve"], &all, None, None);
    assert!(!out.status.success(), "serve started with {env:?}");
    assert_eq!(text(&out.stdout), "", "nothing was served");
    assert!(!db.exists(), "the database was not touched before the settings were checked");
    text(&out.stderr)
}

#[test]
fn a_certificate_without_its_key_stops_start_up() {
    let certificate = Certificate::new();
    let stderr = refused_start(&[("SOLECHECK_TLS_CERT", path(&certificate.cert()))]);
    assert!(stderr.contains("SOLECHECK_TLS_CERT is set but SOLECHECK_TLS_KEY is not"), "{stderr}");
    let stderr = refused_start(&[("SOLECHECK_TLS_KEY", path(&certificate.key()))]);
    assert!(stderr.contains("SOLECHECK_TLS_KEY is set but SOLECHECK_TLS_CERT is not"), "{stderr}");
}

#[test]
fn a_missing_or_unreadable_file_is_named() {
    let certificate = Certificate::new();
    let missing = certificate.dir.path().join("missing.pem");
    let stderr = refused_start(&[
        ("SOLECHECK_TLS_CERT", path(&missing)),
        ("SOLECHECK_TLS_KEY", path(&certificate.key())),
    ]);
    assert!(stderr.contains("SOLECHECK_TLS_CERT: cannot read") && stderr.contains("missing.pem"), "{stderr}");
    let stderr = refused_start(&[
        ("SOLECHECK_TLS_CERT", path(&certificate.cert())),
        ("SOLECHECK_TLS_KEY", path(certificate.dir.path())),
    ]);
    assert!(stderr.contains("SOLECHECK_TLS_KEY: cannot read"), "a folder is not a key file: {stderr}");
    // The files swapped: the key file holds no certificate, and the other way round.
    let stderr = refused_start(&[
        ("SOLECHECK_TLS_CERT", path(&certificate.key())),
        ("SOLECHECK_TLS_KEY", path(&certificate.key())),
    ]);
    assert!(stderr.contains("SOLECHECK_TLS_CERT:") && stderr.contains("holds no certificate"), "{stderr}");
    let stderr = refused_start(&[
        ("SOLECHECK_TLS_CERT", path(&certificate.cert())),
        ("SOLECHECK_TLS_KEY", path(&certificate.cert())),
    ]);
    assert!(stderr.contains("SOLECHECK_TLS_KEY:") && stderr.contains("holds no private key"), "{stderr}");
}

#[test]
fn a_key_of_another_certificate_stops_start_up() {
    let (one, other) = (Certificate::new(), Certificate::new());
    let stderr = refused_start(&[
        ("SOLECHECK_TLS_CERT", path(&one.cert())),
        ("SOLECHECK_TLS_KEY", path(&other.key())),
    ]);
    assert!(
        stderr.contains("SOLECHECK_TLS_KEY is not the private key of the certificate in SOLECHECK_TLS_CERT"),
        "{stderr}"
    );
}

crate::on_both_backends!(https_serves_a_visitor_and_the_front_desk);
