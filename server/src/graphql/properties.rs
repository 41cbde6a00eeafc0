use crate::graphql::support::{GqlResult, caller};
use async_graphql::{Context, Object, Result};
use domain::properties;
use model::{Property, PropertyFilter, PropertyId, PropertyInput};

use super::{Connection, connection, page_request, services};

#[derive(Default)]
pub struct PropertyQuery;

#[Object]
impl PropertyQuery {
    /// The office's properties, newest first; archived ones only with `includeArchived`.
    // A page of n items costs n times its selection.
    #[graphql(complexity = "first.unwrap_or(25).clamp(1, 100) as usize * child_complexity")]
    async fn properties(
        &self,
        cx: &Context<'_>,
        filter: Option<PropertyFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<Property>> {
        let ctx = caller(cx)?;
        let page = properties::list(&services(cx).db, &ctx, &filter.unwrap_or_default(), &page_request(first, after)?)
            .await
            .gql()?;
        Ok(connection(page, |p| p.id.0))
    }

    async fn property(&self, cx: &Context<'_>, id: PropertyId) -> Result<Property> {
        properties::get(&services(cx).db, &caller(cx)?, id).await.gql()
    }
}

#[derive(Default)]
pub struct PropertyMutation;

#[Object]
impl PropertyMutation {
    async fn create_property(&self, cx: &Context<'_>, input: PropertyInput) -> Result<Property> {
        properties::create(&services(cx).db, &caller(cx)?, input).await.gql()
    }

    /// Changes the given fields; fields left out stay as they are.
    async fn update_property(&self, cx: &Context<'_>, id: PropertyId, input: PropertyInput) -> Result<Property> {
        properties::update(&services(cx).db, &caller(cx)?, id, input).await.gql()
    }

    async fn archive_property(&self, cx: &Context<'_>, id: PropertyId) -> Result<Property> {
        properties::archive(&services(cx).db, &caller(cx)?, id).await.gql()
    }
}
