//! Lead tools: find, read, create, change, assign, note, merge, delete, explain the score.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::assistant::{
    rules::Category,
    tools::{Access, Def, Tool, ToolEnv, ToolInfo, ToolOutput, resolve_lead},
};
use crate::tenants::users;
use crate::{Error, Result, leads};
use model::{
    Financing, Lead, LeadFilter, LeadId, LeadInput, LeadSource, LeadStatus, Money, PageRequest, Phrase, PropertyId,
    Timeframe, UserId,
};

const CRM: &[Category] = &[Category::Crm];
const CRM_MAIL: &[Category] = &[Category::Crm, Category::Email];

pub(super) fn register(tools: &mut Vec<Box<dyn Tool>>) {
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "search_leads",
            description: "Find leads (inquiries) by text, status, source, minimum score, arrival date, or only the user's own. Newest first.",
            categories: CRM_MAIL,
            access: Access::Anyone,
            needs_approval: false,
        },
        |env, a: SearchLeads| Box::pin(search_leads(env, a)),
    )));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "get_lead",
            description: "Read one lead with its contact data, budget, score, status and message, by id or by name.",
            categories: CRM_MAIL,
            access: Access::Anyone,
            needs_approval: false,
        },
        |env, a: LeadRef| Box::pin(get_lead(env, a)),
    )));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "create_lead",
            description: "Create a new lead by hand (a phone call, a walk-in). Phone numbers are normalised, the lead is scored.",
            categories: CRM,
            access: Access::Anyone,
            needs_approval: false,
        },
        |env, a: LeadFields| Box::pin(create_lead(env, a)),
    )));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "update_lead",
            description: "Change fields of a lead (name, contact, budget, timeframe, financing, property): put only the fields to change into `changes`.",
            categories: CRM,
            access: Access::Anyone,
            needs_approval: false,
        },
        |env, a: UpdateLead| Box::pin(update_lead(env, a)),
    )));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "change_lead_status",
            description: "Move a lead along the pipeline NEW → CONTACTED → CONVERSATION → BOOKED, or to LOST with a reason.",
            categories: CRM,
            access: Access::Anyone,
            needs_approval: false,
        },
        |env, a: ChangeStatus| Box::pin(change_status(env, a)),
    )));
    tools.push(Box::new(
        Def::new(
            ToolInfo {
                name: "bulk_change_status",
                description: "Move several leads to one status at once (e.g. all leads silent for weeks to LOST). Needs the user's approval.",
                categories: CRM,
                access: Access::Anyone,
                needs_approval: true,
            },
            |env, a: BulkStatus| Box::pin(bulk_change_status(env, a)),
        )
        .describe(|env, a| {
            env.say(Phrase::SetStatusesAsk { count: a.lead_ids.len(), status: a.status })
        }),
    ));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "assign_lead",
            description: "Assign a lead to an agent of the office (by user id or name), or unassign it. Admins only.",
            categories: CRM,
            access: Access::Admin,
            needs_approval: false,
        },
        |env, a: Assign| Box::pin(assign(env, a)),
    )));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "add_lead_note",
            description: "Add a note to a lead's timeline (a call, an agreement, something to remember about the person).",
            categories: CRM,
            access: Access::Anyone,
            needs_approval: false,
        },
        |env, a: Note| Box::pin(add_note(env, a)),
    )));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "list_lead_activities",
            description: "The timeline of a lead, newest first: inquiries, status changes, notes, mails, assignments.",
            categories: CRM_MAIL,
            access: Access::Anyone,
            needs_approval: false,
        },
        |env, a: LeadRef| Box::pin(activities(env, a)),
    )));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "explain_lead_score",
            description: "Why a lead has its score (0–100): each factor with its points and reason.",
            categories: CRM,
            access: Access::Anyone,
            needs_approval: false,
        },
        |env, a: LeadRef| Box::pin(explain_score(env, a)),
    )));
    tools.push(Box::new(
        Def::new(
            ToolInfo {
                name: "merge_leads",
                description: "Merge a duplicate lead into the one to keep (the same person twice). Needs the user's approval.",
                categories: CRM,
                access: Access::Anyone,
                needs_approval: true,
            },
            |env, a: Merge| Box::pin(merge(env, a)),
        )
        .describe(|env, a| {
            env.say(Phrase::MergeAsk { duplicate: a.duplicate_id.into(), keep: a.keep_id.into() })
        }),
    ));
    tools.push(Box::new(
        Def::new(
            ToolInfo {
                name: "delete_lead",
                description: "Delete a lead with its timeline and messages. Admins only; needs approval.",
                categories: CRM,
                access: Access::Admin,
                needs_approval: true,
            },
            |env, a: DeleteLead| Box::pin(delete(env, a)),
        )
        .describe(|env, a| env.say(Phrase::DeleteLeadAsk { lead: a.lead_id.into() })),
    ));
}

/// A lead as the model reads it: what an agent would want to see, with a link for the answer.
pub(crate) fn lead_json(l: &Lead) -> Value {
    json!({
        "id": l.id,
        "name": l.display_name(),
        "status": l.status,
        "source": l.source,
        "score": l.score,
        "email": l.email,
        "phone": l.phone,
        "budget_min": l.budget_min.map(Money::whole),
        "budget_max": l.budget_max.map(Money::whole),
        "timeframe": l.timeframe,
        "financing": l.financing,
        "property_id": l.property_id,
        "assigned_to": l.assigned_to,
        "viewing_requested": l.viewing_requested,
        // UTC, as every time the tools give; the prompt names the office's zone.
        "viewing_wish": l.viewing_wish,
        "created_at": l.created_at,
        "url": format!("/leads/{}", l.id),
    })
}

fn label(l: &Lead) -> String {
    let link = model::markdown::app_link(&l.display_name(), &format!("/leads/{}", l.id));
    format!("{link} – {}, Score {}", l.status, l.score)
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchLeads {
    /// Words to find in name, email, phone or message.
    pub query: Option<String>,
    pub status: Option<LeadStatus>,
    pub source: Option<LeadSource>,
    /// Only leads scoring at least this (70+ are hot).
    pub min_score: Option<i32>,
    /// Only leads assigned to the asking user.
    pub mine: Option<bool>,
    /// Only leads that arrived on or after this date (YYYY-MM-DD, office time).
    pub created_after: Option<String>,
    /// How many (1–50, default 10).
    pub limit: Option<u64>,
}

async fn search_leads(env: ToolEnv, a: SearchLeads) -> Result<ToolOutput> {
    let created_after = match a.created_after.as_deref() {
        Some(day) => Some(start_of_day(&env, day)?),
        None => None,
    };
    let filter = LeadFilter {
        query: a.query.filter(|q| !q.trim().is_empty()),
        status: a.status,
        source: a.source,
        min_score: a.min_score,
        assigned_to: a.mine.unwrap_or(false).then_some(env.ctx.user_id),
        created_after,
        ..Default::default()
    };
    let page =
        leads::list(&env.db, &env.ctx, &filter, &PageRequest::new(a.limit.unwrap_or(10).clamp(1, 50), None)).await?;
    let summary = env.say(Phrase::LeadsFound { total: page.total, newest: page.has_next.then_some(page.items.len()) });
    Ok(ToolOutput::new(
        summary,
        json!({
            "total": page.total,
            "leads": page.items.iter().map(lead_json).collect::<Vec<_>>(),
            "items": page.items.iter().map(label).collect::<Vec<_>>(),
        }),
    ))
}

/// `YYYY-MM-DD` in the office's zone, as the UTC moment its day starts.
pub(crate) fn start_of_day(env: &ToolEnv, day: &str) -> Result<chrono::DateTime<chrono::Utc>> {
    use chrono::TimeZone;
    let date = chrono::NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d")
        .map_err(|_| Error::invalid("date", "invalid", format!("'{day}' is not a date (YYYY-MM-DD)")))?;
    let local = env.now.timezone().from_local_datetime(&date.and_time(chrono::NaiveTime::MIN)).earliest();
    local.map(|t| t.with_timezone(&chrono::Utc)).ok_or_else(|| Error::invalid("date", "invalid", "no such local time"))
}

/// A lead named by id or name.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LeadRef {
    pub lead_id: Option<LeadId>,
    /// The lead's name, when the id is not known.
    pub name: Option<String>,
}

async fn get_lead(env: ToolEnv, a: LeadRef) -> Result<ToolOutput> {
    let lead = resolve_lead(&env, a.lead_id, a.name.as_deref()).await?;
    let mut data = lead_json(&lead);
    data["message"] = json!(lead.message);
    data["items"] = json!([label(&lead)]);
    Ok(ToolOutput::new(lead.display_name(), data).about(lead.id))
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LeadFields {
    pub salutation: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub message: Option<String>,
    /// Whole units of the office's currency.
    pub budget_min: Option<i64>,
    pub budget_max: Option<i64>,
    pub timeframe: Option<Timeframe>,
    pub financing: Option<Financing>,
    pub property_id: Option<PropertyId>,
    pub source: Option<LeadSource>,
}

impl From<LeadFields> for LeadInput {
    fn from(f: LeadFields) -> Self {
        LeadInput {
            source: f.source,
            salutation: f.salutation,
            first_name: f.first_name,
            last_name: f.last_name,
            email: f.email,
            phone: f.phone,
            message: f.message,
            budget_min: f.budget_min.map(Money::from_whole),
            budget_max: f.budget_max.map(Money::from_whole),
            timeframe: f.timeframe,
            financing: f.financing,
            property_id: f.property_id,
            assigned_to: None,
        }
    }
}

async fn create_lead(env: ToolEnv, a: LeadFields) -> Result<ToolOutput> {
    let lead = leads::create(&env.db, &env.ctx, a.into()).await?;
    let summary = env.say(Phrase::LeadCreated { name: lead.display_name() });
    Ok(ToolOutput::new(summary, json!({ "lead": lead_json(&lead), "items": [label(&lead)] })).about(lead.id))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateLead {
    pub lead_id: LeadId,
    /// Only the fields to change.
    pub changes: LeadFields,
}

async fn update_lead(env: ToolEnv, a: UpdateLead) -> Result<ToolOutput> {
    let lead = leads::update(&env.db, &env.ctx, a.lead_id, a.changes.into()).await?;
    let summary = env.say(Phrase::LeadUpdated { name: lead.display_name() });
    Ok(ToolOutput::new(summary, json!({ "lead": lead_json(&lead), "items": [label(&lead)] })).about(lead.id))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeStatus {
    pub lead_id: LeadId,
    pub status: LeadStatus,
    /// Why (required in practice for LOST).
    pub reason: Option<String>,
}

async fn change_status(env: ToolEnv, a: ChangeStatus) -> Result<ToolOutput> {
    let lead = leads::change_status(&env.db, &env.ctx, a.lead_id, a.status, a.reason).await?;
    let summary = env.say(Phrase::StatusNow { name: lead.display_name(), status: lead.status });
    Ok(ToolOutput::new(summary, json!({ "lead": lead_json(&lead) })).about(lead.id))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkStatus {
    pub lead_ids: Vec<LeadId>,
    pub status: LeadStatus,
    pub reason: Option<String>,
}

async fn bulk_change_status(env: ToolEnv, a: BulkStatus) -> Result<ToolOutput> {
    if a.lead_ids.is_empty() || a.lead_ids.len() > 200 {
        return Err(Error::invalid("lead_ids", "invalid", "between 1 and 200 leads"));
    }
    let (mut changed, mut refused) = (Vec::new(), Vec::new());
    for id in a.lead_ids {
        match leads::change_status(&env.db, &env.ctx, id, a.status, a.reason.clone()).await {
            Ok(l) => changed.push(l.id),
            Err(e @ (Error::Conflict(_) | Error::NotFound(_))) => {
                refused.push(json!({ "lead_id": id, "error": e.to_string() }))
            }
            Err(e) => return Err(e),
        }
    }
    let summary = env.say(Phrase::StatusesSet { changed: changed.len(), status: a.status, refused: refused.len() });
    Ok(ToolOutput::new(summary, json!({ "changed": changed, "refused": refused })))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assign {
    pub lead_id: LeadId,
    /// The agent's user id; or `agent_name`. Neither: unassign.
    pub user_id: Option<UserId>,
    pub agent_name: Option<String>,
}

async fn assign(env: ToolEnv, a: Assign) -> Result<ToolOutput> {
    let to = match (a.user_id, a.agent_name.as_deref().map(str::trim).filter(|n| !n.is_empty())) {
        (Some(id), _) => Some(id),
        (None, Some(name)) => {
            let needle = name.to_lowercase();
            let team = users::list(&env.db, &env.ctx).await?;
            let matches: Vec<_> = team.iter().filter(|u| u.active && u.name.to_lowercase().contains(&needle)).collect();
            match matches.as_slice() {
                [one] => Some(one.id),
                [] => return Err(Error::NotFound("agent")),
                _ => return Err(Error::invalid("agent_name", "ambiguous", format!("several agents match '{name}'"))),
            }
        }
        (None, None) => None,
    };
    let lead = leads::assign(&env.db, &env.ctx, a.lead_id, to).await?;
    let summary = env.say(Phrase::Assigned { name: lead.display_name() });
    Ok(ToolOutput::new(summary, json!({ "lead": lead_json(&lead) })).about(lead.id))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub lead_id: LeadId,
    pub text: String,
}

async fn add_note(env: ToolEnv, a: Note) -> Result<ToolOutput> {
    let note = leads::add_note(&env.db, &env.ctx, a.lead_id, &a.text).await?;
    Ok(ToolOutput::new(env.say(Phrase::NoteSaved), json!({ "activity_id": note.id })).about(a.lead_id))
}

async fn activities(env: ToolEnv, a: LeadRef) -> Result<ToolOutput> {
    let lead = resolve_lead(&env, a.lead_id, a.name.as_deref()).await?;
    let list = leads::activities(&env.db, &env.ctx, lead.id).await?;
    let items: Vec<Value> = list
        .iter()
        .take(30)
        .map(|x| json!({ "kind": x.kind, "text": env.texts.activity(env.locale, &x.detail), "at": x.created_at }))
        .collect();
    let summary = env.say(Phrase::TimelineEntries { count: list.len() });
    Ok(ToolOutput::new(summary, json!({ "lead": lead.display_name(), "activities": items })).about(lead.id))
}

async fn explain_score(env: ToolEnv, a: LeadRef) -> Result<ToolOutput> {
    let lead = resolve_lead(&env, a.lead_id, a.name.as_deref()).await?;
    let items: Vec<String> = lead
        .score_factors
        .iter()
        .map(|f| {
            let (name, reason) =
                (env.texts.score_factor(env.locale, f.factor), env.texts.score_reason(env.locale, &f.reason));
            format!("{name}: {}/{} – {reason}", f.points, f.max_points)
        })
        .collect();
    let summary = env.say(Phrase::Score { score: lead.score });
    Ok(ToolOutput::new(summary, json!({ "score": lead.score, "factors": lead.score_factors, "items": items }))
        .about(lead.id))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Merge {
    /// The lead that stays.
    pub keep_id: LeadId,
    /// The duplicate that is merged into it and removed.
    pub duplicate_id: LeadId,
}

async fn merge(env: ToolEnv, a: Merge) -> Result<ToolOutput> {
    let lead = leads::merge(&env.db, &env.ctx, a.keep_id, a.duplicate_id).await?;
    let summary = env.say(Phrase::MergedInto { name: lead.display_name() });
    Ok(ToolOutput::new(summary, json!({ "lead": lead_json(&lead) })).about(lead.id))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeleteLead {
    pub lead_id: LeadId,
}

async fn delete(env: ToolEnv, a: DeleteLead) -> Result<ToolOutput> {
    leads::delete(&env.db, &env.ctx, a.lead_id).await?;
    Ok(ToolOutput::new(env.say(Phrase::LeadDeleted), json!({ "deleted": a.lead_id })))
}
