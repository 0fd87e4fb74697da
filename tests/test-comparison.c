/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dafu-test-util.h"

#include <string.h>

#include "dafu-comparison.h"
#include "dafu-figure.h"
#include "dafu-parser.h"
#include "dafu-section.h"
#include "dafu-text.h"

/* Two letters side by side: the parts fit together. */

static DafuThemes *themes;


static gboolean
has_theme (GArray *hits,
           guint   theme)
{
  for (guint i = 0; i < hits->len; i++)
    if (g_array_index (hits, DafuThemeHit, i).theme == theme)
      return TRUE;
  return FALSE;
}

static char *
slice (const char *text,
       guint       start,
       guint       end)
{
  const char *from = g_utf8_offset_to_pointer (text, start);

  return g_strndup (from, g_utf8_offset_to_pointer (text, end) - from);
}

static void
test_xianyang_changzhi (void)
{
  g_autoptr(DafuLetter) a = dafu_test_load_sample ("xianyang-2024-39.txt");
  g_autoptr(DafuLetter) b = dafu_test_load_sample ("changzhi-2025-59.txt");
  g_autoptr(DafuComparison) cmp = dafu_comparison_new (a, b, themes, 0);
  GArray *rows = dafu_comparison_get_rows (cmp);
  GArray *shared = dafu_comparison_get_shared_runs (cmp);
  guint paired = 0;

  g_assert_true (dafu_comparison_get_letter (cmp, 0) == a);
  g_assert_cmpfloat (dafu_comparison_get_similarity (cmp), >, 0);
  g_assert_cmpfloat (dafu_comparison_get_similarity (cmp), <, 1);

  for (guint i = 0; i < rows->len; i++)
    paired += g_array_index (rows, DafuAlignedPair, i).a >= 0 &&
              g_array_index (rows, DafuAlignedPair, i).b >= 0;
  g_assert_cmpuint (paired, >=, 4);

  /* The theme table is the sections' themes, read the other way round. */
  for (guint side = 0; side < 2; side++)
    {
      guint n_sections = g_list_model_get_n_items (dafu_letter_get_sections (dafu_comparison_get_letter (cmp, side)));

      for (guint t = 0; t < dafu_themes_get_n_themes (themes); t++)
        {
          GArray *cells = dafu_comparison_get_theme_sections (cmp, side, t);

          for (guint s = 0; s < n_sections; s++)
            {
              gboolean listed = FALSE;

              for (guint c = 0; c < cells->len; c++)
                listed |= g_array_index (cells, guint, c) == s;
              g_assert_true (listed == has_theme (dafu_comparison_get_section_themes (cmp, side, s), t));
            }
        }
    }

  /* Sections are found where their text stands in the letter's; one the
   * parser joined from paragraphs with other white space is not (and is
   * shown unmarked). */
  {
    guint located = 0;

    for (guint i = 0; i < g_list_model_get_n_items (dafu_letter_get_sections (a)); i++)
      {
        g_autoptr(DafuSection) section = g_list_model_get_item (dafu_letter_get_sections (a), i);
        g_autofree char *at = NULL;
        guint start, end;

        if (!dafu_comparison_get_section_range (cmp, 0, i, &start, &end))
          continue;
        at = slice (dafu_letter_get_text (a), start, end);
        g_assert_cmpstr (at, ==, dafu_section_get_text (section));
        located++;
      }
    g_assert_cmpuint (located, >=, 7);
  }

  /* Both letters hold each shared phrase where the runs say. */
  g_assert_cmpuint (shared->len, >, 0);
  for (guint i = 0; i < shared->len; i++)
    {
      const DafuSharedRun *run = &g_array_index (shared, DafuSharedRun, i);
      g_autofree char *in_a = slice (dafu_letter_get_text (a), run->a_start, run->a_end);
      g_autofree char *in_b = slice (dafu_letter_get_text (b), run->b_start, run->b_end);
      g_autofree char *fa = dafu_text_fold (in_a, -1);
      g_autofree char *fb = dafu_text_fold (in_b, -1);

      g_assert_cmpuint (run->length, >=, DAFU_SHARED_DEFAULT_MIN_LENGTH);
      g_test_message ("shared: %s", in_b);
      g_assert_cmpuint (g_utf8_strlen (fa, -1), >=, run->length);
      g_assert_cmpuint (g_utf8_strlen (fb, -1), >=, run->length);
    }

  /* Xianyang's figures include its 266 day-care centres, under facilities. */
  {
    GPtrArray *figures = dafu_comparison_get_figures (cmp, 0);
    gboolean found = FALSE;

    for (guint f = 0; f < figures->len; f++)
      {
        DafuFigure *figure = g_ptr_array_index (figures, f);
        int theme = dafu_comparison_get_figure_theme (cmp, 0, f);

        g_assert_cmpint (theme, <, (int) dafu_themes_get_n_themes (themes));
        if (dafu_figure_get_normalized (figure) == 266)
          {
            found = TRUE;
            g_assert_cmpint (theme, >=, 0);
            g_assert_cmpstr (dafu_themes_get_id (themes, theme), ==, "facilities");
          }
      }
    g_assert_true (found);
  }
}

static void
test_identical (void)
{
  g_autoptr(DafuLetter) a = dafu_test_load_sample ("yulin-2021-114.txt");
  g_autoptr(DafuComparison) cmp = dafu_comparison_new (a, a, themes, 8);
  GArray *rows = dafu_comparison_get_rows (cmp);
  GArray *shared = dafu_comparison_get_shared_runs (cmp);

  g_assert_cmpfloat_with_epsilon (dafu_comparison_get_similarity (cmp), 1.0, 1e-9);
  for (guint i = 0; i < rows->len; i++)
    {
      g_assert_cmpint (g_array_index (rows, DafuAlignedPair, i).a, ==, i);
      g_assert_cmpint (g_array_index (rows, DafuAlignedPair, i).b, ==, i);
    }
  g_assert_cmpuint (shared->len, ==, 1);
  g_assert_cmpuint (dafu_comparison_get_figures (cmp, 0)->len, ==, dafu_comparison_get_figures (cmp, 1)->len);
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_html_report (void)
{
  g_autoptr(DafuLetter) a = dafu_test_load_sample ("xianyang-2024-39.txt");
  g_autoptr(DafuLetter) b = dafu_test_load_sample ("changzhi-2025-59.txt");
  g_autoptr(DafuLetter) odd = dafu_test_load_sample ("jincheng-444.txt");
  g_autoptr(DafuComparison) cmp = dafu_comparison_new (a, b, themes, 0);
  g_autofree char *html = dafu_comparison_to_html (cmp);
  g_autofree char *sections = NULL;
  const char *start, *end;

  g_assert_true (g_utf8_validate (html, -1, NULL));
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (html, "</html>"));

  /* One table row per aligned row, the marks, both letters' headings. */
  start = strstr (html, "<table class=\"sections\">");
  end = start != NULL ? strstr (start, "</table>") : NULL;
  g_assert_nonnull (end);
  sections = g_strndup (start, end - start);
  g_assert_cmpuint (count (sections, "<tr>"), ==, dafu_comparison_get_rows (cmp)->len);
  /* 养老服务从业人员 is shared: marked in both columns. */
  {
    guint marked = 0;

    for (const char *p = strstr (sections, "<mark class=\"shared\">"); p != NULL;
         p = strstr (p + 1, "<mark class=\"shared\">"))
      {
        const char *close = strstr (p, "</mark>");
        g_autofree char *inside = g_strndup (p, close - p);

        marked += strstr (inside, "养老服务从业人员") != NULL;
      }
    g_assert_cmpuint (marked, ==, 2);
  }
  g_assert_nonnull (strstr (sections, "<mark class=\"figure\">266个</mark>"));
  g_assert_nonnull (strstr (html, "三、服务队伍发展壮大"));
  g_assert_nonnull (strstr (html, "关于第三条建议，加强队伍建设"));
  g_assert_cmpuint (count (html, "<mark"), ==, count (html, "</mark>"));

  /* Text from a letter is escaped, never markup. */
  dafu_letter_set_text (odd, "关于<script>alert(1)</script>的 & “答复”");
  dafu_letter_set_field (odd, DAFU_LETTER_FIELD_CITY, "<b>市</b>");
  {
    g_autoptr(DafuComparison) hostile = dafu_comparison_new (a, odd, themes, 0);
    g_autofree char *escaped = dafu_comparison_to_html (hostile);

    g_assert_null (strstr (escaped, "<script>"));
    g_assert_null (strstr (escaped, "<b>市"));
    g_assert_nonnull (strstr (escaped, "&lt;b&gt;市"));
  }
}

static void
test_empty_letter (void)
{
  g_autoptr(DafuLetter) a = dafu_test_load_sample ("jincheng-444.txt");
  g_autoptr(DafuLetter) empty = dafu_letter_new ();
  g_autoptr(DafuComparison) cmp = dafu_comparison_new (a, empty, themes, 8);

  g_assert_cmpfloat (dafu_comparison_get_similarity (cmp), ==, 0);
  g_assert_cmpuint (dafu_comparison_get_shared_runs (cmp)->len, ==, 0);
  g_assert_cmpuint (dafu_comparison_get_figures (cmp, 1)->len, ==, 0);
  g_assert_cmpuint (dafu_comparison_get_rows (cmp)->len, ==,
                    g_list_model_get_n_items (dafu_letter_get_sections (a)));
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  themes = dafu_themes_new_default (&error);
  g_assert_no_error (error);

  g_test_add_func ("/comparison/xianyang-changzhi", test_xianyang_changzhi);
  g_test_add_func ("/comparison/identical", test_identical);
  g_test_add_func ("/comparison/empty-letter", test_empty_letter);
  g_test_add_func ("/comparison/html-report", test_html_report);

  status = g_test_run ();
  g_object_unref (themes);
  return status;
}
