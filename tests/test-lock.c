/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "dafu-draft.h"
#include "dafu-generator.h"
#include "dafu-import-report.h"
#include "dafu-letter-list.h"
#include "dafu-library-drafts.h"
#include "dafu-library.h"
#include "dafu-query.h"
#include "dafu-test-util.h"

/* A second Dafu (dafu-cli, another window) imports into the library while
 * the clerk works in it: both go on, and neither is told that "the
 * database is locked". The library waits for the other writer (WAL, a
 * busy timeout, import batches of at most half a second). */

#define N_GENERATED 400

static int
run_child (const char *folder,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuLibrary) library = dafu_library_new (path, NULL, &error);
  g_autoptr(GFile) dir = g_file_new_for_path (folder);
  g_autoptr(DafuImportReport) report = NULL;

  if (library == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      return 1;
    }
  report = dafu_library_import (library, &dir, 1, NULL);
  for (guint i = 0; i < dafu_import_report_get_n_entries (report); i++)
    if (dafu_import_report_get_status (report, i) == DAFU_IMPORT_STATUS_FAILED)
      {
        g_printerr ("child: %s: %s\n", dafu_import_report_get_path (report, i),
                    dafu_import_report_get_message (report, i));
        return 1;
      }
  if (dafu_import_report_count (report, DAFU_IMPORT_STATUS_IMPORTED) != N_GENERATED)
    return 1;
  return 0;
}

static void
on_child_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *done = TRUE;
}

static void
test_second_process_importing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = dafu_test_make_tmp ();
  g_autofree char *path = g_build_filename (dir, "library.db", NULL);
  g_autofree char *folder = g_build_filename (dir, "generated", NULL);
  g_autofree char *samples = dafu_test_samples_dir ();
  g_autofree char *self = g_test_build_filename (G_TEST_BUILT, "test-lock", NULL);
  g_autoptr(GFile) samples_dir = g_file_new_for_path (samples);
  g_autoptr(DafuLibrary) library = NULL;
  g_autoptr(DafuImportReport) report = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(DafuDraft) draft = dafu_draft_new ();
  guint writes = 0, reads = 0;
  gboolean child_done = FALSE;
  gint64 first_id;

  g_assert_true (dafu_generator_write (folder, N_GENERATED, 7, NULL, &error));
  g_assert_no_error (error);

  library = dafu_library_new (path, NULL, &error);
  g_assert_no_error (error);
  report = dafu_library_import (library, &samples_dir, 1, NULL);
  g_assert_cmpuint (dafu_import_report_count (report, DAFU_IMPORT_STATUS_FAILED), ==, 0);
  {
    g_autoptr(DafuLetterList) all = dafu_library_list (library, DAFU_SORT_DATE, &error);
    g_assert_no_error (error);
    first_id = dafu_letter_list_get_id (all, 0);
  }

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self, "--child-import", folder, path, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (child, NULL, on_child_done, &child_done);

  /* The clerk reads, corrects a letter and types into a draft while the
   * other import runs; at least a few rounds before it ends. */
  while (!child_done || writes < 5)
    {
      g_autoptr(DafuQuery) query = dafu_query_new ("养老服务");
      g_autoptr(DafuLetterList) hits = dafu_library_search (library, query, DAFU_SORT_RELEVANCE, 20, NULL, &error);
      g_autofree char *title = g_strdup_printf ("关于加强居家养老服务的建议（第%u次校对）", writes);
      g_autofree char *text = g_strdup_printf ("经研究，现答复如下（第%u稿）。", writes);

      g_assert_no_error (error);
      g_assert_cmpint (dafu_library_count (library, &error), >=, 5);
      g_assert_no_error (error);
      reads++;

      g_assert_true (dafu_library_update_field (library, first_id, DAFU_LETTER_FIELD_TITLE, title, &error));
      g_assert_no_error (error);
      dafu_draft_set_field (draft, DAFU_LETTER_FIELD_TITLE, text);
      g_assert_true (dafu_library_save_draft (library, draft, &error));
      g_assert_no_error (error);
      writes++;

      /* The wait for the child's exit, without blocking on it. */
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20 * 1000);
    }

  g_assert_true (g_subprocess_get_successful (child));
  g_test_message ("%u rounds of reads and %u of writes while the other process imported", reads, writes);

  /* Everything of both landed. */
  g_assert_cmpint (dafu_library_count (library, NULL), ==, 5 + N_GENERATED);
  {
    g_autoptr(DafuLetter) letter = dafu_library_get_letter (library, first_id, &error);
    g_autofree char *expected = g_strdup_printf ("关于加强居家养老服务的建议（第%u次校对）", writes - 1);

    g_assert_no_error (error);
    g_assert_cmpstr (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_TITLE), ==, expected);
  }

  g_clear_object (&library);
  dafu_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && strcmp (argv[1], "--child-import") == 0)
    return run_child (argv[2], argv[3]);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lock/second-process-importing", test_second_process_importing);
  return g_test_run ();
}
