/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dafu-test-check.h"

#include <string.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "dafu-generator.h"
#include "dafu-library.h"
#include "dafu-parser.h"
#include "dafu-query.h"
#include "dafu-text.h"
#include "dafu-tokenizer.h"
#include "dafu-util.h"

/* Small letters keep the tests that import many of them quick: the head
 * of each generated letter (its header and first section) and its tail
 * (closing, signature and date), cut at line ends. */
#define HEAD_BYTES 1500
#define TAIL_BYTES 500

/**
 * dafu_test_write_letters:
 * @dir: the folder to write into
 * @seed: the generator's corpus
 * @first: the number of the first letter
 * @n: how many letters
 * @files: (nullable): a table (base name → path, both owned) to add the
 *   files to
 *
 * Writes small letters @first … @first + @n − 1 of the generator's corpus
 * for @seed where dafu_generator_letter_path() puts them, each different
 * from the others.
 */
void
dafu_test_write_letters (const char *dir,
                         guint64     seed,
                         guint       first,
                         guint       n,
                         GHashTable *files)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = first; i < first + n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = dafu_generator_letter (seed, i);
      g_autofree char *path = dafu_generator_letter_path (dir, i);
      g_autofree char *folder = g_path_get_dirname (path);
      gsize len = strlen (text);
      const char *head_end = len > HEAD_BYTES ? strchr (text + HEAD_BYTES, '\n') : NULL;
      const char *tail = len > TAIL_BYTES ? strchr (text + len - TAIL_BYTES, '\n') : NULL;
      char *letter;

      if (head_end != NULL && tail != NULL && tail > head_end)
        letter = g_strdup_printf ("%.*s%s", (int) (head_end + 1 - text), text, tail + 1);
      else
        letter = g_strdup (text);
      g_assert_true (g_hash_table_add (seen, letter));
      g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
      g_assert_true (g_file_set_contents (path, letter, -1, &error));
      g_assert_no_error (error);
      if (files != NULL)
        {
          char *name = g_path_get_basename (path);
          g_hash_table_insert (files, name, g_steal_pointer (&path));
        }
    }
}

/* What a crash, a kill or a full disk may not leave behind: a damaged
 * file, or a letter stored in part (its row without its text, or without
 * its entries in the full-text indexes, or index entries of a letter that
 * is not there). */

static void G_GNUC_PRINTF (2, 3)
problem (GString    *problems,
         const char *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (problems, format, args);
  va_end (args);
  g_string_append_c (problems, '\n');
}

/* The first value of @sql as text, "" when it has no row. */
static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    return g_strdup_printf ("(%s: %s)", sql, sqlite3_errmsg (db));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc == SQLITE_DONE)
    value = g_strdup ("");
  else
    value = g_strdup_printf ("(%s: %s)", sql, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return value != NULL ? value : g_strdup ("");
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  g_autofree char *text = query_text (db, sql);

  return g_ascii_strtoll (text, NULL, 10);
}

/* Whether @stmt (MATCH ?1 AND rowid = ?2 on an index) finds key @key for
 * the FTS5 expression @match. */
static gboolean
index_finds (sqlite3      *db,
             sqlite3_stmt *stmt,
             const char   *match,
             gint64        key,
             GString      *problems)
{
  gboolean found;
  int rc;

  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, key);
  rc = sqlite3_step (stmt);
  found = rc == SQLITE_ROW;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    problem (problems, "%s: %s", sqlite3_sql (stmt), sqlite3_errmsg (db));
  sqlite3_reset (stmt);
  return found;
}

static gboolean
is_han (gunichar c)
{
  return g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN;
}

/* Six Han characters in a row from the middle of @text (the whole of a
 * letter holds such runs), or NULL. */
static char *
pick_phrase (const char *text)
{
  glong n = g_utf8_strlen (text, -1);
  const char *p = g_utf8_offset_to_pointer (text, n / 2);

  for (; *p != '\0'; p = g_utf8_next_char (p))
    {
      const char *q = p;
      guint run = 0;

      while (run < 6 && *q != '\0' && is_han (g_utf8_get_char (q)))
        {
          q = g_utf8_next_char (q);
          run++;
        }
      if (run == 6)
        return g_strndup (p, q - p);
    }
  return NULL;
}

/* The letter's text must be found through both indexes under its key. */
static void
check_indexed (sqlite3      *db,
               sqlite3_stmt *in_words,
               sqlite3_stmt *in_chars,
               gint64        id,
               gint64        key,
               const char   *text,
               GString      *problems)
{
  g_autofree char *phrase = pick_phrase (text);
  g_autofree char *one = NULL;
  g_autoptr(DafuQuery) words = NULL;
  g_autoptr(DafuQuery) chars = NULL;
  g_autofree char *words_match = NULL;
  g_autofree char *chars_match = NULL;

  if (phrase == NULL)
    {
      problem (problems, "letter %" G_GINT64_FORMAT ": no phrase to look for in its text", id);
      return;
    }
  one = g_strndup (phrase, g_utf8_next_char (phrase) - phrase);
  words = dafu_query_new (phrase);
  chars = dafu_query_new (one);
  words_match = dafu_query_get_match (words, DAFU_QUERY_INDEX_WORDS);
  chars_match = dafu_query_get_match (chars, DAFU_QUERY_INDEX_CHARS);
  g_assert_nonnull (words_match);
  g_assert_nonnull (chars_match);

  if (!index_finds (db, in_words, words_match, key, problems))
    problem (problems, "letter %" G_GINT64_FORMAT ": “%s” of its text is not in the word index",
             id, phrase);
  if (!index_finds (db, in_chars, chars_match, key, problems))
    problem (problems, "letter %" G_GINT64_FORMAT ": “%s” of its text is not in the character index",
             id, one);
}

/* The letter as the library gives it must be the file as import reads it. */
static void
check_against_file (DafuLibrary *library,
                    gint64       id,
                    const char  *file_name,
                    const char  *path,
                    GString     *problems)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuLetter) stored = NULL;
  g_autoptr(DafuLetter) expected = NULL;
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      problem (problems, "letter %" G_GINT64_FORMAT ": %s", id, error->message);
      return;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
  text = dafu_text_from_file (file_name, bytes, NULL, &error);
  if (text != NULL)
    expected = dafu_parser_parse_text (text, &error);
  if (expected == NULL)
    {
      problem (problems, "%s does not parse: %s", path, error->message);
      return;
    }

  stored = dafu_library_get_letter (library, id, &error);
  if (stored == NULL)
    {
      problem (problems, "letter %" G_GINT64_FORMAT " does not load: %s", id, error->message);
      return;
    }
  if (g_strcmp0 (dafu_letter_get_text (stored), dafu_letter_get_text (expected)) != 0)
    problem (problems, "letter %" G_GINT64_FORMAT ": its text is not that of %s", id, file_name);
  for (guint f = 0; f < DAFU_LETTER_N_FIELDS; f++)
    if (g_strcmp0 (dafu_letter_get_field (stored, f), dafu_letter_get_field (expected, f)) != 0)
      problem (problems, "letter %" G_GINT64_FORMAT ": %s is “%s”, the file says “%s”", id,
               dafu_letter_field_key (f), dafu_letter_get_field (stored, f),
               dafu_letter_get_field (expected, f));
  if (g_list_model_get_n_items (dafu_letter_get_sections (stored)) !=
      g_list_model_get_n_items (dafu_letter_get_sections (expected)) ||
      g_list_model_get_n_items (dafu_letter_get_sections (stored)) == 0)
    problem (problems, "letter %" G_GINT64_FORMAT ": %u sections, the file has %u", id,
             g_list_model_get_n_items (dafu_letter_get_sections (stored)),
             g_list_model_get_n_items (dafu_letter_get_sections (expected)));

  original = dafu_library_get_original (library, id, &error);
  if (original == NULL)
    problem (problems, "letter %" G_GINT64_FORMAT ": no original: %s", id, error->message);
  else if (!g_bytes_equal (original, bytes))
    problem (problems, "letter %" G_GINT64_FORMAT ": its original is not the bytes of %s", id, file_name);
}

/**
 * dafu_test_check_library:
 * @path: a library file, not open elsewhere for writing
 * @files: (nullable): the path of each imported file by its base name, to
 *   compare each letter with its file
 * @n_letters: (out) (optional): how many letters the library holds
 *
 * Opens @path as a new start of Dafu would (plain SQLite first, so WAL
 * recovery happens as it does for anyone) and checks that the file is
 * sound (integrity_check, foreign keys, each index's own check), that
 * every letter has its text and can be found through both full-text
 * indexes by a phrase of its own text, that the indexes hold no more
 * letters than the table, and, with @files, that each letter is what a
 * fresh import of its file gives: text, fields, sections, original bytes.
 *
 * Returns: (transfer full) (nullable): one line per problem, %NULL when none
 */
char *
dafu_test_check_library (const char *path,
                         GHashTable *files,
                         guint      *n_letters)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *verdict = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3_stmt *in_words = NULL;
  sqlite3_stmt *in_chars = NULL;
  gint64 n;
  int rc;

  if (n_letters != NULL)
    *n_letters = 0;
  /* Killed before it made the file. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      problem (problems, "cannot open %s: %s", path, sqlite3_errstr (rc));
      sqlite3_close (db);
      return g_string_free (g_steal_pointer (&problems), FALSE);
    }
  sqlite3_busy_timeout (db, 5000);

  verdict = query_text (db, "PRAGMA integrity_check");
  if (g_strcmp0 (verdict, "ok") != 0)
    problem (problems, "integrity_check: %s", verdict);
  g_clear_pointer (&verdict, g_free);
  verdict = query_text (db, "PRAGMA foreign_key_check");
  if (g_strcmp0 (verdict, "") != 0)
    problem (problems, "foreign_key_check: %s", verdict);
  g_clear_pointer (&verdict, g_free);

  /* A library killed before its tables were made holds no letters. */
  if (query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'letter_texts'") == 0)
    {
      sqlite3_close (db);
      return problems->len > 0 ? g_string_free (g_steal_pointer (&problems), FALSE) : NULL;
    }

  if (!dafu_tokenizer_register (db, &error))
    g_error ("%s", error->message);

  /* FTS5's own check of each index's structure. */
  for (guint i = 0; i < 2; i++)
    {
      const char *sql = i == 0 ? "INSERT INTO letters_fts (letters_fts) VALUES ('integrity-check')"
                               : "INSERT INTO letters_chars (letters_chars) VALUES ('integrity-check')";

      if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
        problem (problems, "%s: %s", sql, sqlite3_errmsg (db));
    }

  n = query_int (db, "SELECT count(*) FROM letters");
  if (query_int (db, "SELECT count(*) FROM letter_texts") != n)
    problem (problems, "%" G_GINT64_FORMAT " letters, but %" G_GINT64_FORMAT " texts", n,
             query_int (db, "SELECT count(*) FROM letter_texts"));
  if (query_int (db, "SELECT count(*) FROM letter_texts WHERE letter_id NOT IN (SELECT id FROM letters)") != 0)
    problem (problems, "texts without their letter");
  /* The word index keeps each document's size: one row per letter. */
  if (query_int (db, "SELECT count(*) FROM letters_fts_docsize") != n)
    problem (problems, "%" G_GINT64_FORMAT " letters, but the word index holds %" G_GINT64_FORMAT, n,
             query_int (db, "SELECT count(*) FROM letters_fts_docsize"));
  if (query_int (db, "SELECT count(*) FROM letters_fts_docsize WHERE id NOT IN (SELECT fts_key FROM letters)") != 0)
    problem (problems, "the word index holds letters that are not in the library");

  rc = sqlite3_prepare_v2 (db, "SELECT rowid FROM letters_fts WHERE letters_fts MATCH ?1 AND rowid = ?2",
                           -1, &in_words, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  rc = sqlite3_prepare_v2 (db, "SELECT rowid FROM letters_chars WHERE letters_chars MATCH ?1 AND rowid = ?2",
                           -1, &in_chars, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  rc = sqlite3_prepare_v2 (db, "SELECT l.id, l.fts_key, l.file_name, t.letter_id, t.text"
                               " FROM letters l LEFT JOIN letter_texts t ON t.letter_id = l.id"
                               " ORDER BY l.id", -1, &stmt, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_autoptr(GBytes) text = NULL;
      g_autoptr(GError) local_error = NULL;

      g_array_append_val (ids, id);
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 2)));

      if (sqlite3_column_type (stmt, 3) == SQLITE_NULL)
        {
          problem (problems, "letter %" G_GINT64_FORMAT " has no text", id);
          continue;
        }
      if (sqlite3_column_type (stmt, 1) == SQLITE_NULL)
        {
          problem (problems, "letter %" G_GINT64_FORMAT " has no index key", id);
          continue;
        }
      text = dafu_inflate (sqlite3_column_blob (stmt, 4), sqlite3_column_bytes (stmt, 4), &local_error);
      if (text == NULL)
        {
          problem (problems, "letter %" G_GINT64_FORMAT ": %s", id, local_error->message);
          continue;
        }
      {
        gsize size;
        const char *data = g_bytes_get_data (text, &size);
        g_autofree char *copy = g_strndup (data, size);

        check_indexed (db, in_words, in_chars, id, sqlite3_column_int64 (stmt, 1), copy, problems);
      }
    }
  if (rc != SQLITE_DONE)
    problem (problems, "reading the letters: %s", sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  sqlite3_finalize (in_words);
  sqlite3_finalize (in_chars);
  sqlite3_close (db);

  if (files != NULL && ids->len > 0)
    {
      g_autoptr(DafuLibrary) library = dafu_library_new (path, NULL, &error);

      if (library == NULL)
        problem (problems, "the library does not open: %s", error->message);
      for (guint i = 0; library != NULL && i < ids->len; i++)
        {
          const char *name = g_ptr_array_index (names, i);
          const char *file = name != NULL ? g_hash_table_lookup (files, name) : NULL;

          if (file == NULL)
            problem (problems, "letter %" G_GINT64_FORMAT ": no file %s", g_array_index (ids, gint64, i), name);
          else
            check_against_file (library, g_array_index (ids, gint64, i), name, file, problems);
        }
    }

  if (n_letters != NULL)
    *n_letters = ids->len;
  return problems->len > 0 ? g_string_free (g_steal_pointer (&problems), FALSE) : NULL;
}
