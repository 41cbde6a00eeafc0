//! Users of an office: sign-in, invitations, passwords, roles.

use std::collections::HashMap;

use chrono::Duration;
use entity::{user, user_settings};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use model::{Invitation, Locale, Role, TenantId, User, UserId};

use crate::tenants::{
    audit,
    auth::{self, MIN_PASSWORD_LEN, hash_password, sha256_hex, verify_password},
    sessions,
};
use crate::validate::{Checks, Email};
use crate::{Ctx, Db, Error, Result, now, stored};

pub const INVITATION_DAYS: i64 = 7;

pub(crate) fn to_dto(m: user::Model) -> Result<User> {
    Ok(User {
        id: UserId(m.id),
        role: stored(&m.role)?,
        activated: m.password_hash.is_some() || m.cognito_sub.is_some(),
        email: m.email,
        name: m.name,
        active: m.active,
        created_at: m.created_at,
    })
}

pub(crate) fn ctx_of(m: &user::Model) -> Result<Ctx> {
    Ok(Ctx { tenant_id: TenantId(m.tenant_id), user_id: UserId(m.id), role: stored(&m.role)? })
}

/// Checks email and password; the same work is done for unknown accounts so that timing does not
/// tell which emails exist.
#[tracing::instrument(skip(db, password))]
pub async fn authenticate(db: &Db, email: &str, password: &str) -> Result<Ctx> {
    let email = email.trim().to_lowercase();
    let tx = db.platform_read().await?;
    let found = user::Entity::find().filter(user::Column::Email.eq(&email)).one(&tx).await?;
    tx.commit().await?;
    let hash = found.as_ref().and_then(|u| u.password_hash.as_deref()).unwrap_or(auth::dummy_hash());
    let password_ok = verify_password(password, hash);
    match found {
        Some(u) if password_ok && u.active && u.password_hash.is_some() => ctx_of(&u),
        _ => Err(Error::Unauthenticated),
    }
}

/// Resolves a Cognito identity: by its `sub`, or on first sign-in by its verified email, which
/// links the account.
pub async fn ctx_for_identity(db: &Db, sub: &str, email: Option<&str>) -> Result<Ctx> {
    let tx = db.platform().await?;
    let mut found = user::Entity::find().filter(user::Column::CognitoSub.eq(sub)).one(&tx).await?;
    if found.is_none()
        && let Some(email) = email
        && let Some(u) = user::Entity::find()
            .filter(user::Column::Email.eq(email.trim().to_lowercase()))
            .filter(user::Column::CognitoSub.is_null())
            .one(&tx)
            .await?
    {
        let mut am = u.into_active_model();
        am.cognito_sub = Set(Some(sub.to_owned()));
        am.invite_token_hash = Set(None);
        am.updated_at = Set(now());
        found = Some(am.update(&tx).await?);
    }
    tx.commit().await?;
    match found {
        Some(u) if u.active => ctx_of(&u),
        _ => Err(Error::Unauthenticated),
    }
}

pub async fn me(db: &Db, ctx: &Ctx) -> Result<User> {
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let found = user::Entity::find_by_id(ctx.user_id.0)
        .filter(user::Column::TenantId.eq(ctx.tenant_id.0))
        .one(&tx)
        .await?
        .ok_or(Error::NotFound("user"))?;
    tx.commit().await?;
    to_dto(found)
}

/// Agents may list their colleagues (to hand over a lead); only admins manage them.
/// The office's users: admins only (agents see colleagues' names through their leads).
pub async fn list(db: &Db, ctx: &Ctx) -> Result<Vec<User>> {
    ctx.require_admin()?;
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let rows = user::Entity::find()
        .filter(user::Column::TenantId.eq(ctx.tenant_id.0))
        .order_by_asc(user::Column::Name)
        .all(&tx)
        .await?;
    tx.commit().await?;
    rows.into_iter().map(to_dto).collect()
}

pub async fn get(db: &Db, ctx: &Ctx, id: UserId) -> Result<User> {
    ctx.require_admin()?;
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let found = find(&tx, ctx, id).await?;
    tx.commit().await?;
    to_dto(found)
}

/// For DataLoaders: many users of the caller's tenant in one query.
pub async fn get_many(db: &Db, ctx: &Ctx, ids: &[UserId]) -> Result<HashMap<UserId, User>> {
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let rows = user::Entity::find()
        .filter(user::Column::TenantId.eq(ctx.tenant_id.0))
        .filter(user::Column::Id.is_in(ids.iter().map(|i| i.0)))
        .all(&tx)
        .await?;
    tx.commit().await?;
    rows.into_iter().map(|m| to_dto(m).map(|u| (u.id, u))).collect()
}

async fn find(tx: &impl sea_orm::ConnectionTrait, ctx: &Ctx, id: UserId) -> Result<user::Model> {
    user::Entity::find_by_id(id.0)
        .filter(user::Column::TenantId.eq(ctx.tenant_id.0))
        .one(tx)
        .await?
        .ok_or(Error::NotFound("user"))
}

/// Admins invite colleagues; the returned token goes into the invitation link and is not stored.
#[tracing::instrument(skip(db), fields(tenant_id = %ctx.tenant_id))]
pub async fn invite(db: &Db, ctx: &Ctx, email: &str, name: &str, role: Role) -> Result<Invitation> {
    ctx.require_admin()?;
    if role == Role::SuperAdmin && ctx.role != Role::SuperAdmin {
        return Err(Error::Forbidden);
    }
    let mut checks = Checks::new();
    let email = checks.email("email", Some(email.to_owned()));
    if email.is_none() && !checks.has("email") {
        checks.fail("email", "required");
    }
    let name = checks.required_text("name", Some(name.to_owned()), 120);
    checks.finish()?;
    let (Some(email), Some(name)) = (email, name) else { return Err(Error::Internal("checked".into())) };

    let tx = db.tenant(ctx.tenant_id).await?;
    let (model, token) = insert_invited(db, &tx, ctx.tenant_id, email, name, role).await?;
    audit::record(&tx, ctx, "user.invited", Some(("user", model.id)), None).await?;
    tx.commit().await?;
    Ok(Invitation { user: to_dto(model)?, token })
}

/// A user who still has to set a password, and the token for their invitation link (stored
/// only as a hash). Email addresses are unique across the platform: sign-in starts from them.
pub(crate) async fn insert_invited(
    db: &Db,
    tx: &impl sea_orm::ConnectionTrait,
    tenant: TenantId,
    email: String,
    name: String,
    role: Role,
) -> Result<(user::Model, String)> {
    // A read beside the caller's open write transaction: on SQLite a second writer would wait for it.
    let platform = db.platform_read().await?;
    let taken = user::Entity::find().filter(user::Column::Email.eq(&email)).one(&platform).await?.is_some();
    platform.commit().await?;
    if taken {
        return Err(Error::Conflict(format!("a user with the email {email} exists already")));
    }
    let token = auth::random_token(24);
    let expires_at = now() + Duration::days(INVITATION_DAYS);
    let model = insert_user(
        tx,
        tenant,
        email,
        name,
        role,
        Credential::Invitation { token_hash: sha256_hex(&token), expires_at },
    )
    .await?;
    Ok((model, token))
}

/// The invited colleague sets a password; the token works once, within its days.
pub async fn accept_invitation(db: &Db, token: &str, password: &str) -> Result<Ctx> {
    check_password_strength(password)?;
    let tx = db.platform().await?;
    let found = user::Entity::find()
        .filter(user::Column::InviteTokenHash.eq(sha256_hex(token)))
        .one(&tx)
        .await?
        .ok_or(Error::NotFound("invitation"))?;
    if found.invite_expires_at.is_none_or(|t| t < now()) {
        return Err(Error::NotFound("invitation"));
    }
    let mut am = found.into_active_model();
    am.password_hash = Set(Some(hash_password(password)?));
    am.invite_token_hash = Set(None);
    am.invite_expires_at = Set(None);
    am.updated_at = Set(now());
    let updated = am.update(&tx).await?;
    tx.commit().await?;
    ctx_of(&updated)
}

fn check_password_strength(password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(Error::invalid(
            "password",
            "weak_password",
            format!("must have at least {MIN_PASSWORD_LEN} characters"),
        ));
    }
    Ok(())
}

/// Every session of the user ends with the old password (the caller opens a new one for the
/// browser that changed it).
#[tracing::instrument(skip(db, old, new), fields(tenant_id = %ctx.tenant_id))]
pub async fn change_password(db: &Db, ctx: &Ctx, old: &str, new: &str) -> Result<()> {
    check_password_strength(new)?;
    let tx = db.tenant(ctx.tenant_id).await?;
    let found = find(&tx, ctx, ctx.user_id).await?;
    if !found.password_hash.as_deref().is_some_and(|h| verify_password(old, h)) {
        return Err(Error::invalid("current_password", "invalid", "is not correct"));
    }
    let mut am = found.into_active_model();
    am.password_hash = Set(Some(hash_password(new)?));
    am.updated_at = Set(now());
    am.update(&tx).await?;
    sessions::close_all_in(&tx, ctx.tenant_id, ctx.user_id).await?;
    audit::record(&tx, ctx, "user.password_changed", Some(("user", ctx.user_id.0)), None).await?;
    tx.commit().await?;
    Ok(())
}

/// Admins change roles and (de)activate colleagues; nobody demotes or locks out themselves.
pub async fn update(
    db: &Db,
    ctx: &Ctx,
    id: UserId,
    role: Option<Role>,
    active: Option<bool>,
    name: Option<String>,
) -> Result<User> {
    ctx.require_admin()?;
    if id == ctx.user_id && (role.is_some_and(|r| r != ctx.role) || active == Some(false)) {
        return Err(Error::Conflict("you cannot change your own role or deactivate yourself".into()));
    }
    if role == Some(Role::SuperAdmin) && ctx.role != Role::SuperAdmin {
        return Err(Error::Forbidden);
    }
    let mut checks = Checks::new();
    let name = checks.text("name", name, 120);
    checks.finish()?;
    let tx = db.tenant(ctx.tenant_id).await?;
    let found = find(&tx, ctx, id).await?;
    if stored::<Role>(&found.role)? == Role::SuperAdmin && ctx.role != Role::SuperAdmin {
        return Err(Error::Forbidden);
    }
    let mut am = found.into_active_model();
    if let Some(role) = role {
        am.role = Set(role.as_str().to_owned());
    }
    if let Some(active) = active {
        am.active = Set(active);
        if !active {
            // Ends the user's sessions at once.
            sessions::close_all_in(&tx, ctx.tenant_id, id).await?;
        }
    }
    if let Some(name) = name {
        am.name = Set(name);
    }
    am.updated_at = Set(now());
    let updated = am.update(&tx).await?;
    audit::record(
        &tx,
        ctx,
        "user.updated",
        Some(("user", id.0)),
        Some(serde_json::json!({"role": role.map(|r| r.as_str()), "active": active})),
    )
    .await?;
    tx.commit().await?;
    to_dto(updated)
}

/// Creates a user with a password directly (the demo seed and the first admin of a new office).
pub(crate) async fn create_with_password(
    tx: &impl sea_orm::ConnectionTrait,
    tenant: TenantId,
    email: &str,
    name: &str,
    role: Role,
    password: &str,
) -> Result<user::Model> {
    let email = Email::parse(email).map_err(|code| Error::invalid("email", code, "is not a valid email address"))?;
    check_password_strength(password)?;
    insert_user(tx, tenant, email.into_inner(), name.to_owned(), role, Credential::Password(hash_password(password)?))
        .await
}

/// How a new user will sign in: with a password already set, or through an invitation link.
enum Credential {
    Password(String),
    Invitation { token_hash: String, expires_at: chrono::DateTime<chrono::Utc> },
}

/// The user row and its settings row, written together.
async fn insert_user(
    tx: &impl sea_orm::ConnectionTrait,
    tenant: TenantId,
    email: String,
    name: String,
    role: Role,
    credential: Credential,
) -> Result<user::Model> {
    let (password_hash, invite_token_hash, invite_expires_at) = match credential {
        Credential::Password(hash) => (Some(hash), None, None),
        Credential::Invitation { token_hash, expires_at } => (None, Some(token_hash), Some(expires_at)),
    };
    let at = now();
    let model = user::ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(tenant.0),
        email: Set(email),
        name: Set(name),
        role: Set(role.as_str().to_owned()),
        password_hash: Set(password_hash),
        cognito_sub: Set(None),
        active: Set(true),
        invite_token_hash: Set(invite_token_hash),
        invite_expires_at: Set(invite_expires_at),
        created_at: Set(at),
        updated_at: Set(at),
    }
    .insert(tx)
    .await?;
    user_settings::ActiveModel {
        user_id: Set(model.id),
        tenant_id: Set(tenant.0),
        locale: Set(Locale::De.as_str().to_owned()),
        phone: Set(None),
        signature: Set(None),
        viewing_slots: Set(None),
        updated_at: Set(at),
    }
    .insert(tx)
    .await?;
    Ok(model)
}

/// The caller behind a credential that names a user (an API key): must be active.
pub async fn ctx_of_user(db: &Db, tenant: TenantId, id: UserId) -> Result<Ctx> {
    let tx = db.tenant_read(tenant).await?;
    let found = user::Entity::find_by_id(id.0).filter(user::Column::TenantId.eq(tenant.0)).one(&tx).await?;
    tx.commit().await?;
    match found {
        Some(u) if u.active => ctx_of(&u),
        _ => Err(Error::Unauthenticated),
    }
}

/// The office's longest-standing active admin: who work without an owner is held for.
pub async fn first_admin(db: &Db, tenant: TenantId) -> Result<Option<UserId>> {
    let tx = db.tenant_read(tenant).await?;
    let found = user::Entity::find()
        .filter(user::Column::TenantId.eq(tenant.0))
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Role.eq(Role::Admin.as_str()))
        .order_by_asc(user::Column::Id)
        .one(&tx)
        .await?;
    tx.commit().await?;
    Ok(found.map(|u| UserId(u.id)))
}
