//! Settings: the office's (admins) and one's own, on one page.

mod account;
mod ai;
mod api_keys;
mod availability;
mod mailboxes;
mod office;
mod page;
mod widget;

pub use page::SettingsPage;
