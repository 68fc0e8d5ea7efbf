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
    let loader = get(&server, "/widget/solecheck.js", None).await;
    assert_eq!(loader.status(), 200, "run .ci/build-widget.sh");
    let loader_text = loader.text().await.unwrap();
    let hashed = loader_imports(&loader_text);
    assert_eq!(hashed.len(), 2, "the loader imports the glue and the wasm: {hashed:?}");
    let [glue, wasm] = [&hashed[0], &hashed[1]];
    assert!(glue.starts_with("solecheck_widget-") && glue.ends_with(".js"), "{glue}");
    assert!(wasm.starts_with("solecheck_widget_bg-") && wasm.ends_with(".wasm"), "{wasm}");

    let files = [
        ("solecheck.js", "text/javascript", "no-cache"),
        ("demo.css", "text/css", "no-cache"),
        (glue.as_str(), "text/javascript", IMMUTABLE),
        (wasm.as_str(), "application/wasm", IMMUTABLE),
    ];
    for (name, mime, cache) in files {
        let path = format!("/widget/{name}");
        let on_disk = std::fs::read(workspace_root().join("widget/dist").join(name)).unwrap();
        let plain = get(&server, &path, None).await;
        assert_eq!(plain.status(), 200, "{path}");
        assert!(header(&plain, "content-type").unwrap().starts_with(mime), "{path}: {:?}", plain.headers());
        assert_eq!(header(&plain, "cache-control").as_deref(), Some(cache), "{path}");
        assert_eq!(header(&plain, "content-encoding"), None, "{path}: not asked to compress");
        let etag = header(&plain, "etag").expect("an ETag");
        assert_eq!(plain.bytes().await.unwrap().as_ref(), on_disk.as_slice(), "{path} is the built file");

        for encoding in ["gzip", "br"] {
            let packed = get(&server, &path, Some(encoding)).await;
            assert_eq!(header(&packed, "content-encoding").as_deref(), Some(encoding), "{path}");
            assert_eq!(header(&packed, "cache-control").as_deref(), Some(cache), "{path} {encoding}");
            let vary = header(&packed, "vary").unwrap_or_default();
            assert!(vary.starts_with("Accept-Encoding"), "{path} {encoding}: {vary}");
            let body = packed.bytes().await.unwrap();
            assert!(body.len() < on_disk.len(), "{path}: {encoding} is smaller");
            // The form the build stored at the highest level, not one made per request.
            let suffix = if encoding == "br" { "br" } else { "gz" };
            let stored =
                std::fs::read(workspace_root().join("widget/dist").join(format!("{name}.{suffix}"))).unwrap();
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
        let resp = get(&server, missing, None).await;
        assert_eq!(resp.status(), 404, "{missing}");
        assert_ne!(header(&resp, "cache-control").as_deref(), Some(IMMUTABLE));
    }
    // The stored compressed forms are not files of their own.
    let stored = get(&server, &format!("/widget/{wasm}.br"), None).await;
    assert_eq!(stored.status(), 404);
    let typo = get(&server, "/widget/solecheck_widget-0000000000000000.js", None).await;
    assert_eq!(typo.status(), 404);
    assert_eq!(header(&typo, "cache-control"), None, "a 404 keeps the defaults");
}
