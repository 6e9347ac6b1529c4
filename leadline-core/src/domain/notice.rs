//! What a notification can be about: a lead someone else made the user's owner
//! (`lead_assigned`), or many at once (`leads_assigned`), the next contact time of one of their leads come
//! (`follow_up_due`), a task of theirs come due (`task_due`), an import they started
//! ended, done or failed (`import_finished`).

string_enum!(
    /// What a notification tells its user.
    NoticeKind {
        LeadAssigned => "lead_assigned",
        LeadsAssigned => "leads_assigned",
        FollowUpDue => "follow_up_due",
        TaskDue => "task_due",
        ImportFinished => "import_finished",
    }
);
