//! Runs the real `solecheck-api` binary.

use std::{
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::Duration,
};

use crate::database::{Backend, TestDb};

/// The built binary: `SOLECHECK_API_BIN`, or `solecheck-api` beside this test's
/// `deps/` folder (the test command builds it first).
pub fn binary() -> PathBuf {
    if let Ok(path) = std::env::var("SOLECHECK_API_BIN") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().expect("current exe");
    // Tests live in target/PROFILE/deps/, binaries like bench-api in target/PROFILE/.
    let candidates: Vec<PathBuf> = exe.ancestors().skip(1).take(2).map(|d| d.join("solecheck-api")).collect();
    candidates.iter().find(|p| p.exists()).cloned().unwrap_or_else(|| {
        panic!(
            "solecheck-api is missing next to {}: run `cargo build -p solecheck-api` first (the README's test command does)",
            exe.display()
        )
    })
}

/// How a server process is started, beyond what every test server gets.
#[derive(Default)]
struct Launch<'a> {
    args: &'a [&'a str],
    /// Lines printed after the address line to read and return.
    extra: usize,
    /// Environment set after the defaults (so it can override them).
    env: Vec<(String, String)>,
    /// Standard error of the server; this test's own when `None`.
    stderr: Option<std::fs::File>,
    /// Another copy of the binary to run, in this folder, serving the web
    /// files built into it (no `SOLECHECK_WIDGET_DIR`).
    copy: Option<(PathBuf, PathBuf)>,
}

/// The key file a test server on `url` seals with: beside a SQLite
/// database (the server's default), or one per PostgreSQL test database.
pub fn key_file_for(url: &str) -> PathBuf {
    match url.strip_prefix("sqlite://") {
        Some(path) => Path::new(path).parent().unwrap_or_else(|| Path::new(".")).join("solecheck.key"),
        None => {
            let name = url.rsplit('/').next().unwrap_or("db");
            std::env::temp_dir().join("solecheck-test-keys").join(format!("{name}.key"))
        }
    }
}

/// Starts `solecheck-api serve` on `url` and reads its address.
fn spawn(url: &str, args: &[&str]) -> (Child, String) {
    let (child, base, _) = spawn_reading(url, Launch { args, ..Launch::default() });
    (child, base)
}

/// Like `spawn`, also returning the `extra` lines printed after the first.
fn spawn_reading(url: &str, launch: Launch<'_>) -> (Child, String, Vec<String>) {
    let stderr = launch.stderr.map_or_else(Stdio::inherit, Stdio::from);
    let mut command = match &launch.copy {
        Some((program, cwd)) => {
            let mut command = Command::new(program);
            command.current_dir(cwd).env_remove("SOLECHECK_WIDGET_DIR");
            command
        }
        None => {
            let mut command = Command::new(binary());
            command.env("SOLECHECK_WIDGET_DIR", crate::workspace_root().join("widget/dist"));
            command
        }
    };
    if url.starts_with("postgres") {
        // Its key file would default to ./data/ of the tests' folder: each test
        // database gets one of its own, in the temp folder.
        let name = url.rsplit('/').next().unwrap_or("db");
        command.env(
            "SOLECHECK_KEY_FILE",
            std::env::temp_dir().join("solecheck-test-keys").join(format!("{name}.key")),
        );
    }
    command
        .arg("serve")
        .args(launch.args)
        .env("DATABASE_URL", url)
        .env("SOLECHECK_BIND", "127.0.0.1:0")
        .env("SOLECHECK_WORKERS", "2")
        .env("SOLECHECK_PUBLIC_RATE_LIMIT", "0")
        .env("RUST_LOG", "warn")
        .envs(launch.env)
        .stdout(Stdio::piped())
        .stderr(stderr);
    let mut child = spawn_retrying(&mut command).expect("start solecheck-api");
    let stdout = child.stdout.take().expect("stdout");
    let mut reader = BufReader::new(stdout);
    let mut line = String::new();
    reader.read_line(&mut line).expect("read first line");
    let mut lines = Vec::new();
    for _ in 0..launch.extra {
        let mut more = String::new();
        reader.read_line(&mut more).expect("read output");
        lines.push(more.trim_end().to_owned());
    }
    // Keep draining, so later output (demo passwords) never meets a closed pipe.
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    let base = line
        .trim()
        .strip_prefix("SoleCheck listening on ")
        .unwrap_or_else(|| panic!("server did not start: {line:?}"))
        .to_owned();
    (child, base, lines)
}

/// libfaketime's preload library: `SOLECHECK_FAKETIME_LIB`, or where Debian's
/// `faketime` package puts it (`.ci/setup.sh --test` installs it).
pub fn faketime_library() -> PathBuf {
    if let Ok(path) = std::env::var("SOLECHECK_FAKETIME_LIB") {
        return PathBuf::from(path);
    }
    let mut candidates = vec![PathBuf::from("/usr/lib/faketime/libfaketime.so.1")];
    if let Ok(dirs) = std::fs::read_dir("/usr/lib") {
        candidates.extend(dirs.flatten().map(|d| d.path().join("faketime/libfaketime.so.1")));
    }
    candidates.into_iter().find(|p| p.exists()).unwrap_or_else(|| {
        panic!("libfaketime is missing: install Debian's faketime package (.ci/setup.sh --test does)")
    })
}

/// Environment that stops the server's wall clock at `at` (UTC, `YYYY-MM-DD
/// hh:mm:ss`) with libfaketime. Its monotonic clock runs on, so tokio's timers
/// and the connection pools work; the binary itself has no clock override.
pub fn frozen_clock(at: &str) -> Vec<(String, String)> {
    [
        ("LD_PRELOAD", faketime_library().to_string_lossy().into_owned()),
        // An absolute time without `@`: the clock stands still there.
        ("FAKETIME", at.to_owned()),
        ("FAKETIME_DONT_FAKE_MONOTONIC", "1".to_owned()),
        // libfaketime reads FAKETIME in the process's local time zone.
        ("TZ", "UTC".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// A frozen clock at `at` when given, then `env`.
fn logging_env(at: Option<&str>, env: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut all = at.map(frozen_clock).unwrap_or_default();
    all.extend(env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
    all
}

/// A second server process (no database of its own).
pub struct Process {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A running server, killed when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    db: Option<TestDb>,
    /// Checks every answer against `/openapi.json` (see [`crate::contract`]).
    pub http: reqwest_middleware::ClientWithMiddleware,
}

impl Server {
    /// Starts a server on a fresh database; `None` when the backend is not
    /// available here and not required (see [`crate::database::postgres_required`]).
    pub fn start(backend: Backend) -> Option<Self> {
        Self::start_with(backend, &[])
    }

    /// Like [`Server::start`] with extra arguments after `serve`.
    pub fn start_with(backend: Backend, args: &[&str]) -> Option<Self> {
        let db = TestDb::create(backend)?;
        Some(Self::start_on(db, args))
    }

    /// Starts a server on an existing test database.
    pub fn start_on(db: TestDb, args: &[&str]) -> Self {
        Self::start_on_with(db, Launch { args, ..Launch::default() })
    }

    /// Starts `serve --demo` and returns the printed demo accounts as
    /// (email, password) pairs.
    pub fn start_demo(backend: Backend) -> Option<(Self, Vec<(String, String)>)> {
        Self::start_demo_with(backend, &[])
    }

    /// Like [`Server::start_demo`] with extra arguments after `serve --demo`.
    pub fn start_demo_with(backend: Backend, args: &[&str]) -> Option<(Self, Vec<(String, String)>)> {
        let db = TestDb::create(backend)?;
        let args: Vec<&str> = std::iter::once("--demo").chain(args.iter().copied()).collect();
        let (child, base, lines) =
            spawn_reading(&db.url(), Launch { args: &args, extra: 4, ..Launch::default() });
        let accounts = lines
            .iter()
            .filter_map(|l| {
                let words: Vec<&str> = l.split_whitespace().collect();
                match words.as_slice() {
                    [_, email, "password:", password] => Some(((*email).to_owned(), (*password).to_owned())),
                    _ => None,
                }
            })
            .collect();
        let http = crate::contract::client();
        Some((Self { child, base, db: Some(db), http }, accounts))
    }

    /// Starts a server on a fresh database with its wall clock stopped at `at`
    /// (UTC, `YYYY-MM-DD hh:mm:ss`), through libfaketime.
    pub fn start_at(backend: Backend, at: &str) -> Option<Self> {
        let db = TestDb::create(backend)?;
        Some(Self::start_on_with(db, Launch { env: frozen_clock(at), ..Launch::default() }))
    }

    /// Stops this server and starts another on the same database with its
    /// clock stopped at `at` (see [`Server::start_at`]).
    pub fn restart_at(self, at: &str) -> Self {
        let db = self.stop();
        Self::start_on_with(db, Launch { env: frozen_clock(at), ..Launch::default() })
    }

    /// Stops this server and starts another on the same database with extra
    /// environment (a setting changed across a restart).
    pub fn restart_with(self, env: &[(&str, &str)]) -> Self {
        let db = self.stop();
        Self::start_on_env(db, env)
    }

    /// Stops this server and starts another on the same database with its
    /// clock stopped at `at` when given (see [`Server::start_at`]), extra
    /// environment, and its standard error written to `stderr` (to read its logs).
    pub fn restart_logging(self, at: Option<&str>, env: &[(&str, &str)], stderr: std::fs::File) -> Self {
        let db = self.stop();
        Self::start_on_with(
            db,
            Launch { env: logging_env(at, env), stderr: Some(stderr), ..Launch::default() },
        )
    }

    /// Starts a server on a fresh database with extra environment and its
    /// standard error written to `stderr` (to read its logs).
    pub fn start_logging(backend: Backend, env: &[(&str, &str)], stderr: std::fs::File) -> Option<Self> {
        let db = TestDb::create(backend)?;
        let env = env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        Some(Self::start_on_with(db, Launch { env, stderr: Some(stderr), ..Launch::default() }))
    }

    /// Starts `program` (a copy of the binary) in the folder `cwd` on an
    /// existing test database, serving the web files built into it.
    pub fn start_copy(db: TestDb, program: &std::path::Path, cwd: &std::path::Path) -> Self {
        let copy = Some((program.to_owned(), cwd.to_owned()));
        Self::start_on_with(db, Launch { copy, ..Launch::default() })
    }

    /// Starts a server on an existing test database with extra environment
    /// (set after the defaults, so `DATABASE_URL` can name the database another way).
    pub fn start_on_env(db: TestDb, env: &[(&str, &str)]) -> Self {
        let env = env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        Self::start_on_with(db, Launch { env, ..Launch::default() })
    }

    fn start_on_with(db: TestDb, launch: Launch<'_>) -> Self {
        let (child, base, _) = spawn_reading(&db.url(), launch);
        let http = crate::contract::client();
        Self { child, base, db: Some(db), http }
    }

    /// Another API process on the same database (killed when dropped).
    pub fn second_process(&self) -> Process {
        let (child, base) = spawn(&self.db().url(), &[]);
        Process { child, base }
    }

    /// Like [`Server::second_process`], with its clock stopped at `at` when
    /// given, extra environment and its standard error written to `stderr`.
    pub fn second_process_logging(
        &self,
        at: Option<&str>,
        env: &[(&str, &str)],
        stderr: std::fs::File,
    ) -> Process {
        let launch = Launch { env: logging_env(at, env), stderr: Some(stderr), ..Launch::default() };
        let (child, base, _) = spawn_reading(&self.db().url(), launch);
        Process { child, base }
    }

    /// The server's process id (to send it signals).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the process to end by itself; its exit status.
    pub fn wait_exit(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let deadline = std::time::Instant::now() + within;
        while std::time::Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// An absolute URL on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Adds a staff account through the CLI (`solecheck-api staff add`) and
    /// returns its password.
    pub fn add_staff(&self, email: &str, role: &str) -> String {
        let password = format!("pw-{}", uuid::Uuid::new_v4().simple());
        let status = Command::new(binary())
            .args(["staff", "add", "--email", email, "--role", role])
            .env("DATABASE_URL", self.db().url())
            .env("SOLECHECK_PASSWORD", &password)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .status()
            .expect("run staff add");
        assert!(status.success(), "staff add failed");
        password
    }

    /// Signs in and returns the token pair as JSON.
    pub async fn login(&self, email: &str, password: &str) -> serde_json::Value {
        let resp = self
            .http
            .post(self.url("/v1/auth/login"))
            .json(&serde_json::json!({"email": email, "password": password}))
            .send()
            .await
            .expect("login");
        assert_eq!(resp.status(), 200, "login of {email}");
        resp.json().await.expect("token pair")
    }

    /// Signs in; the access token.
    pub async fn access_token(&self, email: &str, password: &str) -> String {
        let tokens = self.login(email, password).await;
        tokens["access_token"].as_str().expect("access token").to_owned()
    }

    /// A new account of `role`, signed in: its access token.
    pub async fn staff_token(&self, role: &str) -> String {
        let email = format!("{role}-{}@clinic.test", uuid::Uuid::new_v4().simple());
        let password = self.add_staff(&email, role);
        self.access_token(&email, &password).await
    }

    /// GET a path with a bearer token.
    pub async fn get_with(&self, path: &str, token: &str) -> reqwest::Response {
        self.http.get(self.url(path)).bearer_auth(token).send().await.expect("GET")
    }

    /// POST JSON.
    pub async fn post(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.http.post(self.url(path)).json(body).send().await.expect("POST")
    }

    /// GET a path.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.expect("GET")
    }

    /// A token signing key as the server uses it, opened here from its sealed
    /// row with the key file (ChaCha20-Poly1305, bound to the `kid`), as an
    /// independent reading of the stored format.
    pub fn signing_key(&self, kid: &str) -> Vec<u8> {
        use base64::{Engine, engine::general_purpose::STANDARD};
        use chacha20poly1305::{
            ChaCha20Poly1305, Key, KeyInit, Nonce,
            aead::{Aead, Payload},
        };
        let sealed =
            self.db().texts(&format!("SELECT secret AS value FROM signing_keys WHERE kid = '{kid}'"));
        let stored = STANDARD.decode(sealed[0].strip_prefix("v1.").expect("a sealed key")).expect("base64");
        let file = std::fs::read_to_string(key_file_for(&self.db().url())).expect("the key file");
        let key = <[u8; 32]>::try_from(STANDARD.decode(file.trim()).expect("base64 key")).expect("32 bytes");
        let (nonce, ciphertext) = stored.split_at(12);
        let nonce = Nonce::from(<[u8; 12]>::try_from(nonce).expect("a 12-byte nonce"));
        let aad = format!("signing-key:{kid}");
        ChaCha20Poly1305::new(&Key::from(key))
            .decrypt(&nonce, Payload { msg: ciphertext, aad: aad.as_bytes() })
            .expect("the key opens with the key file")
    }

    /// The server's database.
    pub fn db(&self) -> &TestDb {
        self.db.as_ref().expect("database present until stop")
    }

    /// Stops the server (like `kill -9`) and gives back its database, to
    /// restart a server on it.
    pub fn stop(mut self) -> TestDb {
        self.kill();
        self.db.take().expect("database present until stop")
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Spawns `command`, again while its program is busy: a binary a test just
/// copied can be held open for writing for a moment by a child another test
/// thread is forking (the descriptor lives until that child's exec closes
/// it), and exec then fails with ETXTBSY.
fn spawn_retrying(command: &mut Command) -> std::io::Result<std::process::Child> {
    let mut tries = 0;
    loop {
        match command.spawn() {
            Err(error) if error.kind() == std::io::ErrorKind::ExecutableFileBusy && tries < 100 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(20));
            }
            other => return other,
        }
    }
}
