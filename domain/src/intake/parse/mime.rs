//! The mail as the extractors see it: decoded headers, one plain-text rendering of the body, the
//! links of the HTML body and the attachments. Everything MIME-specific stays in this file so
//! that the extractors work on text only.

use chrono::{DateTime, TimeZone, Utc};
use mail_parser::{Addr, Address, MessageParser, MimeHeaders, PartType};

/// A mailbox from a header: the display name as written and the bare address.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Mailbox {
    pub name: Option<String>,
    pub address: Option<String>,
}

impl Mailbox {
    /// The part after `@`, lower-cased; empty when there is no address.
    pub fn domain(&self) -> String {
        self.address.as_deref().and_then(|a| a.rsplit_once('@')).map(|(_, d)| d.to_lowercase()).unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Attachment {
    pub name: Option<String>,
    pub content_type: String,
    pub data: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Link {
    pub url: String,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Mail {
    pub message_id: Option<String>,
    pub from: Mailbox,
    pub reply_to: Option<Mailbox>,
    pub subject: Option<String>,
    pub date: Option<DateTime<Utc>>,
    /// Every header as (lower-case name, raw value), for the markers that only live in headers.
    pub headers: Vec<(String, String)>,
    pub content_type: String,
    /// The body as plain text: the text/plain part when there is one, else the HTML rendered.
    pub text: String,
    pub links: Vec<Link>,
    pub attachments: Vec<Attachment>,
}

impl Mail {
    /// The first value of a header, trimmed; `name` in lower case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.trim())
    }
}

/// Why a byte string is not a mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NotAMail {
    Empty,
    NoHeaders,
}

pub(crate) fn read(raw: &[u8]) -> Result<Mail, NotAMail> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err(NotAMail::Empty);
    }
    let message = MessageParser::default().parse(raw).ok_or(NotAMail::NoHeaders)?;
    // mail-parser accepts any text and files it under a made-up header name; a mail has at least
    // one of the headers every sender writes.
    let known = ["from", "to", "subject", "date", "message-id", "sender", "reply-to", "content-type", "mime-version"];
    let headers: Vec<(String, String)> =
        message.headers_raw().map(|(name, value)| (name.to_ascii_lowercase(), unfold(value))).collect();
    if !headers.iter().any(|(n, _)| known.contains(&n.as_str())) {
        return Err(NotAMail::NoHeaders);
    }

    let mut mail = Mail {
        message_id: message.message_id().map(|id| id.trim().to_owned()).filter(|id| !id.is_empty()),
        from: message.from().and_then(first_mailbox).unwrap_or_default(),
        reply_to: message.reply_to().and_then(first_mailbox),
        subject: message.subject().map(clean_line).filter(|s| !s.is_empty()),
        date: message.date().filter(|d| d.is_valid()).and_then(|d| Utc.timestamp_opt(d.to_timestamp(), 0).single()),
        content_type: message
            .root_part()
            .content_type()
            .map(|ct| format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or("")).to_ascii_lowercase())
            .unwrap_or_default(),
        headers,
        ..Mail::default()
    };

    let mut plain = Vec::new();
    let mut html = Vec::new();
    for part in message.text_bodies().chain(message.html_bodies()) {
        match &part.body {
            PartType::Text(text) if !plain.contains(&text.as_ref()) => plain.push(text.as_ref()),
            PartType::Html(text) if !html.contains(&text.as_ref()) => html.push(text.as_ref()),
            _ => {}
        }
    }
    let mut rendered = Vec::new();
    for h in &html {
        let (text, links) = crate::intake::parse::html::to_text(h);
        rendered.push(text);
        mail.links.extend(links);
    }
    // Portals send the same content twice in multipart/alternative; the plain part is what the
    // portal wrote for text readers and keeps its line structure, so it wins — unless it is a
    // stub that only points to the HTML ("Diese E-Mail ist im HTML-Format."), as in newer
    // HTML-only notifications: then the HTML is the mail.
    let plain_text = plain.iter().map(|t| t.to_string()).collect::<Vec<_>>().join("\n\n");
    let html_text = rendered.join("\n\n");
    let words = |t: &str| t.split_whitespace().count();
    let stub = words(&plain_text) < 40 && words(&plain_text) * 4 < words(&html_text);
    let body = if plain_text.trim().is_empty() || stub { html_text } else { plain_text };
    mail.text = normalise_text(&body);
    for url in crate::intake::parse::text::urls(&mail.text) {
        if !mail.links.iter().any(|l| l.url == url) {
            mail.links.push(Link { url, text: String::new() });
        }
    }

    for part in message.attachments() {
        let data = match &part.body {
            PartType::Binary(b) | PartType::InlineBinary(b) => b.to_vec(),
            PartType::Text(t) | PartType::Html(t) => t.as_bytes().to_vec(),
            PartType::Message(_) | PartType::Multipart(_) => continue,
        };
        mail.attachments.push(Attachment {
            name: part.attachment_name().map(str::to_owned),
            content_type: part
                .content_type()
                .map(|ct| format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or("")).to_ascii_lowercase())
                .unwrap_or_default(),
            data,
        });
    }
    Ok(mail)
}

fn first_mailbox(address: &Address<'_>) -> Option<Mailbox> {
    let addr: &Addr<'_> = address.first()?;
    let mailbox = Mailbox {
        name: addr
            .name()
            .map(clean_line)
            .map(|n| n.trim_matches(['"', '\'']).trim().to_owned())
            .filter(|n| !n.is_empty()),
        address: addr.address().map(|a| a.trim().to_owned()).filter(|a| a.contains('@')),
    };
    (mailbox.name.is_some() || mailbox.address.is_some()).then_some(mailbox)
}

fn unfold(value: &str) -> String {
    value.split(['\r', '\n']).map(str::trim).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
}

fn clean_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Line ends to `\n`, no-break spaces to spaces, trailing blanks gone, at most one empty line in
/// a row: the extractors then never have to care how the sender wrapped its lines.
pub(crate) fn normalise_text(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n").replace(['\u{a0}', '\u{202f}'], " ");
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}
