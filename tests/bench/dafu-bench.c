/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-bench"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "dafu-facet.h"
#include "dafu-db.h"
#include "dafu-generator.h"
#include "dafu-import-report.h"
#include "dafu-letter-list.h"
#include "dafu-letter.h"
#include "dafu-library-drafts.h"
#include "dafu-library.h"
#include "dafu-query.h"

/*
 * dafu-bench: the figures of the issue "Fast at 100,000 letters".
 *
 * For a corpus of N generated letters (cached between runs) it measures the
 * import into a fresh library, a fixed mix of searches (time to the first
 * page: the ranked ids and the total, then the top 50 letters with their
 * snippets), opening the library to the first page, and the window's peak
 * memory; beside them, on the same letters, the folder-of-files way
 * (grep -F -l) and an FTS5 table with SQLite's own trigram tokenizer.
 *
 * It prints one row per figure with the target of the issue next to it and
 * writes the same as JSON.  It asserts nothing about time: it measures,
 * prints and exits 0 (1 only when it cannot measure at all).
 */

#define PAGE_SIZE     50
#define SNIPPET_WIDTH 90
#define STAMP_NAME    ".dafu-bench-stamp"

/* ----------------------------------------------------------------------- *
 * Options
 * ----------------------------------------------------------------------- */

static int count = 10000;
static gint64 seed = 1;
static char *corpus_dir;
static char *library_path;
static int repeat = 5;
static int grep_repeat = 1;
static char *json_path;
static char *queries_path;
static gboolean keep;
static gboolean skip_window;
static gboolean skip_grep;
static gboolean skip_trigram;

static GOptionEntry entries[] = {
  { "count", 'n', 0, G_OPTION_ARG_INT, &count, "Letters in the corpus (10000)", "N" },
  { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Seed of the corpus (1)", "S" },
  { "corpus", 0, 0, G_OPTION_ARG_FILENAME, &corpus_dir,
    "Folder of the corpus, generated when missing ($XDG_CACHE_HOME/dafu-bench/corpus-N-S)", "DIR" },
  { "library", 0, 0, G_OPTION_ARG_FILENAME, &library_path,
    "The library to build (a temporary folder)", "PATH" },
  { "keep", 0, 0, G_OPTION_ARG_NONE, &keep,
    "Keep the library; reuse it when it already holds the corpus", NULL },
  { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, "Runs of each query (5)", "R" },
  { "grep-repeat", 0, 0, G_OPTION_ARG_INT, &grep_repeat, "Runs of each grep (1)", "R" },
  { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path, "Where to write the figures (dafu-bench.json)", "FILE" },
  { "queries", 0, 0, G_OPTION_ARG_FILENAME, &queries_path, "The query mix (queries.txt)", "FILE" },
  { "skip-window", 0, 0, G_OPTION_ARG_NONE, &skip_window, "Do not measure the window", NULL },
  { "skip-grep", 0, 0, G_OPTION_ARG_NONE, &skip_grep, "Do not run the grep baseline", NULL },
  { "skip-trigram", 0, 0, G_OPTION_ARG_NONE, &skip_trigram, "Do not build the trigram baseline", NULL },
  { NULL }
};

/* ----------------------------------------------------------------------- *
 * Figures
 * ----------------------------------------------------------------------- */

typedef struct
{
  guint  n;      /* values summarised; 0: none */
  double p50;
  double p95;
  double p99;
  double max;
} Stats;

typedef struct
{
  char     *name;
  char     *unit;
  Stats     stats;
  gboolean  single;  /* one value, in stats.p50 */
  char     *target;  /* NULL: none */
  int       met;     /* -1: no target */
  char     *note;
} Figure;

static void
figure_free (gpointer data)
{
  Figure *figure = data;

  g_free (figure->name);
  g_free (figure->unit);
  g_free (figure->target);
  g_free (figure->note);
  g_free (figure);
}

static GPtrArray *figures;
static GPtrArray *notes;

static Figure *
add_figure (const char *name,
            const char *unit,
            const char *target,
            int         met)
{
  Figure *figure = g_new0 (Figure, 1);

  figure->name = g_strdup (name);
  figure->unit = g_strdup (unit);
  figure->target = g_strdup (target);
  figure->met = target != NULL ? met : -1;
  g_ptr_array_add (figures, figure);
  return figure;
}

static Figure *
add_value (const char *name,
           const char *unit,
           double      value,
           const char *target,
           int         met)
{
  Figure *figure = add_figure (name, unit, target, met);

  figure->single = TRUE;
  figure->stats.n = 1;
  figure->stats.p50 = figure->stats.p95 = figure->stats.p99 = figure->stats.max = value;
  return figure;
}

static Figure *
add_stats (const char  *name,
           const char  *unit,
           const Stats *stats,
           const char  *target,
           int          met)
{
  Figure *figure = add_figure (name, unit, target, met);

  figure->stats = *stats;
  return figure;
}

G_GNUC_PRINTF (1, 2)
static void
add_note (const char *format,
          ...)
{
  va_list args;
  char *note;

  va_start (args, format);
  note = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (notes, note);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* Nearest rank on sorted values. */
static double
percentile (const double *sorted,
            guint         n,
            double        p)
{
  guint rank;

  if (n == 0)
    return NAN;
  rank = (guint) ceil (p / 100.0 * n);
  rank = CLAMP (rank, 1, n);
  return sorted[rank - 1];
}

static Stats
stats_of (const double *values,
          guint         n)
{
  g_autofree double *sorted = g_memdup2 (values, n * sizeof (double));
  Stats stats = { n, NAN, NAN, NAN, NAN };

  if (n == 0)
    return stats;
  qsort (sorted, n, sizeof (double), (int (*) (const void *, const void *)) compare_doubles);
  stats.p50 = percentile (sorted, n, 50);
  stats.p95 = percentile (sorted, n, 95);
  stats.p99 = percentile (sorted, n, 99);
  stats.max = sorted[n - 1];
  return stats;
}

static double
median_of (const double *values,
           guint         n)
{
  return stats_of (values, n).p50;
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* ----------------------------------------------------------------------- *
 * Files
 * ----------------------------------------------------------------------- */

/* Removes @path and, for a real folder (not a link to one), all below it. */
static void
rm_rf (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          rm_rf (child);
        }
    }
  g_remove (path);
}

static guint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
}

/* Letter files below @path (not hidden ones) and their bytes. */
static void
walk_corpus (const char *path,
             guint      *n_files,
             guint64    *bytes)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (name[0] == '.')
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        walk_corpus (child, n_files, bytes);
      else if (g_str_has_suffix (name, ".txt"))
        {
          *n_files += 1;
          *bytes += file_size (child);
        }
    }
}

/* ----------------------------------------------------------------------- *
 * The corpus
 * ----------------------------------------------------------------------- */

/* What the stamp says: the count, the seed and a checksum of the first and
 * last letters, so that a corpus made by an older generator is made again. */
static char *
corpus_stamp (void)
{
  g_autofree char *first = dafu_generator_letter ((guint64) seed, 0);
  g_autofree char *last = dafu_generator_letter ((guint64) seed, (guint) count - 1);
  g_autofree char *first_sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, first, -1);
  g_autofree char *last_sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, last, -1);

  return g_strdup_printf ("count=%d\nseed=%" G_GINT64_FORMAT "\nfirst=%s\nlast=%s\n",
                          count, seed, first_sum, last_sum);
}

static gboolean
prepare_corpus (gboolean   is_default,
                GError   **error)
{
  g_autofree char *stamp_path = g_build_filename (corpus_dir, STAMP_NAME, NULL);
  g_autofree char *stamp = corpus_stamp ();
  g_autofree char *found = NULL;
  gint64 start;
  double seconds;

  if (g_file_get_contents (stamp_path, &found, NULL, NULL) && g_strcmp0 (found, stamp) == 0)
    {
      add_note ("Corpus: reused %s (generated earlier, stamp matches).", corpus_dir);
      return TRUE;
    }

  /* A stale corpus of ours, or a half-made one in our cache, goes; a folder
   * the user named without our stamp is left to the generator to judge. */
  if (found != NULL || (is_default && g_file_test (corpus_dir, G_FILE_TEST_EXISTS)))
    {
      printf ("Removing the stale corpus in %s\n", corpus_dir);
      rm_rf (corpus_dir);
    }

  printf ("Generating %d letters (seed %" G_GINT64_FORMAT ") in %s …\n", count, seed, corpus_dir);
  start = g_get_monotonic_time ();
  if (!dafu_generator_write (corpus_dir, (guint) count, (guint64) seed, NULL, error))
    return FALSE;
  seconds = ms_since (start) / 1000.0;
  add_value ("corpus generation", "s", seconds, NULL, -1)->note = g_strdup ("not part of the import");

  return g_file_set_contents (stamp_path, stamp, -1, error);
}

/* ----------------------------------------------------------------------- *
 * Queries
 * ----------------------------------------------------------------------- */

typedef struct
{
  char      *klass;
  char      *band;
  char      *text;          /* as searched, placeholders filled */
  DafuQuery *query;
  GPtrArray *words;         /* terms without white space, for the baselines */
  GPtrArray *excluded;
  gboolean   filtered;

  gboolean   failed;
  guint      hits;
  double     page_ms;       /* medians over the runs */
  double     ids_all_ms;
  double     ids50_ms;

  gboolean   grep_done;
  double     grep_ms;
  guint      grep_hits;

  gboolean   trigram_done;  /* FALSE: a term shorter than 3 characters */
  double     trigram_ms;
  guint      trigram_hits;
} BenchQuery;

static void
bench_query_free (gpointer data)
{
  BenchQuery *q = data;

  g_free (q->klass);
  g_free (q->band);
  g_free (q->text);
  g_clear_object (&q->query);
  g_clear_pointer (&q->words, g_ptr_array_unref);
  g_clear_pointer (&q->excluded, g_ptr_array_unref);
  g_free (q);
}

/* @term without white space, as the search sees it. */
static char *
strip_spaces (const char *term)
{
  GString *out = g_string_new (NULL);

  for (const char *p = term; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static GPtrArray *
stripped (const char * const *terms)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; terms != NULL && terms[i] != NULL; i++)
    {
      char *word = strip_spaces (terms[i]);

      if (*word != '\0')
        g_ptr_array_add (words, word);
      else
        g_free (word);
    }
  return words;
}

/* The most frequent value of @facet in the library, or NULL. */
static char *
top_facet (DafuLibrary *library,
           const char  *facet)
{
  g_autoptr(GListModel) values = dafu_library_get_facets (library, facet, NULL);
  g_autoptr(DafuFacet) top = NULL;

  if (values == NULL || g_list_model_get_n_items (values) == 0)
    return NULL;
  top = g_list_model_get_item (values, 0);
  return g_strdup (dafu_facet_get_value (top));
}

static GPtrArray *
load_queries (DafuLibrary  *library,
              GError      **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) queries = g_ptr_array_new_with_free_func (bench_query_free);
  const char *keys[] = { "{city}", "{year}", "{category}" };
  char *values[G_N_ELEMENTS (keys)];

  if (!g_file_get_contents (queries_path, &contents, NULL, error))
    return NULL;

  values[0] = top_facet (library, "city");
  values[1] = top_facet (library, "year");
  values[2] = top_facet (library, "category");
  add_note ("Filters: city:%s year:%s category:%s (the most frequent in the library).",
            values[0] ? values[0] : "(none)", values[1] ? values[1] : "(none)",
            values[2] ? values[2] : "(none)");

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) parts = NULL;
      g_autoptr(GString) text = NULL;
      BenchQuery *q;
      gboolean missing = FALSE;

      g_strstrip (lines[i]);
      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      parts = g_strsplit (lines[i], "\t", 3);
      if (g_strv_length (parts) != 3)
        {
          add_note ("queries: line %u is not CLASS<tab>BAND<tab>QUERY; left out.", i + 1);
          continue;
        }

      text = g_string_new (parts[2]);
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        if (strstr (text->str, keys[k]) != NULL)
          {
            if (values[k] == NULL)
              missing = TRUE;
            else
              g_string_replace (text, keys[k], values[k], 0);
          }
      if (missing)
        {
          add_note ("Query “%s” left out: the library has no value for its filter.", parts[2]);
          continue;
        }

      q = g_new0 (BenchQuery, 1);
      q->klass = g_strdup (parts[0]);
      q->band = g_strdup (parts[1]);
      q->text = g_strdup (text->str);
      q->query = dafu_query_new (q->text);
      q->words = stripped (dafu_query_get_terms (q->query));
      q->excluded = stripped (dafu_query_get_excluded_terms (q->query));
      q->filtered = dafu_query_get_city (q->query) != NULL ||
                    dafu_query_get_year (q->query) > 0 ||
                    dafu_query_get_category (q->query) != NULL;
      g_ptr_array_add (queries, q);
    }

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    g_free (values[k]);

  if (queries->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s holds no query", queries_path);
      return NULL;
    }
  return g_steal_pointer (&queries);
}

/* ----------------------------------------------------------------------- *
 * Our search
 * ----------------------------------------------------------------------- */

/* The first page as the window shows it: all ranked ids and the total,
 * then the top 50 letters with their snippets. */
static gboolean
first_page (DafuLibrary  *library,
            DafuQuery    *query,
            DafuSort      sort,
            guint        *hits,
            double       *ids_ms,
            GError      **error)
{
  g_autoptr(DafuLetterList) list = NULL;
  gint64 start = g_get_monotonic_time ();
  guint n;

  list = dafu_library_search (library, query, sort, 0, NULL, error);
  if (list == NULL)
    return FALSE;
  if (ids_ms != NULL)
    *ids_ms = ms_since (start);

  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  for (guint i = 0; i < MIN (n, PAGE_SIZE); i++)
    {
      g_autoptr(DafuLetter) letter = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autofree char *snippet = dafu_query_snippet (query, dafu_letter_get_text (letter) ?: "",
                                                     SNIPPET_WIDTH);
      (void) snippet;
    }
  *hits = n;
  return TRUE;
}

static void
run_searches (DafuLibrary *library,
              GPtrArray   *queries)
{
  g_autofree double *page = g_new0 (double, repeat);
  g_autofree double *ids_all = g_new0 (double, repeat);
  g_autofree double *ids50 = g_new0 (double, repeat);
  guint dummy;

  /* Bring the tables into the page cache, as a window in use has them. */
  {
    g_autoptr(DafuQuery) warm = dafu_query_new ("");
    first_page (library, warm, DAFU_SORT_DATE, &dummy, NULL, NULL);
  }

  for (guint i = 0; i < queries->len; i++)
    {
      BenchQuery *q = g_ptr_array_index (queries, i);

      for (int r = 0; r < repeat && !q->failed; r++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(DafuLetterList) list = NULL;
          gint64 start = g_get_monotonic_time ();

          if (!first_page (library, q->query, DAFU_SORT_RELEVANCE, &q->hits, &ids_all[r], &error))
            {
              add_note ("Query “%s” failed: %s", q->text, error->message);
              q->failed = TRUE;
              break;
            }
          page[r] = ms_since (start);

          start = g_get_monotonic_time ();
          list = dafu_library_search (library, q->query, DAFU_SORT_RELEVANCE, PAGE_SIZE, NULL, NULL);
          ids50[r] = ms_since (start);
        }
      if (q->failed)
        continue;

      q->page_ms = median_of (page, repeat);
      q->ids_all_ms = median_of (ids_all, repeat);
      q->ids50_ms = median_of (ids50, repeat);
      printf ("  %-8s %-8s %6u hits %8.2f ms  %s\n", q->klass, q->band, q->hits, q->page_ms, q->text);
    }
}

/* ----------------------------------------------------------------------- *
 * grep -F -l
 * ----------------------------------------------------------------------- */

/* Runs grep for @q over the corpus: the first word with -r, each further
 * word over the files found so far, each exclusion with -L; @hits is the
 * number of files that are left.  Filters are not applied (grep cannot). */
static gboolean
run_grep (BenchQuery  *q,
          double      *ms,
          guint       *hits,
          GError     **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GString) script = g_string_new (NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL;
  guint n_stages = q->words->len + q->excluded->len;
  guint stage = 0;
  gint64 start;

  for (guint i = 0; i < q->words->len; i++, stage++)
    {
      gboolean last = stage + 1 == n_stages;

      if (stage == 0)
        g_string_append_printf (script, "grep -rlF%s -- \"$1\" \"$0\"", last ? "" : "Z");
      else
        g_string_append_printf (script, " | xargs -0r grep -lF%s -- \"$%u\"", last ? "" : "Z", stage + 1);
    }
  for (guint i = 0; i < q->excluded->len; i++, stage++)
    {
      gboolean last = stage + 1 == n_stages;

      g_string_append_printf (script, " | xargs -0r grep -LF%s -- \"$%u\"", last ? "" : "Z", stage + 1);
    }
  /* grep exits 1 when it finds nothing: that is an answer, not an error. */
  g_string_append (script, "; exit 0");

  g_ptr_array_add (argv, (gpointer) "sh");
  g_ptr_array_add (argv, (gpointer) "-c");
  g_ptr_array_add (argv, script->str);
  g_ptr_array_add (argv, corpus_dir);
  for (guint i = 0; i < q->words->len; i++)
    g_ptr_array_add (argv, g_ptr_array_index (q->words, i));
  for (guint i = 0; i < q->excluded->len; i++)
    g_ptr_array_add (argv, g_ptr_array_index (q->excluded, i));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* Byte matching: grep's fastest mode, and exact for UTF-8 text. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);

  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  if (process == NULL ||
      !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, error))
    return FALSE;
  *ms = ms_since (start);

  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "grep failed");
      return FALSE;
    }

  *hits = 0;
  for (const char *p = out; p != NULL && *p; p++)
    if (*p == '\n')
      *hits += 1;
  return TRUE;
}

static void
run_greps (GPtrArray *queries)
{
  g_autofree double *times = g_new0 (double, grep_repeat);

  /* Once untimed, so that every query finds the files in the page cache. */
  {
    g_autoptr(GError) error = NULL;
    double ms;
    guint hits;

    for (guint i = 0; i < queries->len; i++)
      {
        BenchQuery *q = g_ptr_array_index (queries, i);

        if (q->words->len > 0)
          {
            if (!run_grep (q, &ms, &hits, &error))
              add_note ("grep failed: %s", error->message);
            break;
          }
      }
  }

  for (guint i = 0; i < queries->len; i++)
    {
      BenchQuery *q = g_ptr_array_index (queries, i);
      gboolean ok = TRUE;

      if (q->words->len == 0)
        continue;
      for (int r = 0; r < grep_repeat && ok; r++)
        {
          g_autoptr(GError) error = NULL;

          ok = run_grep (q, &times[r], &q->grep_hits, &error);
          if (!ok)
            add_note ("grep for “%s” failed: %s", q->text, error->message);
        }
      if (!ok)
        continue;
      q->grep_done = TRUE;
      q->grep_ms = median_of (times, grep_repeat);
      printf ("  grep %6u files %9.1f ms  %s\n", q->grep_hits, q->grep_ms, q->text);
    }
}

/* ----------------------------------------------------------------------- *
 * The trigram table
 * ----------------------------------------------------------------------- */

static gboolean
sql_error (sqlite3     *db,
           const char  *what,
           GError     **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what, sqlite3_errmsg (db));
  return FALSE;
}

typedef struct
{
  GArray    *ids;     /* gint64 */
  GPtrArray *titles;  /* char *, may be NULL */
  GPtrArray *texts;
  guint64    bytes;   /* of the texts, UTF-8 */
} Texts;

static void
texts_clear (Texts *texts)
{
  g_clear_pointer (&texts->ids, g_array_unref);
  g_clear_pointer (&texts->titles, g_ptr_array_unref);
  g_clear_pointer (&texts->texts, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Texts, texts_clear)

/* The repaired texts, straight from the library's table. */
static gboolean
read_texts (sqlite3  *db,
            Texts    *texts,
            GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  texts->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  texts->titles = g_ptr_array_new_with_free_func (g_free);
  texts->texts = g_ptr_array_new_with_free_func (g_free);
  texts->bytes = 0;

  if (sqlite3_prepare_v2 (db, "SELECT l.id, l.title, dafu_inflate (t.text) FROM letters l"
                              " JOIN letter_texts t ON t.letter_id = l.id WHERE l.trashed = 0 ORDER BY l.id",
                          -1, &stmt, NULL) != SQLITE_OK)
    return sql_error (db, "Cannot read the letters", error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (texts->ids, id);
      g_ptr_array_add (texts->titles, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      g_ptr_array_add (texts->texts, g_strdup ((const char *) sqlite3_column_text (stmt, 2)));
      texts->bytes += (guint64) sqlite3_column_bytes (stmt, 2);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return sql_error (db, "Cannot read the letters", error);
  return TRUE;
}

static gboolean
build_trigram (const char  *path,
               Texts       *texts,
               sqlite3    **out,
               double      *seconds,
               GError     **error)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 start;

  g_remove (path);
  if (sqlite3_open (path, &db) != SQLITE_OK)
    {
      sql_error (db, "Cannot create the trigram table", error);
      sqlite3_close (db);
      return FALSE;
    }

  start = g_get_monotonic_time ();
  if (sqlite3_exec (db, "CREATE VIRTUAL TABLE t USING fts5(title, text, tokenize='trigram');"
                        "BEGIN;", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT INTO t (rowid, title, text) VALUES (?, ?, ?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto fail;

  for (guint i = 0; i < texts->ids->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, g_array_index (texts->ids, gint64, i));
      sqlite3_bind_text (stmt, 2, g_ptr_array_index (texts->titles, i), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, g_ptr_array_index (texts->texts, i), -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        goto fail;
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    goto fail;
  *seconds = ms_since (start) / 1000.0;
  *out = db;
  return TRUE;

fail:
  sql_error (db, "Cannot fill the trigram table", error);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return FALSE;
}

static void
append_fts_string (GString    *expr,
                   const char *word)
{
  g_string_append_c (expr, '"');
  for (const char *p = word; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (expr, '"');
      g_string_append_c (expr, *p);
    }
  g_string_append_c (expr, '"');
}

/* The trigram expression for @q, or NULL when a term has fewer than three
 * characters (the trigram tokenizer cannot find it). */
static char *
trigram_expression (BenchQuery *q)
{
  g_autoptr(GString) expr = g_string_new (NULL);

  if (q->words->len == 0)
    return NULL;
  for (guint i = 0; i < q->words->len; i++)
    if (g_utf8_strlen (g_ptr_array_index (q->words, i), -1) < 3)
      return NULL;
  for (guint i = 0; i < q->excluded->len; i++)
    if (g_utf8_strlen (g_ptr_array_index (q->excluded, i), -1) < 3)
      return NULL;

  for (guint i = 0; i < q->words->len; i++)
    {
      if (i > 0)
        g_string_append_c (expr, ' ');
      append_fts_string (expr, g_ptr_array_index (q->words, i));
    }
  for (guint i = 0; i < q->excluded->len; i++)
    {
      g_string_append (expr, " NOT ");
      append_fts_string (expr, g_ptr_array_index (q->excluded, i));
    }
  return g_string_free (g_steal_pointer (&expr), FALSE);
}

static void
run_trigram_queries (sqlite3   *db,
                     GPtrArray *queries)
{
  g_autofree double *times = g_new0 (double, repeat);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT rowid FROM t WHERE t MATCH ? ORDER BY rank",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      add_note ("trigram: %s", sqlite3_errmsg (db));
      return;
    }

  for (guint i = 0; i < queries->len; i++)
    {
      BenchQuery *q = g_ptr_array_index (queries, i);
      g_autofree char *expr = trigram_expression (q);
      gboolean ok = TRUE;

      if (expr == NULL)
        continue;
      for (int r = 0; r < repeat && ok; r++)
        {
          gint64 start = g_get_monotonic_time ();
          g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
          int rc;

          sqlite3_bind_text (stmt, 1, expr, -1, SQLITE_STATIC);
          while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            {
              gint64 id = sqlite3_column_int64 (stmt, 0);
              g_array_append_val (ids, id);
            }
          sqlite3_reset (stmt);
          times[r] = ms_since (start);
          q->trigram_hits = ids->len;
          if (rc != SQLITE_DONE)
            {
              add_note ("trigram query %s failed: %s", expr, sqlite3_errmsg (db));
              ok = FALSE;
            }
        }
      if (!ok)
        continue;
      q->trigram_done = TRUE;
      q->trigram_ms = median_of (times, repeat);
      printf ("  trigram %6u hits %8.2f ms  %s\n", q->trigram_hits, q->trigram_ms, expr);
    }
  sqlite3_finalize (stmt);
}

/* ----------------------------------------------------------------------- *
 * The window
 * ----------------------------------------------------------------------- */

static char *
window_program (const char *argv0)
{
  const char *env = g_getenv ("DAFU_BENCH_WINDOW");
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = NULL;

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  dir = g_path_get_dirname (self != NULL ? self : argv0);
  return g_build_filename (dir, "dafu-bench-window", NULL);
}

/* The largest resident size /usr/bin/time -v saw, in kB, or 0. */
static guint64
time_v_max_rss (const char *err)
{
  const char *key = "Maximum resident set size (kbytes):";
  const char *found = err != NULL ? strstr (err, key) : NULL;

  return found != NULL ? g_ascii_strtoull (found + strlen (key), NULL, 10) : 0;
}

static JsonNode *
measure_window (const char *argv0,
                const char *path)
{
  g_autofree char *program = window_program (argv0);
  g_autofree char *xvfb_run = g_find_program_in_path ("xvfb-run");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *line;
  gboolean have_time = g_file_test ("/usr/bin/time", G_FILE_TEST_IS_EXECUTABLE);
  JsonObject *object;
  guint64 hwm_kb, time_kb;
  gint64 start;

  if (xvfb_run == NULL)
    {
      add_note ("Window: not measured, xvfb-run is missing (apt install xvfb xauth).");
      return NULL;
    }
  if (!g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
    {
      add_note ("Window: not measured, %s is missing.", program);
      return NULL;
    }

  g_ptr_array_add (argv, xvfb_run);
  g_ptr_array_add (argv, (gpointer) "-a");
  g_ptr_array_add (argv, (gpointer) "-s");
  g_ptr_array_add (argv, (gpointer) "-screen 0 1280x1024x24");
  if (have_time)
    {
      g_ptr_array_add (argv, (gpointer) "/usr/bin/time");
      g_ptr_array_add (argv, (gpointer) "-v");
    }
  g_ptr_array_add (argv, program);
  g_ptr_array_add (argv, (gpointer) "--library");
  g_ptr_array_add (argv, (gpointer) path);
  g_ptr_array_add (argv, NULL);

  printf ("Measuring the window under Xvfb …\n");
  start = g_get_monotonic_time ();
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  if (process == NULL ||
      !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error))
    {
      add_note ("Window: not measured: %s", error->message);
      return NULL;
    }
  if (!g_subprocess_get_successful (process))
    {
      add_note ("Window: dafu-bench-window failed: %s", err != NULL ? g_strstrip (err) : "");
      return NULL;
    }

  /* Its one line of JSON is the last line of its output. */
  g_strstrip (out);
  line = strrchr (out, '\n');
  line = line != NULL ? line + 1 : out;
  if (!json_parser_load_from_data (parser, line, -1, &error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      add_note ("Window: cannot read its output: %s", out);
      return NULL;
    }

  object = json_node_get_object (json_parser_get_root (parser));
  time_kb = time_v_max_rss (err);
  if (time_kb > 0)
    json_object_set_int_member (object, "time_v_max_rss_kb", (gint64) time_kb);
  json_object_set_double_member (object, "wall_ms", ms_since (start));

  hwm_kb = (guint64) json_object_get_int_member_with_default (object, "vm_hwm_kb", 0);
  add_value ("window peak RSS (VmHWM)", "MB", hwm_kb / 1024.0,
             "<= 300", hwm_kb / 1024.0 <= 300)->note =
    g_strdup_printf ("searched 的: %" G_GINT64_FORMAT " hits; scrolled to the end",
                     json_object_get_int_member_with_default (object, "n_hits", 0));
  if (time_kb > 0)
    add_value ("window peak RSS (time -v)", "MB", time_kb / 1024.0, "<= 300", time_kb / 1024.0 <= 300);
  add_note ("Window: GSK renderer %s; %" G_GINT64_FORMAT " rows in the list, %s.",
            json_object_get_string_member_with_default (object, "renderer", "?"),
            json_object_get_int_member_with_default (object, "rows", 0),
            json_object_get_boolean_member_with_default (object, "at_end", FALSE)
            ? "scrolled to the last one" : "NOT scrolled to the end");
  add_value ("window: open to first page", "ms",
             json_object_get_double_member_with_default (object, "open_ms", NAN), NULL, -1);
  add_value ("window: search 的 to hits", "ms",
             json_object_get_double_member_with_default (object, "search_ms", NAN), NULL, -1)->note =
    g_strdup ("includes the search entry's typing delay");
  add_value ("window: scroll to the end", "ms",
             json_object_get_double_member_with_default (object, "scroll_ms", NAN), NULL, -1);

  return json_node_copy (json_parser_get_root (parser));
}

/* ----------------------------------------------------------------------- *
 * Output
 * ----------------------------------------------------------------------- */

static char *
format_value (double value)
{
  double a = fabs (value);

  if (isnan (value))
    return g_strdup ("-");
  if (a >= 100 || (value == floor (value) && a < 1e9))
    return g_strdup_printf ("%.0f", value);
  if (a >= 10)
    return g_strdup_printf ("%.1f", value);
  if (a >= 1)
    return g_strdup_printf ("%.2f", value);
  return g_strdup_printf ("%.3g", value);
}

/* Pads @text to @width terminal columns (CJK characters take two). */
static void
print_cell (const char *text,
            int         width,
            gboolean    right)
{
  int columns = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    columns += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  if (right)
    for (int i = columns; i < width; i++)
      putchar (' ');
  fputs (text, stdout);
  if (!right)
    for (int i = columns; i < width; i++)
      putchar (' ');
}

static void
print_table (void)
{
  static const char * const heads[] = { "n", "p50", "p95", "p99", "max" };

  putchar ('\n');
  print_cell ("figure", 36, FALSE);
  print_cell ("unit", 10, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    print_cell (heads[i], i == 0 ? 5 : 9, TRUE);
  fputs ("  ", stdout);
  print_cell ("target", 18, FALSE);
  fputs ("met?\n", stdout);
  for (int i = 0; i < 36 + 10 + 5 + 4 * 9 + 2 + 18 + 4; i++)
    putchar ('-');
  putchar ('\n');

  for (guint i = 0; i < figures->len; i++)
    {
      Figure *f = g_ptr_array_index (figures, i);
      g_autofree char *n = g_strdup_printf ("%u", f->stats.n);
      g_autofree char *p50 = format_value (f->stats.p50);
      g_autofree char *p95 = format_value (f->single ? NAN : f->stats.p95);
      g_autofree char *p99 = format_value (f->single ? NAN : f->stats.p99);
      g_autofree char *max = format_value (f->single ? NAN : f->stats.max);

      print_cell (f->name, 36, FALSE);
      print_cell (f->unit, 10, FALSE);
      print_cell (n, 5, TRUE);
      print_cell (p50, 9, TRUE);
      print_cell (p95, 9, TRUE);
      print_cell (p99, 9, TRUE);
      print_cell (max, 9, TRUE);
      fputs ("  ", stdout);
      print_cell (f->target ? f->target : "", 18, FALSE);
      fputs (f->met < 0 ? "" : f->met ? "yes" : "NO", stdout);
      if (f->note != NULL)
        printf ("   (%s)", f->note);
      putchar ('\n');
    }
}

/* Each query: our first page against each baseline. */
static void
print_queries (GPtrArray *queries)
{
  putchar ('\n');
  print_cell ("class", 9, FALSE);
  print_cell ("hits", 8, TRUE);
  print_cell ("page ms", 10, TRUE);
  print_cell ("grep ms", 10, TRUE);
  print_cell ("ours/grep", 11, TRUE);
  print_cell ("ids ms", 9, TRUE);
  print_cell ("trgm ms", 9, TRUE);
  print_cell ("ours/trgm", 11, TRUE);
  fputs ("  query\n", stdout);

  for (guint i = 0; i < queries->len; i++)
    {
      BenchQuery *q = g_ptr_array_index (queries, i);
      g_autofree char *hits = g_strdup_printf ("%u", q->hits);
      g_autofree char *page = format_value (q->failed ? NAN : q->page_ms);
      g_autofree char *grep = format_value (q->grep_done ? q->grep_ms : NAN);
      g_autofree char *grep_ratio = format_value (q->grep_done && !q->failed ? q->page_ms / q->grep_ms : NAN);
      g_autofree char *ids = format_value (q->failed ? NAN : q->ids_all_ms);
      g_autofree char *trigram = format_value (q->trigram_done ? q->trigram_ms : NAN);
      g_autofree char *trigram_ratio = NULL;

      if (q->trigram_done && !q->failed)
        trigram_ratio = format_value (q->ids_all_ms / q->trigram_ms);
      else
        trigram_ratio = g_strdup (skip_trigram ? "-" : "miss");

      print_cell (q->klass, 9, FALSE);
      print_cell (q->failed ? "failed" : hits, 8, TRUE);
      print_cell (page, 10, TRUE);
      print_cell (grep, 10, TRUE);
      print_cell (grep_ratio, 11, TRUE);
      print_cell (ids, 9, TRUE);
      print_cell (trigram, 9, TRUE);
      print_cell (trigram_ratio, 11, TRUE);
      printf ("  %s\n", q->text);
    }
}

static void
add_number (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

static gboolean
write_json (GPtrArray  *queries,
            JsonNode   *window,
            GError    **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, count);
  json_builder_set_member_name (builder, "seed");
  json_builder_add_int_value (builder, seed);
  json_builder_set_member_name (builder, "repeat");
  json_builder_add_int_value (builder, repeat);
  json_builder_set_member_name (builder, "grep_repeat");
  json_builder_add_int_value (builder, grep_repeat);
  json_builder_set_member_name (builder, "corpus");
  json_builder_add_string_value (builder, corpus_dir);
  json_builder_set_member_name (builder, "sqlite");
  json_builder_add_string_value (builder, sqlite3_libversion ());

  json_builder_set_member_name (builder, "figures");
  json_builder_begin_array (builder);
  for (guint i = 0; i < figures->len; i++)
    {
      Figure *f = g_ptr_array_index (figures, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "figure");
      json_builder_add_string_value (builder, f->name);
      json_builder_set_member_name (builder, "unit");
      json_builder_add_string_value (builder, f->unit);
      json_builder_set_member_name (builder, "n");
      json_builder_add_int_value (builder, f->stats.n);
      if (f->single)
        add_number (builder, "value", f->stats.p50);
      else
        {
          add_number (builder, "median", f->stats.p50);
          add_number (builder, "p95", f->stats.p95);
          add_number (builder, "p99", f->stats.p99);
          add_number (builder, "max", f->stats.max);
        }
      json_builder_set_member_name (builder, "target");
      json_builder_add_string_value (builder, f->target);
      json_builder_set_member_name (builder, "met");
      if (f->met < 0)
        json_builder_add_null_value (builder);
      else
        json_builder_add_boolean_value (builder, f->met);
      if (f->note != NULL)
        {
          json_builder_set_member_name (builder, "note");
          json_builder_add_string_value (builder, f->note);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "queries");
  json_builder_begin_array (builder);
  for (guint i = 0; queries != NULL && i < queries->len; i++)
    {
      BenchQuery *q = g_ptr_array_index (queries, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "class");
      json_builder_add_string_value (builder, q->klass);
      json_builder_set_member_name (builder, "band");
      json_builder_add_string_value (builder, q->band);
      json_builder_set_member_name (builder, "query");
      json_builder_add_string_value (builder, q->text);
      json_builder_set_member_name (builder, "failed");
      json_builder_add_boolean_value (builder, q->failed);
      json_builder_set_member_name (builder, "hits");
      json_builder_add_int_value (builder, q->hits);
      add_number (builder, "page_ms", q->failed ? NAN : q->page_ms);
      add_number (builder, "ids_all_ms", q->failed ? NAN : q->ids_all_ms);
      add_number (builder, "ids_50_ms", q->failed ? NAN : q->ids50_ms);
      if (q->grep_done)
        {
          add_number (builder, "grep_ms", q->grep_ms);
          json_builder_set_member_name (builder, "grep_files");
          json_builder_add_int_value (builder, q->grep_hits);
          add_number (builder, "page_over_grep", q->failed ? NAN : q->page_ms / q->grep_ms);
        }
      json_builder_set_member_name (builder, "trigram");
      if (q->trigram_done)
        {
          json_builder_begin_object (builder);
          add_number (builder, "ms", q->trigram_ms);
          json_builder_set_member_name (builder, "hits");
          json_builder_add_int_value (builder, q->trigram_hits);
          add_number (builder, "ids_all_over_trigram", q->failed ? NAN : q->ids_all_ms / q->trigram_ms);
          json_builder_end_object (builder);
        }
      else
        json_builder_add_string_value (builder, skip_trigram ? "skipped" : "miss");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "window");
  if (window != NULL)
    json_builder_add_value (builder, json_node_copy (window));
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "notes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < notes->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (notes, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_file (generator, json_path, error);
}

/* ----------------------------------------------------------------------- *
 * The run
 * ----------------------------------------------------------------------- */

/* Adds the search figures: the mix, each class and each band. */
static void
search_figures (GPtrArray *queries)
{
  g_autoptr(GArray) page = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ids_all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ids50 = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) classes = g_ptr_array_new ();
  const char * const bands[] = { "common", "middling", "rare" };
  Stats stats;
  gboolean all_fast = TRUE;
  guint n_classes_grep = 0;

  for (guint i = 0; i < queries->len; i++)
    {
      BenchQuery *q = g_ptr_array_index (queries, i);

      if (q->failed)
        continue;
      g_array_append_val (page, q->page_ms);
      g_array_append_val (ids_all, q->ids_all_ms);
      g_array_append_val (ids50, q->ids50_ms);
      if (!g_ptr_array_find_with_equal_func (classes, q->klass, g_str_equal, NULL))
        g_ptr_array_add (classes, q->klass);
    }

  stats = stats_of ((double *) page->data, page->len);
  add_stats ("search first page, mix", "ms", &stats, "p95<=30 p99<=100",
             stats.n > 0 && stats.p95 <= 30 && stats.p99 <= 100)->note =
    g_strdup ("all ranked ids + total + top 50 with snippets");
  stats = stats_of ((double *) ids_all->data, ids_all->len);
  add_stats ("search ids + total (limit 0), mix", "ms", &stats, NULL, -1);
  stats = stats_of ((double *) ids50->data, ids50->len);
  add_stats ("search ids only (limit 50), mix", "ms", &stats, NULL, -1)->note =
    g_strdup ("what the total count costs: compare with the row above");

  for (guint c = 0; c < classes->len; c++)
    {
      const char *klass = g_ptr_array_index (classes, c);
      g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *name = g_strdup_printf ("search first page: %s", klass);

      for (guint i = 0; i < queries->len; i++)
        {
          BenchQuery *q = g_ptr_array_index (queries, i);

          if (!q->failed && strcmp (q->klass, klass) == 0)
            g_array_append_val (ours, q->page_ms);
        }
      stats = stats_of ((double *) ours->data, ours->len);
      add_stats (name, "ms", &stats, NULL, -1);
    }

  for (guint b = 0; b < G_N_ELEMENTS (bands); b++)
    {
      g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *name = g_strdup_printf ("search first page: %s", bands[b]);

      for (guint i = 0; i < queries->len; i++)
        {
          BenchQuery *q = g_ptr_array_index (queries, i);

          if (!q->failed && strcmp (q->band, bands[b]) == 0)
            g_array_append_val (ours, q->page_ms);
        }
      if (ours->len == 0)
        continue;
      stats = stats_of ((double *) ours->data, ours->len);
      add_stats (name, "ms", &stats, NULL, -1);
    }

  if (skip_grep)
    return;

  {
    g_autoptr(GArray) greps = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint i = 0; i < queries->len; i++)
      {
        BenchQuery *q = g_ptr_array_index (queries, i);

        if (q->grep_done)
          g_array_append_val (greps, q->grep_ms);
      }
    stats = stats_of ((double *) greps->data, greps->len);
    add_stats ("grep -F -l, mix", "ms", &stats, NULL, -1);
  }

  for (guint c = 0; c < classes->len; c++)
    {
      const char *klass = g_ptr_array_index (classes, c);
      g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) greps = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *name = g_strdup_printf ("ours/grep: %s", klass);
      double ratio;
      Figure *f;

      for (guint i = 0; i < queries->len; i++)
        {
          BenchQuery *q = g_ptr_array_index (queries, i);

          if (!q->failed && q->grep_done && strcmp (q->klass, klass) == 0)
            {
              g_array_append_val (ours, q->page_ms);
              g_array_append_val (greps, q->grep_ms);
            }
        }
      if (ours->len == 0)
        continue;
      ratio = median_of ((double *) ours->data, ours->len) /
              median_of ((double *) greps->data, greps->len);
      f = add_value (name, "ratio", ratio, "<= 0.02 (50x)", ratio <= 0.02);
      f->stats.n = ours->len;
      f->note = g_strdup_printf ("%.0fx faster at median", 1 / ratio);
      all_fast = all_fast && ratio <= 0.02;
      n_classes_grep++;
    }
  if (n_classes_grep > 0)
    add_note ("Every query class %s 50x faster than grep -F -l at median.",
              all_fast ? "is" : "is NOT");
}

static void
trigram_figures (GPtrArray *queries)
{
  g_autoptr(GArray) theirs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  guint misses = 0, agree = 0, compared = 0;
  Stats stats;
  Figure *f;

  for (guint i = 0; i < queries->len; i++)
    {
      BenchQuery *q = g_ptr_array_index (queries, i);

      if (!q->trigram_done)
        {
          misses++;
          continue;
        }
      g_array_append_val (theirs, q->trigram_ms);
      if (!q->failed)
        g_array_append_val (ours, q->ids_all_ms);
      if (!q->filtered)
        {
          compared++;
          if (q->trigram_hits == q->hits)
            agree++;
        }
    }

  stats = stats_of ((double *) theirs->data, theirs->len);
  add_stats ("trigram query (>=3 chars), all ids", "ms", &stats, NULL, -1);
  if (theirs->len > 0 && ours->len > 0)
    {
      double ratio = median_of ((double *) ours->data, ours->len) /
                     median_of ((double *) theirs->data, theirs->len);

      f = add_value ("ours/trigram, same queries", "ratio", ratio, NULL, -1);
      f->stats.n = ours->len;
      f->note = g_strdup ("medians of all ranked ids + total, ours vs trigram");
    }
  f = add_value ("trigram misses (terms < 3 chars)", "queries", misses, NULL, -1);
  f->note = g_strdup_printf ("of %u in the mix: the trigram table cannot answer them", queries->len);
  add_note ("Trigram: same hit count as ours on %u of %u unfiltered queries it can answer "
            "(it does not fold width; filters are not applied).", agree, compared);
}

static void
hit_notes (GPtrArray *queries)
{
  guint agree = 0, compared = 0;

  for (guint i = 0; i < queries->len; i++)
    {
      BenchQuery *q = g_ptr_array_index (queries, i);

      if (!q->grep_done || q->failed || q->filtered)
        continue;
      compared++;
      if (q->grep_hits == q->hits)
        agree++;
    }
  if (compared > 0)
    add_note ("grep finds as many letters as the search for %u of %u unfiltered queries "
              "(grep reads the files as written: no folding, no repair of split lines).",
              agree, compared);
  add_note ("grep: words AND-ed by piping the file list through one grep per word, exclusions "
            "with -L; filters are not applied (grep does less work); LC_ALL=C.");
}

static void
measure_open (const char *path)
{
  g_autofree double *times = g_new0 (double, repeat);
  g_autoptr(DafuQuery) query = dafu_query_new ("");
  Stats stats;

  for (int r = 0; r < repeat; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DafuLibrary) library = NULL;
      gint64 start = g_get_monotonic_time ();
      guint hits = 0;

      library = dafu_library_new (path, NULL, &error);
      if (library == NULL || !first_page (library, query, DAFU_SORT_DATE, &hits, NULL, &error))
        {
          add_note ("Open: failed: %s", error->message);
          return;
        }
      times[r] = ms_since (start);
    }

  stats = stats_of (times, repeat);
  add_stats ("open to first page (newest first)", "ms", &stats, "<= 300", stats.p50 <= 300)->note =
    g_strdup ("open + all ids by date + top 50 with snippets; files in the page cache");
}

/* Related letters (“Compare With…”): top 10 for 20 letters spread over
 * the library, each timed once the library is open. */
static void
measure_related (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuLibrary) library = dafu_library_new (path, NULL, &error);
  g_autoptr(DafuLetterList) all = NULL;
  double times[20];
  guint n = 0, found = 0;
  Stats stats;

  if (library == NULL || (all = dafu_library_list (library, DAFU_SORT_DATE, &error)) == NULL)
    {
      add_note ("Related: failed: %s", error->message);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      guint position = (guint) ((guint64) i * g_list_model_get_n_items (G_LIST_MODEL (all)) / G_N_ELEMENTS (times));
      gint64 start;
      g_autoptr(GArray) related = NULL;

      if (position >= g_list_model_get_n_items (G_LIST_MODEL (all)))
        break;
      start = g_get_monotonic_time ();
      related = dafu_library_related (library, dafu_letter_list_get_id (all, position), 10, &error);
      if (related == NULL)
        {
          add_note ("Related: failed: %s", error->message);
          return;
        }
      times[n++] = ms_since (start);
      found += related->len;
    }

  stats = stats_of (times, n);
  add_stats ("related letters, top 10", "ms", &stats, "< 100 at 10,000", stats.max < 100)->note =
    g_strdup_printf ("%u letters, %u related found; candidates by title in the index, "
                     "then the texts compared", n, found);
}

/* Clause mining (the Drafts view's clause library): from the newest
 * letters, once after the library changed; then listing what was mined. */
static void
measure_mining (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuLibrary) library = dafu_library_new (path, NULL, &error);
  g_autoptr(GPtrArray) clauses = NULL;
  gint64 start;
  guint n;
  double mining, listing;

  if (library == NULL)
    {
      add_note ("Mining: failed: %s", error->message);
      return;
    }
  start = g_get_monotonic_time ();
  n = dafu_library_mine_clauses (library, NULL, &error);
  mining = ms_since (start);
  if (error != NULL)
    {
      add_note ("Mining: failed: %s", error->message);
      return;
    }
  start = g_get_monotonic_time ();
  clauses = dafu_library_list_clauses (library, &error);
  listing = ms_since (start);
  if (clauses == NULL)
    {
      add_note ("Mining: listing failed: %s", error->message);
      return;
    }
  add_value ("clause mining (2,000 newest)", "ms", mining, NULL, -1)->note =
    g_strdup_printf ("%u clauses mined, on a worker thread when the Drafts view first needs them", n);
  add_value ("clause library listing", "ms", listing, NULL, -1)->note =
    g_strdup_printf ("%u clauses with their sources", clauses->len);
}

static gboolean
remove_library (const char  *path,
                GError     **error)
{
  const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      if (g_remove (file) != 0 && errno != ENOENT)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                       "Cannot remove %s: %s", file, g_strerror (errno));
          return FALSE;
        }
    }
  return TRUE;
}

static int
run (const char  *argv0,
     GError     **error)
{
  g_autoptr(DafuLibrary) library = NULL;
  g_autoptr(DafuImportReport) report = NULL;
  g_autoptr(GFile) corpus = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(JsonNode) window = NULL;
  g_autofree char *tmp_dir = NULL;
  g_autofree char *trigram_path = NULL;
  g_auto(Texts) texts = { NULL, };
  sqlite3 *raw = NULL;
  DafuDb *raw_db = NULL;
  sqlite3 *trigram = NULL;
  gboolean is_default = corpus_dir == NULL;
  guint n_files = 0;
  guint64 corpus_bytes = 0;
  gint64 existing = 0;
  double import_rate = NAN;
  double trigram_seconds = 0;
  guint64 library_bytes;
  gint64 run_start = g_get_monotonic_time ();

  if (corpus_dir == NULL)
    corpus_dir = g_strdup_printf ("%s/dafu-bench/corpus-%d-%" G_GINT64_FORMAT,
                                  g_get_user_cache_dir (), count, seed);
  if (!prepare_corpus (is_default, error))
    return 1;
  walk_corpus (corpus_dir, &n_files, &corpus_bytes);
  if (n_files != (guint) count)
    add_note ("The corpus folder holds %u letter files, not %d.", n_files, count);

  if (library_path == NULL)
    {
      tmp_dir = g_dir_make_tmp ("dafu-bench-XXXXXX", error);
      if (tmp_dir == NULL)
        return 1;
      library_path = g_build_filename (tmp_dir, "library.db", NULL);
    }
  trigram_path = g_strconcat (library_path, ".trigram", NULL);

  printf ("Dafu benchmark: %d letters, seed %" G_GINT64_FORMAT ", %d runs a query\n"
           "  corpus  %s (%u files, %.1f MB)\n  library %s\n",
           count, seed, repeat, corpus_dir, n_files, corpus_bytes / 1e6, library_path);

  if (!keep && !remove_library (library_path, error))
    return 1;

  library = dafu_library_new (library_path, NULL, error);
  if (library == NULL)
    return 1;

  /* Import: one thread (this one), every step from the files to the index. */
  if (keep && (existing = dafu_library_count (library, NULL)) == count)
    add_note ("Import: not measured, --keep reused a library of %" G_GINT64_FORMAT " letters.", existing);
  else
    {
      gint64 start;
      double seconds;
      guint imported;

      if (existing > 0)
        {
          /* A kept library that does not match: start again. */
          g_clear_object (&library);
          if (!remove_library (library_path, error) ||
              (library = dafu_library_new (library_path, NULL, error)) == NULL)
            return 1;
        }

      printf ("Importing …\n");
      corpus = g_file_new_for_path (corpus_dir);
      start = g_get_monotonic_time ();
      report = dafu_library_import (library, &corpus, 1, NULL);
      seconds = ms_since (start) / 1000.0;
      imported = dafu_import_report_count (report, DAFU_IMPORT_STATUS_IMPORTED);
      import_rate = n_files / seconds;
      add_value ("import", "letters/s", import_rate, ">= 1000", import_rate >= 1000)->note =
        g_strdup_printf ("%u files in %.1f s: read, decode, repair, parse, store, index", n_files, seconds);
      if (imported != n_files)
        add_note ("Import: %u of %u files imported, %u skipped as duplicates, %u failed.",
                  imported, n_files,
                  dafu_import_report_count (report, DAFU_IMPORT_STATUS_SKIPPED),
                  dafu_import_report_count (report, DAFU_IMPORT_STATUS_FAILED));
    }

  /* Sizes, with the write-ahead log folded in. */
  /* Dafu's own connection: the texts are stored compressed. */
  raw_db = dafu_db_open (library_path, error);
  if (raw_db == NULL)
    return 1;
  raw = dafu_db_get_handle (raw_db);
  sqlite3_exec (raw, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  if (!read_texts (raw, &texts, error))
    {
      dafu_db_close (raw_db);
      return 1;
    }
  dafu_db_close (raw_db);
  {
    g_autofree char *wal = g_strconcat (library_path, "-wal", NULL);
    library_bytes = file_size (library_path) + file_size (wal);
  }
  add_value ("text size (repaired, UTF-8)", "MB", texts.bytes / 1e6, NULL, -1)->note =
    g_strdup_printf ("%u letters; the files: %.1f MB", texts.ids->len, corpus_bytes / 1e6);
  add_value ("library size", "MB", library_bytes / 1e6, NULL, -1)->note =
    g_strdup ("holds each file's original bytes as well as its text");
  add_value ("library size / text size", "ratio", (double) library_bytes / texts.bytes,
             "<= 3", (double) library_bytes / texts.bytes <= 3);

  if (!skip_trigram)
    {
      double rate;

      printf ("Building the trigram table …\n");
      if (!build_trigram (trigram_path, &texts, &trigram, &trigram_seconds, error))
        return 1;
      rate = texts.ids->len / trigram_seconds;
      add_value ("import, trigram table", "letters/s", rate, NULL, -1)->note =
        g_strdup_printf ("the same texts, inserted in one transaction in %.1f s", trigram_seconds);
      if (!isnan (import_rate))
        add_value ("import / trigram import", "ratio", import_rate / rate, ">= 0.8",
                   import_rate / rate >= 0.8);
      add_value ("trigram table size", "MB", file_size (trigram_path) / 1e6, NULL, -1);
      add_value ("trigram size / text size", "ratio", (double) file_size (trigram_path) / texts.bytes,
                 NULL, -1);
    }
  texts_clear (&texts);

  queries = load_queries (library, error);
  if (queries == NULL)
    return 1;

  printf ("Searching (%u queries × %d) …\n", queries->len, repeat);
  run_searches (library, queries);

  if (!skip_grep)
    {
      printf ("grep -F -l over the files …\n");
      run_greps (queries);
    }
  if (trigram != NULL)
    {
      printf ("Querying the trigram table …\n");
      run_trigram_queries (trigram, queries);
      sqlite3_close (trigram);
      trigram = NULL;
    }

  search_figures (queries);
  if (!skip_trigram)
    trigram_figures (queries);
  if (!skip_grep)
    hit_notes (queries);

  /* Opening: from nothing to the first page, as the window starts. */
  g_clear_object (&library);
  printf ("Opening the library …\n");
  measure_open (library_path);
  measure_related (library_path);
  measure_mining (library_path);

  if (skip_window)
    add_note ("Window: not measured (--skip-window).");
  else
    window = measure_window (argv0, library_path);

  print_queries (queries);
  print_table ();
  putchar ('\n');
  for (guint i = 0; i < notes->len; i++)
    printf ("- %s\n", (const char *) g_ptr_array_index (notes, i));
  printf ("- Targets are for 100,000 letters on one core; this run has %d.\n", count);
  printf ("- Whole run: %.0f s.\n", ms_since (run_start) / 1000.0);

  if (!write_json (queries, window, error))
    return 1;
  printf ("Figures written to %s\n", json_path);

  if (keep)
    printf ("Library kept in %s\n", library_path);
  else
    {
      g_remove (trigram_path);
      if (tmp_dir != NULL)
        rm_rf (tmp_dir);
    }
  return 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = g_option_context_new ("— measure import, search, open and the window");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("dafu-bench: %s\n", error->message);
      return 2;
    }
  if (count < 1 || repeat < 1 || grep_repeat < 1)
    {
      g_printerr ("dafu-bench: --count, --repeat and --grep-repeat must be at least 1\n");
      return 2;
    }
  if (json_path == NULL)
    json_path = g_strdup ("dafu-bench.json");
  if (queries_path == NULL)
    queries_path = g_strdup (DAFU_BENCH_QUERIES);

  /* Run by hand, the window still finds the build's settings schema and
   * leaves the user's settings alone, as under meson. */
  g_setenv ("GSETTINGS_SCHEMA_DIR", DAFU_BENCH_SCHEMA_DIR, FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);

  /* Progress shows as it happens, also through a pipe. */
  setvbuf (stdout, NULL, _IOLBF, 0);

  figures = g_ptr_array_new_with_free_func (figure_free);
  notes = g_ptr_array_new_with_free_func (g_free);

  status = run (argv[0], &error);
  if (status != 0)
    g_printerr ("dafu-bench: %s\n", error != NULL ? error->message : "failed");

  g_ptr_array_unref (figures);
  g_ptr_array_unref (notes);
  return status;
}
