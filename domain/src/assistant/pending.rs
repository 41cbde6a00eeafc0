//! Actions waiting for a person's yes (JarvisPendingAction). A tool that sends mail, deletes or
//! changes many records is not run when the model calls it: the call is stored here and shown
//! as a card in the chat. Approving runs it then, with the approver's rights; rejecting ends it.
//! Nothing irreversible runs unapproved.

use std::sync::Arc;
use std::time::Instant;

use entity::jarvis_pending_action as row;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use uuid::Uuid;

use crate::ai::Ai;
use crate::assistant::{
    audit::{self, Outcome},
    tools::{self, ToolEnv},
};
use crate::{Ctx, Db, Error, Result, now, stored};
use model::{ChatId, LeadId, PendingAction, PendingActionId, PendingStatus, Render};

fn to_dto(m: row::Model) -> Result<PendingAction> {
    let outcome = match (&m.error, &m.result) {
        (Some(e), _) => Some(e.clone()),
        (None, Some(r)) => r.get("summary").and_then(|s| s.as_str()).map(str::to_owned),
        (None, None) => None,
    };
    Ok(PendingAction {
        id: PendingActionId(m.id),
        tool: m.tool,
        summary: m.summary,
        status: stored(&m.status)?,
        lead_id: m.lead_id.map(LeadId),
        outcome,
        created_at: m.created_at,
    })
}

pub struct NewAction<'a> {
    pub chat_id: Option<ChatId>,
    pub lead_id: Option<LeadId>,
    pub tool: &'a str,
    pub arguments: serde_json::Value,
    pub summary: String,
}

pub async fn create(db: &Db, ctx: &Ctx, a: NewAction<'_>) -> Result<PendingAction> {
    let tx = db.tenant(ctx.tenant_id).await?;
    let action = create_in(&tx, ctx.tenant_id, ctx.user_id, a).await?;
    tx.commit().await?;
    Ok(action)
}

/// As `create`, in the caller's transaction, held for `owner` (and the office's admins).
pub async fn create_in(
    tx: &impl sea_orm::ConnectionTrait,
    tenant: model::TenantId,
    owner: model::UserId,
    a: NewAction<'_>,
) -> Result<PendingAction> {
    let stored_row = row::ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(tenant.0),
        user_id: Set(owner.0),
        chat_id: Set(a.chat_id.map(|c| c.0)),
        lead_id: Set(a.lead_id.map(|l| l.0)),
        tool: Set(a.tool.to_owned()),
        arguments: Set(a.arguments),
        summary: Set(a.summary),
        status: Set(PendingStatus::Pending.as_str().to_owned()),
        result: Set(None),
        error: Set(None),
        created_at: Set(now()),
        decided_at: Set(None),
        decided_by: Set(None),
    }
    .insert(tx)
    .await?;
    to_dto(stored_row)
}

/// Who sees an action: whoever it was made for, and the office's admins.
fn visible(ctx: &Ctx) -> sea_orm::Select<row::Entity> {
    let q = row::Entity::find().filter(row::Column::TenantId.eq(ctx.tenant_id.0));
    if ctx.role.is_admin() { q } else { q.filter(row::Column::UserId.eq(ctx.user_id.0)) }
}

pub async fn list(db: &Db, ctx: &Ctx, status: Option<PendingStatus>, limit: u64) -> Result<Vec<PendingAction>> {
    let mut q = visible(ctx).order_by_desc(row::Column::Id).limit(limit.min(200));
    if let Some(s) = status {
        q = q.filter(row::Column::Status.eq(s.as_str()));
    }
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let rows = q.all(&tx).await?;
    tx.commit().await?;
    rows.into_iter().map(to_dto).collect()
}

pub async fn get(db: &Db, ctx: &Ctx, id: PendingActionId) -> Result<PendingAction> {
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let found =
        visible(ctx).filter(row::Column::Id.eq(id.0)).one(&tx).await?.ok_or(Error::NotFound("pending action"))?;
    tx.commit().await?;
    to_dto(found)
}

/// Withdraws the lead's follow-ups that still wait for approval (`conversations::followups`: the
/// lead answered, or a later step replaces them), in the caller's transaction; how many.
pub(crate) async fn withdraw_follow_ups_in(
    tx: &impl sea_orm::ConnectionTrait,
    tenant: model::TenantId,
    lead_id: LeadId,
) -> Result<u64> {
    let waiting = row::Entity::find()
        .filter(row::Column::TenantId.eq(tenant.0))
        .filter(row::Column::LeadId.eq(lead_id.0))
        .filter(row::Column::Status.eq(PendingStatus::Pending.as_str()))
        .all(tx)
        .await?;
    let ids: Vec<Uuid> =
        waiting.into_iter().filter(|a| !a.arguments["follow_up_step"].is_null()).map(|a| a.id).collect();
    if ids.is_empty() {
        return Ok(0);
    }
    let done = row::Entity::update_many()
        .col_expr(row::Column::Status, Expr::value(PendingStatus::Withdrawn.as_str()))
        .col_expr(row::Column::DecidedAt, Expr::value(now()))
        .filter(row::Column::Id.is_in(ids))
        .filter(row::Column::Status.eq(PendingStatus::Pending.as_str()))
        .exec(tx)
        .await?;
    Ok(done.rows_affected)
}

/// Takes a pending action for a decision: only one decision wins, also when two people click.
async fn claim(db: &Db, ctx: &Ctx, id: PendingActionId, to: PendingStatus) -> Result<row::Model> {
    let tx = db.tenant(ctx.tenant_id).await?;
    let found =
        visible(ctx).filter(row::Column::Id.eq(id.0)).one(&tx).await?.ok_or(Error::NotFound("pending action"))?;
    let done = row::Entity::update_many()
        .col_expr(row::Column::Status, Expr::value(to.as_str()))
        .col_expr(row::Column::DecidedAt, Expr::value(now()))
        .col_expr(row::Column::DecidedBy, Expr::value(ctx.user_id.0))
        .filter(row::Column::Id.eq(found.id))
        .filter(row::Column::Status.eq(PendingStatus::Pending.as_str()))
        .exec(&tx)
        .await?;
    if done.rows_affected == 0 {
        return Err(Error::Conflict("this action was decided already".into()));
    }
    tx.commit().await?;
    Ok(found)
}

/// Runs an approved action with the approver's rights and records what came of it.
#[tracing::instrument(skip(db, ai, texts), fields(tenant_id = %ctx.tenant_id))]
pub async fn approve(
    db: &Db,
    ctx: &Ctx,
    ai: Arc<Ai>,
    texts: Arc<dyn Render>,
    id: PendingActionId,
) -> Result<PendingAction> {
    let action = claim(db, ctx, id, PendingStatus::Executed).await?;
    let tool = tools::find(&action.tool).ok_or_else(|| Error::Internal(format!("unknown tool {}", action.tool)))?;
    let env = ToolEnv::new(db, ctx, ai, texts, action.chat_id.map(ChatId)).await?;
    let started = Instant::now();
    let result = if tool.allowed(ctx) { tool.run(env, action.arguments.clone()).await } else { Err(Error::Forbidden) };
    let (status, result_json, error, summary) = match &result {
        Ok(out) => (PendingStatus::Executed, Some(out.for_model()), None, out.summary.clone()),
        Err(e) => (PendingStatus::Failed, None, Some(e.to_api().message), e.to_api().message),
    };
    audit::record(
        db,
        ctx,
        audit::Entry {
            chat_id: action.chat_id.map(ChatId),
            tool: &action.tool,
            input: &action.arguments,
            summary: &summary,
            outcome: if result.is_ok() { Outcome::Approved } else { Outcome::Error },
            duration: started.elapsed(),
        },
    )
    .await?;
    let tx = db.tenant(ctx.tenant_id).await?;
    let mut am: row::ActiveModel = action.into();
    am.status = Set(status.as_str().to_owned());
    am.result = Set(result_json);
    am.error = Set(error);
    let updated = am.update(&tx).await?;
    tx.commit().await?;
    to_dto(updated)
}

pub async fn reject(db: &Db, ctx: &Ctx, id: PendingActionId) -> Result<PendingAction> {
    let action = claim(db, ctx, id, PendingStatus::Rejected).await?;
    audit::record(
        db,
        ctx,
        audit::Entry {
            chat_id: action.chat_id.map(ChatId),
            tool: &action.tool,
            input: &action.arguments,
            summary: "rejected",
            outcome: Outcome::Rejected,
            duration: std::time::Duration::ZERO,
        },
    )
    .await?;
    get(db, ctx, id).await
}
