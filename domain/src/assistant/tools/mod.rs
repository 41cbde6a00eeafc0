//! The tool registry: every tool Jarvis can call, with its name, description, JSON schema (derived
//! from its Rust argument type), category, required role, and whether it needs approval. A tool
//! is a thin adapter over a domain function, run with the asking user's `Ctx`: it sees exactly
//! what the user may see.

mod crm;
mod inbox;
mod office;
mod properties;
mod stats;

pub(crate) use crm::lead_json;
pub(crate) use properties::property_facts;

use std::sync::{Arc, LazyLock};

use chrono::DateTime;
use chrono_tz::Tz;
use futures::future::BoxFuture;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::ai::{Ai, llm::ToolSpec};
use crate::assistant::rules::Category;
use crate::{Ctx, Db, Error, Result};
use model::{ChatId, Currency, LeadId, Locale, Phrase, Render};

/// What a tool runs with: the asking user and their office's clock and language.
#[derive(Clone)]
pub struct ToolEnv {
    pub db: Db,
    pub ctx: Ctx,
    pub ai: Arc<Ai>,
    /// The catalogue, for codes the user reads (score reasons, timeline entries).
    pub texts: Arc<dyn Render>,
    pub chat_id: Option<ChatId>,
    /// Now, in the office's time zone (for "morgen", "nächste Woche").
    pub now: DateTime<Tz>,
    pub locale: Locale,
    /// The office's, which its prices and budgets are in.
    pub currency: Currency,
}

impl ToolEnv {
    /// The environment for `ctx`, with the office's time zone, language and currency.
    pub async fn new(db: &Db, ctx: &Ctx, ai: Arc<Ai>, texts: Arc<dyn Render>, chat_id: Option<ChatId>) -> Result<Self> {
        let settings = crate::tenants::settings(db, ctx).await?;
        let currency = crate::tenants::get(db, ctx).await?.currency;
        let tz = crate::tenants::zone(&settings.time_zone);
        Ok(Self {
            db: db.clone(),
            ctx: *ctx,
            ai,
            texts,
            chat_id,
            now: chrono::Utc::now().with_timezone(&tz),
            locale: settings.locale,
            currency,
        })
    }

    /// A phrase in the office's language.
    pub fn say(&self, phrase: Phrase) -> String {
        self.texts.phrase(self.locale, &phrase)
    }
}

/// A tool's result: `data` goes to the model as JSON; `summary` is the one line the tool tag, the
/// audit log and the offline answers show.
#[derive(Clone, Debug, PartialEq)]
pub struct ToolOutput {
    pub data: Value,
    pub summary: String,
    /// The lead the call was about, for the pending-action card and the chat's context.
    pub lead_id: Option<LeadId>,
}

impl ToolOutput {
    pub fn new(summary: impl Into<String>, data: Value) -> Self {
        Self { summary: summary.into(), data, lead_id: None }
    }

    pub fn about(mut self, lead: LeadId) -> Self {
        self.lead_id = Some(lead);
        self
    }

    /// What the model reads: the data with the summary beside it.
    pub fn for_model(&self) -> Value {
        let mut v = self.data.clone();
        match &mut v {
            Value::Object(map) => {
                map.insert("summary".into(), json!(self.summary));
            }
            other => {
                *other = json!({ "summary": self.summary, "result": other.clone() });
            }
        }
        v
    }
}

/// Who may call a tool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Every signed-in user (agents see only their own leads through the domain).
    Anyone,
    Admin,
}

pub struct ToolInfo {
    pub name: &'static str,
    pub description: &'static str,
    pub categories: &'static [Category],
    pub access: Access,
    /// Sends mail, deletes, or changes many records: it waits for a person's yes.
    pub needs_approval: bool,
}

/// A tool as the registry holds it, its argument type erased.
pub trait Tool: Send + Sync {
    fn info(&self) -> &ToolInfo;
    /// The JSON schema of the arguments.
    fn parameters(&self) -> Value;
    /// Checks arguments against the argument type the schema was derived from (unknown fields
    /// refused); the error says what is wrong, for the model to correct.
    fn check(&self, arguments: &Value) -> std::result::Result<(), String>;
    /// What running it would do, for the approval card.
    fn describe(&self, env: &ToolEnv, arguments: &Value) -> String;
    fn run(&self, env: ToolEnv, arguments: Value) -> BoxFuture<'static, Result<ToolOutput>>;

    fn spec(&self) -> ToolSpec {
        ToolSpec {
            name: self.info().name.to_owned(),
            description: self.info().description.to_owned(),
            parameters: self.parameters(),
        }
    }

    fn allowed(&self, ctx: &Ctx) -> bool {
        self.info().access == Access::Anyone || ctx.role.is_admin()
    }
}

type Run<A> = fn(ToolEnv, A) -> BoxFuture<'static, Result<ToolOutput>>;
type Describe<A> = fn(&ToolEnv, &A) -> String;

/// A tool over its typed arguments `A`.
pub struct Def<A> {
    info: ToolInfo,
    run: Run<A>,
    describe: Option<Describe<A>>,
}

impl<A> Def<A> {
    pub fn new(info: ToolInfo, run: Run<A>) -> Self {
        Self { info, run, describe: None }
    }

    pub fn describe(mut self, describe: Describe<A>) -> Self {
        self.describe = Some(describe);
        self
    }
}

impl<A> Tool for Def<A>
where
    A: DeserializeOwned + JsonSchema + Send + 'static,
{
    fn info(&self) -> &ToolInfo {
        &self.info
    }

    fn parameters(&self) -> Value {
        let mut schema = serde_json::to_value(schemars::schema_for!(A)).unwrap_or_else(|_| json!({}));
        if let Value::Object(map) = &mut schema {
            map.remove("$schema");
            map.remove("title");
            // Chat Completions wants an object schema, also for tools without arguments.
            map.entry("type").or_insert(json!("object"));
            map.entry("properties").or_insert(json!({}));
        }
        schema
    }

    fn check(&self, arguments: &Value) -> std::result::Result<(), String> {
        serde_json::from_value::<A>(arguments.clone()).map(|_| ()).map_err(|e| e.to_string())
    }

    fn describe(&self, env: &ToolEnv, arguments: &Value) -> String {
        match (self.describe, serde_json::from_value::<A>(arguments.clone())) {
            (Some(describe), Ok(args)) => describe(env, &args),
            _ => format!("{} {}", self.info.name, arguments),
        }
    }

    fn run(&self, env: ToolEnv, arguments: Value) -> BoxFuture<'static, Result<ToolOutput>> {
        match serde_json::from_value::<A>(arguments) {
            Ok(args) => (self.run)(env, args),
            Err(e) => Box::pin(async move { Err(Error::invalid("arguments", "invalid", e.to_string())) }),
        }
    }
}

/// No arguments.
#[derive(Debug, Default, serde::Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoArgs {}

static REGISTRY: LazyLock<Vec<Box<dyn Tool>>> = LazyLock::new(|| {
    let mut tools: Vec<Box<dyn Tool>> = Vec::new();
    crm::register(&mut tools);
    properties::register(&mut tools);
    stats::register(&mut tools);
    inbox::register(&mut tools);
    office::register(&mut tools);
    tools
});

/// Every tool.
pub fn all() -> &'static [Box<dyn Tool>] {
    &REGISTRY
}

pub fn find(name: &str) -> Option<&'static dyn Tool> {
    all().iter().find(|t| t.info().name == name).map(AsRef::as_ref)
}

/// The tools for a category that `ctx` may call. `Multi` gets every tool.
pub fn for_category(category: Category, ctx: &Ctx) -> Vec<&'static dyn Tool> {
    all()
        .iter()
        .map(AsRef::as_ref)
        .filter(|t| t.allowed(ctx))
        .filter(|t| category == Category::Multi || t.info().categories.contains(&category))
        .collect()
}

/// Reads a lead named by the model: an id, or a name to search for (exactly one match).
pub(crate) async fn resolve_lead(env: &ToolEnv, id: Option<LeadId>, name: Option<&str>) -> Result<model::Lead> {
    use crate::leads;
    use model::{LeadFilter, PageRequest};
    if let Some(id) = id {
        return leads::get(&env.db, &env.ctx, id).await;
    }
    let name = name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| Error::invalid("lead_id", "required", "give lead_id, or the lead's name"))?;
    let filter = LeadFilter { query: Some(name.to_owned()), ..Default::default() };
    let found = leads::list(&env.db, &env.ctx, &filter, &PageRequest::new(5, None)).await?;
    match found.items.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Error::NotFound("lead")),
        many => Err(Error::invalid(
            "name",
            "ambiguous",
            format!(
                "{} leads match '{name}': {}; give lead_id",
                many.len(),
                many.iter().map(|l| format!("{} ({})", l.display_name(), l.id)).collect::<Vec<_>>().join(", ")
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_is_complete_and_consistent() {
        let tools = all();
        assert!(tools.len() >= 30, "at least 30 tools: {}", tools.len());
        let mut names: Vec<&str> = tools.iter().map(|t| t.info().name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before, "tool names are unique");
        for t in tools {
            let info = t.info();
            assert!(
                info.name.chars().all(|c| c.is_ascii_lowercase() || c == '_') && info.name.len() <= 64,
                "{}: a name the API accepts",
                info.name
            );
            assert!(info.description.len() > 20, "{}: a description that tells the model when to use it", info.name);
            assert!(!info.categories.is_empty(), "{}: in a category", info.name);
            let schema = t.parameters();
            assert_eq!(schema["type"], "object", "{}: {schema}", info.name);
            assert!(schema.get("$schema").is_none());
        }
        for name in ["delete_lead", "merge_leads", "send_reply", "archive_property", "bulk_change_status"] {
            assert!(find(name).unwrap().info().needs_approval, "{name} waits for approval");
        }
        for name in ["search_leads", "get_lead", "search_properties", "pipeline_counts"] {
            assert!(!find(name).unwrap().info().needs_approval, "{name} runs at once");
        }
    }

    #[test]
    fn arguments_are_checked_against_their_type() {
        let t = find("search_leads").unwrap();
        assert!(t.check(&json!({"status": "NEW", "limit": 5})).is_ok());
        let wrong = t.check(&json!({"status": "NEUE"})).unwrap_err();
        assert!(wrong.contains("NEUE") || wrong.contains("variant"), "{wrong}");
        assert!(t.check(&json!({"colour": "blue"})).unwrap_err().contains("colour"), "unknown fields are refused");
        assert!(find("pipeline_counts").unwrap().check(&json!({})).is_ok());
    }
}
