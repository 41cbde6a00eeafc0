//! Mail to leads. Every message sent to a lead is stored first as an outbound message with its
//! timeline entry; delivery through the agent's mail account is the mailer's work (a later
//! issue). Until a mailer is configured the outbox is the log-only default the architecture
//! names: the message is kept and shown, and says that it was not delivered.

use entity::{lead, message};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use uuid::Uuid;

use crate::leads::{record_activity, transition};
use crate::validate::Checks;
use crate::{Actor, Db, Error, Result, now, stored};
use model::{ActivityDetail, ActivityKind, LeadId, LeadStatus, StatusCause, TenantId};

/// An outbound mail as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    pub message_id: Uuid,
    pub to: String,
    /// Whether a mail transport took it (false: kept in the outbox only).
    pub delivered: bool,
}

/// Stores a mail to the lead, records it on the timeline, marks the lead's first reply
/// (speed-to-lead) and moves a NEW lead to CONTACTED, in one transaction.
pub async fn send_to_lead(
    db: &Db,
    tenant: TenantId,
    actor: Actor,
    lead_id: LeadId,
    subject: &str,
    body: &str,
) -> Result<Sent> {
    let tx = db.tenant(tenant).await?;
    let sent = send_in(&tx, tenant, actor, lead_id, subject, body).await?;
    tx.commit().await?;
    Ok(sent)
}

/// As `send_to_lead`, in the caller's transaction.
pub async fn send_in(
    tx: &impl ConnectionTrait,
    tenant: TenantId,
    actor: Actor,
    lead_id: LeadId,
    subject: &str,
    body: &str,
) -> Result<Sent> {
    let mut checks = Checks::new();
    let subject = checks.required_text("subject", Some(subject.to_owned()), 500).unwrap_or_default();
    let body = checks.required_text("body", Some(body.to_owned()), 50_000).unwrap_or_default();
    checks.finish()?;
    let (subject, body) = (subject.as_str(), body.as_str());
    let found = lead::Entity::find_by_id(lead_id.0)
        .filter(lead::Column::TenantId.eq(tenant.0))
        .one(tx)
        .await?
        .ok_or(Error::NotFound("lead"))?;
    let to =
        found.email.clone().ok_or_else(|| Error::invalid("email", "required", "the lead has no e-mail address"))?;
    let at = now();
    let id = Uuid::now_v7();
    message::ActiveModel {
        id: Set(id),
        tenant_id: Set(tenant.0),
        lead_id: Set(Some(lead_id.0)),
        direction: Set("OUT".into()),
        channel: Set("EMAIL".into()),
        subject: Set(Some(subject.to_owned())),
        body: Set(body.to_owned()),
        from_address: Set(None),
        to_address: Set(Some(to.clone())),
        external_id: Set(None),
        raw_ref: Set(None),
        created_at: Set(at),
    }
    .insert(tx)
    .await?;
    let status: LeadStatus = stored(&found.status)?;
    let mut current = found;
    if current.reply_sent_at.is_none() {
        let mut am = current.into_active_model();
        am.reply_sent_at = Set(Some(at));
        current = am.update(tx).await?;
    }
    record_activity(
        tx,
        tenant,
        actor,
        lead_id,
        ActivityKind::EmailOut,
        ActivityDetail::EmailOut { to: to.clone(), subject: subject.to_owned(), delivered: false },
        Some(serde_json::json!({ "message_id": id })),
    )
    .await?;
    if status == LeadStatus::New {
        transition(tx, tenant, actor, current, LeadStatus::Contacted, None, Some(StatusCause::ReplySent)).await?;
    }
    Ok(Sent { message_id: id, to, delivered: false })
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
