/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "dafu-figure.h"
#include "dafu-text.h"
#include "dafu-test-util.h"

static gboolean
same_number (double a,
             double b)
{
  return fabs (a - b) <= 1e-9 * MAX (1.0, fabs (b));
}

static GPtrArray *
extract (const char *text)
{
  GPtrArray *figures = dafu_figures_extract (text);

  g_assert_nonnull (figures);
  return figures;
}

/* Asserts that @text holds exactly one figure and returns it. */
static DafuFigure *
only_figure (GPtrArray  *figures,
             const char *text)
{
  if (figures->len != 1)
    g_error ("%s: %u figures, expected 1", text, figures->len);
  return g_ptr_array_index (figures, 0);
}

static void
assert_figure (const char     *text,
               const char     *written,
               double          value,
               double          normalized,
               const char     *unit,
               DafuFigureKind  kind,
               const char     *label)
{
  g_autoptr(GPtrArray) figures = extract (text);
  DafuFigure *figure = only_figure (figures, text);
  g_autofree char *at = NULL;

  g_assert_cmpstr (dafu_figure_get_text (figure), ==, written);
  g_assert_cmpfloat_with_epsilon (dafu_figure_get_value (figure), value, 1e-9);
  g_assert_cmpfloat_with_epsilon (dafu_figure_get_normalized (figure), normalized, 1e-6);
  g_assert_cmpstr (dafu_figure_get_unit (figure), ==, unit);
  g_assert_cmpint (dafu_figure_get_kind (figure), ==, kind);
  g_assert_cmpstr (dafu_figure_get_label (figure), ==, label);

  /* start and end are character offsets of the text as written. */
  at = g_utf8_substring (text, dafu_figure_get_start (figure), dafu_figure_get_end (figure));
  g_assert_cmpstr (at, ==, written);
}

static void
assert_no_figure (const char *text)
{
  g_autoptr(GPtrArray) figures = extract (text);

  if (figures->len != 0)
    g_error ("%s: found %s", text,
             dafu_figure_get_text (g_ptr_array_index (figures, 0)));
}

static void
test_brief_examples (void)
{
  assert_figure ("建成日间照料中心266个。", "266个", 266, 266, "个",
                 DAFU_FIGURE_KIND_COUNT, "日间照料中心");
  assert_figure ("提供床位8354张。", "8354张", 8354, 8354, "张",
                 DAFU_FIGURE_KIND_COUNT, "床位");
  assert_figure ("覆盖率达到93%。", "93%", 93, 93, "%",
                 DAFU_FIGURE_KIND_PERCENT, "覆盖率");
  assert_figure ("累计投入资金1.84亿元，", "1.84亿元", 1.84, 184000000, "元",
                 DAFU_FIGURE_KIND_MONEY, "资金");
  assert_figure ("对辖区 70 个社区日间照料中心进行统一建设。", "70 个", 70, 70, "个",
                 DAFU_FIGURE_KIND_COUNT, "社区日间照料中心");
  assert_figure ("新建养老服务用房 300 平方米。", "300 平方米", 300, 300, "平方米",
                 DAFU_FIGURE_KIND_AREA, "养老服务用房");
}

static void
test_not_figures (void)
{
  /* Years and dates. */
  assert_no_figure ("2024年5月8日印发");
  assert_no_figure ("2023 年争取省级补助资金");
  assert_no_figure ("面商时间\t2023年7月20日");
  assert_no_figure ("截至 2022 年底，连续5年，近3年");
  /* Document numbers and suggestion numbers. */
  assert_no_figure ("咸民函〔2024〕40号");
  assert_no_figure ("（咸自资发〔2021〕182号）");
  assert_no_figure ("关于对市九届人大四次会议第304号建议的答复函");
  assert_no_figure ("建议编号：第 444 号");
  /* Phone numbers. */
  assert_no_figure ("联系单位及电话：市民政局社会福利科 38990021");
  assert_no_figure ("联系电话\t13934066646\n面商人\t王雪娥\t联系电话\t0356-2566249");
  /* Section numbers and article citations. */
  assert_no_figure ("一、强化政策创制\n（二）完善机制\n1. 制定方案\n2.加强建设");
  assert_no_figure ("关于第一条建议，依据《条例》第十二条、第3条");
  /* Ratios and times. */
  assert_no_figure ("按照1:3的比例配备，14：30开会");
  /* Quoted slogans, ordinals, lone 一, ages and durations. */
  assert_no_figure ("“十四五”期间，“三书一表”，一个中心，一次性补贴，每百户");
  assert_no_figure ("65 岁及以上老人，提供 24 小时服务，15分钟养老服务圈");
  assert_no_figure ("连续3个月，5个工作日内办结，构建四位一体格局");
}

static void
test_multipliers (void)
{
  assert_figure ("争取 1980 万元省级补助资金", "1980 万元", 1980, 19800000, "元",
                 DAFU_FIGURE_KIND_MONEY, "省级补助资金");
  assert_figure ("惠及老年人3.5万人", "3.5万人", 3.5, 35000, "人", DAFU_FIGURE_KIND_COUNT, "老年人");
  assert_figure ("培训养老服务从业人员 1.2 万人次。", "1.2 万人次", 1.2, 12000, "人次",
                 DAFU_FIGURE_KIND_COUNT, "养老服务从业人员");
  assert_figure ("下拨资金1,980元", "1,980元", 1980, 1980, "元", DAFU_FIGURE_KIND_MONEY, "资金");
  assert_figure ("投资 690 余万元", "690 余万元", 690, 6900000, "元", DAFU_FIGURE_KIND_MONEY, "投资");
  assert_figure ("占比百分之 5 左右", "百分之 5", 5, 5, "%", DAFU_FIGURE_KIND_PERCENT, "占比");
  assert_figure ("签约率百分之九十三。", "百分之九十三", 93, 93, "%",
                 DAFU_FIGURE_KIND_PERCENT, "签约率");
}

static void
test_full_width (void)
{
  assert_figure ("覆盖率达到９３％。", "９３％", 93, 93, "%", DAFU_FIGURE_KIND_PERCENT, "覆盖率");
  assert_figure ("提供养老床位８３５４张，", "８３５４张", 8354, 8354, "张",
                 DAFU_FIGURE_KIND_COUNT, "养老床位");
  assert_figure ("投入资金１．８４亿元", "１．８４亿元", 1.84, 184000000, "元",
                 DAFU_FIGURE_KIND_MONEY, "资金");
}

static void
test_chinese_numerals (void)
{
  assert_figure ("依托两个市级平台公司，", "两个", 2, 2, "个", DAFU_FIGURE_KIND_COUNT, "市级平台公司");
  assert_figure ("联合发改、财政等八个部门联合印发", "八个", 8, 8, "个",
                 DAFU_FIGURE_KIND_COUNT, "部门");
  assert_figure ("已有十余家机构", "十余家", 10, 10, "家", DAFU_FIGURE_KIND_COUNT, "机构");
  assert_figure ("新增二十五张床位", "二十五张", 25, 25, "张", DAFU_FIGURE_KIND_COUNT, "床位");
  assert_figure ("完成适老化改造两百户。", "两百户", 200, 200, "户", DAFU_FIGURE_KIND_COUNT,
                 "适老化改造");
}

static void
test_ranges (void)
{
  assert_figure ("给予 3-6 万元的一次性入职奖励", "3-6 万元", 3, 30000, "元",
                 DAFU_FIGURE_KIND_MONEY, "一次性入职奖励");
  assert_figure ("每个给予3—5万元补贴；", "3—5万元", 3, 30000, "元",
                 DAFU_FIGURE_KIND_MONEY, "补贴");
  assert_figure ("每个给予 2 到 4 万元补贴；", "2 到 4 万元", 2, 20000, "元",
                 DAFU_FIGURE_KIND_MONEY, "补贴");
}

static void
test_order_and_shared_label (void)
{
  const char *text = "建成城镇社区老年人日间照料中心266个、农村互助幸福院1349个，"
                     "覆盖率分别为93%和80%，提供养老床位8354张。";
  const char *want[][2] = {
    { "266个", "城镇社区老年人日间照料中心" },
    { "1349个", "农村互助幸福院" },
    { "93%", "覆盖率" },
    { "80%", "覆盖率" },
    { "8354张", "养老床位" },
  };
  g_autoptr(GPtrArray) figures = extract (text);

  g_assert_cmpuint (figures->len, ==, G_N_ELEMENTS (want));
  for (guint i = 0; i < figures->len; i++)
    {
      DafuFigure *figure = g_ptr_array_index (figures, i);

      g_assert_cmpstr (dafu_figure_get_text (figure), ==, want[i][0]);
      g_assert_cmpstr (dafu_figure_get_label (figure), ==, want[i][1]);
      if (i > 0)
        g_assert_cmpuint (dafu_figure_get_start (figure), >=,
                          dafu_figure_get_end (g_ptr_array_index (figures, i - 1)));
    }
}

static void
test_properties (void)
{
  g_autoptr(DafuFigure) figure =
    dafu_figure_new ("1.84亿元", 3, 9, 1.84, 184000000, "元", DAFU_FIGURE_KIND_MONEY, "资金");
  g_autofree char *text = NULL;
  g_autofree char *unit = NULL;
  g_autofree char *label = NULL;
  guint start, end, kind;
  double value, normalized;
  DafuFigureKind parsed;

  g_object_get (figure,
                "text", &text, "start", &start, "end", &end,
                "value", &value, "normalized", &normalized,
                "unit", &unit, "kind", &kind, "label", &label,
                NULL);
  g_assert_cmpstr (text, ==, "1.84亿元");
  g_assert_cmpuint (start, ==, 3);
  g_assert_cmpuint (end, ==, 9);
  g_assert_cmpfloat (value, ==, 1.84);
  g_assert_cmpfloat (normalized, ==, 184000000);
  g_assert_cmpstr (unit, ==, "元");
  g_assert_cmpuint (kind, ==, DAFU_FIGURE_KIND_MONEY);
  g_assert_cmpstr (label, ==, "资金");

  /* Read-only: no property can be written. */
  g_assert_false (g_object_class_find_property (G_OBJECT_GET_CLASS (figure), "label")->flags &
                  G_PARAM_WRITABLE);

  for (guint k = DAFU_FIGURE_KIND_COUNT; k <= DAFU_FIGURE_KIND_OTHER; k++)
    {
      g_assert_true (dafu_figure_kind_from_string (dafu_figure_kind_to_string (k), &parsed));
      g_assert_cmpuint (parsed, ==, k);
    }
  g_assert_false (dafu_figure_kind_from_string ("yuan", &parsed));
  g_assert_false (dafu_figure_kind_from_string (NULL, &parsed));
  g_assert_null (dafu_figure_kind_to_string (99));
}

static void
test_bad_input (void)
{
  static const char * const texts[] = {
    "",
    "\xff\xfe" "12个",
    "覆盖率达到93\xc3",
    "12",
    "共12",
    "共12万",
    "3-",
    "3—",
    "百分之",
    "百分之万",
    "1.",
    ",,,1,",
    "99999999999999999999999999999999999999个",
    "一二三四五六七八九十百千一二三四五六七八九十个",
    "（（（（（（12个",
    "））））））12个",
    "“”“”12%",
    "12个（（（（（",
    "的的的的的12个的的的的的",
  };

  g_autoptr(GPtrArray) none = dafu_figures_extract (NULL);

  g_assert_nonnull (none);
  g_assert_cmpuint (none->len, ==, 0);

  assert_no_figure ("");
  assert_no_figure ("\xff\xfe" "12个");
  assert_no_figure ("覆盖率达到93%\xc3");

  /* Odd input only has to come back without a crash. */
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GPtrArray) figures = extract (texts[i]);

      for (guint j = 0; j < figures->len; j++)
        {
          DafuFigure *figure = g_ptr_array_index (figures, j);

          g_assert_cmpuint (dafu_figure_get_start (figure), <, dafu_figure_get_end (figure));
          g_assert_cmpuint (dafu_figure_get_end (figure), <=, g_utf8_strlen (texts[i], -1));
        }
    }

  /* Every truncation of a sample sentence, byte by byte. */
  {
    const char *s = "全市现有养老服务从业人员804人，较“十三五”末增加29.8%，投入 1.84 亿元（含省级）";
    gsize len = strlen (s);

    for (gsize i = 0; i <= len; i++)
      {
        g_autofree char *cut = g_strndup (s, i);
        g_autoptr(GPtrArray) figures = extract (cut);

        (void) figures;
      }
  }
}

/* The samples: every figure of the fixture, read by hand, must be found
 * exactly; at least 90 % must have the right label too. */
static void
test_samples (void)
{
  g_autofree char *samples = dafu_test_samples_dir ();
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "figures.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) letters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) cursor = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) matched = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key, value_p;
  guint extra = 0;
  g_autoptr(GError) error = NULL;
  JsonArray *items;
  guint total, exact = 0, found = 0;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  items = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                        "figures");
  total = json_array_get_length (items);
  g_assert_cmpuint (total, >=, 30);

  for (guint i = 0; i < total; i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *file = json_object_get_string_member (item, "file");
      const char *written = json_object_get_string_member (item, "text");
      const char *label = json_object_get_string_member_with_default (item, "label", NULL);
      const char *unit = json_object_get_string_member (item, "unit");
      const char *kind_name = json_object_get_string_member (item, "kind");
      double value = json_object_get_double_member (item, "value");
      double normalized = json_object_get_double_member (item, "normalized");
      GPtrArray *figures = g_hash_table_lookup (letters, file);
      const char *letter;
      DafuFigure *figure = NULL;
      DafuFigureKind kind;
      guint from;
      g_autofree char *at = NULL;
      g_autoptr(GString) wrong = g_string_new (NULL);

      if (figures == NULL)
        {
          g_autofree char *file_path = g_build_filename (samples, file, NULL);
          g_autofree char *contents = NULL;
          g_autoptr(GBytes) bytes = NULL;
          gsize len;
          char *text;

          g_file_get_contents (file_path, &contents, &len, &error);
          g_assert_no_error (error);
          bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
          text = dafu_text_decode (bytes, NULL, &error);
          g_assert_no_error (error);

          figures = dafu_figures_extract (text);
          g_hash_table_insert (letters, g_strdup (file), figures);
          g_hash_table_insert (texts, g_strdup (file), text);
        }
      letter = g_hash_table_lookup (texts, file);

      /* Items of one file are in text order: look after the last match. */
      from = GPOINTER_TO_UINT (g_hash_table_lookup (cursor, file));
      for (guint j = from; j < figures->len; j++)
        if (g_strcmp0 (dafu_figure_get_text (g_ptr_array_index (figures, j)), written) == 0)
          {
            figure = g_ptr_array_index (figures, j);
            g_hash_table_add (matched, figure);
            g_hash_table_insert (cursor, g_strdup (file), GUINT_TO_POINTER (j + 1));
            break;
          }

      if (figure == NULL)
        {
          g_test_message ("%s: %s not found", file, written);
          continue;
        }
      found++;

      /* The offsets point at the text as written in the letter. */
      at = g_utf8_substring (letter, dafu_figure_get_start (figure), dafu_figure_get_end (figure));
      g_assert_cmpstr (at, ==, written);

      g_assert_true (dafu_figure_kind_from_string (kind_name, &kind));
      if (!same_number (dafu_figure_get_value (figure), value))
        g_string_append_printf (wrong, " value %g≠%g", dafu_figure_get_value (figure), value);
      if (!same_number (dafu_figure_get_normalized (figure), normalized))
        g_string_append_printf (wrong, " normalized %g≠%g",
                                dafu_figure_get_normalized (figure), normalized);
      if (g_strcmp0 (dafu_figure_get_unit (figure), unit) != 0)
        g_string_append_printf (wrong, " unit %s≠%s", dafu_figure_get_unit (figure), unit);
      if (dafu_figure_get_kind (figure) != kind)
        g_string_append_printf (wrong, " kind %s≠%s",
                                dafu_figure_kind_to_string (dafu_figure_get_kind (figure)),
                                kind_name);
      if (g_strcmp0 (dafu_figure_get_label (figure), label) != 0)
        g_string_append_printf (wrong, " label %s≠%s",
                                dafu_figure_get_label (figure) ? dafu_figure_get_label (figure) : "(null)",
                                label ? label : "(null)");

      if (wrong->len == 0)
        exact++;
      else
        g_test_message ("%s: %s:%s", file, written, wrong->str);
    }

  /* The fixture lists every key figure of its letters: anything else found
   * there (a date, a phone number, a 文号) is a false figure. */
  g_hash_table_iter_init (&iter, letters);
  while (g_hash_table_iter_next (&iter, &key, &value_p))
    {
      GPtrArray *figures = value_p;

      for (guint j = 0; j < figures->len; j++)
        if (!g_hash_table_contains (matched, g_ptr_array_index (figures, j)))
          {
            g_test_message ("%s: %s is no figure of the fixture", (const char *) key,
                            dafu_figure_get_text (g_ptr_array_index (figures, j)));
            extra++;
          }
    }

  g_test_message ("%u of %u figures found, %u exactly right, %u false", found, total, exact, extra);
  g_assert_cmpuint (found, ==, total);
  g_assert_cmpuint (extra, ==, 0);
  g_assert_cmpuint (g_hash_table_size (letters), >=, 3);
  g_assert_cmpuint (exact * 10, >=, total * 9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/figures/brief-examples", test_brief_examples);
  g_test_add_func ("/figures/not-figures", test_not_figures);
  g_test_add_func ("/figures/multipliers", test_multipliers);
  g_test_add_func ("/figures/full-width", test_full_width);
  g_test_add_func ("/figures/chinese-numerals", test_chinese_numerals);
  g_test_add_func ("/figures/ranges", test_ranges);
  g_test_add_func ("/figures/order-and-shared-label", test_order_and_shared_label);
  g_test_add_func ("/figures/properties", test_properties);
  g_test_add_func ("/figures/bad-input", test_bad_input);
  g_test_add_func ("/figures/samples", test_samples);

  return g_test_run ();
}
