//! The rules of single request fields, each beside its OpenAPI schema, so the
//! published document is exactly as strict as the server: a rule checked here
//! is stated there (`#[schema(schema_with = fields::schema::...)]` on the
//! field), and a unit test checks each pattern against the rule's function.
//! Rules that join several fields or depend on stored data (a campaign's end
//! after its start, a session within the last 60 days) live with the services.

use serde::{Deserialize, Deserializer};

use crate::text;

/// The most characters of a campaign's title and of what it applies to.
pub const TITLE_MAX: usize = 120;
/// The most characters of a campaign's description.
pub const DESCRIPTION_MAX: usize = 1000;
/// A slug's length.
pub const SLUG_LEN: std::ops::RangeInclusive<usize> = 2..=64;
/// The most characters of a void or un-redeem reason.
pub const REASON_MAX: usize = 500;
/// The fewest characters of a new password.
pub const PASSWORD_MIN: usize = 12;
/// The most characters of a new password: well above the 64 NIST SP 800-63B
/// asks to allow, so passphrases fit, and short of anything that would make
/// hashing a body of text.
pub const PASSWORD_MAX: usize = 128;
/// The most characters of an email address.
pub const EMAIL_MAX: usize = 254;
/// A campaign's discount, in percent.
pub const PERCENT_OFF: std::ops::RangeInclusive<i32> = 1..=100;
/// How long a code may be valid, in days.
pub const CODE_LIFE_DAYS: std::ops::RangeInclusive<i32> = 1..=366;
/// Sets of one exercise session.
pub const SETS_DONE: std::ops::RangeInclusive<i32> = 1..=20;

/// Neither a control character nor white space (Rust's `char::is_whitespace`,
/// Unicode's White_Space, which the patterns below spell out).
pub fn is_visible(c: char) -> bool {
    !c.is_control() && !c.is_whitespace()
}

/// A title-like line: no control characters, something besides white space,
/// at most `max` characters.
pub fn is_title(s: &str, max: usize) -> bool {
    text::is_line(s) && s.chars().any(is_visible) && s.chars().count() <= max
}

/// A reason: multi-line text with something besides white space, at most
/// [`REASON_MAX`] characters.
pub fn is_reason(s: &str) -> bool {
    text::is_text(s) && s.chars().any(is_visible) && s.chars().count() <= REASON_MAX
}

/// `local@domain.tld`: one `@`, visible characters only, a domain of two or
/// more dot-separated labels, at most [`EMAIL_MAX`] characters.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    let labels: Vec<&str> = domain.split('.').collect();
    s.chars().count() <= EMAIL_MAX
        && !local.is_empty()
        && local.chars().all(is_visible)
        && labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l.chars().all(|c| is_visible(c) && c != '@'))
}

/// Lower-case letters, digits and hyphens, neither first nor last.
pub fn is_slug(s: &str) -> bool {
    SLUG_LEN.contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// A calendar day written `YYYY-MM-DD`, and only so (chrono alone would also
/// take `2027-1-5`).
pub fn day(s: &str) -> Option<chrono::NaiveDate> {
    let shaped = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    if shaped { chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok() } else { None }
}

/// `deserialize_with` for whole numbers. JSON Schema's `integer` is any
/// number without a fraction, `25.0` too, so that is taken as well.
pub fn whole<'de, D: Deserializer<'de>, T: TryFrom<i64>>(d: D) -> Result<T, D::Error> {
    d.deserialize_any(WholeVisitor).and_then(|n| T::try_from(n).map_err(|_| out_of_range(n)))
}

/// `deserialize_with` for an optional whole number that may also be `null`.
pub fn whole_or_null<'de, D: Deserializer<'de>, T: TryFrom<i64>>(d: D) -> Result<Option<T>, D::Error> {
    Option::<Whole<T>>::deserialize(d).map(|o| o.map(|Whole(n)| n))
}

/// `deserialize_with` for an optional whole number that, when sent, is a
/// number (`null` is refused: leave the field out instead).
pub fn opt_whole<'de, D: Deserializer<'de>, T: TryFrom<i64>>(d: D) -> Result<Option<T>, D::Error> {
    whole(d).map(Some)
}

fn out_of_range<E: serde::de::Error>(n: i64) -> E {
    E::invalid_value(serde::de::Unexpected::Signed(n), &"a whole number in range")
}

/// A whole number read with [`whole`].
pub struct Whole<T>(pub T);

impl<'de, T: TryFrom<i64>> Deserialize<'de> for Whole<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        whole(d).map(Self)
    }
}

struct WholeVisitor;

impl serde::de::Visitor<'_> for WholeVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a whole number")
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
    }

    #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<i64, E> {
        // Only whole values within i64; the cast is then exact.
        if v.fract() != 0.0 {
            Err(E::invalid_type(serde::de::Unexpected::Float(v), &self))
        } else if v >= i64::MIN as f64 && v < i64::MAX as f64 {
            Ok(v as i64)
        } else {
            Err(E::invalid_value(serde::de::Unexpected::Float(v), &self))
        }
    }
}

/// The OpenAPI patterns (ECMA-262, as JSON Schema reads them) of the rules.
pub mod patterns {
    /// Unicode White_Space, as `char::is_whitespace` knows it, without the
    /// controls among it (tab, line breaks, U+0085), which [`CONTROL`] covers.
    const SPACE: &str = " \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000";
    /// Unicode's control characters (`Cc`).
    const CONTROL: &str = "\\u0000-\\u001F\\u007F-\\u009F";

    /// A character of a line.
    pub fn line_char() -> String {
        format!("[^{CONTROL}]")
    }

    /// A character of a multi-line text.
    pub fn text_char() -> String {
        "[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]".to_owned()
    }

    /// A visible character (see [`super::is_visible`]), also not `extra`.
    pub fn visible_char(extra: &str) -> String {
        format!("[^{CONTROL}{SPACE}{extra}]")
    }

    pub fn line() -> String {
        format!("^{}*$", line_char())
    }

    pub fn text() -> String {
        format!("^{}*$", text_char())
    }

    /// Something visible among `any` characters.
    pub fn not_blank(any: &str) -> String {
        format!("^{any}*{}{any}*$", visible_char(""))
    }

    pub fn email() -> String {
        let local = visible_char("@");
        let label = visible_char("@.");
        format!("^{local}+@{label}+(\\.{label}+)+$")
    }

    pub const SLUG: &str = "^[a-z0-9][a-z0-9-]*[a-z0-9]$";
    pub const DAY: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
}

/// The schemas, built from the constants and patterns above.
#[cfg(feature = "openapi")]
pub mod schema {
    use utoipa::openapi::{
        RefOr,
        schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type},
    };

    use super::{patterns, *};

    fn string(pattern: String) -> ObjectBuilder {
        ObjectBuilder::new().schema_type(Type::String).pattern(Some(pattern))
    }

    fn done(builder: ObjectBuilder) -> RefOr<Schema> {
        RefOr::T(Schema::Object(builder.build()))
    }

    /// A one-line field with no other rule (tokens, passwords at sign-in).
    pub fn line() -> RefOr<Schema> {
        done(string(patterns::line()))
    }

    pub fn email() -> RefOr<Schema> {
        // No `format: email`: validators disagree on what it takes; the pattern is the rule.
        done(string(patterns::email()).max_length(Some(EMAIL_MAX)))
    }

    /// A new password.
    pub fn password() -> RefOr<Schema> {
        done(string(patterns::line()).min_length(Some(PASSWORD_MIN)).max_length(Some(PASSWORD_MAX)))
    }

    pub fn slug() -> RefOr<Schema> {
        done(
            string(patterns::SLUG.to_owned())
                .min_length(Some(*SLUG_LEN.start()))
                .max_length(Some(*SLUG_LEN.end())),
        )
    }

    /// Something visible among `chars`, 1 to `max` characters.
    fn not_blank(chars: &str, max: usize) -> RefOr<Schema> {
        done(string(patterns::not_blank(chars)).min_length(Some(1)).max_length(Some(max)))
    }

    /// A title or what a campaign applies to.
    pub fn title() -> RefOr<Schema> {
        not_blank(&patterns::line_char(), TITLE_MAX)
    }

    pub fn description() -> RefOr<Schema> {
        done(string(patterns::text()).max_length(Some(DESCRIPTION_MAX)))
    }

    pub fn reason() -> RefOr<Schema> {
        not_blank(&patterns::text_char(), REASON_MAX)
    }

    pub fn day() -> RefOr<Schema> {
        done(string(patterns::DAY.to_owned()).format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))))
    }

    fn whole(range: &std::ops::RangeInclusive<i32>) -> ObjectBuilder {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(f64::from(*range.start())))
            .maximum(Some(f64::from(*range.end())))
    }

    pub fn percent_off() -> RefOr<Schema> {
        done(whole(&PERCENT_OFF))
    }

    /// Nullable: `null` means no limit of its own.
    pub fn code_life_days() -> RefOr<Schema> {
        done(
            whole(&CODE_LIFE_DAYS)
                .schema_type(utoipa::openapi::schema::SchemaType::from_iter([Type::Integer, Type::Null])),
        )
    }

    pub fn sets_done() -> RefOr<Schema> {
        done(
            whole(&SETS_DONE)
                .schema_type(utoipa::openapi::schema::SchemaType::from_iter([Type::Integer, Type::Null])),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Numbers {
        #[serde(deserialize_with = "whole")]
        a: u8,
        #[serde(default, deserialize_with = "whole_or_null")]
        b: Option<i32>,
        #[serde(default, deserialize_with = "opt_whole")]
        c: Option<i32>,
    }

    #[test]
    fn whole_numbers_may_be_written_with_a_zero_fraction() {
        let n: Numbers = serde_json::from_str(r#"{"a": 25.0, "b": null, "c": -3.0}"#).unwrap();
        assert_eq!((n.a, n.b, n.c), (25, None, Some(-3)));
        let n: Numbers = serde_json::from_str(r#"{"a": 7, "b": 1e2}"#).unwrap();
        assert_eq!((n.a, n.b, n.c), (7, Some(100), None));
        for bad in [
            r#"{"a": 2.5}"#,
            r#"{"a": 256}"#,
            r#"{"a": -1}"#,
            r#"{"a": 1e300}"#,
            r#"{"a": "1"}"#,
            r#"{"a": 1, "c": null}"#,
        ] {
            assert!(serde_json::from_str::<Numbers>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails() {
        for good in ["desk@clinic.test", "a.b+c@x.y.z", "ñandú@clínica.es", "o'neil@x.io"] {
            assert!(is_email(good), "{good}");
        }
        for bad in
            ["@", "a@", "@b.c", "a@b", "a@b.", "a@.b", "a b@c.d", "a@b@c.d", " a@b.c", "a@b.c\n", "a@b..c"]
        {
            assert!(!is_email(bad), "{bad:?}");
        }
        assert!(!is_email(&format!("{}@b.c", "a".repeat(EMAIL_MAX))));
    }

    #[test]
    fn slugs_titles_reasons_and_days() {
        assert!(is_slug("january-massage") && is_slug("a1") && is_slug("a--b"));
        assert!(!is_slug("a") && !is_slug("-a") && !is_slug("a-") && !is_slug("A1") && !is_slug("é1"));
        assert!(
            is_title(" 20% off ", TITLE_MAX)
                && !is_title("   ", TITLE_MAX)
                && !is_title("\u{3000}", TITLE_MAX)
        );
        assert!(!is_title(&"x".repeat(TITLE_MAX + 1), TITLE_MAX) && !is_title("a\nb", TITLE_MAX));
        assert!(is_reason("Given twice\nby mistake") && !is_reason(" \n\t") && !is_reason(""));
        assert!(day("2027-01-31").is_some() && day("0001-01-01").is_some());
        for bad in ["2027-1-5", "2027-02-30", "+2027-01-01", "2027/01/31", "2027-01-31 ", "२०२७-०१-३१"]
        {
            assert!(day(bad).is_none(), "{bad}");
        }
    }

    /// Each pattern, read as a regular expression, takes exactly what its
    /// rule takes: checked on every character of the first planes' interesting
    /// ranges, and on whole strings.
    #[test]
    fn the_patterns_say_what_the_rules_do() {
        let re = |p: &str| regex_lite::Regex::new(p).unwrap();
        let (line, text, title, reason, email) = (
            re(&patterns::line()),
            re(&patterns::text()),
            re(&patterns::not_blank(&patterns::line_char())),
            re(&patterns::not_blank(&patterns::text_char())),
            re(&patterns::email()),
        );
        let chars = (0u32..0x3100).chain(0xFE00..0xFF10).filter_map(char::from_u32);
        for c in chars {
            let s = c.to_string();
            assert_eq!(line.is_match(&s), text::is_line(&s), "line {c:?}");
            assert_eq!(text.is_match(&s), text::is_text(&s), "text {c:?}");
            assert_eq!(title.is_match(&s), is_title(&s, TITLE_MAX), "title {c:?}");
            assert_eq!(reason.is_match(&s), is_reason(&s), "reason {c:?}");
            let address = format!("a{c}b@c.d");
            assert_eq!(email.is_match(&address), is_email(&address), "email {address:?}");
        }
        for s in ["@", "a@b", "a@b.c", "a.b@c.d.e", "a@b..c", "a@@b.c", "x@y.", ".@a.b"] {
            assert_eq!(email.is_match(s), is_email(s), "email {s:?}");
        }
        let (slug, day_re) = (re(patterns::SLUG), re(patterns::DAY));
        for s in ["ab", "a", "a-b", "-a", "a-", "a--b", "Ab", "a_b", "0-0"] {
            assert_eq!(slug.is_match(s) && SLUG_LEN.contains(&s.len()), is_slug(s), "slug {s:?}");
        }
        for s in ["2027-01-31", "2027-1-31", "20270-01-31", "2027-01-3"] {
            assert_eq!(day_re.is_match(s), s.len() == 10 && day(s).is_some(), "day {s:?}");
        }
    }
}
