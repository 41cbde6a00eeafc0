//! Typed configuration: defaults that run with nothing set, `IMMIVO_*` environment overrides,
//! secrets as `SecretString` (also readable from `IMMIVO_*_FILE`), validated at start-up.

use std::net::SocketAddr;
use std::time::Duration;

use domain::crypto::{FIRST_KEY_ID, Secrets};
use secrecy::{ExposeSecret, SecretString};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{var}: {message}")]
pub struct ConfigError {
    pub var: &'static str,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Clone, Debug)]
pub struct CognitoConfig {
    pub region: String,
    pub user_pool_id: String,
    pub client_id: String,
    /// The Cognito API endpoint; set for an emulator, otherwise AWS's regional one.
    pub endpoint: Option<String>,
    /// The token issuer; defaults to `https://cognito-idp.<region>.amazonaws.com/<pool>`.
    pub issuer: String,
    /// Where the pool's signing keys are published; defaults to `<issuer>/.well-known/jwks.json`.
    pub jwks_url: String,
}

/// Inbound mail through SNS (SES receipt notifications).
#[derive(Clone, Debug)]
pub struct SnsConfig {
    /// Hosts `SigningCertURL` and `SubscribeURL` may name; matched against the whole host.
    pub cert_host: regex::Regex,
    /// Plain-http certificate and subscribe URLs (tests with a local server; never in production).
    pub allow_insecure_cert_url: bool,
    /// Topics whose messages we take; empty: any topic.
    pub topic_arns: Vec<String>,
}

/// Where S3 objects are read (SES receipt rules that store mail in a bucket).
#[derive(Clone, Debug, Default)]
pub struct S3Config {
    /// `None`: the AWS default chain (`AWS_REGION`, profile).
    pub region: Option<String>,
    /// An S3-compatible endpoint or emulator; addressed path-style.
    pub endpoint: Option<String>,
}

/// AWS's SNS endpoints: `sns.<region>.amazonaws.com`, and `.amazonaws.com.cn` in China.
pub const DEFAULT_SNS_CERT_HOST_PATTERN: &str = r"sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?";

/// A host pattern that must match the whole host name, not a part of it.
pub fn whole_host_pattern(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::Regex::new(&format!("^(?:{pattern})$"))
}

/// The in-process job workers (`immivo serve`, `immivo worker`).
#[derive(Clone, Debug, PartialEq)]
pub struct WorkerSettings {
    /// Whether `immivo serve` runs the workers too (`immivo worker` always does).
    pub enabled: bool,
    /// Jobs run at once per queue.
    pub concurrency: usize,
    /// The longest a queue waits before looking for jobs enqueued by other processes.
    pub poll_interval: Duration,
    /// Inbound mail still RECEIVED after this long is processed again by the recovery sweep,
    /// which runs at start and then at this interval.
    pub recovery_after: Duration,
}

/// Where and how the auto-click job may fetch portal contact pages.
#[derive(Clone, Debug, PartialEq)]
pub struct AutoClickSettings {
    /// Host suffixes that may be fetched (`immobilienscout24.de` allows `www.immobilienscout24.de`).
    pub hosts: Vec<String>,
    /// Test-only: private, loopback and link-local addresses that may be connected to anyway
    /// (`true` in the variable allows every one). Refused in production.
    pub allow_private: PrivateAddresses,
    pub https_only: bool,
    pub max_bytes: usize,
    pub timeout: Duration,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrivateAddresses {
    Refused,
    /// These addresses only.
    Allowed(Vec<std::net::IpAddr>),
    All,
}

/// The portals' provider areas, where their contact links point.
pub const DEFAULT_AUTOCLICK_HOSTS: &[&str] = &[
    "immobilienscout24.de",
    "immowelt.de",
    "immonet.de",
    "willhaben.at",
    "kleinanzeigen.de",
    "ebay-kleinanzeigen.de",
    "homegate.ch",
    "immoscout24.ch",
];

#[derive(Clone, Debug)]
pub struct Config {
    /// May carry a password: a secret, shown only through `redacted_database_url`.
    pub database_url: SecretString,
    pub database_max_connections: u32,
    /// The address to listen on; `None` takes the site address from Leptos.toml.
    pub bind: Option<SocketAddr>,
    /// The public URL of the site (for links in mails and the Secure cookie flag).
    pub public_url: String,
    pub session_secret: SecretString,
    pub session_ttl: Duration,
    pub log_format: LogFormat,
    pub graphql_introspection: bool,
    pub graphql_playground: bool,
    pub graphql_max_depth: usize,
    pub graphql_max_complexity: usize,
    pub max_body_bytes: usize,
    pub login_attempts_per_ip: usize,
    pub login_attempts_per_account: usize,
    pub login_window: Duration,
    /// Website widget inquiries: per client IP and per widget key, within `widget_window`.
    pub widget_requests_per_ip: usize,
    pub widget_requests_per_key: usize,
    pub widget_window: Duration,
    pub trust_proxy: bool,
    pub seed_demo: bool,
    pub demo_password: Option<SecretString>,
    pub cognito: Option<CognitoConfig>,
    /// Seals stored tenant secrets: `IMMIVO_SECRET_KEY`, or in development a key file beside
    /// the SQLite data (`secret.key`), made on first start.
    pub secrets: Secrets,
    /// Run the IMAP poller in `immivo serve`.
    pub imap_poller: bool,
    /// How often a mailbox without IMAP IDLE is looked at.
    pub imap_poll_interval: Duration,
    /// How far back a newly connected folder is read (`IMMIVO_IMAP_BACKFILL_DAYS`, default 14).
    pub imap_backfill: Duration,
    /// Certificates trusted for IMAP and SMTP besides the public roots (a self-hosted server's CA,
    /// `IMMIVO_MAIL_CA_FILE`).
    pub mail_extra_ca: Vec<rustls_pki_types::CertificateDer<'static>>,
    pub sns: SnsConfig,
    pub s3: S3Config,
    pub worker: WorkerSettings,
    pub autoclick: AutoClickSettings,
    pub ai: AiConfig,
}

/// The assistant's model access (`IMMIVO_OPENAI_*`, `IMMIVO_AI_*`).
#[derive(Clone, Debug)]
pub struct AiConfig {
    /// `None`: no endpoint configured, the offline rules answer.
    pub openai: Option<crate::llm::OpenAiSettings>,
    pub prices: domain::ai::usage::PriceTable,
    /// An office's monthly AI budget unless it set its own, in US cents.
    pub default_monthly_cap_cents: i64,
}

fn ai_config(s: &Source<'_>) -> Result<AiConfig, ConfigError> {
    let key = s.secret("IMMIVO_OPENAI_API_KEY", "IMMIVO_OPENAI_API_KEY_FILE")?;
    let base_url = s.string("IMMIVO_OPENAI_BASE_URL");
    if let Some(url) = &base_url {
        let parsed = url::Url::parse(url).map_err(|e| ConfigError {
            var: "IMMIVO_OPENAI_BASE_URL",
            message: format!("'{url}' is not a URL: {e}"),
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(ConfigError { var: "IMMIVO_OPENAI_BASE_URL", message: "must be http(s)".into() });
        }
    }
    let timeout: u64 = s.parse("IMMIVO_AI_TIMEOUT_SECS", 60)?;
    if timeout == 0 {
        return Err(ConfigError { var: "IMMIVO_AI_TIMEOUT_SECS", message: "must be at least 1".into() });
    }
    let retry_for = Duration::from_secs(s.parse("IMMIVO_AI_RETRY_SECS", 30)?);
    let retry_initial = Duration::from_millis(s.parse("IMMIVO_AI_RETRY_INITIAL_MS", 500)?);
    // A local model server needs no key: a base URL alone switches the model on.
    let openai = (key.is_some() || base_url.is_some()).then(|| crate::llm::OpenAiSettings {
        base_url: base_url.unwrap_or_else(|| "https://api.openai.com/v1".into()),
        api_key: key.unwrap_or_else(|| SecretString::from("none")),
        main_model: s.string("IMMIVO_AI_MODEL").unwrap_or_else(|| "gpt-5.2".into()),
        small_model: s.string("IMMIVO_AI_SMALL_MODEL").unwrap_or_else(|| "gpt-5-mini".into()),
        embedding_model: s.string("IMMIVO_AI_EMBEDDING_MODEL").unwrap_or_else(|| "text-embedding-3-small".into()),
        embedding_dimensions: domain::search::DIMENSIONS,
        timeout: Duration::from_secs(timeout),
        retry_for,
        retry_initial,
    });
    let prices = match s.string("IMMIVO_AI_PRICES") {
        Some(spec) => domain::ai::usage::PriceTable::parse(&spec)
            .map_err(|message| ConfigError { var: "IMMIVO_AI_PRICES", message })?,
        None => domain::ai::usage::PriceTable::default(),
    };
    let cap: f64 = s.parse("IMMIVO_AI_MONTHLY_CAP_USD", 50.0)?;
    if !cap.is_finite() || cap < 0.0 {
        return Err(ConfigError { var: "IMMIVO_AI_MONTHLY_CAP_USD", message: "must be 0 or more".into() });
    }
    Ok(AiConfig { openai, prices, default_monthly_cap_cents: (cap * 100.0).round() as i64 })
}

/// Reads one setting from a lookup (the process environment in production, a map in tests).
struct Source<'a> {
    get: &'a dyn Fn(&str) -> Option<String>,
}

impl Source<'_> {
    fn string(&self, var: &'static str) -> Option<String> {
        (self.get)(var).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
    }

    fn secret(&self, var: &'static str, file_var: &'static str) -> Result<Option<SecretString>, ConfigError> {
        if let Some(v) = self.string(var) {
            return Ok(Some(SecretString::from(v)));
        }
        match self.string(file_var) {
            Some(path) => std::fs::read_to_string(&path)
                .map(|s| Some(SecretString::from(s.trim().to_owned())))
                .map_err(|e| ConfigError { var: file_var, message: format!("cannot read {path}: {e}") }),
            None => Ok(None),
        }
    }

    fn parse<T: std::str::FromStr>(&self, var: &'static str, default: T) -> Result<T, ConfigError>
    where
        T::Err: std::fmt::Display,
    {
        match self.string(var) {
            Some(v) => v.parse().map_err(|e| ConfigError { var, message: format!("'{v}' is not valid: {e}") }),
            None => Ok(default),
        }
    }

    fn flag(&self, var: &'static str, default: bool) -> Result<bool, ConfigError> {
        match self.string(var).as_deref().map(str::to_ascii_lowercase).as_deref() {
            None => Ok(default),
            Some("1" | "true" | "yes" | "on") => Ok(true),
            Some("0" | "false" | "no" | "off") => Ok(false),
            Some(other) => Err(ConfigError { var, message: format!("'{other}' is not true or false") }),
        }
    }
}

fn sns_config(s: &Source, production: bool) -> Result<SnsConfig, ConfigError> {
    let var = "IMMIVO_SNS_CERT_HOST_PATTERN";
    let pattern = s.string(var).unwrap_or_else(|| DEFAULT_SNS_CERT_HOST_PATTERN.to_owned());
    let cert_host =
        whole_host_pattern(&pattern).map_err(|e| ConfigError { var, message: format!("'{pattern}': {e}") })?;
    let allow_insecure_cert_url = s.flag("IMMIVO_SNS_ALLOW_INSECURE_CERT_URL", false)?;
    if allow_insecure_cert_url && production {
        return Err(ConfigError {
            var: "IMMIVO_SNS_ALLOW_INSECURE_CERT_URL",
            message: "is for tests only and refused when IMMIVO_ENV=production".into(),
        });
    }
    let topic_arns = s
        .string("IMMIVO_SNS_TOPIC_ARNS")
        .map(|v| v.split(',').map(str::trim).filter(|a| !a.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default();
    Ok(SnsConfig { cert_host, allow_insecure_cert_url, topic_arns })
}

/// The workers' and auto-click's settings (`IMMIVO_WORKER*`, `IMMIVO_INTAKE_RECOVERY_SECS`,
/// `IMMIVO_AUTOCLICK_*`).
fn job_settings(s: &Source<'_>, production: bool) -> Result<(WorkerSettings, AutoClickSettings), ConfigError> {
    let positive = |var: &'static str, value: u64| {
        if value == 0 { Err(ConfigError { var, message: "must be at least 1".into() }) } else { Ok(value) }
    };
    let worker = WorkerSettings {
        enabled: s.flag("IMMIVO_WORKER", true)?,
        concurrency: usize::try_from(positive("IMMIVO_WORKER_CONCURRENCY", s.parse("IMMIVO_WORKER_CONCURRENCY", 3)?)?)
            .unwrap_or(usize::MAX),
        poll_interval: Duration::from_millis(positive(
            "IMMIVO_WORKER_POLL_MS",
            s.parse("IMMIVO_WORKER_POLL_MS", 2_000)?,
        )?),
        recovery_after: Duration::from_secs(positive(
            "IMMIVO_INTAKE_RECOVERY_SECS",
            s.parse("IMMIVO_INTAKE_RECOVERY_SECS", 60)?,
        )?),
    };
    let hosts: Vec<String> = match s.string("IMMIVO_AUTOCLICK_HOSTS") {
        Some(list) => list
            .split(',')
            .map(|h| h.trim().trim_start_matches('.').to_ascii_lowercase())
            .filter(|h| !h.is_empty())
            .collect(),
        None => DEFAULT_AUTOCLICK_HOSTS.iter().map(|h| (*h).to_owned()).collect(),
    };
    let allow_private = match s.string("IMMIVO_AUTOCLICK_ALLOW_PRIVATE") {
        None => PrivateAddresses::Refused,
        Some(v) if matches!(v.to_ascii_lowercase().as_str(), "0" | "false" | "no" | "off") => PrivateAddresses::Refused,
        Some(_) if production => {
            return Err(ConfigError {
                var: "IMMIVO_AUTOCLICK_ALLOW_PRIVATE",
                message: "is a test-only override and refused when IMMIVO_ENV=production".into(),
            });
        }
        Some(v) if matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on") => PrivateAddresses::All,
        Some(list) => PrivateAddresses::Allowed(
            list.split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(|a| {
                    a.parse().map_err(|e| ConfigError {
                        var: "IMMIVO_AUTOCLICK_ALLOW_PRIVATE",
                        message: format!("'{a}' is neither true/false nor an IP address: {e}"),
                    })
                })
                .collect::<Result<_, _>>()?,
        ),
    };
    let autoclick = AutoClickSettings {
        hosts,
        allow_private,
        https_only: production,
        max_bytes: usize::try_from(positive(
            "IMMIVO_AUTOCLICK_MAX_BYTES",
            s.parse("IMMIVO_AUTOCLICK_MAX_BYTES", 1024 * 1024)?,
        )?)
        .unwrap_or(usize::MAX),
        timeout: Duration::from_secs(positive(
            "IMMIVO_AUTOCLICK_TIMEOUT_SECS",
            s.parse("IMMIVO_AUTOCLICK_TIMEOUT_SECS", 10)?,
        )?),
    };
    Ok((worker, autoclick))
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/immivo.db?mode=rwc";

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(&|k| std::env::var(k).ok())
    }

    pub fn from_lookup(get: &dyn Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let s = Source { get };
        let database_url = s.string("IMMIVO_DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        let scheme = database_url.split(':').next().unwrap_or_default().to_owned();
        if !matches!(scheme.as_str(), "sqlite" | "postgres" | "postgresql") {
            return Err(ConfigError {
                var: "IMMIVO_DATABASE_URL",
                message: format!("unsupported scheme '{scheme}' (use sqlite: or postgres:)"),
            });
        }
        let production = s.string("IMMIVO_ENV").as_deref() == Some("production");
        let session_secret = match s.secret("IMMIVO_SESSION_SECRET", "IMMIVO_SESSION_SECRET_FILE")? {
            Some(secret) if secret.expose_secret().len() < 32 => {
                return Err(ConfigError {
                    var: "IMMIVO_SESSION_SECRET",
                    message: "must have at least 32 characters".into(),
                });
            }
            Some(secret) => secret,
            None if production => {
                return Err(ConfigError {
                    var: "IMMIVO_SESSION_SECRET",
                    message: "is required when IMMIVO_ENV=production".into(),
                });
            }
            // Development: a fresh key per start; sessions end with the process.
            None => SecretString::from(domain::tenants::auth::random_token(48)),
        };
        let public_url = s.string("IMMIVO_PUBLIC_URL").unwrap_or_else(|| "http://127.0.0.1:3000".to_owned());
        url::Url::parse(&public_url).map_err(|e| ConfigError {
            var: "IMMIVO_PUBLIC_URL",
            message: format!("'{public_url}' is not a URL: {e}"),
        })?;
        let bind = match s.string("IMMIVO_BIND") {
            Some(v) => Some(v.parse().map_err(|e| ConfigError { var: "IMMIVO_BIND", message: format!("'{v}': {e}") })?),
            None => None,
        };
        let log_format = match s.string("IMMIVO_LOG_FORMAT").as_deref() {
            None => {
                if production {
                    LogFormat::Json
                } else {
                    LogFormat::Pretty
                }
            }
            Some("json") => LogFormat::Json,
            Some("pretty") => LogFormat::Pretty,
            Some(other) => {
                return Err(ConfigError {
                    var: "IMMIVO_LOG_FORMAT",
                    message: format!("'{other}' is not json or pretty"),
                });
            }
        };
        let cognito = match s.string("IMMIVO_COGNITO_USER_POOL_ID") {
            None => None,
            Some(user_pool_id) => {
                let region = s
                    .string("IMMIVO_COGNITO_REGION")
                    .or_else(|| user_pool_id.split('_').next().map(str::to_owned))
                    .unwrap_or_default();
                let client_id = s.string("IMMIVO_COGNITO_CLIENT_ID").ok_or(ConfigError {
                    var: "IMMIVO_COGNITO_CLIENT_ID",
                    message: "is required with IMMIVO_COGNITO_USER_POOL_ID".into(),
                })?;
                let endpoint = s.string("IMMIVO_COGNITO_ENDPOINT");
                let issuer = s.string("IMMIVO_COGNITO_ISSUER").unwrap_or_else(|| match &endpoint {
                    Some(e) => format!("{}/{user_pool_id}", e.trim_end_matches('/')),
                    None => format!("https://cognito-idp.{region}.amazonaws.com/{user_pool_id}"),
                });
                let jwks_url =
                    s.string("IMMIVO_COGNITO_JWKS_URL").unwrap_or_else(|| format!("{issuer}/.well-known/jwks.json"));
                Some(CognitoConfig { region, user_pool_id, client_id, endpoint, issuer, jwks_url })
            }
        };
        let key_id: u8 = s.parse("IMMIVO_SECRET_KEY_ID", FIRST_KEY_ID)?;
        if key_id == 0 {
            return Err(ConfigError { var: "IMMIVO_SECRET_KEY_ID", message: "must be 1 to 255".into() });
        }
        let secrets = match s.secret("IMMIVO_SECRET_KEY", "IMMIVO_SECRET_KEY_FILE")? {
            Some(key) => Secrets::from_base64(key_id, &key)
                .map_err(|e| ConfigError { var: "IMMIVO_SECRET_KEY", message: e.to_string() })?,
            None if production => {
                return Err(ConfigError {
                    var: "IMMIVO_SECRET_KEY",
                    message: "is required when IMMIVO_ENV=production (base64 of 32 random bytes)".into(),
                });
            }
            None => Secrets::load_or_create_key_file(&development_key_file(&database_url))
                .map_err(|e| ConfigError { var: "IMMIVO_SECRET_KEY", message: e.to_string() })?,
        };
        let secrets =
            with_retired_keys(secrets, s.secret("IMMIVO_SECRET_KEYS_RETIRED", "IMMIVO_SECRET_KEYS_RETIRED_FILE")?)?;
        let mail_extra_ca = match s.string("IMMIVO_MAIL_CA_FILE") {
            Some(path) => {
                read_certificates(&path).map_err(|message| ConfigError { var: "IMMIVO_MAIL_CA_FILE", message })?
            }
            None => Vec::new(),
        };
        let imap_poll_secs: u64 = s.parse("IMMIVO_IMAP_POLL_SECS", 60)?;
        if imap_poll_secs == 0 {
            return Err(ConfigError { var: "IMMIVO_IMAP_POLL_SECS", message: "must be at least 1".into() });
        }
        let imap_backfill_days: u64 = s.parse("IMMIVO_IMAP_BACKFILL_DAYS", 14)?;
        let ai = ai_config(&s)?;
        let sns = sns_config(&s, production)?;
        let s3 = S3Config { region: s.string("IMMIVO_AWS_REGION"), endpoint: s.string("IMMIVO_S3_ENDPOINT") };
        let database_url = SecretString::from(database_url);
        let (worker, autoclick) = job_settings(&s, production)?;
        Ok(Config {
            secrets,
            imap_poller: s.flag("IMMIVO_IMAP_POLLER", true)?,
            imap_poll_interval: Duration::from_secs(imap_poll_secs),
            imap_backfill: Duration::from_secs(imap_backfill_days.saturating_mul(86_400)),
            mail_extra_ca,
            database_max_connections: s
                .parse("IMMIVO_DATABASE_MAX_CONNECTIONS", if scheme == "sqlite" { 8 } else { 20 })?,
            database_url,
            bind,
            public_url,
            session_secret,
            session_ttl: Duration::from_secs(s.parse("IMMIVO_SESSION_TTL_HOURS", 24u64 * 7)? * 3600),
            log_format,
            graphql_introspection: s.flag("IMMIVO_GRAPHQL_INTROSPECTION", true)?,
            graphql_playground: s.flag("IMMIVO_GRAPHQL_PLAYGROUND", !production)?,
            graphql_max_depth: s.parse("IMMIVO_GRAPHQL_MAX_DEPTH", 10)?,
            graphql_max_complexity: s.parse("IMMIVO_GRAPHQL_MAX_COMPLEXITY", 2_000)?,
            max_body_bytes: s.parse("IMMIVO_MAX_BODY_BYTES", 1024 * 1024)?,
            login_attempts_per_ip: s.parse("IMMIVO_LOGIN_ATTEMPTS_PER_IP", 30)?,
            login_attempts_per_account: s.parse("IMMIVO_LOGIN_ATTEMPTS_PER_ACCOUNT", 5)?,
            login_window: Duration::from_secs(s.parse("IMMIVO_LOGIN_WINDOW_SECS", 900)?),
            widget_requests_per_ip: s.parse("IMMIVO_WIDGET_REQUESTS_PER_IP", 10)?,
            widget_requests_per_key: s.parse("IMMIVO_WIDGET_REQUESTS_PER_KEY", 300)?,
            widget_window: Duration::from_secs(s.parse("IMMIVO_WIDGET_WINDOW_SECS", 600)?),
            trust_proxy: s.flag("IMMIVO_TRUST_PROXY", false)?,
            seed_demo: s.flag("IMMIVO_SEED_DEMO", !production)?,
            demo_password: s.secret("IMMIVO_DEMO_PASSWORD", "IMMIVO_DEMO_PASSWORD_FILE")?,
            cognito,
            sns,
            s3,
            worker,
            autoclick,
            ai,
        })
    }

    /// The database URL with its password masked, for messages and logs.
    pub fn redacted_database_url(&self) -> String {
        let raw = self.database_url.expose_secret();
        match url::Url::parse(raw) {
            Ok(mut u) if u.password().is_some() => {
                let _ = u.set_password(Some("***"));
                u.to_string()
            }
            _ => raw.to_owned(),
        }
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// Where development keeps its generated secret key: beside the SQLite file, else `data/`.
/// Keys rotated out that still open what they sealed: `id:base64` entries, comma-separated.
fn with_retired_keys(secrets: Secrets, retired: Option<SecretString>) -> Result<Secrets, ConfigError> {
    const VAR: &str = "IMMIVO_SECRET_KEYS_RETIRED";
    let Some(retired) = retired else { return Ok(secrets) };
    let mut secrets = secrets;
    for entry in retired.expose_secret().split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let bad = |message: String| ConfigError { var: VAR, message };
        let (id, key) = entry.split_once(':').ok_or_else(|| bad("each entry is id:base64-key".into()))?;
        let id: u8 = id.trim().parse().map_err(|_| bad(format!("'{id}' is not a key id (1 to 255)")))?;
        if id == 0 || id == secrets.current_key_id() {
            return Err(bad(format!(
                "key id {id} is not a retired one (the current key is {})",
                secrets.current_key_id()
            )));
        }
        secrets = secrets
            .with_retired_base64(id, &SecretString::from(key.trim().to_owned()))
            .map_err(|e| bad(format!("key {id}: {e}")))?;
    }
    Ok(secrets)
}

fn development_key_file(database_url: &str) -> std::path::PathBuf {
    let sqlite_dir = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
        .and_then(|rest| rest.split('?').next())
        .filter(|path| !path.is_empty() && *path != ":memory:")
        .and_then(|path| std::path::Path::new(path).parent().map(std::path::Path::to_path_buf));
    sqlite_dir.unwrap_or_else(|| std::path::PathBuf::from("data")).join("secret.key")
}

fn read_certificates(path: &str) -> Result<Vec<rustls_pki_types::CertificateDer<'static>>, String> {
    use rustls_pki_types::pem::PemObject;
    let certs = rustls_pki_types::CertificateDer::pem_file_iter(path)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| format!("cannot read certificates from {path}: {e}"))?;
    if certs.is_empty() {
        return Err(format!("{path} holds no PEM certificate"));
    }
    Ok(certs)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    /// A fixed secret key unless the test sets one: no key file is made in the working directory.
    const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    fn with(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let mut map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        if !map.contains_key("IMMIVO_SECRET_KEY_FILE") {
            map.entry("IMMIVO_SECRET_KEY".into()).or_insert_with(|| KEY.into());
        }
        Config::from_lookup(&move |k| map.get(k).cloned())
    }

    #[test]
    fn runs_with_nothing_set() {
        let c = with(&[]).unwrap();
        assert_eq!(c.database_url.expose_secret(), DEFAULT_DATABASE_URL);
        assert_eq!(c.log_format, LogFormat::Pretty);
        assert!(c.seed_demo);
        assert!(c.cognito.is_none());
        assert!(!c.secure_cookies());
    }

    #[test]
    fn rejects_unsupported_database_schemes() {
        let err = with(&[("IMMIVO_DATABASE_URL", "mysql://localhost/immivo")]).unwrap_err();
        assert_eq!(err.to_string(), "IMMIVO_DATABASE_URL: unsupported scheme 'mysql' (use sqlite: or postgres:)");
    }

    #[test]
    fn database_passwords_stay_hidden() {
        let c = with(&[("IMMIVO_DATABASE_URL", "postgres://immivo:hunter2@db.internal:5432/immivo")]).unwrap();
        assert_eq!(c.redacted_database_url(), "postgres://immivo:***@db.internal:5432/immivo");
        assert!(!format!("{c:?}").contains("hunter2"));
    }

    #[test]
    fn production_needs_a_session_secret_and_logs_json() {
        let err = with(&[("IMMIVO_ENV", "production")]).unwrap_err();
        assert_eq!(err.var, "IMMIVO_SESSION_SECRET");
        let c = with(&[("IMMIVO_ENV", "production"), ("IMMIVO_SESSION_SECRET", &"s".repeat(40))]).unwrap();
        assert_eq!(c.log_format, LogFormat::Json);
        assert!(!c.seed_demo);
        assert!(!c.graphql_playground);
    }

    #[test]
    fn secrets_come_from_files_and_never_print() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret");
        std::fs::write(&path, "f".repeat(40) + "\n").unwrap();
        let c = with(&[("IMMIVO_SESSION_SECRET_FILE", path.to_str().unwrap())]).unwrap();
        assert_eq!(c.session_secret.expose_secret(), &"f".repeat(40));
        assert!(!format!("{c:?}").contains(&"f".repeat(40)));
    }

    #[test]
    fn bad_values_name_their_variable() {
        assert_eq!(with(&[("IMMIVO_GRAPHQL_MAX_DEPTH", "deep")]).unwrap_err().var, "IMMIVO_GRAPHQL_MAX_DEPTH");
        assert_eq!(with(&[("IMMIVO_TRUST_PROXY", "maybe")]).unwrap_err().var, "IMMIVO_TRUST_PROXY");
        assert_eq!(
            with(&[("IMMIVO_COGNITO_USER_POOL_ID", "eu-central-1_abc")]).unwrap_err().var,
            "IMMIVO_COGNITO_CLIENT_ID"
        );
    }

    #[test]
    fn sns_defaults_to_aws_hosts_over_https() {
        let c = with(&[]).unwrap();
        assert!(c.sns.cert_host.is_match("sns.eu-central-1.amazonaws.com"));
        assert!(c.sns.cert_host.is_match("sns.cn-northwest-1.amazonaws.com.cn"));
        assert!(!c.sns.cert_host.is_match("sns.eu-central-1.amazonaws.com.evil.example"));
        assert!(!c.sns.allow_insecure_cert_url);
        assert!(c.sns.topic_arns.is_empty());
        assert!(c.s3.region.is_none() && c.s3.endpoint.is_none());

        let c = with(&[
            ("IMMIVO_SNS_CERT_HOST_PATTERN", r"127\.0\.0\.1"),
            ("IMMIVO_SNS_ALLOW_INSECURE_CERT_URL", "true"),
            ("IMMIVO_SNS_TOPIC_ARNS", "arn:aws:sns:eu-central-1:1:a, arn:aws:sns:eu-central-1:1:b,"),
            ("IMMIVO_AWS_REGION", "eu-central-1"),
            ("IMMIVO_S3_ENDPOINT", "http://127.0.0.1:5000"),
        ])
        .unwrap();
        assert!(c.sns.cert_host.is_match("127.0.0.1"));
        assert!(!c.sns.cert_host.is_match("127.0.0.10"), "the pattern covers the whole host");
        assert_eq!(c.sns.topic_arns, ["arn:aws:sns:eu-central-1:1:a", "arn:aws:sns:eu-central-1:1:b"]);
        assert_eq!(c.s3.region.as_deref(), Some("eu-central-1"));
        assert_eq!(c.s3.endpoint.as_deref(), Some("http://127.0.0.1:5000"));

        assert_eq!(with(&[("IMMIVO_SNS_CERT_HOST_PATTERN", "sns(")]).unwrap_err().var, "IMMIVO_SNS_CERT_HOST_PATTERN");
        let secret = "s".repeat(40);
        let production = [
            ("IMMIVO_ENV", "production"),
            ("IMMIVO_SESSION_SECRET", secret.as_str()),
            ("IMMIVO_SNS_ALLOW_INSECURE_CERT_URL", "true"),
        ];
        assert_eq!(with(&production).unwrap_err().var, "IMMIVO_SNS_ALLOW_INSECURE_CERT_URL");
    }

    #[test]
    fn workers_and_autoclick_settings() {
        let c = with(&[]).unwrap();
        assert!(c.worker.enabled);
        assert_eq!((c.worker.concurrency, c.worker.poll_interval), (3, Duration::from_secs(2)));
        assert_eq!(c.worker.recovery_after, Duration::from_secs(60));
        assert!(c.autoclick.hosts.iter().any(|h| h == "immobilienscout24.de"));
        assert_eq!(c.autoclick.allow_private, PrivateAddresses::Refused);
        assert!(!c.autoclick.https_only);
        assert_eq!((c.autoclick.max_bytes, c.autoclick.timeout), (1024 * 1024, Duration::from_secs(10)));

        let c = with(&[
            ("IMMIVO_WORKER", "false"),
            ("IMMIVO_WORKER_CONCURRENCY", "8"),
            ("IMMIVO_AUTOCLICK_HOSTS", " Portal.Example , .other.test,"),
            ("IMMIVO_AUTOCLICK_ALLOW_PRIVATE", "127.0.0.1, ::1"),
        ])
        .unwrap();
        assert!(!c.worker.enabled);
        assert_eq!(c.worker.concurrency, 8);
        assert_eq!(c.autoclick.hosts, ["portal.example", "other.test"]);
        assert_eq!(
            c.autoclick.allow_private,
            PrivateAddresses::Allowed(vec!["127.0.0.1".parse().unwrap(), "::1".parse().unwrap()])
        );
        assert_eq!(
            with(&[("IMMIVO_AUTOCLICK_ALLOW_PRIVATE", "yes")]).unwrap().autoclick.allow_private,
            PrivateAddresses::All
        );

        let secret = "s".repeat(40);
        let production = [("IMMIVO_ENV", "production"), ("IMMIVO_SESSION_SECRET", secret.as_str())];
        assert!(with(&production).unwrap().autoclick.https_only);
        let err = with(&[production[0], production[1], ("IMMIVO_AUTOCLICK_ALLOW_PRIVATE", "true")]).unwrap_err();
        assert_eq!(err.var, "IMMIVO_AUTOCLICK_ALLOW_PRIVATE");
        assert_eq!(
            with(&[("IMMIVO_AUTOCLICK_ALLOW_PRIVATE", "localhost")]).unwrap_err().var,
            "IMMIVO_AUTOCLICK_ALLOW_PRIVATE"
        );
        assert_eq!(with(&[("IMMIVO_WORKER_CONCURRENCY", "0")]).unwrap_err().var, "IMMIVO_WORKER_CONCURRENCY");
    }

    #[test]
    fn a_rotated_secret_key_still_opens_what_the_old_one_sealed() {
        let old = Secrets::generate_key();
        let sealed = Secrets::from_base64(FIRST_KEY_ID, &old).unwrap().seal("ctx", b"geheim").unwrap();
        let new = Secrets::generate_key();
        let retired = format!("1:{}", old.expose_secret());
        let c = with(&[
            ("IMMIVO_SECRET_KEY", new.expose_secret()),
            ("IMMIVO_SECRET_KEY_ID", "2"),
            ("IMMIVO_SECRET_KEYS_RETIRED", retired.as_str()),
        ])
        .unwrap();
        assert_eq!(c.secrets.open("ctx", &sealed).unwrap(), b"geheim");
        assert_eq!(c.secrets.seal("ctx", b"neu").unwrap()[0], 2, "new values are sealed under the new key");

        let without = with(&[("IMMIVO_SECRET_KEY", new.expose_secret()), ("IMMIVO_SECRET_KEY_ID", "2")]).unwrap();
        assert!(without.secrets.open("ctx", &sealed).is_err());
        for bad in ["2:".to_owned() + old.expose_secret(), "x:abc".into(), "1".into(), "1:kurz".into()] {
            let err = with(&[
                ("IMMIVO_SECRET_KEY", new.expose_secret()),
                ("IMMIVO_SECRET_KEY_ID", "2"),
                ("IMMIVO_SECRET_KEYS_RETIRED", bad.as_str()),
            ])
            .unwrap_err();
            assert_eq!(err.var, "IMMIVO_SECRET_KEYS_RETIRED", "{bad}");
            assert!(!err.message.contains(old.expose_secret()), "the key is not echoed: {}", err.message);
        }
        assert_eq!(with(&[("IMMIVO_SECRET_KEY_ID", "0")]).unwrap_err().var, "IMMIVO_SECRET_KEY_ID");
    }

    #[test]
    fn ai_settings() {
        let c = with(&[]).unwrap();
        assert!(c.ai.openai.is_none(), "offline without a key or URL");
        assert_eq!(c.ai.default_monthly_cap_cents, 5_000);
        let c = with(&[("IMMIVO_OPENAI_API_KEY", "sk-test"), ("IMMIVO_AI_MONTHLY_CAP_USD", "12.5")]).unwrap();
        let o = c.ai.openai.unwrap();
        assert_eq!(
            (o.base_url.as_str(), o.main_model.as_str(), o.small_model.as_str()),
            ("https://api.openai.com/v1", "gpt-5.2", "gpt-5-mini")
        );
        assert_eq!((o.embedding_model.as_str(), o.embedding_dimensions), ("text-embedding-3-small", 1536));
        assert_eq!(c.ai.default_monthly_cap_cents, 1_250);
        assert!(!format!("{o:?}").contains("sk-test"), "the key stays secret");
        let local =
            with(&[("IMMIVO_OPENAI_BASE_URL", "http://127.0.0.1:8080/v1"), ("IMMIVO_AI_MODEL", "llama")]).unwrap();
        assert_eq!(local.ai.openai.unwrap().main_model, "llama", "a local server needs no key");
        assert_eq!(with(&[("IMMIVO_OPENAI_BASE_URL", "ftp://x")]).unwrap_err().var, "IMMIVO_OPENAI_BASE_URL");
        assert_eq!(with(&[("IMMIVO_AI_PRICES", "gpt-5.2=1")]).unwrap_err().var, "IMMIVO_AI_PRICES");
        assert_eq!(with(&[("IMMIVO_AI_MONTHLY_CAP_USD", "-1")]).unwrap_err().var, "IMMIVO_AI_MONTHLY_CAP_USD");
    }

    #[test]
    fn cognito_issuer_follows_the_endpoint() {
        let c = with(&[
            ("IMMIVO_COGNITO_USER_POOL_ID", "eu-central-1_abc"),
            ("IMMIVO_COGNITO_CLIENT_ID", "client"),
            ("IMMIVO_COGNITO_ENDPOINT", "http://127.0.0.1:5000/"),
        ])
        .unwrap();
        let cognito = c.cognito.unwrap();
        assert_eq!(cognito.region, "eu-central-1");
        assert_eq!(cognito.issuer, "http://127.0.0.1:5000/eu-central-1_abc");
        assert_eq!(cognito.jwks_url, "http://127.0.0.1:5000/eu-central-1_abc/.well-known/jwks.json");
    }

    #[test]
    fn the_secret_key_is_required_in_production_and_checked() {
        let secret = "s".repeat(40);
        let production =
            [("IMMIVO_ENV", "production"), ("IMMIVO_SESSION_SECRET", secret.as_str()), ("IMMIVO_SECRET_KEY", "")];
        assert_eq!(with(&production).unwrap_err().var, "IMMIVO_SECRET_KEY");
        assert_eq!(with(&[("IMMIVO_SECRET_KEY", "dG9vIHNob3J0")]).unwrap_err().var, "IMMIVO_SECRET_KEY");
        let c = with(&[]).unwrap();
        assert!(!format!("{c:?}").contains(KEY), "the key never prints");
    }

    #[test]
    fn development_keeps_its_key_beside_the_sqlite_file() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("immivo.db").display());
        let c = with(&[("IMMIVO_DATABASE_URL", &url), ("IMMIVO_SECRET_KEY", "")]).unwrap();
        let sealed = c.secrets.seal("ctx", b"kept").unwrap();
        assert!(dir.path().join("secret.key").exists());
        let again = with(&[("IMMIVO_DATABASE_URL", &url), ("IMMIVO_SECRET_KEY", "")]).unwrap();
        assert_eq!(again.secrets.open("ctx", &sealed).unwrap(), b"kept");
        assert_eq!(development_key_file("postgres://db/immivo"), std::path::PathBuf::from("data/secret.key"));
    }

    #[test]
    fn imap_settings() {
        let c = with(&[]).unwrap();
        assert!(c.imap_poller);
        assert_eq!(c.imap_poll_interval, Duration::from_secs(60));
        assert_eq!(with(&[("IMMIVO_IMAP_POLL_SECS", "0")]).unwrap_err().var, "IMMIVO_IMAP_POLL_SECS");
        assert_eq!(with(&[("IMMIVO_MAIL_CA_FILE", "/nonexistent/ca.pem")]).unwrap_err().var, "IMMIVO_MAIL_CA_FILE");
        assert!(!with(&[("IMMIVO_IMAP_POLLER", "false")]).unwrap().imap_poller);
        assert_eq!(c.imap_backfill, Duration::from_secs(14 * 86_400));
        assert_eq!(with(&[("IMMIVO_IMAP_BACKFILL_DAYS", "2")]).unwrap().imap_backfill, Duration::from_secs(2 * 86_400));
        assert_eq!(with(&[("IMMIVO_IMAP_BACKFILL_DAYS", "zwei")]).unwrap_err().var, "IMMIVO_IMAP_BACKFILL_DAYS");
    }
}
