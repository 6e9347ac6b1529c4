-- Tokens a company can hand to another system without handing it everything: scopes
-- (NULL for the tokens made before, which may do whatever their user's role allows), an
-- expiry, and the web origins a browser may use the token from (a web form's key).

ALTER TABLE api_tokens
    ADD COLUMN scopes text[] CHECK (
        cardinality(scopes) > 0
        AND scopes <@ ARRAY['leads:read', 'leads:create', 'leads:write', 'calls:read',
                            'calls:write', 'spend:write', 'metrics:read', 'admin']
    ),
    ADD COLUMN expires_at timestamptz,
    ADD COLUMN allowed_origins text[] NOT NULL DEFAULT '{}';

-- A browser's preflight carries no token: it is answered by whether any live token
-- names its origin.
CREATE INDEX api_tokens_allowed_origins_idx ON api_tokens USING gin (allowed_origins)
    WHERE revoked_at IS NULL AND allowed_origins <> '{}';
