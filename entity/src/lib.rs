//! SeaORM entities, one module per table. Enumerations are stored as text; their one definition
//! lives in `app::model`, which the wasm build shares.

pub mod ai_audit_log;
pub mod ai_usage_log;
pub mod api_key;
pub mod audit_log;
pub mod chat_message;
pub mod conversation_summary;
pub mod follow_up;
pub mod inbound_email;
pub mod jarvis_pending_action;
pub mod job;
pub mod lead;
pub mod lead_activity;
pub mod mailbox;
pub mod message;
pub mod property;
pub mod property_assignment;
pub mod session;
pub mod tenant;
pub mod tenant_settings;
pub mod user;
pub mod user_chat;
pub mod user_memory;
pub mod user_settings;

pub mod prelude {
    pub use super::ai_audit_log::Entity as AiAuditLog;
    pub use super::ai_usage_log::Entity as AiUsageLog;
    pub use super::api_key::Entity as ApiKey;
    pub use super::audit_log::Entity as AuditLog;
    pub use super::chat_message::Entity as ChatMessage;
    pub use super::conversation_summary::Entity as ConversationSummary;
    pub use super::follow_up::Entity as FollowUp;
    pub use super::inbound_email::Entity as InboundEmail;
    pub use super::jarvis_pending_action::Entity as JarvisPendingAction;
    pub use super::job::Entity as Job;
    pub use super::lead::Entity as Lead;
    pub use super::lead_activity::Entity as LeadActivity;
    pub use super::mailbox::Entity as Mailbox;
    pub use super::message::Entity as Message;
    pub use super::property::Entity as Property;
    pub use super::property_assignment::Entity as PropertyAssignment;
    pub use super::session::Entity as Session;
    pub use super::tenant::Entity as Tenant;
    pub use super::tenant_settings::Entity as TenantSettings;
    pub use super::user::Entity as User;
    pub use super::user_chat::Entity as UserChat;
    pub use super::user_memory::Entity as UserMemory;
    pub use super::user_settings::Entity as UserSettings;
}
