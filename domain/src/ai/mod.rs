//! The AI gateway: which model an office's call goes to (`Ai::provider_for`), what calls cost and
//! whether the office's monthly budget still allows the model (`usage`), embeddings (`Ai::embedder`,
//! hashed n-grams in `ngram` without a model) and the model's reading of an inquiry's mood
//! (`sentiment`). The assistant, search and intake's jobs all reach models through here.
//!
//! The model is a port (`llm::LlmProvider`; the server implements it over OpenAI-compatible and
//! Gemini endpoints). Without one configured, or when an office's monthly AI budget is used up,
//! the embedded `offline::OfflineModel` stands in behind the same port, and the UI says that AI
//! is offline.

pub mod llm;
pub mod ngram;
pub mod offline;
pub mod sentiment;
pub mod usage;

use std::sync::Arc;

use entity::tenant_settings;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};

use crate::ai::{
    llm::{ChatRequest, ChatResponse, LlmError, LlmProvider, Tier},
    offline::OfflineModel,
    usage::{PriceTable, Purpose},
};
use crate::tenants::audit as office_audit;
use crate::{Ctx, Db, Error, Result};
use model::{AiStatus, OfflineReason, PurposeUsage, TenantId, UserId};

/// The assistant's model access, shared by every request and job.
#[derive(Clone)]
pub struct Ai {
    model: Option<Arc<dyn LlmProvider>>,
    offline: Arc<OfflineModel>,
    pub prices: PriceTable,
    /// An office without a budget of its own gets this one (US cents a month).
    pub default_cap_cents: i64,
}

/// The provider a tenant's call goes to now, and why it is the offline one if it is.
#[derive(Clone)]
pub struct Chosen {
    pub provider: Arc<dyn LlmProvider>,
    pub offline_reason: Option<OfflineReason>,
}

impl Ai {
    /// One call of the chosen model, timed and written to the usage log. The outer error is the
    /// log's (the database); the inner one the model's, for the caller to retry or fall back on.
    pub async fn chat_logged(
        &self,
        db: &Db,
        chosen: &Chosen,
        tenant: TenantId,
        user: Option<UserId>,
        purpose: Purpose,
        request: &ChatRequest,
    ) -> Result<std::result::Result<ChatResponse, LlmError>> {
        let started = std::time::Instant::now();
        let answer = match chosen.provider.chat(request).await {
            Ok(answer) => answer,
            Err(e) => return Ok(Err(e)),
        };
        let call = usage::Call {
            tenant,
            user,
            purpose,
            offline: false,
            model: &answer.model,
            usage: answer.usage,
            latency: started.elapsed(),
        };
        usage::record(db, &self.prices, call).await?;
        Ok(Ok(answer))
    }

    pub fn new(model: Option<Arc<dyn LlmProvider>>, prices: PriceTable, default_cap_cents: i64) -> Self {
        Self { model, offline: Arc::new(OfflineModel::new()), prices, default_cap_cents }
    }

    /// No model: the offline rules answer everything.
    pub fn offline() -> Self {
        Self::new(None, PriceTable::default(), 0)
    }

    pub fn offline_model(&self) -> Arc<dyn LlmProvider> {
        self.offline.clone()
    }

    /// Embeddings come from the model whenever one is configured, budget or not: vectors of two
    /// models cannot be compared, and switching back and forth would re-embed everything. Their
    /// cost is still logged.
    pub fn embedder(&self) -> Arc<dyn LlmProvider> {
        self.model.clone().unwrap_or_else(|| self.offline.clone())
    }

    pub fn has_model(&self) -> bool {
        self.model.is_some()
    }

    /// The model unless none is configured or the office's budget for this month is used up;
    /// the first time a month's budget runs out, the office's audit log says so for the admins.
    pub async fn provider_for(&self, db: &Db, tenant: TenantId) -> Result<Chosen> {
        let Some(model) = &self.model else {
            return Ok(Chosen { provider: self.offline.clone(), offline_reason: Some(OfflineReason::NotConfigured) });
        };
        let (spent, cap, _) = self.spending(db, tenant).await?;
        if spent < cap.saturating_mul(10_000) {
            return Ok(Chosen { provider: model.clone(), offline_reason: None });
        }
        self.notify_budget_reached(db, tenant, spent, cap).await?;
        Ok(Chosen { provider: self.offline.clone(), offline_reason: Some(OfflineReason::BudgetReached) })
    }

    /// Millionths of a dollar spent this month, the budget in cents, and whether that budget is
    /// the platform default (the office set none of its own).
    async fn spending(&self, db: &Db, tenant: TenantId) -> Result<(i64, i64, bool)> {
        let (spent, own) = tokio::try_join!(usage::month_cost_micros(db, tenant), async {
            let tx = db.tenant_read(tenant).await?;
            let settings =
                tenant_settings::Entity::find_by_id(tenant.0).one(&tx).await?.ok_or(Error::NotFound("tenant"))?;
            tx.commit().await?;
            Ok::<_, Error>(settings.ai_monthly_cap_cents)
        })?;
        Ok((spent, own.unwrap_or(self.default_cap_cents), own.is_none()))
    }

    async fn notify_budget_reached(&self, db: &Db, tenant: TenantId, spent: i64, cap: i64) -> Result<()> {
        let month = usage::month_key();
        let tx = db.tenant(tenant).await?;
        let settings =
            tenant_settings::Entity::find_by_id(tenant.0).one(&tx).await?.ok_or(Error::NotFound("tenant"))?;
        if settings.ai_cap_notified_month.as_deref() == Some(month.as_str()) {
            return Ok(());
        }
        let mut am = settings.into_active_model();
        am.ai_cap_notified_month = Set(Some(month.clone()));
        am.update(&tx).await?;
        office_audit::record_system(
            &tx,
            tenant,
            "ai.budget_reached",
            serde_json::json!({ "month": month, "spent_cents": spent / 10_000, "cap_cents": cap }),
        )
        .await?;
        tx.commit().await?;
        tracing::warn!(tenant_id = %tenant, spent_micros = spent, cap_cents = cap, "AI budget reached: offline until next month");
        Ok(())
    }

    /// Whether the office has a model now, which, and what it spent this month.
    pub async fn status(&self, db: &Db, ctx: &Ctx) -> Result<AiStatus> {
        let (spent, cap, default_cap) = self.spending(db, ctx.tenant_id).await?;
        let offline_reason = match &self.model {
            None => Some(OfflineReason::NotConfigured),
            Some(_) if spent >= cap.saturating_mul(10_000) => Some(OfflineReason::BudgetReached),
            Some(_) => None,
        };
        Ok(AiStatus {
            offline: offline_reason.is_some(),
            offline_reason,
            month_cost_cents: usage::cents_up(spent),
            monthly_cap_cents: cap,
            default_cap,
            model: self.model.as_ref().map(|m| m.model(Tier::Main).to_owned()),
            small_model: self.model.as_ref().map(|m| m.model(Tier::Small).to_owned()),
            embedding_model: self.embedder().embedding_model().to_owned(),
        })
    }

    /// Admins: this month's model calls by purpose.
    pub async fn usage(&self, db: &Db, ctx: &Ctx) -> Result<Vec<PurposeUsage>> {
        ctx.require_admin()?;
        usage::month_by_purpose(db, ctx.tenant_id).await
    }
}
