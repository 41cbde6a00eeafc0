use crate::graphql::support::{GqlResult, caller};
use async_graphql::{Context, Object, Result};
use domain::tenants::users;
use domain::viewings::availability;
use model::{Availability, Invitation, Role, User, UserId, ViewingSlot};

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

    /// A user's viewing times (the caller's without `userId`; another user's for admins).
    async fn availability(&self, cx: &Context<'_>, user_id: Option<UserId>) -> Result<Availability> {
        let ctx = caller(cx)?;
        availability::get(&services(cx).db, &ctx, user_id.unwrap_or(ctx.user_id)).await.gql()
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

    /// Sets a user's own viewing times (the caller's without `userId`; another user's for
    /// admins); `slots: null` returns them to the office's.
    async fn set_availability(
        &self,
        cx: &Context<'_>,
        user_id: Option<UserId>,
        slots: Option<Vec<ViewingSlot>>,
    ) -> Result<Availability> {
        let ctx = caller(cx)?;
        availability::set(&services(cx).db, &ctx, user_id.unwrap_or(ctx.user_id), slots).await.gql()
    }
}
