/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "dafu-consultation.h"
#include "dafu-document.h"
#include "dafu-privacy.h"
#include "dafu-test-util.h"

/* Personal numbers are masked in what leaves the bureau, and nothing else
 * changes. */

static void
test_mobile_and_id (void)
{
  const char *text = "联系电话：13934066646；身份证号：140525198807121236。办公电话：0356-2566249。";
  g_autofree char *masked = NULL;
  guint n = 0;

  masked = dafu_privacy_mask_text (text, NULL, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_null (strstr (masked, "13934066646"));
  g_assert_nonnull (strstr (masked, "139****6646"));
  g_assert_nonnull (strstr (masked, "140525********1236"));
  /* An office number is the bureau's, not a person's. */
  g_assert_nonnull (strstr (masked, "0356-2566249"));
  g_assert_cmpint (g_utf8_strlen (masked, -1), ==, g_utf8_strlen (text, -1));
}

static void
test_deputy_phone (void)
{
  const char *text = "代表电话 0356－2566249，请回电。";
  g_autofree char *masked = dafu_privacy_mask_text (text, "03562566249", NULL);

  /* The deputy's own number, however written, keeps only its last four. */
  g_assert_null (strstr (masked, "2566249"));
  g_assert_nonnull (strstr (masked, "6249"));
  g_assert_true (g_str_has_prefix (masked, "代表电话 "));
  g_assert_true (g_str_has_suffix (masked, "，请回电。"));
}

static void
test_nothing_to_mask (void)
{
  const char *text = "全市共有1001所城乡老年人日间照料中心，签约率92.57%。";
  g_autofree char *masked = NULL;
  guint n = 9;

  masked = dafu_privacy_mask_text (text, NULL, &n);
  g_assert_cmpstr (masked, ==, text);
  g_assert_cmpuint (n, ==, 0);
  g_clear_pointer (&masked, g_free);
  masked = dafu_privacy_mask_text (NULL, NULL, &n);
  g_assert_cmpstr (masked, ==, "");
}

/* The Jincheng record holds the deputy's mobile: no export of it shows
 * the number when personal data is hidden. */
static void
test_jincheng_document (void)
{
  g_autoptr(DafuLetter) letter = dafu_test_load_sample ("jincheng-444.txt");
  g_autoptr(DafuDocument) document = dafu_document_new_from_letter (letter);
  g_autoptr(DafuDocument) masked = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *hidden = NULL;
  g_autofree char *masked_text = NULL;
  DafuConsultation *consultation = dafu_letter_get_consultation (letter);
  guint n = 0;

  /* The letter's text has it … */
  g_assert_nonnull (strstr (dafu_letter_get_text (letter), "13934066646"));
  masked_text = dafu_privacy_mask_text (dafu_letter_get_text (letter),
                                        dafu_consultation_get_deputy_phone (consultation), &n);
  g_assert_cmpuint (n, >=, 1);
  g_assert_null (strstr (masked_text, "13934066646"));
  g_assert_nonnull (strstr (masked_text, "139****6646"));

  /* … and the document made of it keeps its paragraphs, masked. */
  masked = dafu_privacy_mask_document (document, dafu_consultation_get_deputy_phone (consultation), NULL);
  g_assert_cmpuint (dafu_document_get_n_parts (masked), ==, dafu_document_get_n_parts (document));
  plain = dafu_document_to_text (document);
  hidden = dafu_document_to_text (masked);
  g_assert_null (strstr (hidden, "13934066646"));
  g_assert_cmpint (g_utf8_strlen (hidden, -1), ==, g_utf8_strlen (plain, -1));
  g_assert_cmpstr (dafu_document_get_title (masked), ==, dafu_document_get_title (document));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/privacy/mobile-and-id", test_mobile_and_id);
  g_test_add_func ("/privacy/deputy-phone", test_deputy_phone);
  g_test_add_func ("/privacy/nothing-to-mask", test_nothing_to_mask);
  g_test_add_func ("/privacy/jincheng-document", test_jincheng_document);

  return g_test_run ();
}
