//! The service files under `api/deploy/`, checked by the tools that read them:
//! the example environment file names exactly the settings of `serve --help`,
//! `systemd-analyze verify` accepts the unit, `caddy validate` the Caddyfile,
//! and the example nginx site, run by a real nginx with a test certificate,
//! serves the widget and the API over HTTPS with each visitor's own address.

use std::{collections::BTreeSet, path::PathBuf, process::Command};

use serde_json::Value;
use solecheck_tests::{
    Backend, Server, browser::free_port, contract::client_trusting, expect_problem,
    fixtures::example_answers, proxy::Nginx, server::binary, workspace_root,
};

use super::{cli::text, tls::Certificate};

fn deploy(file: &str) -> PathBuf {
    workspace_root().join("api/deploy").join(file)
}

fn read(file: &str) -> String {
    std::fs::read_to_string(deploy(file)).unwrap()
}

/// The settings `serve` reads: each `[env: NAME=]` of its help, and RUST_LOG.
fn serve_settings() -> BTreeSet<String> {
    let out = Command::new(binary()).args(["serve", "--help"]).output().unwrap();
    let help = text(&out.stdout);
    let mut names: BTreeSet<String> = help
        .split("[env: ")
        .skip(1)
        .filter_map(|rest| rest.split(['=', ']']).next())
        .map(str::to_owned)
        .collect();
    assert!(help.contains("RUST_LOG"), "{help}");
    names.insert("RUST_LOG".to_owned());
    names
}

#[test]
fn the_example_environment_file_names_every_setting_and_no_other() {
    let file: BTreeSet<String> = read("solecheck.env")
        .lines()
        .filter_map(|line| line.trim_start_matches('#').split_once('='))
        .map(|(name, _)| name.trim())
        .filter(|name| !name.is_empty() && name.bytes().all(|b| b.is_ascii_uppercase() || b == b'_'))
        .map(str::to_owned)
        .collect();
    let settings = serve_settings();
    assert!(settings.len() >= 18, "{settings:?}");
    let missing: Vec<_> = settings.difference(&file).collect();
    let unknown: Vec<_> = file.difference(&settings).collect();
    assert!(missing.is_empty(), "serve --help lists settings the example file lacks: {missing:?}");
    assert!(unknown.is_empty(), "the example file sets what serve does not read: {unknown:?}");
}

#[test]
fn systemd_accepts_the_hardened_unit() {
    let unit = read("solecheck.service");
    for directive in [
        "DynamicUser=yes",
        "StateDirectory=solecheck",
        "ProtectSystem=strict",
        "NoNewPrivileges=yes",
        "EnvironmentFile=/etc/solecheck/solecheck.env",
        "ExecStart=/usr/local/bin/solecheck-api serve",
    ] {
        assert!(unit.lines().any(|l| l == directive), "the unit lacks {directive}");
    }
    // Verified against the binary under test in place of /usr/local/bin's.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("solecheck.service");
    let exec = binary().display().to_string();
    std::fs::write(&copy, unit.replace("/usr/local/bin/solecheck-api", &exec)).unwrap();
    let out = Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .arg(&copy)
        .output()
        .expect("systemd-analyze (Debian's systemd package; .ci/setup.sh --test installs it)");
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stderr, "", "systemd-analyze found nothing to warn about");
}

#[test]
fn caddy_accepts_the_example_caddyfile() {
    let out = Command::new("caddy")
        .args(["validate", "--adapter", "caddyfile", "--config"])
        .arg(deploy("Caddyfile"))
        .output()
        .expect("caddy (Debian's caddy package; .ci/setup.sh --test installs it)");
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
}

/// The example site with the test's ports, certificate and upstream in
/// place of the clinic's; nothing else changed.
fn nginx_site(upstream: &str, https: u16, http: u16, certificate: &Certificate) -> String {
    let site = read("nginx-solecheck.conf");
    let replaced = [
        ("server 127.0.0.1:8080;", format!("server {upstream};")),
        ("listen 443 ssl http2;", format!("listen 127.0.0.1:{https} ssl http2;")),
        ("listen [::]:443 ssl http2;", String::new()),
        ("listen 80;", format!("listen 127.0.0.1:{http};")),
        ("listen [::]:80;", String::new()),
        (
            "/etc/letsencrypt/live/selfcheck.example-clinic.com/fullchain.pem",
            certificate.cert().display().to_string(),
        ),
        (
            "/etc/letsencrypt/live/selfcheck.example-clinic.com/privkey.pem",
            certificate.key().display().to_string(),
        ),
    ];
    replaced.iter().fold(site, |site, (from, to)| {
        assert_eq!(site.matches(from).count(), 1, "the example site has {from} once");
        site.replace(from, to)
    })
}

async fn the_example_nginx_site_serves_over_https(backend: Backend) {
    let Some(server) = Server::start_with(backend, &["--trusted-proxies", "127.0.0.1,::1"]) else { return };
    let certificate = Certificate::new();
    let (https, http) = (free_port(), free_port());
    let upstream = server.base.trim_start_matches("http://").to_owned();
    let nginx = Nginx::start_site(&nginx_site(&upstream, https, http, &certificate), https);
    assert_eq!(nginx.port(), https);
    let base = format!("https://127.0.0.1:{https}");
    let visitor = client_trusting(&certificate.pem, Some("127.0.0.2".parse().unwrap()));

    let widget = visitor.get(format!("{base}/widget/solecheck.js")).send().await.unwrap();
    assert_eq!(widget.status(), 200);
    let hsts = widget.headers().get("strict-transport-security").map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(hsts.as_deref(), Some("max-age=31536000"), "the proxy said https, and it is believed");
    let check = visitor.post(format!("{base}/v1/assessments")).json(&example_answers()).send().await.unwrap();
    assert_eq!(check.status(), 201);
    expect_problem(visitor.get(format!("{base}/metrics")).send().await.unwrap(), 404, "not_found").await;

    // The front desk's action is audited with the desk's own address.
    let admin = server.staff_token("admin").await;
    let unknown = solecheck_shared::code::DiscountCode::from_bits(9).display_form();
    let desk = client_trusting(&certificate.pem, Some("127.0.0.3".parse().unwrap()));
    let redeem =
        desk.post(format!("{base}/v1/codes/{unknown}/redeem")).bearer_auth(&admin).send().await.unwrap();
    expect_problem(redeem, 404, "unknown_code").await;
    let log: Value = server.get_with("/v1/audit", &admin).await.json().await.unwrap();
    assert_eq!(log["items"][0]["client_address"], "127.0.0.3");

    // Plain HTTP is sent to HTTPS.
    let plain = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let moved = plain.get(format!("http://127.0.0.1:{http}/staff")).send().await.unwrap();
    assert_eq!(moved.status(), 301);
    let location = moved.headers()["location"].to_str().unwrap();
    assert!(location.starts_with("https://") && location.ends_with("/staff"), "{location}");
}

crate::on_both_backends!(the_example_nginx_site_serves_over_https);
