/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-shared"

#include "config.h"

#include "dafu-shared.h"

#include <string.h>

#include "dafu-text.h"

/*
 * The phrases two letters share, for the comparison's two panes.
 *
 * Folding. Both texts are first made valid UTF-8 (each invalid byte becomes
 * one U+FFFD). Every character then goes through dafu_shared_fold_char():
 * white space (dafu_text_is_space()) is skipped, everything else is folded
 * with dafu_text_fold_char() (full-width forms to ASCII, so ，：；（）！？
 * match ,:;()!?, and letters to lower case) and then a few marks the width
 * fold does not reach are folded too: 。 and ｡ to ".", “ ” to ", ‘ ’ to ',
 * ､ to 、, − to - and the full-width currency signs (￥…) to their narrow
 * twins. U+FFFD (what an invalid byte became) matches nothing, so no run
 * spans one. The folded text is a sequence of characters, each remembering
 * the offset of the original character it came from.
 *
 * Runs. Let the folded texts be A and B. A run is an interval of B, maximal
 * by inclusion among the intervals of B whose text occurs in A: it cannot
 * be extended to the left or to the right and still occur in A. (Such an
 * interval, at any of its occurrences in A, cannot be extended in both texts
 * at once either.) Each run is reported with its leftmost occurrence in A.
 * Runs shorter than @min_length are not reported; a @min_length of 0 is
 * treated as 1.
 *
 * Overlaps. Maximal runs may overlap in B ("abc" and "bcd" both in A, "abcd"
 * in B). The runs are taken longest first, and among runs of one length
 * the one that starts earlier in B first. Each run keeps only the part of
 * B that no run taken before it kept. That part is always one stretch: a
 * kept stretch lying strictly inside a later run would have been kept
 * together with the free positions beside it. (The code and the tests take
 * the longest free stretch, the earlier on a tie, which is the same.) If
 * that part is at least @min_length characters long, it is reported, paired
 * with the same stretch of the run's occurrence in A (shifted as much as
 * the part is shifted within the run in B); otherwise the run is dropped.
 * So the reported runs never overlap in B, and may overlap in A (a phrase
 * B repeats that A states once).
 *
 * Offsets. A reported run spans, in each original text, from the character
 * its first folded character came from to the one after the character its
 * last folded character came from: white space inside a run is covered,
 * white space around it is not. Offsets count characters (not bytes) of the
 * text as made valid. The result is sorted by b_start.
 *
 * Time. A suffix automaton over A's folded characters (transitions in one
 * open-addressed hash table) is walked with B, which gives for each position
 * of B the longest match ending there and its first end in A: linear in
 * |A| + |B|. Keeping the non-overlapping parts uses a balanced tree of the
 * kept blocks of B (free gaps shorter than @min_length are merged into
 * them, as nothing can use them); by the remark above a run meets at most
 * the two blocks at its ends, so this is O(r log r) for r runs.
 */

/* ---------- folding ---------- */

/**
 * dafu_shared_fold_char:
 * @c: a character
 *
 * Folds @c for comparing letters: dafu_text_fold_char() and then the marks
 * it does not reach (。 to ".", curly quotes to straight ones, …).
 *
 * Returns: the folded character, or 0 when @c is white space (skipped)
 */
gunichar
dafu_shared_fold_char (gunichar c)
{
  if (dafu_text_is_space (c))
    return 0;

  c = dafu_text_fold_char (c);

  switch (c)
    {
    case 0x3002: /* 。 */
    case 0xff61: /* ｡ */
      return '.';
    case 0x201c: /* “ */
    case 0x201d: /* ” */
      return '"';
    case 0x2018: /* ‘ */
    case 0x2019: /* ’ */
      return '\'';
    case 0xff64: /* ､ */
      return 0x3001;
    case 0x2212: /* − */
      return '-';
    case 0xffe0: return 0x00a2;
    case 0xffe1: return 0x00a3;
    case 0xffe2: return 0x00ac;
    case 0xffe3: return 0x00af;
    case 0xffe4: return 0x00a6;
    case 0xffe5: return 0x00a5;
    case 0xffe6: return 0x20a9;
    default:
      break;
    }

  if (dafu_text_is_space (c))
    return 0;

  return c;
}

typedef struct {
  gunichar *chars;   /* folded characters */
  guint    *orig;    /* for each, its original character offset */
  guint     len;
} Folded;

static void
folded_clear (Folded *f)
{
  g_clear_pointer (&f->chars, g_free);
  g_clear_pointer (&f->orig, g_free);
  f->len = 0;
}

/* Stand-ins for U+FFFD, different in A and B so that they never match. */
#define REPLACEMENT_A 0x1ffffe
#define REPLACEMENT_B 0x1fffff

static void
fold_text (const char *text,
           gunichar    replacement,
           Folded     *out)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  glong n_chars = g_utf8_strlen (valid, -1);
  guint offset = 0;
  guint n = 0;

  out->chars = g_new (gunichar, n_chars + 1);
  out->orig = g_new (guint, n_chars + 1);

  for (const char *p = valid; *p; p = g_utf8_next_char (p), offset++)
    {
      gunichar c = dafu_shared_fold_char (g_utf8_get_char (p));

      if (c == 0)
        continue;
      if (c == 0xfffd)
        c = replacement;
      out->chars[n] = c;
      out->orig[n] = offset;
      n++;
    }

  out->len = n;
}

/* ---------- suffix automaton ---------- */

#define NO_STATE G_MAXUINT32
#define EMPTY_KEY G_MAXUINT64

typedef struct {
  guint32 len;       /* longest string of the state */
  guint32 link;      /* suffix link */
  guint32 firstpos;  /* end (inclusive) of the first occurrence in A */
  guint32 edges;     /* first edge, or NO_STATE */
} State;

typedef struct {
  gunichar c;
  guint32  target;
  guint32  next;     /* next edge of the same state */
} Edge;

typedef struct {
  GArray  *states;   /* State */
  GArray  *edges;    /* Edge */
  guint64 *keys;     /* (state << 21) | c, or EMPTY_KEY */
  guint32 *values;   /* edge index */
  gsize    mask;     /* capacity - 1 */
  gsize    used;
} Automaton;

static inline guint64
edge_key (guint32  state,
          gunichar c)
{
  return ((guint64) state << 21) | (c & 0x1fffff);
}

static inline gsize
key_slot (const Automaton *sa,
          guint64          key)
{
  return (gsize) ((key * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)) >> 17) & sa->mask;
}

static void
table_alloc (Automaton *sa,
             gsize      capacity)
{
  sa->keys = g_new (guint64, capacity);
  sa->values = g_new (guint32, capacity);
  for (gsize i = 0; i < capacity; i++)
    sa->keys[i] = EMPTY_KEY;
  sa->mask = capacity - 1;
  sa->used = 0;
}

static void table_put (Automaton *sa, guint64 key, guint32 value);

static void
table_grow (Automaton *sa)
{
  guint64 *old_keys = sa->keys;
  guint32 *old_values = sa->values;
  gsize old_capacity = sa->mask + 1;

  table_alloc (sa, old_capacity * 2);
  for (gsize i = 0; i < old_capacity; i++)
    if (old_keys[i] != EMPTY_KEY)
      table_put (sa, old_keys[i], old_values[i]);

  g_free (old_keys);
  g_free (old_values);
}

/* Inserts or replaces. */
static void
table_put (Automaton *sa,
           guint64    key,
           guint32    value)
{
  gsize i;

  if ((sa->used + 1) * 2 > sa->mask + 1)
    table_grow (sa);

  for (i = key_slot (sa, key); sa->keys[i] != EMPTY_KEY; i = (i + 1) & sa->mask)
    if (sa->keys[i] == key)
      {
        sa->values[i] = value;
        return;
      }

  sa->keys[i] = key;
  sa->values[i] = value;
  sa->used++;
}

static inline guint32
table_get (const Automaton *sa,
           guint64          key)
{
  for (gsize i = key_slot (sa, key); sa->keys[i] != EMPTY_KEY; i = (i + 1) & sa->mask)
    if (sa->keys[i] == key)
      return sa->values[i];
  return NO_STATE;
}

static inline State *
state_at (Automaton *sa,
          guint32    s)
{
  return &g_array_index (sa->states, State, s);
}

static inline guint32
transition (const Automaton *sa,
            guint32          s,
            gunichar         c)
{
  guint32 e = table_get (sa, edge_key (s, c));

  return e == NO_STATE ? NO_STATE : g_array_index (sa->edges, Edge, e).target;
}

static void
set_transition (Automaton *sa,
                guint32    s,
                gunichar   c,
                guint32    target)
{
  guint64 key = edge_key (s, c);
  guint32 e = table_get (sa, key);
  Edge edge;

  if (e != NO_STATE)
    {
      g_array_index (sa->edges, Edge, e).target = target;
      return;
    }

  edge.c = c;
  edge.target = target;
  edge.next = state_at (sa, s)->edges;
  g_array_append_val (sa->edges, edge);
  e = sa->edges->len - 1;
  state_at (sa, s)->edges = e;
  table_put (sa, key, e);
}

static guint32
add_state (Automaton *sa,
           guint32    len,
           guint32    link,
           guint32    firstpos)
{
  State st = { len, link, firstpos, NO_STATE };

  g_array_append_val (sa->states, st);
  return sa->states->len - 1;
}

static void
automaton_clear (Automaton *sa)
{
  g_clear_pointer (&sa->states, g_array_unref);
  g_clear_pointer (&sa->edges, g_array_unref);
  g_clear_pointer (&sa->keys, g_free);
  g_clear_pointer (&sa->values, g_free);
}

static void
automaton_build (Automaton     *sa,
                 const Folded  *a)
{
  gsize capacity = 64;
  guint32 last;

  while (capacity < (gsize) a->len * 6)
    capacity *= 2;

  sa->states = g_array_sized_new (FALSE, FALSE, sizeof (State), 2 * a->len + 2);
  sa->edges = g_array_sized_new (FALSE, FALSE, sizeof (Edge), 3 * a->len + 2);
  table_alloc (sa, capacity);

  last = add_state (sa, 0, NO_STATE, 0);

  for (guint i = 0; i < a->len; i++)
    {
      gunichar c = a->chars[i];
      guint32 cur = add_state (sa, state_at (sa, last)->len + 1, 0, i);
      guint32 p = last;

      while (p != NO_STATE && transition (sa, p, c) == NO_STATE)
        {
          set_transition (sa, p, c, cur);
          p = state_at (sa, p)->link;
        }

      if (p != NO_STATE)
        {
          guint32 q = transition (sa, p, c);

          if (state_at (sa, p)->len + 1 == state_at (sa, q)->len)
            state_at (sa, cur)->link = q;
          else
            {
              guint32 clone = add_state (sa, state_at (sa, p)->len + 1,
                                         state_at (sa, q)->link,
                                         state_at (sa, q)->firstpos);

              for (guint32 e = state_at (sa, q)->edges; e != NO_STATE;
                   e = g_array_index (sa->edges, Edge, e).next)
                {
                  Edge edge = g_array_index (sa->edges, Edge, e);
                  set_transition (sa, clone, edge.c, edge.target);
                }

              while (p != NO_STATE && transition (sa, p, c) == q)
                {
                  set_transition (sa, p, c, clone);
                  p = state_at (sa, p)->link;
                }
              state_at (sa, q)->link = clone;
              state_at (sa, cur)->link = clone;
            }
        }

      last = cur;
    }
}

/* ---------- candidates ---------- */

typedef struct {
  guint b_start;   /* folded offsets in B, end exclusive */
  guint b_end;
  guint a_start;   /* folded offset in A of the leftmost occurrence */
} Candidate;

static gint
candidate_compare (gconstpointer pa,
                   gconstpointer pb)
{
  const Candidate *x = pa, *y = pb;
  guint lx = x->b_end - x->b_start, ly = y->b_end - y->b_start;

  if (lx != ly)
    return lx > ly ? -1 : 1;
  return x->b_start < y->b_start ? -1 : x->b_start > y->b_start;
}

static GArray *
find_candidates (const Folded *a,
                 const Folded *b,
                 guint         min_length)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  Automaton sa = { 0 };
  guint32 state = 0;
  guint len = 0;
  guint prev_len = 0, prev_first = 0;

  automaton_build (&sa, a);

  /* After reading b[j], (state, len) is the longest suffix of b[0..j] that
   * occurs in A; the run ending at j-1 is right-maximal when len does not
   * grow by one. */
  for (guint j = 0; j <= b->len; j++)
    {
      if (j < b->len)
        {
          gunichar c = b->chars[j];
          guint32 next;

          while (state != 0 && transition (&sa, state, c) == NO_STATE)
            {
              state = state_at (&sa, state)->link;
              len = state_at (&sa, state)->len;
            }
          next = transition (&sa, state, c);
          if (next != NO_STATE)
            {
              state = next;
              len++;
            }
          else
            {
              state = 0;
              len = 0;
            }
        }
      else
        len = 0;

      if (j > 0 && prev_len >= min_length && len != prev_len + 1)
        {
          Candidate cand;

          cand.b_end = j;
          cand.b_start = j - prev_len;
          cand.a_start = prev_first + 1 - prev_len;
          g_array_append_val (candidates, cand);
        }

      prev_len = len;
      prev_first = len > 0 ? state_at (&sa, state)->firstpos : 0;
    }

  automaton_clear (&sa);

  return g_steal_pointer (&candidates);
}

/* ---------- keeping the non-overlapping parts ---------- */

/* The stretches of B already kept (or too short to ever be kept), as
 * disjoint blocks: start → end (exclusive). Every gap between blocks, and
 * between them and the ends of B, is at least min_length long. */
typedef struct {
  GTree *blocks;
  guint  b_len;
  guint  min_length;
} Kept;

static gint
uint_compare (gconstpointer x,
              gconstpointer y,
              gpointer      user_data)
{
  guint a = GPOINTER_TO_UINT (x), b = GPOINTER_TO_UINT (y);

  return a < b ? -1 : a > b;
}

#define NODE_START(n) GPOINTER_TO_UINT (g_tree_node_key (n))
#define NODE_END(n) GPOINTER_TO_UINT (g_tree_node_value (n))

/* The last block that starts at or before @pos, or NULL. */
static GTreeNode *
block_at_or_before (Kept *kept,
                    guint pos)
{
  GTreeNode *after = g_tree_upper_bound (kept->blocks, GUINT_TO_POINTER (pos));

  if (after != NULL)
    return g_tree_node_previous (after);
  return g_tree_node_last (kept->blocks);
}

/* The longest stretch of [start, end) outside every block, the earliest on
 * a tie. */
static guint
longest_free (Kept  *kept,
              guint  start,
              guint  end,
              guint *free_start)
{
  GTreeNode *node = block_at_or_before (kept, start);
  guint cursor = start, best = 0;

  if (node != NULL)
    {
      if (NODE_END (node) > cursor)
        cursor = NODE_END (node);
      node = g_tree_node_next (node);
    }
  else
    node = g_tree_node_first (kept->blocks);

  while (cursor < end)
    {
      guint gap_end = end;

      if (node != NULL && NODE_START (node) < end)
        gap_end = NODE_START (node);

      if (gap_end > cursor && gap_end - cursor > best)
        {
          best = gap_end - cursor;
          *free_start = cursor;
        }

      if (node == NULL || NODE_START (node) >= end)
        break;
      cursor = MAX (cursor, NODE_END (node));
      node = g_tree_node_next (node);
    }

  return best;
}

/* Adds [start, end) (free, as longest_free() found it) to the blocks,
 * merged with neighbours that touch it or are nearer than min_length. */
static void
keep_stretch (Kept  *kept,
              guint  start,
              guint  end)
{
  GTreeNode *before = block_at_or_before (kept, start);
  GTreeNode *after = before != NULL ? g_tree_node_next (before)
                                    : g_tree_node_first (kept->blocks);
  gboolean has_before = before != NULL, has_after = after != NULL;
  guint before_start = 0, before_end = 0, after_start = 0, after_end = 0;

  /* Read both neighbours before removing either: removing may move nodes. */
  if (has_before)
    {
      before_start = NODE_START (before);
      before_end = NODE_END (before);
    }
  if (has_after)
    {
      after_start = NODE_START (after);
      after_end = NODE_END (after);
    }

  if (has_before && start - before_end < kept->min_length)
    {
      start = before_start;
      g_tree_remove (kept->blocks, GUINT_TO_POINTER (before_start));
    }
  else if (!has_before && start < kept->min_length)
    start = 0;

  if (has_after && after_start - end < kept->min_length)
    {
      end = after_end;
      g_tree_remove (kept->blocks, GUINT_TO_POINTER (after_start));
    }
  else if (!has_after && kept->b_len - end < kept->min_length)
    end = kept->b_len;

  g_tree_insert (kept->blocks, GUINT_TO_POINTER (start), GUINT_TO_POINTER (end));
}

static gint
run_compare (gconstpointer pa,
             gconstpointer pb)
{
  const DafuSharedRun *x = pa, *y = pb;

  return x->b_start < y->b_start ? -1 : x->b_start > y->b_start;
}

/**
 * dafu_shared_runs:
 * @text_a: the first letter's text (UTF-8; invalid bytes are tolerated)
 * @text_b: the second letter's text
 * @min_length: the shortest run reported, in folded characters
 *   (%DAFU_SHARED_DEFAULT_MIN_LENGTH in the comparison; 0 is taken as 1)
 *
 * Finds the phrases @text_a and @text_b share: white space ignored, width,
 * case and full/half-width punctuation folded, invalid bytes matching
 * nothing. Each run is a longest common
 * stretch of the two folded texts, reported at its leftmost place in
 * @text_a; runs never overlap in @text_b (the longer of two overlapping runs
 * wins, the other keeps only its longest part outside it, if that is still
 * @min_length long). Offsets are in characters of the original texts. See
 * the top of dafu-shared.c for the exact rules.
 *
 * Returns: (transfer full) (element-type DafuSharedRun): the runs, sorted
 *   by b_start
 */
GArray *
dafu_shared_runs (const char *text_a,
                  const char *text_b,
                  guint       min_length)
{
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (DafuSharedRun));
  g_autoptr(GArray) candidates = NULL;
  Folded a = { 0 }, b = { 0 };
  Kept kept;

  g_return_val_if_fail (text_a != NULL, runs);
  g_return_val_if_fail (text_b != NULL, runs);

  if (min_length == 0)
    min_length = 1;

  fold_text (text_a, REPLACEMENT_A, &a);
  fold_text (text_b, REPLACEMENT_B, &b);

  if (a.len < min_length || b.len < min_length)
    goto out;

  candidates = find_candidates (&a, &b, min_length);
  g_array_sort (candidates, candidate_compare);

  kept.blocks = g_tree_new_full (uint_compare, NULL, NULL, NULL);
  kept.b_len = b.len;
  kept.min_length = min_length;

  for (guint i = 0; i < candidates->len; i++)
    {
      const Candidate *cand = &g_array_index (candidates, Candidate, i);
      guint start = 0, length;
      DafuSharedRun run;

      length = longest_free (&kept, cand->b_start, cand->b_end, &start);
      if (length < min_length)
        continue;

      keep_stretch (&kept, start, start + length);

      run.b_start = b.orig[start];
      run.b_end = b.orig[start + length - 1] + 1;
      run.a_start = a.orig[cand->a_start + (start - cand->b_start)];
      run.a_end = a.orig[cand->a_start + (start - cand->b_start) + length - 1] + 1;
      run.length = length;
      g_array_append_val (runs, run);
    }

  g_tree_destroy (kept.blocks);
  g_array_sort (runs, run_compare);

out:
  folded_clear (&a);
  folded_clear (&b);

  return runs;
}
