//! Follow-ups: when a mail of ours left and the lead does not answer, Jarvis writes again on the
//! office's days (3, 7 and 14 by default), sent at once or held for an agent's approval; without
//! an answer after the last step the lead is LOST ("no answer after 14 days").
//!
//! One sequence per lead (`follow_ups`), started when a mail of ours that is not itself a
//! follow-up has left (`after_sent_in`, from `delivery`): an agent's next mail moves the days on.
//! Each step is one job of the job table (`STEP`), due on the clock port (`Db::now`) at the
//! mail's time plus the step's day, so it survives restarts and runs on whichever worker claims
//! it. A step moves the sequence on with one conditional update (its step, its generation,
//! ACTIVE), so with several workers, or a job claimed again after its worker died, a step fires
//! once; a job of an earlier start or of a paused or stopped sequence does nothing.
//!
//! What ends it early: the lead answers (`stop_in`, from `answers`); the lead is in another
//! status than when it started (a booked viewing, lost, reopened: seen when the step falls due);
//! the lead's address is gone; the office switched follow-ups off. A person may pause and resume.

use chrono::{DateTime, Duration, Utc};
use entity::{follow_up as row, lead, message, tenant_settings};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ai::Ai;
use crate::assistant::pending::{self, NewAction};
use crate::conversations::{delivery, outbox};
use crate::intake::enrich::lock_lead;
use crate::jobs::{self, NewJob, Queue};
use crate::leads::{record_activity, transition};
use crate::{Actor, Ctx, Db, Error, Result, stored};
use model::{
    ActivityDetail, ActivityKind, FollowUp, FollowUpPlan, FollowUpStatus, FollowUpStop, LeadId, LeadStatus, Phrase,
    Render, ReplyOutcome, StatusCause, TenantId,
};

/// The job kind of a follow-up step (queue `email-send`).
pub const STEP: &str = "follow_up.step";

/// A step job's payload: which sequence, which start of it, which step (0-based).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepJob {
    pub follow_up_id: Uuid,
    pub lead_id: LeadId,
    pub generation: i32,
    pub step: i32,
}

/// What a step job did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fired {
    /// Step `step` (1-based) went out or waits for approval; `lost` when it was the last.
    Step { step: u32, outcome: ReplyOutcome, lost: bool },
    /// The sequence ended before this step (`cause`).
    Stopped(FollowUpStop),
    /// Another run fired it, or the sequence moved on (restarted, paused, stopped).
    Stale,
}

/// The office's plan, as stored or the default.
pub(crate) fn plan_of(stored_plan: Option<serde_json::Value>) -> Result<FollowUpPlan> {
    match stored_plan {
        Some(v) => serde_json::from_value(v).map_err(|e| Error::Internal(format!("stored follow-up plan: {e}"))),
        None => Ok(FollowUpPlan::default()),
    }
}

async fn plan_in(tx: &impl ConnectionTrait, tenant: TenantId) -> Result<FollowUpPlan> {
    let settings = tenant_settings::Entity::find_by_id(tenant.0).one(tx).await?;
    plan_of(settings.and_then(|s| s.follow_ups))
}

fn days_of(m: &row::Model) -> Result<Vec<u16>> {
    serde_json::from_value(m.days.clone()).map_err(|e| Error::Internal(format!("stored follow-up days: {e}")))
}

fn due_at(anchor: DateTime<Utc>, days: &[u16], step: i32) -> Option<DateTime<Utc>> {
    let day = days.get(usize::try_from(step).ok()?)?;
    Some(anchor + Duration::days(i64::from(*day)))
}

fn to_dto(m: &row::Model) -> Result<FollowUp> {
    Ok(FollowUp {
        status: stored(&m.status)?,
        days: days_of(m)?,
        done: u32::try_from(m.next_step).unwrap_or(0),
        automatic: m.automatic,
        since: m.anchor_at,
        next_at: m.next_at,
        stop_cause: m.stop_cause.as_deref().map(stored).transpose()?,
    })
}

async fn enqueue_step(tx: &impl ConnectionTrait, tenant: TenantId, m: &row::Model, at: DateTime<Utc>) -> Result<()> {
    let job = StepJob { follow_up_id: m.id, lead_id: LeadId(m.lead_id), generation: m.generation, step: m.next_step };
    let key = format!("{STEP}:{}:{}:{}", m.id, m.generation, m.next_step);
    let payload = serde_json::to_value(&job).map_err(|e| Error::Internal(e.to_string()))?;
    jobs::enqueue(tx, NewJob::new(Queue::EmailSend, STEP, payload).for_tenant(tenant).run_at(at).idempotency_key(key))
        .await?;
    Ok(())
}

async fn find_in(tx: &impl ConnectionTrait, tenant: TenantId, lead_id: LeadId) -> Result<Option<row::Model>> {
    Ok(row::Entity::find()
        .filter(row::Column::TenantId.eq(tenant.0))
        .filter(row::Column::LeadId.eq(lead_id.0))
        .one(tx)
        .await?)
}

/// After a mail of ours to the lead left, at `at`: a reply or an agent's mail (re)starts the
/// lead's sequence on the office's plan while the lead waits for us (CONTACTED) or talks with
/// us (CONVERSATION); a follow-up's own mail changes nothing. A paused sequence stays paused,
/// counted from this mail when resumed.
pub(crate) async fn after_sent_in(
    tx: &impl ConnectionTrait,
    tenant: TenantId,
    mail: &message::Model,
    at: DateTime<Utc>,
) -> Result<()> {
    let Some(lead_id) = mail.lead_id.map(LeadId) else { return Ok(()) };
    if mail.follow_up_step.is_some() {
        return Ok(());
    }
    let Some(found) = lead::Entity::find_by_id(lead_id.0).filter(lead::Column::TenantId.eq(tenant.0)).one(tx).await?
    else {
        return Ok(());
    };
    let lead_status: LeadStatus = stored(&found.status)?;
    let plan = plan_in(tx, tenant).await?;
    if !matches!(lead_status, LeadStatus::Contacted | LeadStatus::Conversation) || plan.days.is_empty() {
        return Ok(());
    }
    // Our new mail says what a held follow-up would have said.
    pending::withdraw_follow_ups_in(tx, tenant, lead_id).await?;
    let existing = find_in(tx, tenant, lead_id).await?;
    let paused = existing.as_ref().is_some_and(|m| m.status == FollowUpStatus::Paused.as_str());
    let next_at = (!paused).then(|| due_at(at, &plan.days, 0)).flatten();
    let generation = existing.as_ref().map_or(0, |m| m.generation + 1);
    let status = if paused { FollowUpStatus::Paused } else { FollowUpStatus::Active };
    let fresh = row::Model {
        id: existing.as_ref().map_or_else(Uuid::now_v7, |m| m.id),
        tenant_id: tenant.0,
        lead_id: lead_id.0,
        status: status.as_str().to_owned(),
        generation,
        next_step: 0,
        days: serde_json::json!(plan.days),
        automatic: plan.automatic,
        anchor_at: at,
        lead_status: lead_status.as_str().to_owned(),
        next_at,
        stop_cause: None,
        created_at: existing.as_ref().map_or(at, |m| m.created_at),
        updated_at: at,
    };
    // Every column is set: an update when the lead had a sequence, else an insert.
    let am = row::ActiveModel::from(fresh).reset_all();
    let saved = if existing.is_some() { am.update(tx).await? } else { am.insert(tx).await? };
    if let Some(next_at) = next_at {
        enqueue_step(tx, tenant, &saved, next_at).await?;
        let detail = ActivityDetail::FollowUpPlanned { days: plan.days, automatic: plan.automatic };
        record_activity(tx, tenant, Actor::System, lead_id, ActivityKind::FollowUp, detail, None).await?;
    }
    Ok(())
}

/// Ends the lead's running or paused sequence for `cause`, with a timeline entry; false when
/// none was running.
pub(crate) async fn stop_in(
    tx: &impl ConnectionTrait,
    tenant: TenantId,
    lead_id: LeadId,
    cause: FollowUpStop,
    at: DateTime<Utc>,
) -> Result<bool> {
    let stopped = row::Entity::update_many()
        .col_expr(row::Column::Status, Expr::value(FollowUpStatus::Stopped.as_str()))
        .col_expr(row::Column::StopCause, Expr::value(cause.as_str()))
        .col_expr(row::Column::NextAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(row::Column::UpdatedAt, Expr::value(at))
        .filter(row::Column::TenantId.eq(tenant.0))
        .filter(row::Column::LeadId.eq(lead_id.0))
        .filter(row::Column::Status.is_in([FollowUpStatus::Active.as_str(), FollowUpStatus::Paused.as_str()]))
        .exec(tx)
        .await?;
    if stopped.rows_affected == 0 {
        return Ok(false);
    }
    pending::withdraw_follow_ups_in(tx, tenant, lead_id).await?;
    let detail = ActivityDetail::FollowUpStopped { cause };
    record_activity(tx, tenant, Actor::System, lead_id, ActivityKind::FollowUp, detail, None).await?;
    Ok(true)
}

/// The lead's sequence, for someone who may see the lead; `None` when none ever started.
pub async fn of_lead(db: &Db, ctx: &Ctx, lead_id: LeadId) -> Result<Option<FollowUp>> {
    crate::leads::get(db, ctx, lead_id).await?;
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let found = find_in(&tx, ctx.tenant_id, lead_id).await?;
    tx.commit().await?;
    found.as_ref().map(to_dto).transpose()
}

/// Pauses the lead's running sequence (a person handles the lead by hand, or is away); its
/// queued step becomes stale. `Conflict` when none runs.
pub async fn pause(db: &Db, ctx: &Ctx, lead_id: LeadId) -> Result<FollowUp> {
    crate::leads::get(db, ctx, lead_id).await?;
    let at = db.now();
    let tx = db.tenant(ctx.tenant_id).await?;
    let found = find_in(&tx, ctx.tenant_id, lead_id).await?;
    let Some(found) = found.filter(|m| m.status == FollowUpStatus::Active.as_str()) else {
        return Err(Error::Conflict("no follow-ups run for this lead".into()));
    };
    let generation = found.generation + 1;
    let mut am: row::ActiveModel = found.into();
    am.status = Set(FollowUpStatus::Paused.as_str().to_owned());
    am.generation = Set(generation);
    am.next_at = Set(None);
    am.updated_at = Set(at);
    let saved = am.update(&tx).await?;
    let actor = Actor::User(ctx.user_id);
    record_activity(&tx, ctx.tenant_id, actor, lead_id, ActivityKind::FollowUp, ActivityDetail::FollowUpPaused, None)
        .await?;
    tx.commit().await?;
    to_dto(&saved)
}

/// Resumes a paused sequence where it stood: the next step on its day after the mail, or at
/// once when that day has passed. `Conflict` when none is paused, or the lead has moved on
/// from waiting for or talking with us.
pub async fn resume(db: &Db, ctx: &Ctx, lead_id: LeadId) -> Result<FollowUp> {
    let lead = crate::leads::get(db, ctx, lead_id).await?;
    if !matches!(lead.status, LeadStatus::Contacted | LeadStatus::Conversation) {
        return Err(Error::Conflict(format!("a {} lead is not followed up", lead.status)));
    }
    let at = db.now();
    let tx = db.tenant(ctx.tenant_id).await?;
    let found = find_in(&tx, ctx.tenant_id, lead_id).await?;
    let Some(found) = found.filter(|m| m.status == FollowUpStatus::Paused.as_str()) else {
        return Err(Error::Conflict("the lead's follow-ups are not paused".into()));
    };
    let days = days_of(&found)?;
    let next_at = due_at(found.anchor_at, &days, found.next_step).map(|due| due.max(at));
    let generation = found.generation + 1;
    let automatic = found.automatic;
    let mut am: row::ActiveModel = found.into();
    am.status = Set(FollowUpStatus::Active.as_str().to_owned());
    am.generation = Set(generation);
    am.lead_status = Set(lead.status.as_str().to_owned());
    am.next_at = Set(next_at);
    am.updated_at = Set(at);
    let saved = am.update(&tx).await?;
    if let Some(next_at) = next_at {
        enqueue_step(&tx, ctx.tenant_id, &saved, next_at).await?;
    }
    let detail = ActivityDetail::FollowUpPlanned { days, automatic };
    record_activity(&tx, ctx.tenant_id, Actor::User(ctx.user_id), lead_id, ActivityKind::FollowUp, detail, None)
        .await?;
    tx.commit().await?;
    to_dto(&saved)
}

/// Whether `job` is still the sequence's next step; the sequence and the lead when it is.
async fn current(
    tx: &impl ConnectionTrait,
    tenant: TenantId,
    job: &StepJob,
) -> Result<Option<(row::Model, lead::Model)>> {
    let Some(found) =
        row::Entity::find_by_id(job.follow_up_id).filter(row::Column::TenantId.eq(tenant.0)).one(tx).await?
    else {
        return Ok(None);
    };
    if found.status != FollowUpStatus::Active.as_str()
        || found.generation != job.generation
        || found.next_step != job.step
    {
        return Ok(None);
    }
    let lead = lead::Entity::find_by_id(found.lead_id).filter(lead::Column::TenantId.eq(tenant.0)).one(tx).await?;
    Ok(lead.map(|l| (found, l)))
}

/// Why the sequence cannot go on with this step, if it cannot.
async fn ended(
    tx: &impl ConnectionTrait,
    tenant: TenantId,
    found: &row::Model,
    lead: &lead::Model,
) -> Result<Option<FollowUpStop>> {
    if lead.status != found.lead_status {
        return Ok(Some(FollowUpStop::StatusChanged));
    }
    if lead.email.as_deref().is_none_or(|e| e.trim().is_empty()) {
        return Ok(Some(FollowUpStop::NoAddress));
    }
    if plan_in(tx, tenant).await?.days.is_empty() {
        return Ok(Some(FollowUpStop::Disabled));
    }
    Ok(None)
}

/// Our last mail's subject to the lead, which the follow-up answers.
async fn last_subject(tx: &impl ConnectionTrait, tenant: TenantId, lead_id: LeadId) -> Result<Option<String>> {
    Ok(message::Entity::find()
        .filter(message::Column::TenantId.eq(tenant.0))
        .filter(message::Column::LeadId.eq(lead_id.0))
        .filter(message::Column::Direction.eq("OUT"))
        .order_by_desc(message::Column::CreatedAt)
        .one(tx)
        .await?
        .and_then(|m| m.subject))
}

/// The step job's work: drafts the follow-up (outside any transaction: a model takes seconds),
/// then in one transaction moves the sequence on (once, whoever else runs the same step), sends
/// the mail or holds it for approval, records the step, and queues the next one or, after the
/// last, marks the lead LOST.
#[tracing::instrument(skip(db, ai, texts), fields(tenant_id = %tenant, lead_id = %job.lead_id))]
pub async fn fire(db: &Db, ai: &Ai, texts: &dyn Render, tenant: TenantId, job: &StepJob) -> Result<Fired> {
    let tx = db.tenant_read(tenant).await?;
    let Some((found, lead_row)) = current(&tx, tenant, job).await? else {
        tx.commit().await?;
        return Ok(Fired::Stale);
    };
    let previous = last_subject(&tx, tenant, job.lead_id).await?;
    tx.commit().await?;
    let days = days_of(&found)?;
    let of = u32::try_from(days.len()).unwrap_or(u32::MAX);
    let step = u32::try_from(job.step).unwrap_or(0) + 1;
    let lead = crate::leads::to_dto(lead_row)?;
    let settings = crate::tenants::settings_of(db, tenant).await?;
    let draft = if lead.email.is_some() {
        Some(crate::assistant::reply::follow_up(db, ai, tenant, &lead, (step, of), previous.as_deref()).await?)
    } else {
        None
    };
    let owner = match lead.assigned_to {
        Some(u) => Some(u),
        None => crate::tenants::users::first_admin(db, tenant).await?,
    };

    let at = db.now();
    let tx = db.tenant(tenant).await?;
    lock_lead(&tx, tenant, job.lead_id).await?;
    let Some((found, lead_row)) = current(&tx, tenant, job).await? else {
        tx.commit().await?;
        return Ok(Fired::Stale);
    };
    if let Some(cause) = ended(&tx, tenant, &found, &lead_row).await? {
        stop_in(&tx, tenant, job.lead_id, cause, at).await?;
        tx.commit().await?;
        return Ok(Fired::Stopped(cause));
    }
    let Some(draft) = draft else {
        // The address came back since the draft was skipped: the next run drafts it.
        return Err(Error::Unavailable("the lead's address changed while the follow-up was drafted".into()));
    };
    let last = step >= of;
    let next_at = if last { None } else { due_at(found.anchor_at, &days, job.step + 1) };
    let moved = row::Entity::update_many()
        .col_expr(row::Column::NextStep, Expr::value(job.step + 1))
        .col_expr(row::Column::NextAt, Expr::value(next_at))
        .col_expr(
            row::Column::Status,
            Expr::value(if last { FollowUpStatus::Done } else { FollowUpStatus::Active }.as_str()),
        )
        .col_expr(row::Column::UpdatedAt, Expr::value(at))
        .filter(row::Column::Id.eq(found.id))
        .filter(row::Column::Generation.eq(job.generation))
        .filter(row::Column::NextStep.eq(job.step))
        .filter(row::Column::Status.eq(FollowUpStatus::Active.as_str()))
        .exec(&tx)
        .await?;
    if moved.rows_affected == 0 {
        tx.commit().await?;
        return Ok(Fired::Stale);
    }
    let mut sent = None;
    let outcome = if found.automatic {
        let mail = outbox::Letter { subject: &draft.subject, body: &draft.body, follow_up_step: Some(step) };
        sent = Some(outbox::send_in(&tx, tenant, Actor::System, job.lead_id, &mail).await?);
        ReplyOutcome::Sent
    } else {
        let owner = owner.ok_or_else(|| Error::Internal("the office has no admin to hold the follow-up for".into()))?;
        // The step before, still unapproved, would say the same again.
        pending::withdraw_follow_ups_in(&tx, tenant, job.lead_id).await?;
        let arguments = serde_json::json!({
            "lead_id": job.lead_id,
            "subject": draft.subject,
            "body": draft.body,
            "follow_up_step": step,
        });
        let ask = Phrase::SendFollowUpAsk { lead: lead.display_name(), step, of, subject: draft.subject.clone() };
        let summary = texts.phrase(settings.locale, &ask);
        let action = NewAction { chat_id: None, lead_id: Some(job.lead_id), tool: "send_reply", arguments, summary };
        pending::create_in(&tx, tenant, owner, action).await?;
        ReplyOutcome::Held
    };
    let detail = ActivityDetail::FollowUpStep { step, of, outcome };
    let data = serde_json::json!({ "subject": draft.subject, "body": draft.body, "offline": draft.offline });
    record_activity(&tx, tenant, Actor::System, job.lead_id, ActivityKind::FollowUp, detail, Some(data)).await?;
    if last {
        let days = days.last().copied().unwrap_or_default();
        let cause = Some(StatusCause::NoAnswer { days });
        transition(&tx, tenant, Actor::System, lead_row, LeadStatus::Lost, None, cause).await?;
    } else if let Some(next_at) = next_at {
        let mut moved_on = found;
        moved_on.next_step = job.step + 1;
        enqueue_step(&tx, tenant, &moved_on, next_at).await?;
    }
    tx.commit().await?;
    if let Some(sent) = &sent {
        delivery::wake(db, sent);
    }
    Ok(Fired::Step { step, outcome, lost: last })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_fall_due_on_their_day_after_the_mail() {
        let anchor = DateTime::parse_from_rfc3339("2026-12-07T09:30:00Z").unwrap().with_timezone(&Utc);
        let days = [3, 7, 14];
        assert_eq!(due_at(anchor, &days, 0), Some(anchor + Duration::days(3)));
        assert_eq!(due_at(anchor, &days, 2), Some(anchor + Duration::days(14)));
        assert_eq!(due_at(anchor, &days, 3), None, "after the last step nothing is due");
        assert_eq!(due_at(anchor, &days, -1), None);
    }

    #[test]
    fn no_stored_plan_is_the_default_and_a_stored_one_is_read() {
        assert_eq!(plan_of(None).unwrap(), FollowUpPlan { days: vec![3, 7, 14], automatic: false });
        let stored_plan = serde_json::json!({ "days": [2, 5], "automatic": true });
        assert_eq!(plan_of(Some(stored_plan)).unwrap(), FollowUpPlan { days: vec![2, 5], automatic: true });
        assert!(plan_of(Some(serde_json::json!({ "days": "3" }))).is_err());
    }
}
