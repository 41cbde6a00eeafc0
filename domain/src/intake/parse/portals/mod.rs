//! Portal notification mails. Each portal writes the same kind of form with its own labels, so a
//! portal is a [`Layout`] (its labels and markers) read by one shared extractor, plus whatever
//! its mails do differently.

mod homegate;
mod immoscout24;
mod immoscout24_ch;
mod immowelt;
mod kleinanzeigen;
mod website;
mod willhaben;

use crate::intake::parse::{
    ParsedInquiry, Portal, generic,
    mime::Mail,
    text::{self, Labelled},
};

/// How one portal labels the fields of its notification mail. Labels are compared without case
/// and trailing colon.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    pub salutation: &'static [&'static str],
    pub first_name: &'static [&'static str],
    pub last_name: &'static [&'static str],
    /// A whole name in one field ("Name: Frau Anna Huber").
    pub full_name: &'static [&'static str],
    pub email: &'static [&'static str],
    pub phone: &'static [&'static str],
    pub street: &'static [&'static str],
    pub postcode_city: &'static [&'static str],
    pub postcode: &'static [&'static str],
    pub city: &'static [&'static str],
    /// Street, postcode and city in one field.
    pub address: &'static [&'static str],
    pub message: &'static [&'static str],
    pub listing_id: &'static [&'static str],
    pub object_number: &'static [&'static str],
    /// Fields answered yes/no ("Besichtigung gewünscht: Ja").
    pub viewing_fields: &'static [&'static str],
    /// Sentences the portal writes only when a viewing was asked for.
    pub viewing_phrases: &'static [&'static str],
    /// Other labels of the form, so that the message block ends there.
    pub other_labels: &'static [&'static str],
    /// Lines that end the message block (the portal's footer).
    pub stops: &'static [&'static str],
    /// Substrings of the URL that opens the contact in the portal's provider area.
    pub contact_link: &'static [&'static str],
    /// Substrings of the listing's public URL, whose last path segment ends in the listing id:
    /// where the mail names the listing only by its link.
    pub listing_link: &'static [&'static str],
}

impl Layout {
    pub const EMPTY: Layout = Layout {
        salutation: &[],
        first_name: &[],
        last_name: &[],
        full_name: &[],
        email: &[],
        phone: &[],
        street: &[],
        postcode_city: &[],
        postcode: &[],
        city: &[],
        address: &[],
        message: &[],
        listing_id: &[],
        object_number: &[],
        viewing_fields: &[],
        viewing_phrases: &[],
        other_labels: &[],
        stops: &[],
        contact_link: &[],
        listing_link: &[],
    };

    fn labels(&self) -> Vec<&'static str> {
        [
            self.salutation,
            self.first_name,
            self.last_name,
            self.full_name,
            self.email,
            self.phone,
            self.street,
            self.postcode_city,
            self.postcode,
            self.city,
            self.address,
            self.message,
            self.listing_id,
            self.object_number,
            self.viewing_fields,
            self.other_labels,
        ]
        .concat()
    }
}

/// Which portal wrote this mail: the sender's domain first, then markers in the body for mails
/// an agent forwarded from their own address.
pub(crate) fn detect(mail: &Mail) -> Option<Portal> {
    let domains: Vec<String> =
        [Some(&mail.from), mail.reply_to.as_ref()].into_iter().flatten().map(|m| m.domain()).collect();
    let sender = domains.first().cloned().unwrap_or_default();
    let from_domain = |suffixes: &[&str]| suffixes.iter().any(|s| sender == *s || sender.ends_with(&format!(".{s}")));
    let portal = if from_domain(immoscout24::DOMAINS) {
        Some(Portal::Immoscout24)
    } else if from_domain(willhaben::DOMAINS) {
        Some(Portal::Willhaben)
    } else if from_domain(immowelt::DOMAINS) {
        Some(Portal::Immowelt)
    } else if from_domain(kleinanzeigen::DOMAINS) {
        Some(Portal::Kleinanzeigen)
    } else if from_domain(homegate::DOMAINS) {
        Some(Portal::Homegate)
    } else if from_domain(immoscout24_ch::DOMAINS) {
        Some(Portal::Immoscout24Ch)
    } else {
        None
    };
    portal.or_else(|| {
        let body = mail.text.to_lowercase();
        let subject = mail.subject.as_deref().unwrap_or_default().to_lowercase();
        if immoscout24_ch::is_forwarded(&body) {
            Some(Portal::Immoscout24Ch)
        } else if immoscout24::is_forwarded(&body) {
            Some(Portal::Immoscout24)
        } else if willhaben::is_forwarded(&body) {
            Some(Portal::Willhaben)
        } else if immowelt::is_forwarded(&body) {
            Some(Portal::Immowelt)
        } else if kleinanzeigen::is_forwarded(&body) {
            Some(Portal::Kleinanzeigen)
        } else if homegate::is_forwarded(&body) {
            Some(Portal::Homegate)
        } else if website::is_form_mail(mail, &subject, &body) {
            Some(Portal::Website)
        } else {
            None
        }
    })
}

/// Reads the portal's fields into `inquiry`.
pub(crate) fn extract(portal: Portal, mail: &Mail, inquiry: &mut ParsedInquiry) {
    let unquoted = unquote_forward(mail);
    let mail = unquoted.as_ref().unwrap_or(mail);
    match portal {
        Portal::Immoscout24 => read_layout(&immoscout24::LAYOUT, mail, inquiry),
        Portal::Willhaben => read_layout(&willhaben::LAYOUT, mail, inquiry),
        Portal::Immowelt => read_layout(&immowelt::LAYOUT, mail, inquiry),
        Portal::Kleinanzeigen => kleinanzeigen::extract(mail, inquiry),
        Portal::Homegate => read_layout(&homegate::LAYOUT, mail, inquiry),
        Portal::Immoscout24Ch => read_layout(&immoscout24_ch::LAYOUT, mail, inquiry),
        Portal::Website => read_layout(&website::LAYOUT, mail, inquiry),
        Portal::OpenImmoFeedback | Portal::Direct => {}
    }
    // What the lead wrote counts as much as the form: a viewing asked for, a number to call.
    let message = inquiry.message.as_deref().unwrap_or_default();
    inquiry.viewing_requested |= text::asks_for_viewing(message);
    if inquiry.phone.is_none() {
        inquiry.phone = text::phone_in_message(message);
    }
}

/// A portal mail forwarded as a quote (Apple Mail's "Anfang der weitergeleiteten Nachricht:" with
/// every line after "> "): the mail with its quote marks taken off, so that its labels read as
/// labels. `None` for a mail that is no quoted forward.
fn unquote_forward(mail: &Mail) -> Option<Mail> {
    let quoted = mail.text.lines().filter(|l| l.trim_start().starts_with('>')).count();
    if quoted < 5 {
        return None;
    }
    let text = mail
        .text
        .lines()
        .map(|l| {
            let t = l.trim_start();
            t.strip_prefix('>').map(|rest| rest.strip_prefix(' ').unwrap_or(rest)).unwrap_or(l)
        })
        .collect::<Vec<_>>()
        .join("\n");
    Some(Mail { text, ..mail.clone() })
}

/// The shared extractor: every field the layout names, read from the mail's text.
pub(crate) fn read_layout(layout: &Layout, mail: &Mail, inquiry: &mut ParsedInquiry) {
    let fields = Labelled::new(&mail.text, &layout.labels());
    let value = |aliases: &[&str]| fields.value(aliases).filter(|v| !is_blank_value(v));

    let first_name = value(layout.first_name);
    if let Some(full) = value(layout.full_name) {
        let name = text::split_name(&full);
        inquiry.salutation = name.salutation;
        // Beside a first-name field, a one-word "Name" is the family name (Swiss forms).
        (inquiry.first_name, inquiry.last_name) = match (&first_name, name.first_name, name.last_name) {
            (Some(_), Some(only), None) => (None, Some(only)),
            (_, first, last) => (first, last),
        };
    }
    if let Some(s) = value(layout.salutation) {
        inquiry.salutation = text::normalise_salutation(&s).or(inquiry.salutation.take());
    }
    if let Some(first) = first_name {
        inquiry.first_name = Some(first);
    }
    if let Some(last) = value(layout.last_name) {
        inquiry.last_name = Some(last);
    }
    inquiry.email = value(layout.email).and_then(|v| text::clean_email(&v));
    inquiry.phone = value(layout.phone).and_then(|v| text::clean_phone(&v));
    if let Some(address) = value(layout.address) {
        (inquiry.street, inquiry.postcode, inquiry.city) = text::split_address(&address);
    }
    if let Some(street) = value(layout.street) {
        inquiry.street = Some(street);
    }
    if let Some(pc) = value(layout.postcode_city) {
        (inquiry.postcode, inquiry.city) = text::split_postcode_city(&pc);
    }
    if let Some(pc) = value(layout.postcode) {
        inquiry.postcode = Some(pc);
    }
    if let Some(city) = value(layout.city) {
        inquiry.city = Some(city);
    }
    // The contact link's own text ("Anfrage im ScoutManager ansehen") ends the message too.
    let link_texts: Vec<&str> = mail
        .links
        .iter()
        .filter(|l| layout.contact_link.iter().any(|m| l.url.contains(m)))
        .map(|l| l.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    let stops = [layout.stops, FOOTERS, &link_texts].concat();
    inquiry.message = fields.block(layout.message, &stops).filter(|m| !is_blank_value(m));
    inquiry.portal_listing_id =
        value(layout.listing_id).map(|v| first_word(&v)).or_else(|| listing_id_in_link(mail, layout.listing_link));
    inquiry.object_number = value(layout.object_number)
        .map(|v| first_word(&v))
        .or_else(|| mail.subject.as_deref().and_then(generic::object_number_in_subject));
    let lower = mail.text.to_lowercase();
    inquiry.viewing_requested = layout.viewing_fields.iter().any(|f| value(&[f]).is_some_and(|v| text::is_yes(&v)))
        || text::contains_any(&lower, layout.viewing_phrases);
    inquiry.contact_link = contact_link(mail, layout.contact_link);
}

/// The lines every portal's footer starts with, which end the lead's message whatever the portal.
const FOOTERS: &[&str] = &[
    "Bitte antworten Sie direkt auf diese E-Mail",
    "Antworten Sie direkt auf diese E-Mail",
    "Sie können direkt auf diese E-Mail antworten",
    "Please reply directly to this e-mail",
    "Please reply directly to this email",
    "Diese E-Mail wurde automatisch",
    // The earlier messages of a conversation the portal appends below the new one.
    "Nachrichtenverlauf",
    "Bisheriger Nachrichtenverlauf",
    "Message history",
];

/// Portals print a dash or "keine Angabe" for a field the sender left empty.
fn is_blank_value(v: &str) -> bool {
    matches!(
        v.trim().to_lowercase().as_str(),
        "" | "-" | "–" | "—" | "keine angabe" | "nicht angegeben" | "k.a." | "n/a"
    )
}

/// Ids are one token; portals sometimes add the listing title after it.
fn first_word(v: &str) -> String {
    v.split_whitespace().next().unwrap_or_default().trim_end_matches([',', ';', '.', ')']).to_owned()
}

/// ".../d/wohnung-mieten-bern/8022334455" or ".../expose/150987654?ref=mail": the digits the
/// listing link's last path segment ends in.
fn listing_id_in_link(mail: &Mail, markers: &[&str]) -> Option<String> {
    let url = contact_link(mail, markers)?;
    let path = url.split(['?', '#']).next()?.trim_end_matches('/');
    let segment = path.rsplit('/').next()?;
    let digits: String =
        segment.chars().rev().take_while(char::is_ascii_digit).collect::<Vec<_>>().into_iter().rev().collect();
    (digits.len() >= 5).then_some(digits)
}

pub(crate) fn contact_link(mail: &Mail, markers: &[&str]) -> Option<String> {
    mail.links.iter().find(|l| markers.iter().any(|m| l.url.contains(m))).map(|l| l.url.clone())
}
