//! PostgreSQL only: row-level security as the second wall behind the domain's tenant filters.
//! A row is visible when its `tenant_id` equals the transaction's `app.tenant_id`, or when the
//! transaction runs in platform scope (`app.platform = 'on'`, set only by platform-level domain
//! code: sign-in, super-admin statistics, migrations of data). With neither set, nothing is
//! visible. FORCE makes the policies bind the table owner too; superusers still bypass them, so
//! the application must connect as an ordinary role (README, "Running against PostgreSQL").

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::TENANT_TABLES;
use crate::ddl::row_security;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn up_sql() -> String {
    let mut sql = String::new();
    for table in TENANT_TABLES {
        sql.push_str(&row_security(table));
    }
    sql.push_str(
        "ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;\n\
         ALTER TABLE tenants FORCE ROW LEVEL SECURITY;\n\
         CREATE POLICY tenant_isolation ON tenants \
         USING (current_setting('app.platform', true) = 'on' OR id::text = current_setting('app.tenant_id', true)) \
         WITH CHECK (current_setting('app.platform', true) = 'on' OR id::text = current_setting('app.tenant_id', true));\n",
    );
    sql
}

fn down_sql() -> String {
    let mut sql = String::new();
    for table in TENANT_TABLES.iter().chain(&["tenants"]) {
        sql.push_str(&format!(
            "DROP POLICY IF EXISTS tenant_isolation ON {table};\n\
             ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY;\n\
             ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;\n"
        ));
    }
    sql
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection().execute_unprepared(&up_sql()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection().execute_unprepared(&down_sql()).await?;
        }
        Ok(())
    }
}
