//! The API's answers as the widget reads them: only the fields it shows. A
//! tolerant reader: fields it does not use (and fields added later) are left
//! unread, and each left-out field is code the visitor does not download.
//! The field names and meanings are the api's (`solecheck_shared::api`); the
//! end-to-end tests run the widget against the real api.

use serde::Deserialize;
use wasm_bindgen::JsValue;

/// `POST /v1/assessments` 201 (`AssessmentCreated`). The stored result stays
/// a JS value, kept as JSON text and compared with the widget's own (see
/// `Saved::matches`): read as a type, it would add a reader for every part of
/// a result, only to rebuild what the widget already holds.
#[derive(Deserialize)]
pub struct Created {
    pub id: String,
    pub token: String,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    pub result: JsValue,
}

/// One offer window (`OfferView`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Offer {
    pub title: String,
    pub description: String,
    pub percent_off: i32,
    pub applies_to: String,
    /// The window's first clinic-local day, `YYYY-MM-DD`.
    pub starts_on: String,
}

/// `GET /v1/offers` (`Offers`): the windows running today and the next one.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Offers {
    pub active: Vec<Offer>,
    pub next: Option<Offer>,
}

/// `POST /v1/assessments/{id}/code` (`CodeIssued`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Code {
    /// Display form `XXXX-XXXX-XXXX-C`.
    pub code: String,
    /// The QR symbol's rows, `1` dark and `0` light.
    pub qr: Vec<String>,
    /// The last clinic-local day the code can be used on, `YYYY-MM-DD`.
    pub valid_through: String,
}

/// `GET /v1/clinic` (`ClinicInfo`): where to bring the code.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Clinic {
    pub name: String,
    pub location: String,
    pub phone: Option<String>,
    pub booking_url: Option<String>,
}
