//! `solecheck-api`: see `solecheck-api --help`.

use std::io::BufRead;

use clap::Parser;
use solecheck_api::{
    backup::{self, BackupError},
    cli::{BackupArgs, Cli, Command, StaffAddArgs, StaffCommand, StaffResetArgs},
    db::{Db, Target},
    services::{accounts, auth, credentials, password_policy, passwords},
    startup, telemetry,
};

/// Blocks from this size up get mappings of their own, returned when freed.
/// Fixed, because glibc raises it to the size of the largest block freed so
/// far: after the first sign-in every argon2 block (19 MiB,
/// `services::passwords`) came from the heap and stayed resident when freed
/// (bench-api: 50 -> 72 MiB for good after its second sign-in). Not lower:
/// at 128 KiB the hash table brotli makes for each compressed reply was a fresh
/// mapping, which brotli reads before it writes, so every page faulted twice
/// and the second fault flushed the other core's TLB; a third of a staff
/// list page's time (perf; 3.1 -> 1.9-2.3 ms of server CPU per page).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: libc::c_int = 1024 * 1024;

/// Sets glibc's allocator for a server whose memory should stay flat.
/// - A fixed mmap threshold ([`MMAP_THRESHOLD`]).
/// - Two arenas, not eight per core: each blocking thread's arena kept its
///   own freed memory (6 MiB more at the peak).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn settle_allocator() {
    // SAFETY: mallopt only changes the allocator's parameters, and this runs
    // first in main, before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn settle_allocator() {}

fn main() -> std::process::ExitCode {
    settle_allocator();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(args) => {
            telemetry::init(args.log_json);
            startup::serve(*args).map_err(CliError::from)
        }
        Command::Migrate(args) => {
            telemetry::init(false);
            migrate(&args.database_url).map_err(CliError::from)
        }
        Command::Backup(args) => {
            telemetry::init(false);
            back_up(&args)
        }
        Command::KeyFileLost(args) => {
            telemetry::init(false);
            key_file_lost(&args.database_url)
        }
        Command::Staff(StaffCommand::Add(args)) => {
            telemetry::init(false);
            add_staff(&args)
        }
        Command::Staff(StaffCommand::ResetPassword(args)) => {
            telemetry::init(false);
            reset_password(&args)
        }
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "solecheck-api stopped");
            eprintln!("error: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Why a CLI task failed.
#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error(transparent)]
    Start(#[from] startup::StartError),
    #[error(transparent)]
    Db(#[from] solecheck_api::db::DbError),
    #[error("{0}")]
    Api(#[from] solecheck_api::error::ApiError),
    #[error(transparent)]
    Backup(#[from] BackupError),
    #[error("could not read the password: {0}")]
    Io(#[from] std::io::Error),
    #[error("no account has the email {0}")]
    NoAccount(String),
    #[error("could not make a password: {0}")]
    Random(#[from] getrandom::Error),
}

fn add_staff(args: &StaffAddArgs) -> Result<(), CliError> {
    let password = match std::env::var("SOLECHECK_PASSWORD") {
        Ok(password) => password,
        Err(_) => {
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let target = Target::parse(&args.database.database_url);
    let db = Db::connect(&target, 1)?;
    db.migrate()?;
    let row = accounts::new_account(&args.email, &password, args.role, chrono::Utc::now())?;
    accounts::insert_account(&mut *db.get()?, &row)?;
    println!("added {} ({})", row.email, row.role.0);
    Ok(())
}

fn key_file_lost(url: &str) -> Result<(), CliError> {
    let db = Db::connect(&Target::parse(url), 1)?;
    db.migrate()?;
    let forgotten = solecheck_api::db::staff::forget_sealed(&mut *db.get()?, chrono::Utc::now().naive_utc())
        .map_err(solecheck_api::error::ApiError::from)?;
    println!(
        "retired {} token signing keys, ended {} sign-ins, turned two-step off for {} accounts",
        forgotten.keys, forgotten.sign_ins, forgotten.two_step
    );
    println!("the next start makes a new key file; staff sign in again and set two-step up again");
    Ok(())
}

fn reset_password(args: &StaffResetArgs) -> Result<(), CliError> {
    let target = Target::parse(&args.database.database_url);
    let db = Db::connect(&target, 1)?;
    db.migrate()?;
    let mut conn = db.get()?;
    let email = auth::normalise_email(&args.email);
    let account = solecheck_api::db::staff::find_by_email(&mut conn, &email)
        .map_err(solecheck_api::error::ApiError::from)?
        .ok_or(CliError::NoAccount(email))?;
    let temporary = password_policy::temporary()?;
    let hash = passwords::hash(&temporary).map_err(solecheck_api::error::ApiError::internal)?;
    let account = credentials::store_reset(&mut conn, &account.id, &hash, chrono::Utc::now())?;
    println!("temporary password for {}: {temporary}", account.email);
    println!(
        "it signs in once, and that sign-in must choose a new password; every sign-in of the account has ended"
    );
    Ok(())
}

fn back_up(args: &BackupArgs) -> Result<(), CliError> {
    let target = Target::parse(&args.database.database_url);
    let bytes = backup::backup(&target, &args.to, args.force)?;
    println!("backed up {} to {} ({bytes} bytes)", target.describe(), args.to.display());
    Ok(())
}

fn migrate(url: &str) -> Result<(), startup::StartError> {
    let target = Target::parse(url);
    let applied = Db::connect(&target, 1)?.migrate()?;
    tracing::info!(database = %target.describe(), applied = applied.len(), "migrations done");
    Ok(())
}
