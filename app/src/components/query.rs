//! The URL's query string as the list filters read and write it.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The query string of the `current` parameters with `key` set to `value` (removed when empty),
/// empty values left out: `?status=NEW&q=garten`.
pub fn query_with<'a>(current: impl IntoIterator<Item = (&'a str, &'a str)>, key: &str, value: &str) -> String {
    let mut pairs: Vec<(&str, &str)> = current.into_iter().filter(|(k, v)| *k != key && !v.trim().is_empty()).collect();
    if !value.trim().is_empty() {
        pairs.push((key, value.trim()));
    }
    let joined = pairs.iter().map(|(k, v)| format!("{}={}", escape(k), escape(v))).collect::<Vec<_>>().join("&");
    if joined.is_empty() { joined } else { format!("?{joined}") }
}

/// Sets one parameter of the URL's query (`/leads?status=NEW`), keeping the others; an empty
/// value removes it. Navigates only when the URL changes.
pub fn use_query_setter(path: &'static str) -> Callback<(&'static str, String)> {
    let query = use_query_map();
    let navigate = use_navigate();
    Callback::new(move |(key, value): (&'static str, String)| {
        let (now, next) = query.with_untracked(|q| {
            let pairs = || q.latest_values().map(|(k, v)| (k.as_ref(), v));
            (query_with(pairs(), "", ""), query_with(pairs(), key, &value))
        });
        if now != next {
            navigate(&format!("{path}{next}"), NavigateOptions::default());
        }
    })
}

/// One parameter of the URL's query, empty when absent.
pub fn query_param(key: &'static str) -> Signal<String> {
    let query = use_query_map();
    Signal::derive(move || query.with(|q| q.get(key).unwrap_or_default()))
}

/// Percent-encodes all but the unreserved characters of RFC 3986, the same in both builds.
fn escape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for byte in raw.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_leave_out_empty_values() {
        let current = [("status", "NEW"), ("q", "")];
        assert_eq!(query_with(current, "source", "EMAIL"), "?status=NEW&source=EMAIL");
        assert_eq!(query_with(current, "status", ""), "");
        assert_eq!(query_with(current, "q", "Haus am See"), "?status=NEW&q=Haus%20am%20See");
        assert_eq!(query_with([], "q", "Müller & Co"), "?q=M%C3%BCller%20%26%20Co");
    }
}
