//! `/graphql`: async-graphql over the domain. Each domain has its query and mutation object; the
//! handler resolves the caller once per request and hands resolvers the `Ctx` and per-request
//! DataLoaders. Errors carry `extensions.code`; depth and complexity are limited.

mod jarvis;
mod jobs;
mod leads;
mod properties;
pub(crate) mod support;
mod tenants;
mod users;

use std::sync::Arc;

use async_graphql::http::GraphiQLSource;
use async_graphql::{EmptySubscription, MergedObject, Schema};
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use domain::services::Services;
use model::Locale;
use model::graphql::LeadRelations;

use self::support::{Caller, Loaders};
use crate::config::Config;
use crate::state::AppState;

#[derive(MergedObject, Default)]
pub struct Query(
    leads::LeadQuery,
    properties::PropertyQuery,
    users::UserQuery,
    tenants::TenantQuery,
    jobs::JobQuery,
    jarvis::JarvisQuery,
);

#[derive(MergedObject, Default)]
pub struct Mutation(
    leads::LeadMutation,
    properties::PropertyMutation,
    users::UserMutation,
    tenants::TenantMutation,
    jobs::JobMutation,
    jarvis::JarvisMutation,
);

pub type ImmivoSchema = Schema<Query, Mutation, EmptySubscription>;

/// The schema with the configured limits. `services` is schema data: resolvers reach the
/// database through it.
pub fn schema(services: Services, config: &Config) -> ImmivoSchema {
    let builder = Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .data(services)
        .limit_depth(config.graphql_max_depth)
        .limit_complexity(config.graphql_max_complexity);
    if config.graphql_introspection { builder.finish() } else { builder.disable_introspection().finish() }
}

/// The SDL that `immivo export-schema` prints and `docs/schema.graphql` holds.
pub fn sdl() -> String {
    Schema::build(Query::default(), Mutation::default(), EmptySubscription).finish().sdl()
}

pub async fn handler(State(state): State<AppState>, headers: HeaderMap, req: GraphQLRequest) -> GraphQLResponse {
    let caller: Caller = state.services.authenticate(&headers).await;
    let mut req = req.into_inner().data(state.services.texts.clone()).data(locale(&headers));
    if let Ok(ctx) = &caller {
        let relations: Arc<dyn LeadRelations> = Arc::new(Loaders::new(state.services.db.clone(), *ctx));
        req = req.data(relations);
    }
    state.schema.execute(req.data(caller)).await.into()
}

/// The language texts rendered from codes are in (`Activity.description`, `ScoreFactor.reason`):
/// the site's language cookie, else the first language `Accept-Language` names that the
/// catalogue has, else German.
fn locale(headers: &HeaderMap) -> Locale {
    if let Some(chosen) =
        domain::services::cookie(headers, domain::services::LOCALE_COOKIE).and_then(|v| v.parse().ok())
    {
        return chosen;
    }
    let accepted = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    accepted
        .split(',')
        .filter_map(|tag| tag.split(';').next())
        .filter_map(|tag| tag.trim().get(..2))
        .find_map(|primary| primary.to_ascii_lowercase().parse().ok())
        .unwrap_or(Locale::De)
}

/// GraphiQL, in development only. It loads its scripts from a CDN, so this one page gets its
/// own, wider content-security policy.
pub async fn playground(State(state): State<AppState>) -> Response {
    if !state.config.graphql_playground {
        return (StatusCode::NOT_FOUND, "GraphiQL is disabled (IMMIVO_GRAPHQL_PLAYGROUND)").into_response();
    }
    let mut response = Html(GraphiQLSource::build().endpoint("/graphql").finish()).into_response();
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self' 'unsafe-inline' https://unpkg.com; \
             style-src 'self' 'unsafe-inline' https://unpkg.com; img-src 'self' data:; \
             connect-src 'self'; font-src 'self' data: https://unpkg.com; frame-ancestors 'none'",
        ),
    );
    response
}

/// Forward paging arguments shared by every connection: `first` (1–100, default 25) and an
/// opaque `after` cursor from a previous page.
fn page_request(first: Option<i32>, after: Option<String>) -> async_graphql::Result<model::PageRequest> {
    use self::support::gql_error;
    let after = match after {
        Some(cursor) => Some(uuid::Uuid::parse_str(&cursor).map_err(|_| {
            gql_error(domain::Error::invalid("after", "invalid_cursor", "not a cursor of this connection"))
        })?),
        None => None,
    };
    let first = first.unwrap_or(25);
    if first < 1 || first as u64 > model::PageRequest::MAX {
        return Err(gql_error(domain::Error::invalid("first", "out_of_range", "first must be between 1 and 100")));
    }
    Ok(model::PageRequest::new(first as u64, after))
}

/// Extra fields on every connection.
#[derive(async_graphql::SimpleObject)]
pub struct ConnectionFields {
    /// How many items match the filter in all.
    pub total_count: u64,
}

type Connection<T> = async_graphql::connection::Connection<String, T, ConnectionFields>;

fn connection<T: async_graphql::OutputType>(page: model::Page<T>, id: impl Fn(&T) -> uuid::Uuid) -> Connection<T> {
    let mut c = Connection::with_additional_fields(false, page.has_next, ConnectionFields { total_count: page.total });
    c.edges
        .extend(page.items.into_iter().map(|item| async_graphql::connection::Edge::new(id(&item).to_string(), item)));
    c
}

fn services<'a>(cx: &async_graphql::Context<'a>) -> &'a Services {
    // Set by `schema()`; a schema without it cannot be built through this module.
    cx.data_unchecked::<Services>()
}
