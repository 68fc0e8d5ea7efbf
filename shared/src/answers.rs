//! The visitor's answers: the body of `POST /v1/assessments` (CONTENT.md section 8).
//!
//! Every struct denies unknown fields and every enum accepts only its listed keys,
//! so deserialising already rejects most of what the wire format rules out; the
//! rest (ranges, repeats, cross-field rules) is in [`crate::validate`].

use serde::{Deserialize, Serialize};

use crate::key_enum;

key_enum! {
    /// Interface language of the check.
    pub enum Locale { En => "en", Es => "es" }
}

key_enum! {
    /// Which client sent the answers.
    pub enum Source { Widget => "widget", Mobile => "mobile", Staff => "staff" }
}

key_enum! {
    /// Safety-screen items (CONTENT.md section 1): urgent ones first, then soon ones.
    pub enum SafetyKey {
        SaddleNumbness => "saddle_numbness",
        BladderBowel => "bladder_bowel",
        LegWeakness => "leg_weakness",
        BothLegsSymptoms => "both_legs_symptoms",
        SexualDysfunction => "sexual_dysfunction",
        FeverUnwell => "fever_unwell",
        CancerHistory => "cancer_history",
        UnexplainedWeightLoss => "unexplained_weight_loss",
        RecentTrauma => "recent_trauma",
        OsteoporosisSteroids => "osteoporosis_steroids",
        NightOrRestPain => "night_or_rest_pain",
    }
}

key_enum! {
    /// The nine wear zones of a sole (CONTENT.md section 2), heel to toe.
    pub enum Zone {
        HeelOuter => "heel_outer",
        HeelCenter => "heel_center",
        HeelInner => "heel_inner",
        MidInner => "mid_inner",
        MidOuter => "mid_outer",
        ForeInner => "fore_inner",
        ForeCenter => "fore_center",
        ForeOuter => "fore_outer",
        ToeTip => "toe_tip",
    }
}

key_enum! {
    /// How a shoe's heel counter looks from behind.
    pub enum Counter {
        LeansIn => "leans_in",
        Upright => "upright",
        LeansOut => "leans_out",
        CantTell => "cant_tell",
    }
}

key_enum! {
    /// How long the back pain has lasted.
    pub enum PainDuration {
        Under6Weeks => "under_6_weeks",
        Weeks6To12 => "6_to_12_weeks",
        Over3Months => "over_3_months",
    }
}

key_enum! {
    /// Other sore places.
    pub enum SorePlace { Foot => "foot", Ankle => "ankle", Knee => "knee", Hip => "hip" }
}

key_enum! {
    /// Runs per week.
    pub enum RunsPerWeek { None => "none", OneTwo => "1_2", ThreeFour => "3_4", FivePlus => "5_plus" }
}

key_enum! {
    /// Main running surface.
    pub enum Surface {
        Road => "road",
        Treadmill => "treadmill",
        Track => "track",
        Trail => "trail",
        Sand => "sand",
        Mixed => "mixed",
    }
}

key_enum! {
    /// Age band (optional).
    pub enum AgeBand {
        From18To39 => "18_39",
        From40To49 => "40_49",
        From50To59 => "50_59",
        From60To69 => "60_69",
        From70To79 => "70_79",
        From80 => "80_plus",
    }
}

key_enum! {
    /// Sex (optional; used only for one note).
    pub enum Sex { Female => "female", Male => "male", PreferNot => "prefer_not" }
}

key_enum! {
    /// A foot, or a shoe on it.
    pub enum Side { Left => "left", Right => "right" }
}

impl AgeBand {
    /// Eyes-closed balance is offered only under 60 (CONTENT.md section 4):
    /// the one home of that rule, which the wire check, the balance flags and
    /// the widget's offer all ask.
    pub const fn eyes_closed_offered(self) -> bool {
        matches!(self, Self::From18To39 | Self::From40To49 | Self::From50To59)
    }

    /// Whether answers with this age band, if any, may hold eyes-closed tries:
    /// not for 60 or older (CONTENT.md section 8). With no band they are
    /// taken and scored as [`crate::balance::DEFAULT_BAND`]'s, since nothing
    /// says the visitor is 60 or over; the widget, which asks the age first,
    /// offers the test only to a visitor who said they are under 60
    /// (`AnswersDraft::eyes_closed_offered`).
    pub fn eyes_closed_allowed(band: Option<Self>) -> bool {
        band.is_none_or(Self::eyes_closed_offered)
    }

    /// 50 or older.
    pub const fn is_50_or_older(self) -> bool {
        !matches!(self, Self::From18To39 | Self::From40To49)
    }
}

/// The body of `POST /v1/assessments`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    /// Must be [`crate::QUESTIONNAIRE_VERSION`].
    #[cfg_attr(feature = "openapi", schema(schema_with = schema::version))]
    pub questionnaire_version: String,
    pub locale: Locale,
    /// Must be `true` for the answers to be stored.
    #[cfg_attr(feature = "openapi", schema(schema_with = schema::consent))]
    pub consent: bool,
    pub source: Source,
    /// The safety keys answered "yes"; all others are "no".
    #[cfg_attr(feature = "openapi", schema(schema_with = schema::safety))]
    pub safety: Vec<SafetyKey>,
    /// `null` when the visitor skipped the shoe check. The key itself is required,
    /// so a client that forgot it is told so instead of silently "skipping".
    #[serde(deserialize_with = "Option::deserialize")]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub shoes: Option<Shoes>,
    #[serde(deserialize_with = "crate::strict::object")]
    pub symptoms: Symptoms,
    #[serde(deserialize_with = "crate::strict::object")]
    pub activity: Activity,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::strict::opt_object"
    )]
    pub about: Option<About>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::strict::opt_object"
    )]
    pub balance: Option<Balance>,
}

/// Both shoes of the wear check.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shoes {
    #[serde(deserialize_with = "crate::strict::object")]
    pub left: ShoeWear,
    #[serde(deserialize_with = "crate::strict::object")]
    pub right: ShoeWear,
}

impl Shoes {
    /// The shoe on one side.
    pub const fn side(&self, side: Side) -> &ShoeWear {
        match side {
            Side::Left => &self.left,
            Side::Right => &self.right,
        }
    }
}

/// What the visitor saw on one shoe.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShoeWear {
    /// Zones with the most wear, no repeats.
    #[cfg_attr(feature = "openapi", schema(schema_with = schema::zones))]
    pub zones: Vec<Zone>,
    pub counter: Counter,
}

/// Section 3: symptoms.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Symptoms {
    /// 0-10.
    #[cfg_attr(feature = "openapi", schema(schema_with = schema::back_pain))]
    #[serde(deserialize_with = "crate::fields::whole")]
    pub back_pain: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub back_pain_duration: Option<PainDuration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub back_pain_improving: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub morning_stiffness: Option<bool>,
    #[cfg_attr(feature = "openapi", schema(schema_with = schema::sore_places))]
    pub sore_places: Vec<SorePlace>,
    pub recent_injury: bool,
    pub gait_changing_foot_pain: bool,
}

/// Section 3: activity.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    pub runs_per_week: RunsPerWeek,
    pub surface: Surface,
    pub cycles: bool,
}

/// Optional facts about the visitor.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct About {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_band: Option<AgeBand>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
}

/// Optional single-leg balance test.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Balance {
    #[serde(default, deserialize_with = "crate::strict::object")]
    pub left: LegTries,
    #[serde(default, deserialize_with = "crate::strict::object")]
    pub right: LegTries,
}

impl Balance {
    /// The tries of one leg.
    pub const fn side(&self, side: Side) -> &LegTries {
        match side {
            Side::Left => &self.left,
            Side::Right => &self.right,
        }
    }
}

/// Up to three timed tries per condition, in seconds (0 < t <= 45).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegTries {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = schema::tries))]
    pub eyes_open: Vec<f64>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = schema::tries))]
    pub eyes_closed: Vec<f64>,
}

/// What the document says of the fields whose rules `validate` checks: made
/// from the same constants.
#[cfg(feature = "openapi")]
mod schema {
    use utoipa::{
        ToSchema,
        openapi::{
            Ref, RefOr,
            schema::{ArrayBuilder, ObjectBuilder, Schema, Type},
        },
    };

    use crate::validate::{MAX_BACK_PAIN, MAX_TRIES, MAX_TRY_SECONDS};

    fn done(schema: impl Into<Schema>) -> RefOr<Schema> {
        RefOr::T(schema.into())
    }

    /// Only the version this server scores.
    pub fn version() -> RefOr<Schema> {
        done(ObjectBuilder::new().schema_type(Type::String).enum_values(Some([crate::QUESTIONNAIRE_VERSION])))
    }

    /// Stored answers need consent: without it nothing is sent.
    pub fn consent() -> RefOr<Schema> {
        done(ObjectBuilder::new().schema_type(Type::Boolean).enum_values(Some([true])))
    }

    pub fn back_pain() -> RefOr<Schema> {
        done(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(0)).maximum(Some(MAX_BACK_PAIN)))
    }

    /// Each key at most once.
    fn set_of<T: ToSchema>() -> RefOr<Schema> {
        done(ArrayBuilder::new().items(Ref::from_schema_name(T::name())).unique_items(true))
    }

    pub fn safety() -> RefOr<Schema> {
        set_of::<super::SafetyKey>()
    }

    pub fn zones() -> RefOr<Schema> {
        set_of::<super::Zone>()
    }

    pub fn sore_places() -> RefOr<Schema> {
        set_of::<super::SorePlace>()
    }

    /// Up to three tries, each above 0 and at most 45 seconds.
    pub fn tries() -> RefOr<Schema> {
        let seconds = ObjectBuilder::new()
            .schema_type(Type::Number)
            .exclusive_minimum(Some(0))
            .maximum(Some(MAX_TRY_SECONDS));
        done(ArrayBuilder::new().items(seconds).max_items(Some(MAX_TRIES)))
    }
}

impl Answers {
    /// The age band, if given.
    pub fn age_band(&self) -> Option<AgeBand> {
        self.about.as_ref().and_then(|a| a.age_band)
    }

    /// The sex, if given.
    pub fn sex(&self) -> Option<Sex> {
        self.about.as_ref().and_then(|a| a.sex)
    }
}
