//! The search page.

use super::Locale;

super::area_texts! {
    /// The search page.
    SearchTexts {
        title: "Suche", "Search";
        placeholder: "Suchen …", "Search …";
        empty: "Nichts gefunden.", "Nothing found.";
        both: "Bedeutung + Wörter", "meaning + words";
        meaning: "ähnliche Bedeutung", "similar meaning";
        words: "Worttreffer", "word match";
    }
}
