//! Who acts on a staff route, as the services see it: the account and where
//! the request came from. The `auth` extractors make one from a verified
//! token; the services never see the token or the request.

use std::net::IpAddr;

/// A signed-in staff member acting on a code or an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The staff account's id.
    pub id: String,
    /// Its email, which a redeem reports as who redeemed.
    pub email: String,
    /// Where the request came from (`client_address::client_ip`), for the audit log.
    pub address: Option<IpAddr>,
}
