use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "properties")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    /// The office's object number, quoted by portals ("Objekt-Nr.").
    pub reference: Option<String>,
    pub title: String,
    /// `APARTMENT`, `HOUSE`, `LAND`, `COMMERCIAL`, `OTHER`.
    pub property_type: String,
    /// `BUY` or `RENT`.
    pub marketing_type: String,
    /// `DRAFT`, `ACTIVE`, `RESERVED`, `SOLD`, `RENTED`, `ARCHIVED`.
    pub status: String,
    pub street: Option<String>,
    pub house_number: Option<String>,
    pub postcode: Option<String>,
    pub city: String,
    pub country: String,
    /// Purchase price or monthly rent in euro cents (CHF cents for Swiss offices).
    pub price_cents: Option<i64>,
    /// Rooms times ten: 3.5 rooms is 35.
    pub rooms_tenths: Option<i32>,
    /// Square metres times a hundred.
    pub living_area_cm2: Option<i64>,
    pub plot_area_cm2: Option<i64>,
    pub year_built: Option<i32>,
    /// `CONSUMPTION` (Verbrauchsausweis) or `DEMAND` (Bedarfsausweis).
    pub energy_certificate_type: Option<String>,
    /// kWh/(m²·a) times ten.
    pub energy_value_tenths: Option<i32>,
    /// `A_PLUS` .. `H`.
    pub energy_class: Option<String>,
    pub heating_type: Option<String>,
    pub description: Option<String>,
    pub features: Json,
    /// Portal listing ids by portal, e.g. `{"IMMOSCOUT24": "123456789"}`.
    pub external_ids: Json,
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

impl ActiveModelBehavior for ActiveModel {}
