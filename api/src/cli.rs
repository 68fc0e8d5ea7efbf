//! The command line: `serve`, `migrate`, `backup`, `key-file-lost`, `staff add` and
//! `staff reset-password`. Every setting has an environment
//! variable, listed by `--help`.

use std::{net::SocketAddr, path::PathBuf};

use clap::{Args, Parser, Subcommand};

/// SoleCheck's API server: the self-check widget, the staff console and the
/// REST API that the clinic's site, front desk and mobile app use.
#[derive(Debug, Parser)]
#[command(name = "solecheck-api", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run pending migrations, then serve HTTP until SIGTERM or Ctrl-C.
    // RUST_LOG is read by the log set-up, not by an option; listed here so
    // `--help` names every environment variable the server reads.
    #[command(after_help = "Also read from the environment:\n  \
        RUST_LOG  which logs to write (default: info), e.g. RUST_LOG=debug")]
    Serve(Box<ServeArgs>),
    /// Only run pending migrations, then exit.
    Migrate(DatabaseArgs),
    /// Copy the SQLite database to a file, consistent while the server runs
    /// and takes writes, then exit (PostgreSQL: use pg_dump).
    Backup(BackupArgs),
    /// The key file (SOLECHECK_KEY_FILE) is lost and no copy is left: retire
    /// the token signing keys and end every staff sign-in, and turn two-step
    /// sign-in off for every account, so the server starts with a new key
    /// file. Staff sign in again and set two-step up again. Checks, codes and
    /// accounts are untouched.
    KeyFileLost(DatabaseArgs),
    /// Manage staff accounts (there are no default accounts).
    #[command(subcommand)]
    Staff(StaffCommand),
}

/// `backup`.
#[derive(Debug, Clone, Args)]
pub struct BackupArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,

    /// The file to write: made under a temporary name beside it, renamed once complete.
    #[arg(long, value_name = "FILE")]
    pub to: PathBuf,

    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Staff account tasks.
#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Add an account. The password comes from SOLECHECK_PASSWORD or, if that is
    /// unset, the first line of standard input.
    Add(StaffAddArgs),
    /// Give an account a temporary password, printed once, that its next
    /// sign-in must replace; every sign-in of the account ends. For an admin
    /// locked out with no other admin to reset it from the console.
    ResetPassword(StaffResetArgs),
}

/// `staff reset-password`.
#[derive(Debug, Clone, Args)]
pub struct StaffResetArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,

    /// The account's email.
    #[arg(long)]
    pub email: String,
}

/// `staff add`.
#[derive(Debug, Clone, Args)]
pub struct StaffAddArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,

    /// The account's email (its sign-in name).
    #[arg(long)]
    pub email: String,

    /// `staff` (look up and redeem codes) or `admin` (everything).
    #[arg(long, value_parser = parse_role)]
    pub role: solecheck_shared::api::Role,
}

fn parse_role(value: &str) -> Result<solecheck_shared::api::Role, String> {
    solecheck_shared::api::Role::from_key(value).ok_or_else(|| "use staff or admin".to_owned())
}

/// Links shown to visitors must be web pages, never `javascript:` or the like.
fn parse_web_address(value: &str) -> Result<String, String> {
    let value = value.trim();
    let rest = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !value.chars().any(char::is_whitespace) => Ok(value.to_owned()),
        _ => Err("use an http:// or https:// address".to_owned()),
    }
}

/// Where the data lives.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// `sqlite://PATH`, a plain file path, or `postgres://...`.
    #[arg(long, env = "DATABASE_URL", default_value = "./data/solecheck.db")]
    pub database_url: String,

    /// Most database connections this process holds.
    #[arg(long, env = "SOLECHECK_DB_POOL_SIZE", default_value_t = 8)]
    pub db_pool_size: u32,
}

/// How to serve.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,

    /// Address and port to listen on (port 0 picks a free one, printed on start).
    #[arg(long, env = "SOLECHECK_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// PEM certificate chain to serve HTTPS with (needs SOLECHECK_TLS_KEY);
    /// unset, the server speaks plain HTTP, for a reverse proxy in front.
    #[arg(long, env = "SOLECHECK_TLS_CERT", value_name = "FILE")]
    pub tls_cert: Option<PathBuf>,

    /// PEM private key of SOLECHECK_TLS_CERT.
    #[arg(long, env = "SOLECHECK_TLS_KEY", value_name = "FILE")]
    pub tls_key: Option<PathBuf>,

    /// The key that seals the staff token signing keys and two-step seeds in
    /// the database, made on first start (mode 0600). Keep it out of database
    /// backups, back it up apart, and give every process on the same database
    /// the same file. Default: `solecheck.key` beside a SQLite database, else
    /// `./data/solecheck.key`.
    #[arg(long, env = "SOLECHECK_KEY_FILE", value_name = "FILE")]
    pub key_file: Option<PathBuf>,

    /// Serve the built widget and console from this folder (a `widget/dist`)
    /// instead of the copies built into the binary; for development.
    #[arg(long, env = "SOLECHECK_WIDGET_DIR", value_name = "DIR")]
    pub widget_dir: Option<PathBuf>,

    /// HTTP worker threads (default: one per core).
    #[arg(long, env = "SOLECHECK_WORKERS")]
    pub workers: Option<usize>,

    /// The clinic's IANA time zone; offers run on its local calendar days.
    #[arg(long, env = "SOLECHECK_TIMEZONE", default_value = "America/Denver")]
    pub timezone: chrono_tz::Tz,

    /// The clinic's name, shown in the widget and the console.
    #[arg(long, env = "SOLECHECK_CLINIC_NAME", default_value = "Crux Sport & Spine")]
    pub clinic_name: String,

    /// Where the clinic is.
    #[arg(long, env = "SOLECHECK_CLINIC_LOCATION", default_value = "St. George, Utah")]
    pub clinic_location: String,

    /// The front desk's phone number, shown with the visitor's code.
    #[arg(long, env = "SOLECHECK_CLINIC_PHONE")]
    pub clinic_phone: Option<String>,

    /// The clinic's booking page (`https://...`), linked from the visitor's code.
    #[arg(long, env = "SOLECHECK_CLINIC_BOOKING_URL", value_parser = parse_web_address)]
    pub clinic_booking_url: Option<String>,

    /// Lifetime of a staff access token in seconds (refresh tokens renew it).
    #[arg(long, env = "SOLECHECK_ACCESS_TOKEN_SECONDS", default_value_t = 900,
        value_parser = clap::value_parser!(i64).range(1..=3600))]
    pub access_token_seconds: i64,

    /// Site origins allowed to call the API from a browser (comma-separated,
    /// e.g. `https://cruxsportandspine.com`); the API's own origin always is.
    #[arg(long, env = "SOLECHECK_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub allowed_origins: Vec<String>,

    /// Requests per minute per client address on the public POST routes;
    /// 0 turns the limit off (for load tests).
    #[arg(long, env = "SOLECHECK_PUBLIC_RATE_LIMIT", default_value_t = 60)]
    pub public_rate_limit: u32,

    /// The reverse proxies in front of the server: comma-separated addresses
    /// and CIDR ranges (e.g. `127.0.0.1,::1`). Only for a connection from one
    /// of them is the client's address read from `Forwarded` or
    /// `X-Forwarded-For`; from anyone else those headers are ignored.
    #[arg(long, env = "SOLECHECK_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: crate::client_address::TrustedProxies,

    /// Address and port of the Prometheus metrics listener (`GET /metrics`),
    /// e.g. `127.0.0.1:9464`; off when unset. Keep it off the public network:
    /// it must differ from SOLECHECK_BIND.
    #[arg(long, env = "SOLECHECK_METRICS_BIND")]
    pub metrics_bind: Option<SocketAddr>,

    /// Days a check keeps its answers and result: at start and once a day,
    /// older ones are erased as the visitor's DELETE erases them (the figures
    /// keep their counts). 0 keeps everything.
    #[arg(long, env = "SOLECHECK_RETENTION_DAYS", default_value_t = 365,
        value_parser = clap::value_parser!(u32).range(0..=36_500))]
    pub retention_days: u32,

    /// Demo mode: also a labelled demo campaign running today and demo admin and
    /// desk accounts whose fresh random passwords are printed once. For trying
    /// the whole journey on a laptop; never use on a real clinic's database.
    #[arg(long)]
    pub demo: bool,

    /// Log as JSON lines instead of text.
    #[arg(long, env = "SOLECHECK_LOG_JSON")]
    pub log_json: bool,
}
