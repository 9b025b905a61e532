-- The publisher reads back the rows it just claimed by claim_token on every round (at least once a second);
-- without an index that is a scan of the whole outbox.
CREATE INDEX outbox_claim ON outbox (claim_token);
