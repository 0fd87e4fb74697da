/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-db"

#include "config.h"

#include "dafu-db.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>

#include <glib/gi18n-lib.h>

#include "dafu-rank.h"
#include "dafu-tokenizer.h"
#include "dafu-util.h"

G_DEFINE_QUARK (dafu-library-error-quark, dafu_library_error)

#define BUSY_TIMEOUT_MS 5000

/* Each connection's page cache, in KiB (negative, as SQLite takes it): the
 * filters' indexes and the hot part of the full-text index stay in memory,
 * and the window's three or so connections stay well inside its budget. */
#define CACHE_KIB -16384

struct _DafuDb
{
  sqlite3      *handle;
  GHashTable   *statements;    /* SQL text → sqlite3_stmt */
  GCancellable *cancellable;   /* watched by the progress handler */
  gboolean      read_only;     /* opened read-only: the file cannot be written */
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

/* The field columns of letters, which steps 4 and 5 copy. */
#define FIELD_COLUMNS \
  "issuer, city, doc_number, category, signer, head, handler, kind, session, " \
  "suggestion_number, addressee, addressee_role, title, date, contact, contact_phone, " \
  "cc, public_note"

/* The field columns as declared (step 6's drafts have them too). */
#define FIELD_COLUMNS_DECL \
  "issuer TEXT, city TEXT, doc_number TEXT, category TEXT, signer TEXT," \
  "  head TEXT, handler TEXT, kind TEXT, session TEXT, suggestion_number TEXT," \
  "  addressee TEXT, addressee_role TEXT, title TEXT, date TEXT, contact TEXT," \
  "  contact_phone TEXT, cc TEXT, public_note TEXT"

/* The columns step 4 copies from the old letters table, besides the ids. */
#define LETTER_COLUMNS FIELD_COLUMNS ", original_format, text, original"

/* From version 5: a letter's key, the rowid of both full-text indexes, is
 * its date's first key (dafu_db_date_key(): 0 for undated letters, else a
 * range of DAFU_DB_KEYS_PER_DAY keys per day) plus the letters of that date
 * before it. So the indexes hand out their hits in date order (newest
 * first when read backwards), a year is a range of keys, and ranking can
 * stop at the newest hits; and because keys stay dense, the indexes store
 * small gaps between the letters of a term (a key of date << 32 | id made
 * the index half as large again). The next free key of a date: */
#define NEXT_KEY(date) \
  "(SELECT coalesce (max (k.fts_key) + 1, dafu_date_key (" date "))" \
  "   FROM letters k WHERE k.fts_key >= dafu_date_key (" date ")" \
  "   AND k.fts_key < dafu_date_key (" date ") + dafu_date_keys (" date "))"

/* From version 5: the triggers that keep both indexes (contentless, so
 * they are told the old text to forget) in step with the letters and
 * their texts. A letter's row comes first, then its text; deleting the
 * row deletes the text (a foreign key cascade), so the index entries go
 * before the row does. */
#define INDEX_ROW(table, key, title, text) \
  "INSERT INTO " table " (rowid, title, text) SELECT " key ", " title ", " text
#define INDEX_DELETE(table, key, title, text) \
  "INSERT INTO " table " (" table ", rowid, title, text) SELECT 'delete', " key ", " title ", " text
#define INDEX_BOTH(macro, key, title, text, from) \
  macro ("letters_fts", key, title, text) from ";" \
  macro ("letters_chars", key, title, text) from ";"
#define INDEX_TRIGGERS \
  "CREATE TRIGGER letters_insert AFTER INSERT ON letters BEGIN " \
  "  UPDATE letters SET fts_key = " NEXT_KEY ("new.date") " WHERE id = new.id;" \
  "END;" \
  "CREATE TRIGGER letter_texts_insert AFTER INSERT ON letter_texts BEGIN " \
  INDEX_BOTH (INDEX_ROW, "l.fts_key", "l.title", "dafu_inflate (new.text)", \
              " FROM letters l WHERE l.id = new.letter_id") \
  "END;" \
  "CREATE TRIGGER letter_texts_update AFTER UPDATE OF text ON letter_texts" \
  "  WHEN old.text IS NOT new.text BEGIN " \
  INDEX_BOTH (INDEX_DELETE, "l.fts_key", "l.title", "dafu_inflate (old.text)", \
              " FROM letters l WHERE l.id = old.letter_id") \
  INDEX_BOTH (INDEX_ROW, "l.fts_key", "l.title", "dafu_inflate (new.text)", \
              " FROM letters l WHERE l.id = new.letter_id") \
  "END;" \
  "CREATE TRIGGER letters_delete BEFORE DELETE ON letters BEGIN " \
  INDEX_BOTH (INDEX_DELETE, "old.fts_key", "old.title", "dafu_inflate (t.text)", \
              " FROM letter_texts t WHERE t.letter_id = old.id") \
  "END;" \
  "CREATE TRIGGER letters_update AFTER UPDATE OF title, date ON letters" \
  "  WHEN old.title IS NOT new.title OR old.date IS NOT new.date BEGIN " \
  INDEX_BOTH (INDEX_DELETE, "old.fts_key", "old.title", "dafu_inflate (t.text)", \
              " FROM letter_texts t WHERE t.letter_id = old.id") \
  "  UPDATE letters SET fts_key = " NEXT_KEY ("new.date") \
  "    WHERE id = new.id AND old.date IS NOT new.date;" \
  INDEX_BOTH (INDEX_ROW, "l.fts_key", "l.title", "dafu_inflate (t.text)", \
              " FROM letters l JOIN letter_texts t ON t.letter_id = l.id WHERE l.id = new.id") \
  "END;"

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

  /* 4 → 5: the layout for 100,000 letters.
   * - A letter's row keeps only its fields (about 300 bytes), so listing,
   *   filtering and counting read few pages; its text (compressed) and
   *   original bytes move to letter_texts.
   * - The index becomes two contentless tables keyed by fts_key: bigrams
   *   with positions ("dafu_words") for queries of two or more characters,
   *   and single characters without positions ("dafu_chars") for queries of
   *   one. Together about half the size of the unigram-and-bigram index.
   * - Indexes for the filters that hold the keys, so a filter never reads
   *   the letters' rows; the date index gives way to the keys'. */
  "CREATE TABLE letter_texts ("
  "  letter_id INTEGER PRIMARY KEY REFERENCES letters (id) ON DELETE CASCADE,"
  "  text BLOB NOT NULL,"
  "  original_format TEXT NOT NULL,"
  "  original BLOB NOT NULL"
  ");"
  "INSERT INTO letter_texts (letter_id, text, original_format, original)"
  "  SELECT id, dafu_deflate (text), original_format, original FROM letters;"
  "CREATE TABLE letters_v5 ("
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
  "  fts_key INTEGER UNIQUE"
  ");"
  "INSERT INTO letters_v5 (id, sha256, file_name, encoding, parser_version, imported_at, trashed,"
  "  " FIELD_COLUMNS ", fts_key)"
  "  SELECT id, sha256, file_name, encoding, parser_version, imported_at, trashed,"
  "  " FIELD_COLUMNS ", dafu_date_key (date) - 1 +"
  "    row_number () OVER (PARTITION BY dafu_date_key (date) ORDER BY id) FROM letters;"
  "DROP TABLE letters;"
  "DROP TABLE letters_fts;"
  "ALTER TABLE letters_v5 RENAME TO letters;"
  "CREATE INDEX letters_city ON letters (city, fts_key);"
  "CREATE INDEX letters_category ON letters (category, fts_key);"
  "CREATE INDEX letters_kind ON letters (kind, fts_key);"
  "CREATE INDEX letters_trashed ON letters (fts_key) WHERE trashed != 0;"
  "CREATE VIRTUAL TABLE letters_fts USING fts5 ("
  "  title, text, content='', tokenize='" DAFU_TOKENIZER_WORDS "'"
  ");"
  "CREATE VIRTUAL TABLE letters_chars USING fts5 ("
  "  title, text, content='', detail=none, columnsize=0, tokenize='" DAFU_TOKENIZER_CHARS "'"
  ");"
  INDEX_BOTH (INDEX_ROW, "l.fts_key", "l.title", "dafu_inflate (t.text)",
              " FROM letters l JOIN letter_texts t ON t.letter_id = l.id")
  INDEX_TRIGGERS,

  /* 5 → 6: drafting (dafu-library-drafts.c). A draft is its fields and its
   * ordered blocks; `editing` is set while an editor holds it, so a draft
   * still marked at the next start was interrupted. Clauses keep the
   * fingerprint the miner gave them, so mining again updates instead of
   * adding, and a mined clause the clerk deleted stays `hidden`. The 文号
   * register holds each number handed out, once. */
  "CREATE TABLE drafts ("
  "  id INTEGER PRIMARY KEY,"
  "  state INTEGER NOT NULL DEFAULT 0,"
  "  letter_id INTEGER,"
  "  final_letter_id INTEGER,"
  "  " FIELD_COLUMNS_DECL ","
  "  points TEXT,"
  "  editing INTEGER NOT NULL DEFAULT 0,"
  "  trashed INTEGER NOT NULL DEFAULT 0,"
  "  created INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL"
  ");"
  "CREATE TABLE draft_blocks ("
  "  draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  text TEXT NOT NULL,"
  "  clause_id INTEGER,"
  "  generated INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (draft_id, position)"
  ") WITHOUT ROWID;"
  "CREATE TABLE draft_values ("
  "  draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  value TEXT NOT NULL,"
  "  PRIMARY KEY (draft_id, name)"
  ") WITHOUT ROWID;"
  "CREATE TABLE clauses ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL,"
  "  title TEXT NOT NULL,"
  "  text TEXT NOT NULL,"
  "  themes TEXT NOT NULL DEFAULT '',"
  "  cities TEXT NOT NULL DEFAULT '',"
  "  n_letters INTEGER NOT NULL DEFAULT 0,"
  "  use_count INTEGER NOT NULL DEFAULT 0,"
  "  favourite INTEGER NOT NULL DEFAULT 0,"
  "  mined INTEGER NOT NULL DEFAULT 0,"
  "  hidden INTEGER NOT NULL DEFAULT 0,"
  "  fingerprint TEXT UNIQUE,"
  "  last_used INTEGER NOT NULL DEFAULT 0,"
  "  created INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL"
  ");"
  "CREATE TABLE clause_sources ("
  "  clause_id INTEGER NOT NULL REFERENCES clauses (id) ON DELETE CASCADE,"
  "  letter_id INTEGER NOT NULL,"
  "  PRIMARY KEY (clause_id, letter_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE doc_numbers ("
  "  prefix TEXT NOT NULL,"
  "  year INTEGER NOT NULL,"
  "  number INTEGER NOT NULL,"
  "  draft_id INTEGER,"
  "  reserved_at INTEGER NOT NULL,"
  "  PRIMARY KEY (prefix, year, number)"
  ") WITHOUT ROWID;"
  "CREATE TABLE settings ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT"
  ") WITHOUT ROWID;",
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
    case SQLITE_CORRUPT:
      g_set_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_DAMAGED,
                   _("The library file is damaged (%s)."), message);
      return;
    case SQLITE_NOTADB:
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

/* The library holds deputies' personal phone numbers: only its owner may
 * read it. A new file is made 0600 before SQLite opens it (SQLite gives
 * the -wal and -shm files the main file's mode); an older library, once
 * it opened as one, is made so too, with its -wal and -shm files. A file
 * Dafu cannot change (another owner, a read-only disk) stays as it is. */
static void
create_private (const char *path)
{
  int fd;

  if (path == NULL || *path == '\0' || g_str_equal (path, ":memory:"))
    return;
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0)
    g_close (fd, NULL);
}

static void
make_private (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  if (path == NULL || *path == '\0' || g_str_equal (path, ":memory:"))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      GStatBuf st;

      if (g_stat (file, &st) == 0 && (st.st_mode & 077) != 0 && g_chmod (file, 0600) != 0)
        g_debug ("Cannot make %s private: %s", file, g_strerror (errno));
    }
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

static int read_user_version (DafuDb  *db,
                              GError **error);

static gboolean
migrate (DafuDb  *db,
         int      target,
         GError **error)
{
  int version = read_user_version (db, error);

  if (version < 0)
    return FALSE;
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
  if (version < target &&
      !dafu_db_exec (db, "PRAGMA foreign_keys = OFF", error))
    return FALSE;

  for (int step = version; step < target; step++)
    {
      /* SQL-safe: a number Dafu counts. */
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

/* dafu_deflate (text) → blob and dafu_inflate (blob) → text, for the
 * index triggers and the migration to version 5; dafu_date_key (date) and
 * dafu_date_keys (date) for the letters' keys, dafu_key_year (key) for
 * the year facet. A damaged blob is an
 * error, which rolls the statement back. */
static void
sql_deflate (sqlite3_context *context,
             int              argc,
             sqlite3_value  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) packed = NULL;
  gsize size;
  gconstpointer data;

  packed = dafu_deflate (sqlite3_value_text (argv[0]), sqlite3_value_bytes (argv[0]), &error);
  if (packed == NULL)
    {
      sqlite3_result_error (context, error->message, -1);
      return;
    }
  data = g_bytes_get_data (packed, &size);
  sqlite3_result_blob64 (context, data, size, SQLITE_TRANSIENT);
}

static void
sql_inflate (sqlite3_context *context,
             int              argc,
             sqlite3_value  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) text = NULL;
  gsize size;
  gconstpointer data;

  if (sqlite3_value_type (argv[0]) == SQLITE_NULL)
    {
      sqlite3_result_null (context);
      return;
    }

  text = dafu_inflate (sqlite3_value_blob (argv[0]), sqlite3_value_bytes (argv[0]), &error);
  if (text == NULL)
    {
      sqlite3_result_error (context, error->message, -1);
      return;
    }
  data = g_bytes_get_data (text, &size);
  sqlite3_result_text64 (context, data, size, SQLITE_TRANSIENT, SQLITE_UTF8);
}

/**
 * dafu_db_date_key:
 * @date: (nullable): a letter's date, `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`)
 *
 * The first key of @date's letters (see NEXT_KEY): 0 for a missing or
 * unreadable date, else one range of %DAFU_DB_KEYS_PER_DAY keys per day
 * above those, in date order; a month or year without its day counts as its
 * first day.
 *
 * Returns: the key
 */
gint64
dafu_db_date_key (const char *date)
{
  int part[3] = { 0, 1, 1 };
  const char *p = date;

  if (date == NULL)
    return 0;

  for (guint i = 0; i < 3; i++)
    {
      guint digits = i == 0 ? 4 : 2;
      int value = 0;

      if (i > 0)
        {
          if (*p != '-')
            break;
          p++;
        }
      for (guint d = 0; d < digits; d++, p++)
        {
          if (!g_ascii_isdigit (*p))
            return i == 0 ? 0 : dafu_db_date_key_of (part[0], part[1], 1);
          value = value * 10 + (*p - '0');
        }
      part[i] = value;
    }

  return dafu_db_date_key_of (part[0], part[1], part[2]);
}

/**
 * dafu_db_date_key_of:
 *
 * As dafu_db_date_key(), for a year, month and day; an impossible day
 * counts as the first of its month, an impossible month as January.
 */
gint64
dafu_db_date_key_of (int year,
                     int month,
                     int day)
{
  if (year < 1 || year > 9999)
    return 0;
  if (month < 1 || month > 12)
    month = day = 1;
  if (!g_date_valid_dmy (day, month, year))
    day = 1;

  {
    g_autoptr(GDate) date = g_date_new_dmy (day, month, year);

    return DAFU_DB_UNDATED_KEYS + (gint64) g_date_get_julian (date) * DAFU_DB_KEYS_PER_DAY;
  }
}

static void
sql_date_key (sqlite3_context *context,
              int              argc,
              sqlite3_value  **argv)
{
  sqlite3_result_int64 (context, dafu_db_date_key ((const char *) sqlite3_value_text (argv[0])));
}

/* The year of a letter's key, NULL for an undated letter. */
static void
sql_key_year (sqlite3_context *context,
              int              argc,
              sqlite3_value  **argv)
{
  gint64 key = sqlite3_value_int64 (argv[0]);
  g_autoptr(GDate) date = NULL;
  gint64 julian = (key - DAFU_DB_UNDATED_KEYS) / DAFU_DB_KEYS_PER_DAY;

  if (key < DAFU_DB_UNDATED_KEYS || julian < 1 || julian > G_MAXUINT32)
    {
      sqlite3_result_null (context);
      return;
    }
  date = g_date_new_julian ((guint32) julian);
  sqlite3_result_int (context, g_date_get_year (date));
}

/* How many keys @date's range holds. */
static void
sql_date_keys (sqlite3_context *context,
               int              argc,
               sqlite3_value  **argv)
{
  gint64 key = dafu_db_date_key ((const char *) sqlite3_value_text (argv[0]));

  sqlite3_result_int64 (context, key == 0 ? DAFU_DB_UNDATED_KEYS : DAFU_DB_KEYS_PER_DAY);
}

static gboolean
register_functions (DafuDb  *db,
                    GError **error)
{
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc;

  rc = sqlite3_create_function_v2 (db->handle, "dafu_deflate", 1, flags, NULL,
                                   sql_deflate, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2 (db->handle, "dafu_inflate", 1, flags, NULL,
                                     sql_inflate, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2 (db->handle, "dafu_date_key", 1, flags, NULL,
                                     sql_date_key, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2 (db->handle, "dafu_date_keys", 1, flags, NULL,
                                     sql_date_keys, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2 (db->handle, "dafu_key_year", 1, flags, NULL,
                                     sql_key_year, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      dafu_db_set_error (db, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* A library Dafu may read but not write: a file without write permission,
 * or in a folder where SQLite cannot make its -wal and -shm files. */
static gboolean
is_read_only_file (const char *path)
{
  g_autofree char *dir = NULL;

  if (path == NULL || *path == '\0' || g_str_equal (path, ":memory:") ||
      !g_file_test (path, G_FILE_TEST_EXISTS))
    return FALSE;
  if (g_access (path, W_OK) != 0)
    return TRUE;
  dir = g_path_get_dirname (path);
  return g_access (dir, W_OK) != 0;
}

/* The schema version a file holds, or -1 with @error set. */
static int
read_user_version (DafuDb  *db,
                   GError **error)
{
  g_autoptr(DafuStmt) stmt = dafu_db_prepare (db, "PRAGMA user_version", error);
  int rc;

  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      dafu_db_set_error (db, rc, error);
      return -1;
    }
  return sqlite3_column_int (stmt, 0);
}

static gboolean
configure_read_only (DafuDb  *db,
                     int      version,
                     GError **error)
{
  int found = read_user_version (db, error);

  if (found < 0)
    return FALSE;
  if (found > version)
    {
      g_set_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_NEWER_VERSION,
                   _("This library was written by a newer version of Dafu (format %d); update Dafu to open it."),
                   found);
      return FALSE;
    }
  if (found < version)
    {
      g_set_error_literal (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_READ_ONLY,
                           _("This library was written by an older version of Dafu and must be updated, but it cannot be written. Open it once where it can be written."));
      return FALSE;
    }
  return TRUE;
}

static DafuDb *
open_at (const char  *path,
         int          version,
         GError     **error)
{
  g_autoptr(DafuDb) db = g_new0 (DafuDb, 1);
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  int rc;

  db->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          finalize_statement);

  db->read_only = is_read_only_file (path);
  if (db->read_only)
    flags |= SQLITE_OPEN_READONLY;
  else
    {
      flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
      create_private (path);
    }
  rc = sqlite3_open_v2 (path, &db->handle, flags, NULL);
  if (rc == SQLITE_OK && db->read_only)
    {
      /* A library in WAL mode in a folder Dafu cannot write can only be
       * read when its -shm file exists; otherwise it is read as a file
       * that does not change while open. */
      rc = sqlite3_exec (db->handle, "PRAGMA user_version", NULL, NULL, NULL);
      if ((rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN)
        {
          g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);
          g_autofree char *uri = g_strconcat ("file:", escaped, "?immutable=1", NULL);

          g_debug ("Reading %s as an unchanging file", path);
          sqlite3_close_v2 (db->handle);
          db->handle = NULL;
          rc = sqlite3_open_v2 (uri, &db->handle, flags | SQLITE_OPEN_URI, NULL);
        }
      else
        rc = SQLITE_OK;
    }
  if (rc != SQLITE_OK)
    {
      dafu_db_set_error (db, rc, error);
      return NULL;
    }

  sqlite3_busy_timeout (db->handle, BUSY_TIMEOUT_MS);

  /* journal_mode answers with a row; the first statement to read the file
   * also tells whether it is a database at all. A read-only library keeps
   * the journal it has and must already be at this version's schema. */
  if (!(db->read_only ? configure_read_only (db, version, error)
                      : dafu_db_exec (db, "PRAGMA journal_mode = WAL", error)) ||
      !dafu_db_exec (db, "PRAGMA foreign_keys = ON", error) ||
      !dafu_db_exec (db, "PRAGMA synchronous = NORMAL", error) ||
      !dafu_db_exec (db, "PRAGMA cache_size = " G_STRINGIFY (CACHE_KIB), error) ||
      !register_functions (db, error) ||
      !dafu_tokenizer_register (db->handle, error) ||
      !dafu_rank_register (db->handle, error) ||
      (!db->read_only && !migrate (db, version, error)))
    return NULL;

  if (!db->read_only)
    make_private (path);
  return g_steal_pointer (&db);
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
  g_return_val_if_fail (path != NULL, NULL);

  return open_at (path, G_N_ELEMENTS (migrations), error);
}

/**
 * dafu_db_open_at_version:
 * @path: the database file, created if missing
 * @version: the schema version to migrate to, at most the current one
 * @error: return location for a #DafuLibraryError
 *
 * As dafu_db_open(), but stops migrating at @version: for the tests, which
 * make libraries as older versions of Dafu left them.
 */
DafuDb *
dafu_db_open_at_version (const char  *path,
                         int          version,
                         GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (version >= 0 && version <= (int) G_N_ELEMENTS (migrations), NULL);

  return open_at (path, version, error);
}

/**
 * dafu_db_is_read_only:
 *
 * Whether the connection was opened read-only because the library file (or
 * its folder) cannot be written.
 */
gboolean
dafu_db_is_read_only (DafuDb *db)
{
  return db->read_only;
}

/**
 * dafu_db_upgrade:
 *
 * Migrates the open database to this version's schema: after a restore put
 * an older library's pages in place.
 */
gboolean
dafu_db_upgrade (DafuDb  *db,
                 GError **error)
{
  if (db->read_only)
    return configure_read_only (db, G_N_ELEMENTS (migrations), error);
  return migrate (db, G_N_ELEMENTS (migrations), error);
}

/**
 * dafu_db_schema_version:
 *
 * The schema version this Dafu writes.
 */
int
dafu_db_schema_version (void)
{
  return G_N_ELEMENTS (migrations);
}

/**
 * dafu_db_quick_check:
 * @handle: any SQLite connection (a library or a backup of one)
 *
 * Runs SQLite's quick check, which reads every page: returns %FALSE with
 * %DAFU_LIBRARY_ERROR_DAMAGED when the file has errors.
 */
gboolean
dafu_db_quick_check (sqlite3  *handle,
                     GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *first = NULL;
  int rc = sqlite3_prepare_v2 (handle, "PRAGMA quick_check", -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        first = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);

  if (rc == SQLITE_ROW && g_strcmp0 (first, "ok") == 0)
    return TRUE;
  if (rc == SQLITE_ROW || (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
    {
      g_auto(GStrv) lines = g_strsplit (first != NULL ? first : sqlite3_errstr (rc), "\n", -1);
      const char *problem = lines[0] != NULL ? lines[0] : "";

      /* The whole report is for the log; the clerk reads its first line. */
      if (first != NULL)
        g_message ("The quick check of %s found: %s", sqlite3_db_filename (handle, "main"), first);
      for (guint i = 0; lines[i] != NULL; i++)
        if (*lines[i] != '\0' && !g_str_has_prefix (lines[i], "***"))
          {
            problem = lines[i];
            break;
          }
      g_set_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_DAMAGED,
                   _("The library file is damaged (%s)."), problem);
      return FALSE;
    }
  if (rc == SQLITE_INTERRUPT)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The operation was cancelled."));
      return FALSE;
    }
  dafu_db_set_error (NULL, rc, error);
  return FALSE;
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
