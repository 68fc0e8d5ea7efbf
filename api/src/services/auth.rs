//! Staff sign-in: password check with throttling per account and per client
//! address, the one-time code of an account with two-step on (`two_step`),
//! access tokens, rotating refresh tokens whose reuse revokes the whole
//! sign-in family, and sign-out.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};
use diesel::Connection;
use solecheck_shared::api::{LoginRequest, TokenPair};

use super::{
    passwords, secrets,
    throttle::{self, Subject},
    two_step::{self, TwoStepKeys},
};
use crate::{
    db::{
        Db, DbConn,
        staff::{self, RefreshRow, StaffRow},
    },
    error::ApiError,
    services::tokens::KeyRing,
};

/// How access tokens are signed: the key ring and their lifetime.
#[derive(Clone, Copy)]
pub struct Issuer<'a> {
    pub keys: &'a KeyRing,
    pub lifetime_seconds: i64,
}

/// Refresh token lifetime.
pub const REFRESH_LIFETIME: Duration = Duration::days(7);
const REFRESH_PREFIX: &str = "scr_";

/// Emails compare case-insensitively.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Issues a new refresh token in `family` for `account` as it was read: if its
/// session epoch has moved on since (a password change or reset raced this
/// sign-in), the token is refused at its first use.
pub(super) fn new_refresh(
    conn: &mut DbConn,
    account: &StaffRow,
    family: &str,
    now: DateTime<Utc>,
) -> Result<String, ApiError> {
    let token = secrets::new_secret(REFRESH_PREFIX);
    staff::insert_refresh(
        conn,
        &RefreshRow {
            token_hash: secrets::sha256_hex(&token),
            staff_id: account.id.clone(),
            family_id: family.to_owned(),
            expires_at: (now + REFRESH_LIFETIME).naive_utc(),
            used_at: None,
            revoked_at: None,
            created_at: now.naive_utc(),
            session_epoch: account.session_epoch,
        },
    )?;
    Ok(token)
}

/// Tokens for `account`; `enrol`: it must set up two-step before anything else.
pub(super) fn pair(
    issuer: Issuer<'_>,
    account: &StaffRow,
    refresh_token: String,
    enrol: bool,
    now: DateTime<Utc>,
) -> Result<TokenPair, ApiError> {
    let role = account.role.0;
    Ok(TokenPair {
        access_token: issuer.keys.sign(
            &account.id,
            role,
            account.session_epoch,
            now,
            issuer.lifetime_seconds,
        )?,
        refresh_token,
        token_type: "Bearer".into(),
        expires_in: issuer.lifetime_seconds,
        password_change_required: account.must_change_password,
        two_step_enrolment_required: enrol,
    })
}

/// Signs in: 200 tokens; 401 wrong email or password, or a one-time code
/// missing or wrong for an account with two-step on; 403 disabled; 429 locked.
pub async fn login(
    db: &Db,
    issuer: Issuer<'_>,
    two_step_keys: TwoStepKeys<'_>,
    request: LoginRequest,
    address: Option<IpAddr>,
    now: DateTime<Utc>,
) -> Result<TokenPair, ApiError> {
    let LoginRequest { email, password, one_time_code } = request;
    let email = normalise_email(&email);
    let subjects = vec![Subject::account(&email), Subject::address(address)];
    let attempt = throttle::begin(db, subjects, now).await?;
    let checked = check_secrets(db, two_step_keys, email, password, one_time_code, now).await;
    let account = attempt.settle(db, checked, now).await?;
    let signed_in = account.clone();
    let (refresh, enrol) = db
        .write(move |conn| {
            let family = uuid::Uuid::new_v4().to_string();
            let refresh = new_refresh(conn, &signed_in, &family, now)?;
            Ok::<_, ApiError>((refresh, two_step::must_enrol(conn, &signed_in)?))
        })
        .await?;
    pair(issuer, &account, refresh, enrol, now)
}

/// The password, then the one-time code of an account with two-step on,
/// then a temporary password's single use, as a [`throttle::Checked`]:
/// wrong ones are the caller's failures; a disabled account, a code still to
/// come or an error are neither.
async fn check_secrets(
    db: &Db,
    two_step_keys: TwoStepKeys<'_>,
    email: String,
    password: String,
    one_time_code: Option<String>,
    now: DateTime<Utc>,
) -> throttle::Checked<StaffRow> {
    let account = db.run(move |conn| Ok::<_, ApiError>(staff::find_by_email(conn, &email)?)).await?;
    // Hashing is slow on purpose: keep it off the async workers.
    let stored = account.as_ref().map(|a| a.password_hash.clone());
    let valid = actix_web::web::block(move || {
        passwords::verify(&password, stored.as_deref().unwrap_or_else(|| passwords::decoy_hash()))
    })
    .await
    .map_err(ApiError::internal)?;
    let Some(account) = account.filter(|_| valid) else { return Ok(Err(ApiError::InvalidCredentials)) };
    if account.disabled {
        return Err(ApiError::AccountDisabled);
    }
    if account.totp_secret.is_some() {
        let code = one_time_code.ok_or(ApiError::OneTimeCodeRequired)?;
        let offered = two_step::offered(two_step_keys, &account, &code, now)?;
        let id = account.id.clone();
        if !db.write(move |conn| two_step::spend(conn, &id, &offered, now)).await? {
            return Ok(Err(ApiError::InvalidOneTimeCode));
        }
    }
    // A temporary password from a reset signs in once; used again it is
    // wrong, and counts (else it would forget the account's failures).
    if account.must_change_password {
        let id = account.id.clone();
        if !db
            .write(move |conn| Ok::<_, ApiError>(staff::spend_temporary(conn, &id, now.naive_utc())?))
            .await?
        {
            return Ok(Err(ApiError::TemporaryPasswordUsed));
        }
    }
    Ok(Ok(account))
}

/// Trades a refresh token for new tokens. A token used twice revokes its family.
pub async fn refresh(
    db: &Db,
    issuer: Issuer<'_>,
    token: String,
    now: DateTime<Utc>,
) -> Result<TokenPair, ApiError> {
    let expired = || ApiError::Unauthorized("this sign-in has ended; sign in again".into());
    let hash = secrets::sha256_hex(&token);
    let outcome = db
        .write(move |conn| {
            conn.transaction(|conn| {
                let now_naive = now.naive_utc();
                // Write first (see `db`): spending an ended token is harmless.
                let spent = staff::spend_refresh(conn, &hash, now_naive)?;
                let Some(row) = staff::find_refresh(conn, &hash)? else {
                    return Ok(Err(expired()));
                };
                if row.revoked_at.is_some() || row.expires_at <= now_naive {
                    return Ok(Err(expired()));
                }
                if !spent {
                    // Replayed: someone else may hold this token. End the sign-in.
                    staff::revoke_family(conn, &row.family_id, now_naive)?;
                    tracing::warn!(staff_id = %row.staff_id, "refresh token reused; sign-in revoked");
                    return Ok(Err(ApiError::Unauthorized(
                        "this refresh token was already used; the sign-in has been ended for safety".into(),
                    )));
                }
                let Some(account) = staff::find(conn, &row.staff_id)? else {
                    return Ok(Err(expired()));
                };
                if account.session_epoch != row.session_epoch {
                    // Made before a password change or reset that ended it.
                    return Ok(Err(expired()));
                }
                if account.disabled {
                    return Ok(Err(ApiError::AccountDisabled));
                }
                let next = new_refresh(conn, &account, &row.family_id, now)?;
                let enrol = two_step::must_enrol(conn, &account)?;
                Ok::<_, ApiError>(Ok((account, next, enrol)))
            })
        })
        .await?;
    let (account, next, enrol) = outcome?;
    pair(issuer, &account, next, enrol, now)
}

/// Ends the sign-in the refresh token belongs to. Unknown tokens are ignored.
pub async fn logout(db: &Db, token: String, now: DateTime<Utc>) -> Result<(), ApiError> {
    let hash = secrets::sha256_hex(&token);
    db.write(move |conn| {
        if let Some(row) = staff::find_refresh(conn, &hash)? {
            staff::revoke_family(conn, &row.family_id, now.naive_utc())?;
        }
        Ok(())
    })
    .await
}
