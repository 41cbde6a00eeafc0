//! What model calls cost: every call is logged (AiUsageLog) with its tokens, latency and cost from
//! the configured price table, and an office's spending this month decides whether it still gets
//! the model or the offline rules (its monthly budget).

use std::time::Duration;

use chrono::{Datelike, TimeZone, Utc};
use entity::ai_usage_log;
use sea_orm::sea_query::{Alias, Expr, Func, SimpleExpr};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use uuid::Uuid;

use crate::ai::llm::Usage;
use crate::{Db, Error, Result, now};
use model::{PurposeUsage, TenantId, UserId};

/// US dollars per million tokens.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Price {
    pub input: f64,
    pub output: f64,
}

/// Prices by model name. A dated model name the endpoint reports (`gpt-5.2-2025-12-11`) takes the
/// price of its longest listed prefix; a model not listed costs nothing (a local model server).
#[derive(Clone, Debug, PartialEq)]
pub struct PriceTable {
    prices: Vec<(String, Price)>,
}

impl Default for PriceTable {
    fn default() -> Self {
        Self::new([
            ("gpt-5.2", Price { input: 1.75, output: 14.0 }),
            ("gpt-5-mini", Price { input: 0.25, output: 2.0 }),
            ("text-embedding-3-small", Price { input: 0.02, output: 0.0 }),
        ])
    }
}

impl PriceTable {
    pub fn new<S: Into<String>>(prices: impl IntoIterator<Item = (S, Price)>) -> Self {
        let mut prices: Vec<(String, Price)> = prices.into_iter().map(|(m, p)| (m.into(), p)).collect();
        // Longest first: the most specific prefix wins.
        prices.sort_by_key(|(m, _)| std::cmp::Reverse(m.len()));
        Self { prices }
    }

    /// Reads `model=input/output` entries separated by commas (`IMMIVO_AI_PRICES`), over the
    /// defaults.
    pub fn parse(spec: &str) -> std::result::Result<Self, String> {
        let mut table: Vec<(String, Price)> = Self::default().prices;
        for entry in spec.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let (model, price) =
                entry.split_once('=').ok_or_else(|| format!("'{entry}': expected model=input/output"))?;
            let (input, output) =
                price.split_once('/').ok_or_else(|| format!("'{entry}': expected model=input/output"))?;
            let number = |v: &str| {
                v.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|n| n.is_finite() && *n >= 0.0)
                    .ok_or_else(|| format!("'{entry}': '{v}' is not a price"))
            };
            let price = Price { input: number(input)?, output: number(output)? };
            table.retain(|(m, _)| m != model.trim());
            table.push((model.trim().to_owned(), price));
        }
        Ok(Self::new(table))
    }

    pub fn price(&self, model: &str) -> Option<Price> {
        self.prices.iter().find(|(m, _)| model.starts_with(m.as_str())).map(|(_, p)| *p)
    }

    /// Millionths of a US dollar, rounded up: a logged call never costs nothing when it has a price.
    pub fn cost_micros(&self, model: &str, usage: Usage) -> i64 {
        let Some(p) = self.price(model) else { return 0 };
        let micros = f64::from(usage.input_tokens) * p.input + f64::from(usage.output_tokens) * p.output;
        // Tokens × $/1M tokens = µ$ exactly; the cast is bounded by u32 tokens × a sane price.
        micros.ceil() as i64
    }
}

/// What a call was for, as the usage log and the admin's statistics name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Chat,
    Router,
    Summary,
    AutoReply,
    Sentiment,
    Embedding,
    /// The model fallback reading a mail no extractor could (`intake::model_extract`).
    Extraction,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Chat => "chat",
            Purpose::Router => "router",
            Purpose::Summary => "summary",
            Purpose::AutoReply => "auto_reply",
            Purpose::Sentiment => "sentiment",
            Purpose::Embedding => "embedding",
            Purpose::Extraction => "extraction",
        }
    }
}

/// One model call to log.
pub struct Call<'a> {
    pub tenant: TenantId,
    pub user: Option<UserId>,
    pub purpose: Purpose,
    pub offline: bool,
    pub model: &'a str,
    pub usage: Usage,
    pub latency: Duration,
}

pub async fn record(db: &Db, prices: &PriceTable, call: Call<'_>) -> Result<()> {
    let cost = if call.offline { 0 } else { prices.cost_micros(call.model, call.usage) };
    let tx = db.tenant(call.tenant).await?;
    ai_usage_log::ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(call.tenant.0),
        user_id: Set(call.user.map(|u| u.0)),
        purpose: Set(call.purpose.as_str().to_owned()),
        provider: Set(if call.offline { "offline" } else { "openai" }.to_owned()),
        model: Set(call.model.to_owned()),
        input_tokens: Set(i32::try_from(call.usage.input_tokens).unwrap_or(i32::MAX)),
        output_tokens: Set(i32::try_from(call.usage.output_tokens).unwrap_or(i32::MAX)),
        cost_micros: Set(cost),
        latency_ms: Set(i32::try_from(call.latency.as_millis()).unwrap_or(i32::MAX)),
        created_at: Set(now()),
    }
    .insert(&tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The first of this month, 00:00 UTC: where a month's spending begins.
fn month_start() -> Result<chrono::DateTime<Utc>> {
    let today = now();
    Utc.with_ymd_and_hms(today.year(), today.month(), 1, 0, 0, 0)
        .single()
        .ok_or_else(|| Error::Internal("start of month".into()))
}

/// `SUM` as a 64-bit integer on both backends (PostgreSQL's `SUM(bigint)` is `numeric`).
fn sum(column: ai_usage_log::Column) -> SimpleExpr {
    Func::cast_as(Func::coalesce([Expr::col(column).sum(), Expr::val(0i64).into()]), Alias::new("BIGINT")).into()
}

/// The office's spending since the first of this month (UTC), in millionths of a dollar.
pub async fn month_cost_micros(db: &Db, tenant: TenantId) -> Result<i64> {
    let start = month_start()?;
    let tx = db.tenant_read(tenant).await?;
    let total: Option<i64> = ai_usage_log::Entity::find()
        .select_only()
        .column_as(sum(ai_usage_log::Column::CostMicros), "total")
        .filter(ai_usage_log::Column::TenantId.eq(tenant.0))
        .filter(ai_usage_log::Column::CreatedAt.gte(start))
        .into_tuple()
        .one(&tx)
        .await?;
    tx.commit().await?;
    Ok(total.unwrap_or(0))
}

/// This month's calls by purpose (the admin's AI card), most expensive first.
pub async fn month_by_purpose(db: &Db, tenant: TenantId) -> Result<Vec<PurposeUsage>> {
    let start = month_start()?;
    let tx = db.tenant_read(tenant).await?;
    let rows: Vec<(String, i64, i64, i64, i64)> = ai_usage_log::Entity::find()
        .select_only()
        .column(ai_usage_log::Column::Purpose)
        .column_as(ai_usage_log::Column::Id.count(), "calls")
        .column_as(sum(ai_usage_log::Column::InputTokens), "input_tokens")
        .column_as(sum(ai_usage_log::Column::OutputTokens), "output_tokens")
        .column_as(sum(ai_usage_log::Column::CostMicros), "cost")
        .filter(ai_usage_log::Column::TenantId.eq(tenant.0))
        .filter(ai_usage_log::Column::CreatedAt.gte(start))
        .group_by(ai_usage_log::Column::Purpose)
        .into_tuple()
        .all(&tx)
        .await?;
    tx.commit().await?;
    let mut out: Vec<PurposeUsage> = rows
        .into_iter()
        .map(|(purpose, calls, input, output, cost)| PurposeUsage {
            purpose,
            calls: calls.max(0) as u64,
            input_tokens: input.max(0) as u64,
            output_tokens: output.max(0) as u64,
            cost_micros: cost.max(0),
        })
        .collect();
    out.sort_by(|a, b| b.cost_micros.cmp(&a.cost_micros).then(b.calls.cmp(&a.calls)));
    Ok(out)
}

/// Millionths of a dollar as cents, rounded up: a cent started is shown.
pub fn cents_up(micros: i64) -> i64 {
    (micros.max(0) + 9_999) / 10_000
}

/// `2026-11`: the month a budget notice belongs to.
pub fn month_key() -> String {
    now().format("%Y-%m").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_follow_the_price_table() {
        let t = PriceTable::default();
        let usage = Usage { input_tokens: 1_000_000, output_tokens: 1_000 };
        // $1.75 for a million input tokens + $0.014 for a thousand output tokens.
        assert_eq!(t.cost_micros("gpt-5.2", usage), 1_750_000 + 14_000);
        assert_eq!(t.cost_micros("gpt-5.2-2025-12-11", usage), 1_764_000, "a dated name takes its prefix's price");
        assert_eq!(t.cost_micros("gpt-5-mini", Usage { input_tokens: 100, output_tokens: 10 }), 25 + 20);
        assert_eq!(t.cost_micros("llama-3-local", usage), 0);
        assert_eq!(t.cost_micros("gpt-5.2", Usage { input_tokens: 1, output_tokens: 0 }), 2, "rounded up");
    }

    #[test]
    fn the_table_reads_overrides() {
        let t = PriceTable::parse("gpt-5.2=2/16, my-model=0.5/1").unwrap();
        assert_eq!(t.price("gpt-5.2"), Some(Price { input: 2.0, output: 16.0 }));
        assert_eq!(t.price("my-model-q4"), Some(Price { input: 0.5, output: 1.0 }));
        assert_eq!(t.price("gpt-5-mini"), Some(Price { input: 0.25, output: 2.0 }), "defaults stay");
        assert!(PriceTable::parse("gpt-5.2=2").is_err());
        assert!(PriceTable::parse("gpt-5.2=x/1").is_err());
        assert!(PriceTable::parse("gpt-5.2=-1/1").is_err());
    }
}
