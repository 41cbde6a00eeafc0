//! PostgreSQL only: the `vector` extension that embeddings and semantic search stand on.
//! A server without pgvector fails here with a message that says what to install.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        m.get_connection().execute_unprepared("CREATE EXTENSION IF NOT EXISTS vector").await.map_err(|e| {
            DbErr::Migration(format!(
                "PostgreSQL needs the pgvector extension (CREATE EXTENSION vector failed: {e}); \
                     install pgvector on the server or create the extension as a superuser first"
            ))
        })?;
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        // The extension may be shared with other schemas and was possibly created by a superuser
        // before us; dropping it is left to the operator.
        Ok(())
    }
}
