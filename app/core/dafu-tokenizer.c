/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-tokenizer"

#include "config.h"

#include "dafu-tokenizer.h"

#include <string.h>

#include "dafu-text.h"

/*
 * The FTS5 tokenizers of the library's two indexes.
 *
 * Promise: a query of one or more characters finds exactly the letters that
 * contain it, after folding full/half width and case (dafu_text_fold_char())
 * and with white space ignored on both sides (`养\n老` in a letter is found
 * by `养老`).
 *
 * Why this design:
 * - Chinese has no spaces between words, so a word tokenizer cannot serve;
 *   any run of characters may be what the clerk looks for.
 * - SQLite's trigram tokenizer cannot find anything shorter than three
 *   characters, yet the most common searches are 2-character words (养老,
 *   低保).
 * - Plain unigrams would find everything, but a phrase of common characters
 *   (民政, 服务) then walks the huge position lists of each character across
 *   100,000 letters: too slow.
 *
 * So there are two indexes (dafu-db.c creates them):
 * - "dafu_words" emits at position i (one position per non-space character;
 *   white space is skipped and consumes no position) the folded bigram
 *   c_i c_(i+1), where c_(i+1) is the next non-space character; the last
 *   character starts none.  A query string of n >= 2 characters becomes its
 *   n-1 overlapping bigrams at consecutive positions, and FTS5 matches that
 *   phrase exactly where the folded, space-free query is a substring of the
 *   folded, space-free document.  Each bigram's position list is short
 *   because bigrams are far more selective than single characters.
 * - "dafu_chars" emits every folded character alone, once per document.
 *   Its table keeps no positions (detail=none), only which letters hold
 *   the character: that answers a query of one character, the only kind
 *   sent to it.
 * - "dafu" is the tokenizer of libraries up to version 4, which put both
 *   into one table; it is kept so that such a file can be opened and
 *   migrated.
 *
 * Every character counts (CJK, Latin, digits, punctuation, emoji): clerks
 * search for 〔2024〕 and 第304号 too.  A unigram token holds one character
 * and a bigram two, so the two kinds never collide.  Byte offsets are those
 * of the original text: a unigram covers its character, a bigram runs from
 * the start of c_i to the end of c_(i+1), spanning any white space between.
 * Bytes that are not valid UTF-8 are taken one by one as U+FFFD, in
 * documents and queries alike, so they never crash and still match.
 */

#define MAX_CHAR_BYTES 6

G_DEFINE_QUARK (dafu-tokenizer-error-quark, dafu_tokenizer_error)

typedef int (*TokenFunc) (void       *ctx,
                          int         tflags,
                          const char *token,
                          int         n_token,
                          int         start,
                          int         end);

/* Reads the character at @p (not past @end), sets *@next after it and
 * returns it folded; invalid bytes are read one at a time as U+FFFD. */
static gunichar
read_char (const char  *p,
           const char  *end,
           const char **next)
{
  gunichar c = g_utf8_get_char_validated (p, end - p);

  if (c == (gunichar) -1 || c == (gunichar) -2 || c == 0)
    {
      *next = p + 1;
      return 0xfffd;
    }

  *next = g_utf8_next_char (p);
  if (*next > end)
    *next = end;

  return c;
}

/* Moves @p to the next character that is not white space; returns it folded
 * with its end in *@next, or 0 at @end. */
static gunichar
next_visible (const char  *p,
              const char  *end,
              const char **start,
              const char **next)
{
  while (p < end)
    {
      const char *after;
      gunichar c = read_char (p, end, &after);

      if (!dafu_text_is_space (c))
        {
          gunichar folded = dafu_text_fold_char (c);

          if (!dafu_text_is_space (folded))
            {
              *start = p;
              *next = after;
              return folded;
            }
        }
      p = after;
    }

  *start = *next = end;
  return 0;
}

/* What a tokenizer instance emits; see the comment at the top. */
typedef enum {
  MODE_LEGACY,   /* "dafu": unigram and colocated bigram (libraries ≤ 4) */
  MODE_WORDS,    /* "dafu_words": the bigram each character starts */
  MODE_CHARS,    /* "dafu_chars": each character alone */
} Mode;

static const Mode modes[] = { MODE_LEGACY, MODE_WORDS, MODE_CHARS };

static int
dafu_fts5_create (void            *user_data,
                  const char     **args,
                  int              n_args,
                  Fts5Tokenizer  **out)
{
  /* The instance is the mode itself: tokenizers keep no other state. */
  *out = (Fts5Tokenizer *) user_data;
  return SQLITE_OK;
}

static void
dafu_fts5_delete (Fts5Tokenizer *tokenizer)
{
}

static int
emit_char (void       *ctx,
           TokenFunc   emit,
           int         flags,
           gunichar    c,
           int         start,
           int         end)
{
  char buf[MAX_CHAR_BYTES];

  return emit (ctx, flags, buf, g_unichar_to_utf8 (c, buf), start, end);
}

static int
emit_pair (void       *ctx,
           TokenFunc   emit,
           int         flags,
           gunichar    c1,
           gunichar    c2,
           int         start,
           int         end)
{
  char buf[2 * MAX_CHAR_BYTES];
  int len = g_unichar_to_utf8 (c1, buf);

  len += g_unichar_to_utf8 (c2, buf + len);
  return emit (ctx, flags, buf, len, start, end);
}

static int
dafu_fts5_tokenize (Fts5Tokenizer *tokenizer,
                    void          *ctx,
                    int            flags,
                    const char    *text,
                    int            n_text,
                    TokenFunc      emit)
{
  Mode mode = *(const Mode *) tokenizer;
  const char *end = text + MAX (n_text, 0);
  const char *cur_start, *cur_end, *nxt_start, *nxt_end;
  gboolean query = (flags & FTS5_TOKENIZE_QUERY) != 0;
  gunichar cur, nxt;
  int rc = SQLITE_OK;

  if (text == NULL)
    return SQLITE_OK;

  cur = next_visible (text, end, &cur_start, &cur_end);
  if (cur == 0)
    return SQLITE_OK;

  if (mode == MODE_CHARS)
    {
      /* Its table keeps no positions, only which letters hold a character,
       * so a document names each character once: FTS5 then handles a few
       * hundred tokens a letter instead of thousands. (The same text gives
       * the same tokens, as 'delete' needs.) */
      guint32 seen_bmp[0x10000 / 32] = { 0 };
      g_autoptr(GHashTable) seen_other = NULL;

      while (cur != 0 && rc == SQLITE_OK)
        {
          gboolean seen;

          if (query)
            seen = FALSE;
          else if (cur < 0x10000)
            {
              seen = (seen_bmp[cur / 32] & (1u << (cur % 32))) != 0;
              seen_bmp[cur / 32] |= 1u << (cur % 32);
            }
          else
            {
              if (seen_other == NULL)
                seen_other = g_hash_table_new (NULL, NULL);
              seen = !g_hash_table_add (seen_other, GUINT_TO_POINTER (cur));
            }

          if (!seen)
            rc = emit_char (ctx, emit, 0, cur, cur_start - text, cur_end - text);
          cur = next_visible (cur_end, end, &cur_start, &cur_end);
        }
      return rc;
    }

  nxt = next_visible (cur_end, end, &nxt_start, &nxt_end);

  /* A query of one character is its unigram (which "dafu_words" never
   * indexes: such queries belong to "dafu_chars"). */
  if (query && nxt == 0)
    return emit_char (ctx, emit, 0, cur, cur_start - text, cur_end - text);

  while (cur != 0 && rc == SQLITE_OK)
    {
      if (mode == MODE_LEGACY && !query)
        rc = emit_char (ctx, emit, 0, cur, cur_start - text, cur_end - text);

      if (rc == SQLITE_OK && nxt != 0)
        rc = emit_pair (ctx, emit, mode == MODE_LEGACY && !query ? FTS5_TOKEN_COLOCATED : 0,
                        cur, nxt, cur_start - text, nxt_end - text);

      cur = nxt;
      cur_start = nxt_start;
      cur_end = nxt_end;
      if (cur != 0)
        nxt = next_visible (cur_end, end, &nxt_start, &nxt_end);
    }

  return rc;
}

/**
 * dafu_tokenizer_count_chars:
 * @text: a query term
 *
 * Returns: how many characters of @text the tokenizers see (white space
 *   does not count): 1 means the term belongs to the "dafu_chars" index, 2
 *   or more to "dafu_words"
 */
guint
dafu_tokenizer_count_chars (const char *text)
{
  const char *end = text + strlen (text);
  const char *start, *next;
  guint n = 0;

  for (const char *p = text; next_visible (p, end, &start, &next) != 0; p = next)
    n++;

  return n;
}

/**
 * dafu_fts5_api:
 * @db: an open connection
 * @error: return location for a #GError in the %DAFU_TOKENIZER_ERROR domain
 *
 * Returns: (transfer none) (nullable): SQLite's FTS5 interface on @db
 */
fts5_api *
dafu_fts5_api (sqlite3  *db,
               GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  fts5_api *api = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        rc = SQLITE_OK;
    }

  if (rc != SQLITE_OK)
    g_set_error (error, DAFU_TOKENIZER_ERROR, rc,
                 "Cannot reach SQLite's full-text search: %s", sqlite3_errmsg (db));

  sqlite3_finalize (stmt);

  if (rc == SQLITE_OK && api == NULL)
    g_set_error_literal (error, DAFU_TOKENIZER_ERROR, SQLITE_ERROR,
                         "This SQLite has no FTS5 full-text search");

  return rc == SQLITE_OK ? api : NULL;
}

/**
 * dafu_tokenizer_register:
 * @db: an open SQLite connection
 * @error: return location for a #GError in the %DAFU_TOKENIZER_ERROR domain
 *   (the code is SQLite's)
 *
 * Registers the FTS5 tokenizers %DAFU_TOKENIZER_WORDS, %DAFU_TOKENIZER_CHARS
 * and the older %DAFU_TOKENIZER_NAME on @db; call it on every connection
 * before it touches a table made with them.
 *
 * Together, a "dafu_words" table (queries of two or more characters) and a
 * "dafu_chars" table (queries of one) find exactly the texts containing the
 * query after dafu_text_fold_char() folding, white space ignored.  Query
 * strings are best made with dafu_query_get_match().
 *
 * Returns: %TRUE on success
 */
gboolean
dafu_tokenizer_register (sqlite3  *db,
                         GError  **error)
{
  static const char * const names[] = {
    DAFU_TOKENIZER_NAME, DAFU_TOKENIZER_WORDS, DAFU_TOKENIZER_CHARS,
  };
  static fts5_tokenizer tokenizer = {
    dafu_fts5_create,
    dafu_fts5_delete,
    dafu_fts5_tokenize,
  };
  fts5_api *api;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  api = dafu_fts5_api (db, error);
  if (api == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      int rc = api->xCreateTokenizer (api, names[i], (void *) &modes[i], &tokenizer, NULL);

      if (rc != SQLITE_OK)
        {
          g_set_error (error, DAFU_TOKENIZER_ERROR, rc,
                       "Cannot register the full-text tokenizer: %s",
                       sqlite3_errstr (rc));
          return FALSE;
        }
    }

  return TRUE;
}
