-- Accounts signed in through OpenID Connect: one row per (issuer, subject), the provider's stable
-- id of a person, bound to one account for good. The username claim only names a new account;
-- it never finds one. `groups` keeps the group claim of the latest sign-in (a JSON array, as text
-- like the SQLite schema).
CREATE TABLE identities (
	issuer TEXT NOT NULL,
	subject TEXT NOT NULL,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	groups TEXT NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(groups::jsonb) = 'array'),
	created_at BIGINT NOT NULL,
	signed_in_at BIGINT NOT NULL,
	PRIMARY KEY (issuer, subject)
);

CREATE INDEX identities_user ON identities (user_id);

-- One-time sign-up codes that operators issue (`yarn users:invite`) when REGISTRATION=invitation.
-- Only the SHA-256 of a code is kept; using one stamps it with the account it created.
CREATE TABLE signup_codes (
	code_hash TEXT PRIMARY KEY,
	note TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	used_at BIGINT,
	used_by TEXT REFERENCES users (id) ON DELETE SET NULL
);
