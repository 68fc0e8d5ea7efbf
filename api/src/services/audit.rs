//! The clinic's audit log as a whole: every redeem attempt, void and
//! un-redeem, newest first, including attempts on codes that were never
//! issued (a run of those is someone guessing codes at the desk), and every
//! staff read of a visitor's check (`view_check`).

use chrono::{DateTime, Utc};
use solecheck_shared::{
    api::{AuditAction, AuditEntry, AuditOutcome, Page, ViewRoute},
    code::{self, DiscountCode},
};

use super::{
    Actor,
    paging::{self, PageQuery},
    time::rfc3339,
};
use crate::{
    db::{
        Db, DbConn, Key,
        codes::{self, AuditRow},
    },
    error::ApiError,
};

/// `?action=&cursor=&limit=` of the audit list.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Only the entries of this action (e.g. `view_check`, staff reads of checks).
    pub action: Option<AuditAction>,
    /// `next_cursor` of the page before.
    pub cursor: Option<String>,
    /// Rows on the page: 1 to 100, default 50.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
}

/// One check a staff member was shown, and the code they typed to see it.
pub struct Viewed<'a> {
    pub assessment_id: &'a str,
    /// The code row, for a code look-up.
    pub code: Option<&'a str>,
    /// What was typed, for a code look-up; empty otherwise.
    pub typed: &'a str,
}

/// Audits that `actor` was shown these checks through `route`, in the
/// caller's transaction: the read is answered only once this is written.
pub fn record_views(
    conn: &mut DbConn,
    actor: &Actor,
    route: ViewRoute,
    viewed: &[Viewed<'_>],
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let rows: Vec<AuditRow> = viewed
        .iter()
        .map(|v| AuditRow {
            // Time-ordered: appended to the primary-key index (see `assessments::create`).
            id: uuid::Uuid::now_v7().to_string(),
            at: now.naive_utc(),
            actor_id: Some(actor.id.clone()),
            action: Key(AuditAction::ViewCheck),
            code: v.code.map(str::to_owned),
            outcome: Key(AuditOutcome::Done),
            reason: None,
            typed: v.typed.to_owned(),
            normalised: code::normalise(v.typed),
            client_address: actor.address.map(|ip| ip.to_string()),
            assessment_id: Some(v.assessment_id.to_owned()),
            route: Some(Key(route)),
        })
        .collect();
    Ok(codes::audit_all(conn, &rows)?)
}

/// One entry as admins read it.
pub fn entry((row, actor): (AuditRow, Option<String>)) -> Result<AuditEntry, ApiError> {
    Ok(AuditEntry {
        at: rfc3339(row.at),
        actor,
        action: row.action.0,
        outcome: row.outcome.0,
        reason: row.reason,
        code: row.code.and_then(|c| DiscountCode::parse(&c).ok()).map(|c| c.display_form()),
        typed: row.typed,
        client_address: row.client_address,
        check_id: row.assessment_id,
        route: row.route.map(|r| r.0),
    })
}

/// A page of the whole log (of one action, when asked), newest first.
pub async fn recent(db: &Db, query: AuditQuery) -> Result<Page<AuditEntry>, ApiError> {
    let AuditQuery { action, cursor, limit } = query;
    let query = PageQuery { cursor, limit };
    let limit = query.limit()?;
    let before = query.after_instant()?;
    let rows =
        db.run(move |conn| Ok::<_, ApiError>(codes::audit_recent(conn, action, before, limit + 1)?)).await?;
    let (rows, next_cursor) = paging::cut(rows, limit, |(row, _)| paging::instant_cursor(row.at, &row.id));
    Ok(Page { items: rows.into_iter().map(entry).collect::<Result<_, _>>()?, next_cursor })
}
