//! Tenant isolation: a user of the demo office tries every id of another office through GraphQL
//! and through the server functions; every attempt is "not found" (or refused input) and the
//! other office's data is unchanged afterwards.

use crate::helpers::*;
use crate::on_both;
use domain::tenants::{api_keys, users};
use domain::{leads, properties};

use model::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

struct Foreign {
    admin: domain::Ctx,
    agent: domain::Ctx,
    lead: Lead,
    property: Property,
    key: ApiKeyId,
}

async fn foreign_office(app: &TestApp) -> Foreign {
    let (admin, agent) = app.store.second_office().await;
    let db = &app.store.db;
    let property = properties::create(
        db,
        &admin,
        PropertyInput {
            title: Some("Stadtvilla am Tegernsee".into()),
            property_type: Some(PropertyType::House),
            marketing_type: Some(MarketingType::Buy),
            city: Some("Bad Wiessee".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let lead = leads::create(
        db,
        &admin,
        LeadInput {
            last_name: Some("Geheim".into()),
            email: Some("geheim@example.de".into()),
            property_id: Some(property.id),
            assigned_to: Some(agent.user_id),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let key = api_keys::create(db, &admin, "Fremd").await.unwrap().key.id;
    Foreign { admin, agent, lead, property, key }
}

async fn unchanged(app: &TestApp, f: &Foreign) {
    let db = &app.store.db;
    assert_eq!(leads::get(db, &f.admin, f.lead.id).await.unwrap(), f.lead);
    assert_eq!(leads::activities(db, &f.admin, f.lead.id).await.unwrap().len(), 1);
    assert_eq!(properties::get(db, &f.admin, f.property.id).await.unwrap(), f.property);
    let agent = users::get(db, &f.admin, f.agent.user_id).await.unwrap();
    assert!(agent.active && agent.role == Role::Agent);
    assert!(api_keys::list(db, &f.admin).await.unwrap().iter().all(|k| k.revoked_at.is_none()));
}

on_both! {
    async fn graphql_cannot_cross_tenants(backend: Backend) {
        let app = spawn_app(backend).await;
        let f = foreign_office(&app).await;
        let key = app.api_key(ADMIN).await;
        let c = client();
        let vars = json!({"lead": f.lead.id, "property": f.property.id, "user": f.agent.user_id, "key": f.key});
        let attempts = [
            "query($lead: ID!) { lead(id: $lead) { id } }",
            "query($lead: ID!) { leadActivities(id: $lead) { id } }",
            "query($lead: ID!) { leadThread(id: $lead) { id } }",
            "mutation($lead: ID!) { sendLeadMail(id: $lead, subject: \"Hallo\", body: \"Text\") { id } }",
            "query($lead: ID!) { leadFollowUp(id: $lead) { status } }",
            "mutation($lead: ID!) { pauseFollowUps(id: $lead) { status } }",
            "mutation($lead: ID!) { resumeFollowUps(id: $lead) { status } }",
            "mutation($lead: ID!) { updateLead(id: $lead, input: {lastName: \"X\"}) { id } }",
            "mutation($lead: ID!) { changeLeadStatus(id: $lead, status: CONTACTED) { id } }",
            "mutation($lead: ID!) { assignLead(id: $lead, agentId: null) { id } }",
            "mutation($lead: ID!) { addLeadNote(id: $lead, text: \"x\") { id } }",
            "mutation($lead: ID!) { deleteLead(id: $lead) }",
            "query($property: ID!) { property(id: $property) { id } }",
            "mutation($property: ID!) { updateProperty(id: $property, input: {title: \"X\"}) { id } }",
            "mutation($property: ID!) { archiveProperty(id: $property) { id } }",
            "query($user: ID!) { user(id: $user) { id } }",
            "mutation($user: ID!) { updateUser(id: $user, active: false) { id } }",
            "mutation($key: ID!) { revokeApiKey(id: $key) { id } }",
        ];
        for q in attempts {
            let answer = app.gql(&c, Some(&key), q, vars.clone()).await;
            assert_eq!(error_code(&answer), Some("NOT_FOUND"), "{q}: {answer}");
        }
        // Foreign ids as references are refused input.
        let own = leads::list(&app.store.db, &app.store.ctx(ADMIN).await, &LeadFilter::default(), &PageRequest::default()).await.unwrap().items[0].id;
        for (q, v) in [
            ("mutation($property: ID!) { createLead(input: {lastName: \"X\", propertyId: $property}) { id } }", json!({"property": f.property.id})),
            ("mutation($lead: ID!, $user: ID!) { assignLead(id: $lead, agentId: $user) { id } }", json!({"lead": own, "user": f.agent.user_id})),
            ("mutation($lead: ID!, $user: ID!) { updateLead(id: $lead, input: {assignedTo: $user}) { id } }", json!({"lead": own, "user": f.agent.user_id})),
        ] {
            let answer = app.gql(&c, Some(&key), q, v).await;
            assert_eq!(error_code(&answer), Some("BAD_USER_INPUT"), "{q}: {answer}");
        }
        // Lists and filters never show the other office.
        let lists = app.gql(&c, Some(&key), "query($property: ID!) { leads(first: 100) { edges { node { id lastName } } } byProperty: leads(filter: {propertyId: $property}) { totalCount } search: leads(filter: {query: \"Geheim\"}) { totalCount } properties(first: 100, filter: {includeArchived: true}) { edges { node { id } } } users { id } apiKeys { id } }", json!({"property": f.property.id})).await;
        let text = data(&lists).to_string();
        for id in [f.lead.id.to_string(), f.property.id.to_string(), f.agent.user_id.to_string(), f.key.to_string()] {
            assert!(!text.contains(&id), "foreign id {id} listed");
        }
        assert_eq!(data(&lists)["byProperty"]["totalCount"], 0);
        assert_eq!(data(&lists)["search"]["totalCount"], 0);
        unchanged(&app, &f).await;
    }

    async fn server_functions_cannot_cross_tenants(backend: Backend) {
        let app = spawn_app(backend).await;
        let f = foreign_office(&app).await;
        let c = app.signed_in(ADMIN).await;
        let attempts: [(&str, Value); 15] = [
            ("get_lead_detail", json!({"id": f.lead.id})),
            ("send_lead_mail", json!({"id": f.lead.id, "subject": "Hallo", "body": "Text"})),
            ("pause_follow_ups", json!({"id": f.lead.id})),
            ("resume_follow_ups", json!({"id": f.lead.id})),
            ("update_lead", json!({"id": f.lead.id, "input": {"last_name": "X"}})),
            ("change_lead_status", json!({"id": f.lead.id, "status": "CONTACTED", "reason": null})),
            ("assign_lead", json!({"id": f.lead.id, "to": null})),
            ("add_lead_note", json!({"id": f.lead.id, "text": "x"})),
            ("delete_lead", json!({"id": f.lead.id})),
            ("get_property", json!({"id": f.property.id})),
            ("update_property", json!({"id": f.property.id, "input": {"title": "X"}})),
            ("archive_property", json!({"id": f.property.id})),
            ("update_user", json!({"id": f.agent.user_id, "role": null, "active": false})),
            ("revoke_api_key", json!({"id": f.key})),
            ("update_user", json!({"id": f.admin.user_id, "role": "AGENT", "active": null})),
        ];
        for (name, args) in attempts {
            let (status, body) = app.server_fn(&c, name, args).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{name}: {body}");
            assert_eq!(body["code"], "NOT_FOUND", "{name}: {body}");
        }
        let (_, leads) = app.server_fn(&c, "list_leads", json!({"filter": {}, "page": {"first": 100, "after": null}})).await;
        let (_, props) = app.server_fn(&c, "list_properties", json!({"filter": {"include_archived": true}, "page": {"first": 100, "after": null}})).await;
        let (_, people) = app.server_fn(&c, "list_users", json!({})).await;
        let (_, search) = app.server_fn(&c, "list_leads", json!({"filter": {"query": "Geheim"}, "page": {"first": 10, "after": null}})).await;
        assert_eq!(leads["total"], 20, "{leads}");
        assert_eq!(search["total"], 0, "{search}");
        let text = format!("{leads}{props}{people}");
        for id in [f.lead.id.to_string(), f.property.id.to_string(), f.agent.user_id.to_string()] {
            assert!(!text.contains(&id), "foreign id {id} listed");
        }
        unchanged(&app, &f).await;
    }
}
