/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-compare-view"

#include "config.h"

#include "dafu-compare-view.h"

#include <stdio.h>

#include <glib/gi18n.h>
#include <string.h>

#include "dafu-figure.h"
#include "dafu-privacy.h"
#include "dafu-section.h"
#include "dafu-shared.h"
#include "dafu-themes.h"

/**
 * DafuCompareView:
 *
 * Two letters side by side, as a #DafuComparison aligns them: one grid
 * row per aligned pair in a single scrolled window, so that the rows line
 * up and both letters scroll as one; shared phrases and key figures marked
 * in both columns; the theme table and the figures table in tabs of their
 * own. `compare.next-pair` and `compare.previous-pair` (Alt+Down, Alt+Up)
 * step through the pairs, `compare.swap` exchanges the sides.
 *
 * Each shared phrase is a link (`shared:N`, N its index in
 * dafu_comparison_get_shared_runs()); activating one selects the phrase:
 * both its occurrences are marked more strongly and the view scrolls to
 * the one in the other letter. Activating it again, or Escape
 * (`compare.clear-phrase`), clears the selection.
 *
 * Narrower than %FOLD_WIDTH, the view shows one letter at a time (its
 * column of the grid, rows still following the alignment) and a pair of
 * toggle buttons to switch between the two.
 *
 * `compare.export` (Ctrl+E) saves the comparison as an HTML report
 * (dafu_comparison_to_html()) where the user chooses.
 */

/* Below this width two columns of text no longer fit. */
#define FOLD_WIDTH 700

/* The grid's columns. */
enum {
  COLUMN_A,
  COLUMN_SIMILARITY,
  COLUMN_B,
};

/* What a character of a section's text is part of. */
enum {
  MARK_SHARED = 1 << 0,
  MARK_FIGURE = 1 << 1,
  MARK_SELECTED = 1 << 2,
};

/* Light enough for the text to stay readable in light and dark styles. */
#define SHARED_SPAN "<span background=\"#f6d32d\" bgalpha=\"45%%\">"
#define FIGURE_SPAN "<span background=\"#62a0ea\" bgalpha=\"45%%\" weight=\"bold\">"
/* The selected shared phrase: the same hue, stronger. */
#define SELECTED_SPAN "<span background=\"#f5c211\" bgalpha=\"90%%\">"

/* Where a section's text stands in its letter's full text, in characters. */
typedef struct
{
  guint    start;
  guint    end;
  gboolean found;
} SectionRange;

/* A section's text in the grid, so that it can be marked again when the
 * selected phrase changes. */
typedef struct
{
  GtkLabel     *label;   /* owned by the grid */
  guint         side;
  int           row;
  SectionRange  range;
  char         *text;
} TextCell;

static void
text_cell_free (TextCell *cell)
{
  g_free (cell->text);
  g_free (cell);
}

struct _DafuCompareView
{
  AdwBin             parent_instance;

  /* Template widgets */
  GtkLabel          *city_a_label;
  GtkLabel          *title_a_label;
  GtkLabel          *city_b_label;
  GtkLabel          *title_b_label;
  GtkLabel          *similarity_label;
  GtkLabel          *shared_legend;
  GtkLabel          *figure_legend;
  GtkLabel          *pair_label;
  GtkWidget         *header_a_box;
  GtkWidget         *header_b_box;
  GtkWidget         *side_switcher;
  GtkToggleButton   *side_a_button;
  GtkToggleButton   *side_b_button;
  AdwViewStack      *view_stack;
  GtkScrolledWindow *sections_scrolled;
  GtkViewport       *sections_viewport;
  GtkGrid           *sections_grid;
  GtkGrid           *themes_grid;
  GtkGrid           *figures_grid;

  DafuComparison    *comparison;
  DafuThemes        *themes;          /* for comparisons made here */
  int                pending_row;     /* a theme link's row to scroll to, or -1 */
  guint              pending_frames;
  guint              pending_tick;
  GCancellable      *cancellable;     /* of the comparison being made */
  GCancellable      *export_cancellable; /* the view's life, for exports */
  gboolean           show_personal_data; /* in the report: hidden unless the clerk asks */
  GtkFileChooserNative *chooser;      /* asking where to export, or NULL */
  GArray            *pairs;           /* guint: rows with a section on both sides */
  GPtrArray         *text_cells;      /* TextCell, in grid order */
  int                current_pair;    /* a row, or -1 */
  int                selected_phrase; /* a shared run, or -1 */
  guint              shown_side;      /* the letter shown while folded */
  gboolean           folded;          /* one letter at a time */
  gboolean           busy;
};

G_DEFINE_FINAL_TYPE (DafuCompareView, dafu_compare_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_COMPARISON,
  PROP_CURRENT_PAIR,
  PROP_SELECTED_PHRASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_actions (DafuCompareView *self)
{
  gboolean has_pairs = self->pairs->len > 0;
  gboolean mapped = gtk_widget_get_mapped (GTK_WIDGET (self));

  /* Disabled while hidden, so that the global shortcuts let Alt+Up and
   * Alt+Down through to whatever else is in view. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.next-pair", has_pairs && mapped);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.previous-pair", has_pairs && mapped);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.swap",
                                 self->comparison != NULL && !self->busy);
  /* Not while hidden either, so that Ctrl+E reaches the letter's actions. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.export",
                                 self->comparison != NULL && !self->busy && mapped);
  /* Escape goes elsewhere while no phrase is selected. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.clear-phrase",
                                 self->selected_phrase >= 0 && mapped);
}

/* ------------------------------------------------------------------ *
 * Sections
 * ------------------------------------------------------------------ */

static guint
n_sections (DafuLetter *letter)
{
  GListModel *sections = dafu_letter_get_sections (letter);

  return sections != NULL ? g_list_model_get_n_items (sections) : 0;
}

/* Where each section of letter @side stands in its text (worked out by
 * the comparison), so that the shared phrases and figures, character
 * offsets into the full text, can be marked in the sections.  A section
 * not found is shown unmarked. */
static GArray *
locate_sections (DafuComparison *comparison,
                 guint           side)
{
  guint n = n_sections (dafu_comparison_get_letter (comparison, side));
  GArray *ranges = g_array_sized_new (FALSE, TRUE, sizeof (SectionRange), n);

  g_array_set_size (ranges, n);
  for (guint i = 0; i < n; i++)
    {
      SectionRange *range = &g_array_index (ranges, SectionRange, i);

      range->found = dafu_comparison_get_section_range (comparison, side, i, &range->start, &range->end);
    }
  return ranges;
}

static void
mark_range (guint8 *marks,
            guint   n_marks,
            guint   offset,
            guint   start,
            guint   end,
            guint8  mark)
{
  if (end <= offset || start >= offset + n_marks)
    return;
  start = MAX (start, offset) - offset;
  end = MIN (end, offset + n_marks) - offset;
  for (guint i = start; i < end; i++)
    marks[i] |= mark;
}

/* A stretch of text with one mark; a part of shared run @run (or -1)
 * becomes a link to it. */
static void
append_segment (GString    *out,
                const char *start,
                const char *end,
                guint8      mark,
                int         run)
{
  g_autofree char *escaped = NULL;

  if (end <= start)
    return;

  escaped = g_markup_escape_text (start, end - start);
  if (run >= 0)
    g_string_append_printf (out, "<a href=\"shared:%d\">", run);
  if (mark & MARK_FIGURE)
    g_string_append_printf (out, FIGURE_SPAN "%s</span>", escaped);
  else if (mark & MARK_SELECTED)
    g_string_append_printf (out, SELECTED_SPAN "%s</span>", escaped);
  else if (mark & MARK_SHARED)
    g_string_append_printf (out, SHARED_SPAN "%s</span>", escaped);
  else
    g_string_append (out, escaped);
  if (run >= 0)
    g_string_append (out, "</a>");
}

/* Sets @run_of[i] to @run for the characters of [@start, @end) that fall
 * in [@offset, @offset + @n), unless one is taken by an earlier run and
 * @run is not the selected one. */
static void
mark_run (int   *run_of,
          guint  n,
          guint  offset,
          guint  start,
          guint  end,
          int    run,
          int    selected)
{
  if (end <= offset || start >= offset + n)
    return;
  start = MAX (start, offset) - offset;
  end = MIN (end, offset + n) - offset;
  for (guint i = start; i < end; i++)
    if (run_of[i] < 0 || run == selected)
      run_of[i] = run;
}

/* The section's text as markup, with the shared phrases (links to them;
 * @selected, a run or -1, marked more strongly) and figures of letter
 * @side that fall inside @range marked. */
static char *
section_markup (DafuComparison     *comparison,
                guint               side,
                const char         *text,
                const SectionRange *range,
                int                 selected)
{
  GString *out = g_string_new (NULL);
  g_autofree guint8 *marks = NULL;
  g_autofree int *run_of = NULL;
  guint n_marks = 0;
  const char *p, *segment;
  guint8 current = 0;
  int current_run = -1;
  guint i = 0;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_string_free (out, FALSE);

  if (range->found)
    {
      GArray *runs = dafu_comparison_get_shared_runs (comparison);
      GPtrArray *figures = dafu_comparison_get_figures (comparison, side);

      n_marks = range->end - range->start;
      marks = g_new0 (guint8, MAX (n_marks, 1));
      run_of = g_new (int, MAX (n_marks, 1));
      for (guint k = 0; k < n_marks; k++)
        run_of[k] = -1;
      for (guint r = 0; runs != NULL && r < runs->len; r++)
        {
          const DafuSharedRun *run = &g_array_index (runs, DafuSharedRun, r);
          guint start = side == 0 ? run->a_start : run->b_start;
          guint end = side == 0 ? run->a_end : run->b_end;

          mark_range (marks, n_marks, range->start, start, end,
                      (int) r == selected ? MARK_SHARED | MARK_SELECTED : MARK_SHARED);
          mark_run (run_of, n_marks, range->start, start, end, (int) r, selected);
        }
      /* Runs may overlap in letter A: only the selected one's characters
       * stay strongly marked. */
      for (guint k = 0; selected >= 0 && k < n_marks; k++)
        if (run_of[k] != selected)
          marks[k] &= ~MARK_SELECTED;
      for (guint f = 0; figures != NULL && f < figures->len; f++)
        {
          DafuFigure *figure = g_ptr_array_index (figures, f);

          mark_range (marks, n_marks, range->start,
                      dafu_figure_get_start (figure), dafu_figure_get_end (figure), MARK_FIGURE);
        }
    }

  for (p = segment = text; *p != '\0'; p = g_utf8_next_char (p), i++)
    {
      guint8 mark = i < n_marks ? marks[i] : 0;
      int run = i < n_marks ? run_of[i] : -1;

      if (mark != current || run != current_run)
        {
          append_segment (out, segment, p, current, current_run);
          segment = p;
          current = mark;
          current_run = run;
        }
    }
  append_segment (out, segment, p, current, current_run);

  return g_string_free (out, FALSE);
}

static const char *
kind_heading (DafuSectionKind kind)
{
  switch (kind)
    {
    case DAFU_SECTION_KIND_OPENING: return _("Opening");
    case DAFU_SECTION_KIND_MEASURE: return _("Measures");
    case DAFU_SECTION_KIND_PROBLEM: return _("Difficulties");
    case DAFU_SECTION_KIND_PLAN: return _("Next Steps");
    case DAFU_SECTION_KIND_CLOSING: return _("Closing");
    case DAFU_SECTION_KIND_SIGNATURE: return _("Signature");
    case DAFU_SECTION_KIND_FOOTER: return _("Copies and Notes");
    default: return _("Section");
    }
}

static GtkWidget *
wrapping_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  /* Narrow enough to fit two columns into a small window, wide enough to
   * read; both columns ask for the same width and so get it. */
  gtk_label_set_width_chars (GTK_LABEL (label), 12);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  return label;
}

static gboolean on_text_activate_link_cb (GtkLabel        *label,
                                          const char      *uri,
                                          DafuCompareView *self);

static GtkWidget *
section_cell (DafuCompareView    *self,
              guint               side,
              int                 row,
              int                 index,
              const SectionRange *range)
{
  DafuLetter *letter = dafu_comparison_get_letter (self->comparison, side);
  g_autoptr(DafuSection) section = NULL;
  g_autofree char *number = NULL;
  g_autofree char *markup = NULL;
  GtkWidget *cell, *heading_box, *label;
  const char *heading;

  cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_hexpand (cell, TRUE);

  if (index < 0)
    {
      gtk_widget_add_css_class (cell, "compare-cell-empty");
      label = gtk_label_new (_("No matching section"));
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_vexpand (label, TRUE);
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (cell), label);
      return cell;
    }

  section = g_list_model_get_item (dafu_letter_get_sections (letter), (guint) index);
  gtk_widget_add_css_class (cell, "card");
  gtk_widget_add_css_class (cell, "compare-cell");

  heading_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  /* Translators: a section's number in its letter, "§3" */
  number = g_strdup_printf (_("§%d"), index + 1);
  label = gtk_label_new (number);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (heading_box), label);

  heading = dafu_section_get_heading (section);
  if (heading == NULL || heading[0] == '\0')
    heading = kind_heading (dafu_section_get_kind (section));
  label = wrapping_label (heading);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_focusable (label, FALSE);
  gtk_box_append (GTK_BOX (heading_box), label);
  gtk_box_append (GTK_BOX (cell), heading_box);

  markup = section_markup (self->comparison, side, dafu_section_get_text (section), range,
                           self->selected_phrase);
  if (markup[0] != '\0')
    {
      TextCell *text_cell = g_new0 (TextCell, 1);

      label = wrapping_label (NULL);
      gtk_label_set_markup (GTK_LABEL (label), markup);
      /* Selectable with the pointer; focusable labels would select all
       * their text when the keyboard passes through them. */
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_set_focusable (label, FALSE);
      gtk_widget_add_css_class (label, "compare-text");
      g_signal_connect (label, "activate-link", G_CALLBACK (on_text_activate_link_cb), self);
      gtk_box_append (GTK_BOX (cell), label);

      text_cell->label = GTK_LABEL (label);
      text_cell->side = side;
      text_cell->row = row;
      text_cell->range = *range;
      text_cell->text = g_strdup (dafu_section_get_text (section));
      g_ptr_array_add (self->text_cells, text_cell);
    }

  return cell;
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static void apply_fold (DafuCompareView *self);

static void
build_sections (DafuCompareView *self)
{
  g_autoptr(GArray) ranges_a = NULL;
  g_autoptr(GArray) ranges_b = NULL;
  GArray *rows;

  clear_grid (self->sections_grid);
  g_array_set_size (self->pairs, 0);
  g_ptr_array_set_size (self->text_cells, 0);
  if (self->comparison == NULL)
    return;

  ranges_a = locate_sections (self->comparison, 0);
  ranges_b = locate_sections (self->comparison, 1);
  rows = dafu_comparison_get_rows (self->comparison);

  for (guint i = 0; i < rows->len; i++)
    {
      const DafuAlignedPair *row = &g_array_index (rows, DafuAlignedPair, i);
      static const SectionRange none = { 0, 0, FALSE };
      const SectionRange *range_a = &none, *range_b = &none;
      GtkWidget *similarity;

      /* Indices out of range would be a core bug: show a gap, not a crash. */
      if (row->a >= 0 && (guint) row->a < ranges_a->len)
        range_a = &g_array_index (ranges_a, SectionRange, row->a);
      if (row->b >= 0 && (guint) row->b < ranges_b->len)
        range_b = &g_array_index (ranges_b, SectionRange, row->b);

      gtk_grid_attach (self->sections_grid,
                       section_cell (self, 0, (int) i, range_a != &none ? row->a : -1, range_a),
                       COLUMN_A, (int) i, 1, 1);
      gtk_grid_attach (self->sections_grid,
                       section_cell (self, 1, (int) i, range_b != &none ? row->b : -1, range_b),
                       COLUMN_B, (int) i, 1, 1);

      if (range_a != &none && range_b != &none)
        {
          /* Translators: how alike two aligned sections are, "42 %" */
          g_autofree char *text = g_strdup_printf (_("%.0f %%"), row->similarity * 100);

          g_array_append_val (self->pairs, i);
          similarity = gtk_label_new (text);
          gtk_widget_add_css_class (similarity, "compare-similarity");
          gtk_widget_add_css_class (similarity, "numeric");
          gtk_widget_set_tooltip_text (similarity, _("How alike these two sections are"));
        }
      else
        similarity = gtk_label_new (NULL);
      gtk_widget_set_valign (similarity, GTK_ALIGN_START);
      gtk_widget_set_margin_top (similarity, 12);
      gtk_grid_attach (self->sections_grid, similarity, COLUMN_SIMILARITY, (int) i, 1, 1);
    }

  apply_fold (self);
}

/* ------------------------------------------------------------------ *
 * One letter at a time
 * ------------------------------------------------------------------ */

/* The grid column whose cells measure rows: the one shown. */
static int
shown_column (DafuCompareView *self)
{
  return self->folded && self->shown_side == 1 ? COLUMN_B : COLUMN_A;
}

/* Shows both columns, or only the letter chosen with the toggle. */
static void
apply_fold (DafuCompareView *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sections_grid));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      int column = 0;

      gtk_grid_query_child (self->sections_grid, child, &column, NULL, NULL, NULL);
      gtk_widget_set_visible (child, !self->folded || column == shown_column (self));
    }

  gtk_widget_set_visible (self->side_switcher, self->folded);
  gtk_widget_set_visible (self->header_a_box, !self->folded || self->shown_side == 0);
  gtk_widget_set_visible (self->header_b_box, !self->folded || self->shown_side == 1);
}

static void
on_side_button_toggled_cb (GtkToggleButton *button,
                           DafuCompareView *self)
{
  guint side = gtk_toggle_button_get_active (self->side_b_button) ? 1 : 0;

  if (!gtk_toggle_button_get_active (button) || side == self->shown_side)
    return;
  self->shown_side = side;
  apply_fold (self);
}

/* ------------------------------------------------------------------ *
 * Themes and figures
 * ------------------------------------------------------------------ */

static GtkWidget *
table_label (const char *text,
             const char *css_class)
{
  GtkWidget *label = wrapping_label (text);

  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_focusable (label, FALSE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static const char *
letter_city (DafuLetter *letter)
{
  const char *city = dafu_letter_get_city (letter);

  return city != NULL && city[0] != '\0' ? city : _("Unknown City");
}

/* The sections of letter @side as markup links, "§2, §5", each leading to
 * its row on the Sections tab (see on_theme_link_cb()). */
static char *
sections_markup (GArray *sections,
                 guint   side)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < sections->len; i++)
    {
      guint index = g_array_index (sections, guint, i);
      /* Translators: a section's number in its letter, "§3" */
      g_autofree char *number = g_strdup_printf (_("§%d"), (int) index + 1);
      g_autofree char *link = g_markup_printf_escaped ("<a href=\"section:%u:%u\">%s</a>",
                                                       side, index, number);

      if (i > 0)
        {
          g_autofree char *comma = g_markup_escape_text (_(", "), -1);
          g_string_append (out, comma);
        }
      g_string_append (out, link);
    }
  return g_string_free (out, FALSE);
}

static void set_current_pair (DafuCompareView *self,
                              int              row);
static gboolean row_target   (DafuCompareView *self,
                              int              row,
                              double          *target);

/* Scrolls to the pending section's row once the Sections tab is laid out. */
static gboolean
scroll_to_pending_row (GtkWidget     *widget,
                       GdkFrameClock *clock,
                       gpointer       user_data)
{
  DafuCompareView *self = DAFU_COMPARE_VIEW (widget);
  double target;

  if (self->pending_row >= 0 && !row_target (self, self->pending_row, &target) &&
      ++self->pending_frames < 30)
    return G_SOURCE_CONTINUE;

  if (self->pending_row >= 0)
    set_current_pair (self, self->pending_row);
  self->pending_row = -1;
  self->pending_tick = 0;
  return G_SOURCE_REMOVE;
}

/* A section number in the theme table: show that section. */
static gboolean
on_theme_link_cb (GtkLabel        *label,
                  const char      *uri,
                  DafuCompareView *self)
{
  GArray *rows;
  guint side, index;

  /* Only our own links are here; anything else is swallowed, never opened. */
  if (self->comparison == NULL || sscanf (uri, "section:%u:%u", &side, &index) != 2 || side > 1)
    return TRUE;

  rows = dafu_comparison_get_rows (self->comparison);
  for (guint i = 0; i < rows->len; i++)
    {
      const DafuAlignedPair *row = &g_array_index (rows, DafuAlignedPair, i);

      if ((side == 0 ? row->a : row->b) != (int) index)
        continue;

      adw_view_stack_set_visible_child_name (self->view_stack, "sections");
      if (self->folded)
        gtk_toggle_button_set_active (side == 0 ? self->side_a_button : self->side_b_button, TRUE);
      self->pending_row = (int) i;
      self->pending_frames = 0;
      if (self->pending_tick == 0)
        self->pending_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_pending_row, NULL, NULL);
      break;
    }
  return TRUE;
}

static void
build_themes (DafuCompareView *self)
{
  DafuThemes *themes;
  int row = 1;

  clear_grid (self->themes_grid);
  if (self->comparison == NULL)
    return;

  themes = dafu_comparison_get_themes (self->comparison);
  gtk_grid_attach (self->themes_grid, table_label (_("Theme"), "heading"), 0, 0, 1, 1);
  for (guint side = 0; side < 2; side++)
    gtk_grid_attach (self->themes_grid,
                     table_label (letter_city (dafu_comparison_get_letter (self->comparison, side)), "heading"),
                     1 + (int) side, 0, 1, 1);

  for (guint t = 0; themes != NULL && t < dafu_themes_get_n_themes (themes); t++)
    {
      GArray *covered[2];

      for (guint side = 0; side < 2; side++)
        covered[side] = dafu_comparison_get_theme_sections (self->comparison, side, t);
      if (covered[0]->len == 0 && covered[1]->len == 0)
        continue;

      gtk_grid_attach (self->themes_grid, table_label (dafu_themes_get_name (themes, t), NULL),
                       0, row, 1, 1);
      for (guint side = 0; side < 2; side++)
        {
          GtkWidget *label;

          if (covered[side]->len > 0)
            {
              g_autofree char *markup = sections_markup (covered[side], side);

              label = table_label (NULL, "numeric");
              gtk_label_set_markup (GTK_LABEL (label), markup);
              gtk_widget_add_css_class (label, "compare-section-links");
              g_signal_connect (label, "activate-link", G_CALLBACK (on_theme_link_cb), self);
            }
          else
            {
              label = table_label (_("Gap"), "compare-gap");
              gtk_widget_set_tooltip_text (label, _("Only the other letter covers this theme"));
            }
          gtk_grid_attach (self->themes_grid, label, 1 + (int) side, row, 1, 1);
        }
      row++;
    }

  if (row == 1)
    gtk_grid_attach (self->themes_grid,
                     table_label (_("Neither letter covers any of the themes."), "dim-label"),
                     0, row, 3, 1);
}

static GtkWidget *
figure_label (DafuFigure *figure)
{
  const char *text = dafu_figure_get_text (figure);
  const char *label = dafu_figure_get_label (figure);
  g_autofree char *markup = NULL;
  GtkWidget *widget;

  if (label != NULL && label[0] != '\0')
    markup = g_markup_printf_escaped ("<b>%s</b>  %s", text != NULL ? text : "", label);
  else
    markup = g_markup_printf_escaped ("<b>%s</b>", text != NULL ? text : "");

  widget = table_label (NULL, "compare-figure");
  gtk_label_set_markup (GTK_LABEL (widget), markup);
  return widget;
}

/* The figures of letter @side whose theme is @theme (-1: none). */
static GPtrArray *
figures_of_theme (DafuComparison *comparison,
                  guint           side,
                  int             theme)
{
  GPtrArray *figures = dafu_comparison_get_figures (comparison, side);
  GPtrArray *out = g_ptr_array_new ();

  for (guint f = 0; figures != NULL && f < figures->len; f++)
    if (dafu_comparison_get_figure_theme (comparison, side, f) == theme)
      g_ptr_array_add (out, g_ptr_array_index (figures, f));
  return out;
}

static void
build_figures (DafuCompareView *self)
{
  DafuThemes *themes;
  guint n_themes;
  int row = 1;

  clear_grid (self->figures_grid);
  if (self->comparison == NULL)
    return;

  themes = dafu_comparison_get_themes (self->comparison);
  n_themes = themes != NULL ? dafu_themes_get_n_themes (themes) : 0;
  for (guint side = 0; side < 2; side++)
    gtk_grid_attach (self->figures_grid,
                     table_label (letter_city (dafu_comparison_get_letter (self->comparison, side)), "heading"),
                     (int) side, 0, 1, 1);

  /* Every theme in the table's order, then the figures of no theme. */
  for (guint t = 0; t <= n_themes; t++)
    {
      int theme = t < n_themes ? (int) t : -1;
      g_autoptr(GPtrArray) in_a = figures_of_theme (self->comparison, 0, theme);
      g_autoptr(GPtrArray) in_b = figures_of_theme (self->comparison, 1, theme);
      GtkWidget *heading;

      if (in_a->len == 0 && in_b->len == 0)
        continue;

      heading = table_label (theme >= 0 ? dafu_themes_get_name (themes, (guint) theme) : _("Other Figures"),
                             "compare-figure-theme");
      gtk_widget_add_css_class (heading, "heading");
      gtk_grid_attach (self->figures_grid, heading, 0, row++, 2, 1);

      for (guint i = 0; i < MAX (in_a->len, in_b->len); i++, row++)
        {
          if (i < in_a->len)
            gtk_grid_attach (self->figures_grid, figure_label (g_ptr_array_index (in_a, i)), 0, row, 1, 1);
          else if (i == 0)
            gtk_grid_attach (self->figures_grid, table_label ("—", "dim-label"), 0, row, 1, 1);
          if (i < in_b->len)
            gtk_grid_attach (self->figures_grid, figure_label (g_ptr_array_index (in_b, i)), 1, row, 1, 1);
          else if (i == 0)
            gtk_grid_attach (self->figures_grid, table_label ("—", "dim-label"), 1, row, 1, 1);
        }
    }

  if (row == 1)
    gtk_grid_attach (self->figures_grid,
                     table_label (_("Neither letter states any counts, percentages or amounts."), "dim-label"),
                     0, row, 2, 1);
}

/* ------------------------------------------------------------------ *
 * Header
 * ------------------------------------------------------------------ */

static void
update_header (DafuCompareView *self)
{
  GtkLabel *city_labels[2] = { self->city_a_label, self->city_b_label };
  GtkLabel *title_labels[2] = { self->title_a_label, self->title_b_label };

  if (self->comparison == NULL)
    {
      for (guint side = 0; side < 2; side++)
        {
          gtk_label_set_text (city_labels[side], "");
          gtk_label_set_text (title_labels[side], "");
        }
      gtk_label_set_text (self->similarity_label, "—");
      return;
    }

  for (guint side = 0; side < 2; side++)
    {
      DafuLetter *letter = dafu_comparison_get_letter (self->comparison, side);
      const char *title = dafu_letter_get_title (letter);

      if (title == NULL || title[0] == '\0')
        title = dafu_letter_get_file_name (letter);
      if (title == NULL || title[0] == '\0')
        title = _("Untitled Letter");
      gtk_label_set_text (city_labels[side], letter_city (letter));
      gtk_button_set_label (GTK_BUTTON (side == 0 ? self->side_a_button : self->side_b_button),
                            letter_city (letter));
      gtk_label_set_text (title_labels[side], title);
      gtk_widget_set_tooltip_text (GTK_WIDGET (title_labels[side]), title);
    }

  {
    /* Translators: how alike the two letters are, "42 %" */
    g_autofree char *text = g_strdup_printf (_("%.0f %%"),
                                             dafu_comparison_get_similarity (self->comparison) * 100);

    gtk_label_set_text (self->similarity_label, text);
  }
}

static void
update_pair_label (DafuCompareView *self)
{
  g_autofree char *text = NULL;
  guint position = 0;

  for (guint i = 0; i < self->pairs->len; i++)
    if ((int) g_array_index (self->pairs, guint, i) == self->current_pair)
      position = i + 1;

  if (self->pairs->len == 0)
    text = g_strdup (self->comparison != NULL ? _("No aligned pairs") : "");
  else if (position == 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u aligned pair", "%u aligned pairs",
                                         self->pairs->len),
                            self->pairs->len);
  else
    /* Translators: the aligned pair in view and how many there are, "Pair 2 of 5" */
    text = g_strdup_printf (_("Pair %u of %u"), position, self->pairs->len);

  gtk_label_set_text (self->pair_label, text);
}

/* ------------------------------------------------------------------ *
 * Stepping through the pairs
 * ------------------------------------------------------------------ */

/* Where the view scrolls to show grid row @row at its top, a little of
 * the row above in sight (and the first row with the grid's margin);
 * FALSE before the grid is laid out. */
static gboolean
row_target (DafuCompareView *self,
            int              row,
            double          *target)
{
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->sections_scrolled);
  GtkWidget *cell = gtk_grid_get_child_at (self->sections_grid, shown_column (self), row);
  graphene_rect_t bounds;
  double top;

  if (cell == NULL || !gtk_widget_compute_bounds (cell, GTK_WIDGET (self->sections_viewport), &bounds))
    return FALSE;

  /* The viewport's coordinates, moved by the scrolling: the content's. */
  top = bounds.origin.y + gtk_adjustment_get_value (vadjustment);
  *target = CLAMP (top - gtk_widget_get_margin_top (GTK_WIDGET (self->sections_grid)),
                   gtk_adjustment_get_lower (vadjustment),
                   gtk_adjustment_get_upper (vadjustment) - gtk_adjustment_get_page_size (vadjustment));
  return TRUE;
}

static void
set_current_pair (DafuCompareView *self,
                  int              row)
{
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->sections_scrolled);
  double target;

  if (self->current_pair >= 0)
    for (int column = COLUMN_A; column <= COLUMN_B; column++)
      {
        GtkWidget *cell = gtk_grid_get_child_at (self->sections_grid, column, self->current_pair);

        if (cell != NULL)
          gtk_widget_remove_css_class (cell, "current-pair");
      }

  self->current_pair = row;

  if (row >= 0)
    {
      for (int column = COLUMN_A; column <= COLUMN_B; column++)
        {
          GtkWidget *cell = gtk_grid_get_child_at (self->sections_grid, column, row);

          if (cell != NULL)
            gtk_widget_add_css_class (cell, "current-pair");
        }

      if (row_target (self, row, &target))
        gtk_adjustment_set_value (vadjustment, target);
    }

  update_pair_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_PAIR]);
}

/* Whether the view is where stepping to the current pair left it.  When
 * the user scrolled away, the next pair is the one after what is in view
 * instead. */
static gboolean
current_pair_in_view (DafuCompareView *self)
{
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->sections_scrolled);
  double target;

  if (self->current_pair < 0 || !row_target (self, self->current_pair, &target))
    return FALSE;
  return G_APPROX_VALUE (target, gtk_adjustment_get_value (vadjustment), 1.0);
}

static void
step_pair (DafuCompareView *self,
           gboolean         forward)
{
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->sections_scrolled);
  double value = gtk_adjustment_get_value (vadjustment);
  gboolean by_index = current_pair_in_view (self);
  int target = -1;

  for (guint i = 0; i < self->pairs->len; i++)
    {
      guint k = forward ? i : self->pairs->len - 1 - i;
      int row = (int) g_array_index (self->pairs, guint, k);
      double target_value = 0;

      if (by_index)
        {
          if (forward ? row > self->current_pair : row < self->current_pair)
            {
              target = row;
              break;
            }
        }
      else if (row_target (self, row, &target_value))
        {
          if (forward ? target_value > value + 1 : target_value < value - 1)
            {
              target = row;
              break;
            }
        }
      else
        {
          /* Not laid out yet: start from the first. */
          target = (int) g_array_index (self->pairs, guint, forward ? 0 : self->pairs->len - 1);
          break;
        }
    }

  if (target >= 0)
    set_current_pair (self, target);
  else
    gtk_widget_error_bell (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------ *
 * Selecting a shared phrase
 * ------------------------------------------------------------------ */

/* Where shared run @run lies in letter @side, in characters. */
static gboolean
run_extent (DafuCompareView *self,
            int              run,
            guint            side,
            guint           *start,
            guint           *end)
{
  GArray *runs = self->comparison != NULL ? dafu_comparison_get_shared_runs (self->comparison) : NULL;
  const DafuSharedRun *shared;

  if (runs == NULL || run < 0 || (guint) run >= runs->len)
    return FALSE;
  shared = &g_array_index (runs, DafuSharedRun, run);
  *start = side == 0 ? shared->a_start : shared->b_start;
  *end = side == 0 ? shared->a_end : shared->b_end;
  return TRUE;
}

static gboolean
cell_shows_run (TextCell        *cell,
                DafuCompareView *self,
                int              run)
{
  guint start, end;

  return cell->range.found &&
         run_extent (self, run, cell->side, &start, &end) &&
         start < cell->range.end && end > cell->range.start;
}

/* The text of letter @side that holds its character @offset. */
static TextCell *
cell_holding (DafuCompareView *self,
              guint            side,
              guint            offset)
{
  for (guint i = 0; i < self->text_cells->len; i++)
    {
      TextCell *cell = g_ptr_array_index (self->text_cells, i);

      if (cell->side == side && cell->range.found &&
          offset >= cell->range.start && offset < cell->range.end)
        return cell;
    }
  return NULL;
}

/* The line of @cell's text that holds character @offset of its letter,
 * from @top to @bottom in the scrolled grid's coordinates; FALSE before
 * the grid is laid out. */
static gboolean
occurrence_extent (DafuCompareView *self,
                   TextCell        *cell,
                   guint            offset,
                   double          *top,
                   double          *bottom)
{
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->sections_scrolled);
  PangoLayout *layout;
  const char *text;
  PangoRectangle position;
  graphene_point_t point, in_viewport;
  int x, y;

  /* Not in view at all: the other letter of a folded view. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (cell->label)) || gtk_widget_get_width (GTK_WIDGET (cell->label)) == 0)
    return FALSE;

  layout = gtk_label_get_layout (cell->label);
  text = pango_layout_get_text (layout);
  if (offset < cell->range.start || offset - cell->range.start > (guint) g_utf8_strlen (text, -1))
    return FALSE;
  pango_layout_index_to_pos (layout,
                             (int) (g_utf8_offset_to_pointer (text, offset - cell->range.start) - text),
                             &position);
  gtk_label_get_layout_offsets (cell->label, &x, &y);
  point = GRAPHENE_POINT_INIT (0, y + (float) position.y / PANGO_SCALE);
  if (!gtk_widget_compute_point (GTK_WIDGET (cell->label), GTK_WIDGET (self->sections_viewport),
                                 &point, &in_viewport))
    return FALSE;

  *top = in_viewport.y + gtk_adjustment_get_value (vadjustment);
  *bottom = *top + (double) position.height / PANGO_SCALE;
  return TRUE;
}

/* Selects shared run @run (-1: none), activated in letter @from_side
 * (-1: neither): marks its occurrences and brings the one in the other
 * letter into view when it is in another row. */
static void
select_phrase (DafuCompareView *self,
               int              run,
               int              from_side)
{
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->sections_scrolled);
  int previous = self->selected_phrase;
  gboolean scroll = FALSE;
  double target = 0;
  guint from_start, other_start, end;

  if (run == previous)
    return;

  /* Measured before the texts are marked again, which lays them out anew. */
  if (from_side >= 0 &&
      run_extent (self, run, (guint) from_side, &from_start, &end) &&
      run_extent (self, run, 1 - (guint) from_side, &other_start, &end))
    {
      TextCell *from = cell_holding (self, (guint) from_side, from_start);
      TextCell *other = cell_holding (self, 1 - (guint) from_side, other_start);
      double top, bottom;

      if (other != NULL && (from == NULL || from->row != other->row) &&
          occurrence_extent (self, other, other_start, &top, &bottom))
        {
          double value = gtk_adjustment_get_value (vadjustment);
          double page = gtk_adjustment_get_page_size (vadjustment);

          if (top < value || bottom > value + page)
            {
              scroll = TRUE;
              /* A third of the way down, with what leads up to it. */
              target = CLAMP (top - page / 3,
                              gtk_adjustment_get_lower (vadjustment),
                              gtk_adjustment_get_upper (vadjustment) - page);
            }
        }
    }

  self->selected_phrase = run;
  for (guint i = 0; i < self->text_cells->len; i++)
    {
      TextCell *cell = g_ptr_array_index (self->text_cells, i);

      if (cell_shows_run (cell, self, previous) || cell_shows_run (cell, self, run))
        {
          g_autofree char *markup = section_markup (self->comparison, cell->side, cell->text,
                                                    &cell->range, run);

          gtk_label_set_markup (cell->label, markup);
        }
    }

  if (scroll)
    gtk_adjustment_set_value (vadjustment, target);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_PHRASE]);
}

static gboolean
on_text_activate_link_cb (GtkLabel        *label,
                          const char      *uri,
                          DafuCompareView *self)
{
  guint64 run = 0;
  int from_side = -1;

  if (!g_str_has_prefix (uri, "shared:"))
    return FALSE;
  if (!g_ascii_string_to_unsigned (uri + strlen ("shared:"), 10, 0, G_MAXINT, &run, NULL))
    return TRUE;

  for (guint i = 0; i < self->text_cells->len; i++)
    {
      TextCell *cell = g_ptr_array_index (self->text_cells, i);

      if (cell->label == label)
        from_side = (int) cell->side;
    }

  if ((int) run == self->selected_phrase)
    select_phrase (self, -1, from_side);
  else
    {
      guint start, end;

      if (run_extent (self, (int) run, 0, &start, &end))
        select_phrase (self, (int) run, from_side);
    }
  return TRUE;
}

/* ------------------------------------------------------------------ *
 * Making a comparison
 * ------------------------------------------------------------------ */

typedef struct
{
  DafuLetter   *a;
  DafuLetter   *b;
  DafuThemes   *themes;
  GCancellable *outer;
  gulong        outer_id;
} BuildData;

static void
build_data_free (BuildData *data)
{
  g_clear_object (&data->a);
  g_clear_object (&data->b);
  g_clear_object (&data->themes);
  if (data->outer != NULL)
    g_cancellable_disconnect (data->outer, data->outer_id);
  g_clear_object (&data->outer);
  g_free (data);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildData *data = task_data;
  g_autoptr(DafuThemes) themes = NULL;
  g_autoptr(GError) error = NULL;

  if (data->themes != NULL)
    themes = g_object_ref (data->themes);
  else if ((themes = dafu_themes_new_default (&error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_pointer (task, dafu_comparison_new (data->a, data->b, themes, 0), g_object_unref);
}

static void
on_built_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  DafuCompareView *self = DAFU_COMPARE_VIEW (object);
  g_autoptr(GTask) outer = user_data;
  g_autoptr(DafuComparison) comparison = NULL;
  g_autoptr(GError) error = NULL;

  comparison = g_task_propagate_pointer (G_TASK (result), &error);

  /* A newer request replaced this one, or the view went away. */
  if (g_task_get_cancellable (G_TASK (result)) == self->cancellable)
    {
      self->busy = FALSE;
      g_clear_object (&self->cancellable);
    }

  if (comparison == NULL)
    {
      update_actions (self);
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }

  if (self->themes == NULL)
    self->themes = g_object_ref (dafu_comparison_get_themes (comparison));
  dafu_compare_view_set_comparison (self, comparison);
  g_task_return_boolean (outer, TRUE);
}

static void
on_outer_cancelled_cb (GCancellable *outer,
                       GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

/**
 * dafu_compare_view_compare_async:
 * @self: a #DafuCompareView
 * @a: the letter for the left column, with its sections
 * @b: the letter for the right column
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the comparison is shown
 * @user_data: data for @callback
 *
 * Compares @a with @b on a worker thread (with the default themes) and
 * shows the result. A newer request, or the view's destruction, cancels
 * one still running.
 */
void
dafu_compare_view_compare_async (DafuCompareView     *self,
                                 DafuLetter          *a,
                                 DafuLetter          *b,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  BuildData *data;

  g_return_if_fail (DAFU_IS_COMPARE_VIEW (self));
  g_return_if_fail (DAFU_IS_LETTER (a));
  g_return_if_fail (DAFU_IS_LETTER (b));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, dafu_compare_view_compare_async);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = TRUE;
  update_actions (self);

  data = g_new0 (BuildData, 1);
  data->a = g_object_ref (a);
  data->b = g_object_ref (b);
  data->themes = self->themes != NULL ? g_object_ref (self->themes) : NULL;
  if (cancellable != NULL)
    {
      data->outer = g_object_ref (cancellable);
      data->outer_id = g_cancellable_connect (cancellable, G_CALLBACK (on_outer_cancelled_cb),
                                              g_object_ref (self->cancellable), g_object_unref);
    }

  inner = g_task_new (self, self->cancellable, on_built_cb, g_steal_pointer (&outer));
  g_task_set_source_tag (inner, build_thread);
  g_task_set_task_data (inner, data, (GDestroyNotify) build_data_free);
  g_task_run_in_thread (inner, build_thread);
}

/**
 * dafu_compare_view_compare_finish:
 * @self: a #DafuCompareView
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE when the comparison is shown; %FALSE with
 *   %G_IO_ERROR_CANCELLED when a newer one replaced it
 */
gboolean
dafu_compare_view_compare_finish (DafuCompareView  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (DAFU_IS_COMPARE_VIEW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_swapped_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!dafu_compare_view_compare_finish (DAFU_COMPARE_VIEW (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not compare the letters: %s", error->message);
}

/**
 * dafu_compare_view_swap:
 * @self: a #DafuCompareView
 *
 * Compares the letters again with the sides exchanged, on a worker
 * thread; #DafuCompareView:comparison changes when it is done.
 */
void
dafu_compare_view_swap (DafuCompareView *self)
{
  g_return_if_fail (DAFU_IS_COMPARE_VIEW (self));

  if (self->comparison == NULL || self->busy)
    return;

  /* The same themes as before, so that the tables keep their rows. */
  g_set_object (&self->themes, dafu_comparison_get_themes (self->comparison));
  dafu_compare_view_compare_async (self,
                                   dafu_comparison_get_letter (self->comparison, 1),
                                   dafu_comparison_get_letter (self->comparison, 0),
                                   NULL, on_swapped_cb, NULL);
}

/* ------------------------------------------------------------------ *
 * Exporting a report
 * ------------------------------------------------------------------ */

static void
on_report_written_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * dafu_compare_view_export_async:
 * @self: a #DafuCompareView
 * @file: where to write the report
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the report is written or could not be
 * @user_data: data for @callback
 *
 * Writes the comparison shown as an HTML report (see
 * dafu_comparison_to_html()) to @file, replacing what was there. Mobile
 * and ID-card numbers are masked unless the clerk unticked "Hide personal
 * data" when choosing the file.
 */
void
dafu_compare_view_export_async (DafuCompareView     *self,
                                GFile               *file,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *html;

  g_return_if_fail (DAFU_IS_COMPARE_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dafu_compare_view_export_async);

  if (self->comparison == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("There is no comparison to export."));
      return;
    }

  html = dafu_comparison_to_html (self->comparison);
  if (html == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The report could not be made."));
      return;
    }
  /* The report is made to leave the bureau: the deputies' numbers stay
   * behind unless the clerk chose to keep them. */
  if (!self->show_personal_data)
    for (guint i = 0; i < 2; i++)
      {
        g_autofree char *deputy_phone = NULL;
        char *masked;

        dafu_privacy_letter_is_public (dafu_comparison_get_letter (self->comparison, i), &deputy_phone);
        masked = dafu_privacy_mask_text (html, deputy_phone, NULL);
        g_free (html);
        html = masked;
      }
  bytes = g_bytes_new_take (html, strlen (html));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, on_report_written_cb, g_steal_pointer (&task));
}

/**
 * dafu_compare_view_export_finish:
 * @self: a #DafuCompareView
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE when the report is written
 */
gboolean
dafu_compare_view_export_finish (DafuCompareView  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (DAFU_IS_COMPARE_VIEW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
show_toast (DafuCompareView *self,
            const char      *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
  else
    g_message ("%s", title);
}

typedef struct
{
  DafuCompareView *self;
  GFile           *file;
} ExportData;

static void
on_exported_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DafuCompareView *self = DAFU_COMPARE_VIEW (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *where = g_file_get_parse_name (file);
  g_autofree char *text = NULL;

  if (!dafu_compare_view_export_finish (self, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: the file, then why it could not be written */
      text = g_strdup_printf (_("Could not export the report to %s: %s"), where, error->message);
    }
  else
    /* Translators: the file the report was written to */
    text = g_strdup_printf (_("Report saved to %s"), where);

  show_toast (self, text);
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        DafuCompareView *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      self->show_personal_data = g_strcmp0 (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser),
                                                                         "hide-personal-data"), "true") != 0;
    }
  g_clear_object (&self->chooser);

  if (file != NULL && self->comparison != NULL)
    dafu_compare_view_export_async (self, file, self->export_cancellable,
                                    on_exported_cb, g_object_ref (file));
}

/* "咸阳市-长治市.html", without what a file name cannot hold. */
static char *
report_file_name (DafuCompareView *self)
{
  g_autofree char *name = g_strdup_printf ("%s-%s.html",
                                           letter_city (dafu_comparison_get_letter (self->comparison, 0)),
                                           letter_city (dafu_comparison_get_letter (self->comparison, 1)));

  return g_strdelimit (g_steal_pointer (&name), "/\\:*?\"<>|", '_');
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DafuCompareView *self = DAFU_COMPARE_VIEW (widget);
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autofree char *name = NULL;
  GtkRoot *root;

  if (self->comparison == NULL || self->chooser != NULL)
    return;

  root = gtk_widget_get_root (widget);
  self->chooser = gtk_file_chooser_native_new (_("Export Report"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  name = report_file_name (self);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("HTML Reports"));
  gtk_file_filter_add_mime_type (filter, "text/html");
  gtk_file_filter_add_suffix (filter, "html");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (self->chooser), "hide-personal-data",
                               _("Hide personal data (mobile and ID-card numbers)"), NULL, NULL);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (self->chooser), "hide-personal-data", "true");

  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ------------------------------------------------------------------ *
 * Actions
 * ------------------------------------------------------------------ */

static void
next_pair_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  dafu_compare_view_next_pair (DAFU_COMPARE_VIEW (widget));
}

static void
previous_pair_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  dafu_compare_view_previous_pair (DAFU_COMPARE_VIEW (widget));
}

static void
clear_phrase_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  select_phrase (DAFU_COMPARE_VIEW (widget), -1, -1);
}

static void
swap_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  dafu_compare_view_swap (DAFU_COMPARE_VIEW (widget));
}

/* ------------------------------------------------------------------ *
 * GObject
 * ------------------------------------------------------------------ */

/* The view lays out its one child itself (no layout manager), so that it
 * learns its width before the child does and can fold first. */
static GtkSizeRequestMode
dafu_compare_view_get_request_mode (GtkWidget *widget)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  return child != NULL ? gtk_widget_get_request_mode (child) : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
dafu_compare_view_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_measure (child, orientation, for_size, minimum, natural,
                        minimum_baseline, natural_baseline);
}

static void
dafu_compare_view_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  DafuCompareView *self = DAFU_COMPARE_VIEW (widget);
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));
  gboolean folded = width < FOLD_WIDTH;

  if (folded != self->folded)
    {
      self->folded = folded;
      apply_fold (self);
    }

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
dafu_compare_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (dafu_compare_view_parent_class)->map (widget);
  update_actions (DAFU_COMPARE_VIEW (widget));
}

static void
dafu_compare_view_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (dafu_compare_view_parent_class)->unmap (widget);
  update_actions (DAFU_COMPARE_VIEW (widget));
}

static void
dafu_compare_view_dispose (GObject *object)
{
  DafuCompareView *self = DAFU_COMPARE_VIEW (object);

  if (self->pending_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->pending_tick);
      self->pending_tick = 0;
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  g_clear_object (&self->comparison);
  g_clear_object (&self->themes);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DAFU_TYPE_COMPARE_VIEW);

  G_OBJECT_CLASS (dafu_compare_view_parent_class)->dispose (object);
}

static void
dafu_compare_view_finalize (GObject *object)
{
  DafuCompareView *self = DAFU_COMPARE_VIEW (object);

  g_clear_pointer (&self->pairs, g_array_unref);
  g_clear_pointer (&self->text_cells, g_ptr_array_unref);

  G_OBJECT_CLASS (dafu_compare_view_parent_class)->finalize (object);
}

static void
dafu_compare_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DafuCompareView *self = DAFU_COMPARE_VIEW (object);

  switch (prop_id)
    {
    case PROP_COMPARISON:
      g_value_set_object (value, self->comparison);
      break;
    case PROP_CURRENT_PAIR:
      g_value_set_int (value, self->current_pair);
      break;
    case PROP_SELECTED_PHRASE:
      g_value_set_int (value, self->selected_phrase);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_compare_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DafuCompareView *self = DAFU_COMPARE_VIEW (object);

  switch (prop_id)
    {
    case PROP_COMPARISON:
      dafu_compare_view_set_comparison (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_compare_view_class_init (DafuCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dafu_compare_view_dispose;
  object_class->finalize = dafu_compare_view_finalize;
  object_class->get_property = dafu_compare_view_get_property;
  object_class->set_property = dafu_compare_view_set_property;

  widget_class->get_request_mode = dafu_compare_view_get_request_mode;
  widget_class->measure = dafu_compare_view_measure;
  widget_class->size_allocate = dafu_compare_view_size_allocate;
  widget_class->map = dafu_compare_view_map;
  widget_class->unmap = dafu_compare_view_unmap;

  /**
   * DafuCompareView:comparison:
   *
   * The comparison shown, or %NULL for none.
   */
  properties[PROP_COMPARISON] =
    g_param_spec_object ("comparison", NULL, NULL, DAFU_TYPE_COMPARISON,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DafuCompareView:current-pair:
   *
   * The row of the aligned pair last stepped to, or -1.
   */
  properties[PROP_CURRENT_PAIR] =
    g_param_spec_int ("current-pair", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DafuCompareView:selected-phrase:
   *
   * The selected shared phrase (an index into
   * dafu_comparison_get_shared_runs()), or -1.
   */
  properties[PROP_SELECTED_PHRASE] =
    g_param_spec_int ("selected-phrase", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dafu/Dafu/ui/dafu-compare-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DafuCompareView, city_a_label);
  gtk_widget_class_bind_template_child (widget_class, DafuCompareView, title_a_label);
  gtk_widget_class_bind_template_child (widget_class, DafuCompareView, city_b_label);
  gtk_widget_class_bind_template_child (widget_class, DafuCompareView, title_b_label);
  gtk_widget_class_bind_template_child (widget_class, DafuCompareView, similarity_label);
  gtk_widget_class_bind_template_child (widget_class, DafuCompareView, shared_legend);
  gtk_widget_class_bind_template_child (widget_class, DafuCompareView, figure_legend);
  gtk_widget_class_bind_template_child (widget_class, DafuCompareView, pair_label);
  gtk_widget_class_bind_template_child (widget_class, DafuCompareView, header_a_box);
  gtk_widget_class_bind_template_child (widget_class, DafuCompareView, header_b_box);
  gtk_widget_class_bind_template_child (widget_class, DafuCompareView, side_switcher);
  gtk_widget_class_bind_template_child (widget_class, DafuCompareView, side_a_button);
  gtk_widget_class_bind_template_child (widget_class, DafuCompareView, side_b_button);
  gtk_widget_class_bind_template_callback (widget_class, on_side_button_toggled_cb);
  gtk_widget_class_bind_template_child (widget_class, DafuCompareView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DafuCompareView, sections_scrolled);
  gtk_widget_class_bind_template_child (widget_class, DafuCompareView, sections_viewport);
  gtk_widget_class_bind_template_child (widget_class, DafuCompareView, sections_grid);
  gtk_widget_class_bind_template_child (widget_class, DafuCompareView, themes_grid);
  gtk_widget_class_bind_template_child (widget_class, DafuCompareView, figures_grid);

  gtk_widget_class_install_action (widget_class, "compare.next-pair", NULL, next_pair_action);
  gtk_widget_class_install_action (widget_class, "compare.previous-pair", NULL, previous_pair_action);
  gtk_widget_class_install_action (widget_class, "compare.swap", NULL, swap_action);
  gtk_widget_class_install_action (widget_class, "compare.clear-phrase", NULL, clear_phrase_action);
  gtk_widget_class_install_action (widget_class, "compare.export", NULL, export_action);
}

static void
dafu_compare_view_init (DafuCompareView *self)
{
  GtkEventController *shortcuts;
  g_autofree char *shared = NULL;
  g_autofree char *figure = NULL;

  self->pairs = g_array_new (FALSE, FALSE, sizeof (guint));
  self->pending_row = -1;
  self->text_cells = g_ptr_array_new_with_free_func ((GDestroyNotify) text_cell_free);
  self->export_cancellable = g_cancellable_new ();
  self->current_pair = -1;
  self->selected_phrase = -1;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* See dafu_compare_view_size_allocate(). */
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);

  /* The keys work wherever the focus is in the window while the view is
   * shown (the labels in the grid take no focus). */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Down, GDK_ALT_MASK),
                                                          gtk_named_action_new ("compare.next-pair")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Up, GDK_ALT_MASK),
                                                          gtk_named_action_new ("compare.previous-pair")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("compare.clear-phrase")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_e, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("compare.export")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  shared = g_markup_printf_escaped (SHARED_SPAN "%s</span>", _("Shared phrase"));
  figure = g_markup_printf_escaped (FIGURE_SPAN "%s</span>", _("Key figure"));
  gtk_label_set_markup (self->shared_legend, shared);
  gtk_label_set_markup (self->figure_legend, figure);

  update_header (self);
  update_pair_label (self);
  update_actions (self);
}

/**
 * dafu_compare_view_new:
 *
 * Returns: (transfer floating): a new, empty #DafuCompareView
 */
GtkWidget *
dafu_compare_view_new (void)
{
  return g_object_new (DAFU_TYPE_COMPARE_VIEW, NULL);
}

/**
 * dafu_compare_view_get_comparison:
 * @self: a #DafuCompareView
 *
 * Returns: (transfer none) (nullable): the comparison shown
 */
DafuComparison *
dafu_compare_view_get_comparison (DafuCompareView *self)
{
  g_return_val_if_fail (DAFU_IS_COMPARE_VIEW (self), NULL);

  return self->comparison;
}

/**
 * dafu_compare_view_set_comparison:
 * @self: a #DafuCompareView
 * @comparison: (nullable): the comparison to show, or %NULL for none
 *
 * Shows @comparison from its top, with no current pair.
 */
void
dafu_compare_view_set_comparison (DafuCompareView *self,
                                  DafuComparison  *comparison)
{
  g_return_if_fail (DAFU_IS_COMPARE_VIEW (self));
  g_return_if_fail (comparison == NULL || DAFU_IS_COMPARISON (comparison));

  if (!g_set_object (&self->comparison, comparison))
    return;

  self->current_pair = -1;
  self->selected_phrase = -1;
  update_header (self);
  build_sections (self);
  build_themes (self);
  build_figures (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->sections_scrolled), 0);
  update_pair_label (self);
  update_actions (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_PAIR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_PHRASE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARISON]);
}

/**
 * dafu_compare_view_get_current_pair:
 * @self: a #DafuCompareView
 *
 * Returns: the row (an index into dafu_comparison_get_rows()) of the
 *   aligned pair last stepped to, or -1
 */
int
dafu_compare_view_get_current_pair (DafuCompareView *self)
{
  g_return_val_if_fail (DAFU_IS_COMPARE_VIEW (self), -1);

  return self->current_pair;
}

/**
 * dafu_compare_view_next_pair:
 * @self: a #DafuCompareView
 *
 * Scrolls to the next row that pairs a section of each letter: after the
 * current pair while it is in view, else after what is in view.
 */
void
dafu_compare_view_next_pair (DafuCompareView *self)
{
  g_return_if_fail (DAFU_IS_COMPARE_VIEW (self));

  step_pair (self, TRUE);
}

/**
 * dafu_compare_view_previous_pair:
 * @self: a #DafuCompareView
 *
 * Scrolls to the previous row that pairs a section of each letter.
 */
void
dafu_compare_view_previous_pair (DafuCompareView *self)
{
  g_return_if_fail (DAFU_IS_COMPARE_VIEW (self));

  step_pair (self, FALSE);
}

/**
 * dafu_compare_view_get_selected_phrase:
 * @self: a #DafuCompareView
 *
 * Returns: the selected shared phrase, an index into
 *   dafu_comparison_get_shared_runs(), or -1
 */
int
dafu_compare_view_get_selected_phrase (DafuCompareView *self)
{
  g_return_val_if_fail (DAFU_IS_COMPARE_VIEW (self), -1);

  return self->selected_phrase;
}
