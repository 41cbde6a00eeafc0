//! The second wall: on PostgreSQL, a query that forgets its `tenant_id` filter still sees only
//! the rows of the tenant its transaction is scoped to — and nothing outside a scope.

use entity::{lead, property, user};
use sea_orm::{EntityTrait, PaginatorTrait, TransactionTrait};

use crate::helpers::*;

#[tokio::test]
async fn a_query_without_tenant_filter_sees_only_its_own_tenant() {
    let t = TestDb::seeded(Backend::Postgres).await;
    let demo = t.ctx(ADMIN).await;
    let (other, _) = t.second_office().await;
    domain::leads::create(&t.db, &other, model::LeadInput { last_name: Some("Fremd".into()), ..Default::default() })
        .await
        .unwrap();

    // Deliberately unfiltered: `find()` with no tenant condition.
    let tx = t.db.tenant(demo.tenant_id).await.unwrap();
    let leads = lead::Entity::find().all(&tx).await.unwrap();
    assert_eq!(leads.len(), 20);
    assert!(leads.iter().all(|l| l.tenant_id == demo.tenant_id.0));
    assert!(property::Entity::find().all(&tx).await.unwrap().iter().all(|p| p.tenant_id == demo.tenant_id.0));
    tx.commit().await.unwrap();

    let tx = t.db.tenant(other.tenant_id).await.unwrap();
    let leads = lead::Entity::find().all(&tx).await.unwrap();
    assert_eq!(leads.len(), 1);
    assert_eq!(leads[0].last_name.as_deref(), Some("Fremd"));
    assert_eq!(user::Entity::find().count(&tx).await.unwrap(), 2);
    tx.commit().await.unwrap();

    // No scope at all: nothing.
    let tx = t.db.connection().begin().await.unwrap();
    assert_eq!(lead::Entity::find().count(&tx).await.unwrap(), 0);
    tx.commit().await.unwrap();

    // Writing into another tenant from a scoped transaction is refused by the policy.
    let tx = t.db.tenant(demo.tenant_id).await.unwrap();
    let foreign = lead::Entity::find().all(&t.db.platform().await.unwrap()).await.unwrap();
    let target = foreign.iter().find(|l| l.tenant_id == other.tenant_id.0).unwrap().clone();
    let mut am: lead::ActiveModel = target.into();
    am.tenant_id = sea_orm::Set(demo.tenant_id.0);
    let moved = sea_orm::ActiveModelTrait::update(am, &tx).await;
    assert!(moved.is_err(), "a row of another tenant could be changed: {moved:?}");
}
