//! SoleCheck's API server as a library, so the binary and tests share one
//! start-up path. Layers: `routes` (HTTP only) -> services -> `db` (SQL only).

pub mod auth;
pub mod backup;
pub mod cli;
pub mod client_address;
pub mod db;
pub mod error;
pub mod limits;
pub mod middleware;
pub mod openapi;
pub mod prometheus;
pub mod routes;
pub mod services;
pub mod settings;
pub mod startup;
pub mod telemetry;
pub mod tls;
pub mod vault;
pub mod web_files;
