use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    /// Lower-cased; unique across the platform so that sign-in needs no tenant.
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    /// `SUPER_ADMIN`, `ADMIN` or `AGENT` (`app::model::Role`).
    pub role: String,
    /// argon2id PHC string; `None` for users who sign in only through Cognito or who have not
    /// accepted their invitation yet.
    pub password_hash: Option<String>,
    /// Cognito `sub`, linked on first Cognito sign-in.
    pub cognito_sub: Option<String>,
    pub active: bool,
    pub invite_token_hash: Option<String>,
    pub invite_expires_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
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
