-- The audit trail is read per account (GET /wsapp/v1/audit-events), so every record names the
-- account it belongs to. Existing records take the account of their project; records without
-- one (IAM administration) the account of their principal; system records without a project
-- (token key rotation) the deployment's first account, as service::RotateTokenSigningKey now
-- writes them. '' when none of these is known: such records are listed to no one.
ALTER TABLE audit_events ADD COLUMN account_id TEXT NOT NULL DEFAULT '';

UPDATE audit_events SET account_id = COALESCE(
  (SELECT p.account_id FROM projects p WHERE p.id = audit_events.project_id),
  (SELECT u.account_id FROM users u WHERE u.id = audit_events.principal_id),
  (SELECT a.id FROM accounts a WHERE audit_events.principal_id = 'system'
     AND audit_events.project_id = '' ORDER BY a.rowid LIMIT 1),
  '');

-- Lists are newest first within an account; each exact filter has an index that leads with it
-- and keeps that order, so a filtered page reads only matching rows. The resource filter looks
-- into the JSON detail and has none (docs/limitations.md).
CREATE INDEX audit_events_by_age ON audit_events (account_id, at DESC, seq DESC);
CREATE INDEX audit_events_by_request ON audit_events (account_id, request_id, at DESC, seq DESC);
CREATE INDEX audit_events_by_principal
  ON audit_events (account_id, principal_id, at DESC, seq DESC);
CREATE INDEX audit_events_by_project ON audit_events (account_id, project_id, at DESC, seq DESC);
CREATE INDEX audit_events_by_action ON audit_events (account_id, action, at DESC, seq DESC);
CREATE INDEX audit_events_by_outcome ON audit_events (account_id, outcome, at DESC, seq DESC);
