//! Checking that a message really comes from SNS: the certificate's URL (https, a host SNS uses),
//! the certificate itself (RSA, within its validity period) and the RSA PKCS#1 v1.5 signature over
//! the canonical string, with SHA-1 (`SignatureVersion` 1) or SHA-256 (2).

use std::time::SystemTime;

use base64::Engine;
use regex::Regex;
use ring::signature::{RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY, RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};
use x509_cert::Certificate;
use x509_cert::der::DecodePem;
use x509_cert::spki::ObjectIdentifier;

use super::message::{SignatureVersion, SnsMessage};

const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignatureError {
    #[error("{0}")]
    Url(String),
    #[error("the signing certificate is unusable: {0}")]
    Certificate(String),
    #[error("the signing certificate is not valid now (valid from {from:?} until {until:?})")]
    OutsideValidity { from: SystemTime, until: SystemTime },
    #[error("the Signature is not base64")]
    Encoding,
    #[error("the signature does not match the message")]
    Mismatch,
}

/// Which URLs SNS messages may send us to: the certificate's and the subscription's.
#[derive(Clone, Debug)]
pub struct UrlPolicy {
    /// Matched against the whole host name.
    pub host: Regex,
    /// Plain http allowed (tests with a local certificate server only).
    pub allow_insecure: bool,
}

impl UrlPolicy {
    /// Parses `raw` (named `what` in errors) and accepts it only on an allowed host, over https.
    pub fn check(&self, what: &str, raw: &str) -> Result<url::Url, SignatureError> {
        let url = url::Url::parse(raw).map_err(|e| SignatureError::Url(format!("{what} '{raw}' is not a URL: {e}")))?;
        match url.scheme() {
            "https" => {}
            "http" if self.allow_insecure => {}
            other => return Err(SignatureError::Url(format!("{what} must use https, not {other}"))),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(SignatureError::Url(format!("{what} must not carry credentials")));
        }
        let host = url.host_str().unwrap_or_default();
        if !self.host.is_match(host) {
            return Err(SignatureError::Url(format!("{what} host '{host}' is not an allowed SNS host")));
        }
        Ok(url)
    }
}

/// The parts of an SNS signing certificate that verification needs.
#[derive(Clone, Debug)]
pub struct SigningCert {
    /// PKCS#1 `RSAPublicKey`, DER: what ring verifies with.
    rsa_public_key: Vec<u8>,
    not_before: SystemTime,
    not_after: SystemTime,
}

impl SigningCert {
    pub fn from_pem(pem: &[u8]) -> Result<Self, SignatureError> {
        let cert = Certificate::from_pem(pem).map_err(|e| SignatureError::Certificate(e.to_string()))?;
        let tbs = cert.tbs_certificate;
        let spki = tbs.subject_public_key_info;
        if spki.algorithm.oid != RSA_ENCRYPTION {
            return Err(SignatureError::Certificate(format!("key algorithm {} is not RSA", spki.algorithm.oid)));
        }
        let key = spki
            .subject_public_key
            .as_bytes()
            .ok_or_else(|| SignatureError::Certificate("malformed public key".into()))?;
        Ok(Self {
            rsa_public_key: key.to_vec(),
            not_before: tbs.validity.not_before.to_system_time(),
            not_after: tbs.validity.not_after.to_system_time(),
        })
    }

    pub fn verify(&self, message: &SnsMessage, now: SystemTime) -> Result<(), SignatureError> {
        if now < self.not_before || now > self.not_after {
            return Err(SignatureError::OutsideValidity { from: self.not_before, until: self.not_after });
        }
        let signature = base64::engine::general_purpose::STANDARD
            .decode(message.signature.trim())
            .map_err(|_| SignatureError::Encoding)?;
        let algorithm = match message.signature_version() {
            Ok(SignatureVersion::Sha1) => &RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY,
            Ok(SignatureVersion::Sha256) => &RSA_PKCS1_2048_8192_SHA256,
            Err(_) => return Err(SignatureError::Mismatch),
        };
        UnparsedPublicKey::new(algorithm, &self.rsa_public_key)
            .verify(message.string_to_sign().as_bytes(), &signature)
            .map_err(|_| SignatureError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use rsa::pkcs1v15::SigningKey;
    use rsa::pkcs8::DecodePrivateKey;
    use rsa::signature::{SignatureEncoding, Signer};

    use super::*;

    const CERT: &str = include_str!("../../../tests/fixtures/sns/test-cert.pem");
    const KEY: &str = include_str!("../../../tests/fixtures/sns/test-key.pem");

    fn message(version: &str) -> SnsMessage {
        let mut m = SnsMessage::parse(
            serde_json::json!({
                "Type": "Notification",
                "MessageId": "da41e39f-ea4d-435a-b922-c6aae3915ebe",
                "TopicArn": "arn:aws:sns:eu-central-1:123456789012:immivo-inbound",
                "Message": "{\"notificationType\":\"Received\"}",
                "Timestamp": "2026-11-29T14:00:00.000Z",
                "SignatureVersion": version,
                "Signature": "",
                "SigningCertURL": "https://sns.eu-central-1.amazonaws.com/SimpleNotificationService-test.pem",
            })
            .to_string()
            .as_bytes(),
        )
        .unwrap();
        let key = rsa::RsaPrivateKey::from_pkcs8_pem(KEY).unwrap();
        let bytes = m.string_to_sign().into_bytes();
        let signature = match version {
            "1" => SigningKey::<sha1::Sha1>::new(key).sign(&bytes).to_vec(),
            _ => SigningKey::<sha2::Sha256>::new(key).sign(&bytes).to_vec(),
        };
        m.signature = base64::engine::general_purpose::STANDARD.encode(signature);
        m
    }

    #[test]
    fn both_signature_versions_verify_and_tampering_does_not() {
        let cert = SigningCert::from_pem(CERT.as_bytes()).unwrap();
        let now = SystemTime::now();
        for version in ["1", "2"] {
            let mut m = message(version);
            assert_eq!(cert.verify(&m, now), Ok(()), "version {version}");
            m.message = m.message.replace("Received", "Bounce");
            assert_eq!(cert.verify(&m, now), Err(SignatureError::Mismatch), "version {version}");
        }
        // A SHA-1 signature presented as version 2 does not verify.
        let mut downgraded = message("1");
        downgraded.signature_version = "2".into();
        assert_eq!(cert.verify(&downgraded, now), Err(SignatureError::Mismatch));
        let mut garbled = message("2");
        garbled.signature = "***".into();
        assert_eq!(cert.verify(&garbled, now), Err(SignatureError::Encoding));
    }

    #[test]
    fn certificates_outside_their_validity_are_refused() {
        let cert = SigningCert::from_pem(CERT.as_bytes()).unwrap();
        let m = message("2");
        let long_after = SystemTime::now() + Duration::from_secs(200 * 365 * 24 * 3600);
        assert!(matches!(cert.verify(&m, long_after), Err(SignatureError::OutsideValidity { .. })));
        let before = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert!(matches!(cert.verify(&m, before), Err(SignatureError::OutsideValidity { .. })));
        assert!(matches!(
            SigningCert::from_pem(b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
            Err(SignatureError::Certificate(_))
        ));
    }

    #[test]
    fn urls_must_be_https_on_an_allowed_host() {
        let host = crate::config::whole_host_pattern(crate::config::DEFAULT_SNS_CERT_HOST_PATTERN).unwrap();
        let aws = UrlPolicy { host, allow_insecure: false };
        for ok in [
            "https://sns.eu-central-1.amazonaws.com/SimpleNotificationService-abc.pem",
            "https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem",
            "https://sns.us-gov-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=x",
        ] {
            assert!(aws.check("SigningCertURL", ok).is_ok(), "{ok}");
        }
        for (bad, why) in [
            ("http://sns.eu-central-1.amazonaws.com/x.pem", "must use https, not http"),
            ("https://sns.eu-central-1.amazonaws.com.evil.example/x.pem", "is not an allowed SNS host"),
            ("https://evil.example/sns.eu-central-1.amazonaws.com/x.pem", "is not an allowed SNS host"),
            ("https://s3.eu-central-1.amazonaws.com/x.pem", "is not an allowed SNS host"),
            ("https://evilsns.eu-central-1.amazonaws.com/x.pem", "is not an allowed SNS host"),
            ("https://user:pw@sns.eu-central-1.amazonaws.com/x.pem", "must not carry credentials"),
            ("file:///etc/passwd", "must use https, not file"),
            ("sns.eu-central-1.amazonaws.com/x.pem", "is not a URL"),
        ] {
            let err = aws.check("SigningCertURL", bad).unwrap_err().to_string();
            assert!(err.contains(why), "{bad}: {err}");
        }
        let local =
            UrlPolicy { host: crate::config::whole_host_pattern(r"127\.0\.0\.1").unwrap(), allow_insecure: true };
        assert!(local.check("SigningCertURL", "http://127.0.0.1:4567/cert.pem").is_ok());
        assert!(local.check("SigningCertURL", "http://localhost:4567/cert.pem").is_err());
    }
}
