//! Headless Chromium through chromedriver and WebDriver (fantoccini).

use std::{
    os::unix::process::CommandExt,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use fantoccini::{Client, ClientBuilder, wd::WebDriverCompatibleCommand};
use serde_json::{Value, json};

/// A chromedriver process and a WebDriver session, both ended when dropped.
pub struct Browser {
    driver: Child,
    pub client: Client,
}

/// A loopback port no one listens on (for a helper process to take).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

impl Browser {
    /// Starts headless Chromium with a window of `width` x `height` CSS px.
    pub async fn start(width: u32, height: u32) -> Self {
        Self::launch(width, height, None, None).await
    }

    /// Starts headless Chromium as `start` does, saving downloads into `dir`
    /// without asking.
    pub async fn start_downloading(width: u32, height: u32, dir: &std::path::Path) -> Self {
        let prefs = json!({"download.default_directory": dir, "download.prompt_for_download": false});
        Self::launch(width, height, None, Some(prefs)).await
    }

    /// Starts headless Chromium emulating a phone whose viewport is `width` x
    /// `height` CSS px (a desktop window cannot be narrower than 500 px).
    pub async fn start_phone(width: u32, height: u32) -> Self {
        let metrics =
            json!({"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2, "touch": true}});
        Self::launch(width.max(500), height, Some(metrics), None).await
    }

    async fn launch(width: u32, height: u32, mobile_emulation: Option<Value>, prefs: Option<Value>) -> Self {
        let driver_bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_owned());
        let port = free_port();
        // Its own process group, so dropping the browser (even after a failed
        // assertion) ends chromedriver and every Chromium process it started.
        let driver = Command::new(&driver_bin)
            .process_group(0)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {driver_bin} (the test command installs it): {e}"));
        let mut caps = serde_json::Map::new();
        let chrome = std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
        let mut options = json!({
            "binary": chrome,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", format!("--window-size={width},{height}"),
            ]
        });
        if let Some(emulation) = mobile_emulation {
            options["mobileEmulation"] = emulation;
        }
        if let Some(prefs) = prefs {
            options["prefs"] = prefs;
        }
        caps.insert("goog:chromeOptions".into(), options);
        // The console, for `console_errors`.
        caps.insert("goog:loggingPrefs".into(), json!({"browser": "ALL"}));
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            match ClientBuilder::native().capabilities(caps.clone()).connect(&url).await {
                Ok(client) => break client,
                Err(error) if Instant::now() > deadline => panic!("chromedriver did not start: {error}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        Self { driver, client }
    }

    /// Reads the QR code shown by `selector` in the first widget the way a
    /// phone camera would: scrolls it into view, takes a screenshot of the
    /// page and decodes every QR symbol in it. Returns their contents.
    pub async fn scan_qr(&self, selector: &str) -> Vec<String> {
        let script =
            format!("{}.querySelector({selector:?}).scrollIntoView({{block: 'center'}});", Self::root(0));
        self.js(&script).await;
        let png = self.client.screenshot().await.expect("screenshot");
        let picture = image::load_from_memory(&png).expect("a PNG screenshot").to_luma8();
        let (width, height) = (picture.width() as usize, picture.height() as usize);
        let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
            picture.get_pixel(x as u32, y as u32)[0]
        });
        prepared.detect_grids().iter().filter_map(|grid| grid.decode().ok()).map(|(_, text)| text).collect()
    }

    /// What the page wrote to its console at level SEVERE since the last
    /// call: errors, uncaught exceptions, failed loads and every violation
    /// of the page's Content-Security-Policy, as Chromium words them.
    pub async fn console_errors(&self) -> Vec<String> {
        let log = self.vendor("se/log", json!({"type": "browser"})).await;
        let entries = log.as_array().cloned().unwrap_or_default();
        entries
            .iter()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    /// Runs `script` in every page from the next navigation on, before the
    /// page's own scripts (Chromium's DevTools protocol), e.g. to watch what
    /// a page does as it loads.
    pub async fn before_each_page(&self, script: &str) {
        let params = json!({"source": script});
        let command = json!({"cmd": "Page.addScriptToEvaluateOnNewDocument", "params": params});
        self.vendor("goog/cdp/execute", command).await;
    }

    /// Sends one of chromedriver's own commands (`path` under the session).
    async fn vendor(&self, path: &'static str, body: Value) -> Value {
        let command = Vendor { path, body };
        self.client.issue_cmd(command).await.unwrap_or_else(|e| panic!("chromedriver {path}: {e}"))
    }

    /// Runs JavaScript in the page and returns its value.
    pub async fn js(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.expect("execute script")
    }

    /// Polls `script` until it returns something other than null/false, or panics
    /// after `secs` seconds with `what`.
    pub async fn wait_for(&self, what: &str, script: &str, secs: u64) -> Value {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let value = self.js(script).await;
            if !matches!(value, Value::Null | Value::Bool(false)) {
                return value;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The `n`th `<sole-check>` element's shadow root, as a JS expression.
    fn root(n: usize) -> String {
        format!("document.querySelectorAll('sole-check')[{n}]?.shadowRoot")
    }

    /// Waits for `selector` inside widget `n`'s shadow root, then clicks it.
    pub async fn click_in(&self, n: usize, selector: &str) {
        let script = format!(
            "const el = {}?.querySelector({selector:?}); if (!el) return false; el.click(); return true;",
            Self::root(n)
        );
        self.wait_for(&format!("{selector} in widget {n}"), &script, 15).await;
    }

    /// Clicks in the first widget.
    pub async fn click(&self, selector: &str) {
        self.click_in(0, selector).await;
    }

    /// Waits for `selector` in the first widget and returns its text.
    pub async fn text(&self, selector: &str) -> String {
        let script = format!(
            "const el = {}?.querySelector({selector:?}); return el ? el.textContent : null;",
            Self::root(0)
        );
        self.wait_for(selector, &script, 15).await.as_str().unwrap_or_default().to_owned()
    }

    /// Waits for `selector` in the first widget and returns its attribute
    /// `name` (`None` when the element does not have it).
    pub async fn attr(&self, selector: &str, name: &str) -> Option<String> {
        let script = format!(
            "const el = {}?.querySelector({selector:?}); return el ? [el.getAttribute({name:?})] : null;",
            Self::root(0)
        );
        let value = self.wait_for(selector, &script, 15).await;
        value[0].as_str().map(str::to_owned)
    }

    /// Waits until `selector` in the first widget has the text `expected`;
    /// panics with the text it had.
    pub async fn wait_text(&self, selector: &str, expected: &str) {
        let script = format!("return {}?.querySelector({selector:?})?.textContent ?? null;", Self::root(0));
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let seen = self.js(&script).await;
            if seen.as_str() == Some(expected) {
                return;
            }
            assert!(Instant::now() < deadline, "{selector}: expected {expected:?}, saw {seen}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the first widget shows step `key`.
    pub async fn step(&self, key: &str) {
        let script = format!(
            "return {}?.querySelector('[data-testid=solecheck-root]')?.dataset.step === {key:?};",
            Self::root(0)
        );
        self.wait_for(&format!("step {key}"), &script, 15).await;
    }

    /// Whether `selector` exists in the first widget now.
    pub async fn exists(&self, selector: &str) -> bool {
        let script = format!("return !!{}?.querySelector({selector:?});", Self::root(0));
        self.js(&script).await.as_bool().unwrap_or(false)
    }

    /// Presses and releases one key, sent to whatever has focus (no element is
    /// targeted, so this is what a keyboard user does).
    pub async fn press(&self, key: char) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let actions = KeyActions::new("keyboard".to_owned())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        self.client.perform_actions(actions).await.expect("key press");
    }

    /// Presses Tab until focus is on `selector` inside the first widget.
    pub async fn tab_to(&self, selector: &str) {
        let script = format!("return !!{}?.activeElement?.matches({selector:?});", Self::root(0));
        for _ in 0..250 {
            if self.js(&script).await == Value::Bool(true) {
                return;
            }
            self.press(fantoccini::key::Key::Tab.into()).await;
        }
        panic!("Tab never reached {selector}");
    }

    /// With the keyboard: Tab into radio group `name`, then arrow keys until
    /// the option `value` is checked.
    pub async fn choose(&self, name: &str, value: &str) {
        self.tab_to(&format!("input[name=sc-{name}]")).await;
        let target = format!("return !!{}?.querySelector('#sc-{name}-{value}')?.checked;", Self::root(0));
        for _ in 0..15 {
            if self.js(&target).await == Value::Bool(true) {
                return;
            }
            self.press(fantoccini::key::Key::Down.into()).await;
        }
        panic!("arrow keys never checked {name}={value}");
    }

    /// With the keyboard: Tab to `selector` and press Space (buttons, checkboxes).
    pub async fn activate(&self, selector: &str) {
        self.tab_to(selector).await;
        self.press(' ').await;
    }

    /// Ends the session, then the driver's process group (on drop).
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

/// A chromedriver command outside the W3C standard: a POST of `body` to
/// `path` under the session.
#[derive(Debug)]
struct Vendor {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for Vendor {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/{}", session.unwrap_or_default(), self.path))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.driver.wait();
    }
}
