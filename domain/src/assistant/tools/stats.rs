//! Figures: the pipeline, conversion, lead sources, response times.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

use crate::Result;
use crate::assistant::{
    rules::Category,
    tools::{Access, Def, NoArgs, Tool, ToolEnv, ToolInfo, ToolOutput, crm::start_of_day},
};
use crate::leads::stats;
use model::Phrase;

const CRM: &[Category] = &[Category::Crm];

pub(super) fn register(tools: &mut Vec<Box<dyn Tool>>) {
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "pipeline_counts",
            description: "How many leads are in each pipeline status (NEW, CONTACTED, CONVERSATION, BOOKED, LOST), and in total.",
            categories: CRM,
            access: Access::Anyone,
            needs_approval: false,
        },
        |env, _: NoArgs| Box::pin(pipeline(env)),
    )));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "conversion_stats",
            description: "Conversion: leads, booked, lost and the booking rate, optionally for leads since a date.",
            categories: CRM,
            access: Access::Anyone,
            needs_approval: false,
        },
        |env, a: Since| Box::pin(conversion(env, a)),
    )));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "leads_by_source",
            description: "Where leads come from: count and bookings per portal or channel, optionally since a date.",
            categories: CRM,
            access: Access::Anyone,
            needs_approval: false,
        },
        |env, a: Since| Box::pin(by_source(env, a)),
    )));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "response_times",
            description: "Speed-to-lead: how fast inquiries got their first reply drafted and sent (median, average), optionally since a date.",
            categories: CRM,
            access: Access::Anyone,
            needs_approval: false,
        },
        |env, a: Since| Box::pin(response_times(env, a)),
    )));
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Since {
    /// Only leads that arrived on or after this date (YYYY-MM-DD).
    pub since: Option<String>,
}

fn since(env: &ToolEnv, a: &Since) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
    a.since.as_deref().map(|d| start_of_day(env, d)).transpose()
}

async fn pipeline(env: ToolEnv) -> Result<ToolOutput> {
    let p = stats::pipeline(&env.db, &env.ctx).await?;
    let items: Vec<String> = p.by_status.iter().map(|(s, n)| format!("{s}: {n}")).collect();
    let summary = env.say(Phrase::LeadsInPipeline { total: p.total });
    Ok(ToolOutput::new(summary, json!({ "total": p.total, "by_status": p.by_status, "items": items })))
}

async fn conversion(env: ToolEnv, a: Since) -> Result<ToolOutput> {
    let c = stats::conversion(&env.db, &env.ctx, since(&env, &a)?).await?;
    let summary =
        env.say(Phrase::Conversion { booked: c.booked, leads: c.leads, rate_percent: c.rate_percent, lost: c.lost });
    Ok(ToolOutput::new(summary, serde_json::to_value(&c).unwrap_or_default()))
}

async fn by_source(env: ToolEnv, a: Since) -> Result<ToolOutput> {
    let list = stats::by_source(&env.db, &env.ctx, since(&env, &a)?).await?;
    let items: Vec<String> = list.iter().map(|s| format!("{}: {} ({} gebucht)", s.source, s.leads, s.booked)).collect();
    let summary = env.say(Phrase::LeadSources { sources: list.len() });
    Ok(ToolOutput::new(summary, json!({ "sources": list, "items": items })))
}

async fn response_times(env: ToolEnv, a: Since) -> Result<ToolOutput> {
    let r = stats::response_times(&env.db, &env.ctx, since(&env, &a)?).await?;
    let summary = match r.median_send_secs {
        Some(median_secs) => env.say(Phrase::MedianFirstReply { median_secs, sent: r.sent, leads: r.leads }),
        None => env.say(Phrase::NoReplySentYet { leads: r.leads }),
    };
    Ok(ToolOutput::new(summary, serde_json::to_value(&r).unwrap_or_default()))
}
