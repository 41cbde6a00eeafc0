//! Inbound mail through SNS (`POST /inbound/sns/{token}`): messages signed here with a test key
//! whose certificate a local server publishes; subscriptions confirmed against that server; SES
//! mail inline or read from S3 in the AWS emulator; forged, tampered and foreign-host messages
//! refused with nothing stored; offices kept apart.

use domain::intake::receive;
use std::sync::{Arc, Mutex};

use crate::helpers::*;
use crate::on_both;
use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use base64::Engine;
use model::LeadId;
use reqwest::StatusCode;
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::signature::{SignatureEncoding, Signer};
use serde_json::{Value, json};

const TOPIC: &str = "arn:aws:sns:eu-central-1:123456789012:immivo-inbound";
const CERT: &str = include_str!("../fixtures/sns/test-cert.pem");
const KEY: &str = include_str!("../fixtures/sns/test-key.pem");

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../domain/src/intake/parse/fixtures/inbound/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Stands in for SNS's web side: publishes the certificate and takes subscription confirmations.
/// Records every request as `host path?query`.
struct FakeSns {
    port: u16,
    hits: Arc<Mutex<Vec<String>>>,
}

impl FakeSns {
    async fn start() -> Self {
        async fn serve(
            State(hits): State<Arc<Mutex<Vec<String>>>>,
            uri: Uri,
            headers: HeaderMap,
        ) -> (StatusCode, String) {
            let host = headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or_default().to_owned();
            hits.lock().unwrap().push(format!("{host} {uri}"));
            match uri.path() {
                "/cert.pem" => (StatusCode::OK, CERT.to_owned()),
                "/" => (StatusCode::OK, "<ConfirmSubscriptionResponse/>".to_owned()),
                _ => (StatusCode::NOT_FOUND, String::new()),
            }
        }
        let hits = Arc::new(Mutex::new(Vec::new()));
        let router = axum::Router::new().fallback(serve).with_state(hits.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Self { port, hits }
    }

    fn cert_url(&self) -> String {
        format!("http://127.0.0.1:{}/cert.pem", self.port)
    }

    fn hits(&self) -> Vec<String> {
        self.hits.lock().unwrap().clone()
    }
}

/// The server under test trusts certificates and subscribe URLs on 127.0.0.1 over plain http.
async fn spawn(backend: Backend, extra: &[(&str, &str)]) -> TestApp {
    let aws = std::env::var("IMMIVO_TEST_AWS_ENDPOINT").expect(
        "IMMIVO_TEST_AWS_ENDPOINT is not set: run the tests through scripts/test, which starts the AWS emulator",
    );
    assert!(
        std::env::var_os("AWS_ACCESS_KEY_ID").is_some(),
        "AWS_ACCESS_KEY_ID is not set: the server reads S3 with the AWS default chain; scripts/test-services exports test keys"
    );
    let mut vars = vec![
        ("IMMIVO_SNS_CERT_HOST_PATTERN", r"127\.0\.0\.1"),
        ("IMMIVO_SNS_ALLOW_INSECURE_CERT_URL", "true"),
        ("IMMIVO_AWS_REGION", "eu-central-1"),
        ("IMMIVO_S3_ENDPOINT", aws.as_str()),
    ];
    vars.extend_from_slice(extra);
    spawn_app_with(backend, &vars).await
}

/// Signs an SNS message as SNS does, with the string-to-sign written out from AWS's docs here
/// rather than taken from the code under test.
fn sign(mut message: Value, version: &str) -> Value {
    let fields: &[&str] = if message["Type"] == "Notification" {
        &["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
    } else {
        &["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"]
    };
    let mut canonical = String::new();
    for name in fields {
        if let Some(value) = message.get(*name).and_then(Value::as_str) {
            canonical.push_str(&format!("{name}\n{value}\n"));
        }
    }
    let key = rsa::RsaPrivateKey::from_pkcs8_pem(KEY).unwrap();
    let signature = match version {
        "1" => SigningKey::<sha1::Sha1>::new(key).sign(canonical.as_bytes()).to_vec(),
        _ => SigningKey::<sha2::Sha256>::new(key).sign(canonical.as_bytes()).to_vec(),
    };
    message["SignatureVersion"] = json!(version);
    message["Signature"] = json!(b64(&signature));
    message
}

fn confirmation(kind: &str, cert_url: &str, subscribe_url: &str) -> Value {
    json!({
        "Type": kind,
        "MessageId": uuid::Uuid::new_v4().to_string(),
        "Token": "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb",
        "TopicArn": TOPIC,
        "Message": format!("You have chosen to subscribe to the topic {TOPIC}.\nTo confirm the subscription, visit the SubscribeURL included in this message."),
        "SubscribeURL": subscribe_url,
        "Timestamp": "2026-11-29T14:00:00.000Z",
        "SigningCertURL": cert_url,
    })
}

fn notification(cert_url: &str, ses: Value) -> Value {
    json!({
        "Type": "Notification",
        "MessageId": uuid::Uuid::new_v4().to_string(),
        "TopicArn": TOPIC,
        "Subject": "Amazon SES Email Receipt Notification",
        "Message": ses.to_string(),
        "Timestamp": "2026-11-29T14:00:01.000Z",
        "SigningCertURL": cert_url,
        "UnsubscribeURL": "https://sns.eu-central-1.amazonaws.com/?Action=Unsubscribe",
    })
}

fn ses_received(action: Value, content: Option<String>) -> Value {
    let mut n = json!({
        "notificationType": "Received",
        "mail": {"timestamp": "2026-11-29T14:00:00.000Z", "source": "noreply@immobilienscout24.de", "messageId": "o3vrnil0e2ic28trm7dfhrc2v0", "destination": ["leads@office.example"]},
        "receipt": {"recipients": ["leads@office.example"], "spamVerdict": {"status": "PASS"}, "virusVerdict": {"status": "PASS"}, "action": action},
    });
    if let Some(c) = content {
        n["content"] = json!(c);
    }
    n
}

fn inline_base64(raw: &[u8]) -> Value {
    ses_received(json!({"type": "SNS", "topicArn": TOPIC, "encoding": "BASE64"}), Some(b64(raw)))
}

async fn post(app: &TestApp, token: &str, body: String) -> (StatusCode, Value) {
    let r = client()
        .post(format!("{}/inbound/sns/{token}", app.base))
        // What SNS sends, although the body is JSON.
        .header("content-type", "text/plain; charset=UTF-8")
        .header("x-amz-sns-message-type", "Notification")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

async fn stored(app: &TestApp, ctx: &domain::Ctx) -> usize {
    receive::list(&app.store.db, ctx, None, 100).await.unwrap().len()
}

on_both! {
    async fn sns_subscription_is_confirmed_only_when_signed_by_an_allowed_host(backend: Backend) {
        let app = spawn(backend, &[]).await;
        let sns = FakeSns::start().await;
        let admin = app.store.ctx(ADMIN).await;
        let token = receive::inbound_token(&app.store.db, &admin).await.unwrap();
        let subscribe = format!("http://127.0.0.1:{}/?Action=ConfirmSubscription&TopicArn={TOPIC}&Token=2336412f37", sns.port);

        // Forged: signed correctly, then the URL swapped. Nothing is called.
        let mut forged = sign(confirmation("SubscriptionConfirmation", &sns.cert_url(), &subscribe), "1");
        forged["SubscribeURL"] = json!(format!("http://127.0.0.1:{}/?Action=ConfirmSubscription&Token=evil", sns.port));
        let (status, body) = post(&app, &token, forged.to_string()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(body["message"], "the signature does not match the message");
        assert!(!sns.hits().iter().any(|h| h.contains("ConfirmSubscription")), "{:?}", sns.hits());

        let (status, body) = post(&app, &token, sign(confirmation("SubscriptionConfirmation", &sns.cert_url(), &subscribe), "1").to_string()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["confirmed"], true);
        let confirmations: Vec<String> = sns.hits().into_iter().filter(|h| h.contains("ConfirmSubscription")).collect();
        assert_eq!(confirmations.len(), 1, "{confirmations:?}");
        assert!(confirmations[0].ends_with("Token=2336412f37"), "{confirmations:?}");

        // A correctly signed message may still not send us to a host outside the allow-list.
        let elsewhere = format!("http://localhost:{}/?Action=ConfirmSubscription&Token=2336412f37", sns.port);
        let (status, body) = post(&app, &token, sign(confirmation("SubscriptionConfirmation", &sns.cert_url(), &elsewhere), "2").to_string()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert!(body["message"].as_str().unwrap().contains("SubscribeURL host 'localhost' is not an allowed SNS host"), "{body}");
        assert!(!sns.hits().iter().any(|h| h.starts_with("localhost")), "{:?}", sns.hits());

        let (status, body) = post(&app, &token, sign(confirmation("UnsubscribeConfirmation", &sns.cert_url(), &subscribe), "2").to_string()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["unsubscribed"], true);
        assert_eq!(sns.hits().iter().filter(|h| h.contains("ConfirmSubscription")).count(), 1, "unsubscribing calls nothing");
        // The certificate was fetched once and then taken from the cache.
        assert_eq!(sns.hits().iter().filter(|h| h.ends_with("/cert.pem")).count(), 1, "{:?}", sns.hits());

        // Not JSON, not an SNS message, an unknown address.
        let (status, body) = post(&app, &token, "Hello SNS".into()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(body["message"].as_str().unwrap().starts_with("the body is not an SNS message"), "{body}");
        let (status, _) = post(&app, &token, json!({"Type": "Notification"}).to_string()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let signed = sign(confirmation("SubscriptionConfirmation", &sns.cert_url(), &subscribe), "1");
        assert_eq!(post(&app, "no-such-token", signed.to_string()).await.0, StatusCode::NOT_FOUND);
        assert_eq!(stored(&app, &admin).await, 0);
    }

    async fn sns_notification_with_mail_content_becomes_a_lead(backend: Backend) {
        let app = spawn(backend, &[]).await;
        let sns = FakeSns::start().await;
        let admin = app.store.ctx(ADMIN).await;
        let token = receive::inbound_token(&app.store.db, &admin).await.unwrap();

        // SignatureVersion 2 (SHA256withRSA), content base64.
        let message = sign(notification(&sns.cert_url(), inline_base64(&fixture("immoscout24_text.eml"))), "2");
        let (status, first) = post(&app, &token, message.to_string()).await;
        assert_eq!(status, StatusCode::OK, "{first}");
        assert_eq!(first["channel"], "SNS");
        assert_eq!(first["status"], "PARSED", "{first}");
        assert_eq!(first["portal"], "IMMOSCOUT24");
        assert_eq!(first["duplicate"], false);
        let lead_id: LeadId = serde_json::from_value(first["lead_id"].clone()).unwrap();
        assert!(domain::leads::get(&app.store.db, &admin, lead_id).await.is_ok());

        // SNS redelivers (a new SNS MessageId, the same mail): answered, not stored twice.
        let again = sign(notification(&sns.cert_url(), inline_base64(&fixture("immoscout24_text.eml"))), "1");
        let (status, second) = post(&app, &token, again.to_string()).await;
        assert_eq!(status, StatusCode::OK, "{second}");
        assert_eq!(second["duplicate"], true);
        assert_eq!(second["id"], first["id"]);
        assert_eq!(stored(&app, &admin).await, 1);

        // SignatureVersion 1 (SHA1withRSA), content as UTF-8 text.
        let utf8 = ses_received(
            json!({"type": "SNS", "topicArn": TOPIC, "encoding": "UTF8"}),
            Some(String::from_utf8(fixture("willhaben_text.eml")).unwrap()),
        );
        let (status, body) = post(&app, &token, sign(notification(&sns.cert_url(), utf8), "1").to_string()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["portal"], "WILLHABEN", "{body}");
        assert_eq!(stored(&app, &admin).await, 2);

        // Tampered after signing: refused, nothing stored.
        let mut tampered = sign(notification(&sns.cert_url(), inline_base64(&fixture("immowelt_multipart.eml"))), "2");
        tampered["Message"] = json!(inline_base64(&fixture("kleinanzeigen_text.eml")).to_string());
        let (status, body) = post(&app, &token, tampered.to_string()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        let mut resigned_by_nobody = sign(notification(&sns.cert_url(), inline_base64(&fixture("immowelt_multipart.eml"))), "2");
        resigned_by_nobody["Signature"] = json!(b64(&[7u8; 256]));
        assert_eq!(post(&app, &token, resigned_by_nobody.to_string()).await.0, StatusCode::FORBIDDEN);

        // A certificate from a host outside the allow-list is not even fetched.
        let foreign = format!("http://localhost:{}/cert.pem", sns.port);
        let (status, body) = post(&app, &token, sign(notification(&foreign, inline_base64(&fixture("immowelt_multipart.eml"))), "2").to_string()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert!(body["message"].as_str().unwrap().contains("SigningCertURL host 'localhost'"), "{body}");
        assert!(!sns.hits().iter().any(|h| h.starts_with("localhost")), "{:?}", sns.hits());
        assert_eq!(stored(&app, &admin).await, 2, "refused messages store nothing");

        // SES's set-up test message carries no mail: acknowledged so SNS does not retry.
        let setup = json!({"notificationType": "AMAZON_SES_SETUP_NOTIFICATION"});
        let (status, body) = post(&app, &token, sign(notification(&sns.cert_url(), setup), "2").to_string()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body["ignored"].as_str().unwrap().contains("AMAZON_SES_SETUP_NOTIFICATION"), "{body}");
        // A signed message whose content is broken is a clear 400.
        let broken = ses_received(json!({"type": "SNS", "encoding": "BASE64"}), Some("%%% not base64".into()));
        let (status, body) = post(&app, &token, sign(notification(&sns.cert_url(), broken), "2").to_string()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(stored(&app, &admin).await, 2);
    }

    async fn sns_s3_receipt_is_read_from_the_bucket(backend: Backend) {
        let app = spawn(backend, &[]).await;
        let sns = FakeSns::start().await;
        let admin = app.store.ctx(ADMIN).await;
        let token = receive::inbound_token(&app.store.db, &admin).await.unwrap();

        // SES stored the mail in a bucket; the test plays SES's part against the emulator.
        let s3 = aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::Config::builder()
                .behavior_version(BehaviorVersion::latest())
                .region(Region::new("eu-central-1"))
                .credentials_provider(Credentials::new("test", "test", None, None, "test"))
                .endpoint_url(std::env::var("IMMIVO_TEST_AWS_ENDPOINT").unwrap())
                .force_path_style(true)
                .build(),
        );
        let bucket = format!("ses-inbound-{}", uuid::Uuid::new_v4().simple());
        s3.create_bucket()
            .bucket(&bucket)
            .create_bucket_configuration(
                aws_sdk_s3::types::CreateBucketConfiguration::builder()
                    .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::EuCentral1)
                    .build(),
            )
            .send()
            .await
            .unwrap();
        let key = "inbound/o3vrnil0e2ic28trm7dfhrc2v0";
        s3.put_object().bucket(&bucket).key(key).body(fixture("kleinanzeigen_text.eml").into()).send().await.unwrap();

        let action = json!({"type": "S3", "topicArn": TOPIC, "bucketName": bucket, "objectKeyPrefix": "inbound/", "objectKey": key});
        let (status, body) = post(&app, &token, sign(notification(&sns.cert_url(), ses_received(action, None)), "2").to_string()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["channel"], "SNS");
        assert_eq!(body["status"], "PARSED", "{body}");
        assert_eq!(body["portal"], "KLEINANZEIGEN");
        assert!(body["lead_id"].is_string(), "{body}");
        let stored_mail = receive::list(&app.store.db, &admin, None, 10).await.unwrap();
        assert_eq!(stored_mail.len(), 1);
        assert_eq!(stored_mail[0].size_bytes as usize, fixture("kleinanzeigen_text.eml").len(), "the whole object is stored");

        // An object that is not there: SNS is told to retry, nothing is stored.
        let missing = json!({"type": "S3", "topicArn": TOPIC, "bucketName": bucket, "objectKey": "inbound/gone"});
        let (status, body) = post(&app, &token, sign(notification(&sns.cert_url(), ses_received(missing, None)), "1").to_string()).await;
        assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
        assert!(body["message"].as_str().unwrap().contains("inbound/gone"), "{body}");
        assert_eq!(stored(&app, &admin).await, 1);
    }

    async fn sns_topics_outside_the_allow_list_are_refused(backend: Backend) {
        let app = spawn(backend, &[("IMMIVO_SNS_TOPIC_ARNS", "arn:aws:sns:eu-central-1:123456789012:other")]).await;
        let sns = FakeSns::start().await;
        let admin = app.store.ctx(ADMIN).await;
        let token = receive::inbound_token(&app.store.db, &admin).await.unwrap();
        let message = sign(notification(&sns.cert_url(), inline_base64(&fixture("immoscout24_text.eml"))), "2");
        let (status, body) = post(&app, &token, message.to_string()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert!(body["message"].as_str().unwrap().contains("IMMIVO_SNS_TOPIC_ARNS"), "{body}");
        assert_eq!(stored(&app, &admin).await, 0);
    }

    async fn sns_mail_stays_in_the_office_its_token_names(backend: Backend) {
        let app = spawn(backend, &[]).await;
        let sns = FakeSns::start().await;
        let admin = app.store.ctx(ADMIN).await;
        let (other_admin, _) = app.store.second_office().await;
        let ours = receive::inbound_token(&app.store.db, &admin).await.unwrap();
        let theirs = receive::inbound_token(&app.store.db, &other_admin).await.unwrap();

        let message = sign(notification(&sns.cert_url(), inline_base64(&fixture("immoscout24_text.eml"))), "2");
        let (status, received) = post(&app, &theirs, message.to_string()).await;
        assert_eq!(status, StatusCode::OK, "{received}");
        assert_eq!(stored(&app, &other_admin).await, 1);
        assert_eq!(stored(&app, &admin).await, 0, "office A's list does not show office B's mail");
        let lead_id: LeadId = serde_json::from_value(received["lead_id"].clone()).unwrap();
        assert!(matches!(
            domain::leads::get(&app.store.db, &admin, lead_id).await,
            Err(domain::Error::NotFound(_))
        ));

        // The same delivery to our address is ours, and not a redelivery of theirs.
        let (_, ours_received) = post(&app, &ours, message.to_string()).await;
        assert_eq!(ours_received["duplicate"], false, "{ours_received}");
        assert_ne!(ours_received["id"], received["id"]);
        assert_eq!(stored(&app, &admin).await, 1);
        assert_eq!(stored(&app, &other_admin).await, 1);
    }
}
