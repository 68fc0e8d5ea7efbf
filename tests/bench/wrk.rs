//! Running wrk and reading its figures, for the benchmarks.

use std::process::Command;

use solecheck_tests::Backend;

/// What Chromium asks for; every benchmarked request but the baseline sends it.
pub const ACCEPT_ENCODING: &str = "gzip, deflate, br, zstd";

/// One wrk run's figures.
pub struct Figures {
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub non_2xx: u64,
}

fn millis(text: &str) -> f64 {
    let text = text.trim();
    let (number, factor) = if let Some(n) = text.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000.0)
    } else {
        (text, 1.0)
    };
    number.parse::<f64>().unwrap_or(f64::NAN) * factor
}

/// Runs wrk on `url` (2 threads, `connections` kept-alive connections, for
/// `seconds`), with a Lua `script` if given.
pub fn run(url: &str, script: Option<&str>, connections: usize, seconds: u64) -> Figures {
    let mut cmd = Command::new("wrk");
    cmd.args(["-t2", &format!("-c{connections}"), &format!("-d{seconds}s"), "--latency"]);
    let dir = tempfile::tempdir().expect("temp dir");
    if let Some(script) = script {
        let path = dir.path().join("script.lua");
        std::fs::write(&path, script).expect("write lua");
        cmd.arg("-s").arg(path);
    }
    let out = cmd.arg(url).output().expect("run wrk (apt-get install wrk)");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    // A script LuaJIT refuses still lets wrk send `GET /`: never report that.
    let errors = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && errors.trim().is_empty(), "wrk failed on {url}: {errors}{text}");
    let find = |prefix: &str| {
        text.lines()
            .map(str::trim)
            .find_map(|l| l.strip_prefix(prefix).map(str::to_owned))
            .unwrap_or_default()
    };
    Figures {
        rps: find("Requests/sec:").trim().parse().unwrap_or(f64::NAN),
        p50_ms: millis(&find("50%")),
        p99_ms: millis(&find("99%")),
        non_2xx: find("Non-2xx or 3xx responses:").trim().parse().unwrap_or(0),
    }
}

/// The peak resident memory of process `pid` (`VmHWM`), in MiB.
pub fn peak_rss_mib(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("VmHWM:").map(|v| v.trim().trim_end_matches("kB").trim().to_owned())
            })
        })
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// The databases named on the command line (`sqlite`, `postgres`), or both.
pub fn backends() -> Vec<Backend> {
    let given: Vec<Backend> = std::env::args()
        .skip(1)
        .filter_map(|a| match a.as_str() {
            "sqlite" => Some(Backend::Sqlite),
            "postgres" => Some(Backend::Postgres),
            _ => None,
        })
        .collect();
    if given.is_empty() { vec![Backend::Sqlite, Backend::Postgres] } else { given }
}
