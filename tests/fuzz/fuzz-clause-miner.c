/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bytes → a few letters → the clause miner (dafu-clause-miner.h).
 *
 * The input is cut at each line `=====` into up to eight .txt files, each
 * read as import reads it; the letters read are mined with the themes of
 * data/themes.ini. */
#include "config.h"

#include "fuzz-util.h"

#include <stdlib.h>

#include "dafu-clause-miner.h"

#define SEPARATOR "\n=====\n"
#define MAX_LETTERS 8

static DafuThemes *themes;

static void
cleanup (void)
{
  g_clear_object (&themes);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GPtrArray) letters = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) clauses = NULL;
  g_autoptr(GError) error = NULL;

  dafu_fuzz_init ();
  if (themes == NULL)
    {
      g_autofree char *path = dafu_fuzz_source_path ("data", "themes.ini", NULL);

      themes = dafu_themes_new_from_file (path, &error);
      g_assert_no_error (error);
      atexit (cleanup);
    }

  parts = dafu_fuzz_split (data, size, SEPARATOR, MAX_LETTERS);
  for (guint i = 0; i < parts->len; i++)
    {
      DafuLetter *letter = dafu_fuzz_parse (g_ptr_array_index (parts, i));

      if (letter == NULL)
        continue;
      /* Ids as the library gives them. */
      dafu_letter_set_id (letter, 101 + i);
      g_ptr_array_add (letters, letter);
    }

  clauses = dafu_clause_miner_mine (letters, themes, NULL, &error);
  g_assert_no_error (error);
  g_assert (clauses != NULL);

  for (guint i = 0; i < clauses->len; i++)
    {
      DafuClause *clause = g_ptr_array_index (clauses, i);
      const char *text = dafu_clause_get_text (clause);
      const char *title = dafu_clause_get_title (clause);
      const gint64 *sources;
      guint n_sources = 0;

      g_assert (text != NULL && text[0] != '\0' && g_utf8_validate (text, -1, NULL));
      g_assert (title == NULL || g_utf8_validate (title, -1, NULL));
      g_assert (dafu_clause_get_themes (clause) != NULL);
      /* A clause comes from the letters given, and from at least one. */
      sources = dafu_clause_get_sources (clause, &n_sources);
      g_assert (n_sources >= 1 && n_sources <= letters->len);
      for (guint j = 0; j < n_sources; j++)
        g_assert (sources[j] >= 101 && sources[j] < 101 + (gint64) parts->len);
    }
  return 0;
}
