//! API keys for third-party integrations: per office, carrying the rights of the user who made
//! them, hashed at rest, shown once, revocable.

use entity::api_key;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use model::{ApiKey, ApiKeyId, CreatedApiKey};

use crate::tenants::{audit, auth::ApiKeyParts, users};
use crate::validate::Checks;
use crate::{Ctx, Db, Error, Result, now};

fn to_dto(m: api_key::Model) -> ApiKey {
    ApiKey {
        id: ApiKeyId(m.id),
        name: m.name,
        prefix: m.prefix,
        last_used_at: m.last_used_at,
        revoked_at: m.revoked_at,
        created_at: m.created_at,
    }
}

pub async fn create(db: &Db, ctx: &Ctx, name: &str) -> Result<CreatedApiKey> {
    ctx.require_admin()?;
    let mut checks = Checks::new();
    let name = checks.required_text("name", Some(name.to_owned()), 100).unwrap_or_default();
    checks.finish()?;
    let parts = ApiKeyParts::generate();
    let tx = db.tenant(ctx.tenant_id).await?;
    let model = api_key::ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(ctx.tenant_id.0),
        user_id: Set(ctx.user_id.0),
        name: Set(name),
        prefix: Set(parts.prefix.clone()),
        secret_hash: Set(parts.secret_hash()),
        last_used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now()),
    }
    .insert(&tx)
    .await?;
    audit::record(&tx, ctx, "api_key.created", Some(("api_key", model.id)), None).await?;
    tx.commit().await?;
    Ok(CreatedApiKey { key: to_dto(model), secret: parts.token() })
}

pub async fn list(db: &Db, ctx: &Ctx) -> Result<Vec<ApiKey>> {
    ctx.require_admin()?;
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let rows = api_key::Entity::find()
        .filter(api_key::Column::TenantId.eq(ctx.tenant_id.0))
        .order_by_desc(api_key::Column::Id)
        .all(&tx)
        .await?;
    tx.commit().await?;
    Ok(rows.into_iter().map(to_dto).collect())
}

pub async fn revoke(db: &Db, ctx: &Ctx, id: ApiKeyId) -> Result<ApiKey> {
    ctx.require_admin()?;
    let tx = db.tenant(ctx.tenant_id).await?;
    let found = api_key::Entity::find_by_id(id.0)
        .filter(api_key::Column::TenantId.eq(ctx.tenant_id.0))
        .one(&tx)
        .await?
        .ok_or(Error::NotFound("api key"))?;
    let mut am = found.into_active_model();
    am.revoked_at = Set(Some(now()));
    let updated = am.update(&tx).await?;
    audit::record(&tx, ctx, "api_key.revoked", Some(("api_key", id.0)), None).await?;
    tx.commit().await?;
    Ok(to_dto(updated))
}

/// The caller behind a presented key; a revoked or unknown key, or a deactivated owner, is
/// `Unauthenticated`.
pub async fn resolve(db: &Db, presented: &ApiKeyParts) -> Result<Ctx> {
    let tx = db.platform().await?;
    let found = api_key::Entity::find().filter(api_key::Column::Prefix.eq(&presented.prefix)).one(&tx).await?;
    let Some(key) = found.filter(|k| k.revoked_at.is_none() && presented.matches(&k.secret_hash)) else {
        return Err(Error::Unauthenticated);
    };
    let (tenant, user) = (key.tenant_id, key.user_id);
    // Minute precision is enough for "last used", and spares a write on every request.
    if key.last_used_at.is_none_or(|t| now() - t > chrono::Duration::minutes(1)) {
        let mut am = key.into_active_model();
        am.last_used_at = Set(Some(now()));
        am.update(&tx).await?;
    }
    tx.commit().await?;
    users::ctx_of_user(db, tenant.into(), user.into()).await
}
