//! The test harness: a fresh, migrated database per test on either backend, a server on port 0
//! over it, and request helpers for GraphQL and server functions.

use std::net::SocketAddr;
use std::sync::Arc;

use domain::tenants::users;
use domain::{Ctx, Db, seed};

use immivo_server::config::Config;
use immivo_server::state::AppState;
use migration::{Migrator, MigratorTrait};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};

pub const PASSWORD: &str = "Demo-Passwort-2026";
pub const ADMIN: &str = "admin@demo.immivo.local";
pub const AGENT: &str = "agent@demo.immivo.local";
pub const COLLEAGUE: &str = "agentin@demo.immivo.local";
pub const STAFF: &str = "staff@immivo.local";
/// The key that seals stored secrets in tests (base64 of 32 bytes): no key file is made.
pub const TEST_SECRET_KEY: &str = "dGVzdC1zZWNyZXQta2V5LTAxMjM0NTY3ODlhYmNkZWY=";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs an async test body once per backend, as `<name>::sqlite` and `<name>::postgres`.
#[macro_export]
macro_rules! on_both {
    ($(async fn $name:ident($db:ident : Backend) $body:block)+) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($db: $crate::helpers::Backend) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                run($crate::helpers::Backend::Sqlite).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                run($crate::helpers::Backend::Postgres).await
            }
        }
    )+};
}

/// A fresh database: a temporary SQLite file, or a new PostgreSQL database (from the pgvector
/// template) owned by the non-superuser test role, so that row-level security applies.
pub struct TestDb {
    pub db: Db,
    pub url: String,
    pub backend: Backend,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub async fn empty(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("immivo.db").display());
                let db = Db::connect(&url, 8).await.unwrap();
                Self { db, url, backend, _dir: Some(dir) }
            }
            Backend::Postgres => {
                let admin_url = std::env::var("IMMIVO_TEST_PG_ADMIN_URL").expect(
                    "IMMIVO_TEST_PG_ADMIN_URL is not set: run the tests through scripts/test, which starts PostgreSQL",
                );
                let user_url = std::env::var("IMMIVO_TEST_PG_URL").expect("IMMIVO_TEST_PG_URL is not set");
                let name = format!("t_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(&admin_url).await.unwrap();
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name} TEMPLATE immivo_template OWNER immivo"))
                    .await
                    .unwrap();
                admin.close().await.unwrap();
                let url = format!("{}/{name}", user_url.rsplit_once('/').unwrap().0);
                let db = Db::connect(&url, 5).await.unwrap();
                Self { db, url, backend, _dir: None }
            }
        }
    }

    pub async fn migrated(backend: Backend) -> Self {
        let t = Self::empty(backend).await;
        Migrator::up(t.db.connection(), None).await.unwrap();
        t
    }

    /// Migrated, with the demo office (and the platform tenant) in it.
    pub async fn seeded(backend: Backend) -> Self {
        let t = Self::migrated(backend).await;
        seed::seed_demo(&t.db, PASSWORD).await.unwrap().unwrap();
        t
    }

    pub async fn ctx(&self, email: &str) -> Ctx {
        users::authenticate(&self.db, email, PASSWORD).await.unwrap()
    }

    /// A second office with an admin and an agent, for isolation tests.
    pub async fn second_office(&self) -> (Ctx, Ctx) {
        self.office(model::Country::De, "Wohnwert Immobilien GmbH", "wohnwert", "wohnwert.de").await
    }

    /// Another office in `country`: its admin `chefin@{domain}` and its agent `makler@{domain}`.
    pub async fn office(&self, country: model::Country, name: &str, slug: &str, domain: &str) -> (Ctx, Ctx) {
        let staff = self.ctx(STAFF).await;
        let office = domain::tenants::provision(
            &self.db,
            &staff,
            model::NewOffice {
                name: name.into(),
                slug: slug.into(),
                country,
                admin_email: format!("chefin@{domain}"),
                admin_name: "Petra Vogel".into(),
            },
        )
        .await
        .unwrap();
        let admin = users::accept_invitation(&self.db, &office.invitation.token, PASSWORD).await.unwrap();
        let invite = users::invite(&self.db, &admin, &format!("makler@{domain}"), "Jonas Brandt", model::Role::Agent)
            .await
            .unwrap();
        let agent = users::accept_invitation(&self.db, &invite.token, PASSWORD).await.unwrap();
        (admin, agent)
    }
}

pub struct TestApp {
    pub base: String,
    pub store: TestDb,
    /// The server's assistant, shared with workers started beside it.
    pub ai: Arc<domain::ai::Ai>,
}

pub fn test_config(db_url: &str, extra: &[(&str, &str)]) -> Config {
    let mut vars: Vec<(String, String)> = vec![
        ("IMMIVO_DATABASE_URL".into(), db_url.into()),
        ("IMMIVO_SESSION_SECRET".into(), "test-session-secret-0123456789abcdef".into()),
        ("IMMIVO_SEED_DEMO".into(), "false".into()),
        ("IMMIVO_SECRET_KEY".into(), TEST_SECRET_KEY.into()),
    ];
    // The test IMAP server's certificate is signed by the CA that scripts/test-services made.
    if let Ok(ca) = std::env::var("IMMIVO_TEST_IMAP_CA_FILE") {
        vars.push(("IMMIVO_MAIL_CA_FILE".into(), ca));
    }
    vars.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Config::from_lookup(&move |k| vars.iter().rev().find(|(name, _)| name == k).map(|(_, v)| v.clone())).unwrap()
}

/// A server on 127.0.0.1:0 over a fresh seeded database.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, &[]).await
}

pub async fn spawn_app_with(backend: Backend, extra: &[(&str, &str)]) -> TestApp {
    let store = TestDb::seeded(backend).await;
    let config = test_config(&store.url, extra);
    let options = leptos::config::LeptosOptions::builder().output_name(Arc::<str>::from("immivo")).build();
    let state = AppState::build(config, store.db.clone(), options).await;
    let ai = state.services.ai.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = immivo_server::http::router(state);
    tokio::spawn(async move {
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
    });
    TestApp { base: format!("http://{addr}"), store, ai }
}

/// The catalogue, where the domain renders codes through it (the assistant's tools).
pub fn texts() -> Arc<dyn model::Render> {
    Arc::new(app::i18n::Catalogue)
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).build().unwrap()
}

impl TestApp {
    /// A client signed in through the login server function (session cookie).
    pub async fn signed_in(&self, email: &str) -> reqwest::Client {
        let c = client();
        let r = c
            .post(format!("{}/api/login", self.base))
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "login {email}: {}", r.text().await.unwrap());
        c
    }

    /// Calls a server function; returns the status and the JSON answer.
    pub async fn server_fn(&self, client: &reqwest::Client, name: &str, args: Value) -> (StatusCode, Value) {
        let r = client.post(format!("{}/api/{name}", self.base)).json(&args).send().await.unwrap();
        let status = r.status();
        let text = r.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    /// Runs a GraphQL operation with an optional bearer token (else the client's cookies).
    pub async fn gql(&self, client: &reqwest::Client, bearer: Option<&str>, query: &str, variables: Value) -> Value {
        let mut req =
            client.post(format!("{}/graphql", self.base)).json(&json!({"query": query, "variables": variables}));
        if let Some(token) = bearer {
            req = req.bearer_auth(token);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    /// An API key of the given user's office, created through the domain.
    pub async fn api_key(&self, email: &str) -> String {
        let ctx = self.store.ctx(email).await;
        domain::tenants::api_keys::create(&self.store.db, &ctx, "test").await.unwrap().secret
    }
}

/// The `extensions.code` of the first error, if any.
pub fn error_code(answer: &Value) -> Option<&str> {
    answer["errors"][0]["extensions"]["code"].as_str()
}

/// Asserts a GraphQL answer has no errors and returns its data.
pub fn data(answer: &Value) -> &Value {
    assert!(answer.get("errors").is_none_or(Value::is_null), "unexpected errors: {answer}");
    &answer["data"]
}

/// `spawn_app_with`, plus the job workers and recovery sweep running in the process as
/// `immivo serve` runs them (same configuration). Stop them with `Workers::stop`.
pub async fn spawn_app_with_workers(
    backend: Backend,
    extra: &[(&str, &str)],
) -> (TestApp, immivo_server::jobs::Workers) {
    let app = spawn_app_with(backend, extra).await;
    let config = test_config(&app.store.url, extra);
    let workers = immivo_server::jobs::start(
        app.store.db.clone(),
        &config,
        app.ai.clone(),
        immivo_server::jobs::worker::CancellationToken::new(),
    );
    (app, workers)
}

/// Polls `check` every 50 ms until it returns `Some`, for at most `secs` seconds.
pub async fn wait_for<T, F, Fut>(what: &str, secs: u64, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        if let Some(found) = check().await {
            return found;
        }
        assert!(std::time::Instant::now() < deadline, "timed out after {secs} s waiting for {what}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// A Willhaben inquiry (with its Message-ID) from a person the demo office does not know yet: a
/// new lead, which gets a first reply.
pub fn new_person_inquiry(email: &str, last_name: &str) -> domain::intake::parse::ParsedInquiry {
    let raw = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../domain/src/intake/parse/fixtures/inbound/willhaben_text.eml"
    ))
    .unwrap();
    let mut inquiry = domain::intake::parse::parse_inquiry(&raw).unwrap();
    inquiry.email = Some(email.into());
    inquiry.phone = None;
    inquiry.last_name = Some(last_name.into());
    inquiry
}
