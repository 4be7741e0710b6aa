-- Projects (issue 4): the year's catalogue of livelihood projects, their targets, cooperating units and the
-- dated progress timeline. A project's current progress, funds disbursed and status are those of its latest
-- progress update (never stored twice). Money is integer 分.

CREATE TABLE projects (
  id             {{id}},
  town_id        BIGINT NOT NULL REFERENCES org_units(id),
  year           INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  code           TEXT NOT NULL,                    -- NFKC-normalised, unique per town and year
  name           TEXT NOT NULL,
  category       TEXT NOT NULL CHECK (category IN ('engineering','subsidy','service')),
  lead_unit_id   BIGINT NOT NULL REFERENCES org_units(id),
  change_flag    TEXT NOT NULL CHECK (change_flag IN ('new','improved','continued','withdrawn')),
  policy_text    TEXT NOT NULL DEFAULT '',         -- Markdown
  plain_text     TEXT NOT NULL DEFAULT '',         -- Markdown, plain language
  funds_planned  BIGINT NOT NULL DEFAULT 0 CHECK (funds_planned >= 0),  -- 分
  beneficiaries  BIGINT CHECK (beneficiaries >= 0),
  address        TEXT NOT NULL DEFAULT '',
  lat            DOUBLE PRECISION,
  lng            DOUBLE PRECISION,
  coord_system   TEXT CHECK (coord_system IN ('cgcs2000','wgs84','gcj02')),
  previous_id    BIGINT REFERENCES projects(id),   -- last year's project this one continues
  sort_order     INTEGER NOT NULL DEFAULT 0,
  is_demo        INTEGER NOT NULL DEFAULT 0,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  UNIQUE (town_id, year, code),
  CHECK ((lat IS NULL) = (lng IS NULL)),
  CHECK (lat IS NULL OR coord_system IS NOT NULL)
);
CREATE INDEX projects_town_year ON projects(town_id, year, sort_order);
CREATE INDEX projects_lead ON projects(lead_unit_id);

-- Cooperating units (配合单位).
CREATE TABLE project_units (
  project_id   BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  org_unit_id  BIGINT NOT NULL REFERENCES org_units(id),
  PRIMARY KEY (project_id, org_unit_id)
);
CREATE INDEX project_units_unit ON project_units(org_unit_id);

CREATE TABLE project_targets (
  id          {{id}},
  project_id  BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  sort_order  INTEGER NOT NULL DEFAULT 0,
  name        TEXT NOT NULL,
  unit        TEXT NOT NULL DEFAULT '',
  planned     DOUBLE PRECISION,
  achieved    DOUBLE PRECISION
);
CREATE INDEX project_targets_project ON project_targets(project_id, sort_order);

CREATE TABLE project_progress (
  id               {{id}},
  project_id       BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  report_date      TEXT NOT NULL,                  -- YYYY-MM-DD (Asia/Shanghai)
  progress_pct     INTEGER NOT NULL CHECK (progress_pct BETWEEN 0 AND 100),
  funds_disbursed  BIGINT NOT NULL CHECK (funds_disbursed >= 0),  -- 分, cumulative to date
  status           TEXT NOT NULL CHECK (status IN ('planned','in_progress','completed','suspended')),
  note             TEXT NOT NULL DEFAULT '',
  created_by       BIGINT REFERENCES users(id),
  created_at       TEXT NOT NULL
);
CREATE INDEX project_progress_project ON project_progress(project_id, report_date, id);

CREATE TABLE project_progress_photos (
  progress_id  BIGINT NOT NULL REFERENCES project_progress(id) ON DELETE CASCADE,
  file_id      BIGINT NOT NULL REFERENCES files(id),
  sort_order   INTEGER NOT NULL DEFAULT 0,
  caption      TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (progress_id, file_id)
);
CREATE INDEX project_progress_photos_file ON project_progress_photos(file_id);

-- Search: one document per project (code, name, units, texts), searched by substring. SQLite: FTS5 with the
-- trigram tokenizer; PostgreSQL: pg_trgm. Queries of 1-2 characters fall back to a scan.
-- @sqlite
CREATE VIRTUAL TABLE project_search USING fts5(doc, project_id UNINDEXED, town_id UNINDEXED, tokenize = 'trigram');
-- @pg
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE project_search (
  project_id  BIGINT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
  town_id     BIGINT NOT NULL,
  doc         TEXT NOT NULL
);
CREATE INDEX project_search_doc ON project_search USING gin (doc gin_trgm_ops);
-- @all
