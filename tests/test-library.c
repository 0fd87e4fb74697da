/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dafu-test-util.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "dafu-db.h"
#include "dafu-facet.h"
#include "dafu-import-report.h"
#include "dafu-letter-list.h"
#include "dafu-letter.h"
#include "dafu-library.h"
#include "dafu-library-private.h"
#include "dafu-parser.h"
#include "dafu-query.h"
#include "dafu-section.h"
#include "dafu-text.h"
#include "dafu-tokenizer.h"

typedef struct {
  char        *dir;
  char        *path;
  DafuLibrary *library;
} Fixture;


static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = dafu_test_make_tmp ();
  f->path = g_build_filename (f->dir, "sub", "library.db", NULL);
  f->library = dafu_library_new (f->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->library);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->library);
  dafu_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static DafuImportReport *
import_path (DafuLibrary *library,
             const char  *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  DafuImportReport *report;

  report = dafu_library_import (library, &file, 1, NULL);
  g_assert_nonnull (report);
  g_assert_false (dafu_import_report_get_cancelled (report));
  return report;
}

static DafuImportReport *
import_samples (DafuLibrary *library)
{
  g_autofree char *dir = dafu_test_samples_dir ();
  return import_path (library, dir);
}

static char *
sql_text (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_true (dafu_tokenizer_register (db, NULL));
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return result;
}

static void
sql_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  /* The index's triggers need Dafu's tokenizer. */
  g_assert_true (dafu_tokenizer_register (db, NULL));
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents,
            gssize      len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
}

/* ------------------------------------------------------------------ */

static void
test_open_creates_schema (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL, *journal = NULL;

  g_assert_true (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (dafu_library_count (f->library, &error), ==, 0);
  g_assert_no_error (error);

  version = sql_text (f->path, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, "6");
  journal = sql_text (f->path, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");

  /* Deputies' phone numbers are in it: only its owner may read it, nor
   * its write-ahead log. */
  {
    g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
    GStatBuf st;

    g_assert_cmpint (g_stat (f->path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    g_assert_cmpint (g_stat (wal, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
  /* A library an older Dafu left readable by all is made private. */
  {
    g_autoptr(DafuLibrary) again = NULL;
    GStatBuf st;

    g_assert_cmpint (g_chmod (f->path, 0644), ==, 0);
    again = dafu_library_new (f->path, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_stat (f->path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }

  /* Opening again migrates nothing and keeps the letters. */
  g_clear_object (&f->library);
  f->library = dafu_library_new (f->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dafu_library_count (f->library, NULL), ==, 0);
}

static void
test_open_refuses_newer_and_foreign_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = dafu_test_make_tmp ();
  g_autofree char *newer = g_build_filename (dir, "newer.db", NULL);
  g_autofree char *foreign = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *contents = NULL;
  DafuLibrary *library;

  {
    sqlite3 *db = NULL;
    g_assert_cmpint (sqlite3_open (newer, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 999", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  library = dafu_library_new (newer, NULL, &error);
  g_assert_null (library);
  g_assert_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_NEWER_VERSION);
  g_clear_error (&error);

  /* A file that is not a database is reported and left as it was. */
  g_file_set_contents (foreign, "这不是数据库。This is not a database at all, just some notes.\n", -1, NULL);
  library = dafu_library_new (foreign, NULL, &error);
  g_assert_null (library);
  g_assert_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_NOT_A_LIBRARY);
  g_file_get_contents (foreign, &contents, NULL, NULL);
  g_assert_cmpstr (contents, ==, "这不是数据库。This is not a database at all, just some notes.\n");

  dafu_test_rm_rf (dir);
}

static void
test_import_is_idempotent (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(DafuImportReport) first = import_samples (f->library);
  g_autoptr(DafuImportReport) second = NULL;

  g_assert_cmpuint (dafu_import_report_count (first, DAFU_IMPORT_STATUS_IMPORTED), ==, 5);
  g_assert_cmpuint (dafu_import_report_count (first, DAFU_IMPORT_STATUS_FAILED), ==, 0);
  g_assert_cmpint (dafu_library_count (f->library, NULL), ==, 5);

  second = import_samples (f->library);
  g_assert_cmpuint (dafu_import_report_count (second, DAFU_IMPORT_STATUS_SKIPPED), ==, 5);
  g_assert_cmpuint (dafu_import_report_count (second, DAFU_IMPORT_STATUS_IMPORTED), ==, 0);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (dafu_import_report_get_letter_id (second, i), ==,
                     dafu_import_report_get_letter_id (first, i));
  g_assert_cmpint (dafu_library_count (f->library, NULL), ==, 5);
}

static void
test_import_keeps_original_and_text (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(DafuImportReport) report = import_samples (f->library);
  g_autoptr(GError) error = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *dir = dafu_test_samples_dir ();
  g_autofree char *sample_path = g_build_filename (dir, "changzhi-2025-59.txt", NULL);
  g_autoptr(GBytes) original = NULL;
  g_autoptr(DafuLetter) letter = NULL;
  gsize len;
  gint64 id = 0;

  for (guint i = 0; i < dafu_import_report_get_n_entries (report); i++)
    if (g_str_has_suffix (dafu_import_report_get_path (report, i), "changzhi-2025-59.txt"))
      id = dafu_import_report_get_letter_id (report, i);
  g_assert_cmpint (id, >, 0);

  g_file_get_contents (sample_path, &sample, &len, &error);
  g_assert_no_error (error);
  original = dafu_library_get_original (f->library, id, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (original, NULL), g_bytes_get_size (original), sample, len);

  letter = dafu_library_get_letter (f->library, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dafu_letter_get_id (letter), ==, id);
  g_assert_cmpstr (dafu_letter_get_file_name (letter), ==, "changzhi-2025-59.txt");
  g_assert_nonnull (strstr (dafu_letter_get_text (letter), "健全完善社区居家养老服务体系"));
}

static void
test_failing_file_leaves_batch_intact (Fixture       *f,
                                       gconstpointer  data)
{
  g_autofree char *batch = g_build_filename (f->dir, "batch", NULL);
  g_autofree char *nested = g_build_filename (batch, "nested", NULL);
  g_autoptr(DafuImportReport) report = NULL;
  g_autofree char *big = NULL;
  g_autofree char *check = NULL;
  const char binary[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
  const char bad_encoding[] = "\xff\xff\xff\xfe\x80\x80 not any encoding \xff";
  gsize big_len = 9 * 1024 * 1024;

  g_assert_cmpint (g_mkdir_with_parents (nested, 0700), ==, 0);
  write_file (batch, "a-good.txt",
              "咸阳市民政局\n\n关于对市九届人大四次会议第1号建议的答复函\n\n张三代表：\n\n您提出的建议收悉。\n", -1);
  write_file (batch, "b-empty.txt", "", 0);
  write_file (batch, "c-binary.txt", binary, sizeof binary - 1);
  write_file (batch, "d-encoding.txt", bad_encoding, sizeof bad_encoding - 1);
  big = g_malloc (big_len);
  memset (big, 'a', big_len);
  write_file (batch, "e-huge.txt", big, big_len);
  write_file (batch, "picture.png", binary, sizeof binary - 1);   /* not a letter name: not tried */
  write_file (batch, ".hidden.txt", "隐藏文件", -1);                /* hidden: not tried */
  write_file (nested, "f-good.txt",
              "榆林市民政局\n\n对市四届人大八次会议第2号建议的答复函\n\n李四代表：\n\n您提出的建议收悉。\n", -1);

  report = import_path (f->library, batch);

  g_assert_cmpuint (dafu_import_report_get_n_entries (report), ==, 6);
  g_assert_cmpuint (dafu_import_report_count (report, DAFU_IMPORT_STATUS_IMPORTED), ==, 2);
  g_assert_cmpuint (dafu_import_report_count (report, DAFU_IMPORT_STATUS_FAILED), ==, 4);
  for (guint i = 0; i < dafu_import_report_get_n_entries (report); i++)
    {
      const char *path = dafu_import_report_get_path (report, i);

      if (dafu_import_report_get_status (report, i) == DAFU_IMPORT_STATUS_FAILED)
        {
          const char *message = dafu_import_report_get_message (report, i);

          g_assert_nonnull (message);
          g_assert_cmpuint (strlen (message), >, 10);
          if (g_str_has_suffix (path, "e-huge.txt"))
            g_assert_nonnull (strstr (message, "8 MB"));
        }
      else
        g_assert_true (g_str_has_suffix (path, "good.txt"));
    }

  g_assert_cmpint (dafu_library_count (f->library, NULL), ==, 2);
  g_clear_object (&f->library);
  check = sql_text (f->path, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
}

static void
test_missing_file_is_reported (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "no-such-letter.txt", NULL);
  g_autoptr(DafuImportReport) report = import_path (f->library, missing);

  g_assert_cmpuint (dafu_import_report_get_n_entries (report), ==, 1);
  g_assert_cmpint (dafu_import_report_get_status (report, 0), ==, DAFU_IMPORT_STATUS_FAILED);
  g_assert_nonnull (dafu_import_report_get_message (report, 0));
}

static gint64
first_id (DafuLibrary *library)
{
  g_autoptr(DafuLetterList) list = dafu_library_list (library, DAFU_SORT_DATE, NULL);

  g_assert_nonnull (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 0);
  return dafu_letter_list_get_id (list, 0);
}

static void
test_corrections_survive_reimport (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(DafuImportReport) report = import_samples (f->library);
  g_autoptr(DafuImportReport) again = NULL;
  g_autoptr(DafuLetter) letter = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = first_id (f->library);

  g_assert_true (dafu_library_update_field (f->library, id, DAFU_LETTER_FIELD_SIGNER, "王五", &error));
  g_assert_no_error (error);
  g_assert_true (dafu_library_update_field (f->library, id, DAFU_LETTER_FIELD_CATEGORY, "C", &error));
  g_assert_no_error (error);

  /* Pretend an older parser read the letters: the next import reads them
   * again, and the corrections must win over what it reads. */
  g_clear_object (&f->library);
  sql_exec (f->path, "UPDATE letters SET parser_version = 0, signer = 'stale'");
  f->library = dafu_library_new (f->path, NULL, &error);
  g_assert_no_error (error);

  again = import_samples (f->library);
  g_assert_cmpuint (dafu_import_report_count (again, DAFU_IMPORT_STATUS_UPDATED), ==, 5);
  g_assert_cmpint (dafu_library_count (f->library, NULL), ==, 5);

  letter = dafu_library_get_letter (f->library, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_SIGNER), ==, "王五");
  g_assert_cmpstr (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_CATEGORY), ==, "C");

  /* The other letters got the parser's value back, not the stale one. */
  for (guint i = 0; i < dafu_import_report_get_n_entries (again); i++)
    {
      gint64 other = dafu_import_report_get_letter_id (again, i);
      g_autoptr(DafuLetter) l = NULL;

      if (other == id)
        continue;
      l = dafu_library_get_letter (f->library, other, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (dafu_letter_get_field (l, DAFU_LETTER_FIELD_SIGNER), !=, "stale");
    }

  /* A plain re-import skips and changes nothing. */
  g_clear_object (&again);
  again = import_samples (f->library);
  g_assert_cmpuint (dafu_import_report_count (again, DAFU_IMPORT_STATUS_SKIPPED), ==, 5);
  g_clear_object (&letter);
  letter = dafu_library_get_letter (f->library, id, &error);
  g_assert_cmpstr (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_SIGNER), ==, "王五");
}

static void
test_invalid_correction_is_refused (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(DafuImportReport) report = import_samples (f->library);
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuLetter) before = NULL, after = NULL;
  gint64 id = first_id (f->library);

  before = dafu_library_get_letter (f->library, id, NULL);

  g_assert_false (dafu_library_update_field (f->library, id, DAFU_LETTER_FIELD_CATEGORY, "提案", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (dafu_library_update_field (f->library, id, DAFU_LETTER_FIELD_DATE, "2024-02-30", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (dafu_library_update_field (f->library, 99999, DAFU_LETTER_FIELD_TITLE, "x", &error));
  g_assert_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  after = dafu_library_get_letter (f->library, id, NULL);
  g_assert_cmpstr (dafu_letter_get_field (after, DAFU_LETTER_FIELD_CATEGORY), ==,
                   dafu_letter_get_field (before, DAFU_LETTER_FIELD_CATEGORY));
  g_assert_cmpstr (dafu_letter_get_field (after, DAFU_LETTER_FIELD_DATE), ==,
                   dafu_letter_get_field (before, DAFU_LETTER_FIELD_DATE));

  /* Clearing a field stores NULL, not "". */
  g_assert_true (dafu_library_update_field (f->library, id, DAFU_LETTER_FIELD_TITLE, "", &error));
  g_clear_object (&after);
  after = dafu_library_get_letter (f->library, id, NULL);
  g_assert_null (dafu_letter_get_field (after, DAFU_LETTER_FIELD_TITLE));
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(DafuImportReport) report = import_samples (f->library);
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuQuery) query = dafu_query_new ("民政局");
  g_autoptr(DafuLetterList) hits = NULL;
  g_autofree char *orphans = NULL;
  gint64 id = first_id (f->library);

  g_assert_true (dafu_library_delete_letter (f->library, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dafu_library_count (f->library, NULL), ==, 4);
  g_assert_null (dafu_library_get_letter (f->library, id, &error));
  g_assert_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (dafu_library_delete_letter (f->library, id, &error));
  g_assert_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Its index entries went with it. */
  hits = dafu_library_search (f->library, query, DAFU_SORT_RELEVANCE, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hits)), ==, 4);
  g_clear_object (&f->library);
  orphans = sql_text (f->path, "SELECT count(*) FROM letters_fts WHERE rowid NOT IN (SELECT fts_key FROM letters)");
  g_assert_cmpstr (orphans, ==, "0");
  g_clear_pointer (&orphans, g_free);
  orphans = sql_text (f->path, "SELECT count(*) FROM letters_chars WHERE letters_chars MATCH '民'"
                               " AND rowid NOT IN (SELECT fts_key FROM letters)");
  g_assert_cmpstr (orphans, ==, "0");
}

static guint
facet_count (GListModel *facets,
             const char *value)
{
  for (guint i = 0; i < g_list_model_get_n_items (facets); i++)
    {
      g_autoptr(DafuFacet) facet = g_list_model_get_item (facets, i);
      if (g_strcmp0 (dafu_facet_get_value (facet), value) == 0)
        return dafu_facet_get_count (facet);
    }
  return 0;
}

/* Makes @path a library as Dafu's schema version 1 left it, holding the
 * samples (text and original bytes in the letters table, both kinds of
 * tokens in one index) and one correction. */
static void
make_version_1 (const char *path)
{
  static const char * const names[] = {
    "changzhi-2025-59.txt", "jincheng-444.txt", "xianyang-2024-40.txt",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = dafu_test_samples_dir ();
  DafuDb *db = dafu_db_open_at_version (path, 1, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *file = g_build_filename (dir, names[i], NULL);
      g_autofree char *contents = NULL;
      g_autofree char *text = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(DafuLetter) letter = NULL;
      sqlite3_stmt *stmt = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (file, &contents, &len, &error));
      bytes = g_bytes_new (contents, len);
      text = dafu_text_decode (bytes, NULL, &error);
      g_assert_no_error (error);
      letter = dafu_parser_parse_text (text, &error);
      g_assert_no_error (error);

      g_assert_cmpint (sqlite3_prepare_v2 (dafu_db_get_handle (db),
                                           "INSERT INTO letters (id, sha256, file_name, encoding, original, text,"
                                           " parser_version, imported_at, city, title, date)"
                                           " VALUES (?, ?, ?, 'UTF-8', ?, ?, 1, 0, ?, ?, ?)",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_int (stmt, 1, i + 1);
      sqlite3_bind_text (stmt, 2, names[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, names[i], -1, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 4, contents, len, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, text, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, dafu_letter_get_field (letter, DAFU_LETTER_FIELD_CITY), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, dafu_letter_get_field (letter, DAFU_LETTER_FIELD_TITLE), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, dafu_letter_get_field (letter, DAFU_LETTER_FIELD_DATE), -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
    }
  g_assert_true (dafu_db_exec (db, "INSERT INTO corrections (letter_id, field, value) VALUES (1, 'signer', '王五');"
                                   "UPDATE letters SET signer = '王五' WHERE id = 1;", &error));
  g_assert_no_error (error);
  dafu_db_close (db);
}

static void
test_migration_keeps_letters (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *dir = dafu_test_samples_dir ();
  g_autofree char *sample_path = g_build_filename (dir, "jincheng-444.txt", NULL);
  g_autofree char *sample = NULL;
  g_autoptr(GBytes) original = NULL;
  gsize len;

  g_clear_object (&f->library);
  g_assert_true (g_unlink (f->path) == 0);
  make_version_1 (f->path);

  f->library = dafu_library_new (f->path, NULL, &error);
  g_assert_no_error (error);
  version = sql_text (f->path, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, "6");
  g_assert_cmpint (dafu_library_count (f->library, NULL), ==, 3);

  /* The fields, the correction, the text and the original bytes. */
  {
    g_autofree char *corrections = sql_text (f->path, "SELECT count(*) FROM corrections");
    g_autoptr(DafuLetter) letter = dafu_library_get_letter (f->library, 1, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (corrections, ==, "1");
    g_assert_cmpstr (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_SIGNER), ==, "王五");
    g_assert_cmpstr (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_CITY), ==, "长治市");
    g_assert_nonnull (strstr (dafu_letter_get_text (letter), "社区居家养老"));
  }
  g_assert_true (g_file_get_contents (sample_path, &sample, &len, &error));
  original = dafu_library_get_original (f->library, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (original, NULL), g_bytes_get_size (original), sample, len);

  /* Both new indexes were filled: words, characters, and their mix. */
  {
    static const struct { const char *query; guint hits; } cases[] = {
      { "民政局", 3 }, { "养老", 3 }, { "咸阳", 1 }, { "晋", 1 }, { "晋 -民政局", 0 },
      { "-咸阳", 2 }, { "长治 的", 1 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(DafuQuery) query = dafu_query_new (cases[i].query);
        g_autoptr(DafuLetterList) hits = dafu_library_search (f->library, query, DAFU_SORT_RELEVANCE,
                                                              0, NULL, &error);

        g_assert_no_error (error);
        g_test_message ("query ‹%s›", cases[i].query);
        g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hits)), ==, cases[i].hits);
      }
  }

  /* Newest first, by the migrated dates. */
  {
    g_autoptr(DafuLetterList) all = dafu_library_list (f->library, DAFU_SORT_DATE, &error);

    g_assert_no_error (error);
    g_assert_cmpint (dafu_letter_list_get_id (all, 0), ==, 1);
    g_assert_cmpint (dafu_letter_list_get_id (all, 1), ==, 3);
  }
  g_assert_true (dafu_library_trash_letter (f->library, 1, &error));
  g_assert_no_error (error);
}

static void
test_trash_and_restore (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(DafuImportReport) report = import_samples (f->library);
  g_autoptr(DafuImportReport) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuQuery) query = dafu_query_new ("民政局");
  g_autoptr(DafuLetterList) hits = NULL;
  g_autoptr(GListModel) kinds = NULL;
  gint64 id = first_id (f->library);

  g_assert_true (dafu_library_trash_letter (f->library, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dafu_library_count (f->library, NULL), ==, 4);
  hits = dafu_library_search (f->library, query, DAFU_SORT_RELEVANCE, 0, NULL, &error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hits)), ==, 4);
  g_clear_object (&hits);
  hits = dafu_library_list (f->library, DAFU_SORT_DATE, &error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hits)), ==, 4);
  g_clear_object (&hits);
  kinds = dafu_library_get_facets (f->library, "kind", &error);
  g_assert_cmpuint (facet_count (kinds, "suggestion"), ==, 4);

  /* Undo brings it back whole. */
  g_assert_true (dafu_library_restore_letter (f->library, id, &error));
  g_assert_cmpint (dafu_library_count (f->library, NULL), ==, 5);
  hits = dafu_library_search (f->library, query, DAFU_SORT_RELEVANCE, 0, NULL, &error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hits)), ==, 5);

  /* Importing a trashed letter again brings it back as a new letter. */
  g_assert_true (dafu_library_trash_letter (f->library, id, &error));
  again = import_samples (f->library);
  g_assert_cmpuint (dafu_import_report_count (again, DAFU_IMPORT_STATUS_IMPORTED), ==, 1);
  g_assert_cmpuint (dafu_import_report_count (again, DAFU_IMPORT_STATUS_SKIPPED), ==, 4);
  g_assert_cmpint (dafu_library_count (f->library, NULL), ==, 5);

  /* What is still in the trash when the library is opened again is gone. */
  id = first_id (f->library);
  g_assert_true (dafu_library_trash_letter (f->library, id, &error));
  g_clear_object (&f->library);
  f->library = dafu_library_new (f->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dafu_library_count (f->library, NULL), ==, 4);
  g_assert_false (dafu_library_restore_letter (f->library, id, &error));
  g_assert_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_NOT_FOUND);
}

static void
test_list_sorts_and_loads_lazily (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(DafuImportReport) report = import_samples (f->library);
  g_autoptr(DafuLetterList) by_date = NULL, by_title = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ids[3];

  /* Give three letters known dates and titles through corrections. */
  for (guint i = 0; i < 3; i++)
    {
      static const char * const dates[] = { "2021-01-01", "2025-06-30", "2023-03-15" };
      static const char * const titles[] = { "丙", "甲", "乙" };

      ids[i] = dafu_import_report_get_letter_id (report, i);
      g_assert_true (dafu_library_update_field (f->library, ids[i], DAFU_LETTER_FIELD_DATE, dates[i], &error));
      g_assert_true (dafu_library_update_field (f->library, ids[i], DAFU_LETTER_FIELD_TITLE, titles[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 3; i < 5; i++)
    {
      gint64 id = dafu_import_report_get_letter_id (report, i);
      g_assert_true (dafu_library_update_field (f->library, id, DAFU_LETTER_FIELD_DATE, NULL, &error));
      g_assert_true (dafu_library_update_field (f->library, id, DAFU_LETTER_FIELD_TITLE, NULL, &error));
    }

  by_date = dafu_library_list (f->library, DAFU_SORT_DATE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (by_date)), ==, 5);
  g_assert_cmpint (dafu_letter_list_get_id (by_date, 0), ==, ids[1]);
  g_assert_cmpint (dafu_letter_list_get_id (by_date, 1), ==, ids[2]);
  g_assert_cmpint (dafu_letter_list_get_id (by_date, 2), ==, ids[0]);

  by_title = dafu_library_list (f->library, DAFU_SORT_TITLE, &error);
  g_assert_no_error (error);
  {
    g_autoptr(DafuLetter) first = g_list_model_get_item (G_LIST_MODEL (by_title), 0);
    g_autoptr(DafuLetter) again = g_list_model_get_item (G_LIST_MODEL (by_title), 0);

    g_assert_cmpstr (dafu_letter_get_title (first), ==, "丙");  /* U+4E19 < U+4E59 < U+7532 */
    g_assert_true (first == again);   /* read once, then kept */
    g_assert_null (g_list_model_get_item (G_LIST_MODEL (by_title), 5));
    g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (by_title)) == DAFU_TYPE_LETTER);
  }

  /* The index follows the new dates: a search newest first finds each
   * letter once, in the same order as the list. */
  {
    g_autoptr(DafuQuery) query = dafu_query_new ("民政");
    g_autoptr(DafuLetterList) hits = dafu_library_search (f->library, query, DAFU_SORT_DATE, 0, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hits)), ==, 5);
    for (guint i = 0; i < 5; i++)
      g_assert_cmpint (dafu_letter_list_get_id (hits, i), ==, dafu_letter_list_get_id (by_date, i));
  }
}

/* Related letters come from other cities, most alike first. */
static void
test_related (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DafuImportReport) report = import_samples (f->library);
  g_autoptr(GError) error = NULL;
  gint64 xianyang = 0;

  for (guint i = 0; i < dafu_import_report_get_n_entries (report); i++)
    if (g_str_has_suffix (dafu_import_report_get_path (report, i), "xianyang-2024-39.txt"))
      xianyang = dafu_import_report_get_letter_id (report, i);

  {
    g_autoptr(GArray) related = dafu_library_related (f->library, xianyang, 10, &error);

    g_assert_no_error (error);
    /* Changzhi, Jincheng and Yulin; not the other Xianyang letter, not itself. */
    g_assert_cmpuint (related->len, ==, 3);
    for (guint i = 0; i < related->len; i++)
      {
        const DafuRelated *r = &g_array_index (related, DafuRelated, i);
        g_autoptr(DafuLetter) letter = dafu_library_get_letter (f->library, r->id, NULL);

        g_assert_cmpint (r->id, !=, xianyang);
        g_assert_cmpstr (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_CITY), !=, "咸阳市");
        g_assert_cmpfloat (r->score, >, 0);
        g_assert_cmpfloat (r->score, <=, 1);
        if (i > 0)
          g_assert_cmpfloat (r->score, <=, g_array_index (related, DafuRelated, i - 1).score);
      }
  }
  {
    g_autoptr(GArray) one = dafu_library_related (f->library, xianyang, 1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (one->len, ==, 1);
  }
  {
    g_autoptr(GArray) none = dafu_library_related (f->library, 424242, 10, &error);

    g_assert_null (none);
    g_assert_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_NOT_FOUND);
  }
}

/* The index keys follow the dates, one range a day, undated letters first. */
static void
test_date_keys (void)
{
  gint64 undated = dafu_db_date_key (NULL);
  gint64 day = dafu_db_date_key ("2024-05-08");

  g_assert_cmpint (undated, ==, 0);
  g_assert_cmpint (dafu_db_date_key ("—"), ==, 0);
  g_assert_cmpint (dafu_db_date_key ("20x4-01-01"), ==, 0);
  g_assert_cmpint (day, >=, DAFU_DB_UNDATED_KEYS);
  g_assert_cmpint (dafu_db_date_key ("2024-05-09") - day, ==, DAFU_DB_KEYS_PER_DAY);
  g_assert_cmpint (dafu_db_date_key ("2024-05-08T10:00"), ==, day);
  g_assert_cmpint (dafu_db_date_key ("2025-01-01"), >, dafu_db_date_key ("2024-12-31"));
  /* A month or a year alone is its first day; an impossible day too. */
  g_assert_cmpint (dafu_db_date_key ("2024-05"), ==, dafu_db_date_key ("2024-05-01"));
  g_assert_cmpint (dafu_db_date_key ("2024"), ==, dafu_db_date_key ("2024-01-01"));
  g_assert_cmpint (dafu_db_date_key ("2024-02-30"), ==, dafu_db_date_key ("2024-02-01"));
  g_assert_cmpint (dafu_db_date_key ("2024-13-05"), ==, dafu_db_date_key ("2024-01-01"));
  g_assert_cmpint (dafu_db_date_key_of (2024, 5, 8), ==, day);
}

/* Relevance ranks the newest hits (2,000; 2 here) and lists the older ones
 * after them, newest first. */
static void
test_ranking_of_many_hits (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(DafuImportReport) report = import_samples (f->library);
  g_autoptr(DafuQuery) query = dafu_query_new ("养老");
  g_autoptr(DafuLetterList) by_date = NULL, ranked = NULL, all_ranked = NULL;
  g_autoptr(GError) error = NULL;

  by_date = dafu_library_search (f->library, query, DAFU_SORT_DATE, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (by_date)), ==, 5);

  dafu_library_set_ranked_hits (f->library, 2);
  ranked = dafu_library_search (f->library, query, DAFU_SORT_RELEVANCE, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ranked)), ==, 5);

  /* The two newest come first, ordered by score (bm25: lower is better). */
  {
    gint64 a = dafu_letter_list_get_id (ranked, 0), b = dafu_letter_list_get_id (ranked, 1);

    g_assert_true ((a == dafu_letter_list_get_id (by_date, 0) && b == dafu_letter_list_get_id (by_date, 1)) ||
                   (a == dafu_letter_list_get_id (by_date, 1) && b == dafu_letter_list_get_id (by_date, 0)));
    g_assert_cmpfloat (dafu_letter_list_get_score (ranked, 0), <, 0);
    g_assert_cmpfloat (dafu_letter_list_get_score (ranked, 0), <=, dafu_letter_list_get_score (ranked, 1));
  }
  for (guint i = 2; i < 5; i++)
    {
      g_assert_cmpint (dafu_letter_list_get_id (ranked, i), ==, dafu_letter_list_get_id (by_date, i));
      g_assert_cmpfloat (dafu_letter_list_get_score (ranked, i), ==, 0);
    }

  /* With room for all, every hit is ranked by score. */
  dafu_library_set_ranked_hits (f->library, 100);
  all_ranked = dafu_library_search (f->library, query, DAFU_SORT_RELEVANCE, 0, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 1; i < 5; i++)
    g_assert_cmpfloat (dafu_letter_list_get_score (all_ranked, i - 1), <=,
                       dafu_letter_list_get_score (all_ranked, i));

  /* The order is FTS5's own bm25() (title ten times the text), for one
   * term and for several, even though Dafu does not ask it. */
  {
    static const char * const cases[][2] = {
      { "养老", "\"养老\"" },
      { "养老 民政局 服务", "\"养老\" \"民政局\" \"服务\"" },
      { "居家 -咸阳", "\"居家\" NOT \"咸阳\"" },
    };

    for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
      {
        g_autoptr(DafuQuery) q = dafu_query_new (cases[c][0]);
        g_autoptr(DafuLetterList) hits = dafu_library_search (f->library, q, DAFU_SORT_RELEVANCE, 0, NULL, &error);
        g_autoptr(GString) ours = g_string_new (NULL);
        g_autofree char *sql = g_strdup_printf ("SELECT group_concat (id) FROM (SELECT l.id FROM letters_fts f"
                                                " JOIN letters l ON l.fts_key = f.rowid"
                                                " WHERE letters_fts MATCH '%s'"
                                                " ORDER BY bm25 (letters_fts, 10.0, 1.0), f.rowid DESC)",
                                                cases[c][1]);
        g_autofree char *theirs = NULL;

        g_assert_no_error (error);
        for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (hits)); i++)
          g_string_append_printf (ours, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                                  dafu_letter_list_get_id (hits, i));
        g_clear_object (&f->library);
        theirs = sql_text (f->path, sql);
        f->library = dafu_library_new (f->path, NULL, &error);
        g_assert_no_error (error);
        dafu_library_set_ranked_hits (f->library, 100);
        g_test_message ("%s: ours %s, bm25 %s", cases[c][0], ours->str, theirs);
        g_assert_cmpstr (ours->str, ==, theirs);
      }
  }
}

static void
test_facets (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(DafuImportReport) report = import_samples (f->library);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) cities = NULL, years = NULL, bad = NULL;

  for (guint i = 0; i < 5; i++)
    {
      gint64 id = dafu_import_report_get_letter_id (report, i);
      dafu_library_update_field (f->library, id, DAFU_LETTER_FIELD_CITY, i < 3 ? "咸阳市" : "榆林市", &error);
      dafu_library_update_field (f->library, id, DAFU_LETTER_FIELD_DATE, i == 0 ? "2021-08-23" : "2024-05-08", &error);
      g_assert_no_error (error);
    }

  cities = dafu_library_get_facets (f->library, "city", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (cities), ==, 2);
  g_assert_cmpuint (facet_count (cities, "咸阳市"), ==, 3);
  g_assert_cmpuint (facet_count (cities, "榆林市"), ==, 2);

  years = dafu_library_get_facets (f->library, "year", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (facet_count (years, "2024"), ==, 4);
  g_assert_cmpuint (facet_count (years, "2021"), ==, 1);

  /* A letter in the trash is not counted; an undated one has no year. */
  {
    g_autoptr(GListModel) after = NULL, undated = NULL;

    g_assert_true (dafu_library_trash_letter (f->library, dafu_import_report_get_letter_id (report, 0), &error));
    g_assert_true (dafu_library_update_field (f->library, dafu_import_report_get_letter_id (report, 4),
                                              DAFU_LETTER_FIELD_DATE, NULL, &error));
    g_assert_no_error (error);
    after = dafu_library_get_facets (f->library, "city", &error);
    g_assert_cmpuint (facet_count (after, "咸阳市"), ==, 2);
    undated = dafu_library_get_facets (f->library, "year", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (undated), ==, 1);
    g_assert_cmpuint (facet_count (undated, "2024"), ==, 3);
    g_assert_cmpint (dafu_library_count (f->library, NULL), ==, 4);
    g_assert_true (dafu_library_restore_letter (f->library, dafu_import_report_get_letter_id (report, 0), &error));
  }

  bad = dafu_library_get_facets (f->library, "city; DROP TABLE letters", &error);
  g_assert_null (bad);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpint (dafu_library_count (f->library, NULL), ==, 5);
}

/* ------------------------------------------------------------- async */

typedef struct {
  GMainLoop *loop;
  GObject   *result;
  GError    *error;
  gint64     count;
} AsyncData;

static void
on_import_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  AsyncData *d = user_data;
  d->result = G_OBJECT (dafu_library_import_finish (DAFU_LIBRARY (object), result, &d->error));
  g_main_loop_quit (d->loop);
}

static void
on_search_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  AsyncData *d = user_data;
  d->result = G_OBJECT (dafu_library_search_finish (DAFU_LIBRARY (object), result, &d->error));
  g_main_loop_quit (d->loop);
}

static void
on_count_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  AsyncData *d = user_data;
  d->count = dafu_library_count_finish (DAFU_LIBRARY (object), result, &d->error);
  g_main_loop_quit (d->loop);
}

static void
on_letter_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  AsyncData *d = user_data;
  d->result = G_OBJECT (dafu_library_get_letter_finish (DAFU_LIBRARY (object), result, &d->error));
  g_main_loop_quit (d->loop);
}

static void
on_facets_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  AsyncData *d = user_data;
  d->result = G_OBJECT (dafu_library_get_facets_finish (DAFU_LIBRARY (object), result, &d->error));
  g_main_loop_quit (d->loop);
}

static void
on_updated_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  AsyncData *d = user_data;
  d->count = dafu_library_update_fields_finish (DAFU_LIBRARY (object), result, &d->error);
  g_main_loop_quit (d->loop);
}

static void
on_deleted_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  AsyncData *d = user_data;
  d->count = dafu_library_delete_letter_finish (DAFU_LIBRARY (object), result, &d->error);
  g_main_loop_quit (d->loop);
}

typedef struct {
  guint calls;
  guint done;
  guint total;
  GThread *thread;
} Progress;

static void
on_progress_cb (guint done, guint total, gpointer user_data)
{
  Progress *p = user_data;

  /* Told on the caller's thread, never going backwards. */
  g_assert_true (g_thread_self () == p->thread);
  g_assert_cmpuint (done, >=, p->done);
  g_assert_cmpuint (done, <=, total);
  p->calls++;
  p->done = done;
  p->total = total;
}

static void
on_open_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  AsyncData *d = user_data;
  d->result = G_OBJECT (dafu_library_new_finish (result, &d->error));
  g_main_loop_quit (d->loop);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *dir = dafu_test_samples_dir ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(DafuQuery) query = dafu_query_new ("养老");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncData d = { loop, NULL, NULL, -1 };
  Progress progress = { 0, 0, 0, g_thread_self () };
  DafuLetterField fields[] = { DAFU_LETTER_FIELD_ADDRESSEE, DAFU_LETTER_FIELD_CATEGORY };
  const char *values[] = { "周丽", "A" };
  const char *bad_values[] = { "周丽", "Z" };
  gint64 id;

  dafu_library_import_async (f->library, &folder, 1, on_progress_cb, &progress, NULL,
                             NULL, on_import_cb, &d);
  g_main_loop_run (loop);
  g_assert_no_error (d.error);
  g_assert_cmpuint (dafu_import_report_count (DAFU_IMPORT_REPORT (d.result), DAFU_IMPORT_STATUS_IMPORTED), ==, 5);
  id = dafu_import_report_get_letter_id (DAFU_IMPORT_REPORT (d.result), 0);
  g_clear_object (&d.result);
  /* Let the last progress call through; it may come after the result. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (progress.calls, >=, 1);
  g_assert_cmpuint (progress.total, ==, 5);
  g_assert_cmpuint (progress.done, ==, 5);

  /* A cancelled import keeps what it did and says it was cancelled. */
  g_cancellable_cancel (cancellable);
  dafu_library_import_async (f->library, &folder, 1, NULL, NULL, NULL, cancellable, on_import_cb, &d);
  g_main_loop_run (loop);
  g_assert_no_error (d.error);
  g_assert_true (dafu_import_report_get_cancelled (DAFU_IMPORT_REPORT (d.result)));
  g_clear_object (&d.result);

  dafu_library_get_letter_async (f->library, id, NULL, on_letter_cb, &d);
  g_main_loop_run (loop);
  g_assert_no_error (d.error);
  g_assert_cmpint (dafu_letter_get_id (DAFU_LETTER (d.result)), ==, id);
  g_assert_cmpuint (g_list_model_get_n_items (dafu_letter_get_sections (DAFU_LETTER (d.result))), >, 0);
  g_clear_object (&d.result);

  /* Corrections land together or not at all. */
  dafu_library_update_fields_async (f->library, id, fields, bad_values, 2, NULL, on_updated_cb, &d);
  g_main_loop_run (loop);
  g_assert_error (d.error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&d.error);
  {
    g_autoptr(DafuLetter) letter = dafu_library_get_letter (f->library, id, NULL);
    g_assert_cmpstr (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_ADDRESSEE), !=, "周丽");
  }
  dafu_library_update_fields_async (f->library, id, fields, values, 2, NULL, on_updated_cb, &d);
  g_main_loop_run (loop);
  g_assert_no_error (d.error);
  g_assert_true (d.count);
  {
    g_autoptr(DafuLetter) letter = dafu_library_get_letter (f->library, id, NULL);
    g_assert_cmpstr (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_ADDRESSEE), ==, "周丽");
    g_assert_cmpstr (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_CATEGORY), ==, "A");
  }

  dafu_library_get_facets_async (f->library, "category", NULL, on_facets_cb, &d);
  g_main_loop_run (loop);
  g_assert_no_error (d.error);
  g_assert_cmpuint (facet_count (G_LIST_MODEL (d.result), "A"), >=, 1);
  g_clear_object (&d.result);

  dafu_library_count_async (f->library, NULL, on_count_cb, &d);
  g_main_loop_run (loop);
  g_assert_no_error (d.error);
  g_assert_cmpint (d.count, ==, 5);

  dafu_library_search_async (f->library, query, DAFU_SORT_RELEVANCE, 0, NULL, on_search_cb, &d);
  g_main_loop_run (loop);
  g_assert_no_error (d.error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (d.result)), ==, 5);
  g_clear_object (&d.result);

  /* A search cancelled before it finishes reports G_IO_ERROR_CANCELLED. */
  g_cancellable_cancel (cancellable);
  dafu_library_search_async (f->library, query, DAFU_SORT_RELEVANCE, 0, cancellable, on_search_cb, &d);
  g_main_loop_run (loop);
  g_assert_error (d.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (d.result);
  g_clear_error (&d.error);

  dafu_library_delete_letter_async (f->library, id, NULL, on_deleted_cb, &d);
  g_main_loop_run (loop);
  g_assert_no_error (d.error);
  g_assert_cmpint (dafu_library_count (f->library, NULL), ==, 4);

  /* Opening on a worker thread gives a library the caller can use. */
  dafu_library_new_async (f->path, NULL, on_open_cb, &d);
  g_main_loop_run (loop);
  g_assert_no_error (d.error);
  g_assert_cmpint (dafu_library_count (DAFU_LIBRARY (d.result), NULL), ==, 4);
  g_clear_object (&d.result);
}

static void
test_default_path (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("DAFU_LIBRARY"));
  g_autofree char *fallback = NULL, *from_env = NULL;

  g_unsetenv ("DAFU_LIBRARY");
  fallback = dafu_library_default_path ();
  g_assert_true (g_str_has_suffix (fallback, "/dafu/library.db"));
  g_assert_true (g_str_has_prefix (fallback, g_get_user_data_dir ()));

  g_setenv ("DAFU_LIBRARY", "/tmp/elsewhere.db", TRUE);
  from_env = dafu_library_default_path ();
  g_assert_cmpstr (from_env, ==, "/tmp/elsewhere.db");

  if (saved != NULL)
    g_setenv ("DAFU_LIBRARY", saved, TRUE);
  else
    g_unsetenv ("DAFU_LIBRARY");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/library/open/creates-schema", test_open_creates_schema);
  g_test_add_func ("/library/open/refuses-newer-and-foreign", test_open_refuses_newer_and_foreign_files);
  g_test_add_func ("/library/default-path", test_default_path);
  ADD ("/library/import/idempotent", test_import_is_idempotent);
  ADD ("/library/import/keeps-original", test_import_keeps_original_and_text);
  ADD ("/library/import/failing-file-leaves-batch", test_failing_file_leaves_batch_intact);
  ADD ("/library/import/missing-file", test_missing_file_is_reported);
  ADD ("/library/corrections/survive-reimport", test_corrections_survive_reimport);
  ADD ("/library/corrections/invalid-refused", test_invalid_correction_is_refused);
  ADD ("/library/delete", test_delete);
  ADD ("/library/list", test_list_sorts_and_loads_lazily);
  ADD ("/library/ranking-of-many-hits", test_ranking_of_many_hits);
  g_test_add_func ("/library/date-keys", test_date_keys);
  ADD ("/library/related", test_related);
  ADD ("/library/migration-keeps-letters", test_migration_keeps_letters);
  ADD ("/library/trash-and-restore", test_trash_and_restore);
  ADD ("/library/facets", test_facets);
  ADD ("/library/async", test_async);
#undef ADD

  return g_test_run ();
}
