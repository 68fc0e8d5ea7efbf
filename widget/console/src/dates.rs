//! Dates and times as the desk reads them: instants in the clinic's time zone
//! (the browser's own zone may differ), and local days in words.

use chrono::NaiveDate;
use wasm_bindgen::JsValue;

/// An RFC 3339 instant as a date and time in `time_zone`, e.g.
/// "Nov 25, 2026, 10:42 AM". Falls back to the raw text if the browser cannot.
pub fn local_time(instant: &str, time_zone: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(instant));
    if date.get_time().is_nan() {
        return instant.to_owned();
    }
    let options = js_sys::Object::new();
    let set = |key: &str, value: &str| js_sys::Reflect::set(&options, &key.into(), &value.into()).is_ok();
    let ok = set("dateStyle", "medium")
        && set("timeStyle", "short")
        && (time_zone.is_empty() || set("timeZone", time_zone));
    if !ok {
        return instant.to_owned();
    }
    let locales = js_sys::Array::of1(&"en-US".into());
    // `Intl.DateTimeFormat` throws on a zone it does not know; fall back then.
    let format = js_sys::Reflect::get(&js_sys::global(), &"Intl".into())
        .and_then(|intl| js_sys::Reflect::get(&intl, &"DateTimeFormat".into()))
        .and_then(|ctor| js_sys::Reflect::construct(&ctor.into(), &js_sys::Array::of2(&locales, &options)))
        .and_then(|formatter| {
            let format = js_sys::Reflect::get(&formatter, &"format".into())?;
            js_sys::Function::from(format).call1(&formatter, &date)
        });
    format.ok().and_then(|v| v.as_string()).unwrap_or_else(|| instant.to_owned())
}

/// A `YYYY-MM-DD` day, parsed.
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// A local day in words: "Saturday, August 1, 2027".
pub fn day_words(day: NaiveDate) -> String {
    day.format("%A, %B %-d, %Y").to_string()
}

/// A local day without the year or weekday: "August 1".
pub fn month_day(day: NaiveDate) -> String {
    day.format("%B %-d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_read_in_words() {
        let day = parse_day("2027-08-01").unwrap();
        assert_eq!(day_words(day), "Sunday, August 1, 2027");
        assert_eq!(month_day(day), "August 1");
        assert_eq!(parse_day("2027-02-30"), None);
        assert_eq!(parse_day(" 2027-01-31 "), NaiveDate::from_ymd_opt(2027, 1, 31));
    }
}
