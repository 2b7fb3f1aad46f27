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

-- Server secrets (generated on first start): the key of the staff references and of the lock-out identities.
CREATE TABLE IF NOT EXISTS server_secret (
  name TEXT PRIMARY KEY,
  value BLOB NOT NULL
) WITHOUT ROWID;

-- Sessions: the token is stored only as its SHA-256 hash; times are epoch milliseconds.
-- client_id is NULL for the web channel. A delegate's scope is copied in at login (JSON).
CREATE TABLE IF NOT EXISTS session (
  token_hash TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('insured','delegate','employer')),
  channel TEXT NOT NULL CHECK (channel IN ('kiosk','phone','web')),
  client_id TEXT,
  subject_id INTEGER NOT NULL,   -- person id (insured, delegate's principal) or employer id
  authorization_id INTEGER,      -- delegate authorisation id
  scope TEXT,                    -- delegate: {"categories":[...],"fromMonth","toMonth","validUntil"}
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS session_by_expiry ON session(expires_at);

-- Login throttling (query-api/src/auth/throttle.ts). Keys are HMACs: no ID number, unit number or address is
-- stored here. login_throttle: consecutive failures and locks of one identity from one source (a registered
-- client, or a web network). login_attempt: attempts per identity and channel in the last hour (the budget).
DROP TABLE IF EXISTS lockout;
CREATE TABLE IF NOT EXISTS login_throttle (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  locked_until INTEGER,          -- epoch ms, NULL when not locked
  locks INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS login_attempt (
  id INTEGER PRIMARY KEY,
  pool TEXT NOT NULL,
  at INTEGER NOT NULL            -- epoch ms
);
CREATE INDEX IF NOT EXISTS login_attempt_by_pool ON login_attempt(pool, at);

-- The query log (Art. 4, Ch. 5): append-only and hash-chained. hash = SHA-256(prev_hash + canonical entry);
-- mac = HMAC-SHA-256 of hash under a key derived from the log's signing key, which is never in this database.
CREATE TABLE IF NOT EXISTS query_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  channel TEXT NOT NULL,
  client_id TEXT NOT NULL,       -- registered client id, or 'web'
  role TEXT NOT NULL,            -- insured | delegate | employer | public | unknown
  actor TEXT NOT NULL,           -- e.g. person:12, delegate:3, employer:4, anonymous
  subject TEXT NOT NULL,         -- whose record: person:12, employer:4, or '-'
  resource TEXT NOT NULL,        -- e.g. me/summary, employer/staff, session
  outcome TEXT NOT NULL,         -- ok | forbidden | locked | invalid_credentials | not_found | ...
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  mac TEXT                       -- NULL only for entries written before the log was keyed
);
-- No index on `at`: every answer pays for each index on this table, while an export by period is a rare
-- supervisor's task that can scan in id order (time grows with id).
DROP INDEX IF EXISTS query_log_by_time;
CREATE TRIGGER IF NOT EXISTS query_log_no_update BEFORE UPDATE ON query_log
BEGIN SELECT RAISE(ABORT, 'the query log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS query_log_no_delete BEFORE DELETE ON query_log
BEGIN SELECT RAISE(ABORT, 'the query log is append-only'); END;

-- Signed checkpoints of the query log (C2SP signed notes: origin, size, head hash, time; Ed25519). The same
-- notes go to the append-only witness file in CHECKPOINT_DIR, outside this database.
CREATE TABLE IF NOT EXISTS log_checkpoint (
  id INTEGER PRIMARY KEY,
  size INTEGER NOT NULL,
  note TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS log_checkpoint_no_update BEFORE UPDATE ON log_checkpoint
BEGIN SELECT RAISE(ABORT, 'the checkpoints are append-only'); END;
CREATE TRIGGER IF NOT EXISTS log_checkpoint_no_delete BEFORE DELETE ON log_checkpoint
BEGIN SELECT RAISE(ABORT, 'the checkpoints are append-only'); END;

-- Contribution certificates (Art. 15): verifiable by serial and check code until valid_until.
CREATE TABLE IF NOT EXISTS certificate (
  serial TEXT PRIMARY KEY,
  check_hash TEXT NOT NULL,      -- SHA-256 of the check code
  person_id INTEGER NOT NULL,
  issued_at TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  body TEXT NOT NULL             -- the certificate as issued (JSON, without the check code)
) WITHOUT ROWID;
