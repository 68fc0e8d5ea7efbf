//! Statements of the hot writes, written so both databases keep them prepared.
//!
//! diesel's insert and upsert builders mark every statement they build as
//! unsafe to keep prepared (a column of a row may be `DEFAULT`, a changeset
//! may be empty), so PostgreSQL parsed, analysed and planned each insert of a
//! new check again, a fifth of its time in a keyed post (perf, bench-api).
//! A statement here has one text for ever: each connection prepares it once.

/// `prepared!(Name(Row) = "SQL with ? per bind", [field: SqlType, ...]);`
/// defines `Name<'a>(&'a Row)`, a statement binding those fields of the row
/// in order, for both backends (each writes its own placeholders).
macro_rules! prepared {
    ($(#[$doc:meta])* $name:ident($row:ty) = $sql:expr, [$($field:ident: $st:ty),* $(,)?]) => {
        $(#[$doc])*
        struct $name<'a>(&'a $row);

        impl diesel::query_builder::QueryId for $name<'_> {
            type QueryId = $name<'static>;
            const HAS_STATIC_QUERY_ID: bool = true;
        }

        impl<Conn> diesel::RunQueryDsl<Conn> for $name<'_> {}

        // A text whose placeholders do not match its binds does not compile.
        const _: () = assert!(
            $crate::db::prepared::placeholders($sql) == [$(stringify!($field)),*].len(),
            concat!(stringify!($name), ": one `?` per bind"),
        );

        $crate::db::prepared::prepared!(@backend $name, diesel::sqlite::Sqlite, $sql, [$($field: $st),*]);
        $crate::db::prepared::prepared!(@backend $name, diesel::pg::Pg, $sql, [$($field: $st),*]);
    };
    (@backend $name:ident, $db:ty, $sql:expr, [$($field:ident: $st:ty),*]) => {
        impl diesel::query_builder::QueryFragment<$db> for $name<'_> {
            fn walk_ast<'b>(&'b self, mut out: diesel::query_builder::AstPass<'_, 'b, $db>) -> diesel::QueryResult<()> {
                let mut parts = $sql.split('?');
                out.push_sql(parts.next().unwrap_or_default());
                $(
                    out.push_bind_param::<$st, _>(&self.0.$field)?;
                    out.push_sql(parts.next().unwrap_or_default());
                )*
                Ok(())
            }
        }
    };
}

pub(super) use prepared;

/// How many `?` placeholders `sql` has.
pub(super) const fn placeholders(sql: &str) -> usize {
    let bytes = sql.as_bytes();
    let (mut i, mut n) = (0, 0);
    while i < bytes.len() {
        if bytes[i] == b'?' {
            n += 1;
        }
        i += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_are_counted() {
        assert_eq!(super::placeholders("INSERT INTO t (a, b) VALUES (?, ?)"), 2);
        assert_eq!(super::placeholders("SELECT 1"), 0);
    }
}
