//! End to end: inquiries per second through `POST /inbound/email/{token}` to a stored, scored
//! lead, with the server in this process (as the integration tests start it) and a real HTTP
//! client. Every request carries a new Message-ID and a new person, so each one is stored,
//! parsed and becomes a new lead — never a redelivery or a merge.
//!
//! `cargo bench -p server --bench intake`                      SQLite (a fresh temporary file)
//! PostgreSQL as well, when one of these is set:
//! * `IMMIVO_BENCH_PG_URL`: a database the bench may migrate and fill (the demo office is seeded
//!   with the password below unless it exists);
//! * `IMMIVO_TEST_PG_ADMIN_URL` + `IMMIVO_TEST_PG_URL` (what `scripts/test-services start` prints):
//!   a fresh database from the test template, owned by the non-superuser role, dropped afterwards.

use domain::intake::receive;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use domain::tenants::users;
use domain::{Db, seed};
use futures::StreamExt;
use immivo_server::config::Config;
use immivo_server::state::AppState;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database};

const PASSWORD: &str = "Demo-Passwort-2026";
const ADMIN: &str = "admin@demo.immivo.local";
/// Requests in flight for the concurrent benchmark: a relay flushing its queue.
const IN_FLIGHT: usize = 8;
/// The most common portal format; its person, phone and Message-ID are replaced per request.
const TEMPLATE: &str = "immoscout24_text.eml";

/// A running server over one database, and what a relay needs to post to it.
struct Target {
    url: String,
    client: reqwest::Client,
    template: Arc<str>,
    serial: Arc<AtomicU64>,
    /// A PostgreSQL database made for this run: dropped at the end.
    drop_after: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

fn fail(what: &str, e: impl std::fmt::Display) -> ! {
    panic!("{what}: {e}")
}

/// Letters only: names with digits would read as a different kind of input to the parser.
fn letters(mut n: u64) -> String {
    let mut s = String::new();
    loop {
        s.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
        if n == 0 {
            return s;
        }
    }
}

/// The template as a new person's first inquiry: new Message-ID, email, phone and last name.
fn mail(template: &str, n: u64) -> Vec<u8> {
    let name = format!("Huber{}", letters(n));
    template
        .replace(
            "20240312091403.5f1c2a@mail.immobilienscout24.de",
            &format!("bench-{n}-{}@bench.immivo.local", std::process::id()),
        )
        .replace("anna.huber@gmx.de", &format!("anna.{}@bench.example", letters(n)))
        .replace("0171 2345678", &format!("0171 {:07}", n % 10_000_000))
        .replace("Huber", &name)
        .into_bytes()
}

async fn start(db_url: &str, db: Db) -> String {
    Migrator::up(db.connection(), None).await.unwrap_or_else(|e| fail("migrating", e));
    seed::seed_demo(&db, PASSWORD).await.unwrap_or_else(|e| fail("seeding the demo office", e));
    let admin = users::authenticate(&db, ADMIN, PASSWORD)
        .await
        .unwrap_or_else(|e| fail("signing in as the demo admin (a database seeded with another password?)", e));
    let token = receive::inbound_token(&db, &admin).await.unwrap_or_else(|e| fail("the inbound token", e));

    let vars: Vec<(&str, &str)> = vec![
        ("IMMIVO_DATABASE_URL", db_url),
        ("IMMIVO_SESSION_SECRET", "bench-session-secret-0123456789abcdef"),
        ("IMMIVO_SEED_DEMO", "false"),
    ];
    let config = Config::from_lookup(&move |k| vars.iter().find(|(name, _)| *name == k).map(|(_, v)| (*v).to_owned()))
        .unwrap_or_else(|e| fail("config", e));
    let options = leptos::config::LeptosOptions::builder().output_name(Arc::<str>::from("immivo")).build();
    let state = AppState::build(config, db, options).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap_or_else(|e| fail("binding", e));
    let addr = listener.local_addr().unwrap_or_else(|e| fail("local address", e));
    let router = immivo_server::http::router(state);
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await {
            eprintln!("server stopped: {e}");
        }
    });
    format!("http://{addr}/inbound/email/{token}")
}

fn template() -> Arc<str> {
    let path = format!("{}/../domain/src/intake/parse/fixtures/inbound/{TEMPLATE}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| fail(&path, e));
    Arc::from(text)
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().pool_max_idle_per_host(IN_FLIGHT).build().unwrap_or_else(|e| fail("http client", e))
}

async fn sqlite() -> Target {
    let dir = tempfile::tempdir().unwrap_or_else(|e| fail("temp dir", e));
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("bench.db").display());
    // The pool size the server gets by default.
    let db = Db::connect(&url, 8).await.unwrap_or_else(|e| fail("opening SQLite", e));
    let url = start(&url, db).await;
    Target { url, client: client(), template: template(), serial: Arc::default(), drop_after: None, _dir: Some(dir) }
}

async fn postgres() -> Option<Target> {
    let (db_url, drop_after) = if let Ok(url) = std::env::var("IMMIVO_BENCH_PG_URL") {
        (url, None)
    } else {
        let (Ok(admin_url), Ok(user_url)) =
            (std::env::var("IMMIVO_TEST_PG_ADMIN_URL"), std::env::var("IMMIVO_TEST_PG_URL"))
        else {
            return None;
        };
        let name = format!("bench_{}", uuid::Uuid::new_v4().simple());
        let admin = Database::connect(&admin_url).await.unwrap_or_else(|e| fail("PostgreSQL (admin)", e));
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name} TEMPLATE immivo_template OWNER immivo"))
            .await
            .unwrap_or_else(|e| fail("creating the bench database", e));
        let _ = admin.close().await;
        let base = user_url.rsplit_once('/').map_or(user_url.as_str(), |(base, _)| base);
        (format!("{base}/{name}"), Some((admin_url, name)))
    };
    let db = Db::connect(&db_url, 8).await.unwrap_or_else(|e| fail("opening PostgreSQL", e));
    let url = start(&db_url, db).await;
    Some(Target { url, client: client(), template: template(), serial: Arc::default(), drop_after, _dir: None })
}

/// One inquiry, posted and answered; anything but a new parsed lead stops the bench.
async fn post(t: &Target) {
    let n = t.serial.fetch_add(1, Ordering::Relaxed);
    let r = t
        .client
        .post(&t.url)
        .header("content-type", "message/rfc822")
        .body(mail(&t.template, n))
        .send()
        .await
        .unwrap_or_else(|e| fail("posting", e));
    let status = r.status();
    let body: serde_json::Value = r.json().await.unwrap_or_else(|e| fail("reading the answer", e));
    assert!(
        status.is_success() && body["status"] == "PARSED" && body["duplicate"] == false && !body["lead_id"].is_null(),
        "inquiry {n} did not become a new lead: {status} {body}"
    );
}

fn bench_backend(c: &mut Criterion, rt: &tokio::runtime::Runtime, backend: &str, target: &Target) {
    let mut group = c.benchmark_group(format!("inbound_email/{backend}"));
    // Each request is a few milliseconds of database work: fewer, longer samples.
    group.sample_size(10).warm_up_time(Duration::from_secs(2)).measurement_time(Duration::from_secs(15));
    group.throughput(Throughput::Elements(1));
    group.bench_function("sequential", |b| b.to_async(rt).iter(|| post(target)));
    group.bench_function(format!("{IN_FLIGHT}_in_flight"), |b| {
        b.to_async(rt).iter_custom(|iters| async move {
            let started = Instant::now();
            futures::stream::iter(0..iters)
                .map(|_| post(target))
                .buffer_unordered(IN_FLIGHT)
                .collect::<Vec<()>>()
                .await;
            started.elapsed()
        })
    });
    group.finish();
    let made = target.serial.load(Ordering::Relaxed);
    println!("{backend}: {made} inquiries posted, each a new lead");
}

fn inbound_email(c: &mut Criterion) {
    let rt =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap_or_else(|e| fail("tokio runtime", e));

    let target = rt.block_on(sqlite());
    bench_backend(c, &rt, "sqlite", &target);

    match rt.block_on(postgres()) {
        Some(target) => {
            bench_backend(c, &rt, "postgres", &target);
            if let Some((admin_url, name)) = &target.drop_after {
                rt.block_on(async {
                    let admin = Database::connect(admin_url).await.unwrap_or_else(|e| fail("PostgreSQL (admin)", e));
                    // The server's pool still holds connections: force them off.
                    let dropped = admin.execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)")).await;
                    if let Err(e) = dropped {
                        eprintln!("could not drop the bench database {name}: {e}");
                    }
                });
            }
        }
        None => println!(
            "PostgreSQL skipped: set IMMIVO_BENCH_PG_URL, or IMMIVO_TEST_PG_ADMIN_URL and IMMIVO_TEST_PG_URL \
             (eval \"$(scripts/test-services start)\")"
        ),
    }
}

criterion_group!(benches, inbound_email);
criterion_main!(benches);
