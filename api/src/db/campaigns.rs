//! Campaign rows.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::{DbConn, schema::campaigns};

/// One campaign.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = campaigns)]
#[diesel(treat_none_as_null = true)]
pub struct CampaignRow {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub percent_off: i32,
    pub applies_to: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub recurrence: super::Key<solecheck_shared::api::Recurrence>,
    pub code_life_days: Option<i32>,
    pub demo: bool,
    pub ended_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Every campaign, oldest first.
pub fn list(conn: &mut DbConn) -> QueryResult<Vec<CampaignRow>> {
    campaigns::table
        .order((campaigns::starts_on.asc(), campaigns::slug.asc()))
        .select(CampaignRow::as_select())
        .load(conn)
}

/// Up to `limit` campaigns in list order (first day, then slug), after the
/// campaign `after` names.
pub fn page(
    conn: &mut DbConn,
    after: Option<(NaiveDate, String)>,
    limit: i64,
) -> QueryResult<Vec<CampaignRow>> {
    let mut query = campaigns::table
        .order((campaigns::starts_on.asc(), campaigns::slug.asc()))
        .select(CampaignRow::as_select())
        .limit(limit)
        .into_boxed();
    if let Some((day, slug)) = after {
        query = query.filter(
            campaigns::starts_on.gt(day).or(campaigns::starts_on.eq(day).and(campaigns::slug.gt(slug))),
        );
    }
    query.load(conn)
}

/// Campaigns an admin has not ended.
pub fn running(conn: &mut DbConn) -> QueryResult<Vec<CampaignRow>> {
    on_backend!(
        conn,
        load,
        campaigns::table
            .filter(campaigns::ended_at.is_null())
            .order((campaigns::starts_on.asc(), campaigns::slug.asc()))
            .select(CampaignRow::as_select())
    )
}

/// One campaign by id.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<CampaignRow>> {
    campaigns::table.find(id).select(CampaignRow::as_select()).get_result(conn).optional()
}

/// Adds a campaign; a unique violation means the slug is taken.
pub fn insert(conn: &mut DbConn, row: &CampaignRow) -> QueryResult<()> {
    diesel::insert_into(campaigns::table).values(row).execute(conn).map(drop)
}

/// Saves every field of a campaign.
pub fn save(conn: &mut DbConn, row: &CampaignRow) -> QueryResult<()> {
    diesel::update(campaigns::table.find(&row.id)).set(row).execute(conn).map(drop)
}
