//! The domain over a real database, the same story on SQLite and on PostgreSQL.

use crate::helpers::*;
use crate::on_both;
use domain::tenants::{self, api_keys, auth::ApiKeyParts, sessions, users};
use domain::{Error, leads, properties};

use model::*;

fn lead_named(last: &str) -> LeadInput {
    LeadInput { last_name: Some(last.into()), ..Default::default() }
}

async fn plist(t: &TestDb, ctx: &domain::Ctx, f: PropertyFilter) -> Page<Property> {
    properties::list(&t.db, ctx, &f, &PageRequest::new(100, None)).await.unwrap()
}

fn codes(e: Error) -> Vec<(String, String)> {
    match e {
        Error::Invalid(fields) => fields.into_iter().map(|f| (f.field, f.code)).collect(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

on_both! {
    async fn lead_lifecycle(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let created = leads::create(&t.db, &admin, LeadInput {
            first_name: Some("Jürgen".into()),
            last_name: Some("Größl".into()),
            email: Some(" Juergen.Groessl@Example.AT ".into()),
            phone: Some("0664 1234567".into()),
            budget_min: Some(Money::from_whole(300_000)),
            budget_max: Some(Money::from_whole(350_000)),
            timeframe: Some(Timeframe::ThreeMonths),
            source: Some(LeadSource::Willhaben),
            ..Default::default()
        }).await.unwrap();
        assert_eq!(created.status, LeadStatus::New);
        assert_eq!(created.email.as_deref(), Some("juergen.groessl@example.at"));
        // The demo office is Austrian: the phone is normalised with region AT.
        assert_eq!(created.phone.as_deref(), Some("+436641234567"));

        let got = leads::get(&t.db, &admin, created.id).await.unwrap();
        assert_eq!(got, created);

        let updated = leads::update(&t.db, &admin, created.id, LeadInput { financing: Some(Financing::Approved), ..Default::default() }).await.unwrap();
        assert_eq!(updated.financing, Financing::Approved);
        assert_eq!(updated.last_name.as_deref(), Some("Größl"), "fields left out stay");

        let contacted = leads::change_status(&t.db, &admin, created.id, LeadStatus::Contacted, None).await.unwrap();
        assert_eq!(contacted.status, LeadStatus::Contacted);
        let refused = leads::change_status(&t.db, &admin, created.id, LeadStatus::New, None).await.unwrap_err();
        assert!(matches!(refused, Error::Conflict(_)), "{refused:?}");
        leads::change_status(&t.db, &admin, created.id, LeadStatus::Lost, Some("kein Interesse mehr".into())).await.unwrap();

        let note = leads::add_note(&t.db, &admin, created.id, "Rückruf am Montag").await.unwrap();
        assert_eq!(note.kind, ActivityKind::Note);
        let timeline = leads::activities(&t.db, &admin, created.id).await.unwrap();
        let kinds: Vec<ActivityKind> = timeline.iter().map(|a| a.kind).collect();
        assert_eq!(kinds, [ActivityKind::Note, ActivityKind::StatusChanged, ActivityKind::StatusChanged, ActivityKind::Updated, ActivityKind::Created]);
        assert!(matches!(&timeline[1].detail, ActivityDetail::StatusChanged { reason: Some(r), .. } if r == "kein Interesse mehr"));
        assert_eq!(timeline[0].detail, ActivityDetail::Note { text: "Rückruf am Montag".into() });

        leads::delete(&t.db, &admin, created.id).await.unwrap();
        assert!(matches!(leads::get(&t.db, &admin, created.id).await, Err(Error::NotFound(_))));
    }

    async fn lead_validation(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let err = leads::create(&t.db, &admin, LeadInput {
            email: Some("max@".into()),
            phone: Some("12".into()),
            budget_min: Some(Money::from_whole(500_000)),
            budget_max: Some(Money::from_whole(400_000)),
            ..Default::default()
        }).await.unwrap_err();
        let mut got = codes(err);
        got.sort();
        assert_eq!(got, [
            ("budget_max".to_owned(), "invalid_range".to_owned()),
            ("email".to_owned(), "invalid_email".to_owned()),
            ("phone".to_owned(), "invalid_phone".to_owned()),
        ]);
        let err = leads::create(&t.db, &admin, LeadInput::default()).await.unwrap_err();
        assert_eq!(codes(err), [("last_name".to_owned(), "required".to_owned())]);
        let unknown_property = leads::create(&t.db, &admin, LeadInput { property_id: Some(PropertyId(uuid::Uuid::now_v7())), ..lead_named("X") }).await.unwrap_err();
        assert_eq!(codes(unknown_property), [("property_id".to_owned(), "invalid".to_owned())]);
    }

    async fn lead_filters_search_and_paging(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let agent = t.ctx(AGENT).await;
        let all = leads::list(&t.db, &admin, &LeadFilter::default(), &PageRequest::new(100, None)).await.unwrap();
        assert_eq!(all.total, 20);
        assert!(all.items.windows(2).all(|w| w[0].created_at >= w[1].created_at), "newest first");

        let new = leads::list(&t.db, &admin, &LeadFilter { status: Some(LeadStatus::New), ..Default::default() }, &PageRequest::default()).await.unwrap();
        assert_eq!(new.total as usize, all.items.iter().filter(|l| l.status == LeadStatus::New).count());
        assert!(new.items.iter().all(|l| l.status == LeadStatus::New));

        let willhaben = leads::list(&t.db, &admin, &LeadFilter { source: Some(LeadSource::Willhaben), ..Default::default() }, &PageRequest::default()).await.unwrap();
        assert!(willhaben.total > 0 && willhaben.items.iter().all(|l| l.source == LeadSource::Willhaben));

        let mine = leads::list(&t.db, &admin, &LeadFilter { assigned_to: Some(agent.user_id), ..Default::default() }, &PageRequest::new(100, None)).await.unwrap();
        assert!(mine.total > 0);
        // Agents see exactly their own leads, whatever they filter by.
        let as_agent = leads::list(&t.db, &agent, &LeadFilter::default(), &PageRequest::new(100, None)).await.unwrap();
        assert_eq!(as_agent.items, mine.items);

        // Score range: exactly the leads whose computed score lies in it (the demo leads are scored).
        let all = leads::list(&t.db, &admin, &LeadFilter::default(), &PageRequest::new(100, None)).await.unwrap();
        assert!(all.items.iter().any(|l| l.score > 0), "demo leads are scored");
        let (lo, hi) = (40, 70);
        let mut expected: Vec<LeadId> = all.items.iter().filter(|l| (lo..=hi).contains(&l.score)).map(|l| l.id).collect();
        assert!(!expected.is_empty() && expected.len() < all.items.len(), "the range splits the demo leads");
        let mut in_range: Vec<LeadId> = leads::list(&t.db, &admin, &LeadFilter { min_score: Some(lo), max_score: Some(hi), ..Default::default() }, &PageRequest::new(100, None)).await.unwrap().items.iter().map(|l| l.id).collect();
        expected.sort();
        in_range.sort();
        assert_eq!(in_range, expected);

        // Full-text search: names with umlauts, prefixes, words of the message.
        let q = |text: &str| LeadFilter { query: Some(text.into()), ..Default::default() };
        let created = leads::create(&t.db, &admin, LeadInput { first_name: Some("Ömer".into()), last_name: Some("Gürtler".into()), message: Some("Wir suchen eine Dachgeschosswohnung mit Terrasse".into()), ..Default::default() }).await.unwrap();
        for text in ["Gürtler", "gürt", "Ömer Gürtler", "Dachgeschosswohnung", "terrasse"] {
            let found = leads::list(&t.db, &admin, &q(text), &PageRequest::default()).await.unwrap();
            assert_eq!(found.items.iter().map(|l| l.id).collect::<Vec<_>>(), [created.id], "search {text:?}");
        }
        assert_eq!(leads::list(&t.db, &admin, &q("Zwiebelturm"), &PageRequest::default()).await.unwrap().total, 0);
        // Search input is data, never syntax.
        for nasty in ["' OR 1=1 --", "\"", "a & | ! :*", "NEAR(", "*"] {
            leads::list(&t.db, &admin, &q(nasty), &PageRequest::default()).await.unwrap();
        }

        // Keyset paging walks every lead once.
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = leads::list(&t.db, &admin, &LeadFilter::default(), &PageRequest::new(7, after)).await.unwrap();
            seen.extend(page.items.iter().map(|l| l.id));
            if !page.has_next { break; }
            after = page.items.last().map(|l| l.id.0);
        }
        let total = leads::list(&t.db, &admin, &LeadFilter::default(), &PageRequest::new(100, None)).await.unwrap();
        assert_eq!(seen, total.items.iter().map(|l| l.id).collect::<Vec<_>>());
    }

    async fn agents_work_only_their_own_leads(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let agent = t.ctx(AGENT).await;
        let colleague = t.ctx(COLLEAGUE).await;
        let theirs = leads::create(&t.db, &admin, LeadInput { assigned_to: Some(colleague.user_id), ..lead_named("Kollegin") }).await.unwrap();
        assert!(matches!(leads::get(&t.db, &agent, theirs.id).await, Err(Error::NotFound(_))));
        assert!(matches!(leads::change_status(&t.db, &agent, theirs.id, LeadStatus::Contacted, None).await, Err(Error::NotFound(_))));
        assert!(matches!(leads::add_note(&t.db, &agent, theirs.id, "x").await, Err(Error::NotFound(_))));
        assert!(matches!(leads::activities(&t.db, &agent, theirs.id).await, Err(Error::NotFound(_))));
        // An agent's new lead is theirs; they may not reassign or delete.
        let own = leads::create(&t.db, &agent, lead_named("Eigen")).await.unwrap();
        assert_eq!(own.assigned_to, Some(agent.user_id));
        assert!(matches!(leads::assign(&t.db, &agent, own.id, Some(colleague.user_id)).await, Err(Error::Forbidden)));
        assert!(matches!(leads::delete(&t.db, &agent, own.id).await, Err(Error::Forbidden)));
        let moved = leads::assign(&t.db, &admin, own.id, Some(colleague.user_id)).await.unwrap();
        assert_eq!(moved.assigned_to, Some(colleague.user_id));
        assert!(matches!(leads::get(&t.db, &agent, own.id).await, Err(Error::NotFound(_))));
        let dashboard = leads::dashboard(&t.db, &agent).await.unwrap();
        let visible = leads::list(&t.db, &agent, &LeadFilter::default(), &PageRequest::new(100, None)).await.unwrap();
        assert_eq!(dashboard.by_status.iter().map(|c| c.count).sum::<u64>(), visible.total);
    }

    async fn property_lifecycle_and_filters(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let agent = t.ctx(AGENT).await;
        let created = properties::create(&t.db, &agent, PropertyInput {
            title: Some("Gründerzeitwohnung am Naschmarkt".into()),
            property_type: Some(PropertyType::Apartment),
            marketing_type: Some(MarketingType::Buy),
            street: Some("Linke Wienzeile".into()),
            house_number: Some("4".into()),
            postcode: Some("1060".into()),
            city: Some("Wien".into()),
            price_cents: Some(Money::from_cents(58_900_000)),
            rooms: Some(3.5),
            living_area: Some(96.4),
            year_built: Some(1902),
            energy_class: Some("c".into()),
            description: Some("Stilaltbau mit Kassettentüren und Fischgrätparkett.".into()),
            features: Some(vec!["Balkon".into(), "Lift".into()]),
            external_ids: Some(vec![ExternalId { portal: "WILLHABEN".into(), id: "987654321".into() }]),
            ..Default::default()
        }).await.unwrap();
        assert_eq!(created.rooms, Some(3.5));
        assert_eq!(created.energy_class.as_deref(), Some("C"));
        assert_eq!(created.external_ids, [ExternalId { portal: "WILLHABEN".into(), id: "987654321".into() }]);

        let vienna = plist(&t, &agent, PropertyFilter { city: Some("Wien".into()), ..Default::default() }).await;
        assert!(vienna.items.iter().any(|p| p.id == created.id) && vienna.items.iter().all(|p| p.city == "Wien"));
        let cheap = plist(&t, &agent, PropertyFilter { max_price_cents: Some(Money::from_cents(40_000_000)), marketing_type: Some(MarketingType::Buy), ..Default::default() }).await;
        assert!(cheap.items.iter().all(|p| p.price_cents.is_some_and(|c| c <= Money::from_cents(40_000_000))));
        assert!(!cheap.items.iter().any(|p| p.id == created.id));
        let big = plist(&t, &agent, PropertyFilter { min_rooms: Some(3.5), ..Default::default() }).await;
        assert!(big.items.iter().any(|p| p.id == created.id) && big.items.iter().all(|p| p.rooms.is_some_and(|r| r >= 3.5)));
        // Title weighs most, but the description is searched too (German stemming on PostgreSQL).
        for text in ["Naschmarkt", "Gründerzeit", "Kassettentüren", "Wienzeile"] {
            let found = plist(&t, &agent, PropertyFilter { query: Some(text.into()), ..Default::default() }).await;
            assert_eq!(found.items.iter().map(|p| p.id).collect::<Vec<_>>(), [created.id], "search {text:?}");
        }

        let updated = properties::update(&t.db, &agent, created.id, PropertyInput { price_cents: Some(Money::from_cents(57_500_000)), ..Default::default() }).await.unwrap();
        assert_eq!(updated.price_cents, Some(Money::from_cents(57_500_000)));
        assert_eq!(updated.title, created.title);
        let archived = properties::archive(&t.db, &agent, created.id).await.unwrap();
        assert_eq!(archived.status, PropertyStatus::Archived);
        assert!(!plist(&t, &agent, PropertyFilter::default()).await.items.iter().any(|p| p.id == created.id));
        assert!(plist(&t, &agent, PropertyFilter { include_archived: true, ..Default::default() }).await.items.iter().any(|p| p.id == created.id));

        let err = properties::create(&t.db, &agent, PropertyInput { postcode: Some("ABC".into()), rooms: Some(0.0), energy_class: Some("Z9".into()), ..Default::default() }).await.unwrap_err();
        let mut got: Vec<String> = codes(err).into_iter().map(|(f, c)| format!("{f}:{c}")).collect();
        got.sort();
        assert_eq!(got, ["city:required", "energy_class:invalid", "marketing_type:required", "postcode:invalid", "property_type:required", "rooms:out_of_range", "title:required"]);
    }

    async fn users_invitations_and_passwords(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let agent = t.ctx(AGENT).await;
        assert!(matches!(users::invite(&t.db, &agent, "neu@demo.immivo.local", "Neu", Role::Agent).await, Err(Error::Forbidden)));
        assert!(matches!(users::invite(&t.db, &admin, "x@y.at", "X", Role::SuperAdmin).await, Err(Error::Forbidden)));
        let invitation = users::invite(&t.db, &admin, "Neu@Demo.Immivo.Local", "Anna Neu", Role::Agent).await.unwrap();
        assert_eq!(invitation.user.email, "neu@demo.immivo.local");
        assert!(!invitation.user.activated);
        assert!(matches!(users::invite(&t.db, &admin, "neu@demo.immivo.local", "Doppelt", Role::Agent).await, Err(Error::Conflict(_))));
        // Not usable before the invitation is accepted.
        assert!(matches!(users::authenticate(&t.db, "neu@demo.immivo.local", PASSWORD).await, Err(Error::Unauthenticated)));
        assert!(matches!(users::accept_invitation(&t.db, &invitation.token, "kurz").await, Err(Error::Invalid(_))));
        let ctx = users::accept_invitation(&t.db, &invitation.token, PASSWORD).await.unwrap();
        assert_eq!((ctx.tenant_id, ctx.role), (admin.tenant_id, Role::Agent));
        assert!(matches!(users::accept_invitation(&t.db, &invitation.token, PASSWORD).await, Err(Error::NotFound(_))), "tokens work once");

        let ttl = chrono::Duration::hours(1);
        let before = sessions::open(&t.db, &ctx, ttl).await.unwrap();
        assert_eq!(sessions::resolve(&t.db, &before).await.unwrap(), ctx);
        assert!(matches!(users::change_password(&t.db, &ctx, "falsch-falsch", "Neues-Passwort-1").await, Err(Error::Invalid(_))));
        assert_eq!(sessions::resolve(&t.db, &before).await.unwrap(), ctx, "a refused change ends nothing");
        users::change_password(&t.db, &ctx, PASSWORD, "Neues-Passwort-1").await.unwrap();
        assert!(matches!(sessions::resolve(&t.db, &before).await, Err(Error::Unauthenticated)), "old sessions end");
        assert!(users::authenticate(&t.db, "neu@demo.immivo.local", "Neues-Passwort-1").await.is_ok());
        let after = sessions::open(&t.db, &ctx, ttl).await.unwrap();
        // A session of this user named under another office, or for another user, is none.
        let foreign = domain::tenants::auth::SessionClaims { tenant_id: admin.tenant_id, user_id: admin.user_id, ..after.clone() };
        assert!(matches!(sessions::resolve(&t.db, &foreign).await, Err(Error::Unauthenticated)));

        let listed = users::list(&t.db, &admin).await.unwrap();
        assert_eq!(listed.len(), 4);
        assert!(matches!(users::list(&t.db, &agent).await, Err(Error::Forbidden)));
        let off = users::update(&t.db, &admin, ctx.user_id, None, Some(false), None).await.unwrap();
        assert!(!off.active);
        assert!(matches!(users::authenticate(&t.db, "neu@demo.immivo.local", "Neues-Passwort-1").await, Err(Error::Unauthenticated)));
        assert!(matches!(sessions::resolve(&t.db, &after).await, Err(Error::Unauthenticated)), "deactivation ends sessions");
        users::update(&t.db, &admin, ctx.user_id, None, Some(true), None).await.unwrap();
        assert!(matches!(sessions::resolve(&t.db, &after).await, Err(Error::Unauthenticated)), "reactivation opens no old session");
    }

    async fn api_keys_and_settings(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let agent = t.ctx(AGENT).await;
        assert!(matches!(api_keys::create(&t.db, &agent, "nope").await, Err(Error::Forbidden)));
        let created = api_keys::create(&t.db, &admin, "Website").await.unwrap();
        let parts = ApiKeyParts::parse(&created.secret).unwrap();
        assert_eq!(api_keys::resolve(&t.db, &parts).await.unwrap().tenant_id, admin.tenant_id);
        let listed = api_keys::list(&t.db, &admin).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert!(listed[0].last_used_at.is_some());
        // A guessed secret with a real prefix is refused.
        let forged = ApiKeyParts::parse(&format!("imv_{}_{}", parts.prefix, "x".repeat(43))).unwrap();
        assert!(matches!(api_keys::resolve(&t.db, &forged).await, Err(Error::Unauthenticated)));
        api_keys::revoke(&t.db, &admin, created.key.id).await.unwrap();
        assert!(matches!(api_keys::resolve(&t.db, &parts).await, Err(Error::Unauthenticated)));

        let s = tenants::update_settings(&t.db, &admin, TenantSettingsInput { locale: Some(Locale::En), auto_reply: Some(true), ..Default::default() }).await.unwrap();
        assert_eq!((s.locale, s.auto_reply), (Locale::En, true));
        assert_eq!(tenants::settings(&t.db, &agent).await.unwrap(), s);
        assert!(matches!(tenants::update_settings(&t.db, &agent, TenantSettingsInput::default()).await, Err(Error::Forbidden)));
        assert!(matches!(tenants::update_settings(&t.db, &admin, TenantSettingsInput { time_zone: Some("Mars/Olympus".into()), ..Default::default() }).await, Err(Error::Invalid(_))));
    }

    async fn platform_view_for_super_admins(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let (other_admin, _) = t.second_office().await;
        leads::create(&t.db, &other_admin, lead_named("Zweitbüro")).await.unwrap();
        let staff = t.ctx(STAFF).await;
        let stats = tenants::platform_stats(&t.db, &staff).await.unwrap();
        assert_eq!(stats.tenants, 3);
        assert_eq!(stats.leads, 21);
        assert_eq!(stats.properties, 10);
        let demo = stats.per_tenant.iter().find(|o| o.tenant.slug == "demo").unwrap();
        assert_eq!((demo.users, demo.leads, demo.properties), (3, 20, 10));
        let second = stats.per_tenant.iter().find(|o| o.tenant.slug == "wohnwert").unwrap();
        assert_eq!((second.users, second.leads), (2, 1));
        assert!(matches!(tenants::platform_stats(&t.db, &t.ctx(ADMIN).await).await, Err(Error::Forbidden)));
        let dup = tenants::provision(&t.db, &staff, NewOffice { name: "X".into(), slug: "demo".into(), country: Country::De, admin_email: "x@x.de".into(), admin_name: "X".into() }).await;
        assert!(matches!(dup, Err(Error::Conflict(_))), "{dup:?}");
    }
    // Transactions that read and then write, all at once, on one lead: none may fail with a
    // lock error (SQLite cannot upgrade a stale read snapshot; the write scope takes the lock
    // first) and no update may be lost.
    async fn concurrent_read_then_write_transactions_all_land(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let lead = leads::create(&t.db, &admin, lead_named("Gleichzeitig")).await.unwrap();
        let writers = (0..24).map(|i| {
            let (db, admin) = (t.db.clone(), admin);
            tokio::spawn(async move {
                if i % 2 == 0 {
                    leads::add_note(&db, &admin, lead.id, &format!("Notiz {i}")).await.map(|_| ())
                } else {
                    let input = LeadInput { message: Some(format!("Nachricht {i}")), ..Default::default() };
                    leads::update(&db, &admin, lead.id, input).await.map(|_| ())
                }
            })
        });
        let readers = (0..24).map(|_| {
            let (db, admin) = (t.db.clone(), admin);
            tokio::spawn(async move { leads::get(&db, &admin, lead.id).await.map(|_| ()) })
        });
        for outcome in futures::future::join_all(writers.chain(readers)).await {
            outcome.unwrap().unwrap();
        }
        let timeline = leads::activities(&t.db, &admin, lead.id).await.unwrap();
        assert_eq!(timeline.iter().filter(|a| a.kind == ActivityKind::Note).count(), 12);
        assert_eq!(timeline.iter().filter(|a| a.kind == ActivityKind::Updated).count(), 12);
    }
}
