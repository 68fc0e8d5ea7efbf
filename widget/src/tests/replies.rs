//! The API's replies as the widget reads them (`services::replies`): extra
//! fields are left alone, and a reply missing a needed field or holding one
//! of the wrong type is not read at all.

use wasm_bindgen_test::wasm_bindgen_test;

use crate::services::replies::{Clinic, Code, Created, Offer, Offers, Reply};

fn read<T: Reply>(json: &str) -> Option<T> {
    T::read(&js_sys::JSON::parse(json).expect("test JSON"))
}

const OFFER: &str = r#"{"id":"c1","title":"January massage","description":"","percent_off":20,
    "applies_to":"a massage","starts_on":"2027-01-01","ends_on":"2027-01-31","later":{"a":1}}"#;

#[wasm_bindgen_test]
fn offers_are_read_with_extra_fields_left_alone() {
    let offers: Offers =
        read(&format!(r#"{{"today":"2026-12-07","active":[{OFFER}],"next":null}}"#)).unwrap();
    let expected = Offer {
        title: "January massage".into(),
        description: String::new(),
        percent_off: 20,
        applies_to: "a massage".into(),
        starts_on: "2027-01-01".into(),
    };
    assert_eq!(offers, Offers { active: vec![expected.clone()], next: None });
    let later: Offers = read(&format!(r#"{{"active":[],"next":{OFFER}}}"#)).unwrap();
    assert_eq!(later.next, Some(expected));
}

#[wasm_bindgen_test]
fn a_missing_or_mistyped_field_fails_the_whole_reply() {
    for bad in [
        OFFER.replace(r#""title":"January massage","#, ""),
        OFFER.replace(r#""percent_off":20"#, r#""percent_off":"20""#),
        OFFER.replace(r#""percent_off":20"#, r#""percent_off":20.5"#),
        OFFER.replace(r#""starts_on":"2027-01-01""#, r#""starts_on":null"#),
    ] {
        assert_eq!(read::<Offer>(&bad), None, "{bad}");
        assert_eq!(read::<Offers>(&format!(r#"{{"active":[{bad}],"next":null}}"#)), None);
        assert_eq!(read::<Offers>(&format!(r#"{{"active":[],"next":{bad}}}"#)), None);
    }
    assert_eq!(read::<Offers>(r#"{"active":{},"next":null}"#), None, "active must be a list");
    assert_eq!(read::<Offers>("[]"), None);
    assert_eq!(read::<Offers>("null"), None);
}

#[wasm_bindgen_test]
fn a_code_needs_every_row_as_text() {
    let code: Code = read(
        r#"{"code":"ABCD-EFGH-JKLM-N","qr":["101","010"],"valid_through":"2027-01-31",
        "expires_at":"2027-02-01T07:00:00Z","status":"issued"}"#,
    )
    .unwrap();
    assert_eq!(code.qr, ["101", "010"]);
    assert_eq!(read::<Code>(r#"{"code":"A","qr":["101",1],"valid_through":"2027-01-31"}"#), None);
}

#[wasm_bindgen_test]
fn a_clinic_may_leave_out_its_phone_and_booking_page_but_not_mistype_them() {
    let clinic: Clinic = read(r#"{"name":"Crux","location":"St. George, Utah","phone":null}"#).unwrap();
    assert_eq!((clinic.phone, clinic.booking_url), (None, None));
    let clinic: Clinic = read(
        r#"{"name":"Crux","location":"St. George","phone":"435 555 0100","booking_url":"https://x.test/"}"#,
    )
    .unwrap();
    assert_eq!(clinic.phone.as_deref(), Some("435 555 0100"));
    assert_eq!(read::<Clinic>(r#"{"name":"Crux","location":"St. George","phone":4355550100}"#), None);
}

#[wasm_bindgen_test]
fn a_created_check_keeps_its_result_as_the_object_sent() {
    let created: Created =
        read(r#"{"id":"a1","token":"t","result":{"referral":{"level":"routine"}}}"#).unwrap();
    assert_eq!((created.id.as_str(), created.token.as_str()), ("a1", "t"));
    let result = crate::json::stringify(&created.result);
    assert_eq!(result.as_deref(), Some(r#"{"referral":{"level":"routine"}}"#));
    assert!(read::<Created>(r#"{"id":"a1","token":"t","result":"routine"}"#).is_none());
    assert!(read::<Created>(r#"{"id":"a1","result":{}}"#).is_none());
}

#[wasm_bindgen_test]
fn a_problem_is_known_by_its_code_and_nothing_else_is_one() {
    use crate::services::replies::problem_code;
    let problem = r#"{"type":"about:blank","title":"Not Found","status":404,"code":"not_found"}"#;
    assert_eq!(problem_code(problem).as_deref(), Some("not_found"));
    assert_eq!(problem_code("<html>404 Not Found</html>"), None, "a proxy's page");
    assert_eq!(problem_code(r#"{"code":404}"#), None);
    assert_eq!(problem_code(""), None);
}
