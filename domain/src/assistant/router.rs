//! The agent router: which kind of request a message is (smalltalk, crm, email, calendar,
//! expose, memory, multi), decided by the small model with structured output. Smalltalk is
//! answered without tools; every other category gets its tool subset.

use serde::Deserialize;
use serde_json::json;

use crate::ai::llm::{ChatRequest, ChatResponse, JsonSchema, LlmError, LlmProvider, Message, Tier};
use crate::assistant::rules::Category;

/// The structured answer's name: the offline model recognises it too.
pub const SCHEMA_NAME: &str = "route";

pub fn request(text: &str, recent: &[Message]) -> ChatRequest {
    let context: Vec<String> =
        recent.iter().rev().take(2).rev().map(|m| m.content.chars().take(300).collect()).collect();
    ChatRequest {
        response_schema: Some(JsonSchema {
            name: SCHEMA_NAME.into(),
            schema: json!({
                "type": "object",
                "properties": {"category": {"type": "string", "enum":
                    ["smalltalk", "crm", "email", "calendar", "expose", "memory", "multi"]}},
                "required": ["category"],
                "additionalProperties": false,
            }),
        }),
        max_completion_tokens: Some(50),
        ..ChatRequest::new(
            Tier::Small,
            vec![
                Message::system(
                    "Classify the real-estate agent's message for a CRM assistant. smalltalk: greetings, \
                     thanks, questions about the assistant. crm: leads, properties, statistics, team, jobs. \
                     email: mail to leads, replies, unrecognised inbound mail. calendar: viewings, \
                     appointments, free slots. expose: exposés, property documents. memory: facts about the \
                     user to remember or recall. multi: several of these at once. Earlier turns, for \
                     reference: "
                        .to_owned()
                        + &context.join(" | "),
                ),
                Message::user(text),
            ],
        )
    }
}

/// The category, and the model's answer (for the usage log). An answer that is not one of the
/// categories counts as `multi`: every tool is offered rather than none.
pub async fn classify(
    provider: &dyn LlmProvider,
    text: &str,
    recent: &[Message],
) -> Result<(Category, ChatResponse), LlmError> {
    #[derive(Deserialize)]
    struct Route {
        category: Category,
    }
    let answer = provider.chat(&request(text, recent)).await?;
    let category = serde_json::from_str::<Route>(crate::assistant::clean::json_payload(&answer.message.content))
        .map(|r| r.category)
        .unwrap_or(Category::Multi);
    Ok((category, answer))
}
