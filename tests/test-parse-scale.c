/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "dafu-generator.h"
#include "dafu-letter.h"
#include "dafu-parser.h"
#include "dafu-section.h"
#include "dafu-text.h"
#include "dafu-test-util.h"

/* The largest file a letter may be (8 MiB) and a file of 200,000 lines are
 * read as import reads them, and the work grows in step with the input:
 * twice the text, at most about twice the instructions. The work is
 * counted by callgrind (instructions executed inside parse_as_import(),
 * nothing else), never timed, so a busy machine cannot fail the test and a
 * quadratic step cannot hide in a fast one. */

#define MAX_RATIO 2.3

/* The inputs, made outside the work that is counted. */

/* Generated letters one after another, cut to @size bytes at a character:
 * a letter with a very long body. */
static GBytes *
make_letters (gsize size)
{
  GString *text = g_string_sized_new (size + 16384);
  const char *end;

  for (guint i = 0; text->len < size; i++)
    {
      g_autofree char *letter = dafu_generator_letter (7, i);
      g_string_append (text, letter);
    }
  g_string_truncate (text, size);
  g_utf8_validate (text->str, text->len, &end);
  g_string_truncate (text, end - text->str);
  return g_string_free_to_bytes (text);
}

/* @n lines of what letters are made of, round and round: headings of
 * each level, sentences, table rows, blank lines, lines cut in the middle
 * of a sentence, a signature and a date. */
static GBytes *
make_lines (guint n)
{
  static const char * const shapes[] = {
    "一、关于第%u项养老服务设施建设",
    "（%u）社区居家养老服务情况",
    "%u. 按照省市部署要求，完善考核评价办法。",
    "",
    "| 区县 | %u | 养老院 | 12 |",
    "第%u批项目已完成主体工程，正在组织验收，",
    "预计年内投入使用，新增床位%u张。",
    "（一）加强组织领导",
    "怀化市民政局",
    "2023年%u月9日",
  };
  GString *text = g_string_new ("关于市十五届人大三次会议第165号建议的答复\n\n尊敬的王洋代表：\n\n");

  for (guint i = 0; i < n; i++)
    {
      const char *shape = shapes[i % G_N_ELEMENTS (shapes)];
      const char *number = strstr (shape, "%u");

      if (number != NULL)
        {
          g_string_append_len (text, shape, number - shape);
          g_string_append_printf (text, "%u%s", i % 12 + 1, number + 2);
        }
      else
        g_string_append (text, shape);
      g_string_append_c (text, '\n');
    }
  return g_string_free_to_bytes (text);
}

/* What import does with a text file's bytes. Not inlined, so that
 * callgrind can count it alone. */
static G_GNUC_NO_INLINE DafuLetter *
parse_as_import (GBytes  *bytes,
                 GError **error)
{
  g_autofree char *text = dafu_text_from_file ("letter.txt", bytes, NULL, error);

  if (text == NULL)
    return NULL;
  return dafu_parser_parse_text (text, error);
}

static GBytes *
make_input (const char *kind,
            guint       n)
{
  if (g_str_equal (kind, "letters"))
    return make_letters (n);
  if (g_str_equal (kind, "lines"))
    return make_lines (n);
  g_error ("No input “%s”", kind);
}

/* The child that callgrind watches: parses one input. */
static int
run_child (const char *kind,
           const char *n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = make_input (kind, (guint) g_ascii_strtoull (n, NULL, 10));
  g_autoptr(DafuLetter) letter = parse_as_import (bytes, &error);

  if (letter == NULL)
    g_error ("%s", error->message);
  return 0;
}

/* ----------------------------------------------------------------------- *
 * The largest inputs
 * ----------------------------------------------------------------------- */

static gboolean
under_valgrind (void)
{
  /* The valgrind test setup (tests/meson.build): parsing 8 MiB under
   * memcheck takes minutes, and callgrind cannot run inside it. */
  if (g_getenv ("DAFU_TEST_UNDER_VALGRIND") != NULL)
    {
      g_test_skip ("Too slow under valgrind");
      return TRUE;
    }
  return FALSE;
}

static void
test_largest_letter (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(DafuLetter) letter = NULL;
  g_autoptr(DafuLetter) first = dafu_generator_letter_facts (7, 0);

  if (under_valgrind ())
    return;

  bytes = make_letters (DAFU_TEXT_MAX_SIZE);
  g_assert_cmpuint (g_bytes_get_size (bytes), >, DAFU_TEXT_MAX_SIZE - 4);
  letter = parse_as_import (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (letter);

  /* Read as the first of the letters it is made of, with all the rest as
   * its body. */
  g_assert_cmpstr (dafu_letter_get_title (letter), ==, dafu_letter_get_title (first));
  g_assert_cmpstr (dafu_letter_get_city (letter), ==, dafu_letter_get_city (first));
  g_assert_cmpuint (strlen (dafu_letter_get_text (letter)), >, DAFU_TEXT_MAX_SIZE * 9 / 10);
  g_assert_cmpuint (g_list_model_get_n_items (dafu_letter_get_sections (letter)), >,
                    g_list_model_get_n_items (dafu_letter_get_sections (first)));
}

#define N_LINES 200000

static void
test_many_lines (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(DafuLetter) letter = NULL;
  const char *text;
  guint lines = 0;

  if (under_valgrind ())
    return;

  bytes = make_lines (N_LINES);
  g_assert_cmpuint (g_bytes_get_size (bytes), <=, DAFU_TEXT_MAX_SIZE);
  letter = parse_as_import (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (letter);

  g_assert_cmpstr (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_ADDRESSEE), ==, "王洋");
  g_assert_cmpstr (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_SUGGESTION_NUMBER), ==, "165");
  g_assert_cmpuint (g_list_model_get_n_items (dafu_letter_get_sections (letter)), >, 0);
  /* Nothing of it is lost (cut lines may be joined). */
  text = dafu_letter_get_text (letter);
  for (const char *p = strchr (text, '\n'); p != NULL; p = strchr (p + 1, '\n'))
    lines++;
  g_test_message ("%u lines read as %u, %u sections", N_LINES, lines,
                  g_list_model_get_n_items (dafu_letter_get_sections (letter)));
  g_assert_cmpuint (lines, >, N_LINES / 2);
}

/* ----------------------------------------------------------------------- *
 * Linear work
 * ----------------------------------------------------------------------- */

/* The instructions callgrind counted in parse_as_import() for input
 * @kind of size @n. */
static guint64
count_work (const char *valgrind,
            const char *dir,
            const char *kind,
            guint       n)
{
  g_autofree char *self = g_test_build_filename (G_TEST_BUILT, "test-parse-scale", NULL);
  g_autofree char *out = g_strdup_printf ("%s/callgrind-%s-%u.out", dir, kind, n);
  g_autofree char *out_arg = g_strconcat ("--callgrind-out-file=", out, NULL);
  g_autofree char *n_arg = g_strdup_printf ("%u", n);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_auto(GStrv) lines = NULL;
  guint64 total = 0;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                            valgrind, "--tool=callgrind", "--toggle-collect=parse_as_import*",
                            out_arg, self, "--parse", kind, n_arg, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (child, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (out, &contents, NULL, &error));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "totals: ") || g_str_has_prefix (lines[i], "summary: "))
      total = g_ascii_strtoull (strchr (lines[i], ' ') + 1, NULL, 10);
  return total;
}

static void
test_linear (void)
{
  static const struct {
    const char *kind;
    guint       n;
  } inputs[] = {
    { "letters", 256 * 1024 },  /* bytes */
    { "lines", 2500 },
  };
  g_autofree char *valgrind = NULL;
  g_autofree char *dir = NULL;

#ifdef DAFU_TEST_ASAN
  g_test_skip ("Valgrind cannot run a program built with AddressSanitizer");
  return;
#endif
  if (under_valgrind ())
    return;
  valgrind = g_find_program_in_path ("valgrind");
  if (valgrind == NULL)
    {
      g_test_skip ("valgrind is not installed: the work cannot be counted");
      return;
    }

  dir = dafu_test_make_tmp ();
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      guint64 once = count_work (valgrind, dir, inputs[i].kind, inputs[i].n);
      guint64 twice = count_work (valgrind, dir, inputs[i].kind, 2 * inputs[i].n);
      double ratio = (double) twice / once;

      g_test_message ("%s: %u → %" G_GUINT64_FORMAT " instructions, %u → %" G_GUINT64_FORMAT
                      " (× %.2f)", inputs[i].kind, inputs[i].n, once, 2 * inputs[i].n, twice, ratio);
      /* Callgrind found the function (a name it did not know counts 0). */
      g_assert_cmpuint (once, >, 1000000);
      g_assert_cmpfloat (ratio, <=, MAX_RATIO);
    }
  dafu_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && strcmp (argv[1], "--parse") == 0)
    return run_child (argv[2], argv[3]);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parse-scale/largest-letter", test_largest_letter);
  g_test_add_func ("/parse-scale/many-lines", test_many_lines);
  g_test_add_func ("/parse-scale/linear", test_linear);

  return g_test_run ();
}
