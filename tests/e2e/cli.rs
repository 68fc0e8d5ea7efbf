//! The command line: `migrate`, `staff add` with the password on standard
//! input, `serve --help` against the README's table, and a plain-path
//! `DATABASE_URL`.

use std::{
    io::{Read, Write},
    path::Path,
    process::{Command, Output, Stdio},
    time::{Duration, Instant},
};

use solecheck_tests::{
    Backend, Server, database::TestDb, fixtures::example_answers, server::binary, workspace_root,
};

const MIGRATIONS: &str = "SELECT COUNT(*) AS n FROM __diesel_schema_migrations";
const CAMPAIGNS: &str = "SELECT COUNT(*) AS n FROM campaigns";
const STAFF: &str = "SELECT COUNT(*) AS n FROM staff";

/// Runs the binary to its end (within a minute, or the test fails), with no
/// inherited database or password settings; `stdin` is written to it.
pub(crate) fn run(args: &[&str], env: &[(&str, &str)], stdin: Option<&str>, cwd: Option<&Path>) -> Output {
    let mut command = Command::new(binary());
    command
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("SOLECHECK_PASSWORD")
        .env("RUST_LOG", "warn")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(dir) = cwd {
        command.current_dir(dir);
    }
    let mut child = command.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("solecheck-api {args:?} did not finish within a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    child.stdout.take().unwrap().read_to_end(&mut stdout).unwrap();
    child.stderr.take().unwrap().read_to_end(&mut stderr).unwrap();
    Output { status, stdout, stderr }
}

pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

async fn migrate_runs_the_migrations_and_exits(backend: Backend) {
    let Some(db) = TestDb::create(backend) else { return };
    let url = db.url();
    for _ in 0..2 {
        let out = run(&["migrate"], &[("DATABASE_URL", &url)], None, None);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), "", "migrate serves nothing and prints nothing");
        // Every migration once, the seeded campaigns once, no accounts.
        let embedded = std::fs::read_dir(workspace_root().join("migrations/sqlite")).unwrap().count();
        assert_eq!(db.count(MIGRATIONS), i64::try_from(embedded).unwrap());
        assert_eq!(db.count(CAMPAIGNS), 2);
        assert_eq!(db.count(STAFF), 0);
    }
}

async fn staff_add_reads_the_password_from_standard_input(backend: Backend) {
    let Some(db) = TestDb::create(backend) else { return };
    let url = db.url();
    let add = |email: &str, role: &str, stdin: &str| {
        run(&["staff", "add", "--email", email, "--role", role], &[("DATABASE_URL", &url)], Some(stdin), None)
    };
    let password = "correct horse battery staple";
    let out = add("Desk@Clinic.test", "staff", &format!("{password}\r\n"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), "added desk@clinic.test (staff)");
    // Refused: a short password, an unknown role. Neither adds an account.
    let out = add("short@clinic.test", "staff", "too short\n");
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("at least 12 characters"), "{}", text(&out.stderr));
    let out = add("owner@clinic.test", "owner", &format!("{password}\n"));
    assert_eq!(out.status.code(), Some(2), "a usage error");
    assert!(text(&out.stderr).contains("use staff or admin"), "{}", text(&out.stderr));
    assert_eq!(db.count(STAFF), 1);
    // The password read from standard input signs in.
    let server = Server::start_on(db, &[]);
    let tokens = server.login("desk@clinic.test", password).await;
    assert!(tokens["access_token"].is_string());
}

/// The names in the first column of the README's configuration table.
fn readme_variables() -> Vec<String> {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).unwrap();
    let table = readme.split("## Configuration").nth(1).unwrap().split("\n## ").next().unwrap();
    table
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once('`').map(|(name, _)| name.to_owned()))
        .collect()
}

#[test]
fn serve_help_lists_every_variable_of_the_readme() {
    let variables = readme_variables();
    assert!(variables.len() >= 12 && variables.contains(&"RUST_LOG".to_owned()), "{variables:?}");
    let out = run(&["serve", "--help"], &[], None, None);
    assert!(out.status.success());
    let help = text(&out.stdout);
    for name in variables {
        assert!(help.contains(&name), "`serve --help` does not name {name}:\n{help}");
    }
}

/// `DATABASE_URL` as a plain file path, and the default `./data/solecheck.db`.
#[tokio::test]
async fn a_plain_path_names_a_sqlite_file() {
    let Some(db) = TestDb::create(Backend::Sqlite) else { return };
    let TestDb::Sqlite { path, .. } = &db else { unreachable!("a SQLite test database") };
    let path = path.clone();
    let server = Server::start_on_env(db, &[("DATABASE_URL", &path)]);
    assert_eq!(server.post("/v1/assessments", &example_answers()).await.status(), 201);
    // The database the test opens by that path holds what the server stored.
    assert_eq!(server.db().count("SELECT COUNT(*) AS n FROM assessments"), 1);

    let dir = tempfile::tempdir().unwrap();
    let out = run(&["migrate"], &[], None, Some(dir.path()));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let default = dir.path().join("data").join("solecheck.db");
    assert!(default.is_file(), "no database at {}", default.display());
}

crate::on_both_backends!(
    migrate_runs_the_migrations_and_exits,
    staff_add_reads_the_password_from_standard_input
);
