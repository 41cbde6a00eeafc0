//! Validated values, built only through `parse`, and a collector that gathers every field error
//! of a form at once so the UI can show them all.

use model::Country;
use model::error::FieldError;

use super::error::{Error, Result};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Lower-cased, trimmed, one `@`, a dotted domain, no spaces; 254 characters at most.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let s = raw.trim().to_lowercase();
        if s.len() > 254 {
            return Err("too_long");
        }
        let (local, domain) = s.split_once('@').ok_or("invalid_email")?;
        let ok = !local.is_empty()
            && local.len() <= 64
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !s.chars().any(|c| c.is_whitespace() || c.is_control() || "<>(),;:\"[]\\".contains(c));
        if ok { Ok(Self(s)) } else { Err("invalid_email") }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A phone number in E.164 form, read with the office's country as the default region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// Letters are refused: the parser would read them as vanity digits and turn a note such as
    /// "12 34 (abends)" into a valid-looking Vienna number.
    pub fn parse(raw: &str, country: Country) -> Result<Self, &'static str> {
        if raw.chars().any(char::is_alphabetic) {
            return Err("invalid_phone");
        }
        let region = match country {
            Country::De => phonenumber::country::Id::DE,
            Country::At => phonenumber::country::Id::AT,
            Country::Ch => phonenumber::country::Id::CH,
        };
        let number = phonenumber::parse(Some(region), raw.trim()).map_err(|_| "invalid_phone")?;
        if !phonenumber::is_valid(&number) {
            return Err("invalid_phone");
        }
        Ok(Self(number.format().mode(phonenumber::Mode::E164).to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A phone number as intake reads it: normalised when it can be, otherwise kept as entered.
/// Forms reject an invalid number (`Checks::phone`); an inbound inquiry cannot be sent back, so
/// its number is kept and the lead flagged for an agent to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PhoneReading {
    Valid(Phone),
    /// Trimmed, otherwise as the sender wrote it.
    Invalid(String),
}

impl PhoneReading {
    /// Reads a number with the office's country as the default region; `None` for blank input.
    pub fn read(raw: &str, country: Country) -> Option<Self> {
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        Some(match Phone::parse(raw, country) {
            Ok(phone) => Self::Valid(phone),
            Err(_) => Self::Invalid(raw.to_owned()),
        })
    }

    /// What to store: E.164 or the text as entered.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Valid(p) => p.as_str(),
            Self::Invalid(raw) => raw,
        }
    }

    pub fn is_valid(&self) -> bool {
        matches!(self, Self::Valid(_))
    }
}

/// Control characters no text of ours holds: NUL (which PostgreSQL refuses in text), the other
/// C0 controls but tab, line feed and carriage return, DEL and the C1 controls.
pub fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Text from outside that cannot be sent back (a parsed mail): the forbidden control
/// characters are dropped, the rest kept as it came.
pub fn strip_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(is_forbidden_control) {
        text.chars().filter(|c| !is_forbidden_control(*c)).collect::<String>().into()
    } else {
        text.into()
    }
}

/// What a user searches for: trimmed, at most `MAX_CHARS` characters and `MAX_TERMS` words.
/// The words used for matching are the runs of letters and digits (plus `@ . + -`, which
/// addresses and phone numbers need); a text with no such word matches nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchText {
    text: String,
    words: Vec<String>,
}

impl SearchText {
    pub const MAX_CHARS: usize = 200;
    pub const MAX_TERMS: usize = 12;

    /// `required` when blank, `too_long`, `too_many_terms`, `control_characters`.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let text = raw.trim();
        if text.is_empty() {
            return Err("required");
        }
        if text.chars().count() > Self::MAX_CHARS {
            return Err("too_long");
        }
        if text.chars().any(is_forbidden_control) {
            return Err("control_characters");
        }
        if text.split_whitespace().count() > Self::MAX_TERMS {
            return Err("too_many_terms");
        }
        let words = text
            .split_whitespace()
            .map(|w| {
                w.chars().filter(|c| c.is_alphanumeric() || matches!(c, '@' | '.' | '+' | '-')).collect::<String>()
            })
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .collect();
        Ok(Self { text: text.to_owned(), words })
    }

    /// A search box's value: blank is no search.
    pub fn parse_optional(field: &str, raw: Option<&str>) -> Result<Option<Self>> {
        match raw.map(str::trim).filter(|r| !r.is_empty()) {
            None => Ok(None),
            Some(raw) => Self::parse(raw).map(Some).map_err(|code| Error::invalid(field, code, message_for(code))),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The words to match as prefixes; empty when the text had no letter or digit.
    pub fn words(&self) -> &[String] {
        &self.words
    }
}

pub(crate) fn message_for(code: &str) -> &'static str {
    match code {
        "required" => "is required",
        "invalid_email" => "is not a valid email address",
        "invalid_phone" => "is not a valid phone number",
        "too_long" => "is too long",
        "out_of_range" => "is out of range",
        "invalid_range" => "minimum is above maximum",
        "weak_password" => "must have at least 10 characters",
        "control_characters" => "contains control characters",
        "too_many_terms" => "has too many words",
        "too_many" => "has too many entries",
        "not_increasing" => "must be in increasing order",
        "invalid" => "is not valid",
        _ => "is not valid",
    }
}

#[derive(Default)]
pub struct Checks {
    errors: Vec<FieldError>,
}

impl Checks {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn fail(&mut self, field: &str, code: &str) {
        self.errors.push(FieldError {
            field: field.to_owned(),
            code: code.to_owned(),
            message: message_for(code).to_owned(),
        });
    }

    /// Trims; empty becomes `None`; longer than `max` characters, or holding a control
    /// character other than tab and line breaks, is an error.
    pub fn text(&mut self, field: &str, value: Option<String>, max: usize) -> Option<String> {
        let value = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())?;
        if value.chars().count() > max {
            self.fail(field, "too_long");
            return None;
        }
        if value.chars().any(is_forbidden_control) {
            self.fail(field, "control_characters");
            return None;
        }
        Some(value)
    }

    /// One required text checked on its own (a note, a chat message): `Checks::required_text`
    /// and `finish` in one.
    pub fn one_text(field: &str, value: &str, max: usize) -> Result<String> {
        let mut checks = Self::new();
        let text = checks.required_text(field, Some(value.to_owned()), max);
        checks.finish()?;
        Ok(text.unwrap_or_default())
    }

    pub fn required_text(&mut self, field: &str, value: Option<String>, max: usize) -> Option<String> {
        let value = self.text(field, value, max);
        if value.is_none() && !self.has(field) {
            self.fail(field, "required");
        }
        value
    }

    pub fn email(&mut self, field: &str, value: Option<String>) -> Option<String> {
        let value = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())?;
        match Email::parse(&value) {
            Ok(email) => Some(email.into_inner()),
            Err(code) => {
                self.fail(field, code);
                None
            }
        }
    }

    pub fn phone(&mut self, field: &str, value: Option<String>, country: Country) -> Option<String> {
        let value = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())?;
        match Phone::parse(&value, country) {
            Ok(phone) => Some(phone.into_inner()),
            Err(code) => {
                self.fail(field, code);
                None
            }
        }
    }

    pub fn range<T: PartialOrd + Copy>(&mut self, field: &str, value: Option<T>, min: T, max: T) -> Option<T> {
        let value = value?;
        if value < min || value > max {
            self.fail(field, "out_of_range");
            return None;
        }
        Some(value)
    }

    pub fn has(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }

    pub fn finish(self) -> Result<()> {
        if self.errors.is_empty() { Ok(()) } else { Err(Error::Invalid(self.errors)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(Email::parse(" Max.Muster@Example.DE ").map(Email::into_inner), Ok("max.muster@example.de".into()));
        for bad in
            ["", "max", "max@", "@example.de", "max@example", "max@@example.de", "ma x@example.de", "max@example..de"]
        {
            assert!(Email::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn phones_become_e164_with_the_office_country() {
        assert_eq!(Phone::parse("0171 1234567", Country::De).map(Phone::into_inner), Ok("+491711234567".into()));
        assert_eq!(Phone::parse("0664 1234567", Country::At).map(Phone::into_inner), Ok("+436641234567".into()));
        assert_eq!(Phone::parse("044 668 18 00", Country::Ch).map(Phone::into_inner), Ok("+41446681800".into()));
        assert_eq!(Phone::parse("+43 1 5322500", Country::De).map(Phone::into_inner), Ok("+4315322500".into()));
        assert!(Phone::parse("12", Country::De).is_err());
        assert!(Phone::parse("not a number", Country::De).is_err());
    }

    #[test]
    fn intake_keeps_numbers_it_cannot_read() {
        let read = |raw: &str, c| PhoneReading::read(raw, c);
        // The spellings portals and signatures use.
        for (raw, country, e164) in [
            ("0171 2345678", Country::De, "+491712345678"),
            ("0911 / 987 65 43", Country::De, "+499119876543"),
            ("+49 (0)151 4455 6677", Country::De, "+4915144556677"),
            ("+43 664 1234567", Country::De, "+436641234567"),
            ("0664/1234567", Country::At, "+436641234567"),
            ("079 123 45 67", Country::Ch, "+41791234567"),
        ] {
            let r = read(raw, country).unwrap();
            assert!(r.is_valid(), "{raw} should be valid");
            assert_eq!(r.as_str(), e164, "{raw}");
        }
        assert_eq!(read(" 12345 ", Country::De), Some(PhoneReading::Invalid("12345".into())));
        assert_eq!(read("abends erreichbar", Country::At).map(|r| r.is_valid()), Some(false));
        assert_eq!(read("12 34 (abends)", Country::At).map(|r| r.is_valid()), Some(false), "no vanity digits");
        assert_eq!(read("   ", Country::De), None);
    }

    #[test]
    fn control_characters_are_refused_in_forms_and_dropped_from_mail() {
        let mut c = Checks::new();
        assert_eq!(c.text("name", Some("Anna\u{0}Huber".into()), 100), None);
        assert_eq!(c.text("bio", Some("Zeile 1\r\n\tZeile 2".into()), 100).as_deref(), Some("Zeile 1\r\n\tZeile 2"));
        assert_eq!(c.text("title", Some("Bell\u{7}\u{9b}".into()), 100), None);
        let Err(Error::Invalid(fields)) = c.finish() else { panic!("expected errors") };
        assert!(fields.iter().all(|f| f.code == "control_characters"), "{fields:?}");
        assert_eq!(fields.len(), 2);
        assert_eq!(strip_controls("A\u{0}n\u{1b}na\n"), "Anna\n");
        assert!(matches!(strip_controls("plain"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn search_text_is_bounded_and_keeps_only_words() {
        let s = SearchText::parse("  Anna  huber@gmx.at +43 664 !!! ").unwrap();
        assert_eq!(s.words(), ["Anna", "huber@gmx.at", "+43", "664"]);
        assert_eq!(s.text(), "Anna  huber@gmx.at +43 664 !!!");
        assert!(SearchText::parse("!!! ???").unwrap().words().is_empty(), "no words: matches nothing");
        assert_eq!(SearchText::parse(&"x".repeat(201)), Err("too_long"));
        assert_eq!(SearchText::parse(&"wort ".repeat(13)), Err("too_many_terms"));
        assert_eq!(SearchText::parse("a\u{0}b"), Err("control_characters"));
        assert_eq!(SearchText::parse("   "), Err("required"));
        assert_eq!(SearchText::parse_optional("query", Some("  ")).unwrap(), None);
        assert!(SearchText::parse_optional("query", Some(&"y".repeat(500))).is_err());
    }

    #[test]
    fn checks_collect_every_error() {
        let mut c = Checks::new();
        assert_eq!(c.required_text("title", Some("  ".into()), 10), None);
        assert_eq!(c.text("city", Some("x".repeat(11)), 10), None);
        assert_eq!(c.range("rooms", Some(0.0), 0.5, 100.0), None);
        let Err(Error::Invalid(fields)) = c.finish() else { panic!("expected errors") };
        let codes: Vec<_> = fields.iter().map(|f| (f.field.as_str(), f.code.as_str())).collect();
        assert_eq!(codes, [("title", "required"), ("city", "too_long"), ("rooms", "out_of_range")]);
    }
}
