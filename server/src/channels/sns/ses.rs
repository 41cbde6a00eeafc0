//! The SES receipt notification an SNS `Notification` carries in `Message`: where the received
//! mail is — inline (receipt action `SNS`) or in an S3 bucket (receipt action `S3`)
//! (<https://docs.aws.amazon.com/ses/latest/dg/receiving-email-notifications-contents.html>).

use base64::Engine;
use serde::Deserialize;

/// Where to find the raw mail of one SES receipt notification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SesMail {
    /// The whole message, decoded from `content`.
    Inline(Vec<u8>),
    /// The message as SES stored it.
    S3 { bucket: String, key: String },
    /// A notification that carries no mail (SES's set-up test message, bounces, complaints);
    /// the text says which.
    NoMail(String),
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SesError {
    #[error("the SNS message is not an SES notification: {0}")]
    Json(String),
    #[error("the SES notification has {0}")]
    Invalid(String),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Notification {
    notification_type: String,
    // Read only for received mail: other notification types shape it differently.
    #[serde(default)]
    receipt: Option<serde_json::Value>,
    #[serde(default)]
    content: Option<String>,
}

#[derive(Deserialize)]
struct Receipt {
    action: Action,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Action {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    encoding: Option<String>,
    #[serde(default)]
    bucket_name: Option<String>,
    #[serde(default)]
    object_key: Option<String>,
}

/// Decodes the `Message` of an SNS notification that SES published.
pub fn decode(message: &str) -> Result<SesMail, SesError> {
    let n: Notification = serde_json::from_str(message).map_err(|e| SesError::Json(e.to_string()))?;
    if n.notification_type != "Received" {
        return Ok(SesMail::NoMail(format!("SES notification of type {}", n.notification_type)));
    }
    let receipt = n.receipt.ok_or_else(|| SesError::Invalid("no receipt".into()))?;
    let action = serde_json::from_value::<Receipt>(receipt)
        .map_err(|e| SesError::Invalid(format!("an unreadable receipt: {e}")))?
        .action;
    match action.kind.as_str() {
        "SNS" => {
            let content = n.content.ok_or_else(|| SesError::Invalid("no content for an SNS action".into()))?;
            match action.encoding.as_deref().unwrap_or("UTF8") {
                "UTF8" => Ok(SesMail::Inline(content.into_bytes())),
                "BASE64" => base64::engine::general_purpose::STANDARD
                    .decode(content.trim())
                    .map(SesMail::Inline)
                    .map_err(|e| SesError::Invalid(format!("content that is not base64: {e}"))),
                other => Err(SesError::Invalid(format!("unknown encoding '{other}'"))),
            }
        }
        "S3" => match (action.bucket_name, action.object_key) {
            (Some(bucket), Some(key)) if !bucket.is_empty() && !key.is_empty() => Ok(SesMail::S3 { bucket, key }),
            _ => Err(SesError::Invalid("an S3 action without bucketName and objectKey".into())),
        },
        other => Err(SesError::Invalid(format!("receipt action '{other}', which carries no mail (use SNS or S3)"))),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn received(action: serde_json::Value, content: Option<&str>) -> String {
        let mut n = json!({
            "notificationType": "Received",
            "mail": {"messageId": "o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1", "source": "anfrage@immobilienscout24.de"},
            "receipt": {"recipients": ["leads@office.example"], "action": action},
        });
        if let Some(c) = content {
            n["content"] = json!(c);
        }
        n.to_string()
    }

    #[test]
    fn inline_content_in_either_encoding() {
        let mail = "From: a@b.example\r\nSubject: Anfrage\r\n\r\nGrüße\r\n";
        let b64 = base64::engine::general_purpose::STANDARD.encode(mail);
        let sns = json!({"type": "SNS", "topicArn": "arn:aws:sns:eu-west-1:1:t", "encoding": "BASE64"});
        assert_eq!(decode(&received(sns, Some(&b64))), Ok(SesMail::Inline(mail.as_bytes().to_vec())));
        let utf8 = json!({"type": "SNS", "topicArn": "arn:aws:sns:eu-west-1:1:t", "encoding": "UTF8"});
        assert_eq!(decode(&received(utf8, Some(mail))), Ok(SesMail::Inline(mail.as_bytes().to_vec())));
    }

    #[test]
    fn s3_action_names_the_object() {
        let s3 = json!({"type": "S3", "topicArn": "arn:aws:sns:eu-west-1:1:t", "bucketName": "mail", "objectKeyPrefix": "in/", "objectKey": "in/o3vrnil0e2ic"});
        assert_eq!(
            decode(&received(s3, None)),
            Ok(SesMail::S3 { bucket: "mail".into(), key: "in/o3vrnil0e2ic".into() })
        );
    }

    #[test]
    fn notifications_without_mail_are_named() {
        let setup = json!({"notificationType": "AMAZON_SES_SETUP_NOTIFICATION", "receipt": {}}).to_string();
        assert_eq!(
            decode(&setup),
            Ok(SesMail::NoMail("SES notification of type AMAZON_SES_SETUP_NOTIFICATION".into()))
        );
    }

    #[test]
    fn broken_notifications_say_why() {
        assert!(matches!(decode("Hello world!"), Err(SesError::Json(_))));
        let sns = json!({"type": "SNS", "encoding": "BASE64"});
        assert_eq!(decode(&received(sns.clone(), None)), Err(SesError::Invalid("no content for an SNS action".into())));
        assert!(
            matches!(decode(&received(sns, Some("%%%"))), Err(SesError::Invalid(m)) if m.starts_with("content that is not base64"))
        );
        let s3 = json!({"type": "S3", "bucketName": "mail"});
        assert_eq!(
            decode(&received(s3, None)),
            Err(SesError::Invalid("an S3 action without bucketName and objectKey".into()))
        );
        let lambda = json!({"type": "Lambda", "functionArn": "arn:aws:lambda:eu-west-1:1:function:f"});
        assert!(matches!(decode(&received(lambda, None)), Err(SesError::Invalid(m)) if m.contains("'Lambda'")));
    }
}
