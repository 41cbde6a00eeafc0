//! Signing in: the sign-in page and accepting an invitation.

mod invite;
mod login;

pub use invite::InvitePage;
pub use login::LoginPage;
