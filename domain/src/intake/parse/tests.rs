//! Saved mails with the expected result beside them (`fixtures/inbound/NAME.eml` and
//! `NAME.json`), and property tests that no input makes the parser panic.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::sample::Index;

use crate::intake::parse::*;

const MIN_FIXTURES: usize = 40;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/intake/parse/fixtures/inbound")
}

fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixture folder exists")
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".eml")).map(str::to_owned))
        .collect();
    names.sort();
    names
}

static FIXTURE_MAILS: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
    fixture_names()
        .iter()
        .map(|n| std::fs::read(fixtures_dir().join(format!("{n}.eml"))).expect("readable fixture"))
        .collect()
});

/// What the corpus score measures (`score::Field`): held to `LEVELS` there, not to exactness
/// here, so that a fixture can hold the truth of a mail the parser does not read completely yet.
const SCORED: [&str; 9] = [
    "portal",
    "first_name",
    "last_name",
    "email",
    "phone",
    "message",
    "portal_listing_id",
    "object_number",
    "viewing_requested",
];

/// Field by field, only where they differ and outside the scored fields, so a failing fixture
/// reads like a review comment.
fn diff(expected: &ParsedInquiry, actual: &ParsedInquiry) -> String {
    let expected = serde_json::to_value(expected).expect("serialisable");
    let actual = serde_json::to_value(actual).expect("serialisable");
    let mut out = String::new();
    if let (Some(e), Some(a)) = (expected.as_object(), actual.as_object()) {
        for (key, e_value) in e.iter().filter(|(key, _)| !SCORED.contains(&key.as_str())) {
            let a_value = a.get(key).unwrap_or(&serde_json::Value::Null);
            if e_value != a_value {
                out.push_str(&format!("  {key}:\n    expected: {e_value}\n    actual:   {a_value}\n"));
            }
        }
    }
    out
}

#[test]
fn every_fixture_gives_the_expected_unscored_fields() {
    let names = fixture_names();
    let mut failures = Vec::new();
    for name in &names {
        let raw = std::fs::read(fixtures_dir().join(format!("{name}.eml"))).expect("readable .eml");
        let json_path = fixtures_dir().join(format!("{name}.json"));
        let Ok(json) = std::fs::read_to_string(&json_path) else {
            failures.push(format!("{name}: missing {}", json_path.display()));
            continue;
        };
        let expected: ParsedInquiry = match serde_json::from_str(&json) {
            Ok(e) => e,
            Err(e) => {
                failures.push(format!("{name}: expected JSON does not parse: {e}"));
                continue;
            }
        };
        match parse_inquiry(&raw) {
            Ok(actual) => {
                let differs = diff(&expected, &actual);
                if !differs.is_empty() {
                    failures.push(format!("{name}:\n{differs}"));
                }
            }
            Err(e) => failures.push(format!("{name}: parse error {e}")),
        }
    }
    assert!(failures.is_empty(), "{} of {} fixtures differ:\n\n{}", failures.len(), names.len(), failures.join("\n"));
    assert!(
        names.len() >= MIN_FIXTURES,
        "only {} fixtures in {:?}, want at least {MIN_FIXTURES}",
        names.len(),
        fixtures_dir()
    );
}

/// The levels the corpus holds the parser to, per field: (precision, recall). Today's corpus is
/// read completely; a fixture that shows a miss of a known class may lower a level, knowingly and
/// in `docs/benchmarks.md`, until the class is fixed.
const LEVELS: [(score::Field, f64, f64); 8] = [
    (score::Field::Recognised, 1.0, 1.0),
    (score::Field::Name, 1.0, 1.0),
    (score::Field::Email, 1.0, 1.0),
    (score::Field::Phone, 1.0, 1.0),
    (score::Field::Message, 1.0, 1.0),
    (score::Field::ListingId, 1.0, 1.0),
    (score::Field::ObjectNumber, 1.0, 1.0),
    (score::Field::ViewingWish, 1.0, 1.0),
];

#[test]
fn the_corpus_reads_at_the_set_levels_field_by_field() {
    let score = score::score_dir(&fixtures_dir()).expect("the fixtures are a corpus");
    assert_eq!(score.mails as usize, fixture_names().len(), "every fixture has its true inquiry");
    let below: Vec<String> = LEVELS
        .iter()
        .filter_map(|(field, precision, recall)| {
            let t = score.tally(*field);
            (t.precision() < *precision || t.recall() < *recall).then(|| {
                format!(
                    "{}: precision {:.3} (level {precision}), recall {:.3} (level {recall})",
                    field.as_str(),
                    t.precision(),
                    t.recall()
                )
            })
        })
        .collect();
    let misses: Vec<String> = score
        .misses
        .iter()
        .map(|m| format!("{} {}: {:?} != {:?}", m.mail, m.field.as_str(), m.actual, m.expected))
        .collect();
    assert!(
        below.is_empty(),
        "below the levels:\n{}\n\n{}\nmisses:\n{}",
        below.join("\n"),
        score.table(),
        misses.join("\n")
    );
}

#[test]
fn the_reference_in_a_subject_is_taken_a_title_never() {
    let subject = generic::object_number_in_subject;
    assert_eq!(subject("Neue Anfrage zu Ihrem Objekt OMS 4-1-12").as_deref(), Some("OMS 4-1-12"));
    assert_eq!(subject("Anfrage zu Ihrem Objekt: W-1070-12.").as_deref(), Some("W-1070-12"));
    assert_eq!(subject("Kontaktanfrage (Ref.-Nr. HB-221)").as_deref(), Some("HB-221"));
    assert_eq!(subject("Kontaktanfrage zu Ihrem Objekt \"Helle 3-Zimmer-Wohnung\""), None);
    assert_eq!(subject("Anfrage zu Ihrem Objekt 2-Zimmer-Wohnung Giesing"), None);
    assert_eq!(
        subject("Neue Anfrage zu Ihrem Objekt (Online-ID: 2bxk45m)"),
        None,
        "a portal's id is no reference of the office"
    );
    assert_eq!(subject("Neue Anfrage für Ihr Objekt"), None);
}

#[test]
fn a_viewing_wish_is_read_from_the_leads_words() {
    for asks in [
        "Ich hätte gerne einen Besichtigungstermin.",
        "Wäre eine Besichtigung am Donnerstag möglich?",
        "Ich würde sie mir gerne am Samstag anschauen.",
        "Could we arrange a viewing next week?",
        "Une visite serait-elle possible ?",
    ] {
        assert!(text::asks_for_viewing(asks), "{asks}");
    }
    for not in ["Ist die Wohnung noch frei?", "Ich habe mir die Bilder angesehen, wie hoch sind die Nebenkosten?"] {
        assert!(!text::asks_for_viewing(not), "{not}");
    }
}

#[test]
fn a_viewing_wish_carries_the_time_it_names() {
    use chrono::{NaiveDate, TimeZone, Timelike};
    use model::TimePrecision;
    let vienna = chrono_tz::Europe::Vienna;
    // Monday, 7 December 2026, 10:00 in Vienna.
    let written = vienna.with_ymd_and_hms(2026, 12, 7, 10, 0, 0).unwrap();
    let wish = |m: &str| text::viewing_wish(m, written);
    let local = |w: &model::ViewingWish| (w.from.with_timezone(&vienna), w.to.with_timezone(&vienna));

    let thursday = wish("Guten Tag, wäre eine Besichtigung am Donnerstag nachmittags möglich?").unwrap();
    let (from, to) = local(&thursday);
    assert_eq!(thursday.precision, TimePrecision::PartOfDay);
    assert_eq!(
        (from.date_naive(), to.date_naive()),
        (NaiveDate::from_ymd_opt(2026, 12, 10).unwrap(), from.date_naive())
    );
    assert!(from.hour() >= 12 && to > from, "the afternoon: {from} – {to}");

    // Named in the sentence after the one that asks.
    let tuesday = wish("Ich hätte gerne einen Besichtigungstermin. Dienstag um 17 Uhr wäre ideal.").unwrap();
    assert_eq!(
        (tuesday.precision, local(&tuesday).0),
        (TimePrecision::Time, vienna.with_ymd_and_hms(2026, 12, 8, 17, 0, 0).unwrap())
    );
    // A date's full stops end no sentence.
    let dated = wish("Wäre eine Besichtigung am 12.12. Um 11 Uhr vielleicht?").unwrap();
    assert_eq!(local(&dated).0, vienna.with_ymd_and_hms(2026, 12, 12, 11, 0, 0).unwrap());
    let week = wish("Could we arrange a viewing next week?").unwrap();
    assert_eq!(
        (week.precision, local(&week).0.date_naive()),
        (TimePrecision::Day, NaiveDate::from_ymd_opt(2026, 12, 14).unwrap())
    );

    // No wish: no time named, a date that is no viewing's, a time already past.
    assert_eq!(wish("Ich hätte gerne einen Besichtigungstermin."), None);
    assert_eq!(wish("Wir ziehen am 1.3. ein. Ist die Wohnung noch frei? Eine Besichtigung wäre schön."), None);
    assert_eq!(wish("Eine Besichtigung heute um 9 Uhr?"), None);
}

#[test]
fn input_that_is_no_mail_is_an_error() {
    assert_eq!(parse_inquiry(b""), Err(ParseError::Empty));
    assert_eq!(parse_inquiry(b" \r\n\t"), Err(ParseError::Empty));
    assert_eq!(parse_inquiry(b"\x00\x01\x02 hello"), Err(ParseError::NoHeaders));
    assert_eq!(parse_inquiry(b"just some words, no header at all"), Err(ParseError::NoHeaders));
}

#[test]
fn portals_serialise_and_map_to_lead_sources() {
    assert_eq!(serde_json::to_string(&Portal::Immoscout24Ch).expect("json"), "\"IMMOSCOUT24_CH\"");
    assert_eq!(serde_json::to_string(&Portal::OpenImmoFeedback).expect("json"), "\"OPENIMMO_FEEDBACK\"");
    assert_eq!(serde_json::to_string(&Portal::Kleinanzeigen).expect("json"), "\"KLEINANZEIGEN\"");
    assert_eq!(Portal::Immoscout24Ch.lead_source(), LeadSource::Immoscout24Ch);
    assert_eq!(Portal::Homegate.lead_source(), LeadSource::Homegate);
    assert_eq!(Portal::Direct.lead_source(), LeadSource::Email);
}

#[test]
fn direct_mail_body_drops_quote_and_signature() {
    let body = "Guten Tag,\n\nist die Wohnung noch frei?\n\nViele Grüße\nAnna Huber\nTel. 0171 2345678\n\nAm 03.03.2024 um 10:00 schrieb Büro Berger <info@berger.de>:\n> Alte Nachricht";
    let (message, signature) = generic::split_body(body);
    assert_eq!(text::tidy_block(&message).as_deref(), Some("Guten Tag,\n\nist die Wohnung noch frei?"));
    assert_eq!(signature, "Viele Grüße\nAnna Huber\nTel. 0171 2345678\n");
    assert_eq!(generic::object_number_in_prose("Anfrage zu Objekt-Nr.: W-22, 3 Zimmer").as_deref(), Some("W-22"));
}

fn direct_mail(body: &str) -> Vec<u8> {
    format!(
        "From: Unbekannt <someone@example.org>\r\nTo: info@makler.test\r\nSubject: Hallo\r\nMessage-ID: <x1@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}"
    )
    .into_bytes()
}

#[test]
fn a_direct_mail_needs_a_person_writing() {
    let person = parse_inquiry(&direct_mail("Guten Tag, ist die Wohnung in der Ringstraße noch frei?")).expect("mail");
    assert_eq!(person.portal, Some(Portal::Direct), "{:?}", person.warnings);

    let one_letter = parse_inquiry(&direct_mail(&"a".repeat(1 << 20))).expect("mail");
    assert_eq!(one_letter.portal, None);
    assert_eq!(one_letter.warnings, vec![generic::NOT_INQUIRY_TOO_LONG]);
    assert_eq!(one_letter.message, None, "nothing of it is kept as a lead's message");

    let cases = [
        ("a".repeat(500), generic::NOT_INQUIRY_UNREADABLE),
        ("siehe Anhang".to_owned(), generic::NOT_INQUIRY_UNREADABLE),
        ("0171 2345678 0171 2345678 0171 2345678 ab cd ef".to_owned(), generic::NOT_INQUIRY_UNREADABLE),
        (format!("Hallo hier {}", "QUJD".repeat(40)), generic::NOT_INQUIRY_UNREADABLE),
        ("Wort ".repeat(3000), generic::NOT_INQUIRY_TOO_LONG),
    ];
    for (body, reason) in cases {
        let parsed = parse_inquiry(&direct_mail(&body)).expect("mail");
        assert_eq!(
            (parsed.portal, parsed.warnings),
            (None, vec![reason.to_owned()]),
            "{}",
            &body[..body.len().min(60)]
        );
    }
    // A link is one long token and still a person's mail.
    let with_link =
        format!("Hallo, ich interessiere mich für https://www.example.org/{} – bitte melden.", "x".repeat(120));
    assert_eq!(parse_inquiry(&direct_mail(&with_link)).expect("mail").portal, Some(Portal::Direct));
    // An empty body stays "no details", as before.
    assert_eq!(parse_inquiry(&direct_mail("")).expect("mail").warnings, vec![W_NO_DETAILS]);
}

/// One edit of a fixture mail: overwrite, insert or delete a byte.
fn mutate(mail: &[u8], edits: &[(Index, u8, u8)]) -> Vec<u8> {
    let mut bytes = mail.to_vec();
    for (at, byte, op) in edits {
        if bytes.is_empty() {
            bytes.push(*byte);
            continue;
        }
        let i = at.index(bytes.len());
        match op {
            0 => bytes[i] = *byte,
            1 => bytes.insert(i, *byte),
            _ => {
                bytes.remove(i);
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = parse_inquiry(&bytes);
    }

    #[test]
    fn never_panics_on_mutated_fixtures(
        pick in any::<Index>(),
        edits in proptest::collection::vec((any::<Index>(), any::<u8>(), 0u8..3), 1..48),
        cut in any::<Index>(),
        truncate in any::<bool>(),
    ) {
        let mail = &FIXTURE_MAILS[pick.index(FIXTURE_MAILS.len())];
        let mut bytes = mutate(mail, &edits);
        if truncate && !bytes.is_empty() {
            bytes.truncate(cut.index(bytes.len()));
        }
        let _ = parse_inquiry(&bytes);
    }

    #[test]
    fn never_panics_on_mail_shaped_text(
        body in "(<[a-z/!]{0,4}( href=[\"']?[a-z:/.]{0,8})?>?|[a-zäöüß ]{0,12}|&[a-z#0-9]{0,6};?|[:@.,\t>-]|\r?\n|Tel\\.? ?[0-9+ /]{0,14}|Nachricht:|Am [0-9.]{0,10} schrieb x:|--)*",
        html in any::<bool>(),
    ) {
        let ctype = if html { "text/html" } else { "text/plain" };
        let raw = format!(
            "From: Anna <anna@example.org>\r\nReply-To: x@y.de\r\nSubject: Anfrage\r\nContent-Type: {ctype}; charset=utf-8\r\n\r\n{body}"
        );
        let parsed = parse_inquiry(raw.as_bytes());
        prop_assert!(parsed.is_ok());
    }
}
