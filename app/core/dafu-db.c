/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-db"

#include "config.h"

#include "dafu-db.h"

#include <glib/gi18n-lib.h>

#include "dafu-tokenizer.h"

G_DEFINE_QUARK (dafu-library-error-quark, dafu_library_error)

#define BUSY_TIMEOUT_MS 5000

struct _DafuDb
{
  sqlite3      *handle;
  GHashTable   *statements;    /* SQL text → sqlite3_stmt */
  GCancellable *cancellable;   /* watched by the progress handler */
};

/* Forward migrations: step i takes the schema from version i to i + 1.
 * Each runs in its own transaction with the new user_version. Never edit a
 * step that has shipped; add one. */
/* The triggers that keep the index in step with the letters table; a step
 * that rebuilds the table creates them again. */
#define FTS_TRIGGERS \
  "CREATE TRIGGER letters_fts_insert AFTER INSERT ON letters BEGIN" \
  "  INSERT INTO letters_fts (rowid, title, text) VALUES (new.id, new.title, new.text);" \
  "END;" \
  "CREATE TRIGGER letters_fts_delete AFTER DELETE ON letters BEGIN" \
  "  INSERT INTO letters_fts (letters_fts, rowid, title, text)" \
  "    VALUES ('delete', old.id, old.title, old.text);" \
  "END;" \
  "CREATE TRIGGER letters_fts_update AFTER UPDATE OF title, text ON letters BEGIN" \
  "  INSERT INTO letters_fts (letters_fts, rowid, title, text)" \
  "    VALUES ('delete', old.id, old.title, old.text);" \
  "  INSERT INTO letters_fts (rowid, title, text) VALUES (new.id, new.title, new.text);" \
  "END;"

/* The columns step 4 copies from the old letters table, besides the ids. */
#define LETTER_COLUMNS \
  "issuer, city, doc_number, category, signer, head, handler, kind, session, " \
  "suggestion_number, addressee, addressee_role, title, date, contact, contact_phone, " \
  "cc, public_note, original_format, text, original"

static const char * const migrations[] = {
  /* 0 → 1: letters, their sections and consultation records, the user's
   * corrections and the full-text index over title and text. */
  "CREATE TABLE letters ("
  "  id INTEGER PRIMARY KEY,"
  "  sha256 TEXT NOT NULL UNIQUE,"
  "  file_name TEXT,"
  "  encoding TEXT,"
  "  original BLOB NOT NULL,"
  "  text TEXT NOT NULL,"
  "  parser_version INTEGER NOT NULL,"
  "  imported_at INTEGER NOT NULL,"
  "  issuer TEXT, city TEXT, doc_number TEXT, category TEXT, signer TEXT,"
  "  head TEXT, handler TEXT, kind TEXT, session TEXT, suggestion_number TEXT,"
  "  addressee TEXT, addressee_role TEXT, title TEXT, date TEXT, contact TEXT,"
  "  contact_phone TEXT, cc TEXT, public_note TEXT,"
  "  year INTEGER GENERATED ALWAYS AS (CAST(substr(date, 1, 4) AS INTEGER)) VIRTUAL"
  ");"
  "CREATE INDEX letters_date ON letters (date);"
  "CREATE INDEX letters_city ON letters (city);"
  "CREATE TABLE sections ("
  "  letter_id INTEGER NOT NULL REFERENCES letters (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  heading TEXT,"
  "  level INTEGER NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  text TEXT,"
  "  PRIMARY KEY (letter_id, position)"
  ") WITHOUT ROWID;"
  "CREATE TABLE consultations ("
  "  letter_id INTEGER PRIMARY KEY REFERENCES letters (id) ON DELETE CASCADE,"
  "  date TEXT, place TEXT, officer TEXT, officer_phone TEXT, deputy_phone TEXT,"
  "  suggestion_points INTEGER, reply_points INTEGER"
  ");"
  "CREATE TABLE corrections ("
  "  letter_id INTEGER NOT NULL REFERENCES letters (id) ON DELETE CASCADE,"
  "  field TEXT NOT NULL,"
  "  value TEXT,"
  "  PRIMARY KEY (letter_id, field)"
  ") WITHOUT ROWID;"
  "CREATE VIRTUAL TABLE letters_fts USING fts5 ("
  "  title, text, content='letters', content_rowid='id', tokenize='" DAFU_TOKENIZER_NAME "'"
  ");"
  FTS_TRIGGERS,

  /* 1 → 2: a deleted letter first goes to the trash, so that the window
   * can undo; the trash is emptied when the library is next opened. */
  "ALTER TABLE letters ADD COLUMN trashed INTEGER NOT NULL DEFAULT 0;",

  /* 2 → 3: sections and the consultation record are read from the text
   * when a letter is opened (the parser takes a fraction of a millisecond),
   * so the library no longer keeps a second copy of every letter's text;
   * the original bytes are kept compressed. */
  "DROP TABLE sections;"
  "DROP TABLE consultations;"
  "ALTER TABLE letters ADD COLUMN original_format TEXT NOT NULL DEFAULT 'raw';",

  /* 3 → 4: the letter's text and original bytes move to the end of its
   * row. SQLite reads a row's columns in order, and a column behind a
   * 10 KB text sits in overflow pages: every filter, sort and trash check
   * walked them (opening 100,000 letters newest first took 1.2 s). */
  "CREATE TABLE letters_v4 ("
  "  id INTEGER PRIMARY KEY,"
  "  sha256 TEXT NOT NULL UNIQUE,"
  "  file_name TEXT,"
  "  encoding TEXT,"
  "  parser_version INTEGER NOT NULL,"
  "  imported_at INTEGER NOT NULL,"
  "  trashed INTEGER NOT NULL DEFAULT 0,"
  "  issuer TEXT, city TEXT, doc_number TEXT, category TEXT, signer TEXT,"
  "  head TEXT, handler TEXT, kind TEXT, session TEXT, suggestion_number TEXT,"
  "  addressee TEXT, addressee_role TEXT, title TEXT, date TEXT, contact TEXT,"
  "  contact_phone TEXT, cc TEXT, public_note TEXT,"
  "  year INTEGER GENERATED ALWAYS AS (CAST(substr(date, 1, 4) AS INTEGER)) VIRTUAL,"
  "  original_format TEXT NOT NULL DEFAULT 'raw',"
  "  text TEXT NOT NULL,"
  "  original BLOB NOT NULL"
  ");"
  "INSERT INTO letters_v4 (id, sha256, file_name, encoding, parser_version, imported_at, trashed,"
  "  " LETTER_COLUMNS ")"
  "  SELECT id, sha256, file_name, encoding, parser_version, imported_at, trashed,"
  "  " LETTER_COLUMNS " FROM letters;"
  "DROP TABLE letters;"
  "ALTER TABLE letters_v4 RENAME TO letters;"
  "CREATE INDEX letters_date ON letters (date);"
  "CREATE INDEX letters_city ON letters (city);"
  FTS_TRIGGERS,
};

void
dafu_db_set_error (DafuDb  *db,
                   int      rc,
                   GError **error)
{
  const char *message = db != NULL && db->handle != NULL ? sqlite3_errmsg (db->handle)
                                                          : sqlite3_errstr (rc);
  int code;

  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      code = DAFU_LIBRARY_ERROR_NOT_A_LIBRARY;
      g_set_error (error, DAFU_LIBRARY_ERROR, code,
                   _("The library file is damaged or is not a Dafu library (%s)."), message);
      return;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = DAFU_LIBRARY_ERROR_BUSY;
      g_set_error (error, DAFU_LIBRARY_ERROR, code,
                   _("The library is in use by another program; try again in a moment (%s)."), message);
      return;
    case SQLITE_FULL:
      code = DAFU_LIBRARY_ERROR_FULL;
      g_set_error (error, DAFU_LIBRARY_ERROR, code,
                   _("The disk is full; nothing was changed (%s)."), message);
      return;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      code = DAFU_LIBRARY_ERROR_READ_ONLY;
      g_set_error (error, DAFU_LIBRARY_ERROR, code,
                   _("The library cannot be opened for writing (%s)."), message);
      return;
    default:
      g_set_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_FAILED,
                   _("The library reported an error: %s"), message);
      return;
    }
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static int
progress_cb (void *user_data)
{
  DafuDb *db = user_data;

  return db->cancellable != NULL && g_cancellable_is_cancelled (db->cancellable);
}

/**
 * dafu_db_watch_cancellable:
 * @db: a connection
 * @cancellable: (nullable): what to watch, or %NULL to stop watching
 *
 * While @cancellable is watched, a running statement stops soon after it is
 * cancelled (SQLite's progress handler interrupts it).
 */
void
dafu_db_watch_cancellable (DafuDb       *db,
                           GCancellable *cancellable)
{
  g_set_object (&db->cancellable, cancellable);
  sqlite3_progress_handler (db->handle, cancellable != NULL ? 1000 : 0,
                            cancellable != NULL ? progress_cb : NULL, db);
}

/**
 * dafu_db_check_cancelled:
 *
 * Turns an interrupted statement into %G_IO_ERROR_CANCELLED; returns %TRUE
 * (with @error set) when that happened.
 */
gboolean
dafu_db_check_cancelled (DafuDb  *db,
                         int      rc,
                         GError **error)
{
  if (rc == SQLITE_INTERRUPT ||
      (db->cancellable != NULL && g_cancellable_is_cancelled (db->cancellable)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The operation was cancelled."));
      return TRUE;
    }
  return FALSE;
}

gboolean
dafu_db_exec (DafuDb      *db,
              const char  *sql,
              GError     **error)
{
  int rc = sqlite3_exec (db->handle, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      if (!dafu_db_check_cancelled (db, rc, error))
        dafu_db_set_error (db, rc, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_foreign_keys (DafuDb  *db,
                    GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db->handle, "PRAGMA foreign_key_check", -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      dafu_db_set_error (db, rc, error);
      return FALSE;
    }
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc == SQLITE_ROW)
    {
      g_set_error_literal (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_FAILED,
                           _("Updating the library's format would break links between its tables; nothing was changed."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
migrate (DafuDb  *db,
         GError **error)
{
  g_autoptr(DafuStmt) stmt = NULL;
  int version;

  stmt = dafu_db_prepare (db, "PRAGMA user_version", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      dafu_db_set_error (db, sqlite3_errcode (db->handle), error);
      return FALSE;
    }
  version = sqlite3_column_int (stmt, 0);
  g_clear_pointer (&stmt, dafu_stmt_release);

  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_NEWER_VERSION,
                   _("This library was written by a newer version of Dafu (format %d); update Dafu to open it."),
                   version);
      return FALSE;
    }

  /* A step may rebuild a table, so foreign keys are off while the steps
   * run (they cannot change inside a transaction) and checked before each
   * step is committed. */
  if (version < (int) G_N_ELEMENTS (migrations) &&
      !dafu_db_exec (db, "PRAGMA foreign_keys = OFF", error))
    return FALSE;

  for (int step = version; step < (int) G_N_ELEMENTS (migrations); step++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", step + 1);

      if (!dafu_db_begin (db, error))
        return FALSE;
      if (!dafu_db_exec (db, migrations[step], error) ||
          !check_foreign_keys (db, error) ||
          !dafu_db_exec (db, bump, error) ||
          !dafu_db_commit (db, error))
        {
          dafu_db_rollback (db);
          dafu_db_exec (db, "PRAGMA foreign_keys = ON", NULL);
          return FALSE;
        }
      g_debug ("Migrated %s to schema version %d", sqlite3_db_filename (db->handle, "main"), step + 1);
    }

  return dafu_db_exec (db, "PRAGMA foreign_keys = ON", error);
}

/**
 * dafu_db_open:
 * @path: the database file, created if missing
 * @error: return location for a #DafuLibraryError
 *
 * Opens a connection: WAL journal, foreign keys, a busy timeout, Dafu's
 * tokenizer registered, and the schema migrated forward.
 */
DafuDb *
dafu_db_open (const char  *path,
              GError     **error)
{
  g_autoptr(DafuDb) db = g_new0 (DafuDb, 1);
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  db->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          finalize_statement);

  rc = sqlite3_open_v2 (path, &db->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc != SQLITE_OK)
    {
      dafu_db_set_error (db, rc, error);
      return NULL;
    }

  sqlite3_busy_timeout (db->handle, BUSY_TIMEOUT_MS);

  /* journal_mode answers with a row; the first statement to read the file
   * also tells whether it is a database at all. */
  if (!dafu_db_exec (db, "PRAGMA journal_mode = WAL", error) ||
      !dafu_db_exec (db, "PRAGMA foreign_keys = ON", error) ||
      !dafu_db_exec (db, "PRAGMA synchronous = NORMAL", error) ||
      !dafu_tokenizer_register (db->handle, error) ||
      !migrate (db, error))
    return NULL;

  return g_steal_pointer (&db);
}

void
dafu_db_close (DafuDb *db)
{
  if (db == NULL)
    return;

  g_clear_pointer (&db->statements, g_hash_table_unref);
  g_clear_object (&db->cancellable);
  if (db->handle != NULL)
    sqlite3_close_v2 (db->handle);
  g_free (db);
}

sqlite3 *
dafu_db_get_handle (DafuDb *db)
{
  return db->handle;
}

/**
 * dafu_db_prepare:
 * @db: a connection
 * @sql: a constant SQL text
 * @error: return location for an error
 *
 * Returns the connection's cached statement for @sql, prepared on first
 * use. Hold it in a g_autoptr(DafuStmt) so it is reset after use.
 */
DafuStmt *
dafu_db_prepare (DafuDb      *db,
                 const char  *sql,
                 GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (db->statements, sql);
  int rc;

  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      dafu_db_set_error (db, rc, error);
      return NULL;
    }

  g_hash_table_insert (db->statements, g_strdup (sql), stmt);
  return stmt;
}

/* Steps a statement that returns no rows. */
gboolean
dafu_db_step_done (DafuDb    *db,
                   DafuStmt  *stmt,
                   GError   **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      if (!dafu_db_check_cancelled (db, rc, error))
        dafu_db_set_error (db, rc, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
dafu_db_begin (DafuDb  *db,
               GError **error)
{
  return dafu_db_exec (db, "BEGIN IMMEDIATE", error);
}

gboolean
dafu_db_commit (DafuDb  *db,
                GError **error)
{
  return dafu_db_exec (db, "COMMIT", error);
}

void
dafu_db_rollback (DafuDb *db)
{
  if (!sqlite3_get_autocommit (db->handle))
    sqlite3_exec (db->handle, "ROLLBACK", NULL, NULL, NULL);
}

void
dafu_stmt_release (DafuStmt *stmt)
{
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
}

/* Binds @text, or NULL when it is %NULL. */
void
dafu_stmt_bind_text (DafuStmt   *stmt,
                     int         index,
                     const char *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

const char *
dafu_stmt_column_text (DafuStmt *stmt,
                       int       column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}
