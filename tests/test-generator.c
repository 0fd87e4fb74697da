/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "dafu-generator.h"
#include "dafu-letter.h"
#include "dafu-parser.h"
#include "dafu-section.h"
#include "dafu-test-util.h"

/* ------------------------------------------------------------ determinism */

static void
test_same_seed_same_letter (void)
{
  for (guint i = 0; i < 20; i++)
    {
      guint index = i * 7919;
      g_autofree char *a = dafu_generator_letter (7, index);
      g_autofree char *b = dafu_generator_letter (7, index);
      g_autofree char *other = dafu_generator_letter (8, index);
      g_autoptr(DafuLetter) facts = dafu_generator_letter_facts (7, index);

      g_assert_cmpstr (a, ==, b);
      g_assert_cmpstr (a, !=, other);
      g_assert_cmpstr (dafu_letter_get_text (facts), ==, a);
    }

  /* Letters of one corpus differ from one another. */
  {
    g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (guint i = 0; i < 100; i++)
      g_assert_true (g_hash_table_add (seen, dafu_generator_letter (1, i)));
  }
}

/* Fixed letters, so that a change of the corpus is a conscious one (bump
 * DAFU_GENERATOR_VERSION and these checksums together): the letters must
 * not depend on the machine, the GLib version or the order they are made. */
static void
test_stable_across_runs (void)
{
  g_autofree char *text = NULL;
  g_autofree char *other = NULL;
  g_autofree char *sum = NULL;
  g_autofree char *other_sum = NULL;

  /* Made after other letters, a letter is the same. */
  for (guint i = 1; i < 50; i++)
    g_free (dafu_generator_letter (1, i));
  text = dafu_generator_letter (1, 0);
  other = dafu_generator_letter (7, 12345);

  g_assert_cmpint (DAFU_GENERATOR_VERSION, ==, 1);
  sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  other_sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, other, -1);
  g_assert_cmpstr (sum, ==, "d893601e712a3c576030a1444a2068552e35ec30c39f82be0b4d5adf043e84fb");
  g_assert_cmpstr (other_sum, ==, "a6795073c7bf3c6dd58bb05f48b3096d3ba0881eb2be764807b2f9f5246bd44f");
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_write (void)
{
  g_autofree char *tmp = dafu_test_make_tmp ();
  g_autofree char *one = g_build_filename (tmp, "one", NULL);
  g_autofree char *two = g_build_filename (tmp, "two", "nested", NULL);
  g_autofree char *other = g_build_filename (tmp, "other", NULL);
  g_autoptr(GError) error = NULL;
  const guint count = 1003;

  g_assert_true (dafu_generator_write (one, count, 7, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dafu_generator_write (two, count, 7, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dafu_generator_write (other, 3, 8, NULL, &error));
  g_assert_no_error (error);

  /* A thousand letters per folder. */
  {
    g_autofree char *first = g_build_filename (one, "000", "letter-000000.txt", NULL);
    g_autofree char *last0 = g_build_filename (one, "000", "letter-000999.txt", NULL);
    g_autofree char *next = g_build_filename (one, "001", "letter-001000.txt", NULL);
    g_autofree char *end = g_build_filename (one, "001", "letter-001002.txt", NULL);
    g_autofree char *beyond = g_build_filename (one, "001", "letter-001003.txt", NULL);
    g_autofree char *path = dafu_generator_letter_path (one, 1000);

    g_assert_true (g_file_test (first, G_FILE_TEST_IS_REGULAR));
    g_assert_true (g_file_test (last0, G_FILE_TEST_IS_REGULAR));
    g_assert_true (g_file_test (next, G_FILE_TEST_IS_REGULAR));
    g_assert_true (g_file_test (end, G_FILE_TEST_IS_REGULAR));
    g_assert_false (g_file_test (beyond, G_FILE_TEST_EXISTS));
    g_assert_cmpstr (path, ==, next);
  }

  /* Byte-identical corpora for one seed; another seed, other letters. */
  for (guint i = 0; i < count; i += 97)
    {
      g_autofree char *pa = dafu_generator_letter_path (one, i);
      g_autofree char *pb = dafu_generator_letter_path (two, i);
      g_autofree char *a = read_file (pa);
      g_autofree char *b = read_file (pb);
      g_autofree char *made = dafu_generator_letter (7, i);

      g_assert_cmpstr (a, ==, b);
      g_assert_cmpstr (a, ==, made);
      if (i < 3)
        {
          g_autofree char *po = dafu_generator_letter_path (other, i);
          g_autofree char *o = read_file (po);

          g_assert_cmpstr (a, !=, o);
        }
    }

  /* The same corpus again into its folder: fine, and unchanged. */
  g_assert_true (dafu_generator_write (other, 3, 8, NULL, &error));
  g_assert_no_error (error);

  /* Anything else in the folder: refused, nothing overwritten. */
  g_assert_false (dafu_generator_write (other, 3, 9, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (dafu_generator_write (other, 4, 8, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  {
    g_autofree char *po = dafu_generator_letter_path (other, 0);
    g_autofree char *o = read_file (po);
    g_autofree char *made = dafu_generator_letter (8, 0);

    g_assert_cmpstr (o, ==, made);
  }
  {
    g_autofree char *foreign = g_build_filename (tmp, "foreign", NULL);
    g_autofree char *file = g_build_filename (foreign, "notes.txt", NULL);

    g_assert_cmpint (g_mkdir_with_parents (foreign, 0755), ==, 0);
    g_assert_true (g_file_set_contents (file, "mine", -1, NULL));
    g_assert_false (dafu_generator_write (foreign, 3, 8, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
    g_clear_error (&error);

    /* A file where the folder should be. */
    g_assert_false (dafu_generator_write (file, 3, 8, NULL, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }

  dafu_test_rm_rf (tmp);
}

static void
count_progress (guint    done,
                guint    count,
                gpointer user_data)
{
  guint *calls = user_data;

  g_assert_cmpuint (done, <=, count);
  (*calls)++;
}

static void
test_write_cancelled (void)
{
  g_autofree char *tmp = dafu_test_make_tmp ();
  g_autofree char *dir = g_build_filename (tmp, "corpus", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  guint calls = 0;

  g_cancellable_cancel (cancellable);
  g_assert_false (dafu_generator_write (dir, 600, 1, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Cut short, the same corpus can be written again. */
  g_assert_true (dafu_generator_write_full (dir, 600, 1, count_progress, &calls, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (calls, >=, 2);

  dafu_test_rm_rf (tmp);
}

/* ---------------------------------------------------------- letter shapes */

typedef struct {
  guint seen;
  guint right;
} Tally;

static void
tally (Tally      *t,
       const char *want,
       const char *got,
       guint       index,
       const char *what)
{
  t->seen++;
  if (g_strcmp0 (want, got) == 0)
    t->right++;
  else if (g_test_verbose ())
    g_test_message ("letter %u: %s is “%s”, not “%s”", index, what, got ? got : "(null)", want);
}

static double
rate (const Tally *t)
{
  return t->seen == 0 ? 1.0 : (double) t->right / t->seen;
}

static void
test_parser_reads_letters (void)
{
  const guint n = 200;
  Tally fields[DAFU_LETTER_N_FIELDS] = { { 0, 0 }, };
  Tally headed = { 0, 0 }, headings = { 0, 0 };
  guint64 chars = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DafuLetter) facts = dafu_generator_letter_facts (1, i);
      const char *text = dafu_letter_get_text (facts);
      g_autoptr(DafuLetter) parsed = NULL;
      g_autoptr(GError) error = NULL;
      GListModel *want = dafu_letter_get_sections (facts);
      GListModel *got;
      g_autoptr(GPtrArray) got_headings = g_ptr_array_new ();

      g_assert_true (g_utf8_validate (text, -1, NULL));
      chars += g_utf8_strlen (text, -1);

      parsed = dafu_parser_parse_text (text, &error);
      g_assert_no_error (error);
      g_assert_nonnull (parsed);

      for (guint f = 0; f < DAFU_LETTER_N_FIELDS; f++)
        {
          const char *value = dafu_letter_get_field (facts, f);

          /* A field the generator did not write is not checked. */
          if (value != NULL)
            tally (&fields[f], value, dafu_letter_get_field (parsed, f), i, dafu_letter_field_key (f));
        }

      got = dafu_letter_get_sections (parsed);
      for (guint s = 0; s < g_list_model_get_n_items (got); s++)
        {
          g_autoptr(DafuSection) section = g_list_model_get_item (got, s);

          if (dafu_section_get_level (section) == 1)
            g_ptr_array_add (got_headings, (gpointer) dafu_section_get_heading (section));
        }
      headed.seen++;
      if (got_headings->len > 0)
        headed.right++;

      headings.seen++;
      {
        gboolean same = got_headings->len == g_list_model_get_n_items (want);

        for (guint s = 0; same && s < got_headings->len; s++)
          {
            g_autoptr(DafuSection) section = g_list_model_get_item (want, s);

            same = g_strcmp0 (dafu_section_get_heading (section), got_headings->pdata[s]) == 0;
          }
        if (same)
          headings.right++;
        else if (g_test_verbose ())
          {
            g_autoptr(GString) msg = g_string_new (NULL);

            g_string_append_printf (msg, "letter %u: headings", i);
            for (guint s = 0; s < got_headings->len; s++)
              g_string_append_printf (msg, " | %s", (char *) got_headings->pdata[s]);
            g_string_append (msg, "  ≠ ");
            for (guint s = 0; s < g_list_model_get_n_items (want); s++)
              {
                g_autoptr(DafuSection) section = g_list_model_get_item (want, s);

                g_string_append_printf (msg, " | %s", dafu_section_get_heading (section));
              }
            g_test_message ("%s", msg->str);
          }
      }

      /* Facts the generator always writes. */
      g_assert_nonnull (dafu_letter_get_field (facts, DAFU_LETTER_FIELD_TITLE));
      g_assert_nonnull (dafu_letter_get_field (facts, DAFU_LETTER_FIELD_CITY));
      g_assert_nonnull (dafu_letter_get_field (facts, DAFU_LETTER_FIELD_DATE));
      g_assert_nonnull (dafu_letter_get_field (facts, DAFU_LETTER_FIELD_ADDRESSEE));
      g_assert_cmpuint (g_list_model_get_n_items (want), >=, 2);
    }

  for (guint f = 0; f < DAFU_LETTER_N_FIELDS; f++)
    if (fields[f].seen > 0)
      g_test_message ("%-18s %5.1f%% of %u", dafu_letter_field_key (f), 100 * rate (&fields[f]),
                      fields[f].seen);
  g_test_message ("headed             %5.1f%%", 100 * rate (&headed));
  g_test_message ("all headings       %5.1f%%", 100 * rate (&headings));
  g_test_message ("average length     %.0f characters", (double) chars / n);

  /* About 3,000 characters, like the samples. */
  g_assert_cmpfloat ((double) chars / n, >=, 2500);
  g_assert_cmpfloat ((double) chars / n, <=, 3500);

  /* The parser reads back what the generator wrote. */
  g_assert_cmpuint (fields[DAFU_LETTER_FIELD_TITLE].seen, ==, n);
  g_assert_cmpfloat (rate (&fields[DAFU_LETTER_FIELD_TITLE]), >=, 0.95);
  g_assert_cmpfloat (rate (&fields[DAFU_LETTER_FIELD_CITY]), >=, 0.95);
  g_assert_cmpuint (fields[DAFU_LETTER_FIELD_DOC_NUMBER].seen, >=, n / 2);
  g_assert_cmpfloat (rate (&fields[DAFU_LETTER_FIELD_DOC_NUMBER]), >=, 0.95);
  g_assert_cmpfloat (rate (&fields[DAFU_LETTER_FIELD_DATE]), >=, 0.95);
  g_assert_cmpfloat (rate (&fields[DAFU_LETTER_FIELD_ADDRESSEE]), >=, 0.95);
  g_assert_cmpfloat (rate (&headed), >=, 0.95);
  /* And more than the brief asks: the rest of the header and the headings. */
  g_assert_cmpfloat (rate (&fields[DAFU_LETTER_FIELD_SESSION]), >=, 0.95);
  g_assert_cmpfloat (rate (&fields[DAFU_LETTER_FIELD_SUGGESTION_NUMBER]), >=, 0.95);
  g_assert_cmpfloat (rate (&fields[DAFU_LETTER_FIELD_KIND]), >=, 0.95);
  g_assert_cmpfloat (rate (&fields[DAFU_LETTER_FIELD_ADDRESSEE_ROLE]), >=, 0.95);
  g_assert_cmpfloat (rate (&fields[DAFU_LETTER_FIELD_CATEGORY]), >=, 0.95);
  g_assert_cmpfloat (rate (&headings), >=, 0.90);
}

/* ------------------------------------------------------------- vocabulary */

static gboolean
is_han (gunichar c)
{
  return c >= 0x4e00 && c <= 0x9fff;
}

static void
test_vocabulary (void)
{
  const guint n = 500;
  g_autoptr(GHashTable) bigrams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) paragraphs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint yanglao = 0, n_paragraphs = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = dafu_generator_letter (3, i);
      g_auto(GStrv) paras = g_strsplit (text, "\n\n", -1);
      const char *prev = NULL;

      if (strstr (text, "养老") != NULL)
        yanglao++;

      for (const char *p = text; *p; p = g_utf8_next_char (p))
        {
          if (prev != NULL && is_han (g_utf8_get_char (prev)) && is_han (g_utf8_get_char (p)))
            {
              char bigram[16];
              gsize len = g_utf8_next_char (p) - prev;

              memcpy (bigram, prev, len);
              bigram[len] = '\0';
              /* The value: in how many letters (high bits) and the last one. */
              {
                gpointer value;
                guint64 v = 0;

                if (g_hash_table_lookup_extended (bigrams, bigram, NULL, &value))
                  v = GPOINTER_TO_SIZE (value);
                else
                  g_hash_table_insert (bigrams, g_strdup (bigram), NULL);
                if (v == 0 || (v & 0xffff) != i + 1)
                  g_hash_table_insert (bigrams, g_strdup (bigram),
                                       GSIZE_TO_POINTER ((((v >> 16) + 1) << 16) | (i + 1)));
              }
            }
          prev = p;
        }

      /* Long paragraphs are recombined, not copied letter to letter. */
      for (guint j = 0; paras[j]; j++)
        if (g_utf8_strlen (paras[j], -1) >= 80)
          {
            n_paragraphs++;
            g_hash_table_add (paragraphs, g_strdup (paras[j]));
          }
    }

  /* Zipf-like: a few words in most letters, most words in few. */
  {
    GHashTableIter iter;
    gpointer value;
    guint common = 0, rare = 0;

    g_hash_table_iter_init (&iter, bigrams);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      {
        guint letters = GPOINTER_TO_SIZE (value) >> 16;

        if (letters >= n / 2)
          common++;
        if (letters <= 5)
          rare++;
      }
    g_test_message ("%u words in half the letters or more, %u in 5 letters or fewer", common, rare);
    g_assert_cmpuint (common, >=, 20);
    g_assert_cmpuint (rare, >=, g_hash_table_size (bigrams) / 2);
  }

  g_test_message ("%u distinct 2-character words; 养老 in %u of %u letters; %u of %u paragraphs distinct",
                  g_hash_table_size (bigrams), yanglao, n, g_hash_table_size (paragraphs), n_paragraphs);
  g_assert_cmpuint (g_hash_table_size (bigrams), >=, 2000);
  g_assert_cmpuint (yanglao, >=, n / 5);
  g_assert_cmpuint (yanglao, <, n);
  g_assert_cmpuint (g_hash_table_size (paragraphs), >=, n_paragraphs * 95 / 100);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/generator/same-seed-same-letter", test_same_seed_same_letter);
  g_test_add_func ("/generator/stable-across-runs", test_stable_across_runs);
  g_test_add_func ("/generator/write", test_write);
  g_test_add_func ("/generator/write-cancelled", test_write_cancelled);
  g_test_add_func ("/generator/parser-reads-letters", test_parser_reads_letters);
  g_test_add_func ("/generator/vocabulary", test_vocabulary);

  return g_test_run ();
}
