//! Builds the app from typed settings and binds a listener, so tests can bind
//! port 0 and read the port back from the first line printed.

use std::{io::Write, net::TcpListener};

use actix_web::{
    App, HttpServer,
    middleware::{Compress, DefaultHeaders, ErrorHandlers},
    web,
};
use bytes_cache::Questionnaires;
use tracing_actix_web::TracingLogger;

use crate::{
    cli::ServeArgs,
    db::{Db, DbError, Target},
    error,
    limits::PublicLimiter,
    middleware, routes,
    services::{
        batch::Writer,
        demo,
        retention::{self, Retention},
        tokens::KeyRing,
    },
    settings::Settings,
    telemetry,
};

/// How long an idle kept-alive connection stays open (nginx's default too).
pub const KEEP_ALIVE: std::time::Duration = std::time::Duration::from_secs(75);

/// Largest request body accepted anywhere.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("could not listen: {0}")]
    Io(#[from] std::io::Error),
    #[error("could not start the database writer: {0}")]
    Writer(#[source] std::io::Error),
    #[error("could not render the questionnaire: {0}")]
    Render(#[from] serde_json::Error),
    #[error("could not seal the kept replies of an earlier version: {0}")]
    Seal(#[source] crate::error::ApiError),
    #[error("could not prepare demo mode: {0}")]
    Demo(#[from] crate::error::ApiError),
    #[error(transparent)]
    Tls(#[from] crate::tls::TlsError),
    #[error("SOLECHECK_KEY_FILE: {0}")]
    Vault(#[from] crate::vault::VaultError),
    #[error(transparent)]
    Keys(#[from] crate::services::tokens::KeyRingError),
    #[error(transparent)]
    WebFiles(#[from] crate::web_files::WebFilesError),
    #[error(transparent)]
    Metrics(#[from] crate::prometheus::MetricsError),
    #[error(
        "SOLECHECK_METRICS_BIND must not be the public address {0}: the metrics stay off the public port"
    )]
    MetricsOnPublicPort(std::net::SocketAddr),
}

/// Shared, read-mostly state of every worker.
pub struct AppState {
    pub db: Db,
    /// Group commit of the hot writes.
    pub writer: Writer,
    /// `/openapi.json`, rendered and compressed once.
    pub openapi: routes::packed::Packed,
    pub limiter: PublicLimiter,
    pub keys: KeyRing,
    /// Seals secrets the database keeps (`SOLECHECK_KEY_FILE`).
    pub vault: crate::vault::Vault,
    pub settings: Settings,
    pub questionnaires: Questionnaires,
    pub pages: routes::site::Pages,
    /// The built widget and console.
    pub web_files: crate::web_files::WebFiles,
}

impl AppState {
    /// What staff sign-ins sign their access tokens with.
    pub const fn issuer(&self) -> crate::services::auth::Issuer<'_> {
        crate::services::auth::Issuer {
            keys: &self.keys,
            lifetime_seconds: self.settings.access_token_seconds,
        }
    }

    /// What seals two-step seeds, and the clinic's name for authenticator apps.
    pub fn two_step_keys(&self) -> crate::services::two_step::TwoStepKeys<'_> {
        crate::services::two_step::TwoStepKeys { vault: &self.vault, issuer: &self.settings.clinic.name }
    }
}

mod bytes_cache {
    use solecheck_shared::{answers::Locale, content::questionnaire};

    use crate::routes::packed::Packed;

    /// The questionnaire document of each language, serialised and
    /// compressed once, with its ETag so apps can cache it.
    pub struct Questionnaires {
        en: Packed,
        es: Packed,
    }

    fn rendered(locale: Locale) -> Result<Packed, super::StartError> {
        Ok(Packed::new(serde_json::to_vec(&questionnaire(locale))?)?)
    }

    impl Questionnaires {
        pub fn render() -> Result<Self, super::StartError> {
            Ok(Self { en: rendered(Locale::En)?, es: rendered(Locale::Es)? })
        }

        /// The document in every coding, and its ETag.
        pub const fn get(&self, locale: Locale) -> &Packed {
            match locale {
                Locale::En => &self.en,
                Locale::Es => &self.es,
            }
        }
    }
}

/// The scope serving one built app's files, those under `prefix` in
/// `widget/dist` (see `routes::assets`).
fn built_files(
    scope: &str,
    prefix: &'static str,
) -> actix_web::Scope<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    web::scope(scope).wrap(actix_web::middleware::from_fn(routes::assets::cache_headers)).route(
        "/{file}",
        routes::via::get().to(move |req: actix_web::HttpRequest, state: web::Data<AppState>| async move {
            routes::assets::built_file(req, state, prefix).await
        }),
    )
}

/// How often the retention sweep forgets what has outlived its use.
const SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(10 * 60);
/// How often it also erases the checks past the retention limit.
const ERASE_EVERY: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// Runs the retention sweep at start and every [`SWEEP_EVERY`], erasing old
/// checks at start and every [`ERASE_EVERY`] (`services::retention`).
async fn sweep_retention(db: Db, retention: Retention) {
    let mut every = actix_web::rt::time::interval(SWEEP_EVERY);
    let mut erased_at: Option<std::time::Instant> = None;
    loop {
        every.tick().await;
        let erase = erased_at.is_none_or(|at| at.elapsed() >= ERASE_EVERY);
        match retention::sweep(&db, retention, erase, chrono::Utc::now()).await {
            Ok(swept) => {
                if erase && !swept.busy {
                    erased_at = Some(std::time::Instant::now());
                }
                let did = swept.checks_erased
                    + swept.replies_forgotten
                    + swept.refresh_tokens
                    + swept.login_failures;
                if !erase && did == 0 {
                    continue;
                }
                tracing::info!(
                    erase_checks = erase,
                    checks_erased = swept.checks_erased,
                    replies_forgotten = swept.replies_forgotten,
                    refresh_tokens = swept.refresh_tokens,
                    login_failures = swept.login_failures,
                    left_to_another_process = swept.busy,
                    "retention sweep finished"
                );
            }
            Err(error) => tracing::warn!(%error, "retention sweep failed; it runs again later"),
        }
    }
}

/// Whether a listener on `metrics` would share the public port `public`.
fn same_port(metrics: std::net::SocketAddr, public: std::net::SocketAddr) -> bool {
    let overlaps =
        metrics.ip() == public.ip() || metrics.ip().is_unspecified() || public.ip().is_unspecified();
    metrics.port() == public.port() && overlaps
}

/// The public listener and, when asked for, the metrics one with its recorder.
struct Listeners {
    public: TcpListener,
    addr: std::net::SocketAddr,
    metrics: Option<(TcpListener, metrics_exporter_prometheus::PrometheusHandle)>,
}

impl Listeners {
    fn bind(args: &ServeArgs) -> Result<Self, StartError> {
        let public = TcpListener::bind(args.bind)?;
        let addr = public.local_addr()?;
        let metrics = match args.metrics_bind {
            Some(bind) if same_port(bind, addr) => return Err(StartError::MetricsOnPublicPort(addr)),
            Some(bind) => Some((TcpListener::bind(bind)?, crate::prometheus::install()?)),
            None => None,
        };
        Ok(Self { public, addr, metrics })
    }
}

/// Connects, migrates and brings the figures' counts up to date.
fn open_database(args: &ServeArgs) -> Result<Db, StartError> {
    let target = Target::parse(&args.database.database_url);
    let db = Db::connect(&target, args.database.db_pool_size)?;
    let applied = db.migrate()?;
    let sealed =
        crate::services::idempotency_key::seal_unsealed(&mut *db.get()?).map_err(StartError::Seal)?;
    if sealed > 0 {
        tracing::info!(sealed, "kept Idempotency-Key replies of an earlier version sealed");
    }
    if crate::services::stats::recount_if_needed(&mut *db.get()?, args.timezone)? {
        tracing::info!(zone = args.timezone.name(), "checks counted for the figures");
    }
    tracing::info!(database = %target.describe(), applied = applied.len(), "database ready");
    Ok(db)
}

/// Prints the first lines, which tests and scripts read, and logs the rest.
fn announce(
    listeners: &Listeners,
    state: &AppState,
    demo: Option<demo::DemoAccess>,
) -> Result<(), StartError> {
    let mut out = std::io::stdout().lock();
    let addr = listeners.addr;
    let scheme = if state.settings.serves_https { "https" } else { "http" };
    writeln!(out, "SoleCheck listening on {scheme}://{addr}")?;
    if let Some(demo) = demo {
        writeln!(
            out,
            "DEMO MODE: a demo campaign runs today. Staff console: {scheme}://{addr}/staff (API reference: {scheme}://{addr}/docs)"
        )?;
        for (email, role, password) in demo.accounts {
            writeln!(out, "  {role:<5}  {email}  password: {password}")?;
        }
        writeln!(out, "These passwords are shown once; restart with --demo for new ones.")?;
    }
    out.flush()?;
    tracing::info!(%addr, clinic = %state.settings.clinic.name, "listening");
    if let Some((listener, _)) = &listeners.metrics {
        tracing::info!(addr = %listener.local_addr()?, "metrics listening on /metrics");
    }
    tracing::info!(source = %state.web_files.source, "widget and console files");
    Ok(())
}

/// Migrates, binds and serves until SIGTERM/Ctrl-C, finishing in-flight requests.
pub fn serve(args: ServeArgs) -> Result<(), StartError> {
    let tls = crate::tls::server_config(args.tls_cert.as_deref(), args.tls_key.as_deref())?;
    let web_files = crate::web_files::WebFiles::load(args.widget_dir.as_deref())?;
    let key_file =
        args.key_file.clone().unwrap_or_else(|| crate::vault::default_path(&args.database.database_url));
    let vault = crate::vault::Vault::open_or_create(&key_file)?;
    let db = open_database(&args)?;
    let listeners = Listeners::bind(&args)?;
    let keys = KeyRing::load(&mut *db.get()?, vault.clone())?;
    let demo = if args.demo {
        Some(demo::prepare(&mut *db.get()?, args.timezone, chrono::Utc::now())?)
    } else {
        None
    };
    // The runtime exists before the state, so PostgreSQL's lane tasks live on it.
    let system = actix_web::rt::System::new();
    let writer = system.block_on(async { Writer::start(&db) }).map_err(StartError::Writer)?;
    let settings = Settings { serves_https: tls.is_some(), ..Settings::from(&args) };
    let state = web::Data::new(AppState {
        pages: routes::site::Pages::render(&settings.clinic),
        writer,
        openapi: routes::packed::Packed::new(crate::openapi::render()?.into_bytes())?,
        limiter: PublicLimiter::new(args.public_rate_limit),
        keys,
        vault,
        db,
        settings,
        questionnaires: Questionnaires::render()?,
        web_files,
    });
    announce(&listeners, &state, demo)?;
    system.block_on(run(&args, state, listeners, tls))?;
    Ok(())
}

/// Tidies the rate limiter every minute, runs the retention sweep and
/// checkpoints SQLite's log.
fn spawn_housekeeping(state: &web::Data<AppState>) {
    let tidy = state.clone();
    actix_web::rt::spawn(async move {
        let mut every = actix_web::rt::time::interval(std::time::Duration::from_secs(60));
        loop {
            every.tick().await;
            tidy.limiter.tidy();
        }
    });
    actix_web::rt::spawn(sweep_retention(state.db.clone(), state.settings.retention));
    actix_web::rt::spawn(state.db.clone().checkpoint_after_writes());
}

/// One worker's app: every route behind the same middleware.
fn app(
    state: web::Data<AppState>,
    cors: actix_cors::Cors,
    tracked: bool,
) -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    // The built files: hashed names cached a year, the rest revalidated.
    let widget = built_files("/widget", "");
    let console = built_files("/staff/assets", "console/");
    let reference = built_files("/docs/assets", "docs/");
    App::new()
        .app_data(state)
        .app_data(web::QueryConfig::default().error_handler(error::query_error))
        .app_data(web::PayloadConfig::default().limit(MAX_BODY_BYTES))
        .wrap(ErrorHandlers::new().default_handler(error::problem_for_framework_errors))
        .wrap(actix_web::middleware::from_fn(middleware::plain_when_short))
        .wrap(Compress::default())
        .wrap(
            DefaultHeaders::new()
                .add(("X-Content-Type-Options", "nosniff"))
                .add(("Referrer-Policy", "no-referrer"))
                .add(("Cross-Origin-Resource-Policy", "cross-origin")),
        )
        .wrap(actix_web::middleware::from_fn(middleware::strict_transport))
        .wrap(cors)
        .wrap(actix_web::middleware::from_fn(middleware::request_id))
        .wrap(TracingLogger::<telemetry::RequestSpans>::new())
        .wrap(actix_web::middleware::Condition::new(
            tracked,
            actix_web::middleware::from_fn(crate::prometheus::track),
        ))
        .configure(routes::configure)
        .service(widget)
        .service(console)
        .service(reference)
        .default_service(web::to(error::not_found))
}

/// Serves the public app (and the metrics, when on) until a signal stops it.
async fn run(
    args: &ServeArgs,
    state: web::Data<AppState>,
    listeners: Listeners,
    tls: Option<rustls::ServerConfig>,
) -> Result<(), StartError> {
    let metrics = match listeners.metrics {
        Some((listener, handle)) => Some(crate::prometheus::server(listener, handle, state.clone())?),
        None => None,
    };
    spawn_housekeeping(&state);
    let origins = args.allowed_origins.clone();
    let tracked = metrics.is_some();
    let mut server = HttpServer::new(move || app(state.clone(), middleware::cors(&origins), tracked))
        .on_connect(middleware::no_delay)
        // A request sent on an idle connection just as the server closes it
        // fails (hyper's IncompleteMessage); a POST cannot safely be retried.
        // Keeping idle connections as long as nginx does (actix's default is
        // 5 s) lets clients drop them first: ours (tests/contract.rs) after 20 s.
        .keep_alive(KEEP_ALIVE)
        .shutdown_timeout(30)
        // Blocking work is database calls (bounded by the pool) and password
        // hashing; more threads than that only cost memory.
        .worker_max_blocking_threads(usize::try_from(args.database.db_pool_size).unwrap_or(8) + 4);
    if let Some(workers) = args.workers {
        server = server.workers(workers);
    }
    server = match tls {
        Some(config) => server.listen_rustls_0_23(listeners.public, config)?,
        None => server.listen(listeners.public)?,
    };
    let Some(metrics) = metrics else { return Ok(server.run().await?) };
    // The public server owns the signals; the metrics end with it.
    let stop_metrics = metrics.handle();
    actix_web::rt::spawn(metrics);
    let served = server.run().await;
    stop_metrics.stop(true).await;
    Ok(served?)
}
