//! The platform admin (super-admins): every office with its counts.

mod overview;

pub use overview::PlatformPage;
