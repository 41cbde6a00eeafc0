//! The SNS HTTP message as SNS posts it, and the canonical string its signature covers
//! (<https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html>).

use serde::Deserialize;

/// What SNS posts to an HTTP(S) subscription. Field names are SNS's own.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct SnsMessage {
    #[serde(rename = "Type")]
    pub kind: MessageType,
    pub message_id: String,
    pub topic_arn: String,
    #[serde(default)]
    pub subject: Option<String>,
    pub message: String,
    pub timestamp: String,
    pub signature_version: String,
    pub signature: String,
    // SNS writes `SigningCertURL` over HTTP; the Lambda event shape spells it `SigningCertUrl`.
    #[serde(rename = "SigningCertURL", alias = "SigningCertUrl")]
    pub signing_cert_url: String,
    #[serde(rename = "SubscribeURL", alias = "SubscribeUrl", default)]
    pub subscribe_url: Option<String>,
    #[serde(default)]
    pub token: Option<String>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
pub enum MessageType {
    SubscriptionConfirmation,
    Notification,
    UnsubscribeConfirmation,
}

impl MessageType {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageType::SubscriptionConfirmation => "SubscriptionConfirmation",
            MessageType::Notification => "Notification",
            MessageType::UnsubscribeConfirmation => "UnsubscribeConfirmation",
        }
    }
}

/// The hash under the RSA PKCS#1 v1.5 signature, named by `SignatureVersion`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureVersion {
    /// "1": SHA1withRSA.
    Sha1,
    /// "2": SHA256withRSA.
    Sha256,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MessageError {
    #[error("the body is not an SNS message: {0}")]
    Json(String),
    #[error("unsupported SignatureVersion '{0}' (expected 1 or 2)")]
    SignatureVersion(String),
    #[error("a {0} message needs {1}")]
    Missing(&'static str, &'static str),
}

impl SnsMessage {
    pub fn parse(body: &[u8]) -> Result<Self, MessageError> {
        let message: SnsMessage = serde_json::from_slice(body).map_err(|e| MessageError::Json(e.to_string()))?;
        if message.kind != MessageType::Notification {
            if message.subscribe_url.is_none() {
                return Err(MessageError::Missing(message.kind.as_str(), "SubscribeURL"));
            }
            if message.token.is_none() {
                return Err(MessageError::Missing(message.kind.as_str(), "Token"));
            }
        }
        message.signature_version()?;
        Ok(message)
    }

    pub fn signature_version(&self) -> Result<SignatureVersion, MessageError> {
        match self.signature_version.as_str() {
            "1" => Ok(SignatureVersion::Sha1),
            "2" => Ok(SignatureVersion::Sha256),
            other => Err(MessageError::SignatureVersion(other.to_owned())),
        }
    }

    /// The bytes the signature covers: `name\nvalue\n` for each signed field, in SNS's order,
    /// which differs between notifications and (un)subscribe confirmations.
    pub fn string_to_sign(&self) -> String {
        let mut out = String::new();
        let mut field = |name: &str, value: &str| {
            out.push_str(name);
            out.push('\n');
            out.push_str(value);
            out.push('\n');
        };
        field("Message", &self.message);
        field("MessageId", &self.message_id);
        match self.kind {
            MessageType::Notification => {
                if let Some(subject) = &self.subject {
                    field("Subject", subject);
                }
                field("Timestamp", &self.timestamp);
            }
            MessageType::SubscriptionConfirmation | MessageType::UnsubscribeConfirmation => {
                field("SubscribeURL", self.subscribe_url.as_deref().unwrap_or_default());
                field("Timestamp", &self.timestamp);
                field("Token", self.token.as_deref().unwrap_or_default());
            }
        }
        field("TopicArn", &self.topic_arn);
        field("Type", self.kind.as_str());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTIFICATION: &str = r#"{
      "Type" : "Notification",
      "MessageId" : "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
      "TopicArn" : "arn:aws:sns:us-west-2:123456789012:MyTopic",
      "Subject" : "My First Message",
      "Message" : "Hello world!",
      "Timestamp" : "2012-05-02T00:54:06.655Z",
      "SignatureVersion" : "1",
      "Signature" : "EXAMPLEw6JRN...",
      "SigningCertURL" : "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem",
      "UnsubscribeURL" : "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-west-2:123456789012:MyTopic:c9135db0-26c4-47ec-8998-413945fb5a96"
    }"#;

    const CONFIRMATION: &str = r#"{
      "Type" : "SubscriptionConfirmation",
      "MessageId" : "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
      "Token" : "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736",
      "TopicArn" : "arn:aws:sns:us-west-2:123456789012:MyTopic",
      "Message" : "You have chosen to subscribe to the topic arn:aws:sns:us-west-2:123456789012:MyTopic.\nTo confirm the subscription, visit the SubscribeURL included in this message.",
      "SubscribeURL" : "https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-west-2:123456789012:MyTopic&Token=2336412f37",
      "Timestamp" : "2012-04-26T20:45:04.751Z",
      "SignatureVersion" : "2",
      "Signature" : "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=",
      "SigningCertURL" : "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem"
    }"#;

    #[test]
    fn notification_string_to_sign_follows_the_documented_order() {
        let m = SnsMessage::parse(NOTIFICATION.as_bytes()).unwrap();
        assert_eq!(m.signature_version().unwrap(), SignatureVersion::Sha1);
        assert_eq!(
            m.string_to_sign(),
            "Message\nHello world!\n\
             MessageId\n22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\n\
             Subject\nMy First Message\n\
             Timestamp\n2012-05-02T00:54:06.655Z\n\
             TopicArn\narn:aws:sns:us-west-2:123456789012:MyTopic\n\
             Type\nNotification\n"
        );
    }

    #[test]
    fn subject_is_signed_only_when_present() {
        let without: String = NOTIFICATION.replace(r#""Subject" : "My First Message","#, "");
        let m = SnsMessage::parse(without.as_bytes()).unwrap();
        assert!(!m.string_to_sign().contains("Subject"));
        let null = NOTIFICATION.replace(r#""My First Message""#, "null");
        assert_eq!(SnsMessage::parse(null.as_bytes()).unwrap().string_to_sign(), m.string_to_sign());
    }

    #[test]
    fn confirmation_string_to_sign_includes_url_and_token() {
        let m = SnsMessage::parse(CONFIRMATION.as_bytes()).unwrap();
        assert_eq!(m.kind, MessageType::SubscriptionConfirmation);
        assert_eq!(m.signature_version().unwrap(), SignatureVersion::Sha256);
        let token = m.token.clone().unwrap();
        assert_eq!(
            m.string_to_sign(),
            format!(
                "Message\nYou have chosen to subscribe to the topic arn:aws:sns:us-west-2:123456789012:MyTopic.\n\
                 To confirm the subscription, visit the SubscribeURL included in this message.\n\
                 MessageId\n165545c9-2a5c-472c-8df2-7ff2be2b3b1b\n\
                 SubscribeURL\nhttps://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-west-2:123456789012:MyTopic&Token=2336412f37\n\
                 Timestamp\n2012-04-26T20:45:04.751Z\n\
                 Token\n{token}\n\
                 TopicArn\narn:aws:sns:us-west-2:123456789012:MyTopic\n\
                 Type\nSubscriptionConfirmation\n"
            )
        );
        let unsubscribe = CONFIRMATION.replace("\"SubscriptionConfirmation\"", "\"UnsubscribeConfirmation\"");
        let u = SnsMessage::parse(unsubscribe.as_bytes()).unwrap();
        assert_eq!(
            u.string_to_sign(),
            m.string_to_sign().replace("Type\nSubscriptionConfirmation", "Type\nUnsubscribeConfirmation")
        );
    }

    #[test]
    fn malformed_messages_say_what_is_wrong() {
        assert!(matches!(SnsMessage::parse(b"not json"), Err(MessageError::Json(_))));
        assert!(matches!(SnsMessage::parse(br#"{"Type":"Notification"}"#), Err(MessageError::Json(_))));
        let other_type = NOTIFICATION.replace("\"Notification\"", "\"Surprise\"");
        assert!(matches!(SnsMessage::parse(other_type.as_bytes()), Err(MessageError::Json(_))));
        let v3 = NOTIFICATION.replace(r#""SignatureVersion" : "1""#, r#""SignatureVersion" : "3""#);
        assert_eq!(SnsMessage::parse(v3.as_bytes()), Err(MessageError::SignatureVersion("3".into())));
        let no_token = CONFIRMATION.replace(r#""Token""#, r#""Tolkien""#);
        assert_eq!(
            SnsMessage::parse(no_token.as_bytes()),
            Err(MessageError::Missing("SubscriptionConfirmation", "Token"))
        );
    }
}
