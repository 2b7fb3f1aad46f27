-- The operational store: the only database the query API writes. WAL and foreign keys on.
-- Owners: query-api/src/store (sessions, lock-outs, query log, certificates); clients and the maintenance log
-- are also written by the data generator and the ops CLI.

-- Registered clients: kiosk terminals and the phone server. The key is stored only as a scrypt hash;
-- the key's id (its public prefix) finds the row.
CREATE TABLE IF NOT EXISTS client (
  client_id TEXT PRIMARY KEY,
  channel TEXT NOT NULL CHECK (channel IN ('kiosk','phone')),
  key_hash TEXT NOT NULL,
  description TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

-- Maintenance log (regulation Art. 12): time, what, why, method, who.
CREATE TABLE IF NOT EXISTS maintenance_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  what TEXT NOT NULL,
  why TEXT NOT NULL,
  method TEXT NOT NULL,
  who TEXT NOT NULL
);
