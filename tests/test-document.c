/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "dafu-document.h"
#include "dafu-draft.h"
#include "dafu-test-util.h"

/* DafuDocument: what the official layout and the Word file print, read
 * from a draft or from a letter of the library, paragraph by paragraph
 * with each paragraph's role. */

/* The order the letter format puts the roles in. */
static guint
rank (DafuDocRole role)
{
  switch (role)
    {
    case DAFU_DOC_ROLE_ISSUER:
    case DAFU_DOC_ROLE_DOC_NUMBER:
    case DAFU_DOC_ROLE_CATEGORY:
    case DAFU_DOC_ROLE_SIGNER:
      return 0;
    case DAFU_DOC_ROLE_TITLE:
      return 1;
    case DAFU_DOC_ROLE_SALUTATION:
      return 2;
    case DAFU_DOC_ROLE_BODY:
    case DAFU_DOC_ROLE_HEADING_1:
    case DAFU_DOC_ROLE_HEADING_2:
    case DAFU_DOC_ROLE_HEADING_3:
      return 3;
    case DAFU_DOC_ROLE_SIGNATURE:
      return 4;
    case DAFU_DOC_ROLE_DATE:
      return 5;
    case DAFU_DOC_ROLE_NOTE:
      return 6;
    case DAFU_DOC_ROLE_CC:
    default:
      return 7;
    }
}

static void
assert_well_formed (DafuDocument *doc)
{
  guint n = dafu_document_get_n_parts (doc);
  guint last = 0;

  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    {
      const DafuDocPart *part = dafu_document_get_part (doc, i);

      g_assert_nonnull (part);
      g_assert_cmpuint (rank (part->role), >=, last);
      last = rank (part->role);
      g_assert_cmpstr (part->text, !=, "");
      g_assert_null (strchr (part->text, '\n'));
      g_assert_null (strchr (part->text, '{'));
      g_assert_true (g_utf8_validate (part->text, -1, NULL));
    }
  g_assert_null (dafu_document_get_part (doc, n));
}

static const char *
first (DafuDocument *doc,
       DafuDocRole   role)
{
  for (guint i = 0; i < dafu_document_get_n_parts (doc); i++)
    if (dafu_document_get_part (doc, i)->role == role)
      return dafu_document_get_part (doc, i)->text;
  return NULL;
}

static const char *
last (DafuDocument *doc,
      DafuDocRole   role)
{
  const char *text = NULL;

  for (guint i = 0; i < dafu_document_get_n_parts (doc); i++)
    if (dafu_document_get_part (doc, i)->role == role)
      text = dafu_document_get_part (doc, i)->text;
  return text;
}

static guint
count (DafuDocument *doc,
       DafuDocRole   role)
{
  guint n = 0;

  for (guint i = 0; i < dafu_document_get_n_parts (doc); i++)
    if (dafu_document_get_part (doc, i)->role == role)
      n++;
  return n;
}

static gboolean
any_contains (DafuDocument *doc,
              const char   *needle)
{
  for (guint i = 0; i < dafu_document_get_n_parts (doc); i++)
    if (strstr (dafu_document_get_part (doc, i)->text, needle) != NULL)
      return TRUE;
  return FALSE;
}

static DafuDocument *
sample_document (const char *name)
{
  g_autoptr(DafuLetter) letter = dafu_test_load_sample (name);
  DafuDocument *doc = dafu_document_new_from_letter (letter);

  g_assert_nonnull (doc);
  assert_well_formed (doc);
  return doc;
}

static void
test_role_for_line (void)
{
  static const struct {
    const char  *line;
    DafuDocRole  role;
  } cases[] = {
    { "一、保障机制持续完善", DAFU_DOC_ROLE_HEADING_1 },
    { "十二、其他事项", DAFU_DOC_ROLE_HEADING_1 },
    { "三、建立完善医养结合签约合作服务机制。", DAFU_DOC_ROLE_HEADING_1 },
    { "（二）加强养老护理队伍建设", DAFU_DOC_ROLE_HEADING_2 },
    { "(三)完善补贴制度", DAFU_DOC_ROLE_HEADING_2 },
    { "1. 稳步推进养老机构建设。", DAFU_DOC_ROLE_HEADING_3 },
    { "2.扎实推进医养结合。", DAFU_DOC_ROLE_HEADING_3 },
    { "3．逐步规范农村日间照料中心运营", DAFU_DOC_ROLE_HEADING_3 },
    /* Run-in headings: the paragraph goes on after the heading. */
    { "1.扎实推进城市社区居家养老服务。针对新建小区，在全省率先出台管理办法。", DAFU_DOC_ROLE_BODY },
    { "一、统筹推进城乡社区养老服务设施建设。制定出台《咸阳市推进基本养老服务体系建设实施方案》政策。",
      DAFU_DOC_ROLE_BODY },
    { "一是在居家养老方面。", DAFU_DOC_ROLE_BODY },
    { "1.5万元用于设备更新", DAFU_DOC_ROLE_BODY },
    { "2025年我市计划新建改造6个社区养老工程", DAFU_DOC_ROLE_BODY },
    { "关于第一条建议，强化宣传引导，进一步营造浓厚氛围方面。", DAFU_DOC_ROLE_BODY },
    { "", DAFU_DOC_ROLE_BODY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].line);
      g_assert_cmpstr (dafu_doc_role_to_string (dafu_doc_role_for_line (cases[i].line)), ==,
                       dafu_doc_role_to_string (cases[i].role));
    }
}

static void
test_changzhi (void)
{
  g_autoptr(DafuDocument) doc = sample_document ("changzhi-2025-59.txt");
  g_autofree char *text = NULL;

  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_ISSUER), ==, "长治市民政局");
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_DOC_NUMBER), ==, "长民函〔2025〕59号");
  g_assert_null (first (doc, DAFU_DOC_ROLE_CATEGORY));
  g_assert_null (first (doc, DAFU_DOC_ROLE_SIGNER));
  /* The reply's own title line (the title field is the suggestion's),
   * without the space a PDF conversion left in it. */
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_TITLE), ==, "关于市十五届人大五次会议第130号建议的答复");
  g_assert_cmpstr (dafu_document_get_title (doc), ==, "关于市十五届人大五次会议第130号建议的答复");
  g_assert_cmpstr (dafu_document_get_author (doc), ==, "长治市民政局");
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_SALUTATION), ==, "尊敬的张成斌代表：");
  g_assert_true (g_str_has_prefix (first (doc, DAFU_DOC_ROLE_BODY), "您提出的《关于健全完善"));
  g_assert_cmpstr (last (doc, DAFU_DOC_ROLE_BODY), ==,
                   "感谢您对市民政局工作的关心与支持，并欢迎今后提出更多的宝贵意见。");
  g_assert_cmpuint (count (doc, DAFU_DOC_ROLE_BODY), ==, 9);
  /* A page break had split 提升了各相关部|门及社会公众: one paragraph. */
  g_assert_true (any_contains (doc, "提升了各相关部门及社会公众"));
  /* Spaces between Chinese and numbers are gone: 每百户30平方米. */
  g_assert_true (any_contains (doc, "按每百户30平方米的标准"));
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_SIGNATURE), ==, "长治市民政局");
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_DATE), ==, "2025年9月4日");
  g_assert_cmpuint (count (doc, DAFU_DOC_ROLE_NOTE), ==, 2);
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_NOTE), ==,
                   "（负责人：张斌，承办人：延思超，联系电话：3028425）");
  g_assert_cmpstr (last (doc, DAFU_DOC_ROLE_NOTE), ==, "（此件可以公开）");
  g_assert_null (first (doc, DAFU_DOC_ROLE_CC));

  text = dafu_document_to_text (doc);
  g_assert_true (g_str_has_prefix (text, "长治市民政局\n长民函〔2025〕59号\n关于市十五届"));
  g_assert_true (g_str_has_suffix (text, "（此件可以公开）\n"));
  g_assert_null (strstr (text, "\n\n"));
}

static void
test_jincheng (void)
{
  g_autoptr(DafuDocument) doc = sample_document ("jincheng-444.txt");

  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_ISSUER), ==, "晋城市民政局");
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_CATEGORY), ==, "A");
  g_assert_null (first (doc, DAFU_DOC_ROLE_DOC_NUMBER));
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_TITLE), ==, "关于市八届人大三次会议第444号建议的答复");
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_SALUTATION), ==, "尊敬的李蕾代表：");
  /* The meeting record before the letter is not part of it. */
  g_assert_false (any_contains (doc, "建议主要内容"));
  g_assert_false (any_contains (doc, "面商时间"));
  g_assert_cmpuint (count (doc, DAFU_DOC_ROLE_HEADING_1), ==, 4);
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_HEADING_1), ==, "一、强化政策创制，不断优化养老服务发展环境");
  /* No space left to stretch in a justified line: 2. 稳步, 50% 指标. */
  g_assert_true (any_contains (doc, "2.稳步推进养老机构建设。在全省率先"));
  g_assert_true (any_contains (doc, "要求的50%指标"));
  /* 1.扎实推进…。针对… runs into its paragraph. */
  g_assert_cmpuint (count (doc, DAFU_DOC_ROLE_HEADING_3), ==, 0);
  g_assert_cmpstr (last (doc, DAFU_DOC_ROLE_BODY), ==, "感谢您对养老工作的关心和支持，欢迎今后提出更多宝贵意见。");
  /* No date in the letter: none invented. */
  g_assert_null (first (doc, DAFU_DOC_ROLE_DATE));
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_SIGNATURE), ==, "晋城市民政局");
  /* 负责人： says nothing and is left out. */
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_NOTE), ==, "（承办人：王雪娥，联系电话：2566249）");
}

static void
test_xianyang (void)
{
  g_autoptr(DafuDocument) doc = sample_document ("xianyang-2024-39.txt");
  g_autoptr(DafuDocument) other = sample_document ("xianyang-2024-40.txt");

  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_CATEGORY), ==, "B");
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_SIGNER), ==, "签发人：蒲军");
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_DOC_NUMBER), ==, "咸民函〔2024〕39号");
  /* Markdown marks (##, **) are gone. */
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_TITLE), ==, "关于对市九届人大四次会议第304号建议的答复函");
  g_assert_false (any_contains (doc, "**"));
  g_assert_false (any_contains (doc, "#"));
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_SALUTATION), ==, "刘亚宁代表：");
  g_assert_cmpuint (count (doc, DAFU_DOC_ROLE_HEADING_1), ==, 4);
  g_assert_cmpstr (last (doc, DAFU_DOC_ROLE_HEADING_1), ==, "四、创新服务先行先试");
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_DATE), ==, "2024年5月8日");
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_NOTE), ==, "（联系单位及电话：市民政局社会福利科 38990021）");
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_CC), ==, "抄送：市委市政府督查室、市人大办公室（代工委）。");
  /* The 印发 line is not the letter's. */
  g_assert_false (any_contains (doc, "2024年5月8日印发"));
  g_assert_cmpuint (count (doc, DAFU_DOC_ROLE_SIGNATURE), ==, 1);

  g_assert_cmpstr (first (other, DAFU_DOC_ROLE_TITLE), ==, "关于对市九届人大四次会议第88号建议的答复函");
  g_assert_cmpstr (first (other, DAFU_DOC_ROLE_SALUTATION), ==, "杨军代表：");
  g_assert_true (g_str_has_prefix (last (other, DAFU_DOC_ROLE_BODY), "三、强化监督管理，在提高质量上再下功夫。"));
}

static void
test_yulin (void)
{
  g_autoptr(DafuDocument) doc = sample_document ("yulin-2021-114.txt");

  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_TITLE), ==, "对市四届人大八次会议第88号建议的答复函");
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_SALUTATION), ==, "赵永飞代表：");
  g_assert_cmpstr (last (doc, DAFU_DOC_ROLE_BODY), ==, "专此答复，不妥之处，请予批评指正。");
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_DATE), ==, "2021年8月23日");
  /* ASCII parentheses become full-width ones. */
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_NOTE), ==, "（联系人：榆林市民政局养老服务科，电话：8190932）");
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_CC), ==, "抄送：市人大常委会人事代表选举工作委员会，市政研督查办。");
  g_assert_cmpuint (count (doc, DAFU_DOC_ROLE_SIGNATURE), ==, 1);
}

static void
test_letter_without_text (void)
{
  g_autoptr(DafuLetter) letter = dafu_letter_new ();
  g_autoptr(DafuDocument) doc = NULL;
  g_autoptr(DafuDocument) empty = NULL;
  g_autoptr(DafuLetter) bare = dafu_letter_new ();

  dafu_letter_set_field (letter, DAFU_LETTER_FIELD_ISSUER, "榆林市民政局");
  dafu_letter_set_field (letter, DAFU_LETTER_FIELD_TITLE, "关于发展老年助餐的建议");
  dafu_letter_set_field (letter, DAFU_LETTER_FIELD_DATE, "2026-03-05");
  doc = dafu_document_new_from_letter (letter);
  assert_well_formed (doc);
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_TITLE), ==, "关于《关于发展老年助餐的建议》的答复");
  g_assert_null (first (doc, DAFU_DOC_ROLE_SALUTATION));
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_DATE), ==, "2026年3月5日");

  empty = dafu_document_new_from_letter (bare);
  g_assert_nonnull (empty);
  g_assert_cmpuint (dafu_document_get_n_parts (empty), ==, 0);
  g_assert_null (dafu_document_get_title (empty));
  g_assert_null (dafu_document_get_author (empty));
}

static DafuDraftBlock *
append_block (DafuDraft     *draft,
              DafuBlockKind  kind,
              const char    *text)
{
  g_autoptr(DafuDraftBlock) block = dafu_draft_block_new (kind, text);

  dafu_draft_insert_block (draft, dafu_draft_suggest_position (draft, kind), block);
  return block;
}

static DafuDraft *
fixture_draft (void)
{
  DafuDraft *draft = dafu_draft_new ();

  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ISSUER, "咸阳市民政局");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_DOC_NUMBER, "咸民函〔2026〕12号");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_CATEGORY, "B");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_SESSION, "市十届人大一次会议");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_SUGGESTION_NUMBER, "56");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ADDRESSEE, "王芳");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ADDRESSEE_ROLE, "代表");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_TITLE, "关于加快发展社区助餐服务的建议");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_DATE, "2026-11-23");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_CONTACT, "市民政局养老服务科");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_CONTACT_PHONE, "029-33210000");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_CC, "市人大常委会代表工作委员会，市政府督查室");
  dafu_draft_add_standard_parts (draft);

  append_block (draft, DAFU_BLOCK_KIND_OPENING, "您提出的《{建议标题}》收悉。经研究，现答复如下：");
  append_block (draft, DAFU_BLOCK_KIND_MEASURE,
                "一、加快助餐网点建设\n"
                "今年以来，我市新建社区老年助餐点四十个，覆盖城区主要街道。\n\n"
                "二、完善助餐服务保障\n"
                "（一）落实运营补贴\n"
                "1. 明确补贴标准\n"
                "对服务老年人较多的助餐点给予运营补贴。");
  append_block (draft, DAFU_BLOCK_KIND_CLOSING, "感谢您对民政工作的关心和支持。");
  return draft;
}

static void
test_from_draft (void)
{
  g_autoptr(DafuDraft) draft = fixture_draft ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuDocument) doc = dafu_document_new_from_draft (draft, &error);
  static const DafuDocRole expected[] = {
    DAFU_DOC_ROLE_ISSUER, DAFU_DOC_ROLE_DOC_NUMBER, DAFU_DOC_ROLE_CATEGORY,
    DAFU_DOC_ROLE_TITLE, DAFU_DOC_ROLE_SALUTATION,
    DAFU_DOC_ROLE_BODY,
    DAFU_DOC_ROLE_HEADING_1, DAFU_DOC_ROLE_BODY,
    DAFU_DOC_ROLE_HEADING_1, DAFU_DOC_ROLE_HEADING_2, DAFU_DOC_ROLE_HEADING_3, DAFU_DOC_ROLE_BODY,
    DAFU_DOC_ROLE_BODY,
    DAFU_DOC_ROLE_SIGNATURE, DAFU_DOC_ROLE_DATE, DAFU_DOC_ROLE_NOTE, DAFU_DOC_ROLE_CC,
  };
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  assert_well_formed (doc);
  for (guint i = 0; i < dafu_document_get_n_parts (doc); i++)
    g_test_message ("%s %s", dafu_doc_role_to_string (dafu_document_get_part (doc, i)->role),
                    dafu_document_get_part (doc, i)->text);
  g_assert_cmpuint (dafu_document_get_n_parts (doc), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (dafu_doc_role_to_string (dafu_document_get_part (doc, i)->role), ==,
                     dafu_doc_role_to_string (expected[i]));

  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_TITLE), ==, "关于市十届人大一次会议第56号建议的答复");
  g_assert_cmpstr (dafu_document_get_title (doc), ==, "关于市十届人大一次会议第56号建议的答复");
  g_assert_cmpstr (dafu_document_get_author (doc), ==, "咸阳市民政局");
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_SALUTATION), ==, "尊敬的王芳代表：");
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_BODY), ==,
                   "您提出的《关于加快发展社区助餐服务的建议》收悉。经研究，现答复如下：");
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_SIGNATURE), ==, "咸阳市民政局");
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_DATE), ==, "2026年11月23日");
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_NOTE), ==, "（联系人：市民政局养老服务科，联系电话：029-33210000）");
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_CC), ==, "抄送：市人大常委会代表工作委员会，市政府督查室。");

  /* The plain text: one paragraph a line, nothing else. */
  text = dafu_document_to_text (doc);
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (expected) + 1);
  g_assert_cmpstr (lines[0], ==, "咸阳市民政局");
  g_assert_cmpstr (lines[G_N_ELEMENTS (expected)], ==, "");
}

static void
test_draft_notes_wrapped (void)
{
  g_autoptr(DafuDraft) draft = fixture_draft ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuDocument) doc = NULL;

  /* A clerk's own contact note without parentheses gets them. */
  for (guint i = 0; i < dafu_draft_get_n_blocks (draft); i++)
    if (dafu_draft_block_get_kind (dafu_draft_get_block (draft, i)) == DAFU_BLOCK_KIND_CONTACT)
      dafu_draft_set_block_text (draft, i, "联系人：李明，电话：3312345");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_PUBLIC_NOTE, "此件公开发布");
  append_block (draft, DAFU_BLOCK_KIND_PUBLIC_NOTE, "此件公开发布");

  doc = dafu_document_new_from_draft (draft, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first (doc, DAFU_DOC_ROLE_NOTE), ==, "（联系人：李明，电话：3312345）");
  g_assert_true (any_contains (doc, "（此件公开发布）"));
}

static void
test_draft_unfilled (void)
{
  g_autoptr(DafuDraft) draft = fixture_draft ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuDocument) doc = NULL;

  append_block (draft, DAFU_BLOCK_KIND_PLAN, "下一步，我们将在{项目名称}中推进助餐服务。");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ADDRESSEE, NULL);

  doc = dafu_document_new_from_draft (draft, &error);
  g_assert_null (doc);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "{项目名称}"));
  g_assert_nonnull (strstr (error->message, "{代表}"));

  /* Filled, it goes through. */
  g_clear_error (&error);
  dafu_draft_set_value (draft, "项目名称", "老年助餐提质工程");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ADDRESSEE, "王芳");
  doc = dafu_document_new_from_draft (draft, &error);
  g_assert_no_error (error);
  g_assert_true (any_contains (doc, "下一步，我们将在老年助餐提质工程中推进助餐服务。"));
}

static void
test_append (void)
{
  g_autoptr(DafuDocument) doc = dafu_document_new ();
  g_autofree char *text = NULL;

  dafu_document_append (doc, DAFU_DOC_ROLE_ISSUER, "  长治市民政局 ");
  dafu_document_append (doc, DAFU_DOC_ROLE_BODY, "第一段\n\n　\n第二段");
  dafu_document_append (doc, DAFU_DOC_ROLE_BODY, NULL);
  dafu_document_append (doc, DAFU_DOC_ROLE_NOTE, "");
  g_assert_cmpuint (dafu_document_get_n_parts (doc), ==, 3);
  g_assert_cmpstr (dafu_document_get_part (doc, 0)->text, ==, "长治市民政局");
  g_assert_cmpstr (dafu_document_get_author (doc), ==, "长治市民政局");
  g_assert_null (dafu_document_get_title (doc));
  text = dafu_document_to_text (doc);
  g_assert_cmpstr (text, ==, "长治市民政局\n第一段\n第二段\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/document/role-for-line", test_role_for_line);
  g_test_add_func ("/document/append", test_append);
  g_test_add_func ("/document/letter/changzhi", test_changzhi);
  g_test_add_func ("/document/letter/jincheng", test_jincheng);
  g_test_add_func ("/document/letter/xianyang", test_xianyang);
  g_test_add_func ("/document/letter/yulin", test_yulin);
  g_test_add_func ("/document/letter/without-text", test_letter_without_text);
  g_test_add_func ("/document/draft", test_from_draft);
  g_test_add_func ("/document/draft/notes", test_draft_notes_wrapped);
  g_test_add_func ("/document/draft/unfilled", test_draft_unfilled);

  return g_test_run ();
}
