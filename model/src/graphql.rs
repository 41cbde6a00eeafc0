//! The model's GraphQL face (feature `graphql`, server only): typed ids as `ID`, and the lead's
//! relations resolved through whatever the server puts into the request as `LeadRelations`
//! (its per-request DataLoaders), and codes rendered as text through the `Render` and the
//! `Locale` it puts in (the catalogue, in the request's language). The schema itself lives in the server crate.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use async_graphql::{ComplexObject, Context, Object};
use chrono::{DateTime, Utc};

use crate::{
    Activity, ActivityId, ActivityKind, Lead, LeadId, Locale, Money, Property, PropertyId, Render, ScoreFactor, User,
    UserId,
};

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

/// Money is an `Int` of cents to clients (`priceCents`); budgets convert at their fields.
impl async_graphql::InputType for Money {
    type RawValueType = i64;

    fn type_name() -> std::borrow::Cow<'static, str> {
        <i64 as async_graphql::InputType>::type_name()
    }

    fn create_type_info(registry: &mut async_graphql::registry::Registry) -> String {
        <i64 as async_graphql::InputType>::create_type_info(registry)
    }

    fn parse(value: Option<async_graphql::Value>) -> async_graphql::InputValueResult<Self> {
        <i64 as async_graphql::InputType>::parse(value)
            .map(Money::from_cents)
            .map_err(async_graphql::InputValueError::propagate)
    }

    fn to_value(&self) -> async_graphql::Value {
        async_graphql::Value::from(self.cents())
    }

    fn as_raw_value(&self) -> Option<&Self::RawValueType> {
        None
    }
}

impl async_graphql::OutputType for Money {
    fn type_name() -> std::borrow::Cow<'static, str> {
        <i64 as async_graphql::OutputType>::type_name()
    }

    fn create_type_info(registry: &mut async_graphql::registry::Registry) -> String {
        <i64 as async_graphql::OutputType>::create_type_info(registry)
    }

    async fn resolve(
        &self,
        _: &async_graphql::ContextSelectionSet<'_>,
        _: &async_graphql::Positioned<async_graphql::parser::types::Field>,
    ) -> async_graphql::ServerResult<async_graphql::Value> {
        Ok(async_graphql::Value::from(self.cents()))
    }
}

/// A budget as the API has always shown it: whole euros (francs).
pub(crate) fn whole_units(amount: Option<Money>) -> Option<i64> {
    amount.map(Money::whole)
}

/// A budget as the API sends it: the `Int` is whole euros (francs), not cents.
pub(crate) fn from_whole_units(amount: &mut Option<Money>) {
    *amount = amount.map(|sent| Money::from_whole(sent.cents()));
}

/// A relation being loaded; boxed so that `LeadRelations` stays object-safe.
pub type Loading<'a, T> = Pin<Box<dyn Future<Output = async_graphql::Result<T>> + Send + 'a>>;

/// How a lead's relations are looked up within one request, scoped by its caller. The server
/// batches them (one query per relation, however many leads a page holds).
pub trait LeadRelations: Send + Sync {
    fn property(&self, id: PropertyId) -> Loading<'_, Option<Property>>;
    fn user(&self, id: UserId) -> Loading<'_, Option<User>>;
    fn activities(&self, id: LeadId) -> Loading<'_, Vec<Activity>>;
}

fn relations<'a>(cx: &Context<'a>) -> async_graphql::Result<&'a Arc<dyn LeadRelations>> {
    cx.data::<Arc<dyn LeadRelations>>()
}

#[ComplexObject]
impl Lead {
    /// The property the inquiry is about.
    async fn property(&self, cx: &Context<'_>) -> async_graphql::Result<Option<Property>> {
        match self.property_id {
            Some(id) => relations(cx)?.property(id).await,
            None => Ok(None),
        }
    }

    /// The agent the lead is assigned to.
    async fn assigned_agent(&self, cx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.assigned_to {
            Some(id) => relations(cx)?.user(id).await,
            None => Ok(None),
        }
    }

    /// The timeline, newest first.
    async fn activities(&self, cx: &Context<'_>) -> async_graphql::Result<Vec<Activity>> {
        relations(cx)?.activities(self.id).await
    }
}

/// The catalogue and the request's language.
fn render<'a>(cx: &Context<'a>) -> async_graphql::Result<(&'a Arc<dyn Render>, Locale)> {
    Ok((cx.data::<Arc<dyn Render>>()?, *cx.data::<Locale>()?))
}

// Written out rather than derived: the API keeps its text fields where they always were.
#[Object]
impl Activity {
    async fn id(&self) -> ActivityId {
        self.id
    }

    async fn lead_id(&self) -> LeadId {
        self.lead_id
    }

    async fn kind(&self) -> ActivityKind {
        self.kind
    }

    async fn description(&self, cx: &Context<'_>) -> async_graphql::Result<String> {
        let (texts, locale) = render(cx)?;
        Ok(texts.activity(locale, &self.detail))
    }

    async fn actor_id(&self) -> Option<UserId> {
        self.actor_id
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.created_at
    }
}

#[Object]
impl ScoreFactor {
    async fn name(&self, cx: &Context<'_>) -> async_graphql::Result<String> {
        let (texts, locale) = render(cx)?;
        Ok(texts.score_factor(locale, self.factor))
    }

    async fn points(&self) -> i32 {
        self.points
    }

    async fn max_points(&self) -> i32 {
        self.max_points
    }

    async fn reason(&self, cx: &Context<'_>) -> async_graphql::Result<String> {
        let (texts, locale) = render(cx)?;
        Ok(texts.score_reason(locale, &self.reason))
    }
}
