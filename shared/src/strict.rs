//! Request bodies read strictly: one JSON object, structs from JSON objects
//! only, and what is wrong named by its field's path. Serde's derived
//! `Deserialize` also reads a struct from an array, field by field in order,
//! so `"about": [null, null]` would pass for an empty `about`: no client means
//! that, and the schema says object. [`body`] refuses a body that is not an
//! object; nested structs use `#[serde(deserialize_with = "strict::object")]`.

use serde::{
    Deserialize, Deserializer,
    de::{DeserializeOwned, Visitor},
};

use crate::validate::{FieldError, FieldErrorCode};

/// Reads a request body that must be one JSON object into `T`, or says which
/// field is wrong. Serde's derived structs also read a JSON array (field by
/// field, in order), which no client means, so anything but an object is
/// refused first; text after the object is refused too.
pub fn body<T: DeserializeOwned>(body: &[u8]) -> Result<T, FieldError> {
    let not_json = |e: serde_json::Error| FieldError::new(".", FieldErrorCode::InvalidJson, e.to_string());
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(match serde_json::from_slice::<serde::de::IgnoredAny>(body) {
            Ok(_) => FieldError::new(".", FieldErrorCode::InvalidType, "the body must be a JSON object"),
            Err(e) => not_json(e),
        });
    }
    // Tracking the path costs every field a wrapper: read without it, and
    // again with it only to say what is wrong (the same reading either way).
    if let Ok(value) = serde_json::from_slice(body) {
        return Ok(value);
    }
    let de = &mut serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut *de).map_err(|e| from_serde(&e))?;
    de.end().map_err(not_json)?;
    Ok(value)
}

fn from_serde(error: &serde_path_to_error::Error<serde_json::Error>) -> FieldError {
    use serde_json::error::Category;
    let inner = error.inner();
    let message = inner.to_string();
    let mut path = error.path().to_string();
    let code = match inner.classify() {
        Category::Syntax | Category::Eof | Category::Io => FieldErrorCode::InvalidJson,
        Category::Data if message.starts_with(crate::text::INVALID_TEXT) => FieldErrorCode::InvalidText,
        Category::Data if message.starts_with("unknown field") => FieldErrorCode::UnknownField,
        Category::Data if message.starts_with("missing field") => FieldErrorCode::MissingField,
        Category::Data if message.starts_with("invalid type") => FieldErrorCode::InvalidType,
        Category::Data => FieldErrorCode::InvalidValue,
    };
    // serde names a missing field in its message, with the path of the object
    // that lacks it; report the field's own path.
    if code == FieldErrorCode::MissingField
        && let Some(name) = message.split('`').nth(1)
    {
        path = if path == "." { name.to_owned() } else { format!("{path}.{name}") };
    }
    if code == FieldErrorCode::InvalidJson {
        path = ".".to_owned();
    }
    let message = match message.strip_prefix(crate::text::INVALID_TEXT) {
        Some(rule) => rule.trim_start().to_owned(),
        None => message,
    };
    FieldError::new(path, code, message)
}

/// `deserialize_with` for a nested struct.
pub fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    T::deserialize(MapOnly(d))
}

/// `deserialize_with` for an optional nested struct (`null` is `None`).
pub fn opt_object<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Option<T>, D::Error> {
    Option::<Object<T>>::deserialize(d).map(|o| o.map(|Object(v)| v))
}

struct Object<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        object(d).map(Self)
    }
}

/// Asks the inner deserializer for a map wherever a struct is read (JSON
/// readers then refuse an array), and passes everything else through: a
/// derived struct asks for nothing but `deserialize_struct`.
struct MapOnly<D>(D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for MapOnly<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        #[serde(default)]
        a: Option<u8>,
        #[serde(default)]
        b: Option<u8>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Outer {
        #[serde(deserialize_with = "super::object")]
        inner: Inner,
        #[serde(default, deserialize_with = "super::opt_object")]
        maybe: Option<Inner>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Reason {
        #[serde(deserialize_with = "crate::text::text")]
        reason: String,
    }

    #[test]
    fn refused_text_is_reported_at_its_path() {
        let error = super::body::<Reason>(br#"{"reason": "a\u0000b"}"#).unwrap_err();
        assert_eq!(
            (error.path.as_str(), error.code),
            ("reason", crate::validate::FieldErrorCode::InvalidText)
        );
        assert!(error.message.starts_with("control characters"), "{}", error.message);
        assert_eq!(super::body::<Reason>(br#"{"reason": "two\nlines"}"#).unwrap().reason, "two\nlines");
    }

    #[test]
    fn nested_structs_come_from_objects_only() {
        let ok: Outer = serde_json::from_str(r#"{"inner": {"a": 1}, "maybe": {"b": 2}}"#).unwrap();
        assert_eq!((ok.inner.a, ok.maybe.and_then(|m| m.b)), (Some(1), Some(2)));
        let null: Outer = serde_json::from_str(r#"{"inner": {}, "maybe": null}"#).unwrap();
        assert_eq!(null.maybe, None);
        for bad in
            [r#"{"inner": [1, 2]}"#, r#"{"inner": {}, "maybe": [null, null]}"#, r#"{"inner": {"c": 1}}"#]
        {
            assert!(serde_json::from_str::<Outer>(bad).is_err(), "{bad}");
        }
        // The path of what is wrong inside survives.
        let de = &mut serde_json::Deserializer::from_str(r#"{"inner": {"a": "x"}}"#);
        let error = serde_path_to_error::deserialize::<_, Outer>(de).unwrap_err();
        assert_eq!(error.path().to_string(), "inner.a");
    }
}
