# Importing leads from a CSV file (managers only): the upload page, the column mapping
# page, the import's progress and its result with the rows it could not import.
# "CSV" is the file format; `leadline import leads ...` is a command typed on the server
# and is never translated (it is passed in as $command).

## The upload page

import-upload-title = Import leads
import-upload-heading = Import leads from CSV
# "channel" is the lead field also called source: where the lead came from.
import-upload-intro = A CSV file with a header row: a column for the name (or several, such as first and last name), and any of phone, e-mail, company, channel, owner (the user's e-mail), stage, deal value, do not call, next contact, tags and notes.
import-upload-next = Next you will match the columns and choose what happens to bad rows.
# $mb: the largest file the page accepts, in megabytes.
import-upload-limit = Files up to { $mb } MB.
# $command: the command that imports a file on the server (shown as code).
import-upload-large-file = For a larger file (a million rows is about 80 MB), run { $command } on the server: it streams the file and shows its progress.
import-upload-file = CSV file
import-upload-submit = Upload and preview

# The table of the last imports.
import-recent-title = Recent imports
import-recent-file = File
import-recent-status = Status
import-recent-imported = Imported
import-recent-when = When

# An import's status, in the table of recent imports.
import-status-uploaded = uploaded
import-status-running = running
import-status-done = done
import-status-failed = failed
import-status-interrupted = interrupted

## The import's own page

# $file: the uploaded file's name.
import-show-title = Import { $file }
import-show-heading = Import: { $file }

# The mapping step. $total: the file's rows, formatted (1,234); $count: the same as a
# number, for plural forms.
import-mapping-intro = { $count ->
    [one] { $total } row. Match each column to a lead field; rows are checked one by one and each bad row is reported with its line number.
   *[other] { $total } rows. Match each column to a lead field; rows are checked one by one and each bad row is reported with its line number.
}
# The menu under each column of the file; $column: the column's header in the file.
import-column-holds = Column { $column } holds
# Followed by a menu of countries.
import-default-country = Phone numbers without a country code are from
import-mode-legend = If some rows are bad
import-mode-skip-bad = Import the good rows and list the bad ones
import-mode-all-or-nothing = Import nothing, so I can fix the file first
# The button that starts the import. $total: rows, formatted; $count: the same as a number.
import-start = { $count ->
    [one] Import { $total } row
   *[other] Import { $total } rows
}

# The lead fields a column can hold (the menus of the mapping step), and the fields the
# list of bad rows names. "source" is where a lead came from (its channel); "ignore"
# means the column is not imported; "file", "row" and "import" are what a problem is
# about when it is not one field of a lead.
import-field-name = name
import-field-phone = phone
import-field-email = email
import-field-company = company
import-field-source = source
import-field-tags = tags
import-field-notes = notes
import-field-external-id = external id
import-field-owner = owner
import-field-stage = stage
import-field-deal-value = deal value
import-field-do-not-call = do not call
import-field-next-contact = next contact
import-field-ignore = ignore
import-field-file = file
import-field-row = row
import-field-import = import

# While the import runs (the page reloads every second). $processed, $total, $imported:
# rows checked, rows in the file, leads imported so far, all formatted; $count: the
# file's rows as a number, for plural forms.
import-progress = { $count ->
    [one] Importing… { $processed } of { $total } row checked, { $imported } imported.
   *[other] Importing… { $processed } of { $total } rows checked, { $imported } imported.
}
# $percent: how much of the file is done, 0 to 100.
import-percent = { $percent }%

# An import cut off when the process running it stopped. $origin: "command" when it ran
# from the command line on the server, else it ran in the web server; $committed: the
# rows done before the cut; $total: the file's rows (both formatted); $count: the file's
# rows as a number, for plural forms.
# All or nothing: nothing was imported.
import-interrupted-nothing-kept = Interrupted: the import stopped when its { $origin ->
        [command] command
       *[other] server
    } was stopped, after { $committed } of { $total } { $count ->
        [one] row
       *[other] rows
    }, and imported nothing (all or nothing).
# The good rows before the cut are kept. $imported: the leads they created, formatted;
# $kept: the same as a number, for plural forms.
import-interrupted-kept = Interrupted: the import stopped when its { $origin ->
        [command] command
       *[other] server
    } was stopped, after { $committed } of { $total } { $count ->
        [one] row
       *[other] rows
    }; the { $imported } { $kept ->
        [one] lead imported from them is kept
       *[other] leads imported from them are kept
    }.
# $command: the command that resumes the import (shown as code).
import-resume-on-command-line = Resume it from where it stopped with { $command }, giving the same file.
import-start-again = Start it again
# $row: the number of the row the import resumes at.
import-resume-from = Resume from row { $row }

# The result. $imported and $total: rows, formatted; $count: the file's rows as a number.
import-done = { $count ->
    [one] Done: { $imported } of { $total } row imported.
   *[other] Done: { $imported } of { $total } rows imported.
}
import-nothing = Nothing was imported.
import-nothing-bad-rows = Nothing was imported because some rows are bad.
# Followed by the list of bad rows. $shown: how many, formatted; $count: the same as a number.
import-attention = { $count ->
    [one] { $shown } row needs attention:
   *[other] { $shown } rows need attention:
}
import-see-leads = See the leads
import-another = Import another file

# The list of bad rows, and its download in three file formats.
import-errors-download = These rows:
import-errors-xlsx = XLSX
import-errors-excel-csv = CSV for Excel
import-errors-csv = CSV
import-errors-line = Line
import-errors-field = Field
import-errors-problem = Problem

## Errors. Those about a field follow the field's name ("phone: duplicate: ..."), see
## errors.ftl.

import-error-choose-file = Choose a CSV file to upload.
import-error-choose-name-column = Choose which column holds the lead's name.
# $error: what went wrong, as the web server said it (in English).
import-error-upload-failed = the upload failed: { $error }
# $error: what the CSV reader said (in English).
import-error-not-csv = the file is not CSV: { $error }
# The file could not be read to its end. $error: what the CSV reader said (in English).
import-error-unreadable-rest = the rest of the file cannot be read: { $error }
# A row whose phone number an existing lead has. $lead: that lead's id.
import-error-duplicate-phone = duplicate: lead { $lead } has this phone number
# $id: the import's id, part of the command's option.
import-error-resume-on-command-line = this import ran from the command line; resume it there with --resume { $id }

# Notes about the whole import, shown above the list of bad rows.
# $count: bad rows beyond the first 10000, which are only counted.
import-note-unlisted = { $count ->
    [one] { $count } more bad row is not listed
   *[other] { $count } more bad rows are not listed
}
import-note-stopped = the import stopped on a database error; rows imported before it are kept

## Keeping what a file gives

# Under the mapping's intro: which fields several columns may hold.
import-mapping-several = Several columns may hold the name (joined with a space, in column order), the tags or the notes; any other field is held by one column.
# What a bad optional field does (a bad name or phone number always makes its row bad).
import-bad-fields-legend = If an optional field of a row is bad (e-mail, company, owner, stage, deal value, do not call, next contact…)
import-bad-fields-reject-row = The row is bad
import-bad-fields-drop-field = Import the row without that field, and list it
# A field two columns were matched to. $field: the field's name; $columns: the columns' headers.
import-error-field-twice = only one column can hold the { $field }: { $columns }; choose "ignore" for the others
# A cell that is neither a date nor a date and time. $text: the cell.
import-error-not-date = `{ $text }` is not a date (2026-12-04) or a date and time (2026-12-04 09:30)
# A do-not-call cell that is neither yes nor no. $text: the cell.
import-error-not-yes-or-no = `{ $text }` is neither yes nor no
# An owner cell: the e-mail of no user, or of a deactivated one. $text: the cell.
import-error-no-such-owner = no user has the e-mail `{ $text }`
import-error-owner-deactivated = the user `{ $text }` is deactivated
# A stage cell that names no stage. $text: the cell.
import-error-no-such-stage = `{ $text }` is not a stage: use one of new, connect, interest, need, evaluate, decide, referral (or its name in any language)
# A deal value cell that is not an amount. $text: the cell.
import-error-not-amount = `{ $text }` is not an amount (such as 15,000,000 or 1 234,50)
import-error-rejected-not-kept = this import did not keep its bad rows; download the list of problems instead
# The column added after the file's own in the download of its bad rows.
import-rejected-column = Import errors
# The cell of the error column: the row's line in the file it came from (the header is
# line 1), then what is wrong with it. $line: the line; $problems: "field: problem; ...".
import-rejected-problems = Line { $line }: { $problems }
# The download of the bad rows as the file had them, after the list of problems.
import-rejected-download = The bad rows as they are in the file, with what is wrong in a last column, to fix and import again:
import-rejected-csv = CSV
# Followed by the list of fields dropped from imported rows. $shown: how many rows,
# formatted; $count: the same as a number.
import-warnings-intro = { $count ->
    [one] { $shown } row was imported without a bad field:
   *[other] { $shown } rows were imported without a bad field:
}
import-warnings-dropped = Dropped because
# $count: dropped fields beyond the first 10000, which are only counted.
import-note-unlisted-warnings = { $count ->
    [one] { $count } more dropped field is not listed
   *[other] { $count } more dropped fields are not listed
}

## A manager limited to their teams importing.
import-error-owner-outside-teams = `{ $text }` is not in your teams: you can give leads only to your teams' reps
import-error-duplicate-phone-elsewhere = duplicate: another lead has this phone number
import-error-duplicate-external-id = duplicate: another lead has this external id
