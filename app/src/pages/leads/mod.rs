//! Leads: the list, one lead's page, the form, and the status board.

mod board;
mod cards;
mod detail;
mod form;
mod history;
mod list;

pub use board::BoardPage;
pub use detail::LeadDetailPage;
pub use form::NewLeadPage;
pub use list::LeadsPage;

use model::Money;

use crate::components::format_money;
use crate::i18n::Texts;

/// "300.000 € – 450.000 €", "ab 300.000 €", "bis 450.000 €" or a dash.
fn budget_text(t: &Texts, min: Option<Money>, max: Option<Money>) -> String {
    let euros = |amount: Money| format_money(amount, t.locale);
    match (min, max) {
        (Some(min), Some(max)) if min == max => euros(min),
        (Some(min), Some(max)) => format!("{} – {}", euros(min), euros(max)),
        (Some(min), None) => format!("{} {}", t.leads.budget_from, euros(min)),
        (None, Some(max)) => format!("{} {}", t.leads.budget_up_to, euros(max)),
        (None, None) => t.common.none.to_owned(),
    }
}
