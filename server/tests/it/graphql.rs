//! `/graphql` through HTTP against a spawned server: every query and mutation, connections,
//! errors with `extensions.code`, limits, and batched relations.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};

use crate::helpers::*;
use crate::on_both;

const LEAD_FIELDS: &str =
    "id status source firstName lastName email phone score budgetMin budgetMax timeframe financing createdAt";

on_both! {
    async fn leads_queries_and_mutations(backend: Backend) {
        let app = spawn_app(backend).await;
        let key = app.api_key(ADMIN).await;
        let c = client();
        let gql = |q: &str, v: Value| { let (c, key, q) = (c.clone(), key.clone(), q.to_owned()); let app = &app; async move { app.gql(&c, Some(&key), &q, v).await } };

        let page = gql("query($f: LeadFilter) { leads(first: 5, filter: $f) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status } } } }", json!({"f": null})).await;
        let leads = &data(&page)["leads"];
        assert_eq!(leads["totalCount"], 20);
        assert_eq!(leads["edges"].as_array().unwrap().len(), 5);
        assert_eq!(leads["pageInfo"]["hasNextPage"], true);
        let cursor = leads["pageInfo"]["endCursor"].as_str().unwrap().to_owned();
        let next = gql("query($after: String) { leads(first: 100, after: $after) { totalCount pageInfo { hasNextPage } edges { node { id } } } }", json!({"after": cursor})).await;
        assert_eq!(data(&next)["leads"]["edges"].as_array().unwrap().len(), 15);
        assert_eq!(data(&next)["leads"]["pageInfo"]["hasNextPage"], false);

        let created = gql(&format!("mutation($i: LeadInput!) {{ createLead(input: $i) {{ {LEAD_FIELDS} }} }}"), json!({"i": {
            "firstName": "Lukas", "lastName": "Pichler", "email": "lukas.pichler@gmx.at", "phone": "0676 1234567",
            "budgetMin": 250000, "budgetMax": 320000, "timeframe": "THREE_MONTHS", "financing": "APPROVED", "source": "WILLHABEN"
        }})).await;
        let lead = data(&created)["createLead"].clone();
        assert_eq!(lead["status"], "NEW");
        assert_eq!(lead["phone"], "+436761234567");
        let id = lead["id"].as_str().unwrap().to_owned();
        // The API's budgets are whole euros; the domain counts cents.
        assert_eq!((&lead["budgetMin"], &lead["budgetMax"]), (&json!(250000), &json!(320000)));
        let stored = domain::leads::get(&app.store.db, &app.store.ctx(ADMIN).await, id.parse().unwrap()).await.unwrap();
        assert_eq!(stored.budget_min.map(model::Money::cents), Some(25_000_000));

        let filtered = gql("query($f: LeadFilter) { leads(filter: $f) { totalCount edges { node { id } } } }", json!({"f": {"query": "Pichler", "source": "WILLHABEN", "status": "NEW"}})).await;
        assert_eq!(data(&filtered)["leads"]["edges"][0]["node"]["id"], id.as_str());
        assert_eq!(data(&filtered)["leads"]["totalCount"], 1);

        let updated = gql("mutation($id: ID!) { updateLead(id: $id, input: {message: \"Bitte um Rückruf\"}) { message lastName } }", json!({"id": id})).await;
        assert_eq!(data(&updated)["updateLead"], json!({"message": "Bitte um Rückruf", "lastName": "Pichler"}));

        let moved = gql("mutation($id: ID!) { changeLeadStatus(id: $id, status: CONTACTED) { status } }", json!({"id": id})).await;
        assert_eq!(data(&moved)["changeLeadStatus"]["status"], "CONTACTED");
        let refused = gql("mutation($id: ID!) { changeLeadStatus(id: $id, status: NEW) { status } }", json!({"id": id})).await;
        assert_eq!(error_code(&refused), Some("CONFLICT"));

        let users = gql("{ users { id email role } }", json!({})).await;
        let agent_id = data(&users)["users"].as_array().unwrap().iter().find(|u| u["email"] == AGENT).unwrap()["id"].clone();
        let assigned = gql("mutation($id: ID!, $a: ID) { assignLead(id: $id, agentId: $a) { assignedAgent { email } } }", json!({"id": id, "a": agent_id})).await;
        assert_eq!(data(&assigned)["assignLead"]["assignedAgent"]["email"], AGENT);

        let note = gql("mutation($id: ID!) { addLeadNote(id: $id, text: \"Finanzierung bestätigt\") { kind description } }", json!({"id": id})).await;
        assert_eq!(data(&note)["addLeadNote"], json!({"kind": "NOTE", "description": "Finanzierung bestätigt"}));
        let one = gql("query($id: ID!) { lead(id: $id) { lastName activities { kind } } leadActivities(id: $id) { kind } }", json!({"id": id})).await;
        let kinds: Vec<&str> = data(&one)["lead"]["activities"].as_array().unwrap().iter().map(|a| a["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["NOTE", "ASSIGNED", "STATUS_CHANGED", "UPDATED", "CREATED"]);
        assert_eq!(data(&one)["leadActivities"], data(&one)["lead"]["activities"]);

        // Codes are rendered in the caller's language: German by default, English when asked.
        let texts = "query($id: ID!) { lead(id: $id) { activities { description } scoreFactors { name reason } } }";
        let german = gql(texts, json!({"id": id})).await;
        let english: Value = c.post(format!("{}/graphql", app.base)).bearer_auth(&key)
            .header("Accept-Language", "en-GB,en;q=0.9,de;q=0.5")
            .json(&json!({"query": texts, "variables": {"id": id}})).send().await.unwrap().json().await.unwrap();
        let shown = |answer: &Value, field: &str, key: &str| -> Vec<String> {
            data(answer)["lead"][field].as_array().unwrap().iter().map(|a| a[key].as_str().unwrap().to_owned()).collect()
        };
        assert_eq!(shown(&german, "activities", "description")[2], "Neu → Kontaktiert");
        assert_eq!(shown(&english, "activities", "description")[2], "New → Contacted");
        assert_eq!(shown(&english, "activities", "description")[4], "Lead created");
        assert_eq!(shown(&german, "scoreFactors", "name")[0], "Zeitrahmen");
        assert_eq!(shown(&english, "scoreFactors", "name")[0], "Time frame");
        assert_eq!(shown(&english, "scoreFactors", "reason")[1], "Financing approved");
        assert_eq!(shown(&german, "scoreFactors", "reason")[1], "Finanzierungszusage liegt vor");

        let dashboard = gql("{ dashboard { byStatus { status count } newest { id } propertiesActive } }", json!({})).await;
        let total: u64 = data(&dashboard)["dashboard"]["byStatus"].as_array().unwrap().iter().map(|c| c["count"].as_u64().unwrap()).sum();
        assert_eq!(total, 21);

        let deleted = gql("mutation($id: ID!) { deleteLead(id: $id) }", json!({"id": id})).await;
        assert_eq!(data(&deleted)["deleteLead"], id.as_str());
        let gone = gql("query($id: ID!) { lead(id: $id) { id } }", json!({"id": id})).await;
        assert_eq!(error_code(&gone), Some("NOT_FOUND"));
    }

    async fn properties_users_settings_and_keys(backend: Backend) {
        let app = spawn_app(backend).await;
        let key = app.api_key(ADMIN).await;
        let c = client();
        let gql = |q: &str, v: Value| { let (c, key, q) = (c.clone(), key.clone(), q.to_owned()); let app = &app; async move { app.gql(&c, Some(&key), &q, v).await } };

        let list = gql("{ properties(first: 3, filter: {city: \"Wien\"}) { totalCount edges { node { id title city priceCents externalIds { portal id } } } } }", json!({})).await;
        assert!(data(&list)["properties"]["totalCount"].as_u64().unwrap() >= 3);
        assert!(data(&list)["properties"]["edges"].as_array().unwrap().iter().all(|e| e["node"]["city"] == "Wien"));

        let created = gql("mutation($i: PropertyInput!) { createProperty(input: $i) { id title rooms livingArea status features externalIds { portal id } } }", json!({"i": {
            "title": "Dachgeschoss mit Terrasse", "propertyType": "APARTMENT", "marketingType": "BUY", "city": "Linz", "postcode": "4020",
            "priceCents": 42900000, "rooms": 3.0, "livingArea": 88.5, "features": ["Terrasse", "Lift"],
            "externalIds": [{"portal": "IMMOSCOUT24", "id": "150123456"}]
        }})).await;
        let p = data(&created)["createProperty"].clone();
        assert_eq!(p["status"], "DRAFT");
        assert_eq!(p["externalIds"], json!([{"portal": "IMMOSCOUT24", "id": "150123456"}]));
        let id = p["id"].as_str().unwrap().to_owned();
        let updated = gql("mutation($id: ID!) { updateProperty(id: $id, input: {status: ACTIVE, priceCents: 41900000}) { status priceCents title } }", json!({"id": id})).await;
        assert_eq!(data(&updated)["updateProperty"], json!({"status": "ACTIVE", "priceCents": 41900000, "title": "Dachgeschoss mit Terrasse"}));
        let got = gql("query($id: ID!) { property(id: $id) { title } }", json!({"id": id})).await;
        assert_eq!(data(&got)["property"]["title"], "Dachgeschoss mit Terrasse");
        let archived = gql("mutation($id: ID!) { archiveProperty(id: $id) { status } }", json!({"id": id})).await;
        assert_eq!(data(&archived)["archiveProperty"]["status"], "ARCHIVED");

        let invalid = gql("mutation { createProperty(input: {title: \"\", city: \"Graz\", propertyType: HOUSE, marketingType: BUY, yearBuilt: 3000}) { id } }", json!({})).await;
        assert_eq!(error_code(&invalid), Some("BAD_USER_INPUT"));
        let fields: Vec<&str> = invalid["errors"][0]["extensions"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["title", "year_built"]);

        let me = gql("{ me { user { email role } tenant { slug country } } }", json!({})).await;
        assert_eq!(data(&me)["me"], json!({"user": {"email": ADMIN, "role": "ADMIN"}, "tenant": {"slug": "demo", "country": "AT"}}));

        let invited = gql("mutation { inviteUser(email: \"sophie@demo.immivo.local\", name: \"Sophie Gruber\", role: AGENT) { token user { id email activated } } }", json!({})).await;
        let inv = data(&invited)["inviteUser"].clone();
        assert_eq!(inv["user"]["activated"], false);
        assert!(inv["token"].as_str().unwrap().len() >= 32);
        let uid = inv["user"]["id"].clone();
        let changed = gql("mutation($id: ID!) { updateUser(id: $id, role: ADMIN, name: \"Sophie Gruber-Huber\") { role name } }", json!({"id": uid})).await;
        assert_eq!(data(&changed)["updateUser"], json!({"role": "ADMIN", "name": "Sophie Gruber-Huber"}));
        let one = gql("query($id: ID!) { user(id: $id) { email } }", json!({"id": uid})).await;
        assert_eq!(data(&one)["user"]["email"], "sophie@demo.immivo.local");
        let dup = gql("mutation { inviteUser(email: \"sophie@demo.immivo.local\", name: \"S\", role: AGENT) { token } }", json!({})).await;
        assert_eq!(error_code(&dup), Some("CONFLICT"));

        let settings = gql("mutation { updateTenantSettings(input: {locale: EN, replyTone: \"knapp und herzlich\"}) { locale replyTone timeZone } }", json!({})).await;
        assert_eq!(data(&settings)["updateTenantSettings"], json!({"locale": "EN", "replyTone": "knapp und herzlich", "timeZone": "Europe/Vienna"}));
        let read = gql("{ tenantSettings { locale } }", json!({})).await;
        assert_eq!(data(&read)["tenantSettings"]["locale"], "EN");

        let new_key = gql("mutation { createApiKey(name: \"Homepage\") { secret key { id name prefix } } }", json!({})).await;
        let k = data(&new_key)["createApiKey"].clone();
        let secret = k["secret"].as_str().unwrap().to_owned();
        assert!(secret.starts_with(&format!("imv_{}_", k["key"]["prefix"].as_str().unwrap())));
        let keys = gql("{ apiKeys { name revokedAt } }", json!({})).await;
        assert_eq!(data(&keys)["apiKeys"].as_array().unwrap().len(), 2);
        assert!(!keys.to_string().contains(&secret), "secrets are shown once");
        let with_new = app.gql(&c, Some(&secret), "{ me { user { email } } }", json!({})).await;
        assert_eq!(data(&with_new)["me"]["user"]["email"], ADMIN);
        gql("mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }", json!({"id": k["key"]["id"]})).await;
        let revoked = app.gql(&c, Some(&secret), "{ me { user { email } } }", json!({})).await;
        assert_eq!(error_code(&revoked), Some("UNAUTHENTICATED"));
    }

    async fn roles_and_platform(backend: Backend) {
        let app = spawn_app(backend).await;
        let agent = app.signed_in(AGENT).await;
        let admin = app.signed_in(ADMIN).await;
        let staff = app.signed_in(STAFF).await;
        for q in ["{ users { id } }", "{ apiKeys { id } }", "{ platformStats { tenants } }", "mutation { createApiKey(name: \"x\") { secret } }",
                  "mutation { updateTenantSettings(input: {autoReply: true}) { autoReply } }"] {
            assert_eq!(error_code(&app.gql(&agent, None, q, json!({})).await), Some("FORBIDDEN"), "{q}");
        }
        assert_eq!(error_code(&app.gql(&admin, None, "{ platformStats { tenants } }", json!({})).await), Some("FORBIDDEN"));
        let stats = app.gql(&staff, None, "{ platformStats { tenants leads perTenant { tenant { slug } leads users } } }", json!({})).await;
        let demo = data(&stats)["platformStats"]["perTenant"].as_array().unwrap().iter().find(|t| t["tenant"]["slug"] == "demo").unwrap().clone();
        assert_eq!(demo["leads"], 20);
        let office = app.gql(&staff, None, "mutation { createOffice(input: {name: \"Alpen Immo\", slug: \"alpen\", country: CH, adminEmail: \"chef@alpen.ch\", adminName: \"Urs Meier\"}) { tenant { slug country } invitation { token user { role } } } }", json!({})).await;
        assert_eq!(data(&office)["createOffice"]["tenant"], json!({"slug": "alpen", "country": "CH"}));
        assert_eq!(data(&office)["createOffice"]["invitation"]["user"]["role"], "ADMIN");
        assert_eq!(error_code(&app.gql(&admin, None, "mutation { createOffice(input: {name: \"X\", slug: \"x-x\", country: DE, adminEmail: \"a@b.de\", adminName: \"A\"}) { tenant { id } } }", json!({})).await), Some("FORBIDDEN"));

        // Agents see their own leads only, through the API too.
        let mine = app.gql(&agent, None, "{ me { user { id } } leads(first: 100) { totalCount edges { node { assignedAgent { id } } } } }", json!({})).await;
        let my_id = data(&mine)["me"]["user"]["id"].clone();
        let edges = data(&mine)["leads"]["edges"].as_array().unwrap();
        assert!(!edges.is_empty() && edges.iter().all(|e| e["node"]["assignedAgent"]["id"] == my_id));
    }

    async fn errors_and_limits(backend: Backend) {
        let app = spawn_app(backend).await;
        let c = client();
        let anonymous = app.gql(&c, None, "{ leads { totalCount } }", json!({})).await;
        assert_eq!(error_code(&anonymous), Some("UNAUTHENTICATED"));
        assert_eq!(anonymous["data"], Value::Null);
        let bad_token = app.gql(&c, Some("imv_abcdefgh_wrongwrongwrong"), "{ me { user { id } } }", json!({})).await;
        assert_eq!(error_code(&bad_token), Some("UNAUTHENTICATED"));
        let key = app.api_key(ADMIN).await;
        let bad_id = app.gql(&c, Some(&key), "{ lead(id: \"not-a-uuid\") { id } }", json!({})).await;
        assert!(bad_id["errors"][0]["message"].as_str().unwrap().contains("not a valid id"), "{bad_id}");
        let bad_cursor = app.gql(&c, Some(&key), "{ leads(after: \"zzz\") { totalCount } }", json!({})).await;
        assert_eq!(error_code(&bad_cursor), Some("BAD_USER_INPUT"));
        let too_many = app.gql(&c, Some(&key), "{ leads(first: 1000) { totalCount } }", json!({})).await;
        assert_eq!(error_code(&too_many), Some("BAD_USER_INPUT"));
        // Invalid input is refused with its fields, and nothing is stored.
        let count = |a: &Value| a["data"]["leads"]["totalCount"].as_u64().unwrap();
        let before = count(&app.gql(&c, Some(&key), "{ leads { totalCount } }", json!({})).await);
        let bad = app.gql(&c, Some(&key), "mutation { createLead(input: {lastName: \"X\", email: \"kaputt@\", phone: \"12\", budgetMin: -1}) { id } }", json!({})).await;
        assert_eq!(error_code(&bad), Some("BAD_USER_INPUT"));
        let mut fields: Vec<&str> = bad["errors"][0]["extensions"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
        fields.sort();
        assert_eq!(fields, ["budget_min", "email", "phone"]);
        let unknown_enum = app.gql(&c, Some(&key), "mutation { createLead(input: {lastName: \"X\", source: FAX}) { id } }", json!({})).await;
        assert!(unknown_enum["errors"][0]["message"].as_str().unwrap().contains("FAX"), "{unknown_enum}");
        let bad_price = app.gql(&c, Some(&key), "mutation { createProperty(input: {title: \"T\", city: \"Graz\", propertyType: HOUSE, marketingType: BUY, priceCents: -5}) { id } }", json!({})).await;
        assert_eq!(bad_price["errors"][0]["extensions"]["fields"][0]["field"], "price");
        assert_eq!(count(&app.gql(&c, Some(&key), "{ leads { totalCount } }", json!({})).await), before);
        let props = app.gql(&c, Some(&key), "{ properties(filter: {city: \"Graz\", includeArchived: true}) { totalCount } }", json!({})).await;
        assert_eq!(data(&props)["properties"]["totalCount"], 1, "only the demo property in Graz");
        let web = app.signed_in(ADMIN).await;
        let (_, body) = app.server_fn(&web, "change_lead_status", json!({"id": uuid::Uuid::now_v7(), "status": "DONE", "reason": null})).await;
        assert_eq!(body["code"], "BAD_USER_INPUT", "{body}");

        // Depth: lead → property is fine, a query nested deeper than the limit is refused.
        let deep = "{ leads { edges { node { assignedAgent { id } property { id } activities { id } } } } dashboard { newest { activities { id } } } }";
        assert!(app.gql(&c, Some(&key), deep, json!({})).await.get("errors").is_none());
        let introspection = app.gql(&c, None, "{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } }", json!({})).await;
        assert!(introspection["errors"][0]["message"].as_str().unwrap().to_lowercase().contains("nested too deep"), "{introspection}");
        let complex = format!("{{ {} }}", (0..60).map(|i| format!("l{i}: leads(first: 100) {{ edges {{ node {{ id email phone message score }} }} }}")).collect::<Vec<_>>().join(" "));
        let refused = app.gql(&c, Some(&key), &complex, json!({})).await;
        assert!(refused["errors"][0]["message"].as_str().unwrap().to_lowercase().contains("complex"), "{refused}");
    }
}

/// Relations are loaded in batches: the statements a lead page costs do not grow with its size.
#[tokio::test]
async fn lead_relations_are_batched() {
    let store = TestDb::seeded(Backend::Sqlite).await;
    let statements = Arc::new(AtomicUsize::new(0));
    let mut db = store.db.clone();
    let counter = statements.clone();
    db.on_statement(move |_| {
        counter.fetch_add(1, Ordering::Relaxed);
    });
    let admin = store.ctx(ADMIN).await;
    let key = domain::tenants::api_keys::create(&db, &admin, "count").await.unwrap().secret;
    let config = test_config(&store.url, &[]);
    let options = leptos::config::LeptosOptions::builder().output_name(Arc::<str>::from("immivo")).build();
    let state = immivo_server::state::AppState::build(config, db, options).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(
            listener,
            immivo_server::http::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap()
    });
    let query = "query($n: Int) { leads(first: $n) { edges { node { id property { title } assignedAgent { name } activities { kind } } } } }";
    let mut cost = Vec::new();
    // The first request also records the key's use; measure after it.
    for n in [2, 2, 20] {
        let before = statements.load(Ordering::Relaxed);
        let answer: Value = client()
            .post(format!("{base}/graphql"))
            .bearer_auth(&key)
            .json(&json!({"query": query, "variables": {"n": n}}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(data(&answer)["leads"]["edges"].as_array().unwrap().len(), n);
        cost.push(statements.load(Ordering::Relaxed) - before);
    }
    assert_eq!(cost[1], cost[2], "statements for 2 and 20 leads: {cost:?}");
}

on_both! {
    // A Swiss office's amounts are francs wherever they are read: the API says so, its pages
    // write "CHF" and the assistant's lists too; the German demo office keeps euros.
    async fn a_swiss_office_counts_in_francs(backend: Backend) {
        use domain::assistant::tools::{ToolEnv, find};
        let app = spawn_app(backend).await;
        let (admin, _) = app.store.office(model::Country::Ch, "Alpenblick Immobilien AG", "alpenblick", "alpenblick.ch").await;
        let property = domain::properties::create(&app.store.db, &admin, model::PropertyInput {
            title: Some("Attikawohnung mit Seesicht".into()),
            property_type: Some(model::PropertyType::Apartment),
            marketing_type: Some(model::MarketingType::Buy),
            city: Some("Zürich".into()),
            price_cents: Some(model::Money::from_whole(1_250_000)),
            rooms: Some(4.5),
            ..Default::default()
        }).await.unwrap();

        let swiss = app.signed_in("chefin@alpenblick.ch").await;
        let me = app.gql(&swiss, None, "{ me { tenant { country currency } } }", json!({})).await;
        assert_eq!(data(&me)["me"]["tenant"], json!({"country": "CH", "currency": "CHF"}));
        let base = app.base.clone();
        let page = move |c: reqwest::Client, path: String| {
            let url = format!("{base}{path}");
            async move { c.get(url).send().await.unwrap().text().await.unwrap() }
        };
        let html = page(swiss.clone(), format!("/properties/{}", property.id)).await;
        assert!(html.contains("1.250.000 CHF"), "the property page writes francs");
        assert!(!html.contains(" €"), "no euro sign on a Swiss office's page");
        let form = page(swiss.clone(), "/leads/new".into()).await;
        assert!(form.contains("Budget von") && form.contains(" (CHF)"), "the budget fields name francs");

        let german = app.signed_in(ADMIN).await;
        let me = app.gql(&german, None, "{ me { tenant { currency } } }", json!({})).await;
        assert_eq!(data(&me)["me"]["tenant"]["currency"], "EUR");
        assert!(page(german, "/properties".into()).await.contains(" €"), "the demo office keeps euros");

        let env = ToolEnv::new(&app.store.db, &admin, app.ai.clone(), texts(), None).await.unwrap();
        let out = find("search_properties").unwrap().run(env, json!({})).await.unwrap();
        assert_eq!(out.data["properties"][0]["price"], 1_250_000, "{}", out.data);
        let items: Vec<&str> = out.data["items"].as_array().unwrap().iter().map(|i| i.as_str().unwrap()).collect();
        assert!(items.iter().any(|i| i.contains("1.250.000 CHF")), "{items:?}");
    }
}
