# Saved views: named filters of the leads list or the dashboard, above the filters.
views-label = Views:
views-none = none saved yet
views-shared = shared with the team
views-shared-by = shared by { $name }
views-shared-badge = team
views-delete = Delete the view “{ $name }”
views-save-summary = Save these filters
views-name = Name
views-share = Share with the team
views-save = Save view
views-error-page = is not a page with views
views-error-too-long = are too many to keep
