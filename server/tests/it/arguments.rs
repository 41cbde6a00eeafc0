//! What a client gets for bad input, through every door: a 4xx with the error code and the
//! field, never a 500; bounded lists and searches; text without control characters; the same
//! enum spellings in GraphQL and server functions.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::on_both;

async fn a_lead_id(app: &TestApp, c: &reqwest::Client) -> String {
    let (status, page) = app.server_fn(c, "list_leads", json!({"filter": {}, "page": {"first": 1}})).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page["items"][0]["id"].as_str().unwrap().to_owned()
}

on_both! {
    async fn bad_server_function_arguments_are_the_clients_error(backend: Backend) {
        let app = spawn_app(backend).await;
        let c = app.signed_in(ADMIN).await;
        let lead = a_lead_id(&app, &c).await;
        let cases = [
            ("malformed id", "get_lead_detail", json!({"id": "not-a-uuid"})),
            ("missing field", "get_lead_detail", json!({})),
            ("unknown enum value", "change_lead_status", json!({"id": lead, "status": "VERKAUFT"})),
            ("wrong type", "list_leads", json!({"filter": {}, "page": "erste"})),
            ("page of none", "list_leads", json!({"filter": {}, "page": {"first": 0}})),
            ("page of 10^12", "list_leads", json!({"filter": {}, "page": {"first": 1_000_000_000_000u64}})),
        ];
        for (what, function, args) in cases {
            let (status, body) = app.server_fn(&c, function, args).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {body}");
            assert_eq!(body["code"], "BAD_USER_INPUT", "{what}: {body}");
            let message = body["message"].as_str().unwrap();
            assert!(message.contains("arguments") && !message.contains("result"), "{what}: {message}");
        }
        let invalid = c
            .post(format!("{}/api/list_leads", app.base))
            .header("content-type", "application/json")
            .body("{\"filter\": {")
            .send()
            .await
            .unwrap();
        assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(invalid.json::<Value>().await.unwrap()["code"], "BAD_USER_INPUT");

        // JSON only with a JSON content type: a form post from another site is no call.
        for content_type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
            let r = c
                .post(format!("{}/api/create_lead", app.base))
                .header("content-type", content_type)
                .body(json!({"input": {"last_name": "Formular"}}).to_string())
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "{content_type}");
            assert_eq!(r.json::<Value>().await.unwrap()["code"], "BAD_USER_INPUT");
        }
        let (_, page) = app.server_fn(&c, "list_leads", json!({"filter": {"query": "Formular"}, "page": {"first": 5}})).await;
        assert_eq!(page["total"], 0, "nothing was created: {page}");
    }

    async fn search_text_is_bounded_and_a_query_without_words_finds_nothing(backend: Backend) {
        let app = spawn_app(backend).await;
        let c = app.signed_in(ADMIN).await;
        let search = async |query: String| {
            app.server_fn(&c, "list_leads", json!({"filter": {"query": query}, "page": {"first": 100}})).await
        };
        let (status, all) = app.server_fn(&c, "list_leads", json!({"filter": {}, "page": {"first": 100}})).await;
        assert_eq!(status, StatusCode::OK);
        assert!(all["total"].as_u64().unwrap() > 5, "the demo office has leads: {all}");

        for (query, code) in [("x".repeat(100_000), "too_long"), ("wort ".repeat(13), "too_many_terms")] {
            let (status, body) = search(query).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            assert_eq!(body["fields"][0]["field"], "query");
            assert_eq!(body["fields"][0]["code"], code);
        }
        for no_words in ["!!!", "* % _", "\"\"", "--"] {
            let (status, body) = search(no_words.to_owned()).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            assert_eq!(body["total"], 0, "{no_words:?} is no filter that matches everything: {body}");
        }
        let (_, found) = search("Gruber".to_owned()).await;
        assert!(found["total"].as_u64().unwrap() >= 1, "a real word still finds: {found}");

        // The same bounds over GraphQL, and semanticSearch is priced by what it costs.
        let key = app.api_key(ADMIN).await;
        let long = app
            .gql(&client(), Some(&key), "query($q: String!) { leads(filter: {query: $q}) { totalCount } }", json!({"q": "x".repeat(5_000)}))
            .await;
        assert_eq!(error_code(&long), Some("BAD_USER_INPUT"), "{long}");
        let semantic = app
            .gql(&client(), Some(&key), "query($q: String!) { semanticSearch(query: $q) { score } }", json!({"q": "y".repeat(5_000)}))
            .await;
        assert_eq!(error_code(&semantic), Some("BAD_USER_INPUT"), "{semantic}");
        let aliases: String = (0..20).map(|i| format!("s{i}: semanticSearch(query: \"Wohnung\") {{ score }} ")).collect();
        let many = app.gql(&client(), Some(&key), &format!("{{ {aliases} }}"), json!({})).await;
        let message = many["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.contains("complex"), "20 semantic searches in one query are over the limit: {many}");
        let one = app.gql(&client(), Some(&key), "{ semanticSearch(query: \"Wohnung\") { score } }", json!({})).await;
        data(&one);
    }

    async fn control_characters_are_refused_in_every_text_input(backend: Backend) {
        let app = spawn_app(backend).await;
        let c = app.signed_in(ADMIN).await;
        for name in ["Hu\u{0}ber", "Hu\u{1b}[31mber", "Hu\u{7}ber"] {
            let (status, body) = app.server_fn(&c, "create_lead", json!({"input": {"last_name": name, "source": "MANUAL"}})).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            assert_eq!((&body["fields"][0]["field"], &body["fields"][0]["code"]), (&json!("last_name"), &json!("control_characters")));
        }
        let lead = a_lead_id(&app, &c).await;
        let (status, body) = app.server_fn(&c, "add_lead_note", json!({"id": lead, "text": "Rückruf\u{0}"})).await;
        assert_eq!((status, &body["fields"][0]["code"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("control_characters")));
        // Tabs and line breaks are text.
        let (status, body) = app.server_fn(&c, "add_lead_note", json!({"id": lead, "text": "Zeile 1\n\tZeile 2"})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, body) = app.server_fn(&c, "jarvis_ask", json!({"text": "Hallo\u{0}", "lead_id": null, "chat_id": null})).await;
        assert_eq!((status, &body["fields"][0]["code"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("control_characters")), "{body}");

        let key = app.api_key(ADMIN).await;
        let answer = app
            .gql(&client(), Some(&key), "mutation($i: LeadInput!) { createLead(input: $i) { id } }", json!({"i": {"lastName": "A\u{0}B"}}))
            .await;
        assert_eq!(error_code(&answer), Some("BAD_USER_INPUT"), "{answer}");
        assert_eq!(answer["errors"][0]["extensions"]["fields"][0]["code"], "control_characters", "{answer}");
    }

    async fn enums_are_spelled_alike_in_graphql_and_server_functions(backend: Backend) {
        let app = spawn_app(backend).await;
        let c = app.signed_in(ADMIN).await;
        let key = app.api_key(ADMIN).await;
        let (_, page) = app.server_fn(&c, "list_leads", json!({"filter": {}, "page": {"first": 100}})).await;
        let gql = app.gql(&client(), Some(&key), "{ leads(first: 100) { nodes { id source status } } }", json!({})).await;
        let nodes = data(&gql)["leads"]["nodes"].as_array().unwrap().clone();
        assert_eq!(nodes.len(), page["items"].as_array().unwrap().len());
        for item in page["items"].as_array().unwrap() {
            let node = nodes.iter().find(|n| n["id"] == item["id"]).unwrap();
            assert_eq!((&node["source"], &node["status"]), (&item["source"], &item["status"]));
        }
        let sources: Vec<&str> = nodes.iter().filter_map(|n| n["source"].as_str()).collect();
        assert!(sources.contains(&"IMMOSCOUT24"), "{sources:?}");
        // A value spelled as GraphQL spells it is taken by server functions, and the reverse.
        let (status, _) = app.server_fn(&c, "list_leads", json!({"filter": {"source": "IMMOSCOUT24"}, "page": {"first": 5}})).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = app.server_fn(&c, "set_locale", json!({"locale": "EN"})).await;
        assert_eq!(status, StatusCode::OK);
        let gql = app.gql(&client(), Some(&key), "{ tenantSettings { locale } }", json!({})).await;
        let (_, settings) = app.server_fn(&c, "get_tenant_settings", json!({})).await;
        assert_eq!((&data(&gql)["tenantSettings"]["locale"], &settings["locale"]), (&json!("DE"), &json!("DE")));
        let (status, body) =
            app.server_fn(&c, "update_tenant_settings", json!({"input": {"locale": data(&gql)["tenantSettings"]["locale"]}})).await;
        assert_eq!(status, StatusCode::OK, "GraphQL's spelling is the server function's: {body}");
    }
}
