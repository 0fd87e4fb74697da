/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A main for the fuzz targets without libFuzzer: feeds every file of the
 * given folders (and every given file) to LLVMFuzzerTestOneInput once, so
 * that the corpus and the crashers found run in the normal test suite with
 * any compiler. Fails when an argument cannot be read or when nothing ran;
 * a target that crashes or asserts fails it too. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "fuzz-util.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
run_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return FALSE;
    }
  printf ("%s (%" G_GSIZE_FORMAT " bytes)\n", path, len);
  fflush (stdout);
  /* libFuzzer's inputs are not NUL-terminated; neither are ours. */
  {
    g_autofree uint8_t *data = g_memdup2 (contents, len);

    LLVMFuzzerTestOneInput (data, len);
  }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  guint n_run = 0;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s DIR-OR-FILE…\n", argv[0]);
      return 2;
    }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDir) dir = NULL;
      g_autoptr(GPtrArray) names = NULL;
      const char *name;

      if (!g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          if (!run_file (argv[i]))
            return 1;
          n_run++;
          continue;
        }

      dir = g_dir_open (argv[i], 0, &error);
      if (dir == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      names = g_ptr_array_new_with_free_func (g_free);
      while ((name = g_dir_read_name (dir)) != NULL)
        if (name[0] != '.' && !g_str_has_suffix (name, ".md"))
          g_ptr_array_add (names, g_build_filename (argv[i], name, NULL));
      g_ptr_array_sort (names, compare_names);

      for (guint j = 0; j < names->len; j++)
        {
          if (!g_file_test (g_ptr_array_index (names, j), G_FILE_TEST_IS_REGULAR))
            continue;
          if (!run_file (g_ptr_array_index (names, j)))
            return 1;
          n_run++;
        }
    }

  if (n_run == 0)
    {
      fprintf (stderr, "no input to run\n");
      return 1;
    }
  printf ("%u inputs ran\n", n_run);
  return 0;
}
