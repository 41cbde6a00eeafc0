//! The pipeline figures (grouped counts in the database) agree with the lead list, over what the
//! caller may see, on both backends.

use crate::helpers::*;
use crate::on_both;
use domain::leads::{self, stats};

use model::{LeadFilter, LeadSource, LeadStatus, PageRequest};

async fn listed(t: &TestDb, ctx: &domain::Ctx, filter: LeadFilter) -> Vec<model::Lead> {
    leads::list(&t.db, ctx, &filter, &PageRequest::new(100, None)).await.unwrap().items
}

on_both! {
    async fn figures_count_what_the_caller_sees(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        for email in [ADMIN, AGENT] {
            let ctx = t.ctx(email).await;
            let all = listed(&t, &ctx, LeadFilter::default()).await;
            assert!(!all.is_empty(), "{email} sees leads");
            let pipeline = stats::pipeline(&t.db, &ctx).await.unwrap();
            assert_eq!(pipeline.total, all.len() as u64, "{email}");
            for (status, n) in &pipeline.by_status {
                assert_eq!(*n, all.iter().filter(|l| l.status == *status).count() as u64, "{email} {status:?}");
            }
            let conversion = stats::conversion(&t.db, &ctx, None).await.unwrap();
            let booked = all.iter().filter(|l| l.status == LeadStatus::Booked).count() as u64;
            assert_eq!((conversion.leads, conversion.booked), (all.len() as u64, booked));
            let sources = stats::by_source(&t.db, &ctx, None).await.unwrap();
            assert_eq!(sources.iter().map(|s| s.leads).sum::<u64>(), all.len() as u64);
            assert!(sources.windows(2).all(|w| w[0].leads >= w[1].leads), "busiest first");
            for s in &sources {
                let of: Vec<_> = all.iter().filter(|l| l.source == s.source).collect();
                assert_eq!(s.leads, of.len() as u64, "{:?}", s.source);
                assert_eq!(s.booked, of.iter().filter(|l| l.status == LeadStatus::Booked).count() as u64);
            }
            assert!(LeadSource::ALL.iter().all(|src| sources.iter().any(|s| s.source == *src) == all.iter().any(|l| l.source == *src)));
            let times = stats::response_times(&t.db, &ctx, None).await.unwrap();
            assert_eq!(times.leads, all.len() as u64);
            assert_eq!(times.drafted, all.iter().filter(|l| l.reply_drafted_at.is_some()).count() as u64);
        }
        let admin = t.ctx(ADMIN).await;
        let agent = t.ctx(AGENT).await;
        assert!(stats::pipeline(&t.db, &agent).await.unwrap().total < stats::pipeline(&t.db, &admin).await.unwrap().total, "agents count only their own");
        let (other_admin, _) = t.second_office().await;
        assert_eq!(stats::pipeline(&t.db, &other_admin).await.unwrap().total, 0, "another office counts none of these");
    }
}
