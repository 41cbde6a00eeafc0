use sea_orm::entity::prelude::*;

/// One unit of background work. See `app::domain::jobs` for its life cycle.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `None` for platform jobs, visible in platform scope only.
    pub tenant_id: Option<Uuid>,
    /// `lead-enrichment`, `sentiment-analysis`, ... (`app::model::Queue`).
    pub queue: String,
    /// Which handler runs it, e.g. `lead.enrich`.
    pub kind: String,
    pub payload: Json,
    /// `QUEUED`, `RUNNING`, `DONE`, `DEAD` (`app::model::JobStatus`).
    pub status: String,
    /// Claims so far, including the one running now.
    pub attempts: i32,
    pub max_attempts: i32,
    /// Not claimed before this time (delays and retry backoff).
    pub run_at: DateTimeUtc,
    /// While RUNNING: when the claim lapses and another worker may take the job.
    pub locked_until: Option<DateTimeUtc>,
    pub locked_by: Option<String>,
    pub last_error: Option<String>,
    /// Unique per queue when set: enqueuing the same key again returns the existing job.
    pub idempotency_key: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::tenant::Entity",
        from = "Column::TenantId",
        to = "super::tenant::Column::Id",
        on_delete = "Cascade"
    )]
    Tenant,
}

impl Related<super::tenant::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Tenant.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
