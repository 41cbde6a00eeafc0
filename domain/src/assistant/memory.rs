//! What a user asked Jarvis to remember about them ("ich bin dienstags im Homeoffice"): given to
//! the model with every chat, and recalled on request. Per user; nobody else sees it.

use entity::user_memory;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use crate::validate::Checks;
use crate::{Ctx, Db, Error, Result, now};

/// At most this many facts per user are kept; the oldest go first.
const MAX_FACTS: usize = 50;

pub async fn remember(db: &Db, ctx: &Ctx, fact: &str) -> Result<()> {
    let fact = Checks::one_text("fact", fact, 500)?;
    let fact = fact.as_str();
    let tx = db.tenant(ctx.tenant_id).await?;
    user_memory::ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(ctx.tenant_id.0),
        user_id: Set(ctx.user_id.0),
        fact: Set(fact.to_owned()),
        created_at: Set(now()),
    }
    .insert(&tx)
    .await?;
    let all = mine(ctx).order_by_desc(user_memory::Column::Id).all(&tx).await?;
    for old in all.into_iter().skip(MAX_FACTS) {
        user_memory::Entity::delete_by_id(old.id).exec(&tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

fn mine(ctx: &Ctx) -> sea_orm::Select<user_memory::Entity> {
    user_memory::Entity::find()
        .filter(user_memory::Column::TenantId.eq(ctx.tenant_id.0))
        .filter(user_memory::Column::UserId.eq(ctx.user_id.0))
}

/// The user's facts, oldest first; with `query`, only those containing one of its words.
pub async fn recall(db: &Db, ctx: &Ctx, query: Option<&str>) -> Result<Vec<String>> {
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let facts: Vec<String> =
        mine(ctx).order_by_asc(user_memory::Column::Id).all(&tx).await?.into_iter().map(|m| m.fact).collect();
    tx.commit().await?;
    let words: Vec<String> =
        query.unwrap_or_default().split_whitespace().filter(|w| w.chars().count() > 2).map(str::to_lowercase).collect();
    if words.is_empty() {
        return Ok(facts);
    }
    Ok(facts.into_iter().filter(|f| words.iter().any(|w| f.to_lowercase().contains(w))).collect())
}

/// Forgets every fact containing `text`; returns how many.
pub async fn forget(db: &Db, ctx: &Ctx, text: &str) -> Result<usize> {
    let needle = text.trim().to_lowercase();
    if needle.is_empty() {
        return Err(Error::invalid("text", "required", "what to forget"));
    }
    let tx = db.tenant(ctx.tenant_id).await?;
    let mut n = 0;
    for m in mine(ctx).all(&tx).await? {
        if m.fact.to_lowercase().contains(&needle) {
            user_memory::Entity::delete_by_id(m.id).exec(&tx).await?;
            n += 1;
        }
    }
    tx.commit().await?;
    Ok(n)
}
