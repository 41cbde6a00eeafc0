//! The assistant's phrases (`model::Phrase`) in words, German and English side by side: each arm
//! gives both, so a phrase without its translation does not compile. The assistant says them in
//! the office's language through the `Render` port.

use model::{Locale, Phrase};

use super::texts;
use crate::components::{format_decimal, format_money};

/// `phrase` in `locale`.
pub fn say(locale: Locale, phrase: &Phrase) -> String {
    let t = texts(locale);
    let (de, en) = match phrase {
        Phrase::Done => ("Erledigt.".into(), "Done.".into()),
        Phrase::StoppedAfterRounds { rounds } => (
            format!("\n\n_Ich habe nach {rounds} Schritten angehalten; frag gern nach, wenn etwas fehlt._"),
            format!("\n\n_I stopped after {rounds} steps; ask again if something is missing._"),
        ),

        Phrase::LeadsFound { total, newest: None } => {
            (format!("{total} Leads gefunden"), format!("{total} leads found"))
        }
        Phrase::LeadsFound { total, newest: Some(n) } => {
            (format!("{total} Leads gefunden, die neuesten {n}"), format!("{total} leads found, newest {n}"))
        }
        Phrase::LeadCreated { name } => (format!("Lead {name} angelegt"), format!("Lead {name} created")),
        Phrase::LeadUpdated { name } => (format!("Lead {name} geändert"), format!("Lead {name} updated")),
        Phrase::StatusNow { name, status } => (
            format!("{name} ist jetzt {}", t.leads.status(*status)),
            format!("{name} is now {}", t.leads.status(*status)),
        ),
        Phrase::StatusesSet { changed, status, refused } => (
            format!("{changed} Leads auf {} gesetzt, {refused} abgelehnt", t.leads.status(*status)),
            format!("{changed} leads set to {}, {refused} refused", t.leads.status(*status)),
        ),
        Phrase::Assigned { name } => (format!("{name} zugewiesen"), format!("{name} assigned")),
        Phrase::NoteSaved => ("Notiz gespeichert".into(), "Note saved".into()),
        Phrase::TimelineEntries { count } => {
            (format!("{count} Einträge im Verlauf"), format!("{count} timeline entries"))
        }
        Phrase::Score { score } => (format!("Score {score} von 100"), format!("Score {score} of 100")),
        Phrase::MergedInto { name } => (format!("Zusammengeführt in {name}"), format!("Merged into {name}")),
        Phrase::LeadDeleted => ("Lead gelöscht".into(), "Lead deleted".into()),

        Phrase::PropertiesFound { count: 1 } => ("1 Objekt gefunden".into(), "1 property found".into()),
        Phrase::PropertiesFound { count } => (format!("{count} Objekte gefunden"), format!("{count} properties found")),
        Phrase::PropertyCreated { title } => {
            (format!("Objekt „{title}“ angelegt"), format!("Property “{title}” created"))
        }
        Phrase::PropertyUpdated { title } => {
            (format!("Objekt „{title}“ geändert"), format!("Property “{title}” updated"))
        }
        Phrase::PropertyArchived { title } => {
            (format!("Objekt „{title}“ archiviert"), format!("Property “{title}” archived"))
        }
        Phrase::PropertyFacts { price, currency, rooms } => {
            let price = price.map(|p| format!(", {}", format_money(p, *currency, locale))).unwrap_or_default();
            let rooms = rooms.map(|r| format_decimal(r, locale));
            let (de_rooms, en_rooms) = match rooms {
                Some(r) => (format!(", {r} Zi."), format!(", {r} rooms")),
                None => (String::new(), String::new()),
            };
            (format!("{price}{de_rooms}"), format!("{price}{en_rooms}"))
        }
        Phrase::MatchInBudget => ("im Budget".into(), "within budget".into()),
        Phrase::MatchSameType { property_type } => {
            (t.properties.kind(*property_type).to_owned(), t.properties.kind(*property_type).to_owned())
        }
        Phrase::MatchSameCity { city } => (city.clone(), city.clone()),
        Phrase::MatchRooms { rooms } => {
            let rooms = format_decimal(*rooms, locale);
            (format!("{rooms} Zimmer"), format!("{rooms} rooms"))
        }
        Phrase::MatchArea { square_metres } => {
            let area = format_decimal(*square_metres, locale);
            (format!("{area} m²"), format!("{area} m²"))
        }
        Phrase::MatchSimilar { percent } => {
            (format!("ähnlich zur Anfrage ({percent} %)"), format!("similar to the inquiry ({percent} %)"))
        }
        Phrase::MatchingProperties { count, lead } => {
            (format!("{count} passende Objekte für {lead}"), format!("{count} matching properties for {lead}"))
        }
        Phrase::SearchResults { count } => (format!("{count} Treffer"), format!("{count} results")),

        Phrase::UnrecognisedMails { count } => {
            (format!("{count} nicht erkannte Mails"), format!("{count} unrecognised mails"))
        }
        Phrase::Reprocessed { status } => (
            format!("Neu verarbeitet: {}", t.intake.inbound_status(*status)),
            format!("Reprocessed: {}", t.intake.inbound_status(*status)),
        ),
        Phrase::ReplyDrafted { lead } => (format!("Antwort an {lead} entworfen"), format!("Reply to {lead} drafted")),
        Phrase::EmailInOutbox { to } => (
            format!(
                "E-Mail an {to} im Postausgang behalten: kein Postfach des Büros versendet (SMTP-Server in den Einstellungen unter Postfächer eintragen)"
            ),
            format!(
                "E-mail to {to} kept in the outbox: no mailbox of the office sends (add an SMTP server under Settings, Mailboxes)"
            ),
        ),
        Phrase::EmailQueued { to, from } => {
            (format!("E-Mail an {to} wird über {from} gesendet"), format!("E-mail to {to} is being sent via {from}"))
        }
        Phrase::ReplySettings { tone, auto_reply: true } => {
            (format!("Ton: {tone}; Antworten automatisch"), format!("Tone: {tone}; replies sent automatically"))
        }
        Phrase::ReplySettings { tone, auto_reply: false } => {
            (format!("Ton: {tone}; Antworten nach Freigabe"), format!("Tone: {tone}; replies after approval"))
        }
        Phrase::SettingsSaved => ("Einstellungen gespeichert".into(), "Settings saved".into()),

        Phrase::LeadsInPipeline { total } => {
            (format!("{total} Leads in der Pipeline"), format!("{total} leads in the pipeline"))
        }
        Phrase::Conversion { booked, leads, rate_percent, lost } => (
            format!("{booked} von {leads} Leads gebucht ({rate_percent} %), {lost} verloren"),
            format!("{booked} of {leads} leads booked ({rate_percent} %), {lost} lost"),
        ),
        Phrase::LeadSources { sources } => {
            (format!("Leads aus {sources} Quellen"), format!("Leads from {sources} sources"))
        }
        Phrase::MedianFirstReply { median_secs, sent, leads } => {
            let after = model::duration_text(*median_secs);
            (
                format!("Erste Antwort im Median nach {after} ({sent} von {leads} Leads beantwortet)"),
                format!("First reply after {after} (median; {sent} of {leads} leads answered)"),
            )
        }
        Phrase::NoReplySentYet { leads } => {
            (format!("Noch keine Antwort gesendet ({leads} Leads)"), format!("No reply sent yet ({leads} leads)"))
        }
        Phrase::TeamSize { people } => (format!("{people} Personen im Team"), format!("{people} people in the team")),
        Phrase::DeadJobs { dead } => (format!("{dead} tote Jobs"), format!("{dead} dead jobs")),
        Phrase::JobScheduledAgain => ("Job neu eingeplant".into(), "Job scheduled again".into()),
        Phrase::Remembered => ("Gemerkt".into(), "Remembered".into()),
        Phrase::RememberedFacts { count } => (format!("{count} gemerkte Fakten"), format!("{count} remembered facts")),
        Phrase::FactsForgotten { count } => (format!("{count} Fakten vergessen"), format!("{count} facts forgotten")),
        Phrase::FreeTimes { count } => (format!("{count} freie Termine"), format!("{count} free times")),
        Phrase::AwaitingApproval { count } => {
            (format!("{count} Aktionen warten auf Freigabe"), format!("{count} actions await approval"))
        }

        Phrase::SetStatusesAsk { count, status } => (
            format!("{count} Leads auf {} setzen", t.leads.status(*status)),
            format!("Set {count} leads to {}", t.leads.status(*status)),
        ),
        Phrase::MergeAsk { duplicate, keep } => (
            format!("Lead {duplicate} in Lead {keep} zusammenführen"),
            format!("Merge lead {duplicate} into lead {keep}"),
        ),
        Phrase::DeleteLeadAsk { lead } => (format!("Lead {lead} löschen"), format!("Delete lead {lead}")),
        Phrase::ArchivePropertyAsk { property } => {
            (format!("Objekt {property} archivieren"), format!("Archive property {property}"))
        }
        Phrase::SendEmailAsk { subject } => {
            (format!("E-Mail senden: „{subject}“"), format!("Send e-mail: “{subject}”"))
        }
        Phrase::SendFirstReplyAsk { lead, subject } => (
            format!("Erste Antwort an {lead} senden: „{subject}“"),
            format!("Send the first reply to {lead}: “{subject}”"),
        ),
        Phrase::SendFollowUpAsk { lead, step, of, subject } => (
            format!("Nachfassen {step} von {of} an {lead} senden: „{subject}“"),
            format!("Send follow-up {step} of {of} to {lead}: “{subject}”"),
        ),
    };
    match locale {
        Locale::De => de,
        Locale::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{Currency, LeadStatus, PropertyType};

    #[test]
    fn a_match_reason_is_said_in_the_office_language() {
        let reasons = [
            Phrase::MatchInBudget,
            Phrase::MatchSameType { property_type: PropertyType::Apartment },
            Phrase::MatchRooms { rooms: 3.5 },
            Phrase::MatchSimilar { percent: 82 },
        ];
        let en: Vec<String> = reasons.iter().map(|r| say(Locale::En, r)).collect();
        let de: Vec<String> = reasons.iter().map(|r| say(Locale::De, r)).collect();
        assert_eq!(en, ["within budget", "Apartment", "3.5 rooms", "similar to the inquiry (82 %)"]);
        assert_eq!(de, ["im Budget", "Wohnung", "3,5 Zimmer", "ähnlich zur Anfrage (82 %)"]);
        let price = Some(model::Money::from_whole(489_000));
        let facts = Phrase::PropertyFacts { price, currency: Currency::Eur, rooms: Some(3.5) };
        assert_eq!(say(Locale::En, &facts), ", €489,000, 3.5 rooms");
        assert_eq!(say(Locale::De, &facts), ", 489.000 €, 3,5 Zi.");
        let swiss = Phrase::PropertyFacts { price, currency: Currency::Chf, rooms: Some(4.5) };
        assert_eq!(say(Locale::De, &swiss), ", 489.000 CHF, 4,5 Zi.");
        assert_eq!(say(Locale::En, &swiss), ", CHF 489,000, 4.5 rooms");
        let nothing = Phrase::PropertyFacts { price: None, currency: Currency::Eur, rooms: None };
        assert_eq!(say(Locale::En, &nothing), "");
    }

    #[test]
    fn a_status_is_said_in_words_not_as_its_code() {
        let phrase = Phrase::StatusNow { name: "Lena Gruber".into(), status: LeadStatus::Contacted };
        let (de, en) = (say(Locale::De, &phrase), say(Locale::En, &phrase));
        assert!(!de.contains("CONTACTED") && !en.contains("CONTACTED"), "{de} / {en}");
        assert!(de.starts_with("Lena Gruber ist jetzt ") && en.starts_with("Lena Gruber is now "), "{de} / {en}");
        assert_ne!(de, en);
    }
}
