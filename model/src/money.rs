//! Money: one type, in cents, for prices and budgets alike. The currency is the office's
//! (euros, francs for Swiss offices); an amount never travels without being in cents, so a
//! budget compares with a price as it is.

use serde::{Deserialize, Serialize};

use crate::{Country, UnknownValue};

text_enum!(
    /// The currency an office's amounts are in: its country's (francs in Switzerland, euros in
    /// Germany and Austria). Amounts carry none themselves: every amount of an office is in its
    /// currency, and nothing converts between offices.
    Currency { Eur => "EUR", Chf => "CHF" }
);

impl Country {
    pub fn currency(self) -> Currency {
        match self {
            Country::Ch => Currency::Chf,
            Country::De | Country::At => Currency::Eur,
        }
    }
}

impl Currency {
    /// How the currency is written beside an amount: "€", or "CHF" (which Swiss offices write).
    pub fn symbol(self) -> &'static str {
        match self {
            Currency::Eur => "€",
            Currency::Chf => "CHF",
        }
    }
}

/// An amount in cents of the office's currency.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);
    /// The most an office can enter as a price or a budget: a billion.
    pub const MAX: Money = Money::from_whole(1_000_000_000);

    pub const fn from_cents(cents: i64) -> Self {
        Self(cents)
    }

    /// Whole euros (or francs); saturates rather than wrapping on absurd amounts.
    pub const fn from_whole(units: i64) -> Self {
        Self(units.saturating_mul(100))
    }

    pub const fn cents(self) -> i64 {
        self.0
    }

    /// The whole euros (or francs), the cents dropped.
    pub const fn whole(self) -> i64 {
        self.0 / 100
    }

    /// How many percent of `of` this amount is, rounded down; `None` when `of` is not positive.
    /// Integer arithmetic: no rounding error at the boundaries a score draws (90 %, 100 %).
    pub fn percent_of(self, of: Money) -> Option<i64> {
        (of.0 > 0).then(|| (i128::from(self.0) * 100 / i128::from(of.0)).clamp(i64::MIN.into(), i64::MAX.into()) as i64)
    }

    /// This amount scaled by `percent` (110 → ten percent more), rounded toward zero.
    pub fn scaled(self, percent: i64) -> Money {
        Money((i128::from(self.0) * i128::from(percent) / 100).clamp(i64::MIN.into(), i64::MAX.into()) as i64)
    }
}

/// The amount as a form field holds it: whole units with a dot and cents only where there are
/// some ("489000", "1250.50"). Screens format through the locale instead.
impl Money {
    pub fn plain(self) -> String {
        let (sign, cents) = (if self.0 < 0 { "-" } else { "" }, self.0.unsigned_abs());
        match cents % 100 {
            0 => format!("{sign}{}", cents / 100),
            rest => format!("{sign}{}.{rest:02}", cents / 100),
        }
    }
}

/// Reads what `plain` writes, and what a person types: "489000", "1250.5", "1250,50". No
/// floating point: "0.29" is 29 cents, not 28.
impl std::str::FromStr for Money {
    type Err = NotAnAmount;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = digits.split_once(['.', ',']).unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || fraction.len() > 2 || !all_digits(fraction) {
            return Err(NotAnAmount);
        }
        let cents_part = format!("{fraction:0<2}").parse::<i64>().map_err(|_| NotAnAmount)?;
        let cents = whole
            .parse::<i64>()
            .ok()
            .and_then(|w| w.checked_mul(100))
            .and_then(|c| c.checked_add(cents_part))
            .ok_or(NotAnAmount)?;
        Ok(Money(if negative { -cents } else { cents }))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not an amount of money")]
pub struct NotAnAmount;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_units_and_cents() {
        assert_eq!(Money::from_whole(489_000).cents(), 48_900_000);
        assert_eq!(Money::from_cents(48_900_099).whole(), 489_000);
        assert_eq!(Money::from_whole(i64::MAX).cents(), i64::MAX);
        assert_eq!(serde_json::to_string(&Money::from_cents(1_250)).unwrap(), "1250");
        assert_eq!(serde_json::from_str::<Money>("1250").unwrap(), Money::from_cents(1_250));
    }

    #[test]
    fn typed_amounts() {
        for (typed, cents) in
            [("489000", 48_900_000), ("1250.5", 125_050), ("1250,50", 125_050), ("0.29", 29), ("-3", -300)]
        {
            assert_eq!(typed.parse::<Money>(), Ok(Money::from_cents(cents)), "{typed}");
        }
        for wrong in ["", "1.234.567", "12.345", "1e5", "abc", ".5", "99999999999999999999"] {
            assert_eq!(wrong.parse::<Money>(), Err(NotAnAmount), "{wrong}");
        }
        for cents in [48_900_000, 125_050, 125_005, 29, -300] {
            assert_eq!(Money::from_cents(cents).plain().parse::<Money>(), Ok(Money::from_cents(cents)));
        }
        assert_eq!(Money::from_cents(125_050).plain(), "1250.50");
        assert_eq!(Money::from_cents(48_900_000).plain(), "489000");
    }

    #[test]
    fn percent_and_scale() {
        let price = Money::from_whole(300_000);
        assert_eq!(Money::from_whole(270_000).percent_of(price), Some(90));
        assert_eq!(Money::from_cents(26_999_999).percent_of(price), Some(89));
        assert_eq!(Money::from_whole(1).percent_of(Money::ZERO), None);
        assert_eq!(Money::from_whole(i64::MAX / 100).percent_of(Money::from_cents(1)), Some(i64::MAX));
        assert_eq!(price.scaled(110), Money::from_whole(330_000));
        assert_eq!(price.scaled(90), Money::from_whole(270_000));
    }
}
