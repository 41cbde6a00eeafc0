//! Kleinanzeigen (formerly eBay Kleinanzeigen): a chat message passed on by mail. The portal
//! shows only the user's chosen name and hides the address behind a relay in Reply-To, which is
//! the address to answer to.

use crate::intake::parse::{
    ParsedInquiry,
    mime::Mail,
    portals::{Layout, read_layout},
    text::{self, Labelled},
};

pub(super) const DOMAINS: &[&str] = &["kleinanzeigen.de", "ebay-kleinanzeigen.de"];

pub(super) fn is_forwarded(body: &str) -> bool {
    body.contains("kleinanzeigen.de") || body.contains("anzeigennummer")
}

const INTRO: &[&str] = &["Nachricht von ", "Neue Nachricht von "];

pub(super) const LAYOUT: Layout = Layout {
    full_name: &["Name", "Absender"],
    email: &["E-Mail"],
    phone: &["Telefonnummer", "Telefon"],
    message: &["Nachricht"],
    listing_id: &["Anzeigennummer", "Anzeigen-ID", "Anzeige-Nr."],
    object_number: &["Objektnummer", "Objekt-Nr."],
    viewing_phrases: &["ich möchte das objekt besichtigen", "besichtigungstermin"],
    other_labels: &["Anzeige"],
    stops: &[
        "Antworte direkt auf diese E-Mail",
        "Antworten Sie direkt auf diese E-Mail",
        "Dein Kleinanzeigen-Team",
        "Ihr eBay Kleinanzeigen-Team",
        "Schütze dich vor Betrug",
        "Zur Unterhaltung",
    ],
    contact_link: &["kleinanzeigen.de/m-nachrichten", "kleinanzeigen.de/m-nachricht"],
    ..Layout::EMPTY
};

pub(super) fn extract(mail: &Mail, inquiry: &mut ParsedInquiry) {
    read_layout(&LAYOUT, mail, inquiry);
    // The message follows a line "Nachricht von Jonas:" whose label changes with every sender.
    let intro = mail.text.lines().find(|l| text::starts_with_any(l, INTRO) && l.trim_end().ends_with(':'));
    if let Some(intro) = intro {
        let name = INTRO
            .iter()
            .find_map(|p| intro.trim().strip_prefix(p))
            .unwrap_or_default()
            .trim_end()
            .trim_end_matches(':')
            .trim();
        if inquiry.first_name.is_none() && inquiry.last_name.is_none() && !name.is_empty() {
            let parts = text::split_name(name);
            inquiry.first_name = parts.first_name;
            inquiry.last_name = parts.last_name;
        }
        if inquiry.message.is_none() {
            let mut labels = LAYOUT.listing_id.to_vec();
            labels.extend(LAYOUT.phone);
            labels.push(intro.trim());
            inquiry.message = Labelled::new(&mail.text, &labels).block(&[intro.trim()], LAYOUT.stops);
        }
    }
    if inquiry.portal_listing_id.is_none() {
        inquiry.portal_listing_id = mail.links.iter().find_map(|l| listing_id_from_url(&l.url));
    }
    // Newer mails come from the lead's relay address itself, with no Reply-To: it is the only
    // address there is, and the one to answer to.
    if inquiry.email.is_none() && mail.reply_to.is_none() {
        inquiry.email = mail.from.address.clone().filter(|a| is_relay(a));
    }
}

/// The relay address that stands for a Kleinanzeigen user ("interessent-4k2m9x7q1@mail.kleinanzeigen.de"),
/// not the portal's own sender.
fn is_relay(address: &str) -> bool {
    let Some((local, domain)) = address.rsplit_once('@') else { return false };
    DOMAINS.iter().any(|d| domain == *d || domain.ends_with(&format!(".{d}")))
        && !crate::intake::parse::generic::is_automated_address(address)
        && !local.is_empty()
}

/// Listing URLs end in "/<id>-<category>-<location>", e.g. ".../2712345678-203-4243".
fn listing_id_from_url(url: &str) -> Option<String> {
    if !url.contains("/s-anzeige/") {
        return None;
    }
    let last = url.split(['?', '#']).next()?.rsplit('/').next()?;
    let id = last.split('-').next()?;
    (id.len() >= 8 && id.chars().all(|c| c.is_ascii_digit())).then(|| id.to_owned())
}
