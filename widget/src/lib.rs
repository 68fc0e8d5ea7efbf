//! The `<sole-check>` widget: a Yew app mounted by `js/solecheck.js` into each
//! element's shadow root, so the host page's CSS cannot reach it and its CSS
//! cannot leak out. Scoring and texts come from `solecheck-shared`, so the
//! result appears without a network.

mod app;
mod clock;
mod components;
mod json;
mod services;
mod state;
mod steps;
mod storage;
#[cfg(test)]
#[cfg(target_arch = "wasm32")]
mod tests;
mod timer;

use solecheck_shared::answers::Locale;
use wasm_bindgen::prelude::*;
use yew::AppHandle;

pub use app::{App, AppProps};

/// Talc in place of the standard dlmalloc: the same job in fewer bytes of
/// wasm (and faster), for a page that allocates little and briefly.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The widget's stylesheet, adopted by each shadow root (a constructable
/// stylesheet works under a strict CSP, unlike an inline `<style>`).
#[wasm_bindgen]
pub fn stylesheet() -> String {
    include_str!("../css/widget.css").to_owned()
}

/// One mounted widget; the loader destroys it when the element is removed.
#[wasm_bindgen]
pub struct WidgetHandle {
    app: Option<AppHandle<App>>,
}

#[wasm_bindgen]
impl WidgetHandle {
    /// Unmounts the app.
    pub fn destroy(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }
}

/// Mounts a widget into `root` (an element's shadow root). `api` is the API's
/// origin, `lang` the starting language (`en` or `es`; others fall back to `en`),
/// `id` names the widget on its page (for keeping its journey over a reload).
#[wasm_bindgen]
pub fn mount(
    root: web_sys::ShadowRoot,
    api: String,
    lang: String,
    id: String,
) -> Result<WidgetHandle, JsValue> {
    let document =
        web_sys::window().and_then(|w| w.document()).ok_or_else(|| JsValue::from_str("no document"))?;
    let host = document.create_element("div")?;
    host.set_class_name("solecheck");
    root.append_child(&host)?;
    let locale = Locale::from_key(&lang).unwrap_or(Locale::En);
    let app = yew::Renderer::<App>::with_root_and_props(
        host,
        AppProps { api, locale, id, clock: clock::Clock::default() },
    )
    .render();
    Ok(WidgetHandle { app: Some(app) })
}
