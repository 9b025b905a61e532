-- Rule parameters beyond dwell/severity/department (crowd threshold, linked gauges, debris size...), as the JSON
-- object of core.zone.RuleParameters: one shape for config, API and database, and new rule parameters need no
-- migration of their own.
ALTER TABLE zones ADD COLUMN params VARCHAR NOT NULL DEFAULT '{}';
