-- The role-based model (v3): custom policies of Version 1.1 ("roles"), and their grants to IAM
-- user groups on one project each. The users and groups are those of the identity-policy model.
CREATE TABLE iam_roles (
  id             TEXT PRIMARY KEY,
  account_id     TEXT NOT NULL REFERENCES accounts (id),
  name           TEXT NOT NULL,
  display_name   TEXT NOT NULL,
  type           TEXT NOT NULL CHECK (type IN ('AX', 'XA')),
  description    TEXT NOT NULL DEFAULT '',
  description_cn TEXT NOT NULL DEFAULT '',
  policy         TEXT NOT NULL,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL,
  UNIQUE (account_id, display_name)
);

-- role_id names a row of iam_roles, or a system policy of iam_policies (account 'system').
CREATE TABLE iam_project_grants (
  project_id TEXT NOT NULL REFERENCES projects (id),
  group_id   TEXT NOT NULL REFERENCES iam_groups (id),
  role_id    TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (project_id, group_id, role_id)
);
CREATE INDEX iam_project_grants_by_group ON iam_project_grants (group_id, project_id);
CREATE INDEX iam_project_grants_by_role ON iam_project_grants (role_id);
