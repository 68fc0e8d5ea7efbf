//! The `key_enum!` macro: every fixed wire key of CONTENT.md is a Rust enum whose
//! variants serialise to exactly the documented string, with the full list in
//! declaration order (which is also the order CONTENT.md lists them in).

/// A fixed wire key: what `key_enum!` declares, for code that handles any of them.
pub trait WireKey: Copy + 'static {
    /// The stable wire key.
    fn as_str(self) -> &'static str;
    /// Parses a wire key; `None` for anything not listed.
    fn from_key(key: &str) -> Option<Self>;
}

/// Declares a wire-key enum: `Variant => "wire_key"`.
///
/// Generates `ALL` (declaration order), `as_str()` and serde impls that accept
/// only the listed strings, so an unknown value is rejected, never guessed.
#[macro_export]
macro_rules! key_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident => $key:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        $vis enum $name {
            $($(#[$vmeta])* #[serde(rename = $key)] $variant),+
        }

        impl $name {
            /// Every key, in the order CONTENT.md lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable wire key.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            /// Parses a wire key; `None` for anything not listed.
            pub fn from_key(key: &str) -> Option<Self> {
                match key { $($key => Some($name::$variant),)+ _ => None }
            }
        }

        impl $crate::WireKey for $name {
            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
            fn from_key(key: &str) -> Option<Self> {
                $name::from_key(key)
            }
        }

        // By hand: utoipa's derive does not see serde renames made by a macro.
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($key),+]))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
