//! The `immivo` command line: `serve` (the default), `worker`, `migrate`, `seed-demo`,
//! `export-schema`, `reprocess`, `parse-email`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::config::Config;
use crate::state::AppState;
use clap::{Parser, Subcommand};
use domain::{Db, seed};
use leptos::config::LeptosOptions;
use migration::{Migrator, MigratorTrait};
use secrecy::ExposeSecret;

#[derive(Parser)]
#[command(
    name = "immivo",
    version,
    about = "Immivo — the CRM for real-estate agents. Configuration comes from IMMIVO_* environment variables (see README)."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate, seed the demo office on first start (development), and serve the app and the API
    /// (with the job workers, unless IMMIVO_WORKER=false).
    Serve,
    /// Run only the job workers (no web server): more workers for the same database.
    Worker,
    /// Apply pending database migrations (or roll back with --down).
    Migrate {
        /// Roll back this many migrations instead of applying.
        #[arg(long, value_name = "STEPS")]
        down: Option<u32>,
        /// Show which migrations are applied and exit.
        #[arg(long)]
        status: bool,
    },
    /// Create the demo office (tenant, admin, agents, leads, properties) unless it exists.
    SeedDemo,
    /// Print the GraphQL schema (SDL), or write it to a file.
    ExportSchema {
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Parse every stored inbound mail that did not become a lead again (after a parser fix).
    Reprocess,
    /// Queue embedding jobs for every property and lead whose vector is missing or was made by
    /// another embedding model (after a model change); the workers do the embedding.
    Reembed,
    /// Parse an inbound mail (.eml) and print the extracted inquiry as JSON. Exit code 0 when an
    /// inquiry was found, 3 when the mail is not one (unrecognised), 2 on unreadable input.
    /// With `--score DIR`: score the parser on a corpus (every NAME.eml with its true inquiry in
    /// NAME.json) and print precision and recall per field, then what was missed.
    ParseEmail {
        #[arg(value_name = "FILE", required_unless_present = "score", conflicts_with = "score")]
        file: Option<PathBuf>,
        #[arg(long, value_name = "DIR")]
        score: Option<PathBuf>,
    },
}

/// Exit code of `parse-email` for a mail that holds no inquiry.
const EXIT_UNRECOGNISED: u8 = 3;

pub async fn run(cli: Cli) -> ExitCode {
    if let Some(Command::ExportSchema { output }) = &cli.command {
        let sdl = crate::graphql::sdl();
        return match output {
            Some(path) => match std::fs::write(path, sdl) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&format!("cannot write {}: {e}", path.display())),
            },
            None => {
                print!("{sdl}");
                ExitCode::SUCCESS
            }
        };
    }
    match &cli.command {
        Some(Command::ParseEmail { score: Some(dir), .. }) => return score_corpus(dir),
        Some(Command::ParseEmail { file: Some(file), .. }) => return parse_email(file),
        _ => {}
    }
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => return fail(&format!("configuration: {e}")),
    };
    crate::telemetry::init(config.log_format);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::Worker => worker(config).await,
        Command::Migrate { down, status } => migrate(&config, down, status).await,
        Command::SeedDemo => seed_demo(&config).await,
        Command::Reprocess => reprocess(&config).await,
        Command::Reembed => reembed(&config).await,
        Command::ExportSchema { .. } | Command::ParseEmail { .. } => Ok(()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

async fn reprocess(config: &Config) -> Result<(), String> {
    let db = connect(config).await?;
    Migrator::up(db.connection(), None).await.map_err(|e| format!("migration failed: {e}"))?;
    let report = domain::intake::receive::reprocess_all(&db).await.map_err(|e| format!("reprocess: {e}"))?;
    println!(
        "{} stored mails processed again: {} became leads, {} are not inquiries, {} failed",
        report.examined, report.parsed, report.unrecognised, report.failed
    );
    Ok(())
}

async fn reembed(config: &Config) -> Result<(), String> {
    let db = connect(config).await?;
    Migrator::up(db.connection(), None).await.map_err(|e| format!("migration failed: {e}"))?;
    let ai = crate::llm::ai(config);
    let n = domain::search::enqueue_stale(&db, &ai, 1_000_000).await.map_err(|e| format!("reembed: {e}"))?;
    println!("{n} embedding jobs queued (model {})", ai.embedder().embedding_model());
    Ok(())
}

/// Needs no configuration and no database: a tool for checking a parser fix against a mail.
fn parse_email(file: &std::path::Path) -> ExitCode {
    let raw = match std::fs::read(file) {
        Ok(raw) => raw,
        Err(e) => return fail(&format!("cannot read {}: {e}", file.display())),
    };
    let inquiry = match domain::intake::parse::parse_inquiry(&raw) {
        Ok(inquiry) => inquiry,
        Err(e) => return fail(&format!("{}: {e}", file.display())),
    };
    match serde_json::to_string_pretty(&inquiry) {
        Ok(json) => println!("{json}"),
        Err(e) => return fail(&format!("cannot print the inquiry: {e}")),
    }
    if inquiry.portal.is_some() { ExitCode::SUCCESS } else { ExitCode::from(EXIT_UNRECOGNISED) }
}

/// The corpus's table, then each miss (mail, field, what was read, what is true).
fn score_corpus(dir: &std::path::Path) -> ExitCode {
    let score = match domain::intake::parse::score::score_dir(dir) {
        Ok(score) => score,
        Err(e) => return fail(&e.to_string()),
    };
    print!("{}", score.table());
    if !score.misses.is_empty() {
        println!("\nmissed:");
        for m in &score.misses {
            println!("  {} {}: read {:?}, true {:?}", m.mail, m.field.as_str(), m.actual, m.expected);
        }
    }
    ExitCode::SUCCESS
}

fn fail(message: &str) -> ExitCode {
    eprintln!("immivo: {message}");
    ExitCode::from(2)
}

async fn connect(config: &Config) -> Result<Db, String> {
    let db = Db::connect(config.database_url.expose_secret(), config.database_max_connections)
        .await
        .map_err(|e| format!("database {}: {e}", config.redacted_database_url()))?;
    if let Some(warning) = db.row_security_warning().await {
        tracing::warn!("{warning}");
    }
    Ok(db)
}

async fn migrate(config: &Config, down: Option<u32>, status: bool) -> Result<(), String> {
    let db = connect(config).await?;
    let conn = db.connection();
    if status {
        let migrations = Migrator::get_migration_with_status(conn).await.map_err(|e| e.to_string())?;
        for m in migrations {
            println!("{:<8} {}", m.status().to_string(), m.name());
        }
        return Ok(());
    }
    match down {
        Some(steps) => Migrator::down(conn, Some(steps)).await,
        None => Migrator::up(conn, None).await,
    }
    .map_err(|e| format!("migration failed: {e}"))?;
    tracing::info!("migrations done");
    Ok(())
}

async fn seed_demo(config: &Config) -> Result<(), String> {
    let db = connect(config).await?;
    Migrator::up(db.connection(), None).await.map_err(|e| format!("migration failed: {e}"))?;
    seed_and_print(config, &db).await
}

async fn seed_and_print(config: &Config, db: &Db) -> Result<(), String> {
    let password = match &config.demo_password {
        Some(p) => p.expose_secret().to_owned(),
        None => domain::tenants::auth::random_token(12),
    };
    match seed::seed_demo(db, &password).await.map_err(|e| format!("seeding the demo office: {e:?}"))? {
        Some(created) => {
            println!("\nDemo office \"{}\" created. Sign in with:", created.tenant);
            for (role, email, _) in &created.accounts {
                println!("  {role:<12} {email:<32} password: {password}");
            }
            println!();
        }
        None => tracing::info!("demo office exists; leaving it as it is"),
    }
    Ok(())
}

/// Site settings from `Leptos.toml` (cargo-leptos' `LEPTOS_*` variables override them).
fn leptos_options() -> Result<LeptosOptions, String> {
    let file = std::env::var("IMMIVO_LEPTOS_TOML").unwrap_or_else(|_| "Leptos.toml".to_owned());
    let conf = if std::path::Path::new(&file).exists() {
        leptos::config::get_configuration(Some(&file))
    } else {
        leptos::config::get_configuration(None)
    };
    conf.map(|c| c.leptos_options).map_err(|e| format!("{file}: {e}"))
}

async fn serve(config: Config) -> Result<(), String> {
    let options = leptos_options()?;
    let db = connect(&config).await?;
    Migrator::up(db.connection(), None).await.map_err(|e| format!("migration failed: {e}"))?;
    if config.seed_demo {
        seed_and_print(&config, &db).await?;
    }
    let addr: SocketAddr = config.bind.unwrap_or(options.site_addr);
    let state = AppState::build(config, db, options).await;
    let (db, ai) = (&state.services.db, &state.services.ai);
    // What has no vector of the current embedding model yet (the demo data, a model change) is
    // embedded in the background; one waiting job per entity and model.
    if state.config.worker.enabled {
        match domain::search::enqueue_stale(db, ai, 10_000).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(jobs = n, "embedding what has no vector yet"),
            Err(e) => tracing::warn!(error = %e, "cannot queue the missing embeddings"),
        }
    }
    let workers = crate::jobs::start_with_server(db, &state.config, ai);
    let shutdown = tokio_util::sync::CancellationToken::new();
    let imap = crate::channels::imap::start(&state.config, &state.services.db, &state.services.secrets, &shutdown);
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    tracing::info!(%local, "Immivo is listening on http://{local}");
    axum::serve(listener, crate::http::router(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| format!("server: {e}"))?;
    shutdown.cancel();
    if let Some(imap) = imap {
        let _ = imap.await;
    }
    if let Some(workers) = workers {
        workers.stop().await;
    }
    tracing::info!("stopped");
    Ok(())
}

/// The workers alone, until Ctrl-C or SIGTERM; running jobs finish before it exits.
async fn worker(config: Config) -> Result<(), String> {
    let db = connect(&config).await?;
    Migrator::up(db.connection(), None).await.map_err(|e| format!("migration failed: {e}"))?;
    let ai = crate::llm::ai(&config);
    let workers = crate::jobs::start(db, &config, ai, crate::jobs::worker::CancellationToken::new());
    shutdown_signal().await;
    workers.stop().await;
    tracing::info!("stopped");
    Ok(())
}

/// Ctrl-C or SIGTERM: stop accepting, finish in-flight requests, exit.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
