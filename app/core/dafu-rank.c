/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-rank"

#include "config.h"

#include "dafu-rank.h"

#include <math.h>
#include <stdlib.h>

#include "dafu-tokenizer.h"

/*
 * Relevance for the words index, and the set of letters it is wanted for.
 *
 * `dafu_rank (letters_fts, weights)` is Okapi BM25 as FTS5's own bm25()
 * computes it (k1 = 1.2, b = 0.75; a hit in the title counts ten times one
 * in the text), except that each phrase's inverse document frequency comes
 * in @weights, a blob of doubles in phrase order (missing ones count 0),
 * instead of from a pass over the whole index. That pass costs as much as
 * the search itself for a phrase like 养老服务, and the library knows the
 * numbers already: a search of one term has just counted its letters. Like
 * bm25(), lower is better.
 *
 * `dafu_key_in (set, rowid)` tells whether a key is in a #DafuKeySet, so
 * that the ranking pass scores only the letters that passed the filters.
 */

#define K1 1.2
#define B 0.75
#define TITLE_WEIGHT 10.0

typedef struct {
  double avg_length;
  int    n_phrases;
  double *freq;   /* per phrase, for the current row */
} RankData;

static void
rank_data_free (void *data)
{
  RankData *rd = data;

  g_free (rd->freq);
  g_free (rd);
}

static RankData *
get_rank_data (const Fts5ExtensionApi *api,
               Fts5Context            *fts,
               int                    *rc)
{
  RankData *rd = api->xGetAuxdata (fts, 0);
  sqlite3_int64 n_rows = 0, n_tokens = 0;

  if (rd != NULL)
    return rd;

  rd = g_new0 (RankData, 1);
  rd->n_phrases = api->xPhraseCount (fts);
  rd->freq = g_new0 (double, MAX (rd->n_phrases, 1));

  *rc = api->xRowCount (fts, &n_rows);
  if (*rc == SQLITE_OK)
    *rc = api->xColumnTotalSize (fts, -1, &n_tokens);
  rd->avg_length = n_rows > 0 ? (double) n_tokens / n_rows : 1.0;
  if (rd->avg_length <= 0)
    rd->avg_length = 1.0;

  if (*rc == SQLITE_OK)
    *rc = api->xSetAuxdata (fts, rd, rank_data_free);
  else
    rank_data_free (rd);

  return *rc == SQLITE_OK ? rd : NULL;
}

static void
dafu_rank (const Fts5ExtensionApi *api,
           Fts5Context            *fts,
           sqlite3_context        *context,
           int                     n_values,
           sqlite3_value         **values)
{
  const double *weights = NULL;
  int n_weights = 0;
  int rc = SQLITE_OK;
  int n_inst = 0, length = 0;
  double score = 0;
  RankData *rd = get_rank_data (api, fts, &rc);

  if (rd == NULL)
    {
      sqlite3_result_error_code (context, rc);
      return;
    }

  if (n_values > 0 && sqlite3_value_type (values[0]) == SQLITE_BLOB)
    {
      weights = sqlite3_value_blob (values[0]);
      n_weights = sqlite3_value_bytes (values[0]) / (int) sizeof (double);
    }

  for (int i = 0; i < rd->n_phrases; i++)
    rd->freq[i] = 0;

  rc = api->xInstCount (fts, &n_inst);
  for (int i = 0; rc == SQLITE_OK && i < n_inst; i++)
    {
      int phrase, column, offset;

      rc = api->xInst (fts, i, &phrase, &column, &offset);
      if (rc == SQLITE_OK && phrase >= 0 && phrase < rd->n_phrases)
        rd->freq[phrase] += column == 0 ? TITLE_WEIGHT : 1.0;
    }
  if (rc == SQLITE_OK)
    rc = api->xColumnSize (fts, -1, &length);
  if (rc != SQLITE_OK)
    {
      sqlite3_result_error_code (context, rc);
      return;
    }

  for (int i = 0; i < rd->n_phrases && i < n_weights; i++)
    {
      double f = rd->freq[i];

      if (f > 0)
        score += weights[i] * f * (K1 + 1) / (f + K1 * (1 - B + B * length / rd->avg_length));
    }

  sqlite3_result_double (context, -score);
}

static int
compare_descending (const void *a,
                    const void *b)
{
  gint64 ka = *(const gint64 *) a, kb = *(const gint64 *) b;

  return ka < kb ? 1 : ka > kb ? -1 : 0;
}

static void
sql_key_in (sqlite3_context *context,
            int              argc,
            sqlite3_value  **argv)
{
  const DafuKeySet *set = sqlite3_value_pointer (argv[0], DAFU_KEY_SET_TYPE);
  gint64 key = sqlite3_value_int64 (argv[1]);

  sqlite3_result_int (context, set != NULL &&
                      bsearch (&key, set->keys, set->n_keys, sizeof (gint64), compare_descending) != NULL);
}

/**
 * dafu_rank_idf:
 * @n_rows: letters in the index
 * @n_hits: letters holding the phrase
 *
 * Returns: the phrase's weight for dafu_rank(), as bm25() reckons it
 */
double
dafu_rank_idf (gint64 n_rows,
               gint64 n_hits)
{
  double idf = log ((n_rows - n_hits + 0.5) / (n_hits + 0.5));

  /* bm25()'s floor: a phrase in most letters still counts a little. */
  return idf > 1e-6 ? idf : 1e-6;
}

/**
 * dafu_rank_register:
 * @db: an open connection
 * @error: return location for a #GError in the %DAFU_TOKENIZER_ERROR domain
 *
 * Registers the FTS5 function dafu_rank() and the SQL function
 * dafu_key_in() on @db.
 *
 * Returns: %TRUE on success
 */
gboolean
dafu_rank_register (sqlite3  *db,
                    GError  **error)
{
  fts5_api *api = dafu_fts5_api (db, error);
  int rc;

  if (api == NULL)
    return FALSE;

  rc = api->xCreateFunction (api, "dafu_rank", NULL, dafu_rank, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2 (db, "dafu_key_in", 2, SQLITE_UTF8 | SQLITE_INNOCUOUS,
                                     NULL, sql_key_in, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, DAFU_TOKENIZER_ERROR, rc,
                   "Cannot register the ranking functions: %s", sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}
