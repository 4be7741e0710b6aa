-- Circulars and assessment (issue 6): versioned score rules per town and year, the office's circulars (通报)
-- with their frozen snapshot and the files issued from it, and the awards shortlist thresholds.

-- Score rules: every save of a changed rule set is a new version; versions are never updated or deleted, so
-- a score that names its version can always be explained.
CREATE TABLE score_rule_sets (
  id          {{id}},
  town_id     BIGINT NOT NULL REFERENCES org_units(id),
  year        INTEGER NOT NULL,
  version     INTEGER NOT NULL CHECK (version >= 1),
  rules_json  TEXT NOT NULL,                     -- circulars::rule_set_to_json
  created_by  BIGINT REFERENCES users(id),
  created_at  TEXT NOT NULL,
  UNIQUE (town_id, year, version)
);

-- A circular: a draft holds the snapshot taken when it was created (or refreshed) and the office's prose;
-- issuing numbers it (代字〔YYYY〕N号, serial per town, 代字 and year of issue) and stores its files. An issued
-- circular never changes.
CREATE TABLE circulars (
  id             {{id}},
  town_id        BIGINT NOT NULL REFERENCES org_units(id),
  period         TEXT NOT NULL,                  -- 2020-06 | 2020-Q2 | 2020
  state          TEXT NOT NULL CHECK (state IN ('draft','issued')),
  title          TEXT NOT NULL,
  prose_json     TEXT NOT NULL,                  -- {"overall","good","problems","nextSteps"}
  snapshot_json  TEXT NOT NULL,                  -- circulars::snapshot_to_json (figures + rule version)
  rule_version   INTEGER NOT NULL,
  code_word      TEXT NOT NULL,                  -- 代字, e.g. 民生办
  red_header     INTEGER NOT NULL DEFAULT 0,
  doc_year       INTEGER,                        -- issued: the year of issued_on
  serial         INTEGER,                        -- issued: N of 〔YYYY〕N号
  doc_number     TEXT,                           -- issued: 民生办〔2020〕3号
  issued_on      TEXT,                           -- issued: YYYY-MM-DD (成文日期)
  issued_at      TEXT,
  issued_by      BIGINT REFERENCES users(id),
  created_by     BIGINT REFERENCES users(id),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX circulars_town ON circulars(town_id, state, id);
CREATE UNIQUE INDEX circulars_number ON circulars(town_id, code_word, doc_year, serial);

-- The units a circular concerns (they see it in their list once issued).
CREATE TABLE circular_units (
  circular_id  BIGINT NOT NULL REFERENCES circulars(id) ON DELETE CASCADE,
  unit_id      BIGINT NOT NULL REFERENCES org_units(id),
  PRIMARY KEY (circular_id, unit_id)
);
CREATE INDEX circular_units_unit ON circular_units(unit_id);

-- The files of an issued circular, stored once (blobs) and served byte for byte.
CREATE TABLE circular_files (
  circular_id   BIGINT NOT NULL REFERENCES circulars(id) ON DELETE CASCADE,
  format        TEXT NOT NULL CHECK (format IN ('docx','pdf','xlsx','html')),
  sha256        TEXT NOT NULL REFERENCES blobs(sha256),
  size          BIGINT NOT NULL,
  content_type  TEXT NOT NULL,
  PRIMARY KEY (circular_id, format)
);

-- Awards shortlist thresholds per town and year (defaults when no row): circulars::ShortlistConfig as JSON.
CREATE TABLE scorecard_settings (
  town_id      BIGINT NOT NULL REFERENCES org_units(id),
  year         INTEGER NOT NULL,
  config_json  TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (town_id, year)
);
