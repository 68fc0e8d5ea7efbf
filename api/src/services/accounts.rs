//! Staff accounts as admins manage them: the list, a new account (checked
//! and hashed), role and disabled changes, and the signed-in account's own
//! view. Sign-in itself is `auth`; passwords and two-step are `credentials`
//! and `two_step`.

use chrono::{DateTime, Utc};
use solecheck_shared::api::{Page, Role, StaffView};

use super::{
    Actor,
    auth::normalise_email,
    paging::{self, PageQuery},
    password_policy, passwords,
    time::rfc3339,
    two_step,
};
use crate::{
    db::{
        Db, DbConn,
        staff::{self, StaffRow},
    },
    error::ApiError,
};

/// An account as the API shows it (no password hash, no seed);
/// `two_step_required` is the clinic's rule (`db::two_step::required`).
pub fn view(row: StaffRow, two_step_required: bool) -> Result<StaffView, ApiError> {
    let must_enrol_two_step = two_step::needs_enrolment(&row, two_step_required);
    Ok(StaffView {
        role: row.role.0,
        id: row.id,
        email: row.email,
        disabled: row.disabled,
        must_change_password: row.must_change_password,
        two_step: row.totp_secret.is_some(),
        must_enrol_two_step,
        created_at: rfc3339(row.created_at),
    })
}

/// [`view`], reading the clinic's rule on `conn`.
pub fn view_on(conn: &mut DbConn, row: StaffRow) -> Result<StaffView, ApiError> {
    let required = crate::db::two_step::required(conn)?;
    view(row, required)
}

/// One page of accounts, by email (never a password hash).
pub async fn accounts(db: &Db, query: PageQuery) -> Result<Page<StaffView>, ApiError> {
    let limit = query.limit()?;
    let after = match query.after(1)? {
        Some(mut parts) => parts.pop(),
        None => None,
    };
    let (rows, required) = db
        .run(move |conn| {
            Ok::<_, ApiError>((staff::page(conn, after, limit + 1)?, crate::db::two_step::required(conn)?))
        })
        .await?;
    let (rows, next_cursor) = paging::cut(rows, limit, |r| paging::encode(&[&r.email]));
    Ok(Page { items: rows.into_iter().map(|r| view(r, required)).collect::<Result<_, _>>()?, next_cursor })
}

/// A new account, checked and with its password hashed (argon2id, slow on
/// purpose: call it off the async workers and outside any transaction).
pub fn new_account(
    email: &str,
    password: &str,
    role: Role,
    now: DateTime<Utc>,
) -> Result<StaffRow, ApiError> {
    if !solecheck_shared::fields::is_email(email) {
        return Err(ApiError::invalid_value("email", "enter an email address like desk@clinic.example"));
    }
    password_policy::check(password, email)
        .map_err(|weak| ApiError::invalid_value("password", weak.to_string()))?;
    let password_hash = passwords::hash(password).map_err(ApiError::internal)?;
    Ok(StaffRow {
        id: uuid::Uuid::new_v4().to_string(),
        email: normalise_email(email),
        password_hash,
        role: crate::db::Key(role),
        disabled: false,
        created_at: now.naive_utc(),
        must_change_password: false,
        session_epoch: 0,
        password_changed_at: None,
        temporary_used_at: None,
        totp_secret: None,
        totp_pending: None,
        totp_last_step: None,
        totp_enabled_at: None,
    })
}

/// Stores a [`new_account`]; an email already in use is `email_taken`.
pub fn insert_account(conn: &mut DbConn, row: &StaffRow) -> Result<(), ApiError> {
    match staff::insert(conn, row) {
        Ok(()) => Ok(()),
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {
            Err(ApiError::EmailTaken)
        }
        Err(other) => Err(other.into()),
    }
}

/// Creates an account for an admin: hashed on a blocking thread, then one
/// short write.
pub async fn create_account(
    db: &Db,
    email: String,
    password: String,
    role: Role,
    now: DateTime<Utc>,
) -> Result<StaffView, ApiError> {
    let row = actix_web::web::block(move || new_account(&email, &password, role, now))
        .await
        .map_err(ApiError::internal)??;
    db.write(move |conn| {
        insert_account(conn, &row)?;
        view_on(conn, row)
    })
    .await
}

/// Changes an account's role or disables it. No admin can lock themselves
/// out: their own account cannot be disabled or demoted by them.
pub async fn update_account(
    db: &Db,
    acting: &Actor,
    id: String,
    role: Option<Role>,
    disabled: Option<bool>,
) -> Result<StaffView, ApiError> {
    if id == acting.id && (disabled == Some(true) || role == Some(Role::Staff)) {
        return Err(ApiError::Forbidden("you cannot disable or demote your own account".into()));
    }
    let row = db
        .write(move |conn| {
            if !staff::update(conn, &id, role, disabled)? {
                return Err(ApiError::NotFound);
            }
            let row = staff::find(conn, &id)?.ok_or(ApiError::NotFound)?;
            view_on(conn, row)
        })
        .await?;
    Ok(row)
}

/// The signed-in account; one deleted since its token was signed is `unauthorized`.
pub async fn me(db: &Db, id: String) -> Result<StaffView, ApiError> {
    db.run(move |conn| {
        let row = staff::find(conn, &id)?
            .ok_or_else(|| ApiError::Unauthorized("this account no longer exists".into()))?;
        view_on(conn, row)
    })
    .await
}
