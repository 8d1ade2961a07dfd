-- Deployment settings such as the region (kept at first start, checked at every later one).
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE accounts (
  id   TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);

CREATE TABLE users (
  id                 TEXT PRIMARY KEY,
  account_id         TEXT NOT NULL REFERENCES accounts (id),
  name               TEXT NOT NULL,
  password_hash      TEXT NOT NULL,
  password_salt      TEXT NOT NULL,
  is_root            INTEGER NOT NULL,
  is_enabled         INTEGER NOT NULL,
  revocation_counter INTEGER NOT NULL DEFAULT 0,
  UNIQUE (account_id, name)
);

CREATE TABLE access_keys (
  access_key TEXT PRIMARY KEY,
  secret_key TEXT NOT NULL,
  user_id    TEXT NOT NULL REFERENCES users (id),
  is_enabled INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE projects (
  id          TEXT PRIMARY KEY,
  account_id  TEXT NOT NULL REFERENCES accounts (id),
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  UNIQUE (account_id, name)
);

CREATE TABLE signing_keys (
  key_id     TEXT PRIMARY KEY,
  secret     BLOB NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE node_leases (
  node_id    INTEGER PRIMARY KEY CHECK (node_id >= 0 AND node_id < 256),
  holder     TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);

CREATE TABLE app_groups (
  id                  TEXT PRIMARY KEY,
  project_id          TEXT NOT NULL REFERENCES projects (id),
  name                TEXT NOT NULL,
  app_server_group_id TEXT NOT NULL DEFAULT '',
  description         TEXT NOT NULL DEFAULT '',
  authorization_type  TEXT NOT NULL,
  app_type            TEXT NOT NULL,
  created_at          INTEGER NOT NULL,
  app_count           INTEGER NOT NULL DEFAULT 0 CHECK (app_count >= 0),
  UNIQUE (project_id, name)
);
CREATE INDEX app_groups_by_age ON app_groups (project_id, created_at DESC, id DESC);

CREATE TABLE apps (
  id               TEXT PRIMARY KEY,
  project_id       TEXT NOT NULL,
  app_group_id     TEXT NOT NULL REFERENCES app_groups (id),
  name             TEXT NOT NULL,
  version          TEXT NOT NULL DEFAULT '',
  command_param    TEXT NOT NULL DEFAULT '',
  execute_path     TEXT NOT NULL,
  work_path        TEXT NOT NULL DEFAULT '',
  icon_path        TEXT NOT NULL DEFAULT '',
  icon_index       INTEGER NOT NULL DEFAULT 0,
  description      TEXT NOT NULL DEFAULT '',
  state            TEXT NOT NULL,
  published_at     INTEGER NOT NULL,
  source_type      INTEGER NOT NULL,
  publisher        TEXT NOT NULL DEFAULT '',
  icon_url         TEXT NOT NULL DEFAULT '',
  sandbox_enable   INTEGER NOT NULL DEFAULT 0,
  is_pre_boot      INTEGER NOT NULL DEFAULT 0,
  source_image_ids TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
  extended_info    TEXT,                       -- JSON object, NULL when absent
  UNIQUE (app_group_id, name)
);
CREATE INDEX apps_by_age ON apps (app_group_id, published_at DESC, id DESC);

-- Group-level grants have app_id ''; app-level grants (D24) name the app.
CREATE TABLE authorizations (
  id                 TEXT PRIMARY KEY,
  project_id         TEXT NOT NULL,
  app_group_id       TEXT NOT NULL REFERENCES app_groups (id),
  app_id             TEXT NOT NULL DEFAULT '',
  authorization_type TEXT NOT NULL,
  account            TEXT NOT NULL,
  account_type       TEXT NOT NULL,
  account_id         TEXT NOT NULL DEFAULT '',
  domain             TEXT NOT NULL DEFAULT '',
  email              TEXT NOT NULL DEFAULT '',
  telephone_number   TEXT NOT NULL DEFAULT '',
  platform_type      TEXT NOT NULL DEFAULT '',
  created_at         INTEGER NOT NULL,
  UNIQUE (app_group_id, app_id, account_type, account)
);
CREATE INDEX authorizations_by_app ON authorizations (app_id) WHERE app_id <> '';
CREATE INDEX authorizations_by_age ON authorizations (project_id, created_at DESC, id DESC);

CREATE TABLE audit_events (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  at             INTEGER NOT NULL,
  request_id     TEXT NOT NULL,
  principal_id   TEXT NOT NULL,
  principal_name TEXT NOT NULL,
  project_id     TEXT NOT NULL,
  action         TEXT NOT NULL,
  outcome        TEXT NOT NULL,
  detail         TEXT NOT NULL
);
