//! Staff accounts, their refresh tokens and token keys (sign-in attempts:
//! `attempts`).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use solecheck_shared::api::Role;

use super::{
    DbConn,
    schema::{refresh_tokens, signing_keys, staff},
};

/// A staff account.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = staff)]
pub struct StaffRow {
    pub id: String,
    pub email: String,
    pub password_hash: String,
    pub role: super::Key<Role>,
    pub disabled: bool,
    pub created_at: NaiveDateTime,
    /// Set by an admin's reset; cleared by the owner's change.
    pub must_change_password: bool,
    /// Every access token names the epoch it was signed in; a password change
    /// or reset moves it on, and older tokens stop working.
    pub session_epoch: i32,
    pub password_changed_at: Option<NaiveDateTime>,
    /// When the temporary password of a reset signed in: it does so once.
    pub temporary_used_at: Option<NaiveDateTime>,
    /// The two-step seed, sealed (`vault`); `None`: two-step is off.
    pub totp_secret: Option<String>,
    /// A seed being enrolled, sealed, until a code from it confirms it.
    pub totp_pending: Option<String>,
    /// The last time step a code was accepted for; later codes only.
    pub totp_last_step: Option<i64>,
    pub totp_enabled_at: Option<NaiveDateTime>,
}

/// Adds an account; a unique violation means the email is taken.
pub fn insert(conn: &mut DbConn, row: &StaffRow) -> QueryResult<()> {
    diesel::insert_into(staff::table).values(row).execute(conn).map(drop)
}

/// An account by id.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<StaffRow>> {
    staff::table.find(id).select(StaffRow::as_select()).get_result(conn).optional()
}

/// An account by (lower-case) email.
pub fn find_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<StaffRow>> {
    staff::table.filter(staff::email.eq(email)).select(StaffRow::as_select()).get_result(conn).optional()
}

/// Up to `limit` accounts by email, after the email `after`.
pub fn page(conn: &mut DbConn, after: Option<String>, limit: i64) -> QueryResult<Vec<StaffRow>> {
    let mut query =
        staff::table.order(staff::email.asc()).select(StaffRow::as_select()).limit(limit).into_boxed();
    if let Some(email) = after {
        query = query.filter(staff::email.gt(email));
    }
    query.load(conn)
}

/// Changes role and/or disabled flag; true when the account exists.
pub fn update(conn: &mut DbConn, id: &str, role: Option<Role>, disabled: Option<bool>) -> QueryResult<bool> {
    let mut changed = 0;
    if let Some(role) = role {
        changed =
            diesel::update(staff::table.find(id)).set(staff::role.eq(super::Key(role))).execute(conn)?;
    }
    if let Some(disabled) = disabled {
        changed = diesel::update(staff::table.find(id)).set(staff::disabled.eq(disabled)).execute(conn)?;
    }
    if role.is_none() && disabled.is_none() {
        changed = usize::from(find(conn, id)?.is_some());
    }
    Ok(changed > 0)
}

/// A refresh token (stored hashed).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshRow {
    pub token_hash: String,
    pub staff_id: String,
    pub family_id: String,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    /// The account's session epoch when it was made (`StaffRow::session_epoch`).
    pub session_epoch: i32,
}

/// Stores a refresh token.
pub fn insert_refresh(conn: &mut DbConn, row: &RefreshRow) -> QueryResult<()> {
    diesel::insert_into(refresh_tokens::table).values(row).execute(conn).map(drop)
}

/// A refresh token by hash.
pub fn find_refresh(conn: &mut DbConn, hash: &str) -> QueryResult<Option<RefreshRow>> {
    refresh_tokens::table.find(hash).select(RefreshRow::as_select()).get_result(conn).optional()
}

/// Marks a refresh token used; false when it was already used (a replay).
pub fn spend_refresh(conn: &mut DbConn, hash: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let spent = diesel::update(refresh_tokens::table.find(hash).filter(refresh_tokens::used_at.is_null()))
        .set(refresh_tokens::used_at.eq(Some(now)))
        .execute(conn)?;
    Ok(spent == 1)
}

/// Revokes every token of a sign-in family.
pub fn revoke_family(conn: &mut DbConn, family: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Some(now)))
    .execute(conn)
}

/// Deletes up to `limit` refresh tokens that can no longer renew a sign-in:
/// expired ones and those of ended families. A spent token still in its
/// lifetime stays: presenting it again is how a stolen one is caught
/// (`services::auth::refresh`). How many went.
pub fn purge_refresh_tokens(conn: &mut DbConn, now: NaiveDateTime, limit: i64) -> QueryResult<usize> {
    let dead = refresh_tokens::expires_at.le(now).or(refresh_tokens::revoked_at.is_not_null());
    let hashes: Vec<String> =
        refresh_tokens::table.filter(dead).select(refresh_tokens::token_hash).limit(limit).load(conn)?;
    diesel::delete(refresh_tokens::table.filter(refresh_tokens::token_hash.eq_any(hashes))).execute(conn)
}

/// A token-signing key.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = signing_keys)]
pub struct KeyRow {
    pub kid: String,
    pub secret: String,
    pub created_at: NaiveDateTime,
    pub retired_at: Option<NaiveDateTime>,
}

/// Keys that still verify tokens, newest first.
pub fn active_keys(conn: &mut DbConn) -> QueryResult<Vec<KeyRow>> {
    signing_keys::table
        .filter(signing_keys::retired_at.is_null())
        .order(signing_keys::created_at.desc())
        .select(KeyRow::as_select())
        .load(conn)
}

/// Every key, retired ones too.
pub fn all_keys(conn: &mut DbConn) -> QueryResult<Vec<KeyRow>> {
    signing_keys::table.select(KeyRow::as_select()).load(conn)
}

/// Replaces a key's stored secret (sealing one kept by an earlier version).
pub fn set_key_secret(conn: &mut DbConn, kid: &str, secret: &str) -> QueryResult<()> {
    diesel::update(signing_keys::table.find(kid)).set(signing_keys::secret.eq(secret)).execute(conn).map(drop)
}

/// Stores a new key.
pub fn insert_key(conn: &mut DbConn, row: &KeyRow) -> QueryResult<()> {
    diesel::insert_into(signing_keys::table).values(row).execute(conn).map(drop)
}

/// Replaces an account's password hash (demo mode refreshing its accounts).
pub fn set_password(conn: &mut DbConn, id: &str, password_hash: &str) -> QueryResult<()> {
    diesel::update(staff::table.find(id)).set(staff::password_hash.eq(password_hash)).execute(conn).map(drop)
}

/// A new password for an account, and the end of all its sign-ins: the hash,
/// whether the next sign-in must change it, and a new session epoch, only if
/// the account still has the epoch the caller read (`expected_epoch`), so a
/// change racing another change or a reset is refused rather than lost.
/// The new epoch, or `None` when the account is gone or moved on.
pub fn replace_password(
    conn: &mut DbConn,
    id: &str,
    expected_epoch: i32,
    password_hash: &str,
    must_change: bool,
    now: NaiveDateTime,
) -> QueryResult<Option<i32>> {
    let next = expected_epoch + 1;
    let changed = diesel::update(staff::table.find(id).filter(staff::session_epoch.eq(expected_epoch)))
        .set((
            staff::password_hash.eq(password_hash),
            staff::must_change_password.eq(must_change),
            staff::session_epoch.eq(next),
            staff::password_changed_at.eq(Some(now)),
            staff::temporary_used_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    if changed == 0 {
        return Ok(None);
    }
    revoke_account(conn, id, now)?;
    Ok(Some(next))
}

/// Spends an account's temporary password on a sign-in: true the first time.
pub fn spend_temporary(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let spent = diesel::update(
        staff::table
            .find(id)
            .filter(staff::must_change_password.eq(true))
            .filter(staff::temporary_used_at.is_null()),
    )
    .set(staff::temporary_used_at.eq(Some(now)))
    .execute(conn)?;
    Ok(spent == 1)
}

/// Revokes every refresh token of an account that is still live.
pub fn revoke_account(conn: &mut DbConn, staff_id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::staff_id.eq(staff_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Some(now)))
    .execute(conn)
}

/// What [`forget_sealed`] undid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Forgotten {
    pub keys: usize,
    pub sign_ins: usize,
    pub two_step: usize,
}

/// The key file is lost: everything sealed with it goes, in one transaction.
/// Signing keys are retired (a new one is made at start), every sign-in ends,
/// and two-step is off for every account, recovery codes and all.
pub fn forget_sealed(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<Forgotten> {
    super::write_transaction(conn, |conn| {
        let keys = diesel::update(signing_keys::table.filter(signing_keys::retired_at.is_null()))
            .set(signing_keys::retired_at.eq(Some(now)))
            .execute(conn)?;
        let sign_ins = diesel::update(refresh_tokens::table.filter(refresh_tokens::revoked_at.is_null()))
            .set(refresh_tokens::revoked_at.eq(Some(now)))
            .execute(conn)?;
        let two_step = super::two_step::turn_off_everyone(conn)?;
        Ok(Forgotten { keys, sign_ins, two_step })
    })
}
