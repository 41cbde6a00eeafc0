//! Figures about an office's leads: the pipeline, conversion, where leads come from, and how fast
//! they get their first reply (speed-to-lead). What an agent may see bounds what is counted.

use chrono::{DateTime, Utc};
use entity::lead;
use sea_orm::{ColumnTrait, Condition, PaginatorTrait, QueryFilter, QuerySelect, Select};
use serde::{Deserialize, Serialize};

use crate::{Ctx, Db, Result, leads};
#[cfg(test)]
use model::duration_text;
use model::{LeadSource, LeadStatus, ResponseTimes};

/// The caller's visible leads (agents: their own), created since `since`.
fn visible(ctx: &Ctx, since: Option<DateTime<Utc>>) -> Select<lead::Entity> {
    let q = leads::visible(ctx);
    match since {
        Some(since) => q.filter(lead::Column::CreatedAt.gte(since)),
        None => q,
    }
}

/// Leads per (status, source), counted by the database.
async fn counts(db: &Db, ctx: &Ctx, since: Option<DateTime<Utc>>) -> Result<Vec<(String, String, u64)>> {
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let rows: Vec<(String, String, i64)> = visible(ctx, since)
        .select_only()
        .column(lead::Column::Status)
        .column(lead::Column::Source)
        .column_as(lead::Column::Id.count(), "n")
        .group_by(lead::Column::Status)
        .group_by(lead::Column::Source)
        .into_tuple()
        .all(&tx)
        .await?;
    tx.commit().await?;
    Ok(rows.into_iter().map(|(status, source, n)| (status, source, n.max(0) as u64)).collect())
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pipeline {
    pub total: u64,
    pub by_status: Vec<(LeadStatus, u64)>,
}

pub async fn pipeline(db: &Db, ctx: &Ctx) -> Result<Pipeline> {
    let rows = counts(db, ctx, None).await?;
    let by_status =
        LeadStatus::ALL.iter().map(|s| (*s, rows.iter().filter(|r| r.0 == s.as_str()).map(|r| r.2).sum())).collect();
    Ok(Pipeline { total: rows.iter().map(|r| r.2).sum(), by_status })
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conversion {
    pub leads: u64,
    pub booked: u64,
    pub lost: u64,
    /// Booked among all leads, in percent (one decimal).
    pub rate_percent: f64,
}

pub async fn conversion(db: &Db, ctx: &Ctx, since: Option<DateTime<Utc>>) -> Result<Conversion> {
    let rows = counts(db, ctx, since).await?;
    let count = |s: LeadStatus| rows.iter().filter(|r| r.0 == s.as_str()).map(|r| r.2).sum::<u64>();
    let (booked, lost) = (count(LeadStatus::Booked), count(LeadStatus::Lost));
    let leads = rows.iter().map(|r| r.2).sum::<u64>();
    let rate_percent = if leads == 0 { 0.0 } else { (booked as f64 * 1000.0 / leads as f64).round() / 10.0 };
    Ok(Conversion { leads, booked, lost, rate_percent })
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceCount {
    pub source: LeadSource,
    pub leads: u64,
    pub booked: u64,
}

/// Busiest source first.
pub async fn by_source(db: &Db, ctx: &Ctx, since: Option<DateTime<Utc>>) -> Result<Vec<SourceCount>> {
    let rows = counts(db, ctx, since).await?;
    let mut out: Vec<SourceCount> = LeadSource::ALL
        .iter()
        .map(|s| SourceCount {
            source: *s,
            leads: rows.iter().filter(|r| r.1 == s.as_str()).map(|r| r.2).sum(),
            booked: rows.iter().filter(|r| r.1 == s.as_str() && r.0 == LeadStatus::Booked.as_str()).map(|r| r.2).sum(),
        })
        .filter(|c| c.leads > 0)
        .collect();
    out.sort_by_key(|c| std::cmp::Reverse(c.leads));
    Ok(out)
}

/// Only the leads that got a reply are read (their three times); the rest are counted.
pub async fn response_times(db: &Db, ctx: &Ctx, since: Option<DateTime<Utc>>) -> Result<ResponseTimes> {
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let leads = visible(ctx, since).count(&tx).await?;
    // Arrival, reply drafted, reply sent.
    type Times = (DateTime<Utc>, Option<DateTime<Utc>>, Option<DateTime<Utc>>);
    let replied: Vec<Times> = visible(ctx, since)
        .select_only()
        .column(lead::Column::CreatedAt)
        .column(lead::Column::ReplyDraftedAt)
        .column(lead::Column::ReplySentAt)
        .filter(
            Condition::any()
                .add(lead::Column::ReplyDraftedAt.is_not_null())
                .add(lead::Column::ReplySentAt.is_not_null()),
        )
        .into_tuple()
        .all(&tx)
        .await?;
    tx.commit().await?;
    let after = |t: Option<DateTime<Utc>>, created: DateTime<Utc>| t.map(|t| (t - created).num_seconds().max(0));
    let mut draft: Vec<i64> = replied.iter().filter_map(|r| after(r.1, r.0)).collect();
    let mut send: Vec<i64> = replied.iter().filter_map(|r| after(r.2, r.0)).collect();
    Ok(ResponseTimes {
        leads,
        drafted: draft.len() as u64,
        sent: send.len() as u64,
        median_draft_secs: median(&mut draft),
        median_send_secs: median(&mut send),
        average_send_secs: (!send.is_empty()).then(|| send.iter().sum::<i64>() / send.len() as i64),
    })
}

fn median(v: &mut [i64]) -> Option<i64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let mid = v.len() / 2;
    Some(if v.len().is_multiple_of(2) { (v[mid - 1] + v[mid]) / 2 } else { v[mid] })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_durations() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [30, 10, 20]), Some(20));
        assert_eq!(median(&mut [40, 10, 20, 30]), Some(25));
        assert_eq!(duration_text(42), "42 s");
        assert_eq!(duration_text(95), "1 min 35 s");
        assert_eq!(duration_text(7_260), "2 h 1 min");
        assert_eq!(duration_text(90_000), "1 d 1 h");
    }
}
