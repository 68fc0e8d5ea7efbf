//! Fresh databases for each test.

use diesel::{
    Connection, QueryableByName, RunQueryDsl, pg::PgConnection, sql_types::BigInt, sql_types::Text,
    sqlite::SqliteConnection,
};

/// Where PostgreSQL tests create their databases.
pub const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// Which backend a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database that exists for one test and is removed afterwards.
pub enum TestDb {
    Sqlite { _dir: tempfile::TempDir, path: String },
    Postgres { admin_url: String, name: String, url: String },
}

/// True when PostgreSQL tests must run (CI): a missing server is then a failure.
pub fn postgres_required() -> bool {
    std::env::var("SOLECHECK_REQUIRE_POSTGRES").is_ok_and(|v| v == "1")
        || std::env::var("CI").is_ok_and(|v| v == "true")
}

fn admin_url() -> String {
    std::env::var("SOLECHECK_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_ADMIN_URL.to_owned())
}

impl TestDb {
    /// A new empty database; `None` only when PostgreSQL is unreachable and not required.
    pub fn create(backend: Backend) -> Option<Self> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let path = dir.path().join("data").join("solecheck.db").to_string_lossy().into_owned();
                Some(Self::Sqlite { _dir: dir, path })
            }
            Backend::Postgres => {
                let admin_url = admin_url();
                let mut admin = match PgConnection::establish(&admin_url) {
                    Ok(conn) => conn,
                    Err(error) if !postgres_required() => {
                        eprintln!(
                            "skipping: PostgreSQL at {admin_url} unreachable ({error}); set SOLECHECK_REQUIRE_POSTGRES=1 to fail instead"
                        );
                        return None;
                    }
                    Err(error) => panic!("PostgreSQL is required but {admin_url} is unreachable: {error}"),
                };
                let name = format!("solecheck_t_{}", uuid::Uuid::new_v4().simple());
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .expect("create test database");
                let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(base, _)| base);
                let url = format!("{base}/{name}");
                Some(Self::Postgres { admin_url, name, url })
            }
        }
    }

    /// The `DATABASE_URL` for the server.
    pub fn url(&self) -> String {
        match self {
            Self::Sqlite { path, .. } => format!("sqlite://{path}"),
            Self::Postgres { url, .. } => url.clone(),
        }
    }

    /// Drops the PostgreSQL database now, even while servers are connected
    /// (to see how they cope with a database that went away).
    pub fn drop_now(&self) {
        if let Self::Postgres { admin_url, name, .. } = self
            && let Ok(mut admin) = PgConnection::establish(admin_url)
        {
            let _ =
                diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin);
        }
    }
}

impl TestDb {
    /// Cuts every server off the PostgreSQL database, as an outage would: no
    /// new connections are allowed and the open ones are ended.
    pub fn cut_off(&self) {
        self.admin_statements(&[
            "ALTER DATABASE {name} ALLOW_CONNECTIONS false",
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'",
        ]);
    }

    /// Lets servers connect again after [`TestDb::cut_off`].
    pub fn reconnect(&self) {
        self.admin_statements(&["ALTER DATABASE {name} ALLOW_CONNECTIONS true"]);
    }

    /// Runs statements as the PostgreSQL admin, `{name}` standing for this database.
    fn admin_statements(&self, statements: &[&str]) {
        let Self::Postgres { admin_url, name, .. } = self else {
            panic!("only a PostgreSQL database can be cut off");
        };
        let mut admin = PgConnection::establish(admin_url).expect("connect as admin");
        for sql in statements {
            diesel::sql_query(sql.replace("{name}", name)).execute(&mut admin).expect("admin statement");
        }
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = Text)]
    value: String,
}

impl TestDb {
    /// Runs `SELECT COUNT(*) AS n ...` style SQL directly on the database, to
    /// check what the server stored (or did not).
    pub fn count(&self, sql: &str) -> i64 {
        let rows: Vec<Count> = match self {
            Self::Sqlite { path, .. } => {
                let mut conn = SqliteConnection::establish(path).expect("open sqlite");
                diesel::sql_query(sql).load(&mut conn).expect("count query")
            }
            Self::Postgres { url, .. } => {
                let mut conn = PgConnection::establish(url).expect("open postgres");
                diesel::sql_query(sql).load(&mut conn).expect("count query")
            }
        };
        rows.first().map_or(0, |c| c.n)
    }

    /// Runs one statement directly (to set up states the API cannot reach, such
    /// as a code past its expiry).
    pub fn execute(&self, sql: &str) -> usize {
        match self {
            Self::Sqlite { path, .. } => {
                let mut conn = SqliteConnection::establish(path).expect("open sqlite");
                diesel::sql_query(sql).execute(&mut conn).expect("statement")
            }
            Self::Postgres { url, .. } => {
                let mut conn = PgConnection::establish(url).expect("open postgres");
                diesel::sql_query(sql).execute(&mut conn).expect("statement")
            }
        }
    }

    /// Every byte SQLite keeps of the database: the file and its write-ahead
    /// log. `None` for PostgreSQL.
    pub fn sqlite_bytes(&self) -> Option<Vec<u8>> {
        let Self::Sqlite { path, .. } = self else { return None };
        let mut bytes = std::fs::read(path).expect("read the database file");
        bytes.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
        Some(bytes)
    }

    /// Every row of every table of this PostgreSQL database, as text
    /// (`CAST(row AS TEXT)`), with its table's name in front. Empty for SQLite.
    pub fn postgres_rows(&self) -> Vec<String> {
        if matches!(self, Self::Sqlite { .. }) {
            return Vec::new();
        }
        let tables = self.texts(
            "SELECT table_name::text AS value FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
        );
        tables
            .iter()
            .flat_map(|table| {
                self.texts(&format!("SELECT '{table}: ' || CAST(t AS TEXT) AS value FROM \"{table}\" AS t"))
            })
            .collect()
    }

    /// Runs SQL returning one text column named `value`.
    pub fn texts(&self, sql: &str) -> Vec<String> {
        let rows: Vec<Row> = match self {
            Self::Sqlite { path, .. } => {
                let mut conn = SqliteConnection::establish(path).expect("open sqlite");
                diesel::sql_query(sql).load(&mut conn).expect("text query")
            }
            Self::Postgres { url, .. } => {
                let mut conn = PgConnection::establish(url).expect("open postgres");
                diesel::sql_query(sql).load(&mut conn).expect("text query")
            }
        };
        rows.into_iter().map(|r| r.value).collect()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        self.drop_now();
    }
}
