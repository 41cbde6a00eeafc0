//! Settings: office, account, API keys, widget, mailboxes, viewing times, AI.

use super::Locale;

super::area_texts! {
    /// Settings: office, account, API keys, widget, mailboxes, viewing times, AI.
    SettingsTexts {
        title: "Einstellungen", "Settings";
        office: "Büro", "Office";
        time_zone: "Zeitzone", "Time zone";
        auto_reply: "Antworten automatisch senden", "Send replies automatically";
        reply_tone: "Tonalität der Antworten", "Tone of replies";
        follow_ups: "Nachfassen", "Follow-ups";
        follow_ups_hint:
            "Antwortet ein Interessent nicht, schreibt Jarvis an diesen Tagen nach der letzten E-Mail erneut; ohne Antwort nach dem letzten Schritt gilt der Lead als verloren. Leer: kein Nachfassen.",
            "When a lead does not answer, Jarvis writes again on these days after the last email; without an answer after the last step the lead is lost. Empty: no follow-ups.";
        follow_up_days: "Tage nach der E-Mail (z. B. 3, 7, 14)", "Days after the email (e.g. 3, 7, 14)";
        follow_up_automatic: "Nachfassen automatisch senden (sonst nach Freigabe)", "Send follow-ups automatically (otherwise after approval)";
        signature: "E-Mail-Signatur", "Email signature";
        password: "Passwort ändern", "Change password";
        sessions: "Anmeldungen", "Sign-ins";
        sessions_hint:
            "Ein verlorenes Gerät oder ein geteilter Rechner? Beenden Sie alle Anmeldungen Ihres Kontos, auch diese. API-Schlüssel bleiben gültig.",
            "A lost device or a shared computer? End every sign-in of your account, this one included. API keys stay valid.";
        sign_out_everywhere: "Überall abmelden", "Sign out everywhere";
        current_password: "Aktuelles Passwort", "Current password";
        new_password: "Neues Passwort", "New password";
        api_keys: "API-Schlüssel", "API keys";
        widget_title: "Website-Formular", "Website form";
        widget_hint:
            "Binden Sie das Anfrageformular auf Ihrer eigenen Website ein: Jede Anfrage wird wie eine Portal-Anfrage zum Lead.",
            "Embed the inquiry form on your own website: every inquiry becomes a lead, just like a portal inquiry.";
        widget_key: "Öffentlicher Widget-Schlüssel", "Public widget key";
        widget_rotate: "Neuen Schlüssel erzeugen", "New key";
        widget_rotate_confirm:
            "Eingebundene Formulare mit dem bisherigen Schlüssel funktionieren danach nicht mehr. Fortfahren?",
            "Embedded forms with the current key will stop working. Continue?";
        widget_snippet: "Code zum Einbinden", "Embed code";
        widget_snippet_hint:
            "Fügen Sie diesen Code dort in Ihre Seite ein, wo das Formular erscheinen soll. data-property ist die Objektnummer des Exposés (optional), data-lang \"de\" oder \"en\".",
            "Paste this code into your page where the form should appear. data-property is the listing's object number (optional), data-lang \"de\" or \"en\".";
        widget_copy: "Kopieren", "Copy";
        widget_copied: "Kopiert", "Copied";
        widget_origins: "Erlaubte Websites", "Allowed websites";
        widget_origins_hint:
            "Eine Adresse pro Zeile, z. B. https://www.ihre-maklerseite.de (ohne Pfad). Nur von diesen Seiten nimmt das Formular Anfragen an.",
            "One address per line, e.g. https://www.your-agency.com (no path). The form accepts inquiries from these sites only.";
        widget_origins_save: "Websites speichern", "Save websites";
        widget_origin_invalid: "ist keine Website-Adresse", "is not a website address";
        widget_origin_insecure: "muss mit https:// beginnen", "must start with https://";
        widget_origin_path: "darf keinen Pfad enthalten", "must not contain a path";
        api_key_name: "Bezeichnung", "Name";
        api_key_create: "Schlüssel erzeugen", "Create key";
        api_key_shown_once: "Nur jetzt sichtbar – bitte sicher speichern:", "Visible only now – store it safely:";
        api_key_revoke: "Widerrufen", "Revoke";
        api_key_revoked: "Widerrufen", "Revoked";
        office_language: "Sprache des Büros", "Office language";
        repeat_password: "Neues Passwort wiederholen", "Repeat new password";
        api_keys_hint:
            "Für Schnittstellen zu anderen Systemen. Ein Schlüssel hat Ihre Rechte.",
            "For integrations with other systems. A key has your rights.";
        api_keys_empty: "Noch keine API-Schlüssel.", "No API keys yet.";
        api_key_prefix: "Präfix", "Prefix";
        api_key_last_used: "Zuletzt benutzt", "Last used";
        api_key_revoke_confirm:
            "Diesen Schlüssel widerrufen? Systeme, die ihn nutzen, verlieren sofort den Zugang.",
            "Revoke this key? Systems using it lose access at once.";
        mailboxes_title: "Postfächer (IMAP und SMTP)", "Mailboxes (IMAP and SMTP)";
        mailboxes_hint:
            "Anfragen, die in diesen Postfächern eingehen, werden automatisch zu Leads. Die E-Mails bleiben ungelesen; das Passwort wird verschlüsselt gespeichert und nie wieder angezeigt.",
            "Inquiries arriving in these mailboxes become leads automatically. The mails stay unread; the password is stored encrypted and never shown again.";
        mailboxes_empty: "Noch kein Postfach eingerichtet.", "No mailbox set up yet.";
        mailbox_add: "Postfach hinzufügen", "Add mailbox";
        mailbox_edit: "Postfach bearbeiten", "Edit mailbox";
        mailbox_host: "IMAP-Server", "IMAP server";
        mailbox_port: "Port", "Port";
        mailbox_security: "Verschlüsselung", "Encryption";
        mailbox_username: "Benutzername", "User name";
        mailbox_password: "Passwort", "Password";
        mailbox_password_keep:
            "Leer lassen, um das gespeicherte Passwort zu behalten",
            "Leave empty to keep the stored password";
        mailbox_folder: "Ordner", "Folder";
        mailbox_enabled: "Aktiv: neue E-Mails werden abgerufen", "Enabled: new mail is fetched";
        mailbox_sending: "Versand (SMTP)", "Sending (SMTP)";
        mailbox_sending_hint:
            "Mit einem SMTP-Server gehen die E-Mails an Interessenten über dieses Postfach hinaus, mit demselben Benutzernamen und Passwort. Ohne bleiben sie im Postausgang.",
            "With an SMTP server, mail to leads goes out through this mailbox, signed in with the same user name and password. Without one it stays in the outbox.";
        mailbox_smtp_host: "SMTP-Server", "SMTP server";
        mailbox_smtp_port: "SMTP-Port", "SMTP port";
        mailbox_smtp_security: "SMTP-Verschlüsselung", "SMTP encryption";
        mailbox_from_address: "Absenderadresse", "Sender address";
        mailbox_from_name: "Absendername", "Sender name";
        mailbox_sends: "versendet über", "sends via";
        mailbox_paused: "Pausiert", "Paused";
        mailbox_shared: "Büro", "Office";
        mailbox_personal: "Persönlich", "Personal";
        mailbox_last_polled: "Zuletzt abgerufen", "Last checked";
        mailbox_never_polled: "Noch nicht abgerufen", "Not checked yet";
        mailbox_test: "Verbindung testen", "Test connection";
        mailbox_test_ok: "Verbindung erfolgreich", "Connection works";
        mailbox_test_messages: "Nachrichten im Ordner", "messages in the folder";
        mailbox_test_idle: "neue E-Mails kommen sofort an (IDLE)", "new mail arrives at once (IDLE)";
        mailbox_test_failed: "Verbindung fehlgeschlagen", "Connection failed";
        mailbox_delete_confirm:
            "Dieses Postfach entfernen? Bereits eingegangene Anfragen bleiben erhalten.",
            "Remove this mailbox? Inquiries received so far are kept.";
        viewing_times: "Besichtigungszeiten des Büros", "Office viewing times";
        viewing_times_hint:
            "Gelten für alle, die keine eigenen Zeiten festgelegt haben. Jarvis bietet Interessent:innen daraus die nächsten Termine an.",
            "Apply to everyone who has not set their own times. Jarvis offers leads the next times from them.";
        availability_title: "Meine Besichtigungszeiten", "My viewing times";
        availability_hint:
            "Aus diesen Zeiten schlägt Jarvis Ihren Leads Besichtigungstermine vor, in der Erstantwort und im Chat.",
            "Jarvis proposes viewings to your leads from these times, in the first reply and in the chat.";
        availability_for: "Zeiten von", "Times of";
        availability_me: "Meine Zeiten", "My times";
        availability_none: "keine Besichtigungen", "no viewings";
        availability_from: "von", "from";
        availability_to: "bis", "to";
        availability_remove: "Zeitfenster entfernen", "Remove window";
        availability_add: "+ Zeitfenster", "+ Window";
        availability_own: "Eigene Zeiten festlegen", "Set my own times";
        availability_office_applies:
            "Es gelten die Besichtigungszeiten des Büros.",
            "The office's viewing times apply.";
        ai_title: "KI und Budget", "AI and budget";
        ai_hint:
            "Jarvis nutzt ein KI-Modell für Chat, Erstantworten, Stimmung und Suche. Ist das Monatsbudget aufgebraucht, antwortet Jarvis bis Monatsende mit festen Regeln.",
            "Jarvis uses an AI model for chat, first replies, sentiment and search. Once the monthly budget is used up, Jarvis answers with fixed rules until the month ends.";
        ai_online: "KI aktiv", "AI active";
        ai_not_configured:
            "KI offline: kein KI-Modell eingerichtet. Jarvis antwortet mit festen Regeln. Der Betrieb richtet es mit IMMIVO_OPENAI_API_KEY oder IMMIVO_OPENAI_BASE_URL ein.",
            "AI offline: no AI model configured. Jarvis answers with fixed rules. Operations set it up with IMMIVO_OPENAI_API_KEY or IMMIVO_OPENAI_BASE_URL.";
        ai_embeddings: "Embeddings", "Embeddings";
        ai_this_month: "Diesen Monat verbraucht", "Used this month";
        ai_no_calls: "Diesen Monat noch keine KI-Aufrufe.", "No AI calls this month yet.";
        ai_purpose: "Zweck", "Purpose";
        ai_calls: "Aufrufe", "Calls";
        ai_tokens: "Tokens (ein / aus)", "Tokens (in / out)";
        ai_cost: "Kosten", "Cost";
        ai_budget: "Monatsbudget", "Monthly budget";
        ai_budget_default: "Standardbudget der Plattform verwenden", "Use the platform's default budget";
    }
}

impl SettingsTexts {
    /// The days of the week, Monday first.
    pub fn weekdays(&self) -> [&'static str; 7] {
        match self.locale {
            Locale::De => ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
            Locale::En => ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        }
    }

    /// A usage log purpose (`ai_usage_logs.purpose`) as the AI card names it.
    pub fn ai_purpose_name(&self, purpose: &str) -> String {
        let name = match (purpose, self.locale) {
            ("chat", Locale::De) => "Chat",
            ("router", Locale::De) => "Einordnung der Fragen",
            ("summary", Locale::De) => "Zusammenfassungen",
            ("auto_reply", Locale::De) => "Erstantworten und Nachfassen",
            ("sentiment", Locale::De) => "Stimmung der Anfragen",
            ("embedding", Locale::De) => "Suche (Embeddings)",
            ("extraction", Locale::De) => "Unlesbare Anfragen lesen",
            ("chat", Locale::En) => "Chat",
            ("router", Locale::En) => "Routing questions",
            ("summary", Locale::En) => "Summaries",
            ("auto_reply", Locale::En) => "First replies and follow-ups",
            ("sentiment", Locale::En) => "Inquiry sentiment",
            ("embedding", Locale::En) => "Search (embeddings)",
            ("extraction", Locale::En) => "Reading unreadable inquiries",
            (other, _) => return other.to_owned(),
        };
        name.to_owned()
    }
}
