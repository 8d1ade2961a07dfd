-- Custom application icons (UploadAppIcon, UploadAppIconRaw), served at
-- <public url>/wsapp/icons/<token>.png. An icon lives and dies with its app: unpublishing or
-- deleting the app removes the row through the cascade (foreign keys are on for every
-- connection), and apps.icon_url holds the icon's absolute URL while it exists.
CREATE TABLE app_icons (
  app_id     TEXT PRIMARY KEY REFERENCES apps (id) ON DELETE CASCADE,
  token      TEXT NOT NULL UNIQUE,  -- 32 random lowercase hex characters, new at every upload
  png        BYTEA NOT NULL,
  updated_at BIGINT NOT NULL
);
