//! Staff sign-in and accounts.

use super::*;

key_enum! {
    /// A staff member's role: `staff` looks up and redeems codes; `admin` does everything.
    pub enum Role { Staff => "staff", Admin => "admin" }
}

/// `POST /v1/auth/login`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::line))]
    #[serde(deserialize_with = "text::line")]
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::line))]
    #[serde(deserialize_with = "text::line")]
    pub password: String,
}

/// `POST /v1/auth/refresh` and `POST /v1/auth/logout`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::line))]
    #[serde(deserialize_with = "text::line")]
    pub refresh_token: String,
}

/// Login and refresh 200.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
}

/// A staff account as admins see it (never the password hash).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffView {
    pub id: String,
    pub email: String,
    pub role: Role,
    pub disabled: bool,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// `POST /v1/staff`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewStaff {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::email))]
    #[serde(deserialize_with = "text::line")]
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::password))]
    #[serde(deserialize_with = "text::line")]
    pub password: String,
    pub role: Role,
}

/// `PATCH /v1/staff/{id}`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}
