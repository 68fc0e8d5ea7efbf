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
    /// Eyes-closed balance is offered only under 60.
    pub const fn eyes_closed_offered(self) -> bool {
        matches!(self, Self::From18To39 | Self::From40To49 | Self::From50To59)
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
    pub questionnaire_version: String,
    pub locale: Locale,
    /// Must be `true` for the answers to be stored.
    pub consent: bool,
    pub source: Source,
    /// The safety keys answered "yes"; all others are "no".
    pub safety: Vec<SafetyKey>,
    /// `null` when the visitor skipped the shoe check. The key itself is required,
    /// so a client that forgot it is told so instead of silently "skipping".
    #[serde(deserialize_with = "Option::deserialize")]
    pub shoes: Option<Shoes>,
    pub symptoms: Symptoms,
    pub activity: Activity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<About>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balance: Option<Balance>,
}

/// Both shoes of the wear check.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shoes {
    pub left: ShoeWear,
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
    pub zones: Vec<Zone>,
    pub counter: Counter,
}

/// Section 3: symptoms.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Symptoms {
    /// 0-10.
    pub back_pain: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub back_pain_duration: Option<PainDuration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub back_pain_improving: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub morning_stiffness: Option<bool>,
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
    #[serde(default)]
    pub left: LegTries,
    #[serde(default)]
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
    pub eyes_open: Vec<f64>,
    #[serde(default)]
    pub eyes_closed: Vec<f64>,
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
