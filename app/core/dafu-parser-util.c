/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-parser"

#include "config.h"

#include "dafu-parser-private.h"

#include <string.h>

#include "dafu-text.h"

/* Small character-level helpers shared by the repair pass and the parser.
 * Every function here looks at a bounded stretch of text, so callers that
 * call them once per line stay linear in the input. */

gboolean
dafu_parser_is_cjk (gunichar c)
{
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) ||
         (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x2ffff) ||
         c == 0x3007 || c == 0x25cb;
}

/* Characters that may end a paragraph. */
gboolean
dafu_parser_is_terminal (gunichar c)
{
  switch (c)
    {
    case '!': case '?': case ';': case ':':
    case 0x3002: /* 。 */
    case 0xff01: /* ！ */
    case 0xff1f: /* ？ */
    case 0xff1b: /* ； */
    case 0xff1a: /* ： */
    case 0x2026: /* … */
      return TRUE;
    default:
      return FALSE;
    }
}

/* Strips white space (including U+3000) from both ends of @s, in place. */
char *
dafu_parser_strip (char *s)
{
  const char *start = dafu_parser_skip_space (s);
  char *end;

  if (start != s)
    memmove (s, start, strlen (start) + 1);
  end = s + strlen (s);
  while (end > s)
    {
      char *prev = g_utf8_find_prev_char (s, end);

      if (prev == NULL || !dafu_text_is_space (g_utf8_get_char (prev)))
        break;
      end = prev;
    }
  *end = '\0';
  return s;
}

gunichar
dafu_parser_last_char (const char *s)
{
  const char *end = s + strlen (s);
  const char *prev;

  if (end == s)
    return 0;
  prev = g_utf8_find_prev_char (s, end);
  return prev != NULL ? g_utf8_get_char (prev) : 0;
}

const char *
dafu_parser_skip_space (const char *p)
{
  while (*p && dafu_text_is_space (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  return p;
}

/* Matches @word at @p, allowing white space between its characters (联 系 人)
 * and between ASCII/full-width twins. */
gboolean
dafu_parser_match (const char  *p,
                   const char  *word,
                   const char **end)
{
  gboolean first = TRUE;

  for (const char *w = word; *w; w = g_utf8_next_char (w))
    {
      gunichar wc = g_utf8_get_char (w);

      if (!first)
        p = dafu_parser_skip_space (p);
      if (*p == '\0' || dafu_text_fold_char (g_utf8_get_char (p)) != dafu_text_fold_char (wc))
        return FALSE;
      p = g_utf8_next_char (p);
      first = FALSE;
    }

  if (end != NULL)
    *end = p;
  return TRUE;
}

/* Skips white space, one colon (： or :) and white space again. */
gboolean
dafu_parser_skip_colon (const char  *p,
                        const char **end)
{
  gboolean found = FALSE;

  p = dafu_parser_skip_space (p);
  if (g_str_has_prefix (p, "：") || g_str_has_prefix (p, "∶"))
    {
      p += 3;
      found = TRUE;
    }
  else if (*p == ':')
    {
      p++;
      found = TRUE;
    }
  *end = dafu_parser_skip_space (p);
  return found;
}

int
dafu_parser_digit_value (gunichar c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 0xff10 && c <= 0xff19)
    return c - 0xff10;
  return -1;
}

int
dafu_parser_cn_digit_value (gunichar c)
{
  static const gunichar digits[] = { 0x4e00, 0x4e8c, 0x4e09, 0x56db, 0x4e94,
                                     0x516d, 0x4e03, 0x516b, 0x4e5d }; /* 一…九 */

  /* 〇 ○ 零 О O 0-like characters printed as a Chinese zero */
  if (c == 0x3007 || c == 0x25cb || c == 0x96f6 || c == 'O' || c == 0x039f ||
      c == 0x041e || c == 0x25ef || c == 0xff2f)
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (digits); i++)
    if (c == digits[i])
      return (int) i + 1;
  return -1;
}

/* A year of four digits (2024, ２０２４, 二〇二四). */
static gboolean
read_year (const char  *p,
           const char **end,
           int         *year)
{
  int value = 0;
  gboolean cn = FALSE;

  for (int i = 0; i < 4; i++)
    {
      gunichar c = g_utf8_get_char (p);
      int d = dafu_parser_digit_value (c);

      if (d < 0 || (i > 0 && cn))
        {
          d = dafu_parser_cn_digit_value (c);
          if (d < 0 || (i > 0 && !cn))
            return FALSE;
          cn = TRUE;
        }
      value = value * 10 + d;
      p = g_utf8_next_char (p);
    }

  *year = value;
  *end = p;
  return TRUE;
}

/* A month or day: 1–2 digits or a Chinese number up to 三十一. */
static gboolean
read_small_number (const char  *p,
                   const char **end,
                   int         *out)
{
  gunichar c = g_utf8_get_char (p);
  int value = 0, cur = -1, n = 0;

  if (dafu_parser_digit_value (c) >= 0)
    {
      while (n < 2 && (cur = dafu_parser_digit_value (g_utf8_get_char (p))) >= 0)
        {
          value = value * 10 + cur;
          p = g_utf8_next_char (p);
          n++;
        }
      *out = value;
      *end = p;
      return TRUE;
    }

  while (n < 3)
    {
      c = g_utf8_get_char (p);
      if (c == 0x5341) /* 十 */
        {
          value = (cur < 0 ? 1 : cur) * 10;
          cur = -1;
        }
      else if (dafu_parser_cn_digit_value (c) > 0 ||
               (dafu_parser_cn_digit_value (c) == 0 && c != 'O'))
        cur = dafu_parser_cn_digit_value (c);
      else
        break;
      p = g_utf8_next_char (p);
      n++;
    }

  if (n == 0)
    return FALSE;

  *out = value + (cur < 0 ? 0 : cur);
  *end = p;
  return TRUE;
}

/**
 * dafu_parser_read_date:
 * @p: where a date may start
 * @end: (out): after the date
 * @iso: (out): the date as `YYYY-MM-DD`
 *
 * Reads `2024年5月8日`, `２０２４年５月８日`, `二〇一七年六月二十九日` (spaces
 * allowed between the parts).
 */
gboolean
dafu_parser_read_date (const char  *p,
                       const char **end,
                       char       **iso)
{
  int year, month, day;

  if (!read_year (p, &p, &year))
    return FALSE;
  p = dafu_parser_skip_space (p);
  if (!g_str_has_prefix (p, "年"))
    return FALSE;
  p = dafu_parser_skip_space (p + strlen ("年"));
  if (!read_small_number (p, &p, &month))
    return FALSE;
  p = dafu_parser_skip_space (p);
  if (!g_str_has_prefix (p, "月"))
    return FALSE;
  p = dafu_parser_skip_space (p + strlen ("月"));
  if (!read_small_number (p, &p, &day))
    return FALSE;
  p = dafu_parser_skip_space (p);
  if (g_str_has_prefix (p, "日"))
    p += strlen ("日");
  else if (g_str_has_prefix (p, "号"))
    p += strlen ("号");
  else
    return FALSE;

  if (year < 1949 || year > 2200 || month < 1 || month > 12 ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;

  *end = p;
  *iso = g_strdup_printf ("%04d-%02d-%02d", year, month, day);
  return TRUE;
}

static gboolean
is_any_digit (gunichar c)
{
  return dafu_parser_digit_value (c) >= 0 || dafu_parser_cn_digit_value (c) >= 0;
}

/* The first date anywhere in @s, as `YYYY-MM-DD`, or %NULL. */
char *
dafu_parser_find_date (const char *s)
{
  gboolean prev_digit = FALSE;

  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean digit = is_any_digit (c);
      const char *end;
      char *iso;

      if (digit && !prev_digit && dafu_parser_read_date (p, &end, &iso))
        return iso;
      prev_digit = digit;
    }

  return NULL;
}

static const char *
skip_cn_numeral (const char *p)
{
  int n = 0;

  while (n < 3)
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0x5341 && dafu_parser_cn_digit_value (c) <= 0)
        break;
      p = g_utf8_next_char (p);
      n++;
    }
  return n > 0 ? p : NULL;
}

static const char *
skip_digits (const char *p,
             int         max)
{
  int n = 0;

  while (n < max && dafu_parser_digit_value (g_utf8_get_char (p)) >= 0)
    {
      p = g_utf8_next_char (p);
      n++;
    }
  return n > 0 ? p : NULL;
}

static gboolean
has_prefix_any (const char         *p,
                const char * const *words,
                const char        **end)
{
  for (guint i = 0; words[i]; i++)
    if (g_str_has_prefix (p, words[i]))
      {
        if (end != NULL)
          *end = p + strlen (words[i]);
        return TRUE;
      }
  return FALSE;
}

/**
 * dafu_parser_heading_marker:
 * @line: a repaired line
 *
 * Returns: the numbering that starts @line, if any
 */
DafuMarker
dafu_parser_heading_marker (const char *line)
{
  static const char * const list_marks[] = { "、", "．", ".", NULL };
  static const char * const open_parens[] = { "（", "(", NULL };
  static const char * const close_parens[] = { "）", ")", NULL };
  static const char * const item_words[] = { "条", "项", "点", "个", "方面", NULL };
  const char *p, *q;
  gunichar c = g_utf8_get_char (line);

  /* 一、 一是 */
  if ((q = skip_cn_numeral (line)) != NULL)
    {
      if (has_prefix_any (q, list_marks, &p))
        return dafu_parser_is_terminal (g_utf8_get_char (p)) ? DAFU_MARKER_NONE : DAFU_MARKER_CN_LIST;
      if (g_str_has_prefix (q, "是"))
        return DAFU_MARKER_CN_IS;
      return DAFU_MARKER_NONE;
    }

  /* 关于第一条建议 */
  if (dafu_parser_match (line, "关于第", &p))
    {
      q = skip_cn_numeral (p);
      if (q == NULL)
        q = skip_digits (p, 2);
      if (q != NULL && has_prefix_any (dafu_parser_skip_space (q), item_words, NULL))
        return DAFU_MARKER_ITEM_ABOUT;
      return DAFU_MARKER_NONE;
    }

  /* （一） （1） */
  if (has_prefix_any (line, open_parens, &p))
    {
      p = dafu_parser_skip_space (p);
      if ((q = skip_cn_numeral (p)) != NULL &&
          has_prefix_any (dafu_parser_skip_space (q), close_parens, NULL))
        return DAFU_MARKER_CN_PAREN;
      if ((q = skip_digits (p, 2)) != NULL &&
          has_prefix_any (dafu_parser_skip_space (q), close_parens, NULL))
        return DAFU_MARKER_NUMBER;
      return DAFU_MARKER_NONE;
    }

  /* ① … ⑳ */
  if (c >= 0x2460 && c <= 0x2473)
    return DAFU_MARKER_NUMBER;

  /* 1. 1、 1． but not 1.5 */
  if ((q = skip_digits (line, 2)) != NULL && has_prefix_any (q, list_marks, &p))
    {
      gunichar next = g_utf8_get_char (p);

      if (next != 0 && dafu_parser_digit_value (next) < 0)
        return DAFU_MARKER_NUMBER;
    }

  return DAFU_MARKER_NONE;
}

/**
 * dafu_parser_is_office:
 * @s: text
 * @len: its length in bytes, or -1
 *
 * Whether @s is only the name of an office (长治市民政局, 晋城市人民政府).
 */
gboolean
dafu_parser_is_office (const char *s,
                       gssize      len)
{
  static const char * const suffixes[] = {
    "局", "厅", "委员会", "委", "办公室", "政府", "办", "中心", "院", "署",
    "会", "所", "处", "站", "馆", "室", "部", NULL
  };
  const char *end = len < 0 ? s + strlen (s) : s + len;
  glong n = 0;

  if (dafu_parser_heading_marker (s) != DAFU_MARKER_NONE)
    return FALSE;

  for (const char *p = s; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!dafu_parser_is_cjk (c) && c != 0xff08 && c != 0xff09 && c != '(' && c != ')')
        return FALSE;
      if (++n > 30)
        return FALSE;
    }

  if (n < 3)
    return FALSE;

  /* Not a sentence naming an office. */
  if (g_strstr_len (s, end - s, "关于") != NULL || g_strstr_len (s, end - s, "感谢") != NULL)
    return FALSE;

  for (guint i = 0; suffixes[i]; i++)
    {
      gsize sl = strlen (suffixes[i]);

      if ((gsize) (end - s) > sl && memcmp (end - sl, suffixes[i], sl) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Whether @line is the title of a reply (关于…第304号建议的答复函). */
gboolean
dafu_parser_is_title_line (const char *line,
                           glong       n_chars)
{
  gunichar last;
  gboolean has_kind;

  if (n_chars < 6 || n_chars > 150)
    return FALSE;
  if (strstr (line, "。") != NULL || g_str_has_prefix (line, "答复意见"))
    return FALSE;
  last = dafu_parser_last_char (line);
  if (last == ':' || last == 0xff1a)
    return FALSE;

  has_kind = strstr (line, "建议") != NULL || strstr (line, "提案") != NULL ||
             strstr (line, "议案") != NULL;

  if (strstr (line, "答复") != NULL && (has_kind || strstr (line, "意见") != NULL))
    return TRUE;
  if (has_kind && strstr (line, "会议") != NULL && strstr (line, "第") != NULL &&
      strstr (line, "号") != NULL)
    return TRUE;
  return FALSE;
}

/* A short `label：value` line (签发人：蒲军, 联系电话:3028425). */
gboolean
dafu_parser_is_field_line (const char *line,
                           glong       n_chars)
{
  int n = 0;

  if (n_chars > 80)
    return FALSE;

  for (const char *p = line; *p && n < 13; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ':' || c == 0xff1a)
        return n > 0;
      if (c == 0xff0c || c == ',' || c == 0x3002)
        return FALSE;
    }
  return FALSE;
}

/**
 * dafu_parser_is_date_line:
 * @line: a line
 * @n_chars: its length in characters
 * @iso: (out) (optional): the date as `YYYY-MM-DD`
 * @printed: (out) (optional): whether the line is an 印发 date
 *
 * Whether @line is only a date, possibly after the office's name and
 * possibly followed by 印发.
 */
gboolean
dafu_parser_is_date_line (const char  *line,
                          glong        n_chars,
                          char       **iso,
                          gboolean    *printed)
{
  const char *p = line;

  if (n_chars > 50)
    return FALSE;

  for (int i = 0; i <= 30 && *p; i++, p = g_utf8_next_char (p))
    {
      g_autofree char *found = NULL;
      const char *end;

      if (!is_any_digit (g_utf8_get_char (p)) || !dafu_parser_read_date (p, &end, &found))
        continue;

      if (p != line)
        {
          g_autofree char *prefix = g_strndup (line, p - line);

          dafu_parser_strip (prefix);
          if (!dafu_parser_is_office (prefix, -1))
            return FALSE;
        }

      end = dafu_parser_skip_space (end);
      if (printed != NULL)
        *printed = FALSE;
      if (g_str_has_prefix (end, "印发"))
        {
          end = dafu_parser_skip_space (end + strlen ("印发"));
          if (printed != NULL)
            *printed = TRUE;
        }
      if (*end != '\0')
        return FALSE;
      if (iso != NULL)
        *iso = g_steal_pointer (&found);
      return TRUE;
    }

  return FALSE;
}

/* A short line that ends in 号 (a 文号 line such as 咸民函〔2024〕39号). */
gboolean
dafu_parser_is_doc_line (const char *line,
                         glong       n_chars)
{
  return n_chars <= 40 && g_str_has_suffix (line, "号") &&
         (strstr (line, "〔") != NULL || strstr (line, "【") != NULL ||
          strstr (line, "[") != NULL || strstr (line, "(") != NULL ||
          strstr (line, "（") != NULL || strstr (line, "［") != NULL);
}
