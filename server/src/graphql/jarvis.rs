use crate::graphql::support::{GqlResult, caller};
use async_graphql::{Context, Object, Result};
use domain::assistant::pending;
use domain::search;
use model::{
    AiStatus, PendingAction, PendingActionId, PendingStatus, PurposeUsage, ResponseTimes, SearchHit, SearchKind,
};

use super::services;

/// The complexity one `semanticSearch` costs before its hits: with the default limit of 2,000,
/// an operation can hold at most nine.
const SEMANTIC_SEARCH_COST: usize = 200;

#[derive(Default)]
pub struct JarvisQuery;

#[Object]
impl JarvisQuery {
    /// Properties and leads by meaning and words together: semantic similarity (embeddings)
    /// fused with the German full-text search, over what the caller may see (at most 50).
    /// `query`: at most 200 characters and 12 words.
    // Each call embeds the query and runs two searches per kind: priced so that one operation
    // holds at most a handful of them under the complexity limit.
    #[graphql(complexity = "SEMANTIC_SEARCH_COST + first.clamp(1, 50) * child_complexity")]
    async fn semantic_search(
        &self,
        cx: &Context<'_>,
        query: String,
        kind: Option<SearchKind>,
        #[graphql(default = 10)] first: usize,
    ) -> Result<Vec<SearchHit>> {
        let s = services(cx);
        search::hybrid(&s.db, &caller(cx)?, &s.ai, &query, kind, first.clamp(1, 50)).await.gql()
    }

    /// Whether the assistant has a model now, and the office's AI spending this month.
    async fn ai_status(&self, cx: &Context<'_>) -> Result<AiStatus> {
        let s = services(cx);
        s.ai.status(&s.db, &caller(cx)?).await.gql()
    }

    /// Admins: this month's model calls by purpose, with tokens and cost.
    async fn ai_usage(&self, cx: &Context<'_>) -> Result<Vec<PurposeUsage>> {
        let s = services(cx);
        s.ai.usage(&s.db, &caller(cx)?).await.gql()
    }

    /// Actions the assistant prepared that wait for approval (the caller's; admins: the office's).
    async fn pending_actions(&self, cx: &Context<'_>, status: Option<PendingStatus>) -> Result<Vec<PendingAction>> {
        pending::list(&services(cx).db, &caller(cx)?, status, 100).await.gql()
    }

    /// Speed-to-lead: how fast leads got their first reply (over the leads the caller sees).
    async fn response_times(&self, cx: &Context<'_>) -> Result<ResponseTimes> {
        domain::leads::stats::response_times(&services(cx).db, &caller(cx)?, None).await.gql()
    }
}

#[derive(Default)]
pub struct JarvisMutation;

#[Object]
impl JarvisMutation {
    /// Runs a pending action with the caller's rights; decided once.
    async fn approve_pending_action(&self, cx: &Context<'_>, id: PendingActionId) -> Result<PendingAction> {
        let s = services(cx);
        pending::approve(&s.db, &caller(cx)?, s.ai.clone(), s.texts.clone(), id).await.gql()
    }

    async fn reject_pending_action(&self, cx: &Context<'_>, id: PendingActionId) -> Result<PendingAction> {
        pending::reject(&services(cx).db, &caller(cx)?, id).await.gql()
    }
}
