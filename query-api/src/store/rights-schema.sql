-- The person's rights beyond reading (Art. 15-17), in the operational store: requests to check the record and
-- call-back requests, the person's own PIN (it replaces the PIN issued with the records), failed PIN changes.
-- Issued statements are registered in the `certificate` table beside certificates (body.kind = 'statement').

CREATE TABLE IF NOT EXISTS record_request (
  id INTEGER PRIMARY KEY,
  reference TEXT NOT NULL UNIQUE,  -- digits only (read out by the phone)
  kind TEXT NOT NULL CHECK (kind IN ('record','callback')),
  person_id INTEGER,               -- NULL for a call-back request left without logging in
  filed_by TEXT NOT NULL,          -- actor: person:N, delegate:N, caller
  channel TEXT NOT NULL,
  client_id TEXT NOT NULL,
  category TEXT,
  months TEXT NOT NULL DEFAULT '[]',
  description TEXT NOT NULL DEFAULT '',
  callback_phone TEXT,             -- stored only with the request
  language TEXT,
  topic TEXT,
  status TEXT NOT NULL CHECK (status IN ('received','in_review','corrected','rejected')),
  answer TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS record_request_by_person ON record_request(person_id, created_at);
CREATE INDEX IF NOT EXISTS record_request_by_phone ON record_request(callback_phone, created_at);
CREATE INDEX IF NOT EXISTS record_request_by_status ON record_request(status, created_at);

-- A PIN the person chose (or a one-time PIN from the counter): replaces the records' PIN on every channel.
CREATE TABLE IF NOT EXISTS pin_credential (
  person_id INTEGER PRIMARY KEY,
  pin_hash TEXT NOT NULL,
  one_time INTEGER NOT NULL CHECK (one_time IN (0, 1)),
  used_at TEXT,                    -- a one-time PIN works once: set at its first login on kiosk or web
  set_at TEXT NOT NULL
) WITHOUT ROWID;


-- "Who looked at my record" reads the query log by subject.
CREATE INDEX IF NOT EXISTS query_log_by_subject ON query_log(subject, id);
