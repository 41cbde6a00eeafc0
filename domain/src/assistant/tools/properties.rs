//! Property tools: search with filters, read, create, change any field, archive, recommend for a
//! lead, and the semantic search across properties and leads.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::assistant::{
    rules::Category,
    tools::{Access, Def, Tool, ToolEnv, ToolInfo, ToolOutput, resolve_lead},
};
use crate::{Result, properties, search};
use model::{
    EnergyCertificateType, LeadId, MarketingType, Money, PageRequest, Phrase, Property, PropertyFilter, PropertyId,
    PropertyInput, PropertyStatus, PropertyType,
};

const CRM: &[Category] = &[Category::Crm];
const CRM_EXPOSE: &[Category] = &[Category::Crm, Category::Expose, Category::Email];

pub(super) fn register(tools: &mut Vec<Box<dyn Tool>>) {
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "search_properties",
            description: "Find the office's properties by city, type, buy/rent, price range (whole units of the office's currency), rooms, living area, status or words. Archived ones only when asked.",
            categories: CRM_EXPOSE,
            access: Access::Anyone,
            needs_approval: false,
        },
        |env, a: SearchProperties| Box::pin(search_properties(env, a)),
    )));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "get_property",
            description: "Read one property with all its facts (address, price, rooms, areas, energy, features, description).",
            categories: CRM_EXPOSE,
            access: Access::Anyone,
            needs_approval: false,
        },
        |env, a: PropertyRef| Box::pin(get_property(env, a)),
    )));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "create_property",
            description: "Create a property listing (title, type, buy/rent, city required; price in whole units of the office's currency).",
            categories: CRM,
            access: Access::Anyone,
            needs_approval: false,
        },
        |env, a: PropertyFields| Box::pin(create_property(env, a)),
    )));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "update_property",
            description: "Change any fields of a property: put only the fields to change into `changes` (price in whole units of the office's currency).",
            categories: CRM,
            access: Access::Anyone,
            needs_approval: false,
        },
        |env, a: UpdateProperty| Box::pin(update_property(env, a)),
    )));
    tools.push(Box::new(
        Def::new(
            ToolInfo {
                name: "archive_property",
                description: "Archive a property (taken off the market, hidden from lists and portals). Needs the user's approval.",
                categories: CRM,
                access: Access::Anyone,
                needs_approval: true,
            },
            |env, a: PropertyRef| Box::pin(archive_property(env, a)),
        )
        .describe(|env, a| env.say(Phrase::ArchivePropertyAsk { property: a.property_id.into() })),
    ));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "recommend_properties",
            description: "Properties that fit a lead: rules on budget, type, location, rooms and area, ranked with semantic similarity to the lead's inquiry.",
            categories: CRM_EXPOSE,
            access: Access::Anyone,
            needs_approval: false,
        },
        |env, a: Recommend| Box::pin(recommend(env, a)),
    )));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "semantic_search",
            description: "Search properties and leads by meaning, not only words (\"helle Altbauwohnung mit Balkon nahe Park\"): combines semantic similarity with the German full-text search.",
            categories: CRM_EXPOSE,
            access: Access::Anyone,
            needs_approval: false,
        },
        |env, a: Semantic| Box::pin(semantic(env, a)),
    )));
}

pub(crate) fn property_json(p: &Property) -> Value {
    let address = [p.street.as_deref(), p.house_number.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    json!({
        "id": p.id,
        "title": p.title,
        "reference": p.reference,
        "type": p.property_type,
        "marketing": p.marketing_type,
        "status": p.status,
        "address": address,
        "postcode": p.postcode,
        "city": p.city,
        "price": p.price_cents.map(Money::whole),
        "rooms": p.rooms,
        "living_area_m2": p.living_area,
        "url": format!("/properties/{}", p.id),
    })
}

/// A property as a line of the answer: its linked title, the place, and price and rooms in the
/// office's language.
pub(crate) fn property_label(env: &ToolEnv, p: &Property) -> String {
    let link = model::markdown::app_link(&p.title, &format!("/properties/{}", p.id));
    let facts = env.say(Phrase::PropertyFacts { price: p.price_cents, currency: env.currency, rooms: p.rooms });
    format!("{link} – {}{facts}", model::markdown::escape(&p.city))
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchProperties {
    /// Words to find in title, description, address and features.
    pub query: Option<String>,
    pub city: Option<String>,
    pub property_type: Option<PropertyType>,
    pub marketing_type: Option<MarketingType>,
    pub status: Option<PropertyStatus>,
    /// Whole units of the office's currency.
    pub min_price: Option<i64>,
    pub max_price: Option<i64>,
    pub min_rooms: Option<f64>,
    pub max_rooms: Option<f64>,
    /// Square metres.
    pub min_area: Option<f64>,
    pub include_archived: Option<bool>,
    /// How many (1–50, default 10).
    pub limit: Option<u64>,
}

async fn search_properties(env: ToolEnv, a: SearchProperties) -> Result<ToolOutput> {
    let filter = PropertyFilter {
        status: a.status,
        property_type: a.property_type,
        marketing_type: a.marketing_type,
        city: a.city.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()),
        max_price_cents: a.max_price.map(Money::from_whole),
        min_price_cents: a.min_price.map(Money::from_whole),
        min_rooms: a.min_rooms,
        max_rooms: a.max_rooms,
        min_area: a.min_area,
        query: a.query.filter(|q| !q.trim().is_empty()),
        include_archived: a.include_archived.unwrap_or(false),
    };
    let page =
        properties::list(&env.db, &env.ctx, &filter, &PageRequest::new(a.limit.unwrap_or(10).clamp(1, 50), None))
            .await?;
    let summary = env.say(Phrase::PropertiesFound { count: page.total });
    Ok(ToolOutput::new(
        summary,
        json!({
            "total": page.total,
            "properties": page.items.iter().map(property_json).collect::<Vec<_>>(),
            "items": page.items.iter().map(|p| property_label(&env, p)).collect::<Vec<_>>(),
        }),
    ))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PropertyRef {
    pub property_id: PropertyId,
}

/// Every fact of a property, for the model (a reply, an answer about it).
pub(crate) fn property_facts(p: &Property) -> Value {
    let mut data = property_json(p);
    data["description"] = json!(p.description);
    data["features"] = json!(p.features);
    data["plot_area_m2"] = json!(p.plot_area);
    data["year_built"] = json!(p.year_built);
    data["energy"] = json!({ "class": p.energy_class, "value": p.energy_value, "type": p.energy_certificate_type, "heating": p.heating_type });
    data
}

async fn get_property(env: ToolEnv, a: PropertyRef) -> Result<ToolOutput> {
    let p = properties::get(&env.db, &env.ctx, a.property_id).await?;
    let mut data = property_facts(&p);
    data["items"] = json!([property_label(&env, &p)]);
    Ok(ToolOutput::new(p.title.clone(), data))
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PropertyFields {
    pub title: Option<String>,
    pub reference: Option<String>,
    pub property_type: Option<PropertyType>,
    pub marketing_type: Option<MarketingType>,
    pub status: Option<PropertyStatus>,
    pub street: Option<String>,
    pub house_number: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    /// Purchase price or monthly rent, whole units of the office's currency.
    pub price: Option<i64>,
    pub rooms: Option<f64>,
    pub living_area: Option<f64>,
    pub plot_area: Option<f64>,
    pub year_built: Option<i32>,
    pub energy_certificate_type: Option<EnergyCertificateType>,
    pub energy_value: Option<f64>,
    pub energy_class: Option<String>,
    pub heating_type: Option<String>,
    pub description: Option<String>,
    pub features: Option<Vec<String>>,
}

impl From<PropertyFields> for PropertyInput {
    fn from(f: PropertyFields) -> Self {
        PropertyInput {
            reference: f.reference,
            title: f.title,
            property_type: f.property_type,
            marketing_type: f.marketing_type,
            status: f.status,
            street: f.street,
            house_number: f.house_number,
            postcode: f.postcode,
            city: f.city,
            price_cents: f.price.map(Money::from_whole),
            rooms: f.rooms,
            living_area: f.living_area,
            plot_area: f.plot_area,
            year_built: f.year_built,
            energy_certificate_type: f.energy_certificate_type,
            energy_value: f.energy_value,
            energy_class: f.energy_class,
            heating_type: f.heating_type,
            description: f.description,
            features: f.features,
            ..Default::default()
        }
    }
}

async fn create_property(env: ToolEnv, a: PropertyFields) -> Result<ToolOutput> {
    let p = properties::create(&env.db, &env.ctx, a.into()).await?;
    let summary = env.say(Phrase::PropertyCreated { title: p.title.clone() });
    Ok(ToolOutput::new(summary, json!({ "property": property_json(&p), "items": [property_label(&env, &p)] })))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateProperty {
    pub property_id: PropertyId,
    pub changes: PropertyFields,
}

async fn update_property(env: ToolEnv, a: UpdateProperty) -> Result<ToolOutput> {
    let p = properties::update(&env.db, &env.ctx, a.property_id, a.changes.into()).await?;
    let summary = env.say(Phrase::PropertyUpdated { title: p.title.clone() });
    Ok(ToolOutput::new(summary, json!({ "property": property_json(&p), "items": [property_label(&env, &p)] })))
}

async fn archive_property(env: ToolEnv, a: PropertyRef) -> Result<ToolOutput> {
    let p = properties::archive(&env.db, &env.ctx, a.property_id).await?;
    let summary = env.say(Phrase::PropertyArchived { title: p.title.clone() });
    Ok(ToolOutput::new(summary, json!({ "property": property_json(&p) })))
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recommend {
    pub lead_id: Option<LeadId>,
    /// The lead's name, when the id is not known.
    pub name: Option<String>,
    /// How many (1–20, default 5).
    pub limit: Option<usize>,
}

async fn recommend(env: ToolEnv, a: Recommend) -> Result<ToolOutput> {
    let lead = resolve_lead(&env, a.lead_id, a.name.as_deref()).await?;
    let found =
        search::recommend_for_lead(&env.db, &env.ctx, &env.ai, &lead, a.limit.unwrap_or(5).clamp(1, 20)).await?;
    let summary = env.say(Phrase::MatchingProperties { count: found.len(), lead: lead.display_name() });
    let reasons =
        |r: &search::Recommendation| -> Vec<String> { r.reasons.iter().map(|p| env.say(p.clone())).collect() };
    let items: Vec<String> =
        found.iter().map(|r| format!("{} ({})", property_label(&env, &r.property), reasons(r).join(", "))).collect();
    let list: Vec<Value> = found
        .iter()
        .map(|r| {
            let mut v = property_json(&r.property);
            v["match"] = json!({ "score": r.score, "reasons": reasons(r) });
            v
        })
        .collect();
    Ok(ToolOutput::new(summary, json!({ "lead": lead.display_name(), "properties": list, "items": items }))
        .about(lead.id))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Semantic {
    /// What to look for, in the user's words.
    pub query: String,
    /// `properties`, `leads`, or both when left out.
    pub kind: Option<search::Kind>,
    /// How many (1–30, default 10).
    pub limit: Option<usize>,
}

async fn semantic(env: ToolEnv, a: Semantic) -> Result<ToolOutput> {
    let hits = search::hybrid(&env.db, &env.ctx, &env.ai, &a.query, a.kind, a.limit.unwrap_or(10).clamp(1, 30)).await?;
    let summary = env.say(Phrase::SearchResults { count: hits.len() });
    let items: Vec<String> = hits.iter().map(|h| model::markdown::app_link(&h.title, &h.url)).collect();
    Ok(ToolOutput::new(summary, json!({ "results": hits, "items": items })))
}
