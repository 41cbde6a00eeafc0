//! The audit of every tool call Jarvis makes (AiAuditLog): what it was given, what came of it,
//! how long it took. Admins read it; nothing a tool does goes unrecorded.

use std::time::Duration;

use entity::ai_audit_log;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Ctx, Db, Result, now};
use model::ChatId;

/// How a tool call ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Outcome {
    Ok,
    /// The tool ran and failed (the error went back to the model).
    Error,
    /// The arguments did not fit the tool's schema; it did not run.
    Invalid,
    /// The user's role may not call it; it did not run.
    Forbidden,
    /// Held for approval.
    Pending,
    /// An approved pending action ran.
    Approved,
    /// A pending action was turned down.
    Rejected,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "OK",
            Outcome::Error => "ERROR",
            Outcome::Invalid => "INVALID",
            Outcome::Forbidden => "FORBIDDEN",
            Outcome::Pending => "PENDING",
            Outcome::Approved => "APPROVED",
            Outcome::Rejected => "REJECTED",
        }
    }
}

pub struct Entry<'a> {
    pub chat_id: Option<ChatId>,
    pub tool: &'a str,
    pub input: &'a serde_json::Value,
    pub summary: &'a str,
    pub outcome: Outcome,
    pub duration: Duration,
}

pub async fn record(db: &Db, ctx: &Ctx, e: Entry<'_>) -> Result<()> {
    let tx = db.tenant(ctx.tenant_id).await?;
    ai_audit_log::ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(ctx.tenant_id.0),
        user_id: Set(Some(ctx.user_id.0)),
        chat_id: Set(e.chat_id.map(|c| c.0)),
        tool: Set(e.tool.to_owned()),
        input: Set(e.input.clone()),
        output_summary: Set(e.summary.chars().take(2000).collect()),
        outcome: Set(e.outcome.as_str().to_owned()),
        duration_ms: Set(i32::try_from(e.duration.as_millis()).unwrap_or(i32::MAX)),
        created_at: Set(now()),
    }
    .insert(&tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A logged call as admins read it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Logged {
    pub tool: String,
    pub input: serde_json::Value,
    pub summary: String,
    pub outcome: String,
    pub duration_ms: i32,
    pub user_id: Option<Uuid>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// The office's newest tool calls (admins).
pub async fn recent(db: &Db, ctx: &Ctx, limit: u64) -> Result<Vec<Logged>> {
    ctx.require_admin()?;
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let rows = ai_audit_log::Entity::find()
        .filter(ai_audit_log::Column::TenantId.eq(ctx.tenant_id.0))
        .order_by_desc(ai_audit_log::Column::Id)
        .limit(limit.min(500))
        .all(&tx)
        .await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|r| Logged {
            tool: r.tool,
            input: r.input,
            summary: r.output_summary,
            outcome: r.outcome,
            duration_ms: r.duration_ms,
            user_id: r.user_id,
            created_at: r.created_at,
        })
        .collect())
}
