/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dafu-test-util.h"

#include <glib/gstdio.h>

#include "dafu-parser.h"
#include "dafu-text.h"

/* The folder of the five sample letters, data/samples/. */
char *
dafu_test_samples_dir (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "samples", NULL);
}

/* A new temporary folder for one test program. */
char *
dafu_test_make_tmp (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("dafu-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* Removes @path and everything below it. */
void
dafu_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        dafu_test_rm_rf (child);
      }
  g_remove (path);
}

/* Sample letter @name (in data/samples/) read as the library reads it:
 * decoded, repaired and parsed, with its sections. */
DafuLetter *
dafu_test_load_sample (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = dafu_test_samples_dir ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  DafuLetter *letter;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  bytes = g_bytes_new (contents, len);
  text = dafu_text_decode (bytes, NULL, &error);
  g_assert_no_error (error);
  letter = dafu_parser_parse_text (text, &error);
  g_assert_no_error (error);
  g_assert_nonnull (letter);
  return letter;
}
