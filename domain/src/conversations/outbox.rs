//! Mail to leads, stored first. A mail is checked (one-line subject, bounded body, a single
//! address), stored as an outbound message with its timeline entry and, when a mail account of
//! the office sends, queued for the `mail.send` job in the same transaction; otherwise it is KEPT
//! in the outbox, which says so and how to connect an account. The sender is the acting agent's
//! own account, else the lead's agent's, else the office's shared one.

use entity::{lead, message};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use crate::conversations::delivery;
use crate::intake::channels::mailboxes;
use crate::leads::record_activity;
use crate::validate::Checks;
use crate::{Actor, Ctx, Db, Error, Result, now};
use model::{ActivityDetail, ActivityKind, LeadId, MailStatus, TenantId, UserId};

/// Longest subject: one header line, folded by the adapter.
const MAX_SUBJECT: usize = 500;
/// Longest body: a mail to a lead, not a document.
const MAX_BODY: usize = 50_000;

/// An outbound mail as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    pub message_id: Uuid,
    pub to: String,
    /// QUEUED (the job sends it) or KEPT (no account sends).
    pub status: MailStatus,
    /// The sending address, when an account sends it.
    pub from: Option<String>,
}

/// A mail to a lead as it is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Letter<'a> {
    pub subject: &'a str,
    pub body: &'a str,
    /// The follow-up step (1-based) this mail is; `None` for a reply, which (re)starts the
    /// lead's follow-ups once it has left.
    pub follow_up_step: Option<u32>,
}

impl<'a> Letter<'a> {
    pub fn reply(subject: &'a str, body: &'a str) -> Self {
        Self { subject, body, follow_up_step: None }
    }
}

/// A person's mail to a lead they may see (an agent only to their own leads; anyone else's is
/// "not found"), sent through their own account when they have one.
pub async fn send(db: &Db, ctx: &Ctx, lead_id: LeadId, letter: &Letter<'_>) -> Result<Sent> {
    crate::leads::get(db, ctx, lead_id).await?;
    store(db, ctx.tenant_id, Actor::User(ctx.user_id), lead_id, letter).await
}

/// Stores a reply to the lead, records it on the timeline and queues it, in one transaction;
/// wakes this process's senders after the commit.
pub async fn send_to_lead(
    db: &Db,
    tenant: TenantId,
    actor: Actor,
    lead_id: LeadId,
    subject: &str,
    body: &str,
) -> Result<Sent> {
    store(db, tenant, actor, lead_id, &Letter::reply(subject, body)).await
}

async fn store(db: &Db, tenant: TenantId, actor: Actor, lead_id: LeadId, letter: &Letter<'_>) -> Result<Sent> {
    let tx = db.tenant(tenant).await?;
    let sent = send_in(&tx, tenant, actor, lead_id, letter).await?;
    tx.commit().await?;
    delivery::wake(db, &sent);
    Ok(sent)
}

/// The subject and body as they may go out: a subject is one line (a line break would start a
/// header of its own), neither holds control characters, both are bounded.
fn checked(subject: &str, body: &str) -> Result<(String, String)> {
    let mut checks = Checks::new();
    let subject = checks.required_text("subject", Some(subject.to_owned()), MAX_SUBJECT).unwrap_or_default();
    if subject.contains(['\r', '\n']) {
        checks.fail("subject", "invalid");
    }
    let body = checks.required_text("body", Some(body.to_owned()), MAX_BODY).unwrap_or_default();
    checks.finish()?;
    Ok((subject, body))
}

/// One address, no display name, nothing a header could be smuggled in with.
fn single_address(address: &str) -> bool {
    let a = address.trim();
    a.len() <= 320
        && a.matches('@').count() == 1
        && !a.starts_with('@')
        && !a.ends_with('@')
        && !a.chars().any(|c| c.is_whitespace() || c.is_control() || ",;<>()[]\"\\".contains(c))
}

/// As `send_to_lead`, in the caller's transaction (the caller wakes the senders after commit).
pub async fn send_in(
    tx: &impl ConnectionTrait,
    tenant: TenantId,
    actor: Actor,
    lead_id: LeadId,
    letter: &Letter<'_>,
) -> Result<Sent> {
    let (subject, body) = checked(letter.subject, letter.body)?;
    let found = lead::Entity::find_by_id(lead_id.0)
        .filter(lead::Column::TenantId.eq(tenant.0))
        .one(tx)
        .await?
        .ok_or(Error::NotFound("lead"))?;
    let to = found
        .email
        .clone()
        .map(|e| e.trim().to_owned())
        .ok_or_else(|| Error::invalid("email", "required", "the lead has no e-mail address"))?;
    if !single_address(&to) {
        return Err(Error::invalid("email", "invalid", "the lead's e-mail address cannot be sent to"));
    }
    let acting = match actor {
        Actor::User(u) => Some(u),
        Actor::System => None,
    };
    let candidates: Vec<UserId> = acting.into_iter().chain(found.assigned_to.map(UserId)).collect();
    let account = mailboxes::sender_in(tx, tenant, &candidates).await?;
    let at = now();
    let id = Uuid::now_v7();
    let (status, message_id, from) = match &account {
        Some(a) => {
            let from = mailboxes::from_address(a).unwrap_or_default();
            let domain = from.rsplit_once('@').map_or("immivo.invalid", |(_, d)| d).to_owned();
            (MailStatus::Queued, Some(format!("{}@{domain}", id.simple())), Some(from))
        }
        None => (MailStatus::Kept, None, None),
    };
    // The lead's own last mail, so that the answer sits in the lead's thread.
    let answers = message::Entity::find()
        .filter(message::Column::TenantId.eq(tenant.0))
        .filter(message::Column::LeadId.eq(lead_id.0))
        .filter(message::Column::Direction.eq("IN"))
        .filter(message::Column::ExternalId.is_not_null())
        .order_by_desc(message::Column::CreatedAt)
        .one(tx)
        .await?
        .and_then(|m| m.external_id);
    message::ActiveModel {
        id: Set(id),
        tenant_id: Set(tenant.0),
        lead_id: Set(Some(lead_id.0)),
        direction: Set("OUT".into()),
        channel: Set("EMAIL".into()),
        subject: Set(Some(subject.clone())),
        body: Set(body),
        from_address: Set(from.clone()),
        to_address: Set(Some(to.clone())),
        external_id: Set(message_id),
        raw_ref: Set(None),
        created_at: Set(at),
        status: Set(Some(status.as_str().to_owned())),
        mailbox_id: Set(account.as_ref().map(|a| a.id)),
        provider_id: Set(None),
        error: Set(None),
        sent_at: Set(None),
        in_reply_to: Set(answers),
        follow_up_step: Set(letter.follow_up_step.map(|s| i32::try_from(s).unwrap_or(i32::MAX))),
    }
    .insert(tx)
    .await?;
    record_activity(
        tx,
        tenant,
        actor,
        lead_id,
        ActivityKind::EmailOut,
        ActivityDetail::EmailOut { to: to.clone(), subject, status },
        Some(serde_json::json!({ "message_id": id })),
    )
    .await?;
    if status == MailStatus::Queued {
        delivery::enqueue(tx, tenant, id).await?;
    }
    Ok(Sent { message_id: id, to, status, from })
}

/// Records that a reply was drafted (speed-to-lead), once.
pub async fn mark_drafted(db: &Db, tenant: TenantId, lead_id: LeadId) -> Result<()> {
    let tx = db.tenant(tenant).await?;
    mark_drafted_in(&tx, tenant, lead_id).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn mark_drafted_in(tx: &impl ConnectionTrait, tenant: TenantId, lead_id: LeadId) -> Result<()> {
    if let Some(found) = lead::Entity::find_by_id(lead_id.0).filter(lead::Column::TenantId.eq(tenant.0)).one(tx).await?
        && found.reply_drafted_at.is_none()
    {
        let mut am = found.into_active_model();
        am.reply_drafted_at = Set(Some(now()));
        am.update(tx).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subject_is_one_line_and_bodies_are_bounded() {
        assert!(checked("Ihre Anfrage", "Guten Tag,\r\n\r\nviele Grüße\n\tIhr Team").is_ok());
        for subject in ["Hallo\r\nBcc: alle@example.com", "Hallo\nX-Evil: 1"] {
            let Err(Error::Invalid(f)) = checked(subject, "Text") else { panic!("{subject:?} was taken") };
            assert_eq!((f[0].field.as_str(), f[0].code.as_str()), ("subject", "invalid"));
        }
        let Err(Error::Invalid(f)) = checked("Hallo", "Text\u{0}") else { panic!("a NUL was taken") };
        assert_eq!((f[0].field.as_str(), f[0].code.as_str()), ("body", "control_characters"));
        let Err(Error::Invalid(f)) = checked("Hallo", &"x".repeat(MAX_BODY + 1)) else { panic!("a long body") };
        assert_eq!((f[0].field.as_str(), f[0].code.as_str()), ("body", "too_long"));
        let Err(Error::Invalid(f)) = checked(" ", "") else { panic!("empty") };
        assert_eq!(f.len(), 2);
    }

    #[test]
    fn only_a_single_plain_address_is_sent_to() {
        assert!(single_address("anna.berger@example.de"));
        for bad in [
            "anna@example.de, boss@example.de",
            "Anna <anna@example.de>",
            "anna@example.de\r\nBcc: x@y.de",
            "anna",
            "@example.de",
            "a@b@c",
        ] {
            assert!(!single_address(bad), "{bad:?}");
        }
    }
}
