/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-align"

#include "config.h"

#include "dafu-align.h"

#include <math.h>
#include <string.h>

#include "dafu-text.h"

/*
 * Aligning two letters' sections by what they say.
 *
 * Two cities answer the same kind of suggestion with different documents,
 * so the sections are compared by content, not line by line: each section
 * becomes a TF-IDF vector over its character bigrams (folded as the search
 * folds them, white space and punctuation left out; the document frequency
 * counts the sections of both letters, so a bigram every section uses, 养老,
 * weighs little), and two sections' similarity is the cosine of their
 * vectors.
 *
 * The pairing keeps both letters' order: a dynamic programme over the two
 * sequences takes the non-crossing set of pairs with the largest total of
 * (similarity − THRESHOLD), so a pair below THRESHOLD is never worth
 * making and a section with no counterpart stays alone on its row. The
 * rows come out in reading order for both panes.
 *
 * The overall similarity is the share of both letters' text in the pairs,
 * each pair counted at its similarity: a letter against itself gives 1.
 */

#define THRESHOLD 0.06

typedef struct {
  GHashTable *counts;   /* bigram key → count (GUINT_TO_POINTER) */
  double      norm;
  guint       length;   /* visible characters */
} Vector;

static gboolean
counts_char (gunichar c)
{
  return !dafu_text_is_space (c) && !g_unichar_ispunct (c);
}

static guint64
bigram_key (gunichar a,
            gunichar b)
{
  return ((guint64) a << 32) | b;
}

static guint
key_hash (gconstpointer key)
{
  return g_int64_hash (key);
}

static gboolean
key_equal (gconstpointer a,
           gconstpointer b)
{
  return g_int64_equal (a, b);
}

static void
vector_init (Vector     *v,
             const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  gunichar prev = 0;

  v->counts = g_hash_table_new_full (key_hash, key_equal, g_free, NULL);
  v->norm = 0;
  v->length = 0;

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = dafu_text_fold_char (g_utf8_get_char (p));

      if (!counts_char (c))
        {
          /* White space does not break a word; punctuation does. */
          if (!dafu_text_is_space (c))
            prev = 0;
          continue;
        }
      v->length++;
      if (prev != 0)
        {
          guint64 key = bigram_key (prev, c);
          gpointer count = g_hash_table_lookup (v->counts, &key);

          if (count == NULL)
            g_hash_table_insert (v->counts, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (1));
          else
            g_hash_table_insert (v->counts, g_memdup2 (&key, sizeof key),
                                 GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
        }
      prev = c;
    }
}

static void
vector_clear (Vector *v)
{
  g_clear_pointer (&v->counts, g_hash_table_unref);
}

static double
weight (GHashTable *df,
        guint       n_docs,
        gpointer    key,
        guint       count)
{
  guint d = GPOINTER_TO_UINT (g_hash_table_lookup (df, key));

  return (1 + log (count)) * log (1.0 + (double) n_docs / MAX (d, 1));
}

static double
cosine (const Vector *x,
        const Vector *y,
        GHashTable   *df,
        guint         n_docs)
{
  GHashTableIter iter;
  gpointer key, value;
  double dot = 0;

  if (x->norm == 0 || y->norm == 0)
    return 0;

  /* Walk the smaller vector. */
  if (g_hash_table_size (x->counts) > g_hash_table_size (y->counts))
    {
      const Vector *t = x;
      x = y;
      y = t;
    }
  g_hash_table_iter_init (&iter, x->counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gpointer other = g_hash_table_lookup (y->counts, key);

      if (other != NULL)
        dot += weight (df, n_docs, key, GPOINTER_TO_UINT (value)) *
               weight (df, n_docs, key, GPOINTER_TO_UINT (other));
    }

  return MIN (1.0, dot / (x->norm * y->norm));
}

/**
 * dafu_align_sections:
 * @a: (array length=n_a): the first letter's sections, as text (heading and body)
 * @n_a: how many
 * @b: (array length=n_b): the second letter's
 * @n_b: how many
 * @overall: (out) (optional): the letters' similarity, 0 … 1
 *
 * Returns: (transfer full) (element-type DafuAlignedPair): the rows of the
 *   alignment, in reading order; every section of either letter is on
 *   exactly one row
 */
GArray *
dafu_align_sections (const char * const *a,
                     guint               n_a,
                     const char * const *b,
                     guint               n_b,
                     double             *overall)
{
  g_autoptr(GHashTable) df = g_hash_table_new_full (key_hash, key_equal, g_free, NULL);
  g_autofree Vector *va = g_new0 (Vector, MAX (n_a, 1));
  g_autofree Vector *vb = g_new0 (Vector, MAX (n_b, 1));
  g_autofree double *sim = g_new0 (double, (gsize) MAX (n_a, 1) * MAX (n_b, 1));
  g_autofree double *score = g_new0 (double, (gsize) (n_a + 1) * (n_b + 1));
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (DafuAlignedPair));
  guint n_docs = n_a + n_b;
  double paired = 0, total = 0;
  guint i, j;

  g_return_val_if_fail (a != NULL || n_a == 0, rows);
  g_return_val_if_fail (b != NULL || n_b == 0, rows);

  for (i = 0; i < n_a; i++)
    vector_init (&va[i], a[i]);
  for (j = 0; j < n_b; j++)
    vector_init (&vb[j], b[j]);

  /* Document frequencies over the sections of both letters. */
  for (guint side = 0; side < 2; side++)
    for (guint k = 0; k < (side == 0 ? n_a : n_b); k++)
      {
        GHashTableIter iter;
        gpointer key;

        g_hash_table_iter_init (&iter, (side == 0 ? va : vb)[k].counts);
        while (g_hash_table_iter_next (&iter, &key, NULL))
          {
            guint d = GPOINTER_TO_UINT (g_hash_table_lookup (df, key));
            g_hash_table_insert (df, g_memdup2 (key, sizeof (guint64)), GUINT_TO_POINTER (d + 1));
          }
      }
  for (guint side = 0; side < 2; side++)
    for (guint k = 0; k < (side == 0 ? n_a : n_b); k++)
      {
        Vector *v = &(side == 0 ? va : vb)[k];
        GHashTableIter iter;
        gpointer key, value;
        double sum = 0;

        g_hash_table_iter_init (&iter, v->counts);
        while (g_hash_table_iter_next (&iter, &key, &value))
          {
            double w = weight (df, n_docs, key, GPOINTER_TO_UINT (value));
            sum += w * w;
          }
        v->norm = sqrt (sum);
      }

  for (i = 0; i < n_a; i++)
    for (j = 0; j < n_b; j++)
      sim[i * n_b + j] = cosine (&va[i], &vb[j], df, n_docs);

  /* score[i][j]: the best total for the first i and j sections. */
#define SCORE(x, y) score[(gsize) (x) * (n_b + 1) + (y)]
  for (i = 1; i <= n_a; i++)
    for (j = 1; j <= n_b; j++)
      {
        double best = MAX (SCORE (i - 1, j), SCORE (i, j - 1));
        double s = sim[(i - 1) * n_b + (j - 1)];

        if (s >= THRESHOLD)
          best = MAX (best, SCORE (i - 1, j - 1) + s - THRESHOLD);
        SCORE (i, j) = best;
      }

  /* Back from the end, then reversed into reading order. */
  i = n_a;
  j = n_b;
  while (i > 0 || j > 0)
    {
      DafuAlignedPair row = { -1, -1, 0 };

      if (i > 0 && j > 0)
        {
          double s = sim[(i - 1) * n_b + (j - 1)];

          if (s >= THRESHOLD && SCORE (i, j) == SCORE (i - 1, j - 1) + s - THRESHOLD)
            {
              row.a = i - 1;
              row.b = j - 1;
              row.similarity = s;
              i--;
              j--;
              g_array_append_val (rows, row);
              continue;
            }
        }
      /* An unpaired section; of two, the later one in its letter goes
       * last, so that rows read in both letters' order. */
      if (i > 0 && (j == 0 || SCORE (i, j) == SCORE (i - 1, j)))
        row.a = --i;
      else
        row.b = --j;
      g_array_append_val (rows, row);
    }
#undef SCORE

  for (guint k = 0; k < rows->len / 2; k++)
    {
      DafuAlignedPair t = g_array_index (rows, DafuAlignedPair, k);

      g_array_index (rows, DafuAlignedPair, k) = g_array_index (rows, DafuAlignedPair, rows->len - 1 - k);
      g_array_index (rows, DafuAlignedPair, rows->len - 1 - k) = t;
    }

  for (guint k = 0; k < rows->len; k++)
    {
      const DafuAlignedPair *row = &g_array_index (rows, DafuAlignedPair, k);
      guint len = (row->a >= 0 ? va[row->a].length : 0) + (row->b >= 0 ? vb[row->b].length : 0);

      total += len;
      paired += row->similarity * len;
    }
  if (overall != NULL)
    *overall = total > 0 ? paired / total : 0;

  for (i = 0; i < n_a; i++)
    vector_clear (&va[i]);
  for (j = 0; j < n_b; j++)
    vector_clear (&vb[j]);

  return rows;
}
