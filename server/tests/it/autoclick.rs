//! Auto-click against a real page server on loopback (axum on 127.0.0.1:0 with a portal-like
//! contact page): the job fills what the lead lacks and rescores it; the fetcher refuses private
//! addresses without the test override, hosts off the allow-list, redirects to private
//! addresses and oversize pages; a refusal is permanent, a 503 is retried; a re-run adds nothing.

use domain::intake::receive;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::helpers::*;
use crate::on_both;
use crate::pipeline::{activities, as_if_the_worker_died, finished_jobs, jobs_of, post_mail};
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use domain::intake::{enrich, parse};
use domain::leads;
use immivo_server::config::{AutoClickSettings, PrivateAddresses};
use immivo_server::page_fetcher::{FetchError, PageFetcher};
use model::{ActivityDetail, ActivityKind, LeadId, Locale, Render};

const CONTACT_PAGE: &str =
    include_str!("../../../domain/src/intake/parse/fixtures/contact_pages/immoscout24_scoutmanager.html");
/// The page server's path for a contact page: the ImmobilienScout24 marker the parser looks for.
const PAGE_PATH: &str = "/immobilienscout24.de/anbieter/anfragen/8f3c2a1b";

#[derive(Clone, Default)]
struct Seen {
    pages: Arc<AtomicUsize>,
    with_cookie: Arc<AtomicUsize>,
}

struct PageServer {
    port: u16,
    seen: Seen,
}

async fn page(State(seen): State<Seen>, headers: HeaderMap) -> Response {
    seen.pages.fetch_add(1, Ordering::SeqCst);
    if headers.contains_key(header::COOKIE) {
        seen.with_cookie.fetch_add(1, Ordering::SeqCst);
    }
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], CONTACT_PAGE).into_response()
}

async fn page_server() -> PageServer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Seen::default();
    let router = Router::new()
        .route(PAGE_PATH, get(page))
        // A portal's sign-in hop: sets a cookie, sends on to the page (relative Location).
        .route(
            "/immobilienscout24.de/anbieter/login",
            get(|| async {
                (StatusCode::FOUND, [(header::LOCATION, PAGE_PATH), (header::SET_COOKIE, "session=secret; Path=/")])
            }),
        )
        .route(
            "/immobilienscout24.de/anbieter/to-private",
            get(move || async move {
                (StatusCode::FOUND, [(header::LOCATION, format!("http://127.0.0.2:{port}{PAGE_PATH}"))])
            }),
        )
        .route(
            "/immobilienscout24.de/anbieter/to-elsewhere",
            get(move || async move {
                (StatusCode::FOUND, [(header::LOCATION, format!("http://127.0.0.1:{port}{PAGE_PATH}"))])
            }),
        )
        .route(
            "/immobilienscout24.de/anbieter/big-declared",
            get(|| async { ([(header::CONTENT_TYPE, "text/html")], "<p>x</p>".repeat(300_000)) }),
        )
        .route(
            "/immobilienscout24.de/anbieter/big-streamed",
            get(|| async {
                let chunks = (0..64).map(|_| Ok::<_, std::io::Error>(vec![b'a'; 32 * 1024]));
                ([(header::CONTENT_TYPE, "text/html")], Body::from_stream(futures::stream::iter(chunks)))
            }),
        )
        .route("/immobilienscout24.de/anbieter/busy", get(|| async { StatusCode::SERVICE_UNAVAILABLE }))
        .route("/immobilienscout24.de/anbieter/gone", get(|| async { StatusCode::NOT_FOUND }))
        .route(
            "/immobilienscout24.de/anbieter/pdf",
            get(|| async { ([(header::CONTENT_TYPE, "application/pdf")], "%PDF-1.7") }),
        )
        .with_state(seen.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    PageServer { port, seen }
}

impl PageServer {
    fn url(&self, path: &str) -> String {
        format!("http://localhost:{}{path}", self.port)
    }
}

fn fetcher(hosts: &[&str], allow: PrivateAddresses) -> PageFetcher {
    PageFetcher::new(AutoClickSettings {
        hosts: hosts.iter().map(|h| (*h).to_owned()).collect(),
        allow_private: allow,
        https_only: false,
        max_bytes: 1024 * 1024,
        timeout: Duration::from_secs(10),
    })
}

fn loopback() -> PrivateAddresses {
    PrivateAddresses::Allowed(vec!["127.0.0.1".parse().unwrap()])
}

fn refusal(result: Result<immivo_server::page_fetcher::Page, FetchError>) -> String {
    match result {
        Err(FetchError::Refused(reason)) => reason,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn the_fetcher_reads_the_page_only_where_it_may() {
    let server = page_server().await;
    let page = fetcher(&["localhost"], loopback()).fetch(&server.url(PAGE_PATH)).await.unwrap();
    assert!(page.html.contains("anna.huber@gmx.de"));
    assert_eq!(parse::scrape_contact_page(&page.html).phone.as_deref(), Some("0171 2345678"));

    // No override: localhost is loopback, refused before any request is sent.
    let before = server.seen.pages.load(Ordering::SeqCst);
    let reason = refusal(fetcher(&["localhost"], PrivateAddresses::Refused).fetch(&server.url(PAGE_PATH)).await);
    assert!(reason.contains("private, loopback"), "{reason}");
    // Not on the allow-list (even with the override).
    let reason = refusal(fetcher(&["immobilienscout24.de"], loopback()).fetch(&server.url(PAGE_PATH)).await);
    assert!(reason.contains("not on the auto-click allow-list"), "{reason}");
    assert_eq!(server.seen.pages.load(Ordering::SeqCst), before, "nothing was fetched");

    // Each redirect hop is checked again: to an allow-listed host at a private address (not
    // covered by the override), and to a host off the list.
    let hosts = ["localhost", "127.0.0.2"];
    let reason =
        refusal(fetcher(&hosts, loopback()).fetch(&server.url("/immobilienscout24.de/anbieter/to-private")).await);
    assert!(reason.contains("127.0.0.2") && reason.contains("private"), "{reason}");
    let reason =
        refusal(fetcher(&hosts, loopback()).fetch(&server.url("/immobilienscout24.de/anbieter/to-elsewhere")).await);
    assert!(reason.contains("'127.0.0.1' is not on the auto-click allow-list"), "{reason}");
    assert_eq!(server.seen.pages.load(Ordering::SeqCst), before);

    // Size: a declared length over the cap, and a stream without one that grows over it.
    let small = PageFetcher::new(AutoClickSettings { max_bytes: 1024 * 1024, ..settings(&["localhost"]) });
    let reason = refusal(small.fetch(&server.url("/immobilienscout24.de/anbieter/big-declared")).await);
    assert!(reason.contains("larger than 1048576 bytes"), "{reason}");
    let reason = refusal(small.fetch(&server.url("/immobilienscout24.de/anbieter/big-streamed")).await);
    assert!(reason.contains("larger than 1048576 bytes"), "{reason}");

    // Not HTML, or gone: refused; busy: worth a retry.
    assert!(refusal(small.fetch(&server.url("/immobilienscout24.de/anbieter/pdf")).await).contains("not an HTML page"));
    assert!(refusal(small.fetch(&server.url("/immobilienscout24.de/anbieter/gone")).await).contains("404"));
    match small.fetch(&server.url("/immobilienscout24.de/anbieter/busy")).await {
        Err(FetchError::Unavailable(reason)) => assert!(reason.contains("503"), "{reason}"),
        other => panic!("expected a retryable failure, got {other:?}"),
    }
    // Nothing listens: a network failure, retried.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap().port();
    let result = small.fetch(&format!("http://localhost:{closed}/x")).await;
    assert!(matches!(result, Err(FetchError::Unavailable(_))), "{result:?}");
}

#[tokio::test]
async fn the_fetcher_keeps_no_cookies_and_stops_in_time() {
    let server = page_server().await;
    let f = PageFetcher::new(settings(&["localhost"]));
    let page = f.fetch(&server.url("/immobilienscout24.de/anbieter/login")).await.unwrap();
    assert_eq!(page.url.path(), PAGE_PATH, "followed the redirect");
    f.fetch(&server.url("/immobilienscout24.de/anbieter/login")).await.unwrap();
    assert_eq!(server.seen.with_cookie.load(Ordering::SeqCst), 0, "the sign-in cookie was never sent back");

    // A server that accepts and never answers: the total time limit ends it.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = silent.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            held.push(socket);
        }
    });
    let quick = PageFetcher::new(AutoClickSettings { timeout: Duration::from_millis(500), ..settings(&["localhost"]) });
    let started = std::time::Instant::now();
    let result = quick.fetch(&format!("http://localhost:{port}/x")).await;
    assert!(matches!(&result, Err(FetchError::Unavailable(m)) if m.contains("within")), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

fn settings(hosts: &[&str]) -> AutoClickSettings {
    AutoClickSettings {
        hosts: hosts.iter().map(|h| (*h).to_owned()).collect(),
        allow_private: loopback(),
        https_only: false,
        max_bytes: 1024 * 1024,
        timeout: Duration::from_secs(10),
    }
}

/// The ImmobilienScout24 fixture without e-mail and phone (and with another first name), its
/// contact link pointing at `link`.
fn inquiry_without_contact(link: &str, message_id: &str) -> Vec<u8> {
    // The fixture has CRLF line ends; the edits below are made on LF lines (a mail may use either).
    let raw = String::from_utf8(crate::pipeline::fixture("immoscout24_text.eml")).unwrap().replace("\r\n", "\n");
    let changed = raw
        .replace("20240312091403.5f1c2a@mail.immobilienscout24.de", message_id)
        .replace("Reply-To: Anna Huber <anna.huber@gmx.de>\n", "")
        .replace("E-Mail: anna.huber@gmx.de\n", "")
        .replace("Telefon: 0171 2345678\n", "")
        .replace("Vorname: Anna\n", "Vorname: Annemarie\n")
        .replace("https://www.immobilienscout24.de/anbieter/anfragen/8f3c2a1b-77e0-4c1d-9a51-2d4be0c0e4f1", link);
    for gone in ["anna.huber@gmx.de", "0171 2345678", "8f3c2a1b-77e0"] {
        assert!(!changed.contains(gone), "{gone} is still in the mail");
    }
    changed.into_bytes()
}

async fn lead_of(received: &serde_json::Value) -> LeadId {
    assert_eq!(received["status"], "PARSED", "{received}");
    serde_json::from_value(received["lead_id"].clone()).unwrap()
}

on_both! {
    async fn auto_click_fills_what_is_missing_and_rescores(backend: Backend) {
        let server = page_server().await;
        let (app, workers) = spawn_app_with_workers(
            backend,
            &[("IMMIVO_WORKER_POLL_MS", "100"), ("IMMIVO_AUTOCLICK_HOSTS", "localhost"), ("IMMIVO_AUTOCLICK_ALLOW_PRIVATE", "127.0.0.1")],
        )
        .await;
        let admin = app.store.ctx(ADMIN).await;
        let token = receive::inbound_token(&app.store.db, &admin).await.unwrap();
        let mail = inquiry_without_contact(&server.url("/immobilienscout24.de/anbieter/login"), "autoclick-1@is24.test");
        let lead_id = lead_of(&post_mail(&app, &token, mail).await).await;

        let done = finished_jobs(&app.store.db, enrich::AUTO_CLICK, 1).await;
        assert_eq!((done[0].status.as_str(), done[0].queue.as_str()), ("DONE", "auto-click"), "{:?}", done[0].last_error);
        let lead = leads::get(&app.store.db, &admin, lead_id).await.unwrap();
        assert_eq!(lead.email.as_deref(), Some("anna.huber@gmx.de"), "filled from the page");
        // The demo office is Austrian: a national number on the page is read as an Austrian one.
        assert_eq!(lead.phone.as_deref(), Some("+431712345678"), "filled from the page, normalised");
        assert_eq!(lead.first_name.as_deref(), Some("Annemarie"), "what the inquiry said stays");
        let clicks = activities(&app.store.db, admin.tenant_id, lead_id, ActivityKind::AutoClick).await;
        assert_eq!(clicks.len(), 1);
        let data = clicks[0].data.clone().unwrap();
        assert_eq!(data["filled"], serde_json::json!(["email", "phone"]));
        let (before, after) = (data["score_before"].as_i64().unwrap(), data["score_after"].as_i64().unwrap());
        assert!(after > before, "the score rises: {before} → {after}");
        assert_eq!(i64::from(lead.score), after);
        assert_eq!(data["page"]["email"], "anna.huber@gmx.de", "the whole page is kept beside the detail: {data}");
        let detail: ActivityDetail = serde_json::from_value(data).unwrap();
        let ActivityDetail::AutoClick { found, .. } = &detail else { panic!("{detail:?}") };
        assert_eq!(found.line(), "Leopoldstraße 12 80802 München");
        let shown = app::i18n::Catalogue.activity(Locale::De, &detail);
        assert!(shown.contains("ergänzt E-Mail, Telefon"), "{shown}");
        let fetched = server.seen.pages.load(Ordering::SeqCst);
        assert_eq!((fetched, done[0].attempts), (1, 1), "one attempt, one fetch");
        assert_eq!(server.seen.with_cookie.load(Ordering::SeqCst), 0);

        // The worker died after applying the page: the re-run fetches nothing and adds nothing.
        as_if_the_worker_died(&app.store.db, done[0].id).await;
        let rerun = done[0].attempts + 1;
        wait_for("the re-run auto-click job", 20, || async {
            jobs_of(&app.store.db, enrich::AUTO_CLICK).await.into_iter().find(|j| j.status == "DONE" && j.attempts == rerun)
        })
        .await;
        assert_eq!(activities(&app.store.db, admin.tenant_id, lead_id, ActivityKind::AutoClick).await.len(), 1);
        assert_eq!(server.seen.pages.load(Ordering::SeqCst), fetched, "not fetched again");
        workers.stop().await;
    }

    async fn a_refused_auto_click_is_dead_with_its_reason(backend: Backend) {
        let server = page_server().await;
        // No override: the page server is on loopback.
        let (app, workers) = spawn_app_with_workers(
            backend,
            &[("IMMIVO_WORKER_POLL_MS", "100"), ("IMMIVO_AUTOCLICK_HOSTS", "localhost")],
        )
        .await;
        let admin = app.store.ctx(ADMIN).await;
        let token = receive::inbound_token(&app.store.db, &admin).await.unwrap();
        let lead_id = lead_of(&post_mail(&app, &token, inquiry_without_contact(&server.url(PAGE_PATH), "refused@is24.test")).await).await;
        let before = leads::get(&app.store.db, &admin, lead_id).await.unwrap();

        let done = finished_jobs(&app.store.db, enrich::AUTO_CLICK, 1).await;
        assert_eq!((done[0].status.as_str(), done[0].attempts), ("DEAD", 1), "permanent: no retries after the refusal");
        let error = done[0].last_error.clone().unwrap();
        assert!(error.contains("refused") && error.contains("private, loopback"), "{error}");
        let clicks = activities(&app.store.db, admin.tenant_id, lead_id, ActivityKind::AutoClick).await;
        assert_eq!(clicks.len(), 1);
        let detail: ActivityDetail = serde_json::from_value(clicks[0].data.clone().unwrap()).unwrap();
        assert!(matches!(&detail, ActivityDetail::AutoClickFailed { error } if error.contains("private, loopback")), "{detail:?}");
        assert_eq!(server.seen.pages.load(Ordering::SeqCst), 0);
        let after = leads::get(&app.store.db, &admin, lead_id).await.unwrap();
        assert_eq!((after.phone, after.email, after.score), (before.phone, before.email, before.score));

        // The office's admin sees the dead job; another office does not.
        let stats = domain::jobs::stats(&app.store.db, &admin).await.unwrap();
        assert_eq!(stats.iter().find(|s| s.queue == model::Queue::AutoClick).unwrap().dead, 1);
        let (other, _) = app.store.second_office().await;
        let theirs = domain::jobs::stats(&app.store.db, &other).await.unwrap();
        assert!(theirs.iter().all(|s| s.dead == 0));
        workers.stop().await;
    }

    async fn a_busy_portal_is_retried_without_an_activity(backend: Backend) {
        let server = page_server().await;
        let (app, workers) = spawn_app_with_workers(
            backend,
            &[("IMMIVO_WORKER_POLL_MS", "100"), ("IMMIVO_AUTOCLICK_HOSTS", "localhost"), ("IMMIVO_AUTOCLICK_ALLOW_PRIVATE", "true")],
        )
        .await;
        let admin = app.store.ctx(ADMIN).await;
        let token = receive::inbound_token(&app.store.db, &admin).await.unwrap();
        let link = server.url("/immobilienscout24.de/anbieter/busy");
        let lead_id = lead_of(&post_mail(&app, &token, inquiry_without_contact(&link, "busy@is24.test")).await).await;
        let job = wait_for("the failed attempt", 20, || async {
            jobs_of(&app.store.db, enrich::AUTO_CLICK).await.into_iter().find(|j| j.last_error.is_some())
        })
        .await;
        assert_eq!(job.status, "QUEUED", "retried later");
        assert!(job.last_error.as_deref().unwrap().contains("503"), "{:?}", job.last_error);
        assert!(job.run_at > chrono::Utc::now(), "after a backoff");
        assert!(activities(&app.store.db, admin.tenant_id, lead_id, ActivityKind::AutoClick).await.is_empty());
        workers.stop().await;
    }
}
