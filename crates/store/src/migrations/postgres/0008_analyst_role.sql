-- Issue 10: tokens may carry the analyst role (the statistics, nothing personal).
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_role_check;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_role_check
    CHECK (role IN ('platform_admin', 'provider_admin', 'issuer', 'analyst'));
