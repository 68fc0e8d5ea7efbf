-- Where each audited staff action came from: the client's address as
-- SOLECHECK_TRUSTED_PROXIES resolves it (the proxy's own address is useless
-- behind a reverse proxy). NULL for entries written before it was recorded.
ALTER TABLE audit_log ADD COLUMN client_address TEXT;
