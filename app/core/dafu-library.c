/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-library"

#include "config.h"

#include "dafu-library.h"
#include "dafu-library-private.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "dafu-align.h"
#include "dafu-consultation.h"
#include "dafu-delta.h"
#include "dafu-facet.h"
#include "dafu-import-report.h"
#include "dafu-letter-list.h"
#include "dafu-parser.h"
#include "dafu-query.h"
#include "dafu-rank.h"
#include "dafu-section.h"
#include "dafu-text.h"
#include "dafu-util.h"

/**
 * DafuLibrary:
 *
 * The library of letters: one SQLite database file. The object's own
 * connection serves the thread that made it (the synchronous calls and the
 * rows of #DafuLetterList); each asynchronous call borrows a connection of
 * its own from a pool, on a worker thread. Every write is one transaction.
 */
struct _DafuLibrary
{
  GObject      parent_instance;

  char        *path;
  DafuDb      *db;      /* the creating thread's connection */
  GAsyncQueue *idle;    /* DafuDb for worker threads, not in use */
  guint        ranked_hits;
};

static void initable_iface_init (GInitableIface *iface);

/* GAsyncInitable's default implementation runs the GInitable init on a
 * worker thread, which is what opening (and migrating) needs. */
G_DEFINE_FINAL_TYPE_WITH_CODE (DafuLibrary, dafu_library, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_ASYNC_INITABLE, NULL))

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Columns of letters that hold DafuLetter fields, in DafuLetterField order;
 * each is named by its field key. */
#define FIELD_COLUMNS \
  "issuer, city, doc_number, category, signer, head, handler, kind, session, " \
  "suggestion_number, addressee, addressee_role, title, date, contact, " \
  "contact_phone, cc, public_note"

/* Folder imports read these; a file named explicitly is always tried. */
static const char * const letter_suffixes[] = { ".txt", ".text", ".md", ".docx", ".pdf", NULL };

/* ----------------------------------------------------------------------- *
 * Connections
 * ----------------------------------------------------------------------- */

static DafuDb *
borrow_db (DafuLibrary  *self,
           GError      **error)
{
  DafuDb *db = g_async_queue_try_pop (self->idle);

  return db != NULL ? db : dafu_db_open (self->path, error);
}

static void
return_db (DafuLibrary *self,
           DafuDb      *db)
{
  dafu_db_watch_cancellable (db, NULL);
  g_async_queue_push (self->idle, db);
}

static void
set_not_found (GError **error,
               gint64   id)
{
  g_set_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_NOT_FOUND,
               _("No letter with number %lld is in the library."), (long long) id);
}

static gboolean delete_letter (DafuDb  *db,
                               gint64   id,
                               GError **error);
static gboolean empty_trash   (DafuDb  *db,
                               GError **error);

/* ----------------------------------------------------------------------- *
 * Reading letters
 * ----------------------------------------------------------------------- */

static DafuLetter *
load_letter (DafuDb   *db,
             gint64    id,
             gboolean  full,
             gboolean  by_key,
             GError  **error)
{
  g_autoptr(DafuStmt) stmt = NULL;
  g_autoptr(DafuLetter) letter = NULL;
  g_autoptr(GBytes) text = NULL;
  int rc;

  stmt = dafu_db_prepare (db, by_key ? "SELECT file_name, text, " FIELD_COLUMNS ", id"
                                       " FROM letters JOIN letter_texts ON letter_id = id WHERE fts_key = ?"
                                     : "SELECT file_name, text, " FIELD_COLUMNS ", id"
                                       " FROM letters JOIN letter_texts ON letter_id = id WHERE id = ?",
                          error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      if (by_key)
        g_set_error_literal (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_NOT_FOUND,
                             _("The letter is no longer in the library."));
      else
        set_not_found (error, id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      dafu_db_set_error (db, rc, error);
      return NULL;
    }

  text = dafu_inflate (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1), error);
  if (text == NULL)
    return NULL;

  letter = dafu_letter_new ();
  id = sqlite3_column_int64 (stmt, 2 + DAFU_LETTER_N_FIELDS);
  dafu_letter_set_id (letter, id);
  dafu_letter_set_file_name (letter, dafu_stmt_column_text (stmt, 0));
  {
    gsize size;
    const char *data = g_bytes_get_data (text, &size);
    g_autofree char *copy = g_strndup (data, size);

    dafu_letter_set_text (letter, copy);
  }
  for (guint i = 0; i < DAFU_LETTER_N_FIELDS; i++)
    dafu_letter_set_field (letter, i, dafu_stmt_column_text (stmt, 2 + i));
  g_clear_pointer (&stmt, dafu_stmt_release);

  if (!full)
    return g_steal_pointer (&letter);

  /* Sections and the consultation record come from the text itself. */
  {
    g_autoptr(DafuLetter) parsed = dafu_parser_parse_text (dafu_letter_get_text (letter), NULL);
    GListModel *sections = dafu_letter_get_sections (parsed);

    for (guint i = 0; i < g_list_model_get_n_items (sections); i++)
      {
        g_autoptr(DafuSection) section = g_list_model_get_item (sections, i);
        dafu_letter_append_section (letter, section);
      }
    dafu_letter_set_consultation (letter, dafu_letter_get_consultation (parsed));
  }

  return g_steal_pointer (&letter);
}

/* ----------------------------------------------------------------------- *
 * Writing letters
 * ----------------------------------------------------------------------- */

static void
bind_fields (DafuStmt   *stmt,
             int         first,
             DafuLetter *letter)
{
  for (guint i = 0; i < DAFU_LETTER_N_FIELDS; i++)
    dafu_stmt_bind_text (stmt, first + i, dafu_letter_get_field (letter, i));
}

/* The user's corrections win over whatever the parser read. */
static gboolean
apply_corrections (DafuDb  *db,
                   gint64   id,
                   GError **error)
{
  g_autoptr(DafuStmt) stmt = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  int rc;

  stmt = dafu_db_prepare (db, "SELECT field, value FROM corrections WHERE letter_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (keys, g_strdup (dafu_stmt_column_text (stmt, 0)));
      g_ptr_array_add (values, g_strdup (dafu_stmt_column_text (stmt, 1)));
    }
  if (rc != SQLITE_DONE)
    {
      dafu_db_set_error (db, rc, error);
      return FALSE;
    }
  g_clear_pointer (&stmt, dafu_stmt_release);

  for (guint i = 0; i < keys->len; i++)
    {
      DafuLetterField field;
      g_autofree char *sql = NULL;
      sqlite3_stmt *update = NULL;
      int step;

      /* Only known field keys become column names. */
      if (!dafu_letter_field_from_key (g_ptr_array_index (keys, i), &field))
        continue;

      /* SQL-safe: the column is a field key of the enum, checked above. */
      sql = g_strdup_printf ("UPDATE letters SET %s = ? WHERE id = ?",
                             dafu_letter_field_key (field));
      rc = sqlite3_prepare_v2 (dafu_db_get_handle (db), sql, -1, &update, NULL);
      if (rc != SQLITE_OK)
        {
          dafu_db_set_error (db, rc, error);
          return FALSE;
        }
      dafu_stmt_bind_text (update, 1, g_ptr_array_index (values, i));
      sqlite3_bind_int64 (update, 2, id);
      step = sqlite3_step (update);
      sqlite3_finalize (update);
      if (step != SQLITE_DONE)
        {
          dafu_db_set_error (db, step, error);
          return FALSE;
        }
    }

  return TRUE;
}

typedef struct {
  gint64 id;
  int    parser_version;
  gboolean trashed;
} Existing;

static gboolean
find_existing (DafuDb      *db,
               const char  *sha256,
               Existing    *existing,
               GError     **error)
{
  g_autoptr(DafuStmt) stmt = NULL;
  int rc;

  existing->id = 0;
  stmt = dafu_db_prepare (db, "SELECT id, parser_version, trashed FROM letters WHERE sha256 = ?", error);
  if (stmt == NULL)
    return FALSE;
  dafu_stmt_bind_text (stmt, 1, sha256);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      existing->id = sqlite3_column_int64 (stmt, 0);
      existing->parser_version = sqlite3_column_int (stmt, 1);
      existing->trashed = sqlite3_column_int (stmt, 2) != 0;
    }
  else if (rc != SQLITE_DONE)
    {
      dafu_db_set_error (db, rc, error);
      return FALSE;
    }
  return TRUE;
}

static gint64
store_letter (DafuDb      *db,
              const char  *sha256,
              GBytes      *original,
              const char  *encoding,
              DafuLetter  *letter,
              gint64       existing_id,
              GError     **error)
{
  g_autoptr(DafuStmt) stmt = NULL;
  g_autoptr(GBytes) packed_original = NULL;
  g_autoptr(GBytes) packed_text = NULL;
  const char *text = dafu_letter_get_text (letter);
  const char *original_format = "deflate";
  gint64 id = existing_id;
  gsize size = 0;
  gconstpointer data = NULL;

  /* The text is kept compressed, and the file's bytes as the edits that
   * turn the text back into them when that is small (dafu-delta.c), else
   * compressed too. */
  packed_text = dafu_deflate (text, strlen (text), error);
  if (packed_text == NULL)
    return 0;
  {
    g_autoptr(GBytes) text_bytes = g_bytes_new_static (text, strlen (text));

    packed_original = dafu_delta_encode (original, text_bytes);
    if (packed_original == NULL)
      {
        packed_original = dafu_deflate (g_bytes_get_data (original, NULL),
                                        g_bytes_get_size (original), error);
        if (packed_original == NULL)
          return 0;
      }
    else
      original_format = "delta";
  }

  /* A savepoint: the letter lands whole or not at all, inside the
   * import's batch transaction or as a transaction of its own. The row
   * comes before its text, whose trigger indexes both. */
  if (!dafu_db_exec (db, "SAVEPOINT letter", error))
    return 0;

  if (existing_id == 0)
    {
      stmt = dafu_db_prepare (db, "INSERT INTO letters (sha256, file_name, encoding,"
                                  " parser_version, imported_at, " FIELD_COLUMNS ")"
                                  " VALUES (?, ?, ?, ?, ?,"
                                  " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        goto fail;
      dafu_stmt_bind_text (stmt, 1, sha256);
      dafu_stmt_bind_text (stmt, 2, dafu_letter_get_file_name (letter));
      dafu_stmt_bind_text (stmt, 3, encoding);
      sqlite3_bind_int (stmt, 4, DAFU_PARSER_VERSION);
      sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
      bind_fields (stmt, 6, letter);
      if (!dafu_db_step_done (db, stmt, error))
        goto fail;
      id = sqlite3_last_insert_rowid (dafu_db_get_handle (db));
      g_clear_pointer (&stmt, dafu_stmt_release);

      stmt = dafu_db_prepare (db, "INSERT INTO letter_texts (letter_id, text, original_format, original)"
                                  " VALUES (?, ?, ?, ?)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, id);
      data = g_bytes_get_data (packed_text, &size);
      sqlite3_bind_blob64 (stmt, 2, data, size, SQLITE_STATIC);
      dafu_stmt_bind_text (stmt, 3, original_format);
      data = g_bytes_get_data (packed_original, &size);
      sqlite3_bind_blob64 (stmt, 4, data, size, SQLITE_STATIC);
      if (!dafu_db_step_done (db, stmt, error))
        goto fail;
    }
  else
    {
      stmt = dafu_db_prepare (db, "UPDATE letters SET (parser_version, " FIELD_COLUMNS ")"
                                  " = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                  " WHERE id = ?", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int (stmt, 1, DAFU_PARSER_VERSION);
      bind_fields (stmt, 2, letter);
      sqlite3_bind_int64 (stmt, 2 + DAFU_LETTER_N_FIELDS, id);
      if (!dafu_db_step_done (db, stmt, error))
        goto fail;
      g_clear_pointer (&stmt, dafu_stmt_release);

      /* A new text needs its delta made again (the same file's bytes). */
      stmt = dafu_db_prepare (db, "UPDATE letter_texts SET (text, original_format, original) = (?, ?, ?)"
                                  " WHERE letter_id = ?", error);
      if (stmt == NULL)
        goto fail;
      data = g_bytes_get_data (packed_text, &size);
      sqlite3_bind_blob64 (stmt, 1, data, size, SQLITE_STATIC);
      dafu_stmt_bind_text (stmt, 2, original_format);
      data = g_bytes_get_data (packed_original, &size);
      sqlite3_bind_blob64 (stmt, 3, data, size, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, id);
      if (!dafu_db_step_done (db, stmt, error))
        goto fail;
    }
  g_clear_pointer (&stmt, dafu_stmt_release);

  if (!apply_corrections (db, id, error) ||
      !dafu_db_exec (db, "RELEASE letter", error))
    goto fail;

  return id;

fail:
  g_clear_pointer (&stmt, dafu_stmt_release);
  sqlite3_exec (dafu_db_get_handle (db), "ROLLBACK TO letter; RELEASE letter", NULL, NULL, NULL);
  return 0;
}

static char *
display_path (GFile *file)
{
  return g_file_get_parse_name (file);
}

/* Whether, after @error, no letter can be written: the disk is full, the
 * library read-only, damaged or held by another program, or SQLite gave up
 * the batch's transaction. The import stops then, instead of failing each
 * of the files left one by one. */
static gboolean
stops_import (DafuDb       *db,
              const GError *error)
{
  return sqlite3_get_autocommit (dafu_db_get_handle (db)) ||
         g_error_matches (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_FULL) ||
         g_error_matches (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_READ_ONLY) ||
         g_error_matches (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_BUSY) ||
         g_error_matches (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_NOT_A_LIBRARY);
}

/* Inside the import's batch transaction. A file that cannot be read as a
 * letter is reported as failed; returns %FALSE with @error set only when
 * the library cannot be written (see stops_import()). */
static gboolean
import_one (DafuDb            *db,
            GFile             *file,
            DafuImportReport  *report,
            GCancellable      *cancellable,
            GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(DafuLetter) letter = NULL;
  g_autofree char *path = display_path (file);
  g_autofree char *sha256 = NULL;
  g_autofree char *text = NULL;
  g_autofree char *basename = g_file_get_basename (file);
  const char *encoding = NULL;
  Existing existing;
  gint64 id;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL ||
      !dafu_text_check_file_size (basename, g_file_info_get_size (info), &local_error) ||
      (bytes = g_file_load_bytes (file, cancellable, NULL, &local_error)) == NULL)
    goto fail;

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (!find_existing (db, sha256, &existing, &local_error))
    goto fail_db;

  /* A letter in the trash that is imported again comes back as new. */
  if (existing.id != 0 && existing.trashed)
    {
      if (!delete_letter (db, existing.id, &local_error))
        goto fail_db;
      existing.id = 0;
    }

  if (existing.id != 0 && existing.parser_version >= DAFU_PARSER_VERSION)
    {
      dafu_import_report_add (report, DAFU_IMPORT_STATUS_SKIPPED, path, existing.id,
                              _("Already in the library."));
      return TRUE;
    }

  /* The original bytes are stored as they are, also for .docx and .pdf. */
  text = dafu_text_from_file (basename, bytes, &encoding, &local_error);
  if (text == NULL)
    goto fail;

  letter = dafu_parser_parse_text (text, &local_error);
  if (letter == NULL)
    goto fail;
  dafu_letter_set_file_name (letter, basename);

  id = store_letter (db, sha256, bytes, encoding, letter, existing.id, &local_error);
  if (id == 0)
    goto fail_db;

  dafu_import_report_add (report,
                          existing.id != 0 ? DAFU_IMPORT_STATUS_UPDATED : DAFU_IMPORT_STATUS_IMPORTED,
                          path, id, NULL);
  return TRUE;

fail_db:
  if (stops_import (db, local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
fail:
  dafu_import_report_add (report, DAFU_IMPORT_STATUS_FAILED, path, 0, local_error->message);
  return TRUE;
}

static gboolean
has_letter_suffix (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  for (guint i = 0; letter_suffixes[i] != NULL; i++)
    if (g_str_has_suffix (lower, letter_suffixes[i]))
      return TRUE;
  return FALSE;
}

static int
compare_files (gconstpointer a,
               gconstpointer b)
{
  g_autofree char *pa = g_file_get_path (*(GFile **) a);
  g_autofree char *pb = g_file_get_path (*(GFile **) b);

  return g_strcmp0 (pa, pb);
}

/* Collects the letter files under @dir, recursively and in name order.
 * Symbolic links to folders are not followed, so a loop cannot trap us. */
static gboolean
collect_folder (GFile         *dir,
                GPtrArray     *files,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) subdirs = g_ptr_array_new_with_free_func (g_object_unref);

  children = g_file_enumerate_children (dir,
                                        G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                        G_FILE_ATTRIBUTE_STANDARD_IS_HIDDEN,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                        cancellable, error);
  if (children == NULL)
    return FALSE;

  for (;;)
    {
      GFileInfo *info;
      GFile *child;

      if (!g_file_enumerator_iterate (children, &info, &child, cancellable, error))
        return FALSE;
      if (info == NULL)
        break;
      if (g_file_info_get_is_hidden (info))
        continue;

      switch (g_file_info_get_file_type (info))
        {
        case G_FILE_TYPE_DIRECTORY:
          g_ptr_array_add (subdirs, g_object_ref (child));
          break;
        case G_FILE_TYPE_REGULAR:
        case G_FILE_TYPE_SYMBOLIC_LINK:
          if (has_letter_suffix (g_file_info_get_name (info)))
            g_ptr_array_add (found, g_object_ref (child));
          break;
        default:
          break;
        }
    }

  g_ptr_array_sort (found, compare_files);
  g_ptr_array_sort (subdirs, compare_files);

  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (files, g_object_ref (g_ptr_array_index (found, i)));
  for (guint i = 0; i < subdirs->len; i++)
    if (!collect_folder (g_ptr_array_index (subdirs, i), files, cancellable, error))
      return FALSE;

  return TRUE;
}

/* A batch ends after this many letters or this long, whichever first. */
#define IMPORT_BATCH_LETTERS 256
#define IMPORT_BATCH_USEC    (G_USEC_PER_SEC / 2)

/* Commits an import batch: its letters are in the library for good. */
static gboolean
commit_batch (DafuDb            *db,
              DafuImportReport  *report,
              GError           **error)
{
  if (!dafu_db_commit (db, error))
    return FALSE;
  dafu_import_report_mark_committed (report);
  return TRUE;
}

/* Called on the importing thread after each file. */
typedef void (*ProgressHook) (guint    done,
                              guint    total,
                              gpointer data);

/* Imports @files (folders read recursively). Cancelling stops between two
 * files: the letters imported so far stay, and the report says it was
 * cancelled. When the library cannot be written (a full disk), the import
 * stops: the batch in progress is rolled back, and its letters and the
 * files not read yet are reported as failed with the reason, which the
 * report also keeps (dafu_import_report_get_error()); the batches
 * committed before stay, so importing the same files again later brings
 * in the rest. */
static DafuImportReport *
import_files (DafuDb        *db,
              GFile * const *files,
              guint          n_files,
              ProgressHook   progress,
              gpointer       progress_data,
              GCancellable  *cancellable)
{
  g_autoptr(DafuImportReport) report = dafu_import_report_new ();
  g_autoptr(GPtrArray) letters = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  gint64 batch_start;
  guint in_batch = 0;
  guint next = 0;   /* the first file that has no entry in the report */

  /* First the whole list, so that progress can tell how far along it is. */
  for (guint i = 0; i < n_files; i++)
    {
      g_autoptr(GError) local_error = NULL;
      GFileType type = g_file_query_file_type (files[i], G_FILE_QUERY_INFO_NONE, cancellable);

      if (g_cancellable_is_cancelled (cancellable))
        break;

      if (type == G_FILE_TYPE_DIRECTORY)
        {
          if (!collect_folder (files[i], letters, cancellable, &local_error) &&
              !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_autofree char *path = display_path (files[i]);
              dafu_import_report_add (report, DAFU_IMPORT_STATUS_FAILED, path, 0,
                                      local_error->message);
            }
        }
      else if (type == G_FILE_TYPE_UNKNOWN)
        {
          g_autofree char *path = display_path (files[i]);

          dafu_import_report_add (report, DAFU_IMPORT_STATUS_FAILED, path, 0,
                                  _("The file does not exist."));
        }
      else
        g_ptr_array_add (letters, g_object_ref (files[i]));
    }

  /* Letters land in batches of one transaction each, so that the index
   * grows in large steps; each letter is still whole or absent (a
   * savepoint), and readers see a batch as soon as it is committed. */
  if (letters->len > 0 && dafu_db_begin (db, &error))
    {
      batch_start = g_get_monotonic_time ();
      for (; next < letters->len && !g_cancellable_is_cancelled (cancellable); next++)
        {
          if (!import_one (db, g_ptr_array_index (letters, next), report, cancellable, &error))
            break;
          in_batch++;

          if (in_batch >= IMPORT_BATCH_LETTERS ||
              g_get_monotonic_time () - batch_start >= IMPORT_BATCH_USEC)
            {
              if (!commit_batch (db, report, &error) || !dafu_db_begin (db, &error))
                {
                  next++;
                  break;
                }
              batch_start = g_get_monotonic_time ();
              in_batch = 0;
            }

          if (progress != NULL)
            progress (next + 1, letters->len, progress_data);
        }
      if (error == NULL)
        commit_batch (db, report, &error);
    }

  if (error != NULL)
    {
      dafu_db_rollback (db);
      dafu_import_report_fail_uncommitted (report, error->message);
      for (; next < letters->len && !g_cancellable_is_cancelled (cancellable); next++)
        {
          g_autofree char *path = display_path (g_ptr_array_index (letters, next));

          dafu_import_report_add (report, DAFU_IMPORT_STATUS_FAILED, path, 0, error->message);
        }
      dafu_import_report_mark_committed (report);
      dafu_import_report_set_error (report, error);
      g_debug ("The import stopped: %s", error->message);
    }

  if (g_cancellable_is_cancelled (cancellable))
    dafu_import_report_set_cancelled (report, TRUE);

  return g_steal_pointer (&report);
}

/* ----------------------------------------------------------------------- *
 * Searching and listing
 * ----------------------------------------------------------------------- */

/* Searches work on the letters' keys (fts_key, see dafu-db.c), the rowid
 * of both full-text indexes: they sort as dates, newest last. */

/* A search ranks its newest hits by relevance (bm25, the title weighing ten
 * times the text); hits beyond them follow newest first. A term found in
 * most of 100,000 letters (的, 养老) would otherwise be ranked over every
 * letter, which costs a clerk a second per keystroke for an order nobody
 * reads that far down. */
#define RANKED_HITS 2000

/* The letters a search considers: keys in [lo, hi). */
typedef struct {
  gint64 lo;
  gint64 hi;
} KeyRange;

static gboolean
step_keys (DafuDb     *db,
           DafuStmt   *stmt,
           GArray     *keys,
           GError    **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 key = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (keys, key);
    }
  if (rc != SQLITE_DONE)
    {
      if (!dafu_db_check_cancelled (db, rc, error))
        dafu_db_set_error (db, rc, error);
      return FALSE;
    }
  return TRUE;
}

static void
reverse_keys (GArray *keys)
{
  gint64 *k = (gint64 *) keys->data;

  for (guint i = 0, j = keys->len; i + 1 < j; i++, j--)
    {
      gint64 t = k[i];

      k[i] = k[j - 1];
      k[j - 1] = t;
    }
}

/* The keys of the letters that @match selects in @index, newest first. */
static GArray *
match_keys (DafuDb          *db,
            DafuQueryIndex   index,
            const char      *match,
            const KeyRange  *range,
            GError         **error)
{
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(DafuStmt) stmt = NULL;

  /* FTS5 reads its doclists forwards much faster than backwards, so the
   * keys come in ascending order and are turned round here. */
  stmt = dafu_db_prepare (db, index == DAFU_QUERY_INDEX_WORDS
                                ? "SELECT rowid FROM letters_fts WHERE letters_fts MATCH ?1"
                                  " AND rowid >= ?2 AND rowid < ?3"
                                : "SELECT rowid FROM letters_chars WHERE letters_chars MATCH ?1"
                                  " AND rowid >= ?2 AND rowid < ?3",
                          error);
  if (stmt == NULL)
    return NULL;
  dafu_stmt_bind_text (stmt, 1, match);
  sqlite3_bind_int64 (stmt, 2, range->lo);
  sqlite3_bind_int64 (stmt, 3, range->hi);
  if (!step_keys (db, stmt, keys, error))
    return NULL;
  reverse_keys (keys);
  return g_steal_pointer (&keys);
}

/* The keys of every letter in @range (the trash included), newest first;
 * the sort key's index answers alone. */
static GArray *
all_keys (DafuDb          *db,
          const KeyRange  *range,
          GError         **error)
{
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(DafuStmt) stmt = NULL;

  stmt = dafu_db_prepare (db, "SELECT fts_key FROM letters WHERE fts_key >= ?1 AND fts_key < ?2"
                              " ORDER BY fts_key DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, range->lo);
  sqlite3_bind_int64 (stmt, 2, range->hi);
  if (!step_keys (db, stmt, keys, error))
    return NULL;
  return g_steal_pointer (&keys);
}

static int
compare_keys_descending (gconstpointer a,
                         gconstpointer b)
{
  gint64 ka = *(const gint64 *) a, kb = *(const gint64 *) b;

  return ka < kb ? 1 : ka > kb ? -1 : 0;
}

/* The keys @sql selects with @value (and @value2) bound, newest first. */
static GArray *
column_keys (DafuDb      *db,
             const char  *sql,
             const char  *value,
             const char  *value2,
             GError     **error)
{
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(DafuStmt) stmt = dafu_db_prepare (db, sql, error);

  if (stmt == NULL)
    return NULL;
  if (value != NULL)
    dafu_stmt_bind_text (stmt, 1, value);
  if (value2 != NULL)
    dafu_stmt_bind_text (stmt, 2, value2);
  if (!step_keys (db, stmt, keys, error))
    return NULL;

  g_array_sort (keys, compare_keys_descending);
  return g_steal_pointer (&keys);
}

static void merge_keys (GArray       *a,
                        const GArray *b,
                        gboolean      keep);

/* The keys of the letters that pass the city, category and kind filters of
 * @query, newest first, or %NULL with @error set. Each filter reads its
 * own index, which holds the keys: no letter's row is read. */
static GArray *
filter_keys (DafuDb     *db,
             DafuQuery  *query,
             GError    **error)
{
  const char *city = dafu_query_get_city (query);
  const char *category = dafu_query_get_category (query);
  const char *kind = dafu_query_get_kind (query);
  g_autoptr(GArray) keys = NULL;
  GArray *other;

  /* A city matches its own name and any longer one it starts (咸阳 finds
   * 咸阳市): a range of the city index. */
  if (city != NULL)
    {
      g_autofree char *city_end = g_strconcat (city, "\xf4\x8f\xbf\xbf", NULL);

      keys = column_keys (db, "SELECT fts_key FROM letters WHERE city >= ?1 AND city < ?2",
                          city, city_end, error);
      if (keys == NULL)
        return NULL;
    }
  if (category != NULL)
    {
      other = column_keys (db, "SELECT fts_key FROM letters WHERE category = ?1", category, NULL, error);
      if (other == NULL)
        return NULL;
      if (keys == NULL)
        keys = other;
      else
        {
          merge_keys (keys, other, TRUE);
          g_array_unref (other);
        }
    }
  if (kind != NULL)
    {
      other = column_keys (db, "SELECT fts_key FROM letters WHERE kind = ?1", kind, NULL, error);
      if (other == NULL)
        return NULL;
      if (keys == NULL)
        keys = other;
      else
        {
          merge_keys (keys, other, TRUE);
          g_array_unref (other);
        }
    }

  return g_steal_pointer (&keys);
}

/* @a ∩ @b (keep) or @a − @b (!keep), both descending, into @a. */
static void
merge_keys (GArray       *a,
            const GArray *b,
            gboolean      keep)
{
  const gint64 *kb = (const gint64 *) b->data;
  gint64 *ka = (gint64 *) a->data;
  guint out = 0, j = 0;

  for (guint i = 0; i < a->len; i++)
    {
      while (j < b->len && kb[j] > ka[i])
        j++;
      if ((j < b->len && kb[j] == ka[i]) == keep)
        ka[out++] = ka[i];
    }
  g_array_set_size (a, out);
}

static gboolean
has_key (const GArray *keys,
         gint64        key)
{
  /* An empty GArray's data is NULL, which bsearch() must not be given. */
  if (keys->len == 0)
    return FALSE;
  return bsearch (&key, keys->data, keys->len, sizeof (gint64), compare_keys_descending) != NULL;
}

/* @keys in title order, untitled letters last. */
static gboolean
sort_by_title (DafuDb   *db,
               GArray   *keys,
               GError  **error)
{
  g_autoptr(GArray) titled = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) sorted = NULL;
  g_autoptr(DafuStmt) stmt = NULL;

  stmt = dafu_db_prepare (db, "SELECT fts_key FROM letters ORDER BY title IS NULL, title, id", error);
  if (stmt == NULL || !step_keys (db, stmt, titled, error))
    return FALSE;

  sorted = g_array_sized_new (FALSE, FALSE, sizeof (gint64), keys->len);
  for (guint i = 0; i < titled->len; i++)
    if (has_key (keys, g_array_index (titled, gint64, i)))
      g_array_append_val (sorted, g_array_index (titled, gint64, i));

  g_array_set_size (keys, 0);
  g_array_append_vals (keys, sorted->data, sorted->len);
  return TRUE;
}

typedef struct {
  gint64 key;
  double score;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *ra = a, *rb = b;

  if (ra->score != rb->score)
    return ra->score < rb->score ? -1 : 1;
  return compare_keys_descending (&ra->key, &rb->key);
}

static gint64
count_rows (DafuDb      *db,
            const char  *sql,
            const char  *match,
            GError     **error)
{
  g_autoptr(DafuStmt) stmt = dafu_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  if (match != NULL)
    dafu_stmt_bind_text (stmt, 1, match);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (!dafu_db_check_cancelled (db, rc, error))
        dafu_db_set_error (db, rc, error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/* The weight of each phrase of @match for dafu_rank(): how rare it is. A
 * search of one term has counted its letters already (@n_hits); several
 * terms are counted one by one. */
static GArray *
phrase_weights (DafuDb             *db,
                const char * const *terms,
                gint64              n_hits,
                GError            **error)
{
  g_autoptr(GArray) weights = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_terms = g_strv_length ((GStrv) terms);
  gint64 n_rows;

  n_rows = count_rows (db, "SELECT count(*) FROM letters", NULL, error);
  if (n_rows < 0)
    return NULL;

  for (guint i = 0; i < n_terms; i++)
    {
      gint64 n = n_hits;
      double weight;

      if (n_terms > 1)
        {
          g_autoptr(GString) phrase = g_string_new ("\"");

          for (const char *p = terms[i]; *p; p++)
            {
              if (*p == '"')
                g_string_append_c (phrase, '"');
              g_string_append_c (phrase, *p);
            }
          g_string_append_c (phrase, '"');
          n = count_rows (db, "SELECT count(*) FROM letters_fts WHERE letters_fts MATCH ?1",
                          phrase->str, error);
          if (n < 0)
            return NULL;
        }
      weight = dafu_rank_idf (n_rows, n);
      g_array_append_val (weights, weight);
    }

  return g_steal_pointer (&weights);
}

/* Puts the newest @max_ranked of @keys (descending) in order of relevance
 * for @match, which selects them in the words index with its positive
 * @terms in order, and fills @scores. @n_hits is how many letters @match
 * selects before filters. */
static gboolean
rank_newest (DafuDb             *db,
             const char         *match,
             const char * const *terms,
             gint64              n_hits,
             guint               max_ranked,
             GArray             *keys,
             GArray             *scores,
             GError            **error)
{
  g_autoptr(GArray) ranked = NULL;
  g_autoptr(GArray) set_keys = NULL;
  g_autoptr(GArray) weights = NULL;
  g_autoptr(DafuStmt) stmt = NULL;
  DafuKeySet set;
  guint n = MIN (keys->len, max_ranked);
  guint found = 0;
  int rc;

  g_array_set_size (scores, keys->len);  /* zeroed: unranked */
  if (n == 0)
    return TRUE;

  weights = phrase_weights (db, terms, n_hits, error);
  if (weights == NULL)
    return FALSE;

  /* Only the letters to rank are scored, newest first as in @keys. */
  set_keys = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  g_array_append_vals (set_keys, keys->data, n);
  set.keys = (const gint64 *) set_keys->data;
  set.n_keys = n;

  stmt = dafu_db_prepare (db, "SELECT rowid, dafu_rank (letters_fts, ?4) FROM letters_fts"
                              " WHERE letters_fts MATCH ?1 AND rowid >= ?2 AND dafu_key_in (?3, rowid)"
                              " ORDER BY rowid DESC",
                          error);
  if (stmt == NULL)
    return FALSE;
  dafu_stmt_bind_text (stmt, 1, match);
  sqlite3_bind_int64 (stmt, 2, set.keys[n - 1]);
  sqlite3_bind_pointer (stmt, 3, &set, DAFU_KEY_SET_TYPE, NULL);
  sqlite3_bind_blob (stmt, 4, weights->data, weights->len * sizeof (double), SQLITE_STATIC);

  /* Both in descending key order: the rows come back as @keys lists them. */
  ranked = g_array_sized_new (FALSE, FALSE, sizeof (Ranked), n);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && found < n)
    {
      Ranked r = { sqlite3_column_int64 (stmt, 0), sqlite3_column_double (stmt, 1) };

      g_array_append_val (ranked, r);
      found++;
    }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      if (!dafu_db_check_cancelled (db, rc, error))
        dafu_db_set_error (db, rc, error);
      return FALSE;
    }
  if (found != n)
    {
      /* The index and the letters disagree: keep the date order. */
      g_warning ("Ranking found %u of %u letters; the index may need a rebuild", found, n);
      return TRUE;
    }

  g_array_sort (ranked, compare_ranked);
  for (guint i = 0; i < n; i++)
    {
      g_array_index (keys, gint64, i) = g_array_index (ranked, Ranked, i).key;
      g_array_index (scores, double, i) = g_array_index (ranked, Ranked, i).score;
    }
  return TRUE;
}

/* The letters for @query (all letters when %NULL), in @sort order.
 *
 * Both full-text indexes hand out their hits by sort key, newest first, so
 * the hits of each part of the query are merged as sorted lists of keys:
 * the words index for terms of two or more characters, the characters
 * index for terms of one, the filters' indexes for city, category and kind
 * (a year is a range of keys), less the trash. */
static GArray *
find_keys (DafuDb        *db,
           DafuQuery     *query,
           DafuSort       sort,
           guint          max_ranked,
           GArray        *scores,
           GError       **error)
{
  g_autoptr(GArray) keys = NULL;
  g_autofree char *words = NULL;
  g_autofree char *chars = NULL;
  KeyRange range = { G_MININT64, G_MAXINT64 };
  GArray *other = NULL;
  gint64 n_word_hits = 0;

  if (query != NULL)
    {
      words = dafu_query_get_match (query, DAFU_QUERY_INDEX_WORDS);
      chars = dafu_query_get_match (query, DAFU_QUERY_INDEX_CHARS);
      if (dafu_query_get_year (query) > 0)
        {
          range.lo = dafu_db_date_key_of (dafu_query_get_year (query), 1, 1);
          range.hi = dafu_db_date_key_of (dafu_query_get_year (query) + 1, 1, 1);
        }
    }

  if (words != NULL &&
      (keys = match_keys (db, DAFU_QUERY_INDEX_WORDS, words, &range, error)) == NULL)
    return NULL;
  n_word_hits = keys != NULL ? keys->len : 0;
  if (chars != NULL)
    {
      if ((other = match_keys (db, DAFU_QUERY_INDEX_CHARS, chars, &range, error)) == NULL)
        return NULL;
      if (keys == NULL)
        keys = other;
      else
        {
          merge_keys (keys, other, TRUE);
          g_array_unref (other);
        }
    }
  if (keys == NULL && (keys = all_keys (db, &range, error)) == NULL)
    return NULL;

  /* Excluded terms an index had no other term to go with. */
  for (DafuQueryIndex index = DAFU_QUERY_INDEX_WORDS; query != NULL && index <= DAFU_QUERY_INDEX_CHARS; index++)
    {
      g_autofree char *exclude = NULL;

      if ((index == DAFU_QUERY_INDEX_WORDS ? words : chars) != NULL)
        continue;
      exclude = dafu_query_get_exclude_match (query, index);
      if (exclude == NULL)
        continue;
      if ((other = match_keys (db, index, exclude, &range, error)) == NULL)
        return NULL;
      merge_keys (keys, other, FALSE);
      g_array_unref (other);
    }

  if (query != NULL &&
      (dafu_query_get_city (query) != NULL || dafu_query_get_category (query) != NULL ||
       dafu_query_get_kind (query) != NULL))
    {
      if ((other = filter_keys (db, query, error)) == NULL)
        return NULL;
      merge_keys (keys, other, TRUE);
      g_array_unref (other);
    }

  other = column_keys (db, "SELECT fts_key FROM letters WHERE trashed != 0", NULL, NULL, error);
  if (other == NULL)
    return NULL;
  merge_keys (keys, other, FALSE);
  g_array_unref (other);

  switch (sort)
    {
    case DAFU_SORT_TITLE:
      if (!sort_by_title (db, keys, error))
        return NULL;
      break;
    case DAFU_SORT_RELEVANCE:
      if (words != NULL)
        {
          g_auto(GStrv) terms = dafu_query_dup_index_terms (query, DAFU_QUERY_INDEX_WORDS);

          if (!rank_newest (db, words, (const char * const *) terms, n_word_hits,
                            max_ranked, keys, scores, error))
            return NULL;
        }
      break;
    case DAFU_SORT_DATE:
    default:
      break;
    }

  return g_steal_pointer (&keys);
}

static DafuLetterList *
run_search (DafuLibrary   *self,
            DafuDb        *db,
            DafuQuery     *query,
            DafuSort       sort,
            guint          limit,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GArray) keys = NULL;
  g_autoptr(GArray) scores = g_array_new (FALSE, TRUE, sizeof (double));

  dafu_db_watch_cancellable (db, cancellable);
  keys = find_keys (db, query, sort, self->ranked_hits, scores, error);
  dafu_db_watch_cancellable (db, NULL);
  if (keys == NULL)
    return NULL;

  if (limit > 0 && keys->len > limit)
    g_array_set_size (keys, limit);
  g_array_set_size (scores, keys->len);

  return dafu_letter_list_new (self, g_steal_pointer (&keys), g_steal_pointer (&scores));
}

static gint64
count_letters (DafuDb  *db,
               GError **error)
{
  /* Counted in the smallest index rather than over every row; the trash
   * is a few letters at most, in its own index. */
  g_autoptr(DafuStmt) stmt = dafu_db_prepare (db, "SELECT (SELECT count(*) FROM letters)"
                                                  " - (SELECT count(*) FROM letters WHERE trashed != 0)",
                                              error);
  int rc;

  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      dafu_db_set_error (db, rc, error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/* ----------------------------------------------------------------------- *
 * The object
 * ----------------------------------------------------------------------- */

static gboolean
dafu_library_initable_init (GInitable     *initable,
                            GCancellable  *cancellable,
                            GError       **error)
{
  DafuLibrary *self = DAFU_LIBRARY (initable);
  g_autofree char *dir = NULL;

  if (self->path == NULL)
    self->path = dafu_library_default_path ();

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the folder %s for the library: %s"),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  self->db = dafu_db_open (self->path, error);
  if (self->db == NULL)
    return FALSE;
  if (dafu_db_is_read_only (self->db))
    return TRUE;

  /* Letters and drafts deleted in an earlier session and not undone go
   * for good now. */
  return empty_trash (self->db, error) &&
         dafu_db_exec (self->db, "DELETE FROM drafts WHERE trashed != 0", error);
}

static void
initable_iface_init (GInitableIface *iface)
{
  iface->init = dafu_library_initable_init;
}

static void
dafu_library_finalize (GObject *object)
{
  DafuLibrary *self = (DafuLibrary *) object;
  DafuDb *db;

  while ((db = g_async_queue_try_pop (self->idle)) != NULL)
    dafu_db_close (db);
  g_clear_pointer (&self->idle, g_async_queue_unref);
  g_clear_pointer (&self->db, dafu_db_close);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (dafu_library_parent_class)->finalize (object);
}

static void
dafu_library_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DafuLibrary *self = DAFU_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_library_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  DafuLibrary *self = DAFU_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_library_class_init (DafuLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dafu_library_finalize;
  object_class->get_property = dafu_library_get_property;
  object_class->set_property = dafu_library_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dafu_library_init (DafuLibrary *self)
{
  self->idle = g_async_queue_new_full ((GDestroyNotify) dafu_db_close);
  self->ranked_hits = RANKED_HITS;
}

/* For the tests: how many of the newest hits a search ranks. */
void
dafu_library_set_ranked_hits (DafuLibrary *self,
                              guint        n)
{
  g_return_if_fail (DAFU_IS_LIBRARY (self));

  self->ranked_hits = n;
}

/**
 * dafu_library_default_path:
 *
 * Returns: (transfer full): `$DAFU_LIBRARY` when set, else
 *   `$XDG_DATA_HOME/dafu/library.db`
 */
char *
dafu_library_default_path (void)
{
  const char *env = g_getenv ("DAFU_LIBRARY");

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return g_build_filename (g_get_user_data_dir (), "dafu", "library.db", NULL);
}

/**
 * dafu_library_is_read_only:
 *
 * Whether the library file (or its folder) cannot be written: it was opened
 * for reading and searching only, and every change fails with
 * %DAFU_LIBRARY_ERROR_READ_ONLY.
 */
gboolean
dafu_library_is_read_only (DafuLibrary *self)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), FALSE);

  return self->db != NULL && dafu_db_is_read_only (self->db);
}

/**
 * dafu_library_new:
 * @path: (nullable): the database file; %NULL for dafu_library_default_path()
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Opens the library, creating it (and its folder) when missing and bringing
 * an older file's format up to date.
 *
 * Returns: (transfer full): the library, or %NULL with @error set
 */
DafuLibrary *
dafu_library_new (const char    *path,
                  GCancellable  *cancellable,
                  GError       **error)
{
  return g_initable_new (DAFU_TYPE_LIBRARY, cancellable, error, "path", path, NULL);
}

/**
 * dafu_library_new_async:
 * @path: (nullable): the database file; %NULL for dafu_library_default_path()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the library is open
 * @user_data: data for @callback
 *
 * Opens the library on a worker thread. The library may then be used from
 * the thread that runs @callback.
 */
void
dafu_library_new_async (const char          *path,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_async_initable_new_async (DAFU_TYPE_LIBRARY, G_PRIORITY_DEFAULT, cancellable,
                              callback, user_data, "path", path, NULL);
}

DafuLibrary *
dafu_library_new_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_autoptr(GObject) source = g_async_result_get_source_object (result);

  return DAFU_LIBRARY (g_async_initable_new_finish (G_ASYNC_INITABLE (source), result, error));
}

const char *
dafu_library_get_path (DafuLibrary *self)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), NULL);
  return self->path;
}

/**
 * dafu_library_count:
 *
 * Returns: how many letters the library holds, or -1 with @error set
 */
gint64
dafu_library_count (DafuLibrary  *self,
                    GError      **error)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), -1);
  return count_letters (self->db, error);
}

/**
 * dafu_library_import:
 * @self: a #DafuLibrary
 * @files: (array length=n_files): files and folders (read recursively) to import
 * @n_files: the length of @files
 * @cancellable: (nullable): stops the import between two files
 *
 * Imports letters. Each file lands whole or not at all: one that cannot be
 * read as a letter is reported with its reason and the rest still land. A
 * letter already in the library (same bytes) is skipped; one read by an
 * older parser is read again with the user's corrections kept. When
 * cancelled, the letters imported so far stay and the report says it was
 * cancelled. When the library cannot be written (a full disk, say), the
 * import stops; dafu_import_report_get_error() tells why, and the files
 * not imported are reported as failed with that reason. Letters of the
 * batch in progress (up to a few hundred) are among them; importing the
 * same files again once there is room brings in the rest.
 *
 * Returns: (transfer full): what happened to each file
 */
DafuImportReport *
dafu_library_import (DafuLibrary   *self,
                     GFile * const *files,
                     guint          n_files,
                     GCancellable  *cancellable)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (files != NULL || n_files == 0, NULL);

  return import_files (self->db, files, n_files, NULL, NULL, cancellable);
}

/**
 * dafu_library_get_letter:
 *
 * Returns: (transfer full): the letter with its fields, text, sections and
 *   consultation record, or %NULL with @error set
 */
DafuLetter *
dafu_library_get_letter (DafuLibrary  *self,
                         gint64        id,
                         GError      **error)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), NULL);
  return load_letter (self->db, id, TRUE, FALSE, error);
}

/* A letter's fields and text, without sections: what a list row needs. */
DafuLetter *
dafu_library_load_summary (DafuLibrary  *self,
                           gint64        id,
                           GError      **error)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), NULL);
  return load_letter (self->db, id, FALSE, FALSE, error);
}

/* A letter of a search's result by its key, without sections. */
DafuLetter *
dafu_library_load_summary_by_key (DafuLibrary  *self,
                                  gint64        key,
                                  GError      **error)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), NULL);
  return load_letter (self->db, key, FALSE, TRUE, error);
}

/* The id of the letter with index key @key, 0 when there is none. */
gint64
dafu_library_id_for_key (DafuLibrary *self,
                         gint64       key)
{
  g_autoptr(DafuStmt) stmt = NULL;

  g_return_val_if_fail (DAFU_IS_LIBRARY (self), 0);

  stmt = dafu_db_prepare (self->db, "SELECT id FROM letters WHERE fts_key = ?", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, key);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

/**
 * dafu_library_get_original:
 *
 * Returns: (transfer full): the bytes of the file the letter was imported
 *   from, exactly as they were
 */
GBytes *
dafu_library_get_original (DafuLibrary  *self,
                           gint64        id,
                           GError      **error)
{
  g_autoptr(DafuStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (DAFU_IS_LIBRARY (self), NULL);

  stmt = dafu_db_prepare (self->db, "SELECT original, original_format, text FROM letter_texts WHERE letter_id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *format = dafu_stmt_column_text (stmt, 1);
      g_autoptr(GBytes) stored = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));

      if (g_strcmp0 (format, "deflate") == 0)
        return dafu_inflate (g_bytes_get_data (stored, NULL), g_bytes_get_size (stored), error);
      if (g_strcmp0 (format, "delta") == 0)
        {
          g_autoptr(GBytes) text = dafu_inflate (sqlite3_column_blob (stmt, 2),
                                                 sqlite3_column_bytes (stmt, 2), error);

          return text != NULL ? dafu_delta_apply (text, stored, error) : NULL;
        }
      return g_steal_pointer (&stored);
    }
  if (rc == SQLITE_DONE)
    set_not_found (error, id);
  else
    dafu_db_set_error (self->db, rc, error);
  return NULL;
}

static gboolean
update_fields (DafuDb                *db,
               gint64                 id,
               const DafuLetterField *fields,
               const char * const    *values,
               guint                  n_fields,
               GError               **error)
{
  g_autoptr(DafuStmt) stmt = NULL;
  int rc = SQLITE_OK;

  for (guint i = 0; i < n_fields; i++)
    if (!dafu_letter_field_is_valid (fields[i], values[i], error))
      return FALSE;

  if (!dafu_db_begin (db, error))
    return FALSE;

  for (guint i = 0; i < n_fields; i++)
    {
      const char *value = values[i] != NULL && *values[i] != '\0' ? values[i] : NULL;
      g_autofree char *sql = NULL;
      sqlite3_stmt *update = NULL;

      /* SQL-safe: the column name comes from the field enum, never from
       * the caller. */
      sql = g_strdup_printf ("UPDATE letters SET %s = ? WHERE id = ?", dafu_letter_field_key (fields[i]));
      rc = sqlite3_prepare_v2 (dafu_db_get_handle (db), sql, -1, &update, NULL);
      if (rc != SQLITE_OK)
        goto fail_rc;
      dafu_stmt_bind_text (update, 1, value);
      sqlite3_bind_int64 (update, 2, id);
      rc = sqlite3_step (update);
      sqlite3_finalize (update);
      if (rc != SQLITE_DONE)
        goto fail_rc;
      if (sqlite3_changes (dafu_db_get_handle (db)) == 0)
        {
          set_not_found (error, id);
          goto fail;
        }

      stmt = dafu_db_prepare (db, "INSERT OR REPLACE INTO corrections (letter_id, field, value)"
                                  " VALUES (?, ?, ?)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, id);
      dafu_stmt_bind_text (stmt, 2, dafu_letter_field_key (fields[i]));
      dafu_stmt_bind_text (stmt, 3, value);
      if (!dafu_db_step_done (db, stmt, error))
        goto fail;
      g_clear_pointer (&stmt, dafu_stmt_release);
    }

  if (dafu_db_commit (db, error))
    return TRUE;
  goto fail;

fail_rc:
  dafu_db_set_error (db, rc, error);
fail:
  g_clear_pointer (&stmt, dafu_stmt_release);
  dafu_db_rollback (db);
  return FALSE;
}

/**
 * dafu_library_update_fields:
 * @self: a #DafuLibrary
 * @id: the letter
 * @fields: (array length=n_fields): the fields the user corrected
 * @values: (array length=n_fields): their corrected values; %NULL or ""
 *   clears a field
 * @n_fields: how many fields
 * @error: return location for an error
 *
 * Stores a user's corrections in one transaction: all of them or, when one
 * value is not valid (see dafu_letter_field_is_valid()), none. They are
 * kept when the letter is read again by a newer parser.
 */
gboolean
dafu_library_update_fields (DafuLibrary            *self,
                            gint64                  id,
                            const DafuLetterField  *fields,
                            const char * const     *values,
                            guint                   n_fields,
                            GError                **error)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (fields != NULL || n_fields == 0, FALSE);
  g_return_val_if_fail (values != NULL || n_fields == 0, FALSE);

  return update_fields (self->db, id, fields, values, n_fields, error);
}

/**
 * dafu_library_update_field:
 * @self: a #DafuLibrary
 * @id: the letter
 * @field: the field the user corrected
 * @value: (nullable): the corrected value; %NULL or "" clears it
 * @error: return location for an error
 *
 * Stores one correction; see dafu_library_update_fields().
 */
gboolean
dafu_library_update_field (DafuLibrary      *self,
                           gint64            id,
                           DafuLetterField   field,
                           const char       *value,
                           GError          **error)
{
  g_return_val_if_fail (field < DAFU_LETTER_N_FIELDS, FALSE);

  return dafu_library_update_fields (self, id, &field, &value, 1, error);
}

static gboolean
delete_letter (DafuDb  *db,
               gint64   id,
               GError **error)
{
  g_autoptr(DafuStmt) stmt = NULL;

  stmt = dafu_db_prepare (db, "DELETE FROM letters WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!dafu_db_step_done (db, stmt, error))
    return FALSE;
  if (sqlite3_changes (dafu_db_get_handle (db)) == 0)
    {
      set_not_found (error, id);
      return FALSE;
    }
  return TRUE;
}

/**
 * dafu_library_delete_letter:
 *
 * Removes a letter with its sections, consultation record, corrections
 * and index entries.
 */
gboolean
dafu_library_delete_letter (DafuLibrary  *self,
                            gint64        id,
                            GError      **error)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), FALSE);
  return delete_letter (self->db, id, error);
}

static gboolean
set_trashed (DafuDb    *db,
             gint64     id,
             gboolean   trashed,
             GError   **error)
{
  g_autoptr(DafuStmt) stmt = NULL;

  stmt = dafu_db_prepare (db, "UPDATE letters SET trashed = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, trashed ? 1 : 0);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!dafu_db_step_done (db, stmt, error))
    return FALSE;
  if (sqlite3_changes (dafu_db_get_handle (db)) == 0)
    {
      set_not_found (error, id);
      return FALSE;
    }
  return TRUE;
}

/* Deletes for good what was put in the trash before. */
static gboolean
empty_trash (DafuDb  *db,
             GError **error)
{
  return dafu_db_exec (db, "DELETE FROM letters WHERE trashed != 0", error);
}

/**
 * dafu_library_trash_letter:
 *
 * Hides a letter from counts, listings and searches until it is restored
 * with dafu_library_restore_letter(); it is deleted for good when the
 * library is next opened. This is what the window's Delete does, so that
 * it can offer Undo.
 */
gboolean
dafu_library_trash_letter (DafuLibrary  *self,
                           gint64        id,
                           GError      **error)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), FALSE);
  return set_trashed (self->db, id, TRUE, error);
}

gboolean
dafu_library_restore_letter (DafuLibrary  *self,
                             gint64        id,
                             GError      **error)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), FALSE);
  return set_trashed (self->db, id, FALSE, error);
}

/**
 * dafu_library_list:
 *
 * Returns: (transfer full): every letter, in @sort order
 */
DafuLetterList *
dafu_library_list (DafuLibrary  *self,
                   DafuSort      sort,
                   GError      **error)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), NULL);
  return run_search (self, self->db, NULL, sort, 0, NULL, error);
}

static GListModel *
load_facets (DafuDb      *db,
             const char  *facet,
             GError     **error)
{
  static const char * const facets[] = { "city", "year", "category", "kind", NULL };
  g_autoptr(GListStore) store = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!g_strv_contains (facets, facet))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Unknown filter “%s”: use city, year, category or kind."), facet);
      return NULL;
    }

  /* facet is one of the names above, so it is safe in SQL. Each facet is
   * counted in an index that holds the letters' keys, so that no row is
   * read (the trash, a few letters, is left out by key); a year is read
   * from the key, which follows the date. */
  if (g_str_equal (facet, "year"))
    /* SQL-safe: a constant number. */
    sql = g_strdup_printf ("SELECT CAST(dafu_key_year (fts_key) AS TEXT) AS y, count(*) FROM letters"
                           " WHERE fts_key >= %" G_GINT64_FORMAT
                           " AND fts_key NOT IN (SELECT fts_key FROM letters WHERE trashed != 0)"
                           " GROUP BY y ORDER BY count(*) DESC, y", DAFU_DB_UNDATED_KEYS);
  else
    /* SQL-safe: facet is one of the fixed names checked above. */
    sql = g_strdup_printf ("SELECT %s, count(*) FROM letters WHERE %s IS NOT NULL"
                           " AND fts_key NOT IN (SELECT fts_key FROM letters WHERE trashed != 0)"
                           " GROUP BY %s ORDER BY count(*) DESC, %s", facet, facet, facet, facet);
  rc = sqlite3_prepare_v2 (dafu_db_get_handle (db), sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      dafu_db_set_error (db, rc, error);
      return NULL;
    }

  store = g_list_store_new (DAFU_TYPE_FACET);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(DafuFacet) item = dafu_facet_new (dafu_stmt_column_text (stmt, 0),
                                                  sqlite3_column_int (stmt, 1));
      g_list_store_append (store, item);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      dafu_db_set_error (db, rc, error);
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/**
 * dafu_library_get_facets:
 * @self: a #DafuLibrary
 * @facet: `city`, `year`, `category` or `kind`
 * @error: return location for an error
 *
 * Returns: (transfer full): a #GListModel of #DafuFacet, most letters first;
 *   letters that do not state the value are not counted
 */
GListModel *
dafu_library_get_facets (DafuLibrary  *self,
                         const char   *facet,
                         GError      **error)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (facet != NULL, NULL);

  return load_facets (self->db, facet, error);
}

/**
 * dafu_library_search:
 * @self: a #DafuLibrary
 * @query: the parsed query with its filters
 * @sort: the order of the hits
 * @limit: the most hits to return, 0 for all
 * @cancellable: (nullable): stops a long search
 * @error: return location for an error
 *
 * Returns: (transfer full): the matching letters with their scores
 */
DafuLetterList *
dafu_library_search (DafuLibrary   *self,
                     DafuQuery     *query,
                     DafuSort       sort,
                     guint          limit,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (DAFU_IS_QUERY (query), NULL);

  return run_search (self, self->db, query, sort, limit, cancellable, error);
}

/* ----------------------------------------------------------------------- *
 * Related letters
 * ----------------------------------------------------------------------- */

/* How many letters the index proposes before the texts are compared. */
#define RELATED_CANDIDATES 60

/* The FTS5 expression for letters whose title shares a bigram with @title:
 * `{title} : ("养老" OR "老服" OR …)`, or %NULL when it has none. */
static char *
title_match (const char *title)
{
  g_autofree char *valid = g_utf8_make_valid (title != NULL ? title : "", -1);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GString *out = g_string_new ("{title} : (");
  gunichar prev = 0;

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = dafu_text_fold_char (g_utf8_get_char (p));
      char pair[16];
      int len;

      if (dafu_text_is_space (c))
        continue;
      if (g_unichar_ispunct (c) || c == '"')
        {
          prev = 0;
          continue;
        }
      if (prev != 0)
        {
          len = g_unichar_to_utf8 (prev, pair);
          len += g_unichar_to_utf8 (c, pair + len);
          pair[len] = '\0';
          if (g_hash_table_add (seen, g_strdup (pair)))
            g_string_append_printf (out, "%s\"%s\"", g_hash_table_size (seen) > 1 ? " OR " : "", pair);
        }
      prev = c;
    }
  g_string_append_c (out, ')');

  if (g_hash_table_size (seen) == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static int
compare_related (gconstpointer a,
                 gconstpointer b)
{
  const DafuRelated *ra = a, *rb = b;

  if (ra->score != rb->score)
    return ra->score > rb->score ? -1 : 1;
  return ra->id < rb->id ? -1 : ra->id > rb->id;
}

/* Reads and inflates letter @id's text; NULL when it cannot be read. */
static char *
letter_text (DafuDb *db,
             gint64  id)
{
  g_autoptr(DafuStmt) stmt = dafu_db_prepare (db, "SELECT text FROM letter_texts WHERE letter_id = ?", NULL);
  g_autoptr(GBytes) text = NULL;
  gsize size;
  const char *data;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  text = dafu_inflate (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0), NULL);
  if (text == NULL)
    return NULL;
  data = g_bytes_get_data (text, &size);
  return g_strndup (data, size);
}

/* The letters from other cities most like letter @id: the index proposes
 * the RELATED_CANDIDATES whose titles share most with its title (bm25),
 * then the whole texts are compared (dafu_align_rank()). */
static GArray *
find_related (DafuDb  *db,
              gint64   id,
              guint    n,
              GError **error)
{
  g_autoptr(DafuLetter) letter = load_letter (db, id, FALSE, FALSE, error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DafuStmt) stmt = NULL;
  g_autofree char *match = NULL;
  g_autofree double *scores = NULL;
  GArray *related;
  int rc;

  if (letter == NULL)
    return NULL;

  related = g_array_new (FALSE, FALSE, sizeof (DafuRelated));
  match = title_match (dafu_letter_get_title (letter));
  if (match == NULL || n == 0)
    return related;

  stmt = dafu_db_prepare (db, "SELECT l.id FROM letters_fts f JOIN letters l ON l.fts_key = f.rowid"
                              " WHERE letters_fts MATCH ?1 AND l.trashed = 0 AND l.id != ?2"
                              " AND (?3 IS NULL OR l.city IS NOT ?3)"
                              " ORDER BY bm25 (letters_fts, 1.0, 0.0) LIMIT ?4", error);
  if (stmt == NULL)
    {
      g_array_unref (related);
      return NULL;
    }
  dafu_stmt_bind_text (stmt, 1, match);
  sqlite3_bind_int64 (stmt, 2, id);
  dafu_stmt_bind_text (stmt, 3, dafu_letter_get_field (letter, DAFU_LETTER_FIELD_CITY));
  sqlite3_bind_int (stmt, 4, RELATED_CANDIDATES);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 candidate = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, candidate);
    }
  if (rc != SQLITE_DONE)
    {
      if (!dafu_db_check_cancelled (db, rc, error))
        dafu_db_set_error (db, rc, error);
      g_array_unref (related);
      return NULL;
    }
  g_clear_pointer (&stmt, dafu_stmt_release);

  for (guint i = 0; i < ids->len; i++)
    {
      char *text = letter_text (db, g_array_index (ids, gint64, i));

      g_ptr_array_add (texts, text != NULL ? text : g_strdup (""));
    }

  scores = g_new0 (double, MAX (ids->len, 1));
  dafu_align_rank (dafu_letter_get_text (letter), (const char * const *) texts->pdata, texts->len, scores);
  for (guint i = 0; i < ids->len; i++)
    {
      DafuRelated r = { g_array_index (ids, gint64, i), scores[i] };
      g_array_append_val (related, r);
    }
  g_array_sort (related, compare_related);
  if (related->len > n)
    g_array_set_size (related, n);

  return related;
}

/**
 * dafu_library_related:
 * @self: a #DafuLibrary
 * @id: a letter
 * @n: how many letters at most
 * @error: return location for an error (%DAFU_LIBRARY_ERROR_NOT_FOUND when
 *   @id is not in the library)
 *
 * The letters from other cities most like letter @id, for “Compare With…”:
 * those whose titles share most with its title, ranked by how alike the
 * whole texts are (0 … 1).
 *
 * Returns: (transfer full) (element-type DafuRelated): the letters, most
 *   alike first
 */
GArray *
dafu_library_related (DafuLibrary  *self,
                      gint64        id,
                      guint         n,
                      GError      **error)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), NULL);

  return find_related (self->db, id, n, error);
}

/* ----------------------------------------------------------------------- *
 * Asynchronous calls: each runs on a worker thread with a borrowed
 * connection and returns to the caller's main context.
 * ----------------------------------------------------------------------- */

typedef enum {
  TASK_COUNT,
  TASK_IMPORT,
  TASK_SEARCH,
  TASK_GET_LETTER,
  TASK_UPDATE_FIELDS,
  TASK_DELETE,
  TASK_TRASH,
  TASK_RESTORE,
  TASK_FACETS,
  TASK_RELATED,
} TaskKind;

typedef struct {
  TaskKind                kind;
  gint64                  id;          /* GET_LETTER, UPDATE_FIELDS, DELETE, RELATED */
  GPtrArray              *files;       /* IMPORT */
  DafuQuery              *query;       /* SEARCH */
  DafuSort                sort;
  guint                   limit;
  GArray                 *fields;      /* UPDATE_FIELDS: DafuLetterField */
  GStrv                   values;      /* UPDATE_FIELDS */
  char                   *facet;       /* FACETS */

  /* IMPORT progress, delivered on the caller's main context */
  DafuImportProgressFunc  progress;
  gpointer                progress_data;
  GDestroyNotify          progress_notify;
  GMainContext           *context;
  gint                    progress_pending;
  guint                   done;
  guint                   total;
} TaskData;

static void
task_data_free (gpointer data)
{
  TaskData *td = data;

  g_clear_pointer (&td->files, g_ptr_array_unref);
  g_clear_object (&td->query);
  g_clear_pointer (&td->fields, g_array_unref);
  g_clear_pointer (&td->values, g_strfreev);
  g_clear_pointer (&td->facet, g_free);
  if (td->progress_notify != NULL)
    td->progress_notify (td->progress_data);
  g_clear_pointer (&td->context, g_main_context_unref);
  g_free (td);
}

static TaskData *
task_data_new (TaskKind kind)
{
  TaskData *td = g_new0 (TaskData, 1);

  td->kind = kind;
  return td;
}

static gboolean
dispatch_progress (gpointer user_data)
{
  TaskData *td = g_task_get_task_data (G_TASK (user_data));

  g_atomic_int_set (&td->progress_pending, 0);
  td->progress (g_atomic_int_get ((gint *) &td->done), g_atomic_int_get ((gint *) &td->total),
                td->progress_data);
  return G_SOURCE_REMOVE;
}

/* On the worker: keep the latest figures and wake the caller's context,
 * once at a time, so a fast import does not flood the main loop. */
static void
report_progress (guint    done,
                 guint    total,
                 gpointer data)
{
  GTask *task = data;
  TaskData *td = g_task_get_task_data (task);

  g_atomic_int_set ((gint *) &td->done, done);
  g_atomic_int_set ((gint *) &td->total, total);
  if (g_atomic_int_compare_and_exchange (&td->progress_pending, 0, 1))
    g_main_context_invoke_full (td->context, G_PRIORITY_DEFAULT, dispatch_progress,
                                g_object_ref (task), g_object_unref);
}

static void
worker_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DafuLibrary *self = source_object;
  TaskData *td = task_data;
  GError *error = NULL;
  gpointer result = NULL;
  gint64 count = -1;
  DafuDb *db;

  db = borrow_db (self, &error);
  if (db != NULL)
    {
      switch (td->kind)
        {
        case TASK_COUNT:
          count = count_letters (db, &error);
          break;
        case TASK_IMPORT:
          result = import_files (db, (GFile * const *) td->files->pdata, td->files->len,
                                 td->progress != NULL ? report_progress : NULL, task,
                                 cancellable);
          break;
        case TASK_SEARCH:
          result = run_search (self, db, td->query, td->sort, td->limit, cancellable, &error);
          break;
        case TASK_GET_LETTER:
          result = load_letter (db, td->id, TRUE, FALSE, &error);
          break;
        case TASK_UPDATE_FIELDS:
          count = update_fields (db, td->id, (DafuLetterField *) td->fields->data,
                                 (const char * const *) td->values, td->fields->len, &error);
          break;
        case TASK_DELETE:
          count = delete_letter (db, td->id, &error);
          break;
        case TASK_TRASH:
        case TASK_RESTORE:
          count = set_trashed (db, td->id, td->kind == TASK_TRASH, &error);
          break;
        case TASK_FACETS:
          result = load_facets (db, td->facet, &error);
          break;
        case TASK_RELATED:
          result = find_related (db, td->id, td->limit, &error);
          break;
        default:
          g_assert_not_reached ();
        }
      return_db (self, db);
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else if (td->kind == TASK_COUNT)
    g_task_return_int (task, count);
  else if (td->kind == TASK_UPDATE_FIELDS || td->kind == TASK_DELETE ||
           td->kind == TASK_TRASH || td->kind == TASK_RESTORE)
    g_task_return_boolean (task, TRUE);
  else if (td->kind == TASK_RELATED)
    g_task_return_pointer (task, result, (GDestroyNotify) g_array_unref);
  else
    g_task_return_pointer (task, result, g_object_unref);
}

static void
run_task (DafuLibrary         *self,
          TaskData            *td,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, td, task_data_free);
  /* A write that happened is reported as done even when the caller lost
   * interest meanwhile (a cancelled import returns its report of what it
   * did); a read that was cancelled reports G_IO_ERROR_CANCELLED. */
  g_task_set_check_cancellable (task, td->kind == TASK_COUNT || td->kind == TASK_SEARCH ||
                                      td->kind == TASK_GET_LETTER || td->kind == TASK_FACETS ||
                                      td->kind == TASK_RELATED);
  g_task_run_in_thread (task, worker_thread);
}

/* The calls that take just a letter id. */
static void
run_id_task (DafuLibrary         *self,
             TaskKind             kind,
             gint64               id,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  TaskData *td = task_data_new (kind);

  td->id = id;
  run_task (self, td, source_tag, cancellable, callback, user_data);
}

static gpointer
finish_pointer (DafuLibrary   *self,
                GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
finish_boolean (DafuLibrary   *self,
                GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dafu_library_count_async (DafuLibrary         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (DAFU_IS_LIBRARY (self));

  run_task (self, task_data_new (TASK_COUNT), dafu_library_count_async,
            cancellable, callback, user_data);
}

gint64
dafu_library_count_finish (DafuLibrary   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dafu_library_count_async, -1);

  return g_task_propagate_int (G_TASK (result), error);
}

/**
 * dafu_library_import_async:
 * @self: a #DafuLibrary
 * @files: (array length=n_files): files and folders to import
 * @n_files: the length of @files
 * @progress: (nullable): told how many files are done out of how many, on
 *   the caller's thread-default main context
 * @progress_data: data for @progress
 * @progress_notify: (nullable): frees @progress_data when the import is over
 * @cancellable: (nullable): stops the import between two files
 * @callback: called with the report
 * @user_data: data for @callback
 *
 * Runs dafu_library_import() on a worker thread with its own connection;
 * the library stays readable meanwhile.
 */
void
dafu_library_import_async (DafuLibrary            *self,
                           GFile * const          *files,
                           guint                   n_files,
                           DafuImportProgressFunc  progress,
                           gpointer                progress_data,
                           GDestroyNotify          progress_notify,
                           GCancellable           *cancellable,
                           GAsyncReadyCallback     callback,
                           gpointer                user_data)
{
  TaskData *td;

  g_return_if_fail (DAFU_IS_LIBRARY (self));
  g_return_if_fail (files != NULL || n_files == 0);

  td = task_data_new (TASK_IMPORT);
  td->files = g_ptr_array_new_full (n_files, g_object_unref);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (td->files, g_object_ref (files[i]));
  td->progress = progress;
  td->progress_data = progress_data;
  td->progress_notify = progress_notify;
  td->context = g_main_context_ref_thread_default ();

  run_task (self, td, dafu_library_import_async, cancellable, callback, user_data);
}

DafuImportReport *
dafu_library_import_finish (DafuLibrary   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return finish_pointer (self, result, dafu_library_import_async, error);
}

/**
 * dafu_library_get_letter_async:
 *
 * Reads a whole letter (dafu_library_get_letter()) on a worker thread.
 */
void
dafu_library_get_letter_async (DafuLibrary         *self,
                               gint64               id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (DAFU_IS_LIBRARY (self));

  run_id_task (self, TASK_GET_LETTER, id, dafu_library_get_letter_async, cancellable, callback, user_data);
}

DafuLetter *
dafu_library_get_letter_finish (DafuLibrary   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return finish_pointer (self, result, dafu_library_get_letter_async, error);
}

/**
 * dafu_library_related_async:
 *
 * Finds related letters (dafu_library_related()) on a worker thread.
 */
void
dafu_library_related_async (DafuLibrary         *self,
                            gint64               id,
                            guint                n,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  TaskData *td;

  g_return_if_fail (DAFU_IS_LIBRARY (self));

  td = task_data_new (TASK_RELATED);
  td->id = id;
  td->limit = n;
  run_task (self, td, dafu_library_related_async, cancellable, callback, user_data);
}

/**
 * dafu_library_related_finish:
 *
 * Returns: (transfer full) (element-type DafuRelated): see dafu_library_related()
 */
GArray *
dafu_library_related_finish (DafuLibrary   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dafu_library_related_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * dafu_library_update_fields_async:
 *
 * Stores corrections (dafu_library_update_fields()) on a worker thread.
 */
void
dafu_library_update_fields_async (DafuLibrary            *self,
                                  gint64                  id,
                                  const DafuLetterField  *fields,
                                  const char * const     *values,
                                  guint                   n_fields,
                                  GCancellable           *cancellable,
                                  GAsyncReadyCallback     callback,
                                  gpointer                user_data)
{
  TaskData *td;

  g_return_if_fail (DAFU_IS_LIBRARY (self));
  g_return_if_fail (fields != NULL || n_fields == 0);
  g_return_if_fail (values != NULL || n_fields == 0);

  td = task_data_new (TASK_UPDATE_FIELDS);
  td->id = id;
  td->fields = g_array_sized_new (FALSE, FALSE, sizeof (DafuLetterField), n_fields);
  g_array_append_vals (td->fields, fields, n_fields);
  td->values = g_new0 (char *, n_fields + 1);
  for (guint i = 0; i < n_fields; i++)
    td->values[i] = g_strdup (values[i] != NULL ? values[i] : "");
  run_task (self, td, dafu_library_update_fields_async, cancellable, callback, user_data);
}

gboolean
dafu_library_update_fields_finish (DafuLibrary   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return finish_boolean (self, result, dafu_library_update_fields_async, error);
}

void
dafu_library_delete_letter_async (DafuLibrary         *self,
                                  gint64               id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (DAFU_IS_LIBRARY (self));

  run_id_task (self, TASK_DELETE, id, dafu_library_delete_letter_async, cancellable, callback, user_data);
}

gboolean
dafu_library_delete_letter_finish (DafuLibrary   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return finish_boolean (self, result, dafu_library_delete_letter_async, error);
}

void
dafu_library_trash_letter_async (DafuLibrary         *self,
                                 gint64               id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (DAFU_IS_LIBRARY (self));

  run_id_task (self, TASK_TRASH, id, dafu_library_trash_letter_async, cancellable, callback, user_data);
}

gboolean
dafu_library_trash_letter_finish (DafuLibrary   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_boolean (self, result, dafu_library_trash_letter_async, error);
}

void
dafu_library_restore_letter_async (DafuLibrary         *self,
                                   gint64               id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (DAFU_IS_LIBRARY (self));

  run_id_task (self, TASK_RESTORE, id, dafu_library_restore_letter_async, cancellable, callback, user_data);
}

gboolean
dafu_library_restore_letter_finish (DafuLibrary   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return finish_boolean (self, result, dafu_library_restore_letter_async, error);
}

void
dafu_library_get_facets_async (DafuLibrary         *self,
                               const char          *facet,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  TaskData *td;

  g_return_if_fail (DAFU_IS_LIBRARY (self));
  g_return_if_fail (facet != NULL);

  td = task_data_new (TASK_FACETS);
  td->facet = g_strdup (facet);
  run_task (self, td, dafu_library_get_facets_async, cancellable, callback, user_data);
}

GListModel *
dafu_library_get_facets_finish (DafuLibrary   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return finish_pointer (self, result, dafu_library_get_facets_async, error);
}

/**
 * dafu_library_search_async:
 *
 * Runs dafu_library_search() on a worker thread. Cancel @cancellable when
 * the user types on: the running statement stops and the call finishes with
 * %G_IO_ERROR_CANCELLED.
 */
void
dafu_library_search_async (DafuLibrary         *self,
                           DafuQuery           *query,
                           DafuSort             sort,
                           guint                limit,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  TaskData *td;

  g_return_if_fail (DAFU_IS_LIBRARY (self));
  g_return_if_fail (DAFU_IS_QUERY (query));

  td = task_data_new (TASK_SEARCH);
  td->query = g_object_ref (query);
  td->sort = sort;
  td->limit = limit;
  run_task (self, td, dafu_library_search_async, cancellable, callback, user_data);
}

DafuLetterList *
dafu_library_search_finish (DafuLibrary   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return finish_pointer (self, result, dafu_library_search_async, error);
}

/* ----------------------------------------------------------------------- *
 * For the other parts of the library (dafu-library-private.h)
 * ----------------------------------------------------------------------- */

DafuDb *
dafu_library_get_db (DafuLibrary *self)
{
  return self->db;
}

DafuLetter *
dafu_library_load_letter_db (DafuDb   *db,
                             gint64    id,
                             gboolean  full,
                             GError  **error)
{
  return load_letter (db, id, full, FALSE, error);
}

/* Adds a letter made in Dafu (a finalized draft): its text is also its
 * original file. Inside the caller's transaction. */
gint64
dafu_library_add_letter_db (DafuDb      *db,
                            DafuLetter  *letter,
                            GError     **error)
{
  const char *text = dafu_letter_get_text (letter);
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  Existing existing;

  if (!find_existing (db, sha256, &existing, error))
    return 0;
  if (existing.id != 0)
    {
      if (!existing.trashed)
        {
          g_set_error_literal (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_FAILED,
                               _("A letter with exactly this text is already in the library."));
          return 0;
        }
      if (!delete_letter (db, existing.id, error))
        return 0;
    }
  return store_letter (db, sha256, bytes, "UTF-8", letter, 0, error);
}

typedef struct {
  DafuLibraryJob  job;
  gpointer        data;
  GDestroyNotify  data_free;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  if (job->data_free != NULL)
    job->data_free (job->data);
  g_free (job);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  DafuLibrary *self = source_object;
  Job *job = task_data;
  GError *error = NULL;
  DafuDb *db = borrow_db (self, &error);
  gboolean ok = FALSE;

  if (db != NULL)
    {
      dafu_db_watch_cancellable (db, cancellable);
      ok = job->job (db, job->data, cancellable, &error);
      return_db (self, db);
    }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * dafu_library_run_job:
 * @job: what to do, on a worker thread with a connection of its own
 * @data: (transfer full): its data, which the job fills with its result
 * @check_cancellable: whether cancelling reports %G_IO_ERROR_CANCELLED even
 *   when the job finished (for reads; a write that happened is reported)
 *
 * The draft and clause calls' way onto a worker thread.
 */
void
dafu_library_run_job (DafuLibrary         *self,
                      DafuLibraryJob       job,
                      gpointer             data,
                      GDestroyNotify       data_free,
                      gboolean             check_cancellable,
                      gpointer             source_tag,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Job *j = g_new0 (Job, 1);

  j->job = job;
  j->data = data;
  j->data_free = data_free;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, j, job_free);
  g_task_set_check_cancellable (task, check_cancellable);
  g_task_run_in_thread (task, job_thread);
}

/**
 * dafu_library_job_finish:
 *
 * Returns: (transfer none): the job's data, valid while @result is, or
 *   %NULL with @error set when the job failed
 */
gpointer
dafu_library_job_finish (DafuLibrary   *self,
                         GAsyncResult  *result,
                         gpointer       source_tag,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return ((Job *) g_task_get_task_data (G_TASK (result)))->data;
}
