-- A page of one licence's integrations (GET /api/integrations?licence=…, the page's filter) reads that
-- licence's integrations in id order from this index, not every integration after the cursor.
CREATE INDEX integration_licence ON integration (licence_id, integration_id);
