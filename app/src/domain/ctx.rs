use crate::model::{Role, TenantId, UserId};

use super::error::{Error, Result};

/// Who is asking: resolved once per request (session cookie, API key or Cognito token) and passed
/// first to every domain function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ctx {
    pub tenant_id: TenantId,
    pub user_id: UserId,
    pub role: Role,
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
