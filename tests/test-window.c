/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dafu-test-util.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dafu-application.h"
#include "dafu-window.h"

/* The window under Xvfb, driven as a user would see it. */

static char *tmp_dir;

static void
wait_for_count (DafuWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      if (dafu_window_get_n_letters (window) >= 0)
        return;
    }
  g_error ("The window did not show the letter count within 30 s");
}

/* The window's own stack: the one with a "library" page. */
static GtkStack *
find_stack (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), "library") != NULL)
    return GTK_STACK (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStack *found = find_stack (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
visible_page (DafuWindow *window)
{
  GtkStack *stack = find_stack (GTK_WIDGET (window));
  return gtk_stack_get_visible_child_name (stack);
}

static const char *
visible_status_description (DafuWindow *window)
{
  GtkStack *stack = find_stack (GTK_WIDGET (window));
  GtkWidget *page = gtk_stack_get_visible_child (stack);

  g_assert_true (ADW_IS_STATUS_PAGE (page));
  return adw_status_page_get_description (ADW_STATUS_PAGE (page));
}

static void
close_window (DafuWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  /* Let the cancelled work come back and release the window. */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
test_first_start_imports_samples (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "first", "library.db", NULL);
  DafuWindow *window;

  window = dafu_window_new (NULL, path);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_count (window);

  g_assert_cmpint (dafu_window_get_n_letters (window), ==, 5);
  g_assert_cmpstr (visible_page (window), ==, "library");
  g_assert_cmpstr (visible_status_description (window), ==, "The library holds 5 letters.");
  g_assert_nonnull (dafu_window_get_library (window));
  close_window (window);

  /* The second start finds the letters and imports nothing again. */
  window = dafu_window_new (NULL, path);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_count (window);
  g_assert_cmpint (dafu_window_get_n_letters (window), ==, 5);
  close_window (window);
}

static void
test_unreadable_library_shows_error (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "not-a-library.db", NULL);
  g_autofree char *contents = NULL;
  DafuWindow *window;
  gint64 deadline;

  g_file_set_contents (path, "这不是一个文库。plain text, not SQLite, long enough to be read\n", -1, NULL);

  window = dafu_window_new (NULL, path);
  gtk_window_present (GTK_WINDOW (window));
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (g_strcmp0 (visible_page (window), "error") != 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  g_assert_cmpstr (visible_page (window), ==, "error");
  g_assert_nonnull (strstr (visible_status_description (window), "not a Dafu library"));
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
  for (guint i = 0; i < 200; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
test_templates_and_about (void)
{
  g_autoptr(DafuApplication) app = dafu_application_new ();
  g_autoptr(GtkBuilder) builder = NULL;
  GObject *overlay;
  GtkWindow *about;
  g_autofree char *name = NULL;

  builder = gtk_builder_new_from_resource ("/io/github/dafu/Dafu/gtk/help-overlay.ui");
  overlay = gtk_builder_get_object (builder, "help_overlay");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (overlay));

  about = dafu_application_show_about (app);
  g_assert_true (ADW_IS_ABOUT_WINDOW (about));
  g_object_get (about, "application-name", &name, NULL);
  g_assert_cmpstr (name, ==, "Dafu");
  gtk_window_destroy (about);
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

  g_test_add_func ("/window/first-start-imports-samples", test_first_start_imports_samples);
  g_test_add_func ("/window/unreadable-library", test_unreadable_library_shows_error);
  g_test_add_func ("/window/closing-while-opening", test_closing_while_opening);
  g_test_add_func ("/window/templates-and-about", test_templates_and_about);

  status = g_test_run ();
  dafu_test_rm_rf (tmp_dir);
  g_free (tmp_dir);
  return status;
}
