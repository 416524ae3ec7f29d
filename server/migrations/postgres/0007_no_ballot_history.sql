-- Ballot documents keep no Yjs history any more: receipts are re-derived from the votes table,
-- and unanswered requests live on the voter's device until answered.
DELETE FROM document_updates WHERE name LIKE 'ballot/%';
