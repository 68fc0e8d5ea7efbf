//! The built widget, served by the api, in headless Chromium.

use serde_json::{Value, json};
use solecheck_shared::{answers::Locale, content::questionnaire};
use solecheck_tests::{Backend, Browser, Server, loader_imports, workspace_root};

/// The text of the first step's heading inside the widget's shadow root.
const WELCOME_HEADING: &str = r#"
    const root = document.querySelector('sole-check')?.shadowRoot;
    const h = root?.querySelector('[data-testid=step-welcome] h2');
    return h ? h.textContent : null;
"#;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

async fn get(server: &Server, path: &str, accept_encoding: Option<&str>) -> reqwest::Response {
    let mut req = server.http.get(server.url(path));
    if let Some(encoding) = accept_encoding {
        req = req.header("accept-encoding", encoding);
    }
    req.send().await.unwrap()
}

fn header(resp: &reqwest::Response, name: &str) -> Option<String> {
    resp.headers().get(name).map(|v| v.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn widget_files_are_typed_compressed_and_cached() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    let loader = get(&server, "/widget/solecheck.js", None).await;
    assert_eq!(loader.status(), 200, "run .ci/build-widget.sh");
    let loader_text = loader.text().await.unwrap();
    let hashed = loader_imports(&loader_text);
    assert_eq!(hashed.len(), 2, "the loader imports the glue and the wasm: {hashed:?}");
    let [glue, wasm] = [&hashed[0], &hashed[1]];
    assert!(glue.starts_with("solecheck_widget-") && glue.ends_with(".js"), "{glue}");
    assert!(wasm.starts_with("solecheck_widget_bg-") && wasm.ends_with(".wasm"), "{wasm}");

    let files = [
        ("solecheck.js", "text/javascript", "no-cache"),
        ("demo.css", "text/css", "no-cache"),
        (glue.as_str(), "text/javascript", IMMUTABLE),
        (wasm.as_str(), "application/wasm", IMMUTABLE),
    ];
    for (name, mime, cache) in files {
        let path = format!("/widget/{name}");
        let on_disk = std::fs::read(workspace_root().join("widget/dist").join(name)).unwrap();
        let plain = get(&server, &path, None).await;
        assert_eq!(plain.status(), 200, "{path}");
        assert!(header(&plain, "content-type").unwrap().starts_with(mime), "{path}: {:?}", plain.headers());
        assert_eq!(header(&plain, "cache-control").as_deref(), Some(cache), "{path}");
        assert_eq!(header(&plain, "content-encoding"), None, "{path}: not asked to compress");
        let etag = header(&plain, "etag").expect("an ETag");
        assert_eq!(plain.bytes().await.unwrap().as_ref(), on_disk.as_slice(), "{path} is the built file");

        for encoding in ["gzip", "br"] {
            let packed = get(&server, &path, Some(encoding)).await;
            assert_eq!(header(&packed, "content-encoding").as_deref(), Some(encoding), "{path}");
            assert_eq!(header(&packed, "cache-control").as_deref(), Some(cache), "{path} {encoding}");
            let body = packed.bytes().await.unwrap();
            assert!(body.len() < on_disk.len(), "{path}: {encoding} is smaller");
            if encoding == "gzip" {
                assert_eq!(&body[..2], &[0x1f, 0x8b], "{path}: a gzip stream");
            }
        }
        // Revalidation: an unchanged file costs a 304, with the same policy.
        let again = server.http.get(server.url(&path)).header("if-none-match", &etag).send().await.unwrap();
        assert_eq!(again.status(), 304, "{path}");
        assert_eq!(header(&again, "cache-control").as_deref(), Some(cache), "{path} 304");
    }
    // Unhashed builds are gone, and a missing file is not cached for a year.
    for missing in ["/widget/solecheck_widget.js", "/widget/solecheck_widget_bg.wasm"] {
        let resp = get(&server, missing, None).await;
        assert_eq!(resp.status(), 404, "{missing}");
        assert_ne!(header(&resp, "cache-control").as_deref(), Some(IMMUTABLE));
    }
    let typo = get(&server, "/widget/solecheck_widget-0000000000000000.js", None).await;
    assert_eq!(typo.status(), 404);
    assert_eq!(header(&typo, "cache-control"), None, "a 404 keeps the defaults");
}

#[tokio::test]
async fn demo_page_renders_the_first_step_in_chromium() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    let browser = Browser::start(390, 844).await;
    browser.client.goto(&server.url("/")).await.unwrap();
    let heading = browser.wait_for("the welcome step", WELCOME_HEADING, 15).await;
    let expected = questionnaire(Locale::En);
    let welcome = expected.step("welcome").expect("welcome step");
    assert_eq!(heading.as_str(), Some(welcome.title.as_str()));
    browser.close().await;
}

/// An offer that runs today, made through the admin API.
async fn offer_today(server: &Server) {
    let admin = server.staff_token("admin").await;
    let offers: Value = server.get("/v1/offers").await.json().await.unwrap();
    let today = offers["today"].as_str().unwrap().to_owned();
    let body = json!({"slug": "widget-test", "title": "Widget test offer", "description": "", "percent_off": 20,
        "applies_to": "a first visit", "starts_on": today, "ends_on": today, "recurrence": "none"});
    let resp =
        server.http.post(server.url("/v1/campaigns")).bearer_auth(&admin).json(&body).send().await.unwrap();
    assert_eq!(resp.status(), 201);
}

/// Answers the safety screen with no red flags and the rest of the check.
async fn answer_everything(b: &Browser) {
    b.step("safety").await;
    for key in solecheck_shared::answers::SafetyKey::ALL {
        b.click(&format!("#sc-safety-{key}-no")).await;
    }
    b.click("[data-testid=next]").await;
    b.step("shoes").await;
    b.click("[data-testid=zone-left-heel_inner]").await;
    b.click("[data-testid=zone-left-mid_inner]").await;
    b.click("#sc-counter-left-leans_in").await;
    b.click("#sc-counter-right-upright").await;
    b.click("[data-testid=next]").await;
    b.step("symptoms").await;
    b.click("#sc-back_pain-4").await;
    b.click("#sc-back_pain_duration-6_to_12_weeks").await;
    b.click("#sc-back_pain_improving-no").await;
    b.click("#sc-morning_stiffness-no").await;
    b.click("#sc-recent_injury-no").await;
    b.click("#sc-gait_changing_foot_pain-no").await;
    b.click("[data-testid=next]").await;
    b.step("activity").await;
    b.click("#sc-runs_per_week-3_4").await;
    b.click("#sc-surface-road").await;
    b.click("#sc-cycles-no").await;
    b.click("[data-testid=next]").await;
    b.step("about").await;
    b.click("#sc-age_band-40_49").await;
    b.click("[data-testid=next]").await;
    // One short try on the left leg: well under the 40-49 flag of 31 s.
    b.step("balance").await;
    assert!(b.exists("[data-testid=sc-timer-left-closed]").await, "eyes closed is offered under 60");
    b.click("[data-testid=sc-timer-left-open-start]").await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    b.click("[data-testid=sc-timer-left-open-stop]").await;
    let announced = b.text("[data-testid=sc-timer-left-open] [role=status]").await;
    assert!(announced.contains("1") && !announced.is_empty(), "{announced}");
    assert_eq!(b.js("return document.querySelector('sole-check').shadowRoot.querySelector('[data-testid=solecheck-root]').dataset.step").await, "balance", "the timer never moves on by itself");
    b.click("[data-testid=next]").await;
    b.step("result").await;
}

/// The front desk redeems a code the widget showed.
async fn redeem_at_the_desk(server: &Server, code: &str) {
    let desk = server.staff_token("staff").await;
    let resp = server
        .http
        .post(server.url(&format!("/v1/codes/{code}/redeem")))
        .bearer_auth(&desk)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "the desk redeems {code}");
}

/// Opens the demo page and starts the check, with or without consent.
async fn open(server: &Server, b: &Browser, consent: bool) {
    b.client.goto(&server.url("/")).await.unwrap();
    if consent {
        b.click("[data-testid=consent]").await;
    }
    b.click("[data-testid=start]").await;
}

/// From a saved result: through the plan to the offer, claims the code.
async fn claim_code(b: &Browser) -> String {
    b.click("[data-testid=next]").await;
    b.step("plan").await;
    b.click("[data-testid=next]").await;
    b.step("offer").await;
    b.click("[data-testid=get-code]").await;
    b.text("[data-testid=code]").await
}

#[tokio::test]
async fn the_journey_ends_with_a_code_the_desk_redeems() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    offer_today(&server).await;
    let b = Browser::start(390, 900).await;
    open(&server, &b, true).await;
    answer_everything(&b).await;
    b.text("[data-testid=saved]").await;
    let hint = b.js("return document.querySelector('sole-check').shadowRoot.querySelector('[data-testid=hint]').dataset.hint").await;
    assert_eq!(hint, "overpronation");
    b.click("[data-testid=next]").await;
    b.step("plan").await;
    assert!(b.exists("[data-testid=plan-sole_release]").await);
    let order = b.js("return [...document.querySelector('sole-check').shadowRoot.querySelectorAll('.exercises > li')].map(e => e.dataset.testid)").await;
    assert_eq!(order[0], "plan-sole_release");
    assert_eq!(order[1], "plan-single_leg_stance", "a leg below typical moves the balance work up: {order}");
    assert!(b.exists("[data-testid=plan-softer_surfaces]").await, "3-4 road runs with pain 4");
    b.click("[data-testid=next]").await;
    b.step("offer").await;
    b.click("[data-testid=get-code]").await;
    let code = b.text("[data-testid=code]").await;
    assert_eq!(code.len(), 16, "{code}");
    assert!(b.exists(".qr svg").await);
    // The stored check is the one scored in the browser.
    assert_eq!(server.db().count("SELECT COUNT(*) AS n FROM assessments"), 1);
    redeem_at_the_desk(&server, &code).await;
    b.close().await;
}

#[tokio::test]
async fn an_urgent_answer_ends_at_emergency_care() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    let b = Browser::start(390, 900).await;
    open(&server, &b, true).await;
    b.step("safety").await;
    for key in solecheck_shared::answers::SafetyKey::ALL {
        let answer = if key.as_str() == "bladder_bowel" { "yes" } else { "no" };
        b.click(&format!("#sc-safety-{key}-{answer}")).await;
    }
    b.click("[data-testid=next]").await;
    let title = b.text("[data-testid=result-urgent] h2").await;
    let doc = questionnaire(Locale::En);
    let urgent = doc.results.referral.iter().find(|l| l.level.as_str() == "urgent").unwrap();
    assert_eq!(title, urgent.title);
    assert!(!b.exists("[data-testid=step-plan]").await);
    assert!(!b.exists("[data-testid=get-code]").await);
    assert!(!b.exists("[data-testid=next]").await, "no way on to a plan or offer");
    assert!(b.exists("[data-testid=boundaries] li").await, "the boundaries are on every result");
    assert_eq!(server.db().count("SELECT COUNT(*) AS n FROM assessments"), 0);
    b.close().await;
}

#[tokio::test]
async fn without_consent_nothing_is_sent() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    offer_today(&server).await;
    let b = Browser::start(1280, 900).await;
    open(&server, &b, false).await;
    answer_everything(&b).await;
    b.click("[data-testid=next]").await;
    b.step("plan").await;
    b.click("[data-testid=next]").await;
    b.step("offer").await;
    let text = b.text("[data-testid=needs-consent]").await;
    assert_eq!(text, questionnaire(Locale::En).offer.needs_consent);
    assert_eq!(server.db().count("SELECT COUNT(*) AS n FROM assessments"), 0);
    b.close().await;
}

#[tokio::test]
async fn switching_to_spanish_keeps_the_answers() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    let b = Browser::start(390, 900).await;
    open(&server, &b, false).await;
    b.step("safety").await;
    b.click("#sc-safety-cancer_history-yes").await;
    b.click("[data-testid=lang-es]").await;
    let es = questionnaire(Locale::Es);
    let heading = b.text("[data-testid=step-safety] h2").await;
    assert_eq!(heading, es.step("safety").unwrap().title);
    let checked = b.js("return document.querySelector('sole-check').shadowRoot.querySelector('#sc-safety-cancer_history-yes').checked").await;
    assert_eq!(checked, true);
    b.close().await;
}

#[tokio::test]
async fn hostile_page_css_and_two_widgets() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    let b = Browser::start(1024, 900).await;
    b.client.goto(&server.url("/")).await.unwrap();
    b.wait_for("the widget", WELCOME_HEADING, 15).await;
    // Aggressive page CSS, then a second widget in Spanish.
    b.js(r#"
        const style = document.createElement('style');
        style.textContent = '* { all: unset !important; } button { display: none !important; } h2 { font-size: 1px !important; }';
        document.head.append(style);
        const second = document.createElement('sole-check');
        second.setAttribute('lang', 'es');
        document.body.append(second);
        return true;
    "#).await;
    let visible = b
        .wait_for(
            "a visible start button",
            "const r = document.querySelector('sole-check').shadowRoot; const s = r && r.querySelector('[data-testid=start]'); return s && s.getBoundingClientRect().height >= 24;",
            10,
        )
        .await;
    assert_eq!(visible, true);
    b.wait_for(
        "the second widget in Spanish",
        "const r = document.querySelectorAll('sole-check')[1]?.shadowRoot; return r?.querySelector('[data-testid=step-welcome] h2')?.textContent || null;",
        15,
    )
    .await;
    // Each widget keeps its own state.
    b.click_in(1, "[data-testid=start]").await;
    let steps = b.js("return [...document.querySelectorAll('sole-check')].map(e => e.shadowRoot.querySelector('[data-testid=solecheck-root]').dataset.step)").await;
    assert_eq!(steps, json!(["welcome", "safety"]));
    b.close().await;
}

#[tokio::test]
async fn the_local_result_survives_a_stopped_api_and_saving_retries() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let bind = format!("127.0.0.1:{port}");
    let server = Server::start_with(Backend::Sqlite, &["--bind", &bind]).expect("sqlite");
    offer_today(&server).await;
    let b = Browser::start(390, 900).await;
    open(&server, &b, true).await;
    // The API goes away mid-journey.
    let db = server.stop();
    answer_everything(&b).await;
    b.text("[data-testid=save-failed]").await;
    let level = b.js("return document.querySelector('sole-check').shadowRoot.querySelector('[data-testid=referral]').dataset.level").await;
    assert_eq!(level, "routine", "the local result is shown without the API");
    // It comes back on the same address: the retry saves the check.
    let again = Server::start_on(db, &["--bind", &bind]);
    b.click("[data-testid=retry-save]").await;
    b.text("[data-testid=saved]").await;
    let code = claim_code(&b).await;
    assert_eq!(code.len(), 16);
    assert_eq!(again.db().count("SELECT COUNT(*) AS n FROM assessments"), 1);
    b.close().await;
}

#[tokio::test]
async fn a_reload_mid_journey_keeps_the_answers_until_start_over() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    let b = Browser::start(390, 900).await;
    open(&server, &b, true).await;
    b.step("safety").await;
    b.click("#sc-safety-fever_unwell-yes").await;
    b.click("#sc-safety-bladder_bowel-no").await;
    b.client.refresh().await.unwrap();
    b.step("safety").await;
    let checked = b
        .js("const r = document.querySelector('sole-check').shadowRoot; return [r.querySelector('#sc-safety-fever_unwell-yes').checked, r.querySelector('#sc-safety-bladder_bowel-no').checked];")
        .await;
    assert_eq!(checked, json!([true, true]));
    // An urgent answer, then "Start over": a fresh journey, also after a reload.
    b.click("#sc-safety-saddle_numbness-yes").await;
    for key in solecheck_shared::answers::SafetyKey::ALL {
        if !matches!(key.as_str(), "fever_unwell" | "bladder_bowel" | "saddle_numbness") {
            b.click(&format!("#sc-safety-{key}-no")).await;
        }
    }
    b.click("[data-testid=next]").await;
    b.text("[data-testid=result-urgent] h2").await;
    b.click("[data-testid=result-urgent] .actions button").await;
    b.step("welcome").await;
    b.client.refresh().await.unwrap();
    b.step("welcome").await;
    let consent = b.js("return document.querySelector('sole-check').shadowRoot.querySelector('[data-testid=consent]').checked").await;
    assert_eq!(consent, false);
    b.close().await;
}

#[tokio::test]
async fn the_whole_journey_works_with_the_keyboard_alone() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    offer_today(&server).await;
    let b = Browser::start(1280, 900).await;
    b.client.goto(&server.url("/")).await.unwrap();
    b.wait_for("the widget", WELCOME_HEADING, 15).await;
    b.activate("[data-testid=consent]").await;
    b.activate("[data-testid=start]").await;
    b.step("safety").await;
    for key in solecheck_shared::answers::SafetyKey::ALL {
        b.choose(&format!("safety-{key}"), "no").await;
    }
    b.activate("[data-testid=next]").await;
    b.step("shoes").await;
    b.activate("[data-testid=zone-left-heel_inner]").await;
    b.activate("[data-testid=zone-right-mid_inner]").await;
    b.choose("counter-left", "leans_in").await;
    b.choose("counter-right", "upright").await;
    b.activate("[data-testid=next]").await;
    b.step("symptoms").await;
    b.choose("back_pain", "0").await;
    b.choose("recent_injury", "no").await;
    b.choose("gait_changing_foot_pain", "no").await;
    b.activate("[data-testid=next]").await;
    b.step("activity").await;
    b.choose("runs_per_week", "1_2").await;
    b.choose("surface", "trail").await;
    b.choose("cycles", "yes").await;
    b.activate("[data-testid=next]").await;
    b.step("about").await;
    b.activate("[data-testid=next]").await;
    b.step("balance").await;
    b.activate("[data-testid=skip-balance]").await;
    b.step("result").await;
    b.text("[data-testid=saved]").await;
    b.activate("[data-testid=next]").await;
    b.step("plan").await;
    b.activate("[data-testid=next]").await;
    b.step("offer").await;
    b.activate("[data-testid=get-code]").await;
    let code = b.text("[data-testid=code]").await;
    redeem_at_the_desk(&server, &code).await;
    b.close().await;
}

#[tokio::test]
async fn without_an_offer_the_widget_says_when_the_next_starts() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    // Only a campaign that starts in ten days: nothing runs today.
    let admin = server.staff_token("admin").await;
    let campaigns: Value = server.get_with("/v1/campaigns", &admin).await.json().await.unwrap();
    for c in campaigns.as_array().unwrap() {
        let path = format!("/v1/campaigns/{}", c["id"].as_str().unwrap());
        server
            .http
            .patch(server.url(&path))
            .bearer_auth(&admin)
            .json(&json!({"ended": true}))
            .send()
            .await
            .unwrap();
    }
    let offers: Value = server.get("/v1/offers").await.json().await.unwrap();
    let today = chrono::NaiveDate::parse_from_str(offers["today"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    let next = (today + chrono::Days::new(10)).to_string();
    let body = json!({"slug": "soon", "title": "Coming soon", "description": "", "percent_off": 15,
        "applies_to": "a gait check", "starts_on": next, "ends_on": next, "recurrence": "none"});
    let resp =
        server.http.post(server.url("/v1/campaigns")).bearer_auth(&admin).json(&body).send().await.unwrap();
    assert_eq!(resp.status(), 201);
    let b = Browser::start(390, 900).await;
    open(&server, &b, true).await;
    answer_everything(&b).await;
    b.text("[data-testid=saved]").await;
    b.click("[data-testid=next]").await;
    b.step("plan").await;
    b.click("[data-testid=next]").await;
    b.step("offer").await;
    let text = b.text("[data-testid=next-offer]").await;
    let year = &next[..4];
    assert!(text.contains(year) && text.contains("15%"), "{text} names the offer starting on {next}");
    assert!(!b.exists("[data-testid=get-code]").await);
    b.close().await;
}
