//! The assistant, Jarvis: the chat, its tools and approvals, speed-to-lead.

use super::Locale;
use model::PendingStatus;

super::area_texts! {
    /// The assistant, Jarvis: the chat, its tools and approvals, speed-to-lead.
    AssistantTexts {
        title: "Jarvis – dein Assistent", "Jarvis – your assistant";
        new_chat: "Neuer Chat", "New chat";
        hint:
            "Frag Jarvis nach Leads, Objekten, Zahlen oder Antworten – zum Beispiel „Zeige meine neuen Leads“.",
            "Ask Jarvis about leads, properties, figures or replies – for example “show my new leads”.";
        placeholder: "Nachricht an Jarvis …", "Message Jarvis …";
        send: "Senden", "Send";
        stop: "Stopp", "Stop";
        offline:
            "KI offline: Jarvis antwortet mit festen Regeln (kein KI-Modell eingerichtet).",
            "AI offline: Jarvis answers with fixed rules (no AI model configured).";
        offline_budget:
            "KI offline: das monatliche KI-Budget des Büros ist aufgebraucht; bis Monatsende antwortet Jarvis mit festen Regeln.",
            "AI offline: the office's monthly AI budget is used up; until the month ends Jarvis answers with fixed rules.";
        approve: "Freigeben", "Approve";
        reject: "Ablehnen", "Reject";
        lead_chat: "Jarvis zu diesem Lead", "Jarvis on this lead";
        speed_to_lead: "Reaktionszeit", "Speed to lead";
        speed_arrived: "Eingang", "Arrived";
        speed_drafted: "Antwort entworfen", "Reply drafted";
        speed_sent: "Antwort gesendet", "Reply sent";
        speed_median: "Erste Antwort (Median)", "First reply (median)";
        speed_none: "noch keine", "none yet";
    }
}

impl AssistantTexts {
    /// A tool's name on its tag in the chat.
    pub fn tool_label(&self, tool: &str) -> String {
        let de = self.locale == Locale::De;
        let label = match tool {
            "search_leads" => {
                if de {
                    "Leads suchen"
                } else {
                    "Search leads"
                }
            }
            "get_lead" => {
                if de {
                    "Lead lesen"
                } else {
                    "Read lead"
                }
            }
            "create_lead" => {
                if de {
                    "Lead anlegen"
                } else {
                    "Create lead"
                }
            }
            "update_lead" => {
                if de {
                    "Lead ändern"
                } else {
                    "Update lead"
                }
            }
            "change_lead_status" => {
                if de {
                    "Status ändern"
                } else {
                    "Change status"
                }
            }
            "bulk_change_status" => {
                if de {
                    "Status für mehrere"
                } else {
                    "Bulk status"
                }
            }
            "assign_lead" => {
                if de {
                    "Zuweisen"
                } else {
                    "Assign"
                }
            }
            "add_lead_note" => {
                if de {
                    "Notiz"
                } else {
                    "Note"
                }
            }
            "list_lead_activities" => {
                if de {
                    "Verlauf"
                } else {
                    "Timeline"
                }
            }
            "explain_lead_score" => {
                if de {
                    "Score erklären"
                } else {
                    "Explain score"
                }
            }
            "merge_leads" => {
                if de {
                    "Zusammenführen"
                } else {
                    "Merge"
                }
            }
            "delete_lead" => {
                if de {
                    "Lead löschen"
                } else {
                    "Delete lead"
                }
            }
            "search_properties" => {
                if de {
                    "Objekte suchen"
                } else {
                    "Search properties"
                }
            }
            "get_property" => {
                if de {
                    "Objekt lesen"
                } else {
                    "Read property"
                }
            }
            "create_property" => {
                if de {
                    "Objekt anlegen"
                } else {
                    "Create property"
                }
            }
            "update_property" => {
                if de {
                    "Objekt ändern"
                } else {
                    "Update property"
                }
            }
            "archive_property" => {
                if de {
                    "Objekt archivieren"
                } else {
                    "Archive property"
                }
            }
            "recommend_properties" => {
                if de {
                    "Passende Objekte"
                } else {
                    "Matching properties"
                }
            }
            "semantic_search" => {
                if de {
                    "Semantische Suche"
                } else {
                    "Semantic search"
                }
            }
            "pipeline_counts" => "Pipeline",
            "conversion_stats" => "Conversion",
            "leads_by_source" => {
                if de {
                    "Lead-Quellen"
                } else {
                    "Lead sources"
                }
            }
            "response_times" => {
                if de {
                    "Reaktionszeiten"
                } else {
                    "Response times"
                }
            }
            "list_unrecognised_mail" => {
                if de {
                    "Unerkannte Mails"
                } else {
                    "Unrecognised mail"
                }
            }
            "reprocess_mail" => {
                if de {
                    "Mail neu verarbeiten"
                } else {
                    "Reprocess mail"
                }
            }
            "draft_reply" => {
                if de {
                    "Antwort entwerfen"
                } else {
                    "Draft reply"
                }
            }
            "send_reply" => {
                if de {
                    "Antwort senden"
                } else {
                    "Send reply"
                }
            }
            "get_reply_settings" => {
                if de {
                    "Antwort-Vorlagen"
                } else {
                    "Reply templates"
                }
            }
            "update_reply_settings" => {
                if de {
                    "Vorlagen ändern"
                } else {
                    "Update templates"
                }
            }
            "list_agents" => "Team",
            "job_queue_stats" => {
                if de {
                    "Warteschlangen"
                } else {
                    "Queues"
                }
            }
            "retry_dead_job" => {
                if de {
                    "Job wiederholen"
                } else {
                    "Retry job"
                }
            }
            "remember" => {
                if de {
                    "Merken"
                } else {
                    "Remember"
                }
            }
            "recall" => {
                if de {
                    "Erinnern"
                } else {
                    "Recall"
                }
            }
            "forget" => {
                if de {
                    "Vergessen"
                } else {
                    "Forget"
                }
            }
            "propose_viewing_slots" => {
                if de {
                    "Freie Termine"
                } else {
                    "Free slots"
                }
            }
            "list_pending_actions" => {
                if de {
                    "Offene Freigaben"
                } else {
                    "Pending approvals"
                }
            }
            other => return other.replace('_', " "),
        };
        label.to_owned()
    }

    pub fn pending_status(&self, s: PendingStatus) -> &'static str {
        match (s, self.locale) {
            (PendingStatus::Pending, Locale::De) => "Wartet auf Freigabe",
            (PendingStatus::Executed, Locale::De) => "Ausgeführt",
            (PendingStatus::Failed, Locale::De) => "Fehlgeschlagen",
            (PendingStatus::Rejected, Locale::De) => "Abgelehnt",
            (PendingStatus::Withdrawn, Locale::De) => "Zurückgezogen",
            (PendingStatus::Pending, Locale::En) => "Awaiting approval",
            (PendingStatus::Executed, Locale::En) => "Done",
            (PendingStatus::Failed, Locale::En) => "Failed",
            (PendingStatus::Rejected, Locale::En) => "Rejected",
            (PendingStatus::Withdrawn, Locale::En) => "Withdrawn",
        }
    }
}
