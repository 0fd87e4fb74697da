/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "dafu-consultation.h"
#include "dafu-letter.h"
#include "dafu-parser.h"
#include "dafu-section.h"
#include "dafu-text.h"

/* Keys of an expected letter that are not DafuLetterField keys. */
static const char * const extra_keys[] = {
  "file", "sections", "section_kinds", "consultation", "notes", NULL
};

typedef struct {
  char       *path;      /* the letter file */
  JsonObject *expected;  /* its hand-read fields */
} Case;

static void
case_free (gpointer data)
{
  Case *c = data;

  g_free (c->path);
  json_object_unref (c->expected);
  g_free (c);
}

static GPtrArray *cases;

static DafuLetter *
parse_file (const char  *path,
            GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *base = g_path_get_basename (path);
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;
  {
    g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&contents), len);

    return dafu_parser_parse_bytes (bytes, base, error);
  }
}

static const char *
member_string (JsonObject *object,
               const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return json_node_get_string (node);
}

/* Headings (or kinds) of the level-1 sections. */
static GPtrArray *
level1 (DafuLetter *letter,
        gboolean    kinds)
{
  GListModel *sections = dafu_letter_get_sections (letter);
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (sections); i++)
    {
      g_autoptr(DafuSection) s = g_list_model_get_item (sections, i);

      if (dafu_section_get_level (s) == 1)
        g_ptr_array_add (out, (gpointer) (kinds ? dafu_section_kind_to_string (dafu_section_get_kind (s))
                                                : dafu_section_get_heading (s)));
    }
  return out;
}

static void
compare_list (const char *file,
              const char *key,
              JsonObject *expected,
              GPtrArray  *got)
{
  JsonArray *want = json_object_has_member (expected, key) ?
                    json_object_get_array_member (expected, key) : NULL;
  guint n_want = want != NULL ? json_array_get_length (want) : 0;

  for (guint i = 0; i < MAX (n_want, got->len); i++)
    {
      const char *w = i < n_want ? json_array_get_string_element (want, i) : NULL;
      const char *g = i < got->len ? g_ptr_array_index (got, i) : NULL;

      if (g_strcmp0 (w, g) != 0)
        g_test_fail_printf ("%s: %s[%u]: expected %s, got %s", file, key, i,
                            w ? w : "(none)", g ? g : "(none)");
    }
}

static void
compare_consultation (const char *file,
                      JsonObject *expected,
                      DafuLetter *letter)
{
  DafuConsultation *got = dafu_letter_get_consultation (letter);
  JsonNode *node = json_object_get_member (expected, "consultation");
  JsonObject *want;
  const struct {
    const char *key;
    const char *(*get) (DafuConsultation *);
  } strings[] = {
    { "date", dafu_consultation_get_date },
    { "place", dafu_consultation_get_place },
    { "officer", dafu_consultation_get_officer },
    { "officer_phone", dafu_consultation_get_officer_phone },
    { "deputy_phone", dafu_consultation_get_deputy_phone },
  };

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (got != NULL)
        g_test_fail_printf ("%s: consultation: expected none, got one", file);
      return;
    }
  if (got == NULL)
    {
      g_test_fail_printf ("%s: consultation: expected one, got none", file);
      return;
    }

  want = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      const char *w = member_string (want, strings[i].key);
      const char *g = strings[i].get (got);

      if (g_strcmp0 (w, g) != 0)
        g_test_fail_printf ("%s: consultation.%s: expected %s, got %s", file,
                            strings[i].key, w ? w : "null", g ? g : "null");
    }

  {
    int ws = json_object_has_member (want, "suggestion_points") ?
             (int) json_object_get_int_member (want, "suggestion_points") : -1;
    int wr = json_object_has_member (want, "reply_points") ?
             (int) json_object_get_int_member (want, "reply_points") : -1;

    if (ws != dafu_consultation_get_suggestion_points (got))
      g_test_fail_printf ("%s: consultation.suggestion_points: expected %d, got %d", file,
                          ws, dafu_consultation_get_suggestion_points (got));
    if (wr != dafu_consultation_get_reply_points (got))
      g_test_fail_printf ("%s: consultation.reply_points: expected %d, got %d", file,
                          wr, dafu_consultation_get_reply_points (got));
  }
}

/* Every key of @expected against @letter; a field missing from @expected
 * must be NULL. */
static void
compare_letter (const char *file,
                JsonObject *expected,
                DafuLetter *letter)
{
  g_autoptr(GList) members = json_object_get_members (expected);
  g_autoptr(GPtrArray) headings = NULL;

  /* A misspelt key would silently expect NULL. */
  for (GList *l = members; l != NULL; l = l->next)
    {
      DafuLetterField field;

      if (!g_strv_contains (extra_keys, l->data) && !dafu_letter_field_from_key (l->data, &field))
        g_test_fail_printf ("%s: unknown key %s in the expected fields", file, (char *) l->data);
    }

  for (guint f = 0; f < DAFU_LETTER_N_FIELDS; f++)
    {
      const char *key = dafu_letter_field_key (f);
      const char *want = member_string (expected, key);
      const char *got = dafu_letter_get_field (letter, f);

      if (g_strcmp0 (want, got) != 0)
        g_test_fail_printf ("%s: %s: expected %s, got %s", file, key,
                            want ? want : "null", got ? got : "null");
    }

  compare_consultation (file, expected, letter);

  headings = level1 (letter, FALSE);
  compare_list (file, "sections", expected, headings);
  if (json_object_has_member (expected, "section_kinds"))
    {
      g_autoptr(GPtrArray) kinds = level1 (letter, TRUE);

      compare_list (file, "section_kinds", expected, kinds);
    }
}

static void
test_letter (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuLetter) letter = parse_file (c->path, &error);
  g_autofree char *base = g_path_get_basename (c->path);

  g_assert_no_error (error);
  g_assert_nonnull (letter);
  g_assert_cmpstr (dafu_letter_get_file_name (letter), ==, base);
  g_assert_nonnull (dafu_letter_get_text (letter));
  compare_letter (base, c->expected, letter);
}

/* The body's sections come in reading order and cover the letter. */
static void
test_sections_shape (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                 "jincheng-444.txt", NULL);
  g_autoptr(DafuLetter) letter = parse_file (path, NULL);
  GListModel *sections = dafu_letter_get_sections (letter);
  guint n = g_list_model_get_n_items (sections);
  g_autoptr(DafuSection) first = g_list_model_get_item (sections, 0);
  g_autoptr(DafuSection) third = g_list_model_get_item (sections, 2);
  g_autoptr(DafuSection) fourth = g_list_model_get_item (sections, 3);
  g_autoptr(DafuSection) last = g_list_model_get_item (sections, n - 1);
  g_autoptr(DafuSection) before_last = g_list_model_get_item (sections, n - 2);

  g_assert_cmpint (dafu_section_get_kind (first), ==, DAFU_SECTION_KIND_OPENING);
  g_assert_null (dafu_section_get_heading (first));
  g_assert_true (g_str_has_prefix (dafu_section_get_text (first), "您提出的《关于加强居家养老服务的建议》"));

  /* 二、 followed by its 1. 2. 3. items at level 2. */
  g_assert_cmpstr (dafu_section_get_heading (third), ==, "二、强化多轮驱动，稳步推进基本养老服务体系建设");
  g_assert_cmpuint (dafu_section_get_level (fourth), ==, 2);
  g_assert_cmpstr (dafu_section_get_heading (fourth), ==, "1.扎实推进城市社区居家养老服务。");
  /* The page break inside the item is joined. */
  g_assert_nonnull (strstr (dafu_section_get_text (fourth), "管理办法》，为全省树立了标杆。"));

  g_assert_cmpint (dafu_section_get_kind (before_last), ==, DAFU_SECTION_KIND_CLOSING);
  g_assert_true (g_str_has_prefix (dafu_section_get_text (before_last), "感谢您对养老工作的关心和支持"));
  g_assert_cmpint (dafu_section_get_kind (last), ==, DAFU_SECTION_KIND_SIGNATURE);
  g_assert_nonnull (strstr (dafu_section_get_text (last), "承办人：王雪娥"));
}

static void
test_plan_after_next_step (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                 "xianyang-2024-39.txt", NULL);
  g_autoptr(DafuLetter) letter = parse_file (path, NULL);
  g_autoptr(GPtrArray) kinds = level1 (letter, TRUE);
  GListModel *sections = dafu_letter_get_sections (letter);
  g_autoptr(DafuSection) footer = g_list_model_get_item (sections, g_list_model_get_n_items (sections) - 1);

  g_assert_cmpuint (kinds->len, ==, 7);
  g_assert_cmpstr (g_ptr_array_index (kinds, 3), ==, "measure");
  g_assert_cmpstr (g_ptr_array_index (kinds, 4), ==, "plan");
  g_assert_cmpstr (g_ptr_array_index (kinds, 6), ==, "plan");
  g_assert_cmpint (dafu_section_get_kind (footer), ==, DAFU_SECTION_KIND_FOOTER);
  g_assert_true (g_str_has_prefix (dafu_section_get_text (footer), "抄送："));
  g_assert_nonnull (strstr (dafu_section_get_text (footer), "2024年5月8日印发"));
}

static void
compare_letters (const char *what,
                 DafuLetter *want,
                 DafuLetter *got)
{
  g_autoptr(GPtrArray) hw = level1 (want, FALSE);
  g_autoptr(GPtrArray) hg = level1 (got, FALSE);

  for (guint f = 0; f < DAFU_LETTER_N_FIELDS; f++)
    if (g_strcmp0 (dafu_letter_get_field (want, f), dafu_letter_get_field (got, f)) != 0)
      g_test_fail_printf ("%s: %s: %s differs from UTF-8's %s", what, dafu_letter_field_key (f),
                          dafu_letter_get_field (got, f), dafu_letter_get_field (want, f));
  g_assert_cmpuint (hw->len, ==, hg->len);
  for (guint i = 0; i < hw->len; i++)
    g_assert_cmpstr (g_ptr_array_index (hw, i), ==, g_ptr_array_index (hg, i));
  g_assert_cmpstr (dafu_letter_get_text (want), ==, dafu_letter_get_text (got));
}

static void
test_encodings (void)
{
  static const char * const samples[] = {
    "changzhi-2025-59.txt", "jincheng-444.txt", "xianyang-2024-39.txt",
    "xianyang-2024-40.txt", "yulin-2021-114.txt", NULL
  };

  for (guint i = 0; samples[i]; i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", samples[i], NULL);
      g_autofree char *utf8 = NULL;
      g_autofree char *gb = NULL;
      g_autofree char *utf16 = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(DafuLetter) want = NULL;
      g_autoptr(DafuLetter) from_gb = NULL;
      g_autoptr(DafuLetter) from_utf16 = NULL;
      g_autoptr(GBytes) gb_bytes = NULL;
      g_autoptr(GBytes) utf16_bytes = NULL;
      g_autofree char *with_bom = NULL;
      g_autofree char *what_gb = g_strdup_printf ("%s (GB18030)", samples[i]);
      g_autofree char *what_16 = g_strdup_printf ("%s (UTF-16LE)", samples[i]);
      gsize len, gb_len, utf16_len;

      g_assert_true (g_file_get_contents (path, &utf8, &len, NULL));
      want = dafu_parser_parse_text (utf8, NULL);

      gb = g_convert (utf8, len, "GB18030", "UTF-8", NULL, &gb_len, &error);
      g_assert_no_error (error);
      gb_bytes = g_bytes_new (gb, gb_len);
      from_gb = dafu_parser_parse_bytes (gb_bytes, samples[i], &error);
      g_assert_no_error (error);
      compare_letters (what_gb, want, from_gb);

      utf16 = g_convert (utf8, len, "UTF-16LE", "UTF-8", NULL, &utf16_len, &error);
      g_assert_no_error (error);
      with_bom = g_malloc (utf16_len + 2);
      with_bom[0] = (char) 0xff;
      with_bom[1] = (char) 0xfe;
      memcpy (with_bom + 2, utf16, utf16_len);
      utf16_bytes = g_bytes_new (with_bom, utf16_len + 2);
      from_utf16 = dafu_parser_parse_bytes (utf16_bytes, samples[i], &error);
      g_assert_no_error (error);
      compare_letters (what_16, want, from_utf16);
    }
}

static void
expect_error (const void *data,
              gsize       len,
              int         code)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuLetter) letter = dafu_parser_parse_bytes (bytes, "bad.txt", &error);

  g_assert_null (letter);
  g_assert_error (error, DAFU_TEXT_ERROR, code);
}

static void
test_bad_input (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
  static const guint8 bad_utf16[] = { 0xff, 0xfe, 0x00, 0xd8, 0x41 };
  static const guint8 not_gb[] = { 0x80, 0xff, 0xff, 0x80, 0xff, 0x30 };

  expect_error ("", 0, DAFU_TEXT_ERROR_EMPTY);
  expect_error (" \n\t　\n", strlen (" \n\t　\n"), DAFU_TEXT_ERROR_EMPTY);
  expect_error (png, sizeof png, DAFU_TEXT_ERROR_BINARY);
  expect_error (bad_utf16, sizeof bad_utf16, DAFU_TEXT_ERROR_ENCODING);
  expect_error (not_gb, sizeof not_gb, DAFU_TEXT_ERROR_ENCODING);
}

/* Random bytes and fragments of letters: an error or a letter, never a
 * crash, and never a field that is not text. */
static void
test_garbage (void)
{
  static const char * const fragments[] = {
    "代表：", "：", "第", "号", "〔2024〕", "关于", "的建议", "一、", "（一）", "**",
    "签发人：", "联系电话：", "抄送：", "2024年", "二〇一七年六月", "\n", "\n\n", "\t",
    "|", "---", "<!--", "&nbsp", "面商记录表", "面商时间", "《", "“", "1.", "印发",
    "市民政局", "政协", "委员：", "A类", "(", "）", " ", "　", "&#", "<br>",
  };
  GRand *rand = g_rand_new_with_seed (20240508);

  for (int round = 0; round < 400; round++)
    {
      GString *s = g_string_new (NULL);
      int n = g_rand_int_range (rand, 0, 60);
      g_autoptr(DafuLetter) letter = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;

      for (int k = 0; k < n; k++)
        {
          if (round % 4 == 0)
            g_string_append_c (s, (char) g_rand_int_range (rand, 1, 256));
          else
            g_string_append (s, fragments[g_rand_int_range (rand, 0, G_N_ELEMENTS (fragments))]);
        }

      bytes = g_bytes_new (s->str, s->len);
      letter = dafu_parser_parse_bytes (bytes, "garbage.txt", &error);
      g_assert_true ((letter == NULL) != (error == NULL));
      if (letter != NULL)
        for (guint f = 0; f < DAFU_LETTER_N_FIELDS; f++)
          {
            const char *v = dafu_letter_get_field (letter, f);

            g_assert_true (v == NULL || (*v != '\0' && g_utf8_validate (v, -1, NULL)));
            g_assert_true (dafu_letter_field_is_valid (f, v, NULL));
          }

      /* The text entry point takes anything, even invalid UTF-8. */
      g_clear_object (&letter);
      letter = dafu_parser_parse_text (s->str, NULL);
      g_assert_nonnull (letter);
      g_string_free (s, TRUE);
    }

  g_rand_free (rand);
}

/* 8 MiB of letters parse in near-linear time. */
static void
test_large_input (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                 "xianyang-2024-39.txt", NULL);
  g_autofree char *one = NULL;
  g_autoptr(GString) big = g_string_new (NULL);
  g_autoptr(DafuLetter) letter = NULL;
  gint64 start;
  double seconds;

  g_assert_true (g_file_get_contents (path, &one, NULL, NULL));
  while (big->len < DAFU_TEXT_MAX_SIZE - strlen (one))
    g_string_append (big, one);

  start = g_get_monotonic_time ();
  letter = dafu_parser_parse_text (big->str, NULL);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_test_message ("parsed %" G_GSIZE_FORMAT " bytes in %.3f s", big->len, seconds);
  g_assert_cmpstr (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_DOC_NUMBER), ==, "咸民函〔2024〕39号");
}

/* Pathological shapes: one huge line, many salutation-like lines, many
 * openers without closers. Each must stay near-linear. */
static void
test_pathological (void)
{
  static const char * const units[] = {
    "关于“关于《关于的建议，",
    "张三代表：\n\n一、\n\n",
    "联系人：张三，联系电话：12345，抄送：\n",
    "这是一段很长的正文内容，被分页符切断在句子中间的\n\n",
  };

  for (guint u = 0; u < G_N_ELEMENTS (units); u++)
    {
      g_autoptr(GString) big = g_string_new (NULL);
      g_autoptr(DafuLetter) letter = NULL;
      gint64 start;
      double seconds;

      while (big->len < DAFU_TEXT_MAX_SIZE / 2)
        g_string_append (big, units[u]);
      start = g_get_monotonic_time ();
      letter = dafu_parser_parse_text (big->str, NULL);
      seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      g_test_message ("shape %u: %.3f s", u, seconds);
      g_assert_nonnull (letter);
    }
}

/* Counties whose own name ends in 县 or 旗 keep their unit: 沙县区 is not
 * 沙县, 辉县市 is not 辉县 (found by the generated corpus). */
static void
test_city_names (void)
{
  static const struct { const char *issuer; const char *city; } names[] = {
    { "沙县区民政局", "沙县区" },
    { "辉县市民政局", "辉县市" },
    { "红旗区民政局", "红旗区" },
    { "咸阳市秦都区民政局", "秦都区" },
    { "马关县民政局", "马关县" },
    { "咸阳市民政局", "咸阳市" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *text = g_strdup_printf ("%s\n\n关于市九届人大四次会议第1号建议的答复函\n\n张三代表：\n\n"
                                               "您提出的建议收悉。\n\n%s\n\n2024年5月8日\n",
                                               names[i].issuer, names[i].issuer);
      g_autoptr(DafuLetter) letter = dafu_parser_parse_text (text, NULL);

      g_assert_cmpstr (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_ISSUER), ==, names[i].issuer);
      g_assert_cmpstr (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_CITY), ==, names[i].city);
    }
}

/* 于都县 is a county: 关于对于都县… is 关于对 + 于都县…; 关于对于市… drops 对于. */
static void
test_session_after_dui (void)
{
  static const struct { const char *title; const char *session; } titles[] = {
    { "关于对于都县第九届人民代表大会第一次会议第368号建议的答复", "于都县第九届人民代表大会第一次会议" },
    { "关于对市九届人大四次会议第304号建议的答复函", "市九届人大四次会议" },
    { "关于对于市九届人大四次会议第304号建议的答复函", "市九届人大四次会议" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autofree char *text = g_strdup_printf ("于都县民政局\n\n%s\n\n张三代表：\n\n您提出的建议收悉。\n",
                                               titles[i].title);
      g_autoptr(DafuLetter) letter = dafu_parser_parse_text (text, NULL);

      g_assert_cmpstr (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_SESSION), ==, titles[i].session);
    }
}

static void
add_cases (const char *json_path,
           const char *letters_dir,
           const char *prefix)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *letters;

  json_parser_load_from_file (parser, json_path, &error);
  g_assert_no_error (error);
  letters = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "letters");

  for (guint i = 0; i < json_array_get_length (letters); i++)
    {
      JsonObject *expected = json_array_get_object_element (letters, i);
      const char *file = json_object_get_string_member (expected, "file");
      Case *c = g_new0 (Case, 1);
      g_autofree char *name = g_strdup_printf ("%s/%s", prefix, file);

      c->path = g_build_filename (letters_dir, file, NULL);
      c->expected = json_object_ref (expected);
      g_ptr_array_add (cases, c);
      g_test_add_data_func (name, c, test_letter);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *samples_json = NULL;
  g_autofree char *samples_dir = NULL;
  g_autofree char *fixtures_json = NULL;
  g_autofree char *fixtures_dir = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  cases = g_ptr_array_new_with_free_func (case_free);
  samples_json = g_test_build_filename (G_TEST_DIST, "fixtures", "expected.json", NULL);
  samples_dir = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", NULL);
  fixtures_json = g_test_build_filename (G_TEST_DIST, "fixtures", "letters", "expected.json", NULL);
  fixtures_dir = g_test_build_filename (G_TEST_DIST, "fixtures", "letters", NULL);

  add_cases (samples_json, samples_dir, "/parser/sample");
  add_cases (fixtures_json, fixtures_dir, "/parser/fixture");
  g_test_add_func ("/parser/sections/shape", test_sections_shape);
  g_test_add_func ("/parser/city-names", test_city_names);
  g_test_add_func ("/parser/session-after-dui", test_session_after_dui);
  g_test_add_func ("/parser/sections/plan", test_plan_after_next_step);
  g_test_add_func ("/parser/encoding/gb18030-utf16", test_encodings);
  g_test_add_func ("/parser/bad-input", test_bad_input);
  g_test_add_func ("/parser/garbage", test_garbage);
  g_test_add_func ("/parser/large-input", test_large_input);
  g_test_add_func ("/parser/pathological", test_pathological);

  ret = g_test_run ();
  g_ptr_array_unref (cases);
  return ret;
}
