/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dafu-test-util.h"

#include <string.h>

#include "dafu-parser.h"
#include "dafu-placeholder.h"
#include "dafu-text.h"

/* Placeholders in clauses: found, filled from a letter's fields, and
 * never dropped silently. */


static void
test_find (void)
{
  g_autoptr(GPtrArray) found = dafu_placeholders_find ("尊敬的{代表}代表：您提出的《｛建议标题｝》收悉。{ } {} {a b} {未闭合 {会议}");
  const DafuPlaceholder *p;

  g_assert_cmpuint (found->len, ==, 3);
  p = g_ptr_array_index (found, 0);
  g_assert_cmpstr (p->name, ==, "代表");
  g_assert_cmpuint (p->start, ==, 3);
  g_assert_cmpuint (p->end, ==, 7);
  p = g_ptr_array_index (found, 1);
  g_assert_cmpstr (p->name, ==, "建议标题");
  g_assert_cmpuint (p->start, ==, 15);
  p = g_ptr_array_index (found, 2);
  g_assert_cmpstr (p->name, ==, "会议");

  g_clear_pointer (&found, g_ptr_array_unref);
  found = dafu_placeholders_find (NULL);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = dafu_placeholders_find ("{\xff\xfe}{长长长长长长长长长长长长长长长长长长长长长}");
  g_assert_cmpuint (found->len, ==, 1);   /* the U+FFFD pair is a name; 21 characters are not */
}

static void
test_fill_from_sample (void)
{
  g_autoptr(DafuLetter) letter = dafu_test_load_sample ("xianyang-2024-39.txt");
  g_autoptr(GHashTable) values = dafu_placeholders_values_from_letter (letter);
  g_autoptr(GPtrArray) unfilled = NULL;
  g_autofree char *filled = NULL;
  g_autofree char *expected = NULL;

  /* The sample's own opening, as a clause mined from it would read. */
  filled = dafu_placeholders_fill ("您好！您在{会议}上提出的“{建议标题}”，交由{承办单位}办理。", values, &unfilled);
  expected = g_strdup_printf ("您好！您在%s上提出的“%s”，交由%s办理。",
                              dafu_letter_get_field (letter, DAFU_LETTER_FIELD_SESSION),
                              dafu_letter_get_field (letter, DAFU_LETTER_FIELD_TITLE),
                              dafu_letter_get_field (letter, DAFU_LETTER_FIELD_ISSUER));
  g_assert_cmpstr (filled, ==, expected);
  g_assert_cmpuint (unfilled->len, ==, 0);
  g_assert_nonnull (strstr (dafu_letter_get_text (letter), "上提出的“关于推进社区居家养老服务体系建设的建议”"));
  g_assert_nonnull (strstr (filled, "关于推进社区居家养老服务体系建设的建议"));

  /* The date as a letter writes it. */
  g_assert_cmpstr (g_hash_table_lookup (values, "日期"), ==, "2024年5月8日");
}

static void
test_unfilled_are_kept (void)
{
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) unfilled = NULL;
  g_autofree char *filled = NULL;

  g_hash_table_insert (values, "代表", "王五");
  g_hash_table_insert (values, "联系人", "");
  filled = dafu_placeholders_fill ("{代表}代表：{试点数}个试点，联系人{联系人}；{试点数}个。", values, &unfilled);

  g_assert_cmpstr (filled, ==, "王五代表：{试点数}个试点，联系人{联系人}；{试点数}个。");
  g_assert_cmpuint (unfilled->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (unfilled, 0), ==, "试点数");
  g_assert_cmpstr (g_ptr_array_index (unfilled, 1), ==, "联系人");

  g_free (g_steal_pointer (&filled));
  filled = dafu_placeholders_fill ("\xff{代表}", NULL, NULL);
  g_assert_true (g_utf8_validate (filled, -1, NULL));
  g_assert_nonnull (strstr (filled, "{代表}"));
}

static void
test_dates_and_fields (void)
{
  g_autofree char *a = dafu_placeholders_format_date ("2026-11-22");
  g_autofree char *b = dafu_placeholders_format_date ("2026-02-30");
  g_autofree char *c = dafu_placeholders_format_date ("2026-11-22T10:00");

  g_assert_cmpstr (a, ==, "2026年11月22日");
  g_assert_null (b);
  g_assert_null (c);
  g_assert_null (dafu_placeholders_format_date (NULL));
  g_assert_cmpstr (dafu_placeholders_name_for_field (DAFU_LETTER_FIELD_ADDRESSEE), ==, "代表");
  g_assert_null (dafu_placeholders_name_for_field (DAFU_LETTER_FIELD_HEAD));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/placeholder/find", test_find);
  g_test_add_func ("/placeholder/fill-from-sample", test_fill_from_sample);
  g_test_add_func ("/placeholder/unfilled-are-kept", test_unfilled_are_kept);
  g_test_add_func ("/placeholder/dates-and-fields", test_dates_and_fields);

  return g_test_run ();
}
