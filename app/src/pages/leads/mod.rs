//! Leads: the list, one lead's page (with its conversation), the form, and the status board.

mod board;
mod cards;
mod detail;
mod follow_ups;
mod form;
mod history;
mod list;
mod thread;

pub use board::BoardPage;
pub use detail::LeadDetailPage;
pub use form::NewLeadPage;
pub use list::LeadsPage;

use model::Money;

use crate::i18n::I18n;

/// "300.000 € – 450.000 €", "ab 300.000 €", "bis 450.000 €" or a dash.
fn budget_text(i18n: I18n, min: Option<Money>, max: Option<Money>) -> String {
    let t = i18n.t();
    match (min, max) {
        (Some(min), Some(max)) if min == max => i18n.money(min),
        (Some(min), Some(max)) => format!("{} – {}", i18n.money(min), i18n.money(max)),
        (Some(min), None) => format!("{} {}", t.leads.budget_from, i18n.money(min)),
        (None, Some(max)) => format!("{} {}", t.leads.budget_up_to, i18n.money(max)),
        (None, None) => t.common.none.to_owned(),
    }
}
