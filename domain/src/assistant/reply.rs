//! The first reply to an inquiry: in the lead's language, with the property's facts, the
//! office's tone and signature, and viewing times from the lead's agent's availability (the
//! office's when the agent set none). Drafted by the model (structured output: subject and
//! body), or from a template when AI is offline.

use chrono::{DateTime, Datelike};
use chrono_tz::Tz;
use serde::Deserialize;
use serde_json::json;

use crate::ai::{
    Ai,
    llm::{ChatRequest, JsonSchema, Message, Tier},
    usage::Purpose,
};
use crate::text::{Language, detect_language};
use crate::viewings::availability;
use crate::{Db, Error, Result, properties, tenants};
use model::{Lead, Property, TenantId, TenantSettings, UserId};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub subject: String,
    pub body: String,
    pub language: Language,
    /// Drafted by the offline template rather than a model.
    pub offline: bool,
}

fn slot_text(t: &DateTime<Tz>, language: Language) -> String {
    const DE: [&str; 7] = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"];
    const EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    const FR: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
    const IT: [&str; 7] = ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"];
    let i = t.weekday().num_days_from_monday() as usize;
    match language {
        Language::De => format!("{}, {} um {} Uhr", DE[i], t.format("%d.%m."), t.format("%H:%M")),
        Language::En => format!("{}, {} at {}", EN[i], t.format("%d %B"), t.format("%H:%M")),
        Language::Fr => format!("{} {} à {}", FR[i], t.format("%d/%m"), t.format("%Hh%M")),
        Language::It => format!("{} {} alle {}", IT[i], t.format("%d/%m"), t.format("%H:%M")),
    }
}

/// Drafts the reply to a lead's inquiry. `user` is who asked (none for the auto-reply job).
pub async fn draft(
    db: &Db,
    ai: &Ai,
    tenant: TenantId,
    user: Option<UserId>,
    lead: &Lead,
    instructions: Option<&str>,
) -> Result<Draft> {
    let settings = tenants::settings_of(db, tenant).await?;
    let tz = tenants::zone(&settings.time_zone);
    let now = chrono::Utc::now().with_timezone(&tz);
    let property = match lead.property_id {
        Some(id) => properties::get_for_tenant(db, tenant, id).await?,
        None => None,
    };
    let language = detect_language(lead.message.as_deref().unwrap_or_default());
    // The lead's agent shows the property; unassigned, whoever asked for the draft.
    let own = availability::own(db, tenant, lead.assigned_to.or(user)).await?;
    let windows = own.as_deref().unwrap_or(&settings.viewing_slots);
    let wished = lead.viewing_wish.as_ref().and_then(|w| availability::wished_slot(now, windows, w));
    let slots = availability::offer(now, windows, wished, 3);
    let chosen = ai.provider_for(db, tenant).await?;
    if chosen.offline_reason.is_some() {
        return Ok(template(lead, property.as_ref(), &settings, &slots, wished.is_some(), language));
    }
    let facts = property.as_ref().map(crate::assistant::tools::property_facts);
    let request = ChatRequest {
        response_schema: Some(JsonSchema {
            name: "reply".into(),
            schema: json!({
                "type": "object",
                "properties": {"subject": {"type": "string"}, "body": {"type": "string"}},
                "required": ["subject", "body"],
                "additionalProperties": false,
            }),
        }),
        max_completion_tokens: Some(1200),
        ..ChatRequest::new(
            Tier::Main,
            vec![
                Message::system(format!(
                    "You write the first reply of a real-estate agency to a portal inquiry. Write in the \
                     language with code '{}' (the inquiry's language). Tone: {}. Use only the facts given; \
                     never invent prices, addresses or features. Offer these viewing times and ask which \
                     suits: {}.{} Thank them, answer their questions from the facts, keep it under 180 words. \
                     Plain text, no markdown. End with this signature exactly:\n{}\nAnswer as JSON with \
                     `subject` and `body`.",
                    language.code(),
                    settings.reply_tone,
                    slots.iter().map(|t| slot_text(t, language)).collect::<Vec<_>>().join("; "),
                    if wished.is_some() { " The first is the time the lead asked for: say so." } else { "" },
                    settings.email_signature.clone().unwrap_or_default(),
                )),
                Message::user(
                    json!({
                        "lead": {"name": lead.display_name(), "salutation": lead.salutation, "message": lead.message},
                        "property": facts,
                        "agent_instructions": instructions,
                    })
                    .to_string(),
                ),
            ],
        )
    };
    let answer = ai.chat_logged(db, &chosen, tenant, user, Purpose::AutoReply, &request).await??;
    #[derive(Deserialize)]
    struct Reply {
        subject: String,
        body: String,
    }
    let reply: Reply = serde_json::from_str(crate::assistant::clean::json_payload(&answer.message.content))
        .map_err(|e| Error::Unavailable(format!("the model's reply was not the asked JSON: {e}")))?;
    if reply.subject.trim().is_empty() || reply.body.trim().is_empty() {
        return Err(Error::Unavailable("the model drafted an empty reply".into()));
    }
    Ok(Draft { subject: reply.subject.trim().to_owned(), body: reply.body.trim().to_owned(), language, offline: false })
}

/// A follow-up to a lead who has not answered our mail `previous` (its subject): step `step` of
/// `of`, the last saying that the inquiry is closed unless they answer. Drafted by the model
/// (structured output), or from a template when AI is offline.
pub async fn follow_up(
    db: &Db,
    ai: &Ai,
    tenant: TenantId,
    lead: &Lead,
    (step, of): (u32, u32),
    previous: Option<&str>,
) -> Result<Draft> {
    let settings = tenants::settings_of(db, tenant).await?;
    let property = match lead.property_id {
        Some(id) => properties::get_for_tenant(db, tenant, id).await?,
        None => None,
    };
    let language = detect_language(lead.message.as_deref().unwrap_or_default());
    let last = step >= of;
    let subject = match previous.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) if p.get(..3).is_some_and(|re| re.eq_ignore_ascii_case("re:")) => p.to_owned(),
        Some(p) => format!("Re: {p}"),
        None => inquiry_subject(property.as_ref().map(|p| p.title.as_str()), language),
    };
    let chosen = ai.provider_for(db, tenant).await?;
    if chosen.offline_reason.is_some() {
        let body = follow_up_text(lead, property.as_ref(), &settings, last, language);
        return Ok(Draft { subject, body, language, offline: true });
    }
    let request = ChatRequest {
        response_schema: Some(JsonSchema {
            name: "follow_up".into(),
            schema: json!({
                "type": "object",
                "properties": {"body": {"type": "string"}},
                "required": ["body"],
                "additionalProperties": false,
            }),
        }),
        max_completion_tokens: Some(800),
        ..ChatRequest::new(
            Tier::Main,
            vec![
                Message::system(format!(
                    "You write follow-up {step} of {of} of a real-estate agency to a lead who has not answered \
                     our mail \"{subject}\". Write in the language with code '{}' (the inquiry's language). \
                     Tone: {}. Friendly and short (under 90 words), no pressure; ask whether they are still \
                     interested and offer to answer questions.{} Use only the facts given; never invent \
                     prices, addresses or features. Plain text, no markdown. End with this signature \
                     exactly:\n{}\nAnswer as JSON with `body`.",
                    language.code(),
                    settings.reply_tone,
                    if last {
                        " This is the last one: say kindly that you will close the inquiry unless they answer."
                    } else {
                        ""
                    },
                    settings.email_signature.clone().unwrap_or_default(),
                )),
                Message::user(
                    json!({
                        "lead": {"name": lead.display_name(), "salutation": lead.salutation, "message": lead.message},
                        "property": property.as_ref().map(crate::assistant::tools::property_facts),
                    })
                    .to_string(),
                ),
            ],
        )
    };
    let answer = ai.chat_logged(db, &chosen, tenant, None, Purpose::AutoReply, &request).await??;
    #[derive(Deserialize)]
    struct FollowUp {
        body: String,
    }
    let drafted: FollowUp = serde_json::from_str(crate::assistant::clean::json_payload(&answer.message.content))
        .map_err(|e| Error::Unavailable(format!("the model's follow-up was not the asked JSON: {e}")))?;
    if drafted.body.trim().is_empty() {
        return Err(Error::Unavailable("the model drafted an empty follow-up".into()));
    }
    Ok(Draft { subject, body: drafted.body.trim().to_owned(), language, offline: false })
}

/// "Ihre Anfrage: <title>", the subject of our first mail about an inquiry.
fn inquiry_subject(title: Option<&str>, language: Language) -> String {
    let (plain, with) = match language {
        Language::De => ("Ihre Anfrage", "Ihre Anfrage: "),
        Language::En => ("Your inquiry", "Your inquiry: "),
        Language::Fr => ("Votre demande", "Votre demande : "),
        Language::It => ("La sua richiesta", "La sua richiesta: "),
    };
    title.map_or_else(|| plain.to_owned(), |t| format!("{with}{t}"))
}

fn full_name(lead: &Lead) -> String {
    [lead.first_name.as_deref(), lead.last_name.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ")
}

/// The offline follow-up: asks again, or (the last) closes the inquiry unless the lead answers.
fn follow_up_text(
    lead: &Lead,
    property: Option<&Property>,
    settings: &TenantSettings,
    last: bool,
    language: Language,
) -> String {
    let name = full_name(lead);
    let about = |before: &str, open: &str, close: &str| {
        property.map(|p| format!("{before}{open}{}{close}", p.title)).unwrap_or_default()
    };
    let text = match (language, last) {
        (Language::De, false) => format!(
            "{},\n\nich wollte kurz nachfragen, ob Sie meine Nachricht{} erhalten haben. Haben Sie noch \
             Interesse an einer Besichtigung? Gerne beantworte ich auch Ihre Fragen.\n\nIch freue mich auf \
             Ihre Antwort.",
            if name.is_empty() { "Guten Tag".to_owned() } else { format!("Guten Tag {name}") },
            about(" zu ", "„", "“"),
        ),
        (Language::De, true) => format!(
            "{},\n\nda ich bisher nichts von Ihnen gehört habe, gehe ich davon aus, dass sich Ihre \
             Anfrage{} erledigt hat, und schließe sie ab. Wenn Sie doch noch Interesse haben, antworten Sie \
             einfach auf diese E-Mail.",
            if name.is_empty() { "Guten Tag".to_owned() } else { format!("Guten Tag {name}") },
            about(" zu ", "„", "“"),
        ),
        (Language::En, false) => format!(
            "{},\n\nI wanted to check whether you received my message{}. Are you still interested in a \
             viewing? I am also happy to answer any questions.\n\nI look forward to hearing from you.",
            if name.is_empty() { "Hello".to_owned() } else { format!("Dear {name}") },
            about(" about ", "“", "”"),
        ),
        (Language::En, true) => format!(
            "{},\n\nas I have not heard back from you, I assume your inquiry{} is settled and will close \
             it. If you are still interested, simply reply to this email.",
            if name.is_empty() { "Hello".to_owned() } else { format!("Dear {name}") },
            about(" about ", "“", "”"),
        ),
        (Language::Fr, false) => format!(
            "{},\n\nje me permets de revenir vers vous : avez-vous bien reçu mon message{} ? La visite \
             vous intéresse-t-elle toujours ? Je réponds volontiers à vos questions.\n\nAu plaisir de vous lire.",
            if name.is_empty() { "Bonjour".to_owned() } else { format!("Bonjour {name}") },
            about(" concernant ", "« ", " »"),
        ),
        (Language::Fr, true) => format!(
            "{},\n\nsans nouvelles de votre part, je suppose que votre demande{} n'est plus d'actualité et \
             je la clôture. Si le bien vous intéresse toujours, il vous suffit de répondre à ce message.",
            if name.is_empty() { "Bonjour".to_owned() } else { format!("Bonjour {name}") },
            about(" concernant ", "« ", " »"),
        ),
        (Language::It, false) => format!(
            "{},\n\nvolevo sapere se ha ricevuto il mio messaggio{}. La visita le interessa ancora? \
             Rispondo volentieri alle sue domande.\n\nResto in attesa di una sua risposta.",
            if name.is_empty() { "Buongiorno".to_owned() } else { format!("Buongiorno {name}") },
            about(" su ", "«", "»"),
        ),
        (Language::It, true) => format!(
            "{},\n\nnon avendo ricevuto sue notizie, presumo che la sua richiesta{} non sia più attuale e \
             la chiudo. Se l'immobile le interessa ancora, basta rispondere a questa e-mail.",
            if name.is_empty() { "Buongiorno".to_owned() } else { format!("Buongiorno {name}") },
            about(" su ", "«", "»"),
        ),
    };
    match settings.email_signature.as_deref().filter(|s| !s.is_empty()) {
        Some(signature) => format!("{text}\n\n{signature}"),
        None => text,
    }
}

/// The offline reply: a fixed text per language with the facts filled in.
fn template(
    lead: &Lead,
    property: Option<&Property>,
    settings: &TenantSettings,
    slots: &[DateTime<Tz>],
    first_wished: bool,
    language: Language,
) -> Draft {
    let name = full_name(lead);
    let title = property.map(|p| p.title.clone());
    let wished = match language {
        Language::De => " (Ihr Wunschtermin)",
        Language::En => " (the time you asked for)",
        Language::Fr => " (le créneau souhaité)",
        Language::It => " (l'orario da lei richiesto)",
    };
    let times: Vec<String> = slots
        .iter()
        .enumerate()
        .map(|(i, t)| format!("- {}{}", slot_text(t, language), if i == 0 && first_wished { wished } else { "" }))
        .collect();
    let signature = settings.email_signature.clone().unwrap_or_default();
    let subject = inquiry_subject(title.as_deref(), language);
    let (greeting, thanks, offer, close) = match language {
        Language::De => (
            if name.is_empty() { "Guten Tag,".to_owned() } else { format!("Guten Tag {name},") },
            title.as_ref().map_or("vielen Dank für Ihre Anfrage.".to_owned(), |t| {
                format!("vielen Dank für Ihr Interesse an „{t}“.")
            }),
            "Gerne zeigen wir Ihnen die Immobilie persönlich. Folgende Termine könnten wir anbieten:",
            "Welcher Termin passt Ihnen? Wir freuen uns auf Ihre Antwort.",
        ),
        Language::En => (
            if name.is_empty() { "Hello,".to_owned() } else { format!("Dear {name},") },
            title
                .as_ref()
                .map_or("thank you for your inquiry.".to_owned(), |t| format!("thank you for your interest in “{t}”.")),
            "We would be glad to show you the property. We could offer these times:",
            "Which one suits you? We look forward to hearing from you.",
        ),
        Language::Fr => (
            if name.is_empty() { "Bonjour,".to_owned() } else { format!("Bonjour {name},") },
            title
                .as_ref()
                .map_or("merci pour votre demande.".to_owned(), |t| format!("merci de votre intérêt pour « {t} ».")),
            "Nous serions ravis de vous faire visiter le bien. Nous pouvons proposer :",
            "Quel créneau vous convient ? Au plaisir de vous lire.",
        ),
        Language::It => (
            if name.is_empty() { "Buongiorno,".to_owned() } else { format!("Buongiorno {name},") },
            title
                .as_ref()
                .map_or("grazie per la sua richiesta.".to_owned(), |t| format!("grazie per l'interesse per «{t}».")),
            "Saremo lieti di mostrarle l'immobile. Possiamo proporre:",
            "Quale appuntamento le va bene? Restiamo in attesa di una sua risposta.",
        ),
    };
    let mut body = format!("{greeting}\n\n{thanks}\n\n{offer}\n{}\n\n{close}", times.join("\n"));
    if !signature.is_empty() {
        body.push_str("\n\n");
        body.push_str(&signature);
    }
    Draft { subject, body, language, offline: true }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn slot_texts_per_language() {
        let tz: Tz = chrono_tz::Europe::Vienna;
        let t = tz.with_ymd_and_hms(2026, 12, 7, 10, 0, 0).unwrap();
        assert_eq!(slot_text(&t, Language::De), "Montag, 07.12. um 10:00 Uhr");
        assert_eq!(slot_text(&t, Language::En), "Monday, 07 December at 10:00");
        assert_eq!(slot_text(&t, Language::Fr), "lundi 07/12 à 10h00");
        assert_eq!(slot_text(&t, Language::It), "lunedì 07/12 alle 10:00");
    }
}
