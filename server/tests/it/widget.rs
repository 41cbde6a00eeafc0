//! The website widget's `POST /api/v1/inquiries`: CORS by each office's allow-list, the key
//! naming the office, rate limits with Retry-After, the honeypot, field errors, intake exactly
//! like a mail inquiry, offices kept apart, and the settings only admins may change.

use crate::helpers::*;
use crate::on_both;
use domain::intake::channels::widget;
use domain::intake::receive;
use domain::leads;

use model::{InboundStatus, LeadFilter, LeadSource, PageRequest};
use reqwest::StatusCode;
use reqwest::header::{ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN, RETRY_AFTER, VARY};
use serde_json::{Value, json};

const SITE: &str = "https://www.makler-test.at";
const OTHER_SITE: &str = "https://evil.example";

fn inquiry(email: &str) -> Value {
    json!({
        "name": "Frau Theresa Lindner",
        "email": email,
        "phone": "0664 9876543",
        "message": "Ist die Wohnung noch verfügbar? Wir möchten gerne besichtigen.",
        "property": "W-1070-12",
        "viewing": true,
        "consent": true,
        "website": ""
    })
}

/// For the German second office: a number its region reads.
fn inquiry_de(email: &str) -> Value {
    let mut body = inquiry(email);
    body["phone"] = json!("+49 171 2345678");
    body
}

async fn post(app: &TestApp, origin: Option<&str>, key: Option<&str>, body: &Value) -> reqwest::Response {
    let mut req = client().post(format!("{}/api/v1/inquiries", app.base)).json(body);
    if let Some(o) = origin {
        req = req.header(ORIGIN, o);
    }
    if let Some(k) = key {
        req = req.header("x-immivo-widget-key", k);
    }
    req.send().await.unwrap()
}

async fn preflight(app: &TestApp, origin: &str) -> reqwest::Response {
    client()
        .request(reqwest::Method::OPTIONS, format!("{}/api/v1/inquiries", app.base))
        .header(ORIGIN, origin)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type, x-immivo-widget-key")
        .send()
        .await
        .unwrap()
}

fn header(r: &reqwest::Response, name: reqwest::header::HeaderName) -> Option<&str> {
    r.headers().get(name).and_then(|v| v.to_str().ok())
}

async fn lead_total(app: &TestApp, ctx: &domain::Ctx) -> u64 {
    leads::list(&app.store.db, ctx, &LeadFilter::default(), &PageRequest::new(100, None)).await.unwrap().total
}

/// The demo office's key, with `SITE` allowed.
async fn site_key(app: &TestApp) -> String {
    let admin = app.store.ctx(ADMIN).await;
    widget::update_origins(&app.store.db, &admin, vec![SITE.into()]).await.unwrap().key
}

on_both! {
    async fn widget_inquiry_becomes_a_scored_lead_and_repeats_merge(backend: Backend) {
        let app = spawn_app(backend).await;
        let admin = app.store.ctx(ADMIN).await;
        let key = site_key(&app).await;
        let before = lead_total(&app, &admin).await;

        let r = post(&app, Some(SITE), Some(&key), &inquiry("Theresa.Lindner@example.at")).await;
        assert_eq!(r.status(), StatusCode::CREATED);
        assert_eq!(header(&r, ACCESS_CONTROL_ALLOW_ORIGIN), Some(SITE));
        assert!(r.headers().get_all(VARY).iter().any(|v| v.to_str().unwrap().to_lowercase().contains("origin")));
        let answer: Value = r.json().await.unwrap();
        assert_eq!(answer, json!({"status": "received"}), "no internal ids");

        // Stored first, visible with the received mail, and a lead like any portal inquiry.
        let received = receive::list(&app.store.db, &admin, None, 50).await.unwrap();
        assert_eq!(received.len(), 1);
        let row = &received[0];
        assert_eq!(row.channel, model::InboundChannel::Widget);
        assert_eq!(row.status, InboundStatus::Parsed, "{row:?}");
        assert_eq!(row.portal.as_deref(), Some("WEBSITE"));
        assert_eq!(row.from_address.as_deref(), Some("Theresa.Lindner@example.at"));
        let lead = leads::get(&app.store.db, &admin, row.lead_id.unwrap()).await.unwrap();
        assert_eq!(lead.source, LeadSource::Website);
        assert_eq!(lead.email.as_deref(), Some("theresa.lindner@example.at"));
        assert_eq!(lead.phone.as_deref(), Some("+436649876543"), "normalised for the Austrian office");
        assert_eq!((lead.first_name.as_deref(), lead.last_name.as_deref()), (Some("Theresa"), Some("Lindner")));
        assert!(lead.viewing_requested);
        assert!(lead.score > 0, "scored: {lead:?}");
        assert!(lead.property_id.is_some(), "matched by object number W-1070-12");
        assert_eq!(lead_total(&app, &admin).await, before + 1);

        // The same person again (key in the body this time): stored again, same lead.
        let mut again = inquiry("theresa.lindner@example.at");
        again["key"] = json!(key);
        again["message"] = json!("Noch eine Frage zur Garage.");
        let r = post(&app, Some(SITE), None, &again).await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let received = receive::list(&app.store.db, &admin, None, 50).await.unwrap();
        assert_eq!(received.len(), 2, "every submission is kept");
        assert_eq!(received[0].lead_id, Some(lead.id), "merged into the same lead");
        assert_eq!(lead_total(&app, &admin).await, before + 1);

        // A site's backend posting without Origin needs no CORS answer and is taken in too.
        let r = post(&app, None, Some(&key), &inquiry("server@example.at")).await;
        assert_eq!(r.status(), StatusCode::CREATED);
        assert_eq!(header(&r, ACCESS_CONTROL_ALLOW_ORIGIN), None);
    }

    async fn widget_cors_follows_the_office_allow_list(backend: Backend) {
        let app = spawn_app(backend).await;
        let admin = app.store.ctx(ADMIN).await;
        let key = site_key(&app).await;

        let allowed = preflight(&app, SITE).await;
        assert!(allowed.status().is_success(), "{}", allowed.status());
        assert_eq!(header(&allowed, ACCESS_CONTROL_ALLOW_ORIGIN), Some(SITE));
        assert!(header(&allowed, reqwest::header::ACCESS_CONTROL_ALLOW_METHODS).unwrap().contains("POST"));
        let allow_headers = header(&allowed, reqwest::header::ACCESS_CONTROL_ALLOW_HEADERS).unwrap().to_lowercase();
        assert!(allow_headers.contains("content-type") && allow_headers.contains("x-immivo-widget-key"));

        let denied = preflight(&app, OTHER_SITE).await;
        assert_eq!(header(&denied, ACCESS_CONTROL_ALLOW_ORIGIN), None);
        assert!(denied.headers().get(reqwest::header::ACCESS_CONTROL_ALLOW_METHODS).is_none());

        // A browser on another site is refused before anything is stored.
        let r = post(&app, Some(OTHER_SITE), Some(&key), &inquiry("x@example.at")).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        assert_eq!(header(&r, ACCESS_CONTROL_ALLOW_ORIGIN), None);
        let r = post(&app, Some("http://www.makler-test.at"), Some(&key), &inquiry("x@example.at")).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "http is another origin");
        assert!(receive::list(&app.store.db, &admin, None, 50).await.unwrap().is_empty());

        // Unknown, missing and rotated keys.
        let r = post(&app, Some(SITE), Some("wk_unknown"), &inquiry("x@example.at")).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let r = post(&app, Some(SITE), None, &inquiry("x@example.at")).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        let rotated = widget::rotate_key(&app.store.db, &admin).await.unwrap();
        assert_ne!(rotated.key, key);
        assert_eq!(rotated.origins, [SITE], "rotation keeps the sites");
        let r = post(&app, Some(SITE), Some(&key), &inquiry("x@example.at")).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "the old key is retired at once");
        let r = post(&app, Some(SITE), Some(&rotated.key), &inquiry("x@example.at")).await;
        assert_eq!(r.status(), StatusCode::CREATED);
        assert_eq!(receive::list(&app.store.db, &admin, None, 50).await.unwrap().len(), 1);
    }

    async fn widget_honeypot_and_field_errors(backend: Backend) {
        let app = spawn_app(backend).await;
        let admin = app.store.ctx(ADMIN).await;
        let key = site_key(&app).await;
        let before = lead_total(&app, &admin).await;

        // A bot fills the hidden field: answered like a person, stored as spam, no lead.
        let mut bot = inquiry("bot@example.at");
        bot["website"] = json!("https://cheap-pills.example");
        let r = post(&app, Some(SITE), Some(&key), &bot).await;
        assert_eq!(r.status(), StatusCode::CREATED);
        assert_eq!(r.json::<Value>().await.unwrap(), json!({"status": "received"}));
        let spam = receive::list(&app.store.db, &admin, Some(InboundStatus::Unrecognised), 50).await.unwrap();
        assert_eq!(spam.len(), 1);
        assert_eq!(spam[0].warnings, [widget::SPAM_REASON]);
        assert_eq!(spam[0].lead_id, None);
        assert_eq!(lead_total(&app, &admin).await, before);
        // Reprocessing reads the stored JSON again, and spam stays spam.
        let again = receive::reprocess(&app.store.db, &admin, spam[0].id).await.unwrap();
        assert_eq!(again.status, InboundStatus::Unrecognised);
        assert_eq!(lead_total(&app, &admin).await, before);

        // Invalid input: 422 with every field error, CORS so the widget can show them, nothing stored.
        let mut bad = inquiry("not-an-address");
        bad["consent"] = json!(false);
        let r = post(&app, Some(SITE), Some(&key), &bad).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(header(&r, ACCESS_CONTROL_ALLOW_ORIGIN), Some(SITE));
        let error: Value = r.json().await.unwrap();
        assert_eq!(error["code"], "BAD_USER_INPUT", "{error}");
        let fields: Vec<(&str, &str)> = error["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["field"].as_str().unwrap(), f["code"].as_str().unwrap()))
            .collect();
        assert_eq!(fields, [("email", "invalid_email"), ("consent", "required")]);
        let r = client()
            .post(format!("{}/api/v1/inquiries", app.base))
            .header("x-immivo-widget-key", &key)
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(receive::list(&app.store.db, &admin, None, 50).await.unwrap().len(), 1, "only the spam row");
    }

    async fn widget_keys_stay_in_their_office(backend: Backend) {
        let app = spawn_app(backend).await;
        let admin = app.store.ctx(ADMIN).await;
        let ours = site_key(&app).await;
        let (other_admin, _) = app.store.second_office().await;
        let theirs = widget::update_origins(&app.store.db, &other_admin, vec!["https://wohnwert.de".into()])
            .await
            .unwrap()
            .key;
        assert_ne!(ours, theirs);
        let ours_before = lead_total(&app, &admin).await;

        // Our site cannot post with their key, and their key files leads with them only.
        let r = post(&app, Some(SITE), Some(&theirs), &inquiry_de("mia@example.de")).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = post(&app, Some("https://wohnwert.de"), Some(&theirs), &inquiry_de("mia@example.de")).await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let received = receive::list(&app.store.db, &other_admin, None, 50).await.unwrap();
        assert_eq!(received.len(), 1);
        let lead = leads::get(&app.store.db, &other_admin, received[0].lead_id.unwrap()).await.unwrap();
        assert_eq!(lead.property_id, None, "our object number is not their property");
        assert!(receive::list(&app.store.db, &admin, None, 50).await.unwrap().is_empty());
        assert_eq!(lead_total(&app, &admin).await, ours_before);
        assert!(matches!(
            leads::get(&app.store.db, &admin, lead.id).await,
            Err(domain::Error::NotFound(_))
        ));

        // The same person through our widget is our lead, not a merge into theirs.
        let r = post(&app, Some(SITE), Some(&ours), &inquiry("mia@example.de")).await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let ours_received = receive::list(&app.store.db, &admin, None, 50).await.unwrap();
        assert_ne!(ours_received[0].lead_id, Some(lead.id));
        assert_eq!(lead_total(&app, &admin).await, ours_before + 1);
    }

    async fn widget_settings_are_for_admins(backend: Backend) {
        let app = spawn_app(backend).await;
        let web = app.signed_in(ADMIN).await;
        let (status, setup) = app.server_fn(&web, "widget_settings", json!({})).await;
        assert_eq!(status, StatusCode::OK, "{setup}");
        assert!(setup["widget"]["key"].as_str().unwrap().starts_with("wk_"));
        assert_eq!(setup["script_url"], "http://127.0.0.1:3000/widget.js");

        let (status, saved) = app
            .server_fn(&web, "update_widget_origins", json!({"origins": ["https://WWW.Makler-Test.at/", "", "http://localhost:5173"]}))
            .await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        assert_eq!(saved["widget"]["origins"], json!(["https://www.makler-test.at", "http://localhost:5173"]));
        let (status, refused) = app
            .server_fn(&web, "update_widget_origins", json!({"origins": ["https://ok.at", "http://plain.at", "https://a.at/kontakt"]}))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!(refused["fields"][0]["field"], "origins.1");
        assert_eq!(refused["fields"][0]["code"], "insecure_origin");
        assert_eq!(refused["fields"][1]["code"], "origin_with_path");

        // An agent may neither read nor change the widget, nor retire its key.
        let agent = app.signed_in(AGENT).await;
        for (name, args) in [
            ("widget_settings", json!({})),
            ("update_widget_origins", json!({"origins": ["https://evil.example"]})),
            ("rotate_widget_key", json!({})),
        ] {
            let (status, body) = app.server_fn(&agent, name, args).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{name}: {body}");
        }
        let (_, unchanged) = app.server_fn(&web, "widget_settings", json!({})).await;
        assert_eq!(unchanged["widget"], saved["widget"]);

        let (status, rotated) = app.server_fn(&web, "rotate_widget_key", json!({})).await;
        assert_eq!(status, StatusCode::OK);
        assert_ne!(rotated["widget"]["key"], saved["widget"]["key"]);
    }
}

on_both! {
    async fn widget_rate_limits_per_ip(backend: Backend) {
        let app = spawn_app_with(backend, &[("IMMIVO_WIDGET_REQUESTS_PER_IP", "2"), ("IMMIVO_WIDGET_REQUESTS_PER_KEY", "100")]).await;
        let key = site_key(&app).await;
        let (other_admin, _) = app.store.second_office().await;
        let theirs = widget::update_origins(&app.store.db, &other_admin, vec![SITE.into()]).await.unwrap().key;
        for n in 0..2 {
            let r = post(&app, Some(SITE), Some(&key), &inquiry(&format!("p{n}@example.at"))).await;
            assert_eq!(r.status(), StatusCode::CREATED);
        }
        // The address has used its window, whichever office it posts to.
        let r = post(&app, Some(SITE), Some(&theirs), &inquiry_de("p3@example.at")).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = header(&r, RETRY_AFTER).unwrap().parse().unwrap();
        assert!((1..=600).contains(&wait), "{wait}");
        assert_eq!(header(&r, ACCESS_CONTROL_ALLOW_ORIGIN), Some(SITE), "the widget can read the answer");
        assert_eq!(r.json::<Value>().await.unwrap()["code"], "RATE_LIMITED");
        assert!(receive::list(&app.store.db, &other_admin, None, 50).await.unwrap().is_empty());
    }

    async fn widget_rate_limits_per_key(backend: Backend) {
        let app = spawn_app_with(
            backend,
            &[("IMMIVO_WIDGET_REQUESTS_PER_IP", "100"), ("IMMIVO_WIDGET_REQUESTS_PER_KEY", "2"), ("IMMIVO_WIDGET_WINDOW_SECS", "120")],
        )
        .await;
        let admin = app.store.ctx(ADMIN).await;
        let key = site_key(&app).await;
        let (other_admin, _) = app.store.second_office().await;
        let theirs = widget::update_origins(&app.store.db, &other_admin, vec![SITE.into()]).await.unwrap().key;
        for n in 0..2 {
            assert_eq!(post(&app, Some(SITE), Some(&key), &inquiry(&format!("k{n}@example.at"))).await.status(), StatusCode::CREATED);
        }
        let r = post(&app, Some(SITE), Some(&key), &inquiry("k3@example.at")).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = header(&r, RETRY_AFTER).unwrap().parse().unwrap();
        assert!((1..=120).contains(&wait), "{wait}");
        assert_eq!(receive::list(&app.store.db, &admin, None, 50).await.unwrap().len(), 2);
        // Another office's key has its own budget.
        assert_eq!(post(&app, Some(SITE), Some(&theirs), &inquiry_de("k4@example.at")).await.status(), StatusCode::CREATED);
    }
}
