//! The API's answers as the widget reads them: only the fields it shows, read
//! straight off the object the browser's `JSON.parse` made. A tolerant
//! reader: fields it does not use (and fields added later) are left unread,
//! and a reply without a field it needs, or with one of the wrong type, is
//! not read at all. Read by hand rather than through serde: a derived
//! `Deserialize` and serde-wasm-bindgen's deserializer cost the download
//! several kilobytes of compressed wasm, for five small objects.
//! The field names and meanings are the api's (`solecheck_shared::api`); the
//! end-to-end tests run the widget against the real api.

use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;

/// A reply the widget reads: `None` when `value` is not one.
pub trait Reply: Sized {
    fn read(value: &JsValue) -> Option<Self>;
}

/// The field `name` of an object; `None` when missing or `null`.
fn field(object: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(object, &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

/// A string field.
fn text(object: &JsValue, name: &str) -> Option<String> {
    field(object, name)?.as_string()
}

/// A field that may be missing or `null`, but is a string when present:
/// `None` when it is something else.
fn optional_text(object: &JsValue, name: &str) -> Option<Option<String>> {
    field(object, name).map_or(Some(None), |v| v.as_string().map(Some))
}

/// An array field, each item read by `item`.
fn list<T>(object: &JsValue, name: &str, item: impl Fn(&JsValue) -> Option<T>) -> Option<Vec<T>> {
    let value = field(object, name).filter(Array::is_array)?;
    Array::from(&value).iter().map(|v| item(&v)).collect()
}

/// The `code` of a problem+json body (`Problem`), if `body` is one.
pub fn problem_code(body: &str) -> Option<String> {
    text(&js_sys::JSON::parse(body).ok()?, "code")
}

/// `POST /v1/assessments` 201 (`AssessmentCreated`). The stored result stays
/// a JS value, kept as JSON text and compared with the widget's own (see
/// `Saved::matches`): read as a type, it would add a reader for every part of
/// a result, only to rebuild what the widget already holds.
pub struct Created {
    pub id: String,
    pub token: String,
    pub result: JsValue,
}

impl Reply for Created {
    fn read(v: &JsValue) -> Option<Self> {
        let result = field(v, "result").filter(JsValue::is_object)?;
        Some(Self { id: text(v, "id")?, token: text(v, "token")?, result })
    }
}

/// One offer window (`OfferView`).
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    pub title: String,
    pub description: String,
    pub percent_off: i32,
    pub applies_to: String,
    /// The window's first clinic-local day, `YYYY-MM-DD`.
    pub starts_on: String,
}

impl Reply for Offer {
    fn read(v: &JsValue) -> Option<Self> {
        let percent = field(v, "percent_off")?
            .as_f64()
            .filter(|p| p.fract() == 0.0 && p.abs() <= f64::from(i32::MAX))?;
        Some(Self {
            title: text(v, "title")?,
            description: text(v, "description")?,
            percent_off: percent as i32,
            applies_to: text(v, "applies_to")?,
            starts_on: text(v, "starts_on")?,
        })
    }
}

/// `GET /v1/offers` (`Offers`): the windows running today and the next one.
#[derive(Debug, Clone, PartialEq)]
pub struct Offers {
    pub active: Vec<Offer>,
    pub next: Option<Offer>,
}

impl Reply for Offers {
    fn read(v: &JsValue) -> Option<Self> {
        let next = match field(v, "next") {
            Some(next) => Some(Offer::read(&next)?),
            None => None,
        };
        Some(Self { active: list(v, "active", Offer::read)?, next })
    }
}

/// `POST /v1/assessments/{id}/code` (`CodeIssued`).
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    /// Display form `XXXX-XXXX-XXXX-C`.
    pub code: String,
    /// The QR symbol's rows, `1` dark and `0` light.
    pub qr: Vec<String>,
    /// The last clinic-local day the code can be used on, `YYYY-MM-DD`.
    pub valid_through: String,
}

impl Reply for Code {
    fn read(v: &JsValue) -> Option<Self> {
        Some(Self {
            code: text(v, "code")?,
            qr: list(v, "qr", JsValue::as_string)?,
            valid_through: text(v, "valid_through")?,
        })
    }
}

/// `GET /v1/clinic` (`ClinicInfo`): where to bring the code.
#[derive(Debug, Clone, PartialEq)]
pub struct Clinic {
    pub name: String,
    pub location: String,
    pub phone: Option<String>,
    pub booking_url: Option<String>,
}

impl Reply for Clinic {
    fn read(v: &JsValue) -> Option<Self> {
        Some(Self {
            name: text(v, "name")?,
            location: text(v, "location")?,
            phone: optional_text(v, "phone")?,
            booking_url: optional_text(v, "booking_url")?,
        })
    }
}
