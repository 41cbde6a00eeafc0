//! The IMAP poller: reads inquiries from the offices' and agents' mailboxes into
//! `intake::receive` (channel IMAP).
//!
//! A supervisor reloads the enabled mailboxes every `reload_interval` and runs one task per
//! mailbox; an edited mailbox gets a fresh task, a deleted or disabled one loses its task. A task
//! connects (implicit TLS or STARTTLS, certificates checked against the public roots plus
//! `IMMIVO_MAIL_CA_FILE`), signs in, selects the folder and fetches every message above the
//! last stored UID with `BODY.PEEK[]` (the mail stays unread for the people using the mailbox).
//! After each stored message the UID is recorded, so a crash reads at most that one again, and
//! `intake::receive` recognises it by its Message-ID. When the server's UIDVALIDITY changes, the
//! UIDs recorded so far mean nothing and the folder is read afresh (Message-IDs again keep
//! leads from doubling). Then the task waits: IMAP IDLE when the server offers it (renewed well
//! inside the 29 minutes RFC 2177 allows), otherwise the poll interval. Errors are recorded on
//! the mailbox and the task reconnects with exponential backoff.

use domain::intake::receive;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use crate::config::Config;
use async_trait::async_trait;
use domain::Db;
use domain::crypto::Secrets;
use domain::intake::channels::mailboxes::{self, MailboxAccess, MailboxReader, PollTarget};
use futures::StreamExt;
use model::{InboundChannel, MailboxCheck, MailboxId, MailboxSecurity};
use rustls_pki_types::{CertificateDer, ServerName};
use secrecy::ExposeSecret;
use tokio::net::TcpStream;
use tokio::task::JoinHandle;
use tokio::time::timeout;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::{self, ClientConfig, RootCertStore};
use tokio_util::sync::CancellationToken;

pub type ImapStream = tokio_rustls::client::TlsStream<TcpStream>;
type Session = async_imap::Session<ImapStream>;

/// Connecting, signing in, one command or one fetched message: none may take longer.
const NETWORK_TIMEOUT: Duration = Duration::from_secs(60);
const MAX_BACKOFF: Duration = Duration::from_secs(300);
/// How long `immivo serve` waits at shutdown for a task storing a message.
const STOP_GRACE: Duration = Duration::from_secs(10);

/// How the poller paces itself.
#[derive(Clone, Debug)]
pub struct PollerSettings {
    /// Between two looks at a mailbox whose server has no IDLE (`IMMIVO_IMAP_POLL_SECS`).
    pub poll_interval: Duration,
    /// How often the list of mailboxes is read again (new, edited, deleted mailboxes).
    pub reload_interval: Duration,
    /// An IDLE is ended and issued again after this long (servers drop IDLE after 30 minutes).
    pub idle_renew: Duration,
    /// Use IDLE where the server offers it; off, every mailbox is polled.
    pub use_idle: bool,
    /// A folder read for the first time is read from the mail of this last stretch of time on
    /// (`IMMIVO_IMAP_BACKFILL_DAYS`): connecting a years-old inbox must not turn its history
    /// into leads.
    pub backfill: Duration,
}

impl PollerSettings {
    pub fn from_config(config: &Config) -> Self {
        Self {
            poll_interval: config.imap_poll_interval,
            reload_interval: Duration::from_secs(30),
            idle_renew: Duration::from_secs(25 * 60),
            use_idle: true,
            backfill: config.imap_backfill,
        }
    }
}

/// Opens IMAP sessions. Also the domain's `MailboxReader` for "test connection".
#[derive(Clone)]
pub struct ImapClient {
    /// A TLS set-up that could not be built is reported by every connection attempt.
    tls: Result<TlsConnector, String>,
}

impl ImapClient {
    /// Trusts the public web roots plus `extra_ca` (a self-hosted server's CA).
    pub fn new(extra_ca: &[CertificateDer<'static>]) -> Self {
        let mut roots = RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        let (_, unusable) = roots.add_parsable_certificates(extra_ca.iter().cloned());
        if unusable > 0 {
            tracing::warn!(unusable, "IMMIVO_MAIL_CA_FILE: some certificates cannot be used as trust anchors");
        }
        // Both rustls back-ends are linked into this binary (via other crates): name one.
        let tls = ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map(|b| TlsConnector::from(Arc::new(b.with_root_certificates(roots).with_no_client_auth())))
            .map_err(|e| format!("TLS set-up: {e}"));
        Self { tls }
    }

    pub fn from_config(config: &Config) -> Self {
        Self::new(&config.mail_extra_ca)
    }

    /// Connects and secures the connection; the server's greeting has been read.
    async fn connect(&self, a: &MailboxAccess) -> Result<async_imap::Client<ImapStream>, String> {
        let tls = self.tls.as_ref().map_err(Clone::clone)?;
        let name =
            ServerName::try_from(a.host.clone()).map_err(|_| format!("'{}' is not a valid host name", a.host))?;
        let tcp = timeout(NETWORK_TIMEOUT, TcpStream::connect((a.host.as_str(), a.port)))
            .await
            .map_err(|_| format!("{}:{}: connection timed out", a.host, a.port))?
            .map_err(|e| format!("{}:{}: {e}", a.host, a.port))?;
        let tcp = match a.security {
            MailboxSecurity::Tls => tcp,
            MailboxSecurity::Starttls => {
                let mut plain = async_imap::Client::new(tcp);
                greeting(&mut plain).await?;
                within("STARTTLS", plain.run_command_and_check_ok("STARTTLS", None)).await?;
                plain.into_inner()
            }
        };
        let stream = timeout(NETWORK_TIMEOUT, tls.connect(name, tcp))
            .await
            .map_err(|_| "TLS handshake timed out".to_owned())?
            .map_err(|e| format!("TLS: {e}"))?;
        let mut client = async_imap::Client::new(stream);
        if a.security == MailboxSecurity::Tls {
            greeting(&mut client).await?;
        }
        Ok(client)
    }

    /// Connects, signs in and selects the folder. Returns the session, whether the server
    /// offers IDLE, and the selected folder's state.
    async fn open(&self, a: &MailboxAccess) -> Result<(Session, bool, async_imap::types::Mailbox), String> {
        let client = self.connect(a).await?;
        let mut session = timeout(NETWORK_TIMEOUT, client.login(&a.username, a.password.expose_secret()))
            .await
            .map_err(|_| "sign-in timed out".to_owned())?
            .map_err(|(e, _)| format!("sign-in refused: {e}"))?;
        let idle = within("CAPABILITY", session.capabilities()).await?.has_str("IDLE");
        let folder =
            within("SELECT", session.select(&a.folder)).await.map_err(|e| format!("folder '{}': {e}", a.folder))?;
        Ok((session, idle, folder))
    }
}

#[async_trait]
impl MailboxReader for ImapClient {
    async fn check(&self, access: &MailboxAccess) -> MailboxCheck {
        match self.open(access).await {
            Ok((mut session, idle, folder)) => {
                // Signing off politely; the answer is already known.
                let _ = timeout(Duration::from_secs(5), session.logout()).await;
                MailboxCheck { ok: true, messages: Some(folder.exists), idle, error: None }
            }
            Err(error) => MailboxCheck { ok: false, messages: None, idle: false, error: Some(error) },
        }
    }
}

async fn greeting(
    client: &mut async_imap::Client<impl tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + std::fmt::Debug + Send>,
) -> Result<(), String> {
    match timeout(NETWORK_TIMEOUT, client.read_response()).await {
        Err(_) => Err("no greeting from the server".to_owned()),
        Ok(Err(e)) => Err(format!("greeting: {e}")),
        Ok(Ok(None)) => Err("the server closed the connection".to_owned()),
        Ok(Ok(Some(_))) => Ok(()),
    }
}

async fn within<T>(what: &str, f: impl Future<Output = async_imap::error::Result<T>>) -> Result<T, String> {
    match timeout(NETWORK_TIMEOUT, f).await {
        Err(_) => Err(format!("{what} timed out")),
        Ok(r) => r.map_err(|e| format!("{what}: {e}")),
    }
}

/// Starts the poller for `immivo serve`, unless `IMMIVO_IMAP_POLLER` is off.
pub fn start(config: &Config, db: &Db, secrets: &Secrets, shutdown: &CancellationToken) -> Option<JoinHandle<()>> {
    if !config.imap_poller {
        tracing::info!("IMAP poller is off (IMMIVO_IMAP_POLLER)");
        return None;
    }
    let client = ImapClient::from_config(config);
    Some(spawn(db.clone(), secrets.clone(), client, PollerSettings::from_config(config), shutdown.child_token()))
}

/// Runs the supervisor until `shutdown` is cancelled; the handle ends when every task has.
pub fn spawn(
    db: Db,
    secrets: Secrets,
    client: ImapClient,
    settings: PollerSettings,
    shutdown: CancellationToken,
) -> JoinHandle<()> {
    let poller = Arc::new(Poller { db, client, settings });
    tokio::spawn(supervise(poller, secrets, shutdown))
}

struct Poller {
    db: Db,
    client: ImapClient,
    settings: PollerSettings,
}

struct Running {
    revision: chrono::DateTime<chrono::Utc>,
    stop: CancellationToken,
    task: JoinHandle<()>,
}

async fn supervise(poller: Arc<Poller>, secrets: Secrets, shutdown: CancellationToken) {
    let mut running: HashMap<MailboxId, Running> = HashMap::new();
    tracing::info!("IMAP poller started");
    loop {
        match mailboxes::poll_targets(&poller.db, &secrets).await {
            Ok(targets) => {
                let mut wanted: HashMap<MailboxId, PollTarget> =
                    targets.into_iter().map(|t| (t.access.id, t)).collect();
                running.retain(|id, r| {
                    let keep = !r.task.is_finished() && wanted.get(id).is_some_and(|t| t.revision == r.revision);
                    if !keep {
                        r.stop.cancel();
                    }
                    keep
                });
                wanted.retain(|id, _| !running.contains_key(id));
                for (id, target) in wanted {
                    let stop = shutdown.child_token();
                    let revision = target.revision;
                    let task = tokio::spawn(read_mailbox(poller.clone(), target, stop.clone()));
                    running.insert(id, Running { revision, stop, task });
                }
            }
            Err(e) => tracing::warn!(error = %e, "IMAP poller: cannot list the mailboxes"),
        }
        tokio::select! {
            () = shutdown.cancelled() => break,
            () = tokio::time::sleep(poller.settings.reload_interval) => {}
        }
    }
    for (_, r) in running {
        r.stop.cancel();
        if timeout(STOP_GRACE, r.task).await.is_err() {
            tracing::warn!("IMAP poller: a mailbox task did not stop in time");
        }
    }
    tracing::info!("IMAP poller stopped");
}

/// How far a mailbox is read, as the task knows it.
struct Progress {
    uid_validity: Option<u32>,
    last_uid: u32,
}

/// Why a session ended without an error.
enum Ended {
    Stopped,
    /// The mailbox was edited, disabled or deleted: the supervisor decides what comes next.
    Changed,
}

#[tracing::instrument(skip_all, fields(mailbox = %target.access.id, tenant_id = %target.access.tenant_id))]
async fn read_mailbox(poller: Arc<Poller>, target: PollTarget, stop: CancellationToken) {
    let access = target.access;
    let mut progress = Progress { uid_validity: target.uid_validity, last_uid: target.last_uid };
    let mut failures: u32 = 0;
    loop {
        match poller.session(&access, &mut progress, &stop, &mut failures).await {
            Ok(Ended::Stopped | Ended::Changed) => return,
            Err(error) => {
                failures = failures.saturating_add(1);
                tracing::warn!(%error, failures, "IMAP mailbox: reconnecting after an error");
                if let Err(e) = mailboxes::record_error(&poller.db, access.tenant_id, access.id, &error).await {
                    tracing::warn!(error = %e, "IMAP mailbox: cannot record the error");
                }
                let delay = Duration::from_secs(1u64 << failures.min(9)).min(MAX_BACKOFF);
                tokio::select! {
                    () = stop.cancelled() => return,
                    () = tokio::time::sleep(delay) => {}
                }
            }
        }
    }
}

impl Poller {
    /// One connection: read what is new, then wait for more, until stopped or broken.
    async fn session(
        &self,
        access: &MailboxAccess,
        progress: &mut Progress,
        stop: &CancellationToken,
        failures: &mut u32,
    ) -> Result<Ended, String> {
        let (mut session, idle, folder) = tokio::select! {
            () = stop.cancelled() => return Ok(Ended::Stopped),
            opened = self.client.open(access) => opened?,
        };
        let validity = folder.uid_validity.ok_or("the server sent no UIDVALIDITY")?;
        if progress.uid_validity != Some(validity) {
            if progress.uid_validity.is_some() {
                tracing::info!(validity, "UIDVALIDITY changed: reading the folder afresh");
            }
            let last_uid = self.start_after(&mut session, &folder).await?;
            tracing::info!(validity, last_uid, "IMAP folder read from the backfill window on");
            *progress = Progress { uid_validity: Some(validity), last_uid };
        }
        let idle = idle && self.settings.use_idle;
        loop {
            if !self.fetch_new(&mut session, access, progress, validity).await? {
                return Ok(Ended::Changed);
            }
            *failures = 0;
            if stop.is_cancelled() {
                return Ok(Ended::Stopped);
            }
            if idle {
                let mut handle = session.idle();
                within("IDLE", handle.init()).await?;
                let woke = {
                    // Dropping `_interrupt` with the block ends a wait that is still running.
                    let (wait, _interrupt) = handle.wait_with_timeout(self.settings.idle_renew);
                    tokio::select! {
                        () = stop.cancelled() => None,
                        r = wait => Some(r),
                    }
                };
                match woke {
                    None => return Ok(Ended::Stopped),
                    Some(r) => {
                        r.map_err(|e| format!("IDLE: {e}"))?;
                    }
                }
                session = within("DONE", handle.done()).await?;
            } else {
                tokio::select! {
                    () = stop.cancelled() => return Ok(Ended::Stopped),
                    () = tokio::time::sleep(self.settings.poll_interval) => {}
                }
            }
        }
    }

    /// The UID after which a folder seen afresh is read: just before its first message of the
    /// backfill window (by arrival, IMAP's INTERNALDATE), or after its newest when all are older.
    async fn start_after(&self, session: &mut Session, folder: &async_imap::types::Mailbox) -> Result<u32, String> {
        let since = chrono::Utc::now() - self.settings.backfill;
        // IMAP dates are day-precise with English month names, which `%b` writes.
        let query = format!("SINCE {}", since.format("%d-%b-%Y"));
        let recent = within("UID SEARCH", session.uid_search(&query)).await?;
        if let Some(first) = recent.into_iter().min() {
            return Ok(first.saturating_sub(1));
        }
        match folder.uid_next {
            Some(next) => Ok(next.saturating_sub(1)),
            None => {
                let all = within("UID SEARCH", session.uid_search("ALL")).await?;
                Ok(all.into_iter().max().unwrap_or(0))
            }
        }
    }

    /// Stores every message above the last stored UID, recording each as it goes. False when
    /// the mailbox no longer points here (edited, disabled or deleted meanwhile).
    async fn fetch_new(
        &self,
        session: &mut Session,
        access: &MailboxAccess,
        progress: &mut Progress,
        validity: u32,
    ) -> Result<bool, String> {
        let range = format!("{}:*", progress.last_uid.saturating_add(1));
        let mut fetched = 0usize;
        let mut messages = within("UID FETCH", session.uid_fetch(&range, "(UID BODY.PEEK[])")).await?;
        loop {
            let fetch = match timeout(NETWORK_TIMEOUT, messages.next()).await {
                Err(_) => return Err("UID FETCH timed out".to_owned()),
                Ok(None) => break,
                Ok(Some(item)) => item.map_err(|e| format!("UID FETCH: {e}"))?,
            };
            // `n:*` always includes the newest message, even when its UID is below n.
            let Some(uid) = fetch.uid.filter(|uid| *uid > progress.last_uid) else { continue };
            match fetch.body().filter(|raw| !raw.is_empty()) {
                Some(raw) => {
                    let received =
                        receive::receive(&self.db, access.tenant_id, InboundChannel::Imap, access.owner, raw)
                            .await
                            .map_err(|e| format!("storing message UID {uid}: {e}"))?;
                    tracing::info!(
                        uid,
                        status = received.status.as_str(),
                        duplicate = received.duplicate,
                        "IMAP message stored"
                    );
                }
                None => tracing::warn!(uid, "IMAP message without content skipped"),
            }
            if !mailboxes::record_progress(&self.db, access, validity, uid).await.map_err(|e| e.to_string())? {
                return Ok(false);
            }
            progress.last_uid = uid;
            fetched += 1;
        }
        drop(messages);
        if fetched == 0 {
            return mailboxes::record_polled(&self.db, access).await.map_err(|e| e.to_string());
        }
        Ok(true)
    }
}
