//! The domain's `Mailer` over SMTP (lettre): mail submission with TLS from the first byte (465)
//! or STARTTLS (587, never without TLS), signed in with the account's user name and password,
//! the server's certificate checked against the public roots plus `IMMIVO_MAIL_CA_FILE`.
//!
//! The MIME message carries our Message-ID (the same on every attempt), In-Reply-To and
//! References when it answers the lead's mail, and a UTF-8 plain-text body; lettre encodes
//! non-ASCII subjects and names (RFC 2047) and chooses the body's transfer encoding. A 5xx reply
//! is a refusal (not retried); everything else that stops the hand-over is worth a retry.

use std::time::Duration;

use async_trait::async_trait;
use domain::conversations::mailer::{Accepted, Mailer, OutboundMail, SendAccount, SendError, SmtpAccess, Transport};
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MessageBuilder};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use model::MailboxSecurity;
use rustls_pki_types::CertificateDer;
use secrecy::ExposeSecret;

use crate::config::Config;

/// How long one command may wait for the server.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a whole hand-over may take: a server that stops answering must not hold the worker
/// (whose heartbeat would keep the job claimed) for ever.
const SEND_TIMEOUT: Duration = Duration::from_secs(120);

#[derive(Clone)]
pub struct SmtpMailer {
    extra_ca: Vec<Vec<u8>>,
}

impl SmtpMailer {
    /// Trusts the public web roots plus `extra_ca` (a self-hosted server's CA).
    pub fn new(extra_ca: &[CertificateDer<'static>]) -> Self {
        Self { extra_ca: extra_ca.iter().map(|c| c.as_ref().to_vec()).collect() }
    }

    pub fn from_config(config: &Config) -> Self {
        Self::new(&config.mail_extra_ca)
    }

    fn transport(&self, smtp: &SmtpAccess, hello: &str) -> Result<AsyncSmtpTransport<Tokio1Executor>, SendError> {
        let mut tls = TlsParameters::builder(smtp.host.clone());
        for der in &self.extra_ca {
            let cert =
                Certificate::from_der(der.clone()).map_err(|e| SendError::NotSent(format!("TLS set-up: {e}")))?;
            tls = tls.add_root_certificate(cert);
        }
        let tls = tls.build_rustls().map_err(|e| SendError::NotSent(format!("TLS set-up: {e}")))?;
        let tls = match smtp.security {
            MailboxSecurity::Tls => Tls::Wrapper(tls),
            MailboxSecurity::Starttls => Tls::Required(tls),
        };
        Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(smtp.host.as_str())
            .port(smtp.port)
            .tls(tls)
            .hello_name(ClientId::Domain(hello.to_owned()))
            .credentials(Credentials::new(smtp.username.clone(), smtp.password.expose_secret().to_owned()))
            .timeout(Some(COMMAND_TIMEOUT))
            .build())
    }
}

/// The MIME message for `mail` from `account`. A value no header can carry is refused here, not
/// sent half-formed (the domain checked them already: this is the second wall).
pub fn message(account: &SendAccount, mail: &OutboundMail) -> Result<Message, SendError> {
    let refuse = |what: &str, e: &dyn std::fmt::Display| SendError::Refused(format!("{what}: {e}"));
    let from = Mailbox::new(
        account.from_name.clone(),
        account.from_address.parse().map_err(|e| refuse("the sender's address", &e))?,
    );
    let to = Mailbox::new(mail.to_name.clone(), mail.to.parse().map_err(|e| refuse("the lead's address", &e))?);
    let mut builder: MessageBuilder = Message::builder()
        .from(from)
        .to(to)
        .subject(mail.subject.clone())
        .date(mail.date.into())
        .message_id(Some(format!("<{}>", mail.message_id)))
        .header(ContentType::TEXT_PLAIN);
    if let Some(parent) = &mail.in_reply_to {
        let parent = format!("<{}>", parent.trim_matches(['<', '>']));
        builder = builder.in_reply_to(parent.clone()).references(parent);
    }
    builder.body(mail.body.clone()).map_err(|e| refuse("the message", &e))
}

/// The server's id for the mail: "250 2.0.0 Ok: queued as 4F3B2C" names it; otherwise the reply.
fn provider_id(response: &lettre::transport::smtp::response::Response) -> Option<String> {
    let text = response.message().collect::<Vec<_>>().join(" ");
    let id = match text.split_once("queued as ") {
        Some((_, id)) => id.split_whitespace().next().unwrap_or_default().to_owned(),
        None => text.trim().to_owned(),
    };
    (!id.is_empty()).then_some(id)
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, account: &SendAccount, mail: &OutboundMail) -> Result<Accepted, SendError> {
        let Transport::Smtp(smtp) = &account.transport;
        let message = message(account, mail)?;
        let hello = account.from_address.rsplit_once('@').map_or("localhost", |(_, d)| d);
        let transport = self.transport(smtp, hello)?;
        let sent = tokio::time::timeout(SEND_TIMEOUT, transport.send(message)).await.map_err(|_| {
            SendError::NotSent(format!("{}:{}: no answer within {SEND_TIMEOUT:?}", smtp.host, smtp.port))
        })?;
        match sent {
            Ok(response) => Ok(Accepted { provider_id: provider_id(&response) }),
            Err(e) if e.is_permanent() => Err(SendError::Refused(format!("{}:{}: {e}", smtp.host, smtp.port))),
            Err(e) => Err(SendError::NotSent(format!("{}:{}: {e}", smtp.host, smtp.port))),
        }
    }
}
