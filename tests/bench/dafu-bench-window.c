/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-bench-window"

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <string.h>

#include "dafu-window.h"
#include "dafu-window-private.h"

/*
 * dafu-bench-window: the window's figure for dafu-bench.  Run under Xvfb
 * with --library PATH, it opens the window on that library, waits for the
 * first page, searches as the user types QUERY (default 的, a hit in every
 * letter), scrolls the list to the end in steps and prints one line of
 * JSON with the peak resident memory (VmHWM) and the times it took.
 * Exits 1 when it cannot measure (the library does not open, a wait times
 * out).
 */

#define TIMEOUT_S 600

static char *library_path;
static char *search_text;
static int steps = 40;

static GOptionEntry entries[] = {
  { "library", 0, 0, G_OPTION_ARG_FILENAME, &library_path, "The library to open", "PATH" },
  { "query", 0, 0, G_OPTION_ARG_STRING, &search_text, "What to search (的)", "TEXT" },
  { "steps", 0, 0, G_OPTION_ARG_INT, &steps, "Steps to scroll to the end (40)", "N" },
  { NULL }
};

typedef gboolean (*Condition) (DafuWindow *window);

/* Runs the main loop until @condition holds; FALSE on time-out. */
static gboolean
wait_until (DafuWindow *window,
            Condition   condition,
            const char *what)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_S * G_USEC_PER_SEC;

  while (!condition (window))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_printerr ("dafu-bench-window: timed out waiting for %s\n", what);
          return FALSE;
        }
      g_main_context_iteration (NULL, TRUE);
    }
  return TRUE;
}

/* Lets the window handle what is pending and draw a few frames. */
static void
settle (void)
{
  gint64 until = g_get_monotonic_time () + 50 * 1000;

  while (g_get_monotonic_time () < until)
    {
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static gboolean
showing_results (DafuWindow *window)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (window->search_entry));

  return window->query != NULL &&
         g_strcmp0 (dafu_query_get_text (window->query), text) == 0 &&
         gtk_single_selection_get_model (window->selection) != NULL &&
         GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (window), "bench-results")) > 0;
}

static gboolean
library_failed (DafuWindow *window)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (window->stack), "error") == 0;
}

static gboolean
first_page_or_error (DafuWindow *window)
{
  return library_failed (window) || showing_results (window);
}

static void
on_model_changed_cb (GObject    *selection,
                     GParamSpec *pspec,
                     gpointer    data)
{
  guint n = GPOINTER_TO_UINT (g_object_get_data (data, "bench-results"));

  g_object_set_data (data, "bench-results", GUINT_TO_POINTER (n + 1));
}

static guint64
status_kb (const char *key)
{
  g_autofree char *status = NULL;
  const char *found;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (found = strstr (status, key)) == NULL)
    return 0;
  return g_ascii_strtoull (found + strlen (key), NULL, 10);
}

/* Scrolls to the end: the scroll bar dragged down in @steps, then held at
 * the bottom until the list stops growing (its height is an estimate that
 * settles as rows are measured). */
static gboolean
scroll_to_end (DafuWindow *window,
               gboolean   *at_end)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (window->results_list),
                                                 GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  double last_upper = -1;

  if (scrolled == NULL)
    return FALSE;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

  for (int i = 1; i <= steps; i++)
    {
      double upper = gtk_adjustment_get_upper (adjustment);
      double page = gtk_adjustment_get_page_size (adjustment);

      gtk_adjustment_set_value (adjustment, (upper - page) * i / steps);
      settle ();
    }

  for (guint i = 0; i < 200; i++)
    {
      double upper = gtk_adjustment_get_upper (adjustment);
      double page = gtk_adjustment_get_page_size (adjustment);

      gtk_adjustment_set_value (adjustment, upper - page);
      settle ();
      if (upper == last_upper &&
          gtk_adjustment_get_value (adjustment) + page >= gtk_adjustment_get_upper (adjustment) - 1)
        break;
      last_upper = upper;
    }

  *at_end = gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) >=
            gtk_adjustment_get_upper (adjustment) - 1;
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  DafuWindow *window;
  gint64 start;
  double open_ms, search_ms, scroll_ms;
  guint64 hwm_search_kb;
  gboolean at_end = FALSE;

  context = g_option_context_new ("— the window's memory for dafu-bench");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("dafu-bench-window: %s\n", error->message);
      return 2;
    }
  if (library_path == NULL)
    {
      g_printerr ("dafu-bench-window: --library PATH is required\n");
      return 2;
    }
  if (search_text == NULL)
    search_text = g_strdup ("的");

  gtk_init ();
  adw_init ();

  start = g_get_monotonic_time ();
  window = dafu_window_new (NULL, library_path);
  g_signal_connect_object (window->selection, "notify::model",
                           G_CALLBACK (on_model_changed_cb), window, 0);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 800);
  gtk_window_present (GTK_WINDOW (window));

  if (!wait_until (window, first_page_or_error, "the first page"))
    return 1;
  if (library_failed (window))
    {
      g_printerr ("dafu-bench-window: the library %s did not open\n", library_path);
      return 1;
    }
  open_ms = (g_get_monotonic_time () - start) / 1000.0;
  settle ();

  /* As if typed: the entry waits its usual delay before searching. */
  g_object_set_data (G_OBJECT (window), "bench-results", GUINT_TO_POINTER (0));
  start = g_get_monotonic_time ();
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), search_text);
  if (!wait_until (window, showing_results, "the hits"))
    return 1;
  search_ms = (g_get_monotonic_time () - start) / 1000.0;
  settle ();
  hwm_search_kb = status_kb ("VmHWM:");

  start = g_get_monotonic_time ();
  if (!scroll_to_end (window, &at_end))
    {
      g_printerr ("dafu-bench-window: the results list is not in a scrolled window\n");
      return 1;
    }
  scroll_ms = (g_get_monotonic_time () - start) / 1000.0;

  printf ("{\"vm_hwm_kb\": %" G_GUINT64_FORMAT ", \"vm_hwm_after_search_kb\": %" G_GUINT64_FORMAT
          ", \"vm_rss_kb\": %" G_GUINT64_FORMAT ", \"n_letters\": %" G_GINT64_FORMAT
          ", \"n_hits\": %u, \"rows\": %u, \"at_end\": %s, \"steps\": %d"
          ", \"open_ms\": %.1f, \"search_ms\": %.1f, \"scroll_ms\": %.1f"
          ", \"renderer\": \"%s\"}\n",
          status_kb ("VmHWM:"), hwm_search_kb, status_kb ("VmRSS:"),
          dafu_window_get_n_letters (window), window->n_hits,
          g_list_model_get_n_items (G_LIST_MODEL (window->selection)),
          at_end ? "true" : "false", steps,
          open_ms, search_ms, scroll_ms,
          G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  fflush (stdout);

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
