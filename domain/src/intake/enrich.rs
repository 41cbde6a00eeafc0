//! The intake pipeline after the lead exists: which jobs an inquiry causes, and the work of the
//! sentiment job. Intake enqueues in the lead's own transaction (`enqueue_after_intake`), so a
//! lead never lacks its jobs and a rolled-back lead leaves none behind.
//!
//! Every job here is idempotent in effect: its result is an activity that carries the inbound
//! message it belongs to, and the handler looks for that activity (under a lock on the lead)
//! before doing anything. A worker killed after the work but before completing the job runs it
//! again and finds it done. The job's idempotency key (tenant, lead, message) keeps a second
//! enqueue of the same work from adding a job at all.
//!
//! Lead enrichment has no job yet: everything enrichment does today (phone normalisation,
//! de-duplication, property match, score) is cheap and runs in the intake transaction. An empty
//! job would only cost a round trip; the `lead-enrichment` queue gets one when there is slow work.

use entity::{lead, lead_activity, message};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use model::{ActivityDetail, ActivityKind, Keyword, LeadId, Phrase, Queue, Render, SentimentReading, TenantId};

use crate::jobs::{self, NewJob};
use crate::leads::record_activity;
use crate::text::sentiment::{Sentiment, SentimentAnalyzer};
use crate::{Actor, Db, Error, Result};

/// Job kind: the sentiment of one inbound message, recorded as a SENTIMENT activity.
pub const SENTIMENT: &str = "lead.sentiment";
/// Job kind: follow the inquiry's portal contact link for missing contact data (`autoclick`).
pub const AUTO_CLICK: &str = "lead.auto_click";
/// Job kind: Jarvis drafts the first reply to a new lead's inquiry, sends it or holds it for
/// approval (`auto_reply`).
pub const AUTO_REPLY: &str = "lead.auto_reply";

/// The payload of the lead jobs: the lead and the inbound message (`messages.id`) that caused
/// the job. The tenant is the job's own `tenant_id`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadMessage {
    pub lead_id: LeadId,
    pub message_id: Uuid,
}

/// The auto-click payload: the lead, the message, and the link the inquiry carried.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutoClick {
    pub lead_id: LeadId,
    pub message_id: Uuid,
    pub url: String,
}

/// The idempotency key of a lead job: the same kind for the same message of the same lead of
/// the same office is one job.
pub fn job_key(kind: &str, tenant: TenantId, lead: LeadId, message: Uuid) -> String {
    format!("{kind}:{}:{}:{message}", tenant.0, lead.0)
}

fn queue_of(kind: &str) -> Queue {
    match kind {
        AUTO_CLICK => Queue::AutoClick,
        AUTO_REPLY => Queue::EmailSend,
        crate::search::EMBED => Queue::Embedding,
        _ => Queue::SentimentAnalysis,
    }
}

/// Enqueues the follow-up jobs of a taken-in inquiry on the intake transaction: sentiment
/// always; the first reply for a new lead; auto-click when the inquiry carries a portal contact
/// link and the lead still lacks an e-mail address or a phone number. Returns the kinds enqueued.
pub async fn enqueue_after_intake(
    tx: &DatabaseTransaction,
    tenant: TenantId,
    lead: &lead::Model,
    new_lead: bool,
    message_id: Uuid,
    contact_link: Option<&str>,
) -> Result<Vec<&'static str>> {
    let lead_id = LeadId(lead.id);
    let mut kinds = Vec::new();
    let payload = serde_json::to_value(LeadMessage { lead_id, message_id })
        .map_err(|e| Error::Internal(format!("job payload: {e}")))?;
    jobs::enqueue(tx, job(SENTIMENT, tenant, lead_id, message_id, payload.clone())).await?;
    kinds.push(SENTIMENT);
    // A repeated inquiry of a known lead is the agent's conversation, not a first reply.
    if new_lead {
        jobs::enqueue(tx, job(AUTO_REPLY, tenant, lead_id, message_id, payload)).await?;
        kinds.push(AUTO_REPLY);
    }

    let link = contact_link.map(str::trim).filter(|l| !l.is_empty());
    if let Some(url) = link
        && (lead.email.is_none() || lead.phone.is_none())
    {
        let payload = serde_json::to_value(AutoClick { lead_id, message_id, url: url.to_owned() })
            .map_err(|e| Error::Internal(format!("job payload: {e}")))?;
        jobs::enqueue(tx, job(AUTO_CLICK, tenant, lead_id, message_id, payload)).await?;
        kinds.push(AUTO_CLICK);
    }
    Ok(kinds)
}

fn job(kind: &'static str, tenant: TenantId, lead: LeadId, message: Uuid, payload: serde_json::Value) -> NewJob {
    NewJob::new(queue_of(kind), kind, payload).for_tenant(tenant).idempotency_key(job_key(kind, tenant, lead, message))
}

/// Wakes this process's workers for the jobs just committed.
pub fn notify_enqueued(db: &Db, kinds: &[&'static str]) {
    for kind in kinds {
        db.wakeups().wake(queue_of(kind));
    }
}

/// Takes the lead's row lock for the rest of the transaction (a write that changes nothing):
/// two runs of the same job, or two jobs of the same lead, then check and write one at a time
/// on PostgreSQL as on SQLite. "Not found" when the lead is gone or of another office.
pub(crate) async fn lock_lead(tx: &impl ConnectionTrait, tenant: TenantId, lead: LeadId) -> Result<()> {
    let touched = lead::Entity::update_many()
        .col_expr(lead::Column::Id, Expr::col(lead::Column::Id).into())
        .filter(lead::Column::Id.eq(lead.0))
        .filter(lead::Column::TenantId.eq(tenant.0))
        .exec(tx)
        .await?;
    if touched.rows_affected == 0 {
        return Err(Error::NotFound("lead"));
    }
    Ok(())
}

/// The lead's activity of `kind` recorded for inbound message `message_id`, if any: the mark
/// that a job already did its work.
pub(crate) async fn activity_for_message(
    tx: &impl ConnectionTrait,
    tenant: TenantId,
    lead: LeadId,
    kind: ActivityKind,
    message_id: Uuid,
) -> Result<Option<lead_activity::Model>> {
    // Few per lead: compared in Rust, as JSON access is spelled differently on each backend.
    let rows = lead_activity::Entity::find()
        .filter(lead_activity::Column::TenantId.eq(tenant.0))
        .filter(lead_activity::Column::LeadId.eq(lead.0))
        .filter(lead_activity::Column::Kind.eq(kind.as_str()))
        .order_by_asc(lead_activity::Column::Id)
        .all(tx)
        .await?;
    let wanted = message_id.to_string();
    Ok(rows
        .into_iter()
        .find(|a| a.data.as_ref().and_then(|d| d.get("message_id")).and_then(|v| v.as_str()) == Some(wanted.as_str())))
}

/// What the sentiment job did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SentimentOutcome {
    Recorded(Sentiment),
    /// An earlier run of the job recorded it already.
    AlreadyRecorded,
}

/// The sentiment job's work: reads the inbound message, runs the analyzer (outside any
/// transaction: a model-based analyzer may take seconds) and records the SENTIMENT activity
/// once per message.
#[tracing::instrument(skip(db, analyzer), fields(tenant_id = %tenant))]
pub async fn record_sentiment(
    db: &Db,
    tenant: TenantId,
    job: &LeadMessage,
    analyzer: &dyn SentimentAnalyzer,
) -> Result<SentimentOutcome> {
    let tx = db.tenant(tenant).await?;
    let done = activity_for_message(&tx, tenant, job.lead_id, ActivityKind::Sentiment, job.message_id).await?;
    let text = match done {
        Some(_) => None,
        None => Some(message_text(&tx, tenant, job).await?),
    };
    tx.commit().await?;
    let Some(text) = text else { return Ok(SentimentOutcome::AlreadyRecorded) };

    let sentiment = analyzer.analyze(tenant, &text).await?;

    let tx = db.tenant(tenant).await?;
    lock_lead(&tx, tenant, job.lead_id).await?;
    if activity_for_message(&tx, tenant, job.lead_id, ActivityKind::Sentiment, job.message_id).await?.is_some() {
        tx.commit().await?;
        return Ok(SentimentOutcome::AlreadyRecorded);
    }
    let reading = SentimentReading {
        score: sentiment.score,
        label: sentiment.label,
        matched: sentiment.matched.iter().map(|m| Keyword { keyword: m.keyword.clone() }).collect(),
    };
    // The whole reading (signals, the model's tone) stays beside what the timeline shows.
    let data = serde_json::json!({
        "analyzer": sentiment.analyzer,
        "reading": sentiment,
        "message_id": job.message_id,
    });
    let detail = ActivityDetail::Sentiment { sentiment: reading };
    record_activity(&tx, tenant, Actor::System, job.lead_id, ActivityKind::Sentiment, detail, Some(data)).await?;
    tx.commit().await?;
    Ok(SentimentOutcome::Recorded(sentiment))
}

/// What the auto-reply job did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplyOutcome {
    /// Sent at once (the office sends first replies automatically).
    Sent,
    /// Held as a pending action for the agent's approval.
    Held(model::PendingActionId),
    /// The lead has no e-mail address: nothing to reply to (recorded on the timeline).
    NoAddress,
    AlreadyDone,
}

/// The auto-reply job's work: drafts the reply (outside any transaction: a model takes seconds),
/// then in one transaction records the draft on the timeline and either sends it or holds it as
/// a pending action, once per inquiry.
#[tracing::instrument(skip(db, ai, texts), fields(tenant_id = %tenant))]
pub async fn auto_reply(
    db: &Db,
    ai: &crate::ai::Ai,
    texts: &dyn Render,
    tenant: TenantId,
    job: &LeadMessage,
) -> Result<ReplyOutcome> {
    use crate::assistant::pending;
    use crate::assistant::pending::NewAction;
    use crate::conversations::outbox;
    use crate::tenants;
    let tx = db.tenant_read(tenant).await?;
    let done = activity_for_message(&tx, tenant, job.lead_id, ActivityKind::ReplyDrafted, job.message_id).await?;
    let found = lead::Entity::find_by_id(job.lead_id.0).filter(lead::Column::TenantId.eq(tenant.0)).one(&tx).await?;
    tx.commit().await?;
    if done.is_some() {
        return Ok(ReplyOutcome::AlreadyDone);
    }
    let found = found.ok_or(Error::NotFound("lead"))?;
    let lead = crate::leads::to_dto(found)?;
    if lead.email.is_none() {
        let tx = db.tenant(tenant).await?;
        lock_lead(&tx, tenant, job.lead_id).await?;
        if activity_for_message(&tx, tenant, job.lead_id, ActivityKind::ReplyDrafted, job.message_id).await?.is_none() {
            let data = serde_json::json!({ "message_id": job.message_id });
            let detail = ActivityDetail::ReplyDrafted { outcome: model::ReplyOutcome::NoAddress, language: None };
            record_activity(&tx, tenant, Actor::System, job.lead_id, ActivityKind::ReplyDrafted, detail, Some(data))
                .await?;
        }
        tx.commit().await?;
        return Ok(ReplyOutcome::NoAddress);
    }
    let draft = crate::assistant::reply::draft(db, ai, tenant, None, &lead, None).await?;
    let settings = tenants::settings_of(db, tenant).await?;
    let owner = match lead.assigned_to {
        Some(u) => Some(u),
        None if settings.auto_reply => None,
        None => crate::tenants::users::first_admin(db, tenant).await?,
    };

    let tx = db.tenant(tenant).await?;
    lock_lead(&tx, tenant, job.lead_id).await?;
    if activity_for_message(&tx, tenant, job.lead_id, ActivityKind::ReplyDrafted, job.message_id).await?.is_some() {
        tx.commit().await?;
        return Ok(ReplyOutcome::AlreadyDone);
    }
    let mut sent = None;
    let outcome = if settings.auto_reply {
        sent = Some(
            outbox::send_in(
                &tx,
                tenant,
                Actor::System,
                job.lead_id,
                &outbox::Letter::reply(&draft.subject, &draft.body),
            )
            .await?,
        );
        ReplyOutcome::Sent
    } else {
        let owner = owner.ok_or_else(|| Error::Internal("the office has no admin to hold the reply for".into()))?;
        let arguments = serde_json::json!({ "lead_id": job.lead_id, "subject": draft.subject, "body": draft.body });
        let ask = Phrase::SendFirstReplyAsk { lead: lead.display_name(), subject: draft.subject.clone() };
        let summary = texts.phrase(settings.locale, &ask);
        let action = pending::create_in(
            &tx,
            tenant,
            owner,
            NewAction { chat_id: None, lead_id: Some(job.lead_id), tool: "send_reply", arguments, summary },
        )
        .await?;
        ReplyOutcome::Held(action.id)
    };
    let detail = ActivityDetail::ReplyDrafted {
        outcome: match &outcome {
            ReplyOutcome::Sent => model::ReplyOutcome::Sent,
            _ => model::ReplyOutcome::Held,
        },
        language: Some(draft.language.code().to_owned()),
    };
    let data = serde_json::json!({
        "message_id": job.message_id,
        "subject": draft.subject,
        "body": draft.body,
        "offline": draft.offline,
    });
    record_activity(&tx, tenant, Actor::System, job.lead_id, ActivityKind::ReplyDrafted, detail, Some(data)).await?;
    outbox::mark_drafted_in(&tx, tenant, job.lead_id).await?;
    tx.commit().await?;
    if let Some(sent) = &sent {
        crate::conversations::delivery::wake(db, sent);
    }
    Ok(outcome)
}

/// The body of the lead's inbound message; "not found" for another lead's or office's message.
async fn message_text(tx: &impl ConnectionTrait, tenant: TenantId, job: &LeadMessage) -> Result<String> {
    let found = message::Entity::find_by_id(job.message_id)
        .filter(message::Column::TenantId.eq(tenant.0))
        .filter(message::Column::LeadId.eq(job.lead_id.0))
        .one(tx)
        .await?
        .ok_or(Error::NotFound("message"))?;
    Ok(found.body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_kind_office_lead_and_message() {
        let (t, l, m) = (TenantId(Uuid::nil()), LeadId(Uuid::from_u128(u128::MAX)), Uuid::from_u128(7));
        assert_eq!(
            job_key(SENTIMENT, t, l, m),
            format!("lead.sentiment:{}:{}:{}", Uuid::nil(), Uuid::from_u128(u128::MAX), Uuid::from_u128(7))
        );
        assert!(job_key(AUTO_CLICK, t, l, m).len() <= 200, "fits the queue's key limit");
        assert_eq!(queue_of(AUTO_CLICK), Queue::AutoClick);
        assert_eq!(queue_of(SENTIMENT), Queue::SentimentAnalysis);
    }
}
