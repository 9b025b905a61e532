-- A camera's optional sub-stream (e.g. an ONVIF sub-profile at a lower resolution): analysis decodes it instead of
-- the main stream, which is still what clips are cut from. NULL = analyse the main stream.
ALTER TABLE cameras ADD COLUMN analysis_stream_uri VARCHAR;
