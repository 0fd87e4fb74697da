/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dafu-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

#include "dafu-import-report.h"
#include "dafu-letter-list.h"
#include "dafu-letter.h"
#include "dafu-library.h"
#include "dafu-query.h"
#include "dafu-text.h"

/* Search through the library, as the window and dafu-cli use it. */

static char *tmp_dir;
static DafuLibrary *library;

static char *
fold_strip (const char *text)
{
  g_autofree char *folded = dafu_text_fold (text, -1);
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!dafu_text_is_space (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}


static GHashTable *
search_ids (DafuQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuLetterList) hits = NULL;
  GHashTable *ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  hits = dafu_library_search (library, query, DAFU_SORT_RELEVANCE, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (hits);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (hits)); i++)
    {
      gint64 *id = g_new (gint64, 1);
      *id = dafu_letter_list_get_id (hits, i);
      g_hash_table_add (ids, id);
    }
  return ids;
}

typedef struct {
  gint64  id;
  char   *title;   /* folded, white space removed */
  char   *text;
} Doc;

static void
doc_clear (gpointer data)
{
  Doc *doc = data;
  g_free (doc->title);
  g_free (doc->text);
}

static GArray *
load_corpus (void)
{
  g_autoptr(DafuLetterList) all = dafu_library_list (library, DAFU_SORT_DATE, NULL);
  GArray *docs = g_array_new (FALSE, TRUE, sizeof (Doc));

  g_array_set_clear_func (docs, doc_clear);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (all)); i++)
    {
      g_autoptr(DafuLetter) letter = g_list_model_get_item (G_LIST_MODEL (all), i);
      Doc doc = {
        dafu_letter_get_id (letter),
        fold_strip (dafu_letter_get_title (letter) != NULL ? dafu_letter_get_title (letter) : ""),
        fold_strip (dafu_letter_get_text (letter)),
      };
      g_array_append_val (docs, doc);
    }
  return docs;
}

static void
assert_same_as_brute_force (GArray     *docs,
                            const char *term)
{
  g_autoptr(DafuQuery) query = NULL;
  g_autoptr(GHashTable) found = NULL;
  g_autofree char *needle = fold_strip (term);
  g_autofree char *quoted = NULL;
  guint expected = 0;

  /* Quote the term so that it is one phrase whatever it contains. */
  if (strchr (term, '"') != NULL || strchr (term, '-') == term)
    return;
  quoted = g_strdup_printf ("\"%s\"", term);
  query = dafu_query_new (quoted);
  found = search_ids (query);

  for (guint i = 0; i < docs->len; i++)
    {
      Doc *doc = &g_array_index (docs, Doc, i);
      gboolean contains = strstr (doc->text, needle) != NULL || strstr (doc->title, needle) != NULL;

      if (contains != g_hash_table_contains (found, &doc->id))
        g_error ("Query “%s”: letter %" G_GINT64_FORMAT " %s it, but the search %s it",
                 term, doc->id, contains ? "contains" : "does not contain",
                 contains ? "missed" : "found");
      expected += contains;
    }
  g_assert_cmpuint (g_hash_table_size (found), ==, expected);
}

static void
test_brute_force (void)
{
  g_autoptr(GArray) docs = load_corpus ();
  const char *absent[] = { "火星基地", "量子计算", "zzzz", "殡葬改革试点", "🚀", "ＸＹＺ", NULL };
  guint n_queries = 0;

  g_assert_cmpuint (docs->len, ==, 5);

  /* 130 substrings of each length 1–4, taken at a fixed stride through the
   * letters so that the run is the same every time. */
  for (guint len = 1; len <= 4; len++)
    for (guint q = 0; q < 130; q++)
      {
        Doc *doc = &g_array_index (docs, Doc, q % docs->len);
        glong n_chars = g_utf8_strlen (doc->text, -1);
        glong start = ((glong) q * 7919 + len * 104729) % (n_chars - len);
        const char *from = g_utf8_offset_to_pointer (doc->text, start);
        const char *to = g_utf8_offset_to_pointer (from, len);
        g_autofree char *term = g_strndup (from, to - from);

        assert_same_as_brute_force (docs, term);
        n_queries++;
      }

  for (guint i = 0; absent[i] != NULL; i++)
    {
      assert_same_as_brute_force (docs, absent[i]);
      n_queries++;
    }

  g_assert_cmpuint (n_queries, >=, 500);
}

static void
test_hostile_queries (void)
{
  g_autoptr(GString) paste = g_string_new (NULL);
  const char *queries[] = {
    "\"", "\"\"", "\"养老", "养老\"", "*", "养*", "^养", "a:b", "(", ")", "()", "AND", "OR",
    "NOT", "养老 AND", "OR 养老", "NOT 养老", "NEAR(养老 服务)", "NEAR", "-", "--", "-养老",
    "- -", "+", "{title}:养老", "title:养老", "养老 OR", "\"养老\" OR \"服务\"", "😀", "👨‍👩‍👧",
    "类别:提案", "year:abc", "year:", "city:", "category:Z", "kind:foo", "：", "，。！？",
    "'; DROP TABLE letters; --", "\\", "\t\n", "   ", "", "\x01\x02", "％", "１２３",
    "养老 -养老", "-\"养老服务\"", "city:咸阳 -", NULL
  };

  for (guint i = 0; i < 10000; i++)
    g_string_append (paste, i % 3 ? "养" : "老");

  for (guint i = 0; queries[i] != NULL; i++)
    {
      g_autoptr(DafuQuery) query = dafu_query_new (queries[i]);
      g_autoptr(GHashTable) ids = search_ids (query);   /* asserts no error */
    }

  {
    g_autoptr(DafuQuery) query = dafu_query_new (paste->str);
    g_autoptr(GHashTable) ids = search_ids (query);
    g_assert_cmpuint (g_hash_table_size (ids), ==, 0);
  }

  /* Contradictions find nothing rather than fail. */
  {
    g_autoptr(DafuQuery) query = dafu_query_new ("养老 -养老");
    g_autoptr(GHashTable) ids = search_ids (query);
    g_assert_cmpuint (g_hash_table_size (ids), ==, 0);
  }
}

static gint64
letter_with_file (const char *suffix)
{
  g_autoptr(DafuLetterList) all = dafu_library_list (library, DAFU_SORT_DATE, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (all)); i++)
    {
      g_autoptr(DafuLetter) letter = g_list_model_get_item (G_LIST_MODEL (all), i);
      if (g_str_has_suffix (dafu_letter_get_file_name (letter), suffix))
        return dafu_letter_get_id (letter);
    }
  g_assert_not_reached ();
}

static guint
n_hits (const char *text,
        const char *city,
        int         year)
{
  g_autoptr(DafuQuery) query = dafu_query_new (text);
  g_autoptr(GHashTable) ids = NULL;

  if (city != NULL)
    dafu_query_set_city (query, city);
  if (year > 0)
    dafu_query_set_year (query, year);
  ids = search_ids (query);
  return g_hash_table_size (ids);
}

static void
test_exclusions_and_filters (void)
{
  /* Only the two Xianyang letters speak of 咸阳; 榆林 only in one. */
  g_assert_cmpuint (n_hits ("咸阳", NULL, 0), ==, 2);
  g_assert_cmpuint (n_hits ("养老 -咸阳", NULL, 0), ==, 3);
  g_assert_cmpuint (n_hits ("-咸阳", NULL, 0), ==, 3);
  g_assert_cmpuint (n_hits ("养老 榆林", NULL, 0), ==, 1);
  g_assert_cmpuint (n_hits ("\"养老服务\"", NULL, 0), ==, 5);

  /* Filters through the query text and through the API; the city matches
   * with or without its 市. */
  g_assert_cmpuint (n_hits ("养老 city:咸阳", NULL, 0), ==, 2);
  g_assert_cmpuint (n_hits ("city:咸阳市", NULL, 0), ==, 2);
  g_assert_cmpuint (n_hits ("养老", "咸阳", 0), ==, 2);
  g_assert_cmpuint (n_hits ("养老 year:2024", NULL, 0), ==, 2);
  g_assert_cmpuint (n_hits ("", NULL, 2021), ==, 1);
  g_assert_cmpuint (n_hits ("category:B", NULL, 0), ==, 3);
  g_assert_cmpuint (n_hits ("kind:proposal", NULL, 0), ==, 1);
  g_assert_cmpuint (n_hits ("养老 city:长治 year:2024", NULL, 0), ==, 0);
  /* An empty query lists everything. */
  g_assert_cmpuint (n_hits ("", NULL, 0), ==, 5);
}

static void
test_title_ranks_first (void)
{
  g_autoptr(DafuQuery) query = dafu_query_new ("适老化");
  g_autoptr(DafuLetterList) hits = NULL;
  g_autoptr(GError) error = NULL;
  gint64 titled = letter_with_file ("changzhi-2025-59.txt");

  /* 适老化 appears in the body of three letters; give one of them a title
   * that holds it. That letter must come first. */
  g_assert_true (dafu_library_update_field (library, titled, DAFU_LETTER_FIELD_TITLE,
                                            "关于推进老旧小区适老化改造的建议", &error));
  g_assert_no_error (error);

  hits = dafu_library_search (library, query, DAFU_SORT_RELEVANCE, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hits)), >=, 2);
  g_assert_cmpint (dafu_letter_list_get_id (hits, 0), ==, titled);
  g_assert_cmpfloat (dafu_letter_list_get_score (hits, 0), <, dafu_letter_list_get_score (hits, 1));

  /* The limit cuts the list. */
  g_clear_object (&hits);
  hits = dafu_library_search (library, query, DAFU_SORT_RELEVANCE, 1, NULL, &error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hits)), ==, 1);
}

static void
test_sort_by_date (void)
{
  g_autoptr(DafuQuery) query = dafu_query_new ("养老");
  g_autoptr(DafuLetterList) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *previous = NULL;

  hits = dafu_library_search (library, query, DAFU_SORT_DATE, 0, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (hits)); i++)
    {
      g_autoptr(DafuLetter) letter = g_list_model_get_item (G_LIST_MODEL (hits), i);
      const char *date = dafu_letter_get_date (letter);

      if (previous != NULL && date != NULL)
        g_assert_cmpstr (previous, >=, date);
      if (date != NULL)
        {
          g_free (previous);
          previous = g_strdup (date);
        }
    }
}

static void
test_snippet_marks_whole_run (void)
{
  g_autoptr(DafuQuery) query = dafu_query_new ("养老 服务");
  g_autoptr(DafuLetter) letter = dafu_library_get_letter (library, letter_with_file ("yulin-2021-114.txt"), NULL);
  g_autofree char *snippet = dafu_query_snippet (query, dafu_letter_get_text (letter), 60);

  g_assert_nonnull (strstr (snippet, "<b>养老服务</b>"));
  g_assert_null (strstr (snippet, "<b>养</b>"));
}

int
main (int argc, char **argv)
{
  g_autofree char *samples = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(DafuImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  const struct { const char *file; const char *city; const char *date; const char *category; const char *kind; } facts[] = {
    /* Set by correction so that the filter tests do not depend on the parser. */
    { "xianyang-2024-39.txt", "咸阳市", "2024-05-08", "B", "suggestion" },
    { "xianyang-2024-40.txt", "咸阳市", "2024-05-08", "B", "suggestion" },
    { "yulin-2021-114.txt", "榆林市", "2021-08-23", "B", "suggestion" },
    { "jincheng-444.txt", "晋城市", NULL, "A", "proposal" },
    { "changzhi-2025-59.txt", "长治市", "2025-09-04", NULL, "suggestion" },
  };

  g_test_init (&argc, &argv, NULL);

  tmp_dir = dafu_test_make_tmp ();
  path = g_build_filename (tmp_dir, "library.db", NULL);
  library = dafu_library_new (path, NULL, &error);
  g_assert_no_error (error);
  samples = dafu_test_samples_dir ();
  folder = g_file_new_for_path (samples);
  report = dafu_library_import (library, &folder, 1, NULL);
  g_assert_cmpuint (dafu_import_report_count (report, DAFU_IMPORT_STATUS_IMPORTED), ==, 5);

  for (guint i = 0; i < G_N_ELEMENTS (facts); i++)
    {
      gint64 id = letter_with_file (facts[i].file);

      g_assert_true (dafu_library_update_field (library, id, DAFU_LETTER_FIELD_CITY, facts[i].city, NULL));
      g_assert_true (dafu_library_update_field (library, id, DAFU_LETTER_FIELD_DATE, facts[i].date, NULL));
      g_assert_true (dafu_library_update_field (library, id, DAFU_LETTER_FIELD_CATEGORY, facts[i].category, NULL));
      g_assert_true (dafu_library_update_field (library, id, DAFU_LETTER_FIELD_KIND, facts[i].kind, NULL));
    }

  g_test_add_func ("/search/brute-force", test_brute_force);
  g_test_add_func ("/search/hostile-queries", test_hostile_queries);
  g_test_add_func ("/search/exclusions-and-filters", test_exclusions_and_filters);
  g_test_add_func ("/search/sort-by-date", test_sort_by_date);
  g_test_add_func ("/search/snippet", test_snippet_marks_whole_run);
  g_test_add_func ("/search/title-ranks-first", test_title_ranks_first);

  status = g_test_run ();

  g_clear_object (&library);
  dafu_test_rm_rf (tmp_dir);
  g_free (tmp_dir);
  return status;
}
