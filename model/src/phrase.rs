//! What the assistant says about its own work — a tool's one-line summary (the tool tag, the
//! audit log, an approval's question, the offline answer) and its few words of its own — as a
//! code with its arguments. The catalogue says it in the office's language (`Render::phrase`);
//! names, titles and subjects are the office's data and stay as written.

use uuid::Uuid;

use crate::{Currency, InboundStatus, LeadStatus, Money, PropertyType};

#[derive(Clone, Debug, PartialEq)]
pub enum Phrase {
    /// The answer when the tools said nothing: "Done."
    Done,
    /// The note after the last round of tool calls the agent may make.
    StoppedAfterRounds {
        rounds: usize,
    },

    // Leads
    LeadsFound {
        total: u64,
        newest: Option<usize>,
    },
    LeadCreated {
        name: String,
    },
    LeadUpdated {
        name: String,
    },
    StatusNow {
        name: String,
        status: LeadStatus,
    },
    StatusesSet {
        changed: usize,
        status: LeadStatus,
        refused: usize,
    },
    Assigned {
        name: String,
    },
    NoteSaved,
    TimelineEntries {
        count: usize,
    },
    Score {
        score: i32,
    },
    MergedInto {
        name: String,
    },
    LeadDeleted,

    // Properties
    PropertiesFound {
        count: u64,
    },
    PropertyCreated {
        title: String,
    },
    PropertyUpdated {
        title: String,
    },
    PropertyArchived {
        title: String,
    },
    MatchingProperties {
        count: usize,
        lead: String,
    },
    /// A property's price and rooms after its place in a list: ", 489.000 €, 3,5 Zi.".
    PropertyFacts {
        price: Option<Money>,
        /// The office's, which the price is in.
        currency: Currency,
        rooms: Option<f64>,
    },
    // Why a property fits a lead, one phrase per reason.
    MatchInBudget,
    MatchSameType {
        property_type: PropertyType,
    },
    /// The place itself, as the office wrote it.
    MatchSameCity {
        city: String,
    },
    MatchRooms {
        rooms: f64,
    },
    MatchArea {
        square_metres: f64,
    },
    MatchSimilar {
        percent: u32,
    },
    SearchResults {
        count: usize,
    },

    // Mail and replies
    UnrecognisedMails {
        count: usize,
    },
    Reprocessed {
        status: InboundStatus,
    },
    ReplyDrafted {
        lead: String,
    },
    /// Kept in the outbox: no account of the office sends.
    EmailInOutbox {
        to: String,
    },
    /// Queued for sending through the account of `from`.
    EmailQueued {
        to: String,
        from: String,
    },
    ReplySettings {
        tone: String,
        auto_reply: bool,
    },
    SettingsSaved,

    // Figures and the office
    LeadsInPipeline {
        total: u64,
    },
    Conversion {
        booked: u64,
        leads: u64,
        rate_percent: f64,
        lost: u64,
    },
    LeadSources {
        sources: usize,
    },
    MedianFirstReply {
        median_secs: i64,
        sent: u64,
        leads: u64,
    },
    NoReplySentYet {
        leads: u64,
    },
    TeamSize {
        people: usize,
    },
    DeadJobs {
        dead: u64,
    },
    JobScheduledAgain,
    Remembered,
    RememberedFacts {
        count: usize,
    },
    FactsForgotten {
        count: usize,
    },
    FreeTimes {
        count: usize,
    },
    AwaitingApproval {
        count: usize,
    },

    // What an action held for approval will do, asked of the agent
    SetStatusesAsk {
        count: usize,
        status: LeadStatus,
    },
    MergeAsk {
        duplicate: Uuid,
        keep: Uuid,
    },
    DeleteLeadAsk {
        lead: Uuid,
    },
    ArchivePropertyAsk {
        property: Uuid,
    },
    SendEmailAsk {
        subject: String,
    },
    SendFirstReplyAsk {
        lead: String,
        subject: String,
    },
    SendFollowUpAsk {
        lead: String,
        step: u32,
        of: u32,
        subject: String,
    },
}
