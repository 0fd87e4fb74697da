/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dafu-test-util.h"

#include <gio/gio.h>
#include <string.h>

#include "dafu-delta.h"
#include "dafu-letter.h"
#include "dafu-parser.h"
#include "dafu-text.h"

/* A file kept as edits of its repaired text must come back byte for byte,
 * and a delta that cannot must never be made. */

static GBytes *
repaired_text (GBytes *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *decoded = dafu_text_decode (file, NULL, &error);
  g_autoptr(DafuLetter) letter = NULL;
  const char *text;

  g_assert_no_error (error);
  letter = dafu_parser_parse_text (decoded, &error);
  g_assert_no_error (error);
  text = dafu_letter_get_text (letter);
  return g_bytes_new (text, strlen (text));
}

/* Returns whether a delta was made. */
static gboolean
assert_round_trip (GBytes *original,
                   GBytes *text)
{
  g_autoptr(GBytes) delta = dafu_delta_encode (original, text);
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GError) error = NULL;

  if (delta == NULL)
    return FALSE;  /* too different: the library compresses the file instead */
  back = dafu_delta_apply (text, delta, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, original));
  return TRUE;
}

static void
test_samples (void)
{
  g_autofree char *dir = dafu_test_samples_dir ();
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GBytes) file = NULL;
      g_autoptr(GBytes) text = NULL;
      g_autoptr(GBytes) delta = NULL;
      g_autoptr(GBytes) back = NULL;
      g_autoptr(GError) error = NULL;
      gsize len;

      if (!g_str_has_suffix (name, ".txt"))
        continue;
      g_assert_true (g_file_get_contents (path, &contents, &len, &error));
      file = g_bytes_new (contents, len);
      text = repaired_text (file);

      /* The samples are UTF-8: each gets a delta far smaller than itself. */
      delta = dafu_delta_encode (file, text);
      g_test_message ("%s: %zu bytes, delta %zu", name, len, delta ? g_bytes_get_size (delta) : 0);
      g_assert_nonnull (delta);
      g_assert_cmpuint (g_bytes_get_size (delta), <, len / 8 + 64);
      back = dafu_delta_apply (text, delta, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (back, file));
      n++;
    }
  g_assert_cmpuint (n, ==, 5);
}

static void
test_other_encoding (void)
{
  const char *utf8 = "咸阳市民政局\n关于养老服务的答复\n";
  g_autofree char *gb = g_convert (utf8, -1, "GB18030", "UTF-8", NULL, NULL, NULL);
  g_autoptr(GBytes) file = g_bytes_new (gb, strlen (gb));
  g_autoptr(GBytes) text = g_bytes_new_static (utf8, strlen (utf8));

  /* Nothing in common byte for byte: no delta. */
  g_assert_null (dafu_delta_encode (file, text));
}

static void
test_random_edits (void)
{
  const char *base = "　　一、关于完善养老服务体系的建议\n\n我局高度重视，经认真研究，现答复如下：\n"
                     "（一）推进社区居家养老服务。2024年全市建成日间照料中心266个。\n";
  GRand *rand = g_rand_new_with_seed (20261123);
  guint made = 0;

  for (guint round = 0; round < 2000; round++)
    {
      GString *original = g_string_new (base);
      g_autoptr(GBytes) text = g_bytes_new_static (base, strlen (base));
      g_autoptr(GBytes) file = NULL;
      guint edits = g_rand_int_range (rand, 0, 12);

      for (guint e = 0; e < edits; e++)
        {
          gsize at = g_rand_int_range (rand, 0, original->len + 1);

          switch (g_rand_int_range (rand, 0, 3))
            {
            case 0:
              g_string_insert (original, at, g_rand_boolean (rand) ? "\n\n" : "　　");
              break;
            case 1:
              if (at < original->len)
                g_string_erase (original, at, MIN (3, original->len - at));
              break;
            default:
              {
                char byte = (char) g_rand_int_range (rand, 0, 256);
                g_string_insert_len (original, at, &byte, 1);
              }
            }
        }
      file = g_string_free_to_bytes (original);
      made += assert_round_trip (file, text);
    }
  g_rand_free (rand);

  /* Most edited copies get a delta (the rest are too far off). */
  g_assert_cmpuint (made, >, 1500);
}

static void
test_damaged_delta (void)
{
  g_autoptr(GBytes) text = g_bytes_new_static ("abcdef", 6);
  static const guint8 copy_too_far[] = { (7 << 2) | 0 };
  static const guint8 skip_too_far[] = { (9 << 2) | 1 };
  static const guint8 short_insert[] = { (5 << 2) | 2, 'x' };
  static const guint8 bad_op[] = { 3 };
  static const guint8 cut_varint[] = { 0x80 };
  const struct { const guint8 *data; gsize len; } cases[] = {
    { copy_too_far, sizeof copy_too_far }, { skip_too_far, sizeof skip_too_far },
    { short_insert, sizeof short_insert }, { bad_op, sizeof bad_op },
    { cut_varint, sizeof cut_varint },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) delta = g_bytes_new_static (cases[i].data, cases[i].len);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) back = dafu_delta_apply (text, delta, &error);

      g_assert_null (back);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/delta/samples", test_samples);
  g_test_add_func ("/delta/other-encoding", test_other_encoding);
  g_test_add_func ("/delta/random-edits", test_random_edits);
  g_test_add_func ("/delta/damaged", test_damaged_delta);

  return g_test_run ();
}
