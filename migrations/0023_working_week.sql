-- The company's working week (SPEC section 4: working days are its working weekdays less its
-- holidays), which dials per working day and the norm flags count. The settings are one row.
CREATE TABLE company_settings (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    -- ISO weekday numbers: 1 is Monday, 7 is Sunday.
    working_days smallint[] NOT NULL DEFAULT '{1,2,3,4,5}'
        CHECK (cardinality(working_days) BETWEEN 1 AND 7 AND working_days <@ '{1,2,3,4,5,6,7}'),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by uuid REFERENCES users (id) ON DELETE SET NULL
);
INSERT INTO company_settings DEFAULT VALUES;

CREATE TABLE holidays (
    day date PRIMARY KEY,
    name text NOT NULL CHECK (name <> '')
);
