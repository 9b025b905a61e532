-- camera_health events state what is wrong (finding, measured value, limit): JSON HealthFinding, null for other kinds.
ALTER TABLE events ADD COLUMN health VARCHAR;
