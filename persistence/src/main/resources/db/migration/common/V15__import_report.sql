-- The per-row reports of bulk imports (POST /api/v1/imports, ADR 0023), kept 7 days for
-- GET /api/v1/imports/{importId}/report from any node; persistence.imports.ImportReports.
CREATE TABLE import_report (
    import_id   VARCHAR(64)  NOT NULL PRIMARY KEY,
    created_at  BIGINT       NOT NULL,
    created_by  VARCHAR(200) NOT NULL,
    report      TEXT         NOT NULL
);
CREATE INDEX import_report_created ON import_report (created_at);
