//! The IMAP poller against a real dovecot on loopback (started by `scripts/test-services`):
//! mail put into a folder with IMAP APPEND becomes leads (channel IMAP), a restart reads nothing
//! twice and picks up what arrived meanwhile, IDLE delivers at once, TLS and STARTTLS both work,
//! a refused sign-in is recorded without stopping anything, the password is sealed at rest, and
//! mailboxes stay with their owner; and the round trip: Immivo sends through the account's SMTP
//! server, the lead's answer arrives in its IMAP folder and lands in the lead's conversation.
//! Every test uses a folder of its own.

use domain::intake::receive;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::helpers::*;
use crate::on_both;
use domain::crypto::Secrets;
use domain::intake::channels::mailboxes;
use domain::{Ctx, Db};
use futures::StreamExt;
use immivo_server::channels::imap::{ImapClient, PollerSettings};
use model::{InboundChannel, InboundStatus, MailboxId, MailboxInput, MailboxSecurity};
use reqwest::StatusCode;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName};
use sea_orm::EntityTrait;
use serde_json::json;
use tokio::task::JoinHandle;
use tokio_rustls::rustls::{self, ClientConfig, RootCertStore};
use tokio_util::sync::CancellationToken;

struct Dovecot {
    host: String,
    tls_port: u16,
    starttls_port: u16,
    ca: Vec<CertificateDer<'static>>,
    user: String,
    password: String,
}

fn dovecot() -> Dovecot {
    let var = |name: &str| {
        std::env::var(name)
            .unwrap_or_else(|_| panic!("{name} is not set: run the tests through scripts/test, which starts dovecot"))
    };
    let ca_file = var("IMMIVO_TEST_IMAP_CA_FILE");
    Dovecot {
        host: var("IMMIVO_TEST_IMAP_HOST"),
        tls_port: var("IMMIVO_TEST_IMAP_PORT_TLS").parse().unwrap(),
        starttls_port: var("IMMIVO_TEST_IMAP_PORT_STARTTLS").parse().unwrap(),
        ca: CertificateDer::pem_file_iter(&ca_file).unwrap().collect::<Result<_, _>>().unwrap(),
        user: var("IMMIVO_TEST_IMAP_USER"),
        password: var("IMMIVO_TEST_IMAP_PASSWORD"),
    }
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../domain/src/intake/parse/fixtures/inbound/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// A fixture without its Message-ID: reading it twice would store it twice, so it proves that
/// the poller did not (de-duplication cannot hide it).
fn without_message_id(name: &str) -> Vec<u8> {
    let raw = String::from_utf8(fixture(name)).unwrap();
    let kept: Vec<&str> =
        raw.split_inclusive('\n').filter(|l| !l.to_ascii_lowercase().starts_with("message-id:")).collect();
    let out = kept.concat();
    assert_ne!(out.len(), raw.len(), "{name} had a Message-ID");
    out.into_bytes()
}

fn unique_folder() -> String {
    format!("t{}", uuid::Uuid::new_v4().simple())
}

type TestSession = async_imap::Session<tokio_rustls::client::TlsStream<tokio::net::TcpStream>>;

/// Signs in to dovecot as a mail client would (implicit TLS), for putting mail in place.
async fn session(d: &Dovecot) -> TestSession {
    let mut roots = RootCertStore::empty();
    roots.add_parsable_certificates(d.ca.iter().cloned());
    let config = ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let tcp = tokio::net::TcpStream::connect((d.host.as_str(), d.tls_port)).await.unwrap();
    let name = ServerName::try_from(d.host.clone()).unwrap();
    let tls = tokio_rustls::TlsConnector::from(Arc::new(config)).connect(name, tcp).await.unwrap();
    let mut client = async_imap::Client::new(tls);
    client.read_response().await.unwrap().unwrap();
    client.login(&d.user, &d.password).await.map_err(|(e, _)| e).unwrap()
}

async fn append(d: &Dovecot, folder: &str, mails: &[Vec<u8>]) {
    append_dated(d, folder, None, mails).await;
}

/// Appends with an arrival date (INTERNALDATE, `"01-Jan-2020 10:00:00 +0000"`); `None` is now.
async fn append_dated(d: &Dovecot, folder: &str, arrived: Option<&str>, mails: &[Vec<u8>]) {
    let mut s = session(d).await;
    if s.select(folder).await.is_err() {
        s.create(folder).await.unwrap();
    }
    for raw in mails {
        s.append(folder, None, arrived, raw).await.unwrap();
    }
    s.logout().await.unwrap();
}

/// The flags of every message in the folder, in UID order.
async fn flags(d: &Dovecot, folder: &str) -> Vec<Vec<String>> {
    let mut s = session(d).await;
    s.select(folder).await.unwrap();
    let fetches: Vec<_> = s.uid_fetch("1:*", "FLAGS").await.unwrap().collect::<Vec<_>>().await;
    let out = fetches.into_iter().map(|f| f.unwrap().flags().map(|fl| format!("{fl:?}")).collect()).collect();
    s.logout().await.unwrap();
    out
}

fn settings(d: &Dovecot, security: MailboxSecurity, folder: &str, password: &str) -> MailboxInput {
    MailboxInput {
        host: Some(d.host.clone()),
        port: Some(i32::from(match security {
            MailboxSecurity::Tls => d.tls_port,
            MailboxSecurity::Starttls => d.starttls_port,
        })),
        security: Some(security),
        username: Some(d.user.clone()),
        password: Some(password.to_owned()),
        folder: Some(folder.to_owned()),
        enabled: Some(true),
        ..Default::default()
    }
}

fn secrets() -> Secrets {
    test_config("sqlite::memory:", &[]).secrets
}

struct Poller {
    stop: CancellationToken,
    handle: JoinHandle<()>,
}

impl Poller {
    fn start(db: &Db, d: &Dovecot, poll_interval: Duration, use_idle: bool) -> Self {
        let stop = CancellationToken::new();
        let settings = PollerSettings {
            poll_interval,
            reload_interval: Duration::from_millis(200),
            idle_renew: Duration::from_secs(600),
            use_idle,
            backfill: Duration::from_secs(14 * 86_400),
        };
        let handle =
            immivo_server::channels::imap::spawn(db.clone(), secrets(), ImapClient::new(&d.ca), settings, stop.clone());
        Self { stop, handle }
    }

    async fn stop(self) {
        self.stop.cancel();
        tokio::time::timeout(Duration::from_secs(15), self.handle).await.expect("the poller stops").unwrap();
    }
}

/// Waits until `check` answers, for at most `secs` seconds.
async fn eventually<T, F, Fut>(what: &str, secs: u64, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out after {secs} s waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until `n` mails are stored and processed: a row is RECEIVED while intake still runs.
async fn received(db: &Db, admin: &Ctx, n: usize, secs: u64) -> Vec<model::InboundEmailSummary> {
    eventually(&format!("{n} stored and processed mails"), secs, || async move {
        let all = receive::list(db, admin, None, 100).await.unwrap();
        (all.len() >= n && all.iter().all(|m| m.status != InboundStatus::Received)).then_some(all)
    })
    .await
}

async fn row(db: &Db, id: MailboxId) -> entity::mailbox::Model {
    let tx = db.platform().await.unwrap();
    let m = entity::mailbox::Entity::find_by_id(id.0).one(&tx).await.unwrap().unwrap();
    tx.commit().await.unwrap();
    m
}

on_both! {
    async fn an_agents_mailbox_reads_recent_mail_into_their_own_leads(backend: Backend) {
        let d = dovecot();
        let app = spawn_app(backend).await;
        let db = &app.store.db;
        let (admin, agent) = (&app.store.ctx(ADMIN).await, &app.store.ctx(AGENT).await);
        let folder = unique_folder();
        // Years of history in the folder, then one new inquiry.
        append_dated(&d, &folder, Some("\"02-Jan-2020 09:30:00 +0100\""), &[fixture("immoscout24_text.eml"), fixture("kleinanzeigen_text.eml")]).await;
        append(&d, &folder, &[fixture("willhaben_text.eml")]).await;
        let mailbox = mailboxes::create(db, agent, &secrets(), settings(&d, MailboxSecurity::Tls, &folder, &d.password)).await.unwrap();
        assert_eq!(mailbox.user_id, Some(agent.user_id));

        let poller = Poller::start(db, &d, Duration::from_secs(600), true);
        eventually("last UID 3", 30, || async move { (row(db, mailbox.id).await.last_uid == 3).then_some(()) }).await;
        let stored = received(db, admin, 1, 30).await;
        assert_eq!(stored.len(), 1, "the old mail is left alone: {stored:?}");
        let lead = domain::leads::get(db, admin, stored[0].lead_id.unwrap()).await.unwrap();
        assert_eq!(lead.source.as_str(), "WILLHABEN");
        assert_eq!(lead.assigned_to, Some(agent.user_id), "a lead from an agent's own mailbox is theirs");
        poller.stop().await;
    }

    async fn imap_mail_becomes_leads_and_a_restart_reads_nothing_twice(backend: Backend) {
        let d = dovecot();
        let app = spawn_app(backend).await;
        let db = &app.store.db;
        let admin = &app.store.ctx(ADMIN).await;
        let folder = unique_folder();
        append(&d, &folder, &[
            fixture("immoscout24_text.eml"),
            without_message_id("willhaben_text.eml"),
            fixture("unrecognised_out_of_office.eml"),
        ]).await;
        let mailbox = mailboxes::create(db, admin, &secrets(), settings(&d, MailboxSecurity::Tls, &folder, &d.password)).await.unwrap();

        let poller = Poller::start(db, &d, Duration::from_secs(600), true);
        let first = received(db, admin, 3, 30).await;
        assert!(first.iter().all(|m| m.channel == InboundChannel::Imap), "{first:?}");
        let parsed = first.iter().filter(|m| m.status == InboundStatus::Parsed).count();
        let unrecognised = first.iter().filter(|m| m.status == InboundStatus::Unrecognised).count();
        assert_eq!((parsed, unrecognised), (2, 1), "unrecognised mail is kept, not dropped: {first:?}");
        let mut sources = Vec::new();
        for lead in first.iter().filter_map(|m| m.lead_id) {
            sources.push(domain::leads::get(db, admin, lead).await.unwrap().source.as_str());
        }
        sources.sort_unstable();
        assert_eq!(sources, ["IMMOSCOUT24", "WILLHABEN"]);
        let progress = eventually("progress recorded", 10, || async move {
            let r = row(db, mailbox.id).await;
            (r.last_uid == 3 && r.last_polled_at.is_some()).then_some(r)
        }).await;
        assert!(progress.uid_validity.is_some());
        assert_eq!(progress.last_error, None);
        poller.stop().await;

        // Mail that arrives while the poller is down is read after the restart, and only that.
        append(&d, &folder, &[fixture("kleinanzeigen_text.eml"), without_message_id("immowelt_multipart.eml")]).await;
        let poller = Poller::start(db, &d, Duration::from_secs(600), true);
        let all = received(db, admin, 5, 30).await;
        eventually("last UID 5", 10, || async move { (row(db, mailbox.id).await.last_uid == 5).then_some(()) }).await;
        tokio::time::sleep(Duration::from_secs(1)).await;
        let all_again = receive::list(db, admin, None, 100).await.unwrap();
        assert_eq!(all_again.len(), 5, "each mail stored once: {all:?}");
        assert!(all_again.iter().all(|m| !m.duplicate));
        poller.stop().await;

        // BODY.PEEK: the people using the mailbox still see the mail as unread.
        let flags = flags(&d, &folder).await;
        assert_eq!(flags.len(), 5);
        assert!(flags.iter().all(|f| !f.iter().any(|fl| fl.contains("Seen"))), "{flags:?}");
    }

    async fn idle_delivers_new_mail_at_once_over_starttls(backend: Backend) {
        let d = dovecot();
        let app = spawn_app(backend).await;
        let db = &app.store.db;
        let admin = &app.store.ctx(ADMIN).await;
        let folder = unique_folder();
        append(&d, &folder, &[fixture("immoscout24_html.eml")]).await;
        mailboxes::create(db, admin, &secrets(), settings(&d, MailboxSecurity::Starttls, &folder, &d.password)).await.unwrap();
        // Ten minutes between polls: only IDLE can bring the second mail within seconds.
        let poller = Poller::start(db, &d, Duration::from_secs(600), true);
        received(db, admin, 1, 30).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let sent = Instant::now();
        append(&d, &folder, &[fixture("homegate_de.eml")]).await;
        let all = received(db, admin, 2, 15).await;
        let took = sent.elapsed();
        assert!(took < Duration::from_secs(10), "IDLE took {took:?}");
        assert!(all.iter().all(|m| m.channel == InboundChannel::Imap && m.status == InboundStatus::Parsed), "{all:?}");
        println!("IDLE delivery: {took:?} from APPEND to stored lead");
        poller.stop().await;
    }

    async fn without_idle_the_mailbox_is_polled(backend: Backend) {
        let d = dovecot();
        let app = spawn_app(backend).await;
        let db = &app.store.db;
        let admin = &app.store.ctx(ADMIN).await;
        let folder = unique_folder();
        append(&d, &folder, &[fixture("immonet_text.eml")]).await;
        mailboxes::create(db, admin, &secrets(), settings(&d, MailboxSecurity::Tls, &folder, &d.password)).await.unwrap();
        let poller = Poller::start(db, &d, Duration::from_secs(1), false);
        received(db, admin, 1, 30).await;
        append(&d, &folder, &[fixture("kleinanzeigen_ebay_html.eml")]).await;
        let all = received(db, admin, 2, 15).await;
        assert_eq!(all.len(), 2);
        poller.stop().await;
    }

    async fn a_refused_sign_in_is_recorded_and_a_new_password_recovers(backend: Backend) {
        let d = dovecot();
        let app = spawn_app(backend).await;
        let db = &app.store.db;
        let admin = &app.store.ctx(ADMIN).await;
        let folder = unique_folder();
        append(&d, &folder, &[fixture("website_contact_form7.eml")]).await;
        let mailbox = mailboxes::create(db, admin, &secrets(), settings(&d, MailboxSecurity::Tls, &folder, "falsches-Passwort")).await.unwrap();
        let poller = Poller::start(db, &d, Duration::from_secs(1), true);
        let error = eventually("the error on the mailbox", 30, || async move {
            mailboxes::get(db, admin, mailbox.id).await.unwrap().last_error
        }).await;
        assert!(error.contains("sign-in refused"), "{error}");
        assert!(!error.contains("falsches-Passwort"), "no password in the error: {error}");
        assert!(!poller.handle.is_finished(), "the poller keeps running");
        assert!(receive::list(db, admin, None, 10).await.unwrap().is_empty());

        // The right password (and nothing else) makes it work from the next attempt on.
        let fix = MailboxInput { password: Some(d.password.clone()), ..Default::default() };
        mailboxes::update(db, admin, &secrets(), mailbox.id, fix).await.unwrap();
        let all = received(db, admin, 1, 30).await;
        assert_eq!(all[0].status, InboundStatus::Parsed, "{all:?}");
        eventually("the error cleared", 10, || async move {
            mailboxes::get(db, admin, mailbox.id).await.unwrap().last_error.is_none().then_some(())
        }).await;
        poller.stop().await;
    }

    async fn mailboxes_stay_with_their_owner_and_keep_the_password_sealed(backend: Backend) {
        let d = dovecot();
        let app = spawn_app(backend).await;
        let folder = unique_folder();
        append(&d, &folder, &[fixture("immoscout24_text.eml"), fixture("willhaben_text.eml")]).await;
        let admin = app.signed_in(ADMIN).await;
        let agent = app.signed_in(AGENT).await;
        let colleague = app.signed_in(COLLEAGUE).await;
        let input = |security, password: &str| serde_json::to_value(settings(&d, security, &folder, password)).unwrap();

        let (status, office) = app.server_fn(&admin, "create_mailbox", json!({"input": input(MailboxSecurity::Tls, &d.password)})).await;
        assert_eq!(status, StatusCode::OK, "{office}");
        assert_eq!(office["user_id"], serde_json::Value::Null, "an admin's mailbox is the office's");
        assert!(office.get("password").is_none() && !office.to_string().contains(&d.password), "write-only: {office}");
        let (_, mine) = app.server_fn(&agent, "create_mailbox", json!({"input": input(MailboxSecurity::Starttls, &d.password)})).await;
        let agent_ctx = app.store.ctx(AGENT).await;
        assert_eq!(mine["user_id"], json!(agent_ctx.user_id), "{mine}");
        let (_, theirs) = app.server_fn(&colleague, "create_mailbox", json!({"input": input(MailboxSecurity::Tls, "wrong-password")})).await;

        // At rest: a sealed value, not the password; the row's Debug does not show it either.
        let stored = row(&app.store.db, serde_json::from_value(office["id"].clone()).unwrap()).await;
        assert!(!stored.password_sealed.windows(d.password.len()).any(|w| w == d.password.as_bytes()));
        assert!(stored.password_sealed.len() > d.password.len() + 12);
        assert!(!format!("{stored:?}").contains(&d.password));

        let ids = |list: &serde_json::Value| list.as_array().unwrap().iter().map(|m| m["id"].clone()).collect::<Vec<_>>();
        let (_, listed) = app.server_fn(&agent, "list_mailboxes", json!({})).await;
        assert_eq!(ids(&listed), vec![mine["id"].clone()], "an agent sees only their own");
        let (_, listed) = app.server_fn(&admin, "list_mailboxes", json!({})).await;
        assert_eq!(ids(&listed).len(), 3, "the admin sees the office's");

        // Another agent's or the office's mailbox is "not found" for an agent, by every function.
        for other in [&theirs["id"], &office["id"]] {
            for (name, args) in [
                ("update_mailbox", json!({"id": other, "input": {"folder": "Spam"}})),
                ("delete_mailbox", json!({"id": other})),
                ("test_mailbox", json!({"id": other})),
            ] {
                let (status, body) = app.server_fn(&agent, name, args).await;
                assert_eq!(status, StatusCode::NOT_FOUND, "{name}: {body}");
            }
        }
        // Another office's admin sees none of ours.
        let (other_admin, _) = app.store.second_office().await;
        assert!(mailboxes::list(&app.store.db, &other_admin).await.unwrap().is_empty());
        assert!(matches!(
            mailboxes::update(&app.store.db, &other_admin, &secrets(), serde_json::from_value(office["id"].clone()).unwrap(), MailboxInput::default()).await,
            Err(domain::Error::NotFound(_))
        ));

        // Connection tests over TLS and STARTTLS, and a refused one.
        let (status, check) = app.server_fn(&admin, "test_mailbox", json!({"id": office["id"]})).await;
        assert_eq!(status, StatusCode::OK, "{check}");
        assert_eq!((check["ok"].clone(), check["messages"].clone(), check["idle"].clone()), (json!(true), json!(2), json!(true)), "{check}");
        let (_, check) = app.server_fn(&agent, "test_mailbox", json!({"id": mine["id"]})).await;
        assert_eq!(check["ok"], true, "STARTTLS: {check}");
        let (_, check) = app.server_fn(&colleague, "test_mailbox", json!({"id": theirs["id"]})).await;
        assert_eq!(check["ok"], false, "{check}");
        assert!(check["error"].as_str().unwrap().contains("sign-in refused"), "{check}");

        // Bad input: every field error at once, nothing stored.
        let (status, body) = app.server_fn(&agent, "create_mailbox", json!({"input": {"host": "imaps://x y", "port": 0}})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let fields: Vec<&str> = body["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["host", "port", "username", "password"], "{body}");

        // The agent edits their own: another folder starts afresh; deleting removes it.
        let (status, edited) = app.server_fn(&agent, "update_mailbox", json!({"id": mine["id"], "input": {"folder": "INBOX", "enabled": false}})).await;
        assert_eq!(status, StatusCode::OK, "{edited}");
        assert_eq!((edited["folder"].clone(), edited["enabled"].clone()), (json!("INBOX"), json!(false)));
        let (status, _) = app.server_fn(&agent, "delete_mailbox", json!({"id": mine["id"]})).await;
        assert_eq!(status, StatusCode::OK);
        let (_, listed) = app.server_fn(&agent, "list_mailboxes", json!({})).await;
        assert_eq!(listed, json!([]));
    }
}

on_both! {
    async fn the_leads_answer_comes_back_by_imap_into_its_thread(backend: Backend) {
        use crate::mail_out::{answer_mail, lead, messages_of, sink, stored};
        use domain::conversations::{delivery, outbox};
        let (d, s) = (dovecot(), sink());
        let app = spawn_app(backend).await;
        let db = &app.store.db;
        let admin = &app.store.ctx(ADMIN).await;
        let folder = unique_folder();
        // One account: IMAP in from dovecot, SMTP out through the sink.
        let smtp = s.account(MailboxSecurity::Tls, &d.password);
        let account = MailboxInput {
            smtp_host: smtp.smtp_host,
            smtp_port: smtp.smtp_port,
            smtp_security: smtp.smtp_security,
            ..settings(&d, MailboxSecurity::Tls, &folder, &d.password)
        };
        mailboxes::create(db, admin, &secrets(), account).await.unwrap();
        let lead_id = lead(db, admin, "klara").await;
        let sent = outbox::send_to_lead(db, admin.tenant_id, domain::Actor::System, lead_id, "Ihre Anfrage", "Guten Tag").await.unwrap();
        let outcome = delivery::send(db, &secrets(), &s.mailer(), admin.tenant_id, sent.message_id, false).await.unwrap();
        assert!(matches!(outcome, delivery::Outcome::Sent { .. }), "{outcome:?}");
        let ours = stored(db, sent.message_id).await.external_id.unwrap();

        append(&d, &folder, &[answer_mail(&sent.to, &ours, "", "Freitag um 10 Uhr wäre ideal.")]).await;
        let poller = Poller::start(db, &d, Duration::from_secs(600), true);
        let all = received(db, admin, 1, 30).await;
        poller.stop().await;
        assert_eq!((all[0].channel, all[0].lead_id), (InboundChannel::Imap, Some(lead_id)), "{all:?}");
        assert_eq!(domain::leads::get(db, admin, lead_id).await.unwrap().status, model::LeadStatus::Conversation);
        let thread = messages_of(db, lead_id).await;
        assert_eq!(thread.last().map(|m| (m.direction.as_str(), m.body.as_str())), Some(("IN", "Freitag um 10 Uhr wäre ideal.")));
    }
}
