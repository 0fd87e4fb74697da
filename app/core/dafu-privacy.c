/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-privacy"

#include "config.h"

#include "dafu-privacy.h"

#include <string.h>

#include "dafu-checks.h"
#include "dafu-consultation.h"

/*
 * Hiding personal data in what leaves the bureau.
 *
 * Letters hold deputies' mobile numbers and sometimes ID-card numbers. The
 * numbers the drafting checks find (dafu_check_personal_data(): mobile
 * and ID-card numbers; dafu_check_deputy_phone(): the deputy's own number
 * in any formatting) are masked digit by digit, keeping what identifies
 * the kind of number without the person: a mobile keeps its first three
 * and last four digits (139****6646), an ID number its first six (the
 * region) and last four, any other number its last four. Everything else,
 * separators included, stays as it is, so the text keeps its length and
 * its layout.
 */

typedef struct {
  guint start;   /* characters */
  guint end;
} Range;

static void
add_ranges (GArray    *ranges,
            GPtrArray *issues)
{
  for (guint i = 0; issues != NULL && i < issues->len; i++)
    {
      const DafuCheckIssue *issue = g_ptr_array_index (issues, i);
      Range range = { issue->start, issue->end };

      if (range.end > range.start)
        g_array_append_val (ranges, range);
    }
}

static guint
count_digits (const char *p,
              guint       n_chars)
{
  guint n = 0;

  for (guint i = 0; i < n_chars && *p != '\0'; i++, p = g_utf8_next_char (p))
    if (g_unichar_isdigit (g_utf8_get_char (p)))
      n++;
  return n;
}

/* Appends @n_chars characters from @p, the digits masked as above. */
static const char *
append_masked (GString    *out,
               const char *p,
               guint       n_chars)
{
  guint digits = count_digits (p, n_chars);
  guint keep_head = digits == 11 ? 3 : (digits == 15 || digits == 18) ? 6 : 0;
  guint keep_tail = digits > 4 ? 4 : 0;
  guint seen = 0;

  for (guint i = 0; i < n_chars && *p != '\0'; i++, p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isdigit (c) || ((c == 'X' || c == 'x') && digits >= 17))
        {
          if (seen < keep_head || seen >= digits - keep_tail)
            g_string_append_unichar (out, c);
          else
            g_string_append_c (out, '*');
          seen++;
        }
      else
        g_string_append_unichar (out, c);
    }
  return p;
}

static int
compare_ranges (gconstpointer a,
                gconstpointer b)
{
  const Range *x = a, *y = b;

  return x->start < y->start ? -1 : x->start > y->start;
}

/**
 * dafu_privacy_mask_text:
 * @text: (nullable): a letter's text, or a report made of it
 * @deputy_phone: (nullable): the deputy's own number, masked wherever it is
 *   written, in any formatting
 * @n_masked: (out) (optional): how many numbers were masked
 *
 * Returns: (transfer full): @text with personal numbers masked
 */
char *
dafu_privacy_mask_text (const char *text,
                        const char *deputy_phone,
                        guint      *n_masked)
{
  g_autoptr(GPtrArray) personal = NULL;
  g_autoptr(GPtrArray) phone = NULL;
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (Range));
  GString *out;
  const char *p;
  guint at = 0, masked = 0;

  if (n_masked != NULL)
    *n_masked = 0;
  if (text == NULL)
    return g_strdup ("");
  if (!g_utf8_validate (text, -1, NULL))
    return g_utf8_make_valid (text, -1);

  personal = dafu_check_personal_data (text);
  add_ranges (ranges, personal);
  if (deputy_phone != NULL && *deputy_phone != '\0')
    {
      phone = dafu_check_deputy_phone (text, deputy_phone);
      add_ranges (ranges, phone);
    }
  g_array_sort (ranges, compare_ranges);

  out = g_string_sized_new (strlen (text));
  p = text;
  for (guint r = 0; r < ranges->len; r++)
    {
      Range range = g_array_index (ranges, Range, r);

      if (range.start < at)   /* overlaps one masked already */
        {
          if (range.end <= at)
            continue;
          range.start = at;
        }
      for (; at < range.start && *p != '\0'; at++, p = g_utf8_next_char (p))
        g_string_append_unichar (out, g_utf8_get_char (p));
      p = append_masked (out, p, range.end - range.start);
      at = range.end;
      masked++;
    }
  g_string_append (out, p);

  if (n_masked != NULL)
    *n_masked = masked;
  return g_string_free (out, FALSE);
}

/**
 * dafu_privacy_mask_document:
 * @document: a letter laid out for export
 * @deputy_phone: (nullable): the deputy's own number
 * @n_masked: (out) (optional): how many numbers were masked
 *
 * Returns: (transfer full): a copy of @document with personal numbers
 *   masked in every paragraph
 */
DafuDocument *
dafu_privacy_mask_document (DafuDocument *document,
                            const char   *deputy_phone,
                            guint        *n_masked)
{
  DafuDocument *copy;
  guint total = 0;

  g_return_val_if_fail (DAFU_IS_DOCUMENT (document), NULL);

  copy = dafu_document_new ();
  for (guint i = 0; i < dafu_document_get_n_parts (document); i++)
    {
      const DafuDocPart *part = dafu_document_get_part (document, i);
      guint n = 0;
      g_autofree char *text = dafu_privacy_mask_text (part->text, deputy_phone, &n);

      dafu_document_append (copy, part->role, text);
      total += n;
    }
  if (n_masked != NULL)
    *n_masked = total;
  return copy;
}

/**
 * dafu_privacy_letter_is_public:
 * @letter: a letter of the library
 * @deputy_phone: (out) (optional) (nullable) (transfer full): the deputy's
 *   own number, from the consultation record, if the letter has one
 *
 * Whether @letter is marked public (公开): its exports leave the bureau,
 * so personal numbers are hidden unless the clerk asks otherwise.
 */
gboolean
dafu_privacy_letter_is_public (DafuLetter  *letter,
                               char       **deputy_phone)
{
  DafuConsultation *consultation;

  g_return_val_if_fail (DAFU_IS_LETTER (letter), FALSE);

  if (deputy_phone != NULL)
    {
      consultation = dafu_letter_get_consultation (letter);
      *deputy_phone = consultation != NULL ? g_strdup (dafu_consultation_get_deputy_phone (consultation)) : NULL;
    }
  return dafu_check_is_public (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_PUBLIC_NOTE));
}

/**
 * dafu_privacy_draft_is_public:
 * @draft: a draft reply
 * @deputy_phone: (out) (optional) (nullable) (transfer full): the deputy's
 *   own number, as the draft's 代表电话 value
 *
 * As dafu_privacy_letter_is_public(), for a draft.
 */
gboolean
dafu_privacy_draft_is_public (DafuDraft  *draft,
                              char      **deputy_phone)
{
  g_return_val_if_fail (DAFU_IS_DRAFT (draft), FALSE);

  if (deputy_phone != NULL)
    *deputy_phone = g_strdup (dafu_draft_get_value (draft, "代表电话"));
  return dafu_check_is_public (dafu_draft_get_field (draft, DAFU_LETTER_FIELD_PUBLIC_NOTE));
}
