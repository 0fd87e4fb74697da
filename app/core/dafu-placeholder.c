/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-placeholder"

#include "config.h"

#include "dafu-placeholder.h"

#include <stdio.h>
#include <string.h>

#include "dafu-text.h"

/*
 * Placeholders in clauses and drafts.
 *
 * A clause says 您提出的《{建议标题}》收悉 where a letter said 您提出的《关于推进社区居家
 * 养老服务体系建设的建议》收悉: a placeholder is a name between braces (ASCII
 * `{}` or full-width `｛｝`, which Chinese input methods type), 1 to
 * MAX_NAME characters with no white space or braces inside. The known names
 * stand for a draft's fields (KNOWN below); any other name is one the
 * clerk is asked for once per draft.
 *
 * Filling replaces each placeholder that has a non-empty value and leaves
 * the others exactly as written, reporting them: an unfilled placeholder is
 * never dropped silently, so the checks can point at it.
 */

#define MAX_NAME 20

static const struct {
  const char      *name;
  DafuLetterField  field;
} KNOWN[] = {
  { "代表", DAFU_LETTER_FIELD_ADDRESSEE },
  { "建议标题", DAFU_LETTER_FIELD_TITLE },
  { "建议编号", DAFU_LETTER_FIELD_SUGGESTION_NUMBER },
  { "会议", DAFU_LETTER_FIELD_SESSION },
  { "承办单位", DAFU_LETTER_FIELD_ISSUER },
  { "日期", DAFU_LETTER_FIELD_DATE },
  { "联系人", DAFU_LETTER_FIELD_CONTACT },
  { "联系电话", DAFU_LETTER_FIELD_CONTACT_PHONE },
  { "文号", DAFU_LETTER_FIELD_DOC_NUMBER },
  { "签发人", DAFU_LETTER_FIELD_SIGNER },
  { "抄送", DAFU_LETTER_FIELD_CC },
};

void
dafu_placeholder_free (DafuPlaceholder *placeholder)
{
  if (placeholder == NULL)
    return;
  g_free (placeholder->name);
  g_free (placeholder);
}

static gboolean
is_open (gunichar c)
{
  return c == '{' || c == 0xff5b;
}

static gboolean
is_close (gunichar c)
{
  return c == '}' || c == 0xff5d;
}

/* Reads a placeholder whose opening brace is at @p; sets *@after past it. */
static char *
read_placeholder (const char  *p,
                  const char **after,
                  guint       *n_chars)
{
  const char *name_start = g_utf8_next_char (p);
  const char *q = name_start;
  guint n = 0;

  while (*q != '\0' && n <= MAX_NAME)
    {
      gunichar c = g_utf8_get_char (q);

      if (is_close (c))
        {
          if (n == 0)
            return NULL;
          *after = g_utf8_next_char (q);
          *n_chars = n + 2;
          return g_strndup (name_start, q - name_start);
        }
      if (is_open (c) || dafu_text_is_space (c) || c == '\n')
        return NULL;
      n++;
      q = g_utf8_next_char (q);
    }
  return NULL;
}

/**
 * dafu_placeholders_find:
 * @text: (nullable): a clause's or a draft's text
 *
 * Returns: (transfer full) (element-type DafuPlaceholder): the placeholders
 *   in @text, in order
 */
GPtrArray *
dafu_placeholders_find (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) dafu_placeholder_free);
  guint offset = 0;

  for (const char *p = valid; *p != '\0';)
    {
      const char *after = NULL;
      guint n_chars = 0;
      char *name = is_open (g_utf8_get_char (p)) ? read_placeholder (p, &after, &n_chars) : NULL;

      if (name != NULL)
        {
          DafuPlaceholder *placeholder = g_new0 (DafuPlaceholder, 1);

          placeholder->start = offset;
          placeholder->end = offset + n_chars;
          placeholder->name = name;
          g_ptr_array_add (found, placeholder);
          offset += n_chars;
          p = after;
        }
      else
        {
          offset++;
          p = g_utf8_next_char (p);
        }
    }

  return found;
}

/**
 * dafu_placeholders_fill:
 * @text: (nullable): a text with placeholders
 * @values: (element-type utf8 utf8): name → value
 * @unfilled: (out) (optional) (element-type utf8) (transfer full): the
 *   names left unfilled (no value, or an empty one), each once, in order
 *
 * Returns: (transfer full): @text with every placeholder that has a value
 *   replaced by it; the others stay as written
 */
char *
dafu_placeholders_fill (const char  *text,
                        GHashTable  *values,
                        GPtrArray  **unfilled)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0';)
    {
      const char *after = NULL;
      guint n_chars = 0;
      g_autofree char *name = is_open (g_utf8_get_char (p)) ? read_placeholder (p, &after, &n_chars) : NULL;
      const char *value = name != NULL && values != NULL ? g_hash_table_lookup (values, name) : NULL;

      if (name == NULL)
        {
          const char *next = g_utf8_next_char (p);

          g_string_append_len (out, p, next - p);
          p = next;
          continue;
        }

      if (value != NULL && *value != '\0')
        g_string_append (out, value);
      else
        {
          g_string_append_len (out, p, after - p);
          if (!g_ptr_array_find_with_equal_func (missing, name, g_str_equal, NULL))
            g_ptr_array_add (missing, g_strdup (name));
        }
      p = after;
    }

  if (unfilled != NULL)
    *unfilled = g_steal_pointer (&missing);
  return g_string_free (out, FALSE);
}

/**
 * dafu_placeholders_format_date:
 * @iso_date: (nullable): `2026-11-22`
 *
 * Returns: (transfer full) (nullable): the date as a letter writes it,
 *   `2026年11月22日`, or %NULL when @iso_date is not a date
 */
char *
dafu_placeholders_format_date (const char *iso_date)
{
  unsigned year, month, day;
  char tail;

  if (iso_date == NULL ||
      sscanf (iso_date, "%4u-%2u-%2u%c", &year, &month, &day, &tail) != 3 ||
      !g_date_valid_dmy (day, month, year))
    return NULL;
  return g_strdup_printf ("%u年%u月%u日", year, month, day);
}

/**
 * dafu_placeholders_name_for_field:
 *
 * Returns: (nullable): the placeholder that stands for @field, such as
 *   `代表` for the addressee, or %NULL
 */
const char *
dafu_placeholders_name_for_field (DafuLetterField field)
{
  for (guint i = 0; i < G_N_ELEMENTS (KNOWN); i++)
    if (KNOWN[i].field == field)
      return KNOWN[i].name;
  return NULL;
}

/**
 * dafu_placeholders_values_from_letter:
 * @letter: a letter or a draft's fields
 *
 * Returns: (transfer full) (element-type utf8 utf8): the known placeholders
 *   that @letter's fields fill, the date written as in a letter
 */
GHashTable *
dafu_placeholders_values_from_letter (DafuLetter *letter)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_return_val_if_fail (DAFU_IS_LETTER (letter), values);

  for (guint i = 0; i < G_N_ELEMENTS (KNOWN); i++)
    {
      const char *value = dafu_letter_get_field (letter, KNOWN[i].field);
      char *stored;

      if (value == NULL || *value == '\0')
        continue;
      stored = KNOWN[i].field == DAFU_LETTER_FIELD_DATE ? dafu_placeholders_format_date (value) : NULL;
      g_hash_table_insert (values, (gpointer) KNOWN[i].name, stored != NULL ? stored : g_strdup (value));
    }

  return values;
}
