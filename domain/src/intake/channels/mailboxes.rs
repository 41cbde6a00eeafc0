//! Mail accounts: the IMAP mailboxes that inquiries are read from (the office's shared mailbox or
//! an agent's own), and, with an SMTP server set, the accounts mail to leads is sent through
//! (`sender_in`, `send_access`), signed in with the same user name and password.
//! Admins manage every mailbox of their office; an agent manages only their own (another's is
//! "not found"). The password is sealed at rest (`crypto`) and never leaves this module except
//! to the IMAP adapter as `MailboxAccess`.
//!
//! The poller (`server::imap`) is platform-level: it lists every enabled mailbox and records how
//! far it read (`record_progress` after each stored message), when it last looked and what went
//! wrong.

use async_trait::async_trait;
use entity::{mailbox, user};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use secrecy::SecretString;
use uuid::Uuid;

use model::{Mailbox, MailboxCheck, MailboxId, MailboxInput, MailboxSecurity, TenantId, UserId};

use crate::conversations::mailer::{SendAccount, SmtpAccess, Transport};
use crate::crypto::Secrets;
use crate::tenants::audit;
use crate::validate::Checks;
use crate::{Ctx, Db, Error, Result, now, stored};

pub const DEFAULT_FOLDER: &str = "INBOX";
/// Longest error text kept on a mailbox; server messages can be long.
const MAX_ERROR_CHARS: usize = 500;

/// What the IMAP adapter needs to read a mailbox: where, as whom, which folder.
#[derive(Clone, Debug)]
pub struct MailboxAccess {
    pub id: MailboxId,
    pub tenant_id: TenantId,
    pub host: String,
    pub port: u16,
    pub security: MailboxSecurity,
    pub username: String,
    pub password: SecretString,
    pub folder: String,
    /// The agent whose own mailbox it is: new leads from it are theirs.
    pub owner: Option<UserId>,
}

impl MailboxAccess {
    /// The settings progress belongs to: UIDs mean nothing on another server, account or folder.
    pub fn same_place(&self, other: &MailboxAccess) -> bool {
        (self.host.as_str(), self.port, self.security, self.username.as_str(), self.folder.as_str())
            == (other.host.as_str(), other.port, other.security, other.username.as_str(), other.folder.as_str())
    }
}

/// An enabled mailbox as the poller takes it up, with how far it was read.
#[derive(Clone, Debug)]
pub struct PollTarget {
    pub access: MailboxAccess,
    pub uid_validity: Option<u32>,
    pub last_uid: u32,
    /// Changes whenever an admin or agent edits the mailbox: the poller restarts its task.
    pub revision: chrono::DateTime<chrono::Utc>,
}

/// The port to an IMAP server, for the "test connection" action.
#[async_trait]
pub trait MailboxReader: Send + Sync {
    /// Connects, signs in and opens the folder. A refusal is an answer (`ok: false`), not an error.
    async fn check(&self, access: &MailboxAccess) -> MailboxCheck;
}

fn password_context(id: Uuid) -> String {
    format!("mailboxes.password:{id}")
}

fn to_dto(m: mailbox::Model) -> Result<Mailbox> {
    Ok(Mailbox {
        id: MailboxId(m.id),
        user_id: m.user_id.map(UserId),
        host: m.host,
        port: m.port,
        security: stored(&m.security)?,
        username: m.username,
        folder: m.folder,
        enabled: m.enabled,
        smtp_security: m.smtp_security.as_deref().map(stored).transpose()?,
        smtp_host: m.smtp_host,
        smtp_port: m.smtp_port,
        from_address: m.from_address,
        from_name: m.from_name,
        last_polled_at: m.last_polled_at,
        last_error: m.last_error,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// The mailboxes the caller manages: the office's for admins, their own for agents.
pub async fn list(db: &Db, ctx: &Ctx) -> Result<Vec<Mailbox>> {
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let mut q = mailbox::Entity::find().filter(mailbox::Column::TenantId.eq(ctx.tenant_id.0));
    if ctx.sees_only_own() {
        q = q.filter(mailbox::Column::UserId.eq(ctx.user_id.0));
    }
    let rows = q.order_by_asc(mailbox::Column::Id).all(&tx).await?;
    tx.commit().await?;
    rows.into_iter().map(to_dto).collect()
}

pub async fn get(db: &Db, ctx: &Ctx, id: MailboxId) -> Result<Mailbox> {
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let row = find(&tx, ctx, id).await?;
    tx.commit().await?;
    to_dto(row)
}

async fn find(tx: &impl ConnectionTrait, ctx: &Ctx, id: MailboxId) -> Result<mailbox::Model> {
    let mut q = mailbox::Entity::find_by_id(id.0).filter(mailbox::Column::TenantId.eq(ctx.tenant_id.0));
    if ctx.sees_only_own() {
        q = q.filter(mailbox::Column::UserId.eq(ctx.user_id.0));
    }
    q.one(tx).await?.ok_or(Error::NotFound("mailbox"))
}

/// The checked values of a form; `None` where the input kept a value.
struct Checked {
    host: Option<String>,
    port: Option<i32>,
    security: Option<MailboxSecurity>,
    username: Option<String>,
    password: Option<String>,
    folder: Option<String>,
    /// `Some(None)`: sending switched off.
    smtp_host: Option<Option<String>>,
    smtp_port: Option<i32>,
    smtp_security: Option<MailboxSecurity>,
    from_address: Option<Option<String>>,
    from_name: Option<Option<String>>,
}

/// A host name or address, not a URL: no scheme, path, spaces or port.
fn is_host(h: &str) -> bool {
    h.chars().all(|ch| ch.is_ascii_alphanumeric() || ".-_:".contains(ch))
}

fn check_input(input: &MailboxInput, creating: bool) -> Result<Checked> {
    let mut c = Checks::new();
    let host = if creating {
        c.required_text("host", input.host.clone(), 253)
    } else {
        input.host.as_ref().and_then(|h| c.required_text("host", Some(h.clone()), 253))
    };
    if host.as_deref().is_some_and(|h| !is_host(h)) {
        c.fail("host", "invalid");
    }
    let port = c.range("port", input.port, 1, 65_535);
    let username = if creating {
        c.required_text("username", input.username.clone(), 320)
    } else {
        input.username.as_ref().and_then(|u| c.required_text("username", Some(u.clone()), 320))
    };
    // Blank means "keep the stored one" on update; spaces inside a password are the user's.
    let password = input.password.clone().filter(|p| !p.trim().is_empty());
    if password.as_ref().is_some_and(|p| p.chars().count() > 1_000) {
        c.fail("password", "too_long");
    }
    if creating && password.is_none() {
        c.fail("password", "required");
    }
    let folder = c.text("folder", input.folder.clone(), 200);
    if folder.as_deref().is_some_and(|f| f.chars().any(char::is_control)) {
        c.fail("folder", "invalid");
    }
    // Blank clears (`Some(None)`); absent keeps (`None`).
    let smtp_host =
        input.smtp_host.as_ref().map(|h| c.text("smtp_host", Some(h.clone()), 253).map(|h| h.to_lowercase()));
    if smtp_host.as_ref().and_then(|h| h.as_deref()).is_some_and(|h| !is_host(h)) {
        c.fail("smtp_host", "invalid");
    }
    let smtp_port = c.range("smtp_port", input.smtp_port, 1, 65_535);
    let from_address = input.from_address.as_ref().map(|a| c.email("from_address", Some(a.clone())));
    let from_name = input.from_name.as_ref().map(|n| c.text("from_name", Some(n.clone()), 200));
    if from_name.as_ref().and_then(|n| n.as_deref()).is_some_and(|n| n.contains(['\r', '\n', '"', '<', '>'])) {
        c.fail("from_name", "invalid");
    }
    c.finish()?;
    Ok(Checked {
        host,
        port,
        security: input.security,
        username,
        password,
        folder,
        smtp_host,
        smtp_port,
        smtp_security: input.smtp_security,
        from_address,
        from_name,
    })
}

fn default_port(security: MailboxSecurity) -> i32 {
    match security {
        MailboxSecurity::Tls => 993,
        MailboxSecurity::Starttls => 143,
    }
}

/// Submission ports: 465 with TLS from the first byte, 587 with STARTTLS (RFC 8314).
fn default_smtp_port(security: MailboxSecurity) -> i32 {
    match security {
        MailboxSecurity::Tls => 465,
        MailboxSecurity::Starttls => 587,
    }
}

/// A sending account needs an address to send from: its own, or the user name when that is one.
fn check_sender(smtp_host: Option<&str>, from_address: Option<&str>, username: &str) -> Result<()> {
    if smtp_host.is_some() && from_address.is_none() && crate::validate::Email::parse(username).is_err() {
        return Err(Error::invalid(
            "from_address",
            "required",
            "an account that sends needs the address it sends from (the user name is none)",
        ));
    }
    Ok(())
}

/// Fills in SMTP's port and security from each other when one of them is set.
/// A new security without a port takes that security's port; the stored ones stay otherwise.
fn smtp_settings(
    c: &Checked,
    host: Option<&str>,
    stored_port: Option<i32>,
    stored_security: Option<&str>,
) -> (Option<i32>, Option<String>) {
    if host.is_none() {
        return (None, None);
    }
    let security =
        c.smtp_security.or_else(|| stored_security.and_then(|s| s.parse().ok())).unwrap_or(MailboxSecurity::Starttls);
    let port = c
        .smtp_port
        .or(stored_port.filter(|_| c.smtp_security.is_none()))
        .unwrap_or_else(|| default_smtp_port(security));
    (Some(port), Some(security.as_str().to_owned()))
}

pub async fn create(db: &Db, ctx: &Ctx, secrets: &Secrets, input: MailboxInput) -> Result<Mailbox> {
    let c = check_input(&input, true)?;
    let tx = db.tenant(ctx.tenant_id).await?;
    let owner = match (ctx.sees_only_own(), input.user_id) {
        (true, _) => Some(ctx.user_id),
        (false, None) => None,
        (false, Some(user_id)) => {
            let found =
                user::Entity::find_by_id(user_id.0).filter(user::Column::TenantId.eq(ctx.tenant_id.0)).one(&tx).await?;
            if found.is_none() {
                return Err(Error::invalid("user_id", "invalid", "is not a member of this office"));
            }
            Some(user_id)
        }
    };
    let id = Uuid::now_v7();
    let security = c.security.unwrap_or(MailboxSecurity::Tls);
    let password = SecretString::from(c.password.clone().unwrap_or_default());
    let at = now();
    let smtp_host = c.smtp_host.clone().flatten();
    let (smtp_port, smtp_security) = smtp_settings(&c, smtp_host.as_deref(), None, None);
    check_sender(
        smtp_host.as_deref(),
        c.from_address.clone().flatten().as_deref(),
        c.username.as_deref().unwrap_or_default(),
    )?;
    let row = mailbox::ActiveModel {
        id: Set(id),
        tenant_id: Set(ctx.tenant_id.0),
        user_id: Set(owner.map(|u| u.0)),
        host: Set(c.host.clone().unwrap_or_default().to_lowercase()),
        port: Set(c.port.unwrap_or_else(|| default_port(security))),
        security: Set(security.as_str().to_owned()),
        username: Set(c.username.clone().unwrap_or_default()),
        password_sealed: Set(secrets.seal_str(&password_context(id), &password)?),
        folder: Set(c.folder.clone().unwrap_or_else(|| DEFAULT_FOLDER.to_owned())),
        enabled: Set(input.enabled.unwrap_or(true)),
        smtp_host: Set(smtp_host),
        smtp_port: Set(smtp_port),
        smtp_security: Set(smtp_security),
        from_address: Set(c.from_address.clone().flatten()),
        from_name: Set(c.from_name.clone().flatten()),
        uid_validity: Set(None),
        last_uid: Set(0),
        last_polled_at: Set(None),
        last_error: Set(None),
        created_at: Set(at),
        updated_at: Set(at),
    };
    let row = row.insert(&tx).await?;
    audit::record(&tx, ctx, "mailbox.created", Some(("mailbox", id)), None).await?;
    tx.commit().await?;
    to_dto(row)
}

/// Changes a mailbox. Pointing it at another server, account or folder starts reading afresh
/// there; a new password or switching it off keeps how far it was read.
pub async fn update(db: &Db, ctx: &Ctx, secrets: &Secrets, id: MailboxId, input: MailboxInput) -> Result<Mailbox> {
    let c = check_input(&input, false)?;
    let tx = db.tenant(ctx.tenant_id).await?;
    let found = find(&tx, ctx, id).await?;
    let smtp_host = c.smtp_host.clone().unwrap_or_else(|| found.smtp_host.clone());
    let (smtp_port, smtp_security) =
        smtp_settings(&c, smtp_host.as_deref(), found.smtp_port, found.smtp_security.as_deref());
    let from_address = c.from_address.clone().unwrap_or_else(|| found.from_address.clone());
    let from_name = c.from_name.clone().unwrap_or_else(|| found.from_name.clone());
    let host = c.host.map(|h| h.to_lowercase()).unwrap_or_else(|| found.host.clone());
    let port = c.port.unwrap_or(found.port);
    let security = c.security.map(|s| s.as_str().to_owned()).unwrap_or_else(|| found.security.clone());
    let username = c.username.unwrap_or_else(|| found.username.clone());
    let folder = c.folder.unwrap_or_else(|| found.folder.clone());
    let moved = (&host, port, &security, &username, &folder)
        != (&found.host, found.port, &found.security, &found.username, &found.folder);
    check_sender(smtp_host.as_deref(), from_address.as_deref(), &username)?;
    let mut am = found.into_active_model();
    am.smtp_host = Set(smtp_host);
    am.smtp_port = Set(smtp_port);
    am.smtp_security = Set(smtp_security);
    am.from_address = Set(from_address);
    am.from_name = Set(from_name);
    am.host = Set(host);
    am.port = Set(port);
    am.security = Set(security);
    am.username = Set(username);
    am.folder = Set(folder);
    if let Some(enabled) = input.enabled {
        am.enabled = Set(enabled);
    }
    if let Some(password) = c.password {
        am.password_sealed = Set(secrets.seal_str(&password_context(id.0), &SecretString::from(password))?);
    }
    if moved {
        am.uid_validity = Set(None);
        am.last_uid = Set(0);
    }
    // Whatever failed before may work now; the poller says so at its next attempt.
    am.last_error = Set(None);
    am.updated_at = Set(now());
    let row = am.update(&tx).await?;
    audit::record(&tx, ctx, "mailbox.updated", Some(("mailbox", id.0)), None).await?;
    tx.commit().await?;
    to_dto(row)
}

pub async fn delete(db: &Db, ctx: &Ctx, id: MailboxId) -> Result<()> {
    let tx = db.tenant(ctx.tenant_id).await?;
    let found = find(&tx, ctx, id).await?;
    mailbox::Entity::delete_by_id(found.id).exec(&tx).await?;
    audit::record(&tx, ctx, "mailbox.deleted", Some(("mailbox", id.0)), None).await?;
    tx.commit().await?;
    Ok(())
}

/// Tries the stored settings against the server (the caller must be allowed to see the mailbox).
pub async fn test_connection(
    db: &Db,
    ctx: &Ctx,
    secrets: &Secrets,
    reader: &dyn MailboxReader,
    id: MailboxId,
) -> Result<MailboxCheck> {
    let tx = db.tenant(ctx.tenant_id).await?;
    let row = find(&tx, ctx, id).await?;
    tx.commit().await?;
    let access = access_of(secrets, &row)?;
    Ok(reader.check(&access).await)
}

fn access_of(secrets: &Secrets, m: &mailbox::Model) -> Result<MailboxAccess> {
    let port = u16::try_from(m.port).map_err(|_| Error::Internal(format!("stored port {}", m.port)))?;
    Ok(MailboxAccess {
        id: MailboxId(m.id),
        tenant_id: TenantId(m.tenant_id),
        host: m.host.clone(),
        port,
        security: stored(&m.security)?,
        username: m.username.clone(),
        password: secrets.open_str(&password_context(m.id), &m.password_sealed)?,
        folder: m.folder.clone(),
        owner: m.user_id.map(UserId),
    })
}

/// The address an account sends from: its own, or the user name.
pub fn from_address(m: &mailbox::Model) -> Option<String> {
    m.from_address.clone().or_else(|| crate::validate::Email::parse(&m.username).ok().map(|e| e.into_inner()))
}

/// The account mail to a lead goes out through: the first of `users`' own accounts that sends,
/// else the office's shared one; `None` when no account of the office sends.
pub async fn sender_in(
    tx: &impl ConnectionTrait,
    tenant: TenantId,
    users: &[UserId],
) -> Result<Option<mailbox::Model>> {
    let sending = mailbox::Entity::find()
        .filter(mailbox::Column::TenantId.eq(tenant.0))
        .filter(mailbox::Column::SmtpHost.is_not_null())
        .order_by_asc(mailbox::Column::Id)
        .all(tx)
        .await?;
    let own = users.iter().find_map(|u| sending.iter().find(|m| m.user_id == Some(u.0)));
    let shared = || sending.iter().find(|m| m.user_id.is_none());
    Ok(own.or_else(shared).filter(|m| from_address(m).is_some()).cloned())
}

/// What the mailer needs to send through `m`: its server, sign-in and sender (the account's
/// name, else its agent's, else the office's).
pub async fn send_access(tx: &impl ConnectionTrait, secrets: &Secrets, m: &mailbox::Model) -> Result<SendAccount> {
    let host = m.smtp_host.clone().ok_or_else(|| Error::Internal(format!("mailbox {} does not send", m.id)))?;
    let security = m.smtp_security.as_deref().map(stored).transpose()?.unwrap_or(MailboxSecurity::Starttls);
    let port = m.smtp_port.unwrap_or_else(|| default_smtp_port(security));
    let port = u16::try_from(port).map_err(|_| Error::Internal(format!("stored port {port}")))?;
    let from_name = match (&m.from_name, m.user_id) {
        (Some(name), _) => Some(name.clone()),
        (None, Some(owner)) => user::Entity::find_by_id(owner).one(tx).await?.map(|u| u.name),
        (None, None) => entity::tenant::Entity::find_by_id(m.tenant_id).one(tx).await?.map(|t| t.name),
    };
    Ok(SendAccount {
        mailbox: MailboxId(m.id),
        from_address: from_address(m).ok_or_else(|| Error::Internal(format!("mailbox {} has no sender", m.id)))?,
        from_name: from_name.filter(|n| !n.trim().is_empty()),
        transport: Transport::Smtp(SmtpAccess {
            host,
            port,
            security,
            username: m.username.clone(),
            password: secrets.open_str(&password_context(m.id), &m.password_sealed)?,
        }),
    })
}

/// Every enabled mailbox of every office, for the poller. A mailbox whose password does not
/// open with the configured key is left out and says so on its row.
pub async fn poll_targets(db: &Db, secrets: &Secrets) -> Result<Vec<PollTarget>> {
    let tx = db.platform().await?;
    let rows = mailbox::Entity::find()
        .filter(mailbox::Column::Enabled.eq(true))
        .order_by_asc(mailbox::Column::Id)
        .all(&tx)
        .await?;
    tx.commit().await?;
    let mut targets = Vec::with_capacity(rows.len());
    for row in rows {
        match access_of(secrets, &row) {
            Ok(access) => targets.push(PollTarget {
                access,
                uid_validity: row.uid_validity.and_then(|v| u32::try_from(v).ok()),
                last_uid: u32::try_from(row.last_uid).unwrap_or(0),
                revision: row.updated_at,
            }),
            Err(e) => {
                tracing::warn!(error = %e, mailbox = %row.id, "mailbox skipped");
                let message = "the stored password cannot be decrypted with the configured key (IMMIVO_SECRET_KEY); enter it again";
                if row.last_error.as_deref() != Some(message) {
                    record_error(db, TenantId(row.tenant_id), MailboxId(row.id), message).await?;
                }
            }
        }
    }
    Ok(targets)
}

/// Records that everything up to `last_uid` of `uid_validity` is stored. Only while the mailbox
/// still points where `access` points: false means it was edited or deleted meanwhile and the
/// reader should stop.
pub async fn record_progress(db: &Db, access: &MailboxAccess, uid_validity: u32, last_uid: u32) -> Result<bool> {
    let tx = db.tenant(access.tenant_id).await?;
    let result = same_place(mailbox::Entity::update_many(), access)
        .col_expr(mailbox::Column::UidValidity, Expr::value(i64::from(uid_validity)))
        .col_expr(mailbox::Column::LastUid, Expr::value(i64::from(last_uid)))
        .col_expr(mailbox::Column::LastPolledAt, Expr::value(now()))
        .col_expr(mailbox::Column::LastError, Expr::value(Option::<String>::None))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(result.rows_affected == 1)
}

/// Records a successful look at the mailbox that found nothing new.
pub async fn record_polled(db: &Db, access: &MailboxAccess) -> Result<bool> {
    let tx = db.tenant(access.tenant_id).await?;
    let result = same_place(mailbox::Entity::update_many(), access)
        .col_expr(mailbox::Column::LastPolledAt, Expr::value(now()))
        .col_expr(mailbox::Column::LastError, Expr::value(Option::<String>::None))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(result.rows_affected == 1)
}

/// Records why reading the mailbox failed, for its owner to see.
pub async fn record_error(db: &Db, tenant: TenantId, id: MailboxId, message: &str) -> Result<()> {
    let message: String = message.chars().take(MAX_ERROR_CHARS).collect();
    let tx = db.tenant(tenant).await?;
    mailbox::Entity::update_many()
        .filter(mailbox::Column::Id.eq(id.0))
        .filter(mailbox::Column::TenantId.eq(tenant.0))
        .col_expr(mailbox::Column::LastError, Expr::value(Some(message)))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

fn same_place(q: sea_orm::UpdateMany<mailbox::Entity>, a: &MailboxAccess) -> sea_orm::UpdateMany<mailbox::Entity> {
    q.filter(mailbox::Column::Id.eq(a.id.0))
        .filter(mailbox::Column::TenantId.eq(a.tenant_id.0))
        .filter(mailbox::Column::Host.eq(a.host.as_str()))
        .filter(mailbox::Column::Port.eq(i32::from(a.port)))
        .filter(mailbox::Column::Security.eq(a.security.as_str()))
        .filter(mailbox::Column::Username.eq(a.username.as_str()))
        .filter(mailbox::Column::Folder.eq(a.folder.as_str()))
        .filter(mailbox::Column::Enabled.eq(true))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> MailboxInput {
        MailboxInput {
            host: Some(" imap.example.de ".into()),
            username: Some("makler@example.de".into()),
            password: Some("geheim".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_new_mailbox_needs_host_user_and_password() {
        let Err(Error::Invalid(fields)) = check_input(&MailboxInput::default(), true) else { panic!("invalid") };
        let fields: Vec<_> = fields.iter().map(|f| (f.field.as_str(), f.code.as_str())).collect();
        assert_eq!(fields, [("host", "required"), ("username", "required"), ("password", "required")]);
        let ok = check_input(&input(), true).unwrap();
        assert_eq!(ok.host.as_deref(), Some("imap.example.de"));
    }

    #[test]
    fn urls_ports_and_folders_are_checked() {
        for bad in ["imaps://imap.example.de", "imap example.de", "imap.example.de/inbox"] {
            let i = MailboxInput { host: Some(bad.into()), ..input() };
            assert!(matches!(check_input(&i, true), Err(Error::Invalid(f)) if f[0].field == "host"), "{bad}");
        }
        let i = MailboxInput { port: Some(70_000), folder: Some("a\nb".into()), ..input() };
        let Err(Error::Invalid(fields)) = check_input(&i, true) else { panic!("invalid") };
        assert_eq!(fields.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["port", "folder"]);
    }

    #[test]
    fn a_blank_password_keeps_the_stored_one_on_update() {
        let i = MailboxInput { password: Some("  ".into()), ..Default::default() };
        assert!(check_input(&i, false).unwrap().password.is_none());
    }
}
