-- The records in place: each load builds a schema of its own (records_<load id>) and switches this one row to it
-- in the transaction that commits the load, so readers see the old records or the new, never a mix.
CREATE TABLE records_current (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  schema_name text NOT NULL,
  as_of text NOT NULL,
  data_through text NOT NULL,
  switched_at timestamptz NOT NULL DEFAULT now()
);
