//! Command-line and environment configuration. Every flag can also come from an `APPKEYS_…` variable
//! so the server runs the same way under a process manager, a container or a test.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

use crate::store::Location;

#[derive(Debug, Clone, Parser)]
#[command(
    name = "appkeys-server",
    version,
    about = "Reference server for the application-keys API"
)]
pub struct Config {
    /// Address to listen on (use port 0 for any free port).
    #[arg(long, env = "APPKEYS_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// The database: a SQLite file (created with its parent directories), or a PostgreSQL URL
    /// (postgres://user@host/db) for several instances on one database; migrated at start.
    #[arg(long, env = "APPKEYS_DB", default_value = "data/appkeys.db", value_parser = Location::parse)]
    pub db: Location,

    /// Directory of the built app (index.html, .js, .wasm) to serve at `/`.
    #[arg(long = "static", env = "APPKEYS_STATIC", value_name = "DIR")]
    pub static_dir: Option<PathBuf>,

    /// Base path of the REST API.
    #[arg(long, env = "APPKEYS_API_BASE", default_value = "/api/1.0", value_parser = parse_api_base)]
    pub api_base: String,

    /// Maximum number of application keys per account.
    #[arg(long, env = "APPKEYS_MAX_KEYS", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_keys: u32,

    /// Longest lifetime of a key, in days (1 to 36500). When set, every key must expire within it;
    /// when not, a key may also never expire.
    #[arg(long, env = "APPKEYS_MAX_EXPIRY_DAYS", value_parser = clap::value_parser!(u32).range(1..=36_500))]
    pub max_expiry_days: Option<u32>,

    /// Mark the session cookie `Secure` (set this when served over HTTPS).
    #[arg(long, env = "APPKEYS_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// Origin allowed to call the API from a browser with credentials (repeatable; comma-separated in the env var).
    #[arg(
        long = "cors-origin",
        env = "APPKEYS_CORS_ORIGIN",
        value_delimiter = ','
    )]
    pub cors_origins: Vec<String>,

    /// Another origin the served app may call (added to the CSP's connect-src; repeatable), for a
    /// host page whose API lives elsewhere.
    #[arg(
        long = "connect-src",
        env = "APPKEYS_CONNECT_SRC",
        value_delimiter = ','
    )]
    pub connect_src: Vec<String>,

    /// Seed the demo accounts `alice` and `bob`.
    #[arg(long, env = "APPKEYS_DEMO")]
    pub demo: bool,

    /// Password of the demo accounts; a random one is generated and printed when absent.
    #[arg(long, env = "APPKEYS_DEMO_PASSWORD", hide_env_values = true)]
    pub demo_password: Option<String>,

    /// What new secrets start with (2 to 8 ASCII letters and digits): `<prefix>_` and 36 base62
    /// characters, the last six a checksum, so that secret scanners recognise them (server/README.md).
    #[arg(long, env = "APPKEYS_SECRET_PREFIX", default_value = "aks", value_parser = crate::secret_format::parse_prefix)]
    pub secret_prefix: String,

    /// The public keys that sign leak reports (POST /secret-scanning/reports), as GitHub publishes
    /// its own: `{ "public_keys": [ { "key_identifier", "key", "is_current" } ] }`. Without it the
    /// endpoint answers 404.
    #[arg(long, env = "APPKEYS_SCANNING_KEYS")]
    pub scanning_keys: Option<std::path::PathBuf>,

    /// Proxies (CIDR ranges or addresses, comma-separated) whose `X-Forwarded-For` (or, without
    /// it, `Forwarded: for=`) says who the caller is. Without it the TCP peer is the caller and
    /// those headers are ignored (server/README.md, "Behind a proxy").
    #[arg(long, env = "APPKEYS_TRUSTED_PROXIES", value_parser = clap::builder::ValueParser::new(|s: &str| s.parse::<crate::client_address::TrustedProxies>()))]
    pub trusted_proxies: Option<crate::client_address::TrustedProxies>,

    /// The scopes keys may be limited to and tokens may ask for, as JSON (server/README.md,
    /// "Scopes"); without it, read and write on clusters, warehouses, users and billing.
    #[arg(long, env = "APPKEYS_SCOPES", value_name = "FILE")]
    pub scopes: Option<PathBuf>,

    /// A resource server that may call `POST /oauth/introspect`, as `NAME:SECRET` (repeatable;
    /// comma-separated in the env var). Without any, introspection is off (404).
    #[arg(
        long = "resource-server",
        env = "APPKEYS_RESOURCE_SERVERS",
        value_delimiter = ',',
        value_parser = parse_resource_server,
        hide_env_values = true
    )]
    pub resource_servers: Vec<ResourceServer>,

    /// Lifetime of an access token issued by `/token`, in seconds.
    #[arg(long, env = "APPKEYS_TOKEN_TTL", default_value_t = 3600, value_parser = clap::value_parser!(u32).range(1..))]
    pub token_ttl: u32,

    /// Lifetime of a console session, in seconds.
    #[arg(long, env = "APPKEYS_SESSION_TTL", default_value_t = 43_200, value_parser = clap::value_parser!(u32).range(1..))]
    pub session_ttl: u32,

    /// How often expired sessions and access tokens are deleted, in seconds.
    #[arg(long, env = "APPKEYS_PURGE_INTERVAL", default_value_t = 3600, value_parser = clap::value_parser!(u64).range(1..))]
    pub purge_interval: u64,

    /// How often keys that have expired, and previous secrets whose grace period has ended, are
    /// written to the activity log, in seconds (with `--test-clock` also right after the clock
    /// moves).
    #[arg(long, env = "APPKEYS_SCAN_INTERVAL", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    pub scan_interval: u64,

    /// The endpoints that are sent the keys' events as signed webhooks, as TOML (server/README.md,
    /// "Webhooks"). Without it, none are sent.
    #[arg(long, env = "APPKEYS_WEBHOOKS", value_name = "FILE")]
    pub webhooks: Option<PathBuf>,

    /// When a key's owner is told it expires (`key.expiring`), in days before its end.
    #[arg(long, env = "APPKEYS_EXPIRY_NOTICE_DAYS", value_delimiter = ',', default_value = "30,7,1", value_parser = clap::value_parser!(u32).range(1..=36_500))]
    pub expiry_notice_days: Vec<u32>,

    /// Seconds a webhook delivery waits before each retry (tests shorten them); after the last,
    /// it is given up on.
    #[arg(
        long,
        env = "APPKEYS_WEBHOOK_RETRIES",
        value_delimiter = ',',
        default_value = "5,300,1800,7200,18000,36000,36000",
        hide = true
    )]
    pub webhook_retries: Vec<u64>,

    /// Deliveries waiting for one endpoint, at most: beyond it, its new events' deliveries are
    /// dropped (with a log line) until it drains, rather than let a dead endpoint grow the database
    /// without end. Tests lower it.
    #[arg(long, env = "APPKEYS_WEBHOOK_OUTBOX_CAP", default_value_t = 100_000, value_parser = clap::value_parser!(i64).range(1..), hide = true)]
    pub webhook_outbox_cap: i64,

    /// Seconds a webhook endpoint has to answer one delivery.
    #[arg(long, env = "APPKEYS_WEBHOOK_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=300))]
    pub webhook_timeout: u64,

    /// Days the activity log and the usage counts are kept; the purge deletes what is older.
    #[arg(long, env = "APPKEYS_ACTIVITY_DAYS", default_value_t = 400, value_parser = clap::value_parser!(u32).range(1..=36_500))]
    pub activity_days: u32,

    /// Token exchanges with the right secret allowed per client_id per minute before `/token`
    /// answers 429. Wrong secrets are counted apart and never use this up.
    #[arg(long, env = "APPKEYS_TOKEN_RATE_PER_MINUTE", default_value_t = 600, value_parser = clap::value_parser!(u32).range(1..))]
    pub token_rate_per_minute: u32,

    /// Wrong secrets allowed per minute, per client_id and per source address, before `/token`
    /// answers them with 429 (the right secret is still accepted).
    #[arg(long, env = "APPKEYS_TOKEN_FAILURES_PER_MINUTE", default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..))]
    pub token_failures_per_minute: u32,

    /// Wrong passwords allowed per user name within `--sign-in-window` (ten times as many per
    /// source address) before sign-in answers 429.
    #[arg(long, env = "APPKEYS_SIGN_IN_FAILURES", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    pub sign_in_failures: u32,

    /// The window of `--sign-in-failures`, in seconds.
    #[arg(long, env = "APPKEYS_SIGN_IN_WINDOW", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..))]
    pub sign_in_window: u64,

    /// Tests only: the server's time is the system time plus an offset that `POST <api-base>/test/clock`
    /// with `{"advance_seconds": N}` moves forward, for anyone who can reach the server.
    #[arg(long, env = "APPKEYS_TEST_CLOCK", hide = true)]
    pub test_clock: bool,

    /// Hash the demo passwords with light Argon2 parameters (tests and demos only; sign-in is then fast).
    #[arg(long, env = "APPKEYS_LIGHT_PASSWORD_HASH", hide = true)]
    pub light_password_hash: bool,
}

/// A resource server's credential for introspection. Its secret is never printed.
#[derive(Clone)]
pub struct ResourceServer {
    pub name: String,
    pub secret: String,
}

impl std::fmt::Debug for ResourceServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ResourceServer({}, ..)", self.name)
    }
}

fn parse_resource_server(s: &str) -> Result<ResourceServer, String> {
    match s.split_once(':') {
        Some((name, secret)) if !name.is_empty() && secret.len() >= 16 => Ok(ResourceServer {
            name: name.to_string(),
            secret: secret.to_string(),
        }),
        _ => Err("must be NAME:SECRET, with a secret of at least 16 characters".into()),
    }
}

fn parse_api_base(s: &str) -> Result<String, String> {
    let trimmed = s.trim_end_matches('/');
    if !trimmed.starts_with('/') || trimmed.len() < 2 {
        return Err("must start with '/' and name a path, e.g. /api/1.0".into());
    }
    Ok(trimmed.to_string())
}

impl Config {
    /// Configuration from explicit arguments (tests), without reading the process's command line.
    pub fn from_args<I, T>(args: I) -> Result<Self, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        Self::try_parse_from(
            std::iter::once("appkeys-server".into()).chain(args.into_iter().map(Into::into)),
        )
    }
}
