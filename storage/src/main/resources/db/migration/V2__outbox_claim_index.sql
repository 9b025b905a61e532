-- The publisher reads back the rows it just claimed by claim_token on every round (at least once a second);
-- without an index that is a scan of the whole outbox.
CREATE INDEX outbox_claim ON outbox (claim_token);
-- The claim skips the later rows of a stream (topic, key) whose oldest unsent row has failed.
CREATE INDEX outbox_stream ON outbox (topic, message_key, id);
