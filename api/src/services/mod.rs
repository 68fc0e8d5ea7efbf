//! The api's rules that are not pure content rules: storing checks, offers and
//! their windows, codes, staff sign-in. No actix here; SQL stays in `db`.

pub mod accounts;
pub mod actor;
pub mod assessments;
pub mod audit;
pub mod auth;
pub mod batch;
pub mod campaigns;
pub mod codes;
pub mod credentials;
pub mod demo;
pub mod export;
pub mod figures;
pub mod idempotency_key;
pub mod paging;
pub mod password_policy;
pub mod passwords;
pub mod progress;
pub mod qr;
pub mod retention;
pub mod secrets;
pub mod stats;
pub mod throttle;
pub mod time;
pub mod tokens;
pub mod two_step;
pub mod windows;

pub use actor::Actor;
