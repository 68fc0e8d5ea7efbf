//! No usable secret at rest (README "What SoleCheck keeps"): after a keyed
//! check, a code claim, a staff sign-in and a refresh, a copy of the database
//! holds none of the visitor's token, the `Idempotency-Key`, the refresh
//! tokens, the access tokens or the password as they were sent, nor the key
//! that signs staff tokens (sealed with the key file kept outside it). SQLite is
//! scanned byte by byte (file and write-ahead log), PostgreSQL row by row of
//! every table; each scan first finds what it must find, so it scans something.

use base64::Engine;
use serde_json::{Value, json};
use solecheck_tests::{Backend, Server, fixtures::example_answers};

use crate::codes::one_offer_today;

/// Fails naming the secret (not its value) when `haystack` holds any of `secrets`.
fn assert_none_in(haystack: &[u8], secrets: &[(&str, String)]) {
    for (name, secret) in secrets {
        let found = haystack.windows(secret.len()).any(|w| w == secret.as_bytes());
        assert!(!found, "the database holds the {name} as it was sent");
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

async fn a_copy_of_the_database_holds_no_usable_secret(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let email = format!("admin-{}@clinic.test", uuid::Uuid::new_v4().simple());
    let password = server.add_staff(&email, "admin");
    let tokens = server.login(&email, &password).await;
    let admin = tokens["access_token"].as_str().unwrap().to_owned();
    one_offer_today(&server, &admin).await;

    let key = uuid::Uuid::new_v4().to_string();
    let resp = server
        .http
        .post(server.url("/v1/assessments"))
        .header("Idempotency-Key", &key)
        .json(&example_answers())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let check: Value = resp.json().await.unwrap();
    let (id, token) = (check["id"].as_str().unwrap(), check["token"].as_str().unwrap());
    let claimed = server.claim_code(id, token).await;
    assert_eq!(claimed.status(), 201);
    let code: Value = claimed.json().await.unwrap();
    let resp = server.post("/v1/auth/refresh", &json!({"refresh_token": tokens["refresh_token"]})).await;
    assert_eq!(resp.status(), 200);
    let renewed: Value = resp.json().await.unwrap();

    // The key that signs staff tokens, opened with the key file: it is the
    // real one, since the access token verifies with it.
    let kid = jsonwebtoken::decode_header(&admin).unwrap().kid.unwrap();
    let signing_key = server.signing_key(&kid);
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    validation.set_audience(&["solecheck-staff"]);
    jsonwebtoken::decode::<Value>(&admin, &jsonwebtoken::DecodingKey::from_secret(&signing_key), &validation)
        .expect("the opened key signed the access token");
    let secrets = [
        ("token signing key", base64::engine::general_purpose::STANDARD.encode(&signing_key)),
        ("visitor token", token.to_owned()),
        ("Idempotency-Key", key.clone()),
        ("first refresh token", tokens["refresh_token"].as_str().unwrap().to_owned()),
        ("renewed refresh token", renewed["refresh_token"].as_str().unwrap().to_owned()),
        ("access token", admin.clone()),
        ("renewed access token", renewed["access_token"].as_str().unwrap().to_owned()),
        ("password", password.clone()),
    ];
    // What must be there, or the scan would pass on an empty file: the
    // check, its code (kept without the dashes it is shown with), and the
    // visitor token's hash (how it is kept).
    let token_hash = sha256_hex(token);
    let code = code["code"].as_str().unwrap().replace('-', "");
    let present = [id, code.as_str(), &token_hash, email.as_str()];
    match server.db().sqlite_bytes() {
        Some(bytes) => {
            assert!(bytes.len() > 100_000, "a real database file: {} bytes", bytes.len());
            for needle in present {
                assert!(contains(&bytes, needle), "the scan finds {needle}");
            }
            assert_none_in(&bytes, &secrets);
            let raw = bytes.windows(signing_key.len()).any(|w| w == signing_key.as_slice());
            assert!(!raw, "the database holds the token signing key's bytes");
        }
        None => {
            let rows = server.db().postgres_rows().join("\n");
            for needle in present {
                assert!(rows.contains(needle), "the scan finds {needle}");
            }
            for table in ["assessments:", "idempotency_keys:", "refresh_tokens:", "codes:", "staff:"] {
                assert!(rows.contains(table), "{table} was scanned");
            }
            assert_none_in(rows.as_bytes(), &secrets);
        }
    }
    // And the kept reply still answers a retry with the same token.
    let retry = server
        .http
        .post(server.url("/v1/assessments"))
        .header("Idempotency-Key", &key)
        .json(&example_answers())
        .send()
        .await
        .unwrap();
    assert_eq!(retry.status(), 201);
    assert_eq!(retry.json::<Value>().await.unwrap(), check);
}

fn sha256_hex(text: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

crate::on_both_backends!(a_copy_of_the_database_holds_no_usable_secret);
