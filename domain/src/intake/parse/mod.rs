//! Inbound e-mail to inquiry: reads a raw mail (RFC 5322 bytes as fetched by IMAP or received by
//! SMTP), recognises which portal sent it and pulls out who is asking about which listing.
//! Pure: no database, no network, and no input makes it panic.
//!
//! Order of trust: an OpenImmo-Feedback attachment (structured) beats a portal's labelled text,
//! which beats guessing from a person's free-form mail.

mod contact_page;
mod generic;
mod html;
pub(crate) mod mime;
mod openimmo;
mod portals;
pub mod score;
pub(crate) mod text;

pub use contact_page::{ContactPage, scrape_contact_page};
pub(crate) use text::split_name;
pub use text::viewing_wish;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::validate::strip_controls;
use model::LeadSource;

// What the parser warns about, as codes (`ParsedInquiry::warnings`; the catalogue says them).
pub(crate) const W_NO_CONTACT: &str = "NO_CONTACT";
pub(crate) const W_REPLY_TO_DIFFERS: &str = "REPLY_TO_DIFFERS";
pub(crate) const W_BAD_OPENIMMO: &str = "OPENIMMO_UNREADABLE";
pub(crate) const W_NO_DETAILS: &str = "NOT_INQUIRY_NO_DETAILS";

/// Who sent an inquiry: a portal, the office's website, or a person writing directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Portal {
    Immoscout24,
    Willhaben,
    Immowelt,
    Kleinanzeigen,
    Homegate,
    #[serde(rename = "IMMOSCOUT24_CH")]
    Immoscout24Ch,
    #[serde(rename = "OPENIMMO_FEEDBACK")]
    OpenImmoFeedback,
    Website,
    Direct,
}

impl Portal {
    /// The code stored and shown through the catalogue (`IMMOSCOUT24`, `DIRECT`, …), as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            Portal::Immoscout24 => "IMMOSCOUT24",
            Portal::Willhaben => "WILLHABEN",
            Portal::Immowelt => "IMMOWELT",
            Portal::Kleinanzeigen => "KLEINANZEIGEN",
            Portal::Homegate => "HOMEGATE",
            Portal::Immoscout24Ch => "IMMOSCOUT24_CH",
            Portal::OpenImmoFeedback => "OPENIMMO_FEEDBACK",
            Portal::Website => "WEBSITE",
            Portal::Direct => "DIRECT",
        }
    }

    /// The lead source to record. An OpenImmo-Feedback attachment comes from some portal or
    /// CRM that the file does not reliably name, so it counts as e-mail.
    pub fn lead_source(self) -> LeadSource {
        match self {
            Portal::Immoscout24 => LeadSource::Immoscout24,
            Portal::Willhaben => LeadSource::Willhaben,
            Portal::Immowelt => LeadSource::Immowelt,
            Portal::Kleinanzeigen => LeadSource::Kleinanzeigen,
            Portal::Homegate => LeadSource::Homegate,
            Portal::Immoscout24Ch => LeadSource::Immoscout24Ch,
            Portal::Website => LeadSource::Website,
            Portal::OpenImmoFeedback | Portal::Direct => LeadSource::Email,
        }
    }
}

/// What an inbound mail says about an inquiry. Every field is what the mail says, trimmed; no
/// field is guessed from another source except `email`, which falls back to Reply-To (portals
/// put the interested party there).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ParsedInquiry {
    pub message_id: Option<String>,
    /// The sender's address (the portal's, for portal mails).
    pub from: Option<String>,
    pub subject: Option<String>,
    pub received_at: Option<DateTime<Utc>>,
    /// `None`: the mail is no inquiry (newsletter, auto-reply, bounce); `warnings` says why.
    pub portal: Option<Portal>,
    pub salutation: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub street: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub message: Option<String>,
    /// The portal's id of the listing ("Scout-ID", willhaben-Code, ...).
    pub portal_listing_id: Option<String>,
    /// The office's own reference ("Objekt-Nr.", "Ihre Referenz", "Anbieter-Objekt-ID").
    pub object_number: Option<String>,
    pub viewing_requested: bool,
    /// The Message-IDs this mail answers (In-Reply-To, then References), without angle brackets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<String>,
    /// Where the inquiry opens in the portal's provider area.
    pub contact_link: Option<String>,
    pub warnings: Vec<String>,
}

impl ParsedInquiry {
    /// The inquiry without control characters other than tab and line breaks: what a mail or
    /// a form says is stored as text, and PostgreSQL refuses NUL in text. A mail cannot be
    /// sent back, so they are dropped rather than refused; the raw bytes keep them.
    pub fn without_controls(mut self) -> Self {
        let clean = |v: &mut Option<String>| {
            if let Some(text) = v
                && let std::borrow::Cow::Owned(stripped) = strip_controls(text)
            {
                *text = stripped;
            }
        };
        for field in [
            &mut self.message_id,
            &mut self.from,
            &mut self.subject,
            &mut self.salutation,
            &mut self.first_name,
            &mut self.last_name,
            &mut self.email,
            &mut self.phone,
            &mut self.street,
            &mut self.postcode,
            &mut self.city,
            &mut self.message,
            &mut self.portal_listing_id,
            &mut self.object_number,
            &mut self.contact_link,
        ] {
            clean(field);
        }
        self
    }
}

/// The input is not a mail at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("the input is empty")]
    Empty,
    #[error("the input has no mail headers")]
    NoHeaders,
    /// A stored structured submission (the website widget's JSON) that cannot be read back.
    #[error("the submission cannot be read: {0}")]
    Malformed(String),
}

/// Reads an inbound mail. Fails only when the input is no mail at all; a mail that holds no
/// inquiry comes back with `portal: None`.
pub fn parse_inquiry(raw: &[u8]) -> Result<ParsedInquiry, ParseError> {
    Ok(read_inquiry(&read_mail(raw)?))
}

/// The parser's reading and the mail as a reader sees it — sender, subject and the decoded
/// text — for the model fallback, from one reading of the MIME.
pub(crate) fn parse_with_text(raw: &[u8]) -> Result<(ParsedInquiry, String), ParseError> {
    let mail = read_mail(raw)?;
    let from =
        [mail.from.name.as_deref(), mail.from.address.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let text = format!("From: {from}\nSubject: {}\n\n{}", mail.subject.as_deref().unwrap_or_default(), mail.text);
    Ok((read_inquiry(&mail), text))
}

fn read_mail(raw: &[u8]) -> Result<mime::Mail, ParseError> {
    mime::read(raw).map_err(|e| match e {
        mime::NotAMail::Empty => ParseError::Empty,
        mime::NotAMail::NoHeaders => ParseError::NoHeaders,
    })
}

/// The inquiry, and what the mail answers. An answer's text is kept even where it does not
/// read as an inquiry: it belongs to a conversation (`conversations::answers`).
fn read_inquiry(mail: &mime::Mail) -> ParsedInquiry {
    let mut inquiry = read_parts(mail);
    inquiry.answers = answered(mail);
    if !inquiry.answers.is_empty() && inquiry.message.is_none() {
        inquiry.message = text::tidy_block(&generic::split_body(&mail.text).0);
    }
    inquiry
}

/// The `<id>`s of In-Reply-To, then of References from the newest, each once.
fn answered(mail: &mime::Mail) -> Vec<String> {
    let ids = |name: &str| -> Vec<String> {
        mail.header(name)
            .map(|v| {
                v.split('<').skip(1).filter_map(|p| p.split_once('>')).map(|(id, _)| id.trim().to_owned()).collect()
            })
            .unwrap_or_default()
    };
    let mut out: Vec<String> = Vec::new();
    for id in ids("in-reply-to").into_iter().chain(ids("references").into_iter().rev()) {
        let clean = !id.is_empty() && id.len() <= 998 && !id.chars().any(|c| c.is_control() || c.is_whitespace());
        if clean && !out.contains(&id) {
            out.push(id);
        }
    }
    out.truncate(20);
    out
}

fn read_parts(mail: &mime::Mail) -> ParsedInquiry {
    let headers_only = ParsedInquiry {
        message_id: mail.message_id.clone(),
        from: mail.from.address.clone(),
        subject: mail.subject.clone(),
        received_at: mail.date,
        ..ParsedInquiry::default()
    };
    let mut inquiry = headers_only.clone();

    if let Some(xml) = openimmo::find(mail) {
        if openimmo::extract(&xml, &mut inquiry) {
            inquiry.portal = Some(Portal::OpenImmoFeedback);
            return finish(mail, inquiry);
        }
        // A broken attachment still leaves the mail's text to read.
        inquiry = ParsedInquiry { warnings: inquiry.warnings, ..headers_only.clone() };
    }

    if let Some(portal) = portals::detect(mail) {
        portals::extract(portal, mail, &mut inquiry);
        if has_inquiry(&inquiry) {
            inquiry.portal = Some(portal);
            return finish(mail, inquiry);
        }
        // From the portal, but nothing read: its newsletters, bounces and auto-replies say so;
        // anything else may be an inquiry in a layout no extractor knows (the model fallback
        // reads those), so it is "no details", not "an automated sender" — portals always are.
        let reason =
            generic::not_an_inquiry(mail).filter(|r| *r != generic::NOT_INQUIRY_AUTOMATED).unwrap_or(W_NO_DETAILS);
        return ParsedInquiry { warnings: vec![reason.to_owned()], ..headers_only };
    }

    if let Some(reason) = generic::not_an_inquiry(mail) {
        return ParsedInquiry { warnings: vec![reason.to_owned()], ..headers_only };
    }
    if let Err(reason) = generic::extract(mail, &mut inquiry) {
        return ParsedInquiry { warnings: vec![reason.to_owned()], ..headers_only };
    }
    if inquiry.message.is_none() {
        return ParsedInquiry { warnings: vec![W_NO_DETAILS.to_owned()], ..headers_only };
    }
    inquiry.portal = Some(Portal::Direct);
    finish(mail, inquiry)
}

fn has_inquiry(i: &ParsedInquiry) -> bool {
    i.email.is_some() || i.phone.is_some() || i.last_name.is_some() || i.first_name.is_some() || i.message.is_some()
}

/// Reply-To is where the answer goes: the party's address for portal mails, a relay for
/// Kleinanzeigen. When it disagrees with the address in the form, the agent must choose.
fn finish(mail: &mime::Mail, mut inquiry: ParsedInquiry) -> ParsedInquiry {
    let reply_to = mail.reply_to.as_ref().and_then(|r| r.address.clone()).filter(|a| !generic::is_automated_address(a));
    match (&inquiry.email, &reply_to) {
        (None, Some(r)) => inquiry.email = Some(r.clone()),
        (Some(e), Some(r)) if !e.eq_ignore_ascii_case(r) => inquiry.warnings.push(W_REPLY_TO_DIFFERS.to_owned()),
        _ => {}
    }
    if inquiry.email.is_none() && inquiry.phone.is_none() {
        inquiry.warnings.push(W_NO_CONTACT.to_owned());
    }
    inquiry
}

#[cfg(test)]
mod tests;
