/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "dafu-autosave.h"
#include "dafu-draft.h"
#include "dafu-library-drafts.h"
#include "dafu-library.h"
#include "dafu-test-util.h"

/* The draft being written is in the database within two seconds, also
 * when Dafu is killed. */

#define LOSS_LIMIT_US (2 * G_USEC_PER_SEC)
#define TYPE_EVERY_MS 40

/* The text after @n keystrokes: each adds one character. */
static char *
typed_text (guint n)
{
  static const char *chars[] = { "养", "老", "服", "务", "设", "施", "建", "设" };
  GString *text = g_string_new ("经研究，");

  for (guint i = 0; i < n; i++)
    g_string_append (text, chars[i % G_N_ELEMENTS (chars)]);
  return g_string_free (text, FALSE);
}

static guint
keystrokes_in (const char *text)
{
  g_autofree char *start = typed_text (0);

  g_assert_true (g_str_has_prefix (text, start));
  return g_utf8_strlen (text, -1) - g_utf8_strlen (start, -1);
}

/* ----------------------------------------------------------------------- *
 * The child: a clerk typing into a draft until killed
 * ----------------------------------------------------------------------- */

typedef struct {
  DafuDraft *draft;
  guint      typed;
  int        log_fd;
} Typist;

static gboolean
type_one (gpointer data)
{
  Typist *typist = data;
  g_autofree char *text = typed_text (++typist->typed);
  char line[64];
  int len;

  dafu_draft_set_block_text (typist->draft, 0, text);
  /* When each keystroke was made, for the parent to compare with what was
   * saved; write(2) so that nothing waits in a buffer at the kill. */
  len = g_snprintf (line, sizeof line, "%u %" G_GINT64_FORMAT "\n", typist->typed, g_get_monotonic_time ());
  if (write (typist->log_fd, line, len) != len)
    g_error ("Cannot write the log: %s", g_strerror (errno));
  return G_SOURCE_CONTINUE;
}

static int
run_child (const char *path,
           const char *log_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuLibrary) library = dafu_library_new (path, NULL, &error);
  g_autoptr(DafuDraft) draft = dafu_draft_new ();
  g_autoptr(DafuDraftBlock) block = NULL;
  g_autoptr(DafuAutosave) autosave = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *text = typed_text (0);
  Typist typist = { draft, 0, -1 };

  if (library == NULL)
    g_error ("%s", error->message);
  typist.log_fd = open (log_path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
  if (typist.log_fd < 0)
    g_error ("Cannot open the log: %s", g_strerror (errno));

  block = dafu_draft_block_new (DAFU_BLOCK_KIND_OPENING, text);
  dafu_draft_insert_block (draft, 0, block);
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ADDRESSEE, "李蕾");
  autosave = dafu_autosave_new (library, draft);
  g_timeout_add (TYPE_EVERY_MS, type_one, &typist);
  g_main_loop_run (loop);  /* until killed */
  return 0;
}

/* ----------------------------------------------------------------------- *
 * The parent
 * ----------------------------------------------------------------------- */

/* The monotonic time of each keystroke, from the child's log. */
static GArray *
read_log (const char *log_path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GArray *times = g_array_new (FALSE, TRUE, sizeof (gint64));
  gint64 zero = 0;

  g_array_append_val (times, zero);  /* keystroke 0: the start */
  g_assert_true (g_file_get_contents (log_path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint n;
      gint64 when;

      if (sscanf (lines[i], "%u %" G_GINT64_FORMAT, &n, &when) != 2)
        continue;  /* the last line may be cut by the kill */
      g_assert_cmpuint (n, ==, times->len);
      g_array_append_val (times, when);
    }
  return times;
}

static void
wait_for_keystrokes (const char *log_path,
                     guint       n)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GArray) times = NULL;

      if (g_file_test (log_path, G_FILE_TEST_EXISTS))
        {
          times = read_log (log_path);
          if (times->len > n)
            return;
        }
      g_usleep (20 * 1000);
    }
  g_assert_not_reached ();
}

static void
test_kill (void)
{
  g_autofree char *dir = dafu_test_make_tmp ();
  g_autofree char *path = g_build_filename (dir, "library.db", NULL);
  g_autofree char *log_path = g_build_filename (dir, "keystrokes.log", NULL);
  g_autofree char *self = g_test_build_filename (G_TEST_BUILT, "test-autosave", NULL);
  guint runs = g_test_slow () ? 10 : 5;

  for (guint run = 0; run < runs; run++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(DafuLibrary) library = NULL;
      g_autoptr(GPtrArray) drafts = NULL;
      g_autoptr(GArray) times = NULL;
      DafuDraft *draft;
      gint64 killed_at;
      guint saved;

      g_unlink (log_path);
      child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self, "--child", path, log_path, NULL);
      g_assert_no_error (error);

      /* Typing for a while, then killed at a random point. */
      wait_for_keystrokes (log_path, 10);
      g_usleep (g_test_rand_int_range (200, 2500) * 1000);
      g_subprocess_force_exit (child);  /* SIGKILL */
      killed_at = g_get_monotonic_time ();
      g_subprocess_wait (child, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_signaled (child));
      g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

      times = read_log (log_path);
      library = dafu_library_new (path, NULL, &error);
      g_assert_no_error (error);
      drafts = dafu_library_list_drafts (library, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (drafts->len, ==, run + 1);
      draft = g_ptr_array_index (drafts, 0);  /* the newest */

      /* The next start knows it was being written … */
      g_assert_true (dafu_draft_get_interrupted (draft));
      g_assert_cmpstr (dafu_draft_get_field (draft, DAFU_LETTER_FIELD_ADDRESSEE), ==, "李蕾");

      /* … and has every keystroke made more than two seconds before the
       * kill: the first one lost came after that. */
      saved = keystrokes_in (dafu_draft_block_get_text (dafu_draft_get_block (draft, 0)));
      g_assert_cmpuint (saved, <, times->len);
      g_test_message ("run %u: %u of %u keystrokes saved", run, saved, times->len - 1);
      if (saved + 1 < times->len)
        g_assert_cmpint (g_array_index (times, gint64, saved + 1), >=, killed_at - LOSS_LIMIT_US);
      g_assert_cmpuint (times->len - 1, >=, 10);
    }

  dafu_test_rm_rf (dir);
}

/* ----------------------------------------------------------------------- *
 * In one process
 * ----------------------------------------------------------------------- */

static gboolean
saved_text_is (DafuLibrary *library,
               gint64       id,
               const char  *text)
{
  g_autoptr(DafuDraft) saved = NULL;

  if (id == 0)
    return FALSE;
  saved = dafu_library_load_draft (library, id, NULL);
  return saved != NULL && g_strcmp0 (dafu_draft_block_get_text (dafu_draft_get_block (saved, 0)), text) == 0;
}

static void
run_until_saved (DafuLibrary *library,
                 DafuDraft   *draft,
                 const char  *text)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!saved_text_is (library, dafu_draft_get_id (draft), text))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
test_saves_and_closes (void)
{
  g_autofree char *dir = dafu_test_make_tmp ();
  g_autofree char *path = g_build_filename (dir, "library.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuLibrary) library = dafu_library_new (path, NULL, &error);
  g_autoptr(DafuDraft) draft = dafu_draft_new ();
  g_autoptr(DafuDraftBlock) block = dafu_draft_block_new (DAFU_BLOCK_KIND_TEXT, "一");
  g_autoptr(DafuAutosave) autosave = NULL;
  g_autoptr(DafuDraft) reloaded = NULL;
  g_autoptr(DafuLibrary) other = NULL;

  g_assert_no_error (error);
  dafu_draft_insert_block (draft, 0, block);
  autosave = dafu_autosave_new (library, draft);
  g_assert_true (dafu_autosave_get_saving (autosave));

  /* A new draft is written at once and gets its id. */
  run_until_saved (library, draft, "一");
  g_assert_cmpint (dafu_draft_get_id (draft), >, 0);

  /* Each change is written without being asked. */
  dafu_draft_set_block_text (draft, 0, "一二");
  g_assert_true (dafu_autosave_is_dirty (autosave));
  run_until_saved (library, draft, "一二");
  while (dafu_autosave_get_saving (autosave))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (dafu_autosave_is_dirty (autosave));
  g_assert_null (dafu_autosave_get_error (autosave));

  /* While it is open, another process sees it as being edited. */
  other = dafu_library_new (path, NULL, &error);
  reloaded = dafu_library_load_draft (other, dafu_draft_get_id (draft), &error);
  g_assert_no_error (error);
  g_assert_true (dafu_draft_get_interrupted (reloaded));
  g_clear_object (&reloaded);

  /* Flushing writes now. */
  dafu_draft_set_block_text (draft, 0, "一二三");
  g_assert_true (dafu_autosave_flush_sync (autosave, &error));
  g_assert_no_error (error);
  g_assert_true (saved_text_is (library, dafu_draft_get_id (draft), "一二三"));

  /* Closing writes the rest and clears the mark. */
  dafu_draft_set_block_text (draft, 0, "一二三四");
  dafu_autosave_close (autosave);
  g_assert_null (dafu_autosave_get_draft (autosave));
  g_assert_true (dafu_autosave_get_saving (autosave));
  while (dafu_autosave_get_saving (autosave))
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&autosave);
  reloaded = dafu_library_load_draft (other, dafu_draft_get_id (draft), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dafu_draft_block_get_text (dafu_draft_get_block (reloaded, 0)), ==, "一二三四");
  g_assert_false (dafu_draft_get_interrupted (reloaded));

  /* Changes after closing are the caller's business. */
  dafu_draft_set_block_text (draft, 0, "五");
  g_usleep (DAFU_AUTOSAVE_DELAY_MS * 1000 + 200000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (saved_text_is (other, dafu_draft_get_id (draft), "一二三四"));

  g_clear_object (&other);
  g_clear_object (&library);
  dafu_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && strcmp (argv[1], "--child") == 0)
    return run_child (argv[2], argv[3]);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/autosave/saves-and-closes", test_saves_and_closes);
  g_test_add_func ("/autosave/kill", test_kill);

  return g_test_run ();
}
