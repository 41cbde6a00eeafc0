//! OpenImmo-Feedback: the XML that portals and CRMs attach so that an inquiry can be imported
//! without reading prose (`<openimmo_feedback><objekt><interessent>…`). When it is there it is
//! the most reliable source, so it wins over the mail's text.

use crate::intake::parse::{
    ParsedInquiry, W_BAD_OPENIMMO,
    mime::{Attachment, Mail},
    text,
};

/// The feedback document among the attachments, decoded to text.
pub(crate) fn find(mail: &Mail) -> Option<String> {
    mail.attachments
        .iter()
        .filter(|a| looks_like_xml(a))
        .map(|a| decode(&a.data))
        .find(|xml| xml.contains("openimmo_feedback"))
}

fn looks_like_xml(a: &Attachment) -> bool {
    a.content_type.ends_with("/xml")
        || a.name.as_deref().is_some_and(|n| n.to_lowercase().ends_with(".xml"))
        || a.data.starts_with(b"<?xml")
}

/// OpenImmo files in the wild are UTF-8 or ISO-8859-1 (the older versions' default).
fn decode(data: &[u8]) -> String {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    match std::str::from_utf8(data) {
        Ok(s) => s.to_owned(),
        Err(_) => data.iter().map(|&b| char::from(b)).collect(),
    }
}

/// Fills `inquiry` from the document; `false` when it could not be read.
pub(crate) fn extract(xml: &str, inquiry: &mut ParsedInquiry) -> bool {
    // roxmltree reads UTF-8 only and rejects a DTD; the declaration names the original encoding,
    // which `decode` already dealt with.
    let body = match xml.trim_start().strip_prefix("<?xml") {
        Some(rest) => rest.split_once("?>").map_or("", |(_, after)| after),
        None => xml,
    };
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..roxmltree::ParsingOptions::default() };
    let Ok(doc) = roxmltree::Document::parse_with_options(body, options) else {
        inquiry.warnings.push(W_BAD_OPENIMMO.to_owned());
        return false;
    };
    let root = doc.root_element();
    let Some(objekt) = child(root, "objekt") else {
        inquiry.warnings.push(W_BAD_OPENIMMO.to_owned());
        return false;
    };
    let Some(person) = child(objekt, "interessent") else {
        inquiry.warnings.push(W_BAD_OPENIMMO.to_owned());
        return false;
    };
    let get = |node: roxmltree::Node<'_, '_>, name: &str| {
        child(node, name)
            .and_then(|n| n.text())
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|t| !t.is_empty())
    };

    inquiry.salutation = get(person, "anrede").and_then(|a| text::normalise_salutation(&a));
    inquiry.first_name = get(person, "vorname");
    inquiry.last_name = get(person, "nachname");
    inquiry.email = get(person, "email").and_then(|e| text::clean_email(&e));
    inquiry.phone = get(person, "tel")
        .or_else(|| get(person, "mobil"))
        .or_else(|| get(person, "tel_privat"))
        .and_then(|p| text::clean_phone(&p));
    inquiry.street = match (get(person, "strasse"), get(person, "hausnummer")) {
        (Some(s), Some(n)) => Some(format!("{s} {n}")),
        (s, _) => s,
    };
    inquiry.postcode = get(person, "plz");
    inquiry.city = get(person, "ort");
    // The message keeps its line breaks.
    inquiry.message = child(person, "anfrage").and_then(|n| n.text()).and_then(text::tidy_block);
    inquiry.viewing_requested = get(person, "wunsch").is_some_and(|w| w.to_uppercase().contains("BESICHTIGUNG"));
    inquiry.portal_listing_id = get(objekt, "portal_unique_id").or_else(|| get(objekt, "portal_obj_id"));
    inquiry.object_number = get(objekt, "oobj_id").or_else(|| get(objekt, "zusatz_refnr"));
    true
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|c| c.is_element() && c.tag_name().name().eq_ignore_ascii_case(name))
}
