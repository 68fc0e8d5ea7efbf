//! Discount codes: issued to a check, looked up, redeemed and corrected at the desk, with their audit log.

use super::*;

/// The campaign part of a code.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeCampaign {
    pub slug: String,
    pub title: String,
    pub percent_off: i32,
    pub applies_to: String,
}

/// `POST /v1/assessments/{id}/code`: 201 new, 200 existing.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeIssued {
    /// Display form `XXXX-XXXX-XXXX-C`.
    pub code: String,
    /// The code as a QR code, to show at the desk: one string per row, top to
    /// bottom, `1` a dark module and `0` a light one. Draw it with a light
    /// margin of four modules on every side.
    pub qr: Vec<String>,
    pub campaign: CodeCampaign,
    /// RFC 3339: the instant the code stops working, the end of the
    /// campaign's last local day (the next local midnight), or sooner.
    pub expires_at: String,
    /// The last day the code can be used on, as a clinic-local calendar date
    /// (`YYYY-MM-DD`): the day that ends at `expires_at`. Show this to people;
    /// `expires_at` read in another time zone can fall on the next day.
    #[cfg_attr(feature = "openapi", schema(format = Date, example = "2026-08-31"))]
    pub valid_through: String,
}

/// `POST /v1/assessments/{id}/code` body (optional).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeRequest {
    /// Which active campaign; the one ending soonest when left out.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::line))]
    #[serde(default, deserialize_with = "text::opt_line")]
    pub campaign: Option<String>,
}

key_enum! {
    /// A code's state.
    pub enum CodeState { Issued => "issued", Redeemed => "redeemed", Expired => "expired", Voided => "voided" }
}

impl CodeState {
    /// The desk redeems only an issued code (once: it is then redeemed).
    pub const fn can_redeem(self) -> bool {
        matches!(self, Self::Issued)
    }

    /// An admin voids any code not voided yet, redeemed or expired ones too.
    pub const fn can_void(self) -> bool {
        !matches!(self, Self::Voided)
    }

    /// An admin undoes only a redemption. (The API also undoes the
    /// redemption of a code voided since; the console does not offer it.)
    pub const fn can_unredeem(self) -> bool {
        matches!(self, Self::Redeemed)
    }
}

/// What the desk needs to prepare the visit (no answers).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultSummary {
    /// `unknown` once the visitor erased their check.
    pub hint: crate::result::Hint,
    /// `none` once the visitor erased their check.
    pub referral_level: crate::result::ReferralLevel,
    /// Plan item keys; empty once the visitor erased their answers.
    pub plan: Vec<crate::result::PlanKey>,
    pub erased: bool,
}

impl ResultSummary {
    /// What is left of an erased check: nothing to prepare with.
    pub const ERASED: Self = Self {
        hint: crate::result::Hint::Unknown,
        referral_level: crate::result::ReferralLevel::None,
        plan: Vec::new(),
        erased: true,
    };
}

key_enum! {
    /// What an audited staff action was: one on a code, a read of a visitor's
    /// check (a code look-up, the check itself, the list of checks), or an
    /// admin's erasure of a check from its code.
    pub enum AuditAction {
        Redeem => "redeem",
        Void => "void",
        Unredeem => "unredeem",
        ViewCheck => "view_check",
        EraseCheck => "erase_check",
    }
}

key_enum! {
    /// The route a staff read of a check came through (`view_check`).
    pub enum ViewRoute {
        CodeLookup => "GET /v1/codes/{code}",
        Check => "GET /v1/assessments/{id}",
        Progress => "GET /v1/assessments/{id}/progress",
        CheckList => "GET /v1/assessments",
    }
}

key_enum! {
    /// How an audited action ended: done, or the refusal's error code.
    pub enum AuditOutcome {
        Done => "ok",
        InvalidCode => "invalid_code",
        UnknownCode => "unknown_code",
        AlreadyRedeemed => "already_redeemed",
        Expired => "expired",
        Voided => "voided",
        NotRedeemed => "not_redeemed",
    }
}

impl AuditOutcome {
    /// The outcome a refusal with this error code is audited as; `None` for
    /// a code that never refuses an action on a code.
    pub fn refused(code: ErrorCode) -> Option<Self> {
        Self::from_key(code.as_str()).filter(|outcome| *outcome != Self::Done)
    }
}

/// `GET /v1/codes/{code}`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeStatus {
    pub code: String,
    pub status: CodeState,
    pub campaign: CodeCampaign,
    pub issued_at: String,
    /// RFC 3339: the instant the code stops working.
    pub expires_at: String,
    /// The last clinic-local day (`YYYY-MM-DD`) the code can be used on.
    #[cfg_attr(feature = "openapi", schema(format = Date, example = "2026-08-31"))]
    pub valid_through: String,
    pub redeemed_at: Option<String>,
    /// Email of the staff member who redeemed it.
    pub redeemed_by: Option<String>,
    pub voided_at: Option<String>,
    pub void_reason: Option<String>,
    pub assessment: ResultSummary,
}

/// `POST /v1/codes/{code}/redeem` 200.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redeemed {
    pub code: String,
    /// Always `redeemed`.
    pub status: CodeState,
    pub redeemed_at: String,
    pub redeemed_by: String,
}

/// Body of void and un-redeem: why (required, audited).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReasonRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::reason))]
    #[serde(deserialize_with = "text::text")]
    pub reason: String,
}

/// One audit log entry: an action on a code, or a staff read of a check.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: String,
    /// Staff email, if the actor was a person.
    pub actor: Option<String>,
    pub action: AuditAction,
    /// `ok`, or the error code the action was refused with.
    pub outcome: AuditOutcome,
    pub reason: Option<String>,
    /// The code the entry is about, in display form; `null` when what was
    /// typed named no issued code (unknown, or refused by its check symbol).
    pub code: Option<String>,
    /// What staff typed or scanned; empty for a read that typed no code.
    pub typed: String,
    /// The address the staff member acted from, as the server sees it
    /// behind its trusted proxies; `null` for entries older than this field.
    pub client_address: Option<String>,
    /// The check a `view_check` entry is about; `null` for the other actions.
    #[serde(default)]
    pub check_id: Option<String>,
    /// The route a `view_check` read came through, e.g.
    /// `GET /v1/assessments/{id}`; `null` for the other actions.
    #[serde(default)]
    pub route: Option<ViewRoute>,
}

#[cfg(test)]
mod tests {
    use super::CodeState;

    /// What the console offers in each state: what the API allows, its
    /// conditional updates in `db::codes` (whose refusals the e2e tests check).
    #[test]
    fn each_state_allows_what_the_api_allows() {
        let allowed = |s: CodeState| (s.can_redeem(), s.can_void(), s.can_unredeem());
        assert_eq!(allowed(CodeState::Issued), (true, true, false));
        assert_eq!(allowed(CodeState::Redeemed), (false, true, true));
        assert_eq!(allowed(CodeState::Expired), (false, true, false));
        assert_eq!(allowed(CodeState::Voided), (false, false, false));
    }
}
