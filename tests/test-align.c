/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dafu-test-util.h"

#include <locale.h>
#include <string.h>

#include "dafu-align.h"
#include "dafu-letter.h"
#include "dafu-parser.h"
#include "dafu-section.h"
#include "dafu-text.h"
#include "dafu-themes.h"

/* Sections aligned by what they say, and the themes they cover. */

typedef struct {
  GPtrArray *texts;      /* heading + body of each section */
  GPtrArray *headings;   /* "" for none */
} Sections;

static void
sections_clear (Sections *s)
{
  g_clear_pointer (&s->texts, g_ptr_array_unref);
  g_clear_pointer (&s->headings, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sections, sections_clear)

static void
load_sections (const char *name,
               Sections   *out)
{
  g_autoptr(DafuLetter) letter = dafu_test_load_sample (name);
  GListModel *sections;

  out->texts = g_ptr_array_new_with_free_func (g_free);
  out->headings = g_ptr_array_new_with_free_func (g_free);
  sections = dafu_letter_get_sections (letter);
  for (guint i = 0; i < g_list_model_get_n_items (sections); i++)
    {
      g_autoptr(DafuSection) section = g_list_model_get_item (sections, i);
      const char *heading = dafu_section_get_heading (section);

      g_ptr_array_add (out->headings, g_strdup (heading != NULL ? heading : ""));
      g_ptr_array_add (out->texts, g_strconcat (heading != NULL ? heading : "", "\n",
                                                dafu_section_get_text (section), NULL));
    }
}

/* The row holding the section of @a whose heading contains @needle. */
static const DafuAlignedPair *
row_of (GArray     *rows,
        Sections   *a,
        const char *needle)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const DafuAlignedPair *row = &g_array_index (rows, DafuAlignedPair, i);

      if (row->a >= 0 && strstr (g_ptr_array_index (a->headings, row->a), needle) != NULL)
        return row;
    }
  g_error ("no section with “%s”", needle);
  return NULL;
}

static void
assert_reading_order (GArray *rows,
                      guint   n_a,
                      guint   n_b)
{
  int last_a = -1, last_b = -1;
  guint seen_a = 0, seen_b = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      const DafuAlignedPair *row = &g_array_index (rows, DafuAlignedPair, i);

      g_assert_true (row->a >= 0 || row->b >= 0);
      if (row->a >= 0)
        {
          g_assert_cmpint (row->a, ==, last_a + 1);
          last_a = row->a;
          seen_a++;
        }
      if (row->b >= 0)
        {
          g_assert_cmpint (row->b, ==, last_b + 1);
          last_b = row->b;
          seen_b++;
        }
      if (row->a < 0 || row->b < 0)
        g_assert_cmpfloat (row->similarity, ==, 0);
    }
  g_assert_cmpuint (seen_a, ==, n_a);
  g_assert_cmpuint (seen_b, ==, n_b);
}

static void
test_xianyang_changzhi (void)
{
  g_auto(Sections) xy = { 0 };
  g_auto(Sections) cz = { 0 };
  g_autoptr(GArray) rows = NULL;
  double overall = -1;

  load_sections ("xianyang-2024-39.txt", &xy);
  load_sections ("changzhi-2025-59.txt", &cz);
  rows = dafu_align_sections ((const char * const *) xy.texts->pdata, xy.texts->len,
                              (const char * const *) cz.texts->pdata, cz.texts->len, &overall);

  for (guint i = 0; i < rows->len; i++)
    {
      const DafuAlignedPair *row = &g_array_index (rows, DafuAlignedPair, i);

      g_test_message ("%-30s | %-30s | %.2f",
                      row->a >= 0 ? (char *) g_ptr_array_index (xy.headings, row->a) : "—",
                      row->b >= 0 ? (char *) g_ptr_array_index (cz.headings, row->b) : "—",
                      row->similarity);
    }
  assert_reading_order (rows, xy.texts->len, cz.texts->len);

  /* Subjects that match are paired: workforce with workforce, medical and
   * elderly care with the service system, facilities with building. */
  {
    const DafuAlignedPair *workforce = row_of (rows, &xy, "服务队伍");
    const DafuAlignedPair *medical = row_of (rows, &xy, "医养结合");
    const DafuAlignedPair *facilities = row_of (rows, &xy, "供给能力");
    const DafuAlignedPair *opening = &g_array_index (rows, DafuAlignedPair, 0);

    g_assert_cmpint (workforce->b, >=, 0);
    g_assert_nonnull (strstr (g_ptr_array_index (cz.headings, workforce->b), "队伍"));
    g_assert_cmpint (medical->b, >=, 0);
    g_assert_nonnull (strstr (g_ptr_array_index (cz.headings, medical->b), "服务体系"));
    g_assert_cmpint (facilities->b, >=, 0);
    g_assert_nonnull (strstr (g_ptr_array_index (cz.headings, facilities->b), "建设力度"));
    /* The openings open both. */
    g_assert_cmpint (opening->a, ==, 0);
    g_assert_cmpint (opening->b, ==, 0);
  }
  g_assert_cmpfloat (overall, >, 0.05);
  g_assert_cmpfloat (overall, <, 0.9);
}

static void
test_identical_and_empty (void)
{
  g_auto(Sections) xy = { 0 };
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GArray) none = NULL;
  double overall = 0;

  load_sections ("xianyang-2024-40.txt", &xy);
  rows = dafu_align_sections ((const char * const *) xy.texts->pdata, xy.texts->len,
                              (const char * const *) xy.texts->pdata, xy.texts->len, &overall);

  /* A letter against itself: every pair on the diagonal, 100 %. */
  g_assert_cmpuint (rows->len, ==, xy.texts->len);
  for (guint i = 0; i < rows->len; i++)
    {
      const DafuAlignedPair *row = &g_array_index (rows, DafuAlignedPair, i);

      g_assert_cmpint (row->a, ==, i);
      g_assert_cmpint (row->b, ==, i);
      g_assert_cmpfloat_with_epsilon (row->similarity, 1.0, 1e-9);
    }
  g_assert_cmpfloat_with_epsilon (overall, 1.0, 1e-9);

  /* Nothing against a letter: all its sections unpaired. */
  none = dafu_align_sections (NULL, 0, (const char * const *) xy.texts->pdata, xy.texts->len, &overall);
  assert_reading_order (none, 0, xy.texts->len);
  g_assert_cmpfloat (overall, ==, 0);
}

static void
test_themes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuThemes) themes = dafu_themes_new_default (&error);
  g_autoptr(GArray) hits = NULL;
  g_autofree char *dir = dafu_test_make_tmp ();
  g_autofree char *bad = g_build_filename (dir, "bad.ini", NULL);
  gboolean meals = FALSE, funding = FALSE;

  g_assert_no_error (error);
  g_assert_cmpuint (dafu_themes_get_n_themes (themes), >=, 13);

  hits = dafu_themes_classify (themes, "全市建成老年食堂 12 个，发放运营补贴 300 万元；ＡＢＣ");
  for (guint i = 0; i < hits->len; i++)
    {
      const char *id = dafu_themes_get_id (themes, g_array_index (hits, DafuThemeHit, i).theme);

      meals |= g_str_equal (id, "meals");
      funding |= g_str_equal (id, "funding");
    }
  g_assert_true (meals);
  g_assert_true (funding);
  g_clear_pointer (&hits, g_array_unref);

  /* White space and width do not hide a keyword. */
  hits = dafu_themes_classify (themes, "医 养\n结合");
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (dafu_themes_get_id (themes, g_array_index (hits, DafuThemeHit, 0).theme), ==, "medical");
  g_clear_pointer (&hits, g_array_unref);

  hits = dafu_themes_classify (themes, "\xff\xfe");
  g_assert_cmpuint (hits->len, ==, 0);

  /* A broken themes file is an error, not a crash. */
  g_assert_true (g_file_set_contents (bad, "[meals]\nName=Meals\n", -1, NULL));
  g_assert_null (dafu_themes_new_from_file (bad, &error));
  g_assert_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_null (dafu_themes_new_from_file ("/nonexistent/themes.ini", &error));
  g_assert_nonnull (error);
  dafu_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/align/xianyang-changzhi", test_xianyang_changzhi);
  g_test_add_func ("/align/identical-and-empty", test_identical_and_empty);
  g_test_add_func ("/align/themes", test_themes);

  return g_test_run ();
}
