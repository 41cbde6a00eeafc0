//! Mails no portal wrote: a person writing directly, or mail that is no inquiry at all.

use crate::intake::parse::{ParsedInquiry, mime::Mail, text};

// Why a mail is no inquiry, as codes (the catalogue says them: `app::i18n::intake`).
pub(crate) const NOT_INQUIRY_BOUNCE: &str = "NOT_INQUIRY_BOUNCE";
pub(crate) const NOT_INQUIRY_AUTO_REPLY: &str = "NOT_INQUIRY_AUTO_REPLY";
pub(crate) const NOT_INQUIRY_BULK: &str = "NOT_INQUIRY_BULK";
pub(crate) const NOT_INQUIRY_AUTOMATED: &str = "NOT_INQUIRY_AUTOMATED";
pub(crate) const NOT_INQUIRY_UNREADABLE: &str = "NOT_INQUIRY_UNREADABLE";
pub(crate) const NOT_INQUIRY_TOO_LONG: &str = "NOT_INQUIRY_TOO_LONG";

/// A person's own words in an inquiry, in characters: more is a document, a paste or junk.
/// Quoted history and signature do not count.
pub(crate) const MAX_OWN_TEXT: usize = 12_000;
/// Fewer words than this is no question ("siehe Anhang"): an attachment-only mail.
const MIN_WORDS: usize = 3;
/// A whitespace-free run this long is encoded data or filler, unless it is a link.
const MAX_TOKEN: usize = 80;

const AUTO_REPLY_SUBJECTS: &[&str] = &[
    "abwesenheitsnotiz",
    "automatische antwort",
    "autom. antwort",
    "out of office",
    "automatic reply",
    "auto-reply",
    "autoreply",
    "abwesend:",
    "ich bin nicht im büro",
    "réponse automatique",
];
const BOUNCE_SUBJECTS: &[&str] = &[
    "undeliverable",
    "unzustellbar",
    "nicht zustellbar",
    "mail delivery failed",
    "delivery status notification",
    "returned mail",
    "undelivered mail",
];
const AUTOMATED_SENDERS: &[&str] =
    &["noreply", "no-reply", "donotreply", "do-not-reply", "mailer-daemon", "postmaster", "newsletter", "bounce"];

/// Why this mail is no inquiry, when it plainly is none.
pub(crate) fn not_an_inquiry(mail: &Mail) -> Option<&'static str> {
    let subject = mail.subject.as_deref().unwrap_or_default().to_lowercase();
    let sender = mail.from.address.as_deref().unwrap_or_default().to_lowercase();
    let header = |name: &str| mail.header(name).map(str::to_lowercase);
    if mail.content_type == "multipart/report"
        || sender.starts_with("mailer-daemon@")
        || sender.starts_with("postmaster@")
        || BOUNCE_SUBJECTS.iter().any(|s| subject.starts_with(s))
    {
        return Some(NOT_INQUIRY_BOUNCE);
    }
    if header("auto-submitted").is_some_and(|v| v != "no")
        || header("x-autoreply").is_some()
        || header("x-autorespond").is_some()
        || header("precedence").is_some_and(|v| v == "auto_reply")
        || AUTO_REPLY_SUBJECTS.iter().any(|s| subject.starts_with(s))
    {
        return Some(NOT_INQUIRY_AUTO_REPLY);
    }
    if header("list-unsubscribe").is_some()
        || header("list-id").is_some()
        || header("precedence").is_some_and(|v| matches!(v.as_str(), "bulk" | "list" | "junk"))
    {
        return Some(NOT_INQUIRY_BULK);
    }
    is_automated_address(&sender).then_some(NOT_INQUIRY_AUTOMATED)
}

/// Why a person's own text (`split_body`'s first half) is no inquiry: a direct mail becomes a
/// lead only when someone plainly wrote it. Every mail that reaches an office's address would
/// otherwise be a lead: a megabyte of one letter, an encoded blob, a bare attachment.
pub(crate) fn not_written_by_a_person(own: &str) -> Option<&'static str> {
    if own.chars().count() > MAX_OWN_TEXT {
        return Some(NOT_INQUIRY_TOO_LONG);
    }
    let tokens: Vec<&str> = own.split_whitespace().collect();
    let words = tokens
        .iter()
        .filter(|t| {
            let letters = t.trim_matches(|c: char| !c.is_alphabetic());
            letters.chars().count() >= 2 && letters.chars().all(|c| c.is_alphabetic() || "-'’".contains(c))
        })
        .count();
    let giant = tokens.iter().any(|t| t.chars().count() > MAX_TOKEN && !t.contains("://"));
    let visible = tokens.iter().map(|t| t.chars().count()).sum::<usize>();
    let letters = own.chars().filter(|c| c.is_alphabetic()).count();
    // Prose is mostly letters; a table of digits or a dump of symbols is not.
    (words < MIN_WORDS || giant || letters * 2 < visible).then_some(NOT_INQUIRY_UNREADABLE)
}

/// "noreply@…", "mailer-daemon@…": nobody reads what is sent there.
pub(crate) fn is_automated_address(address: &str) -> bool {
    let local = address.split('@').next().unwrap_or_default().to_lowercase();
    AUTOMATED_SENDERS.iter().any(|s| local.contains(s))
}

/// Where the quoted history of a reply starts.
fn is_quote_start(line: &str, next: &[&str]) -> bool {
    let l = line.trim().to_lowercase();
    l.starts_with('>')
        || l.starts_with("-----original message")
        || l.starts_with("-----ursprüngliche nachricht")
        || l.starts_with("----- weitergeleitete nachricht")
        || l.starts_with("---------- forwarded message")
        || l.starts_with("________________________________")
        || (l.starts_with("am ") && l.contains("schrieb") && l.ends_with(':'))
        || (l.starts_with("on ") && l.ends_with("wrote:"))
        || (l.starts_with("von:") && next.iter().take(4).any(|n| n.trim().to_lowercase().starts_with("gesendet:")))
        || (l.starts_with("from:") && next.iter().take(4).any(|n| n.trim().to_lowercase().starts_with("sent:")))
}

const CLOSINGS: &[&str] = &[
    "mit freundlichen grüßen",
    "mit freundlichen grüssen",
    "freundliche grüße",
    "freundliche grüsse",
    "viele grüße",
    "viele grüsse",
    "beste grüße",
    "beste grüsse",
    "liebe grüße",
    "liebe grüsse",
    "herzliche grüße",
    "herzliche grüsse",
    "schöne grüße",
    "lg",
    "mfg",
    "vg",
    "gruß",
    "grüße",
    "grüsse",
    "best regards",
    "kind regards",
    "regards",
];

/// The body up to the quoted history, split into what the person wrote and their signature.
pub(crate) fn split_body(body: &str) -> (String, String) {
    let lines: Vec<&str> = body.lines().collect();
    let end = (0..lines.len()).find(|&i| is_quote_start(lines[i], &lines[i + 1..])).unwrap_or(lines.len());
    let own = &lines[..end];
    // The signature starts at the "-- " delimiter or at the closing formula above it.
    let delimiter = own.iter().position(|l| l.trim_end() == "--");
    let closing = own.iter().position(|l| {
        let l = l.trim().trim_end_matches([',', '!', '.']).to_lowercase();
        l.len() <= 40 && CLOSINGS.iter().any(|c| l == *c || l.starts_with(&format!("{c} ")))
    });
    let sig_start = [delimiter, closing].into_iter().flatten().min();
    match sig_start {
        Some(i) => (own[..i].join("\n"), own[i..].join("\n")),
        None => (own.join("\n"), String::new()),
    }
}

/// A direct mail from a person; the reason it is none when its text does not read as a person's
/// (`not_written_by_a_person`).
pub(crate) fn extract(mail: &Mail, inquiry: &mut ParsedInquiry) -> Result<(), &'static str> {
    let (message, signature) = split_body(&mail.text);
    if let Some(reason) = Some(&message).filter(|m| !m.trim().is_empty()).and_then(|m| not_written_by_a_person(m)) {
        return Err(reason);
    }
    inquiry.message = text::tidy_block(&message);
    inquiry.email = mail.from.address.clone();

    let sig_name =
        signature.lines().skip(1).map(str::trim).find(|l| !l.is_empty()).filter(|l| {
            l.split_whitespace().count() <= 5 && l.chars().all(|c| c.is_alphabetic() || " .-'".contains(c))
        });
    if let Some(name) = mail.from.name.as_deref().filter(|n| !n.contains('@')).or(sig_name) {
        let parts = text::split_name(name);
        (inquiry.salutation, inquiry.first_name, inquiry.last_name) =
            (parts.salutation, parts.first_name, parts.last_name);
    }
    inquiry.phone = text::phone_in_signature(&signature).or_else(|| text::phone_in_signature(&message));

    // A postal address in the signature: "80331 München" with the street on the line above.
    let sig_lines: Vec<&str> = signature.lines().map(str::trim).collect();
    for (i, line) in sig_lines.iter().enumerate().skip(1) {
        if line.contains(':') || line.contains('@') {
            continue;
        }
        let candidate = line.rsplit(',').next().unwrap_or(line);
        if let (Some(postcode), Some(city)) = text::split_postcode_city(candidate) {
            inquiry.postcode = Some(postcode);
            inquiry.city = Some(city);
            let street = if candidate.len() < line.len() {
                line.rsplit_once(',').map(|(s, _)| s.trim())
            } else {
                sig_lines.get(i - 1).copied()
            };
            inquiry.street = street
                .filter(|s| s.chars().any(|c| c.is_ascii_digit()) && s.chars().any(char::is_alphabetic))
                .filter(|s| text::clean_phone(s).is_none())
                .map(str::to_owned);
            break;
        }
    }

    inquiry.viewing_requested = text::asks_for_viewing(&message);
    inquiry.object_number = object_number_in_prose(&message);
    Ok(())
}

/// The office's reference in a subject: "Neue Anfrage zu Ihrem Objekt OMS 4-1-12" (all of a short
/// reference, spaces and all), "Ref.-Nr. W-22"; never a listing's title ("zu Ihrem Objekt
/// „Helle 3-Zimmer-Wohnung“", "zu Ihrem Objekt 2-Zimmer-Wohnung Giesing").
pub(crate) fn object_number_in_subject(subject: &str) -> Option<String> {
    const AFTER: &[&str] = &["zu ihrem objekt", "zum objekt", "ihr objekt"];
    let lower = subject.to_lowercase();
    for marker in AFTER {
        let Some(pos) = lower.find(marker) else { continue };
        let skip = lower[..pos + marker.len()].chars().count();
        let rest: String = subject.chars().skip(skip).collect();
        let rest = rest.trim().trim_start_matches([':', '-', '–']).trim().trim_end_matches(['.', ',', ';', ')']);
        if is_reference(rest) {
            return Some(rest.to_owned());
        }
    }
    object_number_in_prose(subject)
}

/// A short code of capitals, digits and separators with a digit in it ("OMS 4-1-12", "W-1070-12"),
/// not words ("2-Zimmer-Wohnung").
fn is_reference(text: &str) -> bool {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let wordy = |t: &&str| t.chars().filter(|c| c.is_lowercase()).count() >= 3;
    (1..=3).contains(&tokens.len())
        && text.chars().count() <= 24
        && text.chars().any(|c| c.is_ascii_digit())
        && !tokens.iter().any(wordy)
        && !text.starts_with(['"', '„', '“', '«', '\''])
}

/// "… zu Ihrem Objekt Nr. 4711" or "Objekt-Nr.: W-22": the token after the marker that has a
/// digit in it.
pub(crate) fn object_number_in_prose(text: &str) -> Option<String> {
    const MARKERS: &[&str] = &[
        "objekt-nr.",
        "objektnummer",
        "objekt nr.",
        "obj.-nr.",
        "objekt-id",
        "ihre referenz",
        "referenznummer",
        "ref.-nr.",
        "ref.nr.",
    ];
    let lower = text.to_lowercase();
    for marker in MARKERS {
        let Some(pos) = lower.find(marker) else { continue };
        // Lower-casing can change byte lengths (rare letters), so go back to `text` by chars.
        let skip = lower[..pos + marker.len()].chars().count();
        let after: String = text.chars().skip(skip).take(60).collect();
        let token = after
            .split_whitespace()
            .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
            .take(3)
            .find(|t| t.chars().any(|c| c.is_ascii_digit()));
        if let Some(token) = token {
            return Some(token.to_owned());
        }
    }
    None
}
