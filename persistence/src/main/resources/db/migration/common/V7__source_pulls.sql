-- Sources the engine pulls itself (巨量引擎, 巨量本地推, 腾讯广告 clue lists): one row per source, the
-- cursor kept durably (the time window and the next page of it; window_end NULL between windows),
-- leased by the source fetcher like source_fetches, retried with backoff. The OAuth tokens live here
-- too: platforms rotate the refresh token on every refresh, so the configured one is only the first.
-- configured_hash is the SHA-256 of the configured refresh token: when an admin configures a new one
-- (the account was authorized again), it replaces the stored one.
CREATE TABLE source_pulls (
    source_id                VARCHAR(64)    NOT NULL PRIMARY KEY,
    window_start             BIGINT         NOT NULL,
    window_end               BIGINT,
    page                     INT            DEFAULT 1 NOT NULL,
    status                   VARCHAR(16)    DEFAULT 'PENDING' NOT NULL,
    attempts                 INT            DEFAULT 0 NOT NULL,
    next_attempt_at          BIGINT         NOT NULL,
    last_success_at          BIGINT,
    last_error               VARCHAR(2000),
    access_token             VARCHAR(2000),
    access_token_expires_at  BIGINT,
    refresh_token            VARCHAR(2000),
    configured_hash          VARCHAR(64),
    updated_at               BIGINT         NOT NULL
);
CREATE INDEX source_pulls_status_next_idx ON source_pulls (status, next_attempt_at);
