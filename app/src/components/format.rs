//! Dates, numbers and money as the user's language writes them.

use chrono::{DateTime, Utc};
use leptos::prelude::Get;

use model::{Currency, Money, TimePrecision, ViewingWish};

use crate::i18n::{I18n, Locale};

impl I18n {
    /// A date in the user's language and the office's time zone: 24.03.2025 or 2025-03-24.
    /// The server and the hydrating browser read the zone from the same signed-in user.
    pub fn date(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.zone.get()).format(self.t().common.date_format).to_string()
    }

    /// A moment in the office's time zone, with the zone's abbreviation: 24.03.2025, 14:05 CET.
    pub fn date_time(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.zone.get()).format(self.t().common.date_time_format).to_string()
    }

    /// A lead's viewing wish as precisely as they named it, in the office's time zone: a day
    /// (24.03.2025), days (23.03.2025 – 29.03.2025), a part of a day (24.03.2025, 14:00–18:00)
    /// or a time (24.03.2025, 17:00 CET).
    pub fn viewing_wish(&self, wish: &ViewingWish) -> String {
        let zone = self.zone.get();
        let (from, to) = (wish.from.with_timezone(&zone), wish.to.with_timezone(&zone));
        match wish.precision {
            TimePrecision::Day if from.date_naive() == to.date_naive() => self.date(wish.from),
            TimePrecision::Day => format!("{} – {}", self.date(wish.from), self.date(wish.to)),
            TimePrecision::PartOfDay => {
                format!("{}, {}–{}", self.date(wish.from), from.format("%H:%M"), to.format("%H:%M"))
            }
            TimePrecision::Time => self.date_time(wish.from),
        }
    }

    /// An amount of the office's currency in the user's language: 489.000 € or CHF 489,000.
    pub fn money(&self, amount: Money) -> String {
        format_money(amount, self.currency.get(), self.locale.get())
    }
}

/// A decimal without trailing zeros, with a decimal comma in German: 3,5 or 84.25.
pub fn format_decimal(value: f64, locale: Locale) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    match locale {
        Locale::De => text.replace('.', ","),
        Locale::En => text.to_owned(),
    }
}

/// Whole units grouped by thousands as the locale writes them: 1.290.000 or 1,290,000.
fn grouped(whole: i64, locale: Locale) -> String {
    let separator = match locale {
        Locale::De => '.',
        Locale::En => ',',
    };
    let digits = whole.abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(ch);
    }
    out
}

/// An amount as the locale writes it, cents only where there are some: 489.000 € or €489,000,
/// 1.250,50 CHF or CHF 1,250.50.
pub fn format_money(amount: Money, currency: Currency, locale: Locale) -> String {
    let cents = amount.cents();
    let (sign, number, symbol) = (sign(cents), units(cents, cents % 100 != 0, locale), currency.symbol());
    match (locale, currency) {
        (Locale::De, _) => format!("{sign}{number} {symbol}"),
        (Locale::En, Currency::Eur) => format!("{sign}{symbol}{number}"),
        (Locale::En, Currency::Chf) => format!("{sign}{symbol} {number}"),
    }
}

/// US dollars from cents, always with the cents, as the locale writes them: 1,23 $ or $1.23.
pub fn format_dollars(cents: i64, locale: Locale) -> String {
    let (sign, number) = (sign(cents), units(cents, true, locale));
    match locale {
        Locale::De => format!("{sign}{number} $"),
        Locale::En => format!("{sign}${number}"),
    }
}

fn sign(cents: i64) -> &'static str {
    if cents < 0 { "-" } else { "" }
}

/// The amount without its sign: grouped whole units, and the cents after the locale's decimal
/// mark when asked for.
fn units(cents: i64, with_cents: bool, locale: Locale) -> String {
    let whole = grouped(cents / 100, locale);
    if !with_cents {
        return whole;
    }
    let mark = match locale {
        Locale::De => ',',
        Locale::En => '.',
    };
    format!("{whole}{mark}{:02}", (cents % 100).abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_grouped_as_the_locale_writes_it() {
        let euros = |cents, locale| format_money(Money::from_cents(cents), Currency::Eur, locale);
        assert_eq!(euros(48_900_000, Locale::De), "489.000 €");
        assert_eq!(euros(129_000_000, Locale::De), "1.290.000 €");
        assert_eq!(euros(129_000_000, Locale::En), "€1,290,000");
        assert_eq!(euros(95_000, Locale::De), "950 €");
        assert_eq!(euros(125_050, Locale::De), "1.250,50 €");
        assert_eq!(euros(125_005, Locale::En), "€1,250.05");
        assert_eq!(euros(-125_050, Locale::En), "-€1,250.50");
        let francs = |cents, locale| format_money(Money::from_cents(cents), Currency::Chf, locale);
        assert_eq!(francs(129_000_000, Locale::De), "1.290.000 CHF");
        assert_eq!(francs(125_050, Locale::En), "CHF 1,250.50");
        assert_eq!(francs(-95_000, Locale::En), "-CHF 950");
        assert_eq!(format_dollars(123_456_789, Locale::En), "$1,234,567.89");
        assert_eq!(format_dollars(123, Locale::De), "1,23 $");
        assert_eq!(format_dollars(500_000, Locale::De), "5.000,00 $");
        assert_eq!(format_dollars(5, Locale::En), "$0.05");
        assert_eq!(format_dollars(-250, Locale::En), "-$2.50");
    }

    #[test]
    fn decimals_drop_trailing_zeros() {
        assert_eq!(format_decimal(3.5, Locale::De), "3,5");
        assert_eq!(format_decimal(84.0, Locale::En), "84");
        assert_eq!(format_decimal(84.25, Locale::En), "84.25");
    }
}
