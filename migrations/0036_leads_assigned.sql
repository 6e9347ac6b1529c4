-- Many leads given to a user at once (a bulk reassign on the leads list) make one
-- notification that counts them, not one per lead.
ALTER TABLE notifications
    ADD COLUMN leads bigint CHECK (leads > 0),
    DROP CONSTRAINT notifications_kind_check,
    ADD CONSTRAINT notifications_kind_check
        CHECK (kind IN ('lead_assigned', 'leads_assigned', 'follow_up_due', 'task_due', 'import_finished')),
    ADD CONSTRAINT notifications_leads_assigned_counted CHECK (kind <> 'leads_assigned' OR leads IS NOT NULL);
