/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-comparison"

#include "config.h"

#include "dafu-comparison.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dafu-figure.h"
#include "dafu-section.h"

/**
 * DafuComparison:
 *
 * Two letters laid side by side, as the Compare view and `dafu-cli
 * compare` show them: their sections aligned by content (dafu-align.c) with
 * each pair's similarity and the letters' overall one, the themes each
 * section covers and the theme table built from them, the phrases both
 * letters share (dafu-shared.c), and each letter's key figures
 * (dafu-figure.c), each labelled with the theme of the sentence it stands
 * in. Everything is worked out once, when the comparison is made; it is
 * immutable afterwards and may be handed between threads.
 */

struct _DafuComparison
{
  GObject     parent_instance;

  DafuLetter *letters[2];
  DafuThemes *themes;
  double      similarity;
  GArray     *rows;                /* DafuAlignedPair */
  GPtrArray  *section_themes[2];   /* per section: GArray of DafuThemeHit */
  GPtrArray  *theme_sections[2];   /* per theme: GArray of guint section */
  GArray     *shared;              /* DafuSharedRun */
  GPtrArray  *figures[2];          /* DafuFigure */
  GArray     *figure_themes[2];    /* int per figure, -1 for none */
  GArray     *section_ranges[2];   /* 2 × guint per section, G_MAXUINT when not found */
};

G_DEFINE_FINAL_TYPE (DafuComparison, dafu_comparison, G_TYPE_OBJECT)

static void
dafu_comparison_finalize (GObject *object)
{
  DafuComparison *self = (DafuComparison *) object;

  for (guint side = 0; side < 2; side++)
    {
      g_clear_object (&self->letters[side]);
      g_clear_pointer (&self->section_themes[side], g_ptr_array_unref);
      g_clear_pointer (&self->theme_sections[side], g_ptr_array_unref);
      g_clear_pointer (&self->figures[side], g_ptr_array_unref);
      g_clear_pointer (&self->figure_themes[side], g_array_unref);
      g_clear_pointer (&self->section_ranges[side], g_array_unref);
    }
  g_clear_object (&self->themes);
  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->shared, g_array_unref);

  G_OBJECT_CLASS (dafu_comparison_parent_class)->finalize (object);
}

static void
dafu_comparison_class_init (DafuComparisonClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dafu_comparison_finalize;
}

static void
dafu_comparison_init (DafuComparison *self)
{
}

/* A section as the alignment and the themes read it: heading, then body. */
static GPtrArray *
section_texts (DafuLetter *letter)
{
  GListModel *sections = dafu_letter_get_sections (letter);
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (sections); i++)
    {
      g_autoptr(DafuSection) section = g_list_model_get_item (sections, i);
      const char *heading = dafu_section_get_heading (section);
      const char *text = dafu_section_get_text (section);

      g_ptr_array_add (texts, g_strconcat (heading != NULL ? heading : "", "\n",
                                           text != NULL ? text : "", NULL));
    }
  return texts;
}

static gboolean
ends_sentence (gunichar c)
{
  return c == 0x3002 /* 。 */ || c == 0xff1b /* ； */ || c == ';' || c == '\n' ||
         c == 0xff01 /* ！ */ || c == 0xff1f /* ？ */;
}

/* The theme with the most keyword hits in the sentence holding
 * characters @start…@end of @chars, or -1. */
static int
sentence_theme (DafuThemes     *themes,
                const gunichar *chars,
                glong           n_chars,
                guint           start,
                guint           end)
{
  g_autofree char *sentence = NULL;
  g_autoptr(GArray) hits = NULL;
  glong from = MIN ((glong) start, n_chars), to = MIN ((glong) end, n_chars);
  guint best_hits = 0;
  int best = -1;

  while (from > 0 && !ends_sentence (chars[from - 1]))
    from--;
  while (to < n_chars && !ends_sentence (chars[to]))
    to++;

  sentence = g_ucs4_to_utf8 (chars + from, to - from, NULL, NULL, NULL);
  if (sentence == NULL)
    return -1;
  hits = dafu_themes_classify (themes, sentence);
  for (guint i = 0; i < hits->len; i++)
    {
      const DafuThemeHit *hit = &g_array_index (hits, DafuThemeHit, i);

      if (hit->hits > best_hits)
        {
          best_hits = hit->hits;
          best = hit->theme;
        }
    }
  return best;
}

static void
free_array (gpointer array)
{
  g_array_unref (array);
}

/* Where each section's text stands in its letter's full text, in
 * characters; sections come in text order. A section not found gets
 * start == end == G_MAXUINT (no marks). */
static GArray *
locate_sections (DafuLetter *letter)
{
  GListModel *sections = dafu_letter_get_sections (letter);
  const char *text = dafu_letter_get_text (letter);
  const char *cursor = text != NULL && g_utf8_validate (text, -1, NULL) ? text : "";
  guint cursor_chars = 0;
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < g_list_model_get_n_items (sections); i++)
    {
      g_autoptr(DafuSection) section = g_list_model_get_item (sections, i);
      const char *body = dafu_section_get_text (section);
      const char *found = body != NULL && *body != '\0' ? strstr (cursor, body) : NULL;
      guint range[2] = { G_MAXUINT, G_MAXUINT };

      if (found != NULL)
        {
          range[0] = cursor_chars + (guint) g_utf8_strlen (cursor, found - cursor);
          range[1] = range[0] + (guint) g_utf8_strlen (body, -1);
          cursor = found + strlen (body);
          cursor_chars = range[1];
        }
      g_array_append_vals (ranges, range, 2);
    }
  return ranges;
}

/**
 * dafu_comparison_new:
 * @a: the first letter, with its sections (as dafu_library_get_letter() gives it)
 * @b: the second letter
 * @themes: the themes to mark sections and figures with
 * @min_run: the shortest shared phrase, in characters (0 for the default, 8)
 *
 * Compares the two letters; this takes a few milliseconds for letters of
 * the usual size, so a window does it on a worker thread.
 *
 * Returns: (transfer full): the comparison
 */
DafuComparison *
dafu_comparison_new (DafuLetter *a,
                     DafuLetter *b,
                     DafuThemes *themes,
                     guint       min_run)
{
  DafuComparison *self;
  g_autoptr(GPtrArray) texts_a = NULL;
  g_autoptr(GPtrArray) texts_b = NULL;
  GPtrArray *texts[2];

  g_return_val_if_fail (DAFU_IS_LETTER (a), NULL);
  g_return_val_if_fail (DAFU_IS_LETTER (b), NULL);
  g_return_val_if_fail (DAFU_IS_THEMES (themes), NULL);

  self = g_object_new (DAFU_TYPE_COMPARISON, NULL);
  self->letters[0] = g_object_ref (a);
  self->letters[1] = g_object_ref (b);
  self->themes = g_object_ref (themes);

  texts[0] = texts_a = section_texts (a);
  texts[1] = texts_b = section_texts (b);
  self->section_ranges[0] = locate_sections (a);
  self->section_ranges[1] = locate_sections (b);

  for (guint side = 0; side < 2; side++)
    {
      guint n_themes = dafu_themes_get_n_themes (themes);

      self->section_themes[side] = g_ptr_array_new_with_free_func (free_array);
      self->theme_sections[side] = g_ptr_array_new_with_free_func (free_array);
      for (guint t = 0; t < n_themes; t++)
        g_ptr_array_add (self->theme_sections[side], g_array_new (FALSE, FALSE, sizeof (guint)));

      for (guint i = 0; i < texts[side]->len; i++)
        {
          GArray *hits = dafu_themes_classify (themes, g_ptr_array_index (texts[side], i));

          g_ptr_array_add (self->section_themes[side], hits);
          for (guint h = 0; h < hits->len; h++)
            g_array_append_val (g_ptr_array_index (self->theme_sections[side],
                                                   g_array_index (hits, DafuThemeHit, h).theme), i);
        }
    }

  self->rows = dafu_align_sections ((const char * const *) texts[0]->pdata, texts[0]->len,
                                    (const char * const *) texts[1]->pdata, texts[1]->len,
                                    &self->similarity);

  self->shared = dafu_shared_runs (dafu_letter_get_text (a) ? dafu_letter_get_text (a) : "",
                                   dafu_letter_get_text (b) ? dafu_letter_get_text (b) : "",
                                   min_run > 0 ? min_run : DAFU_SHARED_DEFAULT_MIN_LENGTH);

  for (guint side = 0; side < 2; side++)
    {
      const char *text = dafu_letter_get_text (self->letters[side]);
      g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
      glong n_chars = 0;
      g_autofree gunichar *chars = g_utf8_to_ucs4_fast (valid, -1, &n_chars);

      self->figures[side] = dafu_figures_extract (valid);
      self->figure_themes[side] = g_array_new (FALSE, FALSE, sizeof (int));
      for (guint f = 0; f < self->figures[side]->len; f++)
        {
          DafuFigure *figure = g_ptr_array_index (self->figures[side], f);
          int theme = sentence_theme (themes, chars, n_chars,
                                      dafu_figure_get_start (figure), dafu_figure_get_end (figure));

          g_array_append_val (self->figure_themes[side], theme);
        }
    }

  return self;
}

/**
 * dafu_comparison_get_letter:
 * @side: 0 for the first letter, 1 for the second
 *
 * Returns: (transfer none): the letter
 */
DafuLetter *
dafu_comparison_get_letter (DafuComparison *self,
                            guint           side)
{
  g_return_val_if_fail (DAFU_IS_COMPARISON (self), NULL);
  g_return_val_if_fail (side < 2, NULL);

  return self->letters[side];
}

/**
 * dafu_comparison_get_themes:
 *
 * Returns: (transfer none): the themes the sections were marked with
 */
DafuThemes *
dafu_comparison_get_themes (DafuComparison *self)
{
  g_return_val_if_fail (DAFU_IS_COMPARISON (self), NULL);

  return self->themes;
}

/**
 * dafu_comparison_get_similarity:
 *
 * Returns: how alike the letters are, 0 … 1 (see dafu_align_sections())
 */
double
dafu_comparison_get_similarity (DafuComparison *self)
{
  g_return_val_if_fail (DAFU_IS_COMPARISON (self), 0);

  return self->similarity;
}

/**
 * dafu_comparison_get_rows:
 *
 * Returns: (transfer none) (element-type DafuAlignedPair): the aligned rows,
 *   in reading order; section indices are those of dafu_letter_get_sections()
 */
GArray *
dafu_comparison_get_rows (DafuComparison *self)
{
  g_return_val_if_fail (DAFU_IS_COMPARISON (self), NULL);

  return self->rows;
}

/**
 * dafu_comparison_get_section_themes:
 *
 * Returns: (transfer none) (element-type DafuThemeHit): the themes section
 *   @section of letter @side covers
 */
GArray *
dafu_comparison_get_section_themes (DafuComparison *self,
                                    guint           side,
                                    guint           section)
{
  g_return_val_if_fail (DAFU_IS_COMPARISON (self), NULL);
  g_return_val_if_fail (side < 2, NULL);
  g_return_val_if_fail (section < self->section_themes[side]->len, NULL);

  return g_ptr_array_index (self->section_themes[side], section);
}

/**
 * dafu_comparison_get_theme_sections:
 *
 * A cell of the theme table.
 *
 * Returns: (transfer none) (element-type guint): the sections of letter
 *   @side that cover @theme, empty when the letter leaves it out
 */
GArray *
dafu_comparison_get_theme_sections (DafuComparison *self,
                                    guint           side,
                                    guint           theme)
{
  g_return_val_if_fail (DAFU_IS_COMPARISON (self), NULL);
  g_return_val_if_fail (side < 2, NULL);
  g_return_val_if_fail (theme < self->theme_sections[side]->len, NULL);

  return g_ptr_array_index (self->theme_sections[side], theme);
}

/**
 * dafu_comparison_get_section_range:
 * @start: (out): the character offset of the section's text in the letter's text
 * @end: (out): the offset after it
 *
 * Where section @section of letter @side stands in its letter's text, so
 * that shared runs and figures (offsets in the whole text) can be marked in
 * it.
 *
 * Returns: %FALSE when the section's text was not found in the letter's
 */
gboolean
dafu_comparison_get_section_range (DafuComparison *self,
                                   guint           side,
                                   guint           section,
                                   guint          *start,
                                   guint          *end)
{
  g_return_val_if_fail (DAFU_IS_COMPARISON (self), FALSE);
  g_return_val_if_fail (side < 2, FALSE);

  if (section >= self->section_ranges[side]->len / 2 ||
      g_array_index (self->section_ranges[side], guint, 2 * section) == G_MAXUINT)
    return FALSE;
  *start = g_array_index (self->section_ranges[side], guint, 2 * section);
  *end = g_array_index (self->section_ranges[side], guint, 2 * section + 1);
  return TRUE;
}

/**
 * dafu_comparison_get_shared_runs:
 *
 * Returns: (transfer none) (element-type DafuSharedRun): the phrases both
 *   letters' texts share, offsets in characters of each letter's text
 */
GArray *
dafu_comparison_get_shared_runs (DafuComparison *self)
{
  g_return_val_if_fail (DAFU_IS_COMPARISON (self), NULL);

  return self->shared;
}

/**
 * dafu_comparison_get_figures:
 *
 * Returns: (transfer none) (element-type DafuFigure): letter @side's key
 *   figures, in text order
 */
GPtrArray *
dafu_comparison_get_figures (DafuComparison *self,
                             guint           side)
{
  g_return_val_if_fail (DAFU_IS_COMPARISON (self), NULL);
  g_return_val_if_fail (side < 2, NULL);

  return self->figures[side];
}

/**
 * dafu_comparison_get_figure_theme:
 *
 * Returns: the theme of the sentence figure @figure of letter @side stands
 *   in, or -1 when it has none
 */
int
dafu_comparison_get_figure_theme (DafuComparison *self,
                                  guint           side,
                                  guint           figure)
{
  g_return_val_if_fail (DAFU_IS_COMPARISON (self), -1);
  g_return_val_if_fail (side < 2, -1);
  g_return_val_if_fail (figure < self->figure_themes[side]->len, -1);

  return g_array_index (self->figure_themes[side], int, figure);
}

/* ----------------------------------------------------------------------- *
 * The report
 * ----------------------------------------------------------------------- */

enum {
  MARK_SHARED = 1 << 0,
  MARK_FIGURE = 1 << 1,
};

static void
append_escaped (GString    *out,
                const char *text,
                gssize      len)
{
  g_autofree char *escaped = g_markup_escape_text (text, len);

  g_string_append (out, escaped);
}

/* The section's body with its shared phrases and figures marked. */
static void
append_marked_body (GString        *out,
                    DafuComparison *self,
                    guint           side,
                    const char     *body,
                    guint           start)
{
  glong n_chars = g_utf8_strlen (body, -1);
  g_autofree guint8 *marks = g_new0 (guint8, MAX (n_chars, 1));
  GPtrArray *figures = self->figures[side];
  const char *p = body;
  glong i = 0;

  if (start != G_MAXUINT)
    {
      for (guint r = 0; r < self->shared->len; r++)
        {
          const DafuSharedRun *run = &g_array_index (self->shared, DafuSharedRun, r);
          guint from = side == 0 ? run->a_start : run->b_start;
          guint to = side == 0 ? run->a_end : run->b_end;

          for (guint c = MAX (from, start); c < to && c < start + n_chars; c++)
            marks[c - start] |= MARK_SHARED;
        }
      for (guint f = 0; f < figures->len; f++)
        {
          DafuFigure *figure = g_ptr_array_index (figures, f);

          for (guint c = MAX (dafu_figure_get_start (figure), start);
               c < dafu_figure_get_end (figure) && c < start + n_chars; c++)
            marks[c - start] |= MARK_FIGURE;
        }
    }

  /* Runs of characters with the same marks; a new line starts a paragraph. */
  g_string_append (out, "<p>");
  while (i < n_chars)
    {
      guint8 mark = marks[i];
      const char *run_start = p;

      if (*p == '\n')
        {
          g_string_append (out, "</p><p>");
          p++;
          i++;
          continue;
        }
      while (i < n_chars && marks[i] == mark && *p != '\n')
        {
          p = g_utf8_next_char (p);
          i++;
        }
      if (mark & MARK_SHARED)
        g_string_append (out, "<mark class=\"shared\">");
      if (mark & MARK_FIGURE)
        g_string_append (out, "<mark class=\"figure\">");
      append_escaped (out, run_start, p - run_start);
      if (mark & MARK_FIGURE)
        g_string_append (out, "</mark>");
      if (mark & MARK_SHARED)
        g_string_append (out, "</mark>");
    }
  g_string_append (out, "</p>");
}

static void
append_letter_heading (GString    *out,
                       DafuLetter *letter)
{
  const char *city = dafu_letter_get_field (letter, DAFU_LETTER_FIELD_CITY);
  const char *title = dafu_letter_get_title (letter);
  const char *date = dafu_letter_get_field (letter, DAFU_LETTER_FIELD_DATE);

  g_string_append (out, "<div class=\"city\">");
  append_escaped (out, city != NULL ? city : "—", -1);
  if (date != NULL)
    {
      g_string_append (out, " · ");
      append_escaped (out, date, -1);
    }
  g_string_append (out, "</div><div class=\"title\">");
  append_escaped (out, title != NULL ? title : "—", -1);
  g_string_append (out, "</div>");
}

static const char *
kind_name (DafuSectionKind kind)
{
  switch (kind)
    {
    case DAFU_SECTION_KIND_OPENING:
      return _("Opening");
    case DAFU_SECTION_KIND_CLOSING:
      return _("Closing");
    case DAFU_SECTION_KIND_SIGNATURE:
      return _("Signature");
    case DAFU_SECTION_KIND_FOOTER:
      return _("Copies and Notes");
    case DAFU_SECTION_KIND_MEASURE:
    case DAFU_SECTION_KIND_PROBLEM:
    case DAFU_SECTION_KIND_PLAN:
    default:
      return _("Untitled Part");
    }
}

static void
append_section_cell (GString        *out,
                     DafuComparison *self,
                     guint           side,
                     int             index)
{
  g_autoptr(DafuSection) section = NULL;
  const char *heading;

  if (index < 0)
    {
      g_string_append_printf (out, "<td class=\"gap\">%s</td>", _("No matching section"));
      return;
    }

  section = g_list_model_get_item (dafu_letter_get_sections (self->letters[side]), index);
  heading = dafu_section_get_heading (section);
  g_string_append_printf (out, "<td><h3><span class=\"number\">§%d</span> ", index + 1);
  append_escaped (out, heading != NULL ? heading : kind_name (dafu_section_get_kind (section)), -1);
  g_string_append (out, "</h3>");
  append_marked_body (out, self, side,
                      dafu_section_get_text (section) != NULL ? dafu_section_get_text (section) : "",
                      g_array_index (self->section_ranges[side], guint, 2 * index));
  g_string_append (out, "</td>");
}

static void
append_section_list (GString *out,
                     GArray  *sections)
{
  if (sections->len == 0)
    {
      g_string_append_printf (out, "<td class=\"gap\">%s</td>", _("Gap"));
      return;
    }
  g_string_append (out, "<td>");
  for (guint i = 0; i < sections->len; i++)
    g_string_append_printf (out, "%s§%u", i > 0 ? ", " : "", g_array_index (sections, guint, i) + 1);
  g_string_append (out, "</td>");
}

static void
append_figure_list (GString        *out,
                    DafuComparison *self,
                    guint           side,
                    int             theme)
{
  gboolean any = FALSE;

  g_string_append (out, "<td>");
  for (guint f = 0; f < self->figures[side]->len; f++)
    {
      DafuFigure *figure = g_ptr_array_index (self->figures[side], f);
      const char *label = dafu_figure_get_label (figure);

      if (g_array_index (self->figure_themes[side], int, f) != theme)
        continue;
      g_string_append (out, "<div>");
      if (label != NULL)
        {
          append_escaped (out, label, -1);
          g_string_append (out, " ");
        }
      g_string_append (out, "<strong>");
      append_escaped (out, dafu_figure_get_text (figure), -1);
      g_string_append (out, "</strong></div>");
      any = TRUE;
    }
  if (!any)
    g_string_append (out, "—");
  g_string_append (out, "</td>");
}

/**
 * dafu_comparison_to_html:
 * @self: a comparison
 *
 * The comparison as a report a clerk can keep, print or send: one HTML
 * document (UTF-8, its style inside) with both letters' aligned sections in
 * two columns, shared phrases and key figures marked, each pair's and the
 * overall similarity, the theme table and the figures side by side.
 *
 * Returns: (transfer full): the document
 */
char *
dafu_comparison_to_html (DafuComparison *self)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *page_title = NULL;

  g_return_val_if_fail (DAFU_IS_COMPARISON (self), NULL);

  page_title = g_strdup_printf (_("%s and %s compared"),
                                dafu_letter_get_field (self->letters[0], DAFU_LETTER_FIELD_CITY) ?: "—",
                                dafu_letter_get_field (self->letters[1], DAFU_LETTER_FIELD_CITY) ?: "—");

  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
  append_escaped (out, page_title, -1);
  g_string_append (out,
                   "</title>\n<style>\n"
                   "body { font-family: \"Noto Sans CJK SC\", \"Source Han Sans SC\", sans-serif;"
                   " margin: 2em; color: #222; line-height: 1.7; }\n"
                   "h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 2em; }\n"
                   "h3 { font-size: 1em; margin: 0 0 .4em; } .number { color: #888; font-weight: normal; }\n"
                   "table { border-collapse: collapse; width: 100%; }\n"
                   "td, th { border: 1px solid #ddd; padding: .5em .7em; vertical-align: top; text-align: left; }\n"
                   "th { background: #f4f4f4; } td p { margin: 0 0 .5em; }\n"
                   "td.similarity { text-align: center; color: #1c71d8; white-space: nowrap; }\n"
                   "td.gap { color: #999; font-style: italic; }\n"
                   ".city { color: #1c71d8; font-size: .9em; } .title { font-weight: bold; }\n"
                   "mark.shared { background: #f9e79f; } mark.figure { background: #c6dcf7; font-weight: bold; }\n"
                   ".overall { font-size: 1.2em; }\n"
                   "@media print { body { margin: 0; } tr { page-break-inside: avoid; } }\n"
                   "</style>\n</head>\n<body>\n<h1>");
  append_escaped (out, page_title, -1);
  g_string_append (out, "</h1>\n<table class=\"letters\"><tr><td>");
  append_letter_heading (out, self->letters[0]);
  g_string_append (out, "</td><td>");
  append_letter_heading (out, self->letters[1]);
  g_string_append (out, "</td></tr></table>\n<p class=\"overall\">");
  {
    g_autofree char *similarity = g_strdup_printf (_("Similarity: %.0f %%"), self->similarity * 100);
    append_escaped (out, similarity, -1);
  }
  g_string_append_printf (out, " · <mark class=\"shared\">%s</mark> · <mark class=\"figure\">%s</mark></p>\n",
                          _("Shared phrase"), _("Key figure"));

  /* The sections, pair by pair. */
  g_string_append_printf (out, "<h2>%s</h2>\n<table class=\"sections\">\n", _("Sections"));
  for (guint i = 0; i < self->rows->len; i++)
    {
      const DafuAlignedPair *row = &g_array_index (self->rows, DafuAlignedPair, i);

      g_string_append (out, "<tr>");
      append_section_cell (out, self, 0, row->a);
      if (row->a >= 0 && row->b >= 0)
        g_string_append_printf (out, "<td class=\"similarity\">%.0f %%</td>", row->similarity * 100);
      else
        g_string_append (out, "<td class=\"similarity\"></td>");
      append_section_cell (out, self, 1, row->b);
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</table>\n");

  /* The themes: which sections of each letter cover them. */
  g_string_append_printf (out, "<h2>%s</h2>\n<table class=\"themes\"><tr><th>%s</th><th>",
                          _("Themes"), _("Theme"));
  append_escaped (out, dafu_letter_get_field (self->letters[0], DAFU_LETTER_FIELD_CITY) ?: "A", -1);
  g_string_append (out, "</th><th>");
  append_escaped (out, dafu_letter_get_field (self->letters[1], DAFU_LETTER_FIELD_CITY) ?: "B", -1);
  g_string_append (out, "</th></tr>\n");
  for (guint t = 0; t < dafu_themes_get_n_themes (self->themes); t++)
    {
      GArray *in_a = g_ptr_array_index (self->theme_sections[0], t);
      GArray *in_b = g_ptr_array_index (self->theme_sections[1], t);

      if (in_a->len == 0 && in_b->len == 0)
        continue;
      g_string_append (out, "<tr><td>");
      append_escaped (out, dafu_themes_get_name (self->themes, t), -1);
      g_string_append (out, "</td>");
      append_section_list (out, in_a);
      append_section_list (out, in_b);
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</table>\n");

  /* The key figures by theme. */
  g_string_append_printf (out, "<h2>%s</h2>\n<table class=\"figures\"><tr><th>%s</th><th>",
                          _("Key Figures"), _("Theme"));
  append_escaped (out, dafu_letter_get_field (self->letters[0], DAFU_LETTER_FIELD_CITY) ?: "A", -1);
  g_string_append (out, "</th><th>");
  append_escaped (out, dafu_letter_get_field (self->letters[1], DAFU_LETTER_FIELD_CITY) ?: "B", -1);
  g_string_append (out, "</th></tr>\n");
  for (int t = 0; t <= (int) dafu_themes_get_n_themes (self->themes); t++)
    {
      /* Figures without a theme come last. */
      int theme = t < (int) dafu_themes_get_n_themes (self->themes) ? t : -1;
      gboolean any = FALSE;

      for (guint side = 0; side < 2 && !any; side++)
        for (guint f = 0; f < self->figure_themes[side]->len && !any; f++)
          any = g_array_index (self->figure_themes[side], int, f) == theme;
      if (!any)
        continue;
      g_string_append (out, "<tr><td>");
      append_escaped (out, theme >= 0 ? dafu_themes_get_name (self->themes, theme) : _("Other"), -1);
      g_string_append (out, "</td>");
      append_figure_list (out, self, 0, theme);
      append_figure_list (out, self, 1, theme);
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</table>\n</body>\n</html>\n");

  return g_string_free (g_steal_pointer (&out), FALSE);
}
