-- Platform core: organisation tree, accounts, sessions, the hash-chained audit log, settings.
-- Times are UTC text "YYYY-MM-DDTHH:MM:SS.mmmZ" (fixed width: text order is time order).

CREATE TABLE org_units (
  id          {{id}},
  parent_id   BIGINT REFERENCES org_units(id),
  kind        TEXT NOT NULL CHECK (kind IN ('province','city','county','town','village','community','department')),
  name        TEXT NOT NULL,
  code        TEXT,
  path        TEXT NOT NULL,            -- '/1/4/9/': ids from the root down to and including this unit
  town_id     BIGINT REFERENCES org_units(id),  -- the town this unit is in (itself for a town); NULL above towns
  sort_order  INTEGER NOT NULL DEFAULT 0,
  is_demo     INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  UNIQUE (parent_id, name)
);
CREATE INDEX org_units_path ON org_units(path);
CREATE INDEX org_units_parent ON org_units(parent_id, sort_order);

CREATE TABLE users (
  id                    {{id}},
  username              TEXT NOT NULL UNIQUE,
  display_name          TEXT NOT NULL,
  role                  TEXT NOT NULL CHECK (role IN ('sysadmin','secadmin','auditor','office','dept','village','leader','county')),
  org_unit_id           BIGINT NOT NULL REFERENCES org_units(id),
  password_hash         TEXT NOT NULL,
  password_changed_at   TEXT NOT NULL,
  must_change_password  INTEGER NOT NULL DEFAULT 0,
  failed_attempts       INTEGER NOT NULL DEFAULT 0,
  locked_until          TEXT,              -- lockout after repeated failures
  locked                INTEGER NOT NULL DEFAULT 0,  -- locked by the security administrator
  last_login_at         TEXT,
  activity_at           TEXT NOT NULL,     -- last login, creation or unlock: dormancy counts from here
  is_demo               INTEGER NOT NULL DEFAULT 0,
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL
);
CREATE INDEX users_org ON users(org_unit_id);

CREATE TABLE sessions (
  id            {{id}},
  token_hash    TEXT NOT NULL UNIQUE,     -- SHA-256 of the cookie token; the token itself is never stored
  user_id       BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token    TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  last_seen_at  TEXT NOT NULL,
  expires_at    TEXT NOT NULL,            -- absolute limit
  ip            TEXT NOT NULL DEFAULT '',
  user_agent    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE audit_log (
  id           {{id}},
  seq          BIGINT NOT NULL UNIQUE,
  at           TEXT NOT NULL,
  user_id      BIGINT,
  username     TEXT NOT NULL DEFAULT '',
  role         TEXT NOT NULL DEFAULT '',
  ip           TEXT NOT NULL DEFAULT '',
  request_id   TEXT NOT NULL DEFAULT '',
  action       TEXT NOT NULL,
  entity       TEXT NOT NULL DEFAULT '',
  entity_id    TEXT NOT NULL DEFAULT '',
  org_unit_id  BIGINT,
  result       TEXT NOT NULL CHECK (result IN ('ok','denied','failed')),
  reason       TEXT NOT NULL DEFAULT '',
  before_json  TEXT NOT NULL DEFAULT '',
  after_json   TEXT NOT NULL DEFAULT '',
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_user ON audit_log(user_id, at);
CREATE INDEX audit_log_action ON audit_log(action, at);

-- The audit log is append-only.
-- @sqlite
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
-- @pg
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
-- @all

-- The chain head: every audited write updates this one row in its own transaction, which also serialises
-- audit writers so the chain stays linear.
CREATE TABLE audit_head (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  seq   BIGINT NOT NULL,
  hash  TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE settings (
  key         TEXT PRIMARY KEY,
  value       TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
