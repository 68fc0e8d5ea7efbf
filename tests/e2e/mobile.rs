//! The mobile app's contract: a TypeScript client generated from the
//! server's own `/openapi.json` (openapi-typescript + openapi-fetch, in
//! `tests/mobile/`), type-checked with `tsc` and run against the real server
//! on both databases. A route, parameter or shape the document gets wrong
//! fails the type check; a document the server does not keep fails the run.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use solecheck_tests::{Backend, Server, workspace_root};
use tokio::sync::OnceCell;

/// Generated and compiled once per test run, from the first server's document.
static CLIENT: OnceCell<PathBuf> = OnceCell::const_new();

fn run(dir: &Path, program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{program} (run .ci/setup.sh --test to install it): {e}"));
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{program} {args:?} failed:\n{stdout}\n{stderr}");
    stdout.into_owned()
}

async fn generated_client(server: &Server) -> PathBuf {
    CLIENT
        .get_or_init(|| async {
            let dir = workspace_root().join("tests/mobile");
            assert!(
                dir.join("node_modules/.bin/tsc").exists(),
                "tests/mobile/node_modules is missing: run .ci/setup.sh --test"
            );
            let document = server.get("/openapi.json").await.text().await.expect("openapi.json");
            std::fs::create_dir_all(dir.join("generated")).expect("generated/");
            std::fs::write(dir.join("generated/openapi.json"), document).expect("write the document");
            let dir2 = dir.clone();
            tokio::task::spawn_blocking(move || {
                run(
                    &dir2,
                    "node_modules/.bin/openapi-typescript",
                    &["generated/openapi.json", "-o", "generated/schema.ts"],
                );
                run(&dir2, "node_modules/.bin/tsc", &["-p", "."]);
            })
            .await
            .expect("generate and compile the client");
            dir
        })
        .await
        .clone()
}

async fn the_mobile_journey_runs_through_the_generated_client(backend: Backend) {
    // Demo mode: an offer runs today, so the journey can claim a code.
    let Some((server, _)) = Server::start_demo(backend) else { return };
    let dir = generated_client(&server).await;
    let base = server.base.clone();
    let out = tokio::task::spawn_blocking(move || run(&dir, "node", &["build/src/journey.js", &base]))
        .await
        .expect("run the journey");
    assert!(out.starts_with("mobile journey ok: "), "{out}");
    // The journey's check is stored, erased, and its code stands.
    assert_eq!(server.db().count("SELECT COUNT(*) AS n FROM assessments WHERE source = 'mobile'"), 1);
    assert_eq!(server.db().count("SELECT COUNT(*) AS n FROM codes"), 1);
}

crate::on_both_backends!(the_mobile_journey_runs_through_the_generated_client);
