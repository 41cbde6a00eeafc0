use entity::audit_log;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use uuid::Uuid;

use crate::{Ctx, Result, now};

/// Records who did what; written in the same transaction as the change it describes.
pub async fn record(
    tx: &impl ConnectionTrait,
    ctx: &Ctx,
    action: &str,
    target: Option<(&str, Uuid)>,
    details: Option<serde_json::Value>,
) -> Result<()> {
    audit_log::ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(ctx.tenant_id.0),
        actor_id: Set(Some(ctx.user_id.0)),
        action: Set(action.to_owned()),
        target_type: Set(target.map(|(t, _)| t.to_owned())),
        target_id: Set(target.map(|(_, id)| id)),
        details: Set(details),
        created_at: Set(now()),
    }
    .insert(tx)
    .await?;
    Ok(())
}

/// As `record`, for what the system did on its own (no user): a job, a limit that was reached.
pub async fn record_system(
    tx: &impl ConnectionTrait,
    tenant: model::TenantId,
    action: &str,
    details: serde_json::Value,
) -> Result<()> {
    audit_log::ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(tenant.0),
        actor_id: Set(None),
        action: Set(action.to_owned()),
        target_type: Set(None),
        target_id: Set(None),
        details: Set(Some(details)),
        created_at: Set(now()),
    }
    .insert(tx)
    .await?;
    Ok(())
}
