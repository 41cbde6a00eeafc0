//! The `mail.send` job's work: hands one queued mail to its account's server, exactly once.
//!
//! A mail is marked SENDING (committed) before the server is contacted, and SENT, FAILED or
//! QUEUED again (for a retry) after it answered. A run that finds its mail still SENDING knows
//! that an earlier run stopped in between (its worker died, its lock lapsed): whether the server
//! took the mail is unknown, so it is marked UNCONFIRMED and never sent again by itself — a lead
//! gets a mail twice only if the agent sends it again. A server that refuses for good (5xx)
//! makes it FAILED with the server's words; one that cannot take it now (no connection, 4xx)
//! puts it back in the queue until the job's last attempt, which makes it FAILED.
//!
//! The one window SMTP itself leaves open (RFC 1047): the connection breaks after the mail's
//! final dot but before the server's reply. That is retried, and may deliver twice.

use entity::{lead, mailbox, message};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::conversations::followups;
use crate::conversations::mailer::{Accepted, Mailer, OutboundMail, SendAccount, SendError};
use crate::conversations::outbox::Sent;
use crate::crypto::Secrets;
use crate::intake::channels::mailboxes;
use crate::jobs::{self, NewJob};
use crate::leads::{record_activity, transition};
use crate::{Actor, Db, Error, Result, now, stored};
use model::{ActivityDetail, ActivityKind, LeadId, LeadStatus, MailStatus, Queue, StatusCause, TenantId};

/// Job kind: send one queued outbound mail (payload `SendJob`).
pub const SEND: &str = "mail.send";
/// A mail's attempts: about an hour and a half of retries with the default backoff.
const MAX_ATTEMPTS: u32 = 8;
/// Longest refusal kept: a server's reply, not a log.
const MAX_ERROR_CHARS: usize = 1_000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendJob {
    pub message_id: Uuid,
}

/// What a run did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Sent {
        provider_id: Option<String>,
    },
    /// Refused for good, or not taken by the last attempt.
    Failed(String),
    /// Not taken this time; the job should be retried.
    Retry(String),
    /// An earlier run stopped while handing it over.
    Unconfirmed,
    /// The account that was to send it no longer sends: back in the outbox.
    Kept,
    /// Nothing to do: sent, failed or kept already.
    AlreadyDone,
}

/// A run's first step: the mail to hand over, or what became of it.
pub enum Begun {
    Send(Box<(SendAccount, OutboundMail)>),
    Done(Outcome),
}

pub(crate) async fn enqueue(tx: &impl ConnectionTrait, tenant: TenantId, message_id: Uuid) -> Result<()> {
    let payload =
        serde_json::to_value(SendJob { message_id }).map_err(|e| Error::Internal(format!("job payload: {e}")))?;
    let job = NewJob::new(Queue::EmailSend, SEND, payload)
        .for_tenant(tenant)
        .max_attempts(MAX_ATTEMPTS)
        .idempotency_key(format!("{SEND}:{}:{message_id}", tenant.0));
    jobs::enqueue(tx, job).await?;
    Ok(())
}

/// Wakes this process's senders for a mail just committed.
pub fn wake(db: &Db, sent: &Sent) {
    if sent.status == MailStatus::Queued {
        db.wakeups().wake(Queue::EmailSend);
    }
}

/// Sends the mail: `begin`, the server, `finish`. `last_attempt`: a mail the server cannot take
/// now is FAILED rather than retried.
pub async fn send(
    db: &Db,
    secrets: &Secrets,
    mailer: &dyn Mailer,
    tenant: TenantId,
    message_id: Uuid,
    last_attempt: bool,
) -> Result<Outcome> {
    match begin(db, secrets, tenant, message_id).await? {
        Begun::Done(outcome) => Ok(outcome),
        Begun::Send(work) => {
            let (account, mail) = *work;
            let result = mailer.send(&account, &mail).await;
            finish(db, tenant, message_id, &account, result, last_attempt).await
        }
    }
}

async fn find(tx: &impl ConnectionTrait, tenant: TenantId, id: Uuid) -> Result<message::Model> {
    message::Entity::find_by_id(id)
        .filter(message::Column::TenantId.eq(tenant.0))
        .filter(message::Column::Direction.eq("OUT"))
        .one(tx)
        .await?
        .ok_or(Error::NotFound("message"))
}

fn lead_of(m: &message::Model) -> Result<LeadId> {
    m.lead_id.map(LeadId).ok_or_else(|| Error::Internal(format!("outbound message {} has no lead", m.id)))
}

async fn record(
    tx: &impl ConnectionTrait,
    tenant: TenantId,
    m: &message::Model,
    status: MailStatus,
    account: Option<String>,
    reason: Option<String>,
) -> Result<()> {
    let to = m.to_address.clone().unwrap_or_default();
    let detail = ActivityDetail::EmailDelivery { to, status, account, reason };
    let data = serde_json::json!({ "message_id": m.id });
    record_activity(tx, tenant, Actor::System, lead_of(m)?, ActivityKind::EmailDelivery, detail, Some(data)).await?;
    Ok(())
}

/// Marks the mail SENDING and returns what to hand over, or what became of it already.
pub async fn begin(db: &Db, secrets: &Secrets, tenant: TenantId, message_id: Uuid) -> Result<Begun> {
    let tx = db.tenant(tenant).await?;
    let m = find(&tx, tenant, message_id).await?;
    let status: MailStatus = stored(m.status.as_deref().unwrap_or(MailStatus::Kept.as_str()))?;
    match status {
        MailStatus::Queued => {}
        MailStatus::Sending => {
            set_status(&tx, &m, MailStatus::Sending, MailStatus::Unconfirmed, None).await?;
            record(&tx, tenant, &m, MailStatus::Unconfirmed, m.from_address.clone(), None).await?;
            tx.commit().await?;
            return Ok(Begun::Done(Outcome::Unconfirmed));
        }
        _ => {
            tx.commit().await?;
            return Ok(Begun::Done(Outcome::AlreadyDone));
        }
    }
    let account = match m.mailbox_id {
        Some(id) => mailbox::Entity::find_by_id(id).filter(mailbox::Column::TenantId.eq(tenant.0)).one(&tx).await?,
        None => None,
    };
    let account = match account {
        Some(row) if row.smtp_host.is_some() => mailboxes::send_access(&tx, secrets, &row).await?,
        _ => {
            set_status(&tx, &m, MailStatus::Queued, MailStatus::Kept, None).await?;
            record(&tx, tenant, &m, MailStatus::Kept, None, None).await?;
            tx.commit().await?;
            return Ok(Begun::Done(Outcome::Kept));
        }
    };
    if !set_status(&tx, &m, MailStatus::Queued, MailStatus::Sending, None).await? {
        tx.commit().await?;
        return Ok(Begun::Done(Outcome::AlreadyDone));
    }
    let to_name = match m.lead_id {
        Some(lead) => {
            lead::Entity::find_by_id(lead).filter(lead::Column::TenantId.eq(tenant.0)).one(&tx).await?.and_then(|l| {
                let name = [l.first_name, l.last_name].into_iter().flatten().collect::<Vec<_>>().join(" ");
                (!name.trim().is_empty()).then_some(name)
            })
        }
        None => None,
    };
    tx.commit().await?;
    let mail = OutboundMail {
        message_id: m
            .external_id
            .clone()
            .ok_or_else(|| Error::Internal(format!("queued mail {} has no Message-ID", m.id)))?,
        to: m.to_address.clone().unwrap_or_default(),
        to_name,
        subject: m.subject.clone().unwrap_or_default(),
        body: m.body.clone(),
        in_reply_to: m.in_reply_to.clone(),
        date: m.created_at,
    };
    Ok(Begun::Send(Box::new((account, mail))))
}

/// Moves the mail from `from` to `to` (and keeps `error`); false when it was not at `from`.
async fn set_status(
    tx: &impl ConnectionTrait,
    m: &message::Model,
    from: MailStatus,
    to: MailStatus,
    error: Option<String>,
) -> Result<bool> {
    let mut update = message::Entity::update_many()
        .col_expr(message::Column::Status, Expr::value(to.as_str()))
        .col_expr(message::Column::Error, Expr::value(error))
        .filter(message::Column::Id.eq(m.id))
        .filter(message::Column::TenantId.eq(m.tenant_id))
        .filter(message::Column::Status.eq(from.as_str()));
    if to == MailStatus::Sent {
        update = update.col_expr(message::Column::SentAt, Expr::value(now()));
    }
    Ok(update.exec(tx).await?.rows_affected == 1)
}

/// Records what the server said about a mail `begin` handed over.
pub async fn finish(
    db: &Db,
    tenant: TenantId,
    message_id: Uuid,
    account: &SendAccount,
    result: std::result::Result<Accepted, SendError>,
    last_attempt: bool,
) -> Result<Outcome> {
    let tx = db.tenant(tenant).await?;
    let m = find(&tx, tenant, message_id).await?;
    let from = Some(account.from_address.clone());
    let clip = |s: String| s.chars().take(MAX_ERROR_CHARS).collect::<String>();
    let outcome = match result {
        Ok(accepted) => {
            if !set_status(&tx, &m, MailStatus::Sending, MailStatus::Sent, None).await? {
                tx.commit().await?;
                return Ok(Outcome::AlreadyDone);
            }
            if let Some(id) = &accepted.provider_id {
                message::Entity::update_many()
                    .col_expr(message::Column::ProviderId, Expr::value(clip(id.clone())))
                    .filter(message::Column::Id.eq(m.id))
                    .filter(message::Column::TenantId.eq(tenant.0))
                    .exec(&tx)
                    .await?;
            }
            record(&tx, tenant, &m, MailStatus::Sent, from, None).await?;
            mark_contacted(&tx, tenant, lead_of(&m)?).await?;
            followups::after_sent_in(&tx, tenant, &m, db.now()).await?;
            Outcome::Sent { provider_id: accepted.provider_id }
        }
        Err(SendError::NotSent(reason)) if !last_attempt => {
            set_status(&tx, &m, MailStatus::Sending, MailStatus::Queued, Some(clip(reason.clone()))).await?;
            Outcome::Retry(reason)
        }
        Err(SendError::Refused(reason) | SendError::NotSent(reason)) => {
            let reason = clip(reason);
            set_status(&tx, &m, MailStatus::Sending, MailStatus::Failed, Some(reason.clone())).await?;
            record(&tx, tenant, &m, MailStatus::Failed, from, Some(reason.clone())).await?;
            Outcome::Failed(reason)
        }
    };
    tx.commit().await?;
    Ok(outcome)
}

/// The mail reached the lead's server: the first one is the lead's first reply (speed-to-lead),
/// and a NEW lead is CONTACTED.
async fn mark_contacted(tx: &impl ConnectionTrait, tenant: TenantId, lead_id: LeadId) -> Result<()> {
    let Some(mut current) =
        lead::Entity::find_by_id(lead_id.0).filter(lead::Column::TenantId.eq(tenant.0)).one(tx).await?
    else {
        return Ok(());
    };
    if current.reply_sent_at.is_none() {
        let mut am = current.into_active_model();
        am.reply_sent_at = Set(Some(now()));
        current = am.update(tx).await?;
    }
    if stored::<LeadStatus>(&current.status)? == LeadStatus::New {
        transition(tx, tenant, Actor::System, current, LeadStatus::Contacted, None, Some(StatusCause::ReplySent))
            .await?;
    }
    Ok(())
}
