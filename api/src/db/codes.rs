//! Discount codes and their audit log. Redemption is one conditional UPDATE, so
//! exactly one of any number of concurrent redeems (in any number of API
//! processes) changes the row.

use chrono::NaiveDateTime;
use diesel::{
    prelude::*,
    sql_types::{Nullable, Text, Timestamp},
};
use solecheck_shared::api::AuditAction;

use super::{
    DbConn,
    prepared::prepared,
    schema::{audit_log, campaigns, codes, staff},
};

/// One code.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = codes)]
pub struct CodeRow {
    pub code: String,
    pub assessment_id: String,
    pub campaign_id: String,
    pub issued_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub redeemed_at: Option<NaiveDateTime>,
    pub redeemed_by: Option<String>,
    pub voided_at: Option<NaiveDateTime>,
    pub void_reason: Option<String>,
}

/// Stores a new code unless its check already has one for the campaign;
/// true when it stored it. A unique violation means the code itself exists.
pub fn insert(conn: &mut DbConn, row: &CodeRow) -> QueryResult<bool> {
    let insert = diesel::insert_into(codes::table)
        .values(row)
        .on_conflict((codes::assessment_id, codes::campaign_id))
        .do_nothing();
    on_backend!(conn, execute, insert).map(|stored| stored == 1)
}

/// A code by its canonical form.
pub fn find(conn: &mut DbConn, code: &str) -> QueryResult<Option<CodeRow>> {
    on_backend!(conn, get_result, codes::table.find(code).select(CodeRow::as_select())).optional()
}

/// The code of an assessment for a campaign.
pub fn find_for(conn: &mut DbConn, assessment_id: &str, campaign_id: &str) -> QueryResult<Option<CodeRow>> {
    on_backend!(
        conn,
        get_result,
        codes::table
            .filter(codes::assessment_id.eq(assessment_id))
            .filter(codes::campaign_id.eq(campaign_id))
            .select(CodeRow::as_select())
    )
    .optional()
}

/// Redeems a code if it is issued, not voided and not expired; its campaign
/// when this call redeemed it.
pub fn redeem(
    conn: &mut DbConn,
    code: &str,
    staff_id: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<String>> {
    let update = diesel::update(
        codes::table
            .find(code)
            .filter(codes::redeemed_at.is_null())
            .filter(codes::voided_at.is_null())
            .filter(codes::expires_at.gt(now)),
    )
    .set((codes::redeemed_at.eq(Some(now)), codes::redeemed_by.eq(Some(staff_id))))
    .returning(codes::campaign_id);
    on_backend!(conn, get_result, update).optional()
}

/// Undoes a redemption; true when the code was redeemed.
pub fn unredeem(conn: &mut DbConn, code: &str) -> QueryResult<bool> {
    let update = diesel::update(codes::table.find(code).filter(codes::redeemed_at.is_not_null()))
        .set((codes::redeemed_at.eq(None::<NaiveDateTime>), codes::redeemed_by.eq(None::<String>)))
        .returning(codes::campaign_id);
    let campaign: Option<String> = on_backend!(conn, get_result, update).optional()?;
    match campaign {
        Some(campaign) => super::figures::add_codes(conn, &campaign, 0, -1).map(|()| true),
        None => Ok(false),
    }
}

/// Voids a code; true when it was not void yet.
pub fn void(conn: &mut DbConn, code: &str, reason: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let changed = diesel::update(codes::table.find(code).filter(codes::voided_at.is_null()))
        .set((codes::voided_at.eq(Some(now)), codes::void_reason.eq(Some(reason))))
        .execute(conn)?;
    Ok(changed == 1)
}

/// Every code issued for a check with its campaign, oldest first.
pub fn of_assessment(
    conn: &mut DbConn,
    assessment_id: &str,
) -> QueryResult<Vec<(CodeRow, super::campaigns::CampaignRow)>> {
    codes::table
        .inner_join(campaigns::table)
        .filter(codes::assessment_id.eq(assessment_id))
        .order(codes::issued_at.asc())
        .select((CodeRow::as_select(), super::campaigns::CampaignRow::as_select()))
        .load(conn)
}

/// The email of a staff account, for "redeemed by".
pub fn staff_email(conn: &mut DbConn, staff_id: &str) -> QueryResult<Option<String>> {
    staff::table.find(staff_id).select(staff::email).get_result(conn).optional()
}

/// One audit entry.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub id: String,
    pub at: NaiveDateTime,
    pub actor_id: Option<String>,
    pub action: super::Key<AuditAction>,
    /// The code row the entry is about; `None` when the attempt named no
    /// issued code (unknown, or refused by the check symbol).
    pub code: Option<String>,
    pub outcome: super::Key<solecheck_shared::api::AuditOutcome>,
    pub reason: Option<String>,
    /// What staff typed or scanned.
    pub typed: String,
    /// `typed` as the code check reads it.
    pub normalised: String,
    /// The address the staff member acted from (`client_address::client_ip`).
    pub client_address: Option<String>,
    /// The check a `view_check` entry is about.
    pub assessment_id: Option<String>,
    /// The route a `view_check` read came through (`GET /v1/assessments/{id}`).
    pub route: Option<super::Key<solecheck_shared::api::ViewRoute>>,
}

prepared!(
    /// Inserts an audit entry.
    InsertAudit(AuditRow) = "INSERT INTO audit_log (id, at, actor_id, action, code, outcome, reason, \
        typed, normalised, client_address, assessment_id, route) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [id: Text, at: Timestamp, actor_id: Nullable<Text>, action: Text, code: Nullable<Text>, outcome: Text,
     reason: Nullable<Text>, typed: Text, normalised: Text, client_address: Nullable<Text>,
     assessment_id: Nullable<Text>, route: Nullable<Text>]
);

/// Writes an audit entry.
pub fn audit(conn: &mut DbConn, row: &AuditRow) -> QueryResult<()> {
    on_backend!(conn, execute, InsertAudit(row)).map(drop)
}

/// Writes several audit entries (in the caller's transaction).
pub fn audit_all(conn: &mut DbConn, rows: &[AuditRow]) -> QueryResult<()> {
    match conn {
        // One statement for them all: a page of the staff list audits 50
        // views, each a round trip to the server when sent alone.
        DbConn::Pg(pg) => InsertAuditColumns::of(rows).execute(pg).map(drop),
        // One statement each, kept prepared (diesel's insert built and looked
        // up its statement for each, a tenth of the page's time): no round
        // trips here, and diesel's SQLite batch insert takes no NULLs.
        DbConn::Sqlite(_) => rows.iter().try_for_each(|row| audit(conn, row)),
    }
}

/// Audit entries as one array per column, for PostgreSQL: a statement with
/// one text whatever the number of rows, so each connection prepares it once.
/// diesel's multi-row insert has a text per row count that it never keeps
/// prepared: PostgreSQL parsed and planned 600 parameters for every page of
/// the staff list.
struct InsertAuditColumns<'a> {
    id: Vec<&'a str>,
    at: Vec<NaiveDateTime>,
    actor_id: Vec<Option<&'a str>>,
    action: Vec<&'static str>,
    code: Vec<Option<&'a str>>,
    outcome: Vec<&'static str>,
    reason: Vec<Option<&'a str>>,
    typed: Vec<&'a str>,
    normalised: Vec<&'a str>,
    client_address: Vec<Option<&'a str>>,
    assessment_id: Vec<Option<&'a str>>,
    route: Vec<Option<&'static str>>,
}

impl<'a> InsertAuditColumns<'a> {
    fn of(rows: &'a [AuditRow]) -> Self {
        Self {
            id: rows.iter().map(|r| r.id.as_str()).collect(),
            at: rows.iter().map(|r| r.at).collect(),
            actor_id: rows.iter().map(|r| r.actor_id.as_deref()).collect(),
            action: rows.iter().map(|r| r.action.0.as_str()).collect(),
            code: rows.iter().map(|r| r.code.as_deref()).collect(),
            outcome: rows.iter().map(|r| r.outcome.0.as_str()).collect(),
            reason: rows.iter().map(|r| r.reason.as_deref()).collect(),
            typed: rows.iter().map(|r| r.typed.as_str()).collect(),
            normalised: rows.iter().map(|r| r.normalised.as_str()).collect(),
            client_address: rows.iter().map(|r| r.client_address.as_deref()).collect(),
            assessment_id: rows.iter().map(|r| r.assessment_id.as_deref()).collect(),
            route: rows.iter().map(|r| r.route.as_ref().map(|k| k.0.as_str())).collect(),
        }
    }
}

impl diesel::query_builder::QueryId for InsertAuditColumns<'_> {
    type QueryId = InsertAuditColumns<'static>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl<Conn> RunQueryDsl<Conn> for InsertAuditColumns<'_> {}

impl diesel::query_builder::QueryFragment<diesel::pg::Pg> for InsertAuditColumns<'_> {
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, diesel::pg::Pg>,
    ) -> QueryResult<()> {
        use diesel::sql_types::Array;
        out.push_sql(
            "INSERT INTO audit_log (id, at, actor_id, action, code, outcome, reason, typed, normalised, \
             client_address, assessment_id, route) SELECT * FROM unnest(",
        );
        out.push_bind_param::<Array<Text>, _>(&self.id)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Timestamp>, _>(&self.at)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Nullable<Text>>, _>(&self.actor_id)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Text>, _>(&self.action)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Nullable<Text>>, _>(&self.code)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Text>, _>(&self.outcome)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Nullable<Text>>, _>(&self.reason)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Text>, _>(&self.typed)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Text>, _>(&self.normalised)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Nullable<Text>>, _>(&self.client_address)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Nullable<Text>>, _>(&self.assessment_id)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Nullable<Text>>, _>(&self.route)?;
        out.push_sql(")");
        Ok(())
    }
}

/// The actions on a code; who looked it up is in the whole log. Written out,
/// not bound: only a query with this very text uses the index that holds
/// these entries alone (migration 16), on SQLite and in PostgreSQL's plans
/// made for any value.
pub(super) const ACTIONS_ONLY: &str = "audit_log.action <> 'view_check'";

/// Up to `limit` of a code's audit entries with the actor's email, oldest
/// first, after the entry `after` names (its time and id).
pub fn audit_of(
    conn: &mut DbConn,
    code: &str,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<(AuditRow, Option<String>)>> {
    let mut query = audit_log::table
        .left_join(staff::table.on(staff::id.nullable().eq(audit_log::actor_id)))
        .filter(audit_log::code.eq(code))
        .filter(diesel::dsl::sql::<diesel::sql_types::Bool>(ACTIONS_ONLY))
        .order((audit_log::at.asc(), audit_log::id.asc()))
        .select((AuditRow::as_select(), staff::email.nullable()))
        .limit(limit)
        .into_boxed();
    if let Some((at, id)) = after {
        query = query.filter(super::row_after("audit_log.at", "audit_log.id", at, id));
    }
    query.load(conn)
}

/// Up to `limit` audit entries (of one action, when given) with the actor's
/// email: newest first, before the entry `before` names (its time and id).
pub fn audit_recent(
    conn: &mut DbConn,
    action: Option<AuditAction>,
    before: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<(AuditRow, Option<String>)>> {
    let mut query = audit_log::table
        .left_join(staff::table.on(staff::id.nullable().eq(audit_log::actor_id)))
        .order((audit_log::at.desc(), audit_log::id.desc()))
        .select((AuditRow::as_select(), staff::email.nullable()))
        .limit(limit)
        .into_boxed();
    if let Some(action) = action {
        query = query.filter(audit_log::action.eq(action.as_str()));
    }
    if let Some((at, id)) = before {
        query = query.filter(super::row_before("audit_log.at", "audit_log.id", at, id));
    }
    query.load(conn)
}
