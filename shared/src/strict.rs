//! Structs read from JSON objects only. Serde's derived `Deserialize` also
//! reads a struct from an array, field by field in order, so `"about": [null,
//! null]` would pass for an empty `about`: no client means that, and the
//! schema says object. `validate::object` refuses a body that is not an
//! object; nested structs use these helpers:
//! `#[serde(deserialize_with = "strict::object")]`.

use serde::{
    Deserialize, Deserializer,
    de::{DeserializeOwned, Visitor},
};

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
