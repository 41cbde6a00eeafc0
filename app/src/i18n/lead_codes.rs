//! What the domain records about a lead as codes — timeline entries and score reasons — in
//! words, German and English side by side; and the `Render` port the API and the assistant
//! reach this catalogue through.

use model::{
    ActivityDetail, Financing, FollowUpStop, LeadSource, Locale, MailStatus, Phrase, Render, ReplyOutcome,
    ScoreFactorCode, ScoreReason, SentimentLabel, StatusCause, Timeframe,
};

use super::{LeadTexts, texts};

/// A mail no account of the office sends, in German and English.
const KEPT: (&str, &str) = (
    "im Postausgang behalten: kein Postfach des Büros versendet E-Mails; in den Einstellungen unter Postfächer einen SMTP-Server eintragen",
    "kept in the outbox: no mailbox of the office sends mail; add an SMTP server under Settings, Mailboxes",
);

/// The catalogue as the `Render` port.
pub struct Catalogue;

impl Render for Catalogue {
    fn activity(&self, locale: Locale, detail: &ActivityDetail) -> String {
        texts(locale).leads.activity(detail)
    }

    fn score_factor(&self, locale: Locale, factor: ScoreFactorCode) -> String {
        texts(locale).leads.score_factor(factor).to_owned()
    }

    fn score_reason(&self, locale: Locale, reason: &ScoreReason) -> String {
        texts(locale).leads.score_reason(reason)
    }

    fn phrase(&self, locale: Locale, phrase: &Phrase) -> String {
        super::assistant_phrases::say(locale, phrase)
    }
}

impl LeadTexts {
    fn de(&self) -> bool {
        self.locale == Locale::De
    }

    /// One timeline entry in words.
    pub fn activity(&self, detail: &ActivityDetail) -> String {
        let de = self.de();
        match detail {
            ActivityDetail::Created { portal: None, .. } => pick(de, "Lead angelegt", "Lead created").to_owned(),
            ActivityDetail::Created { portal: Some(portal), flags } => {
                let portal = self.portal(portal);
                let mut text = match de {
                    true => format!("Lead aus Anfrage über {portal} angelegt"),
                    false => format!("Lead created from an inquiry via {portal}"),
                };
                for flag in flags {
                    text.push_str(". ");
                    text.push_str(self.flag(*flag).trim_end_matches('.'));
                }
                text
            }
            ActivityDetail::Inquiry { portal, filled } => {
                let portal = self.portal(portal);
                let text = pick(de, "Erneute Anfrage über", "New inquiry via");
                format!("{text} {portal}{}", self.filled(filled))
            }
            ActivityDetail::Updated { fields } => {
                format!("{}: {}", pick(de, "Geändert", "Changed"), self.fields(fields))
            }
            ActivityDetail::Merged { name, filled } => {
                format!("{} {name}{}", pick(de, "Zusammengeführt mit", "Merged with"), self.filled(filled))
            }
            ActivityDetail::StatusChanged { from, to, reason, cause } => {
                let step = format!("{} → {}", self.status(*from), self.status(*to));
                let why = match (reason, cause) {
                    (Some(reason), _) => Some(reason.clone()),
                    (None, Some(StatusCause::ReplySent)) => Some(pick(de, "Antwort gesendet", "reply sent").to_owned()),
                    (None, Some(StatusCause::LeadAnswered)) => {
                        Some(pick(de, "Interessent hat geantwortet", "the lead answered").to_owned())
                    }
                    (None, Some(StatusCause::NewInquiry { portal })) => {
                        Some(format!("{} {}", pick(de, "erneute Anfrage über", "new inquiry via"), self.portal(portal)))
                    }
                    (None, Some(StatusCause::NoAnswer { days })) => Some(if de {
                        format!("keine Antwort nach {days} Tagen")
                    } else {
                        format!("no answer after {days} days")
                    }),
                    (None, None) => None,
                };
                match why {
                    Some(why) => format!("{step}: {why}"),
                    None => step,
                }
            }
            ActivityDetail::Assigned { assigned_to: Some(_) } => pick(de, "Zugewiesen", "Assigned").to_owned(),
            ActivityDetail::Assigned { assigned_to: None } => pick(de, "Zuweisung aufgehoben", "Unassigned").to_owned(),
            ActivityDetail::Note { text } => text.clone(),
            ActivityDetail::EmailOut { to, subject, status } => {
                let mut text = format!("{} {to}: {subject}", pick(de, "E-Mail an", "Email to"));
                if *status == MailStatus::Kept {
                    text.push_str(&format!(" ({})", pick(de, KEPT.0, KEPT.1)));
                }
                text
            }
            ActivityDetail::EmailIn { from, subject, automatic } => {
                let mut text = format!("{} {from}: {subject}", pick(de, "E-Mail von", "Email from"));
                if *automatic {
                    text.push_str(pick(de, " (automatische Antwort)", " (automatic reply)"));
                }
                text
            }
            ActivityDetail::EmailDelivery { to, status, account, reason } => {
                let mut text = match status {
                    MailStatus::Sent => format!("{} {to}", pick(de, "Zugestellt an", "Delivered to")),
                    MailStatus::Unconfirmed => format!(
                        "{} {to} {}",
                        pick(de, "Zustellung an", "Delivery to"),
                        pick(
                            de,
                            "unbestätigt: der Versand wurde unterbrochen und wird nicht wiederholt; bitte im Gesendet-Ordner prüfen",
                            "unconfirmed: sending was interrupted and is not repeated; please check the sent folder",
                        )
                    ),
                    // The account that was to send it stopped sending before it did.
                    MailStatus::Kept => {
                        format!("{} {to}: {}", pick(de, "E-Mail an", "Email to"), pick(de, KEPT.0, KEPT.1))
                    }
                    _ => format!("{} {to}", pick(de, "Nicht zugestellt an", "Not delivered to")),
                };
                if let Some(account) = account {
                    text.push_str(&format!(" ({} {account})", pick(de, "über", "via")));
                }
                if let Some(reason) = reason {
                    text.push_str(": ");
                    text.push_str(reason);
                }
                text
            }
            ActivityDetail::Sentiment { sentiment } => {
                let label = match (sentiment.label, de) {
                    (SentimentLabel::Positive, true) => "positiv",
                    (SentimentLabel::Neutral, true) => "neutral",
                    (SentimentLabel::Negative, true) => "zurückhaltend",
                    (SentimentLabel::Positive, false) => "positive",
                    (SentimentLabel::Neutral, false) => "neutral",
                    (SentimentLabel::Negative, false) => "reserved",
                };
                let mut text = format!("{}: {label} ({:+})", pick(de, "Stimmung", "Sentiment"), sentiment.score);
                if !sentiment.matched.is_empty() {
                    let words: Vec<&str> = sentiment.matched.iter().map(|m| m.keyword.as_str()).collect();
                    text.push_str(" – ");
                    text.push_str(&words.join(", "));
                }
                text
            }
            ActivityDetail::AutoClick { filled, score_before, score_after, found } => {
                let mut text = match (filled.is_empty(), de) {
                    (true, true) => "Portal-Link abgerufen: keine fehlenden Kontaktdaten gefunden".to_owned(),
                    (true, false) => "Portal link followed: no missing contact details found".to_owned(),
                    (false, true) => {
                        format!(
                            "Portal-Link abgerufen: ergänzt {} (Score {score_before} → {score_after})",
                            self.fields(filled)
                        )
                    }
                    (false, false) => {
                        format!(
                            "Portal link followed: added {} (score {score_before} → {score_after})",
                            self.fields(filled)
                        )
                    }
                };
                let address = found.line();
                if !address.is_empty() {
                    text.push_str(&format!(
                        "; {} {address}",
                        pick(de, "Adresse laut Portal:", "address on the portal:")
                    ));
                }
                text
            }
            ActivityDetail::AutoClickFailed { error } => {
                format!("{} {error}", pick(de, "Portal-Link nicht abgerufen:", "Portal link not followed:"))
            }
            ActivityDetail::ReplyDrafted { outcome, language } => {
                let language = language.as_deref().map(|l| format!(" ({})", language_name(l, de))).unwrap_or_default();
                match (outcome, de) {
                    (ReplyOutcome::Sent, true) => format!("Antwort entworfen und gesendet{language}"),
                    (ReplyOutcome::Sent, false) => format!("Reply drafted and sent{language}"),
                    (ReplyOutcome::Held, true) => format!("Antwort entworfen, wartet auf Freigabe{language}"),
                    (ReplyOutcome::Held, false) => format!("Reply drafted, waiting for approval{language}"),
                    (ReplyOutcome::NoAddress, true) => {
                        "Keine Antwort entworfen: der Lead hat keine E-Mail-Adresse".into()
                    }
                    (ReplyOutcome::NoAddress, false) => "No reply drafted: the lead has no e-mail address".into(),
                }
            }
            ActivityDetail::FollowUpPlanned { days, automatic } => {
                let days = days.iter().map(u16::to_string).collect::<Vec<_>>().join(", ");
                match (automatic, de) {
                    (true, true) => format!("Nachfassen geplant an Tag {days}, automatisch gesendet"),
                    (true, false) => format!("Follow-ups planned on day {days}, sent automatically"),
                    (false, true) => format!("Nachfassen geplant an Tag {days}, jeweils nach Freigabe"),
                    (false, false) => format!("Follow-ups planned on day {days}, each after approval"),
                }
            }
            ActivityDetail::FollowUpStep { step, of, outcome } => match (outcome, de) {
                (ReplyOutcome::Sent, true) => format!("Nachfassen {step} von {of} gesendet"),
                (ReplyOutcome::Sent, false) => format!("Follow-up {step} of {of} sent"),
                (ReplyOutcome::Held, true) => format!("Nachfassen {step} von {of} entworfen, wartet auf Freigabe"),
                (ReplyOutcome::Held, false) => format!("Follow-up {step} of {of} drafted, waiting for approval"),
                (ReplyOutcome::NoAddress, true) => format!("Nachfassen {step} von {of}: keine E-Mail-Adresse"),
                (ReplyOutcome::NoAddress, false) => format!("Follow-up {step} of {of}: no e-mail address"),
            },
            ActivityDetail::FollowUpPaused => pick(de, "Nachfassen pausiert", "Follow-ups paused").to_owned(),
            ActivityDetail::FollowUpStopped { cause } => {
                format!("{}: {}", pick(de, "Nachfassen beendet", "Follow-ups ended"), self.follow_up_stop(*cause))
            }
        }
    }

    /// Why a lead's follow-ups ended.
    pub fn follow_up_stop(&self, cause: FollowUpStop) -> &'static str {
        let de = self.de();
        match cause {
            FollowUpStop::Answered => pick(de, "der Interessent hat geantwortet", "the lead answered"),
            FollowUpStop::StatusChanged => pick(de, "der Status hat sich geändert", "the status changed"),
            FollowUpStop::NoAddress => pick(de, "keine E-Mail-Adresse mehr", "no e-mail address left"),
            FollowUpStop::Disabled => {
                pick(de, "Nachfassen ist im Büro ausgeschaltet", "follow-ups are off for the office")
            }
        }
    }

    /// A lead's field by its name in the domain (`first_name`, `budget_max`, …).
    pub fn field(&self, name: &str) -> &'static str {
        let de = self.de();
        match name {
            "salutation" => self.salutation,
            "first_name" => self.first_name,
            "last_name" => self.last_name,
            "email" => pick(de, "E-Mail", "Email"),
            "phone" => self.phone,
            "message" => self.message,
            "source" => self.source,
            "budget_min" => pick(de, "Budget von", "Budget from"),
            "budget_max" => pick(de, "Budget bis", "Budget to"),
            "timeframe" => self.timeframe,
            "financing" => self.financing,
            "property_id" => self.property,
            "assigned_to" => self.assigned,
            _ => pick(de, "weiteres Feld", "another field"),
        }
    }

    fn fields(&self, names: &[String]) -> String {
        names.iter().map(|n| self.field(n)).collect::<Vec<_>>().join(", ")
    }

    /// " (ergänzt: Telefon)", or nothing when nothing was filled.
    fn filled(&self, names: &[String]) -> String {
        match names.is_empty() {
            true => String::new(),
            false => format!(" ({}: {})", pick(self.de(), "ergänzt", "added"), self.fields(names)),
        }
    }

    pub fn score_factor(&self, factor: ScoreFactorCode) -> &'static str {
        match factor {
            ScoreFactorCode::Timeframe => self.timeframe,
            ScoreFactorCode::Financing => self.financing,
            ScoreFactorCode::Budget => self.budget,
            ScoreFactorCode::Source => self.source,
            ScoreFactorCode::Engagement => "Engagement",
            ScoreFactorCode::Completeness => self.completeness,
        }
    }

    pub fn score_reason(&self, reason: &ScoreReason) -> String {
        let de = self.de();
        let text = match reason {
            ScoreReason::Timeframe { timeframe } => match (timeframe, de) {
                (Timeframe::Immediate, true) => "Möchte sofort einziehen bzw. kaufen",
                (Timeframe::ThreeMonths, true) => "Entscheidung innerhalb von 3 Monaten",
                (Timeframe::SixMonths, true) => "Entscheidung innerhalb von 6 Monaten",
                (Timeframe::TwelveMonths, true) => "Entscheidung erst in 12 Monaten",
                (Timeframe::Unknown, true) => "Zeitrahmen unbekannt",
                (Timeframe::Immediate, false) => "Wants to move in or buy at once",
                (Timeframe::ThreeMonths, false) => "Deciding within 3 months",
                (Timeframe::SixMonths, false) => "Deciding within 6 months",
                (Timeframe::TwelveMonths, false) => "Deciding only in 12 months",
                (Timeframe::Unknown, false) => "Time frame unknown",
            },
            ScoreReason::Financing { financing } => match (financing, de) {
                (Financing::Cash, true) => "Eigenkapital / Barzahlung",
                (Financing::Approved, true) => "Finanzierungszusage liegt vor",
                (Financing::InProgress, true) => "Finanzierung wird geprüft",
                (Financing::None, true) => "Keine Finanzierung vorhanden",
                (Financing::Unknown, true) => "Finanzierung unbekannt",
                (Financing::Cash, false) => "Own funds / cash",
                (Financing::Approved, false) => "Financing approved",
                (Financing::InProgress, false) => "Financing being checked",
                (Financing::None, false) => "No financing",
                (Financing::Unknown, false) => "Financing unknown",
            },
            ScoreReason::NoBudget => pick(de, "Kein Budget angegeben", "No budget given"),
            ScoreReason::BudgetWithoutPrice => pick(
                de,
                "Budget angegeben, kein Objektpreis zum Abgleich",
                "Budget given, no property price to compare it with",
            ),
            ScoreReason::BudgetCoversPrice => pick(de, "Budget deckt den Objektpreis", "Budget covers the price"),
            ScoreReason::BudgetSlightlyBelow => {
                pick(de, "Budget bis zu 10 % unter dem Objektpreis", "Budget up to 10 % below the price")
            }
            ScoreReason::BudgetBelow => {
                pick(de, "Budget 10–20 % unter dem Objektpreis", "Budget 10–20 % below the price")
            }
            ScoreReason::BudgetFarBelow => {
                pick(de, "Budget deutlich unter dem Objektpreis", "Budget well below the price")
            }
            ScoreReason::Source { source } => match (source, de) {
                (LeadSource::Referral, _) => self.source(*source),
                (LeadSource::Website, true) => "Anfrage über die eigene Website",
                (LeadSource::Email, true) => "Direkte Anfrage per E-Mail",
                (LeadSource::Phone, true) => "Direkte Anfrage per Telefon",
                (LeadSource::Manual, true) => "Manuell erfasst",
                (LeadSource::Kleinanzeigen, true) => "Anfrage über Kleinanzeigen",
                (_, true) => "Anfrage über ein Immobilienportal",
                (LeadSource::Website, false) => "Inquiry through the office's website",
                (LeadSource::Email, false) => "Direct inquiry by e-mail",
                (LeadSource::Phone, false) => "Direct inquiry by phone",
                (LeadSource::Manual, false) => "Entered by hand",
                (LeadSource::Kleinanzeigen, false) => "Inquiry through Kleinanzeigen",
                (_, false) => "Inquiry through a property portal",
            },
            ScoreReason::Engagement { message, detailed, question, viewing, replies } => {
                return self.engagement(*message, *detailed, *question, *viewing, *replies);
            }
            ScoreReason::Completeness { percent } => {
                return format!("{percent} % {}", pick(de, "der Angaben vorhanden", "of the details given"));
            }
        };
        text.to_owned()
    }

    fn engagement(&self, message: bool, detailed: bool, question: bool, viewing: bool, replies: u32) -> String {
        let de = self.de();
        let mut parts: Vec<String> = Vec::new();
        if detailed {
            parts.push(pick(de, "ausführliche Nachricht", "detailed message").to_owned());
        } else if message {
            parts.push(pick(de, "Nachricht", "message").to_owned());
        }
        if question {
            parts.push(pick(de, "stellt Fragen", "asks questions").to_owned());
        }
        if viewing {
            parts.push(pick(de, "möchte besichtigen", "wants a viewing").to_owned());
        }
        if replies > 0 {
            parts.push(match (de, replies) {
                (true, 1) => "1 weitere Nachricht".to_owned(),
                (true, n) => format!("{n} weitere Nachrichten"),
                (false, 1) => "1 further message".to_owned(),
                (false, n) => format!("{n} further messages"),
            });
        }
        let text = parts.join(", ");
        let mut chars = text.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => pick(de, "Keine Nachricht", "No message").to_owned(),
        }
    }
}

fn pick(de: bool, german: &'static str, english: &'static str) -> &'static str {
    if de { german } else { english }
}

/// A reply's language by its code (`de`, `en`, …), named in the reader's language.
fn language_name(code: &str, de: bool) -> String {
    let name = match (code, de) {
        ("de", true) => "Deutsch",
        ("en", true) => "Englisch",
        ("fr", true) => "Französisch",
        ("it", true) => "Italienisch",
        ("es", true) => "Spanisch",
        ("de", false) => "German",
        ("en", false) => "English",
        ("fr", false) => "French",
        ("it", false) => "Italian",
        ("es", false) => "Spanish",
        (other, _) => return other.to_uppercase(),
    };
    name.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{LeadFlag, LeadStatus};

    #[test]
    fn a_mail_sent_back_to_the_outbox_says_why() {
        let kept = ActivityDetail::EmailDelivery {
            to: "anna@example.de".into(),
            status: MailStatus::Kept,
            account: None,
            reason: None,
        };
        assert_eq!(texts(Locale::De).leads.activity(&kept), format!("E-Mail an anna@example.de: {}", KEPT.0));
        assert!(!texts(Locale::En).leads.activity(&kept).contains("Not delivered"));
    }

    #[test]
    fn every_entry_reads_in_both_languages_without_codes() {
        let entries = [
            ActivityDetail::Created { portal: Some("WILLHABEN".into()), flags: vec![LeadFlag::PhoneInvalid] },
            ActivityDetail::StatusChanged {
                from: LeadStatus::Lost,
                to: LeadStatus::New,
                reason: None,
                cause: Some(StatusCause::NewInquiry { portal: "IMMOSCOUT24_CH".into() }),
            },
            ActivityDetail::Updated { fields: vec!["first_name".into(), "budget_max".into()] },
            ActivityDetail::ReplyDrafted { outcome: ReplyOutcome::Held, language: Some("en".into()) },
            ActivityDetail::FollowUpPlanned { days: vec![3, 7, 14], automatic: false },
            ActivityDetail::FollowUpStep { step: 2, of: 3, outcome: ReplyOutcome::Sent },
            ActivityDetail::FollowUpStopped { cause: FollowUpStop::Answered },
            ActivityDetail::StatusChanged {
                from: LeadStatus::Contacted,
                to: LeadStatus::Lost,
                reason: None,
                cause: Some(StatusCause::NoAnswer { days: 14 }),
            },
        ];
        let de: Vec<String> = entries.iter().map(|e| Catalogue.activity(Locale::De, e)).collect();
        let en: Vec<String> = entries.iter().map(|e| Catalogue.activity(Locale::En, e)).collect();
        assert_eq!(
            de,
            [
                "Lead aus Anfrage über willhaben angelegt. Die Telefonnummer ist nicht lesbar und wurde wie eingegeben gespeichert",
                "Verloren → Neu: erneute Anfrage über ImmoScout24.ch",
                "Geändert: Vorname, Budget bis",
                "Antwort entworfen, wartet auf Freigabe (Englisch)",
                "Nachfassen geplant an Tag 3, 7, 14, jeweils nach Freigabe",
                "Nachfassen 2 von 3 gesendet",
                "Nachfassen beendet: der Interessent hat geantwortet",
                "Kontaktiert → Verloren: keine Antwort nach 14 Tagen",
            ]
        );
        assert_eq!(
            en,
            [
                "Lead created from an inquiry via willhaben. The phone number could not be read and was kept as entered",
                "Lost → New: new inquiry via ImmoScout24.ch",
                "Changed: First name, Budget to",
                "Reply drafted, waiting for approval (English)",
                "Follow-ups planned on day 3, 7, 14, each after approval",
                "Follow-up 2 of 3 sent",
                "Follow-ups ended: the lead answered",
                "Contacted → Lost: no answer after 14 days",
            ]
        );
    }

    #[test]
    fn engagement_names_what_the_messages_show() {
        let reason =
            ScoreReason::Engagement { message: true, detailed: true, question: true, viewing: true, replies: 2 };
        assert_eq!(
            Catalogue.score_reason(Locale::De, &reason),
            "Ausführliche Nachricht, stellt Fragen, möchte besichtigen, 2 weitere Nachrichten"
        );
        assert_eq!(
            Catalogue.score_reason(Locale::En, &reason),
            "Detailed message, asks questions, wants a viewing, 2 further messages"
        );
        let none =
            ScoreReason::Engagement { message: false, detailed: false, question: false, viewing: false, replies: 0 };
        assert_eq!(Catalogue.score_reason(Locale::En, &none), "No message");
        assert_eq!(Catalogue.score_factor(Locale::En, ScoreFactorCode::Completeness), "Completeness");
    }
}
