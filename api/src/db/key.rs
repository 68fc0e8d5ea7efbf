//! A wire key (`key_enum!`) stored as its text, so rows carry the domain's
//! enums: a stored text no enum lists is a read error (a 500, logged), never a
//! guessed default.

use diesel::{
    deserialize::{self, FromSql, FromSqlRow},
    expression::AsExpression,
    pg::{Pg, PgValue},
    serialize::{self, IsNull, Output, ToSql},
    sql_types::Text,
    sqlite::{Sqlite, SqliteValue},
};
use solecheck_shared::WireKey;

use super::MultiBackend;

/// What a stored key is: any `key_enum!`.
pub trait Stored: WireKey + std::fmt::Debug + Send + Sync {}

impl<K: WireKey + std::fmt::Debug + Send + Sync> Stored for K {}

/// A `key_enum!` value in a text column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub struct Key<K: Stored>(pub K);

fn parse<K: Stored>(text: &str) -> deserialize::Result<Key<K>> {
    K::from_key(text)
        .map(Key)
        .ok_or_else(|| format!("{text:?} is not a known {}", std::any::type_name::<K>()).into())
}

impl<K: Stored> FromSql<Text, Sqlite> for Key<K> {
    fn from_sql(value: SqliteValue<'_, '_, '_>) -> deserialize::Result<Self> {
        parse(&<String as FromSql<Text, Sqlite>>::from_sql(value)?)
    }
}

impl<K: Stored> FromSql<Text, Pg> for Key<K> {
    fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
        parse(&<String as FromSql<Text, Pg>>::from_sql(value)?)
    }
}

impl<K: Stored> FromSql<Text, MultiBackend> for Key<K> {
    fn from_sql(
        bytes: <MultiBackend as diesel::backend::Backend>::RawValue<'_>,
    ) -> deserialize::Result<Self> {
        bytes.from_sql::<Self, Text>()
    }
}

impl<K: Stored> ToSql<Text, Sqlite> for Key<K> {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
        <str as ToSql<Text, Sqlite>>::to_sql(self.0.as_str(), out)
    }
}

impl<K: Stored> ToSql<Text, Pg> for Key<K> {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        <str as ToSql<Text, Pg>>::to_sql(self.0.as_str(), out)
    }
}

impl<K: Stored> ToSql<Text, MultiBackend> for Key<K> {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
        out.set_value((Text, self));
        Ok(IsNull::No)
    }
}

#[cfg(test)]
mod tests {
    use diesel::{Connection, IntoSql, RunQueryDsl, dsl::sql, select};
    use solecheck_shared::api::Recurrence;

    use super::*;
    use crate::db::DbConn;

    /// SQLite, and PostgreSQL when reachable: required where the suite
    /// requires it (`SOLECHECK_REQUIRE_POSTGRES=1`, as CI sets).
    fn connections() -> Vec<DbConn> {
        let mut all = vec![DbConn::Sqlite(diesel::SqliteConnection::establish(":memory:").unwrap())];
        let url = std::env::var("SOLECHECK_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
        match diesel::PgConnection::establish(&url) {
            Ok(pg) => all.push(DbConn::Pg(pg)),
            Err(error) if std::env::var("SOLECHECK_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") => {
                panic!("PostgreSQL is required here: {error}")
            }
            Err(_) => {}
        }
        all
    }

    #[test]
    fn a_key_reads_back_typed_and_an_unknown_text_is_an_error() {
        for mut conn in connections() {
            let yearly: Key<Recurrence> = select(sql::<Text>("'yearly'")).get_result(&mut conn).unwrap();
            assert_eq!(yearly, Key(Recurrence::Yearly));
            let bound: Key<Recurrence> =
                select(Key(Recurrence::None).into_sql::<Text>()).get_result(&mut conn).unwrap();
            assert_eq!(bound, Key(Recurrence::None));
            let unknown = select(sql::<Text>("'monthly'")).get_result::<Key<Recurrence>>(&mut conn);
            let Err(error @ diesel::result::Error::DeserializationError(_)) = unknown else {
                panic!("an unknown key must not read: {unknown:?}")
            };
            let message = format!("{error:?}");
            assert!(message.contains("\\\"monthly\\\" is not a known"), "{message}");
        }
    }
}
