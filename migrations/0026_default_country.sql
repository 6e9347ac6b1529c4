-- The country whose numbering plan reads the phone numbers written without a country code
-- (an ISO 3166 alpha-2 code). NULL until the first start sets it from
-- LEADLINE_DEFAULT_COUNTRY (US unless given).
ALTER TABLE company_settings ADD COLUMN default_country text
    CHECK (default_country ~ '^[A-Z]{2}$');

-- The country an import read its file's local numbers in, so that a resumed import reads
-- them the same way. NULL for imports recorded before.
ALTER TABLE imports ADD COLUMN default_country text CHECK (default_country ~ '^[A-Z]{2}$');
