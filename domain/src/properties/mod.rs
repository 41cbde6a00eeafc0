//! Properties (Objekte): everything agents record about a listing, with search and archiving.

use std::collections::HashMap;

use entity::property;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select, Set,
};
use uuid::Uuid;

use model::{
    ExternalId, MarketingType, Money, Page, PageRequest, Property, PropertyFilter, PropertyId, PropertyInput,
    PropertyStatus, PropertyType,
};

use super::leads::search_condition;
use super::validate::{Checks, SearchText};
use crate::tenants::audit;
use crate::{Ctx, Db, Error, Result, now, stored};

fn tenths(v: Option<i32>) -> Option<f64> {
    v.map(|v| f64::from(v) / 10.0)
}

fn hundredths(v: Option<i64>) -> Option<f64> {
    v.map(|v| v as f64 / 100.0)
}

pub(crate) fn to_dto(m: property::Model) -> Result<Property> {
    let features: Vec<String> =
        serde_json::from_value(m.features).map_err(|e| Error::Internal(format!("stored features: {e}")))?;
    let external: HashMap<String, String> =
        serde_json::from_value(m.external_ids).map_err(|e| Error::Internal(format!("stored external ids: {e}")))?;
    let mut external_ids: Vec<ExternalId> =
        external.into_iter().map(|(portal, id)| ExternalId { portal, id }).collect();
    external_ids.sort();
    Ok(Property {
        id: PropertyId(m.id),
        property_type: stored(&m.property_type)?,
        marketing_type: stored(&m.marketing_type)?,
        status: stored(&m.status)?,
        country: stored(&m.country)?,
        energy_certificate_type: m.energy_certificate_type.as_deref().map(stored).transpose()?,
        reference: m.reference,
        title: m.title,
        street: m.street,
        house_number: m.house_number,
        postcode: m.postcode,
        city: m.city,
        price_cents: m.price_cents.map(Money::from_cents),
        rooms: tenths(m.rooms_tenths),
        living_area: hundredths(m.living_area_cm2),
        plot_area: hundredths(m.plot_area_cm2),
        year_built: m.year_built,
        energy_value: tenths(m.energy_value_tenths),
        energy_class: m.energy_class,
        heating_type: m.heating_type,
        description: m.description,
        features,
        external_ids,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

fn visible(ctx: &Ctx) -> Select<property::Entity> {
    property::Entity::find().filter(property::Column::TenantId.eq(ctx.tenant_id.0))
}

async fn find(tx: &impl ConnectionTrait, ctx: &Ctx, id: PropertyId) -> Result<property::Model> {
    visible(ctx).filter(property::Column::Id.eq(id.0)).one(tx).await?.ok_or(Error::NotFound("property"))
}

fn filtered(db: &Db, ctx: &Ctx, f: &PropertyFilter, search: Option<&SearchText>) -> Select<property::Entity> {
    let mut q = visible(ctx);
    match f.status {
        Some(s) => q = q.filter(property::Column::Status.eq(s.as_str())),
        None if !f.include_archived => q = q.filter(property::Column::Status.ne(PropertyStatus::Archived.as_str())),
        None => {}
    }
    if let Some(t) = f.property_type {
        q = q.filter(property::Column::PropertyType.eq(t.as_str()));
    }
    if let Some(m) = f.marketing_type {
        q = q.filter(property::Column::MarketingType.eq(m.as_str()));
    }
    if let Some(city) = f.city.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        q = q.filter(property::Column::City.eq(city));
    }
    if let Some(max) = f.max_price_cents {
        q = q.filter(property::Column::PriceCents.lte(max.cents()));
    }
    if let Some(min) = f.min_price_cents {
        q = q.filter(property::Column::PriceCents.gte(min.cents()));
    }
    if let Some(min) = f.min_rooms {
        q = q.filter(property::Column::RoomsTenths.gte((min * 10.0).round() as i32));
    }
    if let Some(max) = f.max_rooms {
        q = q.filter(property::Column::RoomsTenths.lte((max * 10.0).round() as i32));
    }
    if let Some(min) = f.min_area {
        q = q.filter(property::Column::LivingAreaCm2.gte((min * 100.0).round() as i64));
    }
    if let Some(search) = search {
        q = q.filter(search_condition(db.backend(), "search", "properties_fts", search));
    }
    q
}

pub async fn list(db: &Db, ctx: &Ctx, filter: &PropertyFilter, page: &PageRequest) -> Result<Page<Property>> {
    let search = SearchText::parse_optional("query", filter.query.as_deref())?;
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let total = filtered(db, ctx, filter, search.as_ref()).count(&tx).await?;
    let mut q = filtered(db, ctx, filter, search.as_ref()).order_by_desc(property::Column::Id);
    if let Some(after) = page.after() {
        q = q.filter(property::Column::Id.lt(after));
    }
    let mut rows = q.limit(page.first() + 1).all(&tx).await?;
    tx.commit().await?;
    let has_next = rows.len() as u64 > page.first();
    rows.truncate(page.first() as usize);
    Ok(Page { items: rows.into_iter().map(to_dto).collect::<Result<_>>()?, has_next, total })
}

pub async fn get(db: &Db, ctx: &Ctx, id: PropertyId) -> Result<Property> {
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let found = find(&tx, ctx, id).await?;
    tx.commit().await?;
    to_dto(found)
}

/// A property of an office, for work without a signed-in user (jobs); `None` when it is gone.
pub async fn get_for_tenant(db: &Db, tenant: model::TenantId, id: PropertyId) -> Result<Option<Property>> {
    let tx = db.tenant_read(tenant).await?;
    let found = property::Entity::find_by_id(id.0).filter(property::Column::TenantId.eq(tenant.0)).one(&tx).await?;
    tx.commit().await?;
    found.map(to_dto).transpose()
}

/// For DataLoaders: many properties of the caller's tenant in one query.
pub async fn get_many(db: &Db, ctx: &Ctx, ids: &[PropertyId]) -> Result<HashMap<PropertyId, Property>> {
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let rows = visible(ctx).filter(property::Column::Id.is_in(ids.iter().map(|i| i.0))).all(&tx).await?;
    tx.commit().await?;
    rows.into_iter().map(|m| to_dto(m).map(|p| (p.id, p))).collect()
}

struct Checked {
    input: PropertyInput,
}

fn check(input: PropertyInput, creating: bool) -> Result<Checked> {
    let mut c = Checks::new();
    let title = if creating { c.required_text("title", input.title, 200) } else { c.text("title", input.title, 200) };
    let city = if creating { c.required_text("city", input.city, 100) } else { c.text("city", input.city, 100) };
    if creating && input.property_type.is_none() {
        c.fail("property_type", "required");
    }
    if creating && input.marketing_type.is_none() {
        c.fail("marketing_type", "required");
    }
    let postcode = c.text("postcode", input.postcode, 10);
    if postcode.as_ref().is_some_and(|p| !p.chars().all(|ch| ch.is_ascii_digit()) || p.len() < 4) {
        c.fail("postcode", "invalid");
    }
    let energy_class = c.text("energy_class", input.energy_class, 4).map(|s| s.to_uppercase());
    if energy_class.as_ref().is_some_and(|e| !["A+", "A", "B", "C", "D", "E", "F", "G", "H"].contains(&e.as_str())) {
        c.fail("energy_class", "invalid");
    }
    let features = input
        .features
        .map(|fs| fs.into_iter().map(|f| f.trim().to_owned()).filter(|f| !f.is_empty()).collect::<Vec<_>>());
    if features.as_ref().is_some_and(|fs| fs.len() > 100 || fs.iter().any(|f| f.chars().count() > 100)) {
        c.fail("features", "too_long");
    }
    let checked = PropertyInput {
        reference: c.text("reference", input.reference, 50),
        title,
        property_type: input.property_type,
        marketing_type: input.marketing_type,
        status: input.status,
        street: c.text("street", input.street, 200),
        house_number: c.text("house_number", input.house_number, 20),
        postcode,
        city,
        country: input.country,
        price_cents: c.range("price", input.price_cents, Money::ZERO, Money::MAX),
        rooms: c.range("rooms", input.rooms, 0.5, 200.0),
        living_area: c.range("living_area", input.living_area, 1.0, 100_000.0),
        plot_area: c.range("plot_area", input.plot_area, 1.0, 10_000_000.0),
        year_built: c.range("year_built", input.year_built, 1000, 2100),
        energy_certificate_type: input.energy_certificate_type,
        energy_value: c.range("energy_value", input.energy_value, 0.0, 2_000.0),
        energy_class,
        heating_type: c.text("heating_type", input.heating_type, 100),
        description: c.text("description", input.description, 20_000),
        features,
        external_ids: input.external_ids,
    };
    c.finish()?;
    Ok(Checked { input: checked })
}

fn apply(am: &mut property::ActiveModel, p: PropertyInput) {
    macro_rules! set {
        ($field:ident, $value:expr) => {
            if let Some(v) = $value {
                am.$field = Set(v);
            }
        };
    }
    set!(reference, p.reference.map(Some));
    set!(title, p.title);
    set!(property_type, p.property_type.map(|v| v.as_str().to_owned()));
    set!(marketing_type, p.marketing_type.map(|v| v.as_str().to_owned()));
    set!(status, p.status.map(|v| v.as_str().to_owned()));
    set!(street, p.street.map(Some));
    set!(house_number, p.house_number.map(Some));
    set!(postcode, p.postcode.map(Some));
    set!(city, p.city);
    set!(country, p.country.map(|v| v.as_str().to_owned()));
    set!(price_cents, p.price_cents.map(|c| Some(c.cents())));
    set!(rooms_tenths, p.rooms.map(|r| Some((r * 10.0).round() as i32)));
    set!(living_area_cm2, p.living_area.map(|a| Some((a * 100.0).round() as i64)));
    set!(plot_area_cm2, p.plot_area.map(|a| Some((a * 100.0).round() as i64)));
    set!(year_built, p.year_built.map(Some));
    set!(energy_certificate_type, p.energy_certificate_type.map(|v| Some(v.as_str().to_owned())));
    set!(energy_value_tenths, p.energy_value.map(|v| Some((v * 10.0).round() as i32)));
    set!(energy_class, p.energy_class.map(Some));
    set!(heating_type, p.heating_type.map(Some));
    set!(description, p.description.map(Some));
    set!(features, p.features.map(|f| serde_json::json!(f)));
    // One id per portal: stored as a JSON object so that lookups by portal id stay simple.
    set!(
        external_ids,
        p.external_ids
            .map(|ids| serde_json::json!(ids.into_iter().map(|e| (e.portal, e.id)).collect::<HashMap<_, _>>()))
    );
}

async fn reference_taken(tx: &impl ConnectionTrait, ctx: &Ctx, reference: &str, except: Option<Uuid>) -> Result<bool> {
    let mut q = visible(ctx).filter(property::Column::Reference.eq(reference));
    if let Some(id) = except {
        q = q.filter(property::Column::Id.ne(id));
    }
    Ok(q.count(tx).await? > 0)
}

#[tracing::instrument(skip(db, input), fields(tenant_id = %ctx.tenant_id))]
pub async fn create(db: &Db, ctx: &Ctx, input: PropertyInput) -> Result<Property> {
    let Checked { input } = check(input, true)?;
    let tx = db.tenant(ctx.tenant_id).await?;
    if let Some(r) = &input.reference
        && reference_taken(&tx, ctx, r, None).await?
    {
        return Err(Error::Conflict(format!("object number {r} is in use")));
    }
    let country = match input.country {
        Some(c) => c,
        None => crate::tenants::country_of(&tx, ctx.tenant_id).await?,
    };
    let at = now();
    let mut am = property::ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(ctx.tenant_id.0),
        reference: Set(None),
        title: Set(String::new()),
        property_type: Set(PropertyType::Other.as_str().to_owned()),
        marketing_type: Set(MarketingType::Buy.as_str().to_owned()),
        status: Set(PropertyStatus::Draft.as_str().to_owned()),
        street: Set(None),
        house_number: Set(None),
        postcode: Set(None),
        city: Set(String::new()),
        country: Set(country.as_str().to_owned()),
        price_cents: Set(None),
        rooms_tenths: Set(None),
        living_area_cm2: Set(None),
        plot_area_cm2: Set(None),
        year_built: Set(None),
        energy_certificate_type: Set(None),
        energy_value_tenths: Set(None),
        energy_class: Set(None),
        heating_type: Set(None),
        description: Set(None),
        features: Set(serde_json::json!([])),
        external_ids: Set(serde_json::json!({})),
        created_at: Set(at),
        updated_at: Set(at),
    };
    apply(&mut am, input);
    let model = am.insert(&tx).await?;
    audit::record(&tx, ctx, "property.created", Some(("property", model.id)), None).await?;
    crate::search::enqueue_embed(&tx, ctx.tenant_id, crate::search::Kind::Properties, model.id).await?;
    tx.commit().await?;
    db.wakeups().wake(model::Queue::Embedding);
    to_dto(model)
}

#[tracing::instrument(skip(db, input), fields(tenant_id = %ctx.tenant_id))]
pub async fn update(db: &Db, ctx: &Ctx, id: PropertyId, input: PropertyInput) -> Result<Property> {
    let Checked { input } = check(input, false)?;
    let tx = db.tenant(ctx.tenant_id).await?;
    let found = find(&tx, ctx, id).await?;
    if let Some(r) = &input.reference
        && reference_taken(&tx, ctx, r, Some(found.id)).await?
    {
        return Err(Error::Conflict(format!("object number {r} is in use")));
    }
    let mut am = found.into_active_model();
    apply(&mut am, input);
    am.updated_at = Set(now());
    let updated = am.update(&tx).await?;
    crate::search::enqueue_embed(&tx, ctx.tenant_id, crate::search::Kind::Properties, updated.id).await?;
    tx.commit().await?;
    db.wakeups().wake(model::Queue::Embedding);
    to_dto(updated)
}

/// Archiving keeps the property and its leads; it leaves lists and portal exports.
pub async fn archive(db: &Db, ctx: &Ctx, id: PropertyId) -> Result<Property> {
    let input = PropertyInput { status: Some(PropertyStatus::Archived), ..Default::default() };
    let archived = update(db, ctx, id, input).await?;
    let tx = db.tenant(ctx.tenant_id).await?;
    audit::record(&tx, ctx, "property.archived", Some(("property", id.0)), None).await?;
    tx.commit().await?;
    Ok(archived)
}

/// The cities the office has properties in, for filters.
pub async fn cities(db: &Db, ctx: &Ctx) -> Result<Vec<String>> {
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let cities: Vec<String> = visible(ctx)
        .select_only()
        .column(property::Column::City)
        .distinct()
        .order_by_asc(property::Column::City)
        .into_tuple()
        .all(&tx)
        .await?;
    tx.commit().await?;
    Ok(cities)
}
