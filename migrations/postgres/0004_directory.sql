-- The end-user directory of each project: desktop users, user groups and memberships, in the
-- shape of the vendor's Workspace v2 models. Ids are unique per project, names too.
CREATE TABLE directory_users (
  project_id                 TEXT NOT NULL REFERENCES projects (id),
  id                         TEXT NOT NULL,
  user_name                  TEXT NOT NULL,
  user_email                 TEXT NOT NULL DEFAULT '',
  user_phone                 TEXT NOT NULL DEFAULT '',
  active_type                TEXT NOT NULL DEFAULT 'USER_ACTIVATE',
  account_expires            BIGINT NOT NULL DEFAULT 0,  -- Unix millis; 0 never expires
  enable_change_password     BIGINT NOT NULL DEFAULT 1,
  next_login_change_password BIGINT NOT NULL DEFAULT 1,
  description                TEXT NOT NULL DEFAULT '',
  alias_name                 TEXT NOT NULL DEFAULT '',
  enterprise_project_id      TEXT NOT NULL DEFAULT '',
  user_info_map              TEXT NOT NULL DEFAULT '',
  domain                     TEXT NOT NULL DEFAULT '',
  created_at                 BIGINT NOT NULL,
  PRIMARY KEY (project_id, id),
  UNIQUE (project_id, user_name)
);
CREATE INDEX directory_users_by_age ON directory_users (project_id, created_at DESC, id DESC);

CREATE TABLE directory_groups (
  project_id    TEXT NOT NULL REFERENCES projects (id),
  id            TEXT NOT NULL,
  name          TEXT NOT NULL,
  platform_type TEXT NOT NULL,
  description   TEXT NOT NULL DEFAULT '',
  created_at    BIGINT NOT NULL,
  PRIMARY KEY (project_id, id),
  UNIQUE (project_id, name)
);
CREATE INDEX directory_groups_by_age ON directory_groups (project_id, created_at DESC, id DESC);

CREATE TABLE directory_memberships (
  project_id TEXT NOT NULL,
  group_id   TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (project_id, group_id, user_id),
  FOREIGN KEY (project_id, group_id) REFERENCES directory_groups (project_id, id),
  FOREIGN KEY (project_id, user_id) REFERENCES directory_users (project_id, id)
);
CREATE INDEX directory_memberships_by_user ON directory_memberships (project_id, user_id);

-- Deleting a directory account removes the grants held under its id or its name.
CREATE INDEX authorizations_by_account_id ON authorizations (project_id, account_type, account_id);
CREATE INDEX authorizations_by_account_name ON authorizations (project_id, account_type, account);

-- Backfill: every account that an existing grant names gets a directory entry, so that the
-- grants made before the directory existed keep an account behind them (D20).
--
-- First the accounts whose grants carry an id, keeping that id; where two grants disagree
-- (one id under two names, or one name under two ids) the account of the oldest grant wins.
-- ON CONFLICT DO NOTHING skips a row that would break any unique key, as SQLite's INSERT OR
-- IGNORE does. The rows go in in the order of the SELECT, so of two clashing rows the older
-- one stays.
-- COLLATE "C" breaks ties byte by byte, as SQLite's BINARY does, whatever the database's
-- collation.
INSERT INTO directory_users (project_id, id, user_name, created_at)
  SELECT project_id, account_id, account, MIN(created_at) FROM authorizations
  WHERE account_type = 'USER' AND account_id <> '' AND project_id IN (SELECT id FROM projects)
  GROUP BY project_id, account_id, account
  ORDER BY MIN(created_at), account_id COLLATE "C", account COLLATE "C"
  ON CONFLICT DO NOTHING;
INSERT INTO directory_groups (project_id, id, name, platform_type, created_at)
  SELECT project_id, account_id, account, 'LOCAL', MIN(created_at) FROM authorizations
  WHERE account_type = 'USER_GROUP' AND account_id <> ''
    AND project_id IN (SELECT id FROM projects)
  GROUP BY project_id, account_id, account
  ORDER BY MIN(created_at), account_id COLLATE "C", account COLLATE "C"
  ON CONFLICT DO NOTHING;

-- Then every name still without an entry, under a new id of 32 lowercase hex characters.
-- The ids come from gen_random_uuid() without its dashes: the server's strong random source,
-- as randomblob() is SQLite's (122 random bits instead of 128, still lowercase hex).
INSERT INTO directory_users (project_id, id, user_name, created_at)
  SELECT a.project_id, replace(gen_random_uuid()::text, '-', ''), a.account,
         MIN(a.created_at)
  FROM authorizations a
  WHERE a.account_type = 'USER' AND a.project_id IN (SELECT id FROM projects)
    AND NOT EXISTS (SELECT 1 FROM directory_users u
                    WHERE u.project_id = a.project_id AND u.user_name = a.account)
  GROUP BY a.project_id, a.account
  ON CONFLICT DO NOTHING;
INSERT INTO directory_groups (project_id, id, name, platform_type, created_at)
  SELECT a.project_id, replace(gen_random_uuid()::text, '-', ''), a.account, 'LOCAL',
         MIN(a.created_at)
  FROM authorizations a
  WHERE a.account_type = 'USER_GROUP' AND a.project_id IN (SELECT id FROM projects)
    AND NOT EXISTS (SELECT 1 FROM directory_groups g
                    WHERE g.project_id = a.project_id AND g.name = a.account)
  GROUP BY a.project_id, a.account
  ON CONFLICT DO NOTHING;

-- Grants stored without an account id now carry their entry's.
UPDATE authorizations SET account_id = (
    SELECT u.id FROM directory_users u
    WHERE u.project_id = authorizations.project_id AND u.user_name = authorizations.account)
  WHERE account_type = 'USER' AND account_id = ''
    AND EXISTS (SELECT 1 FROM directory_users u
                WHERE u.project_id = authorizations.project_id
                  AND u.user_name = authorizations.account);
UPDATE authorizations SET account_id = (
    SELECT g.id FROM directory_groups g
    WHERE g.project_id = authorizations.project_id AND g.name = authorizations.account)
  WHERE account_type = 'USER_GROUP' AND account_id = ''
    AND EXISTS (SELECT 1 FROM directory_groups g
                WHERE g.project_id = authorizations.project_id
                  AND g.name = authorizations.account);
