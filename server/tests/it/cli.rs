//! The `immivo parse-email` command on the inbound fixtures: its JSON, its exit codes, its corpus
//! score.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../domain/src/intake/parse/fixtures/inbound").join(name)
}

fn parse_email(path: &std::path::Path) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_immivo")).arg("parse-email").arg(path).output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn parse_email_prints_the_inquiry_and_tells_by_exit_code() {
    let (code, out) = parse_email(&fixture("immoscout24_text.eml"));
    assert_eq!(code, Some(0), "{out}");
    let printed: Value = serde_json::from_str(&out).unwrap();
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("immoscout24_text.json")).unwrap()).unwrap();
    assert_eq!(printed, expected);
    assert_eq!(printed["portal"], "IMMOSCOUT24");

    let (code, out) = parse_email(&fixture("unrecognised_out_of_office.eml"));
    assert_eq!(code, Some(3), "{out}");
    assert_eq!(serde_json::from_str::<Value>(&out).unwrap()["portal"], Value::Null);

    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.eml");
    std::fs::write(&empty, b"").unwrap();
    assert_eq!(parse_email(&empty).0, Some(2));
    assert_eq!(parse_email(&dir.path().join("missing.eml")).0, Some(2));
}

#[test]
fn parse_email_scores_a_corpus_field_by_field() {
    let out =
        Command::new(env!("CARGO_BIN_EXE_immivo")).args(["parse-email", "--score"]).arg(fixture("")).output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{table}");
    let mails = std::fs::read_dir(fixture(""))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "eml"))
        .count();
    assert!(table.starts_with(&format!("{mails} mails\n")), "{table}");
    for field in ["recognised", "name", "email", "phone", "message", "listing_id", "object_number", "viewing_wish"] {
        assert!(table.contains(&format!("| {field} | ")), "{field} in {table}");
    }

    // A corpus of one mail whose truth says otherwise than the mail: the miss is listed.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("willhaben_text.eml"), dir.path().join("one.eml")).unwrap();
    let mut truth: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("willhaben_text.json")).unwrap()).unwrap();
    truth["email"] = "someone.else@example.at".into();
    std::fs::write(dir.path().join("one.json"), truth.to_string()).unwrap();
    let out =
        Command::new(env!("CARGO_BIN_EXE_immivo")).args(["parse-email", "--score"]).arg(dir.path()).output().unwrap();
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(printed.contains("| email | 0.0 % | 0.0 % | 0 | 1 | 1 |"), "{printed}");
    assert!(
        printed.contains("one email: read Some(") && printed.contains("true Some(\"someone.else@example.at\")"),
        "{printed}"
    );

    // No corpus, no score: a clear error.
    let empty = tempfile::tempdir().unwrap();
    let out =
        Command::new(env!("CARGO_BIN_EXE_immivo")).args(["parse-email", "--score"]).arg(empty.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("holds no NAME.eml"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reprocess_parses_stored_mail_again() {
    let store = crate::helpers::TestDb::seeded(crate::helpers::Backend::Sqlite).await;
    let admin = store.ctx(crate::helpers::ADMIN).await;
    let received =
        domain::intake::receive::receive(&store.db, admin.tenant_id, model::InboundChannel::Http, None, b"not a mail")
            .await
            .unwrap();
    assert_eq!(received.status, model::InboundStatus::Failed);
    let out = Command::new(env!("CARGO_BIN_EXE_immivo"))
        .arg("reprocess")
        .env("IMMIVO_DATABASE_URL", &store.url)
        .env("IMMIVO_SEED_DEMO", "false")
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout} {}", String::from_utf8_lossy(&out.stderr));
    assert!(
        stdout.contains("1 stored mails processed again: 0 became leads, 0 are not inquiries, 1 failed"),
        "{stdout}"
    );
}

/// `immivo worker`: runs the workers without a web server, takes in a mail a crash left
/// RECEIVED (the recovery sweep at start), runs its sentiment job, and stops cleanly on SIGTERM.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn worker_command_runs_jobs_and_stops_on_sigterm() {
    use crate::pipeline::{finished_jobs, fixture, inbound_row, stored_unprocessed};

    let store = crate::helpers::TestDb::seeded(crate::helpers::Backend::Sqlite).await;
    let admin = store.ctx(crate::helpers::ADMIN).await;
    let crashed = stored_unprocessed(
        &store.db,
        admin.tenant_id,
        fixture("willhaben_text.eml"),
        std::time::Duration::from_secs(120),
    )
    .await;
    let logs = tempfile::tempdir().unwrap();
    let log_path = logs.path().join("worker.log");
    let mut child = Command::new(env!("CARGO_BIN_EXE_immivo"))
        .arg("worker")
        .env("IMMIVO_DATABASE_URL", &store.url)
        .env("IMMIVO_WORKER_POLL_MS", "100")
        .env("RUST_LOG", "info")
        .stdout(std::fs::File::create(&log_path).unwrap())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();

    let row = crate::helpers::wait_for("the worker to take in the mail", 60, || async {
        let row = inbound_row(&store.db, admin.tenant_id, crashed).await;
        (row.status != "RECEIVED").then_some(row)
    })
    .await;
    assert_eq!(row.status, "PARSED");
    let done = finished_jobs(&store.db, domain::intake::enrich::SENTIMENT, 1).await;
    assert_eq!(done[0].status, "DONE");

    let killed = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status().unwrap();
    assert!(killed.success());
    let status = crate::helpers::wait_for("the worker to exit", 20, || {
        let exited = child.try_wait().unwrap();
        async move { exited }
    })
    .await;
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(status.success(), "{status:?}\n{log}");
    assert!(log.contains("job worker started"), "{log}");
    assert!(log.contains("job workers stopped"), "{log}");
}
