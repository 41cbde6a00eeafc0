//! Sign-in, sessions, invitations, rate limits, CSRF protection and the HTTP basics every
//! response shares.

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, SET_COOKIE};
use serde_json::{Value, json};

use crate::helpers::*;
use crate::on_both;

fn session_cookie(headers: &HeaderMap) -> String {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("immivo_session="))
        .expect("no session cookie")
}

async fn login(app: &TestApp, c: &reqwest::Client, email: &str, password: &str) -> (StatusCode, HeaderMap, Value) {
    let r = c
        .post(format!("{}/api/login", app.base))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap();
    let (status, headers) = (r.status(), r.headers().clone());
    (status, headers, r.json().await.unwrap_or(Value::Null))
}

on_both! {
    async fn login_session_and_logout(backend: Backend) {
        let app = spawn_app(backend).await;
        let c = client();
        let (_, me) = app.server_fn(&c, "current_user", json!({})).await;
        assert_eq!(me, Value::Null);
        let (status, headers, me) = login(&app, &c, "  Admin@Demo.Immivo.Local ", PASSWORD).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(me["user"]["email"], ADMIN);
        let cookie = session_cookie(&headers);
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"), "{cookie}");
        let (_, me) = app.server_fn(&c, "current_user", json!({})).await;
        assert_eq!(me["tenant"]["slug"], "demo");
        // The same session works for GraphQL from the browser.
        assert_eq!(data(&app.gql(&c, None, "{ me { user { email } } }", json!({})).await)["me"]["user"]["email"], ADMIN);

        let r = c.post(format!("{}/api/logout", app.base)).json(&json!({})).send().await.unwrap();
        assert!(session_cookie(r.headers()).contains("Max-Age=0"));
        let (_, me) = app.server_fn(&c, "current_user", json!({})).await;
        assert_eq!(me, Value::Null);

        let (status, _, body) = login(&app, &client(), ADMIN, "falsch").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["code"], "UNAUTHENTICATED");
        let (_, _, body) = login(&app, &client(), "niemand@example.at", PASSWORD).await;
        assert_eq!(body["code"], "UNAUTHENTICATED", "unknown accounts look like wrong passwords");

        // A forged or altered cookie is no session.
        let forged = reqwest::Client::new();
        let value = cookie.split(';').next().unwrap().trim_start_matches("immivo_session=");
        let altered = format!("immivo_session={}x", value);
        let r = forged.post(format!("{}/api/current_user", app.base)).header("cookie", altered).json(&json!({})).send().await.unwrap();
        assert_eq!(r.json::<Value>().await.unwrap(), Value::Null);
    }

    async fn invitations_and_password_changes(backend: Backend) {
        let app = spawn_app(backend).await;
        let admin = app.signed_in(ADMIN).await;
        let (_, invitation) = app.server_fn(&admin, "invite_user", json!({"email": "lea@demo.immivo.local", "name": "Lea Haas", "role": "AGENT"})).await;
        let token = invitation["token"].as_str().unwrap().to_owned();
        let newcomer = client();
        let (status, weak) = app.server_fn(&newcomer, "accept_invitation", json!({"token": token, "password": "kurz"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(weak["code"], "BAD_USER_INPUT");
        assert_eq!(weak["fields"][0]["field"], "password");
        let (status, me) = app.server_fn(&newcomer, "accept_invitation", json!({"token": token, "password": "Lea-ihr-Passwort"})).await;
        assert_eq!(status, StatusCode::OK, "{me}");
        assert_eq!(me["user"]["role"], "AGENT");
        let (_, me) = app.server_fn(&newcomer, "current_user", json!({})).await;
        assert_eq!(me["user"]["email"], "lea@demo.immivo.local");

        // Two sessions; changing the password in one ends the other.
        let other = client();
        assert_eq!(login(&app, &other, "lea@demo.immivo.local", "Lea-ihr-Passwort").await.0, StatusCode::OK);
        let (status, body) = app.server_fn(&newcomer, "change_password", json!({"current": "Lea-ihr-Passwort", "new": "Ein-neues-Passwort"})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(app.server_fn(&other, "current_user", json!({})).await.1, Value::Null);
        assert_eq!(app.server_fn(&newcomer, "current_user", json!({})).await.1["user"]["email"], "lea@demo.immivo.local");
        assert_eq!(login(&app, &client(), "lea@demo.immivo.local", "Ein-neues-Passwort").await.0, StatusCode::OK);
    }

    async fn sessions_end_on_the_server(backend: Backend) {
        let app = spawn_app(backend).await;
        let c = client();
        let (_, headers, _) = login(&app, &c, AGENT, PASSWORD).await;
        let cookie = session_cookie(&headers).split(';').next().unwrap().to_owned();
        let with_cookie = async |cookie: &str| {
            let r = reqwest::Client::new()
                .post(format!("{}/api/current_user", app.base))
                .header("cookie", cookie)
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            r.json::<Value>().await.unwrap()
        };
        assert_eq!(with_cookie(&cookie).await["user"]["email"], AGENT);
        c.post(format!("{}/api/logout", app.base)).json(&json!({})).send().await.unwrap();
        assert_eq!(with_cookie(&cookie).await, Value::Null, "the old cookie is no session after logout");

        // Signing out everywhere ends every session of the account, and only of that account.
        let (laptop, phone, colleague) = (client(), client(), app.signed_in(COLLEAGUE).await);
        let (_, headers, _) = login(&app, &laptop, AGENT, PASSWORD).await;
        let laptop_cookie = session_cookie(&headers).split(';').next().unwrap().to_owned();
        login(&app, &phone, AGENT, PASSWORD).await;
        let (status, body) = app.server_fn(&phone, "logout_everywhere", json!({})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(with_cookie(&laptop_cookie).await, Value::Null);
        assert_eq!(app.server_fn(&phone, "current_user", json!({})).await.1, Value::Null);
        assert_eq!(app.server_fn(&colleague, "current_user", json!({})).await.1["user"]["email"], COLLEAGUE);
        let (status, body) = app.server_fn(&client(), "logout_everywhere", json!({})).await;
        assert_eq!((status, &body["code"]), (StatusCode::UNAUTHORIZED, &json!("UNAUTHENTICATED")));

        // A deactivated user's sessions end with the deactivation.
        let admin = app.signed_in(ADMIN).await;
        let (_, users) = app.server_fn(&admin, "list_users", json!({})).await;
        let id = users.as_array().unwrap().iter().find(|u| u["email"] == COLLEAGUE).unwrap()["id"].clone();
        let (status, _) = app.server_fn(&admin, "update_user", json!({"id": id, "role": null, "active": false})).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(app.server_fn(&colleague, "current_user", json!({})).await.1, Value::Null);
    }

    async fn an_authorization_header_never_falls_back_to_the_cookie(backend: Backend) {
        let app = spawn_app(backend).await;
        let c = app.signed_in(ADMIN).await;
        for authorization in ["Basic YWRtaW46YWRtaW4=", "garbage", "Bearer not-a-token"] {
            // A cross-site write with some Authorization header: refused, or unauthenticated.
            let r = c
                .post(format!("{}/api/create_lead", app.base))
                .header("origin", "https://evil.example")
                .header("authorization", authorization)
                .json(&json!({"input": {"last_name": "Quer"}}))
                .send()
                .await
                .unwrap();
            assert!(matches!(r.status(), StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED), "{authorization}: {}", r.status());
            let r = c
                .post(format!("{}/api/current_user", app.base))
                .header("authorization", authorization)
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.json::<Value>().await.unwrap(), Value::Null, "{authorization}: the cookie does not count");
        }
        // Not a bearer token: the origin check applies, and fails cross-site.
        let r = c
            .post(format!("{}/api/create_lead", app.base))
            .header("origin", "https://evil.example")
            .header("authorization", "Basic YWRtaW46YWRtaW4=")
            .json(&json!({"input": {"last_name": "Quer"}}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let (_, page) = app.server_fn(&c, "list_leads", json!({"filter": {"query": "Quer"}, "page": {"first": 5}})).await;
        assert_eq!(page["total"], 0);
    }

    async fn cross_site_writes_are_refused(backend: Backend) {
        let app = spawn_app(backend).await;
        let c = app.signed_in(ADMIN).await;
        let evil = c.post(format!("{}/api/delete_lead", app.base)).header("origin", "https://evil.example").json(&json!({"id": uuid::Uuid::now_v7()})).send().await.unwrap();
        assert_eq!(evil.status(), StatusCode::FORBIDDEN);
        let evil_gql = c.post(format!("{}/graphql", app.base)).header("origin", "https://evil.example").json(&json!({"query": "{ me { user { id } } }"})).send().await.unwrap();
        assert_eq!(evil_gql.status(), StatusCode::FORBIDDEN);
        let own = c.post(format!("{}/api/current_user", app.base)).header("origin", app.base.clone()).json(&json!({})).send().await.unwrap();
        assert_eq!(own.status(), StatusCode::OK);
        // The scheme is part of the origin: https on the same host and port is another site.
        let https = app.base.replacen("http://", "https://", 1);
        let other_scheme = c.post(format!("{}/api/current_user", app.base)).header("origin", https).json(&json!({})).send().await.unwrap();
        assert_eq!(other_scheme.status(), StatusCode::FORBIDDEN);
        let garbled = c.post(format!("{}/api/current_user", app.base)).header("origin", "null").json(&json!({})).send().await.unwrap();
        assert_eq!(garbled.status(), StatusCode::FORBIDDEN);
        // No Origin, but the browser says the request is cross-site.
        let r = c.post(format!("{}/api/current_user", app.base)).header("sec-fetch-site", "cross-site").json(&json!({})).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }

    async fn pages_answer_with_real_statuses(backend: Backend) {
        let app = spawn_app(backend).await;
        let plain = || reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).cookie_store(true).build().unwrap();
        let visitor = plain();
        for path in ["/", "/leads", "/leads/0190a5d4-0000-7000-8000-000000000000", "/settings"] {
            let r = visitor.get(format!("{}{path}", app.base)).send().await.unwrap();
            assert!(r.status().is_redirection(), "{path}: {}", r.status());
            assert!(r.headers()["location"].to_str().unwrap().starts_with("/login"), "{path}");
        }
        let agent = plain();
        login(&app, &agent, AGENT, PASSWORD).await;
        let r = agent.get(format!("{}/leads/not-a-uuid", app.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let r = agent.get(format!("{}/leads/{}", app.base, uuid::Uuid::now_v7())).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "a lead that does not exist");
        let r = agent.get(format!("{}/properties/nope", app.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        // A lead page by its URL renders fully on the server: the chat panel does not stop it.
        let (_, page) = app.server_fn(&agent, "list_leads", json!({"filter": {}, "page": {"first": 1}})).await;
        let lead = &page["items"][0];
        let r = agent.get(format!("{}/leads/{}", app.base, lead["id"].as_str().unwrap())).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()["cache-control"], "no-store", "a page with a user's data is not cached");
        let html = r.text().await.unwrap();
        let last_name = lead["last_name"].as_str().unwrap();
        assert!(html.contains(last_name) && html.contains("data-testid=\"lead-chat\""), "{}", &html[..html.len().min(3000)]);
        // An agent's settings page is theirs to open.
        let r = agent.get(format!("{}/settings", app.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let html = r.text().await.unwrap();
        assert!(html.contains("data-testid=\"password-settings\"") && html.contains("data-testid=\"sign-out-everywhere\""));
        let r = agent.post(format!("{}/api/current_user", app.base)).json(&json!({})).send().await.unwrap();
        assert_eq!(r.headers()["cache-control"], "no-store");
    }

    async fn agents_read_the_office_settings_and_only_admins_change_them(backend: Backend) {
        let app = spawn_app(backend).await;
        let agent = app.signed_in(AGENT).await;
        let (status, settings) = app.server_fn(&agent, "get_tenant_settings", json!({})).await;
        assert_eq!(status, StatusCode::OK, "{settings}");
        assert!(settings["time_zone"].is_string() && settings.get("email_signature").is_some());
        let (status, body) = app.server_fn(&agent, "update_tenant_settings", json!({"input": {"reply_tone": "locker"}})).await;
        assert_eq!((status, &body["code"]), (StatusCode::FORBIDDEN, &json!("FORBIDDEN")));
        let gql = app.gql(&agent, None, "{ tenantSettings { timeZone aiMonthlyCapCents } }", json!({})).await;
        assert!(data(&gql)["tenantSettings"]["timeZone"].is_string(), "{gql}");
        let gql = app.gql(&agent, None, "mutation { updateTenantSettings(input: {replyTone: \"locker\"}) { replyTone } }", json!({})).await;
        assert_eq!(error_code(&gql), Some("FORBIDDEN"));
    }
}

#[tokio::test]
async fn sign_in_is_rate_limited_per_account_and_per_ip() {
    let app = spawn_app_with(
        Backend::Sqlite,
        &[("IMMIVO_LOGIN_ATTEMPTS_PER_ACCOUNT", "3"), ("IMMIVO_LOGIN_ATTEMPTS_PER_IP", "6")],
    )
    .await;
    for _ in 0..3 {
        assert_eq!(login(&app, &client(), AGENT, "falsch").await.2["code"], "UNAUTHENTICATED");
    }
    // Even the right password waits now, and the answer says how long.
    let (status, headers, body) = login(&app, &client(), AGENT, PASSWORD).await;
    assert_eq!((status, &body["code"]), (StatusCode::TOO_MANY_REQUESTS, &json!("RATE_LIMITED")));
    let wait: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=3600).contains(&wait), "Retry-After {wait}");
    // Other accounts from the same address, until the address has used its attempts.
    assert_eq!(login(&app, &client(), COLLEAGUE, PASSWORD).await.0, StatusCode::OK);
    assert_eq!(login(&app, &client(), ADMIN, "falsch").await.2["code"], "UNAUTHENTICATED");
    assert_eq!(login(&app, &client(), ADMIN, "falsch").await.2["code"], "RATE_LIMITED");
}

#[tokio::test]
async fn health_headers_limits_and_pages() {
    let app = spawn_app(Backend::Sqlite).await;
    let r = client().get(format!("{}/health", app.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let h = r.headers().clone();
    assert_eq!(r.json::<Value>().await.unwrap(), json!({"status": "ok", "database": "ok"}));
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
    assert!(h["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
    assert!(uuid::Uuid::parse_str(h["x-request-id"].to_str().unwrap()).is_ok());
    assert!(h.get("strict-transport-security").is_none(), "no HSTS on plain http");

    let big = "x".repeat(2 * 1024 * 1024);
    let r = client()
        .post(format!("{}/graphql", app.base))
        .header("content-type", "application/json")
        .body(format!("{{\"query\": \"{big}\"}}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);

    // Pages render on the server, German by default, English by cookie.
    let login_de = client().get(format!("{}/login", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(login_de.contains("lang=\"de\"") && login_de.contains("Willkommen bei Immivo"), "{login_de}");
    let login_en = client()
        .get(format!("{}/login", app.base))
        .header("cookie", "immivo_locale=en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(login_en.contains("lang=\"en\"") && login_en.contains("Welcome to Immivo"));
    let missing = client().get(format!("{}/gibt-es-nicht", app.base)).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    let https = spawn_app_with(Backend::Sqlite, &[("IMMIVO_PUBLIC_URL", "https://crm.example.at")]).await;
    let r = client().get(format!("{}/health", https.base)).send().await.unwrap();
    assert!(r.headers()["strict-transport-security"].to_str().unwrap().starts_with("max-age="));
    let r = client()
        .post(format!("{}/api/login", https.base))
        .json(&json!({"email": ADMIN, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert!(session_cookie(r.headers()).contains("Secure"));
}

#[tokio::test]
async fn playground_and_introspection_follow_the_config() {
    let dev = spawn_app(Backend::Sqlite).await;
    let page = client().get(format!("{}/graphql", dev.base)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("graphiql"));
    let prod = spawn_app_with(
        Backend::Sqlite,
        &[("IMMIVO_GRAPHQL_PLAYGROUND", "false"), ("IMMIVO_GRAPHQL_INTROSPECTION", "false")],
    )
    .await;
    assert_eq!(client().get(format!("{}/graphql", prod.base)).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    let key = prod.api_key(ADMIN).await;
    let answer = prod.gql(&client(), Some(&key), "{ __schema { queryType { name } } }", json!({})).await;
    assert!(answer.get("errors").is_some() || answer["data"]["__schema"].is_null(), "introspection answered: {answer}");
    let on = dev.gql(&client(), None, "{ __schema { queryType { name } } }", json!({})).await;
    assert_eq!(data(&on)["__schema"]["queryType"]["name"], "Query");
}
