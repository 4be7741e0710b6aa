-- Signage and print (issue 7): sign boards of engineering projects (fields defaulted from the project,
-- overridable, with the installation photo as evidence), the per-town overdue setting, service windows with
-- their poster checks, 明白纸 leaflets in versions (a printed version is frozen), print runs and where their
-- copies went (小手拉大手: pupils reached).

-- One sign record per engineering project. Each override column is NULL while the field follows the project
-- (signage::SignFields); the evidence columns are all NULL until a photo is attached.
CREATE TABLE signs (
  id                    {{id}},
  town_id               BIGINT NOT NULL REFERENCES org_units(id),
  project_id            BIGINT NOT NULL UNIQUE REFERENCES projects(id) ON DELETE CASCADE,
  size                  TEXT NOT NULL DEFAULT '120x80' CHECK (size IN ('120x80','240x120','a4')),
  script                TEXT NOT NULL DEFAULT 'hans' CHECK (script IN ('hans','hant')),
  builder               TEXT,                        -- 建设单位
  investment            TEXT,                        -- 投资规模
  build_dates           TEXT,                        -- 建设日期
  manager_unit          TEXT,                        -- 责任管理单位
  supervision_phone     TEXT,                        -- 监督电话 (validated: landline or mobile)
  location              TEXT,
  content               TEXT,                        -- 建设内容
  contractor            TEXT,                        -- 施工单位
  responsible           TEXT,                        -- 责任人
  -- installation evidence: a photo of the town (files), its EXIF time and GPS as uploaded
  evidence_file_id      BIGINT REFERENCES files(id),
  evidence_taken_at     TEXT,                        -- EXIF capture time (camera local time)
  evidence_lat          DOUBLE PRECISION,            -- WGS-84
  evidence_lng          DOUBLE PRECISION,
  evidence_distance_m   INTEGER,                     -- from the project's location, when both are known
  evidence_warnings     TEXT NOT NULL DEFAULT '[]',  -- JSON [{code, message}]
  evidence_uploaded_at  TEXT,
  evidence_by           BIGINT REFERENCES users(id),
  is_demo               INTEGER NOT NULL DEFAULT 0,
  created_by            BIGINT REFERENCES users(id),
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL,
  CHECK ((evidence_file_id IS NULL) = (evidence_uploaded_at IS NULL)),
  CHECK ((evidence_lat IS NULL) = (evidence_lng IS NULL))
);
CREATE INDEX signs_town ON signs(town_id, project_id);
CREATE INDEX signs_evidence_file ON signs(evidence_file_id);

-- Per-town settings (defaults when no row).
CREATE TABLE signage_settings (
  town_id       BIGINT PRIMARY KEY REFERENCES org_units(id),
  overdue_days  INTEGER NOT NULL DEFAULT 30 CHECK (overdue_days BETWEEN 1 AND 365),
  updated_at    TEXT NOT NULL
);

-- Service windows (服务窗口) where subsidy projects' posters hang, and the checks that a poster is there.
CREATE TABLE service_windows (
  id          {{id}},
  town_id     BIGINT NOT NULL REFERENCES org_units(id),
  unit_id     BIGINT NOT NULL REFERENCES org_units(id),  -- the unit keeping the window
  place       TEXT NOT NULL,                             -- e.g. 便民服务中心 3 号窗口
  is_demo     INTEGER NOT NULL DEFAULT 0,
  created_by  BIGINT REFERENCES users(id),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE INDEX service_windows_town ON service_windows(town_id, id);
CREATE INDEX service_windows_unit ON service_windows(unit_id);

CREATE TABLE window_projects (
  window_id   BIGINT NOT NULL REFERENCES service_windows(id) ON DELETE CASCADE,
  project_id  BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  PRIMARY KEY (window_id, project_id)
);
CREATE INDEX window_projects_project ON window_projects(project_id);

CREATE TABLE window_checks (
  id              {{id}},
  window_id       BIGINT NOT NULL REFERENCES service_windows(id) ON DELETE CASCADE,
  checked_on      TEXT NOT NULL,                   -- YYYY-MM-DD
  poster_present  INTEGER NOT NULL CHECK (poster_present IN (0, 1)),
  note            TEXT NOT NULL DEFAULT '',
  file_id         BIGINT REFERENCES files(id),     -- an optional photo of the window
  checked_by      BIGINT REFERENCES users(id),
  created_at      TEXT NOT NULL
);
CREATE INDEX window_checks_window ON window_checks(window_id, checked_on, id);

-- 明白纸: versions per project; the latest unfrozen version is the draft that edits change; printing a
-- version freezes it (never changed again: an edit then makes version N+1).
CREATE TABLE leaflet_versions (
  id            {{id}},
  town_id       BIGINT NOT NULL REFERENCES org_units(id),
  project_id    BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  version       INTEGER NOT NULL CHECK (version >= 1),
  frozen        INTEGER NOT NULL DEFAULT 0 CHECK (frozen IN (0, 1)),
  frozen_at     TEXT,
  title         TEXT NOT NULL,
  plain_text    TEXT NOT NULL DEFAULT '',
  eligibility   TEXT NOT NULL DEFAULT '',
  how_to_apply  TEXT NOT NULL DEFAULT '',
  hotline       TEXT NOT NULL DEFAULT '',
  paper         TEXT NOT NULL DEFAULT 'a4' CHECK (paper IN ('a4','a5')),
  two_up        INTEGER NOT NULL DEFAULT 0 CHECK (two_up IN (0, 1)),
  is_demo       INTEGER NOT NULL DEFAULT 0,
  created_by    BIGINT REFERENCES users(id),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  UNIQUE (project_id, version),
  CHECK ((frozen = 1) = (frozen_at IS NOT NULL)),
  CHECK (two_up = 0 OR paper = 'a5')
);

-- A print run: copies of a sign, poster or leaflet (version) printed by a unit.
CREATE TABLE print_runs (
  id                  {{id}},
  town_id             BIGINT NOT NULL REFERENCES org_units(id),
  unit_id             BIGINT NOT NULL REFERENCES org_units(id),  -- the unit that had it printed
  kind                TEXT NOT NULL CHECK (kind IN ('sign','poster','leaflet')),
  project_id          BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  leaflet_version_id  BIGINT REFERENCES leaflet_versions(id),
  copies              INTEGER NOT NULL CHECK (copies >= 1),
  printed_on          TEXT NOT NULL,                             -- YYYY-MM-DD
  is_demo             INTEGER NOT NULL DEFAULT 0,
  created_by          BIGINT REFERENCES users(id),
  created_at          TEXT NOT NULL,
  CHECK ((kind = 'leaflet') = (leaflet_version_id IS NOT NULL))
);
CREATE INDEX print_runs_town ON print_runs(town_id, printed_on, id);
CREATE INDEX print_runs_unit ON print_runs(unit_id, printed_on);
CREATE INDEX print_runs_project ON print_runs(project_id);

-- Where a print run's copies went: a window, a school (pupils reached), a village or elsewhere.
CREATE TABLE distributions (
  id              {{id}},
  print_run_id    BIGINT NOT NULL REFERENCES print_runs(id) ON DELETE CASCADE,
  target_kind     TEXT NOT NULL CHECK (target_kind IN ('window','school','village','other')),
  target_name     TEXT NOT NULL,
  window_id       BIGINT REFERENCES service_windows(id) ON DELETE SET NULL,
  unit_id         BIGINT REFERENCES org_units(id),
  copies          INTEGER NOT NULL CHECK (copies >= 1),
  pupils_reached  INTEGER CHECK (pupils_reached >= 0),
  handed_on       TEXT NOT NULL,                   -- YYYY-MM-DD
  created_by      BIGINT REFERENCES users(id),
  created_at      TEXT NOT NULL
);
CREATE INDEX distributions_run ON distributions(print_run_id, id);
