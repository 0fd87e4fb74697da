/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dafu-test-ui.h"
#include "dafu-test-util.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "dafu-application.h"
#include "dafu-backup.h"
#include "dafu-backups-dialog.h"
#include "dafu-edit-dialog.h"
#include "dafu-generator.h"
#include "dafu-import-report.h"
#include "dafu-letter-list.h"
#include "dafu-letter-view.h"
#include "dafu-result-row.h"
#include "dafu-window.h"
#include "dafu-window-private.h"

/* The window under Xvfb, driven as a user would: typing, choosing,
 * editing, deleting, importing, at normal and at narrow width. */

static char *tmp_dir;

typedef gboolean (*Condition) (gpointer data);

static void
wait_until (Condition    condition,
            gpointer     data,
            const char  *what)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
count_known (gpointer data)
{
  return dafu_window_get_n_letters (data) >= 0;
}

static gboolean
page_is_error (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (DAFU_WINDOW (data)->stack), "error") == 0;
}

static gboolean
page_is_empty (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (DAFU_WINDOW (data)->stack), "empty") == 0;
}

static void
iterate (guint times)
{
  for (guint i = 0; i < times; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
close_window (DafuWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  /* Let the cancelled work come back and release the window. */
  iterate (100);
}

/* The library's own answer to a query, to compare with what the window shows. */
static guint
library_hits (DafuLibrary *library,
              DafuQuery   *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuLetterList) hits = dafu_library_search (library, query, DAFU_SORT_RELEVANCE, 0, NULL, &error);

  g_assert_no_error (error);
  return g_list_model_get_n_items (G_LIST_MODEL (hits));
}

typedef struct {
  DafuWindow *window;
  DafuQuery  *query;
  guint       generation;
} SearchWait;

static gboolean
results_show_query (gpointer data)
{
  SearchWait *wait = data;

  /* New results have landed, and they answer what the entry says. */
  return wait->generation != GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (wait->window->selection), "gen")) &&
         wait->window->query != NULL &&
         g_strcmp0 (dafu_query_get_text (wait->window->query),
                    gtk_editable_get_text (GTK_EDITABLE (wait->window->search_entry))) == 0;
}

static void
on_model_changed_cb (GObject    *selection,
                     GParamSpec *pspec,
                     gpointer    data)
{
  guint gen = GPOINTER_TO_UINT (g_object_get_data (selection, "gen"));
  g_object_set_data (selection, "gen", GUINT_TO_POINTER (gen + 1));
}

/* Waits for the next results to land in the list. */
static void
wait_for_results (DafuWindow *window)
{
  SearchWait wait = { window, NULL, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (window->selection), "gen")) };

  wait_until (results_show_query, &wait, "the results");
}

static DafuWindow *
open_window (const char *name,
             int         width)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, "library.db", NULL);
  DafuWindow *window = dafu_window_new (NULL, path);

  g_signal_connect (window->selection, "notify::model", G_CALLBACK (on_model_changed_cb), NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), width, 700);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (count_known, window, "the letter count");
  return window;
}

static gboolean
letter_shown (gpointer data)
{
  DafuWindow *window = data;
  return window->letter != NULL &&
         dafu_letter_view_get_letter (window->letter_view) == window->letter &&
         g_strcmp0 (gtk_stack_get_visible_child_name (window->letter_stack), "letter") == 0;
}

static void
select_row (DafuWindow *window,
            guint       position)
{
  g_clear_object (&window->letter);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (window->selection), position, TRUE);
  wait_until (letter_shown, window, "the letter");
}

static void
test_search_select_filter (void)
{
  DafuWindow *window = open_window ("search", 1100);
  g_autoptr(DafuQuery) query = dafu_query_new ("养老");
  g_autoptr(DafuQuery) with_b = dafu_query_new ("养老");
  g_autoptr(DafuLetter) first = NULL;
  DafuLibrary *library = dafu_window_get_library (window);
  guint category_b = G_MAXUINT;

  g_assert_cmpint (dafu_window_get_n_letters (window), ==, 5);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "library");
  wait_for_results (window);
  g_assert_cmpuint (window->n_hits, ==, 5);

  /* Typing searches; the count is the library's own. */
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "养老");
  wait_for_results (window);
  g_assert_cmpuint (window->n_hits, ==, library_hits (library, query));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->selection)), ==, window->n_hits);
  g_assert_nonnull (strstr (gtk_label_get_label (window->hits_label), "5"));

  /* Choosing a row shows that letter, with the hits marked. */
  first = g_list_model_get_item (G_LIST_MODEL (window->selection), 0);
  select_row (window, 0);
  g_assert_cmpint (dafu_letter_get_id (window->letter), ==, dafu_letter_get_id (first));
  g_assert_cmpstr (dafu_letter_get_title (dafu_letter_view_get_letter (window->letter_view)), ==,
                   dafu_letter_get_title (first));
  g_assert_cmpstr (adw_window_title_get_title (window->letter_title), ==, dafu_letter_get_title (first));
  g_assert_true (dafu_letter_view_get_query (window->letter_view) == window->query);
  g_assert_cmpuint (dafu_letter_view_get_n_hits (window->letter_view), >, 0);

  /* A filter narrows the list to what the library finds with it. */
  for (guint i = 0; i < window->facet_values[FACET_CATEGORY]->len; i++)
    if (g_strcmp0 (g_ptr_array_index (window->facet_values[FACET_CATEGORY], i), "B") == 0)
      category_b = i;
  g_assert_cmpuint (category_b, !=, G_MAXUINT);
  gtk_drop_down_set_selected (window->facet_dropdowns[FACET_CATEGORY], category_b);
  wait_for_results (window);
  dafu_query_set_category (with_b, "B");
  g_assert_cmpuint (window->n_hits, ==, library_hits (library, with_b));
  g_assert_cmpuint (window->n_hits, <, 5);

  /* Nothing found: the empty state, and clearing brings everything back. */
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "火星基地");
  wait_for_results (window);
  g_assert_cmpuint (window->n_hits, ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->results_stack), ==, "no-hits");
  g_assert_nonnull (strstr (adw_status_page_get_description (window->no_hits_page), "火星基地"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-search", NULL);
  wait_for_results (window);
  g_assert_cmpuint (window->n_hits, ==, 5);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->results_stack), ==, "list");

  close_window (window);
}

typedef struct {
  gboolean saved;
} SavedData;

static void
on_saved_cb (DafuEditDialog *dialog,
             SavedData      *data)
{
  data->saved = TRUE;
}

static gboolean
is_saved (gpointer data)
{
  return ((SavedData *) data)->saved;
}

static DafuEditDialog *
find_edit_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (DAFU_IS_EDIT_DIALOG (window))
        return DAFU_EDIT_DIALOG (window);
    }
  return NULL;
}

static void
test_edit_fields (void)
{
  DafuWindow *window = open_window ("edit", 1100);
  DafuEditDialog *dialog;
  g_autoptr(DafuLetter) stored = NULL;
  SavedData saved = { FALSE };
  GtkWidget *row;
  gint64 id;

  wait_for_results (window);
  select_row (window, 0);
  id = dafu_letter_get_id (window->letter);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-fields", NULL);
  iterate (20);
  dialog = find_edit_dialog ();
  g_assert_nonnull (dialog);
  g_signal_connect (dialog, "saved", G_CALLBACK (on_saved_cb), &saved);

  row = dafu_edit_dialog_get_row (dialog, DAFU_LETTER_FIELD_ADDRESSEE);
  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), "王小红");
  iterate (10);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "edit.save", NULL);
  wait_until (is_saved, &saved, "the corrections to be saved");

  stored = dafu_library_get_letter (dafu_window_get_library (window), id, NULL);
  g_assert_cmpstr (dafu_letter_get_field (stored, DAFU_LETTER_FIELD_ADDRESSEE), ==, "王小红");
  g_assert_cmpstr (dafu_letter_get_field (window->letter, DAFU_LETTER_FIELD_ADDRESSEE), ==, "王小红");

  close_window (window);
}

static gboolean
n_letters_is (gpointer data)
{
  DafuWindow *window = ((gpointer *) data)[0];
  gint64 n = GPOINTER_TO_SIZE (((gpointer *) data)[1]);

  return dafu_window_get_n_letters (window) == n;
}

static void
wait_for_count (DafuWindow *window,
                gint64      n)
{
  gpointer data[] = { window, GSIZE_TO_POINTER (n) };
  wait_until (n_letters_is, data, "the letter count to change");
}

static void
test_delete_and_undo (void)
{
  DafuWindow *window = open_window ("delete", 1100);
  gint64 id;

  wait_for_results (window);
  select_row (window, 1);
  id = dafu_letter_get_id (window->letter);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-letter", NULL);
  wait_for_count (window, 4);
  g_assert_null (window->letter);
  wait_for_results (window);
  g_assert_cmpuint (window->n_hits, ==, 4);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo-delete", "x", id);
  wait_for_count (window, 5);
  wait_for_results (window);
  g_assert_cmpuint (window->n_hits, ==, 5);

  close_window (window);
}

static gboolean
import_done (gpointer data)
{
  return DAFU_WINDOW (data)->import_cancellable == NULL;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
test_empty_library_and_import (void)
{
  g_autofree char *empty_samples = g_build_filename (tmp_dir, "no-samples", NULL);
  g_autofree char *batch = g_build_filename (tmp_dir, "batch", NULL);
  g_autofree char *samples = dafu_test_samples_dir ();
  g_autofree char *saved = g_strdup (g_getenv ("DAFU_SAMPLES_DIR"));
  g_autoptr(GFile) folder = g_file_new_for_path (samples);
  g_autoptr(GFile) bad_folder = g_file_new_for_path (batch);
  GFile *files[2];
  DafuWindow *window;
  AdwMessageDialog *dialog;
  const char binary[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  g_autofree char *bad = g_build_filename (batch, "scan.txt", NULL);

  /* No samples to add: the library stays empty and says so. */
  g_mkdir_with_parents (empty_samples, 0700);
  g_setenv ("DAFU_SAMPLES_DIR", empty_samples, TRUE);
  window = open_window ("empty", 1100);
  wait_until (page_is_empty, window, "the empty library page");
  g_assert_cmpint (dafu_window_get_n_letters (window), ==, 0);
  g_setenv ("DAFU_SAMPLES_DIR", saved, TRUE);

  /* Importing a folder with one unreadable file: the letters land, the
   * window lists them and a dialog names the file that failed. */
  g_mkdir_with_parents (batch, 0700);
  g_file_set_contents (bad, binary, sizeof binary - 1, NULL);
  files[0] = folder;
  files[1] = bad_folder;
  dafu_window_import (window, files, 2);
  g_assert_true (gtk_revealer_get_reveal_child (window->import_revealer));
  wait_until (import_done, window, "the import");
  wait_for_count (window, 5);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "library");
  wait_for_results (window);
  g_assert_cmpuint (window->n_hits, ==, 5);
  iterate (20);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "1"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  close_window (window);
}

static gboolean
has_five_hits (gpointer data)
{
  return DAFU_WINDOW (data)->n_hits == 5;
}

typedef struct {
  DafuWindow *window;
  gboolean    searched_while_importing;
} BusyData;

static void
on_hits_changed_cb (DafuWindow *window,
                    GParamSpec *pspec,
                    BusyData   *data)
{
  if (window->import_cancellable != NULL &&
      g_strcmp0 (dafu_query_get_text (window->query), "归档编号") == 0)
    data->searched_while_importing = TRUE;
}

/* A big import runs on its own connection: the list answers a search
 * while the letters are still coming in. */
static void
test_search_during_import (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "many", NULL);
  g_autofree char *sample_path = NULL;
  g_autofree char *sample = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  BusyData data = { NULL, FALSE };
  DafuWindow *window;
  gulong handler;

  g_mkdir_with_parents (dir, 0700);
  sample_path = g_build_filename (g_getenv ("DAFU_SAMPLES_DIR"), "xianyang-2024-40.txt", NULL);
  g_assert_true (g_file_get_contents (sample_path, &sample, NULL, NULL));
  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *name = g_strdup_printf ("letter-%03u.txt", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *text = g_strdup_printf ("%s\n\n（归档编号 %03u）\n", sample, i);

      g_assert_true (g_file_set_contents (path, text, -1, NULL));
    }

  window = open_window ("busy", 1100);
  data.window = window;
  wait_until (has_five_hits, window, "the samples");
  handler = g_signal_connect (window, "notify::n-hits", G_CALLBACK (on_hits_changed_cb), &data);

  dafu_window_import (window, &folder, 1);
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "归档编号");
  wait_until (import_done, window, "the import");
  g_assert_true (data.searched_while_importing);
  g_signal_handler_disconnect (window, handler);

  wait_for_count (window, 405);
  close_window (window);
}

static void
test_narrow_folds (void)
{
  DafuWindow *window = open_window ("narrow", 360);

  wait_until (has_five_hits, window, "the letters");
  iterate (50);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 400);
  g_assert_true (adw_leaflet_get_folded (window->leaflet));
  g_assert_true (adw_leaflet_get_visible_child (window->leaflet) == window->results_pane);

  /* Choosing a letter shows it in place of the list; back returns. */
  select_row (window, 0);
  iterate (20);
  g_assert_true (adw_leaflet_get_visible_child (window->leaflet) == window->letter_pane);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-back", NULL);
  iterate (20);
  g_assert_true (adw_leaflet_get_visible_child (window->leaflet) == window->results_pane);

  close_window (window);
}

static void
test_unreadable_library_shows_error (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "not-a-library.db", NULL);
  g_autofree char *contents = NULL;
  DafuWindow *window;

  g_file_set_contents (path, "这不是一个文库。plain text, not SQLite, long enough to be read\n", -1, NULL);

  window = dafu_window_new (NULL, path);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (page_is_error, window, "the error page");
  g_assert_nonnull (strstr (adw_status_page_get_description (window->error_page), "not a Dafu library"));
  close_window (window);

  /* The file was not touched. */
  g_file_get_contents (path, &contents, NULL, NULL);
  g_assert_cmpstr (contents, ==, "这不是一个文库。plain text, not SQLite, long enough to be read\n");
}

static void
test_closing_while_opening (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "closing", "library.db", NULL);
  DafuWindow *window = dafu_window_new (NULL, path);

  /* Closed at once: the work in flight must neither crash nor warn. */
  gtk_window_present (GTK_WINDOW (window));
  close_window (window);
  iterate (200);
}

static gboolean
page_is_library (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (DAFU_WINDOW (data)->stack), "library") == 0 &&
         dafu_window_get_n_letters (data) == 5;
}

static gboolean
file_with_part_exists (gpointer data)
{
  const char **args = data;
  g_autoptr(GDir) dir = g_dir_open (args[0], 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (strstr (name, args[1]) != NULL)
      return TRUE;
  return FALSE;
}

/* Writes garbage over the middle of a closed library. */
static void
damage_library (const char *path)
{
  g_autofree char *contents = NULL;
  sqlite3 *db = NULL;
  gsize length;

  /* Everything into the main file first: the damage must hit letters. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 64 * 1024);
  for (gsize i = length / 2; i < length / 2 + 16 * 1024; i++)
    contents[i] = (char) (i * 7919);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
}

/* A damaged library: the window says so, keeps the file, and brings the
 * library back from a backup chosen in the backups dialog. */
static void
test_damaged_library_restored (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (tmp_dir, "damaged", NULL);
  g_autofree char *path = g_build_filename (dir, "library.db", NULL);
  const char *kept_args[] = { dir, "library-damaged-" };
  DafuBackupsDialog *dialog;
  AdwMessageDialog *question;
  DafuWindow *window;

  /* A library with the samples, backed up, then damaged. */
  window = open_window ("damaged", 1000);
  wait_until (page_is_library, window, "the samples");
  close_window (window);
  {
    g_autoptr(DafuLibrary) library = dafu_library_new (path, NULL, &error);
    g_autofree char *backup = NULL;

    g_assert_no_error (error);
    backup = dafu_library_backup (library, NULL, FALSE, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (backup);
  }
  damage_library (path);

  window = dafu_window_new (NULL, path);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (page_is_error, window, "the damaged-library page");
  g_assert_cmpstr (adw_status_page_get_title (window->error_page), ==, "The Library Is Damaged");
  g_assert_true (gtk_widget_get_visible (window->damaged_buttons));
  g_assert_true (gtk_widget_is_sensitive (window->damaged_buttons));

  /* Restore a Backup… → the day's backup → Restore. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.restore-backup", NULL);
  iterate (20);
  dialog = DAFU_BACKUPS_DIALOG (dafu_test_find_toplevel (DAFU_TYPE_BACKUPS_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpuint (dafu_backups_dialog_get_n_backups (dialog), ==, 1);
  dafu_backups_dialog_choose (dialog, 0);
  iterate (20);
  question = ADW_MESSAGE_DIALOG (dafu_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (question);
  adw_message_dialog_response (question, "restore");

  wait_until (page_is_library, window, "the restored library");
  /* The damaged file is kept beside, never deleted. */
  g_assert_true (file_with_part_exists (kept_args));
  g_assert_false (gtk_widget_get_visible (window->damaged_buttons));
  close_window (window);
}

/* A file that is no library at all: starting afresh keeps it beside. */
static void
test_damaged_library_new (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "garbage", NULL);
  g_autofree char *path = g_build_filename (dir, "library.db", NULL);
  const char *kept_args[] = { dir, "library-damaged-" };
  DafuWindow *window;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "SQLite format 3 — but only in name; 损坏的文库\n", -1, NULL));

  window = dafu_window_new (NULL, path);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (page_is_error, window, "the damaged-library page");
  g_assert_true (gtk_widget_get_visible (window->damaged_buttons));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-library", NULL);
  wait_until (page_is_empty, window, "the new, empty library");
  g_assert_cmpint (dafu_window_get_n_letters (window), ==, 0);
  g_assert_true (file_with_part_exists (kept_args));
  close_window (window);
}

/* Letters another program imports show when the clerk comes back to the
 * window. */
static void
test_letters_from_another_program (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "other", "library.db", NULL);
  g_autofree char *letter = g_build_filename (tmp_dir, "other", "letter.txt", NULL);
  DafuWindow *window = open_window ("other", 1000);

  wait_until (page_is_library, window, "the samples");

  /* Another program (its own connection) adds a letter. */
  {
    g_autoptr(DafuLibrary) other = dafu_library_new (path, NULL, &error);
    g_autoptr(GFile) file = g_file_new_for_path (letter);
    g_autoptr(DafuImportReport) report = NULL;
    g_autofree char *text = NULL;
    g_autofree char *sample = g_build_filename (g_getenv ("DAFU_SAMPLES_DIR"), "changzhi-2025-59.txt", NULL);

    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (sample, &text, NULL, NULL));
    {
      g_autofree char *changed = g_strconcat (text, "\n（另一程序导入的副本）\n", NULL);
      g_assert_true (g_file_set_contents (letter, changed, -1, NULL));
    }
    report = dafu_library_import (other, &file, 1, NULL);
    g_assert_cmpuint (dafu_import_report_count (report, DAFU_IMPORT_STATUS_IMPORTED), ==, 1);
  }
  g_assert_cmpint (dafu_window_get_n_letters (window), ==, 5);

  /* Back to the window. */
  g_object_notify (G_OBJECT (window), "is-active");
  if (!gtk_window_is_active (GTK_WINDOW (window)))
    {
      g_test_skip ("The window is not active on this display");
      close_window (window);
      return;
    }
  wait_for_count (window, 6);
  close_window (window);
}

/* Every connection opened while set gets this page limit: a small disk. */
static guint full_disk_pages;

static int
limit_pages (sqlite3                           *db,
             const char                       **error,
             const struct sqlite3_api_routines *api)
{
  if (full_disk_pages > 0)
    {
      /* SQL-safe: a number the test sets. */
      g_autofree char *sql = g_strdup_printf ("PRAGMA max_page_count = %u", full_disk_pages);

      sqlite3_exec (db, sql, NULL, NULL, NULL);
    }
  return SQLITE_OK;
}

static gboolean
import_stopped_shown (gpointer data)
{
  AdwMessageDialog *dialog = (AdwMessageDialog *) dafu_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  return dialog != NULL && g_strcmp0 (adw_message_dialog_get_heading (dialog), "The Import Stopped") == 0;
}

/* The disk fills up during an import: the window says so once, with the
 * reason, and the letters before are there. */
static void
test_import_stops_on_full_disk (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (tmp_dir, "full", "generated", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  AdwMessageDialog *dialog;
  DafuWindow *window;

  g_assert_true (dafu_generator_write (folder, 300, 11, NULL, &error));
  g_assert_no_error (error);

  /* Room for the samples (about 80 pages), not for 300 letters more. */
  full_disk_pages = 300;
  g_assert_cmpint (sqlite3_auto_extension ((void (*) (void)) limit_pages), ==, SQLITE_OK);
  window = open_window ("full", 1000);
  wait_until (page_is_library, window, "the samples");

  dafu_window_import (window, &file, 1);
  wait_until (import_stopped_shown, window, "the import to stop");
  dialog = (AdwMessageDialog *) dafu_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "The disk is full"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* What landed is whole and counted. */
  wait_until (count_known, window, "the count");
  g_assert_cmpint (dafu_window_get_n_letters (window), >=, 5);
  g_assert_cmpint (dafu_window_get_n_letters (window), <, 305);

  full_disk_pages = 0;
  sqlite3_cancel_auto_extension ((void (*) (void)) limit_pages);
  close_window (window);
}

/* Every widget class with a template can be built (a broken .ui fails here). */
static void
test_templates_and_about (void)
{
  g_autoptr(DafuApplication) app = dafu_application_new ();
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(DafuLibrary) library = NULL;
  g_autoptr(DafuLetter) letter = dafu_letter_new ();
  g_autofree char *path = g_build_filename (tmp_dir, "templates.db", NULL);
  GtkWidget *widget;
  GObject *overlay;
  GtkWindow *about;
  g_autofree char *name = NULL;

  builder = gtk_builder_new_from_resource ("/io/github/dafu/Dafu/gtk/help-overlay.ui");
  overlay = gtk_builder_get_object (builder, "help_overlay");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (overlay));

  /* A row for a letter with no text, and one whose text is shorter than a
   * snippet. */
  widget = g_object_ref_sink (dafu_result_row_new ());
  dafu_result_row_set_letter (DAFU_RESULT_ROW (widget), letter, NULL);
  dafu_letter_set_text (letter, "张三代表：短。");
  dafu_result_row_set_letter (DAFU_RESULT_ROW (widget), letter, NULL);
  g_object_unref (widget);

  widget = g_object_ref_sink (dafu_letter_view_new ());
  g_object_unref (widget);

  library = dafu_library_new (path, NULL, NULL);
  g_assert_nonnull (library);
  widget = GTK_WIDGET (dafu_edit_dialog_new (NULL, library, letter));
  gtk_window_destroy (GTK_WINDOW (widget));
  /* No backups yet: the dialog says so. */
  widget = GTK_WIDGET (dafu_backups_dialog_new (NULL, path));
  g_assert_cmpuint (dafu_backups_dialog_get_n_backups (DAFU_BACKUPS_DIALOG (widget)), ==, 0);
  gtk_window_destroy (GTK_WINDOW (widget));

  about = dafu_application_show_about (app);
  g_assert_true (ADW_IS_ABOUT_WINDOW (about));
  g_object_get (about, "application-name", &name, NULL);
  g_assert_cmpstr (name, ==, "Dafu");
  gtk_window_destroy (about);
  iterate (10);
}

int
main (int argc, char **argv)
{
  int status;

  g_setenv ("LANGUAGE", "C", TRUE);
  g_unsetenv ("DAFU_LIBRARY");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  tmp_dir = dafu_test_make_tmp ();
  g_assert_nonnull (g_getenv ("DAFU_SAMPLES_DIR"));

  g_test_add_func ("/window/search-select-filter", test_search_select_filter);
  g_test_add_func ("/window/edit-fields", test_edit_fields);
  g_test_add_func ("/window/delete-and-undo", test_delete_and_undo);
  g_test_add_func ("/window/empty-library-and-import", test_empty_library_and_import);
  g_test_add_func ("/window/search-during-import", test_search_during_import);
  g_test_add_func ("/window/narrow-folds", test_narrow_folds);
  g_test_add_func ("/window/unreadable-library", test_unreadable_library_shows_error);
  g_test_add_func ("/window/closing-while-opening", test_closing_while_opening);
  g_test_add_func ("/window/damaged-library-restored", test_damaged_library_restored);
  g_test_add_func ("/window/damaged-library-new", test_damaged_library_new);
  g_test_add_func ("/window/letters-from-another-program", test_letters_from_another_program);
  g_test_add_func ("/window/import-stops-on-full-disk", test_import_stops_on_full_disk);
  g_test_add_func ("/window/templates-and-about", test_templates_and_about);

  status = g_test_run ();
  dafu_test_rm_rf (tmp_dir);
  g_free (tmp_dir);
  return status;
}
