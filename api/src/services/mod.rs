//! The api's rules that are not pure content rules: storing checks, offers and
//! their windows, codes, staff sign-in. No actix here; SQL stays in `db`.

pub mod assessments;
pub mod audit;
pub mod auth;
pub mod batch;
pub mod campaigns;
pub mod codes;
pub mod demo;
pub mod figures;
pub mod paging;
pub mod passwords;
pub mod progress;
pub mod qr;
pub mod secrets;
pub mod stats;
pub mod time;
pub mod tokens;
pub mod windows;

use crate::error::ApiError;

/// A key the database holds (a hint, a role, an audit outcome...), read back
/// into its type; text it does not know is the database's fault, not the client's.
pub fn stored_key<K: solecheck_shared::WireKey>(stored: &str) -> Result<K, ApiError> {
    K::from_key(stored).ok_or_else(|| {
        ApiError::internal(std::io::Error::other(format!("the database holds an unknown key {stored:?}")))
    })
}
