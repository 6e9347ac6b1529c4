-- Failed sign-ins, to slow down password guessing per account and per address.
-- Unknown e-mails are recorded like known ones, so the limit tells nothing about
-- which accounts exist. Rows older than a day are pruned as new ones arrive.
CREATE TABLE login_failures (
    id bigserial PRIMARY KEY,
    email text NOT NULL,
    address inet,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email_idx ON login_failures (email, at);
CREATE INDEX login_failures_address_idx ON login_failures (address, at);
