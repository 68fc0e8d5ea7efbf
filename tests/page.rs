//! Browser steps on an ordinary page (the staff console): real clicks and
//! key presses through WebDriver, on elements found by CSS selector.

use std::time::Duration;

use fantoccini::{Locator, elements::Element};
use serde_json::Value;

use crate::Browser;

impl Browser {
    /// Waits up to 15 s for `selector` on the page.
    pub async fn find(&self, selector: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(selector))
            .await
            .unwrap_or_else(|e| panic!("{selector} never appeared: {e}"))
    }

    /// Clicks `selector` once it is there.
    pub async fn click_on(&self, selector: &str) {
        self.find(selector).await.click().await.unwrap_or_else(|e| panic!("click {selector}: {e}"));
    }

    /// Types `text` into `selector` (after clearing it), key by key.
    pub async fn type_into(&self, selector: &str, text: &str) {
        let field = self.find(selector).await;
        field.clear().await.unwrap_or_else(|e| panic!("clear {selector}: {e}"));
        field.send_keys(text).await.unwrap_or_else(|e| panic!("type into {selector}: {e}"));
    }

    /// The text of `selector` once it is there.
    pub async fn text_of(&self, selector: &str) -> String {
        self.find(selector).await.text().await.unwrap_or_else(|e| panic!("text of {selector}: {e}"))
    }

    /// Waits until `selector`'s text contains `part`; returns the text.
    pub async fn wait_page_text(&self, selector: &str, part: &str) -> String {
        let script = format!(
            "const el = document.querySelector({selector:?}); return el && el.textContent.includes({part:?}) ? el.textContent : null;"
        );
        let found = self.wait_for(&format!("{selector} saying {part:?}"), &script, 15).await;
        found.as_str().unwrap_or_default().to_owned()
    }

    /// Presses Tab (sent to whatever has focus) until focus is on `selector`.
    pub async fn tab_to_on_page(&self, selector: &str) {
        let script = format!("return !!document.activeElement?.matches({selector:?});");
        for _ in 0..60 {
            if self.js(&script).await == Value::Bool(true) {
                return;
            }
            self.press(fantoccini::key::Key::Tab.into()).await;
        }
        panic!("Tab never reached {selector}");
    }

    /// Types `text` into whatever has focus, key by key.
    pub async fn type_keys(&self, text: &str) {
        for key in text.chars() {
            self.press(key).await;
        }
    }

    /// Reads the QR code `selector` shows the way a phone camera would: in
    /// view, from a screenshot of the page. The texts of every symbol read.
    pub async fn scan_qr_on_page(&self, selector: &str) -> Vec<String> {
        self.find(selector).await;
        self.js(&format!("document.querySelector({selector:?}).scrollIntoView({{block: 'center'}});")).await;
        let png = self.client.screenshot().await.expect("screenshot");
        crate::totp::read_qr_picture(&png)
    }

    /// Whether `selector` is on the page now.
    pub async fn on_page(&self, selector: &str) -> bool {
        let script = format!("return !!document.querySelector({selector:?});");
        self.js(&script).await == Value::Bool(true)
    }
}
