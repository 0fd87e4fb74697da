/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib.h>
#include <gio/gio.h>
#include <sqlite3.h>

#include "dafu-autosave.h"
#include "dafu-draft.h"
#include "dafu-import-report.h"
#include "dafu-library-drafts.h"
#include "dafu-library.h"
#include "dafu-test-check.h"
#include "dafu-test-util.h"

/* A full disk stops a write cleanly: the transaction in progress is
 * rolled back, what was written before stays whole, the user is told,
 * and once there is room again the next try works.
 *
 * The disk fills up without root or a small file system: every connection
 * the library opens (it opens several) gets a PRAGMA max_page_count from an
 * SQLite auto-extension, so that growing the file past the limit fails
 * with SQLITE_FULL, as writing to a full disk does. */

#define SEED 1949
#define NO_LIMIT 1073741823  /* SQLite's own */

static GMutex lock;
static GHashTable *connections;  /* sqlite3 *, open */
static guint page_limit = NO_LIMIT;

static void
apply_limit (sqlite3 *db,
             guint    limit)
{
  /* SQL-safe: a number the test counts. */
  g_autofree char *sql = g_strdup_printf ("PRAGMA max_page_count = %u", limit);
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  g_assert_cmpint (rc, ==, SQLITE_OK);
}

static int
connection_closed_cb (unsigned  type,
                      void     *context,
                      void     *p,
                      void     *x)
{
  g_mutex_lock (&lock);
  g_hash_table_remove (connections, p);
  g_mutex_unlock (&lock);
  return 0;
}

static int
limit_pages (sqlite3                          *db,
             const char                      **error,
             const struct sqlite3_api_routines *api)
{
  g_mutex_lock (&lock);
  g_hash_table_add (connections, db);
  apply_limit (db, page_limit);
  g_mutex_unlock (&lock);
  sqlite3_trace_v2 (db, SQLITE_TRACE_CLOSE, connection_closed_cb, NULL);
  return SQLITE_OK;
}

/* The disk holds @limit pages of the library from now on, for the
 * connections open (none of them busy) and those opened later. A limit
 * below the file's size holds it at its size. */
static void
set_page_limit (guint limit)
{
  GHashTableIter iter;
  gpointer db;

  g_mutex_lock (&lock);
  page_limit = limit;
  g_hash_table_iter_init (&iter, connections);
  while (g_hash_table_iter_next (&iter, &db, NULL))
    apply_limit (db, limit);
  g_mutex_unlock (&lock);
}

static guint
page_count (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA page_count", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* ----------------------------------------------------------------------- *
 * Import
 * ----------------------------------------------------------------------- */

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DafuImportReport **report = user_data;
  g_autoptr(GError) error = NULL;

  *report = dafu_library_import_finish (DAFU_LIBRARY (object), result, &error);
  g_assert_no_error (error);
}

/* As the window imports: on a worker thread, with its own connection. */
static DafuImportReport *
import_folder (DafuLibrary *library,
               const char  *dir)
{
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  DafuImportReport *report = NULL;

  dafu_library_import_async (library, &folder, 1, NULL, NULL, NULL, NULL, import_done_cb, &report);
  while (report == NULL)
    g_main_context_iteration (NULL, TRUE);
  return report;
}

static void
assert_library_sound (const char *path,
                      GHashTable *files,
                      guint       n)
{
  g_autofree char *problems = NULL;
  guint found;

  problems = dafu_test_check_library (path, files, &found);
  if (problems != NULL)
    g_error ("%s", problems);
  g_assert_cmpuint (found, ==, n);
}

#define N_BEFORE 40
#define N_FOLDER 300

static void
test_import (void)
{
  g_autofree char *dir = dafu_test_make_tmp ();
  g_autofree char *before = g_build_filename (dir, "before", NULL);
  g_autofree char *letters = g_build_filename (dir, "letters", NULL);
  g_autofree char *path = g_build_filename (dir, "library.db", NULL);
  g_autoptr(GHashTable) files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuLibrary) library = NULL;
  g_autoptr(DafuImportReport) report = NULL;
  const GError *stop;
  guint imported, first_failed, empty, per_letter;

  dafu_test_write_letters (before, SEED, 0, N_BEFORE, files);
  dafu_test_write_letters (letters, SEED, N_BEFORE, N_FOLDER, files);
  library = dafu_library_new (path, NULL, &error);
  g_assert_no_error (error);
  empty = page_count (path);
  report = import_folder (library, before);
  g_assert_cmpuint (dafu_import_report_count (report, DAFU_IMPORT_STATUS_IMPORTED), ==, N_BEFORE);
  g_assert_null (dafu_import_report_get_error (report));
  g_clear_object (&report);

  /* Room for about two thirds of the folder: letters take less room
   * each in a larger index. */
  per_letter = (page_count (path) - empty + N_BEFORE - 1) / N_BEFORE;
  set_page_limit (page_count (path) + per_letter * N_FOLDER / 3);
  report = import_folder (library, letters);

  /* The user is told, … */
  stop = dafu_import_report_get_error (report);
  g_assert_error ((GError *) stop, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_FULL);
  g_test_message ("%s", stop->message);
  g_assert_true (g_str_has_prefix (stop->message, "The disk is full"));
  g_assert_false (dafu_import_report_get_cancelled (report));

  /* … the import stopped there instead of trying each file left (the
   * letters that landed are the first ones, every other file says why it
   * is missing), … */
  g_assert_cmpuint (dafu_import_report_get_n_entries (report), ==, N_FOLDER);
  imported = dafu_import_report_count (report, DAFU_IMPORT_STATUS_IMPORTED);
  first_failed = imported;
  g_test_message ("%u of %u letters imported before the disk was full", imported, N_FOLDER);
  g_assert_cmpuint (imported, <, N_FOLDER);
  for (guint i = 0; i < N_FOLDER; i++)
    {
      if (i < first_failed)
        g_assert_cmpint (dafu_import_report_get_status (report, i), ==, DAFU_IMPORT_STATUS_IMPORTED);
      else
        {
          g_assert_cmpint (dafu_import_report_get_status (report, i), ==, DAFU_IMPORT_STATUS_FAILED);
          g_assert_cmpstr (dafu_import_report_get_message (report, i), ==, stop->message);
        }
    }

  /* … the batch in progress was rolled back, and what the report says was
   * imported is there, whole, with the letters from before. */
  g_assert_cmpint (dafu_library_count (library, &error), ==, N_BEFORE + imported);
  g_assert_no_error (error);
  assert_library_sound (path, files, N_BEFORE + imported);

  /* With room again, importing the folder again brings in the rest. */
  set_page_limit (NO_LIMIT);
  g_clear_object (&report);
  report = import_folder (library, letters);
  g_assert_null (dafu_import_report_get_error (report));
  g_assert_cmpuint (dafu_import_report_count (report, DAFU_IMPORT_STATUS_SKIPPED), ==, imported);
  g_assert_cmpuint (dafu_import_report_count (report, DAFU_IMPORT_STATUS_IMPORTED), ==, N_FOLDER - imported);
  g_assert_cmpuint (dafu_import_report_count (report, DAFU_IMPORT_STATUS_FAILED), ==, 0);
  g_assert_cmpint (dafu_library_count (library, &error), ==, N_BEFORE + N_FOLDER);

  g_clear_object (&library);
  assert_library_sound (path, files, N_BEFORE + N_FOLDER);
  dafu_test_rm_rf (dir);
}

/* ----------------------------------------------------------------------- *
 * Autosave
 * ----------------------------------------------------------------------- */

static char *
saved_text (DafuLibrary *library,
            gint64       id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuDraft) draft = dafu_library_load_draft (library, id, &error);

  g_assert_no_error (error);
  return g_strdup (dafu_draft_block_get_text (dafu_draft_get_block (draft, 0)));
}

static void
test_autosave (void)
{
  g_autofree char *dir = dafu_test_make_tmp ();
  g_autofree char *path = g_build_filename (dir, "library.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuLibrary) library = dafu_library_new (path, NULL, &error);
  g_autoptr(DafuDraft) draft = dafu_draft_new ();
  g_autoptr(DafuDraftBlock) block = dafu_draft_block_new (DAFU_BLOCK_KIND_TEXT, "经研究，");
  g_autoptr(DafuAutosave) autosave = NULL;
  g_autoptr(GString) long_text = g_string_new ("经研究，");
  g_autofree char *text = NULL;
  const GError *failure;
  gint64 deadline;

  g_assert_no_error (error);

  dafu_draft_insert_block (draft, 0, block);
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ADDRESSEE, "李蕾");
  autosave = dafu_autosave_new (library, draft);
  dafu_draft_set_block_text (draft, 0, "经研究，同意在城东新建一所养老院。");
  g_assert_true (dafu_autosave_flush_sync (autosave, &error));
  g_assert_no_error (error);

  /* The disk fills up while the clerk writes a long paragraph. */
  set_page_limit (page_count (path));
  g_test_expect_message ("dafu-autosave", G_LOG_LEVEL_WARNING, "Could not save the draft: The disk is full*");
  for (guint i = 0; i < 20000; i++)
    g_string_append (long_text, i % 2 ? "养老服务设施" : "社区居家养老");
  dafu_draft_set_block_text (draft, 0, long_text->str);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (dafu_autosave_get_error (autosave) == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  /* The editor is told, … */
  failure = dafu_autosave_get_error (autosave);
  g_test_message ("%s", failure->message);
  g_assert_error ((GError *) failure, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_FULL);
  g_assert_true (g_str_has_prefix (failure->message, "The disk is full"));
  g_assert_false (dafu_autosave_get_saving (autosave));
  g_assert_true (dafu_autosave_is_dirty (autosave));
  /* … the text being written is still there to be saved, … */
  g_assert_cmpstr (dafu_draft_block_get_text (dafu_draft_get_block (draft, 0)), ==, long_text->str);

  /* … and the draft as last saved opens whole, also elsewhere. */
  {
    g_autoptr(DafuLibrary) other = dafu_library_new (path, NULL, &error);
    g_autoptr(DafuDraft) reopened = NULL;

    g_assert_no_error (error);
    reopened = dafu_library_load_draft (other, dafu_draft_get_id (draft), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (dafu_draft_get_n_blocks (reopened), ==, 1);
    g_assert_cmpstr (dafu_draft_block_get_text (dafu_draft_get_block (reopened, 0)), ==,
                     "经研究，同意在城东新建一所养老院。");
    g_assert_cmpstr (dafu_draft_get_field (reopened, DAFU_LETTER_FIELD_ADDRESSEE), ==, "李蕾");
  }
  assert_library_sound (path, NULL, 0);

  /* With room again, the autosave tries again by itself and succeeds. */
  set_page_limit (NO_LIMIT);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (dafu_autosave_get_error (autosave) != NULL || dafu_autosave_is_dirty (autosave))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  text = saved_text (library, dafu_draft_get_id (draft));
  g_assert_cmpstr (text, ==, long_text->str);
  /* One failed write: the next, RETRY_MS later, found room. */
  g_test_assert_expected_messages ();

  dafu_autosave_close (autosave);
  while (dafu_autosave_get_saving (autosave))
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&autosave);
  g_clear_object (&library);
  dafu_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  connections = g_hash_table_new (NULL, NULL);
  g_assert_cmpint (sqlite3_auto_extension ((void (*) (void)) limit_pages), ==, SQLITE_OK);

  g_test_add_func ("/disk-full/import", test_import);
  g_test_add_func ("/disk-full/autosave", test_autosave);

  return g_test_run ();
}
