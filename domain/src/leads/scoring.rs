//! Lead completeness and lead score: pure functions of a lead's data, no database.
//!
//! The score is 0–100 and always the sum of six factors, each shown to the agent with its
//! reason (a code with its arguments, rendered in the reader's language by the UI):
//!
//! | factor         | max | reads                                                         |
//! |----------------|----:|---------------------------------------------------------------|
//! | `TIMEFRAME`    |  25 | the lead's time frame                                         |
//! | `FINANCING`    |  25 | the lead's financing                                          |
//! | `BUDGET`       |  15 | budget against the linked property's price                    |
//! | `SOURCE`       |  15 | where the lead came from                                      |
//! | `ENGAGEMENT`   |  10 | message length, questions, viewing requested, further replies |
//! | `COMPLETENESS` |  10 | `completeness` / 10                                           |

use model::{Financing, LeadSource, Money, ScoreFactor, ScoreFactorCode, ScoreReason, Timeframe};

/// Everything the score reads.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScoreInput<'a> {
    pub source: Option<LeadSource>,
    pub first_name: Option<&'a str>,
    pub last_name: Option<&'a str>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub message: Option<&'a str>,
    pub budget_min: Option<Money>,
    pub budget_max: Option<Money>,
    pub timeframe: Option<Timeframe>,
    pub financing: Option<Financing>,
    /// A property is linked.
    pub has_property: bool,
    /// The linked property's price (purchase price or monthly rent).
    pub property_price: Option<Money>,
    pub viewing_requested: bool,
    /// Inbound messages after the first inquiry.
    pub replies: u32,
}

pub const MAX_TIMEFRAME: i32 = 25;
pub const MAX_FINANCING: i32 = 25;
pub const MAX_BUDGET: i32 = 15;
pub const MAX_SOURCE: i32 = 15;
pub const MAX_ENGAGEMENT: i32 = 10;
pub const MAX_COMPLETENESS: i32 = 10;

fn filled(s: Option<&str>) -> bool {
    s.is_some_and(|s| !s.trim().is_empty())
}

/// The share (0–100) of the eight fields an agent needs to qualify a lead: name, email, phone,
/// message, budget, time frame, financing, property. Each weighs the same: a missing phone
/// number and a missing budget are both one question the agent still has to ask.
pub fn completeness(i: &ScoreInput<'_>) -> i32 {
    let present = [
        filled(i.first_name) || filled(i.last_name),
        filled(i.email),
        filled(i.phone),
        filled(i.message),
        i.budget_min.is_some() || i.budget_max.is_some(),
        i.timeframe.is_some_and(|t| t != Timeframe::Unknown),
        i.financing.is_some_and(|f| f != Financing::Unknown),
        i.has_property,
    ];
    let n = present.iter().filter(|p| **p).count() as i32;
    // Rounded to the nearest whole percent: 1/8 = 13 %, 3/8 = 38 %.
    (n * 100 + 4) / 8
}

fn factor(factor: ScoreFactorCode, points: i32, max_points: i32, reason: ScoreReason) -> ScoreFactor {
    ScoreFactor { factor, points: points.clamp(0, max_points), max_points, reason }
}

fn timeframe(t: Option<Timeframe>) -> ScoreFactor {
    let timeframe = t.unwrap_or(Timeframe::Unknown);
    let points = match timeframe {
        Timeframe::Immediate => 25,
        Timeframe::ThreeMonths => 20,
        Timeframe::SixMonths => 12,
        Timeframe::TwelveMonths => 5,
        Timeframe::Unknown => 0,
    };
    factor(ScoreFactorCode::Timeframe, points, MAX_TIMEFRAME, ScoreReason::Timeframe { timeframe })
}

fn financing(f: Option<Financing>) -> ScoreFactor {
    let financing = f.unwrap_or(Financing::Unknown);
    let points = match financing {
        Financing::Cash | Financing::Approved => 25,
        Financing::InProgress => 15,
        Financing::None | Financing::Unknown => 0,
    };
    factor(ScoreFactorCode::Financing, points, MAX_FINANCING, ScoreReason::Financing { financing })
}

/// The upper end of what the lead can pay, against the price. A budget without a property to
/// compare with still says the lead thought about money: a third of the points.
fn budget(i: &ScoreInput<'_>) -> ScoreFactor {
    let name = ScoreFactorCode::Budget;
    let Some(budget) = i.budget_max.or(i.budget_min) else {
        return factor(name, 0, MAX_BUDGET, ScoreReason::NoBudget);
    };
    let Some(covered) = i.property_price.and_then(|price| budget.percent_of(price)) else {
        return factor(name, 5, MAX_BUDGET, ScoreReason::BudgetWithoutPrice);
    };
    let (points, reason) = match covered {
        100.. => (15, ScoreReason::BudgetCoversPrice),
        90..=99 => (10, ScoreReason::BudgetSlightlyBelow),
        80..=89 => (5, ScoreReason::BudgetBelow),
        _ => (0, ScoreReason::BudgetFarBelow),
    };
    factor(name, points, MAX_BUDGET, reason)
}

/// How likely a lead from this source is to become a client, from agents' experience:
/// - Empfehlung (referral) 15: someone vouched for the office; the best-converting source.
/// - Website 13: the person sought out this office and wrote through its own form.
/// - E-Mail / Telefon 12: wrote or called the agent personally, unprompted, with real effort.
/// - Portals 10 (ImmobilienScout24, immowelt, willhaben, Homegate, ImmoScout24.ch): the bulk of
///   inquiries; one click from a listing, often sent to many listings at once, but from a
///   portal account with contact details.
/// - Manuell 8: entered by an agent without a recorded origin; neutral, a little below portals.
/// - Kleinanzeigen 6: relay addresses, rarely a phone number, many "noch da?" one-liners.
fn source(s: Option<LeadSource>) -> ScoreFactor {
    let source = s.unwrap_or(LeadSource::Manual);
    let points = match source {
        LeadSource::Referral => 15,
        LeadSource::Website => 13,
        LeadSource::Email | LeadSource::Phone => 12,
        LeadSource::Immoscout24
        | LeadSource::Immowelt
        | LeadSource::Willhaben
        | LeadSource::Homegate
        | LeadSource::Immoscout24Ch => 10,
        LeadSource::Manual => 8,
        LeadSource::Kleinanzeigen => 6,
    };
    factor(ScoreFactorCode::Source, points, MAX_SOURCE, ScoreReason::Source { source })
}

/// Message length up to 3, a question 2, a viewing request 3, further replies 1 each up to 2.
fn engagement(i: &ScoreInput<'_>) -> ScoreFactor {
    let message = i.message.map(str::trim).unwrap_or_default();
    let chars = message.chars().count();
    let length = match chars {
        200.. => 3,
        80..=199 => 2,
        20..=79 => 1,
        _ => 0,
    };
    let question = message.contains('?');
    let points =
        length + if question { 2 } else { 0 } + if i.viewing_requested { 3 } else { 0 } + i.replies.min(2) as i32;
    let reason = ScoreReason::Engagement {
        message: length > 0,
        detailed: length == 3,
        question,
        viewing: i.viewing_requested,
        replies: i.replies,
    };
    factor(ScoreFactorCode::Engagement, points, MAX_ENGAGEMENT, reason)
}

/// The score and its factors; the factors always add up to the score.
pub fn score(i: &ScoreInput<'_>) -> (i32, Vec<ScoreFactor>) {
    let percent = completeness(i);
    let factors = vec![
        timeframe(i.timeframe),
        financing(i.financing),
        budget(i),
        source(i.source),
        engagement(i),
        factor(
            ScoreFactorCode::Completeness,
            (percent + 5) / 10,
            MAX_COMPLETENESS,
            ScoreReason::Completeness { percent },
        ),
    ];
    (factors.iter().map(|f| f.points).sum(), factors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(i: &ScoreInput<'_>, name: ScoreFactorCode) -> i32 {
        score(i).1.into_iter().find(|f| f.factor == name).map(|f| f.points).unwrap()
    }

    fn full() -> ScoreInput<'static> {
        ScoreInput {
            source: Some(LeadSource::Referral),
            first_name: Some("Anna"),
            last_name: Some("Huber"),
            email: Some("anna@example.de"),
            phone: Some("+491712345678"),
            message: Some(
                "Sehr geehrte Damen und Herren, wir suchen seit Längerem eine Wohnung in dieser Lage und haben \
                 die Finanzierungszusage unserer Bank bereits vorliegen. Wann wäre eine Besichtigung möglich? \
                 Wir sind flexibel.",
            ),
            budget_min: Some(Money::from_whole(400_000)),
            budget_max: Some(Money::from_whole(500_000)),
            timeframe: Some(Timeframe::Immediate),
            financing: Some(Financing::Approved),
            has_property: true,
            property_price: Some(Money::from_whole(450_000)),
            viewing_requested: true,
            replies: 2,
        }
    }

    #[test]
    fn completeness_counts_eight_fields() {
        assert_eq!(completeness(&ScoreInput::default()), 0);
        assert_eq!(completeness(&full()), 100);
        let contact_only = ScoreInput { last_name: Some("Huber"), email: Some("a@b.de"), ..Default::default() };
        assert_eq!(completeness(&contact_only), 25);
        let blank = ScoreInput { first_name: Some("  "), message: Some(""), ..Default::default() };
        assert_eq!(completeness(&blank), 0, "blank text is missing");
        let unknowns =
            ScoreInput { timeframe: Some(Timeframe::Unknown), financing: Some(Financing::Unknown), ..contact_only };
        assert_eq!(completeness(&unknowns), 25, "UNKNOWN is missing");
        let three = ScoreInput { phone: Some("+43"), ..unknowns };
        assert_eq!(completeness(&three), 38);
    }

    #[test]
    fn timeframe_factor() {
        let t = |t| points(&ScoreInput { timeframe: Some(t), ..Default::default() }, ScoreFactorCode::Timeframe);
        assert_eq!(
            [Timeframe::Immediate, Timeframe::ThreeMonths, Timeframe::SixMonths, Timeframe::TwelveMonths].map(t),
            [25, 20, 12, 5]
        );
        assert_eq!(t(Timeframe::Unknown), 0);
        assert_eq!(points(&ScoreInput::default(), ScoreFactorCode::Timeframe), 0);
    }

    #[test]
    fn financing_factor() {
        let f = |f| points(&ScoreInput { financing: Some(f), ..Default::default() }, ScoreFactorCode::Financing);
        assert_eq!(
            [Financing::Cash, Financing::Approved, Financing::InProgress, Financing::None, Financing::Unknown].map(f),
            [25, 25, 15, 0, 0]
        );
    }

    #[test]
    fn budget_factor_against_the_price() {
        // Whole euros here; a price of 0 stands for one cent.
        let b = |max: Option<i64>, price: Option<i64>| {
            let price = price.map(|p| if p == 0 { Money::from_cents(1) } else { Money::from_whole(p) });
            points(
                &ScoreInput { budget_max: max.map(Money::from_whole), property_price: price, ..Default::default() },
                ScoreFactorCode::Budget,
            )
        };
        assert_eq!(b(None, Some(300_000)), 0, "no budget");
        assert_eq!(b(Some(300_000), None), 5, "nothing to compare with");
        assert_eq!(b(Some(300_000), Some(300_000)), 15, "exactly the price");
        assert_eq!(b(Some(280_000), Some(300_000)), 10, "93 %");
        assert_eq!(b(Some(250_000), Some(300_000)), 5, "83 %");
        assert_eq!(b(Some(200_000), Some(300_000)), 0, "67 %");
        assert_eq!(b(Some(i64::MAX / 2), Some(0)), 15, "no overflow");
        assert_eq!(b(Some(270_000), Some(300_000)), 10, "90 %");
        // One cent more and 270,000 € is no longer 90 % of the price.
        let a_cent_over = ScoreInput {
            budget_max: Some(Money::from_whole(270_000)),
            property_price: Some(Money::from_cents(30_000_001)),
            ..Default::default()
        };
        assert_eq!(points(&a_cent_over, ScoreFactorCode::Budget), 5, "89.99 %");
        // Only a minimum: the lead can pay at least that.
        let min_only = ScoreInput {
            budget_min: Some(Money::from_whole(310_000)),
            property_price: Some(Money::from_whole(300_000)),
            ..Default::default()
        };
        assert_eq!(points(&min_only, ScoreFactorCode::Budget), 15);
    }

    #[test]
    fn source_factor() {
        let s = |s| points(&ScoreInput { source: Some(s), ..Default::default() }, ScoreFactorCode::Source);
        assert_eq!(s(LeadSource::Referral), 15);
        assert_eq!(s(LeadSource::Website), 13);
        assert_eq!(s(LeadSource::Email), 12);
        assert_eq!(s(LeadSource::Immoscout24), 10);
        assert_eq!(s(LeadSource::Willhaben), 10);
        assert_eq!(s(LeadSource::Manual), 8);
        assert_eq!(s(LeadSource::Kleinanzeigen), 6);
        for source in LeadSource::ALL {
            assert!((0..=MAX_SOURCE).contains(&s(*source)));
        }
    }

    #[test]
    fn engagement_factor() {
        let e = |i: ScoreInput<'_>| points(&i, ScoreFactorCode::Engagement);
        assert_eq!(e(ScoreInput::default()), 0);
        assert_eq!(e(ScoreInput { message: Some("Noch frei?"), ..Default::default() }), 2, "a short question");
        assert_eq!(e(ScoreInput { message: Some(&"x".repeat(20)), ..Default::default() }), 1);
        assert_eq!(e(ScoreInput { message: Some(&"x".repeat(80)), ..Default::default() }), 2);
        assert_eq!(e(ScoreInput { message: Some(&"x".repeat(200)), ..Default::default() }), 3);
        assert_eq!(e(ScoreInput { viewing_requested: true, ..Default::default() }), 3);
        assert_eq!(e(ScoreInput { replies: 1, ..Default::default() }), 1);
        assert_eq!(e(ScoreInput { replies: 7, ..Default::default() }), 2, "replies count up to two");
        assert_eq!(e(full()), 10);
        let (_, factors) = score(&full());
        assert_eq!(
            factors[4].reason,
            ScoreReason::Engagement { message: true, detailed: true, question: true, viewing: true, replies: 2 }
        );
    }

    #[test]
    fn completeness_factor_is_a_tenth_of_the_percentage() {
        assert_eq!(points(&full(), ScoreFactorCode::Completeness), 10);
        let contact = ScoreInput { last_name: Some("Huber"), email: Some("a@b.de"), ..Default::default() };
        assert_eq!(points(&contact, ScoreFactorCode::Completeness), 3, "25 % rounds to 3");
    }

    #[test]
    fn total_is_the_sum_of_six_factors_and_bounded() {
        let (total, factors) = score(&full());
        assert_eq!(total, 100);
        assert_eq!(factors.len(), 6);
        assert_eq!(factors.iter().map(|f| f.max_points).sum::<i32>(), 100);
        let (empty, factors) = score(&ScoreInput::default());
        assert_eq!(empty, 8, "only the (manual) source counts");
        assert_eq!(factors.iter().map(|f| f.points).sum::<i32>(), empty);
        let portal = ScoreInput {
            source: Some(LeadSource::Immoscout24),
            first_name: Some("Anna"),
            last_name: Some("Huber"),
            email: Some("anna@example.de"),
            phone: Some("+491712345678"),
            message: Some("Wann wäre eine Besichtigung möglich?"),
            has_property: true,
            viewing_requested: true,
            ..Default::default()
        };
        let (total, factors) = score(&portal);
        // 0 + 0 + 0 + 10 + (1 + 2 + 3) + 63 % → 6
        assert_eq!(total, 22, "{factors:?}");
        assert!(factors.iter().all(|f| (0..=f.max_points).contains(&f.points)));
        assert_eq!(factors[5].reason, ScoreReason::Completeness { percent: 63 });
    }
}
