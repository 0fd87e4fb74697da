/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <sqlite3.h>

#include "dafu-backup.h"
#include "dafu-db.h"
#include "dafu-import-report.h"
#include "dafu-letter-list.h"
#include "dafu-library-drafts.h"
#include "dafu-library.h"
#include "dafu-query.h"
#include "dafu-test-util.h"

/* A clerk's library is backed up every day, a damaged one is recognised and
 * set aside (never deleted), a backup can be brought back, and a library she
 * may only read opens for reading. */

typedef struct {
  char        *dir;
  char        *path;
  DafuLibrary *library;
} Fixture;

static void
import_samples (DafuLibrary *library)
{
  g_autofree char *samples = dafu_test_samples_dir ();
  g_autoptr(GFile) dir = g_file_new_for_path (samples);
  g_autoptr(DafuImportReport) report = dafu_library_import (library, &dir, 1, NULL);

  g_assert_nonnull (report);
  g_assert_cmpint (dafu_library_count (library, NULL), ==, 5);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = dafu_test_make_tmp ();
  f->path = g_build_filename (f->dir, "library.db", NULL);
  f->library = dafu_library_new (f->path, NULL, &error);
  g_assert_no_error (error);
  import_samples (f->library);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->library);
  dafu_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static guint
count_hits (DafuLibrary *library,
            const char  *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuQuery) query = dafu_query_new (text);
  g_autoptr(DafuLetterList) hits = dafu_library_search (library, query, DAFU_SORT_RELEVANCE, 0,
                                                       NULL, &error);

  g_assert_no_error (error);
  return g_list_model_get_n_items (G_LIST_MODEL (hits));
}

static void
keep_result (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GDateTime *
day (int d)
{
  return g_date_time_new_local (2026, 12, d, 9, 30, 0);
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static gint64
letters_in (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuLibrary) library = dafu_library_new (path, NULL, &error);

  g_assert_no_error (error);
  return dafu_library_count (library, NULL);
}

/* ----------------------------------------------------------------------- */

static void
test_daily_backups (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) first = day (1);
  g_autofree char *path = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GListModel) backups = NULL;

  path = dafu_library_backup (f->library, first, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (path);
  g_assert_true (g_str_has_suffix (path, "/backups/library-2026-12-01.db"));
  /* Deputies' phone numbers are in there: its owner's only. */
  g_assert_cmpuint (file_mode (path), ==, 0600);
  g_assert_cmpint (letters_in (path), ==, 5);
  {
    g_autofree char *part = g_strconcat (path, ".part", NULL);
    g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  }

  /* Once a day. */
  again = dafu_library_backup (f->library, first, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (again);

  /* The newest seven are kept. */
  for (int d = 2; d <= 10; d++)
    {
      g_autoptr(GDateTime) now = day (d);
      g_autofree char *made = dafu_library_backup (f->library, now, TRUE, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (made);
    }
  backups = dafu_backup_list (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (backups), ==, DAFU_BACKUP_KEEP_DAILY);
  for (guint i = 0; i < DAFU_BACKUP_KEEP_DAILY; i++)
    {
      g_autoptr(DafuBackup) backup = g_list_model_get_item (backups, i);
      g_autofree char *name = g_path_get_basename (dafu_backup_get_path (backup));
      g_autofree char *expected = g_strdup_printf ("library-2026-12-%02u.db", 10 - i);

      g_assert_cmpstr (name, ==, expected);
      g_assert_cmpint (dafu_backup_get_kind (backup), ==, DAFU_BACKUP_DAILY);
      g_assert_cmpuint (dafu_backup_get_size (backup), >, 0);
    }
}

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = day (3);
  g_autofree char *backup = dafu_library_backup (f->library, now, FALSE, NULL, &error);
  g_autoptr(GListModel) backups = NULL;
  gboolean before_found = FALSE;
  gint64 id;

  g_assert_no_error (error);
  g_assert_cmpuint (count_hits (f->library, "居家养老"), >, 0);

  /* The clerk deletes the Jincheng letter, and regrets it. */
  {
    g_autoptr(DafuQuery) query = dafu_query_new ("13934066646");
    g_autoptr(DafuLetterList) hits = dafu_library_search (f->library, query, DAFU_SORT_RELEVANCE, 0,
                                                         NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hits)), ==, 1);
    id = dafu_letter_list_get_id (hits, 0);
  }
  g_assert_true (dafu_library_delete_letter (f->library, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dafu_library_count (f->library, NULL), ==, 4);

  g_assert_true (dafu_library_restore (f->library, backup, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dafu_library_count (f->library, NULL), ==, 5);
  g_assert_cmpuint (count_hits (f->library, "13934066646"), ==, 1);

  /* A worker's connection (async search) sees the restored library too. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(DafuQuery) query = dafu_query_new ("13934066646");
    g_autoptr(DafuLetterList) hits = NULL;
    GMainContext *context = g_main_context_default ();

    dafu_library_search_async (f->library, query, DAFU_SORT_RELEVANCE, 0, NULL,
                               keep_result, &result);
    while (result == NULL)
      g_main_context_iteration (context, TRUE);
    hits = dafu_library_search_finish (f->library, result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hits)), ==, 1);
  }

  /* The library as it was before (four letters) is kept among the backups. */
  backups = dafu_backup_list (f->path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (backups); i++)
    {
      g_autoptr(DafuBackup) b = g_list_model_get_item (backups, i);

      if (dafu_backup_get_kind (b) != DAFU_BACKUP_BEFORE_RESTORE)
        continue;
      before_found = TRUE;
      g_assert_cmpuint (file_mode (dafu_backup_get_path (b)), ==, 0600);
      g_assert_cmpint (letters_in (dafu_backup_get_path (b)), ==, 4);
    }
  g_assert_true (before_found);
}

/* Writes garbage over part of a closed library file. */
static void
damage (const char *path,
        goffset     offset,
        gsize       length)
{
  int fd = g_open (path, O_WRONLY, 0);
  g_autofree char *garbage = g_malloc (length);

  for (gsize i = 0; i < length; i++)
    garbage[i] = (char) g_test_rand_int_range (0, 256);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (lseek (fd, offset, SEEK_SET), ==, offset);
  g_assert_cmpint (write (fd, garbage, length), ==, (gssize) length);
  close (fd);
}

static void
test_damaged_library (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = day (4);
  g_autofree char *backup = dafu_library_backup (f->library, now, FALSE, NULL, &error);
  g_autofree char *damaged = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *kept_contents = NULL;
  gsize damaged_len, kept_len;
  GStatBuf st;

  g_assert_no_error (error);
  g_clear_object (&f->library);

  /* Garbage in the middle of the file: it may still open, but the check
   * that the window runs after opening finds it. */
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 64 * 1024);
  damage (f->path, st.st_size / 2, 16 * 1024);
  g_assert_true (g_file_get_contents (f->path, &damaged, &damaged_len, NULL));

  f->library = dafu_library_new (f->path, NULL, &error);
  if (f->library != NULL)
    {
      g_assert_false (dafu_library_check (f->library, NULL, &error));
      g_clear_object (&f->library);
    }
  g_assert_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_DAMAGED);
  g_clear_error (&error);

  /* A damaged library is not backed up over the good ones. */
  {
    g_autoptr(GListModel) before = dafu_backup_list (f->path, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (before), ==, 1);
  }

  /* Restoring sets the damaged file aside, byte for byte as it was. */
  g_assert_true (dafu_library_restore_file (f->path, backup, &kept, &error));
  g_assert_no_error (error);
  g_assert_nonnull (kept);
  g_assert_true (strstr (kept, "library-damaged-") != NULL);
  g_assert_true (g_file_get_contents (kept, &kept_contents, &kept_len, NULL));
  g_assert_cmpmem (kept_contents, kept_len, damaged, damaged_len);
  g_assert_cmpuint (file_mode (f->path), ==, 0600);

  f->library = dafu_library_new (f->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dafu_library_check (f->library, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dafu_library_count (f->library, NULL), ==, 5);
  g_assert_cmpuint (count_hits (f->library, "居家养老"), >, 0);
}

static void
test_garbage_header (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;

  g_clear_object (&f->library);
  damage (f->path, 0, 100);

  f->library = dafu_library_new (f->path, NULL, &error);
  g_assert_null (f->library);
  g_assert_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_NOT_A_LIBRARY);
  g_clear_error (&error);

  /* Starting afresh keeps the old file beside. */
  kept = dafu_library_set_aside (f->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (kept, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));

  f->library = dafu_library_new (f->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dafu_library_count (f->library, NULL), ==, 0);
}

static void
test_damaged_backup_is_refused (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = day (5);
  g_autofree char *backup = dafu_library_backup (f->library, now, FALSE, NULL, &error);
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_cmpint (g_stat (backup, &st), ==, 0);
  damage (backup, st.st_size / 2, 16 * 1024);

  g_assert_false (dafu_library_restore (f->library, backup, NULL, &error));
  g_assert_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_DAMAGED);
  /* The library is untouched. */
  g_assert_cmpint (dafu_library_count (f->library, NULL), ==, 5);
  g_assert_true (dafu_library_check (f->library, NULL, NULL));
}

/* A library on a share the clerk may only read. Root may write anything, so
 * as root the test drops to nobody in a child. */
static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      const char *path = g_getenv ("DAFU_TEST_READ_ONLY_LIBRARY");
      g_autoptr(DafuLibrary) library = NULL;
      g_autoptr(DafuDraft) draft = NULL;

      if (geteuid () == 0 && setuid (65534) != 0)
        g_error ("setuid: %s", g_strerror (errno));

      library = dafu_library_new (path, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (dafu_library_is_read_only (library));
      g_assert_cmpint (dafu_library_count (library, NULL), ==, 5);
      g_assert_cmpuint (count_hits (library, "居家养老"), >, 0);
      g_assert_true (dafu_library_check (library, NULL, &error));

      g_assert_false (dafu_library_update_field (library, 1, DAFU_LETTER_FIELD_TITLE, "改", &error));
      g_assert_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_READ_ONLY);
      return;
    }

  g_clear_object (&f->library);
  g_assert_cmpint (g_chmod (f->dir, 0555), ==, 0);
  g_assert_cmpint (g_chmod (f->path, 0444), ==, 0);
  g_setenv ("DAFU_TEST_READ_ONLY_LIBRARY", f->path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_chmod (f->dir, 0700);
  g_chmod (f->path, 0600);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/backup/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("daily", test_daily_backups);
  ADD ("restore", test_restore);
  ADD ("damaged-library", test_damaged_library);
  ADD ("garbage-header", test_garbage_header);
  ADD ("damaged-backup-is-refused", test_damaged_backup_is_refused);
  ADD ("read-only", test_read_only);
#undef ADD

  return g_test_run ();
}
