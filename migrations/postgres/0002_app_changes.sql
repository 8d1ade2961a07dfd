-- UpdatePreBootPolicy's pre_launch_policy (0, 1 or 3); NULL until an app's policy is first set.
ALTER TABLE apps ADD COLUMN pre_launch_policy BIGINT;
