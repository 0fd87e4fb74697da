/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bytes → placeholders found and filled (dafu-placeholder.h).
 *
 * The input is a template, then after a line `%%` some `name=value` lines.
 * A name that is a letter field's key (`addressee`, `date`, …) sets that
 * field of a letter, whose values then fill the template as a draft's
 * fields do; any other name fills the placeholder `{name}` directly. */
#include "config.h"

#include "fuzz-util.h"

#include <string.h>

#include "dafu-placeholder.h"

#define SEPARATOR "\n%%\n"

/* Placeholders are in order, inside the text, and name what is between
 * their braces. */
static void
check_found (GPtrArray  *found,
             const char *text)
{
  glong n_chars = g_utf8_strlen (text, -1);
  guint last_end = 0;

  for (guint i = 0; i < found->len; i++)
    {
      DafuPlaceholder *placeholder = g_ptr_array_index (found, i);
      const char *start, *end;

      g_assert (placeholder->start >= last_end);
      g_assert (placeholder->end >= placeholder->start + 3);
      g_assert ((glong) placeholder->end <= n_chars);
      g_assert (placeholder->name != NULL && placeholder->name[0] != '\0');
      g_assert (g_utf8_validate (placeholder->name, -1, NULL));

      start = g_utf8_offset_to_pointer (text, placeholder->start + 1);
      end = g_utf8_offset_to_pointer (text, placeholder->end - 1);
      g_assert ((gsize) (end - start) == strlen (placeholder->name));
      g_assert (strncmp (start, placeholder->name, end - start) == 0);
      last_end = placeholder->end;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) parts = NULL;
  /* Outlives @values, which borrows its keys. */
  g_autoptr(GHashTable) own = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(DafuLetter) letter = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) unfilled = NULL;
  g_autofree char *template = NULL;
  g_autofree char *filled = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTableIter iter;
  gpointer key, value;

  dafu_fuzz_init ();
  parts = dafu_fuzz_split (data, size, SEPARATOR, 2);
  {
    gsize len;
    const uint8_t *p = g_bytes_get_data (g_ptr_array_index (parts, 0), &len);
    template = dafu_fuzz_utf8 (p, len);
  }
  letter = dafu_letter_new ();
  if (parts->len > 1)
    {
      gsize len;
      const uint8_t *p = g_bytes_get_data (g_ptr_array_index (parts, 1), &len);
      g_autofree char *rest = dafu_fuzz_utf8 (p, len);

      lines = g_strsplit (rest, "\n", 32);
    }

  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      char *eq = strchr (lines[i], '=');
      DafuLetterField field;

      if (eq == NULL)
        continue;
      *eq = '\0';
      g_autofree char *date = dafu_placeholders_format_date (eq + 1);
      g_assert (date == NULL || g_utf8_validate (date, -1, NULL));
      if (dafu_letter_field_from_key (lines[i], &field))
        {
          /* What the edit dialog accepts, as it checks before it sets. */
          if (dafu_letter_field_is_valid (field, eq + 1, NULL))
            dafu_letter_set_field (letter, field, eq + 1);
          dafu_placeholders_name_for_field (field);
        }
      else
        g_hash_table_replace (own, g_strdup (lines[i]), g_strdup (eq + 1));
    }

  values = dafu_placeholders_values_from_letter (letter);
  g_hash_table_iter_init (&iter, own);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (values, key))
      g_hash_table_insert (values, key, g_strdup (value));

  found = dafu_placeholders_find (template);
  check_found (found, template);

  filled = dafu_placeholders_fill (template, values, &unfilled);
  g_assert (g_utf8_validate (filled, -1, NULL));
  /* Each name left unfilled is one of the placeholders found. */
  for (guint i = 0; i < unfilled->len; i++)
    {
      gboolean seen = FALSE;

      for (guint j = 0; j < found->len && !seen; j++)
        seen = g_str_equal (((DafuPlaceholder *) g_ptr_array_index (found, j))->name,
                            g_ptr_array_index (unfilled, i));
      g_assert (seen);
    }
  /* With no values, the template comes back as it was. */
  {
    g_autofree char *same = dafu_placeholders_fill (template, NULL, NULL);
    g_assert (strcmp (same, template) == 0);
  }
  return 0;
}
