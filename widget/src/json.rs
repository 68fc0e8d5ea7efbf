//! JSON out of the widget through the browser's own `JSON.stringify`, with
//! serde-wasm-bindgen from Rust types to JS values. The browser already
//! carries JSON: using it keeps serde_json's number formatting out of the
//! download (about a tenth of it). Replies come in through `JSON.parse` and
//! are read field by field (`services::replies`).
//! The serializer is the JSON-compatible one (`None` as `null`, maps as
//! objects), so what it writes is what serde_json would write for the api.

use serde::Serialize;
use serde_wasm_bindgen::Serializer;
use wasm_bindgen::JsValue;

const SERIALIZER: Serializer = Serializer::json_compatible();

/// `value` as a JS value shaped like its JSON.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Option<JsValue> {
    value.serialize(&SERIALIZER).ok()
}

/// `value` as JSON text.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    stringify(&to_js(value)?)
}

/// A JS value as JSON text (object keys in insertion order).
pub fn stringify(value: &JsValue) -> Option<String> {
    js_sys::JSON::stringify(value).ok()?.as_string()
}
