//! When viewings can be offered: the office's weekly windows, and each agent's own, which replace
//! the office's for that agent once set. The first reply to an inquiry offers the times of the
//! lead's agent, Jarvis's `propose_viewing_slots` those of the asking user.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;
use entity::{tenant_settings, user_settings};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};

use crate::tenants::audit;
use crate::validate::Checks;
use crate::{Ctx, Db, Error, Result, now};
use model::{Availability, TenantId, UserId, ViewingSlot, ViewingWish};

/// Most windows one week may have.
const MAX_SLOTS: usize = 50;

/// Weekdays 10–12 and 15–18: when most offices show flats.
pub fn office_default() -> Vec<ViewingSlot> {
    (1..=5)
        .flat_map(|d| {
            [
                ViewingSlot { weekday: d, from: "10:00".into(), to: "12:00".into() },
                ViewingSlot { weekday: d, from: "15:00".into(), to: "18:00".into() },
            ]
        })
        .collect()
}

fn time_of(t: &str) -> Option<NaiveTime> {
    // `%H:%M` alone would also take "9:5"; the editor and the API always send two digits each.
    (t.len() == 5).then(|| NaiveTime::parse_from_str(t, "%H:%M").ok()).flatten()
}

/// A week of windows is valid when each has a weekday 1–7 and `HH:MM` times with `from` before
/// `to`, and no two windows of one day overlap. Records `invalid` or `overlap` on `field`.
pub(crate) fn check(checks: &mut Checks, field: &str, slots: &[ViewingSlot]) {
    let mut windows = Vec::with_capacity(slots.len());
    for s in slots {
        match (time_of(&s.from), time_of(&s.to)) {
            (Some(from), Some(to)) if from < to && (1..=7).contains(&s.weekday) => windows.push((s.weekday, from, to)),
            _ => return checks.fail(field, "invalid"),
        }
    }
    if slots.len() > MAX_SLOTS {
        return checks.fail(field, "too_many");
    }
    windows.sort();
    if windows.windows(2).any(|w| w[0].0 == w[1].0 && w[1].1 < w[0].2) {
        checks.fail(field, "overlap");
    }
}

/// Sorted by weekday and start, as the editor shows them and the API returns them.
fn sorted(mut slots: Vec<ViewingSlot>) -> Vec<ViewingSlot> {
    slots.sort_by(|a, b| (a.weekday, &a.from).cmp(&(b.weekday, &b.from)));
    slots
}

/// Stored JSON (`[{weekday, from, to}]`) as windows.
pub(crate) fn read(stored: Option<serde_json::Value>) -> Result<Option<Vec<ViewingSlot>>> {
    stored
        .map(|v| serde_json::from_value(v).map_err(|e| Error::Internal(format!("stored viewing slots: {e}"))))
        .transpose()
}

pub(crate) fn write(slots: Vec<ViewingSlot>) -> Result<serde_json::Value> {
    serde_json::to_value(sorted(slots)).map_err(|e| Error::Internal(format!("viewing slots: {e}")))
}

/// The next `n` viewing times from the windows, starting the day after `now`, at most one a day
/// (the day's first window's start).
pub fn next_slots(now: DateTime<Tz>, slots: &[ViewingSlot], n: usize) -> Vec<DateTime<Tz>> {
    let mut out = Vec::new();
    for day in 1..=21 {
        if out.len() == n {
            break;
        }
        let date = (now + Duration::days(day)).date_naive();
        let weekday = u8::try_from(date.weekday().number_from_monday()).unwrap_or(0);
        let first = slots.iter().filter(|s| s.weekday == weekday).filter_map(|s| time_of(&s.from)).min();
        if let Some(start) = first
            && let Some(t) = now.timezone().from_local_datetime(&date.and_time(start)).earliest()
        {
            out.push(t);
        }
    }
    out
}

/// The earliest moment inside a lead's wish, still ahead of `now`, at which one of the windows
/// is open: the window's opening or the wish's start, whichever is later. `None` when the wish
/// lies outside every window (or is past); the reply then offers the usual times.
pub fn wished_slot(now: DateTime<Tz>, slots: &[ViewingSlot], wish: &ViewingWish) -> Option<DateTime<Tz>> {
    let tz = now.timezone();
    let (from, to) = (wish.from.with_timezone(&tz), wish.to.with_timezone(&tz));
    let at = |date: NaiveDate, time| tz.from_local_datetime(&date.and_time(time)).earliest();
    // A week is the longest wish a text names ("nächste Woche").
    let days = std::iter::successors(Some(from.date_naive()), |d| d.succ_opt()).take(8);
    days.take_while(|d| *d <= to.date_naive()).find_map(|date| {
        let weekday = u8::try_from(date.weekday().number_from_monday()).unwrap_or(0);
        slots
            .iter()
            .filter(|s| s.weekday == weekday)
            .filter_map(|s| Some((at(date, time_of(&s.from)?)?, at(date, time_of(&s.to)?)?)))
            .map(|(open, close)| (open.max(from), close))
            .filter(|(start, close)| start < close && *start <= to && *start > now)
            .map(|(start, _)| start)
            .min()
    })
}

/// The times to offer: the wished one first when there is one, then the next ones as
/// `next_slots` gives them, on other days.
pub fn offer(now: DateTime<Tz>, slots: &[ViewingSlot], wished: Option<DateTime<Tz>>, n: usize) -> Vec<DateTime<Tz>> {
    let mut out: Vec<DateTime<Tz>> = wished.into_iter().take(n).collect();
    for t in next_slots(now, slots, n) {
        if out.len() == n {
            break;
        }
        if out.iter().all(|o| o.date_naive() != t.date_naive()) {
            out.push(t);
        }
    }
    out
}

/// The windows that apply to `user` (their own, else the office's); the office's when no user
/// is named or the user is not of this office.
pub async fn for_user(db: &Db, tenant: TenantId, user: Option<UserId>) -> Result<Vec<ViewingSlot>> {
    let tx = db.tenant_read(tenant).await?;
    let slots = match own_of(&tx, tenant, user).await? {
        Some(own) => own,
        None => office(&tx, tenant).await?,
    };
    tx.commit().await?;
    Ok(slots)
}

/// `user`'s own windows, if they set any (for callers that hold the office's settings already).
pub async fn own(db: &Db, tenant: TenantId, user: Option<UserId>) -> Result<Option<Vec<ViewingSlot>>> {
    let tx = db.tenant_read(tenant).await?;
    let own = own_of(&tx, tenant, user).await?;
    tx.commit().await?;
    Ok(own)
}

async fn own_of(
    tx: &impl sea_orm::ConnectionTrait,
    tenant: TenantId,
    user: Option<UserId>,
) -> Result<Option<Vec<ViewingSlot>>> {
    let Some(id) = user else { return Ok(None) };
    let found =
        user_settings::Entity::find_by_id(id.0).filter(user_settings::Column::TenantId.eq(tenant.0)).one(tx).await?;
    read(found.and_then(|s| s.viewing_slots))
}

async fn office(tx: &impl sea_orm::ConnectionTrait, tenant: TenantId) -> Result<Vec<ViewingSlot>> {
    let settings =
        tenant_settings::Entity::find_by_id(tenant.0).one(tx).await?.ok_or(Error::NotFound("tenant settings"))?;
    Ok(read(settings.viewing_slots)?.unwrap_or_else(office_default))
}

/// Only the user themself and the office's admins see or change a user's availability.
fn may_touch(ctx: &Ctx, user: UserId) -> Result<()> {
    if ctx.user_id == user { Ok(()) } else { ctx.require_admin() }
}

/// Every user has a settings row (made with the user), so a user of another office is simply
/// "not found".
async fn settings_row(tx: &impl sea_orm::ConnectionTrait, ctx: &Ctx, user: UserId) -> Result<user_settings::Model> {
    user_settings::Entity::find_by_id(user.0)
        .filter(user_settings::Column::TenantId.eq(ctx.tenant_id.0))
        .one(tx)
        .await?
        .ok_or(Error::NotFound("user"))
}

/// A user's own windows and what applies to them.
pub async fn get(db: &Db, ctx: &Ctx, user: UserId) -> Result<Availability> {
    may_touch(ctx, user)?;
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let row = settings_row(&tx, ctx, user).await?;
    let office = office(&tx, ctx.tenant_id).await?;
    tx.commit().await?;
    let own = read(row.viewing_slots)?;
    Ok(Availability { user_id: user, effective: own.clone().unwrap_or(office), own })
}

/// Sets a user's own windows; `None` returns them to the office's.
#[tracing::instrument(skip(db, slots), fields(tenant_id = %ctx.tenant_id))]
pub async fn set(db: &Db, ctx: &Ctx, user: UserId, slots: Option<Vec<ViewingSlot>>) -> Result<Availability> {
    may_touch(ctx, user)?;
    if let Some(slots) = &slots {
        let mut checks = Checks::new();
        check(&mut checks, "viewing_slots", slots);
        checks.finish()?;
    }
    let tx = db.tenant(ctx.tenant_id).await?;
    let row = settings_row(&tx, ctx, user).await?;
    let mut am = row.into_active_model();
    am.viewing_slots = Set(slots.map(write).transpose()?);
    am.updated_at = Set(now());
    let updated = am.update(&tx).await?;
    let office = office(&tx, ctx.tenant_id).await?;
    audit::record(&tx, ctx, "user.availability_updated", Some(("user", user.0)), None).await?;
    tx.commit().await?;
    let own = read(updated.viewing_slots)?;
    Ok(Availability { user_id: user, effective: own.clone().unwrap_or(office), own })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(weekday: u8, from: &str, to: &str) -> ViewingSlot {
        ViewingSlot { weekday, from: from.into(), to: to.into() }
    }

    fn codes(slots: &[ViewingSlot]) -> Option<String> {
        let mut checks = Checks::new();
        check(&mut checks, "viewing_slots", slots);
        checks.finish().err().map(|e| e.to_api().fields.iter().map(|f| f.code.clone()).collect::<Vec<_>>().join(","))
    }

    #[test]
    fn next_slots_come_from_the_week() {
        let tz: Tz = chrono_tz::Europe::Vienna;
        // Friday 2026-12-04, 16:00.
        let now = tz.with_ymd_and_hms(2026, 12, 4, 16, 0, 0).unwrap();
        let shown = |slots: &[ViewingSlot]| -> Vec<String> {
            next_slots(now, slots, 3).iter().map(|t| t.format("%a %d %H:%M").to_string()).collect()
        };
        assert_eq!(
            shown(&office_default()),
            ["Mon 07 10:00", "Tue 08 10:00", "Wed 09 10:00"],
            "weekdays, from tomorrow"
        );
        // A day's earliest window, whatever the order they were given in.
        assert_eq!(
            shown(&[slot(6, "14:00", "16:00"), slot(6, "09:30", "11:00")]),
            ["Sat 05 09:30", "Sat 12 09:30", "Sat 19 09:30"]
        );
        assert!(next_slots(now, &[], 3).is_empty());
    }

    #[test]
    fn a_wished_time_is_offered_first_where_a_window_holds_it() {
        use model::TimePrecision;
        let tz: Tz = chrono_tz::Europe::Vienna;
        // Monday 2026-12-07, 09:00.
        let now = tz.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap();
        let wish = |from: (u32, u32, u32), to: (u32, u32, u32), precision| ViewingWish {
            from: tz.with_ymd_and_hms(2026, 12, from.0, from.1, from.2, 0).unwrap().to_utc(),
            to: tz.with_ymd_and_hms(2026, 12, to.0, to.1, to.2, 0).unwrap().to_utc(),
            precision,
        };
        let shown = |w: &ViewingWish| -> (Option<String>, Vec<String>) {
            let wished = wished_slot(now, &office_default(), w);
            let offered =
                offer(now, &office_default(), wished, 3).iter().map(|t| t.format("%a %d %H:%M").to_string()).collect();
            (wished.map(|t| t.format("%a %d %H:%M").to_string()), offered)
        };
        // Thursday afternoon (14–18): the window opening at 15:00, then the usual days around it.
        let (wished, offered) = shown(&wish((10, 14, 0), (10, 18, 0), TimePrecision::PartOfDay));
        assert_eq!(wished.as_deref(), Some("Thu 10 15:00"));
        assert_eq!(offered, ["Thu 10 15:00", "Tue 08 10:00", "Wed 09 10:00"]);
        // Tuesday at 17:00 inside the 15–18 window: that very time.
        assert_eq!(shown(&wish((8, 17, 0), (8, 18, 0), TimePrecision::Time)).0.as_deref(), Some("Tue 08 17:00"));
        // Tuesday at 13:00, between the windows: nothing wished, the usual three.
        let (wished, offered) = shown(&wish((8, 13, 0), (8, 14, 0), TimePrecision::Time));
        assert_eq!(
            (wished, offered),
            (None, vec!["Tue 08 10:00".to_owned(), "Wed 09 10:00".into(), "Thu 10 10:00".into()])
        );
        // Saturday: no window; next week (Mon–Sun): its Monday morning.
        assert_eq!(shown(&wish((12, 0, 0), (12, 23, 59), TimePrecision::Day)).0, None);
        assert_eq!(shown(&wish((14, 0, 0), (20, 23, 59), TimePrecision::Day)).0.as_deref(), Some("Mon 14 10:00"));
        // Today at 8:00 is past.
        assert_eq!(shown(&wish((7, 8, 0), (7, 9, 0), TimePrecision::Time)).0, None);
    }

    #[test]
    fn a_week_is_checked() {
        assert_eq!(codes(&office_default()), None);
        assert_eq!(codes(&[]), None, "no windows: no viewings offered");
        assert_eq!(codes(&[slot(0, "10:00", "12:00")]).as_deref(), Some("invalid"), "weekday 0");
        assert_eq!(codes(&[slot(8, "10:00", "12:00")]).as_deref(), Some("invalid"));
        assert_eq!(codes(&[slot(1, "12:00", "10:00")]).as_deref(), Some("invalid"), "ends before it starts");
        assert_eq!(codes(&[slot(1, "9:00", "10:00")]).as_deref(), Some("invalid"), "two digits");
        assert_eq!(codes(&[slot(1, "25:00", "26:00")]).as_deref(), Some("invalid"));
        assert_eq!(codes(&[slot(1, "10:00", "12:00"), slot(1, "11:30", "13:00")]).as_deref(), Some("overlap"));
        assert_eq!(codes(&[slot(1, "10:00", "12:00"), slot(1, "12:00", "13:00")]), None, "touching is fine");
        assert_eq!(codes(&[slot(1, "10:00", "12:00"), slot(2, "11:00", "13:00")]), None, "other day");
        let many: Vec<_> = (0..51).map(|i| slot(1 + (i % 7) as u8, "10:00", "10:30")).collect();
        assert_eq!(codes(&many).as_deref(), Some("too_many"));
    }
}
