/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <sqlite3.h>

#include "dafu-import-report.h"
#include "dafu-library.h"
#include "dafu-test-check.h"
#include "dafu-test-util.h"
#include "dafu-tokenizer.h"
#include "dafu-util.h"

/* Dafu killed while it imports (a power cut, the session ended, the OOM
 * killer) leaves a library that opens, holds each letter whole or not at
 * all, and takes the rest of the folder when it is imported again. The
 * kills land at random points (seeded: --seed repeats a run). */

#define N_LETTERS 300
#define SEED      4711
#define MIN_KILLS 20

/* ----------------------------------------------------------------------- *
 * The child: imports a folder until killed
 * ----------------------------------------------------------------------- */

typedef struct {
  GMainLoop *loop;
  int        log_fd;
} Child;

/* write(2), so that nothing waits in a buffer at the kill. */
static void
log_line (int         fd,
          const char *format,
          ...)
{
  va_list args;
  char line[64];
  int len;

  va_start (args, format);
  len = g_vsnprintf (line, sizeof line, format, args);
  va_end (args);
  if (write (fd, line, len) != len)
    g_error ("Cannot write the log: %s", g_strerror (errno));
}

static void
child_progress_cb (guint    done,
                   guint    total,
                   gpointer user_data)
{
  Child *child = user_data;

  log_line (child->log_fd, "imported %u\n", done);
}

static void
child_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Child *child = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuImportReport) report = dafu_library_import_finish (DAFU_LIBRARY (object), result, &error);

  if (report == NULL)
    g_error ("%s", error->message);
  log_line (child->log_fd, "finished %u\n", dafu_import_report_get_n_entries (report));
  g_main_loop_quit (child->loop);
}

static int
run_child (const char *dir,
           const char *path,
           const char *log_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuLibrary) library = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  Child child = { loop, -1 };

  child.log_fd = open (log_path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
  if (child.log_fd < 0)
    g_error ("Cannot open the log: %s", g_strerror (errno));

  library = dafu_library_new (path, NULL, &error);
  if (library == NULL)
    g_error ("%s", error->message);
  log_line (child.log_fd, "opened\n");

  dafu_library_import_async (library, &folder, 1, child_progress_cb, &child, NULL,
                             NULL, child_done_cb, &child);
  g_main_loop_run (loop);
  close (child.log_fd);
  return 0;
}

/* ----------------------------------------------------------------------- *
 * The parent
 * ----------------------------------------------------------------------- */

/* How far the child got: -1 before the library opened, else the letters
 * it reported imported. */
static int
read_log (const char *log_path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  int done = -1;

  if (!g_file_get_contents (log_path, &contents, NULL, NULL))
    return -1;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint n;

      if (g_str_equal (lines[i], "opened"))
        done = MAX (done, 0);
      else if (sscanf (lines[i], "imported %u", &n) == 1 ||
               sscanf (lines[i], "finished %u", &n) == 1)
        done = MAX (done, (int) n);
    }
  return done;
}

static void
wait_for_child (GSubprocess *child,
                const char  *log_path,
                int          target)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (read_log (log_path) < target)
    {
      /* A child that died on its own is a failure of its own. */
      g_assert_false (g_subprocess_get_identifier (child) == NULL);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (2 * 1000);
    }
}

static void
remove_library (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_remove (file);
    }
}

/* Imports the folder again, in this process: the batch completes, with
 * every file in the library exactly once. */
static void
import_rest (const char *path,
             const char *corpus,
             guint       present)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuLibrary) library = dafu_library_new (path, NULL, &error);
  g_autoptr(GFile) folder = g_file_new_for_path (corpus);
  g_autoptr(DafuImportReport) report = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) paths = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_no_error (error);
  report = dafu_library_import (library, &folder, 1, NULL);
  g_assert_cmpuint (dafu_import_report_get_n_entries (report), ==, N_LETTERS);
  g_assert_cmpuint (dafu_import_report_count (report, DAFU_IMPORT_STATUS_FAILED), ==, 0);
  g_assert_cmpuint (dafu_import_report_count (report, DAFU_IMPORT_STATUS_UPDATED), ==, 0);
  g_assert_cmpuint (dafu_import_report_count (report, DAFU_IMPORT_STATUS_SKIPPED), ==, present);
  g_assert_cmpuint (dafu_import_report_count (report, DAFU_IMPORT_STATUS_IMPORTED), ==, N_LETTERS - present);
  for (guint i = 0; i < N_LETTERS; i++)
    {
      gint64 *id = g_new (gint64, 1);

      *id = dafu_import_report_get_letter_id (report, i);
      g_assert_cmpint (*id, >, 0);
      g_assert_true (g_hash_table_add (ids, id));  /* each file its own letter */
      g_assert_true (g_hash_table_add (paths, (gpointer) dafu_import_report_get_path (report, i)));
    }
  g_assert_cmpint (dafu_library_count (library, &error), ==, N_LETTERS);
  g_assert_no_error (error);
}

static void
test_kill_import (void)
{
  g_autofree char *dir = dafu_test_make_tmp ();
  g_autofree char *corpus = g_build_filename (dir, "letters", NULL);
  g_autofree char *path = g_build_filename (dir, "library.db", NULL);
  g_autofree char *log_path = g_build_filename (dir, "import.log", NULL);
  g_autofree char *self = g_test_build_filename (G_TEST_BUILT, "test-crash", NULL);
  g_autoptr(GHashTable) files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  guint kills = 0, mid_batch = 0;
  /* Under memcheck (the valgrind test setup) a run takes half a minute. */
  guint min_kills = g_getenv ("DAFU_TEST_UNDER_VALGRIND") != NULL ? 3 : MIN_KILLS;

  /* The check at the end of each run reads the whole library: twenty runs
   * of a few hundred small letters take some 30 s on a busy machine. */

  dafu_test_write_letters (corpus, SEED, 0, N_LETTERS, files);

  for (guint run = 0; kills < min_kills; run++)
    {
      g_autoptr(GSubprocess) child = NULL;
      g_autofree char *problems = NULL;
      int reached, target = -1;
      guint present;

      /* A kill that came too late (the child had finished) does not
       * count; there are few of them. */
      g_assert_cmpuint (run, <, min_kills + 10);
      remove_library (path);
      g_remove (log_path);

      child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self, "--child-import",
                                corpus, path, log_path, NULL);
      g_assert_no_error (error);

      /* One in eight while the library is made; else after a random
       * number of letters, plus a few milliseconds, so that kills land
       * inside a batch, between two and while one is committed. */
      if (g_test_rand_int_range (0, 8) != 0)
        {
          target = g_test_rand_int_range (0, N_LETTERS);
          wait_for_child (child, log_path, target);
        }
      g_usleep (g_test_rand_int_range (0, 25) * 1000);
      reached = read_log (log_path);
      g_subprocess_force_exit (child);  /* SIGKILL */
      g_subprocess_wait (child, NULL, &error);
      g_assert_no_error (error);
      if (g_subprocess_get_if_signaled (child))
        {
          g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
          kills++;
        }
      else
        g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);

      /* Sound, and every letter in it whole. */
      problems = dafu_test_check_library (path, files, &present);
      if (problems != NULL)
        g_error ("run %u (killed at %d letters): %s", run, reached, problems);
      /* Letters the child had read but not committed were rolled back. */
      if ((int) present < reached)
        mid_batch++;
      g_test_message ("run %u: killed with %d letters reported, %u in the library",
                      run, reached, present);

      import_rest (path, corpus, present);
      problems = dafu_test_check_library (path, NULL, &present);
      if (problems != NULL)
        g_error ("run %u, imported again: %s", run, problems);
      g_assert_cmpuint (present, ==, N_LETTERS);
    }

  g_test_message ("%u kills, %u inside a batch", kills, mid_batch);
  if (min_kills == MIN_KILLS)
    g_assert_cmpuint (mid_batch, >, 0);
  dafu_test_rm_rf (dir);
}

/* The check finds what it is there for: a letter without its text, one
 * without index entries, index entries without a letter. */
static void
test_check_finds_half_letters (void)
{
  g_autofree char *dir = dafu_test_make_tmp ();
  g_autofree char *corpus = g_build_filename (dir, "letters", NULL);
  g_autofree char *path = g_build_filename (dir, "library.db", NULL);
  g_autoptr(GHashTable) files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *problems = NULL;
  sqlite3 *db = NULL;
  guint n;

  dafu_test_write_letters (corpus, SEED, 0, 3, files);
  {
    g_autoptr(DafuLibrary) library = dafu_library_new (path, NULL, &error);
    g_autoptr(GFile) folder = g_file_new_for_path (corpus);
    g_autoptr(DafuImportReport) report = NULL;

    g_assert_no_error (error);
    report = dafu_library_import (library, &folder, 1, NULL);
    g_assert_cmpuint (dafu_import_report_count (report, DAFU_IMPORT_STATUS_IMPORTED), ==, 3);
  }
  problems = dafu_test_check_library (path, files, &n);
  g_assert_cmpstr (problems, ==, NULL);
  g_assert_cmpuint (n, ==, 3);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (dafu_tokenizer_register (db, &error));

  /* Letter 1 loses its index entries (the contentless index is told the
   * text to forget, as the delete trigger does). */
  {
    sqlite3_stmt *stmt = NULL;
    g_autoptr(GBytes) text = NULL;
    g_autofree char *copy = NULL;
    gint64 key;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT l.fts_key, l.title, t.text FROM letters l"
                                             " JOIN letter_texts t ON t.letter_id = l.id WHERE l.id = 1",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    key = sqlite3_column_int64 (stmt, 0);
    text = dafu_inflate (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2), &error);
    g_assert_no_error (error);
    copy = g_strndup (g_bytes_get_data (text, NULL), g_bytes_get_size (text));
    for (guint i = 0; i < 2; i++)
      {
        sqlite3_stmt *del = NULL;

        g_assert_cmpint (sqlite3_prepare_v2 (db, i == 0 ? "INSERT INTO letters_fts (letters_fts, rowid, title, text)"
                                                          " VALUES ('delete', ?, ?, ?)"
                                                        : "INSERT INTO letters_chars (letters_chars, rowid, title, text)"
                                                          " VALUES ('delete', ?, ?, ?)",
                                             -1, &del, NULL), ==, SQLITE_OK);
        sqlite3_bind_int64 (del, 1, key);
        sqlite3_bind_value (del, 2, sqlite3_column_value (stmt, 1));
        sqlite3_bind_text (del, 3, copy, -1, SQLITE_TRANSIENT);
        g_assert_cmpint (sqlite3_step (del), ==, SQLITE_DONE);
        sqlite3_finalize (del);
      }
    sqlite3_finalize (stmt);
  }
  /* Letter 2 loses its text, without the triggers' help. */
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA foreign_keys = OFF;"
                                     "DROP TRIGGER letters_delete;"
                                     "DELETE FROM letter_texts WHERE letter_id = 2;"
                                     /* Letter 3 goes, its index entries stay. */
                                     "DELETE FROM letters WHERE id = 3;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  problems = dafu_test_check_library (path, files, &n);
  g_assert_nonnull (problems);
  g_test_message ("%s", problems);
  g_assert_nonnull (strstr (problems, "letter 1: “"));
  g_assert_nonnull (strstr (problems, "is not in the word index"));
  g_assert_nonnull (strstr (problems, "is not in the character index"));
  g_assert_nonnull (strstr (problems, "letter 2 has no text"));
  g_assert_nonnull (strstr (problems, "the word index holds letters that are not in the library"));

  dafu_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 5 && strcmp (argv[1], "--child-import") == 0)
    return run_child (argv[2], argv[3], argv[4]);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/crash/check-finds-half-letters", test_check_finds_half_letters);
  g_test_add_func ("/crash/kill-during-import", test_kill_import);

  return g_test_run ();
}
