//! Reference server of the application-keys API: console sessions, application keys, and the OAuth 2.0
//! client-credentials exchange that proves a key works. See `api/openapi.yaml` for the contract.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

mod access_token;
mod auth;
mod caller;
mod client_address;
mod clock;
mod config;
mod envelope;
mod error;
mod extract;
mod housekeeping;
mod limits;
mod no_store;
mod replay;
mod request_id;
mod routes;
mod scanning_keys;
mod scope_catalogue;
mod secret_format;
mod secrets;
mod state;
mod static_files;
mod store;
mod time;
mod usage_meter;
mod webhooks;

pub use config::Config;
pub use routes::operations;

/// Every activity event type as the contract names it (`store::events::EventType`), for the test
/// that holds api/openapi.yaml's `EventType` to the same list.
pub fn event_types() -> Vec<&'static str> {
    store::events::EventType::ALL
        .iter()
        .map(|kind| kind.name())
        .collect()
}

use clock::Clock;
use error::{ApiError, BODY_LIMIT};
use request_id::X_REQUEST_ID;
use state::AppState;
use store::Db;

/// Password hashes verified at once (each Argon2 hash takes ~19 MiB and tens of milliseconds).
const HASHES_AT_ONCE: usize = 4;
/// Usernames of the `--demo` accounts.
pub const DEMO_USERS: [&str; 2] = ["alice", "bob"];

/// A server ready to run: database open and migrated, demo accounts seeded, router built.
pub struct App {
    router: Router,
    /// What runs beside the requests.
    housekeeping: housekeeping::Housekeeping,
    /// Sends the webhooks' outbox, where endpoints are configured.
    webhooks: Option<webhooks::sender::Sender>,
    /// The demo accounts' password when `--demo` generated one (to print once at start).
    pub generated_demo_password: Option<String>,
}

impl App {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let db = Db::open(&config.db).await?;
        let clock = Clock::new(config.test_clock);
        if config.test_clock {
            tracing::warn!(
                "--test-clock is on: POST {}/test/clock moves this server's time forward, for anyone; for tests only",
                config.api_base
            );
        }
        let mut generated_demo_password = None;
        if config.demo {
            let password = match &config.demo_password {
                Some(password) => password.clone(),
                None => generated_demo_password
                    .insert(secrets::random_alphanumeric(16))
                    .clone(),
            };
            seed_demo_accounts(&db, &password, config.light_password_hash, &clock).await?;
        }
        let scopes = match &config.scopes {
            Some(path) => scope_catalogue::ScopeCatalogue::load(path)?,
            None => scope_catalogue::ScopeCatalogue::default(),
        };
        // Keys from before scopes could do everything: they get every scope there is today.
        db.fill_scopes(scopes.all_sorted()).await?;
        let endpoints = match &config.webhooks {
            Some(path) => webhooks::Endpoints::load(path)?.0,
            None => Vec::new(),
        };
        // Every instance enqueues for these; each endpoint's secret stays in this memory.
        let named = endpoints
            .iter()
            .map(|e| (e.url.to_string(), e.events.clone()));
        db.set_webhook_endpoints(named.collect()).await?;
        let webhooks = (!endpoints.is_empty()).then(|| webhooks::sender::Sender {
            db: db.clone(),
            endpoints,
            retries: config
                .webhook_retries
                .iter()
                .map(|s| Duration::from_secs(*s))
                .collect(),
            timeout: Duration::from_secs(config.webhook_timeout),
            cap: config.webhook_outbox_cap,
        });
        let limits = Arc::new(limits::Limits::new(&config, db.shared_counters().as_ref()));
        let usage = Arc::new(usage_meter::UsageMeter::default());
        let housekeeping = housekeeping::Housekeeping {
            db: db.clone(),
            usage: usage.clone(),
            clock: clock.clone(),
            purge_every: Duration::from_secs(config.purge_interval),
            scan_every: Duration::from_secs(config.scan_interval),
            activity_days: config.activity_days,
            notice_days: config.expiry_notice_days.clone(),
            limits: limits.clone(),
        };
        let state = AppState {
            db,
            clock,
            limits: limits.clone(),
            usage,
            hashing: Arc::new(tokio::sync::Semaphore::new(HASHES_AT_ONCE)),
            scanning_keys: match &config.scanning_keys {
                Some(path) => Some(Arc::new(scanning_keys::ScanningKeys::load(path)?)),
                None => None,
            },
            scopes: Arc::new(scopes),
            config: Arc::new(config),
        };
        Ok(Self {
            router: router(state)?,
            housekeeping,
            webhooks,
            generated_demo_password,
        })
    }
}

/// Creates `alice` and `bob`, or resets their password, keeping their account ids (and so their keys).
async fn seed_demo_accounts(
    db: &Db,
    password: &str,
    light: bool,
    clock: &Clock,
) -> anyhow::Result<()> {
    for username in DEMO_USERS {
        let hash = secrets::hash_password(password, light);
        db.upsert_account(username.to_string(), hash, clock.now())
            .await?;
    }
    Ok(())
}

fn router(state: AppState) -> anyhow::Result<Router> {
    let config = state.config.clone();
    let api = routes::router(config.test_clock)
        .layer(axum::middleware::map_response(envelope_plain_errors))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state);
    let mut app = Router::new().nest(&config.api_base, api);
    app = match &config.static_dir {
        Some(dir) => app.fallback_service(static_files::router(dir, &config.connect_src)?),
        None => app.fallback(routes::not_found),
    };

    // Outermost first: the request id exists before the trace span opens, so every log line has it.
    // The span records method, path and request id only: never headers, which carry secrets.
    // Shared, not copied: the layer's closure is cloned with the service.
    let trusted = Arc::new(config.trusted_proxies.clone().unwrap_or_default());
    let layers = ServiceBuilder::new()
        .layer(axum::middleware::map_request(move |request: Request| {
            std::future::ready(client_address::resolve(&trusted, request))
        }))
        .layer(axum::middleware::map_request(request_id::drop_unfit))
        .layer(SetRequestIdLayer::new(X_REQUEST_ID, MakeRequestUuid))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    let request_id = req.headers().get(X_REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id)
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::new(X_REQUEST_ID))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        // API answers are data, never a document to render: forbid everything (the app's pages override).
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        ))
        .option_layer(cors_layer(&config.cors_origins)?);
    Ok(app.layer(layers))
}

/// CORS for the given origins, if any: credentials allowed, so each origin is listed.
fn cors_layer(origins: &[String]) -> anyhow::Result<Option<CorsLayer>> {
    if origins.is_empty() {
        return Ok(None);
    }
    let origins = origins
        .iter()
        .map(|o| HeaderValue::from_str(o.trim_end_matches('/')))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_credentials(true)
            .allow_methods([Method::GET, Method::POST, Method::PATCH, Method::DELETE])
            .allow_headers([
                header::CONTENT_TYPE,
                header::AUTHORIZATION,
                HeaderName::from_static("x-requested-with"),
                X_REQUEST_ID,
            ])
            .expose_headers([X_REQUEST_ID])
            .max_age(Duration::from_secs(600)),
    ))
}

/// Safety net: any error that some layer answered in plain text becomes the envelope, keeping its
/// status and headers (e.g. `Allow`), so API clients only ever parse one error shape.
async fn envelope_plain_errors(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let error = match status.as_u16() {
        413 => ApiError::body_too_large(),
        _ => ApiError::new(
            status,
            format!(
                "The request failed: {}.",
                status.canonical_reason().unwrap_or("error")
            ),
        ),
    };
    let (mut parts, _) = response.into_parts();
    let mut enveloped = error.into_response();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_TYPE);
    enveloped.headers_mut().extend(parts.headers);
    enveloped
}

/// Serves `app` on `listener` until `shutdown` completes, then lets in-flight requests finish.
pub async fn serve(
    app: App,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let (db, usage) = (app.housekeeping.db.clone(), app.housekeeping.usage.clone());
    let housekeeping = tokio::spawn(housekeeping::run(app.housekeeping));
    let webhooks = app
        .webhooks
        .map(|sender| tokio::spawn(webhooks::sender::run(sender)));
    // The source address, for the limits of failed sign-ins and token exchanges.
    let service = app
        .router
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    let served = axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await;
    housekeeping.abort();
    if let Some(webhooks) = webhooks {
        webhooks.abort();
    }
    // The exchanges counted since the last write.
    if let Err(err) = usage.flush(&db).await {
        tracing::warn!(error = %err, "writing the last usage counts failed");
    }
    served
}
