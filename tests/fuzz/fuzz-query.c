/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bytes → a query (dafu-query.h) → a search of a small library, and the
 * query's hits and snippets in the sample letters' texts.
 *
 * The library (the five letters of data/samples/) is built once per
 * process in a temporary folder, removed at exit. */
#include "config.h"

#include "fuzz-util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "dafu-import-report.h"
#include "dafu-letter-list.h"
#include "dafu-library.h"
#include "dafu-query.h"

static char *tmp_dir;
static DafuLibrary *library;
static GPtrArray *texts;

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        rm_rf (child);
      }
  g_remove (path);
}

static void
cleanup (void)
{
  g_clear_object (&library);
  g_clear_pointer (&texts, g_ptr_array_unref);
  if (tmp_dir != NULL)
    rm_rf (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
}

static void
setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *samples = dafu_fuzz_source_path ("data", "samples", NULL);
  g_autofree char *db_path = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(DafuImportReport) report = NULL;
  const char *name;

  tmp_dir = g_dir_make_tmp ("dafu-fuzz-query-XXXXXX", &error);
  g_assert_no_error (error);
  atexit (cleanup);

  db_path = g_build_filename (tmp_dir, "library.db", NULL);
  library = dafu_library_new (db_path, NULL, &error);
  g_assert_no_error (error);

  dir = g_dir_open (samples, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".txt"))
      {
        g_autofree char *path = g_build_filename (samples, name, NULL);
        g_ptr_array_add (files, g_file_new_for_path (path));
      }
  g_assert (files->len > 0);

  report = dafu_library_import (library, (GFile * const *) files->pdata, files->len, NULL);
  g_assert (dafu_import_report_count (report, DAFU_IMPORT_STATUS_IMPORTED) == files->len);

  texts = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < dafu_import_report_get_n_entries (report); i++)
    {
      gint64 id = dafu_import_report_get_letter_id (report, i);
      g_autoptr(DafuLetter) letter = dafu_library_get_letter (library, id, &error);

      g_assert_no_error (error);
      g_ptr_array_add (texts, g_strdup (dafu_letter_get_text (letter)));
    }
}

/* Hits are in order, inside @text, not empty, on character boundaries. */
static void
check_hits (GArray     *hits,
            const char *text)
{
  gsize len = strlen (text);
  gsize last_end = 0;

  for (guint i = 0; hits != NULL && i < hits->len; i++)
    {
      DafuHit *hit = &g_array_index (hits, DafuHit, i);

      g_assert (hit->start < hit->end);
      g_assert (hit->end <= len);
      g_assert (hit->start >= last_end);
      g_assert (g_utf8_validate (text + hit->start, hit->end - hit->start, NULL));
      last_end = hit->end;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* As typed into the search entry or given to dafu-cli search: up to the
   * first NUL, not necessarily valid UTF-8. */
  g_autofree char *typed = g_strndup ((const char *) data, size);
  g_autoptr(DafuQuery) query = NULL;
  g_autoptr(DafuLetterList) found = NULL;
  g_autoptr(GError) error = NULL;

  dafu_fuzz_init ();
  if (library == NULL)
    setup ();

  query = dafu_query_new (typed);
  g_assert (g_utf8_validate (dafu_query_get_text (query), -1, NULL));
  dafu_query_is_empty (query);
  for (DafuQueryIndex index = DAFU_QUERY_INDEX_WORDS; index <= DAFU_QUERY_INDEX_CHARS; index++)
    {
      g_autofree char *match = dafu_query_get_match (query, index);
      g_autofree char *exclude = dafu_query_get_exclude_match (query, index);
      g_auto(GStrv) terms = dafu_query_dup_index_terms (query, index);

      g_assert (match == NULL || g_utf8_validate (match, -1, NULL));
      g_assert (exclude == NULL || g_utf8_validate (exclude, -1, NULL));
      for (guint i = 0; terms != NULL && terms[i] != NULL; i++)
        g_assert (terms[i][0] != '\0' && g_utf8_validate (terms[i], -1, NULL));
    }
  g_assert (dafu_query_get_terms (query) != NULL);
  g_assert (dafu_query_get_excluded_terms (query) != NULL);

  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = g_ptr_array_index (texts, i);
      g_autoptr(GArray) hits = dafu_query_find_hits (query, text);
      g_autofree char *snippet = dafu_query_snippet (query, text, 40 + i * 20);

      check_hits (hits, text);
      g_assert (snippet == NULL || g_utf8_validate (snippet, -1, NULL));
    }

  /* Whatever is typed, the search answers: a query is never an error. */
  found = dafu_library_search (library, query, (DafuSort) (size % 3), size % 4, NULL, &error);
  if (error != NULL)
    g_error ("search for “%s” failed: %s", dafu_query_get_text (query), error->message);
  g_assert (found != NULL);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (found)); i++)
    {
      g_assert (dafu_letter_list_get_id (found, i) > 0);
      g_assert (isfinite (dafu_letter_list_get_score (found, i)));
    }
  return 0;
}
