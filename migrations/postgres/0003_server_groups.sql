-- Server groups (D30). The columns are what the server itself uses; `attributes` holds the
-- vendor's other request members (image, disk, network, tags, ...) as a JSON object, already
-- type-checked, so that replies can give them back.
CREATE TABLE server_groups (
  id          TEXT PRIMARY KEY,
  project_id  TEXT NOT NULL REFERENCES projects (id),
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  app_type    TEXT NOT NULL,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  attributes  TEXT NOT NULL DEFAULT '{}',  -- JSON object
  -- The catalog's image ids (JSON array of strings), registered with its applications.
  catalog_images TEXT NOT NULL DEFAULT '[]',
  UNIQUE (project_id, name)
);
CREATE INDEX server_groups_by_age ON server_groups (project_id, created_at DESC, id DESC);

-- The applications a server group's image offers, in the order the operator registered them.
CREATE TABLE server_group_catalog_apps (
  server_group_id  TEXT NOT NULL REFERENCES server_groups (id),
  position         BIGINT NOT NULL,
  name             TEXT NOT NULL,
  version          TEXT NOT NULL DEFAULT '',
  command_param    TEXT NOT NULL DEFAULT '',
  execute_path     TEXT NOT NULL,
  work_path        TEXT NOT NULL DEFAULT '',
  icon_path        TEXT NOT NULL DEFAULT '',
  icon_index       BIGINT NOT NULL DEFAULT 0,
  description      TEXT NOT NULL DEFAULT '',
  publisher        TEXT NOT NULL DEFAULT '',
  source_type      BIGINT NOT NULL,
  sandbox_enable   BIGINT NOT NULL DEFAULT 0,
  source_image_ids TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
  PRIMARY KEY (server_group_id, position),
  UNIQUE (server_group_id, name)
);

-- Binding checks and app_group_count look app groups up by their server group.
CREATE INDEX app_groups_by_server_group ON app_groups (project_id, app_server_group_id)
  WHERE app_server_group_id <> '';
