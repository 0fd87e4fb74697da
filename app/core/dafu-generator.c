/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-generator"

#include "config.h"

#include "dafu-generator.h"

#include <errno.h>
#include <string.h>

#include "dafu-generator-words.h"
#include "dafu-letter.h"
#include "dafu-section.h"

/*
 * How a letter is made: letter number i of the corpus for a seed comes from
 * its own random stream (splitmix64 seeded from seed and i), so letters can
 * be made in any order. The stream picks a city (or one of its counties), a
 * topic, a year, the shape of the header, the heading style of the body and
 * the shape of the signature block, then fills sentence templates from the
 * word lists in dafu-generator-words.h. Word choices are Zipf-like: the
 * first entries of a list are common, the last ones rare. Nothing depends
 * on GLib's random numbers or on hash-table order, so the same seed gives
 * byte-identical letters on every machine and GLib version.
 *
 * While it writes, the generator notes what it wrote (the fields and the
 * level-1 headings as the parser should read them): see
 * dafu_generator_letter_facts().
 */

#define MANIFEST_NAME ".dafu-corpus"
#define MANIFEST_GROUP "corpus"
#define LETTERS_PER_FOLDER 1000

/* ---------------------------------------------------------------------- */
/* Random numbers                                                         */

typedef struct {
  guint64 state;
} Rng;

static inline guint64
mix64 (guint64 z)
{
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline guint64
rng_next (Rng *rng)
{
  rng->state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  return mix64 (rng->state);
}

static void
rng_init (Rng     *rng,
          guint64  seed,
          guint    index)
{
  rng->state = mix64 (seed + G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)) ^
               mix64 (((guint64) index << 1 | 1) * G_GUINT64_CONSTANT (0xd1b54a32d192ed03));
}

/* A number in [0, n). */
static inline guint
rng_below (Rng   *rng,
           guint  n)
{
  return (guint) (((rng_next (rng) >> 32) * (guint64) n) >> 32);
}

static inline guint
rng_range (Rng   *rng,
           guint  lo,
           guint  hi)
{
  return lo + rng_below (rng, hi - lo + 1);
}

static inline gboolean
rng_chance (Rng   *rng,
            guint  percent)
{
  return rng_below (rng, 100) < percent;
}

/* H[i] = 1 + 1/2 + … + 1/i, for the Zipf draws. */
#define MAX_ZIPF 1024
static double harmonic[MAX_ZIPF + 1];

static void
init_harmonic (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      harmonic[0] = 0.0;
      for (guint i = 1; i <= MAX_ZIPF; i++)
        harmonic[i] = harmonic[i - 1] + 1.0 / i;
      g_once_init_leave (&done, 1);
    }
}

/* An index in [0, n) with P(i) proportional to 1/(i+1) (Zipf). */
static guint
rng_zipf (Rng   *rng,
          guint  n)
{
  double u = (double) (rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);
  double r;
  guint lo = 0, hi;

  g_assert (n > 0 && n <= MAX_ZIPF);
  r = u * harmonic[n];
  hi = n - 1;
  /* The smallest i with H[i + 1] > r. */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (harmonic[mid + 1] > r)
        hi = mid;
      else
        lo = mid + 1;
    }
  return lo;
}

#define PICK(rng, array) ((array)[rng_below ((rng), G_N_ELEMENTS (array))])
#define ZIPF(rng, array) ((array)[rng_zipf ((rng), G_N_ELEMENTS (array))])

static const char *
list_zipf (Rng           *rng,
           const GenList *list)
{
  return list->items[rng_zipf (rng, list->n)];
}

/* ---------------------------------------------------------------------- */
/* Chinese numerals                                                       */

static const char * const cn_digits[] = {
  "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九",
};

/* 1 … 99 as 一 … 九十九. */
static void
append_cn_number (GString *out,
                  guint    n)
{
  if (n >= 10)
    {
      if (n >= 20)
        g_string_append (out, cn_digits[n / 10]);
      g_string_append (out, "十");
      if (n % 10)
        g_string_append (out, cn_digits[n % 10]);
    }
  else
    g_string_append (out, cn_digits[n]);
}

/* 2023 as 二〇二三 (or with ○ for 〇). */
static void
append_cn_year (GString  *out,
                guint     year,
                gboolean  circle)
{
  char digits[8];

  g_snprintf (digits, sizeof digits, "%u", year);
  for (const char *p = digits; *p; p++)
    g_string_append (out, *p == '0' && circle ? "○" : cn_digits[*p - '0']);
}

/* ---------------------------------------------------------------------- */
/* The letter being made                                                  */

typedef struct {
  Rng             rng;
  const GenCity  *city;
  const char     *county;     /* when a county's bureau writes */
  const char     *locality;   /* 咸阳市 or 秦都区 */
  const char     *level;      /* 市 县 区 旗 */
  const GenTopic *topic;
  char           *issuer;     /* 咸阳市民政局 */
  char           *header_issuer; /* as printed in the header, without a province */
  char            abbr[8];    /* 咸 */
  guint           year, month, day;
  gboolean        proposal;
  gboolean        plural;     /* several addressees: 你们 */
  gboolean        indent;     /* paragraphs start with two full-width spaces */
  gboolean        ascii;      /* body text with ASCII commas, as some conversions */
  gboolean        spaced;     /* spaces around figures, as PDF conversions leave */
  guint           splits;     /* page breaks still to put into paragraphs */
  guint64         used_measures;
  guint64         used_topic;
  GPtrArray      *headings;   /* level-1 headings as the parser reads them */
  GArray         *kinds;      /* their DafuSectionKind */
  char           *fields[DAFU_LETTER_N_FIELDS];
  GString        *out;
} Gen;

static void
gen_clear (Gen *g)
{
  g_free (g->issuer);
  g_free (g->header_issuer);
  g_ptr_array_unref (g->headings);
  g_array_unref (g->kinds);
  for (guint i = 0; i < DAFU_LETTER_N_FIELDS; i++)
    g_free (g->fields[i]);
  if (g->out != NULL)
    g_string_free (g->out, TRUE);
}

static void
set_fact (Gen             *g,
          DafuLetterField  field,
          const char      *value)
{
  g_free (g->fields[field]);
  g->fields[field] = g_strdup (value);
}

static void
append_name (Gen     *g,
             GString *out)
{
  g_string_append (out, ZIPF (&g->rng, gen_surnames));
  g_string_append (out, PICK (&g->rng, gen_given));
  if (rng_chance (&g->rng, 55))
    g_string_append (out, PICK (&g->rng, gen_given));
}

static char *
new_name (Gen *g)
{
  GString *s = g_string_new (NULL);

  append_name (g, s);
  return g_string_free (s, FALSE);
}

static void
append_town (Gen     *g,
             GString *out)
{
  g_string_append (out, PICK (&g->rng, gen_place_syllables));
  g_string_append (out, PICK (&g->rng, gen_place_syllables));
  g_string_append (out, ZIPF (&g->rng, gen_town_suffixes));
}

static guint
n_counties (const GenCity *city)
{
  guint n = 0;

  while (n < G_N_ELEMENTS (city->counties) && city->counties[n] != NULL)
    n++;
  return n;
}

/* A number of things: small counts are common, large ones rarer. */
static guint
some_count (Gen *g)
{
  guint r = rng_below (&g->rng, 100);

  if (r < 30)
    return rng_range (&g->rng, 2, 99);
  if (r < 75)
    return rng_range (&g->rng, 100, 9999);
  return rng_range (&g->rng, 10000, 99999);
}

static void
append_percent (Gen     *g,
                GString *out)
{
  guint whole = rng_chance (&g->rng, 75) ? rng_range (&g->rng, 45, 99) : rng_range (&g->rng, 5, 99);

  if (rng_chance (&g->rng, 8))
    g_string_append (out, "100%");
  else if (rng_chance (&g->rng, 40))
    g_string_append_printf (out, "%u.%u%%", whole, rng_below (&g->rng, 10));
  else if (rng_chance (&g->rng, 20))
    g_string_append_printf (out, "%u.%02u%%", whole, rng_below (&g->rng, 100));
  else
    g_string_append_printf (out, "%u%%", whole);
}

static void
append_money (Gen     *g,
              GString *out)
{
  switch (rng_below (&g->rng, 5))
    {
    case 0:
      g_string_append_printf (out, "%u.%u亿元", rng_range (&g->rng, 1, 9), rng_below (&g->rng, 10));
      break;
    case 1:
      g_string_append_printf (out, "%u.%u万元", rng_range (&g->rng, 10, 999), rng_below (&g->rng, 10));
      break;
    case 2:
      g_string_append_printf (out, "%u余万元", rng_range (&g->rng, 50, 5000));
      break;
    default:
      g_string_append_printf (out, "%u万元", rng_range (&g->rng, 20, 9999));
      break;
    }
}

static guint
earlier_year (Gen *g)
{
  guint year = g->year - 1 - rng_below (&g->rng, 4);

  return MAX (2012, year);
}

static void
append_departments (Gen     *g,
                    GString *out)
{
  guint n = rng_range (&g->rng, 2, 4);
  guint picked[4];

  for (guint i = 0; i < n; i++)
    {
      guint d;
      gboolean again;

      do
        {
          d = rng_zipf (&g->rng, G_N_ELEMENTS (gen_departments));
          again = FALSE;
          for (guint j = 0; j < i; j++)
            again |= picked[j] == d;
        }
      while (again);
      picked[i] = d;
      if (i > 0)
        g_string_append (out, "、");
      g_string_append (out, gen_departments[d]);
    }
}

static void expand (Gen *g, GString *out, const char *tmpl);

static void
append_document (Gen     *g,
                 GString *out)
{
  g_string_append (out, "《");
  switch (rng_below (&g->rng, 4))
    {
    case 0:
      g_string_append (out, g->locality);
      g_string_append (out, "关于");
      expand (g, out, "{v}{o}");
      g_string_append (out, "的");
      break;
    case 1:
      g_string_append (out, g->locality);
      expand (g, out, "{t}");
      break;
    case 2:
      expand (g, out, "关于进一步加强{t}工作的");
      break;
    default:
      g_string_append (out, g->locality);
      expand (g, out, "{T}");
      break;
    }
  g_string_append (out, ZIPF (&g->rng, gen_doc_types));
  g_string_append (out, "》");
}

static void
append_unit (Gen     *g,
             GString *out)
{
  const char *unit = list_zipf (&g->rng, &g->topic->units);

  g_string_append_printf (out, "%u%s", rng_chance (&g->rng, 60) ? rng_range (&g->rng, 3, 400) : some_count (g),
                          unit);
}

/* Fills the slots of @tmpl (see dafu-generator-words.h). */
static void
expand (Gen        *g,
        GString    *out,
        const char *tmpl)
{
  for (const char *p = tmpl; *p; )
    {
      const char *open = strchr (p, '{');

      if (open == NULL || open[1] == '\0' || open[2] != '}')
        {
          g_string_append (out, p);
          return;
        }
      g_string_append_len (out, p, open - p);
      p = open + 3;

      switch (open[1])
        {
        case 'L':
          g_string_append (out, g->level);
          break;
        case 'c':
          g_string_append (out, g->locality);
          break;
        case 'K':
          if (g->county == NULL && n_counties (g->city) > 0 && rng_chance (&g->rng, 75))
            g_string_append (out, g->city->counties[rng_below (&g->rng, n_counties (g->city))]);
          else
            append_town (g, out);
          break;
        case 'z':
          append_town (g, out);
          break;
        case 'T':
          g_string_append (out, g->topic->name);
          break;
        case 't':
          g_string_append (out, list_zipf (&g->rng, &g->topic->terms));
          break;
        case 'g':
          g_string_append (out, list_zipf (&g->rng, &g->topic->groups));
          break;
        case 'o':
          g_string_append (out, list_zipf (&g->rng, &g->topic->objects));
          break;
        case 'u':
          append_unit (g, out);
          break;
        case 'n':
          g_string_append_printf (out, "%u", rng_range (&g->rng, 2, 29));
          break;
        case 'N':
          g_string_append_printf (out, "%u", some_count (g));
          break;
        case 'p':
          append_percent (g, out);
          break;
        case 'm':
          append_money (g, out);
          break;
        case 'y':
          g_string_append_printf (out, "%u", earlier_year (g));
          break;
        case 'Y':
          g_string_append_printf (out, "%u", g->year);
          break;
        case 'Z':
          g_string_append_printf (out, "%u", g->year + rng_range (&g->rng, 1, 3));
          break;
        case 'M':
          g_string_append_printf (out, "%u", rng_range (&g->rng, 1, 12));
          break;
        case 'd':
          append_departments (g, out);
          break;
        case 'D':
          append_document (g, out);
          break;
        case 'x':
          g_string_append_printf (out, "（%s民发〔%u〕%u号）", g->abbr, earlier_year (g),
                                  rng_range (&g->rng, 1, 160));
          break;
        case 'b':
          g_string_append (out, ZIPF (&g->rng, gen_brand_prefixes));
          g_string_append (out, ZIPF (&g->rng, gen_brand_suffixes));
          break;
        case 'w':
          g_string_append (out, ZIPF (&g->rng, gen_words));
          break;
        case 'v':
          g_string_append (out, ZIPF (&g->rng, gen_verbs));
          break;
        case 'P':
          g_string_append (out, g->city->province);
          break;
        default:
          g_string_append_len (out, open, 3);
          break;
        }
    }
}

/* ---------------------------------------------------------------------- */
/* Paragraphs                                                             */

static gboolean
is_han (gunichar c)
{
  return c >= 0x4e00 && c <= 0x9fff;
}

/* Writes one paragraph and a blank line; a page break may split it in the
 * middle of a sentence, as PDF conversions do. */
static void
emit_paragraph (Gen        *g,
                const char *text,
                gboolean    splittable)
{
  GString *out = g->out;
  g_autoptr(GString) damaged = NULL;

  if (g->indent)
    g_string_append (out, "　　");

  /* Conversion damage, in plain paragraphs (headings stay as they are). */
  if (splittable && (g->ascii || g->spaced))
    {
      gunichar prev = 0;
      gboolean in_figure = FALSE;

      damaged = g_string_sized_new (strlen (text) + 64);
      for (const char *p = text; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          gboolean figure = g_ascii_isdigit (*p) || (in_figure && (*p == '.' || *p == '%'));

          /* 每百户 30 平方米 */
          if (g->spaced && ((figure && !in_figure && is_han (prev)) || (!figure && in_figure && is_han (c))))
            g_string_append_c (damaged, ' ');
          in_figure = figure;
          prev = c;
          if (g->ascii && c == 0xff0c)
            g_string_append_c (damaged, ',');
          else if (g->ascii && c == 0xff1b)
            g_string_append_c (damaged, ';');
          else
            g_string_append_unichar (damaged, c);
        }
      text = damaged->str;
    }

  if (splittable && g->splits > 0 && rng_chance (&g->rng, 35))
    {
      glong n = g_utf8_strlen (text, -1);

      if (n > 80)
        {
          glong at = rng_range (&g->rng, 40, (guint) n - 30);
          const char *p = g_utf8_offset_to_pointer (text, at);

          /* Between two Han characters, as a line of a page ends. */
          while (*p && !(is_han (g_utf8_get_char (p)) &&
                         is_han (g_utf8_get_char (g_utf8_find_prev_char (text, p)))))
            p = g_utf8_next_char (p);
          if (*p && g_utf8_strlen (p, -1) > 10)
            {
              g_string_append_len (out, text, p - text);
              g_string_append (out, rng_chance (&g->rng, 80) ? "\n\n" : "\n\n\n");
              text = p;
              g->splits--;
            }
        }
    }

  g_string_append (out, text);
  g_string_append (out, "\n\n");
}

/* A sentence not used before in this letter, when there is one. */
static const char *
fresh (Gen                *g,
       guint64            *used,
       const char * const *items,
       guint               n)
{
  guint i = rng_below (&g->rng, n);

  for (guint tries = 0; tries < n && i < 64 && (*used & (G_GUINT64_CONSTANT (1) << i)); tries++)
    i = (i + 1) % n;
  if (i < 64)
    *used |= G_GUINT64_CONSTANT (1) << i;
  return items[i];
}

static void
append_sentence (Gen     *g,
                 GString *out)
{
  guint r = rng_below (&g->rng, 100);

  if (r < 22 && g->used_topic != (G_GUINT64_CONSTANT (1) << g->topic->sentences.n) - 1)
    expand (g, out, fresh (g, &g->used_topic, g->topic->sentences.items, g->topic->sentences.n));
  else if (r < 55 && g->used_measures != (G_GUINT64_CONSTANT (1) << G_N_ELEMENTS (gen_measures)) - 1)
    expand (g, out, fresh (g, &g->used_measures, gen_measures, G_N_ELEMENTS (gen_measures)));
  else
    {
      /* Lead, action and result: many sentences from few parts. */
      expand (g, out, ZIPF (&g->rng, gen_leads));
      g_string_append (out, "，");
      expand (g, out, PICK (&g->rng, gen_actions));
      g_string_append (out, "，");
      expand (g, out, PICK (&g->rng, gen_results));
      g_string_append (out, "。");
    }
}

/* Appends sentences to @para until it holds about @chars characters. */
static void
fill_sentences (Gen     *g,
                GString *para,
                glong    chars)
{
  glong start = g_utf8_strlen (para->str, -1);
  glong len = start;

  do
    {
      gsize before = para->len;

      append_sentence (g, para);
      len += g_utf8_strlen (para->str + before, -1);
    }
  while (len - start < chars);
}

/* ---------------------------------------------------------------------- */
/* Headings                                                               */

typedef enum {
  STYLE_LIST_LINE,      /* 一、加强… on its own line */
  STYLE_LIST_RUNIN,     /* 一、加强…。text */
  STYLE_BOLD_RUNIN,     /* **一、加强…。**text */
  STYLE_MD_LINE,        /* ### **一、加强…** */
  STYLE_CN_IS,          /* 一是在…方面。text */
  STYLE_ITEM_ABOUT,     /* 关于第一条建议，…方面。text */
  STYLE_PAREN,          /* （一）加强…。text */
} Style;

static gboolean
heading_taken (Gen        *g,
               const char *text)
{
  for (guint i = 0; i < g->headings->len; i++)
    if (strstr (g->headings->pdata[i], text) != NULL)
      return TRUE;
  return FALSE;
}

/* A heading phrase: from the topic's list or verb + term + tail. */
static char *
heading_phrase (Gen *g)
{
  for (guint tries = 0; tries < 8; tries++)
    {
      GString *s = g_string_new (NULL);

      if (rng_chance (&g->rng, 55))
        g_string_append (s, list_zipf (&g->rng, &g->topic->headings));
      else
        {
          g_string_append (s, ZIPF (&g->rng, gen_heading_verbs));
          g_string_append (s, list_zipf (&g->rng, &g->topic->terms));
          g_string_append (s, ZIPF (&g->rng, gen_heading_tails));
        }
      if (!heading_taken (g, s->str) || tries == 7)
        return g_string_free (s, FALSE);
      g_string_free (s, TRUE);
    }
  g_assert_not_reached ();
}

static void
note_heading (Gen             *g,
              const char      *heading,
              DafuSectionKind  kind)
{
  g_ptr_array_add (g->headings, g_strdup (heading));
  g_array_append_val (g->kinds, kind);
}

/* Writes the start of a level-1 section numbered @number (1-based) and
 * returns the paragraph to continue (run-in styles), or an empty one. */
static GString *
start_section (Gen             *g,
               Style            style,
               guint            number,
               const char      *phrase,
               DafuSectionKind  kind)
{
  GString *head = g_string_new (NULL);
  GString *para = g_string_new (NULL);

  switch (style)
    {
    case STYLE_LIST_LINE:
    case STYLE_MD_LINE:
      append_cn_number (head, number);
      g_string_append (head, "、");
      g_string_append (head, phrase);
      note_heading (g, head->str, kind);
      if (style == STYLE_MD_LINE)
        {
          g_string_prepend (head, rng_chance (&g->rng, 50) ? "### **" : "**");
          g_string_append (head, "**");
        }
      emit_paragraph (g, head->str, FALSE);
      break;

    case STYLE_LIST_RUNIN:
    case STYLE_BOLD_RUNIN:
      append_cn_number (head, number);
      g_string_append (head, "、");
      g_string_append (head, phrase);
      g_string_append (head, "。");
      note_heading (g, head->str, kind);
      if (style == STYLE_BOLD_RUNIN)
        g_string_append_printf (para, "**%s**", head->str);
      else
        g_string_append (para, head->str);
      break;

    case STYLE_CN_IS:
      append_cn_number (head, number);
      if (rng_chance (&g->rng, 60))
        g_string_append_printf (head, "是在%s方面。", list_zipf (&g->rng, &g->topic->terms));
      else
        g_string_append_printf (head, "是%s。", phrase);
      note_heading (g, head->str, kind);
      g_string_append (para, head->str);
      break;

    case STYLE_ITEM_ABOUT:
      g_string_append (head, "关于第");
      append_cn_number (head, number);
      g_string_append_printf (head, "条建议，%s方面。", phrase);
      note_heading (g, head->str, kind);
      g_string_append (para, head->str);
      break;

    case STYLE_PAREN:
      g_string_append (head, "（");
      append_cn_number (head, number);
      g_string_append_printf (head, "）%s。", phrase);
      note_heading (g, head->str, kind);
      g_string_append (para, head->str);
      break;

    default:
      g_assert_not_reached ();
    }

  g_string_free (head, TRUE);
  return para;
}

/* One level-1 section of about @chars characters. */
static void
write_section (Gen             *g,
               Style            style,
               guint            number,
               const char      *phrase,
               DafuSectionKind  kind,
               glong            chars)
{
  GString *para = start_section (g, style, number, phrase, kind);
  gboolean items = style == STYLE_LIST_LINE && rng_chance (&g->rng, 25);
  guint item = 0;
  glong written = 0;

  while (written < chars)
    {
      glong piece = rng_range (&g->rng, 120, 420);
      glong want = MIN (chars - written, piece);
      gboolean first = para->len > 0;

      if (items)
        {
          g_autofree char *sub = heading_phrase (g);

          g_string_append_printf (para, rng_chance (&g->rng, 50) ? "%u.%s。" : "%u. %s。", ++item, sub);
        }
      if (kind == DAFU_SECTION_KIND_PLAN && para->len == 0 && !items)
        expand (g, para, ZIPF (&g->rng, gen_plans));
      else if (kind == DAFU_SECTION_KIND_PROBLEM && para->len == 0)
        expand (g, para, PICK (&g->rng, gen_problems));
      fill_sentences (g, para, MAX (want, 60));
      written += g_utf8_strlen (para->str, -1);
      emit_paragraph (g, para->str, !first);
      g_string_truncate (para, 0);
    }
  g_string_free (para, TRUE);
}

/* ---------------------------------------------------------------------- */
/* Header                                                                 */

static void
write_line (Gen        *g,
            const char *line)
{
  g_string_append (g->out, line);
  g_string_append (g->out, "\n\n");
}

static char *
session_name (Gen *g)
{
  GString *s = g_string_new (NULL);
  guint phase = (guint) ((g->city - gen_cities) * 7 + (g->county ? g->county[0] : 0)) % 5;
  guint base = 3 + (guint) ((g->city - gen_cities) * 13 % 14);
  guint k = g->year - 2013 + phase;
  guint term = base + k / 5;
  guint times = k % 5 + 1;
  const char *place = g->county ? g->level : "市";

  if (!g->proposal)
    {
      switch (rng_below (&g->rng, 10))
        {
        case 0: case 1: case 2: case 3: case 4: case 5:
          g_string_append (s, place);
          append_cn_number (s, term);
          g_string_append (s, "届人大");
          append_cn_number (s, times);
          g_string_append (s, "次会议");
          break;
        case 6: case 7:
          g_string_append (s, g->locality);
          append_cn_number (s, term);
          g_string_append (s, "届人大");
          append_cn_number (s, times);
          g_string_append (s, "次会议");
          break;
        default:
          g_string_append (s, rng_chance (&g->rng, 50) ? place : g->locality);
          g_string_append (s, "第");
          append_cn_number (s, term);
          g_string_append (s, "届人民代表大会第");
          append_cn_number (s, times);
          g_string_append (s, "次会议");
          break;
        }
    }
  else
    {
      switch (rng_below (&g->rng, 10))
        {
        case 0: case 1: case 2: case 3: case 4: case 5:
          g_string_append (s, place);
          g_string_append (s, "政协");
          append_cn_number (s, term);
          g_string_append (s, "届");
          append_cn_number (s, times);
          g_string_append (s, "次会议");
          break;
        case 6: case 7:
          g_string_append (s, "政协");
          g_string_append (s, g->locality);
          g_string_append (s, "第");
          append_cn_number (s, term);
          g_string_append (s, "届委员会第");
          append_cn_number (s, times);
          g_string_append (s, "次会议");
          break;
        default:
          g_string_append (s, "政协");
          g_string_append (s, g->locality);
          g_string_append (s, "第");
          append_cn_number (s, term);
          g_string_append (s, "届");
          append_cn_number (s, times);
          g_string_append (s, "次会议");
          break;
        }
    }
  return g_string_free (s, FALSE);
}

static char *
suggestion_title (Gen *g)
{
  GString *s = g_string_new ("关于");

  switch (rng_below (&g->rng, 6))
    {
    case 0:
      g_string_append (s, "在");
      g_string_append (s, g->locality);
      G_GNUC_FALLTHROUGH;
    default:
      g_string_append (s, ZIPF (&g->rng, gen_title_verbs));
      g_string_append (s, list_zipf (&g->rng, &g->topic->objects));
      g_string_append (s, ZIPF (&g->rng, gen_title_tails));
      break;
    case 1:
      g_string_append (s, list_zipf (&g->rng, &g->topic->objects));
      g_string_append (s, rng_chance (&g->rng, 50) ? "提质增效" : "规范化管理");
      break;
    }
  g_string_append (s, g->proposal ? "的提案" : "的建议");
  return g_string_free (s, FALSE);
}

static const char *
category_letter (Gen *g)
{
  guint r = rng_below (&g->rng, 100);

  if (r < 25)
    return "A";
  if (r < 70)
    return "B";
  if (r < 78)
    return "C";
  return NULL;
}

static const char *
category_cn (const char *cat)
{
  return g_str_equal (cat, "A") ? "甲" : g_str_equal (cat, "B") ? "乙" : "丙";
}

static void
append_date (Gen      *g,
             GString  *out,
             guint     day,
             gboolean  chinese)
{
  if (chinese)
    {
      append_cn_year (out, g->year, rng_chance (&g->rng, 15));
      g_string_append (out, "年");
      append_cn_number (out, g->month);
      g_string_append (out, "月");
      append_cn_number (out, day);
      g_string_append (out, "日");
    }
  else
    g_string_append_printf (out, "%u年%u月%u日", g->year, g->month, day);
}

static char *
phone_number (Gen *g)
{
  if (rng_chance (&g->rng, 45))
    return g_strdup_printf ("0%u-%u", rng_range (&g->rng, 310, 999),
                            rng_range (&g->rng, 2000000, 8999999));
  if (rng_chance (&g->rng, 50))
    return g_strdup_printf ("%u", rng_range (&g->rng, 2000000, 8999999));
  return g_strdup_printf ("%u", rng_range (&g->rng, 20000000, 89999999));
}

/* The website's page head: breadcrumbs and the index table. */
static void
write_page_head (Gen        *g,
                 const char *title_line,
                 const char *doc)
{
  GString *out = g->out;

  g_string_append_printf (out, "%s\n%s\n", PICK (&g->rng, gen_breadcrumbs), title_line);
  if (rng_chance (&g->rng, 50))
    {
      if (doc != NULL)
        g_string_append_printf (out, "文号：%s\n", doc);
      g_string_append_printf (out, "索引号：%06u%03u/%u-%05u\n", rng_below (&g->rng, 1000000),
                              rng_below (&g->rng, 1000), g->year, rng_below (&g->rng, 1000));
      g_string_append_printf (out, "成文日期：%u-%02u-%02u\n", g->year, g->month, g->day);
      g_string_append_printf (out, "发布日期：%u-%02u-%02u\n\n", g->year, g->month,
                              MIN (g->day + 5, 28u));
    }
  else
    {
      g_string_append_printf (out, "索引号：11610400MB%07u/%u-%05u | 发布机构：%s",
                              rng_below (&g->rng, 10000000), g->year, rng_below (&g->rng, 1000), g->issuer);
      if (doc != NULL)
        g_string_append_printf (out, " | 文号：%s", doc);
      g_string_append_printf (out, " | 成文日期：%u-%02u-%02u | 发布日期：%u-%02u-%02u\n",
                              g->year, g->month, g->day, g->year, g->month, MIN (g->day + 5, 28u));
      g_string_append_printf (out, "发布时间：%u-%02u-%02u 10:%02u　来源：%s　【字体：大 中 小】\n\n",
                              g->year, g->month, MIN (g->day + 5, 28u), rng_below (&g->rng, 60), g->issuer);
    }
}

static void
write_page_foot (Gen        *g,
                 const char *session,
                 guint       number)
{
  const char *kind = g->proposal ? "提案" : "建议";

  g_string_append (g->out, "【打印】【关闭】\n\n");
  if (number > 1)
    g_string_append_printf (g->out, "上一篇：关于%s第%u号%s的答复函\n", session, number - 1, kind);
  g_string_append_printf (g->out, "下一篇：关于%s第%u号%s的答复函\n", session, number + 1, kind);
  if (rng_chance (&g->rng, 50))
    g_string_append (g->out, "分享到：\n");
}

/* ---------------------------------------------------------------------- */
/* The letter                                                             */

static void
choose_basics (Gen *g)
{
  guint r, acc = 0;
  const char *dept;

  g->city = &gen_cities[rng_below (&g->rng, G_N_ELEMENTS (gen_cities))];
  r = rng_below (&g->rng, 100);
  g->topic = &gen_topics[0];
  for (guint i = 0; i < G_N_ELEMENTS (gen_topics); i++)
    {
      acc += gen_topics[i].weight;
      if (r < acc)
        {
          g->topic = &gen_topics[i];
          break;
        }
    }

  if (rng_chance (&g->rng, 15))
    {
      g->county = g->city->counties[rng_below (&g->rng, n_counties (g->city))];
      g->locality = g->county;
    }
  else
    g->locality = g->city->city;

  {
    const char *last = g_utf8_find_prev_char (g->locality, g->locality + strlen (g->locality));

    g->level = g->county == NULL ? "市" : g_str_equal (last, "县") ? "县" :
               g_str_equal (last, "区") ? "区" : g_str_equal (last, "旗") ? "旗" : "市";
  }
  g_strlcpy (g->abbr, g->locality, MIN (sizeof g->abbr, (gsize) (g_utf8_next_char (g->locality) - g->locality) + 1));

  dept = g->topic->dept != NULL ? g->topic->dept : "民政局";
  g->issuer = g_strconcat (g->locality, dept, NULL);

  g->year = rng_range (&g->rng, 2015, 2025);
  g->month = rng_range (&g->rng, 4, 10);
  g->day = rng_range (&g->rng, 1, 28);
  g->proposal = rng_chance (&g->rng, 25);
  g->indent = rng_chance (&g->rng, 12);
  g->ascii = rng_chance (&g->rng, 5);
  g->spaced = rng_chance (&g->rng, 10);
  g->splits = rng_chance (&g->rng, 25) ? rng_range (&g->rng, 1, 3) : 0;
}

static char *
doc_number (Gen *g)
{
  static const char * const open[] = { "〔", "【", "[", "（", "(" };
  static const char * const close[] = { "〕", "】", "]", "）", ")" };
  guint b = rng_below (&g->rng, 100);
  guint bracket = b < 82 ? 0 : b < 90 ? 1 : b < 94 ? 2 : b < 97 ? 3 : 4;
  const char *dept = g->topic->dept_abbr;
  const char *extra = "";

  if (g->county == NULL && g->topic->dept == NULL)
    {
      guint e = rng_below (&g->rng, 10);

      extra = e == 0 ? "政" : e == 1 ? "市" : "";
    }
  return g_strdup_printf ("%s%s%s函%s%u%s%u号", g->abbr, extra, dept, open[bracket], g->year,
                          close[bracket], rng_range (&g->rng, 1, 280));
}

static void
write_letter (Gen *g)
{
  g_autofree char *session = NULL;
  g_autofree char *title = NULL;
  g_autofree char *doc = NULL;
  g_autofree char *addressee = NULL;
  g_autofree char *signer = NULL;
  g_autofree char *title_line = NULL;
  g_autofree char *salutation = NULL;
  const char *category;
  const char *role;
  const char *kind_word;
  const char *you;
  guint number;
  gboolean web, doc_in_letter, sig_date = TRUE;
  GString *line = g_string_new (NULL);
  GString *para = g_string_new (NULL);
  guint n_sections;
  Style style;
  glong target, per_section;
  gboolean plan_part, problem_part;
  guint head_shape, sig_shape;
  guint print_day;
  char *office;

  choose_basics (g);
  role = g->proposal ? "委员" : "代表";
  kind_word = g->proposal ? "提案" : "建议";

  session = session_name (g);
  title = suggestion_title (g);
  number = rng_range (&g->rng, 1, 600);
  category = category_letter (g);
  doc = rng_chance (&g->rng, 85) ? doc_number (g) : NULL;
  web = rng_chance (&g->rng, 10);
  doc_in_letter = doc != NULL && (!web || rng_chance (&g->rng, 70));
  signer = category != NULL && rng_chance (&g->rng, 60) ? new_name (g) : NULL;
  target = rng_range (&g->rng, 1900, 4100);

  set_fact (g, DAFU_LETTER_FIELD_KIND, g->proposal ? "proposal" : "suggestion");
  set_fact (g, DAFU_LETTER_FIELD_SESSION, session);
  set_fact (g, DAFU_LETTER_FIELD_CITY, g->locality);
  set_fact (g, DAFU_LETTER_FIELD_ISSUER, g->issuer);
  set_fact (g, DAFU_LETTER_FIELD_ADDRESSEE_ROLE, role);
  set_fact (g, DAFU_LETTER_FIELD_SIGNER, signer);

  /* The title line: 关于市九届人大四次会议第304号建议的答复函 */
  {
    g_autofree char *num = g_strdup_printf (rng_chance (&g->rng, 4) && number < 100 ? "%03u" : "%u", number);
    guint r = rng_below (&g->rng, 100);

    set_fact (g, DAFU_LETTER_FIELD_SUGGESTION_NUMBER, num);
    title_line = g_strdup_printf ("%s%s%s第%s号%s%s的答复%s",
                                  r < 55 ? "关于" : r < 85 ? "关于对" : "对",
                                  session, rng_chance (&g->rng, 5) ? " " : "", num,
                                  rng_chance (&g->rng, 15) ? " " : "", kind_word,
                                  rng_chance (&g->rng, 55) ? "函" : "");
  }

  /* The header. */
  g_string_append (g->out, rng_chance (&g->rng, 40) ? "\n\n" : "");
  if (web)
    write_page_head (g, title_line, doc);

  {
    g_autofree char *issuer_line = NULL;
    g_autofree char *doc_line = NULL;
    const char *cat_shown = category;

    if (g->county == NULL && rng_chance (&g->rng, 20))
      issuer_line = g_strconcat (g->city->province, g->issuer, NULL);
    else if (g->county != NULL && rng_chance (&g->rng, 40))
      issuer_line = g_strconcat (g->city->city, g->issuer, NULL);
    else
      issuer_line = g_strdup (g->issuer);
    g->header_issuer = g_str_has_prefix (issuer_line, g->city->province) ?
                       g_strdup (issuer_line + strlen (g->city->province)) : g_strdup (issuer_line);

    if (doc_in_letter)
      {
        set_fact (g, DAFU_LETTER_FIELD_DOC_NUMBER, doc);
        if (category != NULL && signer == NULL && rng_chance (&g->rng, 12))
          {
            doc_line = g_strdup_printf ("%s%s类", doc, category);
            cat_shown = NULL;
          }
        else
          doc_line = g_strdup (doc);
      }
    set_fact (g, DAFU_LETTER_FIELD_CATEGORY, category);

    head_shape = cat_shown != NULL ? rng_below (&g->rng, 4) : 4;
    if (cat_shown != NULL && rng_chance (&g->rng, 4))
      cat_shown = category_cn (cat_shown);

    switch (head_shape)
      {
      case 0: /* 类别：B / issuer / 签发人 */
        g_string_append_printf (g->out, "类别：%s\n\n", cat_shown);
        g_string_append_printf (g->out, "%s%s\n\n", rng_chance (&g->rng, 15) ? "# " : "", issuer_line);
        if (signer != NULL)
          g_string_append_printf (g->out, "签发人：%s\n\n", signer);
        break;
      case 1: /* issuer / 类别 and 签发人 on two lines */
        g_string_append_printf (g->out, "%s\n\n类别：%s\n", issuer_line, cat_shown);
        if (signer != NULL)
          g_string_append_printf (g->out, "签发人：%s\n", signer);
        g_string_append (g->out, "\n");
        break;
      case 2: /* issuer / 类别 and 签发人 on one line */
        g_string_append_printf (g->out, "%s\n\n类别：%s", issuer_line, cat_shown);
        if (signer != NULL)
          g_string_append_printf (g->out, "　　签发人：%s", signer);
        g_string_append (g->out, "\n\n");
        break;
      case 3: /* A类 / issuer / 签发人 */
        g_string_append_printf (g->out, "%s类\n\n%s\n\n", cat_shown, issuer_line);
        if (signer != NULL)
          g_string_append_printf (g->out, "签发人：%s\n\n", signer);
        break;
      default: /* issuer only */
        write_line (g, issuer_line);
        if (signer != NULL)
          g_string_append_printf (g->out, "签发人：%s\n\n", signer);
        break;
      }
    if (doc_line != NULL)
      write_line (g, doc_line);
    g_string_append_printf (g->out, "%s%s\n\n", rng_chance (&g->rng, 6) ? "## " : "", title_line);
  }

  /* The salutation. */
  {
    guint r = rng_below (&g->rng, 100);
    g_autofree char *first = new_name (g);

    if (r < 90)
      addressee = g_strdup (first);
    else
      {
        g_autofree char *second = new_name (g);

        g->plural = TRUE;
        if (r < 96)
          addressee = g_strdup_printf ("%s、%s", first, second);
        else
          addressee = g_strdup_printf ("%s、%s等%u位", first, second, rng_range (&g->rng, 3, 15));
      }
    set_fact (g, DAFU_LETTER_FIELD_ADDRESSEE, addressee);
    salutation = g_strdup_printf ("%s%s%s%s", rng_chance (&g->rng, 40) ? "尊敬的" : "", addressee,
                                  g->plural && r < 96 && rng_chance (&g->rng, 30) ? "等" : "", role);
  }
  you = g->plural ? "你们" : "您";

  /* The opening: the suggestion's title quoted. */
  {
    guint r = rng_below (&g->rng, 100);
    g_autofree char *fact_title = g_strdup (title);

    if (r < 30)
      g_string_append_printf (para, "%s提出的《%s》收悉。经研究，现答复如下：", you, title);
    else if (r < 50)
      g_string_append_printf (para, "%s提出的“%s”收悉，经认真研究，现答复如下：", you, title);
    else if (r < 65)
      g_string_append_printf (para, "您好！%s在%s上提出的“%s”，交由%s%s办理。局党组高度重视，主要领导做出批示安排，及时召开局系统办理工作会，成立了由分管领导包抓、业务科室负责的工作专班对接办理。根据%s的建议要求，我们形成了答复意见，并及时与%s进行了沟通，将初步答复意见稿报送%s进行了审核，最后形成了《%s》，现正式向%s报送。",
                              you, session, title, g->level,
                              g->topic->dept != NULL ? g->topic->dept : "民政局",
                              you, you, you, title_line, you);
    else if (r < 75)
      g_string_append_printf (para, "%s提出的《%s》（第%u号）收悉。现答复如下：", you, title, number);
    else if (r < 85 && g_str_has_prefix (title, "关于"))
      {
        /* 关于“加快城乡社区养老服务设施建设”的建议, kept as printed. */
        const char *inner = title + strlen ("关于");
        gsize inner_len = strlen (inner) - strlen ("的建议");

        g_free (fact_title);
        fact_title = g_strdup_printf ("关于“%.*s”的%s", (int) inner_len, inner, kind_word);
        g_string_append_printf (para, "%s提出的%s收悉，经认真研究，现答复如下：", you, fact_title);
      }
    else
      g_string_append_printf (para, "%s提出的%s收悉。现将办理情况答复如下：", you, title);
    set_fact (g, DAFU_LETTER_FIELD_TITLE, fact_title);

    if (rng_chance (&g->rng, 6))
      {
        g_string_prepend (para, "：");
        g_string_prepend (para, salutation);
        write_line (g, para->str);
      }
    else
      {
        g_string_printf (line, "%s%s", salutation, rng_chance (&g->rng, 5) ? ":" : "：");
        write_line (g, line->str);
        emit_paragraph (g, para->str, FALSE);
      }
    g_string_truncate (para, 0);
  }

  /* Background. */
  if (rng_chance (&g->rng, 65))
    {
      expand (g, para, ZIPF (&g->rng, gen_backgrounds));
      fill_sentences (g, para, rng_range (&g->rng, 60, 260));
      if (rng_chance (&g->rng, 40))
        g_string_append (para, "我们的主要做法是：");
      emit_paragraph (g, para->str, TRUE);
      g_string_truncate (para, 0);
    }

  /* The body. */
  {
    guint r = rng_below (&g->rng, 100);

    style = r < 30 ? STYLE_LIST_LINE : r < 45 ? STYLE_LIST_RUNIN : r < 55 ? STYLE_BOLD_RUNIN :
            r < 63 ? STYLE_MD_LINE : r < 78 ? STYLE_CN_IS : r < 90 ? STYLE_ITEM_ABOUT : STYLE_PAREN;
  }
  n_sections = rng_range (&g->rng, 2, 5) + (rng_chance (&g->rng, 20) ? 1 : 0);
  plan_part = rng_chance (&g->rng, 55);
  problem_part = rng_chance (&g->rng, 20);
  per_section = MAX (150, (target - (glong) g_utf8_strlen (g->out->str, -1) - 350) /
                          (glong) (n_sections + (plan_part ? 1 : 0)));

  {
    guint number_at = 1;
    gboolean headed_plan = plan_part && (style == STYLE_LIST_LINE || style == STYLE_MD_LINE) &&
                           rng_chance (&g->rng, 50);
    gboolean headed_problem = problem_part && style == STYLE_LIST_LINE && rng_chance (&g->rng, 60);

    for (guint i = 0; i < n_sections; i++)
      {
        g_autofree char *phrase = heading_phrase (g);

        write_section (g, style, number_at++, phrase, DAFU_SECTION_KIND_MEASURE, per_section);
      }

    if (problem_part)
      {
        if (headed_problem)
          write_section (g, style, number_at++, PICK (&g->rng, gen_problem_heads),
                         DAFU_SECTION_KIND_PROBLEM, rng_range (&g->rng, 100, 200));
        else
          {
            expand (g, para, PICK (&g->rng, gen_problems));
            emit_paragraph (g, para->str, TRUE);
            g_string_truncate (para, 0);
          }
      }

    if (plan_part)
      {
        if (headed_plan)
          write_section (g, style, number_at++, PICK (&g->rng, gen_plan_heads),
                         DAFU_SECTION_KIND_PLAN, per_section);
        else if (style == STYLE_CN_IS || style == STYLE_ITEM_ABOUT || style == STYLE_PAREN ||
                 rng_chance (&g->rng, 30))
          {
            /* Plain paragraphs: 下一步，我们将… */
            glong done = 0;
            guint64 used_plans = 0;

            g_string_append (para, rng_chance (&g->rng, 50) ? "下一步，我们将" : "今后，我们将");
            while (done < per_section)
              {
                gsize before = para->len;

                if (used_plans != (G_GUINT64_CONSTANT (1) << G_N_ELEMENTS (gen_plans)) - 1)
                  expand (g, para, fresh (g, &used_plans, gen_plans, G_N_ELEMENTS (gen_plans)));
                else
                  append_sentence (g, para);
                done += g_utf8_strlen (para->str + before, -1);
                if (para->len > 600 && done < per_section)
                  {
                    emit_paragraph (g, para->str, TRUE);
                    g_string_truncate (para, 0);
                    g_string_append (para, "同时，");
                  }
              }
            emit_paragraph (g, para->str, TRUE);
            g_string_truncate (para, 0);
          }
        else
          {
            /* 下一步…工作： and items numbered again, in bold. */
            guint items = rng_range (&g->rng, 2, 4);
            Style item_style = style == STYLE_LIST_RUNIN ? STYLE_LIST_RUNIN : STYLE_BOLD_RUNIN;

            expand (g, para, ZIPF (&g->rng, gen_plan_leads));
            emit_paragraph (g, para->str, FALSE);
            g_string_truncate (para, 0);
            for (guint i = 0; i < items; i++)
              {
                g_autofree char *phrase = heading_phrase (g);

                write_section (g, item_style, i + 1, phrase, DAFU_SECTION_KIND_PLAN,
                               per_section / items);
              }
          }
      }
  }

  /* The closing. */
  if (rng_chance (&g->rng, 30))
    {
      g_autofree char *tmpl = g_strdup_printf ("{T}工作事关民生福祉和长远发展，必须久久为功、系统谋划。"
                                               "下一步，我们将认真研究吸纳%s的建议，全力推动我{L}{T}高质量发展。",
                                               you);

      expand (g, para, tmpl);
      emit_paragraph (g, para->str, FALSE);
      g_string_truncate (para, 0);
    }
  expand (g, para, ZIPF (&g->rng, gen_closings));
  if (g->plural)
    {
      g_autofree char *s = g_string_free (g_steal_pointer (&para), FALSE);
      g_auto(GStrv) parts = g_strsplit (s, "您", -1);
      g_autofree char *joined = g_strjoinv ("你们", parts);

      para = g_string_new (joined);
    }
  write_line (g, para->str);
  g_string_truncate (para, 0);
  if (rng_chance (&g->rng, 15))
    write_line (g, "以上答复您是否满意，如有意见，敬请反馈。");

  /* The signature block. */
  office = g->issuer;
  {
    g_autofree char *head = new_name (g);
    g_autofree char *handler = new_name (g);
    g_autofree char *phone = phone_number (g);
    g_autofree char *cc = NULL;
    gboolean chinese = rng_chance (&g->rng, 15);
    const char *level = g->level;
    const char *dept = g->topic->dept != NULL ? g->topic->dept : "民政局";

    print_day = g->day + rng_below (&g->rng, 4);
    print_day = MIN (print_day, 28u);
    cc = g_strdup (g->proposal ? PICK (&g->rng, gen_cc_proposal) : PICK (&g->rng, gen_cc));
    if (g->county != NULL)
      {
        g_auto(GStrv) parts = g_strsplit (cc, "市", -1);

        g_free (cc);
        cc = g_strjoinv (level, parts);
      }

    sig_shape = rng_below (&g->rng, 100);
    g_string_truncate (line, 0);
    if (sig_shape < 25)
      {
        g_string_append_printf (g->out, "负责人：%s\n", rng_chance (&g->rng, 85) ? head : "");
        if (rng_chance (&g->rng, 20))
          {
            g_autofree char *other = new_name (g);

            g_string_append_printf (g->out, "承办负责人：%s\n", other);
          }
        g_string_append_printf (g->out, "承办人：%s\n\n联系电话：%s\n\n%s\n", handler, phone, office);
        set_fact (g, DAFU_LETTER_FIELD_HANDLER, handler);
        append_date (g, line, g->day, chinese);
        write_line (g, line->str);
        if (rng_chance (&g->rng, 50))
          write_line (g, "（此件可以公开）");
      }
    else if (sig_shape < 45)
      {
        write_line (g, office);
        append_date (g, line, g->day, chinese);
        write_line (g, line->str);
        g_string_append_printf (g->out, "(联系人：%s%s，电话：%s)\n\n", office, g->topic->office, phone);
        g_string_append_printf (g->out, "抄送：%s\n\n", cc);
        if (rng_chance (&g->rng, 60))
          {
            g_string_truncate (line, 0);
            append_date (g, line, print_day, FALSE);
            g_string_append_printf (g->out, "%s政秘科\n\n%s印发\n", office, line->str);
          }
      }
    else if (sig_shape < 60)
      {
        g_string_append_printf (g->out, "联系单位及电话：%s%s%s %s\n\n\n\n\n\n", level, dept,
                                g->topic->office, phone);
        if (rng_chance (&g->rng, 50))
          g_string_append (g->out, "---\n\n");
        g_string_append_printf (g->out, "抄送：%s\n\n%s\n\n", cc, office);
        append_date (g, line, print_day, FALSE);
        g_string_append_printf (g->out, "%s印发\n", line->str);
        sig_date = FALSE;
      }
    else if (sig_shape < 75)
      {
        g_string_append_printf (g->out, "联 系 人：%s　　联系电话：%s\n\n", handler, phone);
        g_string_append_printf (g->out, "抄  送：%s\n\n%s\n", cc, office);
        append_date (g, line, g->day, chinese);
        write_line (g, line->str);
        write_line (g, "（此件公开发布）");
      }
    else if (sig_shape < 85)
      {
        g_string_append_printf (g->out, "承办人及联系电话：%s，%s\n\n%s\n", handler, phone, office);
        set_fact (g, DAFU_LETTER_FIELD_HANDLER, handler);
        append_date (g, line, g->day, chinese);
        write_line (g, line->str);
        g_string_append_printf (g->out, "抄报：%s\n\n", g->proposal ? "县政协提案委" : cc);
        write_line (g, rng_chance (&g->rng, 50) ? "此件不予公开" : "此件主动公开");
      }
    else
      {
        write_line (g, office);
        append_date (g, line, g->day, chinese);
        write_line (g, line->str);
        g_string_append_printf (g->out, "（联系人及电话:%s,%s）\n\n", handler, phone);
        write_line (g, "（公开）");
      }
  }

  {
    g_autofree char *iso = g_strdup_printf ("%04u-%02u-%02u", g->year, g->month,
                                            sig_date ? g->day : print_day);

    set_fact (g, DAFU_LETTER_FIELD_DATE, iso);
    /* Without a signing date the parser takes the header's office. */
    if (!sig_date)
      set_fact (g, DAFU_LETTER_FIELD_ISSUER, g->header_issuer);
  }

  if (web)
    write_page_foot (g, session, number);

  g_string_free (line, TRUE);
  g_string_free (para, TRUE);
}

static void
gen_run (Gen     *g,
         guint64  seed,
         guint    index)
{
  init_harmonic ();
  memset (g, 0, sizeof *g);
  rng_init (&g->rng, seed, index);
  g->headings = g_ptr_array_new_with_free_func (g_free);
  g->kinds = g_array_new (FALSE, FALSE, sizeof (DafuSectionKind));
  g->out = g_string_sized_new (12 * 1024);
  write_letter (g);
}

/**
 * dafu_generator_letter:
 * @seed: the corpus
 * @index: the number of the letter in the corpus
 *
 * Makes letter number @index of the corpus for @seed: about 3,000
 * characters in the shapes real reply letters have (header, 文号, title
 * line, salutation, headed body, signature, contact lines, sometimes page
 * clutter and page-break splits). The letter depends only on @seed and
 * @index, and is the same on every machine.
 *
 * Returns: (transfer full): the letter as UTF-8 text
 */
char *
dafu_generator_letter (guint64 seed,
                       guint   index)
{
  Gen g;
  char *text;

  gen_run (&g, seed, index);
  text = g_string_free (g_steal_pointer (&g.out), FALSE);
  gen_clear (&g);
  return text;
}

/**
 * dafu_generator_letter_facts:
 * @seed: the corpus
 * @index: the number of the letter in the corpus
 *
 * What the generator put into letter @index of the corpus for @seed, as the
 * parser should read it: the fields it states (others are %NULL), its text
 * (as dafu_generator_letter() returns it) and its level-1 headings as
 * sections with an empty text. For tests.
 *
 * Returns: (transfer full): the letter's facts
 */
DafuLetter *
dafu_generator_letter_facts (guint64 seed,
                             guint   index)
{
  Gen g;
  DafuLetter *letter = dafu_letter_new ();

  gen_run (&g, seed, index);
  for (guint i = 0; i < DAFU_LETTER_N_FIELDS; i++)
    dafu_letter_set_field (letter, i, g.fields[i]);
  dafu_letter_set_text (letter, g.out->str);
  for (guint i = 0; i < g.headings->len; i++)
    {
      g_autoptr(DafuSection) section = dafu_section_new (g.headings->pdata[i], 1,
                                                         g_array_index (g.kinds, DafuSectionKind, i), "");

      dafu_letter_append_section (letter, section);
    }
  gen_clear (&g);
  return letter;
}

/* ---------------------------------------------------------------------- */
/* Writing a corpus                                                       */

/**
 * dafu_generator_letter_path:
 * @dir: the corpus folder
 * @index: the number of a letter
 *
 * Where dafu_generator_write() puts letter @index: a subfolder per 1,000
 * letters, `DIR/000/letter-000000.txt`, `DIR/001/letter-001000.txt`, ….
 *
 * Returns: (transfer full): the file name
 */
char *
dafu_generator_letter_path (const char *dir,
                            guint       index)
{
  char folder[16], name[32];

  g_return_val_if_fail (dir != NULL, NULL);

  g_snprintf (folder, sizeof folder, "%03u", index / LETTERS_PER_FOLDER);
  g_snprintf (name, sizeof name, "letter-%06u.txt", index);
  return g_build_filename (dir, folder, name, NULL);
}

/* Whether @dir holds a corpus of @seed and @count (written by this
 * generator version), judged by its manifest. */
static gboolean
is_same_corpus (const char *dir,
                guint64     seed,
                guint       count)
{
  g_autofree char *path = g_build_filename (dir, MANIFEST_NAME, NULL);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  guint64 s, c, v;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return FALSE;
  v = g_key_file_get_uint64 (file, MANIFEST_GROUP, "generator", &error);
  if (error == NULL)
    s = g_key_file_get_uint64 (file, MANIFEST_GROUP, "seed", &error);
  if (error == NULL)
    c = g_key_file_get_uint64 (file, MANIFEST_GROUP, "count", &error);
  return error == NULL && v == DAFU_GENERATOR_VERSION && s == seed && c == count;
}

static gboolean
prepare_dir (const char  *dir,
             guint64      seed,
             guint        count,
             GError     **error)
{
  g_autoptr(GKeyFile) manifest = NULL;
  g_autofree char *manifest_path = NULL;
  g_autofree char *data = NULL;

  if (g_file_test (dir, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GDir) d = NULL;
      GError *local = NULL;

      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY, "%s is not a folder", dir);
          return FALSE;
        }
      d = g_dir_open (dir, 0, &local);
      if (d == NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      if (g_dir_read_name (d) != NULL && !is_same_corpus (dir, seed, count))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       "%s is not empty and holds no corpus of seed %" G_GUINT64_FORMAT
                       " and %u letters", dir, seed, count);
          return FALSE;
        }
    }
  else if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot create %s: %s",
                   dir, g_strerror (saved));
      return FALSE;
    }

  /* The manifest first: a run cut short can be run again. */
  manifest = g_key_file_new ();
  g_key_file_set_uint64 (manifest, MANIFEST_GROUP, "generator", DAFU_GENERATOR_VERSION);
  g_key_file_set_uint64 (manifest, MANIFEST_GROUP, "seed", seed);
  g_key_file_set_uint64 (manifest, MANIFEST_GROUP, "count", count);
  data = g_key_file_to_data (manifest, NULL, NULL);
  manifest_path = g_build_filename (dir, MANIFEST_NAME, NULL);
  return g_file_set_contents_full (manifest_path, data, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                   0644, error);
}

/**
 * dafu_generator_write_full:
 * @dir: the folder to write into
 * @count: how many letters
 * @seed: the corpus
 * @progress: (nullable) (scope call): called now and then with the letters written
 * @user_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Writes letters 0 … @count − 1 of the corpus for @seed into @dir, creating
 * it, as `DIR/000/letter-000000.txt` … (1,000 letters per subfolder; see
 * dafu_generator_letter_path()), with a hidden manifest `DIR/.dafu-corpus`
 * that records the seed and count.
 *
 * @dir must not exist, be empty, or hold a corpus of the same seed and count
 * (then its letters are written again, byte for byte the same: a run that
 * was cut short can simply be repeated). Any other content is an error
 * (%G_IO_ERROR_EXISTS): the generator never mixes its letters with others.
 *
 * Returns: %TRUE when all letters were written
 */
gboolean
dafu_generator_write_full (const char             *dir,
                           guint                   count,
                           guint64                 seed,
                           DafuGeneratorProgress   progress,
                           gpointer                user_data,
                           GCancellable           *cancellable,
                           GError                **error)
{
  guint folder = G_MAXUINT;

  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!prepare_dir (dir, seed, count, error))
    return FALSE;

  for (guint i = 0; i < count; i++)
    {
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      path = dafu_generator_letter_path (dir, i);
      if (i / LETTERS_PER_FOLDER != folder)
        {
          g_autofree char *parent = g_path_get_dirname (path);

          folder = i / LETTERS_PER_FOLDER;
          if (g_mkdir_with_parents (parent, 0755) != 0)
            {
              int saved = errno;

              g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot create %s: %s",
                           parent, g_strerror (saved));
              return FALSE;
            }
        }

      text = dafu_generator_letter (seed, i);
      if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_NONE, 0644, error))
        return FALSE;

      if (progress != NULL && (i + 1) % 250 == 0 && i + 1 < count)
        progress (i + 1, count, user_data);
    }

  if (progress != NULL)
    progress (count, count, user_data);
  return TRUE;
}

/**
 * dafu_generator_write:
 * @dir: the folder to write into
 * @count: how many letters
 * @seed: the corpus
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * dafu_generator_write_full() without progress.
 *
 * Returns: %TRUE when all letters were written
 */
gboolean
dafu_generator_write (const char    *dir,
                      guint          count,
                      guint64        seed,
                      GCancellable  *cancellable,
                      GError       **error)
{
  return dafu_generator_write_full (dir, count, seed, NULL, NULL, cancellable, error);
}
