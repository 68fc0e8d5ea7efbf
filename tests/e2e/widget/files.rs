//! The built widget under /widget/: MIME types, compression, and caching
//! (a year for content-hashed names, revalidation for the stable loader).

use solecheck_tests::{Backend, Server, loader_imports, workspace_root};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

async fn get(server: &Server, path: &str, accept_encoding: Option<&str>) -> reqwest::Response {
    let mut req = server.http.get(server.url(path));
    if let Some(encoding) = accept_encoding {
        req = req.header("accept-encoding", encoding);
    }
    req.send().await.unwrap()
}

fn header(resp: &reqwest::Response, name: &str) -> Option<String> {
    resp.headers().get(name).map(|v| v.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn widget_files_are_typed_compressed_and_cached() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    built_files_are_typed_compressed_and_cached(&server).await;
}

/// A copy of the binary in an empty folder, with no `SOLECHECK_WIDGET_DIR`,
/// serves the pages, the widget and the console from inside itself, exactly
/// as built and with the same headers.
async fn the_binary_alone_serves_every_page_and_file(backend: Backend) {
    let Some(db) = solecheck_tests::database::TestDb::create(backend) else { return };
    let folder = tempfile::tempdir().unwrap();
    let copy = folder.path().join("solecheck-api");
    std::fs::copy(solecheck_tests::server::binary(), &copy).unwrap();
    let server = Server::start_copy(db, &copy, folder.path());
    let entries: Vec<_> = std::fs::read_dir(folder.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(entries, ["solecheck-api"], "nothing beside the binary (the database is elsewhere)");
    built_files_are_typed_compressed_and_cached(&server).await;
    for (page, kind) in [
        ("/", "text/html"),
        ("/staff", "text/html"),
        ("/docs", "text/html"),
        ("/docs/assets/docs.js", "text/javascript"),
        ("/docs/assets/swagger-ui-licenses.txt", "text/plain"),
    ] {
        let resp = get(&server, page, Some("gzip, br")).await;
        assert_eq!(resp.status(), 200, "{page}");
        assert!(header(&resp, "content-type").unwrap().starts_with(kind), "{page}");
    }
}

crate::on_both_backends!(the_binary_alone_serves_every_page_and_file);

/// The widget's, the console's and the API reference's built files as `server` serves them,
/// against `widget/dist`: types, stored compressed forms, cache policy, ETags.
async fn built_files_are_typed_compressed_and_cached(server: &Server) {
    let loader = get(server, "/widget/solecheck.js", None).await;
    assert_eq!(loader.status(), 200, "run .ci/build-widget.sh");
    let loader_text = loader.text().await.unwrap();
    let hashed = loader_imports(&loader_text);
    assert_eq!(hashed.len(), 2, "the loader imports the glue and the wasm: {hashed:?}");
    let [glue, wasm] = [&hashed[0], &hashed[1]];
    assert!(glue.starts_with("solecheck_widget-") && glue.ends_with(".js"), "{glue}");
    assert!(wasm.starts_with("solecheck_widget_bg-") && wasm.ends_with(".wasm"), "{wasm}");

    let console_loader = get(server, "/staff/assets/console.js", None).await.text().await.unwrap();
    let console = loader_imports(&console_loader);
    assert_eq!(console.len(), 2, "the console's loader imports its glue and wasm: {console:?}");

    let files = [
        ("/widget/", "solecheck.js", "text/javascript", "no-cache"),
        ("/widget/", "demo.css", "text/css", "no-cache"),
        ("/widget/", glue.as_str(), "text/javascript", IMMUTABLE),
        ("/widget/", wasm.as_str(), "application/wasm", IMMUTABLE),
        ("/staff/assets/", "console.js", "text/javascript", "no-cache"),
        ("/staff/assets/", "console.css", "text/css", "no-cache"),
        ("/staff/assets/", console[0].as_str(), "text/javascript", IMMUTABLE),
        ("/staff/assets/", console[1].as_str(), "application/wasm", IMMUTABLE),
        ("/docs/assets/", "swagger-ui-bundle.js", "text/javascript", "no-cache"),
        ("/docs/assets/", "swagger-ui.css", "text/css", "no-cache"),
    ];
    for (scope, name, mime, cache) in files {
        let path = format!("{scope}{name}");
        let folder = match scope {
            "/widget/" => "widget/dist",
            "/staff/assets/" => "widget/dist/console",
            _ => "widget/dist/docs",
        };
        let on_disk = std::fs::read(workspace_root().join(folder).join(name)).unwrap();
        let plain = get(server, &path, None).await;
        assert_eq!(plain.status(), 200, "{path}");
        assert!(header(&plain, "content-type").unwrap().starts_with(mime), "{path}: {:?}", plain.headers());
        assert_eq!(header(&plain, "cache-control").as_deref(), Some(cache), "{path}");
        assert_eq!(header(&plain, "content-encoding"), None, "{path}: not asked to compress");
        let etag = header(&plain, "etag").expect("an ETag");
        assert_eq!(plain.bytes().await.unwrap().as_ref(), on_disk.as_slice(), "{path} is the built file");

        for encoding in ["gzip", "br"] {
            let packed = get(server, &path, Some(encoding)).await;
            assert_eq!(header(&packed, "content-encoding").as_deref(), Some(encoding), "{path}");
            assert_eq!(header(&packed, "cache-control").as_deref(), Some(cache), "{path} {encoding}");
            let vary = header(&packed, "vary").unwrap_or_default();
            assert!(vary.starts_with("Accept-Encoding"), "{path} {encoding}: {vary}");
            let packed_etag = header(&packed, "etag").expect("an ETag");
            assert_ne!(packed_etag, etag, "{path}: each coding is its own representation");
            let body = packed.bytes().await.unwrap();
            let again = server.http.get(server.url(&path)).header("accept-encoding", encoding);
            let again = again.header("if-none-match", &packed_etag).send().await.unwrap();
            assert_eq!(again.status(), 304, "{path} {encoding} revalidated");
            assert!(body.len() < on_disk.len(), "{path}: {encoding} is smaller");
            // The form the build stored at the highest level, not one made per request.
            let suffix = if encoding == "br" { "br" } else { "gz" };
            let stored =
                std::fs::read(workspace_root().join(folder).join(format!("{name}.{suffix}"))).unwrap();
            assert_eq!(body.as_ref(), stored.as_slice(), "{path}: the stored .{suffix}");
            if encoding == "gzip" {
                assert_eq!(&body[..2], &[0x1f, 0x8b], "{path}: a gzip stream");
            }
        }
        // Revalidation: an unchanged file costs a 304, with the same policy.
        let again = server.http.get(server.url(&path)).header("if-none-match", &etag).send().await.unwrap();
        assert_eq!(again.status(), 304, "{path}");
        assert_eq!(header(&again, "cache-control").as_deref(), Some(cache), "{path} 304");
    }
    // Unhashed builds are gone, and a missing file is not cached for a year.
    for missing in ["/widget/solecheck_widget.js", "/widget/solecheck_widget_bg.wasm"] {
        let resp = get(server, missing, None).await;
        assert_eq!(resp.status(), 404, "{missing}");
        assert_ne!(header(&resp, "cache-control").as_deref(), Some(IMMUTABLE));
    }
    // The stored compressed forms are not files of their own.
    let stored = get(server, &format!("/widget/{wasm}.br"), None).await;
    assert_eq!(stored.status(), 404);
    let typo = get(server, "/widget/solecheck_widget-0000000000000000.js", None).await;
    assert_eq!(typo.status(), 404);
    assert_eq!(header(&typo, "cache-control"), None, "a 404 keeps the defaults");
}

#[test]
fn a_widget_folder_without_the_apps_stops_start_up() {
    let empty = tempfile::tempdir().unwrap();
    let db = empty.path().join("clinic.db");
    let env = [
        ("DATABASE_URL", db.to_str().unwrap()),
        ("SOLECHECK_BIND", "127.0.0.1:0"),
        ("SOLECHECK_WIDGET_DIR", empty.path().to_str().unwrap()),
    ];
    let out = crate::cli::run(&["serve"], &env, None, None);
    assert!(!out.status.success(), "it served an empty folder");
    let stderr = crate::cli::text(&out.stderr);
    assert!(
        stderr.contains("SOLECHECK_WIDGET_DIR:") && stderr.contains("holds no built solecheck.js"),
        "{stderr}"
    );
    assert!(!db.exists(), "checked before the database is touched");
}
