//! Every list the API returns is paged by cursor: pages follow one another
//! without gaps or repeats, in a fixed order, and a cursor or limit the
//! server did not give out is a 400.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde_json::{Value, json};
use solecheck_tests::{Backend, Server, expect_problem};

/// Follows `next_cursor` from `path` with pages of `limit`; every item, and
/// the size of each page.
pub(crate) async fn walk(server: &Server, path: &str, token: &str, limit: usize) -> (Vec<Value>, Vec<usize>) {
    let (mut items, mut sizes) = (Vec::new(), Vec::new());
    let mut url = format!("{path}?limit={limit}");
    loop {
        let page: Value = server.get_with(&url, token).await.json().await.unwrap();
        let got = page["items"].as_array().unwrap();
        sizes.push(got.len());
        items.extend(got.iter().cloned());
        match page["next_cursor"].as_str() {
            Some(cursor) => url = format!("{path}?limit={limit}&cursor={cursor}"),
            None => return (items, sizes),
        }
    }
}

async fn lists_page_by_cursor(backend: Backend) {
    let Some((server, accounts)) = Server::start_demo(backend) else { return };
    let admin = server.access_token(&accounts[0].0, &accounts[0].1).await;
    for n in 0..3 {
        server.add_staff(&format!("desk{n}@clinic.test"), "staff");
        let body = json!({"slug": format!("spring-{n}"), "title": "Spring", "description": "", "percent_off": 10,
            "applies_to": "a visit", "starts_on": format!("2027-03-0{}", n + 1), "ends_on": "2027-03-31", "recurrence": "none"});
        let resp = server
            .http
            .post(server.url("/v1/campaigns"))
            .bearer_auth(&admin)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 201);
    }

    // Accounts by email: two demo accounts and three desks.
    let (staff, sizes) = walk(&server, "/v1/staff", &admin, 2).await;
    assert_eq!(sizes, [2, 2, 1]);
    let emails: Vec<&str> = staff.iter().map(|s| s["email"].as_str().unwrap()).collect();
    let mut sorted = emails.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(emails, sorted, "in email order, none twice");
    assert_eq!(emails.len(), 5);

    // Campaigns by first day: the seeded yearly two, the demo one, three new.
    let (campaigns, sizes) = walk(&server, "/v1/campaigns", &admin, 4).await;
    assert_eq!(sizes, [4, 2]);
    let days: Vec<&str> = campaigns.iter().map(|c| c["starts_on"].as_str().unwrap()).collect();
    assert!(days.windows(2).all(|w| w[0] <= w[1]), "{days:?}");
    let (all, sizes) = walk(&server, "/v1/campaigns", &admin, 100).await;
    assert_eq!((all, sizes), (campaigns, vec![6]));

    // One code's audit log, oldest first.
    let code = server.issued_code().await;
    for _ in 0..3 {
        server
            .http
            .post(server.url(&format!("/v1/codes/{code}/redeem")))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap();
    }
    let (log, sizes) = walk(&server, &format!("/v1/codes/{code}/audit"), &admin, 2).await;
    assert_eq!(sizes, [2, 1]);
    let outcomes: Vec<&str> = log.iter().map(|e| e["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes, ["ok", "already_redeemed", "already_redeemed"]);

    // Cursors and limits the server did not give out.
    // A cursor of three parts fits none of the lists (their keys have one or two).
    let stranger = format!("cursor={}", URL_SAFE_NO_PAD.encode("a\u{1f}b\u{1f}c"));
    for path in
        ["/v1/staff", "/v1/campaigns", &format!("/v1/codes/{code}/audit"), "/v1/assessments", "/v1/audit"]
    {
        for query in [stranger.as_str(), "cursor=%%%", "cursor=***", "limit=0", "limit=101", "limit=x"] {
            let resp = server.get_with(&format!("{path}?{query}"), &admin).await;
            expect_problem(resp, 400, "bad_request").await;
        }
    }
}

crate::on_both_backends!(lists_page_by_cursor);
