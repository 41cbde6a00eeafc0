//! The database handle and its two scopes. Every domain query runs inside one: `tenant` sets the
//! transaction's `app.tenant_id`, which PostgreSQL's row-level security checks as a second wall
//! behind the explicit `tenant_id` filters; `platform` is for the few reads that cross tenants
//! (sign-in by email, platform statistics).
//!
//! Each scope comes in two kinds. `tenant`/`platform` may write: on SQLite they take the
//! database's write lock as their first statement, because a deferred transaction that reads
//! first and writes later fails at once with `SQLITE_BUSY` when another connection committed in
//! between (WAL cannot upgrade a stale read snapshot, and the busy timeout does not apply).
//! Taking the lock first makes such a transaction wait its turn instead. `tenant_read`/
//! `platform_read` are for functions that only read: on SQLite they never wait for a writer.

use std::sync::Arc;
use std::time::Duration;

use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, Statement,
    TransactionTrait,
};

use model::TenantId;

use crate::clock::{Clock, SystemClock};
use crate::jobs::Wakeups;

#[derive(Clone, Debug)]
pub struct Db {
    conn: DatabaseConnection,
    wakeups: Arc<Wakeups>,
    clock: Arc<dyn Clock>,
}

impl Db {
    /// Connects and, for SQLite, creates the file's directory and turns on WAL so that readers do
    /// not wait for the writer.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, DbErr> {
        if let Some(path) = sqlite_file(url)
            && let Some(dir) = std::path::Path::new(path).parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", dir.display())))?;
        }
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .max_connections(max_connections)
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(Duration::from_secs(10))
            .sqlx_logging(false);
        let conn = Database::connect(options).await?;
        if conn.get_database_backend() == DbBackend::Sqlite {
            conn.execute_unprepared("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;").await?;
        }
        Ok(Self::from_connection(conn))
    }

    pub fn from_connection(conn: DatabaseConnection) -> Self {
        Self { conn, wakeups: Arc::default(), clock: Arc::new(SystemClock) }
    }

    /// The same database on another clock (tests: `clock::TestClock`).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Now, on the clock schedules run on (due jobs, follow-ups).
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// This process's signals that a job queue has new work (see `jobs::Wakeups`).
    pub fn wakeups(&self) -> &Wakeups {
        &self.wakeups
    }

    /// Calls `callback` after every statement (all clones and transactions share it): for query
    /// counting in tests and metrics.
    pub fn on_statement(&mut self, callback: impl Fn(&sea_orm::metric::Info<'_>) + Send + Sync + 'static) {
        self.conn.set_metric_callback(callback);
    }

    pub fn backend(&self) -> DbBackend {
        self.conn.get_database_backend()
    }

    /// For migrations and health checks only; domain code uses a scope.
    pub fn connection(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// A transaction of `tenant` that may write.
    pub async fn tenant(&self, tenant: TenantId) -> Result<DatabaseTransaction, DbErr> {
        self.scoped("app.tenant_id", &tenant.to_string(), Access::Write).await
    }

    /// A transaction of `tenant` that only reads.
    pub async fn tenant_read(&self, tenant: TenantId) -> Result<DatabaseTransaction, DbErr> {
        self.scoped("app.tenant_id", &tenant.to_string(), Access::Read).await
    }

    /// A cross-tenant transaction that may write.
    pub async fn platform(&self) -> Result<DatabaseTransaction, DbErr> {
        self.scoped("app.platform", "on", Access::Write).await
    }

    /// A cross-tenant transaction that only reads.
    pub async fn platform_read(&self) -> Result<DatabaseTransaction, DbErr> {
        self.scoped("app.platform", "on", Access::Read).await
    }

    async fn scoped(&self, key: &str, value: &str, access: Access) -> Result<DatabaseTransaction, DbErr> {
        let tx = self.conn.begin().await?;
        match tx.get_database_backend() {
            DbBackend::Postgres => {
                tx.execute(Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    "SELECT set_config($1, $2, true)",
                    [key.into(), value.into()],
                ))
                .await?;
            }
            // SeaORM cannot say `BEGIN IMMEDIATE`; a write that changes nothing takes the same
            // lock, waiting up to the busy timeout for it. The migrations table always exists.
            DbBackend::Sqlite if access == Access::Write => {
                tx.execute_unprepared("UPDATE seaql_migrations SET version = version WHERE 0").await?;
            }
            _ => {}
        }
        Ok(tx)
    }

    /// On PostgreSQL, a role that bypasses row-level security (a superuser, or `BYPASSRLS`)
    /// leaves only the explicit filters standing: say so at start-up.
    pub async fn row_security_warning(&self) -> Option<String> {
        if self.backend() != DbBackend::Postgres {
            return None;
        }
        let row = self
            .conn
            .query_one(Statement::from_string(
                DbBackend::Postgres,
                "SELECT current_user::text AS name, (rolsuper OR rolbypassrls) AS bypass FROM pg_roles WHERE rolname = current_user",
            ))
            .await
            .ok()??;
        let bypass: bool = row.try_get("", "bypass").ok()?;
        let name: String = row.try_get("", "name").ok()?;
        bypass.then(|| {
            format!("database role '{name}' bypasses row-level security; connect as a role without SUPERUSER/BYPASSRLS so tenant isolation has its second wall")
        })
    }

    pub async fn ping(&self) -> Result<(), DbErr> {
        self.conn.ping().await
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    Read,
    Write,
}

fn sqlite_file(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then_some(path)
}

#[cfg(test)]
mod tests {
    use super::sqlite_file;

    #[test]
    fn finds_the_sqlite_file_path() {
        assert_eq!(sqlite_file("sqlite://data/immivo.db?mode=rwc"), Some("data/immivo.db"));
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://localhost/immivo"), None);
    }
}
