/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dafu-checks.h"
#include "dafu-letter.h"
#include "dafu-parser.h"
#include "dafu-text.h"
#include "dafu-test-util.h"

/* A clean category A reply, to be made public. Every fault below is made by
 * replacing one piece of it. */
static const char clean_draft[] =
  "类别：A\n"
  "\n"
  "咸民函〔2026〕12号\n"
  "\n"
  "关于市九届人大五次会议第88号建议的答复函\n"
  "\n"
  "王某某代表：\n"
  "\n"
  "您提出的《关于推进社区居家养老服务体系建设的建议》收悉。经研究，现答复如下：\n"
  "\n"
  "近年来，我市按照《关于规范城镇社区老年人日间照料中心运营管理的通知》"
  "（咸民发〔2023〕95号）要求，建成社区老年人日间照料中心266个，覆盖率达93%，"
  "截至 2025 年底已实现街道全覆盖，2025年5月新建助餐点30个，投入资金1980万元。\n"
  "\n"
  "下一步，我们将持续加大投入，提升服务水平。\n"
  "\n"
  "感谢您对民政工作的关心和支持。\n"
  "\n"
  "咸阳市民政局\n"
  "2026年11月22日\n"
  "\n"
  "（联系人：张三，联系电话：029-33210000）\n"
  "此件公开发布\n";

#define CLEAN_DOC_NUMBER "咸民函〔2026〕12号"

typedef struct {
  const char    *name;
  const char    *clean;       /* the piece of clean_draft replaced */
  const char    *faulty;      /* what replaces it */
  const char    *doc_number;  /* the field; NULL for CLEAN_DOC_NUMBER */
  const char    *category;    /* NULL for "A" */
  DafuCheckKind  kind;
  const char    *span;        /* the text the issue points at, within faulty */
} Fault;

static const Fault faults[] = {
  { "brackets-square", CLEAN_DOC_NUMBER, "咸民函[2026]12号", "咸民函[2026]12号", NULL,
    DAFU_CHECK_DOC_NUMBER_BRACKETS, "咸民函[2026]12号" },
  { "brackets-round", CLEAN_DOC_NUMBER, "咸民函（2026）12号", "咸民函（2026）12号", NULL,
    DAFU_CHECK_DOC_NUMBER_BRACKETS, "咸民函（2026）12号" },
  { "brackets-lenticular", CLEAN_DOC_NUMBER, "咸民函【2026】12号", "咸民函【2026】12号", NULL,
    DAFU_CHECK_DOC_NUMBER_BRACKETS, "咸民函【2026】12号" },
  { "brackets-fullwidth-square", CLEAN_DOC_NUMBER, "咸民函［2026］12号", "咸民函［2026］12号",
    NULL, DAFU_CHECK_DOC_NUMBER_BRACKETS, "咸民函［2026］12号" },
  { "brackets-cited", "咸民发〔2023〕95号", "咸民发[2023]95号", NULL, NULL,
    DAFU_CHECK_DOC_NUMBER_BRACKETS, "咸民发[2023]95号" },
  /* The header's number has last year; the field says the same. */
  { "year-header", CLEAN_DOC_NUMBER, "咸民函〔2025〕12号", "咸民函〔2025〕12号", NULL,
    DAFU_CHECK_DOC_NUMBER_YEAR, "咸民函〔2025〕12号" },
  /* The field is right, the header typed wrong: the header is the letter's own. */
  { "year-header-only", CLEAN_DOC_NUMBER, "咸民函〔2025〕12号", NULL, NULL,
    DAFU_CHECK_DOC_NUMBER_YEAR, "咸民函〔2025〕12号" },
  /* The own number quoted in a sentence is recognized through the field. */
  { "year-in-sentence", "要求，建成", "要求，根据咸民函〔2025〕12号，建成",
    "咸民函〔2025〕12号", NULL, DAFU_CHECK_DOC_NUMBER_YEAR, "咸民函〔2025〕12号" },
  { "date-dash", "2026年11月22日", "2026-11-22", NULL, NULL,
    DAFU_CHECK_DATE_FORMAT, "2026-11-22" },
  { "date-dot", "2026年11月22日", "2026.11.22", NULL, NULL,
    DAFU_CHECK_DATE_FORMAT, "2026.11.22" },
  { "date-slash", "2026年11月22日", "2026/11/22", NULL, NULL,
    DAFU_CHECK_DATE_FORMAT, "2026/11/22" },
  { "date-chinese", "2026年11月22日", "二〇二六年十一月二十二日", NULL, NULL,
    DAFU_CHECK_DATE_FORMAT, "二〇二六年十一月二十二日" },
  { "date-chinese-circle", "2026年11月22日", "二○二六年十一月", NULL, NULL,
    DAFU_CHECK_DATE_FORMAT, "二○二六年十一月" },
  { "date-leading-zero", "2026年11月22日", "2026年11月02日", NULL, NULL,
    DAFU_CHECK_DATE_FORMAT, "2026年11月02日" },
  { "date-short-year", "2026年11月22日", "26年11月22日", NULL, NULL,
    DAFU_CHECK_DATE_FORMAT, "26年11月22日" },
  { "date-impossible", "2026年11月22日", "2026年2月30日", NULL, NULL,
    DAFU_CHECK_DATE_FORMAT, "2026年2月30日" },
  { "date-in-body", "2025年5月新建", "2025.5.8新建", NULL, NULL,
    DAFU_CHECK_DATE_FORMAT, "2025.5.8" },
  { "category-a-plan", "我们将持续加大投入", "我们将把此事列入计划", NULL, NULL,
    DAFU_CHECK_CATEGORY_WORDING, "列入计划" },
  { "category-a-gradual", "我们将持续加大投入", "我们将逐步解决", NULL, NULL,
    DAFU_CHECK_CATEGORY_WORDING, "逐步解决" },
  { "category-a-reference", "我们将持续加大投入", "我们将您的建议留作参考", NULL, NULL,
    DAFU_CHECK_CATEGORY_WORDING, "留作参考" },
  { "category-a-conditions", "我们将持续加大投入", "目前暂不具备条件", NULL, "A类",
    DAFU_CHECK_CATEGORY_WORDING, "暂不具备" },
  { "category-c-solved", "我们将持续加大投入", "此事已解决", NULL, "C",
    DAFU_CHECK_CATEGORY_WORDING, "已解决" },
  { "category-c-done", "我们将持续加大投入", "此事已完成", NULL, "C",
    DAFU_CHECK_CATEGORY_WORDING, "已完成" },
  { "category-c-carried-out", "我们将持续加大投入", "此事已经落实", NULL, "C",
    DAFU_CHECK_CATEGORY_WORDING, "已经落实" },
  { "mobile", "029-33210000", "13934066646", NULL, NULL,
    DAFU_CHECK_PERSONAL_DATA, "13934066646" },
  { "mobile-grouped", "029-33210000", "139-3406-6646", NULL, NULL,
    DAFU_CHECK_PERSONAL_DATA, "139-3406-6646" },
  { "id-card-x", "张三，", "张三，身份证号11010519491231002X，", NULL, NULL,
    DAFU_CHECK_PERSONAL_DATA, "11010519491231002X" },
  { "id-card-digit", "张三，", "张三（140525198503171234），", NULL, NULL,
    DAFU_CHECK_PERSONAL_DATA, "140525198503171234" },
};

static guint
char_offset (const char *text,
             const char *piece)
{
  const char *p = strstr (text, piece);

  g_assert_nonnull (p);
  return (guint) g_utf8_pointer_to_offset (text, p);
}

static char *
replace_once (const char *text,
              const char *old,
              const char *new)
{
  const char *p = strstr (text, old);

  g_assert_nonnull (p);
  g_assert_null (strstr (p + 1, old));
  return g_strdup_printf ("%.*s%s%s", (int) (p - text), text, new, p + strlen (old));
}

static void
dump_issues (const char *what,
             GPtrArray  *issues)
{
  for (guint i = 0; i < issues->len; i++)
    {
      DafuCheckIssue *issue = g_ptr_array_index (issues, i);

      g_test_message ("%s: kind %d at %u–%u: %s", what, issue->kind, issue->start,
                      issue->end, issue->message);
    }
}

static void
test_clean (void)
{
  const char *categories[] = { "A", "B", "C", "A类", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    for (int is_public = 0; is_public <= 1; is_public++)
      {
        g_autoptr(GPtrArray) issues = dafu_checks_run (clean_draft, CLEAN_DOC_NUMBER, 2026,
                                                       categories[i], is_public);

        dump_issues ("clean", issues);
        g_assert_cmpuint (issues->len, ==, 0);
      }
}

static void
test_fault (gconstpointer data)
{
  const Fault *fault = data;
  g_autofree char *text = replace_once (clean_draft, fault->clean, fault->faulty);
  const char *doc_number = fault->doc_number != NULL ? fault->doc_number : CLEAN_DOC_NUMBER;
  const char *category = fault->category != NULL ? fault->category : "A";
  g_autoptr(GPtrArray) issues = dafu_checks_run (text, doc_number, 2026, category, TRUE);
  g_autofree char *piece = strstr (text, fault->faulty) != NULL
    ? g_strdup (strstr (text, fault->faulty)) : NULL;
  DafuCheckIssue *issue;
  guint start;

  dump_issues (fault->name, issues);
  g_assert_cmpuint (issues->len, ==, 1);
  issue = g_ptr_array_index (issues, 0);
  g_assert_cmpint (issue->kind, ==, fault->kind);

  /* The span is inside the replaced piece. */
  start = char_offset (text, fault->faulty) +
          char_offset (piece, fault->span);
  g_assert_cmpuint (issue->start, ==, start);
  g_assert_cmpuint (issue->end, ==, start + g_utf8_strlen (fault->span, -1));

  /* The clerk is told what was written. */
  g_assert_nonnull (strstr (issue->message, fault->span));
}

/* Only what the clerk can fix where it is written is in the text. */
static void
test_field (void)
{
  g_autoptr(GPtrArray) right = dafu_check_doc_number (CLEAN_DOC_NUMBER, 2026);
  g_autoptr(GPtrArray) brackets = dafu_check_doc_number ("咸民函[2026]12号", 2026);
  g_autoptr(GPtrArray) year = dafu_check_doc_number ("咸民函〔2025〕12号", 2026);
  g_autoptr(GPtrArray) both = dafu_check_doc_number ("咸民函(2025)12号", 2026);
  g_autoptr(GPtrArray) unknown_year = dafu_check_doc_number ("咸民函〔2025〕12号", 0);
  g_autoptr(GPtrArray) bare = dafu_check_doc_number ("咸民函2026年12号", 2026);
  g_autoptr(GPtrArray) none = dafu_check_doc_number (NULL, 2026);
  g_autoptr(GPtrArray) run = NULL;
  DafuCheckIssue *issue;

  g_assert_cmpuint (right->len, ==, 0);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (unknown_year->len, ==, 0);

  g_assert_cmpuint (brackets->len, ==, 1);
  issue = g_ptr_array_index (brackets, 0);
  g_assert_cmpint (issue->kind, ==, DAFU_CHECK_DOC_NUMBER_BRACKETS);
  g_assert_cmpuint (issue->start, ==, 0);
  g_assert_cmpuint (issue->end, ==, 0);
  g_assert_nonnull (strstr (issue->message, "咸民函〔2026〕12号"));

  g_assert_cmpuint (year->len, ==, 1);
  issue = g_ptr_array_index (year, 0);
  g_assert_cmpint (issue->kind, ==, DAFU_CHECK_DOC_NUMBER_YEAR);
  g_assert_nonnull (strstr (issue->message, "咸民函〔2026〕12号"));

  g_assert_cmpuint (both->len, ==, 2);
  g_assert_cmpuint (bare->len, ==, 1);
  g_assert_cmpint (((DafuCheckIssue *) g_ptr_array_index (bare, 0))->kind, ==,
                   DAFU_CHECK_DOC_NUMBER_BRACKETS);

  /* A field that the text does not show is reported as a global issue,
   * before the text's issues. */
  run = dafu_checks_run ("2026-11-22", "咸民函〔2025〕3号", 2026, NULL, FALSE);
  g_assert_cmpuint (run->len, ==, 2);
  issue = g_ptr_array_index (run, 0);
  g_assert_cmpint (issue->kind, ==, DAFU_CHECK_DOC_NUMBER_YEAR);
  g_assert_cmpuint (issue->end, ==, 0);
  issue = g_ptr_array_index (run, 1);
  g_assert_cmpint (issue->kind, ==, DAFU_CHECK_DATE_FORMAT);
  g_assert_cmpuint (issue->start, ==, 0);
  g_assert_cmpuint (issue->end, ==, 10);
}

/* Several faults come back in text order. */
static void
test_order (void)
{
  const char *text = "此事已完成。2026.1.5\n咸民函[2025]3号\n电话13934066646";
  g_autoptr(GPtrArray) issues = dafu_checks_run (text, NULL, 2026, "C", TRUE);
  const DafuCheckKind kinds[] = {
    DAFU_CHECK_CATEGORY_WORDING, DAFU_CHECK_DATE_FORMAT, DAFU_CHECK_DOC_NUMBER_BRACKETS,
    DAFU_CHECK_DOC_NUMBER_YEAR, DAFU_CHECK_PERSONAL_DATA,
  };

  dump_issues ("order", issues);
  g_assert_cmpuint (issues->len, ==, G_N_ELEMENTS (kinds));
  for (guint i = 0; i < issues->len; i++)
    {
      DafuCheckIssue *issue = g_ptr_array_index (issues, i);

      g_assert_cmpint (issue->kind, ==, kinds[i]);
      if (i > 0)
        g_assert_cmpuint (issue->start, >=,
                          ((DafuCheckIssue *) g_ptr_array_index (issues, i - 1))->start);
    }
}

/* Numbers that are not personal data, and dates that are not dates. */
static void
test_not_flagged (void)
{
  const char *texts[] = {
    "联系电话：0356-2566249",
    "电话：2566249，传真 029-33210000",
    "咸民函〔2026〕13934066646号",
    "编号 0139340666461",               /* inside a longer digit run */
    "账号 8613934066646",
    "卡号 139340666461234567",         /* 18 digits, not an ID */
    "身份证 110105194912310021",       /* wrong check digit */
    "身份证 11010519491231002X5",      /* inside a longer run */
    "身份证 110105194913310021",       /* no 13th month */
    "截至 2022 年底，2023 年争取资金 1980 万元，今年5月，7月20日",
    "按每百户 30 平方米，3-6 万元，2021-2025年，版本 1.2.3，比例 2024.5",
    "第一九九八号，一九九八年",
    "《规划（2021—2025年）》",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GPtrArray) issues = dafu_checks_run (texts[i], NULL, 2026, "A", TRUE);

      dump_issues (texts[i], issues);
      g_assert_cmpuint (issues->len, ==, 0);
    }

  /* Not public: personal data is allowed. */
  {
    g_autoptr(GPtrArray) issues = dafu_checks_run ("手机13934066646，身份证11010519491231002X",
                                                   NULL, 2026, "A", FALSE);

    g_assert_cmpuint (issues->len, ==, 0);
  }
}

static void
test_id_card (void)
{
  g_assert_true (dafu_check_is_id_card_number ("11010519491231002X"));
  g_assert_true (dafu_check_is_id_card_number ("11010519491231002x"));
  g_assert_true (dafu_check_is_id_card_number ("610402199001010016"));
  g_assert_false (dafu_check_is_id_card_number ("610402199001010017"));
  g_assert_false (dafu_check_is_id_card_number ("11010519491231002"));
  g_assert_false (dafu_check_is_id_card_number ("11010519491231002X1"));
  g_assert_false (dafu_check_is_id_card_number (""));
  g_assert_false (dafu_check_is_id_card_number (NULL));
}

/* An ID card number ending in X is found when Han text follows it directly,
 * not when it runs on into a longer code. */
static void
test_id_card_in_text (void)
{
  g_autoptr(GPtrArray) before_han = dafu_check_personal_data ("对象11010519491231002X已核实");
  g_autoptr(GPtrArray) in_code = dafu_check_personal_data ("编码11010519491231002XA7");
  g_autoptr(GPtrArray) fullwidth = dafu_check_personal_data ("编码11010519491231002X７");
  DafuCheckIssue *issue;

  g_assert_cmpuint (before_han->len, ==, 1);
  issue = g_ptr_array_index (before_han, 0);
  g_assert_cmpint (issue->kind, ==, DAFU_CHECK_PERSONAL_DATA);
  g_assert_cmpuint (issue->start, ==, 2);
  g_assert_cmpuint (issue->end, ==, 20);
  g_assert_cmpuint (in_code->len, ==, 0);
  g_assert_cmpuint (fullwidth->len, ==, 0);
}

static void
test_edge (void)
{
  g_autoptr(GPtrArray) null_text = dafu_checks_run (NULL, NULL, 0, NULL, TRUE);
  g_autoptr(GPtrArray) empty = dafu_checks_run ("", "", 2026, "", TRUE);
  g_autoptr(GPtrArray) bad_category = dafu_checks_run ("此事已解决", NULL, 2026, "\xff", TRUE);
  g_autoptr(GPtrArray) invalid = NULL;
  g_autoptr(GPtrArray) singles = NULL;
  DafuCheckIssue *issue;

  g_assert_cmpuint (null_text->len, ==, 0);
  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_cmpuint (bad_category->len, ==, 0);

  /* Each bad byte counts as one character: the date after four of them and
   * a space is at offset 5. */
  invalid = dafu_checks_run ("\xff\xfe\xe4\xb8 2026-11-22 \xc3", "\xff\xfe", 2026, "C\xff",
                             TRUE);
  g_assert_cmpuint (invalid->len, ==, 1);
  issue = g_ptr_array_index (invalid, 0);
  g_assert_cmpint (issue->kind, ==, DAFU_CHECK_DATE_FORMAT);
  g_assert_cmpuint (issue->start, ==, 5);
  g_assert_cmpuint (issue->end, ==, 15);

  /* The single checks take NULL too. */
  singles = dafu_check_dates (NULL);
  g_assert_cmpuint (singles->len, ==, 0);
  g_clear_pointer (&singles, g_ptr_array_unref);
  singles = dafu_check_personal_data (NULL);
  g_assert_cmpuint (singles->len, ==, 0);
  g_clear_pointer (&singles, g_ptr_array_unref);
  singles = dafu_check_category_wording (NULL, "C");
  g_assert_cmpuint (singles->len, ==, 0);
  g_clear_pointer (&singles, g_ptr_array_unref);
  singles = dafu_check_doc_numbers_in_text (NULL, NULL, 2026);
  g_assert_cmpuint (singles->len, ==, 0);
  g_clear_pointer (&singles, g_ptr_array_unref);

  /* Truncated pieces at the end of the text. */
  {
    const char *tails[] = { "咸民函〔", "咸民函〔2026", "咸民函〔2026〕", "咸民函〔2026〕1",
                            "2026-", "2026-11-", "二〇二六年", "二〇二六年十", "1393406",
                            "139-3406-", "1101051949123100", "2026年11月22" };

    for (guint i = 0; i < G_N_ELEMENTS (tails); i++)
      {
        g_autoptr(GPtrArray) issues = dafu_checks_run (tails[i], tails[i], 2026, "A", TRUE);

        dump_issues (tails[i], issues);
        g_assert_cmpuint (issues->len, ==, 0);
      }
  }

  /* The boxed copy. */
  {
    g_autoptr(DafuCheckIssue) a = dafu_check_issue_new (DAFU_CHECK_DATE_FORMAT, 3, 5, "x");
    g_autoptr(DafuCheckIssue) b = dafu_check_issue_copy (a);

    g_assert_cmpint (b->kind, ==, DAFU_CHECK_DATE_FORMAT);
    g_assert_cmpuint (b->start, ==, 3);
    g_assert_cmpuint (b->end, ==, 5);
    g_assert_cmpstr (b->message, ==, "x");
    g_assert_true (G_TYPE_IS_BOXED (DAFU_TYPE_CHECK_ISSUE));
  }
}

/* Random mixes of the pieces the checks look for, and bad bytes: no crash,
 * every issue inside the text, in order. */
static void
test_random (void)
{
  static const char * const pieces[] = {
    "咸民函", "〔", "〕", "[", "]", "（", "）", "2026", "2025", "12", "号", "年", "月", "日",
    "-", ".", "/", " ", "\n", "二〇二六", "十一", "二十二", "1", "3", "9", "0", "X",
    "139", "13934066646", "11010519491231002X", "已解决", "列入计划", "\xff", "\xe4\xb8",
    "\xc3", "根据", "〕1号",
  };
  static const char * const categories[] = { "A", "C", NULL };
  GRand *rand = g_rand_new_with_seed (6);

  for (guint round = 0; round < 3000; round++)
    {
      GString *text = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 0, 24);
      g_autoptr(GPtrArray) issues = NULL;
      g_autofree char *valid = NULL;
      guint len;

      for (guint i = 0; i < n; i++)
        g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
      valid = g_utf8_make_valid (text->str, -1);
      len = g_utf8_strlen (valid, -1);

      issues = dafu_checks_run (text->str, round % 2 ? text->str : "咸民函〔2026〕1号",
                                2026, categories[round % 3], TRUE);
      for (guint i = 0; i < issues->len; i++)
        {
          DafuCheckIssue *issue = g_ptr_array_index (issues, i);

          g_assert_cmpuint (issue->start, <=, issue->end);
          g_assert_cmpuint (issue->end, <=, len);
          g_assert_true (g_utf8_validate (issue->message, -1, NULL));
          if (i > 0)
            g_assert_cmpuint (issue->start, >=,
                              ((DafuCheckIssue *) g_ptr_array_index (issues, i - 1))->start);
        }
      g_string_free (text, TRUE);
    }
  g_rand_free (rand);
}

static char *
read_sample (const char *name)
{
  g_autofree char *dir = dafu_test_samples_dir ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *contents = NULL;
  gsize length = 0;
  char *text;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new_take (contents, length);
  text = dafu_text_decode (bytes, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* The samples are real letters that went out: they raise nothing a clerk
 * would call wrong. */
static void
test_samples (void)
{
  g_autofree char *dir = dafu_test_samples_dir ();
  g_autoptr(GDir) samples = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (samples);
  while ((name = g_dir_read_name (samples)) != NULL)
    {
      g_autofree char *text = NULL;
      g_autoptr(DafuLetter) letter = NULL;
      g_autoptr(GPtrArray) issues = NULL;
      g_autoptr(GError) error = NULL;
      const char *date;
      int year = 0;

      if (!g_str_has_suffix (name, ".txt"))
        continue;
      n++;
      text = read_sample (name);
      letter = dafu_parser_parse_text (text, &error);
      g_assert_no_error (error);

      date = dafu_letter_get_field (letter, DAFU_LETTER_FIELD_DATE);
      if (date != NULL)
        year = atoi (date);
      g_test_message ("%s: 文号 %s, category %s, date %s", name,
                      dafu_letter_get_field (letter, DAFU_LETTER_FIELD_DOC_NUMBER),
                      dafu_letter_get_field (letter, DAFU_LETTER_FIELD_CATEGORY), date);

      issues = dafu_checks_run (text,
                                dafu_letter_get_field (letter, DAFU_LETTER_FIELD_DOC_NUMBER),
                                year,
                                dafu_letter_get_field (letter, DAFU_LETTER_FIELD_CATEGORY),
                                FALSE);
      dump_issues (name, issues);
      g_assert_cmpuint (issues->len, ==, 0);
    }
  g_assert_cmpuint (n, ==, 5);
}

/* The Jincheng record holds the deputy's mobile: made public, it is flagged,
 * and it is the only personal data there (the landlines are not). */
static void
test_jincheng_public (void)
{
  g_autofree char *text = read_sample ("jincheng-444.txt");
  g_autoptr(DafuLetter) letter = dafu_parser_parse_text (text, NULL);
  g_autoptr(GPtrArray) issues = NULL;
  guint start = char_offset (text, "13934066646");
  guint n_personal = 0;

  g_assert_nonnull (letter);
  issues = dafu_checks_run (text, dafu_letter_get_field (letter, DAFU_LETTER_FIELD_DOC_NUMBER),
                            0, dafu_letter_get_field (letter, DAFU_LETTER_FIELD_CATEGORY), TRUE);
  dump_issues ("jincheng", issues);
  for (guint i = 0; i < issues->len; i++)
    {
      DafuCheckIssue *issue = g_ptr_array_index (issues, i);

      g_assert_cmpint (issue->kind, ==, DAFU_CHECK_PERSONAL_DATA);
      g_assert_cmpuint (issue->start, ==, start);
      g_assert_cmpuint (issue->end, ==, start + 11);
      n_personal++;
    }
  g_assert_cmpuint (n_personal, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/checks/clean", test_clean);
  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autofree char *path = g_strdup_printf ("/checks/fault/%s", faults[i].name);

      g_test_add_data_func (path, &faults[i], test_fault);
    }
  g_test_add_func ("/checks/field", test_field);
  g_test_add_func ("/checks/order", test_order);
  g_test_add_func ("/checks/not-flagged", test_not_flagged);
  g_test_add_func ("/checks/id-card", test_id_card);
  g_test_add_func ("/checks/id-card-in-text", test_id_card_in_text);
  g_test_add_func ("/checks/edge", test_edge);
  g_test_add_func ("/checks/random", test_random);
  g_test_add_func ("/checks/samples", test_samples);
  g_test_add_func ("/checks/jincheng-public", test_jincheng_public);

  return g_test_run ();
}
