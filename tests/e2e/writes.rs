//! The group commit of keyed checks (`services/batch.rs`): retries of one key
//! inside one batch, or sent to two processes at once, store one check and
//! all get its reply; expired keys are forgotten by a periodic task and are
//! then free again.

use std::{collections::HashSet, time::Duration};

use serde_json::{Value, json};
use solecheck_tests::{Backend, Server, fixtures::example_answers};

const CHECKS: &str = "SELECT COUNT(*) AS n FROM assessments";
const KEYS: &str = "SELECT COUNT(*) AS n FROM idempotency_keys";

async fn keyed_post(server: &Server, base: &str, key: &str, body: &Value) -> Value {
    let resp = server
        .http
        .post(format!("{base}/v1/assessments"))
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .expect("POST");
    assert_eq!(resp.status(), 201, "key {key}");
    resp.json().await.expect("created")
}

/// 16 retries of one key sent at once among 32 fresh keys: the writer takes
/// them in the same batches, and the shared key still stores one check.
async fn retries_inside_one_batch_store_one_check(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let body = example_answers();
    let keys: Vec<String> =
        (0..48).map(|i| if i % 3 == 0 { "shared".to_owned() } else { format!("fresh-{i}") }).collect();
    let replies =
        futures::future::join_all(keys.iter().map(|key| keyed_post(&server, &server.base, key, &body))).await;
    let shared: HashSet<String> =
        replies.iter().step_by(3).map(|r| r["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(shared.len(), 1, "every retry of the shared key gets the first reply");
    assert!(replies.iter().step_by(3).all(|r| r == &replies[0]), "the same token and result too");
    let all: HashSet<&str> = replies.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(all.len(), 33);
    assert_eq!(server.db().count(CHECKS), 33);
    assert_eq!(server.db().count(KEYS), 33);
    let admin = server.staff_token("admin").await;
    let stats: Value = server.get_with("/v1/stats", &admin).await.json().await.unwrap();
    assert_eq!(stats["assessments"], 33, "each stored check counted once");
}

/// The same key sent to two API processes on one database at the same time.
async fn a_key_sent_to_two_processes_stores_one_check(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let second = server.second_process();
    let body = example_answers();
    for round in 0..12 {
        let key = format!("twin-{round}");
        let (a, b) = tokio::join!(
            keyed_post(&server, &server.base, &key, &body),
            keyed_post(&server, &second.base, &key, &body)
        );
        assert_eq!(a, b, "round {round}: both processes give the first request's reply");
    }
    assert_eq!(server.db().count(CHECKS), 12);
}

/// A key's reply is kept 24 hours; after that the purge forgets it (at start
/// and every ten minutes) and the key stores a new check.
async fn expired_keys_are_purged_and_free_again(backend: Backend) {
    let Some(server) = Server::start_at(backend, "2026-11-30 12:00:00") else { return };
    let first = keyed_post(&server, &server.base, "old-key", &example_answers()).await;
    let server = server.restart_at("2026-12-01 12:00:00");
    // Exactly 24 hours: still kept.
    let again = keyed_post(&server, &server.base, "old-key", &example_answers()).await;
    assert_eq!(again, first);
    keyed_post(&server, &server.base, "young-key", &example_answers()).await;
    let server = server.restart_at("2026-12-01 12:00:01");
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while server.db().count(KEYS) > 1 {
        assert!(std::time::Instant::now() < deadline, "expired keys were not purged");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut other = example_answers();
    other["symptoms"]["back_pain"] = json!(2);
    let fresh = keyed_post(&server, &server.base, "old-key", &other).await;
    assert_ne!(fresh["id"], first["id"]);
    assert_eq!(server.db().count(CHECKS), 3);
    assert_eq!(server.db().count(KEYS), 2, "the young key stays");
}

crate::on_both_backends!(
    retries_inside_one_batch_store_one_check,
    a_key_sent_to_two_processes_stores_one_check,
    expired_keys_are_purged_and_free_again,
);
