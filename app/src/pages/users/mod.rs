//! The office's team (admins): colleagues, roles, invitations.

mod page;

pub use page::UsersPage;
