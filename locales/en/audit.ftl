## The admin's audit trail: every change, who made it, through what.

audit-title = Audit trail
audit-intro = Every change to leads, users, API tokens, settings, spend, lost reasons and webhooks, newest first: who made it, through what, and each value before and after. Nothing here can be changed or removed.
audit-filter-label = Filter the audit trail
audit-filter-what = What
audit-filter-who = Who
audit-filter-via = Through
audit-filter-from = From
audit-filter-to = To
audit-filter-any = Any
audit-filter-apply = Show
audit-empty = No changes match these filters.
audit-older = Older changes
audit-col-when = When
audit-col-who = Who
audit-col-via = Through
audit-col-what = What
audit-col-changes = Changes
audit-entity-lead = Lead
audit-entity-user = User
audit-entity-token = API token
audit-entity-settings = Company settings
audit-entity-spend = Spend entry
audit-entity-lost-reason = Lost reason
audit-entity-webhook = Webhook
audit-entity-custom-field = Custom field
audit-via-page = a page
audit-via-api = the API
audit-via-import = an import
audit-via-system = Leadline
audit-action-created = created
audit-action-changed = changed
audit-action-deleted = removed
audit-action-erased = erased
audit-action-merged = merged duplicates in
audit-who-token = { $name } (token “{ $token }”)
audit-field-value = { $field }: { $value }
audit-secret-changed = { $field }: changed
audit-value-erased = { $field }: erased
audit-import-file = From the file { $file }

audit-entity-team = Team
# A team named in a change that has since been deleted.
audit-team-gone = a deleted team
