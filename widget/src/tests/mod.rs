//! Component tests in headless Chromium (`wasm-bindgen-test`): the app is
//! mounted into a shadow root as the loader does, started at the step under
//! test from a journey placed in `sessionStorage`, and driven through the DOM.
//! Run by `.ci/test.sh` (`cargo test --target wasm32-unknown-unknown -p
//! solecheck-widget` with `wasm-bindgen-test-runner`; see `widget/webdriver.json`).

mod balance;
mod kept;
mod language;
mod replies;
mod saved;
mod shoes;
mod validation;

use std::{cell::Cell, rc::Rc, time::Duration};

use solecheck_shared::{
    answers::{Locale, SafetyKey},
    content::StepKey,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test_configure;
use web_sys::{Element, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};
use yew::AppHandle;

use crate::{App, AppProps, clock::Clock, state::Journey, storage};

wasm_bindgen_test_configure!(run_in_browser);

/// A journey at `step`, with the safety screen answered "no" throughout.
pub fn journey_at(step: StepKey, locale: Locale) -> Journey {
    let mut journey = Journey::new(locale);
    journey.step = step;
    journey.draft.safety = vec![Some(false); SafetyKey::ALL.len()];
    journey
}

/// A clock the test moves by hand.
#[derive(Clone, Default)]
pub struct FakeClock(Rc<Cell<f64>>);

impl FakeClock {
    pub fn clock(&self) -> Clock {
        let now = self.0.clone();
        Clock::new(move || now.get())
    }

    pub fn advance_ms(&self, ms: f64) {
        self.0.set(self.0.get() + ms);
    }
}

/// One mounted widget; unmounted and forgotten when dropped.
pub struct Widget {
    host: Element,
    root: ShadowRoot,
    app: Option<AppHandle<App>>,
    id: String,
}

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

impl Widget {
    /// Mounts the app with `journey` as the one kept from an earlier visit.
    pub async fn mount(journey: &Journey, clock: Clock) -> Self {
        let id = format!("test-{:.0}", js_sys::Math::random() * 1e12);
        storage::save(&id, journey);
        let doc = document();
        let host = doc.create_element("div").expect("host");
        doc.body().expect("body").append_child(&host).expect("append host");
        let root = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)).expect("shadow root");
        let mount_point = doc.create_element("div").expect("mount point");
        root.append_child(&mount_point).expect("append mount point");
        let props =
            AppProps { api: "http://127.0.0.1:9".into(), locale: journey.locale, id: id.clone(), clock };
        let app = yew::Renderer::<App>::with_root_and_props(mount_point, props).render();
        let widget = Self { host, root, app: Some(app), id };
        widget.settle().await;
        widget
    }

    /// Lets Yew finish rendering what the last event changed.
    pub async fn settle(&self) {
        yew::scheduler::flush().await;
    }

    /// The element matching `selector`, if any.
    pub fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).expect("a valid selector")
    }

    /// The element matching `selector`; fails the test when there is none.
    pub fn get(&self, selector: &str) -> Element {
        self.find(selector).unwrap_or_else(|| panic!("nothing matches {selector}"))
    }

    /// Every element matching `selector`.
    pub fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).expect("a valid selector");
        (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).collect()
    }

    /// An element by id, as `aria-describedby` refers to it.
    pub fn by_id(&self, id: &str) -> Option<Element> {
        self.root.get_element_by_id(id)
    }

    /// Clicks `selector` the way a pointer does, then lets the app render.
    pub async fn click(&self, selector: &str) {
        self.get(selector).unchecked_into::<HtmlElement>().click();
        self.settle().await;
    }

    pub fn attr(&self, selector: &str, name: &str) -> Option<String> {
        self.get(selector).get_attribute(name)
    }

    pub fn text(&self, selector: &str) -> String {
        self.get(selector).text_content().unwrap_or_default()
    }

    /// Whether the radio or checkbox `selector` is checked.
    pub fn checked(&self, selector: &str) -> bool {
        self.get(selector).unchecked_into::<web_sys::HtmlInputElement>().checked()
    }

    /// The step the widget shows.
    pub fn step(&self) -> String {
        self.attr("[data-testid=solecheck-root]", "data-step").unwrap_or_default()
    }

    /// Waits (real time, up to `secs`) until `ready` holds, for what a timer
    /// task does on its own.
    pub async fn until(&self, what: &str, secs: u32, ready: impl Fn(&Self) -> bool) {
        for _ in 0..secs * 50 {
            self.settle().await;
            if ready(self) {
                return;
            }
            yew::platform::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("timed out waiting for {what}");
    }
}

impl Drop for Widget {
    fn drop(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self.host.remove();
        storage::forget(&self.id);
    }
}
