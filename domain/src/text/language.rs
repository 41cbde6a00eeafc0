//! The language a text is written in, for replying in kind.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::words::*;

/// The language a text is written in, for replying in kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Language {
    /// German, also the default when nothing tells.
    De,
    En,
    /// French and Italian, for the Swiss market.
    Fr,
    It,
}

impl Language {
    /// The ISO 639-1 code: "de", "en", "fr" or "it".
    pub fn code(self) -> &'static str {
        match self {
            Language::De => "de",
            Language::En => "en",
            Language::Fr => "fr",
            Language::It => "it",
        }
    }
}

// Language
// ---------------------------------------------------------------------------------------------

/// Words frequent in one language and rare in the others ("in", "so", "was" are left out).
static STOP_WORDS: LazyLock<[(Language, HashSet<&'static str>); 4]> = LazyLock::new(|| {
    [
        (
            Language::De,
            word_set(
                "der die das und ist ich nicht mit sie ein eine einen es für fuer auf dem den des zu wir ihr ihre
            ihnen sehr gerne gern bitte hallo guten tag wohnung haben habe hätte würde möchte moechte
            interesse besichtigung ob noch auch wie wann können könnten mich mir uns vielen dank grüße grüßen
            gruesse freundlichen liebe geehrte geehrter damen herren ja nein aber oder wäre bei nach über kann
            sind schon jetzt dass mein meine termin zimmer miete suche zeige zeig welche neue neuen hast dir
            dich bist kannst weißt weisst mal",
            ),
        ),
        (
            Language::En,
            word_set(
                "the and is are i you we to of for with this that have has would like please hello hi thanks thank
            interested viewing apartment flat could my your it be at can there available regards dear best
            still do does what when how our show new from if any about looking forward not kind which who many
            me book",
            ),
        ),
        (
            Language::Fr,
            word_set(
                "le la les et est je vous nous des du une pour avec bonjour merci cordialement suis serait dans pas
            qui que au aux ce cette votre vos mon ma mes sur visite appartement salutations madame monsieur
            encore disponible très à être j qu il elle sont voudrais aimerais bien mais où intéressé
            intéressée possible visiter",
            ),
        ),
        (
            Language::It,
            word_set(
                "il lo gli e è di del della dei che per con sono un una buongiorno salve grazie vorrei appartamento
            visita cordiali saluti sarebbe possibile mi ci questo questa non molto gentile ancora disponibile
            ho ha sua suo la le buona sera casa nel nella alla al da come quando interessato interessata
            distinti visitare",
            ),
        ),
    ]
});

/// Where a body ends and a mail client's or portal's footer begins; footers are often English
/// under a German inquiry.
static FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?im)^\s*--\s*$|^\s*__+|sent from my|von meinem \w+ gesendet|gesendet von|this (?:e-?mail|message) (?:was|has been) sent|diese (?:e-?mail|nachricht) wurde|sent via|please do not reply|get outlook",
    )
});

/// By stop-word frequency; German when nothing tells (the default market). A mail footer is
/// ignored when the body before it tells.
pub fn detect_language(text: &str) -> Language {
    let body = FOOTER.find(text).and_then(|m| text.get(..m.start())).unwrap_or(text);
    let scores = language_scores(body);
    let scores = if scores.iter().all(|&s| s == 0) { language_scores(text) } else { scores };
    let best = scores.iter().copied().max().unwrap_or(0);
    if best == 0 {
        return Language::De;
    }
    STOP_WORDS.iter().zip(scores).find(|(_, s)| *s == best).map_or(Language::De, |((lang, _), _)| *lang)
}

fn language_scores(text: &str) -> [usize; 4] {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).collect();
    let mut scores = [0; 4];
    for (score, (_, list)) in scores.iter_mut().zip(STOP_WORDS.iter()) {
        *score = words.iter().filter(|w| list.contains(*w)).count();
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages() {
        let cases: &[(&str, Language)] = &[
            ("Hallo, ist die Wohnung noch frei?", Language::De),
            ("Guten Tag, ich hätte Interesse an einer Besichtigung. Mit freundlichen Grüßen", Language::De),
            ("Hi, is the flat still available? I would like to book a viewing.", Language::En),
            ("Dear Sir or Madam, I am interested in the apartment. Best regards", Language::En),
            ("Bonjour, l'appartement est-il encore disponible ? Je voudrais le visiter.", Language::Fr),
            ("Buongiorno, l'appartamento è ancora disponibile? Vorrei fissare una visita. Grazie", Language::It),
            (
                "Guten Tag, ich interessiere mich für die Wohnung in Wien. Ist eine Besichtigung möglich?\n\n\
                 This message was sent to you via ImmoScout24. Please do not reply to this email, as the \
                 mailbox is not monitored and you will not be able to reach us there.",
                Language::De,
            ),
            ("Hello, ich suche eine Wohnung in Wien mit 3 Zimmern", Language::De),
            ("", Language::De),
            ("12345 !!!", Language::De),
            ("Wohnung Wien 3 Zimmer", Language::De),
            ("was hast du dir gemerkt?", Language::De),
        ];
        for (text, want) in cases {
            assert_eq!(detect_language(text), *want, "{text}");
        }
        assert_eq!(Language::It.code(), "it");
    }
}
