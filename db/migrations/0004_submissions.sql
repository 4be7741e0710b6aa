-- Information submissions (issue 5): news (文字信息), photo stories (图说民生) and citizens' voices (群众话民生),
-- their review workflow and history, adoption upward (采用), in-app notifications, and the quota rules the
-- ledger is computed from (the ledger itself is never stored).

CREATE TABLE submissions (
  id                  {{id}},
  town_id             BIGINT NOT NULL REFERENCES org_units(id),
  org_unit_id         BIGINT NOT NULL REFERENCES org_units(id),  -- the unit that owes and submits it
  kind                TEXT NOT NULL CHECK (kind IN ('news','photo_story','voice')),
  state               TEXT NOT NULL CHECK (state IN ('draft','submitted','returned','reviewed','approved','published')),
  title               TEXT NOT NULL,
  body                TEXT NOT NULL DEFAULT '',      -- Markdown
  author_name         TEXT NOT NULL DEFAULT '',      -- 撰稿人
  -- voice
  speaker_village_id  BIGINT REFERENCES org_units(id),
  speaker_desc        TEXT NOT NULL DEFAULT '',      -- e.g. "东风村村民 王大爷"; a full name only with consent
  consent             INTEGER NOT NULL DEFAULT 0,    -- the speaker agreed to publication (required to publish)
  quote               TEXT NOT NULL DEFAULT '',      -- the speaker's own words
  interviewer         TEXT NOT NULL DEFAULT '',
  -- workflow timestamps (UTC); first_submitted_at decides lateness, never reset by a return
  first_submitted_at  TEXT,
  submitted_at        TEXT,
  approved_at         TEXT,
  published_at        TEXT,
  forwarded_at        TEXT,
  forwarded_to        TEXT NOT NULL DEFAULT '',      -- the level/outlet it was sent to
  last_reason         TEXT NOT NULL DEFAULT '',      -- the latest return or unpublish reason
  created_by          BIGINT REFERENCES users(id),
  is_demo             INTEGER NOT NULL DEFAULT 0,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);
CREATE INDEX submissions_unit ON submissions(org_unit_id, kind, first_submitted_at);
CREATE INDEX submissions_town_state ON submissions(town_id, state, submitted_at);
CREATE INDEX submissions_published ON submissions(town_id, kind, published_at);

CREATE TABLE submission_projects (
  submission_id  BIGINT NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
  project_id     BIGINT NOT NULL REFERENCES projects(id),
  PRIMARY KEY (submission_id, project_id)
);
CREATE INDEX submission_projects_project ON submission_projects(project_id);

-- Photos: a news item's optional photos (role 'photo'), or a photo story's before/after pairs (pair_no >= 1).
CREATE TABLE submission_photos (
  submission_id  BIGINT NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
  file_id        BIGINT NOT NULL REFERENCES files(id),
  role           TEXT NOT NULL CHECK (role IN ('photo','before','after')),
  pair_no        INTEGER NOT NULL DEFAULT 0,
  caption        TEXT NOT NULL DEFAULT '',
  sort_order     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (submission_id, file_id),
  CHECK ((role = 'photo') = (pair_no = 0))
);
CREATE INDEX submission_photos_file ON submission_photos(file_id);

-- The side-by-side image of each before/after pair (libvips), stored as a file of the submitting unit so the
-- file routes (and the portal, once published) serve it like any photo. Rebuilt when the pair changes.
CREATE TABLE submission_composites (
  submission_id  BIGINT NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
  pair_no        INTEGER NOT NULL CHECK (pair_no >= 1),
  file_id        BIGINT NOT NULL REFERENCES files(id),
  PRIMARY KEY (submission_id, pair_no)
);

-- Every transition, for the history shown to the reviewer and the author (the audit log has them too).
CREATE TABLE submission_events (
  id             {{id}},
  submission_id  BIGINT NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
  action         TEXT NOT NULL,
  from_state     TEXT NOT NULL,
  to_state       TEXT NOT NULL,
  reason         TEXT NOT NULL DEFAULT '',
  user_id        BIGINT REFERENCES users(id),
  at             TEXT NOT NULL
);
CREATE INDEX submission_events_submission ON submission_events(submission_id, id);

CREATE TABLE submission_adoptions (
  id             {{id}},
  submission_id  BIGINT NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
  level          TEXT NOT NULL CHECK (level IN ('county','city','province')),
  outlet         TEXT NOT NULL,                  -- e.g. 县民生办《民生工程简报》第 12 期
  adopted_on     TEXT NOT NULL,                  -- YYYY-MM-DD
  marked_by      BIGINT REFERENCES users(id),
  created_at     TEXT NOT NULL,
  UNIQUE (submission_id, level)
);

CREATE TABLE notifications (
  id          {{id}},
  user_id     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL,                     -- e.g. submission.returned, quota.reminder
  title       TEXT NOT NULL,
  body        TEXT NOT NULL DEFAULT '',
  link        TEXT NOT NULL DEFAULT '',          -- a back-office path, e.g. /submissions/12
  created_at  TEXT NOT NULL,
  read_at     TEXT,
  dedupe_key  TEXT                               -- e.g. "quota:12:2020-06:34" so a reminder is sent once
);
CREATE INDEX notifications_user ON notifications(user_id, read_at, id);
CREATE UNIQUE INDEX notifications_dedupe ON notifications(user_id, dedupe_key);

-- Quota rules: data per town and year. units: lead_departments (units leading a project of the year),
-- engineering_departments (leading an engineering project), office (the town's 镇民生办), list (unit_ids).
CREATE TABLE quota_rules (
  id          {{id}},
  town_id     BIGINT NOT NULL REFERENCES org_units(id),
  year        INTEGER NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('news','photo_story','voice')),
  units       TEXT NOT NULL CHECK (units IN ('lead_departments','engineering_departments','office','list')),
  unit_ids    TEXT NOT NULL DEFAULT '',          -- comma-separated ids for 'list'
  count       INTEGER NOT NULL CHECK (count >= 1),
  period      TEXT NOT NULL CHECK (period IN ('month','quarter','year')),
  due_day     TEXT NOT NULL,                     -- month/quarter: day of the period's last month ("20"); year: "12-15"
  counts      TEXT NOT NULL CHECK (counts IN ('submitted','approved','published')),
  created_at  TEXT NOT NULL
);
CREATE INDEX quota_rules_town_year ON quota_rules(town_id, year);

-- Per-town workflow settings (defaults when no row).
CREATE TABLE submission_settings (
  town_id             BIGINT PRIMARY KEY REFERENCES org_units(id),
  second_level        INTEGER NOT NULL DEFAULT 0,  -- approvals by the office go to the leader for a second review
  pair_distance_m     INTEGER NOT NULL DEFAULT 200,
  reminder_days       INTEGER NOT NULL DEFAULT 5,
  banned_words        TEXT NOT NULL DEFAULT '',    -- one per line: the pre-publish check warns about them
  updated_at          TEXT NOT NULL
);
