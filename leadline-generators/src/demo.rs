//! `leadline demo`: a believable sales team's last 90 days, so that a new installation
//! opens on a dashboard with something to say.
//!
//! A long file on purpose: the team, its channels and each lead's story are planned from
//! one seed in one place, so that the rates it shows (seed 000's) can be read off here.
//!
//! The data set: a manager and six reps; six channels; about 1,500 leads created over the
//! last 90 days (more of them lately, cold lists imported on weekday mornings, a trade show
//! six weeks ago); their calls in working hours (09:00-18:00 on the company's clock, Monday to Friday); the
//! funnel moves, losses with reasons, do-not-call requests, follow-ups and referrals that
//! follow from those calls; and three months of spend (salaries, telephony, advertising).
//!
//! Calls follow seed 000's rates: about 38% of dials connect, and of the connected calls
//! about 10% show clear intent, 40% unclear and 50% none (channels and reps differ around
//! those averages). Stages past `interest` are reached by hand at falling rates.
//!
//! Volume: a real rep makes 100-120 dials a working day. Ninety days of that would be about
//! 40,000 calls, minutes of work through the storage rules in a debug build. The demo
//! instead works each lead as a team would (first dial within a day or so, retries, agreed
//! follow-ups, giving up on the unreachable), which comes to roughly 15-20 dials per rep
//! per working day: the reps dashboard flags every rep "below norm", while the rates, the
//! funnel's shape and the costs per call, lead and deal stay believable. With seed 000's
//! rates, effectiveness (clear-intent calls per dial) is about 0.38 x 0.10 = 3.8%, under
//! seed 001's typical 5-15%, so most reps are also flagged for low effectiveness.
//!
//! Everything is written through `storage`, so every stage event, first reach and lead
//! field follows the same rules as the API. The database stamps stage events with the
//! time they are written (as for any back-dated import), so the activity view and stage
//! velocity see the whole history as happening at generation time; the cohort view, calls,
//! reps' dials and costs use the back-dated times.
//!
//! The data is a pure function of the seed and the current time ([`plan`]); only the
//! shared demo password is random.

use std::collections::HashMap;

use anyhow::Context;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Timelike, Utc, Weekday};
use futures::StreamExt;
use rand::distributions::WeightedIndex;
use rand::prelude::*;
use sqlx::PgPool;
use uuid::Uuid;

use leadline_core::credentials;
use leadline_core::domain::call::{automatic_moves, Direction, Intent, Outcome};
use leadline_core::domain::money::SpendCategory;
use leadline_core::domain::stage::{self, Change, FunnelPosition, LeadStatus, Stage};
use leadline_core::domain::user::Role;
use leadline_core::domain::zone::Zone;
use leadline_core::storage::calls::NewCall;
use leadline_core::storage::leads::{ChangeDetails, LeadPatch, NewLead};
use leadline_core::storage::spend::NewSpend;
use leadline_core::storage::{self, Actor, Scope};

/// The seed `leadline demo` uses unless told otherwise.
pub const DEFAULT_SEED: u64 = 1_000;

/// Every demo login ends with this; its presence means the demo has run already.
pub const EMAIL_DOMAIN: &str = "demo.leadline.local";

/// How far back the demo's history reaches.
pub const HISTORY_DAYS: i64 = 90;

/// Leads created over the history, before referrals are added.
const LEADS: usize = 1_500;

/// Leads written per transaction: few commits, and short ones.
const LEADS_PER_TRANSACTION: usize = 100;

/// The team: the manager first, then the reps with how often their calls end in clear
/// intent relative to the average (the multipliers average 1.0).
const MANAGER: &str = "Helen Carter";
const REPS: [(&str, f64); 6] = [
    ("Priya Raman", 1.45),
    ("Daniel Okafor", 1.2),
    ("Sofia Rossi", 1.0),
    ("Tom Becker", 0.95),
    ("Kenji Watanabe", 0.75),
    ("Amara Mensah", 0.65),
];

/// An amount in whole units of the currency, as the minor units Leadline stores.
pub(crate) const fn major(units: i64) -> i64 {
    units * 100
}

/// How a channel's leads arrive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Arrival {
    /// Any day, any waking hour, more on weekdays.
    Inbound,
    /// Bought numbers, imported on weekday mornings.
    MorningImport,
    /// Cards collected at the booth over the show's three days.
    TradeShow,
}

struct ChannelProfile {
    name: &'static str,
    /// Relative share of new leads.
    weight: u32,
    arrival: Arrival,
    /// Share of connected calls that show clear intent, before the rep's multiplier.
    clear_intent: f64,
    /// Share of leads that arrive already asking for an offer (entering at `interest`).
    enters_interested: f64,
    /// Share of numbers that turn out empty or out of service.
    dead_numbers: f64,
    /// Advertising per month, minor units; the trade show is paid once instead.
    monthly_budget: i64,
}

static CHANNELS: [ChannelProfile; 6] = [
    ChannelProfile {
        name: "google ads",
        weight: 30,
        arrival: Arrival::Inbound,
        clear_intent: 0.10,
        enters_interested: 0.0,
        dead_numbers: 0.02,
        monthly_budget: major(3_200),
    },
    ChannelProfile {
        name: "facebook",
        weight: 22,
        arrival: Arrival::Inbound,
        clear_intent: 0.07,
        enters_interested: 0.0,
        dead_numbers: 0.03,
        monthly_budget: major(2_100),
    },
    ChannelProfile {
        name: "website form",
        weight: 18,
        arrival: Arrival::Inbound,
        clear_intent: 0.13,
        enters_interested: 0.08,
        dead_numbers: 0.02,
        monthly_budget: major(450),
    },
    ChannelProfile {
        name: "cold list",
        weight: 15,
        arrival: Arrival::MorningImport,
        clear_intent: 0.05,
        enters_interested: 0.0,
        dead_numbers: 0.10,
        monthly_budget: major(600),
    },
    ChannelProfile {
        name: "referral",
        weight: 8,
        arrival: Arrival::Inbound,
        clear_intent: 0.20,
        enters_interested: 0.25,
        dead_numbers: 0.0,
        monthly_budget: major(250),
    },
    ChannelProfile {
        name: "trade show",
        weight: 7,
        arrival: Arrival::TradeShow,
        clear_intent: 0.12,
        enters_interested: 0.0,
        dead_numbers: 0.01,
        monthly_budget: 0,
    },
];

/// The booth, stand and travel for the one trade show, minor units.
const TRADE_SHOW_COST: i64 = major(6_500);
/// How many days before now the trade show opened (moved back to a Tuesday).
const TRADE_SHOW_DAYS_AGO: i64 = 40;
// The show's three days, however far back its Tuesday is, must fall inside the history.
const _: () = assert!(TRADE_SHOW_DAYS_AGO + 6 < HISTORY_DAYS);

/// Seed 000's screening of a dial to a working number: connected 38.5%, the rest spread
/// over the ways a call fails (dead numbers are decided per lead, not per dial).
pub(crate) const DIAL_OUTCOMES: [(Outcome, u32); 7] = [
    (Outcome::Connected, 385),
    (Outcome::NoAnswer, 290),
    (Outcome::Voicemail, 120),
    (Outcome::Busy, 80),
    (Outcome::Rejected, 60),
    (Outcome::PoweredOff, 50),
    (Outcome::WrongPerson, 15),
];

/// Seed 000's share of connected calls with unclear intent; none takes the rest.
pub(crate) const UNCLEAR_INTENT: f64 = 0.40;

/// Dials without getting through before a rep gives up on a lead.
const MAX_UNANSWERED_IN_A_ROW: u32 = 8;
/// Dials to one lead at most.
const MAX_CALLS_PER_LEAD: usize = 12;
/// Unclear conversations before a lead is written off as bad timing.
const MAX_UNCLEAR: u32 = 4;

pub(crate) const FIRST_NAMES: [&str; 40] = [
    "James", "Olivia", "Liam", "Emma", "Noah", "Ava", "Lucas", "Mia", "Mateo", "Isabella", "Ethan",
    "Sophia", "Aiden", "Chloe", "Omar", "Layla", "Diego", "Lucia", "Wei", "Mei", "Arjun", "Ananya",
    "Kwame", "Ama", "Yusuf", "Fatima", "Hiroshi", "Yuki", "Lars", "Ingrid", "Pierre", "Camille",
    "Marco", "Giulia", "Sean", "Aoife", "Pavel", "Olga", "Carlos", "Elena",
];

pub(crate) const LAST_NAMES: [&str; 40] = [
    "Smith", "Johnson", "Williams", "Brown", "Garcia", "Miller", "Davis", "Martinez", "Lopez",
    "Wilson", "Anderson", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Nguyen", "Patel", "Kim",
    "Chen", "Singh", "Haddad", "Mensah", "Tanaka", "Novak", "Kowalski", "Ivanova", "Dubois",
    "Bianchi", "Murphy", "O'Brien", "Schmidt", "Fischer", "Hansen", "Larsen", "Silva", "Santos",
    "Costa", "Yilmaz", "Cohen",
];

pub(crate) const COMPANY_NAMES: [&str; 20] = [
    "Northwind",
    "Bluebird",
    "Harbor",
    "Summit",
    "Cedar",
    "Riverside",
    "Granite",
    "Maple",
    "Beacon",
    "Lakeside",
    "Ironwood",
    "Silverline",
    "Redwood",
    "Pioneer",
    "Crescent",
    "Evergreen",
    "Keystone",
    "Brightside",
    "Oakridge",
    "Westfield",
];

pub(crate) const COMPANY_KINDS: [&str; 12] = [
    "Dental",
    "Logistics",
    "Bakery",
    "Builders",
    "Fitness",
    "Auto Repair",
    "Law Office",
    "Realty",
    "Veterinary",
    "Print Shop",
    "Cafe",
    "Accounting",
];

/// US area codes for the demo's numbers; the line numbers are 555-0100 to 555-0199,
/// which the North American plan keeps for fiction.
pub(crate) const AREA_CODES: [u16; 25] = [
    202, 206, 212, 214, 303, 305, 312, 404, 415, 480, 503, 512, 602, 614, 615, 617, 702, 704, 713,
    720, 801, 813, 858, 919, 971,
];

const SEGMENTS: [(&str, u32); 3] = [("smb", 55), ("mid-market", 30), ("enterprise", 15)];
const REGIONS: [&str; 3] = ["east", "central", "west"];

/// Lost reasons the demo uses; all are in the list a new installation starts with.
const NOT_INTERESTED: &str = "Not interested";
const NO_BUDGET: &str = "No budget";
const NO_NEED: &str = "No need";
const COMPETITOR: &str = "Chose a competitor";
const BAD_TIMING: &str = "Bad timing";
const UNREACHABLE: &str = "Unreachable";
const LOST_REASONS: [&str; 6] = [
    NOT_INTERESTED,
    NO_BUDGET,
    NO_NEED,
    COMPETITOR,
    BAD_TIMING,
    UNREACHABLE,
];

pub(crate) const CLEAR_NOTES: [&str; 4] = [
    "Wants a quote; meeting booked.",
    "Interested, asked for the price list.",
    "Good fit, decision maker on the call.",
    "Asked for a demo next week.",
];
pub(crate) const UNCLEAR_NOTES: [&str; 4] = [
    "Call back later, busy right now.",
    "Needs to talk to a partner first.",
    "Send information by e-mail.",
    "Maybe next quarter.",
];
pub(crate) const NONE_NOTES: [&str; 3] = [
    "Not interested.",
    "Already has a supplier.",
    "Hung up after the introduction.",
];

/// One demo login.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoUser {
    pub email: String,
    pub name: String,
    pub role: Role,
}

/// A call the demo logs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedCall {
    pub started_at: DateTime<Utc>,
    pub ring_seconds: Option<i32>,
    pub talk_seconds: i32,
    pub outcome: Outcome,
    pub intent: Option<Intent>,
    pub notes: Option<&'static str>,
    pub next_contact_at: Option<DateTime<Utc>>,
}

/// One thing that happens to a lead after it is created, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Call(PlannedCall),
    Move {
        to: Stage,
        reason: Option<&'static str>,
        deal_value: Option<i64>,
    },
    Lost {
        reason: &'static str,
    },
    Reopen {
        reason: &'static str,
    },
    /// The customer asked not to be called again.
    DoNotCall,
    /// The next contact agreed with the customer.
    FollowUp(DateTime<Utc>),
}

impl Step {
    /// The funnel change this step asks for, if it is one.
    fn funnel_change(&self) -> Option<Change> {
        match self {
            Step::Move {
                to,
                reason,
                deal_value,
            } => Some(Change::MoveTo {
                to: *to,
                reason: reason.map(str::to_owned),
                sets_deal_value: deal_value.is_some(),
            }),
            Step::Lost { .. } => Some(Change::MarkLost),
            Step::Reopen { .. } => Some(Change::Reopen),
            Step::Call(_) | Step::DoNotCall | Step::FollowUp(_) => None,
        }
    }
}

/// A lead the demo creates, and what happens to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedLead {
    pub name: String,
    pub phone: String,
    pub email: Option<String>,
    pub company: Option<String>,
    pub channel: &'static str,
    pub tags: Vec<String>,
    pub entry_stage: Stage,
    pub created_at: DateTime<Utc>,
    /// The earlier planned lead (by position) who referred this one.
    pub referred_by: Option<usize>,
    /// The rep (by position in the team) who works the lead.
    pub rep: usize,
    pub steps: Vec<Step>,
    /// Where the steps leave the lead, by the funnel rules.
    pub end: FunnelPosition,
}

/// A spend ledger entry the demo books.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedSpend {
    pub spent_on: NaiveDate,
    pub amount: i64,
    pub category: SpendCategory,
    pub channel: Option<&'static str>,
    pub note: String,
    /// The rep a salary is for, by name.
    pub rep: Option<&'static str>,
}

/// The whole demo data set, before it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The manager first, then the reps in the order `PlannedLead::rep` counts them.
    pub team: Vec<DemoUser>,
    pub leads: Vec<PlannedLead>,
    pub spend: Vec<PlannedSpend>,
}

impl Plan {
    /// Every call the plan logs.
    pub fn calls(&self) -> impl Iterator<Item = &PlannedCall> {
        self.leads.iter().flat_map(|lead| {
            lead.steps.iter().filter_map(|step| match step {
                Step::Call(call) => Some(call),
                _ => None,
            })
        })
    }
}

/// What `generate` wrote.
#[derive(Clone, Debug)]
pub struct DemoSummary {
    pub team: Vec<DemoUser>,
    /// The one password of every demo login.
    pub password: String,
    pub leads: usize,
    pub calls: usize,
    pub deals_won: usize,
    pub spend_entries: usize,
}

/// Plan the demo data set for the `HISTORY_DAYS` before `now`, its working hours and
/// days on the clock of `zone` (the company's).
pub fn plan(seed: u64, now: DateTime<Utc>, zone: Zone) -> Plan {
    Planner {
        rng: StdRng::seed_from_u64(seed),
        now,
        start: now - Duration::days(HISTORY_DAYS),
        zone,
    }
    .plan()
}

struct Planner {
    rng: StdRng,
    now: DateTime<Utc>,
    start: DateTime<Utc>,
    zone: Zone,
}

/// A lead's funnel position as its steps are planned, refusing steps the rules refuse.
struct Story {
    position: FunnelPosition,
    steps: Vec<Step>,
}

impl Story {
    fn entering_at(entry: Stage) -> Self {
        Self {
            position: FunnelPosition::entering_at(entry, false),
            steps: Vec::new(),
        }
    }

    /// Add a step if the funnel rules allow it (the API would refuse the others),
    /// following the automatic moves of calls.
    fn push(&mut self, step: Step) {
        let next = match &step {
            Step::Call(call) => automatic_moves(
                self.position.stage,
                self.position.status,
                call.outcome,
                call.intent,
            )
            .into_iter()
            .try_fold(self.position, |position, to| {
                let change = Change::MoveTo {
                    to,
                    reason: None,
                    sets_deal_value: false,
                };
                stage::apply(position, &change).map(|t| t.after)
            }),
            other => match other.funnel_change() {
                Some(change) => stage::apply(self.position, &change).map(|t| t.after),
                None => Ok(self.position),
            },
        };
        if let Ok(position) = next {
            self.position = position;
            self.steps.push(step);
        }
    }

    fn is_open(&self) -> bool {
        self.position.status == LeadStatus::Open
    }
}

impl Planner {
    fn plan(mut self) -> Plan {
        let team = std::iter::once((MANAGER, Role::Manager))
            .chain(REPS.iter().map(|(name, _)| (*name, Role::Rep)))
            .map(|(name, role)| DemoUser {
                email: format!("{}@{EMAIL_DOMAIN}", name.to_lowercase().replace(' ', ".")),
                name: name.to_owned(),
                role,
            })
            .collect();
        let channel_weights =
            WeightedIndex::new(CHANNELS.iter().map(|c| c.weight)).expect("positive weights");
        let mut leads: Vec<PlannedLead> = (0..LEADS)
            .map(|n| {
                let channel = &CHANNELS[channel_weights.sample(&mut self.rng)];
                let created_at = self.arrival(channel.arrival);
                self.lead(n, channel, created_at, None)
            })
            .collect();
        // Some won customers bring a friend: referred leads come in after the win.
        let won: Vec<usize> = (0..leads.len())
            .filter(|&i| leads[i].end.status == LeadStatus::Won)
            .collect();
        let referral = CHANNELS
            .iter()
            .find(|c| c.name == "referral")
            .expect("a referral channel");
        for referrer in won {
            if !self.rng.gen_bool(0.3) || leads.len() >= AREA_CODES.len() * 100 {
                continue;
            }
            let earliest = (leads[referrer].created_at + Duration::days(21))
                .max(self.now - Duration::days(25));
            let latest = self.now - Duration::hours(2);
            if earliest >= latest {
                continue;
            }
            let created_at = self.between(earliest, latest);
            let referred = self.lead(leads.len(), referral, created_at, Some(referrer));
            leads.push(referred);
            // Creating the referred lead moves its won referrer on to `referral`.
            let credit = Change::MoveTo {
                to: Stage::Referral,
                reason: Some("referred a lead".to_owned()),
                sets_deal_value: false,
            };
            if let Ok(t) = stage::apply(leads[referrer].end, &credit) {
                leads[referrer].end = t.after;
            }
        }
        let spend = self.spend();
        Plan { team, leads, spend }
    }

    fn between(&mut self, from: DateTime<Utc>, to: DateTime<Utc>) -> DateTime<Utc> {
        let seconds = (to - from).num_seconds().max(1);
        from + Duration::seconds(self.rng.gen_range(0..seconds))
    }

    /// When a lead of this kind arrived: lead flow grows over the history by half.
    fn arrival(&mut self, arrival: Arrival) -> DateTime<Utc> {
        loop {
            let at = match arrival {
                Arrival::TradeShow => {
                    let opening = trade_show_opening(self.zone.date_of(self.now));
                    let day = opening + Duration::days(self.rng.gen_range(0..3));
                    self.at_time(day, 9, 0) + Duration::minutes(self.rng.gen_range(0..9 * 60))
                }
                Arrival::Inbound | Arrival::MorningImport => {
                    let progress: f64 = self.rng.gen();
                    if !self.rng.gen_bool((1.0 + 0.5 * progress) / 1.5) {
                        continue;
                    }
                    let day = self.zone.date_of(
                        self.start
                            + Duration::seconds(
                                (progress * (self.now - self.start).num_seconds() as f64) as i64,
                            ),
                    );
                    if arrival == Arrival::MorningImport {
                        if !is_working_day(day) {
                            continue;
                        }
                        self.at_time(day, 8, 0) + Duration::minutes(self.rng.gen_range(0..15))
                    } else {
                        if !is_working_day(day) && !self.rng.gen_bool(0.35) {
                            continue;
                        }
                        self.at_time(day, 7, 0) + Duration::minutes(self.rng.gen_range(0..15 * 60))
                    }
                }
            };
            if at >= self.start && at < self.now - Duration::minutes(10) {
                return at;
            }
        }
    }

    /// A lead, its calls and what follows from them.
    fn lead(
        &mut self,
        n: usize,
        channel: &'static ChannelProfile,
        created_at: DateTime<Utc>,
        referred_by: Option<usize>,
    ) -> PlannedLead {
        let first = *FIRST_NAMES.choose(&mut self.rng).expect("names");
        let last = *LAST_NAMES.choose(&mut self.rng).expect("names");
        let company = self.rng.gen_bool(0.6).then(|| {
            format!(
                "{} {}",
                COMPANY_NAMES.choose(&mut self.rng).expect("names"),
                COMPANY_KINDS.choose(&mut self.rng).expect("kinds")
            )
        });
        let email = self.rng.gen_bool(0.5).then(|| {
            let domain = ["example.com", "example.net", "example.org"]
                .choose(&mut self.rng)
                .expect("domains");
            format!(
                "{}.{}@{domain}",
                first.to_lowercase(),
                last.to_lowercase().replace('\'', "")
            )
        });
        let mut tags = Vec::new();
        if self.rng.gen_bool(0.8) {
            let segments = WeightedIndex::new(SEGMENTS.iter().map(|s| s.1)).expect("weights");
            tags.push(SEGMENTS[segments.sample(&mut self.rng)].0.to_owned());
        }
        if self.rng.gen_bool(0.7) {
            tags.push((*REGIONS.choose(&mut self.rng).expect("regions")).to_owned());
        }
        let entry_stage = if self.rng.gen_bool(channel.enters_interested) {
            Stage::Interest
        } else {
            Stage::New
        };
        let rep = self.rng.gen_range(0..REPS.len());
        let story = self.work(channel, REPS[rep].1, entry_stage, created_at);
        PlannedLead {
            name: format!("{first} {last}"),
            phone: demo_phone(n),
            email,
            company,
            channel: channel.name,
            tags,
            entry_stage,
            created_at,
            referred_by,
            rep,
            steps: story.steps,
            end: story.position,
        }
    }

    /// Work a lead the way a rep would: dial until someone answers, follow up on unclear
    /// answers, stop on dead numbers, refusals and the unreachable; then, for interested
    /// leads, the manual stages.
    fn work(
        &mut self,
        channel: &ChannelProfile,
        rep_skill: f64,
        entry: Stage,
        created_at: DateTime<Utc>,
    ) -> Story {
        let mut story = Story::entering_at(entry);
        let dead_number = self.rng.gen_bool(channel.dead_numbers);
        let clear = (channel.clear_intent * rep_skill).min(0.5);
        let outcomes = WeightedIndex::new(DIAL_OUTCOMES.iter().map(|o| o.1)).expect("weights");
        let mut interested_at = (entry >= Stage::Interest).then_some(created_at);
        let mut at = self.working_time_after(created_at, 10..1_800);
        let mut unanswered_in_row = 0;
        let mut unclear = 0;
        let mut calls = 0;
        while at < self.now && calls < MAX_CALLS_PER_LEAD && story.is_open() {
            calls += 1;
            if dead_number {
                let outcome = if self.rng.gen_bool(0.6) {
                    Outcome::InvalidNumber
                } else {
                    Outcome::OutOfService
                };
                story.push(Step::Call(self.unanswered_call(at, outcome)));
                break;
            }
            let outcome = DIAL_OUTCOMES[outcomes.sample(&mut self.rng)].0;
            if outcome != Outcome::Connected {
                story.push(Step::Call(self.unanswered_call(at, outcome)));
                unanswered_in_row += 1;
                if unanswered_in_row >= MAX_UNANSWERED_IN_A_ROW {
                    if self.rng.gen_bool(0.7) {
                        story.push(Step::Lost {
                            reason: UNREACHABLE,
                        });
                    }
                    break;
                }
                at = self.working_time_after(at, 180..4_320);
                continue;
            }
            unanswered_in_row = 0;
            let roll: f64 = self.rng.gen();
            let intent = if roll < clear {
                Intent::Clear
            } else if roll < clear + UNCLEAR_INTENT {
                Intent::Unclear
            } else {
                Intent::None
            };
            let mut call = self.connected_call(at, intent);
            if intent == Intent::Clear || interested_at.is_some() {
                interested_at.get_or_insert(at);
                story.push(Step::Call(call));
                break;
            }
            if intent == Intent::Unclear {
                unclear += 1;
                if unclear >= MAX_UNCLEAR && self.rng.gen_bool(0.5) {
                    story.push(Step::Call(call));
                    story.push(Step::Lost { reason: BAD_TIMING });
                    break;
                }
                let follow_up = self.working_time_after(at, 48 * 60..168 * 60);
                call.next_contact_at = Some(follow_up);
                story.push(Step::Call(call));
                // Now and then a rep lets an agreed follow-up slip: it shows as overdue.
                if self.rng.gen_bool(0.08) {
                    break;
                }
                at = follow_up;
                continue;
            }
            story.push(Step::Call(call));
            let roll: f64 = self.rng.gen();
            if roll < 0.40 {
                story.push(Step::Lost {
                    reason: NOT_INTERESTED,
                });
                break;
            }
            if roll < 0.45 {
                story.push(Step::DoNotCall);
                // A dial to a do-not-call lead happens anyway now and then; it is counted.
                let mistake = self.working_time_after(at, 72 * 60..240 * 60);
                if self.rng.gen_bool(0.15) && mistake < self.now {
                    story.push(Step::Call(self.unanswered_call(mistake, Outcome::Rejected)));
                }
                break;
            }
            at = self.working_time_after(at, 120 * 60..288 * 60);
        }
        if let Some(since) = interested_at {
            self.pursue(&mut story, since);
        }
        story
    }

    /// The stages after `interest`, moved by hand at falling rates as time allows.
    fn pursue(&mut self, story: &mut Story, interested_at: DateTime<Utc>) {
        let age_days = (self.now - interested_at).num_days();
        if story.position.stage == Stage::Interest && story.is_open() && age_days >= 3 {
            let roll: f64 = self.rng.gen();
            if roll < 0.08 {
                story.push(move_to(Stage::Evaluate));
            } else if roll < 0.62 {
                story.push(move_to(Stage::Need));
            } else if roll < 0.82 {
                let reason = *[NO_NEED, BAD_TIMING, COMPETITOR]
                    .choose(&mut self.rng)
                    .expect("reasons");
                story.push(Step::Lost { reason });
            }
        }
        if story.position.stage == Stage::Need && story.is_open() && age_days >= 7 {
            let roll: f64 = self.rng.gen();
            if roll < 0.55 {
                story.push(move_to(Stage::Evaluate));
            } else if roll < 0.75 {
                let reason = *[NO_BUDGET, COMPETITOR]
                    .choose(&mut self.rng)
                    .expect("reasons");
                story.push(Step::Lost { reason });
            }
        }
        if story.position.stage == Stage::Evaluate && story.is_open() && age_days >= 12 {
            let roll: f64 = self.rng.gen();
            if roll < 0.45 {
                let deal_value = major(self.rng.gen_range(10..=100) * 50);
                story.push(Step::Move {
                    to: Stage::Decide,
                    reason: None,
                    deal_value: Some(deal_value),
                });
            } else if roll < 0.52 {
                story.push(Step::Move {
                    to: Stage::Need,
                    reason: Some("Proposal did not fit; back to clarifying needs"),
                    deal_value: None,
                });
            } else if roll < 0.75 {
                let reason = *[NO_BUDGET, COMPETITOR, BAD_TIMING]
                    .choose(&mut self.rng)
                    .expect("reasons");
                story.push(Step::Lost { reason });
            }
        }
        let lost_to_timing =
            matches!(story.steps.last(), Some(Step::Lost { reason }) if *reason == BAD_TIMING);
        if lost_to_timing && self.rng.gen_bool(0.2) {
            story.push(Step::Reopen {
                reason: "Customer called back: the timing works now",
            });
        }
        if story.is_open() {
            let next = self.working_time_after(self.now, 12 * 60..144 * 60);
            story.push(Step::FollowUp(next));
        }
    }

    fn unanswered_call(&mut self, at: DateTime<Utc>, outcome: Outcome) -> PlannedCall {
        let ring = match outcome {
            Outcome::NoAnswer => self.rng.gen_range(30..46),
            Outcome::Voicemail => self.rng.gen_range(20..31),
            _ => self.rng.gen_range(4..21),
        };
        PlannedCall {
            started_at: at,
            // A few dialers do not report ring time; the dashboard assumes 40 s for those.
            ring_seconds: (!self.rng.gen_bool(0.03)).then_some(ring),
            talk_seconds: 0,
            outcome,
            intent: None,
            notes: None,
            next_contact_at: None,
        }
    }

    fn connected_call(&mut self, at: DateTime<Utc>, intent: Intent) -> PlannedCall {
        let (talk, notes): (_, &[&'static str]) = match intent {
            Intent::Clear => (self.rng.gen_range(240..=600), &CLEAR_NOTES),
            Intent::Unclear => (self.rng.gen_range(90..=420), &UNCLEAR_NOTES),
            Intent::None => (self.rng.gen_range(30..=180), &NONE_NOTES),
        };
        let notes = if self.rng.gen_bool(0.5) {
            notes.choose(&mut self.rng).copied()
        } else {
            None
        };
        PlannedCall {
            started_at: at,
            ring_seconds: Some(self.rng.gen_range(5..26)),
            talk_seconds: talk,
            outcome: Outcome::Connected,
            intent: Some(intent),
            notes,
            next_contact_at: None,
        }
    }

    /// The working time a random number of minutes in `delay` after `from`.
    fn working_time_after(
        &mut self,
        from: DateTime<Utc>,
        delay: std::ops::Range<i64>,
    ) -> DateTime<Utc> {
        let minutes = self.rng.gen_range(delay);
        self.working_time(from + Duration::minutes(minutes))
    }

    /// `at` if it falls in working hours, else a random moment of the next working day.
    fn working_time(&mut self, at: DateTime<Utc>) -> DateTime<Utc> {
        let local = self.zone.local(at);
        let (day, hour) = (local.date(), local.hour());
        if is_working_day(day) && (9..18).contains(&hour) {
            return at;
        }
        let mut next = if is_working_day(day) && hour < 9 {
            day
        } else {
            day + Duration::days(1)
        };
        while !is_working_day(next) {
            next += Duration::days(1);
        }
        self.at_time(next, 9, 0) + Duration::minutes(self.rng.gen_range(0..9 * 60))
    }

    /// `hour:minute` on `day`, on the company's clock.
    fn at_time(&self, day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
        self.zone.instant(
            day.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN)),
        )
    }

    /// Three months of the ledger: salaries and telephony (no channel) and advertising
    /// per channel, each booked on the first of its month; the trade show once.
    fn spend(&mut self) -> Vec<PlannedSpend> {
        let this_month = first_of_month(self.zone.date_of(self.now));
        let mut entries = Vec::new();
        for months_back in (0..3).rev() {
            let month = months_before(this_month, months_back);
            let label = month.format("%B %Y");
            for (name, _) in REPS {
                entries.push(PlannedSpend {
                    spent_on: month,
                    amount: major(self.rng.gen_range(31..=38) * 100),
                    category: SpendCategory::Salaries,
                    channel: None,
                    note: format!("Salary {name}, {label}"),
                    rep: Some(name),
                });
            }
            entries.push(PlannedSpend {
                spent_on: month,
                amount: REPS.len() as i64 * major(self.rng.gen_range(120..=160)),
                category: SpendCategory::Telephony,
                channel: None,
                note: format!("Lines, minutes and recordings, {label}"),
                rep: None,
            });
            for channel in CHANNELS.iter().filter(|c| c.monthly_budget > 0) {
                let spread = self.rng.gen_range(85..=115);
                entries.push(PlannedSpend {
                    spent_on: month,
                    amount: channel.monthly_budget * spread / 100,
                    category: SpendCategory::Advertising,
                    channel: Some(channel.name),
                    note: format!("{} budget, {label}", channel.name),
                    rep: None,
                });
            }
        }
        entries.push(PlannedSpend {
            spent_on: trade_show_opening(self.zone.date_of(self.now)),
            amount: TRADE_SHOW_COST,
            category: SpendCategory::Advertising,
            channel: Some("trade show"),
            note: "Booth, stand and travel".to_owned(),
            rep: None,
        });
        entries
    }
}

fn move_to(to: Stage) -> Step {
    Step::Move {
        to,
        reason: None,
        deal_value: None,
    }
}

fn is_working_day(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The Tuesday the trade show opened, about six weeks before `today`.
fn trade_show_opening(today: NaiveDate) -> NaiveDate {
    let mut day = today - Duration::days(TRADE_SHOW_DAYS_AGO);
    while day.weekday() != Weekday::Tue {
        day -= Duration::days(1);
    }
    day
}

fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

fn months_before(first: NaiveDate, months: u32) -> NaiveDate {
    first
        .checked_sub_months(chrono::Months::new(months))
        .unwrap_or(first)
}

/// The `n`th demo phone number, each one different.
fn demo_phone(n: usize) -> String {
    let area = AREA_CODES[n % AREA_CODES.len()];
    let line = 100 + (n / AREA_CODES.len()) % 100;
    format!("+1{area}555{line:04}")
}

/// Whether the demo team exists already in this database.
pub async fn already_generated(db: &PgPool) -> anyhow::Result<bool> {
    let suffix = format!("@{EMAIL_DOMAIN}");
    Ok(storage::users::list(db)
        .await?
        .iter()
        .any(|user| user.email.ends_with(&suffix)))
}

/// Batches of leads written at once: the work waits on round trips more than on either side's CPU.
const BATCHES_IN_FLIGHT: usize = 3;

/// Write the demo data set planned from `seed` for the 90 days before `now`. Refuses a
/// database where the demo team exists already.
pub async fn generate(db: &PgPool, seed: u64, now: DateTime<Utc>) -> anyhow::Result<DemoSummary> {
    // The team works on the company's clock.
    let zone = storage::settings::clock(db).await?.zone;
    if already_generated(db).await? {
        anyhow::bail!(
            "this database already has the demo data (users @{EMAIL_DOMAIN}); the demo runs once per database"
        );
    }
    let plan = plan(seed, now, zone);
    let password = credentials::generate_password();
    let password_hash = credentials::hash_password(&password)?;

    let mut tx = db.begin().await?;
    let mut user_ids = Vec::with_capacity(plan.team.len());
    for user in &plan.team {
        let row =
            storage::users::create(&mut *tx, &user.email, &user.name, user.role, &password_hash)
                .await
                .with_context(|| format!("cannot create the demo user {}", user.email))?;
        user_ids.push(row.id);
    }
    // Two teams under the manager: the first three reps and the last three.
    let (manager, reps) = user_ids
        .split_first()
        .context("the demo team has a manager")?;
    for (name, members) in ["North", "South"].into_iter().zip(reps.chunks(3)) {
        let team = storage::teams::create(&mut tx, name, Some(*manager)).await?;
        for member in members {
            let change = storage::users::UserChange {
                team_id: Some(Some(team.id)),
                ..storage::users::UserChange::default()
            };
            storage::users::update(&mut *tx, *member, change).await?;
        }
    }
    for segment in SEGMENTS {
        storage::reference::upsert_tag(&mut *tx, segment.0, Some("segment")).await?;
    }
    for region in REGIONS {
        storage::reference::upsert_tag(&mut *tx, region, Some("region")).await?;
    }
    for entry in &plan.spend {
        let new = NewSpend {
            spent_on: entry.spent_on,
            amount: entry.amount,
            category: entry.category,
            channel: entry.channel.map(str::to_owned),
            note: Some(entry.note.clone()),
            rep_id: entry.rep.and_then(|name| {
                let at = plan.team.iter().position(|u| u.name == name)?;
                user_ids.get(at).copied()
            }),
        };
        storage::spend::create(&mut *tx, &new, user_ids[0]).await?;
    }
    let mut lost_reasons = HashMap::new();
    for label in LOST_REASONS {
        let id = storage::reference::resolve_lost_reason(&mut *tx, label)
            .await
            .with_context(|| format!("the demo needs the lost reason `{label}`"))?;
        lost_reasons.insert(label, id);
    }
    tx.commit().await?;
    eprintln!(
        "demo: {} users and {} spend entries written",
        plan.team.len(),
        plan.spend.len()
    );

    let writer = LeadWriter {
        db,
        manager: user_ids[0],
        reps: &user_ids[1..],
        lost_reasons: &lost_reasons,
    };
    // Referred leads need their referrers' ids, so they follow once the others are in.
    let first_referred = plan
        .leads
        .iter()
        .position(|lead| lead.referred_by.is_some())
        .unwrap_or(plan.leads.len());
    let (independent, referred) = plan.leads.split_at(first_referred);
    let mut lead_ids: Vec<Uuid> = Vec::with_capacity(plan.leads.len());
    let mut calls = 0;
    let mut batches = futures::stream::iter(
        independent
            .chunks(LEADS_PER_TRANSACTION)
            .map(|batch| writer.write(batch, &[])),
    )
    .buffered(BATCHES_IN_FLIGHT);
    while let Some(written) = batches.next().await {
        let (ids, batch_calls) = written?;
        lead_ids.extend(ids);
        calls += batch_calls;
        eprintln!(
            "demo: {}/{} leads, {calls} calls",
            lead_ids.len(),
            plan.leads.len()
        );
    }
    for batch in referred.chunks(LEADS_PER_TRANSACTION) {
        let (ids, batch_calls) = writer.write(batch, &lead_ids).await?;
        lead_ids.extend(ids);
        calls += batch_calls;
        eprintln!(
            "demo: {}/{} leads, {calls} calls",
            lead_ids.len(),
            plan.leads.len()
        );
    }

    Ok(DemoSummary {
        team: plan.team.clone(),
        password,
        leads: plan.leads.len(),
        calls,
        deals_won: plan
            .leads
            .iter()
            .filter(|lead| lead.end.max_stage >= Stage::Decide)
            .count(),
        spend_entries: plan.spend.len(),
    })
}

/// Writes planned leads and their steps through `storage`, one transaction per batch.
struct LeadWriter<'a> {
    db: &'a PgPool,
    manager: Uuid,
    reps: &'a [Uuid],
    lost_reasons: &'a HashMap<&'static str, Uuid>,
}

impl LeadWriter<'_> {
    /// Write a batch; `referrers` are the ids of the leads written before, by plan position.
    /// Answers the new leads' ids in order and the number of calls logged.
    async fn write(
        &self,
        batch: &[PlannedLead],
        referrers: &[Uuid],
    ) -> anyhow::Result<(Vec<Uuid>, usize)> {
        let mut tx = self.db.begin().await?;
        let mut ids = Vec::with_capacity(batch.len());
        let mut calls = 0;
        for lead in batch {
            let referred_by = match lead.referred_by {
                Some(i) => Some(
                    *referrers
                        .get(i)
                        .context("a referred lead planned before its referrer")?,
                ),
                None => None,
            };
            let new = NewLead {
                name: lead.name.clone(),
                phone: Some(lead.phone.clone()),
                email: lead.email.clone(),
                company: lead.company.clone(),
                source: Some(lead.channel.to_owned()),
                entry_stage: Some(lead.entry_stage),
                tags: lead.tags.clone(),
                referred_by,
                created_at: Some(lead.created_at),
                // The demo's numbers are fictional; a real lead that shares one must not stop it.
                allow_duplicate: true,
                ..NewLead::default()
            };
            let manager = Actor {
                user_id: Some(self.manager),
                ..Actor::default()
            };
            let id = storage::leads::create(&mut tx, new, manager, Scope::All).await?;
            // Stage changes are dated by the call that led to them.
            let mut last_call_at = None;
            for step in &lead.steps {
                if let Step::Call(call) = step {
                    last_call_at = Some(call.started_at);
                }
                if self
                    .write_step(&mut tx, id, self.reps[lead.rep], step, last_call_at)
                    .await?
                {
                    calls += 1;
                }
            }
            ids.push(id);
        }
        tx.commit().await?;
        Ok((ids, calls))
    }

    /// Write one step of a lead's story; answers whether it was a call.
    async fn write_step(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
        lead_id: Uuid,
        rep_id: Uuid,
        step: &Step,
        at: Option<DateTime<Utc>>,
    ) -> anyhow::Result<bool> {
        let rep = Actor {
            user_id: Some(rep_id),
            ..Actor::default()
        };
        let details = match step {
            Step::Call(call) => {
                let new = NewCall {
                    lead_id,
                    rep_id,
                    direction: Direction::Outbound,
                    started_at: call.started_at,
                    ring_seconds: call.ring_seconds,
                    talk_seconds: call.talk_seconds,
                    outcome: call.outcome,
                    intent: call.intent,
                    notes: call.notes.map(str::to_owned),
                    next_contact_at: call.next_contact_at,
                    recording_url: None,
                };
                // One transaction writes many reps' calls: each names its rep.
                storage::audit::act_as(tx, rep).await?;
                storage::calls::log(tx, new, rep, Scope::All).await?;
                return Ok(true);
            }
            Step::DoNotCall => {
                let patch = LeadPatch {
                    do_not_call: Some(true),
                    next_contact_at: Some(None),
                    ..LeadPatch::default()
                };
                storage::leads::update(tx, lead_id, patch, Scope::All, rep).await?;
                return Ok(false);
            }
            Step::FollowUp(at) => {
                let patch = LeadPatch {
                    next_contact_at: Some(Some(*at)),
                    ..LeadPatch::default()
                };
                storage::leads::update(tx, lead_id, patch, Scope::All, rep).await?;
                return Ok(false);
            }
            Step::Move {
                reason, deal_value, ..
            } => ChangeDetails {
                reason: reason.map(str::to_owned),
                deal_value: *deal_value,
                at,
                ..ChangeDetails::default()
            },
            Step::Lost { reason } => ChangeDetails {
                lost_reason_id: Some(
                    *self
                        .lost_reasons
                        .get(reason)
                        .with_context(|| format!("no id for the lost reason `{reason}`"))?,
                ),
                at,
                ..ChangeDetails::default()
            },
            Step::Reopen { reason } => ChangeDetails {
                reason: Some((*reason).to_owned()),
                at,
                ..ChangeDetails::default()
            },
        };
        let change = step
            .funnel_change()
            .context("a demo step that is not a stage change")?;
        storage::leads::change_stage(tx, lead_id, &change, &details, rep, Scope::All).await?;
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-11-23T17:40:00Z".parse().unwrap()
    }

    #[test]
    fn the_same_seed_plans_the_same_data() {
        assert_eq!(plan(7, now(), Zone::UTC), plan(7, now(), Zone::UTC));
        assert_ne!(
            plan(7, now(), Zone::UTC).leads,
            plan(8, now(), Zone::UTC).leads
        );
    }

    #[test]
    fn calls_show_seed_000s_rates() {
        let plan = plan(DEFAULT_SEED, now(), Zone::UTC);
        let dials = plan.calls().count() as f64;
        let connected: Vec<_> = plan
            .calls()
            .filter(|c| c.outcome == Outcome::Connected)
            .collect();
        let share = |intent| {
            connected
                .iter()
                .filter(|c| c.intent == Some(intent))
                .count() as f64
                / connected.len() as f64
        };
        let connect_rate = connected.len() as f64 / dials;
        assert!((0.35..0.41).contains(&connect_rate), "{connect_rate}");
        assert!(
            (0.08..0.12).contains(&share(Intent::Clear)),
            "{}",
            share(Intent::Clear)
        );
        assert!((0.36..0.44).contains(&share(Intent::Unclear)));
        assert!((0.45..0.55).contains(&share(Intent::None)));
    }

    #[test]
    fn calls_happen_in_working_hours_after_the_lead_came_in_and_before_now() {
        for zone in ["UTC", "Asia/Jakarta"] {
            let zone = Zone::parse("time_zone", zone).unwrap();
            let plan = plan(DEFAULT_SEED, now(), zone);
            for lead in &plan.leads {
                assert!(lead.created_at >= now() - Duration::days(HISTORY_DAYS));
                assert!(lead.created_at < now());
                for step in &lead.steps {
                    if let Step::Call(call) = step {
                        assert!(call.started_at > lead.created_at);
                        assert!(call.started_at < now());
                        // On the company's clock: 09:00-18:00 WIB is 02:00-11:00 UTC.
                        let local = zone.local(call.started_at);
                        assert!(is_working_day(local.date()));
                        assert!(
                            (9..18).contains(&local.hour()),
                            "{zone}: {}",
                            call.started_at
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_funnel_narrows_and_every_lead_has_its_own_number() {
        let plan = plan(DEFAULT_SEED, now(), Zone::UTC);
        assert!((1_500..1_600).contains(&plan.leads.len()));
        let reached = |stage: Stage| {
            plan.leads
                .iter()
                .filter(|lead| lead.end.max_stage >= stage)
                .count()
        };
        let counts: Vec<usize> = Stage::ALL.into_iter().map(reached).collect();
        assert!(counts.windows(2).all(|w| w[0] > w[1]), "{counts:?}");
        assert!(counts[Stage::Referral as usize] > 0, "{counts:?}");
        let mut phones: Vec<&str> = plan.leads.iter().map(|l| l.phone.as_str()).collect();
        phones.sort_unstable();
        phones.dedup();
        assert_eq!(phones.len(), plan.leads.len());
    }

    #[test]
    fn referrals_point_back_at_won_customers() {
        let plan = plan(DEFAULT_SEED, now(), Zone::UTC);
        let referred: Vec<_> = plan.leads.iter().filter_map(|l| l.referred_by).collect();
        assert!(!referred.is_empty());
        for referrer in referred {
            assert_eq!(plan.leads[referrer].end.status, LeadStatus::Won);
        }
    }

    #[test]
    fn the_ledger_books_three_months_of_salaries_telephony_and_advertising() {
        let plan = plan(DEFAULT_SEED, now(), Zone::UTC);
        let count = |category| plan.spend.iter().filter(|s| s.category == category).count();
        assert_eq!(count(SpendCategory::Salaries), 3 * REPS.len());
        assert_eq!(count(SpendCategory::Telephony), 3);
        assert_eq!(count(SpendCategory::Advertising), 3 * 5 + 1);
        assert!(plan.spend.iter().all(|s| s.spent_on <= now().date_naive()
            && s.spent_on > now().date_naive() - Duration::days(HISTORY_DAYS)));
    }
}
