-- Files and photos (issue 3): content-addressed blobs in the database (one backup holds everything; several
-- instances share them) and one row per upload. Times are UTC text like the rest of the schema.

CREATE TABLE blobs (
  sha256      TEXT PRIMARY KEY CHECK (length(sha256) = 64),  -- lower-case hex SHA-256 of data
  size        BIGINT NOT NULL CHECK (size >= 0),
  data        {{blob}} NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE files (
  id             {{id}},
  org_unit_id    BIGINT NOT NULL REFERENCES org_units(id),
  town_id        BIGINT REFERENCES org_units(id),
  uploaded_by    BIGINT NOT NULL REFERENCES users(id),
  created_at     TEXT NOT NULL,
  original_name  TEXT NOT NULL,                            -- sanitised; never used as a path
  kind           TEXT NOT NULL CHECK (kind IN ('image','pdf')),
  content_type   TEXT NOT NULL,                            -- from the sniffed bytes, never from the client
  size           BIGINT NOT NULL CHECK (size >= 0),
  sha256         TEXT NOT NULL REFERENCES blobs(sha256),   -- the original as uploaded
  public_sha256  TEXT REFERENCES blobs(sha256),            -- re-encoded without EXIF/XMP/GPS/ICC (images)
  public_type    TEXT,
  thumb_sha256   TEXT REFERENCES blobs(sha256),            -- JPEG thumbnail (images)
  width          INTEGER,
  height         INTEGER,
  taken_at       TEXT,                                     -- EXIF DateTimeOriginal (camera local time)
  gps_lat        DOUBLE PRECISION,
  gps_lng        DOUBLE PRECISION
);
CREATE INDEX files_org_unit ON files(org_unit_id, id);
CREATE INDEX files_town ON files(town_id, id);
CREATE INDEX files_sha256 ON files(sha256);
