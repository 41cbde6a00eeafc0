//! Follow-ups on a test clock (`domain::clock::TestClock`): a fortnight runs in seconds. A lead
//! that does not answer our mail gets the office's follow-ups on days 3, 7 and 14 through the
//! real SMTP sink, each step once although two workers (each with its own connection pool, as
//! two server processes) serve the queue, and is LOST after the last; an answer or a status
//! change ends the sequence and our next mail starts it again; a held step waits for approval
//! and, sent, does not restart it; a person pauses and resumes; no office reaches another's.

use std::sync::Arc;
use std::time::Duration;

use crate::helpers::*;
use crate::mail_out::{answer_mail, lead, messages_of, secrets, sink, stored};
use crate::on_both;
use domain::ai::Ai;
use domain::assistant::pending;
use domain::clock::TestClock;
use domain::conversations::followups::{self, Fired, StepJob};
use domain::conversations::{delivery, outbox};
use domain::intake::channels::mailboxes;
use domain::intake::receive;
use domain::{Actor, Ctx, Db, Error, leads, tenants};
use immivo_server::jobs::worker::{CancellationToken, Worker, WorkerConfig, WorkerHandle};
use immivo_server::jobs::{Deps, register_all};
use model::{
    ActivityDetail, FollowUpPlan, FollowUpStatus, FollowUpStop, InboundChannel, LeadId, LeadStatus, MailStatus,
    MailboxSecurity, PendingStatus, ReplyOutcome, StatusCause, TenantSettingsInput,
};

/// The seeded office on a test clock, with a mail account that sends through the sink.
async fn office(backend: Backend, plan: FollowUpPlan) -> (TestDb, Db, TestClock, Ctx) {
    let t = TestDb::seeded(backend).await;
    let clock = TestClock::new();
    let db = t.db.clone().with_clock(Arc::new(clock.clone()));
    let admin = t.ctx(ADMIN).await;
    let s = sink();
    mailboxes::create(&db, &admin, &secrets(), s.account(MailboxSecurity::Starttls, &s.password)).await.unwrap();
    let input = TenantSettingsInput { follow_ups: Some(plan), ..Default::default() };
    tenants::update_settings(&db, &admin, input).await.unwrap();
    (t, db, clock, admin)
}

/// Our reply to the lead, sent through the sink at once (no worker needed).
async fn reply(db: &Db, ctx: &Ctx, lead_id: LeadId) -> uuid::Uuid {
    let sent = outbox::send_to_lead(db, ctx.tenant_id, Actor::User(ctx.user_id), lead_id, "Ihre Anfrage", "Guten Tag")
        .await
        .unwrap();
    delivery::send(db, &secrets(), &sink().mailer(), ctx.tenant_id, sent.message_id, false).await.unwrap();
    sent.message_id
}

/// The queued step job of the lead's sequence, as the worker would claim it.
async fn step_job(db: &Db, lead_id: LeadId) -> Vec<StepJob> {
    let tx = db.platform().await.unwrap();
    let jobs = <entity::job::Entity as sea_orm::EntityTrait>::find().all(&tx).await.unwrap();
    let mut found: Vec<StepJob> = jobs
        .into_iter()
        .filter(|j| j.kind == followups::STEP && j.status == "QUEUED")
        .map(|j| serde_json::from_value::<StepJob>(j.payload).unwrap())
        .filter(|j| j.lead_id == lead_id)
        .collect();
    found.sort_by_key(|j| (j.generation, j.step));
    found
}

fn steps(activities: &[model::Activity]) -> Vec<(u32, u32, ReplyOutcome)> {
    let mut found: Vec<_> = activities
        .iter()
        .filter_map(|a| match a.detail {
            ActivityDetail::FollowUpStep { step, of, outcome } => Some((step, of, outcome)),
            _ => None,
        })
        .collect();
    found.sort_by_key(|(step, _, _)| *step);
    found
}

/// `n` workers serving every queue, each on its own connection pool (as separate processes
/// would be) and the test's clock, polling every 100 ms.
async fn workers(t: &TestDb, clock: &TestClock, n: usize) -> Vec<WorkerHandle> {
    let config = test_config(&t.url, &[]);
    let ai = Arc::new(Ai::offline());
    let mut handles = Vec::new();
    for _ in 0..n {
        let db = Db::connect(&t.url, 4).await.unwrap().with_clock(Arc::new(clock.clone()));
        let deps = Deps::new(db.clone(), &config, ai.clone());
        let mut worker =
            Worker::new(db, WorkerConfig { poll_interval: Duration::from_millis(100), ..WorkerConfig::default() });
        register_all(&mut worker, &deps);
        handles.push(worker.spawn(CancellationToken::new()));
    }
    handles
}

on_both! {
    async fn a_silent_lead_is_followed_up_on_days_3_7_14_once_each_then_lost(backend: Backend) {
        let (t, db, clock, admin) = office(backend, FollowUpPlan { days: vec![3, 7, 14], automatic: true }).await;
        let s = sink();
        let lead_id = lead(&db, &admin, "silent").await;
        let running = workers(&t, &clock, 2).await;
        let sent = outbox::send_to_lead(&db, admin.tenant_id, Actor::User(admin.user_id), lead_id, "Ihre Anfrage", "Guten Tag")
            .await
            .unwrap();
        let planned = wait_for("the sequence after our mail left", 30, || async {
            followups::of_lead(&db, &admin, lead_id).await.unwrap()
        })
        .await;
        assert_eq!((planned.status, planned.done, planned.days.clone()), (FollowUpStatus::Active, 0, vec![3, 7, 14]));
        assert_eq!(planned.next_at, Some(planned.since + chrono::Duration::days(3)));
        assert_eq!(stored(&db, sent.message_id).await.status.as_deref(), Some("SENT"));

        let mut follow_up_ids = Vec::new();
        for (step, days_on) in [(1u32, 3i64), (2, 4), (3, 7)] {
            clock.advance(chrono::Duration::days(days_on));
            let mail = wait_for(&format!("follow-up {step} sent"), 30, || async {
                messages_of(&db, lead_id)
                    .await
                    .into_iter()
                    .find(|m| m.follow_up_step == Some(step as i32) && m.status.as_deref() == Some("SENT"))
            })
            .await;
            follow_up_ids.push(mail.id);
            assert_eq!(mail.subject.as_deref(), Some("Re: Ihre Anfrage"));
            let expected = if step < 3 { "ich wollte kurz nachfragen" } else { "schließe sie ab" };
            assert!(mail.body.contains(expected), "step {step}: {}", mail.body);
            let received = s.received(mail.external_id.as_deref().unwrap());
            assert_eq!(received.len(), 1, "follow-up {step} reached the lead once");
            // Our follow-up does not restart the days: it counts from the first mail.
            let now = followups::of_lead(&db, &admin, lead_id).await.unwrap().unwrap();
            assert_eq!(now.since, planned.since, "step {step}");
        }
        let lost = wait_for("the lead lost", 30, || async {
            let l = leads::get(&db, &admin, lead_id).await.unwrap();
            (l.status == LeadStatus::Lost).then_some(l)
        })
        .await;
        assert_eq!(lost.status, LeadStatus::Lost);
        let done = followups::of_lead(&db, &admin, lead_id).await.unwrap().unwrap();
        assert_eq!((done.status, done.done, done.next_at), (FollowUpStatus::Done, 3, None));
        let activities = leads::activities(&db, &admin, lead_id).await.unwrap();
        assert_eq!(
            steps(&activities),
            [(1, 3, ReplyOutcome::Sent), (2, 3, ReplyOutcome::Sent), (3, 3, ReplyOutcome::Sent)],
            "each step fired once with two workers"
        );
        assert!(activities.iter().any(|a| matches!(
            &a.detail,
            ActivityDetail::StatusChanged { to: LeadStatus::Lost, cause: Some(StatusCause::NoAnswer { days: 14 }), .. }
        )));
        let followed: Vec<i32> = messages_of(&db, lead_id).await.iter().filter_map(|m| m.follow_up_step).collect();
        assert_eq!(followed, [1, 2, 3], "one mail per step");
        // Two more weeks: nothing else happens.
        clock.advance(chrono::Duration::days(14));
        tokio::time::sleep(Duration::from_millis(400)).await;
        assert_eq!(messages_of(&db, lead_id).await.iter().filter(|m| m.direction == "OUT").count(), 4);
        for handle in running {
            handle.stop().await;
        }
    }

    async fn an_answer_or_a_status_change_ends_the_sequence_and_our_next_mail_starts_it_again(backend: Backend) {
        let (_t, db, clock, admin) = office(backend, FollowUpPlan { days: vec![3, 7], automatic: true }).await;
        let ai = Ai::offline();
        let lead_id = lead(&db, &admin, "answers").await;
        let first = reply(&db, &admin, lead_id).await;
        let [job] = step_job(&db, lead_id).await.try_into().unwrap();
        assert_eq!((job.generation, job.step), (0, 0));

        // An out-of-office is no answer; the lead's own answer is.
        let ours = stored(&db, first).await.external_id.unwrap();
        let to = stored(&db, first).await.to_address.unwrap();
        let away = answer_mail(&to, &ours, "Auto-Submitted: auto-replied\r\n", "Ich bin bis 14.12. nicht im Büro.");
        receive::receive(&db, admin.tenant_id, InboundChannel::Http, None, &away).await.unwrap();
        assert_eq!(followups::of_lead(&db, &admin, lead_id).await.unwrap().unwrap().status, FollowUpStatus::Active);
        let answer = answer_mail(&to, &ours, "", "Ist die Wohnung noch frei?");
        receive::receive(&db, admin.tenant_id, InboundChannel::Http, None, &answer).await.unwrap();
        let stopped = followups::of_lead(&db, &admin, lead_id).await.unwrap().unwrap();
        assert_eq!((stopped.status, stopped.stop_cause), (FollowUpStatus::Stopped, Some(FollowUpStop::Answered)));
        clock.advance(chrono::Duration::days(3));
        assert_eq!(followups::fire(&db, &ai, texts().as_ref(), admin.tenant_id, &job).await.unwrap(), Fired::Stale);
        assert!(messages_of(&db, lead_id).await.iter().all(|m| m.follow_up_step.is_none()), "no follow-up after an answer");

        // Our answer in the conversation starts it again, counted from that mail.
        assert_eq!(leads::get(&db, &admin, lead_id).await.unwrap().status, LeadStatus::Conversation);
        reply(&db, &admin, lead_id).await;
        let again = followups::of_lead(&db, &admin, lead_id).await.unwrap().unwrap();
        assert_eq!((again.status, again.done, again.stop_cause), (FollowUpStatus::Active, 0, None));
        assert!(again.since > stopped.since);
        let job = step_job(&db, lead_id).await.pop().unwrap();
        assert_eq!(job.generation, 1);

        // A booked viewing moves the lead on: the due step ends the sequence instead of writing.
        leads::change_status(&db, &admin, lead_id, LeadStatus::Booked, None).await.unwrap();
        clock.advance(chrono::Duration::days(3));
        let fired = followups::fire(&db, &ai, texts().as_ref(), admin.tenant_id, &job).await.unwrap();
        assert_eq!(fired, Fired::Stopped(FollowUpStop::StatusChanged));
        let ended = followups::of_lead(&db, &admin, lead_id).await.unwrap().unwrap();
        assert_eq!((ended.status, ended.next_at), (FollowUpStatus::Stopped, None));
        assert!(messages_of(&db, lead_id).await.iter().all(|m| m.follow_up_step.is_none()));
        assert_eq!(followups::fire(&db, &ai, texts().as_ref(), admin.tenant_id, &job).await.unwrap(), Fired::Stale);
    }

    async fn a_held_step_fires_once_waits_for_approval_and_once_sent_does_not_restart(backend: Backend) {
        let (t, db, clock, admin) = office(backend, FollowUpPlan::default()).await;
        let ai = Arc::new(Ai::offline());
        let lead_id = lead(&db, &admin, "held").await;
        reply(&db, &admin, lead_id).await;
        let job = step_job(&db, lead_id).await.pop().unwrap();
        clock.advance(chrono::Duration::days(3));

        // Two processes run the same step at the same moment: one fires it.
        let other = Db::connect(&t.url, 4).await.unwrap().with_clock(Arc::new(clock.clone()));
        let catalogue = texts();
        let (a, b) = tokio::join!(
            followups::fire(&db, &ai, catalogue.as_ref(), admin.tenant_id, &job),
            followups::fire(&other, &ai, catalogue.as_ref(), admin.tenant_id, &job),
        );
        let mut fired = [a.unwrap(), b.unwrap()];
        fired.sort_by_key(|f| matches!(f, Fired::Stale));
        assert_eq!(fired, [Fired::Step { step: 1, outcome: ReplyOutcome::Held, lost: false }, Fired::Stale]);
        let held = pending::list(&db, &admin, Some(PendingStatus::Pending), 50).await.unwrap();
        let held: Vec<_> = held.into_iter().filter(|p| p.lead_id == Some(lead_id)).collect();
        assert_eq!(held.len(), 1, "{held:?}");
        assert!(held[0].summary.starts_with("Nachfassen 1 von 3 an"), "{}", held[0].summary);
        let state = followups::of_lead(&db, &admin, lead_id).await.unwrap().unwrap();
        assert_eq!((state.done, state.next_at), (1, Some(state.since + chrono::Duration::days(7))));

        // Approved, the follow-up is that step's mail: sent, it does not start the days again.
        pending::approve(&db, &admin, ai.clone(), texts(), held[0].id).await.unwrap();
        let mail = messages_of(&db, lead_id).await.into_iter().find(|m| m.follow_up_step == Some(1)).unwrap();
        assert_eq!(mail.status.as_deref(), Some(MailStatus::Queued.as_str()));
        delivery::send(&db, &secrets(), &sink().mailer(), admin.tenant_id, mail.id, false).await.unwrap();
        assert_eq!(stored(&db, mail.id).await.status.as_deref(), Some("SENT"));
        assert_eq!(followups::of_lead(&db, &admin, lead_id).await.unwrap().unwrap(), state);

        // Step 2 waits for approval when the lead answers: it is withdrawn, never to be sent.
        clock.advance(chrono::Duration::days(4));
        let job = step_job(&db, lead_id).await.pop().unwrap();
        assert_eq!(job.step, 1);
        let fired = followups::fire(&db, &ai, texts().as_ref(), admin.tenant_id, &job).await.unwrap();
        assert_eq!(fired, Fired::Step { step: 2, outcome: ReplyOutcome::Held, lost: false });
        let ours = stored(&db, mail.id).await;
        let answer = answer_mail(&ours.to_address.unwrap(), &ours.external_id.unwrap(), "", "Ja, gerne am Samstag.");
        receive::receive(&db, admin.tenant_id, InboundChannel::Http, None, &answer).await.unwrap();
        let mine: Vec<_> = pending::list(&db, &admin, None, 50)
            .await
            .unwrap()
            .into_iter()
            .filter(|p| p.lead_id == Some(lead_id))
            .map(|p| (p.summary.starts_with("Nachfassen 2 von 3"), p.status))
            .collect();
        assert!(mine.contains(&(true, PendingStatus::Withdrawn)), "{mine:?}");
        assert!(!mine.iter().any(|(_, s)| *s == PendingStatus::Pending), "{mine:?}");
    }

    async fn a_person_pauses_and_resumes_and_no_office_reaches_another(backend: Backend) {
        let (t, db, clock, admin) = office(backend, FollowUpPlan { days: vec![2, 4], automatic: true }).await;
        let ai = Ai::offline();
        let lead_id = lead(&db, &admin, "paused").await;
        reply(&db, &admin, lead_id).await;
        let job = step_job(&db, lead_id).await.pop().unwrap();

        let (other_admin, _) = t.second_office().await;
        assert!(matches!(followups::of_lead(&db, &other_admin, lead_id).await, Err(Error::NotFound(_))));
        assert!(matches!(followups::pause(&db, &other_admin, lead_id).await, Err(Error::NotFound(_))));
        let agent = t.ctx(AGENT).await;
        assert!(matches!(followups::pause(&db, &agent, lead_id).await, Err(Error::NotFound(_))), "not the agent's lead");

        let paused = followups::pause(&db, &admin, lead_id).await.unwrap();
        assert_eq!((paused.status, paused.next_at), (FollowUpStatus::Paused, None));
        assert!(matches!(followups::pause(&db, &admin, lead_id).await, Err(Error::Conflict(_))));
        clock.advance(chrono::Duration::days(3));
        assert_eq!(followups::fire(&db, &ai, texts().as_ref(), admin.tenant_id, &job).await.unwrap(), Fired::Stale);

        // Resumed after its day: the step is due at once, and fires.
        let resumed = followups::resume(&db, &admin, lead_id).await.unwrap();
        assert_eq!(resumed.status, FollowUpStatus::Active);
        assert!(resumed.next_at.unwrap() <= db.now());
        assert!(matches!(followups::resume(&db, &admin, lead_id).await, Err(Error::Conflict(_))));
        let job = step_job(&db, lead_id).await.pop().unwrap();
        let fired = followups::fire(&db, &ai, texts().as_ref(), admin.tenant_id, &job).await.unwrap();
        assert_eq!(fired, Fired::Step { step: 1, outcome: ReplyOutcome::Sent, lost: false });
        let kinds: Vec<String> = leads::activities(&db, &admin, lead_id)
            .await
            .unwrap()
            .iter()
            .filter(|a| a.kind == model::ActivityKind::FollowUp)
            .map(|a| texts().activity(model::Locale::En, &a.detail))
            .collect();
        assert_eq!(
            kinds,
            [
                "Follow-up 1 of 2 sent",
                "Follow-ups planned on day 2, 4, sent automatically",
                "Follow-ups paused",
                "Follow-ups planned on day 2, 4, sent automatically",
            ],
            "newest first"
        );

        // A plan the office cannot have is refused at its field.
        for (days, code) in [(vec![7, 3], "not_increasing"), (vec![0, 3], "out_of_range"), (vec![1, 2, 3, 4, 5, 6, 7], "too_many")] {
            let input = TenantSettingsInput { follow_ups: Some(FollowUpPlan { days, automatic: false }), ..Default::default() };
            let Err(Error::Invalid(faults)) = tenants::update_settings(&db, &admin, input).await else { panic!("{code}") };
            assert_eq!((faults[0].field.as_str(), faults[0].code.as_str()), ("follow_ups.days", code));
        }
        // Off: the next step ends the sequence.
        let off = TenantSettingsInput { follow_ups: Some(FollowUpPlan { days: vec![], automatic: false }), ..Default::default() };
        assert!(tenants::update_settings(&db, &admin, off).await.unwrap().follow_ups.days.is_empty());
        let job = step_job(&db, lead_id).await.pop().unwrap();
        clock.advance(chrono::Duration::days(2));
        let fired = followups::fire(&db, &ai, texts().as_ref(), admin.tenant_id, &job).await.unwrap();
        assert_eq!(fired, Fired::Stopped(FollowUpStop::Disabled));
    }
}
