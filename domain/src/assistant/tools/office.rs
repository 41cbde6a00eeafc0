//! Office tools: the team, the background queues, the user's memory, viewing times, and the
//! actions waiting for approval.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

use crate::assistant::{
    memory, pending,
    rules::Category,
    tools::{Access, Def, NoArgs, Tool, ToolEnv, ToolInfo, ToolOutput},
};
use crate::tenants::users;
use crate::viewings::availability;
use crate::{Result, jobs};
use model::{JobId, PendingStatus, Phrase};

const CRM: &[Category] = &[Category::Crm];
const MEMORY: &[Category] = &[Category::Memory];
const CALENDAR: &[Category] = &[Category::Calendar, Category::Email];

pub(super) fn register(tools: &mut Vec<Box<dyn Tool>>) {
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "list_agents",
            description: "The office's team: agents and admins with their role and whether they are active. Admins only.",
            categories: CRM,
            access: Access::Admin,
            needs_approval: false,
        },
        |env, _: NoArgs| Box::pin(agents(env)),
    )));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "job_queue_stats",
            description: "The background queues (sentiment, auto-click, embedding, mail …): queued, running, done and dead jobs. Admins only.",
            categories: CRM,
            access: Access::Admin,
            needs_approval: false,
        },
        |env, _: NoArgs| Box::pin(queues(env)),
    )));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "retry_dead_job",
            description: "Run a dead background job again (after its cause was fixed). Admins only.",
            categories: CRM,
            access: Access::Admin,
            needs_approval: false,
        },
        |env, a: Job| Box::pin(retry(env, a)),
    )));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "remember",
            description: "Remember a fact about the user for later chats (their working days, preferences, how they like answers).",
            categories: MEMORY,
            access: Access::Anyone,
            needs_approval: false,
        },
        |env, a: Remember| Box::pin(remember(env, a)),
    )));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "recall",
            description: "What the user asked to be remembered, optionally only facts containing some words.",
            categories: MEMORY,
            access: Access::Anyone,
            needs_approval: false,
        },
        |env, a: Recall| Box::pin(recall(env, a)),
    )));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "forget",
            description: "Forget the remembered facts that contain the given text.",
            categories: MEMORY,
            access: Access::Anyone,
            needs_approval: false,
        },
        |env, a: Forget| Box::pin(forget(env, a)),
    )));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "propose_viewing_slots",
            description: "Viewing times from the user's availability (the office's when they set none), from a date (YYYY-MM-DD) or tomorrow on, optionally only mornings/afternoons/evenings.",
            categories: CALENDAR,
            access: Access::Anyone,
            needs_approval: false,
        },
        |env, a: Slots| Box::pin(slots(env, a)),
    )));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "list_pending_actions",
            description: "Actions Jarvis prepared that still wait for approval (mails to send, deletions, bulk changes).",
            categories: CRM,
            access: Access::Anyone,
            needs_approval: false,
        },
        |env, _: NoArgs| Box::pin(pending_actions(env)),
    )));
}

async fn agents(env: ToolEnv) -> Result<ToolOutput> {
    let team = users::list(&env.db, &env.ctx).await?;
    let items: Vec<String> =
        team.iter().map(|u| format!("{} ({:?}{})", u.name, u.role, if u.active { "" } else { ", inaktiv" })).collect();
    let list: Vec<_> =
        team.iter().map(|u| json!({ "id": u.id, "name": u.name, "role": u.role, "active": u.active })).collect();
    let summary = env.say(Phrase::TeamSize { people: team.len() });
    Ok(ToolOutput::new(summary, json!({ "team": list, "items": items })))
}

async fn queues(env: ToolEnv) -> Result<ToolOutput> {
    let stats = jobs::stats(&env.db, &env.ctx).await?;
    let dead: u64 = stats.iter().map(|s| s.dead).sum();
    let items: Vec<String> = stats
        .iter()
        .map(|s| format!("{}: {} wartend, {} laufend, {} tot", s.queue, s.queued, s.running, s.dead))
        .collect();
    let summary = env.say(Phrase::DeadJobs { dead });
    Ok(ToolOutput::new(summary, json!({ "queues": stats, "items": items })))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Job {
    pub job_id: JobId,
}

async fn retry(env: ToolEnv, a: Job) -> Result<ToolOutput> {
    let job = jobs::retry_dead(&env.db, &env.ctx, a.job_id).await?;
    Ok(ToolOutput::new(env.say(Phrase::JobScheduledAgain), json!({ "job": job })))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Remember {
    /// The fact, in the user's words.
    pub fact: String,
}

async fn remember(env: ToolEnv, a: Remember) -> Result<ToolOutput> {
    memory::remember(&env.db, &env.ctx, &a.fact).await?;
    Ok(ToolOutput::new(env.say(Phrase::Remembered), json!({ "fact": a.fact })))
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recall {
    pub query: Option<String>,
}

async fn recall(env: ToolEnv, a: Recall) -> Result<ToolOutput> {
    let facts = memory::recall(&env.db, &env.ctx, a.query.as_deref()).await?;
    let summary = env.say(Phrase::RememberedFacts { count: facts.len() });
    Ok(ToolOutput::new(summary, json!({ "facts": facts, "items": facts })))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Forget {
    pub text: String,
}

async fn forget(env: ToolEnv, a: Forget) -> Result<ToolOutput> {
    let n = memory::forget(&env.db, &env.ctx, &a.text).await?;
    Ok(ToolOutput::new(env.say(Phrase::FactsForgotten { count: n }), json!({ "forgotten": n })))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PartOfDay {
    Morning,
    Afternoon,
    Evening,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Slots {
    /// The first day to offer (YYYY-MM-DD); tomorrow when left out.
    pub date: Option<String>,
    pub part_of_day: Option<PartOfDay>,
    /// The lead the viewing is for (only passed through for the answer).
    pub lead_name: Option<String>,
    /// How many (1–10, default 3).
    pub count: Option<usize>,
}

async fn slots(env: ToolEnv, a: Slots) -> Result<ToolOutput> {
    use chrono::Timelike;
    // The asking agent's own times, else the office's.
    let windows = availability::for_user(&env.db, env.ctx.tenant_id, Some(env.ctx.user_id)).await?;
    // From the day before the asked date on: `next_slots` starts the day after `from`.
    let from = match a.date.as_deref() {
        Some(day) => {
            crate::assistant::tools::crm::start_of_day(&env, day)?.with_timezone(&env.now.timezone())
                - chrono::Duration::days(1)
        }
        None => env.now,
    };
    let wanted: Vec<_> = windows
        .iter()
        .filter(|s| {
            let hour: u32 = s.from.get(..2).and_then(|h| h.parse().ok()).unwrap_or(0);
            match a.part_of_day {
                Some(PartOfDay::Morning) => hour < 12,
                Some(PartOfDay::Afternoon) => (12..18).contains(&hour),
                Some(PartOfDay::Evening) => hour >= 18,
                None => true,
            }
        })
        .cloned()
        .collect();
    let found = availability::next_slots(from, &wanted, a.count.unwrap_or(3).clamp(1, 10));
    let items: Vec<String> = found.iter().map(|t| t.format("%a %d.%m. %H:%M").to_string()).collect();
    let summary = env.say(Phrase::FreeTimes { count: found.len() });
    let times: Vec<String> = found.iter().map(|t| t.with_nanosecond(0).unwrap_or(*t).to_rfc3339()).collect();
    Ok(ToolOutput::new(summary, json!({ "times": times, "lead": a.lead_name, "items": items })))
}

async fn pending_actions(env: ToolEnv) -> Result<ToolOutput> {
    let list = pending::list(&env.db, &env.ctx, Some(PendingStatus::Pending), 50).await?;
    let items: Vec<String> = list.iter().map(|p| p.summary.clone()).collect();
    let summary = env.say(Phrase::AwaitingApproval { count: list.len() });
    Ok(ToolOutput::new(summary, json!({ "actions": list, "items": items })))
}
