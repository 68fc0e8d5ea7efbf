//! Nothing acknowledged is lost: `kill -9` in the middle of a stream of writes,
//! and SIGTERM finishing the requests in flight.

use std::{process::Command, time::Duration};

use serde_json::{Value, json};
use solecheck_tests::{Backend, Server, fixtures::example_answers};

fn signal(pid: u32, sig: &str) {
    let status = Command::new("kill").args([sig, &pid.to_string()]).status().expect("kill");
    assert!(status.success());
}

async fn acknowledged_writes_survive_kill_9(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let admin = server.staff_token("admin").await;
    let today: Value = server.get("/v1/offers").await.json().await.unwrap();
    let today = today["today"].as_str().unwrap().to_owned();
    let body = json!({"slug": "crash-test", "title": "Crash test", "description": "", "percent_off": 10,
        "applies_to": "a visit", "starts_on": today, "ends_on": today, "recurrence": "none"});
    let resp =
        server.http.post(server.url("/v1/campaigns")).bearer_auth(&admin).json(&body).send().await.unwrap();
    assert_eq!(resp.status(), 201);

    let pid = server.pid();
    let killer = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(700)).await;
        signal(pid, "-KILL");
    });
    // Four writers: each stores a check and claims its code until the server dies.
    let writers = (0..4).map(|_| {
        let (http, base) = (server.http.clone(), server.base.clone());
        tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            loop {
                let Ok(resp) =
                    http.post(format!("{base}/v1/assessments")).json(&example_answers()).send().await
                else {
                    break;
                };
                if resp.status() != 201 {
                    break;
                }
                let Ok(created) = resp.json::<Value>().await else { break };
                let (id, token) = (
                    created["id"].as_str().unwrap().to_owned(),
                    created["token"].as_str().unwrap().to_owned(),
                );
                let code = match http
                    .post(format!("{base}/v1/assessments/{id}/code"))
                    .bearer_auth(&token)
                    .send()
                    .await
                {
                    Ok(resp) if resp.status() == 201 => {
                        resp.json::<Value>().await.ok().map(|c| c["code"].as_str().unwrap().to_owned())
                    }
                    _ => None,
                };
                let done = code.is_none();
                acknowledged.push((id, token, code));
                if done {
                    break;
                }
            }
            acknowledged
        })
    });
    let mut acknowledged = Vec::new();
    for writer in writers {
        acknowledged.extend(writer.await.unwrap());
    }
    killer.await.unwrap();
    assert!(acknowledged.len() > 4, "the stream ran before the kill ({} writes)", acknowledged.len());

    let db = server.stop();
    let restarted = Server::start_on(db, &[]);
    let desk = restarted.staff_token("staff").await;
    for (id, token, code) in &acknowledged {
        let resp = restarted
            .http
            .get(restarted.url(&format!("/v1/assessments/{id}")))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "assessment {id} was acknowledged but is gone");
        if let Some(code) = code {
            let resp = restarted
                .http
                .get(restarted.url(&format!("/v1/codes/{code}")))
                .bearer_auth(&desk)
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status(), 200, "code {code} was acknowledged but is gone");
        }
    }
}

async fn sigterm_finishes_requests_in_flight(backend: Backend) {
    let Some(mut server) = Server::start(backend) else { return };
    let email = "slow@clinic.test";
    let password = server.add_staff(email, "staff");
    // Sign-in hashes a password on purpose slowly: a request that is in flight.
    let (http, url) = (server.http.clone(), server.url("/v1/auth/login"));
    let login = tokio::spawn(async move {
        http.post(url).json(&json!({"email": email, "password": password})).send().await
    });
    tokio::time::sleep(Duration::from_millis(30)).await;
    signal(server.pid(), "-TERM");
    let resp = login.await.unwrap().expect("the in-flight request was answered");
    assert_eq!(resp.status(), 200);
    let status = server.wait_exit(Duration::from_secs(35)).expect("server exits after SIGTERM");
    assert!(status.success(), "{status:?}");
}

crate::on_both_backends!(acknowledged_writes_survive_kill_9, sigterm_finishes_requests_in_flight);
