//! HTML to plain text, good enough for notification mails: the extractors need each label and its
//! value on one line, so table cells of a row are joined and block elements end a line.

use crate::intake::parse::mime::Link;

/// Elements whose content is never shown to a reader.
const HIDDEN: &[&str] = &["head", "style", "script", "title", "template"];
/// Elements that start or end a line of their own.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "tr",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "hr",
    "section",
    "article",
    "header",
    "footer",
    "center",
    "pre",
    "dl",
    "dt",
    "dd",
    "address",
    "form",
    "fieldset",
];

/// Renders `html` as text and returns it with the links it contains.
pub(crate) fn to_text(html: &str) -> (String, Vec<Link>) {
    let mut out = String::with_capacity(html.len() / 2);
    let mut links = Vec::new();
    let mut open_link: Option<(String, usize)> = None;
    let mut hidden_until: Option<String> = None;
    let mut pre = 0usize;
    let mut rest = html;

    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if hidden_until.is_none() {
                push_text(&mut out, rest, pre > 0);
            }
            break;
        };
        if hidden_until.is_none() {
            push_text(&mut out, &rest[..lt], pre > 0);
        }
        rest = &rest[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some(gt) = tag_end(rest) else {
            // A `<` that opens no tag is text (a broken mail or "a < b").
            if hidden_until.is_none() {
                push_text(&mut out, "<", pre > 0);
            }
            rest = &rest[1..];
            continue;
        };
        let tag = rest.get(1..gt).unwrap_or_default();
        rest = rest.get(gt + 1..).unwrap_or_default();
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            continue; // <!DOCTYPE>, <?xml ?> and the like
        }
        if let Some(until) = &hidden_until {
            if closing && *until == name {
                hidden_until = None;
            }
            continue;
        }
        if !closing && HIDDEN.contains(&name.as_str()) && !tag.ends_with('/') {
            hidden_until = Some(name);
            continue;
        }
        match name.as_str() {
            "br" => out.push('\n'),
            "td" | "th" if closing => out.push('\t'),
            "p" => {
                line_break(&mut out);
                if !out.ends_with("\n\n") {
                    out.push('\n');
                }
            }
            "pre" if closing => {
                pre = pre.saturating_sub(1);
                line_break(&mut out);
            }
            "pre" => {
                pre += 1;
                line_break(&mut out);
            }
            "a" if !closing => open_link = attribute(tag, "href").map(|href| (decode_entities(&href), out.len())),
            "a" => {
                if let Some((url, start)) = open_link.take() {
                    let text = out.get(start..).unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ");
                    if url.starts_with("http") {
                        links.push(Link { url, text });
                    }
                }
            }
            "img" => {
                if let Some(alt) = attribute(tag, "alt").filter(|a| !a.trim().is_empty()) {
                    push_text(&mut out, &alt, false);
                }
            }
            n if BLOCKS.contains(&n) => line_break(&mut out),
            _ => {}
        }
    }
    (tidy(&out), links)
}

/// The targets of every `<a href>` with the given scheme (`mailto:`, `tel:`), without it and
/// without a query (`mailto:a@b.de?subject=…`), entities and percent-escapes decoded, in order.
/// `to_text` keeps only web links; contact pages put addresses and numbers in these.
pub(crate) fn link_targets(html: &str, scheme: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt..];
        let Some(gt) = tag_end(rest) else {
            rest = &rest[1..];
            continue;
        };
        let tag = rest.get(1..gt).unwrap_or_default();
        rest = rest.get(gt + 1..).unwrap_or_default();
        let is_anchor = tag.get(..2).is_some_and(|t| t.eq_ignore_ascii_case("a ") || t.eq_ignore_ascii_case("a\t"));
        let Some(href) = attribute(tag, "href").filter(|_| is_anchor) else { continue };
        let href = decode_entities(&href);
        let Some(target) =
            href.get(..scheme.len()).filter(|s| s.eq_ignore_ascii_case(scheme)).map(|_| &href[scheme.len()..])
        else {
            continue;
        };
        let target = percent_decode(target.split('?').next().unwrap_or_default()).trim().to_owned();
        if !target.is_empty() && !found.contains(&target) {
            found.push(target);
        }
    }
    found
}

/// `%20` and friends as UTF-8; a broken escape is kept as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Ends the current line unless it is already ended: `</tr><tr>` is one line break, not two.
fn line_break(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Where the tag that starts `s` ends, honouring quoted attribute values that contain `>`.
/// `None` when the `<` opens no tag; `s.len()` when the tag never closes, which swallows the
/// rest as browsers do (and keeps a mail full of `<x` from being scanned again for every `<`).
fn tag_end(s: &str) -> Option<usize> {
    let second = s.get(1..)?.chars().next()?;
    if !(second.is_ascii_alphabetic() || matches!(second, '/' | '!' | '?')) {
        return None;
    }
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    Some(s.len())
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower.get(from..)?.find(name) {
        let start = from + pos;
        from = start + name.len();
        let before_ok = lower[..start].ends_with(|c: char| c.is_whitespace());
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value_start = tag.len() - after.len() + 1;
        let value = tag.get(value_start..)?.trim_start();
        return Some(match value.chars().next()? {
            q @ ('"' | '\'') => value[1..].split(q).next().unwrap_or_default().trim().to_owned(),
            _ => value.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or_default().to_owned(),
        });
    }
    None
}

fn push_text(out: &mut String, text: &str, pre: bool) {
    let text = decode_entities(text);
    if pre {
        out.push_str(&text);
        return;
    }
    // HTML collapses every run of white space to one space.
    let mut last_space = out.ends_with([' ', '\n', '\t']) || out.is_empty();
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(c);
            last_space = false;
        }
    }
}

/// Cells of a row become "label value" (or "label<TAB>value" when the label has no colon), lines
/// are trimmed, and runs of empty lines shrink to one.
fn tidy(raw: &str) -> String {
    let mut lines = Vec::new();
    for line in raw.split('\n') {
        let cells: Vec<&str> = line.split('\t').map(str::trim).filter(|c| !c.is_empty()).collect();
        let mut joined = String::new();
        for cell in cells {
            if !joined.is_empty() {
                joined.push(if joined.ends_with(':') { ' ' } else { '\t' });
            }
            joined.push_str(cell);
        }
        lines.push(joined.replace('\u{a0}', " ").trim().to_owned());
    }
    crate::intake::parse::mime::normalise_text(&lines.join("\n"))
}

pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.char_indices().take(12).find(|(_, c)| *c == ';').map(|(i, _)| i);
        let decoded = end.and_then(|end| entity(&rest[1..end]).map(|c| (c, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "auml" => 'ä',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "Auml" => 'Ä',
        "Ouml" => 'Ö',
        "Uuml" => 'Ü',
        "szlig" => 'ß',
        "eacute" => 'é',
        "egrave" => 'è',
        "agrave" => 'à',
        "ccedil" => 'ç',
        "euro" => '€',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "bull" => '•',
        "middot" => '·',
        "copy" => '©',
        "reg" => '®',
        "laquo" => '«',
        "raquo" => '»',
        "bdquo" => '„',
        "ldquo" => '“',
        "rdquo" => '”',
        "sup2" => '²',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_become_label_value_lines() {
        let html = "<html><head><style>td{color:red}</style></head><body><table>\
            <tr><td><b>Vorname:</b></td><td>Anna&nbsp;Maria</td></tr>\
            <tr><td>Nachname</td><td>M&uuml;ller</td></tr></table>\
            <p>Hallo,<br>ich bin <a href=\"https://example.org/x?a=1&amp;b=2\">hier</a>.</p></body></html>";
        let (text, links) = to_text(html);
        assert_eq!(text, "Vorname: Anna Maria\nNachname\tMüller\n\nHallo,\nich bin hier.");
        assert_eq!(links, vec![Link { url: "https://example.org/x?a=1&b=2".into(), text: "hier".into() }]);
    }

    #[test]
    fn mailto_and_tel_targets() {
        let html = "<p><a class=x href=\"mailto:Anna.Huber%40gmx.de?subject=Ihre%20Anfrage\">Mail</a> \
            <A HREF='tel:+49%20171%202345678'>Anrufen</A> <a href=\"https://x.de\">web</a> \
            <a href=\"mailto:anna.huber@gmx.de\">again</a> <abbr href=\"tel:1\">no</abbr> <a href=\"tel:";
        assert_eq!(link_targets(html, "mailto:"), ["Anna.Huber@gmx.de", "anna.huber@gmx.de"]);
        assert_eq!(link_targets(html, "tel:"), ["+49 171 2345678"]);
        assert_eq!(percent_decode("%C3%BC%zz%"), "ü%zz%");
    }

    #[test]
    fn broken_markup_is_kept_as_text() {
        let (text, _) = to_text("a < b & c <!-- unclosed");
        assert_eq!(text, "a < b & c");
        let (text, _) = to_text("<p>x</p><a href='");
        assert_eq!(text, "x");
        let many = "<a".repeat(50_000);
        assert_eq!(to_text(&many).0, "");
        assert_eq!(to_text("<script>alert(1)</script>ok &#228;&#xFC; &bogus;").0, "ok äü &bogus;");
    }
}
