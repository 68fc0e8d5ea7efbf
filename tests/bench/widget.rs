//! Widget benchmark: the transfer size of the widget (every file under
//! /widget/ the demo page loads, as the server sends it for gzip, for brotli,
//! and for what Chromium asks) and
//! the time from navigation to the first step being interactive in headless
//! Chromium on the demo page, over loopback. Prints figures; asserts nothing.

use std::time::Duration;

use solecheck_tests::{Backend, Browser, Server, loader_imports};

const RUNS: usize = 7;

async fn transfer(server: &Server) {
    // The glue and the wasm have content-hashed names, written into the loader.
    let loader = server.get("/widget/solecheck.js").await.text().await.expect("the loader");
    let files: Vec<String> = std::iter::once("solecheck.js".to_owned())
        .chain(loader_imports(&loader))
        .chain(std::iter::once("demo.css".to_owned()))
        .collect();
    for accept in ["gzip", "br", "gzip, deflate, br, zstd"] {
        let mut total = 0usize;
        println!("widget transfer as served for Accept-Encoding: {accept}");
        for file in &files {
            let resp = server
                .http
                .get(server.url(&format!("/widget/{file}")))
                .header("accept-encoding", accept)
                .send()
                .await
                .expect("widget file");
            let encoding =
                resp.headers().get("content-encoding").map(|v| v.to_str().unwrap_or("").to_owned());
            let bytes = resp.bytes().await.expect("body").len();
            println!("  {file:<44} {bytes:>8} bytes ({})", encoding.unwrap_or_else(|| "identity".into()));
            if file != "demo.css" {
                total += bytes;
            }
        }
        println!("  widget total (JS + wasm; its CSS is inside the wasm): {:.1} KB", total as f64 / 1000.0);
    }
}

/// Milliseconds from navigation start to the Start button being in the page.
const INTERACTIVE: &str = r#"
    const root = document.querySelector('sole-check')?.shadowRoot;
    return root?.querySelector('[data-testid=start]') ? performance.now() : null;
"#;

#[tokio::main]
async fn main() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    transfer(&server).await;
    let browser = Browser::start(390, 844).await;
    let mut times = Vec::new();
    for run in 0..RUNS {
        browser.client.goto("about:blank").await.expect("blank");
        let url = format!("{}/?run={run}", server.base);
        browser.client.goto(&url).await.expect("demo page");
        let ms = browser.wait_for("the first step", INTERACTIVE, 20).await.as_f64().unwrap_or(f64::NAN);
        times.push(ms);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    times.sort_by(f64::total_cmp);
    println!("navigation to first step interactive, {RUNS} loads of the demo page in headless Chromium:");
    println!(
        "  median {:.0} ms, fastest {:.0} ms, slowest {:.0} ms (the first load has a cold HTTP cache)",
        times[RUNS / 2],
        times[0],
        times[RUNS - 1]
    );
    browser.close().await;
}
