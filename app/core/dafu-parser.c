/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-parser"

#include "config.h"

#include "dafu-parser.h"

#include <string.h>

#include "dafu-consultation.h"
#include "dafu-letter.h"
#include "dafu-parser-private.h"
#include "dafu-repair.h"
#include "dafu-section.h"
#include "dafu-text.h"

/*
 * How a letter is read (after dafu_repair_lines()):
 *
 *  1. Page clutter is marked: breadcrumbs, the site's index table (索引号,
 *     发布机构, 文号, 发布日期 …), 打印/关闭 buttons, 【字体：大 中 小】,
 *     上一篇/下一篇 links, site footers, page dates. Nothing is read from it:
 *     not even the index table's 文号 or 成文日期, which cannot be told
 *     apart from another letter's with certainty (the user can fill them in).
 *     After the salutation, the first clutter line ends the letter.
 *  2. A 面商记录表 (consultation record) is a block from its title to its
 *     last labelled row; it is read on its own and nothing else is read
 *     from it.
 *  3. The salutation (XX代表：) divides the letter: the header before it
 *     (issuer, 类别, 签发人, 文号, the title line, which is the last reply
 *     title before the salutation), the body after it, and the tail that
 *     starts at the first signature line (a contact/负责人/承办人 label, an
 *     office, a date, 抄送, 印发, a disclosure note).
 *  4. Fields are read only from the parts where a letter states them; the
 *     body is never searched for fields except the deputy's suggestion
 *     title, taken from the first paragraphs.
 */

/* Beside the DafuRepairLineFlags of the line. */
typedef enum {
  LINE_CLUTTER = 1 << 8,
  LINE_CONSULT = 1 << 9,
} LineFlags;

typedef struct {
  const char *text;
  glong       n_chars;
  gsize       bold_len;
  guint       flags;
} Line;

typedef struct {
  Line       *lines;
  int         n;
  int         cons_start;
  int         cons_end;
  int         salutation;
  const char *salutation_rest;
  int         title;
  int         body_start;
  int         body_end;
  char       *fields[DAFU_LETTER_N_FIELDS];
  char       *header_office;
  char       *signature_office;
  char       *print_date;
} Parser;

/* ---------------------------------------------------------------------- */
/* Small helpers                                                          */

static gboolean
line_usable (const Parser *self,
             int           i)
{
  return i >= 0 && i < self->n && (self->lines[i].flags & (LINE_CLUTTER | LINE_CONSULT)) == 0;
}

static gboolean
contains_any (const char         *text,
              const char * const *words)
{
  for (guint i = 0; words[i]; i++)
    if (strstr (text, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
starts_with_any (const char         *text,
                 const char * const *words)
{
  for (guint i = 0; words[i]; i++)
    if (dafu_parser_match (text, words[i], NULL))
      return TRUE;
  return FALSE;
}

/* Takes ownership of @value; the first value found for a field wins. */
static void
take_field (Parser          *self,
            DafuLetterField  field,
            char            *value)
{
  if (value != NULL && (*value == '\0' || self->fields[field] != NULL))
    g_clear_pointer (&value, g_free);
  if (value != NULL)
    self->fields[field] = value;
}

static gboolean
is_edge_punct (gunichar c)
{
  return c == 0xff0c || c == ',' || c == 0xff1b || c == ';' || c == 0x3002 ||
         c == 0x3001 || c == 0xff1a || c == ':' || c == '.' ||
         dafu_text_is_space (c);
}

/* Trims white space and separators from both ends; %NULL when empty. */
static char *
clean_value (const char *start,
             const char *end)
{
  g_autofree char *v = g_strndup (start, end - start);
  char *p = v;
  char *e;

  while (*p && is_edge_punct (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  e = p + strlen (p);
  while (e > p)
    {
      char *prev = g_utf8_find_prev_char (p, e);

      if (!is_edge_punct (g_utf8_get_char (prev)))
        break;
      e = prev;
    }
  if (e == p)
    return NULL;
  return g_strndup (p, e - p);
}

/* Drops one pair of brackets around the whole of @s. */
static char *
strip_brackets (const char *s)
{
  static const char * const pairs[][2] = {
    { "（", "）" }, { "(", ")" }, { "【", "】" }, { "[", "]" }, { "〔", "〕" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    if (g_str_has_prefix (s, pairs[i][0]) && g_str_has_suffix (s, pairs[i][1]) &&
        strlen (s) > strlen (pairs[i][0]) + strlen (pairs[i][1]))
      {
        g_autofree char *inner = g_strndup (s + strlen (pairs[i][0]),
                                            strlen (s) - strlen (pairs[i][0]) - strlen (pairs[i][1]));
        return dafu_parser_strip (g_steal_pointer (&inner));
      }
  return g_strdup (s);
}

/* A person's name from a field value: `蒲　军` → `蒲军`; stops at a
 * separator or a second field on the same line. */
static char *
clean_name (const char *value)
{
  g_autofree char *v = NULL;
  g_auto(GStrv) parts = NULL;
  GString *joined;
  glong total = 0;
  gboolean single = FALSE;
  const char *cut;

  if (value == NULL)
    return NULL;

  v = g_strdup (value);
  for (cut = v; *cut; cut = g_utf8_next_char (cut))
    {
      gunichar c = g_utf8_get_char (cut);

      if (c == 0xff0c || c == ',' || c == 0xff1b || c == ';' || c == 0x3002 ||
          c == 0xff08 || c == '(')
        break;
    }
  v[cut - v] = '\0';
  dafu_parser_strip (v);
  if (*v == '\0')
    return NULL;

  /* Split on any white space, including U+3000. */
  joined = g_string_new (NULL);
  for (const char *p = v; *p; p = g_utf8_next_char (p))
    g_string_append_unichar (joined, dafu_text_is_space (g_utf8_get_char (p)) ? ' ' : g_utf8_get_char (p));
  parts = g_strsplit (joined->str, " ", -1);
  g_string_free (joined, TRUE);

  joined = g_string_new (NULL);
  for (guint i = 0; parts[i]; i++)
    {
      glong n = g_utf8_strlen (parts[i], -1);

      if (n == 0)
        continue;
      if (n == 1)
        single = TRUE;
      total += n;
    }
  for (guint i = 0; parts[i]; i++)
    {
      if (*parts[i] == '\0')
        continue;
      /* 蒲 军 is one name spaced out; 张三 李四 are two people. */
      if (joined->len > 0 && !(single && total <= 4))
        break;
      g_string_append (joined, parts[i]);
    }

  if (joined->len == 0)
    {
      g_string_free (joined, TRUE);
      return NULL;
    }
  return g_string_free (joined, FALSE);
}

static gboolean
is_phone_char (const char *p)
{
  gunichar c = g_utf8_get_char (p);

  return dafu_parser_digit_value (c) >= 0 || c == '-' || c == 0xff0d || c == 0x2014 ||
         c == 0x2013;
}

/* The first telephone number (at least five digits) in @value. */
static char *
find_phone (const char  *value,
            const char **phone_start)
{
  for (const char *p = value; *p; p = g_utf8_next_char (p))
    {
      const char *start = p, *end = p;
      int digits = 0;
      GString *phone;

      /* (0356)2566249 */
      if ((*p == '(' || g_str_has_prefix (p, "（")) &&
          dafu_parser_digit_value (g_utf8_get_char (g_utf8_next_char (p))) >= 0)
        {
          end = g_utf8_next_char (p);
          while (dafu_parser_digit_value (g_utf8_get_char (end)) >= 0)
            end = g_utf8_next_char (end);
          if (*end == ')' || g_str_has_prefix (end, "）"))
            end = g_utf8_next_char (end);
          else
            continue;
        }
      else if (dafu_parser_digit_value (g_utf8_get_char (p)) < 0)
        continue;

      while (*end && is_phone_char (end))
        end = g_utf8_next_char (end);

      phone = g_string_new (NULL);
      for (const char *q = start; q < end; q = g_utf8_next_char (q))
        {
          gunichar c = g_utf8_get_char (q);
          int d = dafu_parser_digit_value (c);

          if (d >= 0)
            {
              g_string_append_c (phone, '0' + d);
              digits++;
            }
          else if (c == '(' || c == 0xff08)
            g_string_append_c (phone, '(');
          else if (c == ')' || c == 0xff09)
            g_string_append_c (phone, ')');
          else
            g_string_append_c (phone, '-');
        }
      while (phone->len > 0 && phone->str[phone->len - 1] == '-')
        g_string_truncate (phone, phone->len - 1);

      if (digits >= 5)
        {
          if (phone_start != NULL)
            *phone_start = start;
          return g_string_free (phone, FALSE);
        }
      g_string_free (phone, TRUE);
      p = g_utf8_find_prev_char (value, end) ? g_utf8_find_prev_char (value, end) : end;
      if (p < start)
        p = start;
    }
  return NULL;
}

/* ---------------------------------------------------------------------- */
/* Labelled fields (联系人：…, 面商时间　…)                               */

typedef enum {
  L_IGNORE,
  L_CONTACT,
  L_CONTACT_PHONE,
  L_PHONE,
  L_HEAD,
  L_HANDLER,
  L_HANDLER_PHONE,
  L_SIGNER,
  L_CC,
  L_ATTACHMENT,
  L_CATEGORY,
  C_DEPUTY,
  C_DATE,
  C_PLACE,
  C_OFFICER,
} LabelKind;

typedef struct {
  const char *word;
  LabelKind   kind;
} Label;

/* Longest first, so that 联系人及电话 wins over 联系人. */
static const Label letter_labels[] = {
  { "联系人及联系电话", L_CONTACT_PHONE },
  { "联系单位及联系电话", L_CONTACT_PHONE },
  { "承办人及联系电话", L_HANDLER_PHONE },
  { "联系人及电话", L_CONTACT_PHONE },
  { "联系人和电话", L_CONTACT_PHONE },
  { "联系人、电话", L_CONTACT_PHONE },
  { "联系单位及电话", L_CONTACT_PHONE },
  { "承办人及电话", L_HANDLER_PHONE },
  { "承办负责人", L_IGNORE },
  { "主要负责人", L_IGNORE },
  { "分管负责人", L_IGNORE },
  { "分管领导", L_IGNORE },
  { "联系人", L_CONTACT },
  { "联系单位", L_CONTACT },
  { "联系电话", L_PHONE },
  { "联系方式", L_PHONE },
  { "办公电话", L_PHONE },
  { "电话", L_PHONE },
  { "手机", L_PHONE },
  { "负责人", L_HEAD },
  { "承办人", L_HANDLER },
  { "经办人", L_HANDLER },
  { "签发人", L_SIGNER },
  { "抄送", L_CC },
  { "抄报", L_CC },
  { "附件", L_ATTACHMENT },
  { "类别", L_CATEGORY },
  { "承办单位", L_IGNORE },
  { "审核人", L_IGNORE },
  { "核稿人", L_IGNORE },
  { "拟稿人", L_IGNORE },
  { "传真", L_IGNORE },
  { "邮编", L_IGNORE },
  { "地址", L_IGNORE },
  { "邮箱", L_IGNORE },
  { NULL, 0 }
};

static const Label consult_labels[] = {
  { "代表联系电话", C_DEPUTY },
  { "代表姓名", C_DEPUTY },
  { "工作单位", L_IGNORE },
  { "联系电话", L_PHONE },
  { "电话", L_PHONE },
  { "手机", L_PHONE },
  { "面商时间", C_DATE },
  { "面商地点", C_PLACE },
  { "面商人", C_OFFICER },
  { "面商方式", L_IGNORE },
  { "面商形式", L_IGNORE },
  { "承办单位", L_IGNORE },
  { "建议编号", L_IGNORE },
  { "签字", L_IGNORE },
  { "职务", L_IGNORE },
  { NULL, 0 }
};

typedef struct {
  LabelKind   kind;
  const char *label_start;
  const char *value_start;
  const char *value_end;
} Hit;

/* Finds the labels of @labels in @line. A label starts the line or follows
 * white space or punctuation, and is followed by a colon (or, when
 * @spaced is set, by white space: table cells). Each value runs to the next
 * label. */
static GArray *
scan_labels (const char  *line,
             const Label *labels,
             gboolean     spaced)
{
  GArray *hits = g_array_new (FALSE, FALSE, sizeof (Hit));
  gunichar prev = 0;

  for (const char *p = line; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (p == line || !dafu_parser_is_cjk (prev))
        {
          for (guint i = 0; labels[i].word; i++)
            {
              const char *after, *value;
              gboolean colon;

              if (!dafu_parser_match (p, labels[i].word, &after))
                continue;
              colon = dafu_parser_skip_colon (after, &value);
              if (!colon && !(spaced && (*after == '\0' || dafu_text_is_space (g_utf8_get_char (after)))))
                continue;

              {
                Hit hit = { labels[i].kind, p, value, NULL };

                if (hits->len > 0)
                  g_array_index (hits, Hit, hits->len - 1).value_end = p;
                g_array_append_val (hits, hit);
              }
              /* Resume after the label; values may hold no label. */
              p = g_utf8_find_prev_char (line, value) ? g_utf8_find_prev_char (line, value) : value;
              if (p < after)
                p = g_utf8_find_prev_char (line, after);
              c = g_utf8_get_char (p);
              break;
            }
        }
      prev = c;
    }

  if (hits->len > 0)
    g_array_index (hits, Hit, hits->len - 1).value_end = line + strlen (line);

  return hits;
}

static gboolean
line_starts_with_label (const char *line)
{
  const char *p = line;

  if (g_str_has_prefix (p, "（") || g_str_has_prefix (p, "【"))
    p += 3;
  else if (*p == '(' || *p == '[')
    p++;

  /* Only the start of the line is looked at: bounded work per line. */
  for (guint i = 0; letter_labels[i].word; i++)
    {
      const char *after, *value;

      if (dafu_parser_match (p, letter_labels[i].word, &after) &&
          dafu_parser_skip_colon (after, &value))
        return letter_labels[i].kind != L_CATEGORY;
    }
  return FALSE;
}

/* A category token: A B C D (also full-width), 甲 乙 丙 丁, optionally 类. */
static const char *
read_category (const char  *p,
               const char **end)
{
  static const char * const letters[] = { "A", "B", "C", "D" };
  static const char * const cn[] = { "甲", "乙", "丙", "丁" };
  gunichar c = g_utf8_get_char (p);
  const char *result = NULL;

  if (c >= 0xff21 && c <= 0xff24)
    c -= 0xfee0;
  if (c >= 'A' && c <= 'D')
    result = letters[c - 'A'];
  for (guint i = 0; i < 4 && result == NULL; i++)
    if (g_str_has_prefix (p, cn[i]))
      result = letters[i];
  if (result == NULL)
    return NULL;

  p = g_utf8_next_char (p);
  if (g_str_has_prefix (p, "类"))
    p += strlen ("类");
  *end = p;
  return result;
}

/* The category when @s is only a category token (and white space). */
static const char *
category_token (const char *s)
{
  const char *end;
  const char *cat = read_category (s, &end);

  if (cat == NULL || *dafu_parser_skip_space (end) != '\0')
    return NULL;
  return cat;
}

/* ---------------------------------------------------------------------- */
/* 文号                                                                   */

static gboolean
is_open_bracket (gunichar c)
{
  return c == 0x3014 || c == 0x3010 || c == '[' || c == 0xff08 || c == '(' ||
         c == 0xff3b || c == 0xfe5d || c == 0x3016;
}

static gboolean
is_close_bracket (gunichar c)
{
  return c == 0x3015 || c == 0x3011 || c == ']' || c == 0xff09 || c == ')' ||
         c == 0xff3d || c == 0xfe5e || c == 0x3017;
}

/* The first 文号 in @line (咸民函〔2024〕39号); sets @category when a
 * category is fused on (…19号B类) and @label when 编号/文号 precedes it. */
static char *
find_doc_number (const char  *line,
                 const char **category,
                 gboolean    *label)
{
  for (const char *p = line; *p; p = g_utf8_next_char (p))
    {
      const char *q, *start, *end;
      int n;

      if (!is_open_bracket (g_utf8_get_char (p)))
        continue;

      q = g_utf8_next_char (p);
      for (n = 0; n < 4 && dafu_parser_digit_value (g_utf8_get_char (q)) >= 0; n++)
        q = g_utf8_next_char (q);
      if (n != 4 || !is_close_bracket (g_utf8_get_char (q)))
        continue;
      q = dafu_parser_skip_space (g_utf8_next_char (q));
      for (n = 0; n < 6 && dafu_parser_digit_value (g_utf8_get_char (q)) >= 0; n++)
        q = g_utf8_next_char (q);
      if (n == 0)
        continue;
      q = dafu_parser_skip_space (q);
      if (!g_str_has_prefix (q, "号"))
        continue;
      end = q + strlen ("号");

      /* The issuer's abbreviation before the bracket. */
      start = p;
      for (n = 0; n < 15 && start > line; n++)
        {
          const char *prev = g_utf8_find_prev_char (line, start);
          gunichar c = g_utf8_get_char (prev);

          if (!dafu_parser_is_cjk (c) && !(c < 0x80 && g_ascii_isalnum ((char) c)))
            break;
          start = prev;
        }

      if (label != NULL)
        {
          const char *from = start;

          *label = FALSE;
          for (n = 0; n < 6 && from > line; n++)
            {
              from = g_utf8_find_prev_char (line, from);
              if (g_str_has_prefix (from, "编号") || g_str_has_prefix (from, "文号"))
                *label = TRUE;
            }
        }

      if (category != NULL)
        {
          const char *cat_end;
          const char *cat = read_category (dafu_parser_skip_space (end), &cat_end);

          *category = NULL;
          if (cat != NULL)
            {
              gunichar next = g_utf8_get_char (cat_end);

              if (next == 0 || dafu_text_is_space (next) || is_close_bracket (next))
                *category = cat;
            }
        }

      /* 文号咸民函… without a colon: the label is not part of the number. */
      if (g_str_has_prefix (start, "文号") || g_str_has_prefix (start, "编号"))
        start += strlen ("文号");

      return g_strndup (start, end - start);
    }

  return NULL;
}

/* ---------------------------------------------------------------------- */
/* Clutter                                                                */

static const char * const index_labels[] = {
  "索引号", "发布机构", "成文日期", "发布日期", "发布时间", "生成日期",
  "主题分类", "公开方式", "公开范围", "公开时限", "信息来源", "来源：", "来源:",
  "浏览次数", "阅读次数", "访问次数", "点击数", "点击量", "浏览量", "责任编辑",
  "有效性", "体裁分类", "组配分类", "所属机构", "信息分类", "发文机关", "发文日期",
  NULL
};

/* Rows of an index table next to an index line. */
static const char * const index_row_labels[] = {
  "文号", "发文字号", "文件编号", "名称", "标题", "文件名称", "主题词",
  "关键词", "分类", NULL
};

static const char * const footer_marks[] = {
  "版权所有", "网站标识码", "ICP备", "公网安备", "技术支持", "网站地图",
  "主办单位", "建议使用", "Copyright", "copyright", "©", NULL
};

static gboolean
is_index_line (const Line *line)
{
  guint found = 0;
  const char *p = line->text;

  if (*p == '|' || g_str_has_prefix (p, "｜"))
    p = dafu_parser_skip_space (g_utf8_next_char (p));
  if (starts_with_any (p, index_labels))
    return TRUE;
  if (line->n_chars > 300)
    return FALSE;
  for (guint i = 0; index_labels[i]; i++)
    if (strstr (line->text, index_labels[i]) != NULL && ++found >= 2)
      return TRUE;
  return FALSE;
}

/* 打印 关闭 【字体：大 中 小】 收藏 … and nothing else. */
static gboolean
is_button_line (const Line *line)
{
  static const char * const words[] = {
    "打印本页", "打印此页", "打印", "关闭窗口", "关闭本页", "关闭", "返回顶部",
    "返回", "收藏本页", "收藏", "分享到", "分享", "保存", "字体", "字号", "默认",
    "扫一扫", "大", "中", "小", NULL
  };
  static const char * const keys[] = {
    "打印", "关闭", "收藏", "分享", "返回", "字体", "字号", NULL
  };

  if (line->n_chars > 40 || !contains_any (line->text, keys))
    return FALSE;

  for (const char *p = line->text; *p;)
    {
      gunichar c = g_utf8_get_char (p);
      gboolean word = FALSE;

      for (guint i = 0; words[i]; i++)
        if (g_str_has_prefix (p, words[i]))
          {
            p += strlen (words[i]);
            word = TRUE;
            break;
          }
      if (word)
        continue;
      if (dafu_parser_is_cjk (c) || g_unichar_isalnum (c))
        return FALSE;
      p = g_utf8_next_char (p);
    }
  return TRUE;
}

/* 2024-05-20 or 2024/5/20 (a web page's date, never a letter's). */
static gboolean
has_iso_date (const char *s)
{
  for (const char *p = s; *p; p++)
    {
      const char *q = p + 5;
      int n;

      if (!(p[0] == '1' || p[0] == '2') || !g_ascii_isdigit (p[1]) || !g_ascii_isdigit (p[2]) ||
          !g_ascii_isdigit (p[3]) || (p[4] != '-' && p[4] != '/') ||
          (p > s && g_ascii_isdigit (p[-1])))
        continue;
      for (n = 0; n < 3 && g_ascii_isdigit (*q); n++)
        q++;
      if (n < 1 || n > 2 || *q != p[4])
        continue;
      q++;
      for (n = 0; n < 3 && g_ascii_isdigit (*q); n++)
        q++;
      if (n >= 1 && n <= 2)
        return TRUE;
    }
  return FALSE;
}

/* Clutter that, after the salutation, marks the end of the letter. */
static gboolean
is_clutter (const Line *line)
{
  static const char * const link_marks[] = {
    "上一篇", "下一篇", "上一条", "下一条", "相关链接", "相关文章", NULL
  };
  static const char * const place_marks[] = {
    "当前位置", "您的位置", "您当前的位置", "您现在的位置", "位置：", NULL
  };
  const char *t = line->text;

  if (starts_with_any (t, link_marks) || starts_with_any (t, place_marks))
    return TRUE;
  if (line->n_chars <= 100 && strstr (t, "。") == NULL &&
      (strstr (t, "首页") != NULL || strstr (t, "【字体") != NULL))
    return TRUE;
  if (is_button_line (line) || is_index_line (line))
    return TRUE;
  if (line->n_chars <= 200 && contains_any (t, footer_marks))
    return TRUE;
  /* A page date: 2024-05-20 10:31 */
  if (line->n_chars <= 40 && strstr (t, "。") == NULL && strstr (t, "，") == NULL &&
      has_iso_date (t))
    return TRUE;
  return FALSE;
}

static void
mark_clutter (Parser *self)
{
  g_autofree gboolean *index = g_new0 (gboolean, MAX (self->n, 1));

  for (int i = 0; i < self->n; i++)
    {
      if (is_clutter (&self->lines[i]))
        self->lines[i].flags |= LINE_CLUTTER;
      index[i] = is_index_line (&self->lines[i]);
    }

  /* Rows of the index table next to its labelled lines (文号：…, 标题：…),
   * in both directions, and the value of a label alone on its line. */
  for (int pass = 0; pass < 2; pass++)
    for (int k = 0; k < self->n; k++)
      {
        int i = pass == 0 ? k : self->n - 1 - k;
        int j = pass == 0 ? i - 1 : i + 1;
        Line *line = &self->lines[i];
        gunichar last;

        if (j < 0 || j >= self->n || !index[j] || index[i])
          continue;

        last = dafu_parser_last_char (self->lines[j].text);
        if ((dafu_parser_is_field_line (line->text, line->n_chars) &&
             starts_with_any (line->text, index_row_labels)) ||
            (pass == 0 && (last == ':' || last == 0xff1a) && line->n_chars <= 60))
          {
            index[i] = TRUE;
            line->flags |= LINE_CLUTTER;
          }
      }
}

/* ---------------------------------------------------------------------- */
/* Structure                                                              */

static const char * const consult_marks[] = {
  "面商时间", "面商地点", "面商人", "面商方式", "签字", "代表意见", "办理情况",
  "答复意见要点", "建议主要内容", "代表姓名", NULL
};

/* The salutation: 刘亚宁代表： 尊敬的马青、周丽等委员： */
static gboolean
is_salutation (const Line  *line,
               char       **name,
               char       **role,
               const char **rest)
{
  const char *colon = NULL;
  const char *p = line->text;
  g_autofree char *prefix = NULL;
  int n = 0;

  for (; *p && n <= 40; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ':' || c == 0xff1a)
        {
          colon = p;
          break;
        }
      if (c == 0xff0c || c == ',' || c == 0x3002 || c == 0xff1b || c == ';' ||
          c == 0xff01 || c == 0xff1f)
        return FALSE;
    }
  if (colon == NULL || colon == line->text)
    return FALSE;

  prefix = dafu_parser_strip (g_strndup (line->text, colon - line->text));
  if (g_str_has_suffix (prefix, "们"))
    prefix[strlen (prefix) - strlen ("们")] = '\0';
  if (!g_str_has_suffix (prefix, "代表") && !g_str_has_suffix (prefix, "委员"))
    return FALSE;
  if (strstr (prefix, "联系") != NULL || strstr (prefix, "签字") != NULL)
    return FALSE;

  if (role != NULL)
    *role = g_strdup (prefix + strlen (prefix) - strlen ("代表"));
  prefix[strlen (prefix) - strlen ("代表")] = '\0';

  if (name != NULL)
    {
      char *start = prefix;

      if (g_str_has_prefix (start, "尊敬的") || g_str_has_prefix (start, "敬爱的") ||
          g_str_has_prefix (start, "亲爱的"))
        start += strlen ("尊敬的");
      if (g_str_has_suffix (start, "等"))
        start[strlen (start) - strlen ("等")] = '\0';
      dafu_parser_strip (start);
      *name = *start != '\0' ? g_strdup (start) : NULL;
    }

  if (rest != NULL)
    *rest = dafu_parser_skip_space (g_utf8_next_char (colon));
  return TRUE;
}

static void
find_consultation (Parser *self)
{
  int last = -1;

  self->cons_start = self->cons_end = -1;

  for (int i = 0; i < self->n && self->cons_start < 0; i++)
    {
      const char *t = self->lines[i].text;

      if (line_usable (self, i) && strstr (t, "面商") != NULL &&
          (strstr (t, "记录") != NULL || strstr (t, "情况表") != NULL ||
           contains_any (t, consult_marks)))
        self->cons_start = i;
    }
  if (self->cons_start < 0)
    return;

  last = self->cons_start;
  for (int i = self->cons_start + 1; i < self->n; i++)
    {
      const Line *line = &self->lines[i];

      if (line->flags & LINE_CLUTTER)
        continue;
      if (dafu_parser_is_title_line (line->text, line->n_chars) ||
          is_salutation (line, NULL, NULL, NULL))
        break;
      if (starts_with_any (line->text, consult_marks) ||
          (line->flags & DAFU_REPAIR_LINE_TABLE && contains_any (line->text, consult_marks)))
        last = i;
    }

  self->cons_end = last;
  for (int i = self->cons_start; i <= self->cons_end; i++)
    self->lines[i].flags |= LINE_CONSULT;
}

static gboolean
is_public_note (const char  *text,
                char       **note)
{
  static const char * const bare[] = {
    "公开", "主动公开", "依申请公开", "不予公开", "不公开", "免予公开",
    "可以公开", "予以公开", NULL
  };
  g_autofree char *inner = strip_brackets (text);
  glong n = g_utf8_strlen (inner, -1);

  if (n > 14)
    return FALSE;
  if ((g_str_has_prefix (inner, "此件") && strstr (inner, "公开") != NULL) ||
      g_strv_contains (bare, inner))
    {
      if (note != NULL)
        *note = g_steal_pointer (&inner);
      return TRUE;
    }
  return FALSE;
}

/* Where the body ends: a contact or signature label, an office, a date,
 * 抄送, 印发, a disclosure note. */
static gboolean
is_tail_line (const Line *line)
{
  if (line->n_chars > 200)
    return FALSE;
  return line_starts_with_label (line->text) ||
         dafu_parser_is_date_line (line->text, line->n_chars, NULL, NULL) ||
         is_public_note (line->text, NULL) ||
         dafu_parser_is_office (line->text, -1);
}

static void
find_structure (Parser *self)
{
  self->salutation = self->title = -1;
  self->body_start = self->body_end = -1;

  for (int i = 0; i < self->n && self->salutation < 0; i++)
    if (line_usable (self, i) && is_salutation (&self->lines[i], NULL, NULL, &self->salutation_rest))
      self->salutation = i;

  if (self->salutation >= 0)
    {
      for (int i = self->salutation - 1; i >= 0 && self->title < 0; i--)
        if (line_usable (self, i) && dafu_parser_is_title_line (self->lines[i].text, self->lines[i].n_chars))
          self->title = i;
    }
  else
    {
      for (int i = 0; i < self->n && self->title < 0; i++)
        if (line_usable (self, i) && dafu_parser_is_title_line (self->lines[i].text, self->lines[i].n_chars))
          self->title = i;
    }

  /* After the salutation, page clutter ends the letter. */
  if (self->salutation >= 0)
    {
      gboolean ended = FALSE;

      for (int i = self->salutation + 1; i < self->n; i++)
        {
          if (self->lines[i].flags & LINE_CLUTTER)
            ended = TRUE;
          if (ended)
            self->lines[i].flags |= LINE_CLUTTER;
        }
    }

  if (self->salutation >= 0)
    self->body_start = self->salutation + 1;
  else if (self->title >= 0)
    self->body_start = self->title + 1;
  else
    return;

  self->body_end = self->body_start;
  while (self->body_end < self->n && line_usable (self, self->body_end) &&
         !is_tail_line (&self->lines[self->body_end]))
    self->body_end++;
}

/* ---------------------------------------------------------------------- */
/* Header, title line, salutation                                         */

static void
read_labels (Parser     *self,
             const Line *line,
             gboolean    tail)
{
  g_autoptr(GArray) hits = NULL;
  g_autofree char *text = NULL;

  text = strip_brackets (line->text);
  hits = scan_labels (text, letter_labels, FALSE);

  for (guint i = 0; i < hits->len; i++)
    {
      const Hit *hit = &g_array_index (hits, Hit, i);
      g_autofree char *value = clean_value (hit->value_start, hit->value_end);
      const char *phone_start = NULL;
      char *phone;

      switch (hit->kind)
        {
        case L_SIGNER:
          take_field (self, DAFU_LETTER_FIELD_SIGNER, clean_name (value));
          break;

        case L_HEAD:
          if (tail)
            take_field (self, DAFU_LETTER_FIELD_HEAD, clean_name (value));
          break;

        case L_HANDLER:
          if (tail)
            take_field (self, DAFU_LETTER_FIELD_HANDLER, clean_name (value));
          break;

        case L_HANDLER_PHONE:
        case L_CONTACT_PHONE:
        case L_CONTACT:
          if (!tail || value == NULL)
            break;
          phone = find_phone (value, &phone_start);
          if (phone != NULL)
            {
              take_field (self, DAFU_LETTER_FIELD_CONTACT_PHONE, phone);
              value[phone_start - value] = '\0';
            }
          if (hit->kind == L_HANDLER_PHONE)
            take_field (self, DAFU_LETTER_FIELD_HANDLER, clean_name (value));
          else
            take_field (self, DAFU_LETTER_FIELD_CONTACT, clean_value (value, value + strlen (value)));
          break;

        case L_PHONE:
          if (tail && value != NULL)
            take_field (self, DAFU_LETTER_FIELD_CONTACT_PHONE, find_phone (value, NULL));
          break;

        case L_CC:
          if (tail)
            {
              /* The whole rest of the line: no labels inside a cc list. */
              g_autofree char *all = clean_value (hit->value_start, text + strlen (text));

              if (all != NULL && g_str_has_suffix (all, "。"))
                all[strlen (all) - strlen ("。")] = '\0';
              take_field (self, DAFU_LETTER_FIELD_CC, g_steal_pointer (&all));
            }
          break;

        case L_CATEGORY:
          if (value != NULL)
            {
              const char *cat = category_token (value);

              if (cat != NULL)
                take_field (self, DAFU_LETTER_FIELD_CATEGORY, g_strdup (cat));
            }
          break;

        case L_IGNORE:
        case L_ATTACHMENT:
        case C_DEPUTY:
        case C_DATE:
        case C_PLACE:
        case C_OFFICER:
        default:
          break;
        }
    }
}

static void
read_header (Parser *self)
{
  int end = self->title >= 0 ? self->title : self->salutation;

  for (int i = 0; i < end; i++)
    {
      const Line *line = &self->lines[i];
      const char *fused = NULL;
      char *doc;

      if (!line_usable (self, i))
        continue;

      read_labels (self, line, FALSE);

      if (line->n_chars <= 60)
        {
          doc = find_doc_number (line->text, &fused, NULL);
          if (doc != NULL)
            {
              take_field (self, DAFU_LETTER_FIELD_DOC_NUMBER, doc);
              if (fused != NULL)
                take_field (self, DAFU_LETTER_FIELD_CATEGORY, g_strdup (fused));
            }
        }

      /* A bare category: `A`, `B类`, or first on a header line. */
      if (line->n_chars <= 30)
        {
          const char *cat = category_token (line->text);
          const char *space = line->text;

          while (*space && !dafu_text_is_space (g_utf8_get_char (space)))
            space = g_utf8_next_char (space);
          if (cat == NULL && *space)
            {
              g_autofree char *first = g_strndup (line->text, space - line->text);

              cat = category_token (first);
            }
          if (cat != NULL)
            take_field (self, DAFU_LETTER_FIELD_CATEGORY, g_strdup (cat));
        }

      if (dafu_parser_is_office (line->text, -1))
        {
          g_free (self->header_office);
          self->header_office = g_strdup (line->text);
        }
    }
}

/* Whether @p starts the way a session name does when it has no place name
 * of its own: 市九届…, 县…, 区…, 政协…, 省…, 第… */
static gboolean
session_starts (const char *p)
{
  static const char * const starts[] = { "市", "县", "区", "州", "省", "政协", "第", NULL };

  for (guint i = 0; starts[i] != NULL; i++)
    if (g_str_has_prefix (p, starts[i]))
      return TRUE;
  return FALSE;
}

static void
read_title_line (Parser *self)
{
  const char *t;
  const char *num = NULL, *num_end = NULL, *sess_end = NULL, *start;
  gboolean label = FALSE;
  const char *fused = NULL;
  g_autofree char *doc = NULL;

  if (self->title < 0)
    return;
  t = self->lines[self->title].text;

  /* (编号:B〔2017〕062号) */
  doc = find_doc_number (t, &fused, &label);
  if (doc != NULL && label)
    {
      take_field (self, DAFU_LETTER_FIELD_DOC_NUMBER, g_steal_pointer (&doc));
      if (fused != NULL)
        take_field (self, DAFU_LETTER_FIELD_CATEGORY, g_strdup (fused));
    }

  /* 第304号 */
  for (const char *p = strstr (t, "第"); p != NULL; p = strstr (p + 1, "第"))
    {
      const char *q = dafu_parser_skip_space (p + strlen ("第"));
      const char *d = q;

      while (dafu_parser_digit_value (g_utf8_get_char (d)) >= 0)
        d = g_utf8_next_char (d);
      if (d == q || !g_str_has_prefix (dafu_parser_skip_space (d), "号"))
        continue;
      num = q;
      num_end = d;
      break;
    }

  if (num != NULL)
    {
      GString *digits = g_string_new (NULL);
      const char *before = num - strlen ("第");

      for (const char *p = num; p < num_end; p = g_utf8_next_char (p))
        g_string_append_c (digits, '0' + dafu_parser_digit_value (g_utf8_get_char (p)));
      take_field (self, DAFU_LETTER_FIELD_SUGGESTION_NUMBER, g_string_free (digits, FALSE));

      /* The session: what precedes 第N号 up to 会议, after 关于/对. */
      while (before > t && dafu_text_is_space (g_utf8_get_char (g_utf8_find_prev_char (t, before))))
        before = g_utf8_find_prev_char (t, before);
      for (const char *p = strstr (t, "会议"); p != NULL && p < before; p = strstr (p + 1, "会议"))
        sess_end = p + strlen ("会议");
      if (sess_end == NULL)
        for (const char *p = strstr (t, "大会"); p != NULL && p < before; p = strstr (p + 1, "大会"))
          sess_end = p + strlen ("大会");
    }

  if (sess_end != NULL)
    {
      g_autofree char *session = NULL;

      start = t;
      for (const char *p = strstr (t, "关于"); p != NULL && p < sess_end; p = strstr (p + 1, "关于"))
        start = p + strlen ("关于");
      if (start == t)
        {
          const char *dui = strstr (t, "对");

          if (dui != NULL && dui < sess_end)
            start = dui + strlen ("对");
        }
      else if (g_str_has_prefix (start, "对于") && session_starts (start + strlen ("对于")))
        start += strlen ("对于");   /* 关于对于市九届… */
      else if (g_str_has_prefix (start, "对"))
        start += strlen ("对");     /* 关于对市九届…, 关于对于都县… (于都县) */

      session = dafu_parser_strip (g_strndup (start, sess_end - start));
      if (strstr (session, "届") != NULL || strstr (session, "次") != NULL)
        take_field (self, DAFU_LETTER_FIELD_SESSION, g_steal_pointer (&session));
    }
}

static gboolean
title_content_ok (const char *s,
                  gsize       len)
{
  g_autofree char *c = g_strndup (s, len);
  glong n = g_utf8_strlen (c, -1);

  if (n < 4 || n > 120 || strstr (c, "答复") != NULL)
    return FALSE;
  if (g_str_has_suffix (c, "的建议") || g_str_has_suffix (c, "的提案") ||
      g_str_has_suffix (c, "的意见"))
    return TRUE;
  return g_str_has_prefix (c, "关于") &&
         (g_str_has_suffix (c, "建议") || g_str_has_suffix (c, "提案"));
}

/* The deputy's suggestion title in @text: quoted (《》 “” 「」) or unquoted
 * (关于…的建议, possibly partly quoted; kept as printed). */
static char *
find_suggestion_title (const char *text)
{
  static const gunichar pairs[][2] = {
    { 0x300a, 0x300b }, { 0x201c, 0x201d }, { 0x300c, 0x300d }, { 0x300e, 0x300f },
    { '"', '"' },
  };

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
        {
          const char *inner, *q;
          int n = 0;

          if (c != pairs[i][0])
            continue;
          inner = g_utf8_next_char (p);
          for (q = inner; *q && n < 122; q = g_utf8_next_char (q), n++)
            if (g_utf8_get_char (q) == pairs[i][1])
              break;
          if (*q && g_utf8_get_char (q) == pairs[i][1] && title_content_ok (inner, q - inner))
            return g_strndup (inner, q - inner);
        }
    }

  for (const char *p = strstr (text, "关于"); p != NULL; p = strstr (p + 1, "关于"))
    {
      int n = 0;

      for (const char *q = p; *q && n < 120; q = g_utf8_next_char (q), n++)
        {
          gunichar c = g_utf8_get_char (q);
          const char *hit = NULL;

          if (c == 0x3002 || c == 0xff1b || c == 0xff01 || c == 0xff1f || c == 0x300a ||
              c == 0x300b)
            break;
          if (g_str_has_prefix (q, "的建议") || g_str_has_prefix (q, "的提案") ||
              g_str_has_prefix (q, "的意见"))
            hit = q + strlen ("的建议");
          if (hit != NULL)
            {
              if (title_content_ok (p, hit - p))
                return g_strndup (p, hit - p);
              break;
            }
        }
    }

  return NULL;
}

static void
read_salutation_and_title (Parser *self)
{
  char *name = NULL, *role = NULL;
  int searched = 0;

  if (self->salutation >= 0 &&
      is_salutation (&self->lines[self->salutation], &name, &role, NULL))
    {
      take_field (self, DAFU_LETTER_FIELD_ADDRESSEE, name);
      take_field (self, DAFU_LETTER_FIELD_ADDRESSEE_ROLE, role);
    }

  if (self->salutation_rest != NULL && *self->salutation_rest)
    {
      take_field (self, DAFU_LETTER_FIELD_TITLE, find_suggestion_title (self->salutation_rest));
      searched++;
    }

  for (int i = self->body_start; i >= 0 && i < self->body_end && searched < 2; i++)
    {
      if (!line_usable (self, i))
        continue;
      if (dafu_parser_heading_marker (self->lines[i].text) != DAFU_MARKER_NONE)
        break;
      take_field (self, DAFU_LETTER_FIELD_TITLE, find_suggestion_title (self->lines[i].text));
      searched++;
    }

  if (self->title >= 0)
    take_field (self, DAFU_LETTER_FIELD_TITLE, find_suggestion_title (self->lines[self->title].text));
}

/* ---------------------------------------------------------------------- */
/* Tail: signature, contact, cc, date, disclosure                         */

static void
read_tail (Parser *self)
{
  int start = self->body_end >= 0 ? self->body_end : 0;

  for (int i = start; i < self->n; i++)
    {
      const Line *line = &self->lines[i];
      g_autofree char *iso = NULL;
      gboolean printed = FALSE;
      char *note = NULL;

      if (!line_usable (self, i))
        continue;
      /* Without a letter structure, only labelled lines count. */
      if (self->body_end < 0 && !line_starts_with_label (line->text))
        continue;

      read_labels (self, line, TRUE);

      if (self->fields[DAFU_LETTER_FIELD_CC] == NULL && line_starts_with_label (line->text))
        {
          const char *p = line->text;

          /* 抄送： with its list on the next line. */
          if ((dafu_parser_match (p, "抄送", &p) || dafu_parser_match (p, "抄报", &p)) &&
              dafu_parser_skip_colon (p, &p) && *p == '\0' && line_usable (self, i + 1) &&
              !line_starts_with_label (self->lines[i + 1].text))
            take_field (self, DAFU_LETTER_FIELD_CC, g_strdup (self->lines[i + 1].text));
        }

      if (is_public_note (line->text, &note))
        take_field (self, DAFU_LETTER_FIELD_PUBLIC_NOTE, note);

      if (self->body_end >= 0 &&
          dafu_parser_is_date_line (line->text, line->n_chars, &iso, &printed))
        {
          if (printed)
            {
              if (self->print_date == NULL)
                self->print_date = g_steal_pointer (&iso);
            }
          else if (self->fields[DAFU_LETTER_FIELD_DATE] == NULL)
            {
              const char *digit = line->text;

              take_field (self, DAFU_LETTER_FIELD_DATE, g_steal_pointer (&iso));

              /* The office printed with the date, or on the line above. */
              while (*digit && dafu_parser_digit_value (g_utf8_get_char (digit)) < 0 &&
                     dafu_parser_cn_digit_value (g_utf8_get_char (digit)) < 0)
                digit = g_utf8_next_char (digit);
              if (digit != line->text)
                {
                  g_autofree char *office = dafu_parser_strip (g_strndup (line->text, digit - line->text));

                  if (dafu_parser_is_office (office, -1))
                    self->signature_office = g_steal_pointer (&office);
                }
              for (int j = i - 1; self->signature_office == NULL && j >= start; j--)
                {
                  if (!line_usable (self, j))
                    continue;
                  if (dafu_parser_is_office (self->lines[j].text, -1))
                    self->signature_office = g_strdup (self->lines[j].text);
                  break;
                }
            }
        }
    }
}

/* ---------------------------------------------------------------------- */
/* Issuer and city                                                        */

static const char * const office_words[] = {
  "民政", "人民", "政府", "委员", "办公", "管理", "人大", "政协", "财政", "教育",
  "卫生", "发展", "监督", "服务", "公安", "司法", "商务", "文化", "交通", "农业",
  "水利", "自然", "生态", "住房", "应急", "审计", "统计", "体育", "医疗", "退役",
  "人力", NULL
};

/* The city (or county) part of an issuer: 咸阳市民政局 → 咸阳市,
 * 咸阳市秦都区民政局 → 秦都区, 马关县民政局 → 马关县. */
static char *
city_of (const char *issuer)
{
  const char *seg = issuer;
  const char *unit_start = NULL, *unit_end = NULL;

  while (*seg)
    {
      const char *p = seg;
      const char *found = NULL;
      int n = 0;

      for (; *p && n < 10; p = g_utf8_next_char (p), n++)
        {
          gunichar c = g_utf8_get_char (p);
          gboolean one_char_ok = c == 0x53bf || c == 0x533a || c == 0x65d7; /* 县 区 旗 */

          if (c != 0x5e02 && c != 0x53bf && c != 0x533a && c != 0x5dde && c != 0x76df &&
              c != 0x65d7) /* 市 县 区 州 盟 旗 */
            continue;
          if (n == 0 || (n == 1 && !one_char_ok))
            continue;
          found = p;
          break;
        }
      if (found == NULL)
        break;

      /* 沙县区, 辉县市, 红旗区: a name that itself ends in 县 or 旗 takes
       * the unit after it. */
      {
        gunichar next = g_utf8_get_char (g_utf8_next_char (found));

        if (next == 0x5e02 || next == 0x533a || next == 0x53bf) /* 市 区 县 */
          found = g_utf8_next_char (found);
      }

      {
        g_autofree char *name = g_strndup (seg, found - seg);

        if (contains_any (name, office_words))
          break;
      }

      unit_start = seg;
      unit_end = g_utf8_next_char (found);
      seg = unit_end;
    }

  return unit_start != NULL ? g_strndup (unit_start, unit_end - unit_start) : NULL;
}

/* 山西省长治市民政局 → 长治市民政局 (a provincial office keeps its name). */
static char *
strip_province (const char *office)
{
  const char *p = office;
  int n = 0;

  for (; *p && n < 12; p = g_utf8_next_char (p), n++)
    {
      if (n >= 2 && n <= 3 && g_str_has_prefix (p, "省"))
        {
          const char *rest = p + strlen ("省");
          g_autofree char *city = city_of (rest);

          return g_strdup (city != NULL ? rest : office);
        }
      if (n >= 1 && g_str_has_prefix (p, "自治区"))
        {
          const char *rest = p + strlen ("自治区");
          g_autofree char *city = city_of (rest);

          return g_strdup (city != NULL ? rest : office);
        }
    }
  return g_strdup (office);
}

static void
read_issuer (Parser *self)
{
  const char *office = self->signature_office ? self->signature_office : self->header_office;
  char *issuer;

  if (office == NULL)
    return;
  issuer = strip_province (office);
  take_field (self, DAFU_LETTER_FIELD_CITY, city_of (issuer));
  take_field (self, DAFU_LETTER_FIELD_ISSUER, issuer);
}

static void
read_kind (Parser *self)
{
  const char *title = self->title >= 0 ? self->lines[self->title].text : "";
  const char *session = self->fields[DAFU_LETTER_FIELD_SESSION];
  const char *role = self->fields[DAFU_LETTER_FIELD_ADDRESSEE_ROLE];
  const char *kind = NULL;

  if (session == NULL)
    session = "";

  if (strstr (title, "提案") != NULL || strstr (session, "政协") != NULL)
    kind = "proposal";
  else if (strstr (title, "建议") != NULL || strstr (title, "议案") != NULL ||
           strstr (session, "人大") != NULL || strstr (session, "人民代表大会") != NULL)
    kind = "suggestion";
  else if (g_strcmp0 (role, "委员") == 0)
    kind = "proposal";
  else if (g_strcmp0 (role, "代表") == 0)
    kind = "suggestion";

  if (kind != NULL)
    take_field (self, DAFU_LETTER_FIELD_KIND, g_strdup (kind));
}

/* ---------------------------------------------------------------------- */
/* 面商记录表                                                             */

static int
count_items (const Parser *self,
             int           label_line)
{
  int count = 0;

  for (int i = label_line + 1; i <= self->cons_end; i++)
    {
      DafuMarker m;

      if (self->lines[i].flags & LINE_CLUTTER)
        continue;
      m = dafu_parser_heading_marker (self->lines[i].text);
      if (m != DAFU_MARKER_NUMBER && m != DAFU_MARKER_CN_LIST && m != DAFU_MARKER_CN_PAREN)
        break;
      count++;
    }
  return count > 0 ? count : -1;
}

static DafuConsultation *
read_consultation (Parser *self)
{
  g_autoptr(DafuConsultation) record = NULL;
  g_autofree char *date = NULL, *place = NULL, *officer = NULL;
  g_autofree char *officer_phone = NULL, *deputy_phone = NULL;
  int suggestion_points = -1, reply_points = -1;
  gboolean officer_seen = FALSE;

  if (self->cons_start < 0)
    return NULL;

  for (int i = self->cons_start; i <= self->cons_end; i++)
    {
      const Line *line = &self->lines[i];
      g_autoptr(GArray) hits = NULL;
      gboolean has_officer = FALSE, has_deputy = FALSE;

      if (line->flags & LINE_CLUTTER)
        continue;

      if (dafu_parser_match (line->text, "建议主要内容", NULL))
        suggestion_points = count_items (self, i);
      else if (dafu_parser_match (line->text, "答复意见要点", NULL) ||
               dafu_parser_match (line->text, "答复要点", NULL))
        reply_points = count_items (self, i);

      hits = scan_labels (line->text, consult_labels, TRUE);
      for (guint k = 0; k < hits->len; k++)
        {
          LabelKind kind = g_array_index (hits, Hit, k).kind;

          has_officer |= kind == C_OFFICER;
          has_deputy |= kind == C_DEPUTY;
        }

      for (guint k = 0; k < hits->len; k++)
        {
          const Hit *hit = &g_array_index (hits, Hit, k);
          g_autofree char *value = clean_value (hit->value_start, hit->value_end);

          if (value == NULL)
            continue;
          switch (hit->kind)
            {
            case C_DATE:
              if (date == NULL)
                date = dafu_parser_find_date (value);
              break;
            case C_PLACE:
              if (place == NULL)
                place = g_steal_pointer (&value);
              break;
            case C_OFFICER:
              if (officer == NULL)
                officer = clean_name (value);
              officer_seen = TRUE;
              break;
            case L_PHONE:
              if (has_officer || (officer_seen && !has_deputy))
                {
                  if (officer_phone == NULL)
                    officer_phone = find_phone (value, NULL);
                }
              else if (deputy_phone == NULL)
                deputy_phone = find_phone (value, NULL);
              break;
            default:
              break;
            }
        }
    }

  record = dafu_consultation_new ();
  g_object_set (record,
                "date", date,
                "place", place,
                "officer", officer,
                "officer-phone", officer_phone,
                "deputy-phone", deputy_phone,
                "suggestion-points", suggestion_points,
                "reply-points", reply_points,
                NULL);
  return g_steal_pointer (&record);
}

/* ---------------------------------------------------------------------- */
/* Sections                                                               */

static const char * const closing_starts[] = {
  "感谢", "衷心感谢", "再次感谢", "非常感谢", "特此", "专此", "此复", "以上答复",
  "如有意见", "如对", "欢迎", "谢谢", NULL
};
static const char * const plan_cues[] = {
  "下一步", "下步", "今后", "将重点", "接下来", "下阶段", "下一阶段", "打算",
  "努力方向", NULL
};
static const char * const problem_cues[] = {
  "问题", "不足", "困难", "短板", "差距", NULL
};

typedef enum {
  STYLE_NONE,
  STYLE_CN_LIST,
  STYLE_ITEM_ABOUT,
  STYLE_CN_IS,
  STYLE_BOLD,
  STYLE_CN_PAREN,
} Style;

/* A bold run-in heading without numbering (`**加强队伍建设。**…`). */
static gboolean
is_bold_heading (const Line *line,
                 gboolean    first)
{
  g_autofree char *bold = NULL;
  glong n;

  if (line->bold_len == 0 || first)
    return FALSE;
  bold = g_strndup (line->text, line->bold_len);
  n = g_utf8_strlen (bold, -1);
  return n >= 4 && n <= 60 && !starts_with_any (bold, closing_starts);
}

static Style
style_of (const Line *line,
          gboolean    first)
{
  switch (dafu_parser_heading_marker (line->text))
    {
    case DAFU_MARKER_CN_LIST:
      return STYLE_CN_LIST;
    case DAFU_MARKER_ITEM_ABOUT:
      return STYLE_ITEM_ABOUT;
    case DAFU_MARKER_CN_IS:
      return STYLE_CN_IS;
    case DAFU_MARKER_CN_PAREN:
      return STYLE_CN_PAREN;
    case DAFU_MARKER_NUMBER:
    case DAFU_MARKER_NONE:
    default:
      return is_bold_heading (line, first) ? STYLE_BOLD : STYLE_NONE;
    }
}

/* The heading of a heading line: its bold run, or its first sentence
 * (with its 。), or the whole line. */
static char *
heading_of (const Line  *line,
            const char **rest)
{
  const char *stop;

  if (line->bold_len > 0 && g_utf8_strlen (line->text, line->bold_len) >= 4)
    {
      *rest = dafu_parser_skip_space (line->text + line->bold_len);
      return g_strndup (line->text, line->bold_len);
    }

  stop = strstr (line->text, "。");
  if (stop != NULL)
    {
      stop += strlen ("。");
      *rest = dafu_parser_skip_space (stop);
      return g_strndup (line->text, stop - line->text);
    }

  *rest = line->text + strlen (line->text);
  return g_strdup (line->text);
}

typedef struct {
  char            *heading;
  guint            level;
  DafuSectionKind  kind;
  GString         *text;
} Builder;

static void
builder_flush (Builder    *b,
               DafuLetter *letter)
{
  if (b->text != NULL && (b->heading != NULL || b->text->len > 0))
    {
      g_autoptr(DafuSection) section = dafu_section_new (b->heading, b->level, b->kind, b->text->str);

      dafu_letter_append_section (letter, section);
    }
  g_clear_pointer (&b->heading, g_free);
  if (b->text != NULL)
    g_string_free (b->text, TRUE);
  b->text = NULL;
}

static void
builder_start (Builder         *b,
               DafuLetter      *letter,
               char            *heading,
               guint            level,
               DafuSectionKind  kind)
{
  builder_flush (b, letter);
  b->heading = heading;
  b->level = level;
  b->kind = kind;
  b->text = g_string_new (NULL);
}

static void
builder_append (Builder    *b,
                const char *text)
{
  if (*text == '\0')
    return;
  if (b->text->len > 0)
    g_string_append_c (b->text, '\n');
  g_string_append (b->text, text);
}

/* A paragraph that introduces what follows (…以下几点工作：). */
static DafuSectionKind
cue_of (const char      *text,
        DafuSectionKind  current)
{
  gunichar last = dafu_parser_last_char (text);
  const char *sentence = text;
  const char *p;

  if (last != ':' && last != 0xff1a)
    return current;
  for (p = strstr (text, "。"); p != NULL; p = strstr (p + 1, "。"))
    sentence = p + strlen ("。");
  if (contains_any (sentence, plan_cues))
    return DAFU_SECTION_KIND_PLAN;
  if (contains_any (sentence, problem_cues))
    return DAFU_SECTION_KIND_PROBLEM;
  return DAFU_SECTION_KIND_MEASURE;
}

static void
build_sections (Parser     *self,
                DafuLetter *letter)
{
  Builder b = { NULL, 0, 0, NULL };
  Style top = STYLE_NONE;
  gboolean seen[STYLE_CN_PAREN + 1] = { FALSE, };
  DafuSectionKind mode = DAFU_SECTION_KIND_MEASURE;
  DafuSectionKind parent_kind = DAFU_SECTION_KIND_MEASURE;
  gboolean in_level1 = FALSE, closing = FALSE;
  int first = -1;
  GString *signature, *footer;

  if (self->body_start < 0)
    return;

  for (int i = self->body_start; i < self->body_end; i++)
    if (line_usable (self, i))
      {
        if (first < 0)
          first = i;
        seen[style_of (&self->lines[i], i == first && !self->salutation_rest)] = TRUE;
      }
  if (self->salutation_rest != NULL && *self->salutation_rest)
    first = -1;

  if (seen[STYLE_CN_LIST])
    top = STYLE_CN_LIST;
  else if (seen[STYLE_ITEM_ABOUT])
    top = STYLE_ITEM_ABOUT;
  else if (seen[STYLE_CN_IS])
    top = STYLE_CN_IS;
  else if (seen[STYLE_BOLD])
    top = STYLE_BOLD;
  else if (seen[STYLE_CN_PAREN])
    top = STYLE_CN_PAREN;

  builder_start (&b, letter, NULL, 0, DAFU_SECTION_KIND_OPENING);
  if (self->salutation_rest != NULL)
    builder_append (&b, self->salutation_rest);

  for (int i = self->body_start; i < self->body_end; i++)
    {
      const Line *line = &self->lines[i];
      Style style;
      DafuMarker marker;

      if (!line_usable (self, i))
        continue;

      style = style_of (line, i == first);
      marker = dafu_parser_heading_marker (line->text);

      if (!closing && i != first && style == STYLE_NONE && marker == DAFU_MARKER_NONE &&
          starts_with_any (line->text, closing_starts))
        {
          closing = TRUE;
          builder_start (&b, letter, NULL, 0, DAFU_SECTION_KIND_CLOSING);
        }

      if (closing)
        {
          builder_append (&b, line->text);
          continue;
        }

      if (top != STYLE_NONE && style == top)
        {
          const char *rest;
          char *heading = heading_of (line, &rest);
          DafuSectionKind kind = mode;

          if (contains_any (heading, plan_cues))
            kind = DAFU_SECTION_KIND_PLAN;
          else if (strstr (heading, "问题") || strstr (heading, "不足") || strstr (heading, "困难"))
            kind = DAFU_SECTION_KIND_PROBLEM;
          builder_start (&b, letter, heading, 1, kind);
          builder_append (&b, rest);
          parent_kind = kind;
          in_level1 = TRUE;
        }
      else if (in_level1 && (marker != DAFU_MARKER_NONE || style == STYLE_BOLD))
        {
          const char *rest;
          char *heading = heading_of (line, &rest);

          /* After 下一步…： the items are plans whatever their parent. */
          builder_start (&b, letter, heading, 2,
                         mode == DAFU_SECTION_KIND_PLAN || mode == DAFU_SECTION_KIND_PROBLEM ?
                         mode : parent_kind);
          builder_append (&b, rest);
        }
      else
        {
          builder_append (&b, line->text);
          mode = cue_of (line->text, mode);
        }
    }
  builder_flush (&b, letter);

  /* The tail: signature lines, then the footer (抄送, 印发, disclosure). */
  signature = g_string_new (NULL);
  footer = g_string_new (NULL);
  for (int i = self->body_end; i >= 0 && i < self->n; i++)
    {
      const Line *line = &self->lines[i];
      gboolean printed = FALSE;
      gboolean next_printed = FALSE;
      GString *to;

      if (!line_usable (self, i))
        continue;

      dafu_parser_is_date_line (line->text, line->n_chars, NULL, &printed);
      if (line_usable (self, i + 1))
        dafu_parser_is_date_line (self->lines[i + 1].text, self->lines[i + 1].n_chars, NULL, &next_printed);

      if (printed || next_printed || is_public_note (line->text, NULL) ||
          dafu_parser_match (line->text, "抄送", NULL) || dafu_parser_match (line->text, "抄报", NULL))
        to = footer;
      else
        to = signature;
      if (to->len > 0)
        g_string_append_c (to, '\n');
      g_string_append (to, line->text);
    }
  if (signature->len > 0)
    {
      g_autoptr(DafuSection) s = dafu_section_new (NULL, 0, DAFU_SECTION_KIND_SIGNATURE, signature->str);

      dafu_letter_append_section (letter, s);
    }
  if (footer->len > 0)
    {
      g_autoptr(DafuSection) s = dafu_section_new (NULL, 0, DAFU_SECTION_KIND_FOOTER, footer->str);

      dafu_letter_append_section (letter, s);
    }
  g_string_free (signature, TRUE);
  g_string_free (footer, TRUE);
}

/* ---------------------------------------------------------------------- */
/* Entry points                                                           */

/**
 * dafu_parser_parse_text:
 * @text: the UTF-8 text of a reply letter
 * @error: return location for an error (none is reported today)
 *
 * Repairs @text (see dafu_repair_text()) and reads the letter's fields,
 * sections and 面商记录表. A field the letter does not state stays %NULL;
 * nothing is guessed. A text with no letter in it still gives a letter,
 * with %NULL fields, so that the user can fill them in.
 *
 * Returns: (transfer full): the letter
 */
DafuLetter *
dafu_parser_parse_text (const char  *text,
                        GError     **error)
{
  g_autoptr(GPtrArray) rlines = NULL;
  g_autofree char *repaired = NULL;
  g_autoptr(DafuConsultation) consultation = NULL;
  DafuLetter *letter;
  Parser self = { 0, };

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rlines = dafu_repair_lines (text);
  repaired = dafu_repair_lines_to_text (rlines);

  self.n = rlines->len;
  self.lines = g_new0 (Line, MAX (self.n, 1));
  for (int i = 0; i < self.n; i++)
    {
      const DafuRepairLine *r = g_ptr_array_index (rlines, i);

      self.lines[i].text = r->text;
      self.lines[i].n_chars = r->n_chars;
      self.lines[i].bold_len = r->bold_len;
      self.lines[i].flags = r->flags & DAFU_REPAIR_LINE_TABLE;
    }

  mark_clutter (&self);
  find_consultation (&self);
  find_structure (&self);
  read_header (&self);
  read_title_line (&self);
  read_salutation_and_title (&self);
  read_tail (&self);
  read_issuer (&self);
  read_kind (&self);
  if (self.fields[DAFU_LETTER_FIELD_DATE] == NULL && self.print_date != NULL)
    self.fields[DAFU_LETTER_FIELD_DATE] = g_steal_pointer (&self.print_date);
  consultation = read_consultation (&self);

  letter = dafu_letter_new ();
  dafu_letter_set_text (letter, repaired);
  for (guint f = 0; f < DAFU_LETTER_N_FIELDS; f++)
    dafu_letter_set_field (letter, f, self.fields[f]);
  if (consultation != NULL)
    dafu_letter_set_consultation (letter, consultation);
  build_sections (&self, letter);

  for (guint f = 0; f < DAFU_LETTER_N_FIELDS; f++)
    g_free (self.fields[f]);
  g_free (self.header_office);
  g_free (self.signature_office);
  g_free (self.print_date);
  g_free (self.lines);

  return letter;
}

/**
 * dafu_parser_parse_bytes:
 * @bytes: a letter file's contents
 * @file_name: (nullable): the file's name, kept with the letter
 * @error: return location for a #DafuTextError
 *
 * Reads the text of @bytes (dafu_text_from_file(): text, Word or PDF) and
 * parses it.
 *
 * Returns: (transfer full) (nullable): the letter, or %NULL with @error set
 *   when the bytes are not text
 */
DafuLetter *
dafu_parser_parse_bytes (GBytes      *bytes,
                         const char  *file_name,
                         GError     **error)
{
  g_autofree char *text = NULL;
  DafuLetter *letter;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = dafu_text_from_file (file_name, bytes, NULL, error);
  if (text == NULL)
    return NULL;

  letter = dafu_parser_parse_text (text, error);
  if (letter != NULL)
    dafu_letter_set_file_name (letter, file_name);
  return letter;
}
