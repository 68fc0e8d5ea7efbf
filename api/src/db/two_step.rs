//! Two-step sign-in: an account's sealed seeds, the last step accepted, its
//! recovery codes, and the clinic's rule that every account uses it.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{
    DbConn,
    schema::{recovery_codes, security_policy, staff},
};

/// Keeps a seed being enrolled (replacing any earlier one not confirmed).
pub fn set_pending(conn: &mut DbConn, id: &str, sealed: &str) -> QueryResult<bool> {
    let changed = diesel::update(staff::table.find(id).filter(staff::totp_secret.is_null()))
        .set(staff::totp_pending.eq(Some(sealed)))
        .execute(conn)?;
    Ok(changed == 1)
}

/// Turns the pending seed on, with the step its confirming code was for, and
/// stores the recovery codes' hashes; false when the pending seed changed
/// since it was read (another enrolment started).
pub fn confirm(
    conn: &mut DbConn,
    id: &str,
    pending: &str,
    step: i64,
    recovery_hashes: &[String],
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let changed = diesel::update(
        staff::table.find(id).filter(staff::totp_pending.eq(pending)).filter(staff::totp_secret.is_null()),
    )
    .set((
        staff::totp_secret.eq(Some(pending)),
        staff::totp_pending.eq(None::<String>),
        staff::totp_last_step.eq(Some(step)),
        staff::totp_enabled_at.eq(Some(now)),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Ok(false);
    }
    replace_recovery_codes(conn, id, recovery_hashes, now)?;
    Ok(true)
}

/// Records that a code for `step` was used, only if no code for that step or
/// a later one was: true when this use is the first.
pub fn spend_step(conn: &mut DbConn, id: &str, step: i64) -> QueryResult<bool> {
    let changed = diesel::update(
        staff::table.find(id).filter(staff::totp_last_step.is_null().or(staff::totp_last_step.lt(step))),
    )
    .set(staff::totp_last_step.eq(Some(step)))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Spends one of the account's unused recovery codes: true when it was one.
pub fn spend_recovery_code(conn: &mut DbConn, id: &str, hash: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let changed = diesel::update(
        recovery_codes::table
            .find(hash)
            .filter(recovery_codes::staff_id.eq(id))
            .filter(recovery_codes::used_at.is_null()),
    )
    .set(recovery_codes::used_at.eq(Some(now)))
    .execute(conn)?;
    Ok(changed == 1)
}

/// How many unused recovery codes the account has left.
pub fn recovery_codes_left(conn: &mut DbConn, id: &str) -> QueryResult<i64> {
    recovery_codes::table
        .filter(recovery_codes::staff_id.eq(id))
        .filter(recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)
}

fn replace_recovery_codes(
    conn: &mut DbConn,
    id: &str,
    hashes: &[String],
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::staff_id.eq(id))).execute(conn)?;
    // One row at a time: the two backends' connection has no batch insert.
    for hash in hashes {
        diesel::insert_into(recovery_codes::table)
            .values((
                recovery_codes::code_hash.eq(hash),
                recovery_codes::staff_id.eq(id),
                recovery_codes::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// An account's two-step columns, emptied.
type Off = (
    diesel::dsl::Eq<staff::totp_secret, Option<String>>,
    diesel::dsl::Eq<staff::totp_pending, Option<String>>,
    diesel::dsl::Eq<staff::totp_last_step, Option<i64>>,
    diesel::dsl::Eq<staff::totp_enabled_at, Option<NaiveDateTime>>,
);

fn off() -> Off {
    (
        staff::totp_secret.eq(None),
        staff::totp_pending.eq(None),
        staff::totp_last_step.eq(None),
        staff::totp_enabled_at.eq(None),
    )
}

/// Turns two-step off for an account (an admin's reset for a lost phone):
/// seeds and recovery codes go; true when the account exists.
pub fn turn_off(conn: &mut DbConn, id: &str) -> QueryResult<bool> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::staff_id.eq(id))).execute(conn)?;
    let changed = diesel::update(staff::table.find(id)).set(off()).execute(conn)?;
    Ok(changed == 1)
}

/// Turns two-step off for every account that has it or is setting it up (the
/// key file that sealed the seeds is lost); how many.
pub fn turn_off_everyone(conn: &mut DbConn) -> QueryResult<usize> {
    diesel::delete(recovery_codes::table).execute(conn)?;
    diesel::update(
        staff::table.filter(staff::totp_secret.is_not_null().or(staff::totp_pending.is_not_null())),
    )
    .set(off())
    .execute(conn)
}

/// Whether every account must sign in with two steps.
pub fn required(conn: &mut DbConn) -> QueryResult<bool> {
    security_policy::table
        .find(1)
        .select(security_policy::require_two_step)
        .get_result(conn)
        .optional()
        .map(|found| found.unwrap_or(false))
}

/// Sets the rule, saying who changed it and when.
pub fn set_required(conn: &mut DbConn, required: bool, by: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(security_policy::table.find(1))
        .set((
            security_policy::require_two_step.eq(required),
            security_policy::updated_at.eq(Some(now)),
            security_policy::updated_by.eq(Some(by)),
        ))
        .execute(conn)
        .map(drop)
}
