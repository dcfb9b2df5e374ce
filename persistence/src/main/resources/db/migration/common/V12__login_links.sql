-- Login links are single use (issue 19): a link's token id is recorded when it signs someone in,
-- so a second use of the same link fails on every node. Rows are kept until the link would have
-- expired anyway (expires_at, epoch ms), then removed.
CREATE TABLE login_link_use (
    link_id     VARCHAR(64)  NOT NULL PRIMARY KEY,
    person_id   VARCHAR(255) NOT NULL,
    used_at     BIGINT       NOT NULL,
    expires_at  BIGINT       NOT NULL
);
CREATE INDEX login_link_use_expires ON login_link_use (expires_at);
