//! Inbound mail through `POST /inbound/email/{token}`: stored first, parsed into a lead, a
//! redelivery recognised, unrecognised and broken mail kept and visible, offices kept apart.

use crate::helpers::*;
use crate::on_both;
use domain::intake::receive;
use model::{InboundEmailId, InboundStatus, LeadFilter, PageRequest};
use reqwest::StatusCode;
use serde_json::Value;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../domain/src/intake/parse/fixtures/inbound/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

async fn post(app: &TestApp, token: &str, body: Vec<u8>) -> (StatusCode, Value) {
    let r = client()
        .post(format!("{}/inbound/email/{token}", app.base))
        .header("content-type", "message/rfc822")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap())
}

on_both! {
    async fn inbound_mail_becomes_a_lead_and_nothing_is_lost(backend: Backend) {
        let app = spawn_app(backend).await;
        let admin = app.store.ctx(ADMIN).await;
        let token = receive::inbound_token(&app.store.db, &admin).await.unwrap();
        assert_eq!(receive::inbound_token(&app.store.db, &admin).await.unwrap(), token, "stable until rotated");
        let leads_before = domain::leads::list(&app.store.db, &admin, &LeadFilter::default(), &PageRequest::new(100, None)).await.unwrap().total;

        let (status, first) = post(&app, &token, fixture("immoscout24_text.eml")).await;
        assert_eq!(status, StatusCode::OK, "{first}");
        assert_eq!(first["status"], "PARSED", "{first}");
        assert_eq!(first["portal"], "IMMOSCOUT24");
        assert_eq!(first["duplicate"], false);
        let lead_id: model::LeadId = serde_json::from_value(first["lead_id"].clone()).unwrap();
        let lead = domain::leads::get(&app.store.db, &admin, lead_id).await.unwrap();
        assert!(lead.score > 0, "scored: {lead:?}");

        // The relay delivers the same mail again: recognised by its Message-ID, nothing new.
        let (status, again) = post(&app, &token, fixture("immoscout24_text.eml")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(again["duplicate"], true);
        assert_eq!(again["id"], first["id"]);

        // Not an inquiry, and not a mail at all: both kept, with the reason.
        let (_, ooo) = post(&app, &token, fixture("unrecognised_out_of_office.eml")).await;
        assert_eq!(ooo["status"], "UNRECOGNISED", "{ooo}");
        assert!(ooo["warnings"][0].as_str().unwrap().starts_with("NOT_INQUIRY_"), "{ooo}");
        let (_, broken) = post(&app, &token, b"\x00\x01 no headers at all".to_vec()).await;
        assert_eq!(broken["status"], "FAILED", "{broken}");
        assert!(broken["error"].as_str().is_some_and(|e| !e.is_empty()), "{broken}");

        let leads_after = domain::leads::list(&app.store.db, &admin, &LeadFilter::default(), &PageRequest::new(100, None)).await.unwrap().total;
        assert_eq!(leads_after, leads_before + 1, "one inquiry, one new lead");
        let all = receive::list(&app.store.db, &admin, None, 50).await.unwrap();
        assert_eq!(all.len(), 3, "three distinct mails stored");
        let unrecognised = receive::list(&app.store.db, &admin, Some(InboundStatus::Unrecognised), 50).await.unwrap();
        assert_eq!(unrecognised.len(), 1);

        // Reprocessing keeps a parsed mail as it is, and re-runs a failed one.
        let parsed_id: InboundEmailId = serde_json::from_value(first["id"].clone()).unwrap();
        assert!(matches!(receive::reprocess(&app.store.db, &admin, parsed_id).await, Err(domain::Error::Conflict(_))));
        let broken_id: InboundEmailId = serde_json::from_value(broken["id"].clone()).unwrap();
        assert_eq!(receive::reprocess(&app.store.db, &admin, broken_id).await.unwrap().status, InboundStatus::Failed);

        // After a parser fix, every mail that did not become a lead is parsed again.
        let report = receive::reprocess_all(&app.store.db).await.unwrap();
        assert_eq!(report, receive::ReprocessReport { examined: 2, parsed: 0, unrecognised: 1, failed: 1 });

        // Bad addresses and empty bodies are refused, and store nothing.
        assert_eq!(post(&app, "no-such-token", fixture("willhaben_text.eml")).await.0, StatusCode::NOT_FOUND);
        let (status, empty) = post(&app, &token, Vec::new()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{empty}");
        assert_eq!(receive::list(&app.store.db, &admin, None, 50).await.unwrap().len(), 3);

        // A rotated token retires the old address at once.
        let rotated = receive::rotate_inbound_token(&app.store.db, &admin).await.unwrap();
        assert_ne!(rotated, token);
        assert_eq!(post(&app, &token, fixture("willhaben_text.eml")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(post(&app, &rotated, fixture("willhaben_text.eml")).await.1["status"], "PARSED");
    }

    async fn only_a_person_writing_becomes_a_direct_mail_lead(backend: Backend) {
        let app = spawn_app(backend).await;
        let admin = app.store.ctx(ADMIN).await;
        let token = receive::inbound_token(&app.store.db, &admin).await.unwrap();
        let total = async || domain::leads::list(&app.store.db, &admin, &LeadFilter::default(), &PageRequest::new(100, None)).await.unwrap().total;
        let before = total().await;
        let mail = |id: &str, from: &str, subject: &str, body: &str| {
            format!("From: {from}\r\nTo: info@demo.immivo.local\r\nSubject: {subject}\r\nMessage-ID: <{id}@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}").into_bytes()
        };
        // Nearly a megabyte (the body limit) of one letter from an unknown sender: kept,
        // unrecognised, no lead.
        let (status, junk) = post(&app, &token, mail("junk", "x@example.org", "a", &"a".repeat((1 << 20) - 4096))).await;
        assert_eq!(status, StatusCode::OK, "{junk}");
        assert_eq!((&junk["status"], junk["lead_id"].is_null()), (&Value::from("UNRECOGNISED"), true), "{junk}");
        assert!(junk["warnings"][0].as_str().unwrap().starts_with("NOT_INQUIRY_"), "{junk}");
        let (_, blob) = post(&app, &token, mail("blob", "y@example.org", "Anhang", &"QUJDREVG".repeat(200))).await;
        assert_eq!(blob["status"], "UNRECOGNISED", "{blob}");
        assert_eq!(total().await, before);

        // A person asking, with control characters in the name and the text: a lead, cleaned.
        let (_, person) = post(&app, &token, mail("anna", "Anna Hu\u{1}ber <anna.huber@example.org>", "Wohnung\u{0}", "Guten Tag,\u{0} ist die Wohnung in der Ringstraße noch frei?\n\nViele Grüße\nAnna Huber")).await;
        assert_eq!(person["status"], "PARSED", "{person}");
        assert_eq!(person["subject"], "Wohnung", "{person}");
        let lead_id: model::LeadId = serde_json::from_value(person["lead_id"].clone()).unwrap();
        let lead = domain::leads::get(&app.store.db, &admin, lead_id).await.unwrap();
        assert_eq!(lead.last_name.as_deref(), Some("Huber"));
        assert!(lead.message.as_deref().is_some_and(|m| m.starts_with("Guten Tag, ist") && !m.contains('\u{0}')), "{lead:?}");
        assert_eq!(total().await, before + 1);
    }

    async fn inbound_mail_stays_in_its_office(backend: Backend) {
        let app = spawn_app(backend).await;
        let admin = app.store.ctx(ADMIN).await;
        let agent = app.store.ctx(AGENT).await;
        let (other_admin, _) = app.store.second_office().await;
        assert!(matches!(receive::inbound_token(&app.store.db, &agent).await, Err(domain::Error::Forbidden)));
        let theirs = receive::inbound_token(&app.store.db, &other_admin).await.unwrap();
        let ours = receive::inbound_token(&app.store.db, &admin).await.unwrap();
        assert_ne!(theirs, ours);

        let (_, received) = post(&app, &theirs, fixture("immoscout24_text.eml")).await;
        assert_eq!(received["status"], "PARSED", "{received}");
        let id: InboundEmailId = serde_json::from_value(received["id"].clone()).unwrap();
        assert!(receive::list(&app.store.db, &admin, None, 50).await.unwrap().is_empty(), "not in our office");
        assert_eq!(receive::list(&app.store.db, &other_admin, None, 50).await.unwrap().len(), 1);
        assert!(matches!(receive::reprocess(&app.store.db, &admin, id).await, Err(domain::Error::NotFound(_))));

        // The same mail to our address is ours, not a duplicate of theirs.
        let (_, ours_received) = post(&app, &ours, fixture("immoscout24_text.eml")).await;
        assert_eq!(ours_received["duplicate"], false);
        assert_ne!(ours_received["lead_id"], received["lead_id"]);
    }
}

on_both! {
    async fn inbound_address_and_mail_through_the_apis(backend: Backend) {
        let app = spawn_app(backend).await;
        let web = app.signed_in(ADMIN).await;
        let (status, url) = app.server_fn(&web, "inbound_address", serde_json::json!({})).await;
        assert_eq!(status, StatusCode::OK, "{url}");
        let url = url.as_str().unwrap().to_owned();
        assert!(url.starts_with("http://127.0.0.1:3000/inbound/email/"), "{url}");
        let token = url.rsplit('/').next().unwrap().to_owned();
        let (_, mail) = post(&app, &token, fixture("willhaben_text.eml")).await;
        assert_eq!(mail["status"], "PARSED", "{mail}");

        // GraphQL with an API key sees the same address and mail.
        let key = app.api_key(ADMIN).await;
        let answer = app.gql(&client(), Some(&key), "{ inboundAddress inboundEmails(status: PARSED) { id status portal leadId } }", serde_json::json!({})).await;
        assert_eq!(data(&answer)["inboundAddress"], url.as_str());
        assert_eq!(data(&answer)["inboundEmails"][0]["id"], mail["id"]);
        assert_eq!(data(&answer)["inboundEmails"][0]["portal"], "WILLHABEN");

        // Agents manage no inbound mail.
        let agent = app.signed_in(AGENT).await;
        let (status, body) = app.server_fn(&agent, "inbound_address", serde_json::json!({})).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");

        // Another office's admin can neither list nor reprocess it, by any API.
        let (other_admin, _) = app.store.second_office().await;
        let other_key = domain::tenants::api_keys::create(&app.store.db, &other_admin, "other").await.unwrap().secret;
        let theirs = app.gql(&client(), Some(&other_key), "{ inboundEmails { id } }", serde_json::json!({})).await;
        assert_eq!(data(&theirs)["inboundEmails"], serde_json::json!([]));
        let reprocess = "mutation($id: ID!) { reprocessInboundEmail(id: $id) { id } }";
        let refused = app.gql(&client(), Some(&other_key), reprocess, serde_json::json!({"id": mail["id"]})).await;
        assert_eq!(error_code(&refused), Some("NOT_FOUND"), "{refused}");
        let other_web = client();
        let r = other_web.post(format!("{}/api/login", app.base)).json(&serde_json::json!({"email": "chefin@wohnwert.de", "password": PASSWORD})).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let (status, body) = app.server_fn(&other_web, "reprocess_inbound_email", serde_json::json!({"id": mail["id"]})).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        let (status, rotated) = app.server_fn(&web, "rotate_inbound_address", serde_json::json!({})).await;
        assert_eq!(status, StatusCode::OK);
        assert_ne!(rotated.as_str().unwrap(), url);
    }
}
