//! End-to-end tests: one binary, each test with its own server and database.

mod assessments;
mod audit;
mod auth;
mod backup;
mod bodies;
mod cli;
mod clinic;
mod clock;
mod codes;
mod connections;
mod console;
mod deploy;
mod docs;
mod durability;
mod export;
mod figures;
mod health;
mod hostile;
mod logs;
mod metrics;
mod mobile;
mod openapi;
mod outage;
mod paging;
mod passwords;
mod proxies;
mod questionnaire;
mod retention;
mod secrets;
mod tls;
mod two_step;
mod widget;
mod writes;

/// Declares one test per backend for an `async fn(Backend)`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(#[tokio::test] async fn $name() { super::$name(solecheck_tests::Backend::Sqlite).await }) +
        }
        mod postgres {
            $(#[tokio::test] async fn $name() { super::$name(solecheck_tests::Backend::Postgres).await }) +
        }
    };
}
