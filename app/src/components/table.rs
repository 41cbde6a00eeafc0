//! Tables of records: the frame, the header row, and the body the page fills with rows.

use leptos::prelude::*;

use crate::i18n::{Texts, use_i18n};

/// One column's heading.
#[derive(Clone, Copy)]
pub struct Column {
    label: fn(&Texts) -> &'static str,
    class: &'static str,
    hidden_label: bool,
}

impl Column {
    pub fn new(label: fn(&Texts) -> &'static str) -> Self {
        Self { label, class: "text-left", hidden_label: false }
    }

    /// A column shown from medium screens on.
    pub fn wide(label: fn(&Texts) -> &'static str) -> Self {
        Self { class: "hidden text-left md:table-cell", ..Self::new(label) }
    }

    /// A column of numbers, aligned right.
    pub fn numeric(label: fn(&Texts) -> &'static str) -> Self {
        Self { class: "text-right", ..Self::new(label) }
    }

    /// The column of a row's buttons, its heading for screen readers only.
    pub fn actions() -> Self {
        Self { hidden_label: true, ..Self::new(|t| t.common.actions) }
    }
}

/// A table with a header row of `columns` and the rows `children`; `card` frames it as a card of
/// its own, else it sits in one.
#[component]
pub fn Table(
    testid: &'static str,
    columns: Vec<Column>,
    #[prop(optional)] card: bool,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let (frame, padding) = if card {
        ("overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm", "px-4 py-3")
    } else {
        ("overflow-x-auto", "px-3 py-2")
    };
    view! {
        <div class=frame>
            <table class="min-w-full divide-y divide-slate-200 text-sm" data-testid=testid>
                <thead class=card.then_some("bg-slate-50")>
                    <tr>
                        {columns
                            .into_iter()
                            .map(|c| {
                                let class = format!("{padding} {} text-xs font-medium uppercase tracking-wide text-slate-500", c.class);
                                let label = move || (c.label)(i18n.t());
                                view! {
                                    <th class=class scope="col">
                                        {if c.hidden_label {
                                            view! { <span class="sr-only">{label}</span> }.into_any()
                                        } else {
                                            label.into_any()
                                        }}
                                    </th>
                                }
                            })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody class="divide-y divide-slate-100">{children()}</tbody>
            </table>
        </div>
    }
}
