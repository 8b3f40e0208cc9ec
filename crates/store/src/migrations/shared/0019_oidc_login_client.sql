-- Issue 11: the network address that started an OpenID login, so that one address cannot keep
-- an unbounded number of logins (each one a stored row and a fetch from the provider).
ALTER TABLE oidc_logins ADD COLUMN client TEXT NOT NULL DEFAULT '';
CREATE INDEX oidc_logins_client ON oidc_logins (client, expires_at);
