//! Mail to and from leads. Out: through a real SMTP server on loopback (`scripts/smtp-sink.py`, started by
//! `scripts/test-services` with dovecot's certificate and account): the mail is stored first,
//! sent once by `mail.send` through the office's account (STARTTLS and implicit TLS), reads as
//! the lead's mail client reads it (headers, encodings, thread), a refusal stays visible with the
//! server's words, a temporary one is retried, a worker that died mid-send does not send twice,
//! an office without a sending account keeps the mail in the outbox, and no office sends through
//! another's account or touches another's mail. In: the lead's answer to a mail we sent is filed
//! in that lead's conversation (by our Message-ID, or by the lead's address), never as a new
//! lead, and moves it to CONVERSATION; an out-of-office moves nothing; no office's mail reaches
//! into another's thread.

use std::path::PathBuf;

use crate::helpers::*;
use crate::on_both;
use domain::conversations::delivery::{self, Begun, Outcome};
use domain::conversations::mailer::Mailer;
use domain::conversations::outbox;
use domain::crypto::Secrets;
use domain::intake::channels::mailboxes;
use domain::intake::upsert::upsert_from_inquiry;
use domain::{Actor, Ctx, Db, Error, leads};
use entity::message;
use immivo_server::smtp::SmtpMailer;
use mail_parser::MessageParser;
use model::{ActivityDetail, LeadId, LeadStatus, MailStatus, MailboxInput, MailboxSecurity};
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use sea_orm::EntityTrait;

pub(crate) struct Sink {
    starttls_port: u16,
    tls_port: u16,
    dir: PathBuf,
    ca_file: String,
    user: String,
    pub(crate) password: String,
}

pub(crate) fn sink() -> Sink {
    let var = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| {
            panic!("{name} is not set: run the tests through scripts/test, which starts the SMTP sink")
        })
    };
    Sink {
        starttls_port: var("IMMIVO_TEST_SMTP_PORT_STARTTLS").parse().unwrap(),
        tls_port: var("IMMIVO_TEST_SMTP_PORT_TLS").parse().unwrap(),
        dir: PathBuf::from(var("IMMIVO_TEST_SMTP_SINK")),
        ca_file: var("IMMIVO_TEST_IMAP_CA_FILE"),
        user: var("IMMIVO_TEST_IMAP_USER"),
        password: var("IMMIVO_TEST_IMAP_PASSWORD"),
    }
}

impl Sink {
    pub(crate) fn mailer(&self) -> SmtpMailer {
        let ca: Vec<CertificateDer<'static>> =
            CertificateDer::pem_file_iter(&self.ca_file).unwrap().collect::<Result<_, _>>().unwrap();
        SmtpMailer::new(&ca)
    }

    /// An account that receives nowhere real (IMAP is not what these tests read) and sends
    /// through the sink.
    pub(crate) fn account(&self, security: MailboxSecurity, password: &str) -> MailboxInput {
        MailboxInput {
            host: Some("127.0.0.1".into()),
            port: Some(1),
            username: Some(self.user.clone()),
            password: Some(password.to_owned()),
            enabled: Some(false),
            smtp_host: Some("127.0.0.1".into()),
            smtp_port: Some(i32::from(match security {
                MailboxSecurity::Tls => self.tls_port,
                MailboxSecurity::Starttls => self.starttls_port,
            })),
            smtp_security: Some(security),
            ..Default::default()
        }
    }

    /// The mails the sink took with this Message-ID: (file stem, raw bytes, envelope).
    pub(crate) fn received(&self, message_id: &str) -> Vec<(String, Vec<u8>, serde_json::Value)> {
        let needle = format!("<{message_id}>");
        let mut found = Vec::new();
        for entry in std::fs::read_dir(&self.dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "eml") {
                let raw = std::fs::read(&path).unwrap();
                if String::from_utf8_lossy(&raw).contains(&needle) {
                    let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
                    let envelope = std::fs::read_to_string(path.with_extension("json")).unwrap();
                    found.push((stem, raw, serde_json::from_str(&envelope).unwrap()));
                }
            }
        }
        found
    }
}

pub(crate) fn secrets() -> Secrets {
    test_config("sqlite::memory:", &[]).secrets
}

/// A new lead of the office from a portal inquiry (with its Message-ID), under a unique address.
pub(crate) async fn lead(db: &Db, ctx: &Ctx, local: &str) -> LeadId {
    let address = format!("{local}.{}@example.de", uuid::Uuid::new_v4().simple());
    let taken = upsert_from_inquiry(db, ctx.tenant_id, &new_person_inquiry(&address, "Müller"), None).await.unwrap();
    taken.lead_id
}

/// Read as the platform: row-level security hides every office's rows from a bare connection.
pub(crate) async fn stored(db: &Db, id: uuid::Uuid) -> message::Model {
    let tx = db.platform().await.unwrap();
    message::Entity::find_by_id(id).one(&tx).await.unwrap().unwrap()
}

async fn all<E: EntityTrait>(db: &Db) -> Vec<E::Model> {
    let tx = db.platform().await.unwrap();
    E::find().all(&tx).await.unwrap()
}

async fn deliveries(db: &Db, ctx: &Ctx, lead: LeadId) -> Vec<ActivityDetail> {
    leads::activities(db, ctx, lead)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.detail)
        .filter(|d| matches!(d, ActivityDetail::EmailDelivery { .. }))
        .collect()
}

on_both! {
    async fn a_reply_reaches_the_lead_once_and_reads_as_sent(backend: Backend) {
        let s = sink();
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let account = mailboxes::create(&t.db, &admin, &secrets(), s.account(MailboxSecurity::Starttls, &s.password)).await.unwrap();
        assert_eq!((account.smtp_port, account.from_address.as_deref()), (Some(i32::from(s.starttls_port)), None));
        let lead_id = lead(&t.db, &admin, "anna").await;
        let subject = "Ihre Anfrage: Sonnige 2-Zimmer-Wohnung – Besichtigung möglich";
        let body = "Guten Tag Frau Müller,\n\ngerne zeigen wir Ihnen die Wohnung: Donnerstag, 10.12. um 17:00 Uhr.\n\nFreundliche Grüße\nBerger Immobilien";

        // Stored first: QUEUED through the office's account, with our Message-ID.
        let sent = outbox::send_to_lead(&t.db, admin.tenant_id, Actor::User(admin.user_id), lead_id, subject, body).await.unwrap();
        assert_eq!((sent.status, sent.from.as_deref()), (MailStatus::Queued, Some(s.user.as_str())));
        let row = stored(&t.db, sent.message_id).await;
        let message_id = row.external_id.clone().unwrap();
        assert_eq!(message_id, format!("{}@immivo.test", sent.message_id.simple()));
        assert_eq!(row.in_reply_to.as_deref(), Some("wh.612345678.1710489600123@willhaben.at"), "answers the inquiry");
        assert_eq!(leads::get(&t.db, &admin, lead_id).await.unwrap().status, LeadStatus::New, "nothing left yet");

        let outcome = delivery::send(&t.db, &secrets(), &s.mailer(), admin.tenant_id, sent.message_id, false).await.unwrap();
        let Outcome::Sent { provider_id: Some(provider_id) } = outcome else { panic!("{outcome:?}") };

        // The sink holds it once, as the lead's mail client will read it.
        let got = s.received(&message_id);
        assert_eq!(got.len(), 1, "one mail");
        let (stem, raw, envelope) = &got[0];
        assert_eq!(&provider_id, stem, "the server's queue id is kept");
        assert_eq!(envelope["user"], s.user.as_str(), "signed in as the account");
        assert_eq!(envelope["mail_from"], s.user.as_str());
        assert_eq!(envelope["rcpt_tos"][0], sent.to.as_str());
        let mail = MessageParser::default().parse(raw).unwrap();
        assert_eq!(mail.subject(), Some(subject), "the subject's umlauts and dash survive encoding");
        assert_eq!(mail.message_id(), Some(message_id.as_str()));
        assert_eq!(mail.in_reply_to().as_text(), Some("wh.612345678.1710489600123@willhaben.at"));
        let from = mail.from().unwrap().first().unwrap();
        assert_eq!((from.name(), from.address()), (Some("Immobilien Brandstätter & Partner"), Some(s.user.as_str())), "the office's name");
        let to = mail.to().unwrap().first().unwrap();
        assert_eq!(to.address(), Some(sent.to.as_str()));
        assert!(to.name().unwrap().ends_with("Müller"), "{:?}", to.name());
        assert_eq!(mail.body_text(0).unwrap().replace("\r\n", "\n").trim_end(), body);
        assert!(mail.date().is_some());

        // Recorded: SENT with the server's id, on the timeline, and the lead is contacted.
        let row = stored(&t.db, sent.message_id).await;
        assert_eq!((row.status.as_deref(), row.provider_id.as_deref()), (Some("SENT"), Some(provider_id.as_str())));
        assert!(row.sent_at.is_some() && row.error.is_none());
        let found = leads::get(&t.db, &admin, lead_id).await.unwrap();
        assert_eq!(found.status, LeadStatus::Contacted);
        assert!(found.reply_sent_at.is_some());
        assert_eq!(
            deliveries(&t.db, &admin, lead_id).await,
            [ActivityDetail::EmailDelivery { to: sent.to.clone(), status: MailStatus::Sent, account: Some(s.user.clone()), reason: None }]
        );

        // A second run (a retried job) sends nothing.
        let again = delivery::send(&t.db, &secrets(), &s.mailer(), admin.tenant_id, sent.message_id, false).await.unwrap();
        assert_eq!(again, Outcome::AlreadyDone);
        assert_eq!(s.received(&message_id).len(), 1);
    }

    async fn a_worker_that_died_mid_send_does_not_send_again(backend: Backend) {
        let s = sink();
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        mailboxes::create(&t.db, &admin, &secrets(), s.account(MailboxSecurity::Tls, &s.password)).await.unwrap();
        let lead_id = lead(&t.db, &admin, "bernd").await;
        let sent = outbox::send_to_lead(&t.db, admin.tenant_id, Actor::System, lead_id, "Ihre Anfrage", "Guten Tag").await.unwrap();
        let message_id = stored(&t.db, sent.message_id).await.external_id.unwrap();

        // The worker marks it SENDING, hands it over (implicit TLS) and dies before recording it.
        let Begun::Send(work) = delivery::begin(&t.db, &secrets(), admin.tenant_id, sent.message_id).await.unwrap() else {
            panic!("nothing to send")
        };
        let (account, mail) = *work;
        s.mailer().send(&account, &mail).await.unwrap();
        assert_eq!(stored(&t.db, sent.message_id).await.status.as_deref(), Some("SENDING"));

        // The job is taken over: the mail may have left, so it is not sent again.
        let outcome = delivery::send(&t.db, &secrets(), &s.mailer(), admin.tenant_id, sent.message_id, false).await.unwrap();
        assert_eq!(outcome, Outcome::Unconfirmed);
        assert_eq!(s.received(&message_id).len(), 1, "sent once");
        assert_eq!(stored(&t.db, sent.message_id).await.status.as_deref(), Some("UNCONFIRMED"));
        let [ActivityDetail::EmailDelivery { status: MailStatus::Unconfirmed, .. }] = &deliveries(&t.db, &admin, lead_id).await[..] else {
            panic!("the timeline says unconfirmed")
        };
        let again = delivery::send(&t.db, &secrets(), &s.mailer(), admin.tenant_id, sent.message_id, false).await.unwrap();
        assert_eq!(again, Outcome::AlreadyDone);
        assert_eq!(s.received(&message_id).len(), 1);
    }

    async fn refusals_stay_visible_and_temporary_ones_are_retried(backend: Backend) {
        let s = sink();
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let account = mailboxes::create(&t.db, &admin, &secrets(), s.account(MailboxSecurity::Starttls, &s.password)).await.unwrap();
        let send_to = |local: &'static str| {
            let (db, admin) = (t.db.clone(), admin);
            async move {
                let lead_id = lead(&db, &admin, local).await;
                let sent = outbox::send_to_lead(&db, admin.tenant_id, Actor::System, lead_id, "Ihre Anfrage", "Guten Tag").await.unwrap();
                (lead_id, sent)
            }
        };

        // A recipient the server does not know: FAILED at once, with the server's words.
        let (lead_id, sent) = send_to("refuse-permanent").await;
        let outcome = delivery::send(&t.db, &secrets(), &s.mailer(), admin.tenant_id, sent.message_id, false).await.unwrap();
        let Outcome::Failed(reason) = outcome else { panic!("{outcome:?}") };
        assert!(reason.contains("550") || reason.contains("User unknown"), "{reason}");
        let row = stored(&t.db, sent.message_id).await;
        assert_eq!((row.status.as_deref(), row.error.as_deref()), (Some("FAILED"), Some(reason.as_str())));
        let shown = leads::activities(&t.db, &admin, lead_id).await.unwrap();
        let line = shown.iter().find_map(|a| match &a.detail {
            d @ ActivityDetail::EmailDelivery { .. } => Some(texts().activity(model::Locale::De, d)),
            _ => None,
        });
        let line = line.expect("a delivery entry");
        assert!(line.starts_with("Nicht zugestellt an refuse-permanent") && line.contains("User unknown"), "{line}");
        assert_eq!(leads::get(&t.db, &admin, lead_id).await.unwrap().status, LeadStatus::New, "not contacted");

        // Greylisted once: back in the queue with the reason, then sent by the next attempt.
        let (_, sent) = send_to("refuse-once").await;
        let outcome = delivery::send(&t.db, &secrets(), &s.mailer(), admin.tenant_id, sent.message_id, false).await.unwrap();
        let Outcome::Retry(reason) = outcome else { panic!("{outcome:?}") };
        assert!(reason.contains("451"), "{reason}");
        assert_eq!(stored(&t.db, sent.message_id).await.status.as_deref(), Some("QUEUED"));
        let outcome = delivery::send(&t.db, &secrets(), &s.mailer(), admin.tenant_id, sent.message_id, false).await.unwrap();
        assert!(matches!(outcome, Outcome::Sent { .. }), "{outcome:?}");

        // Refused on every attempt: the last one records it as failed.
        let (_, sent) = send_to("refuse-temporary").await;
        let outcome = delivery::send(&t.db, &secrets(), &s.mailer(), admin.tenant_id, sent.message_id, true).await.unwrap();
        assert!(matches!(outcome, Outcome::Failed(ref r) if r.contains("451")), "{outcome:?}");

        // A wrong password is the account's fault: refused, never retried into a lock-out.
        mailboxes::update(&t.db, &admin, &secrets(), account.id, MailboxInput { password: Some("falsch".into()), ..Default::default() }).await.unwrap();
        let (_, sent) = send_to("carla").await;
        let outcome = delivery::send(&t.db, &secrets(), &s.mailer(), admin.tenant_id, sent.message_id, false).await.unwrap();
        assert!(matches!(outcome, Outcome::Failed(ref r) if r.contains("535")), "{outcome:?}");
        assert!(s.received(&stored(&t.db, sent.message_id).await.external_id.unwrap()).is_empty());
    }

    async fn without_a_sending_account_the_mail_is_kept_and_says_so(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let lead_id = lead(&t.db, &admin, "dora").await;
        let sent = outbox::send_to_lead(&t.db, admin.tenant_id, Actor::User(admin.user_id), lead_id, "Ihre Anfrage", "Guten Tag").await.unwrap();
        assert_eq!((sent.status, sent.from), (MailStatus::Kept, None));
        let row = stored(&t.db, sent.message_id).await;
        assert_eq!((row.status.as_deref(), row.external_id, row.mailbox_id), (Some("KEPT"), None, None));
        let jobs = all::<entity::job::Entity>(&t.db).await;
        assert!(jobs.iter().all(|j| j.kind != delivery::SEND), "nothing to send");
        let found = leads::get(&t.db, &admin, lead_id).await.unwrap();
        assert_eq!((found.status, found.reply_sent_at), (LeadStatus::New, None), "the lead was not contacted");
        let written = leads::activities(&t.db, &admin, lead_id).await.unwrap();
        let detail = written.iter().find_map(|a| match &a.detail {
            d @ ActivityDetail::EmailOut { .. } => Some(d.clone()),
            _ => None,
        });
        let detail = detail.unwrap();
        assert!(texts().activity(model::Locale::De, &detail).contains("im Postausgang behalten"));
        assert!(texts().activity(model::Locale::En, &detail).contains("kept in the outbox: no mailbox of the office sends mail"));

        // A hostile subject is refused before anything is stored.
        let before = all::<message::Entity>(&t.db).await.len();
        let injected = outbox::send_to_lead(&t.db, admin.tenant_id, Actor::System, lead_id, "Hallo\r\nBcc: alle@example.com", "Text").await;
        let Err(Error::Invalid(fields)) = injected else { panic!("{injected:?}") };
        assert_eq!(fields[0].field, "subject");
        let huge = outbox::send_to_lead(&t.db, admin.tenant_id, Actor::System, lead_id, "Hallo", &"x".repeat(50_001)).await;
        assert!(matches!(huge, Err(Error::Invalid(ref f)) if f[0].code == "too_long"), "{huge:?}");
        assert_eq!(all::<message::Entity>(&t.db).await.len(), before);
    }

    async fn no_office_sends_through_another_or_touches_its_mail(backend: Backend) {
        let s = sink();
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let agent = t.ctx(AGENT).await;
        let (other_admin, _) = t.second_office().await;
        // The demo office sends through its shared account; the agent has one of their own.
        mailboxes::create(&t.db, &admin, &secrets(), s.account(MailboxSecurity::Starttls, &s.password)).await.unwrap();
        let own = MailboxInput { from_address: Some("agent@demo.immivo.local".into()), from_name: Some("Max Agent".into()), ..s.account(MailboxSecurity::Tls, &s.password) };
        mailboxes::create(&t.db, &agent, &secrets(), own).await.unwrap();

        // The other office has no account: its mail is kept, never sent through ours.
        let theirs = lead(&t.db, &other_admin, "eva").await;
        let kept = outbox::send_to_lead(&t.db, other_admin.tenant_id, Actor::User(other_admin.user_id), theirs, "Anfrage", "Text").await.unwrap();
        assert_eq!(kept.status, MailStatus::Kept);
        // Nor can it send to our leads, or run our mail, or we theirs.
        let ours = lead(&t.db, &admin, "fritz").await;
        let crossed = outbox::send_to_lead(&t.db, other_admin.tenant_id, Actor::System, ours, "Anfrage", "Text").await;
        assert!(matches!(crossed, Err(Error::NotFound(_))), "{crossed:?}");
        let sent = outbox::send_to_lead(&t.db, agent.tenant_id, Actor::User(agent.user_id), ours, "Anfrage", "Text").await.unwrap();
        assert_eq!(sent.from.as_deref(), Some("agent@demo.immivo.local"), "the acting agent's own account");
        for (tenant, id) in [(other_admin.tenant_id, sent.message_id), (admin.tenant_id, kept.message_id)] {
            let outcome = delivery::send(&t.db, &secrets(), &s.mailer(), tenant, id, false).await;
            assert!(matches!(outcome, Err(Error::NotFound(_))), "{outcome:?}");
        }
        assert_eq!(stored(&t.db, sent.message_id).await.status.as_deref(), Some("QUEUED"), "untouched");
        let outcome = delivery::send(&t.db, &secrets(), &s.mailer(), admin.tenant_id, sent.message_id, false).await.unwrap();
        assert!(matches!(outcome, Outcome::Sent { .. }), "{outcome:?}");
        let got = s.received(&stored(&t.db, sent.message_id).await.external_id.unwrap());
        let mail = MessageParser::default().parse(&got[0].1).unwrap();
        assert_eq!(mail.from().unwrap().first().unwrap().name(), Some("Max Agent"));
    }
}

/// A lead's mail answering `parent` (our Message-ID), quoting what we wrote.
pub(crate) fn answer_mail(from: &str, parent: &str, extra_headers: &str, text: &str) -> Vec<u8> {
    format!(
        "Message-ID: <answer.{}@example.de>\r\nDate: Tue, 08 Dec 2026 09:15:00 +0100\r\nFrom: Anna Müller <{from}>\r\n\
To: makler@immivo.test\r\nSubject: Re: Ihre Anfrage\r\nIn-Reply-To: <{parent}>\r\nReferences: <{parent}>\r\n{extra_headers}\
Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n\r\nAm 07.12.2026 schrieb Immobilien Brandstätter:\r\n> Guten Tag,\r\n> gerne zeigen wir Ihnen die Wohnung.\r\n",
        uuid::Uuid::new_v4().simple()
    )
    .into_bytes()
}

pub(crate) async fn messages_of(db: &Db, lead: LeadId) -> Vec<message::Model> {
    let mut found: Vec<message::Model> =
        all::<message::Entity>(db).await.into_iter().filter(|m| m.lead_id == Some(lead.0)).collect();
    found.sort_by_key(|m| m.id);
    found
}

on_both! {
    async fn a_leads_answer_is_filed_in_its_conversation(backend: Backend) {
        use domain::intake::receive;
        use model::InboundChannel;
        let s = sink();
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        mailboxes::create(&t.db, &admin, &secrets(), s.account(MailboxSecurity::Starttls, &s.password)).await.unwrap();
        let lead_id = lead(&t.db, &admin, "hanna").await;
        let sent = outbox::send_to_lead(&t.db, admin.tenant_id, Actor::System, lead_id, "Ihre Anfrage", "Guten Tag").await.unwrap();
        delivery::send(&t.db, &secrets(), &s.mailer(), admin.tenant_id, sent.message_id, false).await.unwrap();
        let ours = stored(&t.db, sent.message_id).await.external_id.unwrap();
        assert_eq!(leads::get(&t.db, &admin, lead_id).await.unwrap().status, LeadStatus::Contacted);
        let leads_before = all::<entity::lead::Entity>(&t.db).await.len();

        // An out-of-office to our mail: kept in the thread, but the lead has not answered.
        let away = answer_mail(&sent.to, &ours, "Auto-Submitted: auto-replied\r\n", "Ich bin bis 14.12. nicht im Büro.");
        let filed = receive::receive(&t.db, admin.tenant_id, InboundChannel::Http, None, &away).await.unwrap();
        assert_eq!((filed.lead_id, filed.warnings.first().map(String::as_str)), (Some(lead_id), Some("ANSWER")), "{filed:?}");
        assert_eq!(leads::get(&t.db, &admin, lead_id).await.unwrap().status, LeadStatus::Contacted);

        // The answer: in the thread, quote left out, and the lead is in conversation.
        let raw = answer_mail(&sent.to, &ours, "", "Donnerstag um 17 Uhr passt mir gut.");
        let filed = receive::receive(&t.db, admin.tenant_id, InboundChannel::Http, None, &raw).await.unwrap();
        assert_eq!((filed.status, filed.lead_id), (model::InboundStatus::Parsed, Some(lead_id)));
        assert_eq!(all::<entity::lead::Entity>(&t.db).await.len(), leads_before, "no new lead");
        let found = leads::get(&t.db, &admin, lead_id).await.unwrap();
        assert_eq!(found.status, LeadStatus::Conversation);
        let thread = messages_of(&t.db, lead_id).await;
        let directions: Vec<&str> = thread.iter().map(|m| m.direction.as_str()).collect();
        assert_eq!(directions, ["IN", "OUT", "IN", "IN"], "inquiry, our reply, the out-of-office, the answer");
        let answer = thread.last().unwrap();
        assert_eq!(answer.body, "Donnerstag um 17 Uhr passt mir gut.");
        assert_eq!(answer.in_reply_to.as_deref(), Some(ours.as_str()));
        let shown: Vec<String> = leads::activities(&t.db, &admin, lead_id)
            .await
            .unwrap()
            .iter()
            .filter(|a| matches!(a.detail, ActivityDetail::EmailIn { .. } | ActivityDetail::StatusChanged { .. }))
            .map(|a| texts().activity(model::Locale::De, &a.detail))
            .collect();
        assert!(shown.iter().any(|l| l.starts_with("E-Mail von") && l.ends_with("(automatische Antwort)")), "{shown:?}");
        assert!(shown.iter().any(|l| l.contains("Interessent hat geantwortet")), "{shown:?}");
        let jobs = all::<entity::job::Entity>(&t.db).await;
        assert!(
            jobs.iter().any(|j| j.kind == "lead.sentiment" && j.payload["message_id"] == answer.id.to_string()),
            "the answer's mood is read"
        );

        // Written straight from the lead's address, without a thread: still this lead's.
        let direct = format!(
            "Message-ID: <direct.{}@example.de>\r\nFrom: {}\r\nTo: makler@immivo.test\r\nSubject: Noch eine Frage\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\nGibt es einen Stellplatz in der Tiefgarage?\r\n",
            uuid::Uuid::new_v4().simple(),
            sent.to
        );
        let filed = receive::receive(&t.db, admin.tenant_id, InboundChannel::Http, None, direct.as_bytes()).await.unwrap();
        assert_eq!(filed.lead_id, Some(lead_id));
        assert_eq!(messages_of(&t.db, lead_id).await.len(), 5);
        assert_eq!(all::<entity::lead::Entity>(&t.db).await.len(), leads_before);
    }

    async fn another_office_cannot_reach_into_our_thread(backend: Backend) {
        use domain::intake::receive;
        use model::InboundChannel;
        let s = sink();
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let (other_admin, _) = t.second_office().await;
        mailboxes::create(&t.db, &admin, &secrets(), s.account(MailboxSecurity::Starttls, &s.password)).await.unwrap();
        let lead_id = lead(&t.db, &admin, "ida").await;
        let sent = outbox::send_to_lead(&t.db, admin.tenant_id, Actor::System, lead_id, "Ihre Anfrage", "Guten Tag").await.unwrap();
        delivery::send(&t.db, &secrets(), &s.mailer(), admin.tenant_id, sent.message_id, false).await.unwrap();
        let ours = stored(&t.db, sent.message_id).await.external_id.unwrap();

        // The same answer delivered to the other office: it knows neither the thread nor the lead.
        let raw = answer_mail(&sent.to, &ours, "", "Donnerstag passt mir gut.");
        let theirs = receive::receive(&t.db, other_admin.tenant_id, InboundChannel::Http, None, &raw).await.unwrap();
        assert_ne!(theirs.lead_id, Some(lead_id));
        assert!(!theirs.warnings.iter().any(|w| w == "ANSWER"), "{theirs:?}");
        assert_eq!(messages_of(&t.db, lead_id).await.len(), 2, "our thread is untouched");
        assert_eq!(leads::get(&t.db, &admin, lead_id).await.unwrap().status, LeadStatus::Contacted);
    }
}

/// The lead's page through its server functions: the thread shows what was written, an agent
/// writes only to their own leads, no office to another's, and a bad subject is a 422 naming it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lead_page_shows_the_thread_and_writes_only_where_it_may() {
    let app = spawn_app(Backend::Sqlite).await;
    let db = &app.store.db;
    let admin_ctx = app.store.ctx(ADMIN).await;
    let lead_id = lead(db, &admin_ctx, "jana").await;
    let (other_admin, _) = app.store.second_office().await;
    let other = app.signed_in(&format!("chefin@{}", "wohnwert.de")).await;
    let agent = app.signed_in(AGENT).await;
    let admin = app.signed_in(ADMIN).await;
    let args =
        |subject: &str| serde_json::json!({ "id": lead_id, "subject": subject, "body": "Guten Tag Frau Müller" });

    for (who, client) in [("another office", &other), ("an agent it is not assigned to", &agent)] {
        let (status, answer) = app.server_fn(client, "send_lead_mail", args("Ihre Anfrage")).await;
        assert_eq!(status, reqwest::StatusCode::NOT_FOUND, "{who}: {answer}");
        let (status, _) = app.server_fn(client, "get_lead_detail", serde_json::json!({ "id": lead_id })).await;
        assert_eq!(status, reqwest::StatusCode::NOT_FOUND, "{who} reads no thread");
    }
    let (status, answer) = app.server_fn(&admin, "send_lead_mail", args("Hallo\r\nBcc: alle@example.com")).await;
    assert_eq!(status, reqwest::StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(answer["fields"][0]["field"], "subject", "{answer}");

    let (status, answer) = app.server_fn(&admin, "send_lead_mail", args("Ihre Anfrage")).await;
    assert_eq!((status, answer.as_str()), (reqwest::StatusCode::OK, Some("KEPT")), "{answer}");
    let (_, detail) = app.server_fn(&admin, "get_lead_detail", serde_json::json!({ "id": lead_id })).await;
    let thread = detail["thread"].as_array().unwrap();
    let shown: Vec<(&str, Option<&str>)> =
        thread.iter().map(|m| (m["direction"].as_str().unwrap(), m["status"].as_str())).collect();
    assert_eq!(shown, [("IN", None), ("OUT", Some("KEPT"))], "the inquiry, then our mail");
    assert_eq!(thread[1]["body"], "Guten Tag Frau Müller");
    let kept_elsewhere = outbox::send(db, &other_admin, lead_id, &outbox::Letter::reply("Anfrage", "Text")).await;
    assert!(matches!(kept_elsewhere, Err(Error::NotFound(_))));

    // The same through the API, with a key of the office.
    let key = app.api_key(ADMIN).await;
    let vars = serde_json::json!({ "id": lead_id });
    let written = app
        .gql(&client(), Some(&key), "mutation($id: ID!) { sendLeadMail(id: $id, subject: \"Noch eine Frage\", body: \"Passt Freitag?\") { direction status body } }", vars.clone())
        .await;
    assert_eq!(
        data(&written)["sendLeadMail"],
        serde_json::json!({ "direction": "OUT", "status": "KEPT", "body": "Passt Freitag?" })
    );
    let bad = app
        .gql(
            &client(),
            Some(&key),
            "mutation($id: ID!) { sendLeadMail(id: $id, subject: \"a\\nb\", body: \"x\") { id } }",
            vars.clone(),
        )
        .await;
    assert_eq!(error_code(&bad), Some("BAD_USER_INPUT"), "{bad}");
    let thread =
        app.gql(&client(), Some(&key), "query($id: ID!) { leadThread(id: $id) { direction status } }", vars).await;
    assert_eq!(data(&thread)["leadThread"].as_array().unwrap().len(), 3, "{thread}");
}

/// The real process: the worker started as `immivo serve` starts it sends what the outbox queues.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_serving_process_sends_what_is_queued() {
    let s = sink();
    let (app, workers) = spawn_app_with_workers(Backend::Sqlite, &[("IMMIVO_MAIL_CA_FILE", &s.ca_file)]).await;
    let db = &app.store.db;
    let admin = app.store.ctx(ADMIN).await;
    mailboxes::create(db, &admin, &secrets(), s.account(MailboxSecurity::Starttls, &s.password)).await.unwrap();
    let lead_id = lead(db, &admin, "gustav").await;
    let sent =
        outbox::send_to_lead(db, admin.tenant_id, Actor::User(admin.user_id), lead_id, "Ihre Anfrage", "Guten Tag")
            .await
            .unwrap();
    let row = wait_for("the mail to be sent", 30, || async {
        let row = stored(db, sent.message_id).await;
        (row.status.as_deref() == Some("SENT")).then_some(row)
    })
    .await;
    assert_eq!(s.received(&row.external_id.unwrap()).len(), 1);
    workers.stop().await;
}
