//! Column helpers shared by the migrations so that every table spells ids, tenant keys and
//! timestamps the same way on both backends.

use sea_orm_migration::prelude::*;

pub fn uuid_pk<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).uuid().not_null().primary_key().take()
}

pub fn uuid_col<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).uuid().not_null().take()
}

pub fn uuid_null<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).uuid().null().take()
}

pub fn text<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).string().not_null().take()
}

pub fn text_null<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).string().null().take()
}

pub fn long_text_null<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).text().null().take()
}

pub fn timestamp<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).timestamp_with_time_zone().not_null().take()
}

pub fn timestamp_null<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).timestamp_with_time_zone().null().take()
}

pub fn json<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).json_binary().not_null().take()
}

pub fn json_null<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).json_binary().null().take()
}

pub fn fk_tenant<T: IntoIden + 'static>(table: T) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from_tbl(table)
        .from_col(Alias::new("tenant_id"))
        .to_tbl(Alias::new("tenants"))
        .to_col(Alias::new("id"))
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}

pub fn tenant_index(table: &str) -> IndexCreateStatement {
    Index::create().name(format!("idx_{table}_tenant")).table(Alias::new(table)).col(Alias::new("tenant_id")).take()
}

/// PostgreSQL row-level security for a tenant table: a row is visible when its `tenant_id` is
/// the transaction's `app.tenant_id`, or in platform scope (`app.platform = 'on'`). FORCE binds
/// the table owner too. A NULL `tenant_id` (platform rows) is visible in platform scope only.
pub fn row_security(table: &str) -> String {
    const PREDICATE: &str = "(current_setting('app.platform', true) = 'on' \
         OR tenant_id::text = current_setting('app.tenant_id', true))";
    format!(
        "ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;\n\
         ALTER TABLE {table} FORCE ROW LEVEL SECURITY;\n\
         CREATE POLICY tenant_isolation ON {table} USING {PREDICATE} WITH CHECK {PREDICATE};\n"
    )
}
