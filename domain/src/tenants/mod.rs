//! Offices (tenants), their settings, and the platform's view across them.
//!
//! Also here: users (`users`), sign-in (`auth`: passwords, tokens, the rate limiter; `sessions`),
//! API keys (`api_keys`) and the office's audit log of who did what (`audit`).

pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod sessions;
pub mod users;

use std::collections::HashMap;

use entity::{lead, property, tenant, tenant_settings, user};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use uuid::Uuid;

use model::{
    Country, Invitation, Locale, Me, NewOffice, OfficeCreated, PlatformStats, Role, Tenant, TenantId, TenantOverview,
    TenantSettings, TenantSettingsInput,
};

use super::validate::Checks;
use crate::viewings::availability;
use crate::{Ctx, Db, Error, Result, now, stored};

pub(crate) fn to_dto(m: tenant::Model) -> Result<Tenant> {
    let country: Country = stored(&m.country)?;
    Ok(Tenant {
        id: TenantId(m.id),
        country,
        currency: country.currency(),
        name: m.name,
        slug: m.slug,
        plan: m.plan,
        created_at: m.created_at,
    })
}

/// The largest monthly AI budget an office may set: 100,000 dollars.
pub const MAX_AI_CAP_CENTS: i64 = 10_000_000;

fn settings_dto(m: tenant_settings::Model) -> Result<TenantSettings> {
    Ok(TenantSettings {
        locale: stored(&m.locale)?,
        time_zone: m.time_zone,
        auto_reply: m.auto_reply,
        reply_tone: m.reply_tone,
        email_signature: m.email_signature,
        viewing_slots: availability::read(m.viewing_slots)?.unwrap_or_else(availability::office_default),
        ai_monthly_cap_cents: m.ai_monthly_cap_cents,
        follow_ups: crate::conversations::followups::plan_of(m.follow_ups)?,
    })
}

/// An office's settings for work without a signed-in user (jobs).
pub async fn settings_of(db: &Db, tenant: TenantId) -> Result<TenantSettings> {
    let tx = db.tenant_read(tenant).await?;
    let found =
        tenant_settings::Entity::find_by_id(tenant.0).one(&tx).await?.ok_or(Error::NotFound("tenant settings"))?;
    tx.commit().await?;
    settings_dto(found)
}

/// Super-admins open a new office: the tenant with its settings and an invitation for its first
/// admin.
#[tracing::instrument(skip(db, input), fields(slug = %input.slug))]
pub async fn provision(db: &Db, ctx: &Ctx, input: NewOffice) -> Result<OfficeCreated> {
    ctx.require_super_admin()?;
    let mut checks = Checks::new();
    let name = checks.required_text("name", Some(input.name), 160);
    let slug = input.slug.trim().to_owned();
    let slug_ok = (2..=40).contains(&slug.len())
        && slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-');
    if !slug_ok {
        checks.fail("slug", "invalid_slug");
    }
    let email = checks.email("admin_email", Some(input.admin_email));
    if email.is_none() && !checks.has("admin_email") {
        checks.fail("admin_email", "required");
    }
    let admin_name = checks.required_text("admin_name", Some(input.admin_name), 120);
    checks.finish()?;
    let (Some(name), Some(email), Some(admin_name)) = (name, email, admin_name) else {
        return Err(Error::Internal("validated office input incomplete".into()));
    };
    let tx = db.platform().await?;
    if tenant::Entity::find().filter(tenant::Column::Slug.eq(&slug)).one(&tx).await?.is_some() {
        return Err(Error::Conflict(format!("an office with the slug '{slug}' exists already")));
    }
    let office = create(&tx, &name, &slug, input.country).await?;
    let (admin, token) = users::insert_invited(db, &tx, TenantId(office.id), email, admin_name, Role::Admin).await?;
    audit::record(&tx, ctx, "tenant.created", Some(("tenant", office.id)), None).await?;
    tx.commit().await?;
    Ok(OfficeCreated { tenant: to_dto(office)?, invitation: Invitation { user: users::to_dto(admin)?, token } })
}

pub(crate) async fn create(
    tx: &impl ConnectionTrait,
    name: &str,
    slug: &str,
    country: Country,
) -> Result<tenant::Model> {
    let at = now();
    let model = tenant::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(name.to_owned()),
        slug: Set(slug.to_owned()),
        country: Set(country.as_str().to_owned()),
        plan: Set("FREE".to_owned()),
        created_at: Set(at),
        updated_at: Set(at),
    }
    .insert(tx)
    .await?;
    let time_zone = match country {
        Country::De => "Europe/Berlin",
        Country::At => "Europe/Vienna",
        Country::Ch => "Europe/Zurich",
    };
    tenant_settings::ActiveModel {
        tenant_id: Set(model.id),
        locale: Set(Locale::De.as_str().to_owned()),
        time_zone: Set(time_zone.to_owned()),
        auto_reply: Set(false),
        reply_tone: Set("freundlich und professionell".to_owned()),
        email_signature: Set(None),
        inbound_token: Set(Some(crate::tenants::auth::random_token(24))),
        widget_key: Set(Some(crate::intake::channels::widget::new_key())),
        widget_origins: Set(serde_json::json!([])),
        ai_monthly_cap_cents: Set(None),
        ai_cap_notified_month: Set(None),
        viewing_slots: Set(None),
        follow_ups: Set(None),
        updated_at: Set(at),
    }
    .insert(tx)
    .await?;
    Ok(model)
}

pub async fn get(db: &Db, ctx: &Ctx) -> Result<Tenant> {
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let found = tenant::Entity::find_by_id(ctx.tenant_id.0).one(&tx).await?.ok_or(Error::NotFound("tenant"))?;
    tx.commit().await?;
    to_dto(found)
}

/// The office's time zone from its stored name (`TenantSettings::time_zone`); Berlin for a name
/// that no longer parses.
pub fn zone(time_zone: &str) -> chrono_tz::Tz {
    time_zone.parse().unwrap_or(chrono_tz::Europe::Berlin)
}

/// The office's time zone, in the caller's transaction (the intake's: no other setting read).
pub(crate) async fn zone_of(tx: &impl ConnectionTrait, tenant: TenantId) -> Result<chrono_tz::Tz> {
    let found =
        tenant_settings::Entity::find_by_id(tenant.0).one(tx).await?.ok_or(Error::NotFound("tenant settings"))?;
    Ok(zone(&found.time_zone))
}

/// The office's country: the default region for phone numbers.
pub(crate) async fn country_of(tx: &impl ConnectionTrait, tenant: TenantId) -> Result<Country> {
    let found = tenant::Entity::find_by_id(tenant.0).one(tx).await?.ok_or(Error::NotFound("tenant"))?;
    stored(&found.country)
}

pub async fn me(db: &Db, ctx: &Ctx) -> Result<Me> {
    let time_zone = settings(db, ctx).await?.time_zone;
    Ok(Me { user: users::me(db, ctx).await?, tenant: get(db, ctx).await?, time_zone })
}

pub async fn settings(db: &Db, ctx: &Ctx) -> Result<TenantSettings> {
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let found = tenant_settings::Entity::find_by_id(ctx.tenant_id.0)
        .one(&tx)
        .await?
        .ok_or(Error::NotFound("tenant settings"))?;
    tx.commit().await?;
    settings_dto(found)
}

pub async fn update_settings(db: &Db, ctx: &Ctx, input: TenantSettingsInput) -> Result<TenantSettings> {
    ctx.require_admin()?;
    let mut checks = Checks::new();
    let time_zone = checks.text("time_zone", input.time_zone, 64);
    if let Some(tz) = &time_zone
        && tz.parse::<chrono_tz::Tz>().is_err()
    {
        checks.fail("time_zone", "invalid");
    }
    let reply_tone = checks.text("reply_tone", input.reply_tone, 200);
    // Some("") clears the signature; `None` leaves it as it is.
    let signature = input.email_signature.map(|s| checks.text("email_signature", Some(s), 2000).unwrap_or_default());
    if input.ai_monthly_cap_cents.is_some_and(|c| c > MAX_AI_CAP_CENTS) {
        checks.fail("ai_monthly_cap_cents", "out_of_range");
    }
    if let Some(slots) = &input.viewing_slots {
        availability::check(&mut checks, "viewing_slots", slots);
    }
    for (field, code) in input.follow_ups.as_ref().map(|p| p.faults()).unwrap_or_default() {
        checks.fail(&format!("follow_ups.{field}"), code);
    }
    checks.finish()?;
    let tx = db.tenant(ctx.tenant_id).await?;
    let found = tenant_settings::Entity::find_by_id(ctx.tenant_id.0)
        .one(&tx)
        .await?
        .ok_or(Error::NotFound("tenant settings"))?;
    let mut am = found.into_active_model();
    if let Some(locale) = input.locale {
        am.locale = Set(locale.as_str().to_owned());
    }
    if let Some(tz) = time_zone {
        am.time_zone = Set(tz);
    }
    if let Some(auto) = input.auto_reply {
        am.auto_reply = Set(auto);
    }
    if let Some(tone) = reply_tone {
        am.reply_tone = Set(tone);
    }
    if let Some(sig) = signature {
        am.email_signature = Set((!sig.is_empty()).then_some(sig));
    }
    if let Some(slots) = input.viewing_slots {
        am.viewing_slots = Set(Some(availability::write(slots)?));
    }
    if let Some(cap) = input.ai_monthly_cap_cents {
        am.ai_monthly_cap_cents = Set((cap >= 0).then_some(cap));
    }
    if let Some(plan) = input.follow_ups {
        am.follow_ups = Set(Some(serde_json::to_value(plan).map_err(|e| Error::Internal(e.to_string()))?));
    }
    am.updated_at = Set(now());
    let updated = am.update(&tx).await?;
    audit::record(&tx, ctx, "tenant.settings_updated", None, None).await?;
    tx.commit().await?;
    settings_dto(updated)
}

/// Super-admins only: every office with its counts.
pub async fn platform_stats(db: &Db, ctx: &Ctx) -> Result<PlatformStats> {
    ctx.require_super_admin()?;
    let tx = db.platform_read().await?;
    let tenants = tenant::Entity::find().order_by_asc(tenant::Column::Name).all(&tx).await?;
    let users = counts_by_tenant(&tx, user::Entity, user::Column::TenantId).await?;
    let leads = counts_by_tenant(&tx, lead::Entity, lead::Column::TenantId).await?;
    let properties = counts_by_tenant(&tx, property::Entity, property::Column::TenantId).await?;
    tx.commit().await?;
    let count = |map: &HashMap<Uuid, i64>, id: Uuid| map.get(&id).copied().unwrap_or(0) as u64;
    let per_tenant = tenants
        .into_iter()
        .map(|t| {
            let id = t.id;
            Ok(TenantOverview {
                tenant: to_dto(t)?,
                users: count(&users, id),
                leads: count(&leads, id),
                properties: count(&properties, id),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(PlatformStats {
        tenants: per_tenant.len() as u64,
        users: per_tenant.iter().map(|o| o.users).sum(),
        leads: per_tenant.iter().map(|o| o.leads).sum(),
        properties: per_tenant.iter().map(|o| o.properties).sum(),
        per_tenant,
    })
}

/// Rows per tenant of one table, in one grouped query.
async fn counts_by_tenant<E: EntityTrait>(
    tx: &impl ConnectionTrait,
    _: E,
    column: E::Column,
) -> Result<HashMap<Uuid, i64>> {
    let rows: Vec<(Uuid, i64)> = E::find()
        .select_only()
        .column(column)
        .column_as(sea_orm::sea_query::Expr::col(column).count(), "count")
        .group_by(column)
        .into_tuple()
        .all(tx)
        .await?;
    Ok(rows.into_iter().collect())
}

pub async fn locale(db: &Db, ctx: &Ctx) -> Result<Locale> {
    Ok(settings(db, ctx).await?.locale)
}
