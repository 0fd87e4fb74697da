/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-checks"

#include "config.h"

#include "dafu-checks.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dafu-placeholder.h"
#include "dafu-text.h"

/*
 * The drafting checks: pure functions over a draft's text and fields that
 * find what a clerk would be told to fix before the reply goes out.
 *
 * Offsets are in characters of the checked text. Invalid UTF-8 is read as
 * g_utf8_make_valid() reads it (each bad byte one U+FFFD), so offsets stay
 * meaningful for the valid parts; NULL text is an empty text.
 *
 * The rules:
 *
 * - 文号 brackets (GB/T 9704): the year of a 文号 is written in 〔〕
 *   (U+3014/U+3015). A 文号 is a run of Han characters (the span starts at
 *   most 12 Han characters before the bracket), an opening bracket, a
 *   four-digit year 1900–2099, a closing bracket, a number and 号, spaces
 *   allowed between the parts: 咸民函〔2024〕39号. Any other bracket pair
 *   ([] () （） 【】 ［］ 〖〗 ﹝﹞) is flagged, in the text (every 文号,
 *   including those of documents it cites) and in the doc_number field.
 * - 文号 year: the letter's own 文号 carries the letter's year. The own
 *   文号 is the doc_number field, any 文号 in the text equal to it, and a
 *   文号 that stands alone on its line (the header). Cited documents
 *   (…《通知》（咸民发〔2023〕95号）) keep their own years. Year 0 means
 *   unknown: no year check.
 * - Dates (GB/T 9704 成文日期): Arabic numerals, the full year, no leading
 *   zeros: 2026年11月22日. Flagged: 2026-11-22, 2026.11.22, 2026/11/22
 *   (a four-digit year 1900–2099, a real date, not inside a longer number),
 *   2026年01月05日, 26年11月22日, a date that does not exist (2026年2月30日),
 *   and dates in Chinese numerals (二〇二六年十一月二十二日, also without
 *   the day). A year alone (截至 2022 年底) or a month and day alone is no
 *   date and is left alone; spaces between the parts are not flagged.
 * - Category wording in a reply (答复函): A means the matter is solved or
 *   being solved, so an A letter must not say it is planned or kept for
 *   reference (列入计划, 纳入计划, 逐步解决, 留作参考, 暂不具备, 条件不成熟,
 *   暂时无法解决 …). B means it is included in plans to solve: no wording
 *   check. C means it cannot be solved now and is kept for reference, so a
 *   C letter must not claim 已解决, 已经解决, 已完成, 已落实, 已办结 ….
 *   The category is A/B/C, full-width or 甲/乙/丙, optionally with 类.
 * - Personal data, only when the letter will be made public: a mobile number
 *   is 1[3-9] and nine more digits (also written 139-3406-6646 or
 *   139 3406 6646), not inside a longer digit run; an ID-card number
 *   (GB 11643) is 17 digits and a digit or X, not inside a longer digit run,
 *   with a valid check digit and a birth date that exists. Landlines
 *   (0356-2566249, 2566249), 文号 digits and other numbers are not personal
 *   data.
 *
 * And for a draft (dafu_draft_check() runs them block by block):
 *
 * - A letter is public when its disclosure note says 公开 and not 不公开,
 *   不予公开 or 依申请公开 (此件公开发布, 此件可以公开).
 * - The deputy's own phone (the draft's value 代表电话, landline or mobile)
 *   must not appear in a public letter, however its digits are grouped
 *   (139 3406 6646, 0356-2566249 for 2566249).
 * - Unfilled placeholders: each `{名称}` left without a value, at its place
 *   in the filled text.
 * - Unanswered points: each point of the suggestion must be answered by a
 *   body paragraph. A paragraph answers a point when they share enough
 *   character bigrams (folded; white space skipped, punctuation breaks):
 *   half of the point's bigrams, or a quarter and at least one key word,
 *   a shared run of two or more characters that is not one of the words
 *   every reply on the subject uses (服务, 老年人, 加强, 推进 …). Tuned on
 *   the Jincheng 444 sample, whose reply answers its five points loosely
 *   (its 精神文化需求 only by 需求): its body answers them all, and an
 *   unrelated paragraph answers none.
 */

G_DEFINE_BOXED_TYPE (DafuCheckIssue, dafu_check_issue,
                     dafu_check_issue_copy, dafu_check_issue_free)

/**
 * dafu_check_issue_new:
 * @kind: what is wrong
 * @start: the first character of the fault, or 0
 * @end: the character after the fault, or 0
 * @message: the message for the clerk
 *
 * Returns: (transfer full): a new issue
 */
DafuCheckIssue *
dafu_check_issue_new (DafuCheckKind  kind,
                      guint          start,
                      guint          end,
                      const char    *message)
{
  DafuCheckIssue *issue = g_new0 (DafuCheckIssue, 1);

  issue->kind = kind;
  issue->start = start;
  issue->end = MAX (start, end);
  issue->message = g_strdup (message != NULL ? message : "");
  issue->block = -1;
  return issue;
}

/**
 * dafu_check_issue_copy:
 * @issue: an issue
 *
 * Returns: (transfer full): a copy of @issue
 */
DafuCheckIssue *
dafu_check_issue_copy (const DafuCheckIssue *issue)
{
  g_return_val_if_fail (issue != NULL, NULL);

  DafuCheckIssue *copy = dafu_check_issue_new (issue->kind, issue->start, issue->end,
                                               issue->message);

  copy->block = issue->block;
  return copy;
}

/**
 * dafu_check_issue_free:
 * @issue: (nullable): an issue
 *
 * Frees @issue.
 */
void
dafu_check_issue_free (DafuCheckIssue *issue)
{
  if (issue == NULL)
    return;
  g_free (issue->message);
  g_free (issue);
}

static GPtrArray *
issues_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) dafu_check_issue_free);
}

static void
add_issue (GPtrArray     *issues,
           DafuCheckKind  kind,
           guint          start,
           guint          end,
           char          *message)
{
  g_ptr_array_add (issues, dafu_check_issue_new (kind, start, end, message));
  g_free (message);
}

/* ---------------------------------------------------------------------- */
/* The text as characters                                                 */

typedef struct {
  gunichar *c;
  guint     len;
} Chars;

static void
chars_init (Chars      *t,
            const char *text)
{
  g_autofree char *valid = NULL;
  glong len = 0;

  if (text == NULL)
    text = "";
  valid = g_utf8_make_valid (text, -1);
  t->c = g_utf8_to_ucs4_fast (valid, -1, &len);
  t->len = (guint) len;
}

static void
chars_clear (Chars *t)
{
  g_clear_pointer (&t->c, g_free);
  t->len = 0;
}

static gunichar
at (const Chars *t,
    gssize       i)
{
  if (i < 0 || (gsize) i >= t->len)
    return 0;
  return t->c[i];
}

static char *
chars_substring (const Chars *t,
                 guint        start,
                 guint        end)
{
  char *s = g_ucs4_to_utf8 (t->c + start, end - start, NULL, NULL, NULL);

  return s != NULL ? s : g_strdup ("");
}

/* ASCII or full-width digits only (not other scripts' digits). */
static int
digit_value (gunichar c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 0xff10 && c <= 0xff19)
    return c - 0xff10;
  return -1;
}

static gboolean
is_digit (gunichar c)
{
  return digit_value (c) >= 0;
}

static gboolean
is_space (gunichar c)
{
  return c == ' ' || c == '\t' || c == 0x3000 || c == 0xa0;
}

static gboolean
is_han (gunichar c)
{
  return c != 0 && g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN &&
         g_unichar_isalpha (c);
}

static guint
skip_spaces (const Chars *t,
             guint        i)
{
  while (i < t->len && is_space (t->c[i]))
    i++;
  return i;
}

/* Reads a run of digits at @i; returns its length, its value in @value
 * (saturated) and whether it starts with 0 in @leading_zero. */
static guint
read_digits (const Chars *t,
             guint        i,
             int         *value,
             gboolean    *leading_zero)
{
  guint n = 0;
  int v = 0;

  while (i + n < t->len && is_digit (t->c[i + n]))
    {
      if (v < 100000)
        v = v * 10 + digit_value (t->c[i + n]);
      n++;
    }
  if (value != NULL)
    *value = v;
  if (leading_zero != NULL)
    *leading_zero = n > 1 && digit_value (t->c[i]) == 0;
  return n;
}

/* ---------------------------------------------------------------------- */
/* 文号                                                                   */

#define DOC_PREFIX_MAX 12

static gboolean
is_open_bracket (gunichar c)
{
  return c == 0x3014 || c == 0x3010 || c == '[' || c == 0xff08 || c == '(' ||
         c == 0xff3b || c == 0xfe5d || c == 0x3016 || c == 0xfe59;
}

static gboolean
is_close_bracket (gunichar c)
{
  return c == 0x3015 || c == 0x3011 || c == ']' || c == 0xff09 || c == ')' ||
         c == 0xff3d || c == 0xfe5e || c == 0x3017 || c == 0xfe5a;
}

/* Words that run into a 文号 cited in a sentence (根据咸民发〔2023〕95号). */
static const gunichar lead_words[][3] = {
  { 0x6839, 0x636e }, /* 根据 */
  { 0x6309, 0x7167 }, /* 按照 */
  { 0x4f9d, 0x636e }, /* 依据 */
  { 0x4f9d, 0x7167 }, /* 依照 */
  { 0x53c2, 0x7167 }, /* 参照 */
  { 0x5370, 0x53d1 }, /* 印发 */
  { 0x4e0b, 0x53d1 }, /* 下发 */
  { 0x8f6c, 0x53d1 }, /* 转发 */
  { 0x8be6, 0x89c1 }, /* 详见 */
  { 0x89c1 },         /* 见 */
};

/* The start of the issuer's prefix in [@start, @bracket): after the last
 * lead word, when at least one Han character is left. */
static guint
skip_lead_words (const Chars *t,
                 guint        start,
                 guint        bracket)
{
  guint best = start;

  for (guint i = start; i < bracket; i++)
    for (guint w = 0; w < G_N_ELEMENTS (lead_words); w++)
      {
        guint len = lead_words[w][1] != 0 ? 2 : 1;

        if (i + len < bracket && is_han (t->c[i + len]) &&
            t->c[i] == lead_words[w][0] &&
            (len == 1 || t->c[i + 1] == lead_words[w][1]))
          best = MAX (best, i + len);
      }
  return best;
}

typedef struct {
  guint start, end;         /* the whole 文号 */
  guint open, close;        /* the brackets */
  int   year;
} DocNumber;

/* A 文号 whose opening bracket is at @i. */
static gboolean
read_doc_number (const Chars *t,
                 guint        i,
                 DocNumber   *doc)
{
  guint j, n, start;
  int year;

  if (!is_open_bracket (at (t, i)))
    return FALSE;

  /* The issuer's abbreviation before the bracket. */
  start = i;
  while (start > 0 && is_space (t->c[start - 1]))
    start--;
  n = 0;
  while (start > 0 && n < DOC_PREFIX_MAX && is_han (t->c[start - 1]))
    start--, n++;
  if (n == 0)
    return FALSE;
  start = skip_lead_words (t, start, i);

  j = skip_spaces (t, i + 1);
  if (read_digits (t, j, &year, NULL) != 4 || year < 1900 || year > 2099)
    return FALSE;
  j = skip_spaces (t, j + 4);
  if (!is_close_bracket (at (t, j)))
    return FALSE;
  doc->close = j;
  j = skip_spaces (t, j + 1);
  n = read_digits (t, j, NULL, NULL);
  if (n == 0)
    return FALSE;
  j = skip_spaces (t, j + n);
  if (at (t, j) != 0x53f7 /* 号 */)
    return FALSE;

  doc->start = start;
  doc->end = j + 1;
  doc->open = i;
  doc->year = year;
  return TRUE;
}

static gboolean
is_line_filler (gunichar c)
{
  return is_space (c) || c == '#' || c == '*' || c == '\r';
}

/* Whether @doc stands alone on its line (a letter's header). */
static gboolean
alone_on_line (const Chars     *t,
               const DocNumber *doc)
{
  for (gssize i = (gssize) doc->start - 1; i >= 0 && t->c[i] != '\n'; i--)
    if (!is_line_filler (t->c[i]))
      return FALSE;
  for (guint i = doc->end; i < t->len && t->c[i] != '\n'; i++)
    if (!is_line_filler (t->c[i]))
      return FALSE;
  return TRUE;
}

/* @s without white space, for comparing 文号 written with stray spaces. */
static char *
strip_spaces (const char *s)
{
  g_autofree char *valid = g_utf8_make_valid (s != NULL ? s : "", -1);
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!is_space (c) && c != '\n' && c != '\r')
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* The 文号 @doc as written, with its brackets made 〔〕. */
static char *
doc_number_fixed (const Chars     *t,
                  const DocNumber *doc)
{
  g_autofree gunichar *copy = g_memdup2 (t->c + doc->start,
                                         (doc->end - doc->start) * sizeof (gunichar));
  char *s;

  copy[doc->open - doc->start] = 0x3014;
  copy[doc->close - doc->start] = 0x3015;
  s = g_ucs4_to_utf8 (copy, doc->end - doc->start, NULL, NULL, NULL);
  return s != NULL ? s : g_strdup ("");
}

static char *
doc_year_fixed (const Chars     *t,
                const DocNumber *doc,
                int              year)
{
  g_autofree char *fixed = doc_number_fixed (t, doc);
  g_autofree char *wrong = g_strdup_printf ("%d", doc->year);
  g_autofree char *right = g_strdup_printf ("%d", year);
  g_auto(GStrv) parts = NULL;

  /* Replace the year (ASCII digits) once; full-width years are left as
   * written in the suggestion. */
  parts = g_strsplit (fixed, wrong, 2);
  if (g_strv_length (parts) != 2)
    return g_steal_pointer (&fixed);
  return g_strconcat (parts[0], right, parts[1], NULL);
}

static void
check_doc_number_at (const Chars     *t,
                     const DocNumber *doc,
                     gboolean         own,
                     int              year,
                     gboolean         global,
                     GPtrArray       *issues)
{
  g_autofree char *written = chars_substring (t, doc->start, doc->end);
  guint start = global ? 0 : doc->start;
  guint end = global ? 0 : doc->end;

  if (t->c[doc->open] != 0x3014 || t->c[doc->close] != 0x3015)
    {
      g_autofree char *fixed = doc_number_fixed (t, doc);

      add_issue (issues, DAFU_CHECK_DOC_NUMBER_BRACKETS, start, end,
                 g_strdup_printf (_("The document number “%s” puts its year in the wrong brackets: "
                                    "write it as “%s”, with the year in 〔〕."),
                                  written, fixed));
    }

  if (own && year > 0 && doc->year != year)
    {
      g_autofree char *fixed = doc_year_fixed (t, doc, year);

      add_issue (issues, DAFU_CHECK_DOC_NUMBER_YEAR, start, end,
                 g_strdup_printf (_("The document number “%s” has the year %d, but the letter is "
                                    "of %d: write “%s”, or correct the letter’s date."),
                                  written, doc->year, year, fixed));
    }
}

/**
 * dafu_check_doc_number:
 * @doc_number: (nullable): the draft's 文号 field
 * @year: the draft's year, or 0 when unknown
 *
 * Checks the 文号 field: its year in 〔〕 and, when @year is known, the
 * year of the letter. The issues are global (start and end 0).
 *
 * Returns: (transfer full) (element-type DafuCheckIssue): the issues
 */
GPtrArray *
dafu_check_doc_number (const char *doc_number,
                       int         year)
{
  GPtrArray *issues = issues_new ();
  Chars t;
  gboolean found = FALSE;

  if (doc_number == NULL || *doc_number == '\0')
    return issues;

  chars_init (&t, doc_number);
  for (guint i = 0; i < t.len && !found; i++)
    {
      DocNumber doc;

      if (read_doc_number (&t, i, &doc))
        {
          check_doc_number_at (&t, &doc, TRUE, year, TRUE, issues);
          found = TRUE;
        }
    }

  /* A year without any brackets: 咸民函2024年39号, 咸民函2024-39号. */
  if (g_utf8_strchr (doc_number, -1, 0x3014) != NULL)
    found = TRUE;
  for (guint i = 0; i < t.len && !found; i++)
    {
      int y;

      if ((i == 0 || !is_digit (t.c[i - 1])) &&
          read_digits (&t, i, &y, NULL) == 4 && y >= 1900 && y <= 2099)
        {
          g_autofree char *written = chars_substring (&t, 0, t.len);

          add_issue (issues, DAFU_CHECK_DOC_NUMBER_BRACKETS, 0, 0,
                     g_strdup_printf (_("The document number “%s” does not put its year in 〔〕: "
                                        "write it like 咸民函〔%d〕12号."),
                                      written, y));
          found = TRUE;
          if (year > 0 && y != year)
            add_issue (issues, DAFU_CHECK_DOC_NUMBER_YEAR, 0, 0,
                       g_strdup_printf (_("The document number “%s” has the year %d, but the "
                                          "letter is of %d."),
                                        written, y, year));
        }
    }

  chars_clear (&t);
  return issues;
}

static void
doc_numbers_in_chars (const Chars *t,
                      const char  *doc_number,
                      int          year,
                      GPtrArray   *issues)
{
  g_autofree char *own = doc_number != NULL ? strip_spaces (doc_number) : NULL;

  for (guint i = 0; i < t->len; i++)
    {
      DocNumber doc;
      gboolean is_own;

      if (!read_doc_number (t, i, &doc))
        continue;

      is_own = alone_on_line (t, &doc);
      if (!is_own && own != NULL && *own != '\0')
        {
          g_autofree char *written = chars_substring (t, doc.start, doc.end);
          g_autofree char *stripped = strip_spaces (written);

          /* The span may have taken a word before the issuer's prefix. */
          is_own = g_str_has_suffix (stripped, own);
        }
      check_doc_number_at (t, &doc, is_own, year, FALSE, issues);
      i = doc.end - 1;
    }
}

/**
 * dafu_check_doc_numbers_in_text:
 * @text: (nullable): the draft's text
 * @doc_number: (nullable): the draft's 文号, to recognize it in the text
 * @year: the draft's year, or 0 when unknown
 *
 * Checks every 文号 in @text for its brackets, and the letter's own 文号
 * (equal to @doc_number, or alone on its line) for its year.
 *
 * Returns: (transfer full) (element-type DafuCheckIssue): the issues, in
 *   text order
 */
GPtrArray *
dafu_check_doc_numbers_in_text (const char *text,
                                const char *doc_number,
                                int         year)
{
  GPtrArray *issues = issues_new ();
  Chars t;

  chars_init (&t, text);
  doc_numbers_in_chars (&t, doc_number, year, issues);
  chars_clear (&t);
  return issues;
}

/* ---------------------------------------------------------------------- */
/* Dates                                                                  */

static gboolean
is_date_separator (gunichar c)
{
  return c == '-' || c == '.' || c == '/' || c == 0xff0d || c == 0xff0e ||
         c == 0xff0f;
}

static gboolean
date_exists (int year,
             int month,
             int day)
{
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= 31 &&
         g_date_valid_dmy (day, month, year);
}

/* The value of a Chinese digit, 〇 to 九, or -1. */
static int
cn_digit (gunichar c)
{
  static const gunichar digits[] = {
    0x3007 /* 〇 */, 0x4e00 /* 一 */, 0x4e8c /* 二 */, 0x4e09 /* 三 */,
    0x56db /* 四 */, 0x4e94 /* 五 */, 0x516d /* 六 */, 0x4e03 /* 七 */,
    0x516b /* 八 */, 0x4e5d /* 九 */,
  };

  if (c == 0x25cb /* ○ */ || c == 0x96f6 /* 零 */ || c == 0xff2f /* Ｏ */ ||
      c == 'O')
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (digits); i++)
    if (digits[i] == c)
      return (int) i;
  return -1;
}

/* A Chinese number 1–99 at @i (五, 十, 十一, 二十, 二十二); its length. */
static guint
read_cn_number (const Chars *t,
                guint        i,
                int         *value)
{
  const gunichar ten = 0x5341; /* 十 */
  int a = cn_digit (at (t, i));

  if (at (t, i) == ten)
    {
      int b = cn_digit (at (t, i + 1));

      *value = 10 + MAX (b, 0);
      return b > 0 ? 2 : 1;
    }
  if (a <= 0)
    return 0;
  if (at (t, i + 1) == ten)
    {
      int b = cn_digit (at (t, i + 2));

      *value = a * 10 + MAX (b, 0);
      return b > 0 ? 3 : 2;
    }
  *value = a;
  return 1;
}

static void
add_date_issue (const Chars *t,
                guint        start,
                guint        end,
                int          year,
                int          month,
                int          day,
                GPtrArray   *issues)
{
  g_autofree char *written = chars_substring (t, start, end);

  if (year >= 1000 && date_exists (year, month, day > 0 ? day : 1))
    {
      g_autofree char *fixed = day > 0
        ? g_strdup_printf ("%d年%d月%d日", year, month, day)
        : g_strdup_printf ("%d年%d月", year, month);

      add_issue (issues, DAFU_CHECK_DATE_FORMAT, start, end,
                 g_strdup_printf (_("The date “%s” is not written in the official form: "
                                    "write it as “%s”."),
                                  written, fixed));
    }
  else if (year >= 1000)
    add_issue (issues, DAFU_CHECK_DATE_FORMAT, start, end,
               g_strdup_printf (_("The date “%s” does not exist: correct it."), written));
  else
    add_issue (issues, DAFU_CHECK_DATE_FORMAT, start, end,
               g_strdup_printf (_("The date “%s” is not written in the official form: write the "
                                  "full year, in Arabic numerals without leading zeros, as in "
                                  "2026年11月22日."),
                                written));
}

/* 2026年11月22日 (checked), 2026-11-22: an issue and the end, or 0. */
static guint
check_arabic_date (const Chars *t,
                   guint        i,
                   GPtrArray   *issues)
{
  int year, month, day;
  gboolean zero_m, zero_d, zero_y;
  guint ny, nm, nd, j;
  gunichar sep;

  ny = read_digits (t, i, &year, &zero_y);
  if (ny != 2 && ny != 4)
    return 0;
  j = skip_spaces (t, i + ny);

  if (at (t, j) == 0x5e74 /* 年 */)
    {
      j = skip_spaces (t, j + 1);
      nm = read_digits (t, j, &month, &zero_m);
      if (nm == 0 || nm > 2)
        return 0;
      j = skip_spaces (t, j + nm);
      if (at (t, j) != 0x6708 /* 月 */)
        return 0;
      j = skip_spaces (t, j + 1);
      nd = read_digits (t, j, &day, &zero_d);
      if (nd == 0 || nd > 2)
        return 0;
      j = skip_spaces (t, j + nd);
      if (at (t, j) != 0x65e5 /* 日 */ && at (t, j) != 0x53f7 /* 号 */)
        return 0;
      j++;

      if (ny != 4 || zero_y || zero_m || zero_d || at (t, j - 1) != 0x65e5 ||
          !date_exists (year, month, day))
        add_date_issue (t, i, j, ny == 4 ? year : 0, month, day, issues);
      return j;
    }

  /* 2026-11-22, 2026.11.22, 2026/11/22 */
  if (ny != 4 || year < 1900 || year > 2099)
    return 0;
  j = i + ny;
  sep = at (t, j);
  if (!is_date_separator (sep))
    return 0;
  nm = read_digits (t, j + 1, &month, NULL);
  if (nm == 0 || nm > 2 || at (t, j + 1 + nm) != sep)
    return 0;
  j += 1 + nm;
  nd = read_digits (t, j + 1, &day, NULL);
  if (nd == 0 || nd > 2)
    return 0;
  j += 1 + nd;
  /* Not a longer number (2026.11.22.5, 2026-11-223). */
  if (is_digit (at (t, j)) ||
      (is_date_separator (at (t, j)) && is_digit (at (t, j + 1))))
    return 0;
  if (!date_exists (year, month, day))
    return 0;

  add_date_issue (t, i, j, year, month, day, issues);
  return j;
}

/* 二〇二六年十一月二十二日 and 二〇二六年十一月: an issue and the end, or 0. */
static guint
check_chinese_date (const Chars *t,
                    guint        i,
                    GPtrArray   *issues)
{
  int year = 0, month, day = 0;
  guint j = i, n;

  for (guint k = 0; k < 4; k++, j++)
    {
      int d = cn_digit (at (t, j));

      if (d < 0)
        return 0;
      year = year * 10 + d;
    }
  if (at (t, j) != 0x5e74 /* 年 */)
    return 0;
  n = read_cn_number (t, j + 1, &month);
  if (n == 0 || month > 12 || at (t, j + 1 + n) != 0x6708 /* 月 */)
    return 0;
  j += 1 + n + 1;
  n = read_cn_number (t, j, &day);
  if (n > 0 && (at (t, j + n) == 0x65e5 /* 日 */ || at (t, j + n) == 0x53f7 /* 号 */))
    j += n + 1;
  else
    day = 0;

  add_date_issue (t, i, j, year, month, day, issues);
  return j;
}

static void
dates_in_chars (const Chars *t,
                GPtrArray   *issues)
{
  for (guint i = 0; i < t->len; i++)
    {
      gunichar prev = i > 0 ? t->c[i - 1] : 0;
      guint end = 0;

      if (is_digit (t->c[i]) && !is_digit (prev) && prev != '.' &&
          prev != 0xff0e)
        end = check_arabic_date (t, i, issues);
      else if (cn_digit (t->c[i]) >= 0 && cn_digit (prev) < 0)
        end = check_chinese_date (t, i, issues);

      if (end > i)
        i = end - 1;
    }
}

/**
 * dafu_check_dates:
 * @text: (nullable): the draft's text
 *
 * Finds dates not written in the form 2026年11月22日.
 *
 * Returns: (transfer full) (element-type DafuCheckIssue): the issues, in
 *   text order
 */
GPtrArray *
dafu_check_dates (const char *text)
{
  GPtrArray *issues = issues_new ();
  Chars t;

  chars_init (&t, text);
  dates_in_chars (&t, issues);
  chars_clear (&t);
  return issues;
}

/* ---------------------------------------------------------------------- */
/* Category wording                                                       */

/* Wording that says the matter is not solved (wrong in an A letter). */
static const char * const not_solved_words[] = {
  "列入计划", "纳入计划", "列入工作计划", "纳入工作计划", "列入年度计划",
  "纳入年度计划", "逐步解决", "逐步加以解决", "留作参考", "暂不具备",
  "条件不成熟", "条件尚不成熟", "暂时无法解决", "暂无法解决", "暂时难以解决",
  "待条件成熟",
};

/* Wording that says the matter is solved (wrong in a C letter). */
static const char * const solved_words[] = {
  "已解决", "已经解决", "已全部解决", "已得到解决", "已完成", "已经完成",
  "已全部完成", "已落实", "已经落实", "已全部落实", "已办结",
};

/* 'A', 'B', 'C', 'D' or 0 for a category field. */
static char
category_letter (const char *category)
{
  g_autofree char *s = NULL;
  gunichar c;

  if (category == NULL)
    return 0;
  s = g_utf8_make_valid (category, -1);
  g_strstrip (s);
  c = g_utf8_get_char (s);
  if (c >= 0xff21 && c <= 0xff3a)
    c -= 0xfee0;
  else if (c >= 0xff41 && c <= 0xff5a)
    c -= 0xfee0;
  c = g_unichar_toupper (c);
  if (c == 0x7532 /* 甲 */)
    c = 'A';
  else if (c == 0x4e59 /* 乙 */)
    c = 'B';
  else if (c == 0x4e19 /* 丙 */)
    c = 'C';
  if (c < 'A' || c > 'D')
    return 0;

  /* Only the letter, or the letter and 类. */
  {
    const char *rest = g_utf8_next_char (s);

    if (*rest != '\0' && strcmp (rest, "类") != 0)
      return 0;
  }
  return (char) c;
}

static void
words_in_chars (const Chars        *t,
                const char * const *words,
                guint               n_words,
                char                category,
                GPtrArray          *issues)
{
  g_autoptr(GPtrArray) needles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) lengths = g_array_new (FALSE, FALSE, sizeof (glong));

  for (guint w = 0; w < n_words; w++)
    {
      glong len = 0;

      g_ptr_array_add (needles, g_utf8_to_ucs4_fast (words[w], -1, &len));
      g_array_append_val (lengths, len);
    }

  for (guint i = 0; i < t->len; i++)
    {
      glong best = 0;

      /* The longest word that starts here. */
      for (guint w = 0; w < n_words; w++)
        {
          const gunichar *needle = g_ptr_array_index (needles, w);
          glong len = g_array_index (lengths, glong, w);

          if (len > best && i + len <= t->len &&
              memcmp (t->c + i, needle, len * sizeof (gunichar)) == 0)
            best = len;
        }
      if (best == 0)
        continue;

      {
        g_autofree char *written = chars_substring (t, i, i + best);
        char *message;

        if (category == 'A')
          message = g_strdup_printf (_("The letter is category A (the matter is solved or being "
                                       "solved), but “%s” says it is only planned or kept for "
                                       "reference: change the wording or the category."),
                                     written);
        else
          message = g_strdup_printf (_("The letter is category C (the matter cannot be solved "
                                       "now and is kept for reference), but “%s” says it is "
                                       "solved: change the wording or the category."),
                                     written);
        add_issue (issues, DAFU_CHECK_CATEGORY_WORDING, i, i + best, message);
      }
      i += best - 1;
    }
}

static void
category_in_chars (const Chars *t,
                   const char  *category,
                   GPtrArray   *issues)
{
  char letter = category_letter (category);

  if (letter == 'A')
    words_in_chars (t, not_solved_words, G_N_ELEMENTS (not_solved_words), letter, issues);
  else if (letter == 'C')
    words_in_chars (t, solved_words, G_N_ELEMENTS (solved_words), letter, issues);
}

/**
 * dafu_check_category_wording:
 * @text: (nullable): the draft's text
 * @category: (nullable): the draft's category, "A", "B" or "C"
 *
 * Finds wording that contradicts the category: an A letter saying the
 * matter is only planned or kept for reference, a C letter saying it is
 * solved.
 *
 * Returns: (transfer full) (element-type DafuCheckIssue): the issues, in
 *   text order
 */
GPtrArray *
dafu_check_category_wording (const char *text,
                             const char *category)
{
  GPtrArray *issues = issues_new ();
  Chars t;

  chars_init (&t, text);
  category_in_chars (&t, category, issues);
  chars_clear (&t);
  return issues;
}

/* ---------------------------------------------------------------------- */
/* Personal data                                                          */

/* GB 11643: 17 digits and a check digit (or X), a birth date that exists. */
static gboolean
id_card_valid (const gunichar *c)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  static const char checks[] = "10X98765432";
  int sum = 0, year = 0, month = 0, day = 0;
  gunichar last = c[17];

  for (guint i = 0; i < 17; i++)
    {
      int d = digit_value (c[i]);

      if (d < 0)
        return FALSE;
      sum += d * weights[i];
      if (i >= 6 && i < 10)
        year = year * 10 + d;
      else if (i >= 10 && i < 12)
        month = month * 10 + d;
      else if (i >= 12 && i < 14)
        day = day * 10 + d;
    }

  if (last == 'x' || last == 0xff58 || last == 0xff38)
    last = 'X';
  else if (digit_value (last) >= 0)
    last = '0' + digit_value (last);
  if (last != (gunichar) checks[sum % 11])
    return FALSE;

  return year >= 1900 && year <= 2099 && date_exists (year, month, day);
}

/**
 * dafu_check_is_id_card_number:
 * @number: (nullable): a string
 *
 * Returns: whether @number is exactly an ID-card number (GB 11643) with a
 *   valid check digit and birth date
 */
gboolean
dafu_check_is_id_card_number (const char *number)
{
  Chars t;
  gboolean valid;

  chars_init (&t, number);
  valid = t.len == 18 && id_card_valid (t.c);
  chars_clear (&t);
  return valid;
}

/* A Latin letter or digit, ASCII or full-width: what would make an ID
 * card number part of a longer code (Han text may follow it directly). */
static gboolean
is_latin_or_digit (gunichar c)
{
  if (c >= 0xff01 && c <= 0xff5e)
    c -= 0xfee0;
  return c < 0x80 && g_ascii_isalnum ((char) c);
}

static gboolean
is_mobile_start (const Chars *t,
                 guint        i)
{
  return digit_value (at (t, i)) == 1 && digit_value (at (t, i + 1)) >= 3;
}

/* Whether the digits at [@i, @i + @n) are a 文号's number: 〕123号. */
static gboolean
in_doc_number (const Chars *t,
               guint        i,
               guint        n)
{
  gssize before = (gssize) i - 1;

  while (before >= 0 && is_space (t->c[before]))
    before--;
  return before >= 0 && is_close_bracket (t->c[before]) &&
         at (t, skip_spaces (t, i + n)) == 0x53f7 /* 号 */;
}

static void
personal_in_chars (const Chars *t,
                   GPtrArray   *issues)
{
  for (guint i = 0; i < t->len; i++)
    {
      guint n, end = 0;
      gboolean id = FALSE;

      if (!is_digit (t->c[i]) || (i > 0 && is_digit (t->c[i - 1])))
        continue;

      n = read_digits (t, i, NULL, NULL);
      if (in_doc_number (t, i, n))
        end = 0;
      else if (n == 11 && is_mobile_start (t, i))
        end = i + 11;
      else if (n == 18 && id_card_valid (t->c + i))
        end = i + 18, id = TRUE;
      else if (n == 17)
        {
          gunichar x = at (t, i + 17);

          if ((x == 'X' || x == 'x' || x == 0xff38 || x == 0xff58) &&
              !is_latin_or_digit (at (t, i + 18)) && id_card_valid (t->c + i))
            end = i + 18, id = TRUE;
        }
      else if (n == 3 && is_mobile_start (t, i))
        {
          /* 139-3406-6646, 139 3406 6646 */
          gunichar sep = at (t, i + 3);

          if ((sep == '-' || sep == ' ') &&
              read_digits (t, i + 4, NULL, NULL) == 4 && at (t, i + 8) == sep &&
              read_digits (t, i + 9, NULL, NULL) == 4)
            end = i + 13;
        }

      if (end == 0)
        {
          i += n - 1;
          continue;
        }

      {
        g_autofree char *written = chars_substring (t, i, end);

        if (id)
          add_issue (issues, DAFU_CHECK_PERSONAL_DATA, i, end,
                     g_strdup_printf (_("“%s” looks like an ID card number, and this letter is "
                                        "to be made public: remove it."),
                                      written));
        else
          add_issue (issues, DAFU_CHECK_PERSONAL_DATA, i, end,
                     g_strdup_printf (_("“%s” looks like a mobile phone number, and this letter "
                                        "is to be made public: remove it or give the office’s "
                                        "landline."),
                                      written));
      }
      i = end - 1;
    }
}

/**
 * dafu_check_personal_data:
 * @text: (nullable): the draft's text
 *
 * Finds mobile and ID-card numbers, which must not appear in a letter that
 * is made public. The caller decides whether the letter is public.
 *
 * Returns: (transfer full) (element-type DafuCheckIssue): the issues, in
 *   text order
 */
GPtrArray *
dafu_check_personal_data (const char *text)
{
  GPtrArray *issues = issues_new ();
  Chars t;

  chars_init (&t, text);
  personal_in_chars (&t, issues);
  chars_clear (&t);
  return issues;
}

/* ---------------------------------------------------------------------- */
/* All checks                                                             */

static int
compare_issues (gconstpointer a,
                gconstpointer b)
{
  const DafuCheckIssue *x = *(const DafuCheckIssue * const *) a;
  const DafuCheckIssue *y = *(const DafuCheckIssue * const *) b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return (int) x->kind - (int) y->kind;
}

static void
move_issues (GPtrArray *to,
             GPtrArray *from)
{
  for (guint i = 0; i < from->len; i++)
    g_ptr_array_add (to, g_ptr_array_steal_index_fast (from, i--));
  g_ptr_array_unref (from);
}

/**
 * dafu_checks_run:
 * @text: (nullable): the draft's text
 * @doc_number: (nullable): the draft's 文号 field, %NULL when none
 * @year: the draft's year, 0 when unknown (no year check)
 * @category: (nullable): the draft's category, "A", "B", "C" or %NULL
 * @is_public: whether the letter will be made public
 *
 * Runs every text check on a draft: 文号 brackets and year, date format,
 * category wording and, when @is_public, personal data. The 文号 field is
 * checked on its own (a global issue) only when it does not appear in
 * @text, so that a fault is reported once.
 *
 * Returns: (transfer full) (element-type DafuCheckIssue): the issues, in
 *   text order (global issues first)
 */
GPtrArray *
dafu_checks_run (const char *text,
                 const char *doc_number,
                 int         year,
                 const char *category,
                 gboolean    is_public)
{
  GPtrArray *issues = issues_new ();
  Chars t;

  chars_init (&t, text);

  if (doc_number != NULL && *doc_number != '\0')
    {
      g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
      g_autofree char *haystack = strip_spaces (valid);
      g_autofree char *needle = strip_spaces (doc_number);

      if (*needle != '\0' && strstr (haystack, needle) == NULL)
        move_issues (issues, dafu_check_doc_number (doc_number, year));
    }

  doc_numbers_in_chars (&t, doc_number, year, issues);
  dates_in_chars (&t, issues);
  category_in_chars (&t, category, issues);
  if (is_public)
    personal_in_chars (&t, issues);

  chars_clear (&t);

  g_ptr_array_sort (issues, compare_issues);
  return issues;
}

/* ---------------------------------------------------------------------- */
/* The draft's checks                                                     */

/**
 * dafu_check_is_public:
 * @public_note: (nullable): a letter's disclosure note (附注)
 *
 * Returns: whether the note makes the letter public: it says 公开, and
 *   not 不公开, 不予公开 or 依申请公开
 */
gboolean
dafu_check_is_public (const char *public_note)
{
  static const char * const not_public[] = {
    "不公开", "不予公开", "依申请公开", "不宜公开",
  };

  if (public_note == NULL || strstr (public_note, "公开") == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (not_public); i++)
    if (strstr (public_note, not_public[i]) != NULL)
      return FALSE;
  return TRUE;
}

/* The ASCII digits of a phone number as the clerk typed it. */
static char *
phone_digits (const char *phone)
{
  Chars t;
  GString *digits = g_string_new (NULL);

  chars_init (&t, phone);
  for (guint i = 0; i < t.len; i++)
    if (is_digit (t.c[i]))
      g_string_append_c (digits, '0' + digit_value (t.c[i]));
  chars_clear (&t);
  return g_string_free (digits, FALSE);
}

static gboolean
is_phone_separator (gunichar c)
{
  return c == ' ' || c == '-' || c == 0xff0d || c == 0x2010 || c == 0x2011 ||
         c == 0x2013 || c == 0x3000 || c == 0xa0;
}

/* Whether @written (digits of the text) is the phone @digits, allowing an
 * area code (0356) or the country code (86) on either side. */
static gboolean
same_phone (const char *written,
            const char *digits)
{
  gsize w = strlen (written), d = strlen (digits);

  if (w == d)
    return strcmp (written, digits) == 0;
  if (w > d)
    {
      gsize extra = w - d;

      return strcmp (written + extra, digits) == 0 &&
             ((written[0] == '0' && extra >= 3 && extra <= 4) ||
              (extra == 2 && g_str_has_prefix (written, "86")));
    }
  return strcmp (digits + (d - w), written) == 0 && digits[0] == '0' &&
         d - w >= 3 && d - w <= 4;
}

typedef struct {
  guint start, end;
} Span;

static void
deputy_phone_in_chars (const Chars *t,
                       const char  *digits,
                       GPtrArray   *issues)
{
  g_autoptr(GArray) groups = g_array_new (FALSE, FALSE, sizeof (Span));
  gsize n_digits = strlen (digits);

  if (n_digits < 5)
    return;

  /* The runs of digits of the text. */
  for (guint i = 0; i < t->len; i++)
    if (is_digit (t->c[i]))
      {
        Span group = { i, i };

        while (group.end < t->len && is_digit (t->c[group.end]))
          group.end++;
        g_array_append_val (groups, group);
        i = group.end - 1;
      }

  for (guint g = 0; g < groups->len; g++)
    {
      g_autoptr(GString) written = g_string_new (NULL);
      Span *first = &g_array_index (groups, Span, g);

      for (guint h = g; h < groups->len; h++)
        {
          Span *group = &g_array_index (groups, Span, h);

          /* Groups of one number are apart by one separator. */
          if (h > g)
            {
              Span *before = &g_array_index (groups, Span, h - 1);

              if (group->start != before->end + 1 || !is_phone_separator (t->c[before->end]))
                break;
            }
          for (guint i = group->start; i < group->end; i++)
            g_string_append_c (written, '0' + digit_value (t->c[i]));
          if (written->len > n_digits + 4)
            break;

          if (same_phone (written->str, digits))
            {
              g_autofree char *shown = chars_substring (t, first->start, group->end);

              add_issue (issues, DAFU_CHECK_DEPUTY_PHONE, first->start, group->end,
                         g_strdup_printf (_("“%s” is the deputy’s own phone number, and this "
                                            "letter is to be made public: remove it."),
                                          shown));
              g = h;
              break;
            }
        }
    }
}

/**
 * dafu_check_deputy_phone:
 * @text: (nullable): a text of the draft
 * @deputy_phone: (nullable): the deputy's phone (the draft's value
 *   代表电话), in any formatting
 *
 * Finds the deputy's phone number in @text, however its digits are
 * grouped, with or without an area code. The caller decides whether the
 * letter is public.
 *
 * Returns: (transfer full) (element-type DafuCheckIssue): the issues, in
 *   text order
 */
GPtrArray *
dafu_check_deputy_phone (const char *text,
                         const char *deputy_phone)
{
  GPtrArray *issues = issues_new ();
  g_autofree char *digits = phone_digits (deputy_phone);
  Chars t;

  chars_init (&t, text);
  deputy_phone_in_chars (&t, digits, issues);
  chars_clear (&t);
  return issues;
}

static gboolean
overlaps (const DafuCheckIssue *a,
          const DafuCheckIssue *b)
{
  return a->start < b->end && b->start < a->end;
}

/**
 * dafu_checks_run_block:
 * @text: (nullable): one block of a draft, as rendered
 * @doc_number: (nullable): the draft's 文号 field, to recognize it
 * @year: the draft's year, 0 when unknown
 * @category: (nullable): the draft's category
 * @is_public: whether the letter will be made public
 * @deputy_phone: (nullable): the deputy's phone, checked when @is_public
 *
 * Runs the text checks of dafu_checks_run() on one block, without the
 * check of the 文号 field on its own, and with the deputy's phone: where
 * the deputy's mobile is found it is reported as the deputy's phone only.
 *
 * Returns: (transfer full) (element-type DafuCheckIssue): the issues, in
 *   text order
 */
GPtrArray *
dafu_checks_run_block (const char *text,
                       const char *doc_number,
                       int         year,
                       const char *category,
                       gboolean    is_public,
                       const char *deputy_phone)
{
  GPtrArray *issues = issues_new ();
  Chars t;

  chars_init (&t, text);
  doc_numbers_in_chars (&t, doc_number, year, issues);
  dates_in_chars (&t, issues);
  category_in_chars (&t, category, issues);
  if (is_public)
    {
      g_autoptr(GPtrArray) personal = issues_new ();
      g_autoptr(GPtrArray) phone = issues_new ();
      g_autofree char *digits = phone_digits (deputy_phone);

      personal_in_chars (&t, personal);
      deputy_phone_in_chars (&t, digits, phone);
      for (guint i = 0; i < personal->len; i++)
        {
          DafuCheckIssue *issue = g_ptr_array_index (personal, i);
          gboolean is_deputy = FALSE;

          for (guint j = 0; j < phone->len && !is_deputy; j++)
            is_deputy = overlaps (issue, g_ptr_array_index (phone, j));
          if (!is_deputy)
            g_ptr_array_add (issues, g_ptr_array_steal_index (personal, i--));
        }
      while (phone->len > 0)
        g_ptr_array_add (issues, g_ptr_array_steal_index (phone, 0));
    }
  chars_clear (&t);

  g_ptr_array_sort (issues, compare_issues);
  return issues;
}

/**
 * dafu_check_unfilled_placeholders:
 * @text: (nullable): a block's text, placeholders left in
 * @values: (nullable) (element-type utf8 utf8): name → value, as
 *   dafu_placeholders_fill() takes them
 *
 * Finds the placeholders that @values leaves unfilled. The offsets count
 * in the text as dafu_placeholders_fill() writes it.
 *
 * Returns: (transfer full) (element-type DafuCheckIssue): the issues, in
 *   text order
 */
GPtrArray *
dafu_check_unfilled_placeholders (const char *text,
                                  GHashTable *values)
{
  GPtrArray *issues = issues_new ();
  g_autoptr(GPtrArray) found = dafu_placeholders_find (text);
  gssize delta = 0;

  for (guint i = 0; i < found->len; i++)
    {
      DafuPlaceholder *placeholder = g_ptr_array_index (found, i);
      const char *value = values != NULL ? g_hash_table_lookup (values, placeholder->name) : NULL;
      guint start = (guint) ((gssize) placeholder->start + delta);
      guint end = (guint) ((gssize) placeholder->end + delta);

      if (value != NULL && *value != '\0')
        {
          delta += g_utf8_strlen (value, -1) - (gssize) (placeholder->end - placeholder->start);
          continue;
        }
      add_issue (issues, DAFU_CHECK_UNFILLED_PLACEHOLDER, start, end,
                 g_strdup_printf (_("The placeholder “{%s}” has no value: fill in the draft’s "
                                    "field or give the value it stands for."),
                                  placeholder->name));
    }
  return issues;
}

/* Points and answers: character bigrams, two characters in a guint64. */

#define BIGRAM(a, b) (((guint64) (a) << 32) | (guint64) (b))
#define BIGRAM_BREAK G_GUINT64_CONSTANT (0)

/* Words that every reply on the subject uses: sharing them says nothing. */
static const char * const common_words[] = {
  "服务", "老年", "年人", "养老", "加强", "建立", "完善", "推进", "工作", "建设",
  "社区", "我市", "全市", "制定", "机制", "体系", "进一", "一步", "提升", "发展",
  "强化", "健全", "加大", "积极", "开展", "相关", "部门", "我们", "进行", "实施",
  "方面", "政策", "管理", "建议", "问题", "有关", "不断", "持续",
};

static int
compare_bigrams (gconstpointer a,
                 gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static gboolean
has_bigram (const GArray *sorted,
            guint64       bigram)
{
  return sorted->len > 0 &&
         bsearch (&bigram, sorted->data, sorted->len, sizeof (guint64), compare_bigrams) != NULL;
}

/* The bigrams of @text in order, BIGRAM_BREAK where punctuation breaks
 * the text. */
static GArray *
bigrams_in_order (const char *text)
{
  GArray *bigrams = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  gunichar prev = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = dafu_text_fold_char (g_utf8_get_char (p));
      guint64 bigram;

      if (c == '\n' || c == '\r' || dafu_text_is_space (c))
        continue;
      if (!g_unichar_isalnum (c))
        {
          if (prev != 0)
            {
              bigram = BIGRAM_BREAK;
              g_array_append_val (bigrams, bigram);
            }
          prev = 0;
          continue;
        }
      if (prev != 0)
        {
          bigram = BIGRAM (prev, c);
          g_array_append_val (bigrams, bigram);
        }
      prev = c;
    }
  return bigrams;
}

/* Sorts @bigrams and drops breaks and duplicates. */
static GArray *
bigrams_sorted (GArray *bigrams)
{
  guint n = 0;

  g_array_sort (bigrams, compare_bigrams);
  for (guint i = 0; i < bigrams->len; i++)
    {
      guint64 b = g_array_index (bigrams, guint64, i);

      if (b != BIGRAM_BREAK && (n == 0 || g_array_index (bigrams, guint64, n - 1) != b))
        g_array_index (bigrams, guint64, n++) = b;
    }
  g_array_set_size (bigrams, n);
  return bigrams;
}

static const GArray *
common_bigrams (void)
{
  static GArray *common = NULL;

  if (g_once_init_enter (&common))
    {
      GArray *bigrams = g_array_new (FALSE, FALSE, sizeof (guint64));

      for (guint i = 0; i < G_N_ELEMENTS (common_words); i++)
        {
          g_autoptr(GArray) word = bigrams_in_order (common_words[i]);

          g_array_append_vals (bigrams, word->data, word->len);
        }
      g_once_init_leave (&common, bigrams_sorted (bigrams));
    }
  return common;
}

typedef struct {
  GArray *order;      /* in order, with breaks */
  GArray *distinct;   /* sorted */
} Point;

static void
point_init (Point      *point,
            const char *text)
{
  point->order = bigrams_in_order (text);
  point->distinct = g_array_copy (point->order);
  bigrams_sorted (point->distinct);
}

static void
point_clear (Point *point)
{
  g_clear_pointer (&point->order, g_array_unref);
  g_clear_pointer (&point->distinct, g_array_unref);
}

/* How well a text (its sorted bigrams) answers @point: -1 when it does not,
 * else a score, higher for a better answer. */
static double
answer_score (const Point  *point,
              const GArray *text)
{
  const GArray *common = common_bigrams ();
  guint shared = 0, key_words = 0;
  gboolean in_run = FALSE, run_is_key = FALSE;
  double cover;

  if (point->distinct->len == 0)
    return 1.0;

  for (guint i = 0; i < point->distinct->len; i++)
    if (has_bigram (text, g_array_index (point->distinct, guint64, i)))
      shared++;
  cover = (double) shared / point->distinct->len;

  /* Key words: runs of shared bigrams, one of them not a common word. */
  for (guint i = 0; i <= point->order->len; i++)
    {
      guint64 b = i < point->order->len ? g_array_index (point->order, guint64, i) : BIGRAM_BREAK;

      if (b != BIGRAM_BREAK && has_bigram (text, b))
        {
          in_run = TRUE;
          run_is_key = run_is_key || !has_bigram (common, b);
          continue;
        }
      if (in_run && run_is_key)
        key_words++;
      in_run = run_is_key = FALSE;
    }

  if (cover >= 0.5 || (cover >= 0.25 && key_words >= 1))
    return cover + 0.1 * key_words;
  return -1;
}

static GPtrArray *
texts_bigrams (const char * const *texts)
{
  GPtrArray *sets = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    g_ptr_array_add (sets, bigrams_sorted (bigrams_in_order (texts[i])));
  return sets;
}

static int
find_answer (const Point     *point,
             const GPtrArray *texts)
{
  double best = -1;
  int found = -1;

  for (guint i = 0; i < texts->len; i++)
    {
      double score = answer_score (point, g_ptr_array_index (texts, i));

      if (score > best)
        best = score, found = (int) i;
    }
  return found;
}

/**
 * dafu_check_find_answer:
 * @point: (nullable): one point of the suggestion, without its number
 * @texts: (nullable) (array zero-terminated=1): the body paragraphs of a
 *   reply, as rendered
 *
 * Returns: the index in @texts of the paragraph that answers @point best,
 *   or -1 when none answers it
 */
int
dafu_check_find_answer (const char         *point,
                        const char * const *texts)
{
  g_autoptr(GPtrArray) sets = texts_bigrams (texts);
  Point p;
  int found;

  point_init (&p, point);
  found = find_answer (&p, sets);
  point_clear (&p);
  return found;
}

/**
 * dafu_check_points:
 * @points: (nullable) (array zero-terminated=1): the suggestion's points,
 *   without their numbers
 * @texts: (nullable) (array zero-terminated=1): the body paragraphs of the
 *   reply, as rendered (not the title, opening, closing or signature)
 *
 * Finds the points no paragraph answers (see dafu_check_find_answer()).
 *
 * Returns: (transfer full) (element-type DafuCheckIssue): one global issue
 *   for each unanswered point, in the points' order
 */
GPtrArray *
dafu_check_points (const char * const *points,
                   const char * const *texts)
{
  GPtrArray *issues = issues_new ();
  g_autoptr(GPtrArray) sets = texts_bigrams (texts);

  for (guint i = 0; points != NULL && points[i] != NULL; i++)
    {
      Point p;

      point_init (&p, points[i]);
      if (p.distinct->len > 0 && find_answer (&p, sets) < 0)
        {
          g_autofree char *shown = g_utf8_make_valid (points[i], -1);

          add_issue (issues, DAFU_CHECK_UNANSWERED_POINT, 0, 0,
                     g_strdup_printf (_("No paragraph of the reply answers the suggestion’s "
                                        "point “%s”: add one that does."),
                                      shown));
        }
      point_clear (&p);
    }
  return issues;
}
