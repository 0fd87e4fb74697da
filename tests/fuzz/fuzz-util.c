/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-fuzz"

#include "config.h"

#include "fuzz-util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dafu-parser.h"
#include "dafu-section.h"
#include "dafu-text.h"

/* Bad input may be logged as a warning, which is not a failure; a critical
 * (a failed precondition) or an error from the core on bad input is a bug,
 * so it aborts and libFuzzer keeps the input. Warnings are printed only
 * with DAFU_FUZZ_VERBOSE set, to keep libFuzzer's output readable. */
static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  gboolean fatal = (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL)) != 0;

  if (fatal || g_getenv ("DAFU_FUZZ_VERBOSE") != NULL)
    {
      g_autofree char *line = g_log_writer_format_fields (log_level, fields, n_fields, FALSE);

      fprintf (stderr, "%s\n", line);
    }
  if (fatal)
    abort ();
  return G_LOG_WRITER_HANDLED;
}

void
dafu_fuzz_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
      g_once_init_leave (&initialized, 1);
    }
}

/* A file of the source tree, such as data/themes.ini. */
char *
dafu_fuzz_source_path (const char *first,
                       ...)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;

  g_ptr_array_add (parts, (gpointer) DAFU_FUZZ_SOURCE_ROOT);
  va_start (args, first);
  for (const char *p = first; p != NULL; p = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) p);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

/* The input as a string, made valid UTF-8 as every text that a user types
 * or that the library stores is. */
char *
dafu_fuzz_utf8 (const uint8_t *data,
                size_t         size)
{
  if (size == 0)
    return g_strdup ("");
  return g_utf8_make_valid ((const char *) data, size);
}

/* The input cut at each @separator into at most @max_parts GBytes (the last
 * one keeps the rest). */
GPtrArray *
dafu_fuzz_split (const uint8_t *data,
                 size_t         size,
                 const char    *separator,
                 guint          max_parts)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  size_t sep_len = strlen (separator);
  size_t start = 0;

  g_assert (sep_len > 0 && max_parts > 0);

  for (size_t i = 0; i + sep_len <= size && parts->len + 1 < max_parts;)
    {
      if (memcmp (data + i, separator, sep_len) == 0)
        {
          g_ptr_array_add (parts, g_bytes_new (data + start, i - start));
          i += sep_len;
          start = i;
        }
      else
        i++;
    }
  g_ptr_array_add (parts, g_bytes_new (data + start, size - start));
  return parts;
}

/* A .txt file's bytes read as import reads them (size check, decoding,
 * repair, parsing); %NULL when import would refuse them. */
DafuLetter *
dafu_fuzz_parse (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *encoding = NULL;
  DafuLetter *letter;

  if (!dafu_text_check_size (g_bytes_get_size (bytes), &error))
    return NULL;

  text = dafu_text_decode (bytes, &encoding, &error);
  if (text == NULL)
    {
      g_assert (error != NULL);
      return NULL;
    }
  g_assert (g_utf8_validate (text, -1, NULL));
  g_assert (encoding != NULL);

  letter = dafu_parser_parse_text (text, &error);
  g_assert ((letter == NULL) == (error != NULL));
  if (letter != NULL)
    dafu_fuzz_check_letter (letter);
  return letter;
}

/* What a reader of Word or PDF files owes its caller: either a text the
 * parser can take, or a reason for the user. */
void
dafu_fuzz_check_extracted (const char   *text,
                           const GError *error)
{
  g_assert ((text == NULL) == (error != NULL));
  g_assert (text == NULL || g_utf8_validate (text, -1, NULL));
  g_assert (error == NULL || (error->message != NULL && *error->message != '\0'));
}

/* What the rest of Dafu relies on in a parsed letter: its text, fields and
 * sections are valid UTF-8. */
void
dafu_fuzz_check_letter (DafuLetter *letter)
{
  GListModel *sections = dafu_letter_get_sections (letter);
  const char *text = dafu_letter_get_text (letter);

  g_assert (text == NULL || g_utf8_validate (text, -1, NULL));
  for (guint f = 0; f < DAFU_LETTER_N_FIELDS; f++)
    {
      const char *value = dafu_letter_get_field (letter, f);

      g_assert (value == NULL || g_utf8_validate (value, -1, NULL));
    }

  for (guint i = 0; sections != NULL && i < g_list_model_get_n_items (sections); i++)
    {
      g_autoptr(DafuSection) section = g_list_model_get_item (sections, i);

      const char *heading = dafu_section_get_heading (section);
      const char *section_text = dafu_section_get_text (section);

      g_assert (heading == NULL || g_utf8_validate (heading, -1, NULL));
      g_assert (section_text == NULL || g_utf8_validate (section_text, -1, NULL));
    }
}
