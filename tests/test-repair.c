/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "dafu-repair.h"
#include "dafu-text.h"

static void
assert_repair (const char *input,
               const char *expected)
{
  g_autofree char *got = dafu_repair_text (input);

  g_assert_cmpstr (got, ==, expected);
}

static void
test_markdown (void)
{
  assert_repair ("# 咸阳市民政局\n\n## 关于对市九届人大四次会议第304号 建议的答复函 ##\n",
                 "咸阳市民政局\n\n关于对市九届人大四次会议第304号 建议的答复函\n");
  assert_repair ("### **一、保障机制持续完善**\n\n建立联席会议制度。\n",
                 "一、保障机制持续完善\n\n建立联席会议制度。\n");
  assert_repair ("关于**第一条建议**，强化宣传引导方面。\n",
                 "关于第一条建议，强化宣传引导方面。\n");
  assert_repair ("**一、统筹推进设施建设。**制定出台方案。\n",
                 "一、统筹推进设施建设。制定出台方案。\n");
  assert_repair ("***重点工作***\n", "重点工作\n");
  /* Rules vanish, and the blank lines around them collapse. */
  assert_repair ("联系单位及电话：市民政局社会福利科 38990021\n\n\n\n---\n\n抄送：市委督查室\n\n***\n",
                 "联系单位及电话：市民政局社会福利科 38990021\n\n抄送：市委督查室\n");
  /* A single asterisk and a # inside a line are text. */
  assert_repair ("第3#楼的5*2间房。\n", "第3#楼的5*2间房。\n");
  /* Pandoc escapes. */
  assert_repair ("1\\. 完善机制\\*\n", "1. 完善机制*\n");
}

static void
test_tables (void)
{
  /* Tab-separated rows: empty cells and separator rows dropped. */
  assert_repair ("代表姓名\t李蕾\t工作单位\t\t联系电话\t13934066646\n"
                 "------\t----\t------\t--\t------\t-------------\n"
                 "\n"
                 "面商人\t王雪娥\t联系电话\t0356-2566249\n",
                 "代表姓名　李蕾　工作单位　联系电话　13934066646\n\n"
                 "面商人　王雪娥　联系电话　0356-2566249\n");
  /* Markdown pipe tables. */
  assert_repair ("| 面商时间 | 2023年7月20日 |\n|:---|---:|\n| 面商地点 | 泽州县 |\n",
                 "面商时间　2023年7月20日\n面商地点　泽州县\n");
  /* A row of one cell is just its text. */
  assert_repair ("\t近年来，我市加快推进养老服务体系建设。\n", "近年来，我市加快推进养老服务体系建设。\n");
  /* Table rows are never joined as page breaks. */
  assert_repair ("办理情况（划勾）\tA类\t√\tB类\tC类\n\n代表意见和要求：\n",
                 "办理情况（划勾）　A类　√　B类　C类\n\n代表意见和要求：\n");
}

static void
test_page_breaks (void)
{
  /* A sentence cut at a page end, a blank line, the rest. */
  assert_repair ("着力构建居家社区机构相协调、医养康养相结合的养\n\n老服务体系。我们的主要做法是：\n",
                 "着力构建居家社区机构相协调、医养康养相结合的养老服务体系。我们的主要做法是：\n");
  /* Cut after a comma or an enumeration mark. */
  assert_repair ("实行医养结合“五同”（同规划、同部署、\n\n同培训、同督导、同考核)机制。\n",
                 "实行医养结合“五同”（同规划、同部署、同培训、同督导、同考核)机制。\n");
  /* A run-in 关于第…条建议 heading cut before 方面 is one sentence. */
  assert_repair ("关于第三条建议，加强队伍建设，进一步提升服务质量\n\n方面。我市落实人才激励政策。\n",
                 "关于第三条建议，加强队伍建设，进一步提升服务质量方面。我市落实人才激励政策。\n");
  /* A numbered item with a full stop that runs on. */
  assert_repair ("1.扎实推进城市社区居家养老服务。针对新建小区，在全省率先出台《管理办法》，\n\n为全省树立了标杆。\n",
                 "1.扎实推进城市社区居家养老服务。针对新建小区，在全省率先出台《管理办法》，为全省树立了标杆。\n");
  /* Two page breaks in one paragraph. */
  assert_repair ("第一部分内容比较长需要跨越多个页面才能说完，\n\n第二部分仍然没有说完，继续\n\n到第三页才结束。\n",
                 "第一部分内容比较长需要跨越多个页面才能说完，第二部分仍然没有说完，继续到第三页才结束。\n");
  /* Latin words keep their space. */
  assert_repair ("the reply letter was split across the page in the\n\nmiddle of a sentence.\n",
                 "the reply letter was split across the page in the middle of a sentence.\n");
}

static void
test_traps (void)
{
  /* A standalone heading followed by its paragraph. */
  assert_repair ("一、强化政策创制，不断优化养老服务发展环境\n\n相继出台一系列政策。\n",
                 "一、强化政策创制，不断优化养老服务发展环境\n\n相继出台一系列政策。\n");
  assert_repair ("（一）建立健全关爱服务机制\n\n印发实施方案。\n",
                 "（一）建立健全关爱服务机制\n\n印发实施方案。\n");
  assert_repair ("1.加强养老护理人才培养\n\n每年组织培训。\n",
                 "1.加强养老护理人才培养\n\n每年组织培训。\n");
  assert_repair ("三、下一步工作打算\n\n我们将继续推进。\n", "三、下一步工作打算\n\n我们将继续推进。\n");
  /* A title line followed by the salutation. */
  assert_repair ("关于对市九届人大四次会议第304号 建议的答复函\n\n刘亚宁代表：\n",
                 "关于对市九届人大四次会议第304号 建议的答复函\n\n刘亚宁代表：\n");
  assert_repair ("关于加强农村留守老人关爱服务的提案的答复\n\n尊敬的苏红茜、杨思清等12位委员：\n",
                 "关于加强农村留守老人关爱服务的提案的答复\n\n尊敬的苏红茜、杨思清等12位委员：\n");
  /* Header lines. */
  assert_repair ("类别：B\n\n咸阳市民政局\n\n签发人：蒲军\n\n咸民函〔2024〕39号\n\n关于市九届人大四次会议第88号建议的答复函\n",
                 "类别：B\n\n咸阳市民政局\n\n签发人：蒲军\n\n咸民函〔2024〕39号\n\n关于市九届人大四次会议第88号建议的答复函\n");
  /* The signature: office, date, contact, footer. */
  assert_repair ("榆林市民政局\n\n2021年8月23日\n\n(联系人：榆林市民政局养老服务科，电话：8190932)\n\n抄送：市人大常委会人事代表选举工作委员会，市政研督查办\n\n榆林市民政局政秘科\n\n2021年8月23日印发\n",
                 "榆林市民政局\n\n2021年8月23日\n\n(联系人：榆林市民政局养老服务科，电话：8190932)\n\n抄送：市人大常委会人事代表选举工作委员会，市政研督查办\n\n榆林市民政局政秘科\n\n2021年8月23日印发\n");
  /* A paragraph that ends properly is not joined to the next. */
  assert_repair ("针对您的建议，我们将在今后的工作中积极吸纳。\n\n下一步，我们将重点做好以下几点工作：\n\n一、统筹推进。\n",
                 "针对您的建议，我们将在今后的工作中积极吸纳。\n\n下一步，我们将重点做好以下几点工作：\n\n一、统筹推进。\n");
  /* A split never runs into a heading. */
  assert_repair ("全市共有日间照料中心一千余所，探索运营新模式，为老年人提供送餐服务\n\n二、强化多元供给\n",
                 "全市共有日间照料中心一千余所，探索运营新模式，为老年人提供送餐服务\n\n二、强化多元供给\n");
  /* A number with a decimal point is not a list marker. */
  assert_repair ("近3年培训养老服务从业人员，累计\n\n1.2万人次。\n",
                 "近3年培训养老服务从业人员，累计1.2万人次。\n");
  /* Lines without a blank line between them stay lines. */
  assert_repair ("负责人：\n承办人：王雪娥\n", "负责人：\n承办人：王雪娥\n");
  /* A bracketed note stands alone. */
  assert_repair ("（此件可以公开）\n\n抄送：市委\n", "（此件可以公开）\n\n抄送：市委\n");
}

static void
test_html (void)
{
  assert_repair ("<!-- 页面开始 -->近年来，我市加快推进。\n", "近年来，我市加快推进。\n");
  assert_repair ("正文<!-- a\nmulti-line\ncomment -->继续。\n", "正文继续。\n");
  /* An unterminated comment is kept as text. */
  assert_repair ("a <!-- b\n", "a <!-- b\n");
  assert_repair ("&nbsp;&nbsp;近年来&amp;今后&#12290;&#x4e00;&lt;b&gt;&nbsp\n",
                 "近年来&今后。一<b>\n");
  assert_repair ("&unknown; &#0; &#xzz;\n", "&unknown; &#0; &#xzz;\n");
  assert_repair ("<p>第一段。</p><p style=\"x\">第二段。</p><br/>结束<span>了</span>。\n",
                 "第一段。\n\n第二段。\n\n结束了。\n");
  assert_repair ("<table><tr><td>面商人</td><td>王雪娥</td></tr></table>\n", "面商人　王雪娥\n");
  /* Not a tag. */
  assert_repair ("占比<5%，且>3%。\n", "占比<5%，且>3%。\n");
}

static void
test_whitespace (void)
{
  assert_repair ("\n\n　　近年来，我市加快推进。　 \t\n\n\n\n\n　　下一步，我们将继续。\n\n\n",
                 "近年来，我市加快推进。\n\n下一步，我们将继续。\n");
  assert_repair ("第一行。\r\n\r\n第二行。\r第三行。\n", "第一行。\n\n第二行。\n第三行。\n");
  assert_repair ("零宽\xe2\x80\x8b字符\xc2\xa0和不换行空格。\n", "零宽字符 和不换行空格。\n");
  assert_repair ("", "");
  assert_repair ("\n \n\t\n　\n", "");
  /* Invalid UTF-8 is replaced, not a crash. */
  {
    g_autofree char *got = dafu_repair_text ("坏\xff\xfe字节。\n");

    g_assert_true (g_utf8_validate (got, -1, NULL));
  }
}

static void
test_samples (void)
{
  static const char * const samples[] = {
    "changzhi-2025-59.txt", "jincheng-444.txt", "xianyang-2024-39.txt",
    "xianyang-2024-40.txt", "yulin-2021-114.txt", NULL
  };

  for (guint i = 0; samples[i]; i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", samples[i], NULL);
      g_autofree char *text = NULL;
      g_autofree char *once = NULL;
      g_autofree char *twice = NULL;

      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      once = dafu_repair_text (text);
      twice = dafu_repair_text (once);

      g_assert_null (strstr (once, "**"));
      g_assert_null (strstr (once, "\t"));
      g_assert_null (strstr (once, "---"));
      g_assert_null (strstr (once, "\n#"));
      g_assert_null (strstr (once, "\n\n\n"));
      g_assert_false (g_str_has_prefix (once, "\n"));
      g_assert_true (g_str_has_suffix (once, "\n") && !g_str_has_suffix (once, "\n\n"));
      /* Repairing is idempotent. */
      g_assert_cmpstr (once, ==, twice);
    }
}

static void
test_sample_joins (void)
{
  static const struct {
    const char *file;
    const char *joined;
  } joins[] = {
    { "xianyang-2024-39.txt", "医养康养相结合的养老服务体系。" },
    { "xianyang-2024-39.txt", "近3年培训养老服务从业人员 1.2 万人次。" },
    { "xianyang-2024-39.txt", "提升社区日间照料中心运营服务水平。同时，聚焦" },
    { "xianyang-2024-40.txt", "加大对非法融资、保健品传销欺诈" },
    { "changzhi-2025-59.txt", "提升了各相关部门及社会公众" },
    { "changzhi-2025-59.txt", "进一步提升服务质量方面。我市落实" },
    { "changzhi-2025-59.txt", "同规划、同部署、同培训" },
    { "jincheng-444.txt", "实现养老服务队伍高素质" },
    { "yulin-2021-114.txt", "充分发挥村规民约引导约束作用" },
    { "yulin-2021-114.txt", "城乡社区养老服务机构医养融合示范试点" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (joins); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", joins[i].file, NULL);
      g_autofree char *text = NULL;
      g_autofree char *repaired = NULL;

      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      repaired = dafu_repair_text (text);
      if (strstr (repaired, joins[i].joined) == NULL)
        g_test_fail_printf ("%s: not joined: %s", joins[i].file, joins[i].joined);
    }
}

/* 8 MiB repairs in well under a second, and a single huge line too. */
static void
test_linear (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "changzhi-2025-59.txt", NULL);
  g_autofree char *one = NULL;
  g_autoptr(GString) big = g_string_new (NULL);
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *out = NULL;
  g_autofree char *out_line = NULL;
  gint64 start;
  double seconds;

  g_assert_true (g_file_get_contents (path, &one, NULL, NULL));
  while (big->len < DAFU_TEXT_MAX_SIZE - strlen (one))
    g_string_append (big, one);

  start = g_get_monotonic_time ();
  out = dafu_repair_text (big->str);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_test_message ("repaired %" G_GSIZE_FORMAT " bytes in %.3f s", big->len, seconds);

  /* One line of page-break halves: the joins must not go quadratic. */
  while (line->len < DAFU_TEXT_MAX_SIZE - 100)
    g_string_append (line, "这是一段很长的正文内容，被分页符切断在句子中间的\n\n");
  start = g_get_monotonic_time ();
  out_line = dafu_repair_text (line->str);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_test_message ("joined %" G_GSIZE_FORMAT " bytes in %.3f s", line->len, seconds);
  g_assert_null (strchr (out_line, '\n') == out_line + strlen (out_line) - 1 ? NULL : "more than one line");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/repair/markdown", test_markdown);
  g_test_add_func ("/repair/tables", test_tables);
  g_test_add_func ("/repair/page-breaks", test_page_breaks);
  g_test_add_func ("/repair/traps", test_traps);
  g_test_add_func ("/repair/html", test_html);
  g_test_add_func ("/repair/whitespace", test_whitespace);
  g_test_add_func ("/repair/samples", test_samples);
  g_test_add_func ("/repair/sample-joins", test_sample_joins);
  g_test_add_func ("/repair/linear", test_linear);

  return g_test_run ();
}
