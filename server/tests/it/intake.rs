//! Lead intake from parsed inbound mail, on SQLite and PostgreSQL: matching, de-duplication,
//! normalisation, scoring, sentiment, and tenant isolation.

use crate::helpers::*;
use crate::on_both;
use domain::intake::{
    enrich,
    parse::{ParsedInquiry, parse_inquiry},
    upsert::{IntakeOutcome, upsert_from_inquiry},
};
use domain::text::sentiment::KeywordSentiment;
use domain::{Ctx, Db, Error, leads, properties};
use entity::message;
use model::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

fn fixture(name: &str) -> ParsedInquiry {
    let path = format!("{}/../domain/src/intake/parse/fixtures/inbound/{name}.eml", env!("CARGO_MANIFEST_DIR"));
    let raw = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse_inquiry(&raw).unwrap()
}

/// The willhaben fixture with a number no demo lead has (the demo office knows a Gruber with
/// the fixture's number, and would rightly merge).
fn willhaben() -> ParsedInquiry {
    ParsedInquiry { phone: Some("+43 699 5550123".into()), ..fixture("willhaben_text") }
}

async fn property(
    db: &Db,
    ctx: &Ctx,
    reference: Option<&str>,
    external: &[(&str, &str)],
    price_cents: i64,
) -> Property {
    properties::create(
        db,
        ctx,
        PropertyInput {
            reference: reference.map(Into::into),
            title: Some("Helle 3-Zimmer-Wohnung".into()),
            property_type: Some(PropertyType::Apartment),
            marketing_type: Some(MarketingType::Buy),
            city: Some("München".into()),
            price_cents: Some(Money::from_cents(price_cents)),
            external_ids: Some(
                external.iter().map(|(p, id)| ExternalId { portal: (*p).into(), id: (*id).into() }).collect(),
            ),
            ..Default::default()
        },
    )
    .await
    .unwrap()
}

async fn messages_of(db: &Db, tenant: TenantId, lead: LeadId) -> Vec<message::Model> {
    let tx = db.tenant(tenant).await.unwrap();
    let rows = message::Entity::find()
        .filter(message::Column::TenantId.eq(tenant.0))
        .filter(message::Column::LeadId.eq(lead.0))
        .order_by_asc(message::Column::Id)
        .all(&tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    rows
}

async fn leads_with_email(db: &Db, ctx: &Ctx, email: &str) -> Vec<Lead> {
    let all = leads::list(db, ctx, &LeadFilter::default(), &PageRequest::new(100, None)).await.unwrap();
    all.items.into_iter().filter(|l| l.email.as_deref() == Some(email)).collect()
}

fn kinds(activities: &[Activity]) -> Vec<ActivityKind> {
    activities.iter().map(|a| a.kind).collect()
}

async fn upsert(db: &Db, tenant: TenantId, inquiry: &ParsedInquiry) -> IntakeOutcome {
    upsert_from_inquiry(db, tenant, inquiry, Some("raw/test.eml")).await.unwrap()
}

on_both! {
    async fn portal_inquiry_becomes_a_scored_lead_and_the_same_mail_merges(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        // The second office is German: phone numbers are read with region DE.
        let (office, _) = t.second_office().await;
        let flat = property(&t.db, &office, Some("M-2024-017"), &[], 45_000_000).await;
        let inquiry = fixture("immoscout24_text");

        let first = upsert(&t.db, office.tenant_id, &inquiry).await;
        assert!(!first.merged);
        assert_eq!(first.property_id, Some(flat.id), "matched by object number");
        let lead = leads::get(&t.db, &office, first.lead_id).await.unwrap();
        assert_eq!(lead.source, LeadSource::Immoscout24);
        assert_eq!(lead.status, LeadStatus::New);
        assert_eq!(lead.assigned_to, None);
        assert_eq!((lead.first_name.as_deref(), lead.last_name.as_deref()), (Some("Anna"), Some("Huber")));
        assert_eq!(lead.email.as_deref(), Some("anna.huber@gmx.de"));
        assert_eq!(lead.phone.as_deref(), Some("+491712345678"), "E.164");
        assert!(lead.flags.is_empty());
        assert!(lead.viewing_requested);
        assert_eq!(lead.property_id, Some(flat.id));
        assert!(lead.score > 0);
        assert_eq!(lead.score_factors.len(), 6);
        assert_eq!(lead.score_factors.iter().map(|f| f.points).sum::<i32>(), lead.score);
        assert_eq!(lead.score_factors.iter().map(|f| f.max_points).sum::<i32>(), 100);
        // name, email, phone, message, property of eight fields.
        assert_eq!(lead.completeness, 63);

        let msgs = messages_of(&t.db, office.tenant_id, lead.id).await;
        assert_eq!(msgs.len(), 1);
        let m = &msgs[0];
        assert_eq!((m.direction.as_str(), m.channel.as_str()), ("IN", "PORTAL"));
        assert_eq!(m.external_id, inquiry.message_id);
        assert_eq!(m.subject, inquiry.subject);
        assert_eq!(Some(&m.body), inquiry.message.as_ref());
        assert_eq!(m.from_address.as_deref(), Some("noreply@immobilienscout24.de"));
        assert_eq!(m.raw_ref.as_deref(), Some("raw/test.eml"));

        // Sentiment, the first reply and the embedding are jobs, enqueued with the new lead; the
        // inquiry has e-mail and phone, so there is nothing for auto-click to find.
        assert_eq!(first.jobs, [enrich::SENTIMENT, enrich::AUTO_REPLY, domain::search::EMBED]);
        assert_eq!(kinds(&leads::activities(&t.db, &office, lead.id).await.unwrap()), [ActivityKind::Created]);
        let job = enrich::LeadMessage { lead_id: lead.id, message_id: first.message_id };
        let recorded = enrich::record_sentiment(&t.db, office.tenant_id, &job, &KeywordSentiment).await.unwrap();
        assert!(matches!(recorded, enrich::SentimentOutcome::Recorded(_)), "{recorded:?}");
        let rerun = enrich::record_sentiment(&t.db, office.tenant_id, &job, &KeywordSentiment).await.unwrap();
        assert_eq!(rerun, enrich::SentimentOutcome::AlreadyRecorded, "once per message");

        let timeline = leads::activities(&t.db, &office, lead.id).await.unwrap();
        assert_eq!(kinds(&timeline), [ActivityKind::Sentiment, ActivityKind::Created]);
        assert!(timeline.iter().all(|a| a.actor_id.is_none()), "the system acted");
        assert_eq!(timeline[1].detail, ActivityDetail::Created { portal: Some("IMMOSCOUT24".into()), flags: vec![] });
        // "Besichtigung" is a buying signal.
        let ActivityDetail::Sentiment { sentiment } = &timeline[0].detail else { panic!("{:?}", timeline[0].detail) };
        assert_eq!(sentiment.label, SentimentLabel::Positive, "{sentiment:?}");

        // The same mail again: one lead, two messages, a re-inquiry in the timeline.
        let again = upsert(&t.db, office.tenant_id, &inquiry).await;
        assert!(again.merged);
        assert_eq!(again.lead_id, first.lead_id);
        assert_eq!(leads_with_email(&t.db, &office, "anna.huber@gmx.de").await.len(), 1);
        assert_eq!(messages_of(&t.db, office.tenant_id, lead.id).await.len(), 2);
        let timeline = leads::activities(&t.db, &office, lead.id).await.unwrap();
        assert_eq!(kinds(&timeline), [ActivityKind::Inquiry, ActivityKind::Sentiment, ActivityKind::Created]);
        assert_eq!(timeline[0].detail, ActivityDetail::Inquiry { portal: "IMMOSCOUT24".into(), filled: vec![] });
        assert_ne!(again.message_id, first.message_id, "its own message, its own sentiment job");
        let merged = leads::get(&t.db, &office, lead.id).await.unwrap();
        assert_eq!(merged.score, lead.score + 1, "a further message is engagement");
        assert_eq!(merged.score_factors.iter().map(|f| f.points).sum::<i32>(), merged.score);
    }

    async fn listing_id_match_and_same_phone_merges(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let (office, _) = t.second_office().await;
        let demo = t.ctx(ADMIN).await;
        // The demo office lists under the same portal id: never matched for the second office.
        property(&t.db, &demo, None, &[("IMMOSCOUT24", "151234567")], 10_000_000).await;
        // A near miss (another portal's key) and a LIKE wildcard lookalike.
        property(&t.db, &office, None, &[("IMMOWELT", "151234567")], 10_000_000).await;
        property(&t.db, &office, None, &[("IMMOSCOUT24", "15123456_")], 10_000_000).await;
        let listed = property(&t.db, &office, None, &[("IMMOSCOUT24", "151234567"), ("IMMOWELT", "x1")], 45_000_000).await;

        let inquiry = fixture("immoscout24_text");
        let first = upsert(&t.db, office.tenant_id, &inquiry).await;
        assert_eq!(first.property_id, Some(listed.id), "matched by portal listing id");

        // Same person, no address this time, same phone written differently.
        let other = ParsedInquiry {
            email: None,
            phone: Some("+49 171 2345678".into()),
            message_id: Some("another@example.de".into()),
            ..inquiry.clone()
        };
        let second = upsert(&t.db, office.tenant_id, &other).await;
        assert!(second.merged);
        assert_eq!(second.lead_id, first.lead_id);
        let lead = leads::get(&t.db, &office, first.lead_id).await.unwrap();
        assert_eq!(lead.email.as_deref(), Some("anna.huber@gmx.de"), "never overwritten");
        let timeline = leads::activities(&t.db, &office, lead.id).await.unwrap();
        let inquiry_activity = timeline.iter().find(|a| a.kind == ActivityKind::Inquiry).unwrap();
        assert!(matches!(&inquiry_activity.detail, ActivityDetail::Inquiry { portal, .. } if portal == "IMMOSCOUT24"));

        // Same name and property within 30 days, no shared contact: the same person.
        let by_name = ParsedInquiry { email: None, phone: None, message_id: None, ..inquiry.clone() };
        let third = upsert(&t.db, office.tenant_id, &by_name).await;
        assert_eq!((third.merged, third.lead_id), (true, first.lead_id));
        // Same name and property but another address: perhaps two people of one name.
        let namesake = ParsedInquiry { email: Some("a.huber@firma.example".into()), phone: None, message_id: None, ..inquiry.clone() };
        let namesake = upsert(&t.db, office.tenant_id, &namesake).await;
        assert!(!namesake.merged);
        let lead = leads::get(&t.db, &office, namesake.lead_id).await.unwrap();
        assert_eq!((lead.possible_duplicate_of, lead.flags), (Some(first.lead_id), vec![LeadFlag::PossibleDuplicate]));
        // Same name, no property: a different person as far as we can tell.
        let no_property = ParsedInquiry { object_number: None, portal_listing_id: None, ..by_name };
        let fourth = upsert(&t.db, office.tenant_id, &no_property).await;
        assert!(!fourth.merged);
    }

    async fn tenants_never_share_leads_or_properties(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let demo = t.ctx(ADMIN).await;
        let (office, _) = t.second_office().await;
        let vienna = property(&t.db, &demo, Some("WH-0815"), &[("WILLHABEN", "612345678")], 30_000_000).await;
        let inquiry = willhaben();

        let a = upsert(&t.db, demo.tenant_id, &inquiry).await;
        assert_eq!(a.property_id, Some(vienna.id));
        let b = upsert(&t.db, office.tenant_id, &inquiry).await;
        assert!(!b.merged, "never merged across tenants");
        assert_ne!(a.lead_id, b.lead_id);
        assert_eq!(b.property_id, None, "never matched to another office's property");
        let again = upsert(&t.db, office.tenant_id, &inquiry).await;
        assert_eq!((again.merged, again.lead_id), (true, b.lead_id));

        assert_eq!(leads_with_email(&t.db, &demo, "lukas.gruber@gmx.at").await.len(), 1);
        assert_eq!(leads_with_email(&t.db, &office, "lukas.gruber@gmx.at").await.len(), 1);
        assert!(matches!(leads::get(&t.db, &office, a.lead_id).await, Err(Error::NotFound(_))));
        assert_eq!(messages_of(&t.db, demo.tenant_id, a.lead_id).await.len(), 1);
        assert_eq!(messages_of(&t.db, office.tenant_id, b.lead_id).await.len(), 2);
        // International numbers read the same with either office's region.
        let (la, lb) = (leads::get(&t.db, &demo, a.lead_id).await.unwrap(), leads::get(&t.db, &office, b.lead_id).await.unwrap());
        assert_eq!(la.phone.as_deref(), Some("+436995550123"));
        assert_eq!(lb.phone, la.phone);
    }

    async fn invalid_phone_is_kept_and_flagged_until_a_valid_one_comes(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let demo = t.ctx(ADMIN).await;
        let inquiry = ParsedInquiry {
            phone: Some("12 34 (abends)".into()),
            email: Some("Lukas.Gruber@GMX.at".into()),
            ..willhaben()
        };
        let out = upsert(&t.db, demo.tenant_id, &inquiry).await;
        let lead = leads::get(&t.db, &demo, out.lead_id).await.unwrap();
        assert_eq!(lead.phone.as_deref(), Some("12 34 (abends)"), "kept as entered");
        assert_eq!(lead.flags, [LeadFlag::PhoneInvalid]);
        assert_eq!(lead.email.as_deref(), Some("lukas.gruber@gmx.at"));
        let created = leads::activities(&t.db, &demo, lead.id).await.unwrap().into_iter().find(|a| a.kind == ActivityKind::Created).unwrap();
        assert_eq!(created.detail, ActivityDetail::Created { portal: Some("WILLHABEN".into()), flags: vec![LeadFlag::PhoneInvalid] });

        // The same person again (address in another case), now with a number that reads.
        let fixed = ParsedInquiry { phone: Some("0699 5550123".into()), email: Some("LUKAS.GRUBER@gmx.at".into()), ..inquiry };
        let again = upsert(&t.db, demo.tenant_id, &fixed).await;
        assert_eq!((again.merged, again.lead_id), (true, lead.id));
        let lead = leads::get(&t.db, &demo, lead.id).await.unwrap();
        assert_eq!(lead.phone.as_deref(), Some("+436995550123"));
        assert!(lead.flags.is_empty());
    }

    async fn a_lost_lead_asking_again_is_reopened_by_the_system(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let demo = t.ctx(ADMIN).await;
        let inquiry = willhaben();
        let out = upsert(&t.db, demo.tenant_id, &inquiry).await;
        leads::change_status(&t.db, &demo, out.lead_id, LeadStatus::Lost, Some("meldet sich nicht".into())).await.unwrap();
        let again = upsert(&t.db, demo.tenant_id, &inquiry).await;
        assert_eq!(again.lead_id, out.lead_id);
        let lead = leads::get(&t.db, &demo, out.lead_id).await.unwrap();
        assert_eq!(lead.status, LeadStatus::New);
        let timeline = leads::activities(&t.db, &demo, lead.id).await.unwrap();
        let changes: Vec<&Activity> = timeline.iter().filter(|a| a.kind == ActivityKind::StatusChanged).collect();
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].detail, ActivityDetail::StatusChanged {
            from: LeadStatus::Lost,
            to: LeadStatus::New,
            reason: None,
            cause: Some(StatusCause::NewInquiry { portal: "WILLHABEN".into() }),
        });
        let ActivityDetail::StatusChanged { reason, .. } = &changes[1].detail else { panic!("{:?}", changes[1].detail) };
        assert_eq!(reason.as_deref(), Some("meldet sich nicht"), "a person's words are kept as written");
        assert_eq!(changes[0].actor_id, None, "the system reopened it");
        assert_eq!(changes[1].actor_id, Some(demo.user_id), "the agent lost it");
    }

    async fn leads_are_rescored_when_their_inputs_change(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let demo = t.ctx(ADMIN).await;
        let flat = property(&t.db, &demo, None, &[], 40_000_000).await;
        let created = leads::create(&t.db, &demo, LeadInput {
            last_name: Some("Punktner".into()),
            email: Some("p@example.at".into()),
            ..Default::default()
        }).await.unwrap();
        assert_eq!(created.score_factors.len(), 6);
        assert_eq!(created.score, created.score_factors.iter().map(|f| f.points).sum::<i32>());
        let before = created.score;
        let updated = leads::update(&t.db, &demo, created.id, LeadInput {
            timeframe: Some(Timeframe::Immediate),
            financing: Some(Financing::Approved),
            budget_max: Some(Money::from_whole(400_000)),
            property_id: Some(flat.id),
            ..Default::default()
        }).await.unwrap();
        let budget = updated.score_factors.iter().find(|f| f.factor == ScoreFactorCode::Budget).unwrap();
        assert_eq!((budget.points, &budget.reason), (15, &ScoreReason::BudgetCoversPrice));
        assert!(updated.score >= before + 25 + 25 + 15, "{before} → {}", updated.score);
        assert_eq!(updated.score, updated.score_factors.iter().map(|f| f.points).sum::<i32>());
    }

    async fn a_known_phone_number_joins_the_lead_only_when_nothing_conflicts(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let demo = t.ctx(ADMIN).await;
        let total = async || leads::list(&t.db, &demo, &LeadFilter::default(), &PageRequest::default()).await.unwrap().total;
        let before = total().await;
        // The demo office has Lukas Gruber (+43 664 1234567) with another address already: the
        // same number from another address is a possible duplicate, not a merge.
        let known = fixture("willhaben_text");
        let out = upsert(&t.db, demo.tenant_id, &known).await;
        assert!(!out.merged);
        let new = leads::get(&t.db, &demo, out.lead_id).await.unwrap();
        let gruber = new.possible_duplicate_of.expect("points at the known lead");
        assert_eq!(new.flags, vec![LeadFlag::PossibleDuplicate]);
        assert_eq!(new.email.as_deref(), Some("lukas.gruber@gmx.at"));
        let existing = leads::get(&t.db, &demo, gruber).await.unwrap();
        assert_eq!((existing.last_name.as_deref(), existing.phone.as_deref()), (Some("Gruber"), new.phone.as_deref()));
        assert_ne!(existing.email, new.email, "the known lead is untouched");
        let created = leads::activities(&t.db, &demo, new.id).await.unwrap();
        let created = created.iter().find(|a| a.kind == ActivityKind::Created).unwrap();
        assert_eq!(created.detail, ActivityDetail::Created { portal: Some("WILLHABEN".into()), flags: vec![LeadFlag::PossibleDuplicate] });
        assert_eq!(total().await, before + 1);

        // Another person's name with the same number: also only a possible duplicate.
        let stranger = ParsedInquiry {
            first_name: Some("Maria".into()),
            last_name: Some("Steiner".into()),
            email: None,
            message_id: Some("steiner@example.at".into()),
            ..known.clone()
        };
        let out = upsert(&t.db, demo.tenant_id, &stranger).await;
        assert!(!out.merged);
        assert!(leads::get(&t.db, &demo, out.lead_id).await.unwrap().possible_duplicate_of.is_some());

        // The same name and number with no address: the same person, merged.
        let again = ParsedInquiry { email: None, message_id: Some("gruber-again@example.at".into()), ..known };
        let out = upsert(&t.db, demo.tenant_id, &again).await;
        assert!(out.merged);
        assert_eq!(total().await, before + 2);
    }

    async fn mails_that_are_no_inquiry_are_refused(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let demo = t.ctx(ADMIN).await;
        let newsletter = fixture("unrecognised_newsletter");
        assert_eq!(newsletter.portal, None);
        let err = upsert_from_inquiry(&t.db, demo.tenant_id, &newsletter, None).await.unwrap_err();
        assert!(matches!(err, Error::Invalid(_)), "{err:?}");
    }
}
