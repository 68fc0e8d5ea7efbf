//! Two-step sign-in with an authenticator app (TOTP, RFC 6238: SHA-1, six
//! digits, 30-second steps, one step of clock drift either way), through
//! `totp-rs`. A staff member enrols from the console: a new seed, sealed with
//! the key file (`vault`), shown as a QR code and as text; the first code from
//! it turns it on and gives ten one-time recovery codes, shown once and kept
//! hashed. Sign-in then takes a code or a recovery code after the password. A
//! code is accepted once: the step it was for is stored, and only later steps
//! count after it. The clinic can require two-step for every account; an
//! account without it is then led to enrol before anything else.

use chrono::{DateTime, Utc};
use solecheck_shared::api::{SecurityPolicy, StaffView, TwoStepEnabled, TwoStepSetup};
use totp_rs::{Builder, Totp};

use super::{Actor, accounts, qr, secrets};
use crate::{
    db::{
        Db, DbConn,
        staff::{self, StaffRow},
        two_step, write_transaction,
    },
    error::ApiError,
    vault::Vault,
};

/// How many recovery codes an enrolment gives.
pub const RECOVERY_CODES: usize = 10;
/// Bytes of a new seed: the 160 bits RFC 4226 recommends.
const SEED_BYTES: usize = 20;

/// What seals seeds, and the name authenticator apps show for them.
#[derive(Clone, Copy)]
pub struct TwoStepKeys<'a> {
    pub vault: &'a Vault,
    /// The clinic's name (the `issuer` of the `otpauth:` URI).
    pub issuer: &'a str,
}

impl TwoStepKeys<'_> {
    fn context(id: &str) -> String {
        format!("totp:{id}")
    }

    fn seal(&self, id: &str, seed: &[u8]) -> Result<String, ApiError> {
        self.vault.seal(seed, &Self::context(id)).map_err(ApiError::internal)
    }

    fn totp(&self, id: &str, email: &str, sealed: &str) -> Result<Totp, ApiError> {
        let seed = self.vault.open(sealed, &Self::context(id)).map_err(ApiError::internal)?;
        // ':' separates issuer and account in the URI; neither may hold one.
        Builder::new()
            .with_secret(seed)
            .with_account_name(email.replace(':', " "))
            .with_issuer(Some(self.issuer.replace(':', " ")))
            .build()
            .map_err(ApiError::internal)
    }
}

fn now_secs(now: DateTime<Utc>) -> u64 {
    u64::try_from(now.timestamp()).unwrap_or(0)
}

/// A code as typed: spaces and dashes dropped, lower case.
fn normalised(code: &str) -> String {
    code.chars().filter(|c| !c.is_whitespace() && *c != '-').flat_map(char::to_lowercase).collect()
}

fn recovery_hash(code: &str) -> String {
    secrets::sha256_hex(normalised(code))
}

/// Ten new recovery codes (`xxxxx-xxxxx`, 50 random bits each).
fn new_recovery_codes() -> Result<Vec<String>, ApiError> {
    (0..RECOVERY_CODES)
        .map(|_| Ok(secrets::grouped(&secrets::readable(10).map_err(ApiError::internal)?, 5)))
        .collect()
}

/// Starts (or starts again) an enrolment, with the account's password asked
/// again (a stolen access token alone cannot tie the account to another
/// phone): a new seed, kept sealed until a code from it confirms it.
pub async fn begin(
    db: &Db,
    keys: TwoStepKeys<'_>,
    actor: &Actor,
    password: String,
    now: DateTime<Utc>,
) -> Result<TwoStepSetup, ApiError> {
    super::credentials::confirm_own_password(db, actor, password, |_| Ok(()), now).await?;
    let mut seed = [0u8; SEED_BYTES];
    getrandom::fill(&mut seed).map_err(ApiError::internal)?;
    let sealed = keys.seal(&actor.id, &seed)?;
    let totp = keys.totp(&actor.id, &actor.email, &sealed)?;
    let id = actor.id.clone();
    let started =
        db.write(move |conn| two_step::set_pending(conn, &id, &sealed).map_err(ApiError::from)).await?;
    if !started {
        return Err(ApiError::TwoStepAlreadyOn);
    }
    let uri = totp.to_url().map_err(ApiError::internal)?;
    Ok(TwoStepSetup { secret: totp.secret().to_base32(), qr: qr::rows(&uri)?, otpauth_uri: uri })
}

/// Confirms the enrolment with a code from the new seed: two-step is on; the
/// recovery codes are shown this once. The account's sign-ins go on.
pub async fn confirm(
    db: &Db,
    keys: TwoStepKeys<'_>,
    actor: &Actor,
    code: &str,
    now: DateTime<Utc>,
) -> Result<TwoStepEnabled, ApiError> {
    let id = actor.id.clone();
    let account = db
        .run(move |conn| staff::find(conn, &id).map_err(ApiError::from))
        .await?
        .ok_or_else(|| ApiError::Unauthorized("this account no longer exists".into()))?;
    if account.totp_secret.is_some() {
        return Err(ApiError::TwoStepAlreadyOn);
    }
    let pending = account.totp_pending.clone().ok_or(ApiError::TwoStepNotStarted)?;
    let step = keys
        .totp(&account.id, &account.email, &pending)?
        .check(&normalised(code), now_secs(now))
        .ok_or_else(|| {
            ApiError::invalid_value(
                "code",
                "this code does not match; enter the newest six digits the app shows",
            )
        })?;
    let codes = new_recovery_codes()?;
    let hashes: Vec<String> = codes.iter().map(|c| recovery_hash(c)).collect();
    let step = i64::try_from(step).map_err(ApiError::internal)?;
    let id = account.id.clone();
    let account = db
        .write(move |conn| {
            write_transaction(conn, |conn| {
                if !two_step::confirm(conn, &id, &pending, step, &hashes, now.naive_utc())? {
                    return Err(ApiError::TwoStepNotStarted);
                }
                let row = staff::find(conn, &id)?.ok_or(ApiError::NotFound)?;
                accounts::view_on(conn, row)
            })
        })
        .await?;
    tracing::info!(staff_id = %actor.id, "two-step sign-in turned on");
    Ok(TwoStepEnabled { recovery_codes: codes, account })
}

/// What a one-time code typed at sign-in is, before it is spent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Offered {
    /// A code from the app for this time step.
    Step(i64),
    /// Perhaps a recovery code: its hash.
    Recovery(String),
    /// Six digits that match no step near now.
    Wrong,
}

/// Reads `code` for `account` (six digits, or else a recovery code); no
/// database work, so it runs outside the write that spends it ([`spend`]).
pub fn offered(
    keys: TwoStepKeys<'_>,
    account: &StaffRow,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Offered, ApiError> {
    let Some(sealed) = &account.totp_secret else { return Ok(Offered::Wrong) };
    let code = normalised(code);
    if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        let step = keys.totp(&account.id, &account.email, sealed)?.check(&code, now_secs(now));
        return Ok(step.and_then(|s| i64::try_from(s).ok()).map_or(Offered::Wrong, Offered::Step));
    }
    Ok(Offered::Recovery(recovery_hash(&code)))
}

/// Spends an [`Offered`] code: true when it signs the account in, which
/// only its first use does.
pub fn spend(conn: &mut DbConn, id: &str, code: &Offered, now: DateTime<Utc>) -> Result<bool, ApiError> {
    Ok(match code {
        Offered::Step(step) => two_step::spend_step(conn, id, *step)?,
        Offered::Recovery(hash) => two_step::spend_recovery_code(conn, id, hash, now.naive_utc())?,
        Offered::Wrong => false,
    })
}

/// Whether `account` must enrol before it may do anything else, under the
/// clinic's rule (`required`): the one home of that rule.
pub const fn needs_enrolment(account: &StaffRow, required: bool) -> bool {
    account.totp_secret.is_none() && required
}

/// [`needs_enrolment`], reading the rule on `conn` only for an account
/// without two-step (the others never need it; every staff request asks).
pub fn must_enrol(conn: &mut DbConn, account: &StaffRow) -> Result<bool, ApiError> {
    if account.totp_secret.is_some() {
        return Ok(false);
    }
    Ok(needs_enrolment(account, two_step::required(conn)?))
}

/// Turns two-step off for another account (a lost phone); with the rule on,
/// its next sign-in enrols again.
pub async fn turn_off(db: &Db, acting: &Actor, id: String) -> Result<StaffView, ApiError> {
    if id == acting.id {
        return Err(ApiError::Forbidden(
            "use one of your recovery codes to sign in, then ask another admin if you need a new phone"
                .into(),
        ));
    }
    let account = db
        .write(move |conn| {
            write_transaction(conn, |conn| {
                if !two_step::turn_off(conn, &id)? {
                    return Err(ApiError::NotFound);
                }
                let row = staff::find(conn, &id)?.ok_or(ApiError::NotFound)?;
                accounts::view_on(conn, row)
            })
        })
        .await?;
    tracing::info!(staff_id = %account.id, by = %acting.id, "two-step sign-in turned off by an admin");
    Ok(account)
}

/// The clinic's sign-in rules.
pub async fn policy(db: &Db) -> Result<SecurityPolicy, ApiError> {
    let require_two_step = db.run(|conn| two_step::required(conn).map_err(ApiError::from)).await?;
    Ok(SecurityPolicy { require_two_step })
}

/// Sets the rules; with two-step required, every account without it is led
/// to enrol before anything else. An admin must have it on first, so the
/// rule never locks out the one who sets it.
pub async fn set_policy(db: &Db, acting: &Actor, policy: SecurityPolicy) -> Result<SecurityPolicy, ApiError> {
    let (by, now) = (acting.id.clone(), Utc::now().naive_utc());
    db.write(move |conn| {
        let own = staff::find(conn, &by)?.is_some_and(|a| a.totp_secret.is_some());
        if policy.require_two_step && !own {
            return Err(ApiError::invalid_value(
                "require_two_step",
                "turn on two-step sign-in for your own account first",
            ));
        }
        two_step::set_required(conn, policy.require_two_step, &by, now).map_err(ApiError::from)
    })
    .await?;
    tracing::info!(by = %acting.id, require_two_step = policy.require_two_step, "sign-in rules changed");
    Ok(policy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_are_distinct_and_forgive_case_spaces_and_dashes() {
        let codes = new_recovery_codes().unwrap();
        assert_eq!(codes.len(), RECOVERY_CODES);
        assert_eq!(codes.iter().collect::<std::collections::HashSet<_>>().len(), RECOVERY_CODES);
        for code in &codes {
            assert_eq!(code.len(), 11, "{code}");
            assert_eq!(&code[5..6], "-");
        }
        let code = &codes[0];
        assert_eq!(recovery_hash(code), recovery_hash(&code.to_uppercase().replace('-', " ")));
        assert_ne!(recovery_hash(code), recovery_hash(&codes[1]));
    }

    #[test]
    fn seeds_make_rfc_6238_codes_for_their_account_only() {
        let vault = Vault::from_key([3; 32]);
        let keys = TwoStepKeys { vault: &vault, issuer: "Crux Sport & Spine" };
        let sealed = keys.seal("a", &[1; SEED_BYTES]).unwrap();
        let totp = keys.totp("a", "desk@clinic.test", &sealed).unwrap();
        // RFC 6238's first SHA-1 test vector, on its 20-byte ASCII seed.
        let rfc =
            Builder::new().with_secret(b"12345678901234567890".to_vec()).with_digits(8).build().unwrap();
        assert_eq!(rfc.generate(59).to_string(), "94287082");
        let now = 1_765_000_000;
        let code = totp.generate(now).to_string();
        assert_eq!(totp.check(&code, now), Some(now / 30));
        let url = totp.to_url().unwrap();
        assert!(url.starts_with("otpauth://totp/"), "{url}");
        assert!(url.contains("issuer=Crux"), "{url}");
        // The same seed sealed for another account does not open for this one.
        assert!(keys.totp("b", "desk@clinic.test", &sealed).is_err());
    }
}
