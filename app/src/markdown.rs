//! The assistant's Markdown (`model::markdown`) rendered as view nodes — never as HTML, so
//! nothing a model (or a lead's message it quotes) writes can inject markup.

use leptos::prelude::*;
use model::markdown::{Block, Inline, blocks};

fn inline_view(parts: Vec<Inline>) -> impl IntoView {
    parts
        .into_iter()
        .map(|p| match p {
            Inline::Text(t) => {
                // Line breaks inside a paragraph stay line breaks.
                let lines: Vec<String> = t.split('\n').map(str::to_owned).collect();
                let last = lines.len().saturating_sub(1);
                lines
                    .into_iter()
                    .enumerate()
                    .map(|(i, l)| view! { {l} {(i < last).then(|| view! { <br /> })} })
                    .collect_view()
                    .into_any()
            }
            Inline::Bold(t) => view! { <strong>{t}</strong> }.into_any(),
            Inline::Italic(t) => view! { <em>{t}</em> }.into_any(),
            Inline::Code(t) => view! { <code class="rounded bg-slate-100 px-1 text-[0.9em]">{t}</code> }.into_any(),
            Inline::Link { text, href } => {
                let external = href.starts_with("https://");
                view! {
                    <a href=href class="text-sky-700 underline hover:text-sky-900"
                        target=external.then_some("_blank") rel=external.then_some("noopener noreferrer")>{text}</a>
                }
                .into_any()
            }
        })
        .collect_view()
}

/// Renders assistant Markdown.
#[component]
pub fn Markdown(#[prop(into)] text: Signal<String>) -> impl IntoView {
    move || {
        blocks(&text.get())
            .into_iter()
            .map(|b| match b {
                Block::Heading(i) => view! { <p class="mt-2 font-semibold">{inline_view(i)}</p> }.into_any(),
                Block::Paragraph(i) => view! { <p class="my-1">{inline_view(i)}</p> }.into_any(),
                Block::Bullets(items) => view! {
                    <ul class="my-1 list-disc pl-5">{items.into_iter().map(|i| view! { <li>{inline_view(i)}</li> }).collect_view()}</ul>
                }
                .into_any(),
                Block::Numbered(items) => view! {
                    <ol class="my-1 list-decimal pl-5">{items.into_iter().map(|i| view! { <li>{inline_view(i)}</li> }).collect_view()}</ol>
                }
                .into_any(),
            })
            .collect_view()
    }
}
