//! The clinic's audit log as a whole: every redeem attempt, void and
//! un-redeem, newest first, including attempts on codes that were never
//! issued (a run of those is someone guessing codes at the desk).

use solecheck_shared::{
    api::{AuditEntry, Page},
    code::DiscountCode,
};

use super::{
    paging::{self, PageQuery},
    time::rfc3339,
};
use crate::{
    db::{
        Db,
        codes::{self, AuditRow},
    },
    error::ApiError,
};

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
    })
}

/// A page of the whole log, newest first.
pub async fn recent(db: &Db, query: PageQuery) -> Result<Page<AuditEntry>, ApiError> {
    let limit = query.limit()?;
    let before = query.after_instant()?;
    let rows = db.run(move |conn| Ok::<_, ApiError>(codes::audit_recent(conn, before, limit + 1)?)).await?;
    let (rows, next_cursor) = paging::cut(rows, limit, |(row, _)| paging::instant_cursor(row.at, &row.id));
    Ok(Page { items: rows.into_iter().map(entry).collect::<Result<_, _>>()?, next_cursor })
}
