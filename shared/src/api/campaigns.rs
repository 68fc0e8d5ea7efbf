//! Campaigns as admins write and see them, and the offers visitors see.

use super::*;

key_enum! {
    /// Whether a campaign repeats every year on the same days.
    pub enum Recurrence { None => "none", Yearly => "yearly" }
}

/// A campaign as admins write it (`POST /v1/campaigns`). Dates are the clinic's
/// local calendar days (`YYYY-MM-DD`), both inclusive.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::slug))]
    #[serde(deserialize_with = "text::line")]
    pub slug: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::title))]
    #[serde(deserialize_with = "text::line")]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::description))]
    #[serde(deserialize_with = "text::text")]
    pub description: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::percent_off))]
    #[serde(deserialize_with = "crate::fields::whole")]
    pub percent_off: i32,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::title))]
    #[serde(deserialize_with = "text::line")]
    pub applies_to: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::day))]
    #[serde(deserialize_with = "text::line")]
    pub starts_on: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::day))]
    #[serde(deserialize_with = "text::line")]
    pub ends_on: String,
    pub recurrence: Recurrence,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::code_life_days))]
    #[serde(default, deserialize_with = "crate::fields::whole_or_null")]
    pub code_life_days: Option<i32>,
}

/// `PATCH /v1/campaigns/{id}`: any field, or `ended: true` to end it now.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignPatch {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::title))]
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "text::opt_line")]
    pub title: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::description))]
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "text::opt_text")]
    pub description: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::percent_off))]
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::fields::opt_whole")]
    pub percent_off: Option<i32>,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::title))]
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "text::opt_line")]
    pub applies_to: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::day))]
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "text::opt_line")]
    pub starts_on: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::day))]
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "text::opt_line")]
    pub ends_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<Recurrence>,
    /// `Some(None)` (JSON `null`) clears it.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::code_life_days))]
    #[serde(default, skip_serializing_if = "Option::is_none", with = "double_option")]
    pub code_life_days: Option<Option<i32>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<bool>,
}

mod double_option {
    use serde::{Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<Option<i32>>, s: S) -> Result<S::Ok, S::Error> {
        value.flatten().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<i32>>, D::Error> {
        crate::fields::whole_or_null(d).map(Some)
    }
}

/// A campaign as stored (`GET /v1/campaigns` item).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignView {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub percent_off: i32,
    pub applies_to: String,
    pub starts_on: String,
    pub ends_on: String,
    pub recurrence: Recurrence,
    pub code_life_days: Option<i32>,
    /// A demo campaign made by `serve --demo`.
    pub demo: bool,
    /// RFC 3339 when an admin ended it.
    pub ended_at: Option<String>,
    /// Whether it is running now.
    pub active: bool,
}

/// One offer as visitors see it: the campaign's current or next window.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferView {
    pub slug: String,
    pub title: String,
    pub description: String,
    pub percent_off: i32,
    pub applies_to: String,
    /// This window's first local day.
    pub starts_on: String,
    /// This window's last local day.
    pub ends_on: String,
    pub demo: bool,
}

/// `GET /v1/offers`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offers {
    /// The clinic's local date today.
    pub today: String,
    pub time_zone: String,
    pub active: Vec<OfferView>,
    /// The next window to start after today, if any.
    pub next: Option<OfferView>,
}
