//! Lead intake: the inbound mail address, received mail, the background queues.

use super::Locale;
use model::{InboundChannel, InboundStatus, Queue};

super::area_texts! {
    /// Lead intake: the inbound mail address, received mail, the background queues.
    IntakeTexts {
        inbound_title: "Eingangsadresse für Anfragen", "Inbound address for inquiries";
        inbound_hint:
            "Ihr Mail-Relay (oder AWS SES) sendet Portal-Benachrichtigungen als Roh-E-Mail per HTTP-POST an diese Adresse; jede Anfrage wird zum Lead.",
            "Your mail relay (or AWS SES) posts portal notifications to this address as raw e-mail over HTTP; every inquiry becomes a lead.";
        inbound_rotate: "Neue Adresse erzeugen", "New address";
        inbound_rotate_confirm:
            "Die bisherige Adresse funktioniert danach nicht mehr. Fortfahren?",
            "The current address will stop working. Continue?";
        inbound_recent: "Zuletzt eingegangen", "Recently received";
        inbound_empty: "Noch keine E-Mails eingegangen.", "No mail received yet.";
        inbound_reprocess: "Erneut verarbeiten", "Process again";
        inbound_open_lead: "Zum Lead", "Open lead";
        title: "Eingang und Hintergrundaufgaben", "Intake and background jobs";
        hint:
            "Jede empfangene Anfrage wird gespeichert, bevor sie verarbeitet wird. Nicht erkannte oder fehlgeschlagene Nachrichten bleiben hier sichtbar und können nach einer Korrektur erneut verarbeitet werden.",
            "Every received inquiry is stored before it is processed. Unrecognised or failed messages stay visible here and can be processed again after a fix.";
        mail: "Empfangene Nachrichten", "Received messages";
        jobs_title: "Warteschlangen", "Queues";
        jobs_queue: "Warteschlange", "Queue";
        jobs_queued: "Wartend", "Queued";
        jobs_running: "Läuft", "Running";
        jobs_done: "Erledigt", "Done";
        jobs_dead: "Abgebrochen", "Dead";
        jobs_waiting_since: "Wartet seit", "Waiting since";
        jobs_dead_title: "Abgebrochene Aufgaben", "Dead jobs";
        jobs_dead_hint:
            "Aufgaben, die auch nach allen Wiederholungen fehlschlugen. Sie bleiben mit ihrem letzten Fehler erhalten.",
            "Jobs that failed on every attempt. They are kept with their last error.";
        jobs_dead_empty: "Keine abgebrochenen Aufgaben.", "No dead jobs.";
        jobs_attempts: "Versuche", "Attempts";
        jobs_retry: "Erneut ausführen", "Retry";
    }
}

impl IntakeTexts {
    pub fn inbound_channel(&self, c: InboundChannel) -> &'static str {
        match (c, self.locale) {
            (InboundChannel::Http, _) => "HTTP",
            (InboundChannel::Sns, _) => "Amazon SES",
            (InboundChannel::Imap, _) => "IMAP",
            (InboundChannel::Widget, Locale::De) => "Website-Formular",
            (InboundChannel::Widget, Locale::En) => "Website form",
        }
    }

    pub fn queue(&self, q: Queue) -> &'static str {
        let de = self.locale == Locale::De;
        match (q, de) {
            (Queue::LeadEnrichment, true) => "Lead-Anreicherung",
            (Queue::SentimentAnalysis, true) => "Stimmungsanalyse",
            (Queue::AutoClick, true) => "Kontaktdaten abrufen (Auto-Klick)",
            (Queue::EmailSend, true) => "E-Mail-Versand",
            (Queue::Embedding, true) => "Embeddings",
            (Queue::PdfGenerate, true) => "PDF-Erstellung",
            (Queue::ImageProcess, true) => "Bildbearbeitung",
            (Queue::LeadEnrichment, false) => "Lead enrichment",
            (Queue::SentimentAnalysis, false) => "Sentiment analysis",
            (Queue::AutoClick, false) => "Contact lookup (auto-click)",
            (Queue::EmailSend, false) => "E-mail sending",
            (Queue::Embedding, false) => "Embeddings",
            (Queue::PdfGenerate, false) => "PDF generation",
            (Queue::ImageProcess, false) => "Image processing",
        }
    }

    /// What the intake noted about a mail, by its code (`NO_CONTACT`, `NOT_INQUIRY_BULK`, …);
    /// anything else (an error's technical text) as it is.
    pub fn note(&self, code: &str) -> String {
        let de = self.locale == Locale::De;
        let text = match (code, de) {
            ("NO_CONTACT", true) => "Keine E-Mail-Adresse und keine Telefonnummer gefunden",
            ("NO_CONTACT", false) => "No e-mail address or phone number found",
            ("ANSWER", true) => "Antwort eines Interessenten: in sein Gespräch eingeordnet",
            ("ANSWER", false) => "A lead's answer: filed in their conversation",
            ("REPLY_TO_DIFFERS", true) => "Die Antwortadresse weicht von der gefundenen E-Mail-Adresse ab",
            ("REPLY_TO_DIFFERS", false) => "The reply-to address differs from the e-mail address found",
            ("OPENIMMO_UNREADABLE", true) => "Der OpenImmo-Feedback-Anhang war nicht lesbar",
            ("OPENIMMO_UNREADABLE", false) => "The OpenImmo-Feedback attachment could not be read",
            ("WIDGET_EMAIL_INVALID", true) => "Die E-Mail-Adresse im Formular ist ungültig",
            ("WIDGET_EMAIL_INVALID", false) => "The e-mail address in the form is not valid",
            ("SPAM_HONEYPOT", true) => "Spam: das versteckte Feld war ausgefüllt",
            ("SPAM_HONEYPOT", false) => "Spam: the hidden field was filled in",
            ("NOT_INQUIRY_NO_DETAILS", true) => "Keine Anfrage: keine Kontaktdaten gefunden",
            ("NOT_INQUIRY_NO_DETAILS", false) => "Not an inquiry: no contact details found",
            ("MODEL_EXTRACTED", true) => "Vom KI-Modell gelesen: kein Leser kannte das Format",
            ("MODEL_EXTRACTED", false) => "Read by the AI model: no reader knew the format",
            ("NOT_INQUIRY_BOUNCE", true) => "Keine Anfrage: Unzustellbarkeitsnachricht",
            ("NOT_INQUIRY_BOUNCE", false) => "Not an inquiry: delivery failure notice",
            ("NOT_INQUIRY_AUTO_REPLY", true) => "Keine Anfrage: automatische Antwort",
            ("NOT_INQUIRY_AUTO_REPLY", false) => "Not an inquiry: automatic reply",
            ("NOT_INQUIRY_BULK", true) => "Keine Anfrage: Newsletter oder Massenmail",
            ("NOT_INQUIRY_BULK", false) => "Not an inquiry: newsletter or bulk mail",
            ("NOT_INQUIRY_AUTOMATED", true) => "Keine Anfrage: von einem automatischen Absender",
            ("NOT_INQUIRY_AUTOMATED", false) => "Not an inquiry: sent by an automated sender",
            ("NOT_INQUIRY_UNREADABLE", true) => "Keine Anfrage: der Text liest sich nicht wie von einem Menschen",
            ("NOT_INQUIRY_UNREADABLE", false) => "Not an inquiry: the text does not read as a person writing",
            ("NOT_INQUIRY_TOO_LONG", true) => "Keine Anfrage: der Text ist länger als eine persönliche Anfrage",
            ("NOT_INQUIRY_TOO_LONG", false) => "Not an inquiry: the text is longer than a personal inquiry",
            (other, _) => return other.to_owned(),
        };
        text.to_owned()
    }

    pub fn inbound_status(&self, s: InboundStatus) -> &'static str {
        let de = self.locale == Locale::De;
        match (s, de) {
            (InboundStatus::Received, true) => "In Verarbeitung",
            (InboundStatus::Parsed, true) => "Lead erstellt",
            (InboundStatus::Unrecognised, true) => "Keine Anfrage",
            (InboundStatus::Failed, true) => "Fehlgeschlagen",
            (InboundStatus::Received, false) => "Processing",
            (InboundStatus::Parsed, false) => "Lead created",
            (InboundStatus::Unrecognised, false) => "Not an inquiry",
            (InboundStatus::Failed, false) => "Failed",
        }
    }
}
