//! What a text field of a request may hold. Control characters have no place
//! in an email, a title or a reason, and not every database can store them
//! (PostgreSQL refuses NUL in text), so they are refused as the client's error,
//! with the field's path, before anything reaches a database.
//!
//! A *line* (an email, a slug, a title) holds no control character at all; a
//! *text* (a description, a reason) may also hold tabs and line breaks. Use the
//! serde helpers on request fields: `#[serde(deserialize_with = "text::line")]`.

use serde::{Deserialize, Deserializer, de::Error};

/// What the error message of a refused text starts with; the body parser
/// (`strict::body`) turns it into [`crate::validate::FieldErrorCode::InvalidText`].
pub const INVALID_TEXT: &str = "invalid_text:";

/// True when `s` may be stored as a one-line field.
pub fn is_line(s: &str) -> bool {
    !s.chars().any(char::is_control)
}

/// True when `s` may be stored as a multi-line field.
pub fn is_text(s: &str) -> bool {
    !s.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

fn checked<'de, D: Deserializer<'de>>(
    d: D,
    allowed: fn(&str) -> bool,
    what: &str,
) -> Result<String, D::Error> {
    let value = String::deserialize(d)?;
    if allowed(&value) { Ok(value) } else { Err(D::Error::custom(format!("{INVALID_TEXT} {what}"))) }
}

const LINE_RULE: &str = "control characters are not allowed in this field";
const TEXT_RULE: &str = "control characters other than tab and line breaks are not allowed in this field";

/// `deserialize_with` for a one-line `String`.
pub fn line<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    checked(d, is_line, LINE_RULE)
}

/// `deserialize_with` for a multi-line `String`.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    checked(d, is_text, TEXT_RULE)
}

/// `deserialize_with` for an optional one-line field (with `#[serde(default)]`):
/// left out is `None`; `null` is refused, as the schema says (it means nothing
/// a left-out field does not).
pub fn opt_line<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    line(d).map(Some)
}

/// `deserialize_with` for an optional multi-line field, like [`opt_line`].
pub fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    text(d).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_refuse_every_control_character() {
        for bad in ["a\0b", "a\nb", "tab\there", "\r", "\u{7f}", "\u{85}", "\u{9f}", "\u{1b}[31m"] {
            assert!(!is_line(bad), "{bad:?}");
        }
        for good in ["", "Crux Sport & Spine", "ñandú@clínica.es", "20% off — January", "\u{a0}"] {
            assert!(is_line(good), "{good:?}");
        }
    }

    #[test]
    fn texts_allow_tabs_and_line_breaks_only() {
        assert!(is_text("first line\r\nsecond\tcolumn\n"));
        for bad in ["a\0b", "\u{7}", "\u{b}", "\u{c}", "\u{1f}", "\u{7f}", "\u{80}"] {
            assert!(!is_text(bad), "{bad:?}");
        }
    }

    #[derive(Debug, Deserialize)]
    struct Form {
        #[serde(deserialize_with = "line")]
        title: String,
        #[serde(default, deserialize_with = "opt_text")]
        note: Option<String>,
    }

    #[test]
    fn the_serde_helpers_refuse_with_the_marker() {
        let ok: Form = serde_json::from_str(r#"{"title": "Hi", "note": "a\nb"}"#).unwrap();
        assert_eq!((ok.title.as_str(), ok.note.as_deref()), ("Hi", Some("a\nb")));
        let none: Form = serde_json::from_str(r#"{"title": "Hi"}"#).unwrap();
        assert_eq!(none.note, None);
        assert!(serde_json::from_str::<Form>(r#"{"title": "Hi", "note": null}"#).is_err());
        for bad in [r#"{"title": "a\u0000"}"#, r#"{"title": "a\nb"}"#, r#"{"title": "x", "note": "\u0000"}"#]
        {
            let error = serde_json::from_str::<Form>(bad).unwrap_err().to_string();
            assert!(error.starts_with(INVALID_TEXT), "{bad}: {error}");
        }
    }
}
