/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-clause-miner"

#include "config.h"

#include "dafu-clause-miner.h"

#include <stdio.h>
#include <string.h>

#include "dafu-placeholder.h"
#include "dafu-section.h"
#include "dafu-text.h"

/*
 * The clause miner: what a clerk can reuse from the letters she has.
 *
 * Pieces. Each section's text is split into paragraphs (its lines) and
 * each paragraph of two or more sentences also into sentences (ending in
 * 。！？；!?; a closing quote or bracket stays with its sentence). Both are
 * candidates, so a recurring paragraph and a sentence that recurs inside
 * otherwise different paragraphs are both found.
 *
 * Facts. In every piece the letter's own facts become placeholders, the
 * longest value first: addressee → {代表}, title (also with 〈〉 for 《》
 * inside it, and without 《》 or “” around it in the field) → {建议标题},
 * 第N号 → 第{建议编号}号 (a bare number is left alone: it could be any
 * figure), session → {会议}, issuer → {承办单位}, contact → {联系人}, phone
 * → {联系电话} (not inside a longer number), the date as printed (2024年5月8日,
 * also 2024年05月08日) → {日期}, 文号 → {文号}, signer → {签发人} and 抄送 →
 * {抄送}. Values shorter than two characters are left alone. A session
 * printed with its city (咸阳市九届人大四次会议 for 市九届人大四次会议) becomes
 * 咸阳{会议}: the clause then fills back to exactly what the letter said.
 *
 * Grouping. A piece's key is its text folded (dafu_text_fold) without
 * punctuation, symbols and space, each placeholder kept as one private-use
 * character. Pieces with the same key are one group: a hash table, so the
 * work is linear in the corpus. A new key of MIN_FUZZY to MAX_FUZZY
 * characters (MAX_FUZZY_FORMULA for the formula kinds: opening, closing,
 * signature, contact, footer) is also compared with the groups in its
 * bucket — the MAX_CANDIDATES groups whose key starts with the same two
 * characters, those found in one letter only giving way to new ones when
 * the bucket is full. A candidate of similar length whose characters
 * overlap enough (a bound on the LCS) is measured by the longest common
 * subsequence, and the piece joins the best with 2·LCS/(|a|+|b|) ≥ 0.80
 * when both are formulas (收悉，经研究，现答复如下 and （第{建议编号}号）
 * 收悉。现答复如下 are one formula; so are 感谢您对养老工作的关心和支持，欢迎…
 * and 感谢您对市民政局工作的关心与支持,并欢迎…), else ≥ 0.88 with the same
 * figures (下一步，我们将重点做好以下几点工作 and 下一步将重点做好以下几点
 * 工作; never two measures with different numbers). A character-bigram
 * Dice ≥ 0.85 was tried first and dropped: one inserted word (并欢迎 for
 * 欢迎) costs it as much as a different sentence.
 *
 * Offers. A group found in two or more letters becomes a clause: its text
 * the variant most letters used (on a tie the one that sorts first, so
 * that the order of the letters does not matter), n_letters the letters,
 * sources their ids, cities theirs. A sentence group is not offered when
 * all of its sentences come from one paragraph group that is offered
 * anyway. Every paragraph that is a measure, a plan or a problem (by its
 * section, or by its words: 下一步/今后/接下来… or 我们将 early on for a plan,
 * 虽然/问题仍/主要表现在… for a problem; a later paragraph of a measure
 * section that turns to 下一步 is a plan) is offered even from one letter,
 * whole however long, titled by its section heading without numbering when
 * it is the section's first paragraph, else by its first sentence
 * shortened. Pieces under MIN_SINGLE characters (a placeholder counts as
 * one) are not offered alone. Recurring ones need characters besides
 * placeholders: MIN_LITERAL_LINE for signature, contact and footer lines
 * (联系电话：{联系电话} is kept, a bare {日期} is not), MIN_LITERAL_FORMULA for
 * openings and closings (特此答复 is kept, 您好 is not), MIN_LITERAL_BODY
 * for the rest.
 *
 * Kind. From the words first (感谢…/宝贵意见/批评指正/是否满意/专此答复 →
 * closing, 收悉/答复如下 → opening, then plan and problem as above), else
 * from the section: the opening section's first paragraph → opening, its
 * later ones → overview; signature lines → contact when they name 联系人/电话,
 * else signature; footer lines → footer (contact for a contact line). A
 * group takes the kind most of its letters gave it (the earlier kind on a
 * tie). Measure, plan, problem and overview clauses carry the themes that
 * classify them best (up to MAX_THEMES, each with at least half the hits
 * of the best).
 *
 * Title: a single paragraph's heading or first sentence; for a recurring
 * clause its heading when it is a measure-like one with a heading, else its
 * first TITLE_CHARS characters and "…".
 *
 * Fingerprint: SHA-1 of the offered variant's key with placeholders written
 * {名称}, so mining the same letters again (in any order) gives the same
 * fingerprints, and no two clauses share one.
 *
 * Results are ordered by kind, then by n_letters (most first), then by
 * first appearance.
 */

#define MIN_SINGLE          12
#define MIN_LITERAL_LINE    2
#define MIN_LITERAL_FORMULA 4
#define MIN_LITERAL_BODY    6
#define MIN_FUZZY           8
#define MAX_FUZZY           64
#define MAX_FUZZY_FORMULA   160
#define MAX_CANDIDATES      24
#define MAX_VARIANTS        16
#define MAX_THEMES          3
#define TITLE_CHARS         16
#define SINGLE_TITLE_CHARS  20
#define HEADING_TITLE_CHARS 30

/* Private use characters stand for placeholders in the marked text. */
#define MARK_BASE 0xE000

static const DafuLetterField FACTS[] = {
  DAFU_LETTER_FIELD_ADDRESSEE,
  DAFU_LETTER_FIELD_TITLE,
  DAFU_LETTER_FIELD_SUGGESTION_NUMBER,
  DAFU_LETTER_FIELD_SESSION,
  DAFU_LETTER_FIELD_ISSUER,
  DAFU_LETTER_FIELD_DATE,
  DAFU_LETTER_FIELD_CONTACT,
  DAFU_LETTER_FIELD_CONTACT_PHONE,
  DAFU_LETTER_FIELD_DOC_NUMBER,
  DAFU_LETTER_FIELD_SIGNER,
  DAFU_LETTER_FIELD_CC,
};

#define N_FACTS G_N_ELEMENTS (FACTS)

typedef struct {
  char     *needle;
  gunichar  first;
  gsize     len;
  char     *replacement;
  gboolean  digit_bounds;
} Needle;

/* One wording of a group: the piece with its facts marked. */
typedef struct {
  char  *marked;
  guint  n_letters;
  guint  last_letter;
} Variant;

typedef struct _Group Group;

/* Most groups are one sentence of one letter: the first variant, source
 * and city are kept inline, the others in arrays made when needed. */
struct _Group {
  guint           index;
  const char     *key;          /* owned by Miner.by_key */
  gunichar       *chars;        /* fuzzy groups: the key, then it sorted */
  gunichar       *sorted;
  glong           n_chars;
  char           *figures;
  guint           n_literal;

  Variant         variant;
  GPtrArray      *more_variants;
  gint64          source;
  GArray         *more_sources;
  char           *city;
  GPtrArray      *more_cities;
  guint           n_letters;
  guint           last_letter;
  guint           kind_votes[DAFU_CLAUSE_N_KINDS];
  DafuClauseKind  first_kind;

  gboolean        single;
  DafuClauseKind  single_kind;
  char           *heading;

  /* For sentence groups: the paragraph group all sentences came from. */
  Group          *only_para;
  gboolean        mixed;
};

typedef struct {
  GPtrArray *needles;
} Facts;

typedef struct {
  GHashTable *by_key;     /* key → Group (borrowed) */
  GHashTable *buckets;    /* first two characters → GPtrArray of Group */
  GPtrArray  *groups;     /* owns the groups */
} Miner;

/* Facts and text */

static void
needle_free (Needle *needle)
{
  g_free (needle->needle);
  g_free (needle->replacement);
  g_free (needle);
}

static char *
mark_string (guint fact)
{
  char buf[8];
  gint len = g_unichar_to_utf8 (MARK_BASE + fact, buf);

  return g_strndup (buf, len);
}

static void
add_needle (GPtrArray  *needles,
            const char *needle,
            const char *replacement,
            gboolean    digit_bounds)
{
  Needle *n;

  if (needle == NULL || g_utf8_strlen (needle, -1) < 2)
    return;

  for (guint i = 0; i < needles->len; i++)
    if (g_str_equal (((Needle *) needles->pdata[i])->needle, needle))
      return;

  n = g_new0 (Needle, 1);
  n->needle = g_strdup (needle);
  n->first = g_utf8_get_char (needle);
  n->len = strlen (needle);
  n->replacement = g_strdup (replacement);
  n->digit_bounds = digit_bounds;
  g_ptr_array_add (needles, n);
}

static char *
strip_quotes (const char *value)
{
  static const char * const pairs[][2] = {
    { "《", "》" }, { "“", "”" }, { "\"", "\"" }, { "「", "」" },
  };
  char *stripped = g_strstrip (g_strdup (value));

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      gsize len = strlen (stripped);
      gsize open = strlen (pairs[i][0]);
      gsize close = strlen (pairs[i][1]);

      if (len > open + close &&
          g_str_has_prefix (stripped, pairs[i][0]) &&
          g_str_has_suffix (stripped, pairs[i][1]))
        {
          char *inner = g_strndup (stripped + open, len - open - close);

          g_free (stripped);
          return inner;
        }
    }

  return stripped;
}

static char *
replace_all (const char *text,
             const char *from,
             const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);

  return g_strjoinv (to, parts);
}

static int
compare_needles (gconstpointer a,
                 gconstpointer b)
{
  const Needle *na = *(Needle **) a;
  const Needle *nb = *(Needle **) b;

  if (na->len != nb->len)
    return na->len > nb->len ? -1 : 1;
  return strcmp (na->needle, nb->needle);
}

/* Only valid UTF-8 values, so that a bad field cannot break the text. */
static char *
dup_fact (DafuLetter      *letter,
          DafuLetterField  field)
{
  const char *value = dafu_letter_get_field (letter, field);
  char *copy;

  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    return NULL;

  copy = g_strstrip (g_strdup (value));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

static void
facts_clear (Facts *facts)
{
  g_clear_pointer (&facts->needles, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Facts, facts_clear)

static void
facts_init (Facts      *facts,
            DafuLetter *letter)
{
  GPtrArray *needles = g_ptr_array_new_with_free_func ((GDestroyNotify) needle_free);

  for (guint f = 0; f < N_FACTS; f++)
    {
      g_autofree char *value = dup_fact (letter, FACTS[f]);
      g_autofree char *mark = mark_string (f);

      if (value == NULL)
        continue;

      switch (FACTS[f])
        {
        case DAFU_LETTER_FIELD_TITLE:
          {
            g_autofree char *bare = strip_quotes (value);
            g_autofree char *angled = NULL;
            g_autofree char *tmp = NULL;

            add_needle (needles, bare, mark, FALSE);
            tmp = replace_all (bare, "《", "〈");
            angled = replace_all (tmp, "》", "〉");
            add_needle (needles, angled, mark, FALSE);
          }
          break;

        case DAFU_LETTER_FIELD_SUGGESTION_NUMBER:
          {
            static const char * const forms[][2] = {
              { "第", "号" }, { "第 ", " 号" }, { "第", " 号" }, { "第 ", "号" },
            };
            const char *digits = value;

            if (g_str_has_prefix (digits, "第"))
              digits += strlen ("第");
            if (!g_ascii_isdigit (*digits))
              break;

            for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
              {
                g_autofree char *needle = g_strdup_printf ("%s%.*s%s", forms[i][0],
                                                           (int) strspn (digits, "0123456789"),
                                                           digits, forms[i][1]);
                g_autofree char *replacement = g_strconcat (forms[i][0], mark, forms[i][1], NULL);

                add_needle (needles, needle, replacement, FALSE);
              }
          }
          break;

        case DAFU_LETTER_FIELD_DATE:
          {
            g_autofree char *printed = dafu_placeholders_format_date (value);
            int y, m, d;

            add_needle (needles, printed, mark, TRUE);
            if (printed != NULL && sscanf (value, "%4d-%2d-%2d", &y, &m, &d) == 3)
              {
                g_autofree char *padded = g_strdup_printf ("%d年%02d月%02d日", y, m, d);

                add_needle (needles, padded, mark, TRUE);
              }
          }
          break;

        case DAFU_LETTER_FIELD_CONTACT_PHONE:
          add_needle (needles, value, mark, TRUE);
          break;

        default:
          add_needle (needles, value, mark, FALSE);
          break;
        }
    }

  g_ptr_array_sort (needles, compare_needles);
  facts->needles = needles;
}

/* Replaces the facts by marks; marks already in the text (they cannot be
 * in a real letter) become U+FFFD first. */
static char *
mark_facts (const char  *text,
            const Facts *facts)
{
  GPtrArray *needles = facts->needles;
  GString *out = g_string_sized_new (strlen (text));
  const char *p = text;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);
      gboolean replaced = FALSE;

      for (guint i = 0; i < needles->len; i++)
        {
          const Needle *n = needles->pdata[i];

          if (n->first != c || strncmp (p, n->needle, n->len) != 0)
            continue;
          if (n->digit_bounds &&
              ((p > text && g_ascii_isdigit (p[-1])) || g_ascii_isdigit (p[n->len])))
            continue;

          g_string_append (out, n->replacement);
          p += n->len;
          replaced = TRUE;
          break;
        }
      if (replaced)
        continue;

      if (c >= MARK_BASE && c < MARK_BASE + N_FACTS)
        g_string_append_unichar (out, 0xFFFD);
      else
        g_string_append_len (out, p, next - p);
      p = next;
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_mark (gunichar c)
{
  return c >= MARK_BASE && c < MARK_BASE + N_FACTS;
}

/* The marked text with each mark written {名称}. */
static char *
unmark (const char *marked)
{
  GString *out = g_string_sized_new (strlen (marked) + 16);

  for (const char *p = marked; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_mark (c))
        g_string_append_printf (out, "{%s}",
                                dafu_placeholders_name_for_field (FACTS[c - MARK_BASE]));
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_blank (gunichar c)
{
  return g_unichar_isspace (c) || dafu_text_is_space (c) || c == 0xFEFF;
}

/* @n_chars: (out) (optional): the key's length in characters */
static char *
make_key (const char *marked,
          guint      *n_literal,
          glong      *n_chars)
{
  char *key = g_malloc (strlen (marked) + 1);
  char *out = key;
  guint literal = 0;
  glong n = 0;

  for (const char *p = marked; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = dafu_text_fold_char (g_utf8_get_char (p));

      if (is_mark (c))
        {
          out += g_unichar_to_utf8 (c, out);
          n++;
        }
      else if (!is_blank (c) && !g_unichar_ispunct (c) && !g_unichar_iscntrl (c) &&
               c != 0xFFFD)
        {
          out += g_unichar_to_utf8 (c, out);
          literal++;
          n++;
        }
    }
  *out = '\0';

  *n_literal = literal;
  if (n_chars != NULL)
    *n_chars = n;
  return key;
}

/* Trims white space (full-width too) and markdown emphasis around @text. */
static char *
trim_piece (const char *start,
            const char *end)
{
  const char *s = start;
  const char *e = end;

  while (s < e)
    {
      gunichar c = g_utf8_get_char (s);

      if (!is_blank (c) && c != '*' && c != '#')
        break;
      s = g_utf8_next_char (s);
    }
  while (e > s)
    {
      const char *prev = g_utf8_prev_char (e);
      gunichar c = g_utf8_get_char (prev);

      if (!is_blank (c) && c != '*')
        break;
      e = prev;
    }

  return g_strndup (s, e - s);
}

static gboolean
is_sentence_end (gunichar c)
{
  return c == 0x3002 /* 。 */ || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B ||
         c == '!' || c == '?' || c == ';';
}

static gboolean
is_closer (gunichar c)
{
  return c == 0x201D || c == 0x2019 || c == 0x300D || c == 0x300F || c == 0xFF09 ||
         c == ')' || c == 0x300B || c == '"';
}

static GPtrArray *
split_sentences (const char *text)
{
  GPtrArray *sentences = g_ptr_array_new_with_free_func (g_free);
  const char *start = text;
  const char *p = text;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);

      p = g_utf8_next_char (p);
      if (!is_sentence_end (c))
        continue;
      while (*p != '\0' && (is_sentence_end (g_utf8_get_char (p)) || is_closer (g_utf8_get_char (p))))
        p = g_utf8_next_char (p);

      g_ptr_array_add (sentences, trim_piece (start, p));
      start = p;
    }
  if (p > start)
    g_ptr_array_add (sentences, trim_piece (start, p));

  for (guint i = sentences->len; i > 0; i--)
    if (*(char *) sentences->pdata[i - 1] == '\0')
      g_ptr_array_remove_index (sentences, i - 1);

  return sentences;
}

/* Kinds */

static gboolean
contains_any (const char         *text,
              const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (text, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
starts_with_any (const char         *text,
                 const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (g_str_has_prefix (text, words[i]))
      return TRUE;
  return FALSE;
}

/* 我们将 (we will) among the first characters: a promise, not a report. */
static gboolean
promises_early (const char *text)
{
  const char *found = strstr (text, "我们将");

  return found != NULL && g_utf8_strlen (text, found - text) <= 12;
}

static const char * const CLOSING_WORDS[] = {
  "宝贵意见", "批评指正", "是否满意", "专此答复", "敬请反馈", "欢迎提出", NULL
};
static const char * const OPENING_WORDS[] = { "收悉", "答复如下", NULL };
static const char * const PLAN_STARTS[] = {
  "下一步", "下步", "今后", "接下来", "未来", "我们将", NULL
};
static const char * const PROBLEM_STARTS[] = { "虽然", "尽管", NULL };
static const char * const PROBLEM_WORDS[] = {
  "问题仍", "主要表现在", "存在的问题", "存在问题", "困难和问题", NULL
};
static const char * const CONTACT_WORDS[] = {
  "联系人", "联系电话", "联系单位", "联系方式", "电话：", "电话:", NULL
};

static DafuClauseKind
piece_kind (DafuSectionKind  section,
            const char      *text,
            gboolean         acknowledgement,
            gboolean         trailing)
{
  switch (section)
    {
    case DAFU_SECTION_KIND_SIGNATURE:
      return contains_any (text, CONTACT_WORDS) ? DAFU_CLAUSE_KIND_CONTACT
                                                : DAFU_CLAUSE_KIND_SIGNATURE;

    case DAFU_SECTION_KIND_FOOTER:
      if (!g_str_has_prefix (text, "抄送") && contains_any (text, CONTACT_WORDS))
        return DAFU_CLAUSE_KIND_CONTACT;
      return DAFU_CLAUSE_KIND_FOOTER;

    default:
      break;
    }

  if (g_str_has_prefix (text, "感谢") || contains_any (text, CLOSING_WORDS))
    return DAFU_CLAUSE_KIND_CLOSING;
  if (contains_any (text, OPENING_WORDS))
    return DAFU_CLAUSE_KIND_OPENING;
  if (starts_with_any (text, PLAN_STARTS) || promises_early (text))
    return DAFU_CLAUSE_KIND_PLAN;
  /* A paragraph after a measure's own text that turns to 下一步 is a plan. */
  if (trailing && section == DAFU_SECTION_KIND_MEASURE && strstr (text, "下一步") != NULL)
    return DAFU_CLAUSE_KIND_PLAN;
  if (section != DAFU_SECTION_KIND_CLOSING &&
      (starts_with_any (text, PROBLEM_STARTS) || contains_any (text, PROBLEM_WORDS)))
    return DAFU_CLAUSE_KIND_PROBLEM;

  switch (section)
    {
    case DAFU_SECTION_KIND_OPENING:
      return acknowledgement ? DAFU_CLAUSE_KIND_OPENING : DAFU_CLAUSE_KIND_OVERVIEW;
    case DAFU_SECTION_KIND_PROBLEM:
      return DAFU_CLAUSE_KIND_PROBLEM;
    case DAFU_SECTION_KIND_PLAN:
      return DAFU_CLAUSE_KIND_PLAN;
    case DAFU_SECTION_KIND_CLOSING:
      return DAFU_CLAUSE_KIND_CLOSING;
    case DAFU_SECTION_KIND_MEASURE:
    default:
      return DAFU_CLAUSE_KIND_MEASURE;
    }
}

static gboolean
is_formula_kind (DafuClauseKind kind)
{
  return kind == DAFU_CLAUSE_KIND_OPENING || kind == DAFU_CLAUSE_KIND_CLOSING ||
         kind == DAFU_CLAUSE_KIND_SIGNATURE || kind == DAFU_CLAUSE_KIND_CONTACT ||
         kind == DAFU_CLAUSE_KIND_FOOTER;
}

static gboolean
is_body_section (DafuSectionKind kind)
{
  return kind == DAFU_SECTION_KIND_OPENING || kind == DAFU_SECTION_KIND_MEASURE ||
         kind == DAFU_SECTION_KIND_PROBLEM || kind == DAFU_SECTION_KIND_PLAN;
}

/* Titles */

static gboolean
is_cjk_numeral (gunichar c)
{
  return c != 0 && g_utf8_strchr ("一二三四五六七八九十百零〇", -1, c) != NULL;
}

/* 一、 （一） 1. 1、 ① 一是 关于第一条建议， … */
static const char *
skip_numbering (const char *heading)
{
  const char *p = heading;
  gunichar c = g_utf8_get_char (p);

  if (g_str_has_prefix (p, "关于第"))
    {
      const char *q = p + strlen ("关于第");

      while (is_cjk_numeral (g_utf8_get_char (q)) || g_ascii_isdigit (*q))
        q = g_utf8_next_char (q);
      if (g_str_has_prefix (q, "条建议") || g_str_has_prefix (q, "条"))
        {
          q += g_str_has_prefix (q, "条建议") ? strlen ("条建议") : strlen ("条");
          while (*q != '\0' && (g_unichar_ispunct (g_utf8_get_char (q)) || is_blank (g_utf8_get_char (q))))
            q = g_utf8_next_char (q);
          if (*q != '\0')
            return q;
        }
      return p;
    }

  if (c == 0xFF08 || c == '(')
    {
      const char *q = g_utf8_next_char (p);

      while (is_cjk_numeral (g_utf8_get_char (q)) || g_ascii_isdigit (*q))
        q = g_utf8_next_char (q);
      if (q > g_utf8_next_char (p) && (g_utf8_get_char (q) == 0xFF09 || *q == ')'))
        p = g_utf8_next_char (q);
    }
  else if (c >= 0x2460 && c <= 0x2473)
    p = g_utf8_next_char (p);
  else
    {
      const char *q = p;

      while (is_cjk_numeral (g_utf8_get_char (q)) || g_ascii_isdigit (*q))
        q = g_utf8_next_char (q);
      if (q > p)
        {
          gunichar after = g_utf8_get_char (q);

          if (after == 0x3001 || after == '.' || after == 0xFF0E || after == 0xFF0C)
            p = g_utf8_next_char (q);
          else if (g_str_has_prefix (q, "是"))
            p = q + strlen ("是");
        }
    }

  while (*p != '\0' && is_blank (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  return *p != '\0' ? p : heading;
}

/* The first @max characters of @text, a placeholder never cut, … when cut. */
static char *
shorten (const char *text,
         guint       max)
{
  GString *out = g_string_new (NULL);
  guint n = 0;
  const char *p = text;

  while (*p != '\0' && *p != '\n')
    {
      const char *next = g_utf8_next_char (p);

      if (n >= max)
        {
          g_string_append (out, "…");
          break;
        }
      if (*p == '{')
        {
          const char *close = strchr (p, '}');

          if (close != NULL && close - p < 64)
            next = close + 1;
        }
      g_string_append_len (out, p, next - p);
      n++;
      p = next;
    }

  return g_string_free (out, FALSE);
}

static char *
title_from_heading (const char *heading)
{
  g_autofree char *trimmed = trim_piece (heading, heading + strlen (heading));
  const char *start = skip_numbering (trimmed);
  g_autofree char *body = g_strdup (start);
  gsize len = strlen (body);

  /* Trailing 。；：，but not a closing quote or bracket. */
  while (len > 0)
    {
      const char *last = g_utf8_prev_char (body + len);
      gunichar c = g_utf8_get_char (last);

      if (!is_blank (c) && g_utf8_strchr ("。；：，、.;:,", -1, c) == NULL)
        break;
      len = last - body;
    }
  body[len] = '\0';

  if (*body == '\0')
    return NULL;
  return shorten (body, HEADING_TITLE_CHARS);
}

static char *
title_from_text (const char *text,
                 guint       max)
{
  g_autoptr(GPtrArray) sentences = split_sentences (text);
  const char *first = sentences->len > 0 ? sentences->pdata[0] : text;

  return shorten (first, max);
}

/* Groups */

static void
group_free (Group *group)
{
  g_free (group->chars);
  g_free (group->figures);
  g_free (group->variant.marked);
  g_clear_pointer (&group->more_variants, g_ptr_array_unref);
  g_clear_pointer (&group->more_sources, g_array_unref);
  g_free (group->city);
  g_clear_pointer (&group->more_cities, g_ptr_array_unref);
  g_free (group->heading);
  g_free (group);
}

static void
variant_free (Variant *variant)
{
  g_free (variant->marked);
  g_free (variant);
}

static guint
group_n_variants (Group *group)
{
  return 1 + (group->more_variants != NULL ? group->more_variants->len : 0);
}

static Variant *
group_get_variant (Group *group,
                   guint  i)
{
  return i == 0 ? &group->variant : group->more_variants->pdata[i - 1];
}

static void
group_add_source (Group  *group,
                  gint64  id)
{
  if (id <= 0 || id == group->source)
    return;
  if (group->source == 0)
    {
      group->source = id;
      return;
    }
  /* Repeated ids are dropped when the clause is made. */
  if (group->more_sources == NULL)
    group->more_sources = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (group->more_sources, id);
}

static void
group_add_city (Group      *group,
                const char *city)
{
  if (city == NULL || g_strcmp0 (city, group->city) == 0)
    return;
  if (group->city == NULL)
    {
      group->city = g_strdup (city);
      return;
    }
  if (group->more_cities == NULL)
    group->more_cities = g_ptr_array_new_with_free_func (g_free);
  if (!g_ptr_array_find_with_equal_func (group->more_cities, city, g_str_equal, NULL))
    g_ptr_array_add (group->more_cities, g_strdup (city));
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Insertion sort: at most MAX_FUZZY_FORMULA characters, and no allocation. */
static void
sort_chars (const gunichar *chars,
            glong           n_chars,
            gunichar       *sorted)
{
  for (glong i = 0; i < n_chars; i++)
    {
      gunichar c = chars[i];
      glong j = i;

      while (j > 0 && sorted[j - 1] > c)
        {
          sorted[j] = sorted[j - 1];
          j--;
        }
      sorted[j] = c;
    }
}

/* How many characters two sorted multisets share: a bound on their LCS. */
static glong
common_chars (const gunichar *a,
              glong           na,
              const gunichar *b,
              glong           nb)
{
  glong i = 0, j = 0, common = 0;

  while (i < na && j < nb)
    {
      if (a[i] == b[j])
        common++, i++, j++;
      else if (a[i] < b[j])
        i++;
      else
        j++;
    }

  return common;
}

/* Both at most MAX_FUZZY_FORMULA long. */
static glong
lcs_length (const gunichar *a,
            glong           na,
            const gunichar *b,
            glong           nb)
{
  glong row[MAX_FUZZY_FORMULA + 1] = { 0 };

  g_assert (na <= MAX_FUZZY_FORMULA && nb <= MAX_FUZZY_FORMULA);

  for (glong i = 0; i < na; i++)
    {
      glong diagonal = 0;

      for (glong j = 0; j < nb; j++)
        {
          glong above = row[j + 1];

          row[j + 1] = a[i] == b[j] ? diagonal + 1 : MAX (above, row[j]);
          diagonal = above;
        }
    }

  return row[nb];
}

/* The figures of a key, 12|3.5 → "12|3|5|": equal figures for a fuzzy match. */
static char *
make_figures (const gunichar *chars,
              glong           n_chars)
{
  GString *out = g_string_new (NULL);
  gboolean in_number = FALSE;

  for (glong i = 0; i < n_chars; i++)
    {
      if (chars[i] < 0x80 && g_ascii_isdigit (chars[i]))
        {
          g_string_append_c (out, (char) chars[i]);
          in_number = TRUE;
        }
      else if (in_number)
        {
          g_string_append_c (out, '|');
          in_number = FALSE;
        }
    }

  return g_string_free (out, FALSE);
}

static char *
bucket_key (const gunichar *chars)
{
  char buf[16];
  gint len = g_unichar_to_utf8 (chars[0], buf);

  len += g_unichar_to_utf8 (chars[1], buf + len);
  return g_strndup (buf, len);
}

static Group *
find_similar (Miner          *miner,
              const gunichar *chars,
              glong           n_chars,
              const char     *figures,
              DafuClauseKind  kind)
{
  g_autofree char *bucket_name = bucket_key (chars);
  GPtrArray *bucket = g_hash_table_lookup (miner->buckets, bucket_name);
  gunichar sorted[MAX_FUZZY_FORMULA];
  Group *best = NULL;
  glong best_score = 0;

  if (bucket == NULL)
    return NULL;

  sort_chars (chars, n_chars, sorted);

  for (guint i = 0; i < bucket->len; i++)
    {
      Group *group = bucket->pdata[i];
      gboolean formula = is_formula_kind (kind) && is_formula_kind (group->first_kind);
      glong threshold = formula ? 80 : 88;
      glong total = n_chars + group->n_chars;
      glong lcs;

      /* 2·LCS/(a+b) ≥ t needs min/max ≥ t/(2−t): 2/3 for 0.80. */
      if (3 * MIN (n_chars, group->n_chars) < 2 * MAX (n_chars, group->n_chars))
        continue;
      if (!formula && g_strcmp0 (figures, group->figures) != 0)
        continue;
      /* The LCS is at most the characters they share. */
      if (200 * common_chars (sorted, n_chars, group->sorted, group->n_chars) < threshold * total)
        continue;

      lcs = lcs_length (chars, n_chars, group->chars, group->n_chars);
      if (200 * lcs < threshold * total)
        continue;
      /* The best by ratio, compared without division: lcs/total. */
      if (best == NULL || lcs * (best->n_chars + n_chars) > best_score * total)
        {
          best = group;
          best_score = lcs;
        }
    }

  return best;
}

static Group *
group_new (Miner          *miner,
           const char     *key,
           guint           n_literal,
           DafuClauseKind  kind)
{
  Group *group = g_new0 (Group, 1);

  group->index = miner->groups->len;
  group->key = key;
  group->n_literal = n_literal;
  group->last_letter = G_MAXUINT;
  group->first_kind = kind;
  g_ptr_array_add (miner->groups, group);

  return group;
}

static void
group_add_fuzzy (Miner *miner,
                 Group *group)
{
  g_autofree char *bucket_name = bucket_key (group->chars);
  GPtrArray *bucket = g_hash_table_lookup (miner->buckets, bucket_name);

  if (bucket == NULL)
    {
      bucket = g_ptr_array_new ();
      g_hash_table_insert (miner->buckets, g_steal_pointer (&bucket_name), bucket);
    }
  if (bucket->len < MAX_CANDIDATES)
    g_ptr_array_add (bucket, group);
  else
    {
      /* A full bucket keeps the groups that recur: the first one found in
       * a single letter so far makes room. */
      for (guint i = 0; i < bucket->len; i++)
        {
          Group *old = bucket->pdata[i];

          if (old->n_letters <= 1)
            {
              bucket->pdata[i] = group;
              break;
            }
        }
    }
}

typedef struct {
  DafuLetter     *letter;
  const char     *city;
  guint           letter_index;
  DafuClauseKind  kind;
  const char     *heading;
  gboolean        single;
  gboolean        sentence;
  Group          *paragraph;
} Piece;

static Group *
add_piece (Miner       *miner,
           const char  *marked,
           const Piece *piece)
{
  g_autofree char *key = NULL;
  Group *group;
  Variant *variant = NULL;
  guint n_literal;
  glong n_chars;

  key = make_key (marked, &n_literal, &n_chars);
  if (n_literal == 0)
    return NULL;

  group = g_hash_table_lookup (miner->by_key, key);
  if (group == NULL)
    {
      glong max_fuzzy = is_formula_kind (piece->kind) ? MAX_FUZZY_FORMULA : MAX_FUZZY;
      gboolean fuzzy = n_chars >= MIN_FUZZY && n_chars <= max_fuzzy;
      g_autofree gunichar *chars = NULL;
      g_autofree char *figures = NULL;

      if (fuzzy)
        {
          chars = g_new (gunichar, 2 * n_chars);
          for (glong i = 0, j = 0; i < n_chars; i++, j = g_utf8_next_char (key + j) - key)
            chars[i] = g_utf8_get_char (key + j);
          figures = make_figures (chars, n_chars);
          group = find_similar (miner, chars, n_chars, figures, piece->kind);
        }
      if (group == NULL)
        {
          group = group_new (miner, key, n_literal, piece->kind);
          if (fuzzy)
            {
              group->n_chars = n_chars;
              group->chars = g_steal_pointer (&chars);
              group->sorted = group->chars + n_chars;
              sort_chars (group->chars, n_chars, group->sorted);
              group->figures = g_steal_pointer (&figures);
              group_add_fuzzy (miner, group);
            }
        }
      g_hash_table_insert (miner->by_key, g_steal_pointer (&key), group);
    }

  /* Which paragraphs its sentences come from. */
  if (!piece->sentence)
    group->mixed = TRUE;
  else if (group->variant.marked == NULL)
    group->only_para = piece->paragraph;
  else if (group->only_para != piece->paragraph)
    group->mixed = TRUE;

  if (piece->single && !group->single)
    {
      group->single = TRUE;
      group->single_kind = piece->kind;
    }
  if (group->heading == NULL && piece->heading != NULL)
    group->heading = g_strdup (piece->heading);

  /* Count each letter once, for the group and for the variant. */
  if (group->variant.marked == NULL)
    {
      variant = &group->variant;
      variant->marked = g_strdup (marked);
      variant->last_letter = G_MAXUINT;
    }
  else
    {
      for (guint i = 0; i < group_n_variants (group); i++)
        {
          Variant *v = group_get_variant (group, i);

          if (g_str_equal (v->marked, marked))
            {
              variant = v;
              break;
            }
        }
      if (variant == NULL && group_n_variants (group) < MAX_VARIANTS)
        {
          variant = g_new0 (Variant, 1);
          variant->marked = g_strdup (marked);
          variant->last_letter = G_MAXUINT;
          if (group->more_variants == NULL)
            group->more_variants = g_ptr_array_new_with_free_func ((GDestroyNotify) variant_free);
          g_ptr_array_add (group->more_variants, variant);
        }
    }
  if (variant != NULL && variant->last_letter != piece->letter_index)
    {
      variant->last_letter = piece->letter_index;
      variant->n_letters++;
    }

  if (group->last_letter != piece->letter_index)
    {
      group->last_letter = piece->letter_index;
      group->n_letters++;
      group->kind_votes[piece->kind]++;
      group_add_source (group, dafu_letter_get_id (piece->letter));
      group_add_city (group, piece->city);
    }

  return group;
}

static void
mine_paragraph (Miner           *miner,
                const Piece     *base,
                const Facts     *facts,
                DafuSectionKind  section,
                const char      *paragraph,
                gboolean         acknowledgement,
                gboolean         trailing)
{
  g_autofree char *marked = mark_facts (paragraph, facts);
  g_autoptr(GPtrArray) sentences = NULL;
  Piece piece = *base;
  Group *group;

  /* The cues are words, so the marked text does as well as the shown one;
   * a placeholder counts as one character. */
  piece.kind = piece_kind (section, marked, acknowledgement, trailing);
  piece.single = is_body_section (section) &&
                 (piece.kind == DAFU_CLAUSE_KIND_MEASURE ||
                  piece.kind == DAFU_CLAUSE_KIND_PLAN ||
                  piece.kind == DAFU_CLAUSE_KIND_PROBLEM) &&
                 g_utf8_strlen (marked, -1) >= MIN_SINGLE;
  group = add_piece (miner, marked, &piece);

  sentences = split_sentences (marked);
  if (sentences->len < 2)
    return;

  for (guint i = 0; i < sentences->len; i++)
    {
      const char *sentence = sentences->pdata[i];
      Piece part = *base;

      part.heading = NULL;
      part.sentence = TRUE;
      part.paragraph = group;
      part.kind = piece_kind (section, sentence, acknowledgement, FALSE);
      add_piece (miner, sentence, &part);
    }
}

static void
mine_letter (Miner      *miner,
             DafuLetter *letter,
             guint       letter_index)
{
  g_auto(Facts) facts = { NULL, };
  g_autofree char *city = dup_fact (letter, DAFU_LETTER_FIELD_CITY);
  Piece base = { letter, city, letter_index, 0, NULL, FALSE, FALSE, NULL };
  GListModel *sections = dafu_letter_get_sections (letter);
  guint n_sections = sections != NULL ? g_list_model_get_n_items (sections) : 0;
  gboolean seen_opening = FALSE;

  facts_init (&facts, letter);

  for (guint s = 0; s < n_sections; s++)
    {
      g_autoptr(DafuSection) section = g_list_model_get_item (sections, s);
      DafuSectionKind kind;
      g_autofree char *heading = NULL;
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;
      guint n_paragraphs = 0;

      if (!DAFU_IS_SECTION (section) || dafu_section_get_text (section) == NULL)
        continue;

      kind = dafu_section_get_kind (section);
      if (kind > DAFU_SECTION_KIND_FOOTER)
        continue;
      if (dafu_section_get_heading (section) != NULL)
        {
          g_autofree char *valid = g_utf8_make_valid (dafu_section_get_heading (section), -1);

          heading = title_from_heading (valid);
        }
      text = g_utf8_make_valid (dafu_section_get_text (section), -1);
      lines = g_strsplit_set (text, "\r\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_autofree char *paragraph = trim_piece (lines[i], lines[i] + strlen (lines[i]));
          gboolean acknowledgement;

          if (*paragraph == '\0')
            continue;

          acknowledgement = kind == DAFU_SECTION_KIND_OPENING && !seen_opening;
          if (kind == DAFU_SECTION_KIND_OPENING)
            seen_opening = TRUE;

          base.heading = n_paragraphs == 0 ? heading : NULL;
          mine_paragraph (miner, &base, &facts, kind, paragraph, acknowledgement,
                          n_paragraphs > 0);
          n_paragraphs++;
        }
    }
}

/* Offers */

static gboolean
group_is_offered (Group *group)
{
  if (group->single)
    return TRUE;
  if (group->n_letters < 2 || group->n_literal < MIN_LITERAL_LINE)
    return FALSE;
  return TRUE;
}

static DafuClauseKind
group_kind (Group *group)
{
  DafuClauseKind kind = group->first_kind;
  guint votes = 0;

  if (group->single && group->n_letters < 2)
    return group->single_kind;

  for (guint k = 0; k < DAFU_CLAUSE_N_KINDS; k++)
    {
      if (group->kind_votes[k] > votes)
        {
          votes = group->kind_votes[k];
          kind = k;
        }
    }

  return kind;
}

static gboolean
group_wanted (Group *group)
{
  DafuClauseKind kind;

  if (!group_is_offered (group))
    return FALSE;

  /* A sentence that only repeats a paragraph offered whole. */
  if (!group->mixed && group->only_para != NULL && group->only_para != group &&
      group_is_offered (group->only_para))
    return FALSE;

  kind = group_kind (group);
  if (!group->single)
    {
      guint min_literal;

      if (kind == DAFU_CLAUSE_KIND_SIGNATURE || kind == DAFU_CLAUSE_KIND_CONTACT ||
          kind == DAFU_CLAUSE_KIND_FOOTER)
        min_literal = MIN_LITERAL_LINE;
      else if (is_formula_kind (kind))
        min_literal = MIN_LITERAL_FORMULA;
      else
        min_literal = MIN_LITERAL_BODY;

      if (group->n_literal < min_literal)
        return FALSE;
    }

  return TRUE;
}

static Variant *
group_variant (Group *group)
{
  Variant *best = NULL;

  for (guint i = 0; i < group_n_variants (group); i++)
    {
      Variant *v = group_get_variant (group, i);

      /* Most letters; on a tie the one that sorts first: the same choice
       * whatever order the letters come in. */
      if (best == NULL || v->n_letters > best->n_letters ||
          (v->n_letters == best->n_letters && strcmp (v->marked, best->marked) < 0))
        best = v;
    }

  return best;
}

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const DafuThemeHit *x = a;
  const DafuThemeHit *y = b;

  if (x->hits != y->hits)
    return x->hits > y->hits ? -1 : 1;
  return x->theme < y->theme ? -1 : x->theme > y->theme;
}

static char **
classify (DafuThemes *themes,
          const char *heading,
          const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *joined = g_strconcat (heading != NULL ? heading : "", "\n", text, NULL);
  g_autoptr(GArray) hits = NULL;

  if (themes == NULL)
    return g_strv_builder_end (builder);

  hits = dafu_themes_classify (themes, joined);
  if (hits == NULL)
    return g_strv_builder_end (builder);

  g_array_sort (hits, compare_hits);
  for (guint i = 0; i < hits->len && i < MAX_THEMES; i++)
    {
      const DafuThemeHit *hit = &g_array_index (hits, DafuThemeHit, i);
      const char *id;

      if (hit->hits == 0 ||
          2 * hit->hits < g_array_index (hits, DafuThemeHit, 0).hits)
        break;
      id = dafu_themes_get_id (themes, hit->theme);
      if (id != NULL)
        g_strv_builder_add (builder, id);
    }

  return g_strv_builder_end (builder);
}

/* Placeholders written {名称} in the hashed key, so that they never equal
 * the same words in the text. */
static char *
key_fingerprint (const char *key)
{
  g_autofree char *readable = unmark (key);
  g_autofree char *versioned = g_strconcat ("dafu-clause-1:", readable, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA1, versioned, -1);
}

static DafuClause *
group_to_clause (Group      *group,
                 DafuThemes *themes)
{
  Variant *variant = group_variant (group);
  g_autofree char *text = unmark (variant->marked);
  DafuClauseKind kind = group_kind (group);
  g_autofree char *title = NULL;
  g_autofree char *key = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr(GArray) sources = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) cities = g_ptr_array_new ();
  DafuClause *clause;
  guint n_literal;

  if (group->n_letters < 2 && group->heading != NULL)
    title = g_strdup (group->heading);
  else if (group->n_letters < 2)
    title = title_from_text (text, SINGLE_TITLE_CHARS);
  else if (group->heading != NULL && !is_formula_kind (kind))
    title = g_strdup (group->heading);
  else
    title = shorten (text, TITLE_CHARS);

  /* A section's first paragraph goes into a draft with its heading (as a
   * line of its own, without the letter's numbering), as the clerk would
   * copy it. */
  if (group->n_letters < 2 && group->heading != NULL && !is_formula_kind (kind) &&
      !g_str_has_prefix (text, group->heading))
    {
      char *with_heading = g_strconcat (group->heading, "\n", text, NULL);

      g_free (text);
      text = with_heading;
    }

  clause = dafu_clause_new (kind, title, text);
  dafu_clause_set_mined (clause, TRUE);
  dafu_clause_set_n_letters (clause, group->n_letters);

  /* Each id once, in order. */
  if (group->source > 0)
    g_array_append_val (sources, group->source);
  if (group->more_sources != NULL)
    g_array_append_vals (sources, group->more_sources->data, group->more_sources->len);
  g_array_sort (sources, compare_gint64);
  if (sources->len > 1)
    {
      gint64 *ids = (gint64 *) (gpointer) sources->data;
      guint n = 1;

      for (guint i = 1; i < sources->len; i++)
        if (ids[i] != ids[n - 1])
          ids[n++] = ids[i];
      g_array_set_size (sources, n);
    }
  dafu_clause_set_sources (clause, (const gint64 *) (gpointer) sources->data, sources->len);

  if (group->city != NULL)
    g_ptr_array_add (cities, group->city);
  for (guint i = 0; group->more_cities != NULL && i < group->more_cities->len; i++)
    g_ptr_array_add (cities, group->more_cities->pdata[i]);
  g_ptr_array_add (cities, NULL);
  dafu_clause_set_cities (clause, (const char * const *) cities->pdata);

  if (kind == DAFU_CLAUSE_KIND_MEASURE || kind == DAFU_CLAUSE_KIND_PLAN ||
      kind == DAFU_CLAUSE_KIND_PROBLEM || kind == DAFU_CLAUSE_KIND_OVERVIEW)
    {
      g_auto(GStrv) ids = classify (themes, group->heading, text);

      dafu_clause_set_themes (clause, (const char * const *) ids);
    }

  key = make_key (variant->marked, &n_literal, NULL);
  fingerprint = key_fingerprint (key);
  dafu_clause_set_fingerprint (clause, fingerprint);

  return clause;
}

typedef struct {
  DafuClauseKind  kind;
  guint           n_letters;
  guint           index;
  DafuClause     *clause;
} Offer;

static int
compare_offers (gconstpointer a,
                gconstpointer b)
{
  const Offer *x = a;
  const Offer *y = b;

  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  if (x->n_letters != y->n_letters)
    return x->n_letters > y->n_letters ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/**
 * dafu_clause_miner_mine:
 * @letters: (element-type DafuLetter): parsed letters, with ids, fields and
 *   sections
 * @themes: (nullable): the themes to tag measures with
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Finds the clauses a clerk can reuse in @letters: the formulas two or
 * more letters share (openings, closings, contact lines …) and every
 * measure, plan and problem paragraph, with the letters' facts replaced by
 * placeholders. See the comment at the top of this file for the rules.
 * Elements that are not letters, letters without sections and empty or
 * missing fields are skipped.
 *
 * Returns: (transfer full) (element-type DafuClause): new clauses (id 0,
 *   mined) ordered by kind, then by the number of letters using them, or
 *   %NULL with %G_IO_ERROR_CANCELLED when @cancellable was cancelled
 */
GPtrArray *
dafu_clause_miner_mine (GPtrArray     *letters,
                        DafuThemes    *themes,
                        GCancellable  *cancellable,
                        GError       **error)
{
  Miner miner;
  g_autoptr(GArray) offers = NULL;
  GPtrArray *clauses;

  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (themes != NULL && !DAFU_IS_THEMES (themes))
    themes = NULL;

  miner.by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  miner.buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  miner.groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);

  for (guint i = 0; letters != NULL && i < letters->len; i++)
    {
      DafuLetter *letter = g_ptr_array_index (letters, i);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          g_hash_table_unref (miner.by_key);
          g_hash_table_unref (miner.buckets);
          g_ptr_array_unref (miner.groups);
          return NULL;
        }

      if (letter != NULL && DAFU_IS_LETTER (letter))
        mine_letter (&miner, letter, i);
    }

  offers = g_array_new (FALSE, FALSE, sizeof (Offer));
  for (guint i = 0; i < miner.groups->len; i++)
    {
      Group *group = miner.groups->pdata[i];
      Offer offer;

      if (!group_wanted (group))
        continue;

      offer.clause = group_to_clause (group, themes);
      offer.kind = dafu_clause_get_kind (offer.clause);
      offer.n_letters = group->n_letters;
      offer.index = group->index;
      g_array_append_val (offers, offer);
    }
  g_array_sort (offers, compare_offers);

  clauses = g_ptr_array_new_full (offers->len, g_object_unref);
  for (guint i = 0; i < offers->len; i++)
    g_ptr_array_add (clauses, g_array_index (offers, Offer, i).clause);

  g_hash_table_unref (miner.by_key);
  g_hash_table_unref (miner.buckets);
  g_ptr_array_unref (miner.groups);

  return clauses;
}
