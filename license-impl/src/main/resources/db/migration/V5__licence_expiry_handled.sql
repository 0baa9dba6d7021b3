-- When the licence's expiry was handled (its pairs moved to other licences or disabled), in epoch
-- milliseconds; NULL until then. Set under the licence row's lock, so with several nodes on one
-- database the expiry is handled once; a renewal clears it.
ALTER TABLE licence ADD COLUMN expiry_handled_at BIGINT;
