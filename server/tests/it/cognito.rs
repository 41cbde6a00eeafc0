//! Cognito sign-in and bearer tokens against the moto AWS emulator on loopback: a real user pool,
//! real `InitiateAuth`, real RS256 tokens and JWKS.

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_cognitoidentityprovider::types::{AttributeType, ExplicitAuthFlowsType};
use base64::Engine;
use serde_json::{Value, json};

use crate::helpers::*;

const COGNITO_PASSWORD: &str = "Cognito-Passwort-1!";

struct Pool {
    id: String,
    client_id: String,
    other_client_id: String,
    endpoint: String,
    admin: Client,
}

async fn pool() -> Pool {
    let endpoint = std::env::var("IMMIVO_TEST_AWS_ENDPOINT").expect(
        "IMMIVO_TEST_AWS_ENDPOINT is not set: run the tests through scripts/test, which starts the AWS emulator",
    );
    let config = aws_sdk_cognitoidentityprovider::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-central-1"))
        .endpoint_url(&endpoint)
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .build();
    let admin = Client::from_conf(config);
    let pool = admin.create_user_pool().pool_name(format!("immivo-{}", uuid::Uuid::new_v4())).send().await.unwrap();
    let id = pool.user_pool().unwrap().id().unwrap().to_owned();
    let mut clients = Vec::new();
    for name in ["immivo-app", "other-app"] {
        let c = admin
            .create_user_pool_client()
            .user_pool_id(&id)
            .client_name(name)
            .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
            .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
            .send()
            .await
            .unwrap();
        clients.push(c.user_pool_client().unwrap().client_id().unwrap().to_owned());
    }
    for email in [ADMIN, "fremd@example.at"] {
        admin
            .admin_create_user()
            .user_pool_id(&id)
            .username(email)
            .user_attributes(AttributeType::builder().name("email").value(email).build().unwrap())
            .user_attributes(AttributeType::builder().name("email_verified").value("true").build().unwrap())
            .send()
            .await
            .unwrap();
        admin
            .admin_set_user_password()
            .user_pool_id(&id)
            .username(email)
            .password(COGNITO_PASSWORD)
            .permanent(true)
            .send()
            .await
            .unwrap();
    }
    Pool { id, client_id: clients[0].clone(), other_client_id: clients[1].clone(), endpoint, admin }
}

impl Pool {
    async fn tokens(&self, client_id: &str, email: &str) -> (String, String) {
        let out = self
            .admin
            .initiate_auth()
            .auth_flow(aws_sdk_cognitoidentityprovider::types::AuthFlowType::UserPasswordAuth)
            .client_id(client_id)
            .auth_parameters("USERNAME", email)
            .auth_parameters("PASSWORD", COGNITO_PASSWORD)
            .send()
            .await
            .unwrap();
        let r = out.authentication_result().unwrap();
        (r.id_token().unwrap().to_owned(), r.access_token().unwrap().to_owned())
    }
}

fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

#[tokio::test]
async fn cognito_sign_in_and_bearer_tokens() {
    let pool = pool().await;
    let (id_token, access_token) = pool.tokens(&pool.client_id, ADMIN).await;
    let issuer = claims(&id_token)["iss"].as_str().unwrap().to_owned();
    assert!(issuer.ends_with(&pool.id), "{issuer}");
    let jwks = format!("{}/{}/.well-known/jwks.json", pool.endpoint, pool.id);
    let settings = [
        ("IMMIVO_COGNITO_USER_POOL_ID", pool.id.as_str()),
        ("IMMIVO_COGNITO_REGION", "eu-central-1"),
        ("IMMIVO_COGNITO_CLIENT_ID", pool.client_id.as_str()),
        ("IMMIVO_COGNITO_ENDPOINT", pool.endpoint.as_str()),
        ("IMMIVO_COGNITO_ISSUER", issuer.as_str()),
        ("IMMIVO_COGNITO_JWKS_URL", jwks.as_str()),
    ];
    let app = spawn_app_with(Backend::Sqlite, &settings).await;
    let c = client();

    // The login page signs in through Cognito: its password, not the local one.
    let (_, refused) = app.server_fn(&c, "login", json!({"email": ADMIN, "password": PASSWORD})).await;
    assert_eq!(refused["code"], "UNAUTHENTICATED");
    let (status, me) = app.server_fn(&c, "login", json!({"email": ADMIN, "password": COGNITO_PASSWORD})).await;
    assert!(status.is_success(), "{me}");
    assert_eq!(me["user"]["email"], ADMIN);
    assert_eq!(app.server_fn(&c, "current_user", json!({})).await.1["user"]["email"], ADMIN);
    // A Cognito user without an Immivo account gets nothing.
    let (_, stranger) =
        app.server_fn(&client(), "login", json!({"email": "fremd@example.at", "password": COGNITO_PASSWORD})).await;
    assert_eq!(stranger["code"], "UNAUTHENTICATED");

    // Mobile clients: ID and access tokens as bearer.
    let me = |token: String| {
        let app = &app;
        async move { app.gql(&client(), Some(&token), "{ me { user { email } tenant { slug } } }", json!({})).await }
    };
    assert_eq!(data(&me(id_token.clone()).await)["me"]["user"]["email"], ADMIN);
    assert_eq!(data(&me(access_token.clone()).await)["me"]["tenant"]["slug"], "demo");

    // Refused: a token for another app client, an altered token, a token signed by nobody.
    let (foreign_id, foreign_access) = pool.tokens(&pool.other_client_id, ADMIN).await;
    for token in [foreign_id, foreign_access] {
        assert_eq!(error_code(&me(token).await), Some("UNAUTHENTICATED"));
    }
    let mut parts: Vec<String> = id_token.split('.').map(str::to_owned).collect();
    let mut payload = claims(&id_token);
    payload["email"] = json!("staff@immivo.local");
    parts[1] = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload.to_string());
    assert_eq!(error_code(&me(parts.join(".")).await), Some("UNAUTHENTICATED"));
    let unsigned = format!(
        "{}.{}.",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#),
        parts[1]
    );
    assert_eq!(error_code(&me(unsigned).await), Some("UNAUTHENTICATED"));

    // The issuer is checked: the same pool under a different expected issuer refuses its tokens.
    let mut wrong = settings.to_vec();
    wrong.push(("IMMIVO_COGNITO_ISSUER", "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_other"));
    let strict = spawn_app_with(Backend::Sqlite, &wrong).await;
    assert_eq!(
        error_code(&strict.gql(&client(), Some(&id_token), "{ me { user { email } } }", json!({})).await),
        Some("UNAUTHENTICATED")
    );
}
