/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sqlite3.h>

#include "dafu-query.h"
#include "dafu-text.h"
#include "dafu-tokenizer.h"

static const char * const samples[] = {
  "changzhi-2025-59.txt",
  "jincheng-444.txt",
  "xianyang-2024-39.txt",
  "xianyang-2024-40.txt",
  "yulin-2021-114.txt",
};

/* Small rows that exercise folding, white space and odd characters. */
static const char * const synthetic[][2] = {
  { "ASCII row", "Hello World, plain ASCII text 123." },
  { "", "全角ＡＢＣ字母与数字１２３" },
  { "MiXeD CaSe Title", "Some MIXED case Body" },
  { "", "emoji 😀🎉 party 🎉" },
  { "", "养\n\n老" },
  { "x", "q" },
  { "", "a\"b*c^(d) AND OR NOT NEAR {title}:x +y 类别：B" },
};

typedef struct
{
  sqlite3   *db;
  GPtrArray *titles;   /* row i has rowid i + 1 */
  GPtrArray *texts;
  GPtrArray *norm_titles;
  GPtrArray *norm_texts;
} Corpus;

static Corpus corpus;

/* The brute-force twin of the tokenizer: fold, drop white space. */
static char *
norm (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gunichar f = dafu_text_fold_char (c);

      if (!dafu_text_is_space (c) && !dafu_text_is_space (f))
        g_string_append_unichar (out, f);
    }

  return g_string_free (out, FALSE);
}

static void
exec_sql (const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (corpus.db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
add_row (const char *title,
         const char *text)
{
  sqlite3_stmt *stmt;

  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpint (sqlite3_prepare_v2 (corpus.db, i == 0 ? "INSERT INTO t (title, text) VALUES (?, ?)"
                                                             : "INSERT INTO c (title, text) VALUES (?, ?)",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, title, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      g_assert_cmpint (sqlite3_last_insert_rowid (corpus.db), ==, corpus.texts->len + 1);
      sqlite3_finalize (stmt);
    }

  g_ptr_array_add (corpus.titles, g_strdup (title));
  g_ptr_array_add (corpus.texts, g_strdup (text));
  g_ptr_array_add (corpus.norm_titles, norm (title));
  g_ptr_array_add (corpus.norm_texts, norm (text));
}

static void
corpus_init (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &corpus.db), ==, SQLITE_OK);
  g_assert_true (dafu_tokenizer_register (corpus.db, &error));
  g_assert_no_error (error);
  /* The library's two indexes, as dafu-db.c makes them. */
  exec_sql ("CREATE VIRTUAL TABLE t USING fts5(title, text, tokenize='" DAFU_TOKENIZER_WORDS "')");
  exec_sql ("CREATE VIRTUAL TABLE c USING fts5(title, text, detail=none, columnsize=0,"
            " tokenize='" DAFU_TOKENIZER_CHARS "')");

  corpus.titles = g_ptr_array_new_with_free_func (g_free);
  corpus.texts = g_ptr_array_new_with_free_func (g_free);
  corpus.norm_titles = g_ptr_array_new_with_free_func (g_free);
  corpus.norm_texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                     samples[i], NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;
      const char *title = "";
      gsize len;

      g_assert_true (g_file_get_contents (path, &contents, &len, &error));
      g_assert_no_error (error);
      bytes = g_bytes_new (contents, len);
      text = dafu_text_decode (bytes, NULL, &error);
      g_assert_no_error (error);

      /* The title column gets the 关于… line, as the library will. */
      lines = g_strsplit (text, "\n", -1);
      for (guint l = 0; lines[l]; l++)
        if (strstr (lines[l], "关于") != NULL)
          {
            title = lines[l];
            break;
          }

      add_row (title, text);
    }

  for (guint i = 0; i < G_N_ELEMENTS (synthetic); i++)
    add_row (synthetic[i][0], synthetic[i][1]);
}

/* Whether each row is selected by an FTS5 expression in table @table. */
static GArray *
fts_rows (const char *table,
          const char *match)
{
  g_autofree char *sql = g_strdup_printf ("SELECT rowid FROM %s WHERE %s MATCH ?", table, table);
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (gboolean));
  sqlite3_stmt *stmt;
  int rc;

  g_array_set_size (rows, corpus.texts->len);
  g_assert_cmpint (sqlite3_prepare_v2 (corpus.db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_array_index (rows, gboolean, sqlite3_column_int64 (stmt, 0) - 1) = TRUE;
  if (rc != SQLITE_DONE)
    g_error ("MATCH %s: %s", match, sqlite3_errmsg (corpus.db));
  sqlite3_finalize (stmt);

  return rows;
}

static gboolean
row_contains (guint       row,
              const char *needle)
{
  return strstr (g_ptr_array_index (corpus.norm_titles, row), needle) != NULL ||
         strstr (g_ptr_array_index (corpus.norm_texts, row), needle) != NULL;
}

/* What the query must select: rows holding every term and no excluded
 * one, by plain substring search of the folded, space-free texts. */
static char *
brute_rows (DafuQuery *query)
{
  const char * const *terms = dafu_query_get_terms (query);
  const char * const *excluded = dafu_query_get_excluded_terms (query);
  GString *out = g_string_new (NULL);

  for (guint row = 0; row < corpus.texts->len; row++)
    {
      gboolean ok = TRUE;

      for (guint i = 0; ok && terms[i]; i++)
        {
          g_autofree char *n = norm (terms[i]);
          ok = row_contains (row, n);
        }
      for (guint i = 0; ok && excluded[i]; i++)
        {
          g_autofree char *n = norm (excluded[i]);
          ok = !row_contains (row, n);
        }

      if (ok)
        g_string_append_printf (out, "%u,", row + 1);
    }

  return g_string_free (out, FALSE);
}

/* Runs @query the way the library does (find_keys() in dafu-library.c)
 * and returns the rowids, as a sorted string "1,4,". */
static char *
search_rows (DafuQuery *query)
{
  static const char * const tables[] = { "t", "c" };
  g_autoptr(GArray) selected = g_array_new (FALSE, FALSE, sizeof (gboolean));
  GString *out = g_string_new (NULL);

  g_array_set_size (selected, corpus.texts->len);
  for (guint row = 0; row < selected->len; row++)
    g_array_index (selected, gboolean, row) = TRUE;

  for (DafuQueryIndex index = DAFU_QUERY_INDEX_WORDS; index <= DAFU_QUERY_INDEX_CHARS; index++)
    {
      g_autofree char *match = dafu_query_get_match (query, index);
      g_autofree char *exclude = dafu_query_get_exclude_match (query, index);
      g_autoptr(GArray) rows = NULL;

      if (match != NULL)
        rows = fts_rows (tables[index], match);
      else if (exclude != NULL)
        rows = fts_rows (tables[index], exclude);
      else
        continue;

      for (guint row = 0; row < selected->len; row++)
        if (g_array_index (rows, gboolean, row) != (match != NULL))
          g_array_index (selected, gboolean, row) = FALSE;
    }

  for (guint row = 0; row < selected->len; row++)
    if (g_array_index (selected, gboolean, row))
      g_string_append_printf (out, "%u,", row + 1);

  return g_string_free (out, FALSE);
}

static void
assert_search_exact (const char *text)
{
  g_autoptr(DafuQuery) query = dafu_query_new (text);
  g_autofree char *found = search_rows (query);
  g_autofree char *expected = brute_rows (query);

  if (g_strcmp0 (found, expected) != 0)
    g_error ("query ‹%s›: search found {%s}, brute force {%s}", text, found, expected);
}

/* The promise of the tokenizer: any string of 1–4 characters finds exactly
 * the rows containing it. */
static void
test_brute_force (void)
{
  static const char * const extra[] = {
    "养老", "养", "ABC", "ａｂｃ", "abc", "Ｈｅｌｌｏ", "mixed case", "MIXED",
    "😀", "🎉", "🎉p", "😀🎉", "123", "１２３", "类别:b", "类别：Ｂ",
    "火星殖民", "zzqx", "量子纠缠", "😈", "民政局民政局", "q", "x", "xq",
  };
  GRand *rand = g_rand_new_with_seed (20240508);
  guint checked = 0, nonempty = 0;

  for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
    {
      assert_search_exact (extra[i]);
    }

  while (checked < 800)
    {
      guint row = g_rand_int_range (rand, 0, corpus.texts->len);
      const char *n = g_ptr_array_index (corpus.norm_texts, row);
      glong n_chars = g_utf8_strlen (n, -1);
      guint len = g_rand_int_range (rand, 1, 5);
      g_autoptr(DafuQuery) query = NULL;
      g_autofree char *needle = NULL;
      const char *start;
      guint offset;

      if (n_chars < len)
        continue;

      offset = g_rand_int_range (rand, 0, n_chars - len + 1);
      start = g_utf8_offset_to_pointer (n, offset);
      needle = g_strndup (start, g_utf8_offset_to_pointer (start, len) - start);

      /* Keep only strings the query reads as one literal term. */
      query = dafu_query_new (needle);
      if (g_strv_length ((char **) dafu_query_get_terms (query)) != 1 ||
          strcmp (dafu_query_get_terms (query)[0], needle) != 0 ||
          dafu_query_get_excluded_terms (query)[0] != NULL)
        continue;

      {
        g_autofree char *found = search_rows (query);
        g_autofree char *expected = brute_rows (query);

        g_assert_cmpstr (found, ==, expected);
        if (found[0] != '\0')
          nonempty++;
      }
      checked++;
    }

  /* Drawn from the texts, every string is found somewhere. */
  g_assert_cmpuint (nonempty, ==, checked);
  g_rand_free (rand);
}

/* Every line of the letters, pasted in quotes, finds its letter, curly
 * quotes and all. */
static void
test_pasted_lines (void)
{
  guint checked = 0;

  for (guint row = 0; row < G_N_ELEMENTS (samples); row++)
    {
      g_auto(GStrv) lines = g_strsplit (g_ptr_array_index (corpus.texts, row), "\n", -1);

      for (guint i = 0; lines[i]; i++)
        {
          g_autofree char *quoted = g_strdup_printf ("\"%s\"", lines[i]);
          g_autoptr(DafuQuery) query = dafu_query_new (quoted);
          g_autofree char *rows = NULL;
          g_autofree char *id = g_strdup_printf (",%u,", row + 1);
          g_autofree char *padded = NULL;

          if (g_utf8_strlen (lines[i], -1) < 10)
            continue;

          g_assert_cmpstr (dafu_query_get_terms (query)[0], ==, lines[i]);
          rows = search_rows (query);
          padded = g_strconcat (",", rows, NULL);
          g_assert_nonnull (strstr (padded, id));
          assert_search_exact (quoted);
          checked++;
        }
    }

  g_assert_cmpuint (checked, >, 100);
}

static void
test_whitespace_and_folding (void)
{
  g_autofree char *both = NULL;
  g_autofree char *yanglao = NULL;
  g_autoptr(DafuQuery) q1 = dafu_query_new ("abc");
  g_autoptr(DafuQuery) q2 = dafu_query_new ("养老");
  g_autoptr(DafuQuery) q3 = dafu_query_new ("\"养 老\"");

  /* The full-width row (7) holds ＡＢＣ; nothing else holds abc. */
  both = search_rows (q1);
  g_assert_cmpstr (both, ==, "7,");

  /* 养\n\n老 (row 10) is found by 养老, as are the samples about 养老. */
  yanglao = search_rows (q2);
  g_assert_nonnull (strstr (yanglao, "10,"));
  assert_search_exact ("养老");
  assert_search_exact ("\"养 老\"");
  g_assert_cmpstr (dafu_query_get_terms (q3)[0], ==, "养 老");
}

static void
test_hostile (void)
{
  g_autoptr(GString) paste = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);
  static const char * const inputs[] = {
    "\"", "\"\"", "\"养老", "*", "养*", "^养", "a:b", "(", ")", "AND", "OR 养老",
    "NOT", "NEAR(a b)", "-", "--", "-养老", "- -", "+", "{title}:x", "养老 OR",
    "😀", "🎉 party", "类别:提案", "year:abc", "city:", "，。！？【】（）：；“”‘’",
    "\x01\x02养老\x7f", "'; DROP TABLE x; --", "养老\" OR \"", "\"\" \"\"",
    "http://x", "-\"养老", "“养老", "”", "NEAR(\"养\" \"老\", 2)", "t:养老",
    "title:养老", "text : 养老", "a AND b OR c NOT d", "\\", "''", "%_", "　", "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    assert_search_exact (inputs[i]);

  /* A paste of 10,000 characters, as many words… */
  while (g_utf8_strlen (paste->str, -1) < 10000)
    {
      for (guint row = 0; row < G_N_ELEMENTS (samples); row++)
        g_string_append (paste, g_ptr_array_index (corpus.texts, row));
    }
  g_string_truncate (paste, g_utf8_offset_to_pointer (paste->str, 10000) - paste->str);
  assert_search_exact (paste->str);

  /* …and as one word found in one letter. */
  for (guint row = 0; g_utf8_strlen (word->str, -1) < 10000; row = (row + 1) % 5)
    g_string_append (word, g_ptr_array_index (corpus.norm_texts, row));
  g_string_truncate (word, g_utf8_offset_to_pointer (word->str, 10000) - word->str);
  {
    g_autoptr(DafuQuery) query = dafu_query_new (word->str);
    g_autofree char *rows = search_rows (query);

    g_assert_cmpuint (g_strv_length ((char **) dafu_query_get_terms (query)), ==, 1);
    assert_search_exact (word->str);
    /* Spanning two letters, it is in none of them. */
    g_assert_cmpstr (rows, ==, "");
  }
  {
    /* A whole letter pasted as one word finds that letter. */
    const char *text = g_ptr_array_index (corpus.norm_texts, 2);
    g_autoptr(DafuQuery) query = dafu_query_new (text);
    g_autofree char *rows = search_rows (query);

    g_assert_cmpstr (dafu_query_get_terms (query)[0], ==, text);
    g_assert_cmpstr (rows, ==, "3,");
    assert_search_exact (text);
  }
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(DafuQuery) query = dafu_query_new ("\xff\xfe养老\xc3 \xe5\x85");
  const char * const *terms = dafu_query_get_terms (query);
  g_autoptr(GError) error = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  int rc, found = 0;

  g_assert_true (g_utf8_validate (dafu_query_get_text (query), -1, NULL));
  for (guint i = 0; terms[i]; i++)
    g_assert_true (g_utf8_validate (terms[i], -1, NULL));
  assert_search_exact ("\xff\xfe养老\xc3 \xe5\x85");

  /* Bad bytes in a document are indexed without harm. */
  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_true (dafu_tokenizer_register (db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db, "CREATE VIRTUAL TABLE f USING fts5(x, tokenize='" DAFU_TOKENIZER_CHARS "',"
                                 " detail=none);"
                                 "CREATE VIRTUAL TABLE g USING fts5(x, tokenize='" DAFU_TOKENIZER_WORDS "')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpint (sqlite3_prepare_v2 (db, i == 0 ? "INSERT INTO f (x) VALUES (?)" : "INSERT INTO g (x) VALUES (?)",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, "\xff养\x80\xe5老 \xc3", -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
    }

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT count(*) FROM f WHERE f MATCH '\"养\"')"
                                           " + (SELECT count(*) FROM g WHERE g MATCH '\"\xef\xbf\xbd老\"')",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    found = sqlite3_column_int (stmt, 0);
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  g_assert_cmpint (found, ==, 2);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

typedef struct
{
  GString *out;
  const char *text;
} Collect;

static int
collect_token (void       *data,
               int         tflags,
               const char *token,
               int         n_token,
               int         start,
               int         end)
{
  Collect *c = data;

  g_string_append_printf (c->out, "%s%.*s@%d-%d ",
                          (tflags & FTS5_TOKEN_COLOCATED) ? "+" : "",
                          n_token, token, start, end);
  return SQLITE_OK;
}

/* The tokens tokenizer @name makes of @text, as "tok@start-end ",
 * colocated ones marked with +. */
static char *
tokenize (const char *name,
          const char *text,
          int         flags)
{
  fts5_api *api = NULL;
  fts5_tokenizer tokenizer;
  Fts5Tokenizer *instance = NULL;
  void *user_data = NULL;
  sqlite3_stmt *stmt;
  Collect c = { g_string_new (NULL), text };

  g_assert_cmpint (sqlite3_prepare_v2 (corpus.db, "SELECT fts5(?1)", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  sqlite3_finalize (stmt);
  g_assert_nonnull (api);

  g_assert_cmpint (api->xFindTokenizer (api, name, &user_data, &tokenizer), ==, SQLITE_OK);
  g_assert_cmpint (tokenizer.xCreate (user_data, NULL, 0, &instance), ==, SQLITE_OK);
  g_assert_cmpint (tokenizer.xTokenize (instance, &c, flags, text, strlen (text), collect_token), ==, SQLITE_OK);
  tokenizer.xDelete (instance);

  return g_string_free (c.out, FALSE);
}

static void
test_tokens (void)
{
  struct {
    const char *text;
    int flags;
    const char *tokens;
  } cases[] = {
    /* Unigram at each position, the bigram colocated; offsets in the
     * original text, a bigram spanning the white space it skips. */
    { "Ａ养\n老 b", FTS5_TOKENIZE_DOCUMENT,
      "a@0-3 +a养@0-6 养@3-6 +养老@3-10 老@7-10 +老b@7-12 b@11-12 " },
    { "Ａ养\n老 b", FTS5_TOKENIZE_AUX,
      "a@0-3 +a养@0-6 养@3-6 +养老@3-10 老@7-10 +老b@7-12 b@11-12 " },
    { " \n 养", FTS5_TOKENIZE_DOCUMENT, "养@3-6 " },
    { "　 \n", FTS5_TOKENIZE_DOCUMENT, "" },
    { "😀Ｂ", FTS5_TOKENIZE_DOCUMENT, "😀@0-4 +😀b@0-7 b@4-7 " },
    /* Bad bytes count as U+FFFD, one each. */
    { "\xff养\xe5", FTS5_TOKENIZE_DOCUMENT,
      "\xef\xbf\xbd@0-1 +\xef\xbf\xbd养@0-4 养@1-4 +养\xef\xbf\xbd@1-5 \xef\xbf\xbd@4-5 " },
    /* Queries: one character is its unigram, more are bigrams in a row. */
    { "养", FTS5_TOKENIZE_QUERY, "养@0-3 " },
    { " 养\n", FTS5_TOKENIZE_QUERY, "养@1-4 " },
    { "养 老服务", FTS5_TOKENIZE_QUERY, "养老@0-7 老服@4-10 服务@7-13 " },
    { "养老", FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX, "养老@0-6 " },
    { "ＡＢ", FTS5_TOKENIZE_QUERY, "ab@0-6 " },
    { "  ", FTS5_TOKENIZE_QUERY, "" },
    { "", FTS5_TOKENIZE_QUERY, "" },
  };

  struct {
    const char *name;
    const char *text;
    int flags;
    const char *tokens;
  } split[] = {
    /* The words index: the bigram each character starts, the last none. */
    { DAFU_TOKENIZER_WORDS, "Ａ养\n老 b", FTS5_TOKENIZE_DOCUMENT, "a养@0-6 养老@3-10 老b@7-12 " },
    { DAFU_TOKENIZER_WORDS, " \n 养", FTS5_TOKENIZE_DOCUMENT, "" },
    { DAFU_TOKENIZER_WORDS, "\xff养", FTS5_TOKENIZE_DOCUMENT, "\xef\xbf\xbd养@0-4 " },
    { DAFU_TOKENIZER_WORDS, "养 老服务", FTS5_TOKENIZE_QUERY, "养老@0-7 老服@4-10 服务@7-13 " },
    { DAFU_TOKENIZER_WORDS, "养", FTS5_TOKENIZE_QUERY, "养@0-3 " },
    /* The characters index: each one alone, documents and queries alike. */
    { DAFU_TOKENIZER_CHARS, "Ａ养\n老 b", FTS5_TOKENIZE_DOCUMENT, "a@0-3 养@3-6 老@7-10 b@11-12 " },
    /* A document names each character once, the first time. */
    { DAFU_TOKENIZER_CHARS, "养a老A养😀😀", FTS5_TOKENIZE_DOCUMENT, "养@0-3 a@3-4 老@4-7 😀@11-15 " },
    { DAFU_TOKENIZER_CHARS, "养养", FTS5_TOKENIZE_QUERY, "养@0-3 养@3-6 " },
    { DAFU_TOKENIZER_CHARS, " 养\n", FTS5_TOKENIZE_QUERY, "养@1-4 " },
    { DAFU_TOKENIZER_CHARS, "\xe5", FTS5_TOKENIZE_DOCUMENT, "\xef\xbf\xbd@0-1 " },
    { DAFU_TOKENIZER_CHARS, "　 \n", FTS5_TOKENIZE_DOCUMENT, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *tokens = tokenize (DAFU_TOKENIZER_NAME, cases[i].text, cases[i].flags);

      g_assert_cmpstr (tokens, ==, cases[i].tokens);
    }
  for (guint i = 0; i < G_N_ELEMENTS (split); i++)
    {
      g_autofree char *tokens = tokenize (split[i].name, split[i].text, split[i].flags);

      g_assert_cmpstr (tokens, ==, split[i].tokens);
    }

  /* What decides the index a term goes to. */
  g_assert_cmpuint (dafu_tokenizer_count_chars (" 养\n"), ==, 1);
  g_assert_cmpuint (dafu_tokenizer_count_chars ("Ａ \xff"), ==, 2);
  g_assert_cmpuint (dafu_tokenizer_count_chars ("　"), ==, 0);
}

static void
test_parse_terms (void)
{
  struct {
    const char *input;
    const char *terms;     /* joined by | */
    const char *excluded;
    const char *match;
  } cases[] = {
    { "养老 服务", "养老|服务", "", "\"养老\" \"服务\"" },
    { "养老　服务", "养老|服务", "", "\"养老\" \"服务\"" },
    { "\"居家 养老\" 服务", "居家 养老|服务", "", "\"居家 养老\" \"服务\"" },
    { "“居家养老”服务", "居家养老|服务", "", NULL },
    { "\"未闭合 的 引号", "未闭合 的 引号", "", NULL },
    { "养老 -低保 -\"临时 救助\"", "养老", "低保|临时 救助", "\"养老\" NOT (\"低保\" OR \"临时 救助\")" },
    { "养老 -低保", "养老", "低保", "\"养老\" NOT \"低保\"" },
    { "-低保", "", "低保", NULL },
    { "- 养老 -", "养老", "", NULL },
    { "--", "", "", NULL },
    { "ab\"c", "ab\"c", "", "\"ab\"\"c\"" },
    { "OR 养老", "OR|养老", "", "\"OR\" \"养老\"" },
    { "养老 养老 ＡＢＣ abc", "养老|ＡＢＣ", "", NULL },
    { "\"\"  \"  \"", "", "", NULL },
    { "类别:提案", "类别:提案", "", NULL },
    { "year:abc city: http://x", "year:abc|city:|http://x", "", NULL },
    { "-city:咸阳", "", "city:咸阳", NULL },
    { "\"city:咸阳\"", "city:咸阳", "", NULL },
    { "\"他说“养老”好\" x", "他说“养老”好|x", "", "\"他说“养老”好\"" },
    { "“养老\" 服务", "养老|服务", "", NULL },
    { "”养老” -“低保", "养老", "低保", NULL },
    { "提出的“关于 推进", "提出的“关于|推进", "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DafuQuery) query = dafu_query_new (cases[i].input);
      g_autofree char *terms = g_strjoinv ("|", (char **) dafu_query_get_terms (query));
      g_autofree char *excluded = g_strjoinv ("|", (char **) dafu_query_get_excluded_terms (query));
      g_autofree char *match = dafu_query_get_match (query, DAFU_QUERY_INDEX_WORDS);

      g_test_message ("input ‹%s›", cases[i].input);
      g_assert_cmpstr (terms, ==, cases[i].terms);
      g_assert_cmpstr (excluded, ==, cases[i].excluded);
      if (cases[i].match != NULL)
        g_assert_cmpstr (match, ==, cases[i].match);
      if (cases[i].terms[0] == '\0')
        g_assert_null (match);
      assert_search_exact (cases[i].input);
    }
}

static void
test_exclusion (void)
{
  g_autoptr(DafuQuery) only = dafu_query_new ("-养老 -ASCII");
  g_autoptr(DafuQuery) both = dafu_query_new ("民政 -养老");
  g_autoptr(DafuQuery) mixed = dafu_query_new ("的 民政 -养老 -村 -x");
  g_autofree char *exclude = dafu_query_get_exclude_match (only, DAFU_QUERY_INDEX_WORDS);
  g_autofree char *rows = NULL;

  g_assert_null (dafu_query_get_match (only, DAFU_QUERY_INDEX_WORDS));
  g_assert_null (dafu_query_get_match (only, DAFU_QUERY_INDEX_CHARS));
  g_assert_null (dafu_query_get_exclude_match (only, DAFU_QUERY_INDEX_CHARS));
  g_assert_cmpstr (exclude, ==, "\"养老\" OR \"ASCII\"");
  g_assert_false (dafu_query_is_empty (only));

  /* Neither 养老 (samples, row 10) nor ASCII (row 6) in what is left. */
  rows = search_rows (only);
  for (guint row = 0; row < corpus.texts->len; row++)
    {
      g_autofree char *id = g_strdup_printf (",%u,", row + 1);
      g_autofree char *padded = g_strconcat (",", rows, NULL);
      gboolean listed = strstr (padded, id) != NULL;
      gboolean has = row_contains (row, "养老") || row_contains (row, "ascii");

      g_assert_true (listed != has);
    }
  assert_search_exact ("-养老 -ASCII");
  assert_search_exact ("民政 -养老");
  assert_search_exact ("民政 -养老 -咸阳");

  {
    g_autofree char *m = dafu_query_get_match (both, DAFU_QUERY_INDEX_WORDS);
    g_assert_cmpstr (m, ==, "\"民政\" NOT \"养老\"");
  }

  /* Terms of one character go to the characters index, with the
   * excluded terms of one character. */
  {
    g_autofree char *w = dafu_query_get_match (mixed, DAFU_QUERY_INDEX_WORDS);
    g_autofree char *c = dafu_query_get_match (mixed, DAFU_QUERY_INDEX_CHARS);
    g_autofree char *xc = dafu_query_get_exclude_match (mixed, DAFU_QUERY_INDEX_CHARS);

    g_assert_cmpstr (w, ==, "\"民政\" NOT \"养老\"");
    g_assert_cmpstr (c, ==, "\"的\" NOT (\"村\" OR \"x\")");
    g_assert_cmpstr (xc, ==, "\"村\" OR \"x\"");
  }
  assert_search_exact ("的 民政 -养老 -村 -x");
  assert_search_exact ("的 -养老");
  assert_search_exact ("民政 -的");
  assert_search_exact ("-的 -养老");
}

static void
test_filters (void)
{
  g_autoptr(DafuQuery) q = dafu_query_new ("city:咸阳 year:2024 category:b kind:proposal 养老");
  g_autoptr(DafuQuery) w = dafu_query_new ("ｃｉｔｙ：榆林 year：２０２１ category:乙 kind:建议");
  g_autoptr(DafuQuery) bad = dafu_query_new ("year:20x4 category:E kind:letter colour:red");
  g_autoptr(DafuQuery) last = dafu_query_new ("year:2020 year:2024 category:丁");
  g_autoptr(DafuQuery) api = dafu_query_new (NULL);
  g_autoptr(DafuQuery) empty = dafu_query_new ("  ");
  g_autofree char *match = dafu_query_get_match (q, DAFU_QUERY_INDEX_WORDS);
  g_autofree char *bad_terms = g_strjoinv ("|", (char **) dafu_query_get_terms (bad));

  g_assert_cmpstr (dafu_query_get_city (q), ==, "咸阳");
  g_assert_cmpint (dafu_query_get_year (q), ==, 2024);
  g_assert_cmpstr (dafu_query_get_category (q), ==, "B");
  g_assert_cmpstr (dafu_query_get_kind (q), ==, "proposal");
  g_assert_cmpstr (match, ==, "\"养老\"");

  g_assert_cmpstr (dafu_query_get_city (w), ==, "榆林");
  g_assert_cmpint (dafu_query_get_year (w), ==, 2021);
  g_assert_cmpstr (dafu_query_get_category (w), ==, "B");
  g_assert_cmpstr (dafu_query_get_kind (w), ==, "suggestion");
  g_assert_null (dafu_query_get_match (w, DAFU_QUERY_INDEX_WORDS));
  g_assert_null (dafu_query_get_match (w, DAFU_QUERY_INDEX_CHARS));
  g_assert_false (dafu_query_is_empty (w));

  g_assert_cmpint (dafu_query_get_year (bad), ==, 0);
  g_assert_null (dafu_query_get_category (bad));
  g_assert_null (dafu_query_get_kind (bad));
  g_assert_cmpstr (bad_terms, ==, "year:20x4|category:E|kind:letter|colour:red");

  g_assert_cmpint (dafu_query_get_year (last), ==, 2024);
  g_assert_cmpstr (dafu_query_get_category (last), ==, "D");

  g_assert_true (dafu_query_is_empty (api));
  g_assert_true (dafu_query_is_empty (empty));
  g_assert_cmpstr (dafu_query_get_text (api), ==, "");
  dafu_query_set_city (api, "晋城");
  g_assert_cmpstr (dafu_query_get_city (api), ==, "晋城");
  g_assert_false (dafu_query_is_empty (api));
  dafu_query_set_city (api, "");
  g_assert_null (dafu_query_get_city (api));
  dafu_query_set_year (api, 2025);
  g_assert_cmpint (dafu_query_get_year (api), ==, 2025);
  dafu_query_set_year (api, 0);
  g_assert_cmpint (dafu_query_get_year (api), ==, 0);
  dafu_query_set_category (api, "c");
  g_assert_cmpstr (dafu_query_get_category (api), ==, "C");
  dafu_query_set_category (api, "提案");
  g_assert_null (dafu_query_get_category (api));
  dafu_query_set_kind (api, "提案");
  g_assert_cmpstr (dafu_query_get_kind (api), ==, "proposal");
  dafu_query_set_kind (api, NULL);
  g_assert_null (dafu_query_get_kind (api));
  g_assert_true (dafu_query_is_empty (api));

  /* The filters are properties too. */
  g_object_set (api, "city", "长治", "year", 2025, NULL);
  g_assert_cmpstr (dafu_query_get_city (api), ==, "长治");
  g_assert_cmpint (dafu_query_get_year (api), ==, 2025);
}

/* A snippet must be well-formed markup. */
static void
assert_markup (const char *markup)
{
  static const GMarkupParser parser = { NULL };
  g_autofree char *doc = g_strdup_printf ("<markup>%s</markup>", markup);
  g_autoptr(GMarkupParseContext) ctx = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_markup_parse_context_parse (ctx, doc, -1, &error) &&
                 g_markup_parse_context_end_parse (ctx, &error));
  g_assert_no_error (error);
}

static void
assert_snippet (const char *query_text,
                const char *text,
                guint       width,
                const char *expected)
{
  g_autoptr(DafuQuery) query = dafu_query_new (query_text);
  g_autofree char *snippet = dafu_query_snippet (query, text, width);

  g_assert_cmpstr (snippet, ==, expected);
  assert_markup (snippet);
}

static void
test_snippet (void)
{
  g_autofree char *a50 = g_strnfill (50, 'a');
  g_autofree char *long_text = g_strconcat (a50, "养老", a50, NULL);

  assert_snippet ("养老 服务", "推进养老服务体系", 0, "推进<b>养老服务</b>体系");
  assert_snippet ("养老", "居家养\n老。", 0, "居家<b>养 老</b>。");
  assert_snippet ("养老", "养\n\n老", 20, "<b>养  老</b>");
  assert_snippet ("养老", "a<b>&c 养老", 0, "a&lt;b&gt;&amp;c <b>养老</b>");
  assert_snippet ("a&b", "x a & b y", 0, "x <b>a &amp; b</b> y");
  assert_snippet ("养老 老服", "养老服", 0, "<b>养老服</b>");
  assert_snippet ("abc", "xＡＢＣy ABC", 0, "x<b>ＡＢＣ</b>y <b>ABC</b>");
  assert_snippet ("老", "老老 老", 0, "<b>老老 老</b>");
  assert_snippet ("火星", "甲乙丙丁戊己庚辛", 5, "甲乙丙丁戊…");
  assert_snippet ("", "甲乙\n丙", 0, "甲乙 丙");
  assert_snippet ("养老 -甲", "甲养老", 0, "甲<b>养老</b>");
  assert_snippet ("养老", long_text, 10, "…aaaa<b>养老</b>aaaa…");
  assert_snippet ("养老", "", 10, "");

  /* The window with the most distinct terms wins over the first hit. */
  {
    g_autofree char *text = g_strconcat ("养老", a50, "服务", a50, "养老服务", a50, NULL);
    assert_snippet ("养老 服务", text, 8, "…aa<b>养老服务</b>aa…");
  }
  {
    g_autofree char *text = g_strconcat ("养老", a50, "服务", a50, NULL);
    assert_snippet ("养老 服务", text, 6, "<b>养老</b>aaaa…");
  }

  /* Snippets of every sample for several queries are valid markup. */
  for (guint row = 0; row < corpus.texts->len; row++)
    {
      static const char * const queries[] = { "养老 服务", "民政局", "<b>", "&", "a", "\"", "" };

      for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
        {
          g_autoptr(DafuQuery) query = dafu_query_new (queries[i]);
          g_autofree char *snippet = dafu_query_snippet (query, g_ptr_array_index (corpus.texts, row), 80);

          assert_markup (snippet);
          g_assert_null (strchr (snippet, '\n'));
        }
    }
}

static void
test_snippet_large (void)
{
  g_autoptr(GString) big = g_string_new (NULL);
  g_autoptr(DafuQuery) query = dafu_query_new ("养老 服务 体系 a");
  g_autoptr(DafuQuery) single = dafu_query_new ("a");
  g_autofree char *snippet = NULL;
  g_autofree char *all_a = g_strnfill (1024 * 1024, 'a');

  while (big->len < 1024 * 1024)
    g_string_append (big, "养老\n服务体系建设，");
  g_string_append (big, "末尾a");

  snippet = dafu_query_snippet (query, big->str, 40);
  /* Only the end of the text holds all four terms. */
  assert_markup (snippet);
  g_assert_true (g_str_has_prefix (snippet, "…"));
  g_assert_true (g_str_has_suffix (snippet, "末尾<b>a</b>"));
  g_assert_nonnull (strstr (snippet, "<b>养老 服务体系</b>"));
  g_clear_pointer (&snippet, g_free);

  snippet = dafu_query_snippet (single, all_a, 10);
  g_assert_cmpstr (snippet, ==, "<b>aaaaaaaaaa</b>…");
}

/* @text with each hit of @query_text in <b>…</b>, escaped as a snippet is. */
static char *
mark_hits (const char *query_text,
           const char *text)
{
  g_autoptr(DafuQuery) query = dafu_query_new (query_text);
  g_autoptr(GArray) hits = dafu_query_find_hits (query, text);
  GString *out = g_string_new (NULL);
  gsize pos = 0;

  for (guint i = 0; i <= hits->len; i++)
    {
      const DafuHit *hit = i < hits->len ? &g_array_index (hits, DafuHit, i) : NULL;
      gsize stop = hit != NULL ? hit->start : strlen (text);

      if (hit != NULL)
        {
          /* Sorted, apart, never empty, on character boundaries. */
          g_assert_cmpuint (hit->start, <, hit->end);
          g_assert_cmpuint (hit->start, >=, pos);
          if (i > 0)
            g_assert_cmpuint (hit->start, >, pos);
          g_assert_cmpuint (hit->end, <=, strlen (text));
        }

      for (const char *p = text + pos; p < text + stop; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (c == '<')
            g_string_append (out, "&lt;");
          else if (c == '>')
            g_string_append (out, "&gt;");
          else if (c == '&')
            g_string_append (out, "&amp;");
          else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
            g_string_append_c (out, ' ');
          else
            g_string_append_unichar (out, c);
        }
      if (hit == NULL)
        break;

      g_string_append (out, "<b>");
      for (const char *p = text + hit->start; p < text + hit->end; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (c == '&')
            g_string_append (out, "&amp;");
          else if (c < 0x20)
            g_string_append_c (out, ' ');
          else
            g_string_append_unichar (out, c);
        }
      g_string_append (out, "</b>");
      pos = hit->end;
    }

  return g_string_free (out, FALSE);
}

static void
assert_hits (const char *query_text,
             const char *text,
             const char *expected)
{
  g_autofree char *marked = mark_hits (query_text, text);

  g_assert_cmpstr (marked, ==, expected);
}

static void
test_find_hits (void)
{
  g_autoptr(DafuQuery) query = dafu_query_new ("养老 服务");
  g_autoptr(DafuQuery) empty = dafu_query_new ("-养老 city:咸阳");
  g_autoptr(GArray) hits = NULL;

  /* Adjacent and overlapping hits make one; white space inside is kept. */
  assert_hits ("养老 服务", "推进养老服务体系，养老", "推进<b>养老服务</b>体系，<b>养老</b>");
  assert_hits ("养老 服务", "养老 服务 养老", "<b>养老 服务 养老</b>");
  assert_hits ("养老", "居家养\n老。", "居家<b>养 老</b>。");
  assert_hits ("养老", "养老 ", "<b>养老</b> ");
  assert_hits ("养老 老服", "养老服", "<b>养老服</b>");
  assert_hits ("abc", "xＡＢＣy ABC", "x<b>ＡＢＣ</b>y <b>ABC</b>");
  assert_hits ("老", "老老 老", "<b>老老 老</b>");
  assert_hits ("养老 -甲", "甲养老", "甲<b>养老</b>");
  assert_hits ("火星", "甲乙丙", "甲乙丙");
  assert_hits ("养老", "", "");

  /* Byte offsets, not characters. */
  hits = dafu_query_find_hits (query, "推进养老a服务");
  g_assert_cmpuint (hits->len, ==, 2);
  g_assert_cmpuint (g_array_index (hits, DafuHit, 0).start, ==, 6);
  g_assert_cmpuint (g_array_index (hits, DafuHit, 0).end, ==, 12);
  g_assert_cmpuint (g_array_index (hits, DafuHit, 1).start, ==, 13);
  g_assert_cmpuint (g_array_index (hits, DafuHit, 1).end, ==, 19);
  g_clear_pointer (&hits, g_array_unref);

  /* Bytes that are not UTF-8 keep their place and never match. */
  hits = dafu_query_find_hits (query, "\xff养老\xfe\xe5服务");
  g_assert_cmpuint (hits->len, ==, 2);
  g_assert_cmpuint (g_array_index (hits, DafuHit, 0).start, ==, 1);
  g_assert_cmpuint (g_array_index (hits, DafuHit, 0).end, ==, 7);
  g_assert_cmpuint (g_array_index (hits, DafuHit, 1).start, ==, 9);
  g_assert_cmpuint (g_array_index (hits, DafuHit, 1).end, ==, 15);
  g_clear_pointer (&hits, g_array_unref);

  /* Nothing to find: no hits, whatever the text. */
  hits = dafu_query_find_hits (empty, "养老服务");
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_array_unref);
  hits = dafu_query_find_hits (query, NULL);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_array_unref);

  /* The hits are exactly what a whole-text snippet sets in bold. */
  for (guint row = 0; row < corpus.texts->len; row++)
    {
      static const char * const queries[] = { "养老 服务", "民政局", "<b>", "&", "a", "的", "\"", "" };
      const char *text = g_ptr_array_index (corpus.texts, row);

      for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
        {
          g_autoptr(DafuQuery) q = dafu_query_new (queries[i]);
          g_autofree char *snippet = dafu_query_snippet (q, text, 0);
          g_autofree char *marked = mark_hits (queries[i], text);

          g_assert_cmpstr (marked, ==, snippet);
        }
    }
}

static void
test_find_hits_large (void)
{
  g_autoptr(GString) big = g_string_new (NULL);
  g_autoptr(DafuQuery) query = dafu_query_new ("养老 服务");
  g_autoptr(DafuQuery) single = dafu_query_new ("a");
  g_autofree char *all_a = g_strnfill (1024 * 1024, 'a');
  g_autoptr(GArray) hits = NULL;
  guint n = 0;

  while (big->len < 1024 * 1024)
    {
      g_string_append (big, "养老\n服务体系建设，");
      n++;
    }

  hits = dafu_query_find_hits (query, big->str);
  g_assert_cmpuint (hits->len, ==, n);
  for (guint i = 0; i < hits->len; i++)
    {
      const DafuHit *hit = &g_array_index (hits, DafuHit, i);

      g_assert_cmpuint (hit->end - hit->start, ==, strlen ("养老\n服务"));
      g_assert_true (strncmp (big->str + hit->start, "养老\n服务", hit->end - hit->start) == 0);
    }
  g_clear_pointer (&hits, g_array_unref);

  hits = dafu_query_find_hits (single, all_a);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpuint (g_array_index (hits, DafuHit, 0).start, ==, 0);
  g_assert_cmpuint (g_array_index (hits, DafuHit, 0).end, ==, 1024 * 1024);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  corpus_init ();

  g_test_add_func ("/query/brute-force", test_brute_force);
  g_test_add_func ("/query/whitespace-folding", test_whitespace_and_folding);
  g_test_add_func ("/query/pasted-lines", test_pasted_lines);
  g_test_add_func ("/query/hostile", test_hostile);
  g_test_add_func ("/query/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/query/tokens", test_tokens);
  g_test_add_func ("/query/parse-terms", test_parse_terms);
  g_test_add_func ("/query/exclusion", test_exclusion);
  g_test_add_func ("/query/filters", test_filters);
  g_test_add_func ("/query/snippet", test_snippet);
  g_test_add_func ("/query/snippet-large", test_snippet_large);
  g_test_add_func ("/query/find-hits", test_find_hits);
  g_test_add_func ("/query/find-hits-large", test_find_hits_large);

  ret = g_test_run ();

  sqlite3_close (corpus.db);
  g_ptr_array_unref (corpus.titles);
  g_ptr_array_unref (corpus.texts);
  g_ptr_array_unref (corpus.norm_titles);
  g_ptr_array_unref (corpus.norm_texts);

  return ret;
}
