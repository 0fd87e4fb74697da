/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dafu-test-util.h"

#include <string.h>

#include "dafu-shared.h"
#include "dafu-text.h"

/* The phrases two letters share: checked against a slow reference that
 * follows the rules at the top of dafu-shared.c, and on cases a clerk would
 * recognise. */

/* ---------- helpers ---------- */

typedef struct {
  gunichar *chars;
  guint    *orig;
  guint     len;
} Folded;

/* @replacement: what U+FFFD becomes (it must match nothing in the other
 * text), or 0 to keep it. */
static void
fold_side (const char *text,
           gunichar    replacement,
           Folded     *f)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  glong n = g_utf8_strlen (valid, -1);
  guint offset = 0;

  f->chars = g_new (gunichar, n + 1);
  f->orig = g_new (guint, n + 1);
  f->len = 0;
  for (const char *p = valid; *p; p = g_utf8_next_char (p), offset++)
    {
      gunichar c = dafu_shared_fold_char (g_utf8_get_char (p));

      if (c == 0)
        continue;
      if (c == 0xfffd && replacement != 0)
        c = replacement;
      f->chars[f->len] = c;
      f->orig[f->len] = offset;
      f->len++;
    }
}

static void
fold (const char *text,
      Folded     *f)
{
  fold_side (text, 0, f);
}

static void
folded_free (Folded *f)
{
  g_free (f->chars);
  g_free (f->orig);
}

/* The characters [start, end) of @text (made valid), folded, as UTF-8. */
static char *
folded_slice (const char *text,
              guint       start,
              guint       end)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  const char *p = g_utf8_offset_to_pointer (valid, start);
  const char *q = g_utf8_offset_to_pointer (valid, end);
  GString *out = g_string_new (NULL);

  for (; p < q; p = g_utf8_next_char (p))
    {
      gunichar c = dafu_shared_fold_char (g_utf8_get_char (p));
      if (c != 0)
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_visible_at (const char *text,
               guint       offset)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  return dafu_shared_fold_char (g_utf8_get_char (g_utf8_offset_to_pointer (valid, offset))) != 0;
}

/* What must hold of any result. */
static void
assert_well_formed (GArray     *runs,
                    const char *a,
                    const char *b,
                    guint       min_length)
{
  g_autofree char *valid_a = g_utf8_make_valid (a, -1);
  g_autofree char *valid_b = g_utf8_make_valid (b, -1);
  glong a_chars = g_utf8_strlen (valid_a, -1);
  glong b_chars = g_utf8_strlen (valid_b, -1);

  if (min_length == 0)
    min_length = 1;

  for (guint i = 0; i < runs->len; i++)
    {
      const DafuSharedRun *r = &g_array_index (runs, DafuSharedRun, i);
      g_autofree char *fa = NULL, *fb = NULL;

      g_assert_cmpuint (r->length, >=, min_length);
      g_assert_cmpuint (r->a_start, <, r->a_end);
      g_assert_cmpuint (r->b_start, <, r->b_end);
      g_assert_cmpint (r->a_end, <=, a_chars);
      g_assert_cmpint (r->b_end, <=, b_chars);
      if (i > 0)
        g_assert_cmpuint (g_array_index (runs, DafuSharedRun, i - 1).b_end, <=, r->b_start);

      fa = folded_slice (a, r->a_start, r->a_end);
      fb = folded_slice (b, r->b_start, r->b_end);
      g_assert_cmpstr (fa, ==, fb);
      g_assert_null (g_utf8_strchr (fa, -1, 0xfffd));
      g_assert_cmpuint (g_utf8_strlen (fa, -1), ==, r->length);

      g_assert_true (is_visible_at (a, r->a_start));
      g_assert_true (is_visible_at (a, r->a_end - 1));
      g_assert_true (is_visible_at (b, r->b_start));
      g_assert_true (is_visible_at (b, r->b_end - 1));
    }
}

/* ---------- the reference: O(|A|·|B|) ---------- */

typedef struct {
  guint b_start, b_end, a_start;
} Cand;

static gint
cand_order (gconstpointer x,
            gconstpointer y)
{
  const Cand *p = x, *q = y;
  guint lp = p->b_end - p->b_start, lq = q->b_end - q->b_start;

  if (lp != lq)
    return lp > lq ? -1 : 1;
  return (gint) p->b_start - (gint) q->b_start;
}

static gint
run_order (gconstpointer x,
           gconstpointer y)
{
  const DafuSharedRun *p = x, *q = y;

  return (gint) p->b_start - (gint) q->b_start;
}

static GArray *
reference_runs (const char *text_a,
                const char *text_b,
                guint       min_length)
{
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (DafuSharedRun));
  g_autoptr(GArray) cands = g_array_new (FALSE, FALSE, sizeof (Cand));
  Folded a, b;
  guint *prev, *cur, *best_len, *best_end;
  gboolean *taken;

  if (min_length == 0)
    min_length = 1;

  fold_side (text_a, 0x110001, &a);
  fold_side (text_b, 0x110002, &b);

  /* best_len[j]: the longest common suffix of B[..j] with any A[..i];
   * best_end[j]: the smallest such i. */
  prev = g_new0 (guint, a.len + 1);
  cur = g_new0 (guint, a.len + 1);
  best_len = g_new0 (guint, b.len + 1);
  best_end = g_new0 (guint, b.len + 1);
  for (guint j = 0; j < b.len; j++)
    {
      guint *t;

      for (guint i = 0; i < a.len; i++)
        {
          cur[i + 1] = a.chars[i] == b.chars[j] ? prev[i] + 1 : 0;
          if (cur[i + 1] > best_len[j])
            {
              best_len[j] = cur[i + 1];
              best_end[j] = i;
            }
        }
      t = prev; prev = cur; cur = t;
    }

  for (guint j = 0; j < b.len; j++)
    if (best_len[j] >= min_length && best_len[j + 1] != best_len[j] + 1)
      {
        Cand c = { j + 1 - best_len[j], j + 1, best_end[j] + 1 - best_len[j] };
        g_array_append_val (cands, c);
      }

  g_array_sort (cands, cand_order);

  taken = g_new0 (gboolean, b.len + 1);
  for (guint k = 0; k < cands->len; k++)
    {
      Cand *c = &g_array_index (cands, Cand, k);
      guint best = 0, best_start = 0;

      for (guint s = c->b_start; s < c->b_end; )
        {
          guint e = s;

          if (taken[s])
            {
              s++;
              continue;
            }
          while (e < c->b_end && !taken[e])
            e++;
          if (e - s > best)
            {
              best = e - s;
              best_start = s;
            }
          s = e;
        }

      if (best >= min_length)
        {
          guint as = c->a_start + (best_start - c->b_start);
          DafuSharedRun r = {
            a.orig[as], a.orig[as + best - 1] + 1,
            b.orig[best_start], b.orig[best_start + best - 1] + 1,
            best,
          };

          for (guint s = best_start; s < best_start + best; s++)
            taken[s] = TRUE;
          g_array_append_val (runs, r);
        }
    }
  g_array_sort (runs, run_order);

  g_free (taken);
  g_free (prev);
  g_free (cur);
  g_free (best_len);
  g_free (best_end);
  folded_free (&a);
  folded_free (&b);
  return runs;
}

static void
assert_same_runs (GArray *got,
                  GArray *want)
{
  g_assert_cmpuint (got->len, ==, want->len);
  for (guint i = 0; i < got->len; i++)
    {
      const DafuSharedRun *g = &g_array_index (got, DafuSharedRun, i);
      const DafuSharedRun *w = &g_array_index (want, DafuSharedRun, i);

      g_assert_cmpuint (g->a_start, ==, w->a_start);
      g_assert_cmpuint (g->a_end, ==, w->a_end);
      g_assert_cmpuint (g->b_start, ==, w->b_start);
      g_assert_cmpuint (g->b_end, ==, w->b_end);
      g_assert_cmpuint (g->length, ==, w->length);
    }
}

static void
check_against_reference (const char *a,
                         const char *b,
                         guint       min_length)
{
  g_autoptr(GArray) got = dafu_shared_runs (a, b, min_length);
  g_autoptr(GArray) want = reference_runs (a, b, min_length);

  assert_same_runs (got, want);
  assert_well_formed (got, a, b, min_length);
}

/* ---------- samples ---------- */

static GPtrArray *
load_samples (void)
{
  g_autofree char *dir = dafu_test_samples_dir ();
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".txt"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      char *contents = NULL;
      gsize len = 0;
      char *text;

      g_file_get_contents (path, &contents, &len, &error);
      g_assert_no_error (error);
      bytes = g_bytes_new_take (contents, len);
      text = dafu_text_decode (bytes, NULL, &error);
      g_assert_no_error (error);
      g_ptr_array_add (texts, text);
    }

  g_assert_cmpuint (texts->len, ==, 5);
  return texts;
}

static void
test_samples_reference (void)
{
  g_autoptr(GPtrArray) texts = load_samples ();
  static const guint mins[] = { 8, 4 };
  guint total_runs = 0;

  for (guint m = 0; m < G_N_ELEMENTS (mins); m++)
    for (guint i = 0; i < texts->len; i++)
      for (guint j = 0; j < texts->len; j++)
        {
          g_autoptr(GArray) runs = NULL;

          check_against_reference (texts->pdata[i], texts->pdata[j], mins[m]);
          if (i != j)
            {
              runs = dafu_shared_runs (texts->pdata[i], texts->pdata[j], mins[m]);
              total_runs += runs->len;
            }
        }

  /* Replies from civil-affairs bureaus share set phrases: the comparison
   * has something to show. */
  g_assert_cmpuint (total_runs, >, 0);
}

static void
test_random_reference (void)
{
  static const char * const alphabet[] = {
    "a", "b", "c", "a", "b", "Ａ", "Ｂ", " ", "\n", "，", ",", "。", ".", "养", "\xff",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20250605);

  for (guint k = 0; k < 400; k++)
    {
      g_autoptr(GString) a = g_string_new (NULL);
      g_autoptr(GString) b = g_string_new (NULL);
      guint la = g_rand_int_range (rand, 0, 40);
      guint lb = g_rand_int_range (rand, 0, 40);
      guint n_letters = g_rand_int_range (rand, 2, G_N_ELEMENTS (alphabet) + 1);
      guint min_length = g_rand_int_range (rand, 0, 6);

      for (guint i = 0; i < la; i++)
        g_string_append (a, alphabet[g_rand_int_range (rand, 0, n_letters)]);
      for (guint i = 0; i < lb; i++)
        g_string_append (b, alphabet[g_rand_int_range (rand, 0, n_letters)]);

      check_against_reference (a->str, b->str, min_length);
    }
}

/* ---------- folding ---------- */

static void
assert_one_run (GArray *runs,
                guint   a_start,
                guint   a_end,
                guint   b_start,
                guint   b_end,
                guint   length)
{
  const DafuSharedRun *r;

  g_assert_cmpuint (runs->len, ==, 1);
  r = &g_array_index (runs, DafuSharedRun, 0);
  g_assert_cmpuint (r->a_start, ==, a_start);
  g_assert_cmpuint (r->a_end, ==, a_end);
  g_assert_cmpuint (r->b_start, ==, b_start);
  g_assert_cmpuint (r->b_end, ==, b_end);
  g_assert_cmpuint (r->length, ==, length);
}

static void
test_width_and_punctuation (void)
{
  const char *full = "养老服务，提升水平";
  g_autoptr(GArray) half = dafu_shared_runs (full, "养老服务,提升水平", 8);
  g_autoptr(GArray) spaced = dafu_shared_runs (full, "养老　服务，提升水平", 8);
  g_autoptr(GArray) inside = NULL;
  g_autoptr(GArray) marks = NULL;
  g_autoptr(GArray) none = NULL;

  assert_one_run (half, 0, 9, 0, 9, 9);
  /* The ideographic space is skipped but lies inside the run. */
  assert_one_run (spaced, 0, 9, 0, 10, 9);

  /* Inside longer text: offsets point at the shared characters. */
  inside = dafu_shared_runs ("我局将持续推进养老服务，提升水平。谢谢",
                             "一是 养老　服务,提升水平.二是",
                             8);
  assert_one_run (inside, 7, 17, 3, 14, 10);
  assert_well_formed (inside, "我局将持续推进养老服务，提升水平。谢谢",
                      "一是 养老　服务,提升水平.二是", 8);

  /* Full- and half-width marks, letters and digits of any width and case. */
  marks = dafu_shared_runs ("（一）ＧＤＰ增长５％：“好”；",
                            "(一)gdp增长5%:\"好\";",
                            4);
  assert_one_run (marks, 0, 15, 0, 15, 15);

  /* Marks that differ in meaning do not match: 、 is not ,. */
  none = dafu_shared_runs ("甲、乙", "甲,乙", 2);
  g_assert_cmpuint (none->len, ==, 0);

  g_assert_cmpuint (dafu_shared_fold_char (0x3002), ==, '.');
  g_assert_cmpuint (dafu_shared_fold_char (0xff0c), ==, ',');
  g_assert_cmpuint (dafu_shared_fold_char (0x3000), ==, 0);
  g_assert_cmpuint (dafu_shared_fold_char ('\n'), ==, 0);
  g_assert_cmpuint (dafu_shared_fold_char (0x201c), ==, '"');
}

/* ---------- whole letters ---------- */

/* The offsets of the first and last visible characters of @text. */
static void
visible_bounds (const char *text,
                guint      *first,
                guint      *end)
{
  guint offset = 0;
  gboolean seen = FALSE;

  for (const char *p = text; *p; p = g_utf8_next_char (p), offset++)
    if (dafu_shared_fold_char (g_utf8_get_char (p)) != 0)
      {
        if (!seen)
          *first = offset;
        seen = TRUE;
        *end = offset + 1;
      }
  g_assert_true (seen);
}

static guint
folded_length (const char *text)
{
  Folded f;
  guint len;

  fold (text, &f);
  len = f.len;
  folded_free (&f);
  return len;
}

static void
test_identical (void)
{
  g_autoptr(GPtrArray) texts = load_samples ();

  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = texts->pdata[i];
      g_autoptr(GArray) runs = dafu_shared_runs (text, text, 8);
      guint first = 0, end = 0;

      visible_bounds (text, &first, &end);
      assert_one_run (runs, first, end, first, end, folded_length (text));
    }
}

static void
test_shifted (void)
{
  g_autoptr(GPtrArray) texts = load_samples ();
  const char *text = texts->pdata[0];
  const char *prefix = "新增的开头一段话，此前没有。\n\n";
  g_autofree char *shifted = g_strconcat (prefix, text, NULL);
  g_autoptr(GArray) runs = dafu_shared_runs (text, shifted, 8);
  g_autoptr(GArray) back = dafu_shared_runs (shifted, text, 8);
  guint shift = g_utf8_strlen (prefix, -1);
  guint first = 0, end = 0;

  visible_bounds (text, &first, &end);
  assert_one_run (runs, first, end, first + shift, end + shift, folded_length (text));
  assert_one_run (back, first + shift, end + shift, first, end, folded_length (text));
}

static void
test_paragraph_deleted (void)
{
  g_autoptr(GPtrArray) texts = load_samples ();

  for (guint t = 0; t < texts->len; t++)
    {
      const char *text = texts->pdata[t];
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
      guint n_lines = g_strv_length (lines);
      guint victim = 0;
      g_autoptr(GString) cut = g_string_new (NULL);
      g_autoptr(GArray) runs = NULL;
      const DafuSharedRun *r0, *r1;
      guint first = 0, end = 0, cut_first = 0, cut_end = 0;

      /* Delete the longest paragraph of the letter's middle half. */
      for (guint i = n_lines / 4; i < 3 * n_lines / 4; i++)
        if (victim == 0 || g_utf8_strlen (lines[i], -1) > g_utf8_strlen (lines[victim], -1))
          victim = i;
      g_assert_cmpint (g_utf8_strlen (lines[victim], -1), >, 30);

      for (guint i = 0; i < n_lines; i++)
        if (i != victim)
          {
            g_string_append (cut, lines[i]);
            if (i + 1 < n_lines)
              g_string_append_c (cut, '\n');
          }

      runs = dafu_shared_runs (text, cut->str, 8);
      assert_well_formed (runs, text, cut->str, 8);

      /* Two runs: before and after the deleted paragraph; together they
       * cover every visible character of the shortened letter. */
      g_assert_cmpuint (runs->len, ==, 2);
      r0 = &g_array_index (runs, DafuSharedRun, 0);
      r1 = &g_array_index (runs, DafuSharedRun, 1);
      visible_bounds (text, &first, &end);
      visible_bounds (cut->str, &cut_first, &cut_end);
      g_assert_cmpuint (r0->a_start, ==, first);
      g_assert_cmpuint (r0->b_start, ==, cut_first);
      g_assert_cmpuint (r1->a_end, ==, end);
      g_assert_cmpuint (r1->b_end, ==, cut_end);
      g_assert_cmpuint (r0->length + r1->length, ==, folded_length (cut->str));
      /* The gap in A is the deleted paragraph (give or take the few
       * characters a run may reach across it). */
      g_assert_cmpuint (r1->a_start - r0->a_end + 8, >=, g_utf8_strlen (lines[victim], -1));
    }
}

/* Two runs that overlap in B: the longer wins, the other is trimmed. */
static void
test_overlap (void)
{
  /* B = abcdefghijklmnopqrst; A has abcdefghijklmn (14) and
   * hijklmnopqrst (13) apart. */
  g_autoptr(GArray) runs = dafu_shared_runs ("abcdefghijklmn|hijklmnopqrst",
                                             "abcdefghijklmnopqrst", 4);
  g_autoptr(GArray) dropped = NULL;
  const DafuSharedRun *r;

  g_assert_cmpuint (runs->len, ==, 2);
  r = &g_array_index (runs, DafuSharedRun, 0);
  g_assert_cmpuint (r->b_start, ==, 0);
  g_assert_cmpuint (r->b_end, ==, 14);
  g_assert_cmpuint (r->a_start, ==, 0);
  r = &g_array_index (runs, DafuSharedRun, 1);
  /* "opqrst": the part of the second run outside the first, at the same
   * place within the second run's occurrence in A. */
  g_assert_cmpuint (r->b_start, ==, 14);
  g_assert_cmpuint (r->b_end, ==, 20);
  g_assert_cmpuint (r->a_start, ==, 22);
  g_assert_cmpuint (r->a_end, ==, 28);
  g_assert_cmpuint (r->length, ==, 6);

  /* With min_length 8 the trimmed part (6) is too short: dropped. */
  dropped = dafu_shared_runs ("abcdefghijklmn|hijklmnopqrst",
                              "abcdefghijklmnopqrst", 8);
  g_assert_cmpuint (dropped->len, ==, 1);

  /* A phrase B repeats and A states once: both places in B, one in A. */
  {
    g_autoptr(GArray) twice = dafu_shared_runs ("前言。积极推进医养结合。结语",
                                                "积极推进医养结合；另外，积极推进医养结合。", 8);
    g_assert_cmpuint (twice->len, ==, 2);
    g_assert_cmpuint (g_array_index (twice, DafuSharedRun, 0).a_start, ==, 3);
    g_assert_cmpuint (g_array_index (twice, DafuSharedRun, 0).b_start, ==, 0);
    g_assert_cmpuint (g_array_index (twice, DafuSharedRun, 1).a_start, ==, 3);
    g_assert_cmpuint (g_array_index (twice, DafuSharedRun, 1).b_start, ==, 12);
    g_assert_cmpuint (g_array_index (twice, DafuSharedRun, 1).length, ==, 9);
  }
}

/* ---------- edge cases ---------- */

static void
test_edges (void)
{
  g_autoptr(GArray) empty = dafu_shared_runs ("", "", 8);
  g_autoptr(GArray) empty_a = dafu_shared_runs ("", "养老服务提升水平", 1);
  g_autoptr(GArray) empty_b = dafu_shared_runs ("养老服务提升水平", "", 1);
  g_autoptr(GArray) blank = dafu_shared_runs (" \n　", " \n　", 1);
  g_autoptr(GArray) short_ = dafu_shared_runs ("养老服务", "养老服务", 8);
  g_autoptr(GArray) exact = dafu_shared_runs ("养老服务提升水平", "养老服务提升水平", 8);
  g_autoptr(GArray) zero = dafu_shared_runs ("xay", "zaw", 0);
  g_autoptr(GArray) one = dafu_shared_runs ("xay", "zaw", 1);
  g_autoptr(GArray) invalid = NULL;
  g_autoptr(GArray) garbage = NULL;
  const char *bad_a = "ab\xff" "cdefghij\xc3";
  const char *bad_b = "xx" "cdefghij" "\xe4\xb8";

  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_cmpuint (empty_a->len, ==, 0);
  g_assert_cmpuint (empty_b->len, ==, 0);
  g_assert_cmpuint (blank->len, ==, 0);
  g_assert_cmpuint (short_->len, ==, 0);
  assert_one_run (exact, 0, 8, 0, 8, 8);

  /* 0 is taken as 1. */
  assert_one_run (zero, 1, 2, 1, 2, 1);
  assert_same_runs (zero, one);

  /* Invalid UTF-8: each bad byte is one character (U+FFFD), which matches
   * nothing. */
  invalid = dafu_shared_runs (bad_a, bad_b, 4);
  assert_one_run (invalid, 3, 11, 2, 10, 8);
  assert_well_formed (invalid, bad_a, bad_b, 4);

  garbage = dafu_shared_runs ("\xff\xfe\xfd\x80\x80", "\x80\xff\xfe", 1);
  assert_well_formed (garbage, "\xff\xfe\xfd\x80\x80", "\x80\xff\xfe", 1);
  g_assert_cmpuint (garbage->len, ==, 0);
}

/* ---------- size ---------- */

static void
test_large (void)
{
  g_autoptr(GPtrArray) texts = load_samples ();
  g_autoptr(GString) a = g_string_new (NULL);
  g_autoptr(GString) b = g_string_new (NULL);
  g_autoptr(GString) same_a = g_string_new (NULL);
  g_autoptr(GString) same_b = g_string_new (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GArray) runs = NULL;
  g_autoptr(GArray) repeated = NULL;
  guint covered = 0;

  /* Two 200,000-character texts made of the samples in different orders. */
  while (g_utf8_strlen (a->str, -1) < 200000)
    for (guint i = 0; i < texts->len; i++)
      {
        g_string_append (a, texts->pdata[i]);
        g_string_append (b, texts->pdata[g_rand_int_range (rand, 0, texts->len)]);
      }

  runs = dafu_shared_runs (a->str, b->str, 8);
  for (guint i = 0; i < runs->len; i++)
    covered += g_array_index (runs, DafuSharedRun, i).length;
  g_assert_cmpuint (covered * 10, >=, folded_length (b->str) * 9);
  {
    /* Check a sample of runs only: slicing is slow. */
    g_autoptr(GArray) few = g_array_new (FALSE, FALSE, sizeof (DafuSharedRun));

    for (guint i = 0; i < runs->len; i += MAX (1, runs->len / 10))
      g_array_append_val (few, g_array_index (runs, DafuSharedRun, i));
    assert_well_formed (few, a->str, b->str, 8);
  }

  /* One character repeated: every window of B matches all of A. */
  for (guint i = 0; i < 30000; i++)
    g_string_append_c (same_a, 'a');
  for (guint i = 0; i < 90000; i++)
    g_string_append_c (same_b, 'a');
  repeated = dafu_shared_runs (same_a->str, same_b->str, 8);
  g_assert_cmpuint (repeated->len, >, 1);
  g_assert_cmpuint (g_array_index (repeated, DafuSharedRun, 0).length, ==, 30000);
  g_assert_cmpuint (g_array_index (repeated, DafuSharedRun, 0).a_start, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shared/reference/samples", test_samples_reference);
  g_test_add_func ("/shared/reference/random", test_random_reference);
  g_test_add_func ("/shared/folding", test_width_and_punctuation);
  g_test_add_func ("/shared/identical", test_identical);
  g_test_add_func ("/shared/shifted", test_shifted);
  g_test_add_func ("/shared/paragraph-deleted", test_paragraph_deleted);
  g_test_add_func ("/shared/overlap", test_overlap);
  g_test_add_func ("/shared/edges", test_edges);
  g_test_add_func ("/shared/large", test_large);

  return g_test_run ();
}
