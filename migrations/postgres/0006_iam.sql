-- IAM administration (v5): IAM users beside the root user, their login profiles, user groups,
-- identity policies and their attachments. Everything is account-wide (D21).
ALTER TABLE users ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0;

-- A user may sign in with a password only while it has a login profile; the hash itself stays
-- in users.password_hash ('' when there is no profile).
CREATE TABLE login_profiles (
  user_id                 TEXT PRIMARY KEY REFERENCES users (id),
  password_reset_required BIGINT NOT NULL,
  created_at              BIGINT NOT NULL
);

CREATE INDEX access_keys_by_user ON access_keys (user_id);

CREATE TABLE iam_groups (
  id          TEXT PRIMARY KEY,
  account_id  TEXT NOT NULL REFERENCES accounts (id),
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_at  BIGINT NOT NULL,
  UNIQUE (account_id, name)
);

CREATE TABLE iam_group_members (
  group_id   TEXT NOT NULL REFERENCES iam_groups (id),
  user_id    TEXT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (group_id, user_id)
);
CREATE INDEX iam_group_members_by_user ON iam_group_members (user_id);

-- account_id is 'system' for the system policies of D23, which every account sees.
CREATE TABLE iam_policies (
  id                 TEXT PRIMARY KEY,
  account_id         TEXT NOT NULL,
  name               TEXT NOT NULL,
  policy_type        TEXT NOT NULL CHECK (policy_type IN ('custom', 'system')),
  path               TEXT NOT NULL DEFAULT '',
  description        TEXT NOT NULL DEFAULT '',
  document           TEXT NOT NULL,
  default_version_id TEXT NOT NULL DEFAULT 'v1',
  created_at         BIGINT NOT NULL,
  updated_at         BIGINT NOT NULL,
  UNIQUE (account_id, name)
);

-- principal_type is 'user' or 'group'; account_id is the principal's account, so a system
-- policy attached in one account never shows in another.
CREATE TABLE iam_policy_attachments (
  policy_id      TEXT NOT NULL REFERENCES iam_policies (id),
  account_id     TEXT NOT NULL,
  principal_type TEXT NOT NULL CHECK (principal_type IN ('user', 'group')),
  principal_id   TEXT NOT NULL,
  attached_at    BIGINT NOT NULL,
  PRIMARY KEY (policy_id, principal_type, principal_id)
);
CREATE INDEX iam_policy_attachments_by_principal
  ON iam_policy_attachments (principal_type, principal_id);

INSERT INTO iam_policies (id, account_id, name, policy_type, description, document, created_at,
                          updated_at)
VALUES
  ('22a0eba2de0ac8ba2411d50b12d8a118', 'system', 'WorkspaceApp FullAccess', 'system',
   'Full permissions for Workspace App.',
   '{"Version":"5.0","Statement":[{"Effect":"Allow","Action":["workspace:*:*"]}]}',
   1764547200000, 1764547200000),
  ('dd9d346696d122f7f7e8f5385352e9b3', 'system', 'WorkspaceApp ReadOnlyAccess', 'system',
   'Read-only permissions for Workspace App.',
   '{"Version":"5.0","Statement":[{"Effect":"Allow","Action":["workspace:*:get*",'
   || '"workspace:*:list*","workspace:*:show*","workspace:*:check*"]}]}',
   1764547200000, 1764547200000);
