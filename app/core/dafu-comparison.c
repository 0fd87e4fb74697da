/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-comparison"

#include "config.h"

#include "dafu-comparison.h"

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
