//! What every resolver shares: the caller of the request, domain errors as GraphQL errors
//! (message plus `extensions.code` and the failed fields), and the per-request DataLoaders that
//! resolve a lead's relations (`model::graphql::LeadRelations`).

use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::{Context, ErrorExtensions};
use domain::tenants::users;
use domain::{Ctx, Db, Error, leads, properties};
use model::graphql::{LeadRelations, Loading};
use model::{Activity, LeadId, Property, PropertyId, User, UserId};

/// The domain error as a GraphQL error: message plus `extensions.code` (and the failed fields).
pub fn gql_error(e: Error) -> async_graphql::Error {
    let api = e.to_api();
    let fields = api.fields.clone();
    async_graphql::Error::new(api.message).extend_with(|_, ext| {
        ext.set("code", api.code.as_str());
        if !fields.is_empty() {
            let list: Vec<async_graphql::Value> = fields
                .iter()
                .map(|f| {
                    let mut m = async_graphql::indexmap::IndexMap::new();
                    m.insert(async_graphql::Name::new("field"), async_graphql::Value::from(f.field.as_str()));
                    m.insert(async_graphql::Name::new("code"), async_graphql::Value::from(f.code.as_str()));
                    m.insert(async_graphql::Name::new("message"), async_graphql::Value::from(f.message.as_str()));
                    async_graphql::Value::Object(m)
                })
                .collect();
            ext.set("fields", async_graphql::Value::List(list));
        }
    })
}

/// `?` for domain results inside resolvers.
pub trait GqlResult<T> {
    fn gql(self) -> async_graphql::Result<T>;
}

impl<T> GqlResult<T> for domain::Result<T> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(gql_error)
    }
}

/// Who is asking, as the GraphQL handler resolved it for this request.
pub type Caller = domain::Result<Ctx>;

pub fn caller(cx: &Context<'_>) -> async_graphql::Result<Ctx> {
    match cx.data::<Caller>() {
        Ok(Ok(ctx)) => Ok(*ctx),
        Ok(Err(e)) => Err(gql_error(clone_auth_error(e))),
        Err(_) => Err(gql_error(Error::Unauthenticated)),
    }
}

fn clone_auth_error(e: &Error) -> Error {
    match e {
        Error::Forbidden => Error::Forbidden,
        Error::RateLimited { retry_after_secs } => Error::RateLimited { retry_after_secs: *retry_after_secs },
        Error::Db(_) | Error::Internal(_) => Error::Internal("authentication failed".into()),
        _ => Error::Unauthenticated,
    }
}

/// Batches the lookups of one request: one query per relation, however many leads a page holds.
pub struct Loaders {
    pub properties: DataLoader<RelationLoader>,
    pub users: DataLoader<RelationLoader>,
    pub activities: DataLoader<RelationLoader>,
}

impl Loaders {
    pub fn new(db: Db, ctx: Ctx) -> Self {
        let loader = || DataLoader::new(RelationLoader { db: db.clone(), ctx }, tokio::spawn);
        Self { properties: loader(), users: loader(), activities: loader() }
    }
}

/// One loader type, one `Loader` impl per key type, all scoped by the caller's `Ctx`.
pub struct RelationLoader {
    db: Db,
    ctx: Ctx,
}

impl Loader<PropertyId> for RelationLoader {
    type Value = Property;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[PropertyId]) -> Result<HashMap<PropertyId, Property>, Self::Error> {
        properties::get_many(&self.db, &self.ctx, keys).await.map_err(gql_error)
    }
}

impl Loader<UserId> for RelationLoader {
    type Value = User;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[UserId]) -> Result<HashMap<UserId, User>, Self::Error> {
        users::get_many(&self.db, &self.ctx, keys).await.map_err(gql_error)
    }
}

impl Loader<LeadId> for RelationLoader {
    type Value = Vec<Activity>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[LeadId]) -> Result<HashMap<LeadId, Vec<Activity>>, Self::Error> {
        leads::activities_of(&self.db, &self.ctx, keys).await.map_err(gql_error)
    }
}

impl LeadRelations for Loaders {
    fn property(&self, id: PropertyId) -> Loading<'_, Option<Property>> {
        Box::pin(self.properties.load_one(id))
    }

    fn user(&self, id: UserId) -> Loading<'_, Option<User>> {
        Box::pin(self.users.load_one(id))
    }

    fn activities(&self, id: LeadId) -> Loading<'_, Vec<Activity>> {
        Box::pin(async move { Ok(self.activities.load_one(id).await?.unwrap_or_default()) })
    }
}
