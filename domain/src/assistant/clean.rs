//! Clean answers: what reaches the user never holds raw JSON, tool-call protocol or the model's
//! internal reasoning. `Filter` does it on the stream as text arrives (holding back only what
//! might start such a block); `answer` does it on a whole text.

/// Blocks that never reach the user: reasoning tags, and fenced JSON or tool protocol.
const BLOCKS: [(&str, &str); 5] = [
    ("<think>", "</think>"),
    ("<reasoning>", "</reasoning>"),
    ("<tool_call>", "</tool_call>"),
    ("```json", "```"),
    ("```tool", "```"),
];

/// Cleans a streamed answer piece by piece.
#[derive(Debug, Default)]
pub struct Filter {
    /// Text held back: it may be the start of a block.
    pending: String,
    /// Inside a block: the end marker looked for.
    inside: Option<&'static str>,
    /// Everything let through so far.
    shown: String,
}

impl Filter {
    /// Takes the next piece; returns what may be shown now.
    pub fn push(&mut self, piece: &str) -> String {
        self.pending.push_str(piece);
        let mut out = String::new();
        loop {
            if let Some(end) = self.inside {
                match self.pending.find(end) {
                    Some(i) => {
                        self.pending.drain(..i + end.len());
                        self.inside = None;
                    }
                    None => {
                        // Keep only what could be the start of the end marker.
                        let keep = partial_suffix(&self.pending, end);
                        self.pending.drain(..self.pending.len() - keep);
                        break;
                    }
                }
                continue;
            }
            let next =
                BLOCKS.iter().filter_map(|(start, end)| self.pending.find(start).map(|i| (i, *start, *end))).min();
            match next {
                Some((i, start, end)) => {
                    out.push_str(&self.pending[..i]);
                    self.pending.drain(..i + start.len());
                    self.inside = Some(end);
                }
                None => {
                    let keep = BLOCKS.iter().map(|(start, _)| partial_suffix(&self.pending, start)).max().unwrap_or(0);
                    let cut = self.pending.len() - keep;
                    out.push_str(&self.pending[..cut]);
                    self.pending.drain(..cut);
                    break;
                }
            }
        }
        self.shown.push_str(&out);
        out
    }

    /// The end of the stream: what was held back and is not a block after all.
    pub fn finish(&mut self) -> String {
        let rest = if self.inside.is_some() { String::new() } else { std::mem::take(&mut self.pending) };
        self.shown.push_str(&rest);
        rest
    }

    pub fn shown(&self) -> &str {
        &self.shown
    }
}

/// The length of the longest end of `text` that is a proper start of `marker`.
fn partial_suffix(text: &str, marker: &str) -> usize {
    (1..marker.len())
        .rev()
        .find(|&n| {
            text.len() >= n && text.is_char_boundary(text.len() - n) && marker.starts_with(&text[text.len() - n..])
        })
        .unwrap_or(0)
}

/// A whole answer, cleaned: blocks removed, and an answer that is nothing but JSON (a model that
/// answered with its tool arguments) replaced by `fallback`.
pub fn answer(text: &str, fallback: &str) -> String {
    let mut f = Filter::default();
    let mut out = f.push(text);
    out.push_str(&f.finish());
    let trimmed = out.trim();
    let looks_like_json = (trimmed.starts_with('{') && trimmed.ends_with('}'))
        || (trimmed.starts_with('[')
            && trimmed.ends_with(']')
            && serde_json::from_str::<serde_json::Value>(trimmed).is_ok());
    if looks_like_json || trimmed.is_empty() {
        return fallback.to_owned();
    }
    // Leftover protocol lines some models print: `functions.search_leads({...})`.
    trimmed
        .lines()
        .filter(|l| !l.trim_start().starts_with("functions.") && !l.trim_start().starts_with("to=functions"))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

/// The JSON in a structured answer, without a fence some models put around it.
pub fn json_payload(text: &str) -> &str {
    let t = text.trim();
    let t = t.strip_prefix("```json").or_else(|| t.strip_prefix("```")).unwrap_or(t);
    t.strip_suffix("```").unwrap_or(t).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn streamed(pieces: &[&str]) -> String {
        let mut f = Filter::default();
        let mut out: String = pieces.iter().map(|p| f.push(p)).collect();
        out.push_str(&f.finish());
        out
    }

    #[test]
    fn reasoning_and_json_blocks_are_held_back_across_pieces() {
        assert_eq!(streamed(&["Hallo <thi", "nk>intern</th", "ink>Welt"]), "Hallo Welt");
        assert_eq!(streamed(&["Ergebnis:\n```js", "on\n{\"a\":1}\n``", "`\nfertig"]), "Ergebnis:\n\nfertig");
        assert_eq!(streamed(&["a < b und c <", " d"]), "a < b und c < d", "a lone < is text");
        assert_eq!(streamed(&["Code: ```rust\nfn x() {}\n```"]), "Code: ```rust\nfn x() {}\n```", "other fences stay");
        assert_eq!(streamed(&["<think>unfinished"]), "");
    }

    #[test]
    fn whole_answers_lose_protocol() {
        assert_eq!(answer("{\"status\":\"NEW\"}", "Erledigt."), "Erledigt.");
        assert_eq!(answer("Hier:\nfunctions.search_leads({})\n3 Leads.", "x"), "Hier:\n3 Leads.");
        assert_eq!(answer("[1, 2]", "x"), "x");
        assert_eq!(answer("[Anna](/leads/1) ist neu.", "x"), "[Anna](/leads/1) ist neu.");
        assert_eq!(json_payload("```json\n{\"a\":1}\n```"), "{\"a\":1}");
    }
}
