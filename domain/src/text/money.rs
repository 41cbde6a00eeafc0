//! Budgets: "bis 400k", "zwischen 300.000 und 450.000 €", "1'250'000 CHF" as a range of whole
//! euros (or francs).

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::Range;
use super::dates::UNIT_TAIL;
use super::words::*;

// ---------------------------------------------------------------------------------------------
// Budgets, rooms, area
// ---------------------------------------------------------------------------------------------

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?x)
        (?P<pre>€|\beur\b|\beuros?\b|\bchf\b|\bsfr\b\.?|\bfr\.)?\s*
        (?P<num>\d{1,3}(?:[.,'][0-9]{3})+(?:[.,]\d{1,2})?|\d{1,3}(?:\x20\d{3})+|\d+(?:[.,]\d+)?)
        (?:\s*(?P<mult>k\b|tsd\b\.?|tausend|thousand|mio\b\.?|millionen|million|mill\b\.?|mn\b|m\b))?
        (?:\s*(?P<post>€|eur\b|euros?\b|chf\b|franken|fr\.|sfr\b))?")
});
/// What may stand between the two ends of a range; "und"/"and" only after "zwischen"/"between".
static RANGE_SEP: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*(?:-|bis(?:\s+zu)?|to|und|and|oder|or)\s*$"));
static BETWEEN: LazyLock<Regex> = LazyLock::new(|| re(r"\b(?:zwischen|between)\s*$"));
static DATES_AND_TIMES: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b\d{1,2}\.\s?\d{1,2}\.(?:\d{2,4})?|\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}\.\d{2}\s*uhr\b")
});
pub(super) static MAX_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\bbis(?:\s+zu)?|\bunter|\bunterhalb|\bmax\.?|\bmaximal|\bmaximum|\bhoechstens|\bnicht\s+mehr\s+als|\bup\s+to|\bunder|\bbelow|\bless\s+than|\bat\s+most|\bno\s+more\s+than)\s*:?\s*$",
    )
});
/// Words that make a following bare number a price ("Budget 400000"), read as a maximum.
static PRICE_WORDS: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:\bbudget(?:\s+(?:von|of))?|\bkaufpreis|\bpreis|\bmiete|\bfuer|\bfor)\s*:?\s*$"));
static MIN_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\bab|\bueber|\boberhalb|\bmind\.?|\bmindestens|\bmin\.?|\bvon|\bfrom|\bover|\babove|\bmore\s+than|\bmehr\s+als|\bat\s+least|\bminimum|\bstarting\s+at)\s*:?\s*$",
    )
});
static MONEY_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\s*(?:miete|kaltmiete|warmmiete|monatlich|pro\s+monat|im\s+monat|/\s*monat|per\s+month|a\s+month|/\s*month|monthly|rent\b|kaufpreis|budget|kalt\b|warm\b|netto|brutto|inkl|exkl)",
    )
});

/// One number in a text with what surrounds it.
#[derive(Clone, Copy, Debug)]
struct Amount {
    start: usize,
    end: usize,
    base: f64,
    mult: Option<f64>,
    currency: bool,
    /// Written with thousands separators ("400.000"), which only prices are.
    grouped: bool,
}

impl Amount {
    fn value(self) -> i64 {
        // `as` saturates, so absurd inputs cannot overflow.
        (self.base * self.mult.unwrap_or(1.0)).round() as i64
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Bound {
    Min,
    Max,
}

/// The budget a text names. A bare amount is a maximum ("Wohnung 400.000 €" is what one can
/// spend); "ab"/"über" make a minimum; two amounts joined by "-"/"bis"/"zwischen … und" a range.
/// Numbers followed by a unit (Zimmer, m², Tage, Uhr, %) and bare years are not money; a bare
/// number without a currency, multiplier or thousands separator needs a word such as "bis",
/// "Budget" or "Miete" beside it.
pub fn parse_budget(text: &str) -> Option<Range> {
    let t = DATES_AND_TIMES.replace_all(&fold(text), |c: &Captures| " ".repeat(c[0].len())).into_owned();
    let amounts: Vec<Amount> = AMOUNT
        .captures_iter(&t)
        .filter_map(|c| amount(&c))
        .filter(|a| t.get(a.end..).is_some_and(|tail| !UNIT_TAIL.is_match(tail)))
        .collect();
    let mut range = Range::default();
    let mut i = 0;
    while let Some(&a) = amounts.get(i) {
        let before = t.get(..a.start).unwrap_or("");
        if let Some(&b) = amounts.get(i + 1)
            && let Some(between) = t.get(a.end..b.start)
            && let Some(sep) = RANGE_SEP.find(between)
            && (!sep.as_str().trim().starts_with(['u', 'a']) || BETWEEN.is_match(before))
        {
            let a =
                Amount { mult: a.mult.or(b.mult.filter(|_| a.base < b.base)), currency: a.currency || b.currency, ..a };
            if is_money(&t, a) || is_money(&t, b) {
                range.min = range.min.or(Some(a.value()));
                range.max = range.max.or(Some(b.value()));
            }
            i += 2;
            continue;
        }
        if is_money(&t, a) {
            match bound(before) {
                Bound::Min => range.min = range.min.or(Some(a.value())),
                Bound::Max => range.max = range.max.or(Some(a.value())),
            }
        }
        i += 1;
    }
    (range != Range::default()).then_some(range)
}

fn amount(c: &Captures) -> Option<Amount> {
    let whole = c.get(0)?;
    let raw = group(c, "num")?;
    let currency = group(c, "pre").is_some() || group(c, "post").is_some();
    // A lone "m" is metres unless a currency says otherwise ("CHF 1.5m").
    if group(c, "mult") == Some("m") && !currency {
        return None;
    }
    let mult = group(c, "mult").map(|m| if m.starts_with(['k', 't']) { 1e3 } else { 1e6 });
    let (base, grouped) = parse_number(raw, mult.is_some())?;
    Some(Amount {
        start: whole.start(),
        end: whole.end(),
        base,
        mult,
        currency,
        grouped: grouped && !raw.contains(' '),
    })
}

/// A number with `.` `,` `'` or space as thousands separator, or `.`/`,` as decimal point: a
/// last group of three digits is thousands, except in "1.250 Mio".
pub(super) fn parse_number(raw: &str, scaled: bool) -> Option<(f64, bool)> {
    let groups: Vec<&str> = raw.split(['.', ',', '\'', ' ']).collect();
    let (int, frac) = match groups.as_slice() {
        [single] => ((*single).to_owned(), None),
        [head @ .., last] if last.len() != 3 || (scaled && head.len() == 1) => (head.concat(), Some(*last)),
        all => (all.concat(), None),
    };
    let grouped = groups.len() > 2 || (groups.len() == 2 && frac.is_none());
    let text = match frac {
        Some(f) => format!("{int}.{f}"),
        None => int,
    };
    text.parse().ok().map(|v| (v, grouped))
}

fn is_money(t: &str, a: Amount) -> bool {
    if a.currency || a.mult.is_some() {
        return true;
    }
    let before = t.get(..a.start).unwrap_or("");
    let after = t.get(a.end..).unwrap_or("");
    let rent_word = MONEY_AFTER.is_match(after);
    let year = !a.grouped && (1900.0..=2100.0).contains(&a.base) && a.base.fract() == 0.0;
    if year && !rent_word {
        return false;
    }
    let keyword = MAX_WORDS.is_match(before) || MIN_WORDS.is_match(before) || PRICE_WORDS.is_match(before);
    (a.grouped && a.base >= 1000.0) || ((keyword || rent_word) && a.base >= 100.0)
}

fn bound(before: &str) -> Bound {
    if MIN_WORDS.is_match(before) { Bound::Min } else { Bound::Max }
}

#[cfg(test)]
mod tests {
    use super::super::range;
    use super::*;

    #[test]
    fn budgets() {
        let cases: &[(&str, Option<Range>)] = &[
            ("bis 400.000", range(None, Some(400_000))),
            ("unter 400.000 €", range(None, Some(400_000))),
            ("max. 400k", range(None, Some(400_000))),
            ("400 Tsd.", range(None, Some(400_000))),
            ("zwischen 300.000 und 450.000", range(Some(300_000), Some(450_000))),
            ("300-450k", range(Some(300_000), Some(450_000))),
            ("300.000 € bis 450.000 €", range(Some(300_000), Some(450_000))),
            ("ab 250.000", range(Some(250_000), None)),
            ("1,2 Mio", range(None, Some(1_200_000))),
            ("up to 1.2 million", range(None, Some(1_200_000))),
            ("between 1 and 1.5 million", range(Some(1_000_000), Some(1_500_000))),
            ("under €400,000", range(None, Some(400_000))),
            ("under CHF 1.5m", range(None, Some(1_500_000))),
            ("€ 1.500 Miete", range(None, Some(1500))),
            ("bis 1200 Miete", range(None, Some(1200))),
            ("Budget 400000", range(None, Some(400_000))),
            ("CHF 1'250'000", range(None, Some(1_250_000))),
            ("bis 400 000 €", range(None, Some(400_000))),
            ("ab 200.000 und max 400.000", range(Some(200_000), Some(400_000))),
            ("3 Zimmer, 80 m², Baujahr 2015, bis 350.000", range(None, Some(350_000))),
            ("am 12.12. um 10:30, bis 500k", range(None, Some(500_000))),
            ("3 Zimmer in 1010 Wien", None),
            ("in den letzten 30 Tagen", None),
            ("bis 2030", None),
            ("zeige meine Leads", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_budget(text), *want, "{text}");
        }
    }
}
