//! Sign-in sessions: one row per signed-in browser. The session cookie carries the row's id
//! (signed, `auth::SessionClaims`); a request is signed in only while its row is neither revoked
//! nor expired and its user is active. So a session ends on the server, at once, on sign-out
//! (this browser), sign-out everywhere, a password change and deactivation (all of the user's).

use entity::{session, user};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use model::{TenantId, UserId};

use crate::tenants::{auth::SessionClaims, users};
use crate::{Ctx, Db, Error, Result, now};

/// The user's sessions that have not been ended and have not run out.
fn open_of(tenant: TenantId, user: UserId) -> Condition {
    Condition::all()
        .add(session::Column::TenantId.eq(tenant.0))
        .add(session::Column::UserId.eq(user.0))
        .add(session::Column::RevokedAt.is_null())
        .add(session::Column::ExpiresAt.gt(now()))
}

/// Ends the user's sessions that `only` picks (`Condition::all()` for every one); returns how many.
async fn revoke(tx: &impl ConnectionTrait, tenant: TenantId, user: UserId, only: Condition) -> Result<u64> {
    let done = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now()))
        .filter(session::Column::TenantId.eq(tenant.0))
        .filter(session::Column::UserId.eq(user.0))
        .filter(session::Column::RevokedAt.is_null())
        .filter(only)
        .exec(tx)
        .await?;
    Ok(done.rows_affected)
}

/// Opens a session for a signed-in user; the claims go into the cookie. Sessions of the user
/// that have ended are cleared on the way.
#[tracing::instrument(skip(db), fields(tenant_id = %ctx.tenant_id))]
pub async fn open(db: &Db, ctx: &Ctx, ttl: chrono::Duration) -> Result<SessionClaims> {
    let at = now();
    let expires_at = at + ttl;
    let id = Uuid::new_v4();
    let tx = db.tenant(ctx.tenant_id).await?;
    session::Entity::delete_many()
        .filter(session::Column::TenantId.eq(ctx.tenant_id.0))
        .filter(session::Column::UserId.eq(ctx.user_id.0))
        .filter(session::Column::ExpiresAt.lte(at).or(session::Column::RevokedAt.is_not_null()))
        .exec(&tx)
        .await?;
    session::ActiveModel {
        id: Set(id),
        tenant_id: Set(ctx.tenant_id.0),
        user_id: Set(ctx.user_id.0),
        created_at: Set(at),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
    }
    .insert(&tx)
    .await?;
    tx.commit().await?;
    Ok(SessionClaims { session_id: id, user_id: ctx.user_id, tenant_id: ctx.tenant_id, expires_at })
}

/// Who a session cookie signs in: its session must be open and its user active.
pub async fn resolve(db: &Db, claims: &SessionClaims) -> Result<Ctx> {
    let tx = db.tenant_read(claims.tenant_id).await?;
    let found = session::Entity::find_by_id(claims.session_id)
        .filter(open_of(claims.tenant_id, claims.user_id))
        .find_also_related(user::Entity)
        .one(&tx)
        .await?;
    tx.commit().await?;
    match found {
        Some((_, Some(u))) if u.active && u.tenant_id == claims.tenant_id.0 => users::ctx_of(&u),
        _ => Err(Error::Unauthenticated),
    }
}

/// Ends one session (signing out in this browser). Ending one that has ended already is fine.
pub async fn close(db: &Db, claims: &SessionClaims) -> Result<()> {
    let tx = db.tenant(claims.tenant_id).await?;
    let this = Condition::all().add(session::Column::Id.eq(claims.session_id));
    revoke(&tx, claims.tenant_id, claims.user_id, this).await?;
    tx.commit().await?;
    Ok(())
}

/// Ends every open session of a user, in the caller's transaction; returns how many.
pub(crate) async fn close_all_in(tx: &impl ConnectionTrait, tenant: TenantId, user: UserId) -> Result<u64> {
    revoke(tx, tenant, user, Condition::all()).await
}

/// "Sign out everywhere": ends every session of the caller, this one included.
#[tracing::instrument(skip(db), fields(tenant_id = %ctx.tenant_id))]
pub async fn close_all(db: &Db, ctx: &Ctx) -> Result<u64> {
    let tx = db.tenant(ctx.tenant_id).await?;
    let closed = close_all_in(&tx, ctx.tenant_id, ctx.user_id).await?;
    crate::tenants::audit::record(&tx, ctx, "user.signed_out_everywhere", Some(("user", ctx.user_id.0)), None).await?;
    tx.commit().await?;
    Ok(closed)
}

/// How many sessions of the caller are open now (the settings page says so).
pub async fn open_count(db: &Db, ctx: &Ctx) -> Result<u64> {
    use sea_orm::PaginatorTrait;
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let n = session::Entity::find().filter(open_of(ctx.tenant_id, ctx.user_id)).count(&tx).await?;
    tx.commit().await?;
    Ok(n)
}
