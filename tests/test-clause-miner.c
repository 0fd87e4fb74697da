/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dafu-test-util.h"

#include <gio/gio.h>
#include <string.h>

#include "dafu-clause-miner.h"
#include "dafu-placeholder.h"
#include "dafu-section.h"
#include "dafu-text.h"
#include "dafu-themes.h"

/* The clause miner on the five sample letters: the formulas they share
 * come out with placeholders for each letter's facts, every measure with
 * its themes and city, and bad input never stops it. */

static const char * const SAMPLES[] = {
  "changzhi-2025-59.txt",
  "jincheng-444.txt",
  "xianyang-2024-39.txt",
  "xianyang-2024-40.txt",
  "yulin-2021-114.txt",
};

enum { CHANGZHI, JINCHENG, XIANYANG_39, XIANYANG_40, YULIN };

/* Letter ids as the library would give them: 101, 102, … */
#define SAMPLE_ID(i) ((gint64) (101 + (i)))

static GPtrArray *
load_samples (void)
{
  GPtrArray *letters = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (SAMPLES); i++)
    {
      DafuLetter *letter = dafu_test_load_sample (SAMPLES[i]);

      dafu_letter_set_id (letter, SAMPLE_ID (i));
      g_ptr_array_add (letters, letter);
    }

  return letters;
}

static GPtrArray *
mine (GPtrArray *letters)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuThemes) themes = dafu_themes_new_default (&error);
  GPtrArray *clauses;

  g_assert_no_error (error);
  clauses = dafu_clause_miner_mine (letters, themes, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (clauses);
  return clauses;
}

/* The only clause of @kind whose text contains @needle. */
static DafuClause *
find_clause (GPtrArray      *clauses,
             DafuClauseKind  kind,
             const char     *needle)
{
  DafuClause *found = NULL;

  for (guint i = 0; i < clauses->len; i++)
    {
      DafuClause *clause = g_ptr_array_index (clauses, i);

      if (dafu_clause_get_kind (clause) == kind &&
          strstr (dafu_clause_get_text (clause), needle) != NULL)
        {
          g_assert_null (found);
          found = clause;
        }
    }

  g_assert_nonnull (found);
  return found;
}

static void
assert_sources (DafuClause *clause,
                ...)
{
  va_list args;
  guint n_sources;
  const gint64 *sources = dafu_clause_get_sources (clause, &n_sources);
  guint n = 0;
  int which;

  va_start (args, clause);
  while ((which = va_arg (args, int)) >= 0)
    {
      gboolean seen = FALSE;

      for (guint i = 0; i < n_sources; i++)
        seen |= sources[i] == SAMPLE_ID (which);
      g_assert_true (seen);
      n++;
    }
  va_end (args);

  g_assert_cmpuint (n_sources, ==, n);
  g_assert_cmpuint (dafu_clause_get_n_letters (clause), ==, n);
}

/* The text of the first paragraph of @letter's opening section. */
static char *
opening_paragraph (DafuLetter *letter)
{
  GListModel *sections = dafu_letter_get_sections (letter);

  for (guint i = 0; i < g_list_model_get_n_items (sections); i++)
    {
      g_autoptr(DafuSection) section = g_list_model_get_item (sections, i);

      if (dafu_section_get_kind (section) == DAFU_SECTION_KIND_OPENING)
        {
          const char *text = dafu_section_get_text (section);
          const char *end = strchr (text, '\n');

          return end != NULL ? g_strndup (text, end - text) : g_strdup (text);
        }
    }

  g_assert_not_reached ();
  return NULL;
}

static char *
fill_from (DafuClause *clause,
           DafuLetter *letter)
{
  g_autoptr(GHashTable) values = dafu_placeholders_values_from_letter (letter);
  g_autoptr(GPtrArray) unfilled = NULL;
  char *filled = dafu_placeholders_fill (dafu_clause_get_text (clause), values, &unfilled);

  g_assert_cmpuint (unfilled->len, ==, 0);
  return filled;
}

static void
test_openings (void)
{
  g_autoptr(GPtrArray) letters = load_samples ();
  g_autoptr(GPtrArray) clauses = mine (letters);
  DafuClause *formula, *xianyang;
  g_autofree char *filled = NULL;
  g_autofree char *expected = NULL;

  /* 您提出的《…》收悉，经研究，现答复如下 in Jincheng and Changzhi, and
   * Yulin's 您提出的《…》（第88号）收悉。现答复如下 is the same formula. */
  formula = find_clause (clauses, DAFU_CLAUSE_KIND_OPENING, "收悉");
  assert_sources (formula, CHANGZHI, JINCHENG, YULIN, -1);
  g_assert_true (g_str_has_prefix (dafu_clause_get_text (formula), "您提出的《{建议标题}》收悉"));
  g_assert_nonnull (strstr (dafu_clause_get_text (formula), "现答复如下"));
  g_assert_true (dafu_clause_get_mined (formula));
  g_assert_cmpint (dafu_clause_get_id (formula), ==, 0);
  g_assert_true (g_strv_contains (dafu_clause_get_cities (formula), "晋城市"));
  g_assert_true (g_strv_contains (dafu_clause_get_cities (formula), "榆林市"));
  g_assert_true (g_strv_contains (dafu_clause_get_cities (formula), "长治市"));
  g_assert_cmpuint (g_strv_length ((char **) dafu_clause_get_cities (formula)), ==, 3);
  g_assert_true (g_str_has_prefix (dafu_clause_get_title (formula), "您提出的《{建议标题}》"));
  g_assert_true (g_str_has_suffix (dafu_clause_get_title (formula), "…"));

  /* The chosen variant fills back to its own letter's words. */
  filled = fill_from (formula, g_ptr_array_index (letters, CHANGZHI));
  expected = opening_paragraph (g_ptr_array_index (letters, CHANGZHI));
  g_assert_cmpstr (filled, ==, expected);
  g_clear_pointer (&filled, g_free);
  g_clear_pointer (&expected, g_free);

  /* Xianyang's own acknowledgement, in both its letters. */
  xianyang = find_clause (clauses, DAFU_CLAUSE_KIND_OPENING, "交由市民政局办理");
  assert_sources (xianyang, XIANYANG_39, XIANYANG_40, -1);
  g_assert_cmpstr (dafu_clause_get_cities (xianyang)[0], ==, "咸阳市");
  g_assert_null (dafu_clause_get_cities (xianyang)[1]);
  g_assert_nonnull (strstr (dafu_clause_get_text (xianyang), "提出的“{建议标题}”"));
  g_assert_nonnull (strstr (dafu_clause_get_text (xianyang), "《关于对{会议}第{建议编号}号建议的答复函》"));

  for (guint i = XIANYANG_39; i <= XIANYANG_40; i++)
    {
      DafuLetter *letter = g_ptr_array_index (letters, i);

      filled = fill_from (xianyang, letter);
      expected = opening_paragraph (letter);
      g_assert_cmpstr (filled, ==, expected);
      g_assert_nonnull (strstr (filled, dafu_letter_get_title (letter)));
      g_clear_pointer (&filled, g_free);
      g_clear_pointer (&expected, g_free);
    }
  filled = fill_from (xianyang, g_ptr_array_index (letters, XIANYANG_39));
  g_assert_nonnull (strstr (filled, "“关于推进社区居家养老服务体系建设的建议”"));
  g_assert_nonnull (strstr (filled, "第304号建议的答复函"));

  /* Its sentences are not offered again one by one. */
  for (guint i = 0; i < clauses->len; i++)
    {
      const char *text = dafu_clause_get_text (g_ptr_array_index (clauses, i));

      g_assert_false (g_str_has_prefix (text, "局党组高度重视"));
      g_assert_false (g_str_has_prefix (text, "根据您的建议要求"));
    }
}

static void
test_closings_and_contact (void)
{
  g_autoptr(GPtrArray) letters = load_samples ();
  g_autoptr(GPtrArray) clauses = mine (letters);
  DafuClause *clause;

  /* 感谢您对养老工作的关心和支持，欢迎今后提出更多宝贵意见 (Jincheng) and
   * 感谢您对市民政局工作的关心与支持,并欢迎今后提出更多的宝贵意见 (Changzhi). */
  clause = find_clause (clauses, DAFU_CLAUSE_KIND_CLOSING, "感谢您对");
  assert_sources (clause, CHANGZHI, JINCHENG, -1);
  g_assert_nonnull (strstr (dafu_clause_get_text (clause), "宝贵意见"));
  g_assert_true (g_strv_contains (dafu_clause_get_cities (clause), "晋城市"));

  /* Yulin's 专此答复 and Changzhi's 是否满意 are each in one letter only. */
  for (guint i = 0; i < clauses->len; i++)
    {
      const char *text = dafu_clause_get_text (g_ptr_array_index (clauses, i));

      g_assert_null (strstr (text, "专此答复"));
      g_assert_null (strstr (text, "是否满意"));
    }

  clause = find_clause (clauses, DAFU_CLAUSE_KIND_CONTACT, "联系单位及电话");
  g_assert_cmpstr (dafu_clause_get_text (clause), ==, "联系单位及电话：{联系人} {联系电话}");
  assert_sources (clause, XIANYANG_39, XIANYANG_40, -1);

  clause = find_clause (clauses, DAFU_CLAUSE_KIND_CONTACT, "联系电话：");
  g_assert_cmpstr (dafu_clause_get_text (clause), ==, "联系电话：{联系电话}");
  assert_sources (clause, CHANGZHI, JINCHENG, -1);

  clause = find_clause (clauses, DAFU_CLAUSE_KIND_FOOTER, "抄送");
  g_assert_cmpstr (dafu_clause_get_text (clause), ==, "抄送：{抄送}");
  assert_sources (clause, XIANYANG_39, XIANYANG_40, YULIN, -1);

  /* 下一步，我们将重点做好以下几点工作 / 下一步将重点做好以下几点工作 */
  clause = find_clause (clauses, DAFU_CLAUSE_KIND_PLAN, "重点做好以下几点工作");
  assert_sources (clause, XIANYANG_39, XIANYANG_40, -1);
}

static void
test_no_facts_remain (void)
{
  g_autoptr(GPtrArray) letters = load_samples ();
  g_autoptr(GPtrArray) clauses = mine (letters);
  static const DafuLetterField facts[] = {
    DAFU_LETTER_FIELD_ADDRESSEE, DAFU_LETTER_FIELD_TITLE, DAFU_LETTER_FIELD_SESSION,
    DAFU_LETTER_FIELD_ISSUER, DAFU_LETTER_FIELD_CONTACT, DAFU_LETTER_FIELD_CONTACT_PHONE,
    DAFU_LETTER_FIELD_DOC_NUMBER, DAFU_LETTER_FIELD_CC,
  };
  guint n_recurring = 0;
  gboolean title_seen = FALSE;

  for (guint i = 0; i < clauses->len; i++)
    {
      DafuClause *clause = g_ptr_array_index (clauses, i);
      const char *text = dafu_clause_get_text (clause);

      if (dafu_clause_get_n_letters (clause) < 2)
        continue;
      n_recurring++;
      title_seen |= strstr (text, "{建议标题}") != NULL;

      for (guint l = 0; l < letters->len; l++)
        for (guint f = 0; f < G_N_ELEMENTS (facts); f++)
          {
            const char *value = dafu_letter_get_field (g_ptr_array_index (letters, l), facts[f]);

            if (value != NULL)
              g_assert_null (strstr (text, value));
          }
      g_assert_null (strstr (text, "2024年5月8日"));
      g_assert_null (strstr (text, "2021年8月23日"));
      g_assert_null (strstr (text, "刘亚宁"));
      g_assert_null (strstr (text, "杨军"));
      g_assert_null (strstr (text, "李蕾"));
    }

  g_assert_cmpuint (n_recurring, >=, 8);
  g_assert_true (title_seen);
}

static void
test_measures (void)
{
  g_autoptr(GPtrArray) letters = load_samples ();
  g_autoptr(GPtrArray) clauses = mine (letters);
  DafuClause *smart;
  guint n_measures = 0;
  guint n_plans = 0;

  for (guint i = 0; i < clauses->len; i++)
    {
      DafuClause *clause = g_ptr_array_index (clauses, i);
      DafuClauseKind kind = dafu_clause_get_kind (clause);
      const gint64 *sources;
      guint n_sources;
      DafuLetter *letter;

      /* Ordered by kind, then by the letters using them. */
      if (i > 0)
        {
          DafuClause *before = g_ptr_array_index (clauses, i - 1);

          g_assert_cmpint (dafu_clause_get_kind (before), <=, kind);
          if (dafu_clause_get_kind (before) == kind)
            g_assert_cmpuint (dafu_clause_get_n_letters (before), >=,
                              dafu_clause_get_n_letters (clause));
        }

      if (kind == DAFU_CLAUSE_KIND_PLAN && dafu_clause_get_n_letters (clause) == 1)
        n_plans++;
      if (kind != DAFU_CLAUSE_KIND_MEASURE)
        continue;

      n_measures++;
      g_assert_cmpuint (g_utf8_strlen (dafu_clause_get_text (clause), -1), >=, 12);
      g_assert_cmpuint (g_strv_length ((char **) dafu_clause_get_themes (clause)), >=, 1);
      g_assert_cmpuint (g_strv_length ((char **) dafu_clause_get_themes (clause)), <=, 3);
      sources = dafu_clause_get_sources (clause, &n_sources);
      g_assert_cmpuint (n_sources, ==, 1);
      letter = g_ptr_array_index (letters, sources[0] - SAMPLE_ID (0));
      g_assert_cmpstr (dafu_clause_get_cities (clause)[0], ==, dafu_letter_get_city (letter));
      g_assert_null (dafu_clause_get_cities (clause)[1]);
      g_assert_nonnull (dafu_clause_get_title (clause));
      g_assert_cmpuint (g_utf8_strlen (dafu_clause_get_title (clause), -1), <=, 31);
    }

  /* Measures: Xianyang 39 has 4, Jincheng 1 + 9 numbered items, Yulin 4,
   * Changzhi 4 (its fourth also closes with a 下一步 paragraph: a plan). */
  g_assert_cmpuint (n_measures, ==, 4 + 10 + 4 + 4);
  /* Plans: Xianyang 39 and 40 three each, Yulin's 今后…, Changzhi's 下一步. */
  g_assert_cmpuint (n_plans, ==, 3 + 3 + 1 + 1);

  smart = find_clause (clauses, DAFU_CLAUSE_KIND_MEASURE, "虚拟养老院");
  g_assert_cmpstr (dafu_clause_get_title (smart), ==, "在智慧养老方面");
  g_assert_true (g_strv_contains (dafu_clause_get_themes (smart), "smart"));
  g_assert_cmpstr (dafu_clause_get_cities (smart)[0], ==, "榆林市");
  assert_sources (smart, YULIN, -1);
  /* It goes into a draft with its heading, on a line of its own. */
  g_assert_true (g_str_has_prefix (dafu_clause_get_text (smart), "在智慧养老方面\n通过运用互联网"));

  /* A numbered sub-item is a measure of its own, titled without its number. */
  smart = find_clause (clauses, DAFU_CLAUSE_KIND_MEASURE, "智能应急设备");
  g_assert_cmpstr (dafu_clause_get_title (smart), ==, "大力推进“互联网+养老”");
  g_assert_cmpstr (dafu_clause_get_cities (smart)[0], ==, "晋城市");

  /* The problem paragraph of Xianyang 40 is offered as a problem. */
  smart = find_clause (clauses, DAFU_CLAUSE_KIND_PROBLEM, "标准化建设程度不高");
  assert_sources (smart, XIANYANG_40, -1);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
sorted_fingerprints (GPtrArray *clauses)
{
  GPtrArray *prints = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < clauses->len; i++)
    {
      const char *print = dafu_clause_get_fingerprint (g_ptr_array_index (clauses, i));

      g_assert_nonnull (print);
      g_assert_cmpuint (strlen (print), >=, 16);
      g_ptr_array_add (prints, g_strdup (print));
    }
  g_ptr_array_sort (prints, compare_strings);

  /* The library keeps them UNIQUE. */
  for (guint i = 1; i < prints->len; i++)
    g_assert_cmpstr (prints->pdata[i - 1], !=, prints->pdata[i]);

  return prints;
}

static void
test_fingerprints_are_stable (void)
{
  g_autoptr(GPtrArray) letters = load_samples ();
  g_autoptr(GPtrArray) first = mine (letters);
  g_autoptr(GPtrArray) again = mine (letters);
  g_autoptr(GPtrArray) reversed_letters = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) reversed = NULL;
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GPtrArray) c = NULL;

  g_assert_cmpuint (first->len, ==, again->len);
  for (guint i = 0; i < first->len; i++)
    {
      g_assert_cmpstr (dafu_clause_get_fingerprint (g_ptr_array_index (first, i)), ==,
                       dafu_clause_get_fingerprint (g_ptr_array_index (again, i)));
      g_assert_cmpstr (dafu_clause_get_text (g_ptr_array_index (first, i)), ==,
                       dafu_clause_get_text (g_ptr_array_index (again, i)));
    }

  /* The same letters in another order: the same clauses. */
  for (guint i = letters->len; i > 0; i--)
    g_ptr_array_add (reversed_letters, g_object_ref (g_ptr_array_index (letters, i - 1)));
  reversed = mine (reversed_letters);

  a = sorted_fingerprints (first);
  b = sorted_fingerprints (again);
  c = sorted_fingerprints (reversed);
  g_assert_cmpuint (a->len, ==, c->len);
  for (guint i = 0; i < a->len; i++)
    {
      g_assert_cmpstr (a->pdata[i], ==, b->pdata[i]);
      g_assert_cmpstr (a->pdata[i], ==, c->pdata[i]);
    }
}

static void
test_placeholders_in_context (void)
{
  g_autoptr(GPtrArray) letters = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) clauses = NULL;
  DafuClause *clause;

  for (guint i = 0; i < 2; i++)
    {
      DafuLetter *letter = dafu_letter_new ();
      g_autoptr(DafuSection) opening = NULL;
      g_autoptr(DafuSection) measure = NULL;
      g_autoptr(DafuSection) signature = NULL;
      g_autofree char *text = NULL;

      dafu_letter_set_id (letter, 7 + i);
      dafu_letter_set_field (letter, DAFU_LETTER_FIELD_CITY, i == 0 ? "甲市" : "乙市");
      dafu_letter_set_field (letter, DAFU_LETTER_FIELD_ADDRESSEE, i == 0 ? "王小明" : "赵大海");
      dafu_letter_set_field (letter, DAFU_LETTER_FIELD_SUGGESTION_NUMBER, i == 0 ? "12" : "345");
      dafu_letter_set_field (letter, DAFU_LETTER_FIELD_TITLE,
                             i == 0 ? "关于《养老条例》实施的建议" : "《关于增设助餐点的建议》");
      dafu_letter_set_field (letter, DAFU_LETTER_FIELD_CONTACT_PHONE, i == 0 ? "1234567" : "7654321");
      dafu_letter_set_field (letter, DAFU_LETTER_FIELD_DATE, "2023-03-09");

      text = g_strdup_printf ("%s代表提出的《%s》（第%s号）收悉，感谢您对我们工作的支持。",
                              i == 0 ? "王小明" : "赵大海",
                              i == 0 ? "关于〈养老条例〉实施的建议" : "关于增设助餐点的建议",
                              i == 0 ? "12" : "345");
      opening = dafu_section_new (NULL, 0, DAFU_SECTION_KIND_OPENING, text);
      dafu_letter_append_section (letter, opening);

      /* A bare 12 or a phone inside a longer number is not a fact. */
      measure = dafu_section_new ("一、共同的做法", 1, DAFU_SECTION_KIND_MEASURE,
                                  "全市共建成12个助餐点、345张床位，热线电话812345678和76543210全天接听，老人就餐更方便了。");
      dafu_letter_append_section (letter, measure);
      signature = dafu_section_new (NULL, 0, DAFU_SECTION_KIND_SIGNATURE,
                                    i == 0 ? "联系电话：1234567\n2023年03月09日" : "联系电话：7654321\n2023年3月9日");
      dafu_letter_append_section (letter, signature);
      g_ptr_array_add (letters, letter);
    }

  clauses = mine (letters);

  clause = find_clause (clauses, DAFU_CLAUSE_KIND_OPENING, "收悉");
  g_assert_cmpstr (dafu_clause_get_text (clause), ==,
                   "{代表}代表提出的《{建议标题}》（第{建议编号}号）收悉，感谢您对我们工作的支持。");
  g_assert_cmpuint (dafu_clause_get_n_letters (clause), ==, 2);

  /* The same measure in two letters: one clause with both sources. */
  clause = find_clause (clauses, DAFU_CLAUSE_KIND_MEASURE, "助餐点");
  g_assert_nonnull (strstr (dafu_clause_get_text (clause), "12个助餐点、345张床位"));
  g_assert_nonnull (strstr (dafu_clause_get_text (clause), "812345678和76543210"));
  g_assert_cmpuint (dafu_clause_get_n_letters (clause), ==, 2);
  g_assert_cmpstr (dafu_clause_get_title (clause), ==, "共同的做法");
  g_assert_true (g_strv_contains (dafu_clause_get_themes (clause), "meals"));
  g_assert_true (g_strv_contains (dafu_clause_get_cities (clause), "甲市"));
  g_assert_true (g_strv_contains (dafu_clause_get_cities (clause), "乙市"));

  clause = find_clause (clauses, DAFU_CLAUSE_KIND_CONTACT, "联系电话");
  g_assert_cmpstr (dafu_clause_get_text (clause), ==, "联系电话：{联系电话}");
  g_assert_cmpuint (dafu_clause_get_n_letters (clause), ==, 2);
}

static void
test_cancelled (void)
{
  g_autoptr(GPtrArray) letters = load_samples ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) clauses = NULL;

  g_cancellable_cancel (cancellable);
  clauses = dafu_clause_miner_mine (letters, NULL, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (clauses);
}

static void
test_empty (void)
{
  g_autoptr(GPtrArray) letters = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) clauses = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;

  clauses = dafu_clause_miner_mine (letters, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (clauses);
  g_assert_cmpuint (clauses->len, ==, 0);

  none = dafu_clause_miner_mine (NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_garbage (void)
{
  g_autoptr(GPtrArray) letters = g_ptr_array_new_with_free_func ((GDestroyNotify) g_object_unref);
  g_autoptr(GPtrArray) clauses = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) huge = g_string_new (NULL);
  static const char * const texts[] = {
    "",
    "\n\n\n",
    "。。。！！！；；；",
    "\xff\xfe\xfd 坏字节 \xe4\xb8 半个字 \xe4",
    "\xee\x80\x80\xee\x80\x81 私用区字符 {代表}{建议标题}",
    "一、\n（一）\n1.\n一是",
    "（",
    "第号第 号第",
    "感谢",
  };

  /* No sections, sections without text, odd kinds and odd bytes. */
  g_ptr_array_add (letters, dafu_letter_new ());
  for (guint i = 0; i < 3000; i++)
    g_string_append (huge, i % 7 == 0 ? "。" : "长");

  for (guint i = 0; i < G_N_ELEMENTS (texts) + 1; i++)
    {
      DafuLetter *letter = dafu_letter_new ();
      const char *text = i < G_N_ELEMENTS (texts) ? texts[i] : huge->str;

      dafu_letter_set_id (letter, i % 3);   /* 0 and repeated ids */
      dafu_letter_set_field (letter, DAFU_LETTER_FIELD_ADDRESSEE, "\xff\xfe");
      dafu_letter_set_field (letter, DAFU_LETTER_FIELD_TITLE, "《》");
      dafu_letter_set_field (letter, DAFU_LETTER_FIELD_SUGGESTION_NUMBER, "第");
      dafu_letter_set_field (letter, DAFU_LETTER_FIELD_DATE, "not a date");
      dafu_letter_set_field (letter, DAFU_LETTER_FIELD_CONTACT_PHONE, "1");
      dafu_letter_set_field (letter, DAFU_LETTER_FIELD_SESSION, text);
      for (guint k = 0; k <= DAFU_SECTION_KIND_FOOTER; k++)
        {
          g_autoptr(DafuSection) section = dafu_section_new (i % 2 ? text : NULL, k, k, text);

          dafu_letter_append_section (letter, section);
        }
      g_ptr_array_add (letters, letter);
    }
  /* Something that is not a letter at all. */
  g_ptr_array_add (letters, dafu_section_new (NULL, 0, DAFU_SECTION_KIND_MEASURE, "不是答复函"));

  clauses = dafu_clause_miner_mine (letters, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (clauses);

  for (guint i = 0; i < clauses->len; i++)
    {
      DafuClause *clause = g_ptr_array_index (clauses, i);

      g_assert_true (g_utf8_validate (dafu_clause_get_text (clause), -1, NULL));
      g_assert_true (g_utf8_validate (dafu_clause_get_title (clause), -1, NULL));
      g_assert_nonnull (dafu_clause_get_fingerprint (clause));
      g_assert_cmpuint (dafu_clause_get_n_letters (clause), >=, 1);
    }
}

/* Thousands of letters in one pass, without comparing every sentence
 * with every other. */
static void
test_many_letters (void)
{
  g_autoptr(GPtrArray) samples = load_samples ();
  g_autoptr(GPtrArray) letters = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) clauses = NULL;
  gint64 start;
  DafuClause *formula;
  guint n_sources;

  for (guint i = 0; i < 2000; i++)
    g_ptr_array_add (letters, g_object_ref (g_ptr_array_index (samples, i % samples->len)));

  start = g_get_monotonic_time ();
  clauses = mine (letters);
  /* For the log only: dafu-bench measures the speed. */
  g_test_message ("2000 letters mined in %.0f ms",
                  (g_get_monotonic_time () - start) / 1000.0);

  formula = find_clause (clauses, DAFU_CLAUSE_KIND_OPENING, "收悉");
  g_assert_cmpuint (dafu_clause_get_n_letters (formula), ==, 3 * 400);
  dafu_clause_get_sources (formula, &n_sources);
  g_assert_cmpuint (n_sources, ==, 3);   /* each id once */
}

/* DafuClause itself: the names stored in the database, notifications,
 * copies and matching. */

static void
test_clause_kinds (void)
{
  static const char * const names[] = {
    "opening", "overview", "measure", "problem", "plan", "closing", "signature",
    "contact", "footer",
  };
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);
  DafuClauseKind kind;

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == DAFU_CLAUSE_N_KINDS);

  for (guint k = 0; k < DAFU_CLAUSE_N_KINDS; k++)
    {
      const char *label = dafu_clause_kind_get_label (k);

      g_assert_cmpstr (dafu_clause_kind_to_string (k), ==, names[k]);
      g_assert_true (dafu_clause_kind_from_string (names[k], &kind));
      g_assert_cmpint (kind, ==, k);
      g_assert_nonnull (label);
      g_assert_cmpuint (strlen (label), >, 0);
      g_assert_true (g_hash_table_add (labels, (gpointer) label));
    }

  g_assert_cmpstr (dafu_clause_kind_get_label (DAFU_CLAUSE_KIND_PLAN), ==, "Next Steps");
  g_assert_null (dafu_clause_kind_to_string (DAFU_CLAUSE_N_KINDS));
  g_assert_false (dafu_clause_kind_from_string ("Opening", &kind));
  g_assert_false (dafu_clause_kind_from_string ("", NULL));
  g_assert_false (dafu_clause_kind_from_string (NULL, NULL));
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_clause_properties (void)
{
  g_autoptr(DafuClause) clause = dafu_clause_new (DAFU_CLAUSE_KIND_OPENING, "开头", "您提出的《{建议标题}》收悉。");
  g_autoptr(DafuClause) copy = NULL;
  const char * const themes[] = { "meals", "rural", NULL };
  const char * const cities[] = { "咸阳市", NULL };
  const gint64 ids[] = { 4, 9 };
  guint n_title = 0, n_text = 0, n_kind = 0, n_favourite = 0, n_use_count = 0;
  guint n_sources;
  g_auto(GStrv) read_themes = NULL;

  g_signal_connect (clause, "notify::title", G_CALLBACK (count_notify), &n_title);
  g_signal_connect (clause, "notify::text", G_CALLBACK (count_notify), &n_text);
  g_signal_connect (clause, "notify::kind", G_CALLBACK (count_notify), &n_kind);
  g_signal_connect (clause, "notify::favourite", G_CALLBACK (count_notify), &n_favourite);
  g_signal_connect (clause, "notify::use-count", G_CALLBACK (count_notify), &n_use_count);

  /* Only real changes notify. */
  dafu_clause_set_title (clause, "开头");
  dafu_clause_set_title (clause, "收悉");
  dafu_clause_set_text (clause, "您提出的《{建议标题}》收悉。");
  dafu_clause_set_kind (clause, DAFU_CLAUSE_KIND_OPENING);
  dafu_clause_set_kind (clause, DAFU_CLAUSE_KIND_CLOSING);
  dafu_clause_set_favourite (clause, TRUE);
  dafu_clause_set_favourite (clause, TRUE);
  dafu_clause_set_use_count (clause, 3);
  dafu_clause_set_use_count (clause, 3);
  g_object_set (clause, "text", "新的文字", NULL);
  g_assert_cmpuint (n_title, ==, 1);
  g_assert_cmpuint (n_text, ==, 1);
  g_assert_cmpuint (n_kind, ==, 1);
  g_assert_cmpuint (n_favourite, ==, 1);
  g_assert_cmpuint (n_use_count, ==, 1);

  g_assert_nonnull (dafu_clause_get_themes (clause));
  g_assert_null (dafu_clause_get_themes (clause)[0]);
  g_assert_null (dafu_clause_get_sources (clause, &n_sources));
  g_assert_cmpuint (n_sources, ==, 0);

  dafu_clause_set_id (clause, 12);
  dafu_clause_set_themes (clause, themes);
  dafu_clause_set_cities (clause, cities);
  dafu_clause_set_sources (clause, ids, 2);
  dafu_clause_set_n_letters (clause, 2);
  dafu_clause_set_mined (clause, TRUE);
  dafu_clause_set_fingerprint (clause, "abc");
  dafu_clause_set_last_used (clause, 100);
  dafu_clause_set_created (clause, 50);
  dafu_clause_set_updated (clause, 60);
  g_object_get (clause, "themes", &read_themes, NULL);
  g_assert_cmpstrv (read_themes, themes);

  /* A deep copy: changing it leaves the original alone. */
  copy = dafu_clause_copy (clause);
  dafu_clause_set_themes (copy, NULL);
  dafu_clause_set_sources (copy, NULL, 0);
  g_assert_cmpstrv (dafu_clause_get_themes (clause), themes);
  g_assert_cmpuint (dafu_clause_get_sources (clause, &n_sources)[1], ==, 9);
  g_assert_cmpuint (n_sources, ==, 2);
  g_clear_object (&copy);
  copy = dafu_clause_copy (clause);
  g_assert_cmpint (dafu_clause_get_id (copy), ==, 12);
  g_assert_cmpint (dafu_clause_get_kind (copy), ==, DAFU_CLAUSE_KIND_CLOSING);
  g_assert_cmpstr (dafu_clause_get_title (copy), ==, "收悉");
  g_assert_cmpstr (dafu_clause_get_text (copy), ==, "新的文字");
  g_assert_cmpstrv (dafu_clause_get_cities (copy), cities);
  g_assert_cmpuint (dafu_clause_get_sources (copy, &n_sources)[0], ==, 4);
  g_assert_cmpuint (n_sources, ==, 2);
  g_assert_cmpuint (dafu_clause_get_n_letters (copy), ==, 2);
  g_assert_cmpuint (dafu_clause_get_use_count (copy), ==, 3);
  g_assert_true (dafu_clause_get_favourite (copy));
  g_assert_true (dafu_clause_get_mined (copy));
  g_assert_cmpstr (dafu_clause_get_fingerprint (copy), ==, "abc");
  g_assert_cmpint (dafu_clause_get_last_used (copy), ==, 100);
  g_assert_cmpint (dafu_clause_get_created (copy), ==, 50);
  g_assert_cmpint (dafu_clause_get_updated (copy), ==, 60);
}

static gboolean
matches (DafuClause *clause,
         const char *typed)
{
  g_autofree char *folded = dafu_text_fold (typed, -1);

  return dafu_clause_matches (clause, folded);
}

static void
test_clause_matches (void)
{
  g_autoptr(DafuClause) clause = dafu_clause_new (DAFU_CLAUSE_KIND_MEASURE, "助餐 Service",
                                                  "建设ＡＢＣ老年食堂");

  g_assert_true (matches (clause, "助餐"));
  g_assert_true (matches (clause, "service"));
  g_assert_true (matches (clause, "abc老年"));
  g_assert_true (matches (clause, "ＡＢＣ"));
  g_assert_true (matches (clause, ""));
  g_assert_true (dafu_clause_matches (clause, NULL));
  g_assert_false (matches (clause, "敬老院"));
  /* Not across the title and the text. */
  g_assert_false (matches (clause, "service建设"));

  /* The folded text follows the text. */
  dafu_clause_set_text (clause, "敬老院改造");
  g_assert_true (matches (clause, "敬老院"));
  g_assert_false (matches (clause, "老年食堂"));
  dafu_clause_set_title (clause, NULL);
  g_assert_false (matches (clause, "助餐"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/clause/kinds", test_clause_kinds);
  g_test_add_func ("/clause/properties", test_clause_properties);
  g_test_add_func ("/clause/matches", test_clause_matches);

  g_test_add_func ("/clause-miner/openings", test_openings);
  g_test_add_func ("/clause-miner/closings-and-contact", test_closings_and_contact);
  g_test_add_func ("/clause-miner/no-facts-remain", test_no_facts_remain);
  g_test_add_func ("/clause-miner/measures", test_measures);
  g_test_add_func ("/clause-miner/fingerprints-are-stable", test_fingerprints_are_stable);
  g_test_add_func ("/clause-miner/placeholders-in-context", test_placeholders_in_context);
  g_test_add_func ("/clause-miner/cancelled", test_cancelled);
  g_test_add_func ("/clause-miner/empty", test_empty);
  g_test_add_func ("/clause-miner/garbage", test_garbage);
  g_test_add_func ("/clause-miner/many-letters", test_many_letters);

  return g_test_run ();
}
