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
    /// For an account with two-step sign-in on: the six digits the
    /// authenticator app shows now, or one of the account's recovery codes.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::line))]
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "text::opt_line")]
    pub one_time_code: Option<String>,
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
    /// The account signed in with a temporary password an admin set: every
    /// route but `POST /v1/auth/password`, `GET /v1/auth/me`, refresh and
    /// sign-out answers 403 `password_change_required` until it is changed.
    pub password_change_required: bool,
    /// The clinic requires two-step sign-in and this account has not set it
    /// up: every route but the set-up, `GET /v1/auth/me`, the password change,
    /// refresh and sign-out answers 403 `two_step_enrolment_required`.
    pub two_step_enrolment_required: bool,
}

/// A staff account as admins see it (never the password hash).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffView {
    pub id: String,
    pub email: String,
    pub role: Role,
    pub disabled: bool,
    /// An admin reset the password: the next sign-in must choose a new one.
    pub must_change_password: bool,
    /// Two-step sign-in is on.
    pub two_step: bool,
    /// The clinic requires two-step sign-in and it is not on yet: the account
    /// must set it up before anything else.
    pub must_enrol_two_step: bool,
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

/// `POST /v1/auth/password`: change your own password.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    /// The password used to sign in (the temporary one after a reset).
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::line))]
    #[serde(deserialize_with = "text::line")]
    pub current_password: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::password))]
    #[serde(deserialize_with = "text::line")]
    pub new_password: String,
}

/// `POST /v1/staff/{id}/password-reset` 200: shown once, never stored.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordReset {
    /// Good for one sign-in, which must then choose a new password.
    pub temporary_password: String,
    pub account: StaffView,
}

/// `POST /v1/auth/two-step`: the account's password, asked again, since
/// this changes how the account signs in.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TwoStepBegin {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::line))]
    #[serde(deserialize_with = "text::line")]
    pub current_password: String,
}

/// `POST /v1/auth/two-step` 200: a new seed for an authenticator app.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoStepSetup {
    /// The seed as base32, for typing into an app that cannot scan.
    pub secret: String,
    /// `otpauth://totp/...` (SHA-1, 6 digits, 30 s), what the QR code says.
    pub otpauth_uri: String,
    /// The QR symbol of `otpauth_uri`: one string per row, `1` dark, `0`
    /// light, without the quiet zone of four light modules around it.
    pub qr: Vec<String>,
}

/// `POST /v1/auth/two-step/confirm`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TwoStepCode {
    /// The six digits the app shows for the new seed.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::line))]
    #[serde(deserialize_with = "text::line")]
    pub code: String,
}

/// `POST /v1/auth/two-step/confirm` 200.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoStepEnabled {
    /// Ten codes (`xxxxx-xxxxx`), each good for one sign-in in place of the
    /// app's code; shown this once and stored only hashed.
    pub recovery_codes: Vec<String>,
    pub account: StaffView,
}

/// `GET|PUT /v1/security`: the clinic's sign-in rules.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityPolicy {
    /// Every account must sign in with two steps.
    pub require_two_step: bool,
}
