/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dafu-test-ui.h"
#include "dafu-test-util.h"

#include "dafu-compare-view.h"
#include "dafu-comparison.h"
#include "dafu-figure.h"
#include "dafu-text.h"
#include "dafu-themes.h"

/* The Compare view on the Xianyang 39 and Changzhi 59 samples: the grid
 * of aligned sections, the marks, the tabs, stepping through the pairs
 * and swapping the sides. */

typedef struct
{
  GtkWindow       *window;
  DafuCompareView *view;
  DafuLetter      *a;
  DafuLetter      *b;
  DafuComparison  *comparison;
} Fixture;


/* Runs the main loop for @ms milliseconds. */
static void
iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static GtkWidget *
find_widget (GtkWidget *widget,
             gboolean (*match) (GtkWidget *, gconstpointer),
             gconstpointer data)
{
  if (match (widget, data))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_css_class (GtkWidget     *widget,
               gconstpointer  data)
{
  return gtk_widget_has_css_class (widget, data);
}

static gboolean
is_label_with_text (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), data) != NULL;
}

static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  return find_widget (widget, is_label_with_text, text) != NULL;
}

static GtkGrid *
grid (Fixture    *fixture,
      const char *css_class)
{
  GtkWidget *found = find_widget (GTK_WIDGET (fixture->view), has_css_class, css_class);

  g_assert_nonnull (found);
  g_assert_true (GTK_IS_GRID (found));
  return GTK_GRID (found);
}

static GtkGrid *
sections_grid (Fixture *fixture)
{
  return grid (fixture, "compare-grid");
}

static GtkAdjustment *
sections_vadjustment (Fixture *fixture)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (sections_grid (fixture)), GTK_TYPE_SCROLLED_WINDOW);

  g_assert_nonnull (scrolled);
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
}

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

/* The concatenated markup of the labels below @widget with @css_class. */
static void
collect_markup (GtkWidget  *widget,
                const char *css_class,
                GString    *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, css_class))
    g_string_append (out, gtk_label_get_label (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_markup (child, css_class, out);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(DafuThemes) themes = NULL;
  g_autoptr(GError) error = NULL;

  themes = dafu_themes_new_default (&error);
  g_assert_no_error (error);
  fixture->a = dafu_test_load_sample ("xianyang-2024-39.txt");
  fixture->b = dafu_test_load_sample ("changzhi-2025-59.txt");
  fixture->comparison = dafu_comparison_new (fixture->a, fixture->b, themes, 0);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  /* The test's data, when given, is the window's width. */
  gtk_window_set_default_size (fixture->window, data != NULL ? GPOINTER_TO_INT (data) : 900, 600);
  fixture->view = DAFU_COMPARE_VIEW (dafu_compare_view_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);

  for (guint i = 0; i < 200 && !gtk_widget_get_mapped (GTK_WIDGET (fixture->view)); i++)
    iterate (10);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->view)));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->view), (gpointer *) &fixture->view);
  gtk_window_destroy (fixture->window);
  iterate (50);
  g_assert_null (fixture->view);

  /* The view let go of what it was given. */
  g_assert_cmpint (G_OBJECT (fixture->comparison)->ref_count, ==, 1);
  g_clear_object (&fixture->comparison);
  g_clear_object (&fixture->a);
  g_clear_object (&fixture->b);
}

static GtkGrid *sections_grid (Fixture *fixture);

/* Whether every cell of the sections grid has been given its size. */
static gboolean
grid_laid_out (Fixture *fixture)
{
  GtkWidget *found = find_widget (GTK_WIDGET (fixture->view), has_css_class, "compare-grid");

  if (found == NULL || gtk_widget_get_width (found) == 0)
    return FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (found); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child) && gtk_widget_get_width (child) == 0)
      return FALSE;
  return TRUE;
}

static void
show_comparison (Fixture *fixture)
{
  dafu_compare_view_set_comparison (fixture->view, fixture->comparison);
  iterate (100);
  /* Wrapping labels take a few frames to settle, more on a busy machine. */
  for (guint i = 0; i < 500 && !grid_laid_out (fixture); i++)
    iterate (10);
  g_assert_true (grid_laid_out (fixture));
  iterate (50);
}

static gboolean
action_enabled (Fixture    *fixture,
                const char *name)
{
  /* gtk_widget_activate_action() runs only enabled actions; ask the
   * muxer through a button bound to it instead of running it. */
  GtkWidget *button = gtk_button_new ();
  gboolean enabled;

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), name);
  gtk_widget_set_parent (button, GTK_WIDGET (fixture->view));
  enabled = gtk_widget_get_sensitive (button);
  gtk_widget_unparent (button);
  return enabled;
}

/* One grid row per aligned row; paired rows have a section on both sides,
 * unpaired ones a placeholder on the missing side. */
static void
test_grid (Fixture       *fixture,
           gconstpointer  data)
{
  GArray *rows = dafu_comparison_get_rows (fixture->comparison);
  GtkGrid *grid;
  guint n_paired = 0, n_gaps = 0;

  g_assert_cmpuint (rows->len, >, 3);
  show_comparison (fixture);
  grid = sections_grid (fixture);

  for (guint i = 0; i < rows->len; i++)
    {
      const DafuAlignedPair *row = &g_array_index (rows, DafuAlignedPair, i);
      GtkWidget *cell_a = gtk_grid_get_child_at (grid, 0, (int) i);
      GtkWidget *cell_b = gtk_grid_get_child_at (grid, 2, (int) i);

      g_assert_nonnull (cell_a);
      g_assert_nonnull (cell_b);
      g_assert_cmpint (gtk_widget_has_css_class (cell_a, "compare-cell"), ==, row->a >= 0);
      g_assert_cmpint (gtk_widget_has_css_class (cell_a, "compare-cell-empty"), ==, row->a < 0);
      g_assert_cmpint (gtk_widget_has_css_class (cell_b, "compare-cell"), ==, row->b >= 0);
      g_assert_cmpint (gtk_widget_has_css_class (cell_b, "compare-cell-empty"), ==, row->b < 0);

      if (row->a >= 0 && row->b >= 0)
        {
          GtkWidget *similarity = gtk_grid_get_child_at (grid, 1, (int) i);
          g_autofree char *expected = g_strdup_printf ("%.0f %%", row->similarity * 100);

          n_paired++;
          /* Heading and text on both sides. */
          g_assert_cmpuint (count_children (cell_a), ==, 2);
          g_assert_cmpuint (count_children (cell_b), ==, 2);
          g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (similarity)), ==, expected);
        }
      else
        n_gaps++;

      /* The cells of a row start at the same height: the rows line up. */
      {
        graphene_rect_t bounds_a, bounds_b;

        g_assert_true (gtk_widget_compute_bounds (cell_a, GTK_WIDGET (grid), &bounds_a));
        g_assert_true (gtk_widget_compute_bounds (cell_b, GTK_WIDGET (grid), &bounds_b));
        g_assert_cmpfloat (bounds_a.origin.y, ==, bounds_b.origin.y);
        g_assert_cmpfloat (bounds_a.origin.x + bounds_a.size.width, <, bounds_b.origin.x);
      }
    }
  g_assert_null (gtk_grid_get_child_at (grid, 0, (int) rows->len));
  g_assert_cmpuint (n_paired, >=, 3);
  g_assert_cmpuint (n_gaps, >=, 1);

  /* The headings of the samples' parts, and the header line. */
  g_assert_true (shows_text (GTK_WIDGET (grid), "三、服务队伍发展壮大"));
  g_assert_true (shows_text (GTK_WIDGET (grid), "关于第三条建议"));
  g_assert_true (shows_text (GTK_WIDGET (grid), "No matching section"));
  g_assert_true (shows_text (GTK_WIDGET (fixture->view), "咸阳市"));
  g_assert_true (shows_text (GTK_WIDGET (fixture->view), "长治市"));
  g_assert_true (shows_text (GTK_WIDGET (fixture->view), "关于推进社区居家养老服务体系建设的建议"));
  {
    g_autofree char *overall = g_strdup_printf ("%.0f %%", dafu_comparison_get_similarity (fixture->comparison) * 100);

    g_assert_true (shows_text (GTK_WIDGET (fixture->view), overall));
  }
}

/* Shared phrases and figures are marked in the sections' text, escaped. */
static void
test_marks (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autoptr(GString) left = g_string_new (NULL);
  g_autoptr(GString) right = g_string_new (NULL);
  GtkGrid *grid;
  GArray *rows = dafu_comparison_get_rows (fixture->comparison);
  g_autoptr(GError) error = NULL;

  show_comparison (fixture);
  grid = sections_grid (fixture);
  collect_markup (GTK_WIDGET (grid), "compare-text", markup);

  /* Shared phrases are links (GtkLabel's own markup); the rest is
   * valid markup that Pango accepts. */
  {
    g_autoptr(GRegex) links = g_regex_new ("<a href=\"shared:[0-9]+\">|</a>", 0, 0, NULL);
    g_autofree char *pango = g_regex_replace_literal (links, markup->str, -1, 0, "", 0, NULL);

    g_assert_nonnull (strstr (markup->str, "<a href=\"shared:"));
    g_assert_true (pango_parse_markup (pango, -1, 0, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
  }

  /* Figures from both letters: 266个 (Xianyang) and 460 个 (Changzhi). */
  g_assert_nonnull (strstr (markup->str, "weight=\"bold\">266个</span>"));
  g_assert_nonnull (strstr (markup->str, "weight=\"bold\">460 个</span>"));

  /* A shared phrase marked on both sides. */
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *cell_a = gtk_grid_get_child_at (grid, 0, (int) i);
      GtkWidget *cell_b = gtk_grid_get_child_at (grid, 2, (int) i);

      collect_markup (cell_a, "compare-text", left);
      collect_markup (cell_b, "compare-text", right);
    }
  g_assert_nonnull (strstr (left->str, "bgalpha=\"45%\">养老服务从业人员</span>"));
  g_assert_nonnull (strstr (right->str, "bgalpha=\"45%\">养老服务从业人员</span>"));
}

static gboolean
is_gap_label (GtkWidget     *widget,
              gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "compare-gap");
}

/* The theme table lists the themes either letter covers, with a gap mark
 * on the side that leaves one out; the figures table both letters' figures. */
static void
test_tabs (Fixture       *fixture,
           gconstpointer  data)
{
  DafuThemes *themes = dafu_comparison_get_themes (fixture->comparison);
  GtkGrid *themes_grid, *figures_grid;
  guint covered = 0, hidden = 0;
  int row = 1;

  show_comparison (fixture);
  themes_grid = grid (fixture, "compare-themes");
  figures_grid = grid (fixture, "compare-figures");
  g_assert_nonnull (figures_grid);
  g_assert_true (figures_grid != themes_grid);

  for (guint t = 0; t < dafu_themes_get_n_themes (themes); t++)
    {
      GArray *in_a = dafu_comparison_get_theme_sections (fixture->comparison, 0, t);
      GArray *in_b = dafu_comparison_get_theme_sections (fixture->comparison, 1, t);
      GtkWidget *name;

      if (in_a->len == 0 && in_b->len == 0)
        {
          hidden++;
          g_assert_false (shows_text (GTK_WIDGET (themes_grid), dafu_themes_get_name (themes, t)));
          continue;
        }

      covered++;
      name = gtk_grid_get_child_at (themes_grid, 0, row);
      g_assert_nonnull (name);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (name)), ==, dafu_themes_get_name (themes, t));
      g_assert_cmpint (is_gap_label (gtk_grid_get_child_at (themes_grid, 1, row), NULL), ==, in_a->len == 0);
      g_assert_cmpint (is_gap_label (gtk_grid_get_child_at (themes_grid, 2, row), NULL), ==, in_b->len == 0);
      if (in_a->len > 0)
        {
          g_autofree char *first = g_strdup_printf ("§%u", g_array_index (in_a, guint, 0) + 1);

          g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (themes_grid, 1, row))),
                                           first));
        }
      row++;
    }
  g_assert_cmpuint (covered, >=, 5);
  g_assert_null (gtk_grid_get_child_at (themes_grid, 0, row));
  /* The samples leave out smart elderly care on Xianyang's side. */
  g_assert_nonnull (find_widget (GTK_WIDGET (themes_grid), is_gap_label, NULL));

  /* Figures of both letters, side by side. */
  g_assert_true (shows_text (GTK_WIDGET (figures_grid), "8354张"));
  g_assert_true (shows_text (GTK_WIDGET (figures_grid), "460 个"));
  g_assert_true (shows_text (GTK_WIDGET (figures_grid), "1.84亿元"));
  {
    GPtrArray *figures_a = dafu_comparison_get_figures (fixture->comparison, 0);
    GPtrArray *figures_b = dafu_comparison_get_figures (fixture->comparison, 1);
    g_autoptr(GString) shown = g_string_new (NULL);

    collect_markup (GTK_WIDGET (figures_grid), "compare-figure", shown);
    for (guint i = 0; i < figures_a->len; i++)
      {
        g_autofree char *text = g_markup_escape_text (dafu_figure_get_text (g_ptr_array_index (figures_a, i)), -1);
        g_assert_nonnull (strstr (shown->str, text));
      }
    for (guint i = 0; i < figures_b->len; i++)
      {
        g_autofree char *text = g_markup_escape_text (dafu_figure_get_text (g_ptr_array_index (figures_b, i)), -1);
        g_assert_nonnull (strstr (shown->str, text));
      }
  }
  (void) hidden;
}

static int
row_of_pair (Fixture *fixture)
{
  return dafu_compare_view_get_current_pair (fixture->view);
}

/* Next and previous pair scroll the one grid, so both letters move. */
static void
test_next_previous (Fixture       *fixture,
                    gconstpointer  data)
{
  GArray *rows = dafu_comparison_get_rows (fixture->comparison);
  GtkAdjustment *adjustment;
  double start, after_next, after_second;
  int first, second;

  show_comparison (fixture);
  adjustment = sections_vadjustment (fixture);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, 2 * gtk_adjustment_get_page_size (adjustment));
  start = gtk_adjustment_get_value (adjustment);
  g_assert_cmpfloat (start, ==, 0);
  g_assert_cmpint (row_of_pair (fixture), ==, -1);
  g_assert_true (action_enabled (fixture, "compare.next-pair"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "compare.next-pair", NULL));
  iterate (50);
  first = row_of_pair (fixture);
  g_assert_cmpint (first, >, 0);  /* the pair at the top was already in view */
  g_assert_cmpint (g_array_index (rows, DafuAlignedPair, first).a, >=, 0);
  g_assert_cmpint (g_array_index (rows, DafuAlignedPair, first).b, >=, 0);
  after_next = gtk_adjustment_get_value (adjustment);
  g_assert_cmpfloat (after_next, >, start);
  g_assert_true (shows_text (GTK_WIDGET (fixture->view), "Pair 2 of"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "compare.next-pair", NULL));
  iterate (50);
  second = row_of_pair (fixture);
  g_assert_cmpint (second, >, first);
  after_second = gtk_adjustment_get_value (adjustment);
  g_assert_cmpfloat (after_second, >, after_next);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "compare.previous-pair", NULL));
  iterate (50);
  g_assert_cmpint (row_of_pair (fixture), ==, first);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, after_next);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "compare.previous-pair", NULL));
  iterate (50);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, start);

  /* A user who scrolls to the end goes back from there. */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  iterate (50);
  dafu_compare_view_previous_pair (fixture->view);
  iterate (50);
  g_assert_cmpint (row_of_pair (fixture), >, second);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), <,
                     gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));

  /* The current pair is marked in both columns. */
  {
    GtkGrid *grid = sections_grid (fixture);

    g_assert_true (gtk_widget_has_css_class (gtk_grid_get_child_at (grid, 0, row_of_pair (fixture)), "current-pair"));
    g_assert_true (gtk_widget_has_css_class (gtk_grid_get_child_at (grid, 2, row_of_pair (fixture)), "current-pair"));
    g_assert_false (gtk_widget_has_css_class (gtk_grid_get_child_at (grid, 0, first), "current-pair"));
  }
}

static void
on_compared_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (dafu_compare_view_compare_finish (DAFU_COMPARE_VIEW (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* Comparing on a worker thread, and swapping the sides. */
static void
test_compare_and_swap (Fixture       *fixture,
                       gconstpointer  data)
{
  gboolean done = FALSE;
  DafuComparison *shown;

  g_assert_false (action_enabled (fixture, "compare.swap"));
  dafu_compare_view_compare_async (fixture->view, fixture->a, fixture->b, NULL, on_compared_cb, &done);
  for (guint i = 0; i < 500 && !done; i++)
    iterate (10);
  g_assert_true (done);

  shown = dafu_compare_view_get_comparison (fixture->view);
  g_assert_nonnull (shown);
  g_assert_true (dafu_comparison_get_letter (shown, 0) == fixture->a);
  g_assert_true (dafu_comparison_get_letter (shown, 1) == fixture->b);
  g_assert_cmpuint (dafu_comparison_get_rows (shown)->len, ==, dafu_comparison_get_rows (fixture->comparison)->len);
  g_assert_true (action_enabled (fixture, "compare.swap"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "compare.swap", NULL));
  for (guint i = 0; i < 500 && dafu_compare_view_get_comparison (fixture->view) == shown; i++)
    iterate (10);
  shown = dafu_compare_view_get_comparison (fixture->view);
  g_assert_true (dafu_comparison_get_letter (shown, 0) == fixture->b);
  g_assert_true (dafu_comparison_get_letter (shown, 1) == fixture->a);
  iterate (50);

  /* Changzhi on the left now: its first part heads the left column. */
  {
    GtkGrid *grid = sections_grid (fixture);
    GArray *rows = dafu_comparison_get_rows (shown);
    gboolean found = FALSE;

    for (guint i = 0; i < rows->len && !found; i++)
      found = shows_text (gtk_grid_get_child_at (grid, 0, (int) i), "关于第一条建议");
    g_assert_true (found);
  }

  /* A comparison still running when the view goes away is dropped. */
  dafu_compare_view_swap (fixture->view);
}

/* Nothing shown, then something, then nothing again. */
static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  g_assert_false (action_enabled (fixture, "compare.next-pair"));
  dafu_compare_view_next_pair (fixture->view);
  show_comparison (fixture);
  g_assert_true (action_enabled (fixture, "compare.next-pair"));
  dafu_compare_view_set_comparison (fixture->view, NULL);
  g_assert_null (gtk_grid_get_child_at (sections_grid (fixture), 0, 0));
  g_assert_false (action_enabled (fixture, "compare.next-pair"));
  dafu_compare_view_next_pair (fixture->view);
  g_assert_cmpint (row_of_pair (fixture), ==, -1);

  /* Letters without sections or text compare to an empty grid. */
  {
    g_autoptr(DafuLetter) empty_a = dafu_letter_new ();
    g_autoptr(DafuLetter) empty_b = dafu_letter_new ();
    g_autoptr(DafuComparison) comparison = dafu_comparison_new (empty_a, empty_b,
                                                                dafu_comparison_get_themes (fixture->comparison), 0);

    dafu_compare_view_set_comparison (fixture->view, comparison);
    iterate (50);
    g_assert_true (shows_text (GTK_WIDGET (fixture->view), "Untitled Letter"));
    dafu_compare_view_set_comparison (fixture->view, NULL);
  }
}

/* A narrow window (the window's own minimum, 360 pixels) still fits the
 * view, folded to one letter (see test_fold_narrow()): the grid scrolls
 * sideways rather than widening the window. */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  int minimum = 0;

  show_comparison (fixture);
  gtk_widget_measure (GTK_WIDGET (fixture->view), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_test_message ("minimum width %d", minimum);
  g_assert_cmpint (minimum, <=, 360);
}

/* The text of the cell in @column of grid row @row, or NULL. */
static GtkLabel *
text_label_at (GtkGrid *grid,
               int      column,
               int      row)
{
  GtkWidget *cell = gtk_grid_get_child_at (grid, column, row);
  GtkWidget *label = cell != NULL ? find_widget (cell, has_css_class, "compare-text") : NULL;

  return label != NULL ? GTK_LABEL (label) : NULL;
}

/* The first grid row whose text in @column links to shared phrase @run. */
static int
row_linking (GtkGrid *grid,
             guint    n_rows,
             int      column,
             guint    run)
{
  g_autofree char *href = g_strdup_printf ("<a href=\"shared:%u\">", run);

  for (guint i = 0; i < n_rows; i++)
    {
      GtkLabel *label = text_label_at (grid, column, (int) i);

      if (label != NULL && strstr (gtk_label_get_label (label), href) != NULL)
        return (int) i;
    }
  return -1;
}

#define SELECTED_MARK "<span background=\"#f5c211\" bgalpha=\"90%\">"

/* How many texts in the grid mark a phrase as selected. */
static guint
count_selected (GtkGrid *grid,
                guint    n_rows)
{
  guint n = 0;

  for (guint i = 0; i < n_rows; i++)
    for (int column = 0; column <= 2; column += 2)
      {
        GtkLabel *label = text_label_at (grid, column, (int) i);

        if (label != NULL && strstr (gtk_label_get_label (label), SELECTED_MARK) != NULL)
          n++;
      }
  return n;
}

/* Where the strongly marked phrase of @label is, in the scrolled grid. */
static void
selected_extent (Fixture  *fixture,
                 GtkLabel *label,
                 double   *top,
                 double   *bottom)
{
  const char *markup = gtk_label_get_label (label);
  const char *start = strstr (markup, SELECTED_MARK);
  g_autofree char *phrase = NULL;
  g_autofree char *plain = NULL;
  PangoLayout *layout = gtk_label_get_layout (label);
  const char *text = pango_layout_get_text (layout);
  const char *found;
  PangoRectangle position;
  graphene_point_t point, in_scrolled;
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (label), GTK_TYPE_SCROLLED_WINDOW);
  int x, y;

  g_assert_nonnull (start);
  start += strlen (SELECTED_MARK);
  phrase = g_strndup (start, strstr (start, "</span>") - start);
  g_assert_true (pango_parse_markup (phrase, -1, 0, NULL, &plain, NULL, NULL));
  found = strstr (text, plain);
  g_assert_nonnull (found);
  pango_layout_index_to_pos (layout, (int) (found - text), &position);
  gtk_label_get_layout_offsets (label, &x, &y);
  point = GRAPHENE_POINT_INIT (0, y + (float) position.y / PANGO_SCALE);
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (label), scrolled, &point, &in_scrolled));
  *top = in_scrolled.y;
  *bottom = in_scrolled.y + (double) position.height / PANGO_SCALE;
}

static gboolean
activate_link (GtkLabel *label,
               guint     run)
{
  g_autofree char *uri = g_strdup_printf ("shared:%u", run);
  gboolean handled = FALSE;

  g_signal_emit_by_name (label, "activate-link", uri, &handled);
  return handled;
}

/* Shared phrases are links; activating one marks both its occurrences
 * and brings the other letter's into view; again, or Escape, clears it. */
static void
test_select_phrase (Fixture       *fixture,
                    gconstpointer  data)
{
  GArray *runs = dafu_comparison_get_shared_runs (fixture->comparison);
  guint n_rows = dafu_comparison_get_rows (fixture->comparison)->len;
  GtkAdjustment *adjustment;
  GtkGrid *grid;
  GtkLabel *label_a, *label_b;
  int run = -1, row_a = -1, row_b = -1;
  double page, top, bottom;

  show_comparison (fixture);
  grid = sections_grid (fixture);
  adjustment = sections_vadjustment (fixture);
  page = gtk_adjustment_get_page_size (adjustment);
  g_assert_cmpuint (runs->len, >, 3);
  g_assert_cmpint (dafu_compare_view_get_selected_phrase (fixture->view), ==, -1);
  g_assert_false (action_enabled (fixture, "compare.clear-phrase"));

  /* A phrase that one letter states near the top and the other far
   * below, out of view. */
  for (guint r = 0; r < runs->len; r++)
    {
      int a = row_linking (grid, n_rows, 0, r);
      int b = row_linking (grid, n_rows, 2, r);
      graphene_rect_t bounds;

      g_test_message ("shared phrase %u: rows %d, %d", r, a, b);
      if (a < 0 || b < 0 || a == b)
        continue;
      g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (text_label_at (grid, a < b ? 2 : 0, MAX (a, b))),
                                                GTK_WIDGET (grid), &bounds));
      if (bounds.origin.y > page && (run < 0 || ABS (b - a) > ABS (row_b - row_a)))
        {
          run = (int) r;
          row_a = a;
          row_b = b;
        }
    }
  g_assert_cmpint (run, >=, 0);
  /* The one activated, and the other. */
  if (row_a < row_b)
    {
      label_a = text_label_at (grid, 0, row_a);
      label_b = text_label_at (grid, 2, row_b);
    }
  else
    {
      label_a = text_label_at (grid, 2, row_b);
      label_b = text_label_at (grid, 0, row_a);
    }
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);

  /* Both occurrences marked, the other letter's brought into view. */
  g_assert_true (activate_link (label_a, (guint) run));
  g_assert_cmpint (dafu_compare_view_get_selected_phrase (fixture->view), ==, run);
  g_assert_cmpuint (count_selected (grid, n_rows), ==, 2);
  {
    g_autofree char *linked = g_strdup_printf ("<a href=\"shared:%d\">%s", run, SELECTED_MARK);

    g_assert_nonnull (strstr (gtk_label_get_label (label_a), linked));
    g_assert_nonnull (strstr (gtk_label_get_label (label_b), linked));
  }
  iterate (100);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
  selected_extent (fixture, label_b, &top, &bottom);
  g_test_message ("selected phrase at %.0f–%.0f of a %.0f page", top, bottom, page);
  g_assert_cmpfloat (top, >=, 0);
  g_assert_cmpfloat (bottom, <=, page);
  g_assert_true (action_enabled (fixture, "compare.clear-phrase"));

  /* The same phrase again clears the selection; the texts keep the links. */
  g_assert_true (activate_link (label_b, (guint) run));
  g_assert_cmpint (dafu_compare_view_get_selected_phrase (fixture->view), ==, -1);
  g_assert_cmpuint (count_selected (grid, n_rows), ==, 0);
  g_assert_cmpint (row_linking (grid, n_rows, 0, (guint) run), ==, row_a);
  g_assert_cmpint (row_linking (grid, n_rows, 2, (guint) run), ==, row_b);
  g_assert_false (action_enabled (fixture, "compare.clear-phrase"));

  /* Escape clears it too. */
  g_assert_true (activate_link (label_b, (guint) run));
  g_assert_cmpuint (count_selected (grid, n_rows), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "compare.clear-phrase", NULL));
  g_assert_cmpint (dafu_compare_view_get_selected_phrase (fixture->view), ==, -1);
  g_assert_cmpuint (count_selected (grid, n_rows), ==, 0);

  /* A phrase that is not there is ignored. */
  g_assert_true (activate_link (label_a, G_MAXUINT / 2));
  g_assert_cmpint (dafu_compare_view_get_selected_phrase (fixture->view), ==, -1);
  g_assert_cmpuint (count_selected (grid, n_rows), ==, 0);
}

/* Whether the grid shows @column: each of its cells is mapped and has a
 * width, or none is. */
static gboolean
column_shown (GtkGrid *grid,
              guint    n_rows,
              int      column)
{
  guint shown = 0;

  for (guint i = 0; i < n_rows; i++)
    {
      GtkWidget *cell = gtk_grid_get_child_at (grid, column, (int) i);

      g_assert_nonnull (cell);
      if (gtk_widget_get_mapped (cell) && gtk_widget_get_width (cell) > 0)
        shown++;
    }
  g_assert_true (shown == 0 || shown == n_rows);
  return shown == n_rows;
}

static GtkToggleButton *
side_button (Fixture *fixture,
             guint    side)
{
  GtkWidget *switcher = find_widget (GTK_WIDGET (fixture->view), has_css_class, "compare-side-switcher");
  GtkWidget *button;

  g_assert_nonnull (switcher);
  button = gtk_widget_get_first_child (switcher);
  if (side == 1)
    button = gtk_widget_get_next_sibling (button);
  g_assert_true (GTK_IS_TOGGLE_BUTTON (button));
  return GTK_TOGGLE_BUTTON (button);
}

/* A narrow window shows one letter at a time, rows still aligned, with
 * a toggle between the two cities. */
static void
test_fold_narrow (Fixture       *fixture,
                  gconstpointer  data)
{
  GArray *rows = dafu_comparison_get_rows (fixture->comparison);
  GtkGrid *grid;
  GtkWidget *switcher;
  GtkToggleButton *button_a, *button_b;

  show_comparison (fixture);
  grid = sections_grid (fixture);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->view)), <=, 400);

  switcher = find_widget (GTK_WIDGET (fixture->view), has_css_class, "compare-side-switcher");
  g_assert_true (gtk_widget_get_mapped (switcher));
  button_a = side_button (fixture, 0);
  button_b = side_button (fixture, 1);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button_a)), ==, "咸阳市");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button_b)), ==, "长治市");
  g_assert_true (gtk_toggle_button_get_active (button_a));

  /* Xianyang's column, with the gaps where Changzhi has a part it lacks. */
  g_assert_true (column_shown (grid, rows->len, 0));
  g_assert_false (column_shown (grid, rows->len, 1));
  g_assert_false (column_shown (grid, rows->len, 2));
  g_assert_cmpint (gtk_widget_get_width (gtk_grid_get_child_at (grid, 0, 0)), >,
                   gtk_widget_get_width (GTK_WIDGET (fixture->view)) / 2);

  /* The toggle shows Changzhi's letter instead. */
  gtk_widget_activate (GTK_WIDGET (button_b));
  for (guint i = 0; i < 200 && !column_shown (grid, rows->len, 2); i++)
    iterate (10);
  g_assert_true (gtk_toggle_button_get_active (button_b));
  g_assert_false (gtk_toggle_button_get_active (button_a));
  g_assert_true (column_shown (grid, rows->len, 2));
  g_assert_false (column_shown (grid, rows->len, 0));
  g_assert_true (shows_text (GTK_WIDGET (grid), "关于第一条建议"));

  /* Stepping through the pairs works on the column in view. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "compare.next-pair", NULL));
  iterate (50);
  g_assert_cmpint (row_of_pair (fixture), >, 0);
  g_assert_cmpfloat (gtk_adjustment_get_value (sections_vadjustment (fixture)), >, 0);
  g_assert_true (gtk_widget_has_css_class (gtk_grid_get_child_at (grid, 2, row_of_pair (fixture)), "current-pair"));

  /* And back. */
  gtk_widget_activate (GTK_WIDGET (button_a));
  for (guint i = 0; i < 200 && !column_shown (grid, rows->len, 0); i++)
    iterate (10);
  g_assert_true (column_shown (grid, rows->len, 0));
  g_assert_false (column_shown (grid, rows->len, 2));
}

/* A wide window shows both letters and no toggle. */
static void
test_fold_wide (Fixture       *fixture,
                gconstpointer  data)
{
  GArray *rows = dafu_comparison_get_rows (fixture->comparison);
  GtkWidget *switcher;
  GtkGrid *grid;

  show_comparison (fixture);
  grid = sections_grid (fixture);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->view)), >=, 1000);
  switcher = find_widget (GTK_WIDGET (fixture->view), has_css_class, "compare-side-switcher");
  g_assert_nonnull (switcher);
  g_assert_false (gtk_widget_get_mapped (switcher));
  g_assert_true (column_shown (grid, rows->len, 0));
  g_assert_true (column_shown (grid, rows->len, 2));
}

static void
on_exported_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **error = user_data;

  if (dafu_compare_view_export_finish (DAFU_COMPARE_VIEW (object), result, error))
    g_assert_null (*error);
  else
    g_assert_nonnull (*error);
  /* Done, either way. */
  if (*error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "written");
}

/* Exports the comparison shown to @file; returns the error, or one with
 * G_IO_ERROR_EXISTS ("written") when it was written. */
static GError *
export_to (Fixture *fixture,
           GFile   *file)
{
  GError *error = NULL;

  dafu_compare_view_export_async (fixture->view, file, NULL, on_exported_cb, &error);
  for (guint i = 0; i < 500 && error == NULL; i++)
    iterate (10);
  g_assert_nonnull (error);
  return error;
}

/* Export Report: enabled with a comparison; asks where, with the two
 * cities as the name; writes dafu_comparison_to_html() there. */
static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("dafu-compare-view-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "report.html", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "report.html", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  g_autofree char *expected = NULL;
  g_autofree char *written = NULL;
  g_autoptr(GError) error = NULL;
  GtkFileChooser *chooser;

  g_assert_nonnull (dir);
  g_assert_false (action_enabled (fixture, "compare.export"));
  error = export_to (fixture, file);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  show_comparison (fixture);
  g_assert_true (action_enabled (fixture, "compare.export"));

  /* The report, as the core makes it. */
  error = export_to (fixture, file);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  expected = dafu_comparison_to_html (fixture->comparison);
  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, expected);
  g_assert_nonnull (strstr (written, "咸阳市"));
  g_assert_nonnull (strstr (written, "长治市"));

  /* Where it cannot be written, the error says why. */
  error = export_to (fixture, missing_file);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The action asks where to save, named after the two cities. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "compare.export", NULL));
  chooser = NULL;
  for (guint i = 0; i < 200; i++)
    {
      chooser = (GtkFileChooser *) dafu_test_find_toplevel (GTK_TYPE_FILE_CHOOSER);
      if (chooser != NULL)
        break;
      iterate (10);
    }
  g_assert_nonnull (chooser);
  {
    g_autofree char *name = gtk_file_chooser_get_current_name (chooser);

    g_assert_cmpstr (name, ==, "咸阳市-长治市.html");
  }
  /* The report leaves the bureau: personal data is hidden unless unticked. */
  g_assert_cmpstr (gtk_file_chooser_get_choice (chooser, "hide-personal-data"), ==, "true");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  iterate (50);

  g_unlink (path);
  g_rmdir (dir);
}

/* A section number in the theme table leads to that section's row. */
static void
test_theme_links (Fixture       *fixture,
                  gconstpointer  data)
{
  GArray *rows = dafu_comparison_get_rows (fixture->comparison);
  GtkGrid *themes_grid;
  GtkWidget *cell = NULL;
  AdwViewStack *stack;
  gboolean handled = FALSE;
  guint side = 0, index = 0;
  int expected = -1;

  show_comparison (fixture);
  themes_grid = grid (fixture, "compare-themes");
  stack = ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (themes_grid), ADW_TYPE_VIEW_STACK));
  g_assert_nonnull (stack);
  adw_view_stack_set_visible_child_name (stack, "themes");
  iterate (50);

  /* The last row's links of the second letter: far down the sections. */
  for (int row = 1; gtk_grid_get_child_at (themes_grid, 0, row) != NULL; row++)
    {
      GtkWidget *candidate = gtk_grid_get_child_at (themes_grid, 2, row);

      if (candidate != NULL && gtk_widget_has_css_class (candidate, "compare-section-links"))
        cell = candidate;
    }
  g_assert_nonnull (cell);
  {
    const char *markup = gtk_label_get_label (GTK_LABEL (cell));
    const char *href = strstr (markup, "href=\"section:");
    g_autofree char *uri = NULL;

    g_assert_nonnull (href);
    uri = g_strndup (href + 6, strchr (href + 6, '"') - (href + 6));
    g_assert_cmpint (sscanf (uri, "section:%u:%u", &side, &index), ==, 2);
    g_assert_cmpuint (side, ==, 1);
    g_signal_emit_by_name (cell, "activate-link", uri, &handled);
  }
  g_assert_true (handled);

  for (guint i = 0; i < rows->len; i++)
    if (g_array_index (rows, DafuAlignedPair, i).b == (int) index)
      expected = (int) i;
  for (guint i = 0; i < 300 && dafu_compare_view_get_current_pair (fixture->view) != expected; i++)
    iterate (10);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "sections");
  g_assert_cmpint (dafu_compare_view_get_current_pair (fixture->view), ==, expected);

  /* Anything else is swallowed: nothing moves, nothing is opened. */
  adw_view_stack_set_visible_child_name (stack, "themes");
  handled = FALSE;
  g_signal_emit_by_name (cell, "activate-link", "section:7", &handled);
  g_assert_true (handled);
  iterate (50);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "themes");
  g_assert_cmpint (dafu_compare_view_get_current_pair (fixture->view), ==, expected);
}

int
main (int argc, char **argv)
{
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/compare-view/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("grid", test_grid);
  ADD ("marks", test_marks);
  ADD ("tabs", test_tabs);
  ADD ("theme-links", test_theme_links);
  ADD ("next-previous", test_next_previous);
  ADD ("compare-and-swap", test_compare_and_swap);
  ADD ("empty", test_empty);
  g_test_add ("/compare-view/narrow", Fixture, GINT_TO_POINTER (400),
              fixture_set_up, test_narrow, fixture_tear_down);
  ADD ("select-phrase", test_select_phrase);
  ADD ("export", test_export);
  g_test_add ("/compare-view/fold/400", Fixture, GINT_TO_POINTER (400),
              fixture_set_up, test_fold_narrow, fixture_tear_down);
  g_test_add ("/compare-view/fold/1000", Fixture, GINT_TO_POINTER (1000),
              fixture_set_up, test_fold_wide, fixture_tear_down);

#undef ADD

  return g_test_run ();
}
