/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dafu-test-util.h"
#include "dafu-draft.h"
#include "dafu-library-drafts.h"
#include "dafu-library.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

/* dafu-cli as a user runs it: output, errors and exit status. */

static char *tmp_dir;

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli (Run        *run,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("DAFU_CLI");
  va_list ap;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (char *) cli);
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_newv ((const char * const *) args->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
}

static char *
sample (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "samples", name, NULL);
}

static JsonNode *
parse_json (const char *line)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (line, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* A key missing from expected.json means the letter does not state it. */
static void
assert_member_equal (const char *file,
                     const char *key,
                     JsonNode   *expected,
                     JsonNode   *actual)
{
  g_autofree char *want = expected != NULL ? json_to_string (expected, FALSE) : g_strdup ("null");
  g_autofree char *got = actual != NULL ? json_to_string (actual, FALSE) : g_strdup ("null");

  if (!g_str_equal (want, got))
    g_error ("%s: “%s” is %s, expected %s", file, key, got, want);
}

static void
test_parse_matches_expected (void)
{
  g_autofree char *expected_path = g_test_build_filename (G_TEST_DIST, "fixtures", "expected.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = NULL;
  g_auto(Run) run = { 0 };
  JsonArray *letters;
  const char *keys[] = {
    "file", "issuer", "city", "doc_number", "category", "signer", "head", "handler", "kind",
    "session", "suggestion_number", "addressee", "addressee_role", "title", "date", "contact",
    "contact_phone", "cc", "public_note", "consultation", "sections", NULL
  };
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL;

  json_parser_load_from_file (parser, expected_path, &error);
  g_assert_no_error (error);
  letters = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "letters");
  g_assert_cmpuint (json_array_get_length (letters), ==, 5);

  a = sample (json_object_get_string_member (json_array_get_object_element (letters, 0), "file"));
  b = sample (json_object_get_string_member (json_array_get_object_element (letters, 1), "file"));
  c = sample (json_object_get_string_member (json_array_get_object_element (letters, 2), "file"));
  d = sample (json_object_get_string_member (json_array_get_object_element (letters, 3), "file"));
  e = sample (json_object_get_string_member (json_array_get_object_element (letters, 4), "file"));
  run_cli (&run, "parse", a, b, c, d, e, "--json", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);

  lines = g_strsplit (g_strchomp (run.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);

  for (guint i = 0; i < 5; i++)
    {
      JsonObject *want = json_array_get_object_element (letters, i);
      g_autoptr(JsonNode) node = parse_json (lines[i]);
      JsonObject *got = json_node_get_object (node);
      const char *file = json_object_get_string_member (want, "file");

      for (guint k = 0; keys[k] != NULL; k++)
        assert_member_equal (file, keys[k],
                             json_object_get_member (want, keys[k]),
                             json_object_get_member (got, keys[k]));
    }
}

static void
test_usage_errors (void)
{
  const char *bad[][4] = {
    { NULL },
    { "frobnicate", NULL },
    { "parse", NULL },
    { "import", NULL },
    { "show", "abc", NULL },
    { "show", "0", NULL },
    { "search", "养老", "--sort", "backwards" },
    { "search", "养老", "--category", "E" },
    { "search", "养老", "--kind", "letter" },
    { "set", "1", "colour", NULL },
    { "compare", "1", NULL },
    { "compare", "1", "x", NULL },
    { "compare", "1", "2", "--min-run=-3" },
    { "--no-such-option", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli (&run, bad[i][0], bad[i][1], bad[i][2], bad[i][3], NULL);
      if (run.status != 2)
        g_error ("dafu-cli %s %s: exit %d, expected 2", bad[i][0] ? bad[i][0] : "",
                 bad[i][1] ? bad[i][1] : "", run.status);
      g_assert_true (g_str_has_prefix (run.err, "dafu-cli: "));
      /* One line: the reason and where to read more. */
      g_assert_cmpint (strchr (run.err, '\n') - run.err, ==, strlen (run.err) - 1);
      g_assert_nonnull (strstr (run.err, "--help"));
    }
}

static void
test_parse_bad_file (void)
{
  g_autofree char *empty = g_build_filename (tmp_dir, "empty.txt", NULL);
  g_autofree char *good = sample ("yulin-2021-114.txt");
  g_auto(Run) run = { 0 };
  g_auto(GStrv) err_lines = NULL;

  g_file_set_contents (empty, "", 0, NULL);
  run_cli (&run, "parse", empty, good, "--json", NULL);

  /* The bad file is named with its reason on one line; the good one still prints. */
  g_assert_cmpint (run.status, ==, 1);
  err_lines = g_strsplit (g_strchomp (run.err), "\n", -1);
  g_assert_cmpuint (g_strv_length (err_lines), ==, 1);
  g_assert_nonnull (strstr (run.err, "empty.txt"));
  g_assert_nonnull (strstr (run.err, "empty"));
  g_assert_nonnull (strstr (run.out, "\"file\":\"yulin-2021-114.txt\""));
}

static void
test_import_search_show (void)
{
  g_autofree char *library = g_build_filename (tmp_dir, "cli", "library.db", NULL);
  g_autofree char *batch = g_build_filename (tmp_dir, "batch", NULL);
  g_autofree char *broken = g_build_filename (batch, "broken.txt", NULL);
  g_autofree char *samples = dafu_test_samples_dir ();
  g_autoptr(JsonNode) hit = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(JsonNode) facets = NULL;
  g_auto(GStrv) lines = NULL;
  const char binary[] = "GIF89a\0\0\0\0\0";
  g_autofree char *id = NULL;

  g_mkdir_with_parents (batch, 0700);
  g_file_set_contents (broken, binary, sizeof binary - 1, NULL);

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "--library", library, "import", samples, batch, NULL);
    g_assert_cmpint (run.status, ==, 1);   /* something failed */
    g_assert_nonnull (strstr (run.out, "5 imported, 0 updated, 0 skipped, 1 failed"));
    g_assert_nonnull (strstr (run.out, "broken.txt"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "--library", library, "import", samples, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "0 imported, 0 updated, 5 skipped, 0 failed"));
  }
  {
    g_auto(Run) run = { 0 };
    JsonObject *object;

    run_cli (&run, "--library", library, "search", "适老化", "--limit", "1", "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    lines = g_strsplit (g_strchomp (run.out), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 1);
    hit = parse_json (lines[0]);
    object = json_node_get_object (hit);
    g_assert_true (json_object_has_member (object, "id"));
    g_assert_true (json_object_has_member (object, "title"));
    g_assert_true (json_object_has_member (object, "city"));
    g_assert_true (json_object_has_member (object, "date"));
    g_assert_true (json_object_has_member (object, "score"));
    g_assert_nonnull (strstr (json_object_get_string_member (object, "snippet"), "<b>适老化</b>"));
    id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (object, "id"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "--library", library, "show", id, "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    shown = parse_json (run.out);
    g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (shown), "text"), "适老化"));
    g_assert_true (json_object_has_member (json_node_get_object (shown), "parts"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "--library", library, "show", "999999", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "999999"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "--library", library, "set", id, "category", "Z", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "A, B, C or D"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "--library", library, "set", id, "city", "测试市", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "--library", library, "facets", "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    facets = parse_json (run.out);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (facets), "city"),
                                                 "测试市"), ==, 1);
  }
  {
    g_auto(Run) run = { 0 };
    g_auto(GStrv) listed = NULL;

    run_cli (&run, "--library", library, "list", "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    listed = g_strsplit (g_strchomp (run.out), "\n", -1);
    g_assert_cmpuint (g_strv_length (listed), ==, 5);
  }
  {
    g_auto(Run) run = { 0 };

    /* Odd syntax is searched, not an error. */
    run_cli (&run, "--library", library, "search", "\"养老 AND (", "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.err, ==, "");
  }
  {
    g_auto(Run) run = { 0 };
    g_autoptr(JsonNode) cmp = NULL;
    g_autofree char *other = NULL;
    JsonObject *root;

    /* Two letters compared: aligned pairs, the theme table, shared
     * phrases and figures, as JSON. */
    {
      g_auto(Run) list = { 0 };
      g_auto(GStrv) listed = NULL;
      g_autoptr(JsonNode) second = NULL;

      run_cli (&list, "--library", library, "list", "--json", NULL);
      listed = g_strsplit (g_strchomp (list.out), "\n", -1);
      second = parse_json (listed[1]);
      other = g_strdup_printf ("%" G_GINT64_FORMAT,
                               json_object_get_int_member (json_node_get_object (second), "id"));
    }
    run_cli (&run, "--library", library, "compare", id, other, "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    cmp = parse_json (run.out);
    root = json_node_get_object (cmp);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "letters")), ==, 2);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "pairs")), >, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "themes")), >=, 13);
    g_assert_true (json_object_has_member (root, "shared"));
    g_assert_true (json_object_has_member (json_object_get_object_member (root, "figures"), "b"));
    g_assert_cmpfloat (json_object_get_double_member (root, "similarity"), >, 0);
    g_assert_cmpfloat (json_object_get_double_member (root, "similarity"), <, 1);
  }
  {
    g_auto(Run) run = { 0 };

    /* A letter with itself, in text: identical. */
    run_cli (&run, "--library", library, "compare", id, id, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Similarity: 100 %"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "--library", library, "compare", id, "99999", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "99999"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "--library", library, "delete", id, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
}

/* Clauses, drafts and a draft's text: never with an unfilled placeholder. */
static void
test_clauses_and_drafts (void)
{
  g_autofree char *library_path = g_build_filename (tmp_dir, "drafting", "library.db", NULL);
  g_autofree char *samples = dafu_test_samples_dir ();
  g_autoptr(DafuLibrary) library = NULL;
  g_autoptr(DafuDraft) draft = NULL;
  g_autoptr(DafuDraftBlock) block = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "--library", library_path, "import", samples, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run = { 0 };
    g_auto(GStrv) lines = NULL;

    /* The openings mined from the samples: the shared one first, with the
     * number of letters that use it and the names replaced. */
    run_cli (&run, "--library", library_path, "clauses", "--kind", "opening", NULL);
    g_assert_cmpint (run.status, ==, 0);
    lines = g_strsplit (run.out, "\n", -1);
    g_assert_nonnull (strstr (lines[0], "\topening\t3\t"));
    g_assert_nonnull (strstr (lines[0], "{建议标题}"));
    g_assert_null (strstr (run.out, "刘亚宁"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "--library", library_path, "clauses", "--kind", "preamble", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }

  library = dafu_library_new (library_path, NULL, &error);
  g_assert_no_error (error);
  draft = dafu_draft_new ();
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ADDRESSEE, "李蕾");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_TITLE, "关于加强居家养老服务的建议");
  block = dafu_draft_block_new (DAFU_BLOCK_KIND_OPENING, "您提出的《{建议标题}》收悉。{项目名称}已建成。");
  dafu_draft_insert_block (draft, 0, block);
  g_assert_true (dafu_library_save_draft (library, draft, &error));
  g_assert_no_error (error);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, dafu_draft_get_id (draft));

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "--library", library_path, "drafts", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_prefix (run.out, id));
    g_assert_nonnull (strstr (run.out, "李蕾"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "--library", library_path, "draft", id, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_nonnull (strstr (run.err, "项目名称"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "--library", library_path, "draft", id, "--check", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.out, "项目名称"));
  }

  dafu_draft_set_value (draft, "项目名称", "幸福工程");
  g_assert_true (dafu_library_save_draft (library, draft, &error));
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "--library", library_path, "draft", id, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "您提出的《关于加强居家养老服务的建议》收悉。幸福工程已建成。"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "--library", library_path, "draft", "99999", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "no longer in the library"));
  }
}

/* A letter in the official layout, from the command line. */
static void
test_export (void)
{
  g_autofree char *library_path = g_build_filename (tmp_dir, "export", "library.db", NULL);
  g_autofree char *samples = dafu_test_samples_dir ();
  g_autofree char *pdf = g_build_filename (tmp_dir, "export", "reply.pdf", NULL);
  g_autofree char *docx = g_build_filename (tmp_dir, "export", "reply.docx", NULL);
  g_autofree char *id = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "--library", library_path, "import", samples, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run = { 0 };
    g_auto(GStrv) lines = NULL;

    run_cli (&run, "--library", library_path, "search", "长民函", NULL);
    g_assert_cmpint (run.status, ==, 0);
    lines = g_strsplit (run.out, "\t", 2);
    id = g_strdup (lines[0]);
  }
  {
    g_auto(Run) run = { 0 };

    /* PDF: the format from the name; the fonts used are reported. */
    run_cli (&run, "--library", library_path, "export", id, "-o", pdf, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Noto"));
    g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
    g_assert_true (g_str_has_prefix (contents, "%PDF-"));
    g_clear_pointer (&contents, g_free);
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "--library", library_path, "export", id, "--format", "docx", "-o", docx, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_get_contents (docx, &contents, &length, NULL));
    g_assert_true (length > 4 && memcmp (contents, "PK\003\004", 4) == 0);
    g_clear_pointer (&contents, g_free);
  }
  {
    g_auto(Run) run = { 0 };

    /* What Dafu writes, it reads: the Word and PDF files parse back to
     * the letter's 文号 and title. */
    run_cli (&run, "parse", docx, pdf, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "doc_number         长民函〔2025〕59号"));
    g_assert_nonnull (strstr (strstr (run.out, "reply.pdf"), "doc_number         长民函〔2025〕59号"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "--library", library_path, "export", id, "-f", "txt", "-o", "-", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_prefix (run.out, "长治市民政局\n长民函〔2025〕59号\n关于市十五届人大五次会议第130号建议的答复\n"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "--library", library_path, "export", id, "-o", "reply.doc", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "--library", library_path, "export", id, NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(Run) run = { 0 };

    /* A file that cannot be written leaves nothing behind and says why. */
    run_cli (&run, "--library", library_path, "export", id, "-o", "/nonexistent/dir/reply.pdf", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_true (g_str_has_prefix (run.err, "dafu-cli: "));
  }
}

/* A reply marked public leaves the bureau without personal numbers,
 * unless asked otherwise. */
static void
test_export_hides_personal_data (void)
{
  g_autofree char *library_path = g_build_filename (tmp_dir, "private", "library.db", NULL);
  g_autoptr(DafuLibrary) library = NULL;
  g_autoptr(DafuDraft) draft = dafu_draft_new ();
  g_autoptr(DafuDraftBlock) block = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  library = dafu_library_new (library_path, NULL, &error);
  g_assert_no_error (error);
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ISSUER, "晋城市民政局");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_PUBLIC_NOTE, "此件公开发布");
  block = dafu_draft_block_new (DAFU_BLOCK_KIND_TEXT, "如有疑问，请联系王雪娥，手机13934066646。");
  dafu_draft_insert_block (draft, 0, block);
  g_assert_true (dafu_library_save_draft (library, draft, &error));
  g_assert_no_error (error);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, dafu_draft_get_id (draft));

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "--library", library_path, "export", id, "--draft", "-f", "txt", "-o", "-", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_null (strstr (run.out, "13934066646"));
    g_assert_nonnull (strstr (run.out, "手机139****6646。"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "--library", library_path, "export", id, "--draft", "-f", "txt", "-o", "-",
             "--show-personal-data", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "手机13934066646。"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "--library", library_path, "export", id, "--draft", "-f", "txt", "-o", "-",
             "--show-personal-data", "--hide-personal-data", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
}

static void
test_unopenable_library (void)
{
  g_autofree char *not_db = g_build_filename (tmp_dir, "notes.db", NULL);
  g_auto(Run) run = { 0 };

  g_file_set_contents (not_db, "plain text, not a database; 纯文本，不是数据库。\n", -1, NULL);
  run_cli (&run, "--library", not_db, "list", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Cannot open the library"));
}


/* check, backup, backups and restore, as IT staff would script them. */
static void
test_check_backup_restore (void)
{
  g_autofree char *dir = dafu_test_make_tmp ();
  g_autofree char *library = g_build_filename (dir, "library.db", NULL);
  g_autofree char *samples = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", NULL);
  g_autofree char *backup = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  Run run = { 0 };

  run_cli (&run, "--library", library, "import", samples, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  run_cli (&run, "--library", library, "check", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  run_cli (&run, "--library", library, "backup", NULL);
  g_assert_cmpint (run.status, ==, 0);
  backup = g_strstrip (g_strdup (run.out));
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  run_clear (&run);

  run_cli (&run, "--library", library, "backups", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, backup));
  g_assert_nonnull (strstr (run.out, "daily"));
  run_clear (&run);

  /* Garbage over the letters: check says so and fails. */
  {
    sqlite3 *db = NULL;
    g_assert_cmpint (sqlite3_open (library, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  g_assert_true (g_file_get_contents (library, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 64 * 1024);
  memset (contents + length / 2, 0x5a, 16 * 1024);
  g_assert_true (g_file_set_contents (library, contents, length, NULL));

  run_cli (&run, "--library", library, "check", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "damaged"));
  run_clear (&run);

  /* Restoring sets the damaged file aside and brings the letters back. */
  run_cli (&run, "--library", library, "restore", backup, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "library-damaged-"));
  run_clear (&run);

  run_cli (&run, "--library", library, "check", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  run_cli (&run, "--library", library, "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "晋城市"));
  run_clear (&run);

  /* A backup that is not one is refused. */
  run_cli (&run, "--library", library, "restore", samples, NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_clear (&run);
  run_cli (&run, "--library", library, "restore", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  dafu_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  int status;

  g_setenv ("LANGUAGE", "C", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);
  tmp_dir = dafu_test_make_tmp ();

  g_test_add_func ("/cli/parse/matches-expected-json", test_parse_matches_expected);
  g_test_add_func ("/cli/parse/bad-file", test_parse_bad_file);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/import-search-show", test_import_search_show);
  g_test_add_func ("/cli/unopenable-library", test_unopenable_library);
  g_test_add_func ("/cli/clauses-and-drafts", test_clauses_and_drafts);
  g_test_add_func ("/cli/export", test_export);
  g_test_add_func ("/cli/check-backup-restore", test_check_backup_restore);
  g_test_add_func ("/cli/export-hides-personal-data", test_export_hides_personal_data);

  status = g_test_run ();
  dafu_test_rm_rf (tmp_dir);
  g_free (tmp_dir);
  return status;
}
