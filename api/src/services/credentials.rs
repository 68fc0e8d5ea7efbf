//! A staff member's own password change, and an admin's reset to a temporary
//! password. Either one ends every sign-in of the account at once: its
//! refresh tokens are revoked and its session epoch moves on, which every
//! access token names (`auth::staff`). A change then signs the caller in
//! afresh, so only the device that made it stays signed in.

use chrono::{DateTime, Utc};
use solecheck_shared::api::{PasswordReset, TokenPair};

use super::{
    Actor, accounts,
    auth::{self, Issuer},
    password_policy, passwords,
    throttle::{self, Subject},
    two_step,
};
use crate::{
    db::{
        Db, DbConn,
        staff::{self, StaffRow},
        write_transaction,
    },
    error::ApiError,
};

/// Hashes off the async workers: argon2id is slow on purpose.
async fn hash(password: String) -> Result<String, ApiError> {
    actix_web::web::block(move || passwords::hash(&password))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)
}

/// Checks the signed-in account's own password, asked again before a change
/// of how it signs in. A wrong one counts as a failed sign-in of the account,
/// so a stolen access token cannot be used to guess it: the fifth within the
/// window locks the account (429) as sign-in does. `weak` is checked first
/// (the new password's own rules), so a refused new password spends no try.
pub async fn confirm_own_password(
    db: &Db,
    actor: &Actor,
    password: String,
    weak: impl FnOnce(&StaffRow) -> Result<(), ApiError>,
    now: DateTime<Utc>,
) -> Result<StaffRow, ApiError> {
    let subjects = vec![Subject::account(&auth::normalise_email(&actor.email))];
    let attempt = throttle::begin(db, subjects, now).await?;
    let checked = check_own_password(db, actor, password, weak).await;
    attempt.settle(db, checked, now).await
}

/// The account's current password, as a [`throttle::Checked`]: a refused
/// new password (`weak`) or a gone account is not a failed try.
async fn check_own_password(
    db: &Db,
    actor: &Actor,
    password: String,
    weak: impl FnOnce(&StaffRow) -> Result<(), ApiError>,
) -> throttle::Checked<StaffRow> {
    let id = actor.id.clone();
    let account = db.run(move |conn| Ok::<_, ApiError>(staff::find(conn, &id)?)).await?;
    let account = account.ok_or_else(|| ApiError::Unauthorized("this account no longer exists".into()))?;
    weak(&account)?;
    let stored = account.password_hash.clone();
    let valid = actix_web::web::block(move || passwords::verify(&password, &stored))
        .await
        .map_err(ApiError::internal)?;
    if !valid {
        return Ok(Err(ApiError::invalid_value(
            "current_password",
            "this is not the account's current password.",
        )));
    }
    Ok(Ok(account))
}

/// `POST /v1/auth/password`, with the current password
/// ([`confirm_own_password`]).
pub async fn change_password(
    db: &Db,
    issuer: Issuer<'_>,
    actor: &Actor,
    current: String,
    new: String,
    now: DateTime<Utc>,
) -> Result<TokenPair, ApiError> {
    let rules = |account: &StaffRow| {
        password_policy::check(&new, &account.email)
            .map_err(|weak| ApiError::invalid_value("new_password", weak.to_string()))?;
        if new == current {
            return Err(ApiError::invalid_value(
                "new_password",
                "the new password must differ from the current one.",
            ));
        }
        Ok(())
    };
    let account = confirm_own_password(db, actor, current.clone(), rules, now).await?;
    let subject = Subject::account(&account.email);
    let new_hash = hash(new).await?;
    let (id, epoch) = (account.id.clone(), account.session_epoch);
    let (account, refresh, enrol) = db
        .write(move |conn| {
            write_transaction(conn, |conn| {
                // A reset or another change since the read above ended this sign-in.
                if staff::replace_password(conn, &id, epoch, &new_hash, false, now.naive_utc())?.is_none() {
                    return Err(ApiError::sign_in_ended());
                }
                subject.clear(conn)?;
                let account = staff::find(conn, &id)?.ok_or_else(ApiError::sign_in_ended)?;
                let refresh = auth::new_refresh(conn, &account, &uuid::Uuid::new_v4().to_string(), now)?;
                let enrol = two_step::must_enrol(conn, &account)?;
                Ok((account, refresh, enrol))
            })
        })
        .await?;
    tracing::info!(staff_id = %actor.id, "password changed; other sign-ins ended");
    auth::pair(issuer, &account, refresh, enrol, now)
}

/// `POST /v1/staff/{id}/password-reset`: a temporary password, shown once,
/// that the next sign-in must replace. Admins change their own password with
/// [`change_password`] instead, so they never lock themselves out.
pub async fn reset_password(
    db: &Db,
    acting: &Actor,
    id: String,
    now: DateTime<Utc>,
) -> Result<PasswordReset, ApiError> {
    if id == acting.id {
        return Err(ApiError::Forbidden("change your own password with your current one instead".into()));
    }
    let temporary = password_policy::temporary().map_err(ApiError::internal)?;
    let new_hash = hash(temporary.clone()).await?;
    let account = db
        .write(move |conn| {
            let row = store_reset(conn, &id, &new_hash, now)?;
            accounts::view_on(conn, row)
        })
        .await?;
    tracing::info!(staff_id = %account.id, by = %acting.id, "password reset by an admin; sign-ins ended");
    Ok(PasswordReset { temporary_password: temporary, account })
}

/// Stores a reset of account `id` to the (already hashed) temporary
/// password, in one write transaction: the API's reset and the CLI's
/// `staff reset-password`, for an admin who has no other admin to ask.
pub fn store_reset(
    conn: &mut DbConn,
    id: &str,
    new_hash: &str,
    now: DateTime<Utc>,
) -> Result<StaffRow, ApiError> {
    write_transaction(conn, |conn| {
        // A change committed between the read and the write moves the epoch
        // on (PostgreSQL reads what is committed): read again and retry.
        for _ in 0..3 {
            let account = staff::find(conn, id)?.ok_or(ApiError::NotFound)?;
            if staff::replace_password(conn, id, account.session_epoch, new_hash, true, now.naive_utc())?
                .is_some()
            {
                // A member who locked themselves out can sign in with the new one at once.
                Subject::account(&account.email).clear(conn)?;
                return staff::find(conn, id)?.ok_or(ApiError::NotFound);
            }
        }
        Err(ApiError::internal(std::io::Error::other("the account kept changing during a password reset")))
    })
}
