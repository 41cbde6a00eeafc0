use model::{Role, TenantId, UserId};

use super::error::{Error, Result};

/// Who is asking: resolved once per request (session cookie, API key or Cognito token) and passed
/// first to every domain function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ctx {
    pub tenant_id: TenantId,
    pub user_id: UserId,
    pub role: Role,
}

/// Who caused a change, as activities and audit entries record it.
///
/// Inbound mail, jobs and the scheduler act for a tenant without a user. They get no `Ctx`: a
/// `Ctx` is a signed-in user with a role, and a made-up "system user" would either need a fake
/// user id (which the timeline would show as a person) or a role that every domain function
/// would have to learn to treat specially. Instead the few internal paths take a `TenantId`
/// and record `Actor::System`, which is stored as a `NULL` actor id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    User(UserId),
    System,
}

impl Actor {
    pub fn user_id(self) -> Option<UserId> {
        match self {
            Actor::User(id) => Some(id),
            Actor::System => None,
        }
    }
}

impl From<&Ctx> for Actor {
    fn from(ctx: &Ctx) -> Self {
        Actor::User(ctx.user_id)
    }
}

impl Ctx {
    pub fn require_admin(&self) -> Result<()> {
        if self.role.is_admin() { Ok(()) } else { Err(Error::Forbidden) }
    }

    pub fn require_super_admin(&self) -> Result<()> {
        if self.role == Role::SuperAdmin { Ok(()) } else { Err(Error::Forbidden) }
    }

    /// Agents see only what is assigned to them; admins see their whole office.
    pub fn sees_only_own(&self) -> bool {
        self.role == Role::Agent
    }
}
