//! `backup --to FILE`: a consistent copy of a live SQLite database, never
//! over an existing file unless forced, restored by putting it in place;
//! PostgreSQL is sent to pg_dump.

use std::{
    path::Path,
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicI64, Ordering},
    },
    time::Duration,
};

use serde_json::Value;
use solecheck_tests::{Backend, Server, database::TestDb, fixtures::example_answers};

use super::cli::{run, text};

const CHECKS: &str = "SELECT COUNT(*) AS n FROM assessments";

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Runs `backup` on `url` in a blocking task, so the test's server keeps answering.
async fn back_up(url: &str, args: &[&str]) -> std::process::Output {
    let (url, args): (String, Vec<String>) = (url.to_owned(), args.iter().map(|&a| a.to_owned()).collect());
    tokio::task::spawn_blocking(move || {
        let mut all = vec!["backup"];
        all.extend(args.iter().map(String::as_str));
        run(&all, &[("DATABASE_URL", &url)], None, None)
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn a_backup_taken_while_checks_arrive_restores_every_check_stored_before_it() {
    let Some(server) = Server::start(Backend::Sqlite) else { return };
    let mut before = Vec::new();
    for _ in 0..20 {
        before.push(server.stored_check(&example_answers()).await);
    }
    // Visitors keep sending checks before, while and after the copy is made.
    let (stop, stored) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicI64::new(0)));
    let (http, url) = (server.http.clone(), server.url("/v1/assessments"));
    let posting = {
        let (stop, stored) = (stop.clone(), stored.clone());
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let resp = http.post(&url).json(&example_answers()).send().await.unwrap();
                assert_eq!(resp.status(), 201);
                stored.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    let after = |n: i64| {
        let stored = stored.clone();
        async move {
            while stored.load(Ordering::Relaxed) < n {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
    };
    after(1).await;
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("solecheck-2026-12-03.db");
    let out = back_up(&server.db().url(), &["--to", to.to_str().unwrap()]).await;
    // The second check answered from now on was sent after the copy ended.
    after(stored.load(Ordering::Relaxed) + 2).await;
    stop.store(true, Ordering::Relaxed);
    posting.await.unwrap();
    let during = stored.load(Ordering::Relaxed);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("backed up sqlite "), "{}", text(&out.stdout));
    assert_eq!(names(dir.path()), ["solecheck-2026-12-03.db"], "nothing half-written is left beside it");

    // Restore: the copy put in place of a database, and the server started on it.
    let restored = TestDb::create(Backend::Sqlite).unwrap();
    let TestDb::Sqlite { path, .. } = &restored else { unreachable!("a SQLite test database") };
    std::fs::create_dir_all(Path::new(path).parent().unwrap()).unwrap();
    std::fs::copy(&to, path).unwrap();
    // The key file is backed up apart from the database (README), and put back with it.
    let key_file = solecheck_tests::server::key_file_for(&server.db().url());
    std::fs::copy(key_file, solecheck_tests::server::key_file_for(&restored.url())).unwrap();
    let copied = restored.count(CHECKS);
    assert!((21..20 + during).contains(&copied), "{copied} checks in the copy, of {during} sent meanwhile");
    assert_eq!(restored.texts("SELECT integrity_check AS value FROM pragma_integrity_check"), ["ok"]);
    let second = Server::start_on(restored, &[]);
    for (id, token) in &before {
        assert_eq!(second.get_with(&format!("/v1/assessments/{id}"), token).await.status(), 200);
    }
    // The figures were copied in the same snapshot as the checks they count.
    let admin = second.staff_token("admin").await;
    let stats: Value = second.get_with("/v1/stats", &admin).await.json().await.unwrap();
    assert_eq!(stats["assessments"], copied);
    // And the restored server takes new checks.
    second.stored_check(&example_answers()).await;
    assert_eq!(second.db().count(CHECKS), copied + 1);
}

#[tokio::test]
async fn a_backup_never_replaces_a_file_unless_forced() {
    let Some(server) = Server::start(Backend::Sqlite) else { return };
    server.stored_check(&example_answers()).await;
    let url = server.db().url();
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("copy.db");
    std::fs::write(&to, "last week's backup").unwrap();
    let out = back_up(&url, &["--to", to.to_str().unwrap()]).await;
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("already exists: pass --force"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&to).unwrap(), "last week's backup");

    let out = back_up(&url, &["--to", to.to_str().unwrap(), "--force"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(std::fs::read(&to).unwrap().starts_with(b"SQLite format 3\0"));
    assert_eq!(names(dir.path()), ["copy.db"]);

    // A database that is not there is reported, not created and copied empty.
    let missing = dir.path().join("nowhere.db");
    let never = dir.path().join("never.db");
    let out = back_up(&format!("sqlite://{}", missing.display()), &["--to", never.to_str().unwrap()]).await;
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("there is no SQLite database at"), "{}", text(&out.stderr));
    assert!(!missing.exists() && !never.exists());
}

#[tokio::test]
async fn a_postgres_database_is_sent_to_pg_dump() {
    let Some(db) = TestDb::create(Backend::Postgres) else { return };
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("copy.db");
    let out = back_up(&db.url(), &["--to", to.to_str().unwrap()]).await;
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("pg_dump"), "{}", text(&out.stderr));
    assert!(names(dir.path()).is_empty());
}
