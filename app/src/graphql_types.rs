//! The model's GraphQL face (feature `graphql`, server only): typed ids as `ID`, the lead's
//! relations resolved through per-request DataLoaders, and the domain error as `extensions.code`.
//! The schema itself (queries, mutations, limits) lives in the server crate.

use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::{ComplexObject, Context, ErrorExtensions};

use crate::domain::{Ctx, Db, Error, leads, properties, users};
use crate::model::{Activity, Lead, LeadId, Property, PropertyId, User, UserId};

/// Implements `ID` for a typed id: clients see a plain `ID`, the domain a `LeadId`.
macro_rules! id_scalar {
    ($name:ident) => {
        impl async_graphql::InputType for $name {
            type RawValueType = Self;

            fn type_name() -> std::borrow::Cow<'static, str> {
                <async_graphql::ID as async_graphql::InputType>::type_name()
            }

            fn create_type_info(registry: &mut async_graphql::registry::Registry) -> String {
                <async_graphql::ID as async_graphql::InputType>::create_type_info(registry)
            }

            fn parse(value: Option<async_graphql::Value>) -> async_graphql::InputValueResult<Self> {
                let id = <async_graphql::ID as async_graphql::InputType>::parse(value)
                    .map_err(async_graphql::InputValueError::propagate)?;
                id.parse()
                    .map_err(|_| async_graphql::InputValueError::custom(format!("'{}' is not a valid id", id.as_str())))
            }

            fn to_value(&self) -> async_graphql::Value {
                async_graphql::Value::String(self.to_string())
            }

            fn as_raw_value(&self) -> Option<&Self::RawValueType> {
                Some(self)
            }
        }

        impl async_graphql::OutputType for $name {
            fn type_name() -> std::borrow::Cow<'static, str> {
                <async_graphql::ID as async_graphql::OutputType>::type_name()
            }

            fn create_type_info(registry: &mut async_graphql::registry::Registry) -> String {
                <async_graphql::ID as async_graphql::OutputType>::create_type_info(registry)
            }

            async fn resolve(
                &self,
                _: &async_graphql::ContextSelectionSet<'_>,
                _: &async_graphql::Positioned<async_graphql::parser::types::Field>,
            ) -> async_graphql::ServerResult<async_graphql::Value> {
                Ok(async_graphql::Value::String(self.to_string()))
            }
        }
    };
}
pub(crate) use id_scalar;

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

impl<T> GqlResult<T> for crate::domain::Result<T> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(gql_error)
    }
}

/// Who is asking, as the GraphQL handler resolved it for this request.
pub type Caller = crate::domain::Result<Ctx>;

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

fn loaders<'a>(cx: &Context<'a>) -> async_graphql::Result<&'a Loaders> {
    cx.data::<Loaders>().map_err(|_| gql_error(Error::Unauthenticated))
}

#[ComplexObject]
impl Lead {
    /// The property the inquiry is about.
    async fn property(&self, cx: &Context<'_>) -> async_graphql::Result<Option<Property>> {
        match self.property_id {
            Some(id) => loaders(cx)?.properties.load_one(id).await,
            None => Ok(None),
        }
    }

    /// The agent the lead is assigned to.
    async fn assigned_agent(&self, cx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.assigned_to {
            Some(id) => loaders(cx)?.users.load_one(id).await,
            None => Ok(None),
        }
    }

    /// The timeline, newest first.
    async fn activities(&self, cx: &Context<'_>) -> async_graphql::Result<Vec<Activity>> {
        Ok(loaders(cx)?.activities.load_one(self.id).await?.unwrap_or_default())
    }
}
