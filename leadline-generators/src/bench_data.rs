//! `leadline bench-data`: SPEC section 7's benchmark data set, written straight into
//! PostgreSQL with binary `COPY`, so that a million leads and ten million calls load in
//! minutes rather than days.
//!
//! A long file on purpose: one seeded pass plans every lead's life (its calls, moves,
//! tags and losses) and streams each table's COPY rows from that one plan; split, the
//! pieces would pass the same plan around to keep the tables consistent.
//!
//! The data set: a manager and `reps` reps ("Rep 01", ...); `channels` lead sources; `leads`
//! leads created over the `days` days before today (more of them lately, fewer at weekends),
//! each owned by a rep, about 30% tagged; `calls` calls among them, skewed (a dead number gets
//! one, the unreachable a few, the reachable many, recent leads fewer), in working hours
//! (09:00-18:00 UTC, Monday to Friday) after the lead came in; the funnel moves, losses,
//! do-not-call requests and referrals that follow from those calls; and the spend ledger month
//! by month (salaries per rep, telephony, advertising per channel).
//!
//! Rates are the demo's (seed 000): about 38.5% of dials connect, and of the connected calls
//! about 10% show clear intent, 40% unclear and 50% none. About half of all leads reach
//! `connect`, a fifth `interest`, then roughly 10% `need`, 6% `evaluate`, 3% `decide` (won,
//! with a deal value) and 1% `referral`; about 30% end lost with one of the seven lost reasons
//! a new installation starts with. With the SPEC's sizes a rep makes about 380 dials a working
//! day (ten million calls over 50 reps and some 520 working days), well above seed 001's
//! 100-120, so no rep is flagged "below norm".
//!
//! Every row is what the storage rules would have written for the same history: each change
//! goes through `domain::stage::apply` and `domain::call::automatic_moves`, so the lead row
//! agrees with its stage events, first reaches and calls, and a call-driven move names its
//! call. The rows go in with triggers and foreign-key checks off
//! (`session_replication_role = replica`, which needs a superuser), in one transaction, so a
//! load either completes or leaves nothing behind.
//!
//! The data is a pure function of the [`Plan`]: seed, sizes and the day the history ends.
//! Each lead draws from its own ChaCha stream, so the rows are generated in batches as they
//! are sent and the data set is never held in memory; ids have the time-ordered UUID version 7
//! layout with their random bits from the same streams. Leads go in in the order they came
//! in, and calls in the order they started, as the app would have stored them: the calls of
//! recent leads (a few hundred thousand at the SPEC's sizes) wait until every earlier call is in.

use std::collections::{BinaryHeap, HashMap};
use std::time::Instant;

use anyhow::{bail, Context};
use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc, Weekday};
use rand::distributions::WeightedIndex;
use rand::prelude::*;
use rand_chacha::ChaCha8Rng;
use sqlx::{ConnectOptions, Connection, PgConnection, PgPool};
use uuid::Uuid;

use crate::demo::{self, major};
use leadline_core::domain::call::{automatic_moves, Direction, Intent, Outcome};
use leadline_core::domain::money::SpendCategory;
use leadline_core::domain::stage::{self, Change, EventKind, FunnelPosition, LeadStatus, Stage};

/// SPEC section 7's sizes.
pub const DEFAULT_LEADS: u64 = 1_000_000;
pub const DEFAULT_CALLS: u64 = 10_000_000;
pub const DEFAULT_REPS: u32 = 50;
pub const DEFAULT_CHANNELS: u32 = 20;
pub const DEFAULT_DAYS: u32 = 730;
/// The seed `leadline bench-data` uses unless told otherwise.
pub const DEFAULT_SEED: u64 = 7;

/// Every bench login ends with this.
pub const EMAIL_DOMAIN: &str = "bench.leadline.local";

/// No password verifies against this hash: bench users cannot sign in.
const UNUSABLE_PASSWORD_HASH: &str = "!";

/// Leads generated and sent per batch: small enough to keep memory flat, large enough that
/// the `COPY` statements' round trips do not count.
const LEADS_PER_BATCH: u64 = 2_500;
/// Calls per batch at most: the calls of the last leads all come at the end.
const CALLS_PER_BATCH: u64 = 25_000;
/// Batches generated ahead of the one being sent.
const BATCHES_AHEAD: usize = 2;
/// A progress line each time this many more rows have gone in.
const PROGRESS_EVERY: u64 = 1_000_000;

/// What a benchmark data set should hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub leads: u64,
    pub calls: u64,
    pub reps: u32,
    pub channels: u32,
    pub days: u32,
    pub seed: u64,
    /// The history covers the `days` days before this day's midnight (UTC).
    pub end: NaiveDate,
}

impl Default for Plan {
    fn default() -> Self {
        Self {
            leads: DEFAULT_LEADS,
            calls: DEFAULT_CALLS,
            reps: DEFAULT_REPS,
            channels: DEFAULT_CHANNELS,
            days: DEFAULT_DAYS,
            seed: DEFAULT_SEED,
            end: Utc::now().date_naive(),
        }
    }
}

impl Plan {
    /// Refuse sizes the generator cannot honour.
    pub fn check(&self) -> anyhow::Result<()> {
        if !(1..=100_000_000).contains(&self.leads) {
            bail!("--leads must be between 1 and 100,000,000");
        }
        if self.calls > self.leads.saturating_mul(1_000) {
            bail!("--calls must be at most 1,000 per lead");
        }
        if !(1..=999).contains(&self.reps) {
            bail!("--reps must be between 1 and 999");
        }
        if !(1..=100).contains(&self.channels) {
            bail!("--channels must be between 1 and 100");
        }
        if !(7..=3_650).contains(&self.days) {
            bail!("--days must be between 7 and 3,650");
        }
        Ok(())
    }
}

/// Rows written to one table and the seconds its `COPY`s (or inserts) took.
#[derive(Clone, Debug, PartialEq)]
pub struct TableLoad {
    pub table: &'static str,
    pub rows: u64,
    pub seconds: f64,
}

/// What `generate` wrote and how long each part took.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub tables: Vec<TableLoad>,
    /// Other steps (index builds, ANALYZE, ...) with their seconds.
    pub steps: Vec<(&'static str, f64)>,
    pub seconds: f64,
}

impl Summary {
    pub fn rows(&self, table: &str) -> u64 {
        self.tables
            .iter()
            .filter(|t| t.table == table)
            .map(|t| t.rows)
            .sum()
    }
}

// ---------------------------------------------------------------------------------------
// Rates. The dial outcomes, intent split, talk and ring times are the demo's (seed 000).

/// Seed 000's share of connected calls with clear intent.
const CLEAR_INTENT: f64 = 0.10;
/// Share of reachable leads who can become interested; the others never show clear intent.
/// Concentrating clear intent on them keeps the funnel's `interest` share near a fifth.
const WARM_SHARE: f64 = 0.60;
/// Shares of leads by how reachable they are; the rest answer the phone now and then.
const DEAD_NUMBER_SHARE: f64 = 0.06;
const UNREACHABLE_SHARE: f64 = 0.42;
/// Inbound requests that enter the funnel at `interest`.
const ENTERS_INTERESTED: f64 = 0.02;
/// Calls by a colleague covering for the lead's owner.
const COVERED_BY_COLLEAGUE: f64 = 0.05;
/// Connected calls the customer made.
const INBOUND: f64 = 0.05;

/// Chances of the moves made by hand after `interest`: on to `need`, `evaluate`, `decide`.
const TO_NEED: f64 = 0.52;
/// Of the moves on from `interest`, those that skip `need`.
const SKIP_NEED: f64 = 0.12;
const TO_EVALUATE: f64 = 0.62;
const TO_DECIDE: f64 = 0.48;
/// Of the moves on from `need`, those that skip `evaluate` (straight to a deal).
const SKIP_EVALUATE: f64 = 0.05;
/// Won customers who bring a referral.
const REFERS: f64 = 0.35;
/// Leads whose last conversation was a flat no, who ask not to be called again.
const ASKS_DO_NOT_CALL: f64 = 0.12;

/// Lost reasons a new installation starts with (migration 0001), by their fixed ids.
const NOT_INTERESTED: u8 = 1;
const NO_BUDGET: u8 = 2;
const NO_NEED: u8 = 3;
const COMPETITOR: u8 = 4;
const BAD_TIMING: u8 = 5;
const UNREACHABLE: u8 = 6;
const OTHER: u8 = 7;
const LOST_REASONS: u8 = 7;

fn lost_reason_id(reason: u8) -> Uuid {
    Uuid::from_u128(0x0000_0000_0000_7000_8000_0000_0000_0000 | u128::from(reason))
}

/// Chance that an open lead is written off after its last activity, and why, by where it stands.
fn loss(stage: Stage, reach: Reach, calls: usize) -> (f64, &'static [u8]) {
    match stage {
        Stage::New if calls == 0 => (0.0, &[]),
        Stage::New if reach == Reach::DeadNumber => (0.35, &[UNREACHABLE]),
        Stage::New if calls >= 4 => (0.38, &[UNREACHABLE, UNREACHABLE, UNREACHABLE, OTHER]),
        Stage::New => (0.1, &[UNREACHABLE]),
        Stage::Connect => (
            0.28,
            &[
                NOT_INTERESTED,
                NOT_INTERESTED,
                NOT_INTERESTED,
                NO_NEED,
                BAD_TIMING,
                OTHER,
            ],
        ),
        Stage::Interest => (0.42, &[NO_NEED, BAD_TIMING, COMPETITOR, OTHER]),
        Stage::Need => (0.4, &[NO_BUDGET, COMPETITOR, NO_BUDGET, OTHER]),
        Stage::Evaluate => (0.45, &[NO_BUDGET, COMPETITOR, BAD_TIMING]),
        Stage::Decide | Stage::Referral => (0.0, &[]),
    }
}

/// Lead sources, the biggest first; channels past these are numbered.
const CHANNEL_NAMES: [&str; 20] = [
    "google ads",
    "facebook",
    "website form",
    "cold list",
    "referral",
    "trade show",
    "linkedin",
    "instagram",
    "bing ads",
    "youtube",
    "partner network",
    "webinars",
    "email campaign",
    "tiktok",
    "radio",
    "print",
    "seo",
    "affiliates",
    "marketplace",
    "events",
];
/// The channel of referred leads.
const REFERRAL_CHANNEL: &str = "referral";

fn channel_names(count: u32) -> Vec<String> {
    (0..count as usize)
        .map(|i| match CHANNEL_NAMES.get(i) {
            Some(name) => (*name).to_owned(),
            None => format!("channel {:02}", i + 1),
        })
        .collect()
}

/// A channel's share of new leads, falling with its rank.
fn channel_weight(rank: usize) -> u32 {
    600 / (rank as u32 + 3)
}

/// A channel's advertising per month, falling with its rank; referrals cost little.
fn channel_budget(name: &str, rank: usize) -> i64 {
    let budget = major(24_000) / (rank as i64 + 3);
    if name == REFERRAL_CHANNEL {
        budget / 4
    } else {
        budget
    }
}

const TAGS: [(&str, Option<&str>); 5] = [
    ("smb", Some("segment")),
    ("mid-market", Some("segment")),
    ("enterprise", Some("segment")),
    ("priority", None),
    ("newsletter", None),
];
const TAGGED: f64 = 0.30;
/// Of the tagged leads, those with a second tag.
const SECOND_TAG: f64 = 0.33;

// ---------------------------------------------------------------------------------------
// Time. Moments are whole seconds since the Unix epoch.

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;
/// Working hours are 09:00-18:00 UTC, Monday to Friday: 9 hours a working day.
const WORK_STARTS: i64 = 9 * HOUR;
const WORKDAY: i64 = 9 * HOUR;
/// Leads come in between 07:00 and 22:00.
const ARRIVALS_START: i64 = 7 * HOUR;
const ARRIVAL_HOURS: i64 = 15 * HOUR;
/// A lead with this much working time left gets a full share of calls; a younger one, less.
const FULL_SHARE_OF_CALLS: i64 = 15 * WORKDAY;

/// The history's days, its working clock (working seconds since the first working day
/// began) and how new leads spread over it.
struct Calendar {
    start: i64,
    start_day: NaiveDate,
    days: i64,
    /// For each day, how many working days came before it; one more entry for the end.
    workdays_before: Vec<i64>,
    /// The day (from the start) of each working day.
    workdays: Vec<i64>,
    /// The share of all leads that have come in by the end of each day.
    arrivals: Vec<f64>,
}

fn is_working_day(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

fn unix(day: NaiveDate) -> i64 {
    day.and_time(chrono::NaiveTime::MIN).and_utc().timestamp()
}

fn timestamp(at: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(at, 0).unwrap_or_default()
}

impl Calendar {
    fn new(end: NaiveDate, days: u32) -> Self {
        let start_day = end - Days::new(u64::from(days));
        let mut workdays_before = Vec::with_capacity(days as usize + 1);
        let mut workdays = Vec::new();
        let mut arrivals = Vec::with_capacity(days as usize);
        let mut arrived = 0.0;
        for d in 0..i64::from(days) {
            let day = start_day + Days::new(d as u64);
            workdays_before.push(workdays.len() as i64);
            let working = is_working_day(day);
            if working {
                workdays.push(d);
            }
            // Lead flow grows by half over the history; weekends bring a third as many.
            let growth = 1.0 + 0.5 * d as f64 / f64::from(days);
            arrived += growth * if working { 1.0 } else { 0.35 };
            arrivals.push(arrived);
        }
        workdays_before.push(workdays.len() as i64);
        for share in &mut arrivals {
            *share /= arrived;
        }
        Self {
            start: unix(start_day),
            start_day,
            days: i64::from(days),
            workdays_before,
            workdays,
            arrivals,
        }
    }

    #[cfg(test)]
    fn end(&self) -> i64 {
        self.start + self.days * DAY
    }

    /// All the working time in the history.
    fn working_total(&self) -> i64 {
        self.workdays.len() as i64 * WORKDAY
    }

    /// Where `at` falls on the working clock; a moment outside working hours counts as the
    /// start of the next working time.
    fn working_clock(&self, at: i64) -> i64 {
        let offset = at - self.start;
        let day = offset.div_euclid(DAY);
        if day < 0 {
            return 0;
        }
        if day >= self.days {
            return self.working_total();
        }
        let before = self.workdays_before[day as usize] * WORKDAY;
        if self.workdays_before[day as usize + 1] == self.workdays_before[day as usize] {
            return before;
        }
        before + (offset - day * DAY - WORK_STARTS).clamp(0, WORKDAY)
    }

    /// The moment at `clock` on the working clock, counting on past the history's end
    /// (follow-ups agreed for after it).
    fn at_working(&self, clock: i64) -> i64 {
        let clock = clock.max(0);
        let (workday, second) = (clock / WORKDAY, clock % WORKDAY);
        let day = match self.workdays.get(workday as usize) {
            Some(&day) => day,
            None => {
                let mut past = workday - self.workdays.len() as i64;
                let mut day = self.days;
                loop {
                    if is_working_day(self.start_day + Days::new(day as u64)) {
                        if past == 0 {
                            break day;
                        }
                        past -= 1;
                    }
                    day += 1;
                }
            }
        };
        self.start + day * DAY + WORK_STARTS + second
    }

    /// When the lead at `share` of the way through all leads came in: increasing in `share`.
    fn arrival(&self, share: f64) -> i64 {
        let day = self
            .arrivals
            .partition_point(|&arrived| arrived <= share)
            .min(self.arrivals.len() - 1);
        let before = if day == 0 {
            0.0
        } else {
            self.arrivals[day - 1]
        };
        let within = ((share - before) / (self.arrivals[day] - before)).clamp(0.0, 1.0);
        let second = ((within * ARRIVAL_HOURS as f64) as i64).min(ARRIVAL_HOURS - 1);
        self.start + day as i64 * DAY + ARRIVALS_START + second
    }
}

// ---------------------------------------------------------------------------------------
// Randomness: one ChaCha key from the seed, one stream per lead and per other purpose.

#[derive(Clone)]
struct Streams {
    key: <ChaCha8Rng as SeedableRng>::Seed,
}

/// Streams counted down from the top, so they never meet a lead's.
const TEAM_STREAM: u64 = u64::MAX;
const TAG_STREAM: u64 = u64::MAX - 1;
const SPEND_STREAM: u64 = u64::MAX - 2;

impl Streams {
    fn new(seed: u64) -> Self {
        Self {
            key: ChaCha8Rng::seed_from_u64(seed).get_seed(),
        }
    }

    fn stream(&self, stream: u64) -> ChaCha8Rng {
        let mut rng = ChaCha8Rng::from_seed(self.key);
        rng.set_stream(stream);
        rng
    }
}

/// A time-ordered id (UUID version 7 layout) for something that happened at `at`.
fn time_ordered_id(at: i64, rng: &mut impl Rng) -> Uuid {
    let millis = (at.max(0) * 1_000 + rng.gen_range(0..1_000)) as u64;
    uuid::Builder::from_unix_timestamp_millis(millis, &rng.gen()).into_uuid()
}

// ---------------------------------------------------------------------------------------
// The team, tags and ledger.

/// The bench users: the manager, then the reps.
#[derive(Clone, Debug)]
struct Team {
    manager: Uuid,
    reps: Vec<Uuid>,
}

struct PlannedUser {
    id: Uuid,
    email: String,
    name: String,
    role: &'static str,
}

fn plan_team(plan: &Plan, calendar: &Calendar, streams: &Streams) -> Vec<PlannedUser> {
    let mut rng = streams.stream(TEAM_STREAM);
    let width = plan.reps.to_string().len().max(2);
    let manager = PlannedUser {
        id: time_ordered_id(calendar.start, &mut rng),
        email: format!("manager@{EMAIL_DOMAIN}"),
        name: "Bench Manager".to_owned(),
        role: "manager",
    };
    std::iter::once(manager)
        .chain((1..=plan.reps).map(|n| PlannedUser {
            id: time_ordered_id(calendar.start, &mut rng),
            email: format!("rep{n:0width$}@{EMAIL_DOMAIN}"),
            name: format!("Rep {n:0width$}"),
            role: "rep",
        }))
        .collect()
}

struct PlannedSpend {
    id: Uuid,
    spent_on: NaiveDate,
    amount: i64,
    category: SpendCategory,
    channel: Option<String>,
    note: String,
}

/// Each month of the history, booked on its first day: a salary per rep, telephony for the
/// team, and advertising per channel.
fn plan_spend(plan: &Plan, calendar: &Calendar, streams: &Streams) -> Vec<PlannedSpend> {
    let mut rng = streams.stream(SPEND_STREAM);
    let channels = channel_names(plan.channels);
    let width = plan.reps.to_string().len().max(2);
    let mut month = calendar.start_day.with_day(1).unwrap_or(calendar.start_day);
    if month < calendar.start_day {
        month = month + Months::new(1);
    }
    let end_day = calendar.start_day + Days::new(calendar.days as u64);
    let mut entries = Vec::new();
    while month < end_day {
        let label = month.format("%B %Y");
        let booked = unix(month);
        for n in 1..=plan.reps {
            entries.push(PlannedSpend {
                id: time_ordered_id(booked, &mut rng),
                spent_on: month,
                amount: major(rng.gen_range(31..=38) * 100),
                category: SpendCategory::Salaries,
                channel: None,
                note: format!("Salary Rep {n:0width$}, {label}"),
            });
        }
        entries.push(PlannedSpend {
            id: time_ordered_id(booked, &mut rng),
            spent_on: month,
            amount: i64::from(plan.reps) * major(rng.gen_range(120..=160)),
            category: SpendCategory::Telephony,
            channel: None,
            note: format!("Lines, minutes and recordings, {label}"),
        });
        for (rank, name) in channels.iter().enumerate() {
            let spread = rng.gen_range(85..=115);
            entries.push(PlannedSpend {
                id: time_ordered_id(booked, &mut rng),
                spent_on: month,
                amount: channel_budget(name, rank) * spread / 100,
                category: SpendCategory::Advertising,
                channel: Some(name.clone()),
                note: format!("{name} budget, {label}"),
            });
        }
        month = month + Months::new(1);
    }
    entries
}

// ---------------------------------------------------------------------------------------
// Leads and what happens to them.

/// How reachable a lead is, which decides its share of the calls and how they end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reach {
    /// Empty or unassigned: the first dial says so.
    DeadNumber,
    /// Never picks up.
    Unreachable,
    /// Picks up now and then; only warm leads ever show clear intent.
    Reachable { warm: bool },
}

/// What a lead is before anything happens to it: enough to share out the calls.
struct LeadBasics {
    id: Uuid,
    created_at: i64,
    reach: Reach,
    entry: Stage,
    /// Its share of the calls, relative to the other leads'.
    weight: u64,
}

/// A call as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
struct CallRecord {
    id: Uuid,
    rep: u16,
    direction: Direction,
    started_at: i64,
    ring_seconds: Option<i16>,
    talk_seconds: u16,
    outcome: Outcome,
    intent: Option<Intent>,
    /// Which of the notes for its intent, if any.
    note: Option<u8>,
    next_contact_at: Option<i64>,
    do_not_call: bool,
    /// Seconds from the start until it was logged, just after it ended.
    logged_after: u16,
}

impl CallRecord {
    fn logged_at(&self) -> i64 {
        self.started_at + i64::from(self.logged_after)
    }
}

/// A call waiting to be written, kept small: at the SPEC's sizes some 600,000 wait at once.
/// Ordered by start, earliest first (the standard heap is a max-heap).
#[derive(Clone, Copy, Debug)]
struct WaitingCall {
    /// Seconds since the history began.
    started: u32,
    id: Uuid,
    lead: Uuid,
    /// Seconds from the start to the next contact agreed on the call; 0 for none.
    next_contact_after: u32,
    /// -1 when the dialer did not report it.
    ring_seconds: i16,
    talk_seconds: u16,
    logged_after: u16,
    rep: u16,
    outcome: Outcome,
    intent: Option<Intent>,
    note: Option<u8>,
    direction: Direction,
    do_not_call: bool,
}

impl WaitingCall {
    fn new(call: CallRecord, lead: Uuid, history_start: i64) -> Self {
        Self {
            started: (call.started_at - history_start) as u32,
            id: call.id,
            lead,
            next_contact_after: call
                .next_contact_at
                .map_or(0, |at| (at - call.started_at) as u32),
            ring_seconds: call.ring_seconds.unwrap_or(-1),
            talk_seconds: call.talk_seconds,
            logged_after: call.logged_after,
            rep: call.rep,
            outcome: call.outcome,
            intent: call.intent,
            note: call.note,
            direction: call.direction,
            do_not_call: call.do_not_call,
        }
    }

    fn key(&self) -> (u32, Uuid) {
        (self.started, self.id)
    }

    fn notes(&self) -> Option<&'static str> {
        let notes: &[&'static str] = match self.intent? {
            Intent::Clear => &demo::CLEAR_NOTES,
            Intent::Unclear => &demo::UNCLEAR_NOTES,
            Intent::None => &demo::NONE_NOTES,
        };
        notes.get(usize::from(self.note?)).copied()
    }
}

impl PartialEq for WaitingCall {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for WaitingCall {}

impl PartialOrd for WaitingCall {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for WaitingCall {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other.key().cmp(&self.key())
    }
}

/// Who made a change: a user, and the call when a call made it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EventActor {
    Manager,
    Rep(usize),
    Call { rep: usize, call: Uuid },
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct EventRecord {
    from: Option<Stage>,
    to: Stage,
    kind: EventKind,
    reason: Option<String>,
    lost_reason: Option<u8>,
    deal_value: Option<i64>,
    actor: EventActor,
    at: i64,
}

/// A lead with its calls, stage events and first reaches.
#[derive(Clone, Debug, PartialEq, Eq)]
struct LeadStory {
    index: u64,
    id: Uuid,
    first_name: &'static str,
    last_name: &'static str,
    phone: String,
    email: Option<String>,
    company: Option<(&'static str, &'static str)>,
    channel: usize,
    rep: usize,
    referred_by: Option<Uuid>,
    tags: Vec<usize>,
    entry: Stage,
    created_at: i64,
    reach: Reach,
    calls: Vec<CallRecord>,
    events: Vec<EventRecord>,
    reaches: Vec<(Stage, i64)>,
    position: FunnelPosition,
    lost_reason: Option<u8>,
    deal_value: Option<i64>,
    won_at: Option<i64>,
    lost_at: Option<i64>,
    do_not_call: bool,
    next_contact_at: Option<i64>,
    updated_at: i64,
}

impl LeadStory {
    /// Apply a change by the funnel rules and record its event and first reaches;
    /// answers whether the rules allowed it.
    fn apply(&mut self, change: &Change, details: EventRecord) -> bool {
        let Ok(t) = stage::apply(self.position, change) else {
            return false;
        };
        if let Some((first, last)) = t.newly_reached {
            for index in first.index()..=last.index() {
                if let Some(stage) = Stage::from_index(index) {
                    self.reaches.push((stage, details.at));
                }
            }
        }
        if t.after.status == LeadStatus::Won && self.won_at.is_none() {
            self.won_at = Some(details.at);
        }
        if t.after.status == LeadStatus::Lost {
            self.lost_at = Some(details.at);
            self.lost_reason = details.lost_reason;
        }
        if details.deal_value.is_some() {
            self.deal_value = details.deal_value;
        }
        self.updated_at = self.updated_at.max(details.at);
        self.events.push(EventRecord {
            from: Some(t.from),
            to: t.to,
            kind: t.kind,
            ..details
        });
        self.position = t.after;
        true
    }
}

fn event(actor: EventActor, at: i64) -> EventRecord {
    EventRecord {
        from: None,
        to: Stage::New,
        kind: EventKind::Advance,
        reason: None,
        lost_reason: None,
        deal_value: None,
        actor,
        at,
    }
}

fn move_to(to: Stage, sets_deal_value: bool) -> Change {
    Change::MoveTo {
        to,
        reason: None,
        sets_deal_value,
    }
}

/// Generates the leads one by one, in the order they came in.
struct Generator {
    plan: Plan,
    calendar: Calendar,
    streams: Streams,
    channel_weights: WeightedIndex<u32>,
    referral_channel: Option<usize>,
    unanswered: WeightedIndex<u32>,
    /// The next lead's position.
    next: u64,
    /// Sum of the call weights of all leads, and of those generated so far.
    total_weight: u128,
    weight_so_far: u128,
    /// Chance that a dial to a reachable lead connects, so that all dials connect at seed 000's rate.
    reachable_connects: f64,
    /// Leads still to come that were referred by an earlier one: position -> referrer.
    referred: HashMap<u64, Uuid>,
}

impl Generator {
    fn new(plan: &Plan) -> Self {
        let calendar = Calendar::new(plan.end, plan.days);
        let streams = Streams::new(plan.seed);
        let channels = channel_names(plan.channels);
        let channel_weights =
            WeightedIndex::new((0..channels.len()).map(channel_weight)).expect("positive weights");
        let referral_channel = channels.iter().position(|c| c == REFERRAL_CHANNEL);
        let unanswered = WeightedIndex::new(demo::DIAL_OUTCOMES[1..].iter().map(|o| o.1))
            .expect("positive weights");
        let mut generator = Self {
            plan: plan.clone(),
            calendar,
            streams,
            channel_weights,
            referral_channel,
            unanswered,
            next: 0,
            total_weight: 0,
            weight_so_far: 0,
            reachable_connects: 0.0,
            referred: HashMap::new(),
        };
        // A first pass over the leads' basics shares the calls out exactly.
        let mut reachable_weight = 0u128;
        for index in 0..plan.leads {
            let (basics, _) = generator.basics(index);
            generator.total_weight += u128::from(basics.weight);
            if matches!(basics.reach, Reach::Reachable { .. }) {
                reachable_weight += u128::from(basics.weight);
            }
        }
        let dials_connect = f64::from(demo::DIAL_OUTCOMES[0].1)
            / f64::from(demo::DIAL_OUTCOMES.iter().map(|o| o.1).sum::<u32>());
        generator.reachable_connects = if reachable_weight == 0 {
            0.0
        } else {
            (dials_connect * generator.total_weight as f64 / reachable_weight as f64).min(0.95)
        };
        generator
    }

    /// When the lead at `index` came in, its id, and its stream to draw the rest from.
    fn identity(&self, index: u64) -> (i64, Uuid, ChaCha8Rng) {
        let mut rng = self.streams.stream(index);
        let slot: f64 = rng.gen();
        let created_at = self
            .calendar
            .arrival((index as f64 + slot) / self.plan.leads as f64);
        let id = time_ordered_id(created_at, &mut rng);
        (created_at, id, rng)
    }

    fn basics(&self, index: u64) -> (LeadBasics, ChaCha8Rng) {
        let (created_at, id, mut rng) = self.identity(index);
        let reach_roll: f64 = rng.gen();
        let warm = rng.gen_bool(WARM_SHARE);
        let enters_interested = rng.gen_bool(ENTERS_INTERESTED);
        let spread: f64 = rng.gen();
        let reach = if enters_interested {
            Reach::Reachable { warm }
        } else if reach_roll < DEAD_NUMBER_SHARE {
            Reach::DeadNumber
        } else if reach_roll < DEAD_NUMBER_SHARE + UNREACHABLE_SHARE {
            Reach::Unreachable
        } else {
            Reach::Reachable { warm }
        };
        let weight = match reach {
            Reach::DeadNumber => 0.12,
            Reach::Unreachable => 0.25 + 0.6 * spread,
            Reach::Reachable { .. } => 0.35 + 2.6 * spread * spread,
        };
        let room = self.calendar.working_total() - self.calendar.working_clock(created_at);
        let age = if room < HOUR {
            0.0
        } else {
            (room as f64 / FULL_SHARE_OF_CALLS as f64).min(1.0)
        };
        let basics = LeadBasics {
            id,
            created_at,
            reach,
            entry: if enters_interested {
                Stage::Interest
            } else {
                Stage::New
            },
            weight: (weight * age * 1_048_576.0) as u64,
        };
        (basics, rng)
    }

    /// The earliest lead still to come that came in at or after `at` and is not yet
    /// someone's referral.
    fn referral_for(&self, after: u64, at: i64) -> Option<(u64, i64, Uuid)> {
        let (mut low, mut high) = (after + 1, self.plan.leads);
        while low < high {
            let middle = low + (high - low) / 2;
            if self.identity(middle).0 < at {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        (low..self.plan.leads.min(low + 20))
            .find(|index| !self.referred.contains_key(index))
            .map(|index| {
                let (created_at, id, _) = self.identity(index);
                (index, created_at, id)
            })
    }

    fn next_story(&mut self) -> Option<LeadStory> {
        if self.next >= self.plan.leads {
            return None;
        }
        let index = self.next;
        self.next += 1;
        let (basics, mut rng) = self.basics(index);
        let before = self.weight_so_far;
        self.weight_so_far += u128::from(basics.weight);
        let calls = if self.total_weight == 0 {
            0
        } else {
            let share = |weight: u128| u128::from(self.plan.calls) * weight / self.total_weight;
            (share(self.weight_so_far) - share(before)) as usize
        };
        Some(self.story(index, basics, calls, &mut rng))
    }

    fn story(
        &mut self,
        index: u64,
        basics: LeadBasics,
        call_count: usize,
        rng: &mut ChaCha8Rng,
    ) -> LeadStory {
        let referred_by = self.referred.remove(&index);
        let first_name = *demo::FIRST_NAMES.choose(rng).expect("names");
        let last_name = *demo::LAST_NAMES.choose(rng).expect("names");
        let company = rng.gen_bool(0.6).then(|| {
            (
                *demo::COMPANY_NAMES.choose(rng).expect("names"),
                *demo::COMPANY_KINDS.choose(rng).expect("kinds"),
            )
        });
        let email = rng.gen_bool(0.5).then(|| {
            let domain = ["example.com", "example.net", "example.org"]
                .choose(rng)
                .expect("domains");
            format!(
                "{}.{}{}@{domain}",
                first_name.to_lowercase(),
                last_name.to_lowercase().replace('\'', ""),
                index % 1_000
            )
        });
        let channel = match (referred_by, self.referral_channel) {
            (Some(_), Some(referral)) => referral,
            _ => self.channel_weights.sample(rng),
        };
        let reps = self.plan.reps as usize;
        let rep = rng.gen_range(0..reps);
        let mut tags = Vec::new();
        if rng.gen_bool(TAGGED) {
            let segment = rng.gen_range(0..100);
            tags.push(match segment {
                0..55 => 0,
                55..85 => 1,
                _ => 2,
            });
            if rng.gen_bool(SECOND_TAG) {
                tags.push(rng.gen_range(3..TAGS.len()));
            }
        }
        let area = demo::AREA_CODES[(index % demo::AREA_CODES.len() as u64) as usize];
        let line = 2_000_000 + index / demo::AREA_CODES.len() as u64;

        let created_at = basics.created_at;
        let mut story = LeadStory {
            index,
            id: basics.id,
            first_name,
            last_name,
            phone: format!("+1{area}{line:07}"),
            email,
            company,
            channel,
            rep,
            referred_by,
            tags,
            entry: basics.entry,
            created_at,
            reach: basics.reach,
            calls: Vec::with_capacity(call_count),
            events: Vec::new(),
            reaches: (0..=basics.entry.index())
                .filter_map(Stage::from_index)
                .map(|stage| (stage, created_at))
                .collect(),
            position: FunnelPosition::entering_at(basics.entry, false),
            lost_reason: None,
            deal_value: None,
            won_at: None,
            lost_at: None,
            do_not_call: false,
            next_contact_at: None,
            updated_at: created_at,
        };
        story.events.push(EventRecord {
            to: basics.entry,
            kind: EventKind::Create,
            ..event(EventActor::Manager, created_at)
        });

        self.calls(&mut story, call_count, rng);
        // Calls move a lead on to `connect` and `interest`, dated by the call.
        let mut interested_at = (basics.entry == Stage::Interest).then_some(created_at);
        for k in 0..story.calls.len() {
            let call = story.calls[k].clone();
            let moves = automatic_moves(
                story.position.stage,
                story.position.status,
                call.outcome,
                call.intent,
            );
            for to in moves {
                let actor = EventActor::Call {
                    rep: usize::from(call.rep),
                    call: call.id,
                };
                if story.apply(&move_to(to, false), event(actor, call.started_at))
                    && to == Stage::Interest
                {
                    interested_at = Some(call.started_at);
                }
            }
            story.updated_at = story.updated_at.max(call.logged_at());
        }
        if let Some(at) = interested_at {
            self.pursue(&mut story, at, rng);
        }
        if story.position.status == LeadStatus::Won && rng.gen_bool(REFERS) {
            self.refer(&mut story, rng);
        }
        let asked_not_to_call = self.maybe_do_not_call(&mut story, rng);
        if asked_not_to_call.is_none() {
            self.maybe_lose(&mut story, rng);
        }
        // The newest call's follow-up is the lead's, unless the customer asked not to be
        // called after it was logged.
        story.next_contact_at = match (story.calls.last(), asked_not_to_call) {
            (Some(call), Some(asked)) if call.logged_at() <= asked => None,
            (Some(call), _) => call.next_contact_at,
            (None, _) => None,
        };
        story
    }

    /// The lead's calls: how each ends, then when each happens, squeezed into the working
    /// time left when the lead came in too late for them all at the usual pace.
    fn calls(&self, story: &mut LeadStory, count: usize, rng: &mut ChaCha8Rng) {
        if count == 0 {
            return;
        }
        let reps = self.plan.reps as usize;
        let clear = CLEAR_INTENT / WARM_SHARE;
        let mut gaps = Vec::with_capacity(count);
        let mut gap = rng.gen_range(300..2 * WORKDAY);
        for _ in 0..count {
            let outcome = match story.reach {
                Reach::DeadNumber => {
                    if rng.gen_bool(0.6) {
                        Outcome::InvalidNumber
                    } else {
                        Outcome::OutOfService
                    }
                }
                Reach::Unreachable => demo::DIAL_OUTCOMES[1 + self.unanswered.sample(rng)].0,
                Reach::Reachable { .. } => {
                    if rng.gen_bool(self.reachable_connects) {
                        Outcome::Connected
                    } else {
                        demo::DIAL_OUTCOMES[1 + self.unanswered.sample(rng)].0
                    }
                }
            };
            let intent = (outcome == Outcome::Connected).then(|| {
                let roll: f64 = rng.gen();
                let clear = match story.reach {
                    Reach::Reachable { warm: true } => clear,
                    _ => 0.0,
                };
                if roll < clear {
                    Intent::Clear
                } else if roll < clear + demo::UNCLEAR_INTENT {
                    Intent::Unclear
                } else {
                    Intent::None
                }
            });
            let rep = if reps > 1 && rng.gen_bool(COVERED_BY_COLLEAGUE) {
                (story.rep + rng.gen_range(1..reps)) % reps
            } else {
                story.rep
            };
            let (ring_seconds, talk_seconds, note) = match intent {
                None => {
                    let ring = match outcome {
                        Outcome::NoAnswer => rng.gen_range(30..46),
                        Outcome::Voicemail => rng.gen_range(20..31),
                        _ => rng.gen_range(4..21),
                    };
                    // A few dialers do not report ring time; the dashboard assumes 40 s for those.
                    ((!rng.gen_bool(0.03)).then_some(ring), 0, None)
                }
                Some(intent) => {
                    let (talk, notes) = match intent {
                        Intent::Clear => (rng.gen_range(240..=600), demo::CLEAR_NOTES.len()),
                        Intent::Unclear => (rng.gen_range(90..=420), demo::UNCLEAR_NOTES.len()),
                        Intent::None => (rng.gen_range(30..=180), demo::NONE_NOTES.len()),
                    };
                    let note = rng.gen_bool(0.5).then(|| rng.gen_range(0..notes) as u8);
                    (Some(rng.gen_range(5..26)), talk, note)
                }
            };
            let direction = if intent.is_some() && rng.gen_bool(INBOUND) {
                Direction::Inbound
            } else {
                Direction::Outbound
            };
            gaps.push(gap);
            // The pause before the next call: retries soon, agreed follow-ups in days, a
            // flat no much later.
            gap = match intent {
                None if story.reach == Reach::DeadNumber => rng.gen_range(WORKDAY..5 * WORKDAY),
                None => rng.gen_range(HOUR..2 * WORKDAY),
                Some(Intent::Clear) => rng.gen_range(WORKDAY..4 * WORKDAY),
                Some(Intent::Unclear) => rng.gen_range(2 * WORKDAY..5 * WORKDAY),
                Some(Intent::None) => rng.gen_range(3 * WORKDAY..15 * WORKDAY),
            };
            story.calls.push(CallRecord {
                id: Uuid::nil(),
                rep: rep as u16,
                direction,
                started_at: 0,
                ring_seconds,
                talk_seconds,
                outcome,
                intent,
                note,
                // For now the pause agreed; it becomes a time below.
                next_contact_at: (intent == Some(Intent::Unclear)).then_some(gap),
                do_not_call: false,
                logged_after: 0,
            });
        }
        let first = self.calendar.working_clock(story.created_at);
        let last = self.calendar.working_total() - 1;
        let room = i128::from(last - first);
        let needed: i128 = gaps.iter().map(|&g| i128::from(g)).sum();
        let mut clock = first;
        for (call, gap) in story.calls.iter_mut().zip(gaps) {
            let gap = if needed > room {
                (i128::from(gap) * room / needed) as i64
            } else {
                gap
            };
            clock = (clock + gap.max(1)).min(last);
            call.started_at = self.calendar.at_working(clock);
            call.id = time_ordered_id(call.started_at, rng);
            call.next_contact_at = call
                .next_contact_at
                .map(|pause| self.calendar.at_working(clock + pause));
            call.logged_after = call.ring_seconds.unwrap_or(0).unsigned_abs()
                + call.talk_seconds
                + rng.gen_range(5..60);
        }
    }

    /// The stages after `interest`, moved by hand by the owner at falling rates, as far as
    /// the history reaches.
    fn pursue(&self, story: &mut LeadStory, interested_at: i64, rng: &mut ChaCha8Rng) {
        let total = self.calendar.working_total();
        let mut clock = self.calendar.working_clock(interested_at);
        let owner = EventActor::Rep(story.rep);
        let steps: [(Stage, f64, std::ops::Range<i64>); 3] = [
            (Stage::Interest, TO_NEED, WORKDAY..10 * WORKDAY),
            (Stage::Need, TO_EVALUATE, 2 * WORKDAY..15 * WORKDAY),
            (Stage::Evaluate, TO_DECIDE, 3 * WORKDAY..20 * WORKDAY),
        ];
        for (from, chance, pause) in steps {
            if story.position.stage != from || !rng.gen_bool(chance) {
                continue;
            }
            clock += rng.gen_range(pause);
            if clock >= total {
                return;
            }
            let at = self.calendar.at_working(clock);
            let to = match from {
                Stage::Interest if rng.gen_bool(SKIP_NEED) => Stage::Evaluate,
                Stage::Need if rng.gen_bool(SKIP_EVALUATE) => Stage::Decide,
                _ => Stage::from_index(from.index() + 1).unwrap_or(from),
            };
            let deal_value = (to == Stage::Decide).then(|| major(rng.gen_range(10..=100) * 50));
            let details = EventRecord {
                deal_value,
                ..event(owner, at)
            };
            story.apply(&move_to(to, deal_value.is_some()), details);
        }
    }

    /// A won customer brings a lead that comes in some days later; creating it moves the
    /// customer on to `referral`.
    fn refer(&mut self, story: &mut LeadStory, rng: &mut ChaCha8Rng) {
        let Some(won_at) = story.won_at else {
            return;
        };
        let after = won_at + rng.gen_range(5..60) * DAY;
        let Some((index, created_at, id)) = self.referral_for(story.index, after) else {
            return;
        };
        let details = EventRecord {
            reason: Some(format!("referred lead {id}")),
            ..event(EventActor::Manager, created_at)
        };
        if story.apply(&move_to(Stage::Referral, false), details) {
            self.referred.insert(index, story.id);
        }
    }

    /// A lead whose last conversation was a flat no may ask not to be called again; a
    /// dial logged after that is stored and flagged. Answers when it asked.
    fn maybe_do_not_call(&self, story: &mut LeadStory, rng: &mut ChaCha8Rng) -> Option<i64> {
        if story.position.stage != Stage::Connect || story.position.status != LeadStatus::Open {
            return None;
        }
        let k = story
            .calls
            .iter()
            .rposition(|c| c.outcome == Outcome::Connected)?;
        if story.calls[k].intent != Some(Intent::None)
            || story.calls.len() - k > 2
            || !rng.gen_bool(ASKS_DO_NOT_CALL)
        {
            return None;
        }
        story.do_not_call = true;
        let asked_at = story.calls[k].logged_at() + 60;
        story.updated_at = story.updated_at.max(asked_at);
        for call in &mut story.calls[k + 1..] {
            call.do_not_call = call.logged_at() > asked_at;
        }
        Some(asked_at)
    }

    /// An open lead may be written off some days after the last thing that happened to it.
    fn maybe_lose(&self, story: &mut LeadStory, rng: &mut ChaCha8Rng) {
        if story.position.status != LeadStatus::Open {
            return;
        }
        let (chance, reasons) = loss(story.position.stage, story.reach, story.calls.len());
        if reasons.is_empty() || !rng.gen_bool(chance) {
            return;
        }
        let last = story.updated_at;
        let clock = self.calendar.working_clock(last) + rng.gen_range(HOUR..5 * WORKDAY);
        if clock >= self.calendar.working_total() {
            return;
        }
        let reason = *reasons.choose(rng).expect("reasons");
        let details = EventRecord {
            lost_reason: Some(reason),
            ..event(EventActor::Rep(story.rep), self.calendar.at_working(clock))
        };
        story.apply(&Change::MarkLost, details);
    }
}

impl Iterator for Generator {
    type Item = LeadStory;

    fn next(&mut self) -> Option<LeadStory> {
        self.next_story()
    }
}

// ---------------------------------------------------------------------------------------
// Rows in PostgreSQL's binary COPY format.

/// 2000-01-01, PostgreSQL's epoch, in Unix seconds.
const POSTGRES_EPOCH: i64 = 946_684_800;

/// Rows for one `COPY ... FROM STDIN (FORMAT binary)`.
struct CopyRows {
    data: Vec<u8>,
    rows: u64,
}

impl CopyRows {
    fn new() -> Self {
        let mut data = Vec::with_capacity(1 << 16);
        data.extend_from_slice(b"PGCOPY\n\xff\r\n\0");
        // No flags, no header extension.
        data.extend_from_slice(&0i32.to_be_bytes());
        data.extend_from_slice(&0i32.to_be_bytes());
        Self { data, rows: 0 }
    }

    fn row(&mut self, columns: i16) {
        self.rows += 1;
        self.data.extend_from_slice(&columns.to_be_bytes());
    }

    fn field(&mut self, bytes: &[u8]) {
        self.data
            .extend_from_slice(&(bytes.len() as i32).to_be_bytes());
        self.data.extend_from_slice(bytes);
    }

    fn null(&mut self) {
        self.data.extend_from_slice(&(-1i32).to_be_bytes());
    }

    fn option<T>(&mut self, value: Option<T>, write: impl FnOnce(&mut Self, T)) {
        match value {
            Some(value) => write(self, value),
            None => self.null(),
        }
    }

    fn uuid(&mut self, id: Uuid) {
        self.field(id.as_bytes());
    }

    fn text(&mut self, text: &str) {
        self.field(text.as_bytes());
    }

    /// Text joined from parts, without building the string first.
    fn text_of(&mut self, parts: &[&str]) {
        let length: usize = parts.iter().map(|p| p.len()).sum();
        self.data.extend_from_slice(&(length as i32).to_be_bytes());
        for part in parts {
            self.data.extend_from_slice(part.as_bytes());
        }
    }

    fn smallint(&mut self, value: i16) {
        self.field(&value.to_be_bytes());
    }

    fn int(&mut self, value: i32) {
        self.field(&value.to_be_bytes());
    }

    fn bigint(&mut self, value: i64) {
        self.field(&value.to_be_bytes());
    }

    fn boolean(&mut self, value: bool) {
        self.field(&[u8::from(value)]);
    }

    /// A `timestamptz` from Unix seconds.
    fn timestamp(&mut self, at: i64) {
        self.bigint((at - POSTGRES_EPOCH) * 1_000_000);
    }

    fn finish(mut self) -> Vec<u8> {
        self.data.extend_from_slice(&(-1i16).to_be_bytes());
        self.data
    }
}

/// A table that the lead batches fill, and the columns they fill in it.
struct BatchTable {
    name: &'static str,
    columns: &'static str,
}

impl BatchTable {
    /// `COPY` into a table emptied in the same transaction can write the rows frozen: visible
    /// to everyone from the start, so the first reads after the load need not touch every page.
    fn copy_statement(&self, frozen: bool) -> String {
        let freeze = if frozen { ", FREEZE" } else { "" };
        format!(
            "COPY {} ({}) FROM STDIN (FORMAT binary{freeze})",
            self.name, self.columns
        )
    }
}

const BATCH_TABLES: [BatchTable; 5] = [
    BatchTable {
        name: "leads",
        columns: "id, name, phone, phone_bad, email, company, source, owner_id, stage, max_stage, entry_stage, \
                  status, lost_stage, lost_reason_id, deal_value, referred_by, do_not_call, next_contact_at, \
                  last_call_at, last_call_outcome, last_call_intent, call_count, won_at, lost_at, created_at, updated_at",
    },
    BatchTable {
        name: "calls",
        columns: "id, lead_id, rep_id, direction, started_at, ring_seconds, talk_seconds, outcome, intent, notes, \
                  next_contact_at, do_not_call, created_at",
    },
    BatchTable {
        name: "stage_events",
        columns: "lead_id, from_stage, to_stage, kind, reason, lost_reason_id, deal_value, actor_user_id, \
                  actor_call_id, created_at",
    },
    BatchTable {
        name: "stage_reaches",
        columns: "lead_id, stage, reached_at",
    },
    BatchTable {
        name: "lead_tags",
        columns: "lead_id, tag_id",
    },
];

/// Rows for each of `BATCH_TABLES`: leads with their events, first reaches and tags, and the
/// calls (of these or earlier leads) that started by the time the last of them came in.
struct Batch {
    tables: [CopyRows; 5],
}

impl Batch {
    fn new() -> Self {
        Self {
            tables: std::array::from_fn(|_| CopyRows::new()),
        }
    }

    fn leads(&self) -> u64 {
        self.tables[0].rows
    }

    fn calls(&self) -> u64 {
        self.tables[1].rows
    }

    fn is_full(&self) -> bool {
        self.leads() >= LEADS_PER_BATCH || self.calls() >= CALLS_PER_BATCH
    }

    fn is_empty(&self) -> bool {
        self.tables.iter().all(|t| t.rows == 0)
    }
}

/// Turns lead stories into rows, with the ids of what they point at.
struct Encoder {
    manager: Uuid,
    reps: Vec<Uuid>,
    tags: Vec<Uuid>,
    channels: Vec<String>,
    history_start: i64,
    /// Calls not yet written.
    calls: BinaryHeap<WaitingCall>,
}

impl Encoder {
    /// Write a lead and what belongs to it; its calls wait their turn (`release_calls`).
    fn encode(&mut self, story: LeadStory, batch: &mut Batch) {
        let [leads, _, events, reaches, lead_tags] = &mut batch.tables;
        let last_call = story.calls.last();
        let position = story.position;
        leads.row(26);
        leads.uuid(story.id);
        leads.text_of(&[story.first_name, " ", story.last_name]);
        leads.text(&story.phone);
        leads.boolean(story.calls.iter().any(|c| c.outcome.marks_phone_bad()));
        leads.option(story.email.as_deref(), CopyRows::text);
        leads.option(story.company, |rows, (name, kind)| {
            rows.text_of(&[name, " ", kind])
        });
        leads.text(&self.channels[story.channel]);
        leads.uuid(self.reps[story.rep]);
        leads.smallint(position.stage.index());
        leads.smallint(position.max_stage.index());
        leads.smallint(story.entry.index());
        leads.text(position.status.as_str());
        leads.option(position.lost_stage.map(Stage::index), CopyRows::smallint);
        leads.option(story.lost_reason.map(lost_reason_id), CopyRows::uuid);
        leads.option(story.deal_value, CopyRows::bigint);
        leads.option(story.referred_by, CopyRows::uuid);
        leads.boolean(story.do_not_call);
        leads.option(story.next_contact_at, CopyRows::timestamp);
        leads.option(last_call.map(|c| c.started_at), CopyRows::timestamp);
        leads.option(last_call.map(|c| c.outcome.as_str()), CopyRows::text);
        leads.option(
            last_call.and_then(|c| c.intent).map(Intent::as_str),
            CopyRows::text,
        );
        leads.int(story.calls.len() as i32);
        leads.option(story.won_at, CopyRows::timestamp);
        leads.option(story.lost_at, CopyRows::timestamp);
        leads.timestamp(story.created_at);
        leads.timestamp(story.updated_at);

        for event in &story.events {
            let (user, call) = match event.actor {
                EventActor::Manager => (self.manager, None),
                EventActor::Rep(rep) => (self.reps[rep], None),
                EventActor::Call { rep, call } => (self.reps[rep], Some(call)),
            };
            events.row(10);
            events.uuid(story.id);
            events.option(event.from.map(Stage::index), CopyRows::smallint);
            events.smallint(event.to.index());
            events.text(event.kind.as_str());
            events.option(event.reason.as_deref(), CopyRows::text);
            events.option(event.lost_reason.map(lost_reason_id), CopyRows::uuid);
            events.option(event.deal_value, CopyRows::bigint);
            events.uuid(user);
            events.option(call, CopyRows::uuid);
            events.timestamp(event.at);
        }

        for &(stage, at) in &story.reaches {
            reaches.row(3);
            reaches.uuid(story.id);
            reaches.smallint(stage.index());
            reaches.timestamp(at);
        }

        for &tag in &story.tags {
            lead_tags.row(2);
            lead_tags.uuid(story.id);
            lead_tags.uuid(self.tags[tag]);
        }
        let (lead, start) = (story.id, self.history_start);
        self.calls.extend(
            story
                .calls
                .into_iter()
                .map(|call| WaitingCall::new(call, lead, start)),
        );
    }

    /// Write the waiting calls that started by `until`, earliest first, until the batch
    /// is full. Every lead still to come came in at or after the last one written, and its
    /// calls start after that, so the calls go in in the order they started.
    fn release_calls(&mut self, until: i64, batch: &mut Batch) {
        while batch.calls() < CALLS_PER_BATCH {
            match self.calls.peek() {
                Some(next) if self.history_start + i64::from(next.started) <= until => {}
                _ => return,
            }
            let Some(call) = self.calls.pop() else {
                return;
            };
            let started_at = self.history_start + i64::from(call.started);
            let calls = &mut batch.tables[1];
            calls.row(13);
            calls.uuid(call.id);
            calls.uuid(call.lead);
            calls.uuid(self.reps[usize::from(call.rep)]);
            calls.text(call.direction.as_str());
            calls.timestamp(started_at);
            calls.option(
                (call.ring_seconds >= 0).then_some(i32::from(call.ring_seconds)),
                CopyRows::int,
            );
            calls.int(i32::from(call.talk_seconds));
            calls.text(call.outcome.as_str());
            calls.option(call.intent.map(Intent::as_str), CopyRows::text);
            calls.option(call.notes(), CopyRows::text);
            calls.option(
                (call.next_contact_after > 0)
                    .then(|| started_at + i64::from(call.next_contact_after)),
                CopyRows::timestamp,
            );
            calls.boolean(call.do_not_call);
            calls.timestamp(started_at + i64::from(call.logged_after));
        }
    }
}

// ---------------------------------------------------------------------------------------
// Loading.

/// Fill an empty database with the data set `plan` describes, in one transaction, and
/// update the planner's statistics. Refuses a database that holds any lead.
pub async fn generate(db: &PgPool, plan: &Plan) -> anyhow::Result<Summary> {
    plan.check()?;
    let started = Instant::now();
    let mut summary = Summary {
        tables: Vec::new(),
        steps: Vec::new(),
        seconds: 0.0,
    };
    // A connection of its own, so that the load's long statements are not logged as slow.
    let options = (*db.connect_options()).clone().disable_statement_logging();
    let mut conn = PgConnection::connect_with(&options).await?;
    let mut tx = conn.begin().await?;
    // Other writers of leads wait until the load is in; readers carry on.
    sqlx::query!("LOCK TABLE leads IN EXCLUSIVE MODE")
        .execute(&mut *tx)
        .await?;
    let has_leads: bool =
        sqlx::query_scalar!(r#"SELECT EXISTS (SELECT 1 FROM leads) AS "exists!""#)
            .fetch_one(&mut *tx)
            .await?;
    if has_leads {
        bail!("this database already holds leads; bench-data only fills an empty database");
    }
    sqlx::query!("SET LOCAL session_replication_role = replica")
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            anyhow::anyhow!(
                "bench-data needs a PostgreSQL superuser, to load with triggers and foreign-key checks off ({e})"
            )
        })?;
    // A server-wide statement timeout must not cut the load short.
    sqlx::query!("SET LOCAL statement_timeout = 0")
        .execute(&mut *tx)
        .await?;
    check_lost_reasons(&mut tx).await?;

    let calendar = Calendar::new(plan.end, plan.days);
    let streams = Streams::new(plan.seed);
    let at = Instant::now();
    let users = plan_team(plan, &calendar, &streams);
    insert_team(&mut tx, &users, calendar.start).await?;
    summary.tables.push(TableLoad {
        table: "users",
        rows: users.len() as u64,
        seconds: at.elapsed().as_secs_f64(),
    });
    let team = Team {
        manager: users[0].id,
        reps: users[1..].iter().map(|u| u.id).collect(),
    };

    let at = Instant::now();
    let (tags, tag_rows) = insert_tags(&mut tx, calendar.start, &streams).await?;
    summary.tables.push(TableLoad {
        table: "tags",
        rows: tag_rows,
        seconds: at.elapsed().as_secs_f64(),
    });

    let at = Instant::now();
    let spend = plan_spend(plan, &calendar, &streams);
    insert_spend(&mut tx, &spend, team.manager).await?;
    summary.tables.push(TableLoad {
        table: "spend",
        rows: spend.len() as u64,
        seconds: at.elapsed().as_secs_f64(),
    });

    let frozen = empty_for_frozen_copy(&mut tx).await?;
    // Building the secondary indexes once after the load is about a third faster than keeping
    // them up to date row by row; the unique ones stay.
    let at = Instant::now();
    let indexes = drop_secondary_indexes(&mut tx).await?;
    summary
        .steps
        .push(("dropping secondary indexes", at.elapsed().as_secs_f64()));

    let encoder = Encoder {
        manager: team.manager,
        reps: team.reps,
        tags,
        channels: channel_names(plan.channels),
        history_start: calendar.start,
        calls: BinaryHeap::new(),
    };
    load_leads(&mut tx, plan, encoder, frozen, &mut summary).await?;
    fill_lead_search(&mut tx, &mut summary).await?;

    let at = Instant::now();
    sqlx::query!("SET LOCAL maintenance_work_mem = '256MB'")
        .execute(&mut *tx)
        .await?;
    for definition in &indexes {
        sqlx::query(definition)
            .execute(&mut *tx)
            .await
            .with_context(|| format!("cannot rebuild an index: {definition}"))?;
    }
    summary
        .steps
        .push(("building secondary indexes", at.elapsed().as_secs_f64()));

    let at = Instant::now();
    tx.commit().await?;
    summary.steps.push(("commit", at.elapsed().as_secs_f64()));

    let at = Instant::now();
    sqlx::query(&format!("ANALYZE {}", LOADED_TABLES.join(", ")))
        .execute(&mut conn)
        .await?;
    summary.steps.push(("analyze", at.elapsed().as_secs_f64()));
    conn.close().await?;

    // The load went around the rollup triggers; count it all once, from the raw tables.
    let at = Instant::now();
    leadline_core::storage::rollups::rebuild(db).await?;
    summary.steps.push((
        "rebuilding the dashboard rollups",
        at.elapsed().as_secs_f64(),
    ));

    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Every table `generate` writes.
const LOADED_TABLES: [&str; 9] = [
    "users",
    "tags",
    "spend",
    "leads",
    "calls",
    "stage_events",
    "stage_reaches",
    "lead_tags",
    "lead_search",
];

async fn check_lost_reasons(conn: &mut PgConnection) -> anyhow::Result<()> {
    let ids: Vec<Uuid> = (1..=LOST_REASONS).map(lost_reason_id).collect();
    let found: i64 = sqlx::query_scalar!(
        r#"SELECT count(*) AS "found!" FROM lost_reasons WHERE id = ANY($1)"#,
        &ids,
    )
    .fetch_one(&mut *conn)
    .await?;
    if found != i64::from(LOST_REASONS) {
        bail!(
            "bench-data needs the seven lost reasons a new installation starts with \
             ({} to {}); this database lacks some",
            ids[0],
            ids[ids.len() - 1]
        );
    }
    Ok(())
}

async fn insert_team(
    conn: &mut PgConnection,
    users: &[PlannedUser],
    created_at: i64,
) -> anyhow::Result<()> {
    let ids: Vec<Uuid> = users.iter().map(|u| u.id).collect();
    let emails: Vec<&str> = users.iter().map(|u| u.email.as_str()).collect();
    let names: Vec<&str> = users.iter().map(|u| u.name.as_str()).collect();
    let roles: Vec<&str> = users.iter().map(|u| u.role).collect();
    sqlx::query!(
        "INSERT INTO users (id, email, name, role, password_hash, created_at)
         SELECT u.id, u.email, u.name, u.role, $5, $6
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS u(id, email, name, role)",
        &ids,
        &emails as &[&str],
        &names as &[&str],
        &roles as &[&str],
        UNUSABLE_PASSWORD_HASH,
        timestamp(created_at),
    )
    .execute(&mut *conn)
    .await
    .with_context(|| format!("cannot add the bench team (users @{EMAIL_DOMAIN})"))?;
    Ok(())
}

/// The bench tags, created where missing; answers their ids in `TAGS` order and how many
/// were created.
async fn insert_tags(
    conn: &mut PgConnection,
    created_at: i64,
    streams: &Streams,
) -> anyhow::Result<(Vec<Uuid>, u64)> {
    let mut rng = streams.stream(TAG_STREAM);
    let ids: Vec<Uuid> = TAGS
        .iter()
        .map(|_| time_ordered_id(created_at, &mut rng))
        .collect();
    let names: Vec<&str> = TAGS.iter().map(|t| t.0).collect();
    let groups: Vec<Option<&str>> = TAGS.iter().map(|t| t.1).collect();
    let created = sqlx::query!(
        "INSERT INTO tags (id, name, tag_group, created_at)
         SELECT t.id, t.name, t.tag_group, $4 FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(id, name, tag_group)
         ON CONFLICT (name) DO NOTHING",
        &ids,
        &names as &[&str],
        &groups as &[Option<&str>],
        timestamp(created_at),
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    let ids: Vec<Uuid> = sqlx::query_scalar!(
        "SELECT t.id FROM unnest($1::text[]) WITH ORDINALITY AS n(name, position)
         JOIN tags t ON t.name = n.name ORDER BY n.position",
        &names as &[&str],
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok((ids, created))
}

async fn insert_spend(
    conn: &mut PgConnection,
    entries: &[PlannedSpend],
    created_by: Uuid,
) -> anyhow::Result<()> {
    let ids: Vec<Uuid> = entries.iter().map(|e| e.id).collect();
    let days: Vec<NaiveDate> = entries.iter().map(|e| e.spent_on).collect();
    let amounts: Vec<i64> = entries.iter().map(|e| e.amount).collect();
    let categories: Vec<&str> = entries.iter().map(|e| e.category.as_str()).collect();
    let channels: Vec<Option<&str>> = entries.iter().map(|e| e.channel.as_deref()).collect();
    let notes: Vec<&str> = entries.iter().map(|e| e.note.as_str()).collect();
    let created_at: Vec<DateTime<Utc>> = entries
        .iter()
        .map(|e| timestamp(unix(e.spent_on)))
        .collect();
    sqlx::query!(
        "INSERT INTO spend (id, spent_on, amount, category, channel, note, created_by, created_at)
         SELECT s.id, s.spent_on, s.amount, s.category, s.channel, s.note, $8, s.created_at
         FROM unnest($1::uuid[], $2::date[], $3::int8[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
              AS s(id, spent_on, amount, category, channel, note, created_at)",
        &ids,
        &days,
        &amounts,
        &categories as &[&str],
        &channels as &[Option<&str>],
        &notes as &[&str],
        &created_at,
        created_by,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Empty the tables the lead batches fill (they hold no rows without leads), so that `COPY`
/// may freeze the rows; answers whether it could. A table outside the load that refers to
/// one of them stops this, and the load goes on without freezing.
async fn empty_for_frozen_copy(conn: &mut PgConnection) -> anyhow::Result<bool> {
    // The velocity pairs (and their copies per tag), the search text, the tasks, touches
    // and notifications refer to leads; the rebuild after the load fills the pairs again,
    // `fill_lead_search` the text, and an empty database has none of the others.
    let tables: Vec<&str> = BATCH_TABLES
        .iter()
        .map(|t| t.name)
        .chain([
            "velocity_pairs",
            "velocity_tag_pairs",
            "lead_search",
            "tasks",
            "touches",
            "notifications",
        ])
        .collect();
    sqlx::query!("SAVEPOINT before_truncate")
        .execute(&mut *conn)
        .await?;
    let truncated = sqlx::query(&format!("TRUNCATE {}", tables.join(", ")))
        .execute(&mut *conn)
        .await;
    let release = if truncated.is_ok() {
        "RELEASE SAVEPOINT before_truncate"
    } else {
        "ROLLBACK TO SAVEPOINT before_truncate"
    };
    sqlx::query(release).execute(&mut *conn).await?;
    Ok(truncated.is_ok())
}

/// Drop the non-unique indexes of the tables the load fills; answers their definitions,
/// to build them again.
async fn drop_secondary_indexes(conn: &mut PgConnection) -> anyhow::Result<Vec<String>> {
    let tables: Vec<&str> = BATCH_TABLES
        .iter()
        .map(|t| t.name)
        .chain(["lead_search"])
        .collect();
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i \
         WHERE i.indrelid = ANY($1::text[]::regclass[]) AND NOT i.indisunique \
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) \
         ORDER BY i.indrelid, 1",
    )
    .bind(&tables)
    .fetch_all(&mut *conn)
    .await?;
    for (name, _) in &indexes {
        sqlx::query(&format!("DROP INDEX {name}"))
            .execute(&mut *conn)
            .await?;
    }
    Ok(indexes
        .into_iter()
        .map(|(_, definition)| definition)
        .collect())
}

/// The leads' search text, which the trigger on `leads` writes, off during the load.
async fn fill_lead_search(conn: &mut PgConnection, summary: &mut Summary) -> anyhow::Result<()> {
    let at = Instant::now();
    let rows = sqlx::query!(
        "INSERT INTO lead_search (lead_id, text, created_at)
         SELECT id, lead_search_text(name, phone, email, company), created_at FROM leads",
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    summary.tables.push(TableLoad {
        table: "lead_search",
        rows,
        seconds: at.elapsed().as_secs_f64(),
    });
    Ok(())
}

/// Generate the leads on a thread of their own and `COPY` them in batch by batch.
async fn load_leads(
    conn: &mut PgConnection,
    plan: &Plan,
    mut encoder: Encoder,
    frozen: bool,
    summary: &mut Summary,
) -> anyhow::Result<()> {
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Batch>(BATCHES_AHEAD);
    let plan = plan.clone();
    let worker = std::thread::Builder::new()
        .name("bench-data".to_owned())
        .spawn(move || {
            let mut batch = Batch::new();
            for story in Generator::new(&plan) {
                let came_in = story.created_at;
                encoder.encode(story, &mut batch);
                encoder.release_calls(came_in, &mut batch);
                if batch.is_full() {
                    let full = std::mem::replace(&mut batch, Batch::new());
                    if sender.blocking_send(full).is_err() {
                        return;
                    }
                }
            }
            loop {
                encoder.release_calls(i64::MAX, &mut batch);
                if batch.is_empty() {
                    return;
                }
                let full = std::mem::replace(&mut batch, Batch::new());
                if sender.blocking_send(full).is_err() {
                    return;
                }
            }
        })
        .context("cannot start the generator thread")?;

    let started = Instant::now();
    let mut loads: Vec<TableLoad> = BATCH_TABLES
        .iter()
        .map(|t| TableLoad {
            table: t.name,
            rows: 0,
            seconds: 0.0,
        })
        .collect();
    let mut waited = 0.0;
    let mut next_progress = PROGRESS_EVERY;
    loop {
        let waiting = Instant::now();
        let Some(batch) = receiver.recv().await else {
            break;
        };
        waited += waiting.elapsed().as_secs_f64();
        for ((table, rows), load) in BATCH_TABLES.iter().zip(batch.tables).zip(&mut loads) {
            let at = Instant::now();
            load.rows += rows.rows;
            copy_in(conn, &table.copy_statement(frozen), rows.finish())
                .await
                .with_context(|| format!("cannot load {}", table.name))?;
            load.seconds += at.elapsed().as_secs_f64();
        }
        let total: u64 = loads.iter().map(|l| l.rows).sum();
        if total >= next_progress {
            let tables: Vec<String> = loads
                .iter()
                .map(|l| format!("{} {}", thousands(l.rows), l.table))
                .collect();
            eprintln!(
                "bench-data: {} rows ({}) in {:.0} s",
                thousands(total),
                tables.join(", "),
                started.elapsed().as_secs_f64()
            );
            next_progress = (total / PROGRESS_EVERY + 1) * PROGRESS_EVERY;
        }
    }
    drop(receiver);
    tokio::task::spawn_blocking(move || worker.join())
        .await?
        .map_err(|_| anyhow::anyhow!("the bench data generator failed"))?;
    summary.tables.extend(loads);
    summary.steps.push(("waiting for generated rows", waited));
    Ok(())
}

async fn copy_in(conn: &mut PgConnection, statement: &str, data: Vec<u8>) -> anyhow::Result<u64> {
    let mut copy = conn.copy_in_raw(statement).await?;
    if let Err(e) = copy.send(data).await {
        copy.abort(e.to_string()).await.ok();
        return Err(e.into());
    }
    Ok(copy.finish().await?)
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(leads: u64, calls: u64) -> Plan {
        Plan {
            leads,
            calls,
            end: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            ..Plan::default()
        }
    }

    #[test]
    fn the_same_plan_generates_the_same_leads() {
        let a: Vec<LeadStory> = Generator::new(&plan(300, 3_000)).collect();
        let b: Vec<LeadStory> = Generator::new(&plan(300, 3_000)).collect();
        assert_eq!(a, b);
        let other = Plan {
            seed: 8,
            ..plan(300, 3_000)
        };
        let c: Vec<LeadStory> = Generator::new(&other).collect();
        assert_ne!(a, c);
    }

    #[test]
    fn the_working_clock_maps_back_and_forth() {
        let calendar = Calendar::new(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(), 30);
        for clock in (0..calendar.working_total()).step_by(7_919) {
            let at = calendar.at_working(clock);
            assert_eq!(calendar.working_clock(at), clock);
            let day = timestamp(at);
            assert!(is_working_day(day.date_naive()));
            assert!((9..18).contains(&chrono::Timelike::hour(&day)));
        }
        // Saturday noon counts as Monday 09:00.
        let saturday = unix(NaiveDate::from_ymd_opt(2026, 2, 21).unwrap()) + 12 * HOUR;
        let monday = unix(NaiveDate::from_ymd_opt(2026, 2, 23).unwrap()) + 9 * HOUR;
        assert_eq!(
            calendar.at_working(calendar.working_clock(saturday)),
            monday
        );
        assert!(calendar.at_working(calendar.working_total()) >= calendar.end());
    }

    #[test]
    fn calls_are_shared_out_exactly_in_working_hours_after_the_lead_came_in() {
        let plan = plan(3_000, 31_234);
        let calendar = Calendar::new(plan.end, plan.days);
        let stories: Vec<LeadStory> = Generator::new(&plan).collect();
        assert_eq!(stories.len(), 3_000);
        let calls: usize = stories.iter().map(|s| s.calls.len()).sum();
        assert_eq!(calls, 31_234);
        let mut previous = calendar.start;
        for story in &stories {
            assert!(story.created_at >= previous, "leads come in in order");
            previous = story.created_at;
            assert!(story.created_at < calendar.end());
            let mut last = story.created_at;
            for call in &story.calls {
                assert!(call.started_at > last, "{story:?}");
                assert!(call.started_at < calendar.end());
                let at = timestamp(call.started_at);
                assert!(is_working_day(at.date_naive()));
                assert!((9..18).contains(&chrono::Timelike::hour(&at)));
                last = call.started_at;
            }
        }
    }

    #[test]
    fn every_lead_replays_through_the_funnel_rules() {
        let stories: Vec<LeadStory> = Generator::new(&plan(5_000, 50_000)).collect();
        for story in &stories {
            let (create, changes) = story.events.split_first().unwrap();
            assert_eq!(create.kind, EventKind::Create);
            assert_eq!(create.to, story.entry);
            let mut position = FunnelPosition::entering_at(story.entry, false);
            let mut at = create.at;
            for event in changes {
                assert!(event.at >= at, "events in time order: {story:?}");
                at = event.at;
                let change = match event.kind {
                    EventKind::Lost => Change::MarkLost,
                    _ => move_to(event.to, event.deal_value.is_some()),
                };
                let t = stage::apply(position, &change).unwrap();
                assert_eq!(
                    (t.kind, Some(t.from), t.to),
                    (event.kind, event.from, event.to)
                );
                position = t.after;
                if let EventActor::Call { call, .. } = event.actor {
                    let call = story.calls.iter().find(|c| c.id == call).unwrap();
                    assert_eq!(call.started_at, event.at);
                }
            }
            assert_eq!(position, story.position);
            let reached: Vec<i16> = story.reaches.iter().map(|r| r.0.index()).collect();
            let expected: Vec<i16> = (0..=story.position.max_stage.index()).collect();
            assert_eq!(reached, expected);
            assert!(story.updated_at >= at);
            assert_eq!(
                story.position.status == LeadStatus::Won,
                story.deal_value.is_some()
            );
        }
    }

    #[test]
    fn referrals_point_back_at_won_customers_who_came_in_earlier() {
        let stories: Vec<LeadStory> = Generator::new(&plan(20_000, 200_000)).collect();
        let by_id: HashMap<Uuid, &LeadStory> = stories.iter().map(|s| (s.id, s)).collect();
        let mut referred = 0;
        for story in &stories {
            if let Some(referrer) = story.referred_by {
                referred += 1;
                let referrer = by_id[&referrer];
                assert_eq!(referrer.position.stage, Stage::Referral);
                let credit = referrer.events.last().unwrap();
                assert_eq!(credit.at, story.created_at);
                assert_eq!(
                    credit.reason.as_deref(),
                    Some(format!("referred lead {}", story.id).as_str())
                );
            }
        }
        let referrers = stories
            .iter()
            .filter(|s| s.position.max_stage == Stage::Referral)
            .count();
        assert_eq!(referred, referrers);
        assert!(referred > 0);
    }

    #[test]
    fn rates_follow_seed_000_and_the_funnel_narrows() {
        let plan = plan(20_000, 200_000);
        let stories: Vec<LeadStory> = Generator::new(&plan).collect();
        let leads = stories.len() as f64;
        let calls: Vec<&CallRecord> = stories.iter().flat_map(|s| &s.calls).collect();
        let dials = calls.len() as f64;
        let connected: Vec<&&CallRecord> = calls
            .iter()
            .filter(|c| c.outcome == Outcome::Connected)
            .collect();
        let connect_rate = connected.len() as f64 / dials;
        let intent = |intent| {
            connected
                .iter()
                .filter(|c| c.intent == Some(intent))
                .count() as f64
                / connected.len() as f64
        };
        let reached: Vec<f64> = Stage::ALL
            .iter()
            .map(|&k| stories.iter().filter(|s| s.position.max_stage >= k).count() as f64 / leads)
            .collect();
        let lost = stories
            .iter()
            .filter(|s| s.position.status == LeadStatus::Lost)
            .count() as f64
            / leads;
        let most_calls = stories.iter().map(|s| s.calls.len()).max().unwrap();
        let uncalled = stories.iter().filter(|s| s.calls.is_empty()).count() as f64 / leads;
        eprintln!(
            "connect {connect_rate:.3}, clear {:.3}, unclear {:.3}, none {:.3}, reached {reached:.3?}, \
             lost {lost:.3}, most calls {most_calls}, uncalled {uncalled:.3}",
            intent(Intent::Clear),
            intent(Intent::Unclear),
            intent(Intent::None)
        );
        assert!((0.36..0.41).contains(&connect_rate), "{connect_rate}");
        assert!((0.08..0.12).contains(&intent(Intent::Clear)));
        assert!((0.37..0.43).contains(&intent(Intent::Unclear)));
        assert!((0.46..0.54).contains(&intent(Intent::None)));
        let targets = [1.0, 0.50, 0.20, 0.10, 0.06, 0.03, 0.01];
        for (k, (&share, target)) in reached.iter().zip(targets).enumerate() {
            assert!(
                (target * 0.75..=target * 1.25).contains(&share),
                "stage {k}: {share:.3} against {target}"
            );
        }
        assert!((0.25..0.35).contains(&lost), "{lost}");
        assert!(stories.iter().any(|s| s.do_not_call));
        assert!(calls.iter().any(|c| c.do_not_call));
        let tagged = stories.iter().filter(|s| !s.tags.is_empty()).count() as f64 / leads;
        assert!((0.27..0.33).contains(&tagged), "{tagged}");
    }

    #[test]
    fn a_waiting_call_stays_small() {
        assert!(std::mem::size_of::<WaitingCall>() <= 56);
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(10_000_000), "10,000,000");
    }
}
