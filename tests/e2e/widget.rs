//! The built widget, served by the api, in headless Chromium.

use solecheck_shared::{answers::Locale, content::questionnaire};
use solecheck_tests::{Backend, Browser, Server};

/// The text of the first step's heading inside the widget's shadow root.
const WELCOME_HEADING: &str = r#"
    const root = document.querySelector('sole-check')?.shadowRoot;
    const h = root?.querySelector('[data-testid=step-welcome] h2');
    return h ? h.textContent : null;
"#;

#[tokio::test]
async fn widget_files_are_served_with_the_right_types() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    for (path, mime) in [
        ("/widget/solecheck.js", "text/javascript"),
        ("/widget/solecheck_widget.js", "text/javascript"),
        ("/widget/solecheck_widget_bg.wasm", "application/wasm"),
    ] {
        let resp = server.get(path).await;
        assert_eq!(resp.status(), 200, "{path} (run scripts/build-widget.sh)");
        let content_type = resp.headers()["content-type"].to_str().unwrap();
        assert!(content_type.starts_with(mime), "{path}: {content_type}");
    }
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
