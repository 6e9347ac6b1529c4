-- An import that keeps what it is given. A bad optional field (an e-mail, a company, an
-- owner...) may be dropped with a warning instead of rejecting its row (`bad_fields`:
-- 'reject_row', the default, or 'drop_field'); the warnings are listed apart from the bad
-- rows. The rejected rows are kept as the file had them, with its header, so that they
-- can be downloaded, fixed and imported again:
--   header   ["First Name", "Phone", ...]
--   warnings [{"line": 3, "field": "email", "message": "...", "id": "...", "args": {}}]
--   rejected [{"line": 4, "cells": ["Budi", "not a phone", ...]}]
ALTER TABLE imports
    ADD COLUMN bad_fields text CHECK (bad_fields IN ('reject_row', 'drop_field')),
    ADD COLUMN header jsonb,
    ADD COLUMN warnings jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN rejected jsonb NOT NULL DEFAULT '[]';
