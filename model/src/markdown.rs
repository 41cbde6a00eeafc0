//! The small Markdown the assistant writes: paragraphs, headings, bullet and numbered lists,
//! **bold**, _italic_, `code`, and links to pages of the app or to https. Read into blocks here
//! (the assistant's tools write it with `escape` and `app_link`); the app renders the blocks as
//! view nodes, never as HTML, so nothing a model or a quoted lead writes can inject markup.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Bold(String),
    Italic(String),
    Code(String),
    Link { text: String, href: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Heading(Vec<Inline>),
    Paragraph(Vec<Inline>),
    Bullets(Vec<Vec<Inline>>),
    Numbered(Vec<Vec<Inline>>),
}

/// A path of this app: one leading `/`, then no `/` or `\\` right after it (browsers read `//x`
/// and `/\\x` as the host `x`), no backslash anywhere, nothing but visible URL characters.
fn app_path(href: &str) -> bool {
    let Some(rest) = href.strip_prefix('/') else { return false };
    !rest.starts_with(['/', '\\'])
        && href.chars().all(|c| c.is_ascii_graphic() && c != '\\' && c != '"' && c != '<' && c != '>')
}

/// An https URL with a plain host name (no user info, no backslash), as a reader can check it.
fn https_url(href: &str) -> bool {
    let Some(rest) = href.strip_prefix("https://") else { return false };
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, path) = rest.split_at(host_end);
    let host =
        host.split_once(':').map_or(host, |(h, port)| if port.chars().all(|c| c.is_ascii_digit()) { h } else { "" });
    !host.is_empty()
        && host.contains('.')
        && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        && path.chars().all(|c| c.is_ascii_graphic() && c != '\\' && c != '"' && c != '<' && c != '>')
}

/// Writes `text` so that the Markdown reader shows it as it is: a lead's name such as
/// "Klick](/\\evil) [hier" stays text inside a link label or a list.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '[' | ']' | '(' | ')' | '*' | '_' | '`' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A link to a page of the app with `label` shown as it is.
pub fn app_link(label: &str, path: &str) -> String {
    format!("[{}]({path})", escape(label))
}

pub fn inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    let flush = |plain: &mut String, out: &mut Vec<Inline>| {
        if !plain.is_empty() {
            out.push(Inline::Text(std::mem::take(plain)));
        }
    };
    while let Some(c) = rest.chars().next() {
        let marked = |marker: &str| -> Option<(String, usize)> {
            let inner = rest.strip_prefix(marker)?;
            let end = inner.find(marker)?;
            (end > 0).then(|| (inner[..end].to_owned(), marker.len() * 2 + end))
        };
        if let Some((inner, len)) = marked("**") {
            flush(&mut plain, &mut out);
            out.push(Inline::Bold(inner));
            rest = &rest[len..];
            continue;
        }
        if let Some((inner, len)) = marked("`") {
            flush(&mut plain, &mut out);
            out.push(Inline::Code(inner));
            rest = &rest[len..];
            continue;
        }
        // `_x_` only at a word start: snake_case names stay text.
        if c == '_'
            && !plain.ends_with(|p: char| p.is_alphanumeric())
            && let Some((inner, len)) = marked("_")
        {
            flush(&mut plain, &mut out);
            out.push(Inline::Italic(inner));
            rest = &rest[len..];
            continue;
        }
        // `\\[`: the character itself, never markup.
        if c == '\\'
            && let Some(next) = rest[1..].chars().next()
            && next.is_ascii_punctuation()
        {
            plain.push(next);
            rest = &rest[1 + next.len_utf8()..];
            continue;
        }
        if c == '['
            && let Some((label, href, len)) = link_at(rest)
        {
            if app_path(&href) {
                flush(&mut plain, &mut out);
                out.push(Inline::Link { text: label, href });
                rest = &rest[len..];
                continue;
            }
            if https_url(&href) {
                // An outside link shows where it goes: its label, then the address as the link.
                flush(&mut plain, &mut out);
                if label != href && !label.is_empty() {
                    out.push(Inline::Text(format!("{label} ")));
                }
                out.push(Inline::Link { text: href.clone(), href });
                rest = &rest[len..];
                continue;
            }
        }
        plain.push(c);
        rest = &rest[c.len_utf8()..];
    }
    flush(&mut plain, &mut out);
    out
}

/// `[label](href)` at the start of `text`: the label unescaped (`\\]` is part of it), the target,
/// and the length read.
fn link_at(text: &str) -> Option<(String, String, usize)> {
    let mut label = String::new();
    let mut chars = text.char_indices().skip(1);
    let close = loop {
        let (i, c) = chars.next()?;
        match c {
            '\\' => {
                let (_, next) = chars.next()?;
                label.push(next);
            }
            '[' => return None,
            ']' => break i,
            c => label.push(c),
        }
    };
    let after = text[close + 1..].strip_prefix('(')?;
    let end = after.find(')')?;
    let href = &after[..end];
    Some((label, href.to_owned(), close + 2 + end + 1))
}

fn numbered_item(line: &str) -> Option<&str> {
    let digits = line.find(|c: char| !c.is_ascii_digit())?;
    (digits > 0).then_some(())?;
    line[digits..].strip_prefix(". ")
}

pub fn blocks(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let end_paragraph = |paragraph: &mut Vec<&str>, out: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            out.push(Block::Paragraph(inlines(&paragraph.join("\n"))));
            paragraph.clear();
        }
    };
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            end_paragraph(&mut paragraph, &mut out);
        } else if let Some(h) = line.strip_prefix("### ").or(line.strip_prefix("## ")).or(line.strip_prefix("# ")) {
            end_paragraph(&mut paragraph, &mut out);
            out.push(Block::Heading(inlines(h)));
        } else if let Some(item) = line.strip_prefix("- ").or(line.strip_prefix("* ")).or(line.strip_prefix("• ")) {
            end_paragraph(&mut paragraph, &mut out);
            match out.last_mut() {
                Some(Block::Bullets(items)) => items.push(inlines(item)),
                _ => out.push(Block::Bullets(vec![inlines(item)])),
            }
        } else if let Some(item) = numbered_item(line) {
            end_paragraph(&mut paragraph, &mut out);
            match out.last_mut() {
                Some(Block::Numbered(items)) => items.push(inlines(item)),
                _ => out.push(Block::Numbered(vec![inlines(item)])),
            }
        } else {
            paragraph.push(line);
        }
    }
    end_paragraph(&mut paragraph, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_text_and_only_safe_links_are_links() {
        assert_eq!(inlines("<script>alert(1)</script>"), vec![Inline::Text("<script>alert(1)</script>".into())]);
        assert_eq!(
            inlines("[x](javascript:alert(1)) [y](//evil.example) [Anna](/leads/1)"),
            vec![
                Inline::Text("[x](javascript:alert(1)) [y](//evil.example) ".into()),
                Inline::Link { text: "Anna".into(), href: "/leads/1".into() },
            ]
        );
        assert_eq!(
            inlines("**3 Leads** mit `NEW`, _neu_ und snake_case_name"),
            vec![
                Inline::Bold("3 Leads".into()),
                Inline::Text(" mit ".into()),
                Inline::Code("NEW".into()),
                Inline::Text(", ".into()),
                Inline::Italic("neu".into()),
                Inline::Text(" und snake_case_name".into()),
            ]
        );
    }

    #[test]
    fn links_never_leave_for_another_host() {
        for hostile in [
            "/\\evil.example",
            "//evil.example",
            "/\\/evil.example",
            "\\\\evil.example",
            "/le ads",
            "javascript:x",
            "http://evil.example",
            "https://user@evil.example",
            "https://evil.example\\@x",
        ] {
            let text = format!("[Klick]({hostile})");
            assert!(
                inlines(&text).iter().all(|i| !matches!(i, Inline::Link { href, .. } if href == hostile)),
                "{hostile} must not become a link"
            );
        }
        assert_eq!(
            inlines("[Docs](https://immivo.example/hilfe)"),
            vec![
                Inline::Text("Docs ".into()),
                Inline::Link {
                    text: "https://immivo.example/hilfe".into(),
                    href: "https://immivo.example/hilfe".into()
                },
            ],
            "an outside link shows its address"
        );
    }

    #[test]
    fn escaped_names_stay_text() {
        // A lead named so that its name would close the link and open another.
        let name = "Klick](/\\evil.example) [hier";
        let line = format!("- {} – Score 40", app_link(name, "/leads/7"));
        let parsed = blocks(&line);
        let Block::Bullets(items) = &parsed[0] else { panic!("a list: {parsed:?}") };
        assert_eq!(items[0][0], Inline::Link { text: name.into(), href: "/leads/7".into() });
        assert_eq!(inlines(&escape("**fett** _x_ `c`")), vec![Inline::Text("**fett** _x_ `c`".into())]);
        assert_eq!(escape("a\nb"), "a b");
    }

    #[test]
    fn blocks_are_read() {
        let b = blocks("# Titel\nErste Zeile\nzweite\n\n- a\n- b\n1. eins\n2. zwei");
        assert_eq!(b.len(), 4);
        assert_eq!(b[0], Block::Heading(vec![Inline::Text("Titel".into())]));
        assert_eq!(b[1], Block::Paragraph(vec![Inline::Text("Erste Zeile\nzweite".into())]));
        assert!(matches!(&b[2], Block::Bullets(items) if items.len() == 2));
        assert!(matches!(&b[3], Block::Numbered(items) if items.len() == 2));
        assert!(blocks("").is_empty());
    }
}
