/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-align"

#include "config.h"

#include "dafu-align.h"

#include <math.h>
#include <stdlib.h>
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

/* A text's bigrams as a sparse vector: sorted keys with their counts,
 * then their TF-IDF weights once the document frequencies are known. */
typedef struct {
  guint64 *keys;
  guint   *counts;
  double  *weights;
  guint    n;
  double   norm;
  guint    length;   /* visible characters */
} Vector;

static gboolean
counts_char (gunichar c)
{
  return !dafu_text_is_space (c) && !g_unichar_ispunct (c);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  guint64 ka = *(const guint64 *) a, kb = *(const guint64 *) b;

  return ka < kb ? -1 : ka > kb;
}

static void
vector_init (Vector     *v,
             const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (guint64));
  gunichar prev = 0;
  guint n = 0;

  memset (v, 0, sizeof *v);
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
          guint64 key = ((guint64) prev << 32) | c;
          g_array_append_val (all, key);
        }
      prev = c;
    }

  g_array_sort (all, compare_keys);
  v->keys = g_new (guint64, MAX (all->len, 1));
  v->counts = g_new (guint, MAX (all->len, 1));
  for (guint i = 0; i < all->len; i++)
    {
      guint64 key = g_array_index (all, guint64, i);

      if (n > 0 && v->keys[n - 1] == key)
        v->counts[n - 1]++;
      else
        {
          v->keys[n] = key;
          v->counts[n] = 1;
          n++;
        }
    }
  v->n = n;
}

static void
vector_clear (Vector *v)
{
  g_clear_pointer (&v->keys, g_free);
  g_clear_pointer (&v->counts, g_free);
  g_clear_pointer (&v->weights, g_free);
}

/* Weighs @n_docs vectors by TF-IDF, the document frequency of a bigram
 * being the number of them that hold it, and sets their norms. */
static void
weigh_vectors (Vector *v,
               guint   n_docs)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autofree guint64 *df_keys = NULL;
  g_autofree guint *df = NULL;
  guint n_df = 0;

  for (guint d = 0; d < n_docs; d++)
    g_array_append_vals (all, v[d].keys, v[d].n);
  g_array_sort (all, compare_keys);
  df_keys = g_new (guint64, MAX (all->len, 1));
  df = g_new (guint, MAX (all->len, 1));
  for (guint i = 0; i < all->len; i++)
    {
      guint64 key = g_array_index (all, guint64, i);

      if (n_df > 0 && df_keys[n_df - 1] == key)
        df[n_df - 1]++;
      else
        {
          df_keys[n_df] = key;
          df[n_df++] = 1;
        }
    }

  for (guint d = 0; d < n_docs; d++)
    {
      double sum = 0;

      v[d].weights = g_new (double, MAX (v[d].n, 1));
      for (guint i = 0; i < v[d].n; i++)
        {
          const guint64 *found = bsearch (&v[d].keys[i], df_keys, n_df, sizeof (guint64), compare_keys);
          double w;

          g_assert (found != NULL);
          w = (1 + log (v[d].counts[i])) * log (1.0 + (double) n_docs / df[found - df_keys]);
          v[d].weights[i] = w;
          sum += w * w;
        }
      v[d].norm = sqrt (sum);
    }
}

static double
cosine (const Vector *x,
        const Vector *y)
{
  double dot = 0;
  guint i = 0, j = 0;

  if (x->norm == 0 || y->norm == 0)
    return 0;

  while (i < x->n && j < y->n)
    {
      if (x->keys[i] < y->keys[j])
        i++;
      else if (x->keys[i] > y->keys[j])
        j++;
      else
        dot += x->weights[i++] * y->weights[j++];
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
  g_autofree Vector *v = g_new0 (Vector, n_a + n_b + 1);
  Vector *va = v, *vb = v + n_a;
  g_autofree double *sim = g_new0 (double, (gsize) MAX (n_a, 1) * MAX (n_b, 1));
  g_autofree double *score = g_new0 (double, (gsize) (n_a + 1) * (n_b + 1));
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (DafuAlignedPair));
  double paired = 0, total = 0;
  guint i, j;

  g_return_val_if_fail (a != NULL || n_a == 0, rows);
  g_return_val_if_fail (b != NULL || n_b == 0, rows);

  /* Document frequencies over the sections of both letters. */
  for (i = 0; i < n_a; i++)
    vector_init (&va[i], a[i]);
  for (j = 0; j < n_b; j++)
    vector_init (&vb[j], b[j]);
  weigh_vectors (v, n_a + n_b);

  for (i = 0; i < n_a; i++)
    for (j = 0; j < n_b; j++)
      sim[i * n_b + j] = cosine (&va[i], &vb[j]);

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

  for (i = 0; i < n_a + n_b; i++)
    vector_clear (&v[i]);

  return rows;
}

/**
 * dafu_align_rank:
 * @target: a letter's text
 * @texts: (array length=n): other letters' texts
 * @n: how many
 * @scores: (out caller-allocates) (array length=n): for each of @texts, its
 *   similarity to @target, 0 … 1
 *
 * Scores whole letters as dafu_align_sections() scores sections: the cosine
 * of TF-IDF vectors over character bigrams, the document frequency counted
 * over @target and @texts together.
 */
void
dafu_align_rank (const char         *target,
                 const char * const *texts,
                 guint               n,
                 double             *scores)
{
  g_autofree Vector *v = g_new0 (Vector, n + 1);

  g_return_if_fail (texts != NULL || n == 0);
  g_return_if_fail (scores != NULL || n == 0);

  vector_init (&v[0], target);
  for (guint k = 0; k < n; k++)
    vector_init (&v[k + 1], texts[k]);
  weigh_vectors (v, n + 1);

  for (guint k = 0; k < n; k++)
    scores[k] = cosine (&v[0], &v[k + 1]);

  for (guint k = 0; k <= n; k++)
    vector_clear (&v[k]);
}
