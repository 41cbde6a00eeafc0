//! The rule-based assistant used when no AI model is configured (or the office's AI budget is
//! used up). It classifies a request and plans the tool calls for the common German and English
//! phrasings; what it does not understand it leaves without calls, so the caller can say so
//! honestly instead of guessing.
//!
//! A request naming several areas ("zeige neue Leads und freie Termine") is cut at "und", "and",
//! ";" and ", " into clauses; a clause that names no request of its own (the "450.000" of
//! "zwischen 300.000 und 450.000") stays with its neighbour.
//!
//! Dates in `created_after`/`since` look back from today: "heute"/"today" and "gestern" are that
//! day; "letzte Woche"/"last week" and "letzten Monat"/"last month" are rolling (7 days, one
//! month back); "diese Woche"/"this week", "diesen Monat", "dieses Jahr" start at their Monday,
//! 1st or 1 January; "seit Montag" is the latest Monday not after today; "im November" the 1st of
//! the latest November not in the future; "letzten 30 Tage"/"last 2 weeks" count back.

use std::collections::HashSet;
use std::sync::LazyLock;

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Timelike};
use chrono_tz::Tz;
use regex::Regex;
use serde_json::{Map, Value, json};

use crate::text::{self, Language, re};
use model::TimePrecision;

/// What a message is about; the assistant gives each category its tool subset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Greetings, thanks, "what can you do": answered without tools.
    Smalltalk,
    /// Leads, properties, statistics, team, jobs; also whatever was not understood.
    Crm,
    Email,
    Calendar,
    Expose,
    /// Facts the assistant keeps about the user.
    Memory,
    /// Several of the above in one message; it gets every tool.
    Multi,
}

/// A tool the offline rules decided to call, with arguments as the tool's JSON schema takes them.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PlannedCall {
    pub tool: &'static str,
    pub arguments: Value,
}

/// The offline answer to a message: its category, the calls to make (none when nothing was
/// understood) and the language to answer in.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Plan {
    pub category: Category,
    pub calls: Vec<PlannedCall>,
    pub language: Language,
}

type Request = (Category, Vec<PlannedCall>);

/// Classifies `text` and plans tool calls. `now` is in the office's time zone (for dates).
///
/// A recognised area with a detail missing keeps its category without calls ("schreib eine
/// Mail": Email, but to whom?), as does an exposé request: offline mode has no exposé tool.
/// Nothing recognised is `Crm` without calls, or `Smalltalk` for greetings, thanks and help.
pub fn plan(text: &str, now: DateTime<Tz>) -> Plan {
    let language = text::detect_language(text);
    let (category, calls) = memory(text).unwrap_or_else(|| requests(text, now));
    Plan { category, calls, language }
}

fn requests(text: &str, now: DateTime<Tz>) -> Request {
    let found: Vec<Request> = clauses(text, now).into_iter().filter_map(|c| request(c, now)).collect();
    let Some(first) = found.first().map(|(category, _)| *category) else {
        let smalltalk = SMALLTALK.is_match(&text::fold(text));
        return (if smalltalk { Category::Smalltalk } else { Category::Crm }, Vec::new());
    };
    let category = if found.iter().all(|(c, _)| *c == first) { first } else { Category::Multi };
    let mut calls: Vec<PlannedCall> = Vec::new();
    for call in found.into_iter().flat_map(|(_, calls)| calls) {
        if !calls.contains(&call) {
            calls.push(call);
        }
    }
    (category, calls)
}

static CLAUSE_SEP: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\s*(?:;|,\s|\bund\b|\band\b|\bsowie\b|\baußerdem\b|\bausserdem\b|\bthen\b|\bdann\b)\s*"));

/// The clauses of a request that each name something to do; the whole text if fewer than two.
fn clauses(text: &str, now: DateTime<Tz>) -> Vec<&str> {
    let mut cuts = vec![0];
    for m in CLAUSE_SEP.find_iter(text) {
        cuts.extend([m.start(), m.end()]);
    }
    cuts.push(text.len());
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut leading: Option<usize> = None;
    for pair in cuts.chunks(2) {
        let &[start, end] = pair else { continue };
        let Some(piece) = text.get(start..end) else { continue };
        if request(piece, now).is_some() {
            spans.push((leading.take().unwrap_or(start), end));
        } else if let Some(last) = spans.last_mut() {
            last.1 = end;
        } else {
            leading.get_or_insert(start);
        }
    }
    if spans.len() < 2 {
        return vec![text];
    }
    spans.into_iter().filter_map(|(s, e)| text.get(s..e)).collect()
}

/// The plan for one clause, or `None` when it names nothing to do.
fn request(text: &str, now: DateTime<Tz>) -> Option<Request> {
    let f = text::fold(text);
    let words = words(text);
    let today = now.date_naive();
    let since_args = || dated("since", since(&f, today));
    if EXPOSE.is_match(&f) {
        return Some((Category::Expose, Vec::new()));
    }
    if UNRECOGNISED.is_match(&f) {
        return one(Category::Email, "list_unrecognised_mail", json!({}));
    }
    if RESPONSE_TIMES.is_match(&f) {
        return one(Category::Crm, "response_times", since_args());
    }
    if let Some(name) = reply_target(&f, &words) {
        return one(Category::Email, "draft_reply", json!({ "lead_name": name }));
    }
    if MAIL.is_match(&EMAIL_SOURCE.replace_all(&f, " ")) {
        return Some((Category::Email, Vec::new()));
    }
    if CONVERSION.is_match(&f) {
        return one(Category::Crm, "conversion_stats", since_args());
    }
    if CALENDAR.is_match(&f) {
        return one(Category::Calendar, "propose_viewing_slots", viewing_slots(text, &words, now));
    }
    let stats = [(&JOBS, "job_queue_stats"), (&TEAM, "list_agents")];
    if let Some((_, tool)) = stats.iter().find(|(re, _)| re.is_match(&f)) {
        return one(Category::Crm, tool, json!({}));
    }
    if BY_SOURCE.is_match(&f) || (PIPELINE.is_match(&f) && source(&f).is_some()) {
        return one(Category::Crm, "leads_by_source", since_args());
    }
    if PIPELINE.is_match(&f) {
        return one(Category::Crm, "pipeline_counts", json!({}));
    }
    if let Some(name) = lead_name(&words) {
        return one(Category::Crm, "get_lead", json!({ "name": name }));
    }
    if LEADS.is_match(&f) {
        return one(Category::Crm, "search_leads", lead_search(&f, &words, today));
    }
    let kind = property_kind(&words)?;
    one(Category::Crm, "search_properties", property_search(text, &f, &words, kind))
}

fn one(category: Category, tool: &'static str, arguments: Value) -> Option<Request> {
    Some((category, vec![PlannedCall { tool, arguments }]))
}

/// `{key: "YYYY-MM-DD"}`, or `{}` without a date.
fn dated(key: &str, date: Option<NaiveDate>) -> Value {
    let mut args = Map::new();
    if let Some(date) = date {
        args.insert(key.to_owned(), json!(date.format("%Y-%m-%d").to_string()));
    }
    Value::Object(args)
}

// Patterns over folded text (see `text::fold`), roughly in the order `request` tries them.
static EXPOSE: LazyLock<Regex> = LazyLock::new(|| re(r"\bexpose[es]?\b|\bpdf\b"));
static UNRECOGNISED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:unerkannt|nicht\s+erkannt|nicht\s+zugeordnet|unzugeordnet|unrecogni[sz]ed|unmatched|unassigned)\w*\s+(?:\w+\s+)?(?:e-?)?mails?|(?:e-?)?mails?\b.*\b(?:nicht\s+erkannt|nicht\s+zugeordnet|not\s+recogni[sz]ed)",
    )
});
static RESPONSE_TIMES: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"reaktionszeit|antwortzeit|\bwie\s+schnell\s+(?:antworten|reagieren)|response\s*times?|speed[\s-]+to[\s-]+lead|\bhow\s+(?:fast|quickly)\s+(?:do\s+)?we\s+(?:respond|reply|answer)",
    )
});
static MAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:e-?mails?|mails?|antwort|antworten|antworte|beantworte\w*|reply|respond|nachricht(?:en)?|inbox|posteingang)\b",
    )
});
static EMAIL_SOURCE: LazyLock<Regex> = LazyLock::new(|| re(r"\b(?:per|via|ueber|from|by|aus)\s+(?:e-?)?mail\b"));
static CONVERSION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"conversion|konversion|abschlussquote|abschlussrate|erfolgsquote|\bquote\b|close\s+rate|win\s+rate|\bwie\s*viele\b.*\bgebucht\b|\bhow\s+many\b.*\bbooked\b",
    )
});
static CALENDAR: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\btermin|besichtig|kalender|\bslots?\b|\bviewings?\b|\bappointments?\b|\bcalendar\b|zeitfenster|verfuegbarkeit|\bavailability\b|\bfreie\s+zeiten\b",
    )
});
static JOBS: LazyLock<Regex> = LazyLock::new(|| re(r"\bjobs?\b|warteschlange|\bqueue\b|hintergrundjobs"));
static TEAM: LazyLock<Regex> =
    LazyLock::new(|| re(r"\bteam\b|\bmakler(?:innen)?\b|\bagents?\b|\bmitarbeiter(?:innen)?\b|\bkolleg(?:en|innen)\b"));
static BY_SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\bwoher\s+kommen|\bwo\s+kommen\b.*\bher\b|\b(?:nach|pro|je)\s+(?:portal|quelle|kanal)|\b(?:by|per)\s+(?:source|portal|channel)|\bwelche[snm]?\s+portale?\b|\bwhich\s+(?:portals?|sources?|channels?)\b|\b(?:lead-?)?quellen\b|\bsources\b",
    )
});
static PIPELINE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\bwie\s*viele\b|\banzahl\b|\bpipeline\b|\buebersicht\b|\bueberblick\b|\bhow\s+many\b|\boverview\b")
});
static LEADS: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\bleads?\b|\banfragen\b|\binteressent(?:en|in|innen)?\b|\binquiries\b|\benquiries\b|\bprospects\b")
});
static SMALLTALK: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:hallo|hi|hey|servus|moin|gruess\s+gott|gruezi|guten\s+(?:morgen|tag|abend)|good\s+(?:morning|afternoon|evening)|hello|danke\w*|vielen\s+dank|thanks|thank\s+you|thx|merci|grazie|bonjour|bonsoir|buongiorno|buonasera|salve|ciao|wer\s+bist\s+du|who\s+are\s+you|was\s+bist\s+du|what\s+are\s+you|was\s+kannst\s+du|what\s+can\s+you\s+do|hilfe|help|wie\s+geht|how\s+are\s+you)\b",
    )
});

// ---------------------------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------------------------

/// A word as typed, its folded key, and whether punctuation ends the phrase after it.
struct Word<'a> {
    text: &'a str,
    key: String,
    ends_phrase: bool,
}

/// Abbreviations whose full stop does not end a phrase ("St. Pölten", "Dr. Berger").
static ABBREVIATIONS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| text::word_set("st dr mr mrs ms hr fr prof mag ing dipl"));

fn words(text: &str) -> Vec<Word<'_>> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        let inside = c.is_alphanumeric() || (start.is_some() && matches!(c, '-' | '\'' | '’'));
        match (start, inside) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    let gaps = spans.iter().skip(1).map(|&(s, _)| s).chain([text.len()]);
    spans
        .iter()
        .zip(gaps)
        .filter_map(|(&(s, e), next)| {
            let word = text.get(s..e)?.trim_end_matches(['-', '\'', '’']);
            let gap = text.get(e..next).unwrap_or("");
            let key = text::fold(word);
            let stop = gap.contains([',', ';', ':', '!', '?', '(', ')', '"', '\n'])
                || (gap.contains('.') && !ABBREVIATIONS.contains(&key.as_str()));
            Some(Word { text: word, key, ends_phrase: stop })
        })
        .collect()
}

fn capitalised(word: &str) -> String {
    word.split_inclusive('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
        })
        .collect()
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

static TITLES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| text::word_set("herr herrn frau mr mrs ms miss dr prof mag ing dipl"));

/// Folded words that are never (part of) a person's or a place's name.
static NOT_NAMES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    text::word_set(
        "der die das den dem des ein eine einen einem einer a an the ich du er sie es wir ihr ihm ihn ihnen mir
        mich uns dir dich me you him her them us we they he she it und oder and or mit von auf fuer zu zum zur
        wegen bezueglich ueber am um im in bei nach for to with about on at from regarding re bitte mal doch
        please kurz schnell nochmal again jetzt now heute morgen uebermorgen gestern naechste naechsten
        naechster kommende kommenden diese diesen dieser today tomorrow yesterday next this vormittag
        vormittags nachmittag nachmittags abend abends mittag mittags morning afternoon evening tonight woche
        week antwort antworten mail mails e-mail e-mails email emails nachricht reply message response anfrage
        lead leads termin termine besichtigung viewing appointment slot slots kunde kundin kunden interessent
        interessentin neue neuen neuer new alle all meine meinen my unsere our sein seine ihre his their was
        wie what how wer who ist is sind are status details info infos zurueck back ai hallo hi hey danke
        thanks freie free wohnung haus objekt property einer zwei drei vier fuenf ganz ganzen naehe gegend
        lage zentrum innenstadt stadt stadtmitte stadtrand stadtgebiet bezirk umgebung umkreis gruenen
        ruhelage city centre center downtown town area erdgeschoss dachgeschoss altbau neubau kuerze zukunft
        ordnung bereich wochenende ruhiger ruhigen ruhige guter gute guten zentraler zentralen bester besten
        toller schoener schoenen sehr meiner unserer diesem jedem eur euro zimmer balkon garten sommer winter
        fruehling herbst summer spring autumn system crm portal moment gespraech verhandlung vorbereitung
        arbeit monat jahr preis budget rahmen schnitt durchschnitt voraus vorfeld detail",
    )
});

fn is_name(w: &Word) -> bool {
    w.key.chars().count() >= 2
        && w.text.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
        && !NOT_NAMES.contains(&w.key.as_str())
        && !TITLES.contains(&w.key.as_str())
        && text::weekday_word(&w.key).is_none()
        && source(&w.key).is_none()
}

/// Up to three name words at `i`, after any titles ("Herrn Dr. Pichler" → "Pichler").
fn name_at(words: &[Word], mut i: usize) -> Option<String> {
    while words.get(i).is_some_and(|w| TITLES.contains(&w.key.as_str())) {
        i += 1;
    }
    let mut parts = Vec::new();
    while let Some(w) = words.get(i)
        && parts.len() < 3
        && is_name(w)
    {
        parts.push(capitalised(w.text));
        if w.ends_phrase {
            break;
        }
        i += 1;
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// Where a key sequence occurs: the index of the word after it.
fn after(words: &[Word], keys: &[&str]) -> Option<usize> {
    (0..words.len())
        .find(|&i| keys.iter().enumerate().all(|(k, key)| words.get(i + k).is_some_and(|w| w.key == *key)))
        .map(|i| i + keys.len())
}

// ---------------------------------------------------------------------------------------------
// Memory, mail, calendar
// ---------------------------------------------------------------------------------------------

static REMEMBER_DE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:merk(?:e)?\s+dir|merken\s+sie\s+sich|notier(?:e)?\s+dir|speicher(?:e)?\s+dir|kannst\s+du\s+dir\s+merken)\b\s*(?:bitte\b\s*)?[:,]?\s*(?:(?:dass|daß)\b\s*)?",
    )
});
static REMEMBER_EN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s*(?:(?:hey|hi|ok|okay)\s+)?(?:jarvis\s*[,:!]?\s*)?(?:please\s+)?(?:remember|keep\s+in\s+mind)\b\s*(?:that\b\s*)?[:,]?\s*",
    )
});
static RECALL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\bwas\s+weisst?\s+du\b|\bwas\s+hast\s+du\s+(?:dir\s+)?gemerkt|\bworan\s+erinnerst\s+du\s+dich|\berinnerst\s+du\s+dich|\bwhat\s+do\s+you\s+(?:know|remember)\b|\bdo\s+you\s+remember\b|\bwhat\s+have\s+you\s+remembered",
    )
});

/// "merk dir, dass …" stores the rest as written; "was weißt du über …" recalls.
fn memory(text: &str) -> Option<Request> {
    if let Some(m) = REMEMBER_DE.find(text).or_else(|| REMEMBER_EN.find(text)) {
        let fact = text.get(m.end()..).unwrap_or("").trim().trim_end_matches(['.', '!']).trim_end();
        if fact.is_empty() {
            return Some((Category::Memory, Vec::new()));
        }
        return one(Category::Memory, "remember", json!({ "fact": fact }));
    }
    if !RECALL.is_match(&text::fold(text)) {
        return None;
    }
    let words = words(text);
    let mut args = Map::new();
    if let Some(start) = words.iter().position(|w| matches!(w.key.as_str(), "ueber" | "about" | "an")) {
        let mut topic = Vec::new();
        for w in words.iter().skip(start + 1) {
            topic.push(w.text);
            if w.ends_phrase {
                break;
            }
        }
        let topic = topic.join(" ");
        if !topic.is_empty() && !matches!(text::fold(&topic).as_str(), "mich" | "mir" | "uns" | "me" | "myself" | "us")
        {
            args.insert("query".into(), json!(topic));
        }
    }
    one(Category::Memory, "recall", Value::Object(args))
}

static REPLY_VERBS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    text::word_set(
        "antworte antworten beantworte beantworten reply respond answer schreib schreibe schreiben write draft
        entwirf entwerfe formuliere verfasse",
    )
});
static REPLY_FILLERS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    text::word_set(
        "auf an to fuer for eine einen ein a the die den der dem antwort mail e-mail email nachricht reply
        message response anfrage von bitte mal kurz please back zurueck inquiry lead kunde kunden kundin
        interessent interessentin",
    )
});

/// The lead to draft a reply to: "antworte Herrn Pichler", "schreib Anna Huber eine Antwort",
/// "kannst du Anna Huber antworten?". "Schreib"/"write" count only with a mail word beside them.
fn reply_target(f: &str, words: &[Word]) -> Option<String> {
    // "email Anna Huber": a mail noun opening a request is a verb.
    let opening_verb = words.first().is_some_and(|w| matches!(w.key.as_str(), "email" | "e-mail" | "mail" | "maile"));
    let i = if opening_verb { 0 } else { words.iter().position(|w| REPLY_VERBS.contains(&w.key.as_str()))? };
    let verb = words.get(i)?.key.as_str();
    if matches!(verb, "schreib" | "schreibe" | "schreiben" | "write" | "draft") && !MAIL.is_match(f) {
        return None;
    }
    let mut j = i + 1;
    while words.get(j).is_some_and(|w| REPLY_FILLERS.contains(&w.key.as_str())) {
        j += 1;
    }
    name_at(words, j).or_else(|| name_before(words, i))
}

/// Capitalised name words just before `i`, for "Anna Huber eine Antwort schreiben".
fn name_before(words: &[Word], i: usize) -> Option<String> {
    let mut end = i;
    while end > 0 && words.get(end - 1).is_some_and(|w| REPLY_FILLERS.contains(&w.key.as_str())) {
        end -= 1;
    }
    let mut start = end;
    while start > 0
        && end - start < 3
        && words.get(start - 1).is_some_and(|w| is_name(w) && starts_upper(w.text) && !w.ends_phrase)
    {
        start -= 1;
    }
    let parts: Vec<String> = words.get(start..end)?.iter().map(|w| capitalised(w.text)).collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// `propose_viewing_slots`: the day named (never before today), the part of the day (a clock
/// time counts as its part), and the lead after "mit"/"with"/"für"/"for".
fn viewing_slots(text: &str, words: &[Word], now: DateTime<Tz>) -> Value {
    let today = now.date_naive();
    let mut args = Map::new();
    if let Some(day) = text::named_day(text, today) {
        args.insert("date".into(), json!(day.max(today).format("%Y-%m-%d").to_string()));
    }
    if let Some(when) = text::parse_when(text, now) {
        let hour = when.start.hour();
        let part = match when.precision {
            TimePrecision::Day => None,
            TimePrecision::PartOfDay if hour == 12 => None,
            _ if hour < 12 => Some("morning"),
            _ if hour < 18 => Some("afternoon"),
            _ => Some("evening"),
        };
        if let Some(part) = part {
            args.insert("part_of_day".into(), json!(part));
        }
    }
    let name = words
        .iter()
        .enumerate()
        .filter(|(_, w)| matches!(w.key.as_str(), "mit" | "with" | "fuer" | "for"))
        .find_map(|(i, _)| name_at(words, i + 1));
    if let Some(name) = name {
        args.insert("lead_name".into(), json!(name));
    }
    Value::Object(args)
}

// ---------------------------------------------------------------------------------------------
// Leads
// ---------------------------------------------------------------------------------------------

/// A lead named by "Lead Anna Huber", "was ist mit Herrn Pichler", "what about Mr Smith" or a
/// title anywhere ("zeig mir Frau Berger").
fn lead_name(words: &[Word]) -> Option<String> {
    let lead = words.iter().position(|w| w.key == "lead").map(|i| {
        let mut j = i + 1;
        while words.get(j).is_some_and(|w| matches!(w.key.as_str(), "von" | "namens" | "named" | "called" | "of")) {
            j += 1;
        }
        j
    });
    let phrases: &[&[&str]] = &[
        &["was", "ist", "mit"],
        &["wie", "steht", "es", "um"],
        &["what", "about"],
        &["tell", "me", "about"],
        &["infos", "zu"],
        &["info", "zu"],
        &["details", "zu"],
        &["details", "von"],
        &["details", "on"],
    ];
    let titled = words.iter().position(|w| TITLES.contains(&w.key.as_str()) && !w.ends_phrase);
    lead.into_iter().chain(phrases.iter().filter_map(|p| after(words, p))).chain(titled).find_map(|i| name_at(words, i))
}

static STATUSES: LazyLock<[(Regex, &'static str); 6]> = LazyLock::new(|| {
    [
        (re(r"\bnicht\s+kontaktiert\w*|\buncontacted\b|\bnot\s+(?:yet\s+)?contacted\b|\bunbearbeitet\w*"), "NEW"),
        (re(r"\bkontaktiert\w*|\bcontacted\b"), "CONTACTED"),
        (re(r"\bgespraech\b|\bconversation\b|\bverhandlung\b"), "CONVERSATION"),
        (re(r"\bgebucht\w*|\bbooked\b"), "BOOKED"),
        (re(r"\bverloren\w*|\blost\b|\babgesprungen\w*"), "LOST"),
        (re(r"\bneue?[nmrs]?\b|\bnew\b"), "NEW"),
    ]
});
static MINE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\bmeine?[nmrs]?\b|\bmy\b|\bmine\b|\bmir\s+zugewiesen|\bassigned\s+to\s+me\b"));
static HOT: LazyLock<Regex> =
    LazyLock::new(|| re(r"\bheisse?[nmrs]?\b|\bhot\b|\bvielversprechend\w*|\bpromising\b|\btop-leads?\b"));
static SCORE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\bscore\s*(?:>=?|ueber|ab|von|of|above|over|at\s+least|mindestens|min\.?)?\s*(?P<n>\d{1,3})\b")
});
static LIMIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\btop\s*(?P<a>\d{1,3})\b|\b(?:erste[nr]?|first)\s+(?P<b>\d{1,3})\b|\b(?P<c>\d{1,3})\s+(?:neueste[nr]?|latest|newest|juengste[nr]?|leads|anfragen|interessenten|wohnungen|haeuser|objekte|immobilien|properties|listings|houses|apartments|flats)\b|\b(?:die|the)\s+(?:letzten|last|neuesten|latest)\s+(?P<d>\d{1,3})\s+(?:leads|anfragen|interessenten|wohnungen|objekte|immobilien|properties|listings)\b",
    )
});

/// A lead source named in folded text.
fn source(f: &str) -> Option<&'static str> {
    static SOURCES: LazyLock<[(Regex, &'static str); 11]> = LazyLock::new(|| {
        [
            (re(r"willhaben"), "WILLHABEN"),
            (re(r"immoscout\s*(?:24)?\s*(?:\.|\s)\s*ch\b|immoscout(?:24)?\s+schweiz\b"), "IMMOSCOUT24_CH"),
            (re(r"immo\s*scout|immobilienscout|\bis24\b"), "IMMOSCOUT24"),
            (re(r"immowelt"), "IMMOWELT"),
            (re(r"kleinanzeigen|\bebay\b"), "KLEINANZEIGEN"),
            (re(r"homegate"), "HOMEGATE"),
            (re(r"\bweb-?site\b|\bwebseite\b|\bhomepage\b|kontaktformular|\bwidget\b"), "WEBSITE"),
            (re(r"\b(?:per|via|ueber|from|by|aus)\s+(?:e-?)?mail\b"), "EMAIL"),
            (re(r"\btelefon\w*|\bphone\b|\banruf\w*"), "PHONE"),
            (re(r"empfehlung|\breferrals?\b"), "REFERRAL"),
            (re(r"\bmanuell\w*|\bmanual(?:ly)?\b"), "MANUAL"),
        ]
    });
    SOURCES.iter().find(|(re, _)| re.is_match(f)).map(|(_, s)| *s)
}

fn limit(f: &str) -> Option<u32> {
    let c = LIMIT.captures(f)?;
    ["a", "b", "c", "d"].iter().find_map(|g| c.name(g)).and_then(|m| m.as_str().parse().ok()).filter(|&n| n > 0)
}

fn lead_search(f: &str, words: &[Word], today: NaiveDate) -> Value {
    let mut args = Map::new();
    if let Some((_, status)) = STATUSES.iter().find(|(re, _)| re.is_match(f)) {
        args.insert("status".into(), json!(status));
    }
    if let Some(source) = source(f) {
        args.insert("source".into(), json!(source));
    }
    let score = SCORE.captures(f).and_then(|c| c.name("n")?.as_str().parse::<u32>().ok());
    if let Some(score) = score.or_else(|| HOT.is_match(f).then_some(70)) {
        args.insert("min_score".into(), json!(score));
    }
    if MINE.is_match(f) {
        args.insert("mine".into(), json!(true));
    }
    if let Some(date) = since(f, today) {
        args.insert("created_after".into(), json!(date.format("%Y-%m-%d").to_string()));
    }
    if let Some(city) = city(words) {
        args.insert("query".into(), json!(city));
    }
    if let Some(n) = limit(f) {
        args.insert("limit".into(), json!(n));
    }
    Value::Object(args)
}

static LAST_N: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:letzten|vergangenen|last|past)\s+(?P<n>\d{1,3})\s+(?P<unit>tage?n?|days?|wochen?|weeks?|monate?n?|months?)\b",
    )
});
static LAST_WEEK: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:letzte[nr]?|vergangene[nr]?|last|past)\s+(?:woche|week)\b|\bseit\s+einer\s+woche\b"));
static THIS_WEEK: LazyLock<Regex> = LazyLock::new(|| re(r"\b(?:diese[rn]?|this)\s+(?:woche|week)\b"));
static LAST_MONTH: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:letzte[nr]?|vergangene[nr]?|last|past)\s+(?:monat|month)\b"));
static THIS_MONTH: LazyLock<Regex> = LazyLock::new(|| re(r"\b(?:diese[nmr]?|this)\s+(?:monat|month)\b"));
static THIS_YEAR: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:dieses|diesem|this)\s+(?:jahr|year)\b|\bseit\s+jahresbeginn\b|\byear\s+to\s+date\b"));
static SINCE_WEEKDAY: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"\b(?:seit|since|ab)\s+(?:letztem\s+|last\s+)?(?P<wd>{})\b", text::WEEKDAYS)));
static IN_MONTH: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"\b(?:im|in|seit|since|vom|from)\s+(?P<m>{})\b", text::MONTHS)));
static YESTERDAY: LazyLock<Regex> = LazyLock::new(|| re(r"\b(?:gestern|yesterday)\b"));
static TODAY: LazyLock<Regex> = LazyLock::new(|| re(r"\b(?:heute|today)\b"));

/// The first day of the period a text looks back on (see the module docs for the rules).
fn since(f: &str, today: NaiveDate) -> Option<NaiveDate> {
    if let Some(c) = LAST_N.captures(f) {
        let n: u32 = c.name("n")?.as_str().parse().ok()?;
        let unit = c.name("unit")?.as_str();
        return match unit.chars().next() {
            Some('m') => today.checked_sub_months(Months::new(n)),
            Some('w') => today.checked_sub_signed(Duration::weeks(i64::from(n))),
            _ => today.checked_sub_signed(Duration::days(i64::from(n))),
        };
    }
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    if LAST_WEEK.is_match(f) {
        return today.checked_sub_signed(Duration::days(7));
    }
    if THIS_WEEK.is_match(f) {
        return Some(monday);
    }
    if LAST_MONTH.is_match(f) {
        return today.checked_sub_months(Months::new(1));
    }
    if THIS_MONTH.is_match(f) {
        return today.with_day(1);
    }
    if THIS_YEAR.is_match(f) {
        return NaiveDate::from_ymd_opt(today.year(), 1, 1);
    }
    if let Some(wd) = SINCE_WEEKDAY.captures(f).and_then(|c| text::weekday_word(c.name("wd")?.as_str())) {
        let back = (7 + today.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
        return today.checked_sub_signed(Duration::days(i64::from(back)));
    }
    if let Some(month) = IN_MONTH.captures(f).and_then(|c| text::month_word(c.name("m")?.as_str())) {
        let year = if month > today.month() { today.year() - 1 } else { today.year() };
        return NaiveDate::from_ymd_opt(year, month, 1);
    }
    if YESTERDAY.is_match(f) {
        return today.pred_opt();
    }
    TODAY.is_match(f).then_some(today)
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/// A word naming a kind of property: `Some(Some(type))`, or `Some(None)` for "Immobilien".
fn property_kind(words: &[Word]) -> Option<Option<&'static str>> {
    words.iter().find_map(|w| {
        let k = w.key.as_str();
        let apartment = [
            "apartment",
            "apartments",
            "flat",
            "flats",
            "garconniere",
            "loft",
            "penthouse",
            "maisonette",
            "studio",
            "studios",
        ];
        let house = ["villa", "villen", "bungalow", "house", "houses", "chalet"];
        let commercial = ["lokal", "office", "offices", "retail", "commercial", "ladenlokal"];
        let generic =
            ["immobilie", "immobilien", "objekt", "objekte", "properties", "property", "listings", "inserate"];
        if k.ends_with("wohnung") || k.ends_with("wohnungen") || apartment.contains(&k) {
            Some(Some("APARTMENT"))
        } else if k.ends_with("haus") || k.ends_with("haeuser") || k.ends_with("haeusern") || house.contains(&k) {
            Some(Some("HOUSE"))
        } else if k.starts_with("grundstueck")
            || k.starts_with("baugrund")
            || matches!(k, "bauland" | "land" | "plot" | "plots")
        {
            Some(Some("LAND"))
        } else if k.starts_with("buero")
            || k.starts_with("gewerbe")
            || k.starts_with("geschaeftslokal")
            || commercial.contains(&k)
        {
            Some(Some("COMMERCIAL"))
        } else {
            generic.contains(&k).then_some(None)
        }
    })
}

static FEATURES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    text::word_set(
        "balkon terrasse dachterrasse garten garage tiefgarage lift aufzug stellplatz parkplatz keller pool
        kamin loggia erstbezug barrierefrei moebliert balcony terrace garden elevator parking furnished
        fireplace",
    )
});

fn property_search(text: &str, f: &str, words: &[Word], kind: Option<&'static str>) -> Value {
    let mut args = Map::new();
    if let Some(kind) = kind {
        args.insert("property_type".into(), json!(kind));
    }
    if let Some(city) = city(words) {
        args.insert("city".into(), json!(city));
    }
    let budget = text::parse_budget(text).unwrap_or_default();
    if let Some(min) = budget.min {
        args.insert("min_price".into(), json!(min));
    }
    if let Some(max) = budget.max {
        args.insert("max_price".into(), json!(max));
    }
    if let Some(marketing) = marketing_type(words, budget) {
        args.insert("marketing_type".into(), json!(marketing));
    }
    if let Some(rooms) = text::parse_rooms(text) {
        let number = |n: f64| if n.fract() == 0.0 { json!(n as i64) } else { json!(n) };
        if let Some(n) = rooms.min {
            args.insert("min_rooms".into(), number(n));
        }
        if let Some(n) = rooms.max {
            args.insert("max_rooms".into(), number(n));
        }
    }
    if let Some(min) = text::parse_area(text).and_then(|a| a.min) {
        args.insert("min_area".into(), json!(min));
    }
    let features: Vec<&str> = words.iter().filter(|w| FEATURES.contains(&w.key.as_str())).map(|w| w.text).collect();
    if !features.is_empty() {
        args.insert("query".into(), json!(features.join(" ")));
    }
    if let Some(n) = limit(f) {
        args.insert("limit".into(), json!(n));
    }
    Value::Object(args)
}

/// Rent or buy as said ("Miet…", "kaufen", "for rent"); otherwise from the price: 20.000 and more
/// is a purchase, 10.000 and less a monthly rent.
fn marketing_type(words: &[Word], budget: text::Range) -> Option<&'static str> {
    let rent =
        words.iter().any(|w| w.key.starts_with("miet") || matches!(w.key.as_str(), "rent" | "rental" | "rentals"));
    let buy = words.iter().any(|w| {
        w.key.contains("kauf") || w.key.starts_with("eigentum") || matches!(w.key.as_str(), "buy" | "purchase" | "sale")
    });
    match (rent, buy) {
        (true, false) => Some("RENT"),
        (false, true) => Some("BUY"),
        (true, true) => None,
        (false, false) => {
            let price = budget.max.or(budget.min)?;
            if price >= 20_000 {
                Some("BUY")
            } else if price <= 10_000 {
                Some("RENT")
            } else {
                None
            }
        }
    }
}

/// English exonyms and umlaut-less spellings of cities the market searches in.
fn exonym(key: &str) -> Option<&'static str> {
    Some(match key {
        "vienna" => "Wien",
        "munich" | "muenchen" | "munchen" => "München",
        "cologne" | "koeln" => "Köln",
        "zurich" | "zuerich" => "Zürich",
        "geneva" | "geneve" => "Genf",
        "nuremberg" | "nuernberg" => "Nürnberg",
        "lucerne" => "Luzern",
        "basle" => "Basel",
        "berne" => "Bern",
        "moedling" => "Mödling",
        "st poelten" | "sankt poelten" => "St. Pölten",
        _ => return None,
    })
}

static CITY_LEAD_INS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| text::word_set("raum grossraum umgebung der naehe von umkreis the area greater of vicinity"));
/// First words of city names that go on ("Bad Ischl", "St. Pölten", "Wiener Neustadt").
static CITY_PREFIXES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| text::word_set("bad st sankt wiener maria markt neu"));
/// Small words inside city names ("Frankfurt am Main", "Bruck an der Mur").
static CITY_CONNECTORS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| text::word_set("am an der ob im in bei upon on"));

/// The place after "in"/"im"/"near" (skipping "Raum", "der Nähe von"), as written but
/// capitalised, with English exonyms in German.
fn city(words: &[Word]) -> Option<String> {
    words.iter().enumerate().filter(|(_, w)| matches!(w.key.as_str(), "in" | "im" | "near" | "around")).find_map(
        |(i, _)| {
            let mut j = i + 1;
            while words.get(j).is_some_and(|w| CITY_LEAD_INS.contains(&w.key.as_str())) {
                j += 1;
            }
            city_at(words, j)
        },
    )
}

fn is_city_word(w: &Word) -> bool {
    // Typed in lower case, a short word or a dative ending ("in gutem Zustand") is no place.
    let plausible_lowercase =
        (w.key.chars().count() >= 3 && !w.key.ends_with("em")) || CITY_PREFIXES.contains(&w.key.as_str());
    is_name(w)
        && (starts_upper(w.text) || plausible_lowercase)
        && !text::MONTHS.split('|').any(|m| m == w.key)
        && property_kind(std::slice::from_ref(w)).is_none()
        && !FEATURES.contains(&w.key.as_str())
}

fn city_at(words: &[Word], start: usize) -> Option<String> {
    let first = words.get(start).filter(|w| is_city_word(w))?;
    let mut parts = vec![first];
    let mut last = start;
    while let Some(prev) = words.get(last)
        && !prev.ends_phrase
    {
        let next = words.get(last + 1);
        if CITY_PREFIXES.contains(&prev.key.as_str()) && next.is_some_and(is_city_word) {
            parts.extend(next);
            last += 1;
            continue;
        }
        let mut k = last + 1;
        while k - last <= 2
            && words
                .get(k)
                .is_some_and(|c| CITY_CONNECTORS.contains(&c.key.as_str()) && !starts_upper(c.text) && !c.ends_phrase)
        {
            k += 1;
        }
        match words.get(k) {
            Some(w) if k > last + 1 && starts_upper(first.text) && starts_upper(w.text) && is_city_word(w) => {
                parts.extend(words.get(last + 1..=k).into_iter().flatten());
                last = k;
            }
            _ => break,
        }
    }
    let written: Vec<String> = parts
        .iter()
        .map(|w| match w.key.as_str() {
            "st" => "St.".to_owned(),
            k if CITY_CONNECTORS.contains(&k) => w.text.to_owned(),
            _ => capitalised(w.text),
        })
        .collect();
    let written = written.join(" ");
    let key = text::fold(&written).replace('.', "");
    Some(exonym(&key).map_or(written, str::to_owned))
}

// ---------------------------------------------------------------------------------------------
// Smalltalk
// ---------------------------------------------------------------------------------------------

static THANKS: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:danke\w*|vielen\s+dank|thanks|thank\s+you|thx|merci|grazie)\b"));
static IDENTITY: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:wer|was)\s+bist\s+du\b|\b(?:who|what)\s+are\s+you\b|\bqui\s+es-tu\b|\bchi\s+sei\b"));
static CAPABILITIES: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\bwas\s+kannst\s+du\b|\bwhat\s+can\s+you\s+do\b|\bhilfe\b|\bhelp\b|\bwie\s+funktioniert\b|\bhow\s+does\s+(?:this|it)\s+work\b|\baide\b|\baiuto\b",
    )
});

/// A short smalltalk answer in the message's language (greeting, thanks, "what can you do",
/// who are you), saying that AI is offline and listing example requests that work offline.
pub fn smalltalk_reply(text: &str, language: Language) -> String {
    let f = text::fold(text);
    let kind = if THANKS.is_match(&f) {
        0
    } else if IDENTITY.is_match(&f) {
        1
    } else if CAPABILITIES.is_match(&f) {
        2
    } else {
        3
    };
    let (openers, offline, examples): ([&str; 4], &str, &[&str]) = match language {
        Language::De => (
            [
                "Gern geschehen!",
                "Ich bin Jarvis, der Assistent in Immivo: Ich arbeite für Sie mit Leads, Objekten, Terminen und E-Mails.",
                "Gern helfe ich Ihnen.",
                "Hallo! Hier ist Jarvis, Ihr Assistent in Immivo.",
            ],
            "Die KI ist gerade offline, deshalb verstehe ich nur einfache Anfragen, zum Beispiel:",
            &[
                "Zeige meine neuen Leads",
                "Suche Wohnungen in Wien unter 400.000 €",
                "Freie Termine nächsten Dienstag nachmittags",
                "Wie viele Leads habe ich?",
                "Schreib Anna Huber eine Antwort",
                "Merk dir, dass ich dienstags im Homeoffice bin",
            ],
        ),
        Language::Fr => (
            [
                "Avec plaisir !",
                "Je suis Jarvis, l'assistant d'Immivo : je travaille pour vous avec les leads, les biens, les rendez-vous et les e-mails.",
                "Je vous aide volontiers.",
                "Bonjour ! Ici Jarvis, votre assistant dans Immivo.",
            ],
            "L'IA est hors ligne pour le moment ; je ne comprends que des demandes simples, en allemand ou en anglais, par exemple :",
            &["Show my new leads", "Search apartments in Vienna under €400,000", "Free slots next Tuesday afternoon"],
        ),
        Language::It => (
            [
                "Prego!",
                "Sono Jarvis, l'assistente di Immivo: lavoro per Lei con lead, immobili, appuntamenti ed e-mail.",
                "La aiuto volentieri.",
                "Buongiorno! Sono Jarvis, il Suo assistente in Immivo.",
            ],
            "L'IA è offline in questo momento; capisco solo richieste semplici, in tedesco o in inglese, per esempio:",
            &["Show my new leads", "Search apartments in Vienna under €400,000", "Free slots next Tuesday afternoon"],
        ),
        Language::En => (
            [
                "You're welcome!",
                "I'm Jarvis, the assistant in Immivo: I work with your leads, properties, appointments and emails.",
                "Happy to help.",
                "Hello! This is Jarvis, your assistant in Immivo.",
            ],
            "AI is offline right now, so I only understand simple requests, for example:",
            &[
                "Show my new leads",
                "Search apartments in Vienna under €400,000",
                "Free slots next Tuesday afternoon",
                "How many leads do I have?",
                "Reply to Anna Huber",
                "Remember that I work from home on Tuesdays",
            ],
        ),
    };
    let opener = openers.get(kind).copied().unwrap_or_default();
    let list: Vec<String> = examples.iter().map(|e| format!("• {e}")).collect();
    format!("{opener} {offline}\n{}", list.join("\n"))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use chrono_tz::Europe::Vienna;

    use super::*;

    /// Wednesday, 2 December 2026, 14:30 in Vienna.
    fn now() -> DateTime<Tz> {
        Vienna.with_ymd_and_hms(2026, 12, 2, 14, 30, 0).single().unwrap()
    }

    /// One case a line: `text | category | tool {arguments} ; tool {arguments}`.
    const CASES: &str = r#"
zeige meine neuen Leads                         | crm       | search_leads {"status":"NEW","mine":true}
neue Leads von heute                            | crm       | search_leads {"status":"NEW","created_after":"2026-12-02"}
heiße Leads                                     | crm       | search_leads {"min_score":70}
show me hot leads                               | crm       | search_leads {"min_score":70}
Leads von Willhaben                             | crm       | search_leads {"source":"WILLHABEN"}
Leads der letzten Woche                         | crm       | search_leads {"created_after":"2026-11-25"}
new leads this week                             | crm       | search_leads {"status":"NEW","created_after":"2026-11-30"}
Leads seit Montag                               | crm       | search_leads {"created_after":"2026-11-30"}
verlorene Leads im November                     | crm       | search_leads {"status":"LOST","created_after":"2026-11-01"}
Leads von ImmoScout24 mit Score über 80         | crm       | search_leads {"source":"IMMOSCOUT24","min_score":80}
zeig mir die 5 neuesten Leads                   | crm       | search_leads {"limit":5}
Leads per E-Mail                                | crm       | search_leads {"source":"EMAIL"}
neue Leads in salzburg                          | crm       | search_leads {"status":"NEW","query":"Salzburg"}
Leads im Gespräch                               | crm       | search_leads {"status":"CONVERSATION"}
Leads von immoscout.ch                          | crm       | search_leads {"source":"IMMOSCOUT24_CH"}
zeig mir den Lead Anna Huber                    | crm       | get_lead {"name":"Anna Huber"}
was ist mit Herrn Pichler?                      | crm       | get_lead {"name":"Pichler"}
what about Mrs. Smith                           | crm       | get_lead {"name":"Smith"}
suche Wohnungen in Wien unter 400.000           | crm       | search_properties {"property_type":"APARTMENT","city":"Wien","max_price":400000,"marketing_type":"BUY"}
Mietwohnungen in Graz mit 3 Zimmern             | crm       | search_properties {"property_type":"APARTMENT","city":"Graz","marketing_type":"RENT","min_rooms":3}
houses in Munich up to 1.2 million              | crm       | search_properties {"property_type":"HOUSE","city":"München","max_price":1200000,"marketing_type":"BUY"}
wohnungen in wien bis 300k                      | crm       | search_properties {"property_type":"APARTMENT","city":"Wien","max_price":300000,"marketing_type":"BUY"}
Häuser in Bad Ischl ab 80 m² mit Garten         | crm       | search_properties {"property_type":"HOUSE","city":"Bad Ischl","min_area":80,"query":"Garten"}
Wohnung zur Miete in St. Pölten bis 900 € mit Balkon | crm       | search_properties {"property_type":"APARTMENT","city":"St. Pölten","max_price":900,"marketing_type":"RENT","query":"Balkon"}
Büros in Frankfurt am Main                      | crm       | search_properties {"property_type":"COMMERCIAL","city":"Frankfurt am Main"}
apartments for rent in Vienna with 2-3 rooms    | crm       | search_properties {"property_type":"APARTMENT","city":"Wien","marketing_type":"RENT","min_rooms":2,"max_rooms":3}
Grundstücke im Raum Linz                        | crm       | search_properties {"property_type":"LAND","city":"Linz"}
zeige Objekte in st. pölten                     | crm       | search_properties {"city":"St. Pölten"}
suche Häuser in Zurich bis CHF 2 Mio            | crm       | search_properties {"property_type":"HOUSE","city":"Zürich","max_price":2000000,"marketing_type":"BUY"}
3,5-Zimmer-Wohnung in der Nähe von Bern         | crm       | search_properties {"property_type":"APARTMENT","city":"Bern","min_rooms":3.5}
Wohnung um 1.500 € im Monat                     | crm       | search_properties {"property_type":"APARTMENT","max_price":1500,"marketing_type":"RENT"}
wie viele Leads habe ich                        | crm       | pipeline_counts {}
how many leads do we have?                      | crm       | pipeline_counts {}
Pipeline-Übersicht                              | crm       | pipeline_counts {}
Guten Morgen, wie viele Leads habe ich?         | crm       | pipeline_counts {}
Wie ist unsere Conversion seit diesem Jahr?     | crm       | conversion_stats {"since":"2026-01-01"}
wie viele wurden diesen Monat gebucht           | crm       | conversion_stats {"since":"2026-12-01"}
woher kommen meine Leads                        | crm       | leads_by_source {}
leads by source, last 30 days                   | crm       | leads_by_source {"since":"2026-11-02"}
wie viele Leads kamen von Willhaben im November | crm       | leads_by_source {"since":"2026-11-01"}
Reaktionszeit letzte Woche                      | crm       | response_times {"since":"2026-11-25"}
wie schnell antworten wir?                      | crm       | response_times {}
what's our speed to lead                        | crm       | response_times {}
wer ist im Team                                 | crm       | list_agents {}
list agents                                     | crm       | list_agents {}
Jobs in der Warteschlange                       | crm       | job_queue_stats {}
unerkannte Mails                                | email     | list_unrecognised_mail {}
welche Mails wurden nicht erkannt?              | email     | list_unrecognised_mail {}
schreib Anna Huber eine Antwort                 | email     | draft_reply {"lead_name":"Anna Huber"}
antworte Herrn Pichler                          | email     | draft_reply {"lead_name":"Pichler"}
reply to john smith                             | email     | draft_reply {"lead_name":"John Smith"}
email Anna Huber                                | email     | draft_reply {"lead_name":"Anna Huber"}
kannst du Frau Berger antworten?                | email     | draft_reply {"lead_name":"Berger"}
schreib eine Mail                               | email     |
freie Termine nächsten Dienstag nachmittags     | calendar  | propose_viewing_slots {"date":"2026-12-08","part_of_day":"afternoon"}
freie termine naechsten freitag vormittags      | calendar  | propose_viewing_slots {"date":"2026-12-04","part_of_day":"morning"}
Besichtigung mit Anna Huber übermorgen          | calendar  | propose_viewing_slots {"date":"2026-12-04","lead_name":"Anna Huber"}
Ich möchte am 12.12. um 10 Uhr besichtigen      | calendar  | propose_viewing_slots {"date":"2026-12-12","part_of_day":"morning"}
Besichtigung mit Anna Huber uebermorgen         | calendar  | propose_viewing_slots {"date":"2026-12-04","lead_name":"Anna Huber"}
free viewing slots tomorrow morning             | calendar  | propose_viewing_slots {"date":"2026-12-03","part_of_day":"morning"}
Termine naechste Woche                          | calendar  | propose_viewing_slots {"date":"2026-12-07"}
freie Termine                                   | calendar  | propose_viewing_slots {}
Erstelle ein Exposé für die Wohnung in Graz     | expose    |
merk dir, dass ich dienstags im Homeoffice bin  | memory    | remember {"fact":"ich dienstags im Homeoffice bin"}
Remember that I prefer morning viewings.        | memory    | remember {"fact":"I prefer morning viewings"}
was weißt du über mich?                         | memory    | recall {}
what do you know about Anna Huber               | memory    | recall {"query":"Anna Huber"}
zeige neue Leads und freie Termine              | multi     | search_leads {"status":"NEW"} ; propose_viewing_slots {}
show new leads and the team                     | crm       | search_leads {"status":"NEW"} ; list_agents {}
Wohnungen in Wien zwischen 300.000 und 450.000 und freie Termine morgen | multi     | search_properties {"property_type":"APARTMENT","city":"Wien","min_price":300000,"max_price":450000,"marketing_type":"BUY"} ; propose_viewing_slots {"date":"2026-12-03"}
Hallo Jarvis!                                   | smalltalk |
Danke!                                          | smalltalk |
was kannst du?                                  | smalltalk |
who are you                                     | smalltalk |
Hilfe                                           | smalltalk |
Buongiorno, avete appartamenti a Lugano?        | smalltalk |
asdf qwertz                                     | crm       |
                                                | crm       |
"#;

    fn cases() -> Vec<(&'static str, Category, Vec<PlannedCall>)> {
        let call = |c: &str| {
            let (tool, arguments) = c.trim().split_once(' ').unwrap();
            let tool = *TOOLS.iter().find(|t| **t == tool).unwrap();
            PlannedCall { tool, arguments: serde_json::from_str(arguments).unwrap() }
        };
        let case = |line: &'static str| {
            let [text, category, calls]: [&str; 3] = line.splitn(3, '|').collect::<Vec<_>>().try_into().unwrap();
            let category = serde_json::from_value(json!(category.trim())).unwrap();
            (text.trim_end(), category, calls.split(" ; ").filter(|c| !c.trim().is_empty()).map(call).collect())
        };
        CASES.lines().filter(|l| !l.trim().is_empty()).map(case).collect()
    }

    const TOOLS: &[&str] = &[
        "search_leads",
        "get_lead",
        "search_properties",
        "pipeline_counts",
        "conversion_stats",
        "leads_by_source",
        "response_times",
        "list_agents",
        "list_unrecognised_mail",
        "job_queue_stats",
        "remember",
        "recall",
        "propose_viewing_slots",
        "draft_reply",
    ];

    #[test]
    fn plans() {
        let cases = cases();
        assert!(cases.len() >= 40);
        for (text, category, want) in cases {
            let got = plan(text, now());
            assert_eq!((got.category, got.calls), (category, want), "{text}");
        }
    }

    #[test]
    fn answers_in_the_language_asked() {
        assert_eq!(plan("zeige meine neuen Leads", now()).language, Language::De);
        assert_eq!(plan("show me hot leads", now()).language, Language::En);
        assert_eq!(plan("asdf", now()).language, Language::De);
    }

    #[test]
    fn smalltalk_says_ai_is_offline() {
        let de = smalltalk_reply("Danke!", Language::De);
        assert!(de.starts_with("Gern geschehen!") && de.contains("KI ist gerade offline"), "{de}");
        assert!(de.contains("• Zeige meine neuen Leads"), "{de}");
        let en = smalltalk_reply("what can you do?", Language::En);
        assert!(en.starts_with("Happy to help.") && en.contains("AI is offline"), "{en}");
        assert!(smalltalk_reply("Wer bist du?", Language::De).starts_with("Ich bin Jarvis"));
        assert!(smalltalk_reply("Bonjour", Language::Fr).starts_with("Bonjour !"));
        assert!(smalltalk_reply("Ciao", Language::It).contains("offline"));
    }

    #[test]
    fn no_input_panics() {
        let mut texts: Vec<&str> = cases().into_iter().map(|(t, _, _)| t).collect();
        texts.extend(["Herrn", "in St.", "merk dir", "was weißt du über", "und und , ; und", "Lead -", "in - ’"]);
        for text in texts {
            for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let cut = &text[..i];
                let _ = plan(cut, now());
                let _ = smalltalk_reply(cut, text::detect_language(cut));
            }
        }
    }
}
