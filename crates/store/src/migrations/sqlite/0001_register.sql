CREATE TABLE funding_schemes (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE providers (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
    country TEXT NOT NULL,
    region TEXT,
    provider_type TEXT NOT NULL,
    name_sort TEXT NOT NULL,
    document TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE offerings (
    id TEXT PRIMARY KEY,
    provider_id TEXT NOT NULL REFERENCES providers (id),
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
    version INTEGER NOT NULL CHECK (version >= 1),
    eqf INTEGER,
    ects REAL,
    hours INTEGER,
    isced_field TEXT NOT NULL,
    isced_broad TEXT NOT NULL,
    mode TEXT NOT NULL,
    setting TEXT NOT NULL,
    pilot INTEGER NOT NULL,
    title_sort TEXT NOT NULL,
    search_terms TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    published_at TEXT,
    withdrawn_at TEXT
);
CREATE INDEX offerings_provider ON offerings (provider_id, status);
CREATE INDEX offerings_public ON offerings (status, published_at);
CREATE INDEX offerings_eqf ON offerings (eqf);
CREATE INDEX offerings_isced ON offerings (isced_field);
CREATE INDEX offerings_title ON offerings (title_sort);

CREATE TABLE offering_versions (
    offering_id TEXT NOT NULL REFERENCES offerings (id),
    version INTEGER NOT NULL,
    document TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (offering_id, version)
);

CREATE TABLE offering_languages (
    offering_id TEXT NOT NULL REFERENCES offerings (id),
    language TEXT NOT NULL,
    PRIMARY KEY (offering_id, language)
);
CREATE INDEX offering_languages_language ON offering_languages (language, offering_id);

CREATE TABLE offering_funding (
    offering_id TEXT NOT NULL REFERENCES offerings (id),
    scheme TEXT NOT NULL REFERENCES funding_schemes (code),
    PRIMARY KEY (offering_id, scheme)
);
CREATE INDEX offering_funding_scheme ON offering_funding (scheme, offering_id);

CREATE VIRTUAL TABLE offering_search USING fts5 (
    offering_id UNINDEXED,
    terms,
    tokenize = 'unicode61 remove_diacritics 0'
);

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('platform_admin', 'provider_admin', 'issuer')),
    provider_id TEXT REFERENCES providers (id),
    label TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

CREATE TABLE web_sessions (
    id_hash TEXT PRIMARY KEY,
    token_id TEXT NOT NULL REFERENCES api_tokens (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
