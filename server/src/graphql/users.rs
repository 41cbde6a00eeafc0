use app::domain::users;
use app::graphql_types::{GqlResult, caller};
use app::model::{Invitation, Role, User, UserId};
use async_graphql::{Context, Object, Result};

use super::services;

#[derive(Default)]
pub struct UserQuery;

#[Object]
impl UserQuery {
    /// The office's users (admins only).
    async fn users(&self, cx: &Context<'_>) -> Result<Vec<User>> {
        users::list(&services(cx).db, &caller(cx)?).await.gql()
    }

    /// One user of the office (admins only).
    async fn user(&self, cx: &Context<'_>, id: UserId) -> Result<User> {
        users::get(&services(cx).db, &caller(cx)?, id).await.gql()
    }
}

#[derive(Default)]
pub struct UserMutation;

#[Object]
impl UserMutation {
    /// Creates the account and returns the invitation token, shown only this once.
    async fn invite_user(&self, cx: &Context<'_>, email: String, name: String, role: Role) -> Result<Invitation> {
        users::invite(&services(cx).db, &caller(cx)?, &email, &name, role).await.gql()
    }

    /// Changes role, active flag or name (admins only).
    async fn update_user(
        &self,
        cx: &Context<'_>,
        id: UserId,
        role: Option<Role>,
        active: Option<bool>,
        name: Option<String>,
    ) -> Result<User> {
        users::update(&services(cx).db, &caller(cx)?, id, role, active, name).await.gql()
    }
}
