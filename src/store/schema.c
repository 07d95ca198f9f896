/* schema.c: the database schema as numbered migrations (PRAGMA user_version). */
#include "store/store_int.h"

#include <stddef.h>

/* Migration N (1-based) brings user_version from N-1 to N. Never edit a released
 * step: append a new one. */
static const char *const migrations[] = {
    /* 1: the first schema */
    "CREATE TABLE cases ("
    "  uuid TEXT PRIMARY KEY NOT NULL,"
    "  case_no TEXT NOT NULL UNIQUE,"
    "  thing TEXT NOT NULL,"
    "  form_version TEXT NOT NULL DEFAULT '',"
    "  channel TEXT NOT NULL,"
    "  centre TEXT NOT NULL,"
    "  terminal TEXT NOT NULL,"
    "  status TEXT NOT NULL,"
    "  submitted_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  applicant_name TEXT,"
    "  applicant_id TEXT,"
    "  helper_id TEXT,"
    "  clerk_id TEXT,"
    "  revision INTEGER NOT NULL DEFAULT 1,"
    "  answers_json TEXT,"
    "  departments_json TEXT,"
    "  purged INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE INDEX cases_applicant_id ON cases(applicant_id);"
    "CREATE INDEX cases_applicant_name ON cases(applicant_name);"
    "CREATE INDEX cases_status ON cases(status);"
    "CREATE INDEX cases_thing ON cases(thing);"
    "CREATE INDEX cases_submitted_at ON cases(submitted_at);"
    "CREATE TABLE case_items ("
    "  case_uuid TEXT NOT NULL REFERENCES cases(uuid) ON DELETE CASCADE,"
    "  item_id TEXT NOT NULL,"
    "  dept_id TEXT NOT NULL,"
    "  time_limit_days INTEGER NOT NULL DEFAULT 0,"
    "  status TEXT NOT NULL,"
    "  due_date TEXT,"
    "  result TEXT,"
    "  result_seq INTEGER NOT NULL DEFAULT 0,"
    "  updated_at TEXT NOT NULL,"
    "  PRIMARY KEY (case_uuid, item_id)"
    ");"
    "CREATE INDEX case_items_dept ON case_items(dept_id, status);"
    "CREATE TABLE outbox ("
    "  id INTEGER PRIMARY KEY,"
    "  case_uuid TEXT NOT NULL REFERENCES cases(uuid) ON DELETE CASCADE,"
    "  revision INTEGER NOT NULL,"
    "  idem_key TEXT NOT NULL UNIQUE,"
    "  payload TEXT,"
    "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','acked','held')),"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  next_attempt_at INTEGER NOT NULL DEFAULT 0,"
    "  last_status INTEGER,"
    "  last_error TEXT,"
    "  created_at TEXT NOT NULL,"
    "  acked_at TEXT"
    ");"
    "CREATE INDEX outbox_due ON outbox(state, next_attempt_at);"
    "CREATE INDEX outbox_case ON outbox(case_uuid, revision);"
    "CREATE TABLE audit ("
    "  id INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL,"
    "  actor_kind TEXT NOT NULL,"
    "  actor_id TEXT,"
    "  action TEXT NOT NULL,"
    "  case_no TEXT,"
    "  detail TEXT"
    ");"
    "CREATE INDEX audit_case ON audit(case_no);"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
    "  BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
    "  BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;"
    "CREATE TABLE drafts ("
    "  slot TEXT PRIMARY KEY NOT NULL,"
    "  thing TEXT NOT NULL,"
    "  page TEXT,"
    "  answers_json TEXT NOT NULL,"
    "  saved_at INTEGER NOT NULL"
    ");"
    "CREATE TABLE kv ("
    "  key TEXT PRIMARY KEY NOT NULL,"
    "  value TEXT"
    ");"
    "CREATE TABLE materials ("
    "  case_uuid TEXT NOT NULL REFERENCES cases(uuid) ON DELETE CASCADE,"
    "  material_id TEXT NOT NULL,"
    "  state TEXT NOT NULL CHECK (state IN ('seen','exempt','missing')),"
    "  actor_id TEXT,"
    "  at TEXT NOT NULL,"
    "  PRIMARY KEY (case_uuid, material_id)"
    ");",
    /* 2: the counter — clerks and administrators, case status history (for
     * the time from submit to close), reasons a case was returned */
    "CREATE TABLE users ("
    "  id TEXT PRIMARY KEY NOT NULL,"
    "  name TEXT NOT NULL,"
    "  role TEXT NOT NULL CHECK (role IN ('clerk','admin')),"
    "  pwhash TEXT NOT NULL,"
    "  disabled INTEGER NOT NULL DEFAULT 0,"
    "  failed_attempts INTEGER NOT NULL DEFAULT 0,"
    "  locked_until INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL"
    ");"
    "CREATE TABLE case_events ("
    "  id INTEGER PRIMARY KEY,"
    "  case_uuid TEXT NOT NULL REFERENCES cases(uuid) ON DELETE CASCADE,"
    "  at TEXT NOT NULL,"
    "  actor_id TEXT,"
    "  status TEXT NOT NULL,"
    "  note TEXT"
    ");"
    "CREATE INDEX case_events_case ON case_events(case_uuid, status);"
    "CREATE TABLE case_returns ("
    "  id INTEGER PRIMARY KEY,"
    "  case_uuid TEXT NOT NULL REFERENCES cases(uuid) ON DELETE CASCADE,"
    "  at TEXT NOT NULL,"
    "  actor_id TEXT,"
    "  material_id TEXT,"
    "  reason TEXT NOT NULL"
    ");"
    "CREATE INDEX case_returns_case ON case_returns(case_uuid);",
    /* 3: which return of its case a reason belongs to (1, 2, ...), so two
     * returns within the same second stay apart; NULL on older rows, which
     * are told apart by their time */
    "ALTER TABLE case_returns ADD COLUMN return_no INTEGER;",
    /* 4: the audit log as a hash chain (store/auditchain.c): each row carries
     * the hash of the row before it and its own; the rows already there are
     * chained in id order (the update trigger is lifted for that alone) */
    "ALTER TABLE audit ADD COLUMN prev_hash BLOB;"
    "ALTER TABLE audit ADD COLUMN hash BLOB;"
    "DROP TRIGGER audit_no_update;"
    "SELECT yj_audit_chain_fill();"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
    "  BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;",
    /* 5: helpers (帮办) are accounts too, with role 'helper' (a short PIN,
     * the assisted mode only): the role's CHECK takes the new value, which
     * in SQLite means rebuilding the table */
    "CREATE TABLE users_new ("
    "  id TEXT PRIMARY KEY NOT NULL,"
    "  name TEXT NOT NULL,"
    "  role TEXT NOT NULL CHECK (role IN ('clerk','admin','helper')),"
    "  pwhash TEXT NOT NULL,"
    "  disabled INTEGER NOT NULL DEFAULT 0,"
    "  failed_attempts INTEGER NOT NULL DEFAULT 0,"
    "  locked_until INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL"
    ");"
    "INSERT INTO users_new SELECT id, name, role, pwhash, disabled, failed_attempts,"
    "  locked_until, created_at FROM users;"
    "DROP TABLE users;"
    "ALTER TABLE users_new RENAME TO users;",
    /* 6: the predecessors an item waits for in its case (space separated
     * item ids, NULL: none), so whoever records the last one's result —
     * counter, sync, import — sets its due date (store/items.c) */
    "ALTER TABLE case_items ADD COLUMN after_items TEXT;",
    /* 7: stored answers in the one form a case's JSON writes them (compact,
     * core/jsonw.h; they were indented), so that listings and exports copy
     * them instead of reading and writing each case's answers again
     * (store/cases.c yj_answers_canon; NULL, and what does not read as
     * answers, stay as they are) */
    "UPDATE cases SET answers_json = yj_answers_canon(answers_json);",
};

const char *const *
yj_store_migrations(int *count)
{
    *count = (int)(sizeof migrations / sizeof migrations[0]);
    return migrations;
}
