/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-figure"

#include "config.h"

#include "dafu-figure.h"
#include "dafu-text.h"
#include "dafu-util.h"

#include <string.h>

/**
 * DafuFigure:
 *
 * One key figure of a reply letter: a count (266个), a percentage (93%),
 * an amount of money (1.84亿元) or an area (30平方米), with what it counts
 * (its label) when the sentence names it.
 *
 * Figures are found by dafu_figures_extract(); the rules are written there.
 */
struct _DafuFigure
{
  GObject         parent_instance;

  char           *text;
  char           *unit;
  char           *label;
  guint           start;
  guint           end;
  double          value;
  double          normalized;
  DafuFigureKind  kind;
};

G_DEFINE_FINAL_TYPE (DafuFigure, dafu_figure, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_START,
  PROP_END,
  PROP_VALUE,
  PROP_NORMALIZED,
  PROP_UNIT,
  PROP_KIND,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dafu_figure_finalize (GObject *object)
{
  DafuFigure *self = (DafuFigure *) object;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->unit, g_free);
  g_clear_pointer (&self->label, g_free);

  G_OBJECT_CLASS (dafu_figure_parent_class)->finalize (object);
}

static void
dafu_figure_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DafuFigure *self = DAFU_FIGURE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_START:
      g_value_set_uint (value, self->start);
      break;
    case PROP_END:
      g_value_set_uint (value, self->end);
      break;
    case PROP_VALUE:
      g_value_set_double (value, self->value);
      break;
    case PROP_NORMALIZED:
      g_value_set_double (value, self->normalized);
      break;
    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;
    case PROP_KIND:
      g_value_set_uint (value, self->kind);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_figure_class_init (DafuFigureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = dafu_figure_finalize;
  object_class->get_property = dafu_figure_get_property;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL, flags);
  properties[PROP_START] =
    g_param_spec_uint ("start", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_END] =
    g_param_spec_uint ("end", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_VALUE] =
    g_param_spec_double ("value", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  properties[PROP_NORMALIZED] =
    g_param_spec_double ("normalized", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL, NULL, flags);
  /* A #DafuFigureKind; the enum has no GType. */
  properties[PROP_KIND] =
    g_param_spec_uint ("kind", NULL, NULL,
                       DAFU_FIGURE_KIND_COUNT, DAFU_FIGURE_KIND_OTHER, DAFU_FIGURE_KIND_COUNT,
                       flags);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dafu_figure_init (DafuFigure *self)
{
}

/**
 * dafu_figure_new:
 * @text: the figure as written (`1.84亿元`)
 * @start: offset of @text in the letter, in characters
 * @end: offset just past @text, in characters
 * @value: the number as written (1.84)
 * @normalized: the amount in base units (184000000)
 * @unit: the base unit (`元`, `%`, `个` …)
 * @kind: a #DafuFigureKind
 * @label: (nullable): what the figure counts, or %NULL
 *
 * Returns: (transfer full): a new figure
 */
DafuFigure *
dafu_figure_new (const char     *text,
                 guint           start,
                 guint           end,
                 double          value,
                 double          normalized,
                 const char     *unit,
                 DafuFigureKind  kind,
                 const char     *label)
{
  DafuFigure *self;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (unit != NULL, NULL);
  g_return_val_if_fail (start <= end, NULL);
  g_return_val_if_fail (kind <= DAFU_FIGURE_KIND_OTHER, NULL);

  self = g_object_new (DAFU_TYPE_FIGURE, NULL);
  self->text = g_strdup (text);
  self->start = start;
  self->end = end;
  self->value = value;
  self->normalized = normalized;
  self->unit = g_strdup (unit);
  self->kind = kind;
  self->label = g_strdup (label);

  return self;
}

const char *
dafu_figure_get_text (DafuFigure *self)
{
  g_return_val_if_fail (DAFU_IS_FIGURE (self), NULL);
  return self->text;
}

guint
dafu_figure_get_start (DafuFigure *self)
{
  g_return_val_if_fail (DAFU_IS_FIGURE (self), 0);
  return self->start;
}

guint
dafu_figure_get_end (DafuFigure *self)
{
  g_return_val_if_fail (DAFU_IS_FIGURE (self), 0);
  return self->end;
}

double
dafu_figure_get_value (DafuFigure *self)
{
  g_return_val_if_fail (DAFU_IS_FIGURE (self), 0);
  return self->value;
}

double
dafu_figure_get_normalized (DafuFigure *self)
{
  g_return_val_if_fail (DAFU_IS_FIGURE (self), 0);
  return self->normalized;
}

const char *
dafu_figure_get_unit (DafuFigure *self)
{
  g_return_val_if_fail (DAFU_IS_FIGURE (self), NULL);
  return self->unit;
}

DafuFigureKind
dafu_figure_get_kind (DafuFigure *self)
{
  g_return_val_if_fail (DAFU_IS_FIGURE (self), DAFU_FIGURE_KIND_OTHER);
  return self->kind;
}

const char *
dafu_figure_get_label (DafuFigure *self)
{
  g_return_val_if_fail (DAFU_IS_FIGURE (self), NULL);
  return self->label;
}

static const char * const kind_names[] = {
  [DAFU_FIGURE_KIND_COUNT] = "count",
  [DAFU_FIGURE_KIND_PERCENT] = "percent",
  [DAFU_FIGURE_KIND_MONEY] = "money",
  [DAFU_FIGURE_KIND_AREA] = "area",
  [DAFU_FIGURE_KIND_OTHER] = "other",
};

/**
 * dafu_figure_kind_to_string:
 * @kind: a #DafuFigureKind
 *
 * Returns: (nullable): the kind's stable name (`count`, `percent`, `money`,
 *   `area`, `other`), or %NULL for a value out of range
 */
const char *
dafu_figure_kind_to_string (DafuFigureKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (kind_names))
    return NULL;
  return kind_names[kind];
}

/**
 * dafu_figure_kind_from_string:
 * @name: a name from dafu_figure_kind_to_string()
 * @kind: (out): where to store the kind
 *
 * Returns: %TRUE if @name names a kind
 */
gboolean
dafu_figure_kind_from_string (const char     *name,
                              DafuFigureKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (strcmp (name, kind_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }

  return FALSE;
}

/* ------------------------------------------------------------------------
 * The extractor.
 *
 * The letter is read as an array of characters twice: as written (for the
 * figure's text) and folded with dafu_text_fold_char() (so １２％ reads as
 * 12%). Offsets are character offsets.
 */

typedef struct
{
  gunichar *raw;
  gunichar *f;
  gsize     n;
} Text;

typedef struct
{
  guint64  mantissa;    /* the digits, without the decimal point */
  int      frac;        /* digits after the decimal point */
  gboolean ok;          /* FALSE when too long to be a figure */
} Number;

typedef struct
{
  const char     *written;
  const char     *unit;
  DafuFigureKind  kind;
} Unit;

/* Longest first where one is the start of another (人次 before 人). */
static const Unit units[] = {
  { "平方公里", "平方公里", DAFU_FIGURE_KIND_AREA },
  { "平方米", "平方米", DAFU_FIGURE_KIND_AREA },
  { "平米", "平方米", DAFU_FIGURE_KIND_AREA },
  { "公顷", "公顷", DAFU_FIGURE_KIND_AREA },
  { "亩", "亩", DAFU_FIGURE_KIND_AREA },
  { "元", "元", DAFU_FIGURE_KIND_MONEY },
  { "%", "%", DAFU_FIGURE_KIND_PERCENT },
  { "人次", "人次", DAFU_FIGURE_KIND_COUNT },
  { "户次", "户次", DAFU_FIGURE_KIND_COUNT },
  { "人", "人", DAFU_FIGURE_KIND_COUNT },
  { "名", "名", DAFU_FIGURE_KIND_COUNT },
  { "个", "个", DAFU_FIGURE_KIND_COUNT },
  { "家", "家", DAFU_FIGURE_KIND_COUNT },
  { "所", "所", DAFU_FIGURE_KIND_COUNT },
  { "张", "张", DAFU_FIGURE_KIND_COUNT },
  { "户", "户", DAFU_FIGURE_KIND_COUNT },
  { "次", "次", DAFU_FIGURE_KIND_COUNT },
  { "项", "项", DAFU_FIGURE_KIND_COUNT },
  { "场", "场", DAFU_FIGURE_KIND_COUNT },
  { "份", "份", DAFU_FIGURE_KIND_COUNT },
  { "处", "处", DAFU_FIGURE_KIND_COUNT },
  { "座", "座", DAFU_FIGURE_KIND_COUNT },
  { "种", "种", DAFU_FIGURE_KIND_COUNT },
  { "位", "位", DAFU_FIGURE_KIND_COUNT },
  { "件", "件", DAFU_FIGURE_KIND_COUNT },
  { "批", "批", DAFU_FIGURE_KIND_COUNT },
  { "台", "台", DAFU_FIGURE_KIND_COUNT },
  { "间", "间", DAFU_FIGURE_KIND_COUNT },
  { "套", "套", DAFU_FIGURE_KIND_COUNT },
  { "辆", "辆", DAFU_FIGURE_KIND_COUNT },
  { "支", "支", DAFU_FIGURE_KIND_COUNT },
  { "条", "条", DAFU_FIGURE_KIND_COUNT },
  { "篇", "篇", DAFU_FIGURE_KIND_COUNT },
  { "册", "册", DAFU_FIGURE_KIND_COUNT },
  { "公里", "公里", DAFU_FIGURE_KIND_OTHER },
  { "千米", "公里", DAFU_FIGURE_KIND_OTHER },
  { "吨", "吨", DAFU_FIGURE_KIND_OTHER },
  { "公斤", "公斤", DAFU_FIGURE_KIND_OTHER },
};

/* Words a figure's noun phrase ends with that belong to the verb, not the
 * noun: 覆盖率达到93% → 覆盖率. Longest first. */
static const char * const before_trailing[] = {
  "分别达到", "分别为", "分别是", "分别达", "提升至", "提升到", "提高至", "提高到",
  "增加到", "增长到", "下降到", "下降至", "达到了", "达到", "已达", "高达", "已完成",
  "完成了", "完成", "列支", "投入", "下拨", "争取", "增加", "增长", "超过", "累计",
  "共计", "合计", "总计", "先后", "约为", "全市", "全省", "我市", "本市",
  "增至", "约", "为", "达", "有", "是", "共", "计", "已", "近", "了", "的", "仅",
};

/* Words after which a figure's noun phrase starts: 建成日间照料中心266个 →
 * 日间照料中心. The last one that leaves at least two characters wins. */
static const char * const before_cut[] = {
  "的", "建成", "资助建设", "提供", "现有", "已有", "共有", "拥有", "投入", "开展",
  "发展", "培训", "完成", "给予", "其中", "全市", "全省", "全县", "全区", "我市",
  "本市", "目前", "以上", "接受", "资助", "新建", "举办", "建立", "组织", "实现",
  "落实", "下达", "安排", "筹集", "计划", "累计", "争取", "下拨", "列支", "惠及",
};

/* Words that end the noun phrase after a figure: 32个未建项目全部开工 →
 * 未建项目. */
static const char * const after_stop[] = {
  "的", "进行", "全部", "参加", "参与", "开展", "设立", "开启", "联合", "被", "已",
  "正在", "用于", "对", "和", "与", "及", "等", "配备", "开工", "获得", "获", "实现",
  "提供", "均", "都", "建立", "完成", "给予", "纳入", "入住", "享受", "接受",
  "覆盖", "受益", "将", "累计", "投入", "为",
};

/* Verbs skipped before the noun after a figure: 10次召开推进会 → 推进会. */
static const char * const after_leading[] = {
  "召开", "举办", "开展", "组织",
};

/* A lone verb after a figure is no label: 690余万元建设的… */
static const char * const after_reject[] = {
  "建设", "用于", "实施",
};

static gboolean
is_han (gunichar c)
{
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) ||
         (c >= 0xf900 && c <= 0xfaff) || c == 0x3007;
}

static gboolean
is_inline_space (gunichar c)
{
  return c == ' ' || c == '\t' || c == 0xa0;
}

static gboolean
is_any_space (gunichar c)
{
  return is_inline_space (c) || c == '\n' || c == '\r';
}

static gboolean
is_digit (gunichar c)
{
  return c >= '0' && c <= '9';
}

static int
cn_digit (gunichar c)
{
  switch (c)
    {
    case 0x96f6: /* 零 */
    case 0x3007: /* 〇 */
      return 0;
    case 0x4e00: return 1; /* 一 */
    case 0x4e8c: return 2; /* 二 */
    case 0x4e24: return 2; /* 两 */
    case 0x4e09: return 3; /* 三 */
    case 0x56db: return 4; /* 四 */
    case 0x4e94: return 5; /* 五 */
    case 0x516d: return 6; /* 六 */
    case 0x4e03: return 7; /* 七 */
    case 0x516b: return 8; /* 八 */
    case 0x4e5d: return 9; /* 九 */
    default: return -1;
    }
}

static int
cn_unit (gunichar c)
{
  switch (c)
    {
    case 0x5341: return 10;   /* 十 */
    case 0x767e: return 100;  /* 百 */
    case 0x5343: return 1000; /* 千 */
    default: return 0;
    }
}

static gboolean
is_cn_numeral (gunichar c)
{
  return cn_digit (c) >= 0 || cn_unit (c) > 0;
}

/* Whether @word (UTF-8) is written at @pos. Returns its length in characters,
 * or 0. */
static gsize
match_at (const gunichar *s,
          gsize           n,
          gsize           pos,
          const char     *word)
{
  gsize len = 0;

  for (const char *p = word; *p; p = g_utf8_next_char (p), len++)
    if (pos + len >= n || s[pos + len] != g_utf8_get_char (p))
      return 0;

  return len;
}

/* Whether @word ends just before @pos. Returns its length, or 0. */
static gsize
match_before (const gunichar *s,
              gsize           pos,
              const char     *word)
{
  glong len = g_utf8_strlen (word, -1);

  if (len <= 0 || (gsize) len > pos)
    return 0;

  return match_at (s, pos, pos - len, word);
}

static gsize
skip_inline_space (const Text *t,
                   gsize       p)
{
  while (p < t->n && is_inline_space (t->f[p]))
    p++;
  return p;
}

/* Reads Arabic digits at @i: 1,980 and 1.84 and 8354. Returns the end. */
static gsize
parse_arabic (const Text *t,
              gsize       i,
              Number     *num)
{
  gsize j = i;
  guint digits = 0;

  num->mantissa = 0;
  num->frac = 0;
  num->ok = TRUE;

  for (;;)
    {
      while (j < t->n && is_digit (t->f[j]))
        {
          if (++digits > 15)
            num->ok = FALSE;
          num->mantissa = num->mantissa * 10 + (t->f[j] - '0');
          j++;
        }

      /* A thousands separator: an ASCII comma and exactly three digits. */
      if (j + 3 < t->n && t->raw[j] == ',' &&
          is_digit (t->f[j + 1]) && is_digit (t->f[j + 2]) && is_digit (t->f[j + 3]) &&
          (j + 4 >= t->n || !is_digit (t->f[j + 4])))
        {
          j++;
          continue;
        }
      break;
    }

  if (j + 1 < t->n && t->f[j] == '.' && is_digit (t->f[j + 1]))
    {
      j++;
      while (j < t->n && is_digit (t->f[j]))
        {
          if (++digits > 15)
            num->ok = FALSE;
          num->mantissa = num->mantissa * 10 + (t->f[j] - '0');
          num->frac++;
          j++;
        }
    }

  return j;
}

/* Reads a Chinese numeral at @i: 三, 十二, 两百, 一千零五. Returns the end,
 * or @i when there is none. */
static gsize
parse_chinese (const Text *t,
               gsize       i,
               Number     *num)
{
  guint64 total = 0;
  guint64 cur = 0;
  gsize j = i;

  num->mantissa = 0;
  num->frac = 0;
  num->ok = TRUE;

  while (j < t->n && j - i < 8 && is_cn_numeral (t->f[j]))
    {
      int d = cn_digit (t->f[j]);
      int u = cn_unit (t->f[j]);

      if (d >= 0)
        cur = d;
      else
        {
          if (cur == 0)
            cur = 1;
          total += cur * u;
          cur = 0;
        }
      j++;
    }

  if (j - i >= 8)
    num->ok = FALSE;

  num->mantissa = total + cur;
  return j;
}

static double
pow10_int (int e)
{
  double v = 1;

  while (e-- > 0)
    v *= 10;
  return v;
}

static double
number_value (const Number *num,
              int           exp10)
{
  int e = exp10 - num->frac;
  double v = (double) num->mantissa;

  /* Scale in one step, so that 1.84 × 10⁸ is exactly 184000000. */
  if (e >= 0)
    v *= pow10_int (e);
  else
    v /= pow10_int (-e);
  return v;
}

typedef struct
{
  gsize       start;
  gsize       end;
  double      value;
  double      normalized;
  const Unit *unit;
} Found;

/* The nearest character before @i that is not a space, or 0. */
static gunichar
char_before (const Text *t,
             gsize       i,
             gsize      *at)
{
  while (i > 0 && is_inline_space (t->f[i - 1]))
    i--;
  if (at != NULL)
    *at = i > 0 ? i - 1 : 0;
  return i > 0 ? t->f[i - 1] : 0;
}

static gboolean
is_range_sep (gunichar c)
{
  return c == '-' || c == '~' || c == 0x2013 || c == 0x2014 || c == 0x2015 ||
         c == 0x2212 || c == 0x81f3 /* 至 */ || c == 0x5230 /* 到 */;
}

static gboolean
is_approx (gunichar c)
{
  return c == 0x4f59 /* 余 */ || c == 0x591a /* 多 */;
}

static int
multiplier_exp (gunichar c)
{
  switch (c)
    {
    case 0x767e: return 2; /* 百 */
    case 0x5343: return 3; /* 千 */
    case 0x4e07: return 4; /* 万 */
    case 0x4ebf: return 8; /* 亿 */
    default: return 0;
    }
}

static const Unit *
match_unit (const Text *t,
            gsize       p,
            gsize      *len)
{
  for (guint u = 0; u < G_N_ELEMENTS (units); u++)
    if ((*len = match_at (t->f, t->n, p, units[u].written)) > 0)
      return &units[u];
  return NULL;
}

/* Reads one number of the kind at @i (Arabic or Chinese). */
static gsize
parse_number (const Text *t,
              gsize       i,
              gboolean    chinese,
              Number     *num)
{
  if (chinese)
    return is_cn_numeral (t->f[i]) ? parse_chinese (t, i, num) : i;
  return is_digit (t->f[i]) ? parse_arabic (t, i, num) : i;
}

/*
 * Whether a figure starts at @i. If not, *next is where to look again (past
 * the whole number, so that 2024 in 2024年 is not read again as 024).
 */
static gboolean
find_figure (const Text *t,
             gsize       i,
             Found      *out,
             gsize      *next)
{
  gunichar c = t->f[i];
  gunichar prev = i > 0 ? t->f[i - 1] : 0;
  gboolean chinese;
  gboolean percent_words = FALSE;
  gsize start = i;
  gsize j, p, len, at;
  Number num, num2;
  const Unit *unit;
  int exp10 = 0;

  *next = i + 1;

  /* 百分之九十三 */
  if ((len = match_at (t->f, t->n, i, "百分之")) > 0 &&
      (p = skip_inline_space (t, i + len)) < t->n &&
      (is_digit (t->f[p]) || is_cn_numeral (t->f[p])))
    {
      percent_words = TRUE;
      i = p;
      c = t->f[i];
      prev = 0;
    }

  if (is_digit (c))
    {
      if (prev != 0 && (is_digit (prev) || (prev < 0x80 && g_ascii_isalpha (prev))))
        return FALSE;
      chinese = FALSE;
    }
  else if (is_cn_numeral (c))
    {
      /* A Chinese count starts with a digit or 十, never inside another
       * numeral (百户 in 每百户 is no count). */
      if (cn_unit (c) > 1 && cn_unit (c) != 10 && !percent_words)
        return FALSE;
      if (prev != 0 && (is_cn_numeral (prev) || multiplier_exp (prev) > 0))
        return FALSE;
      chinese = TRUE;
    }
  else
    return FALSE;

  j = parse_number (t, i, chinese, &num);
  *next = MAX (j, i + 1);
  if (j == i || !num.ok)
    return FALSE;

  /* What comes before: 第88号, 〔2024〕, 每百户, “十四五”, a date's 2024-05-08. */
  if (!percent_words)
    {
      gunichar b = char_before (t, i, &at);

      if (b == 0x7b2c /* 第 */ || b == 0x3014 /* 〔 */ || b == '[' ||
          b == 0x3010 /* 【 */ || b == '#')
        return FALSE;
      if ((b == ':' || b == '-' || b == '/' || b == '.') && at > 0 && is_digit (t->f[at - 1]))
        return FALSE;
      if (chinese)
        {
          /* 一个, 一次性, 一是: one alone is rarely a key figure. */
          if (j - i == 1 && c == 0x4e00)
            return FALSE;
          if (b == 0x6bcf /* 每 */ || b == 0x201c /* “ */ || b == 0x5468 /* 周 */ ||
              b == 0x521d /* 初 */ || b == 0x671f /* 期 of 星期 */)
            return FALSE;
        }
    }

  p = skip_inline_space (t, j);

  /* Ratios and times: 1:3, 14:30. */
  if (p < t->n && t->f[p] == ':')
    {
      gsize q = skip_inline_space (t, p + 1);

      if (q < t->n && is_digit (t->f[q]))
        {
          *next = parse_arabic (t, q, &num2);
          return FALSE;
        }
    }

  /* Ranges: 3—5万元, 2到4万元. The figure is the first number; the range
   * stays in its text. */
  if (p < t->n && is_range_sep (t->f[p]))
    {
      gsize q = p + 1;

      while (q < t->n && is_range_sep (t->f[q]) && q - p < 2)
        q++;
      q = skip_inline_space (t, q);
      if (q < t->n)
        {
          gsize e = parse_number (t, q, chinese, &num2);

          if (e > q)
            {
              if (!num2.ok)
                {
                  *next = e;
                  return FALSE;
                }
              j = e;
              p = skip_inline_space (t, j);
            }
        }
    }

  /* 十余家, 690余万元 */
  if (p < t->n && is_approx (t->f[p]))
    p = skip_inline_space (t, p + 1);

  unit = match_unit (t, p, &len);
  if (unit == NULL)
    {
      /* 万 and 亿 fold into the value (so do 百 and 千 after digits). */
      while (p < t->n && multiplier_exp (t->f[p]) > 0 &&
             (!chinese || multiplier_exp (t->f[p]) >= 4))
        exp10 += multiplier_exp (t->f[p++]);
      if (p < t->n && is_approx (t->f[p]))
        p++;
      p = skip_inline_space (t, p);
      unit = match_unit (t, p, &len);
    }

  if (percent_words)
    {
      if (exp10 != 0)
        return FALSE;
      unit = &units[6];
      g_assert (unit->kind == DAFU_FIGURE_KIND_PERCENT);
      p = j;
      len = 0;
    }

  /* No unit, no figure: phone numbers, section numbers, years (年),
   * dates (月, 日), document numbers (号), ages (岁), durations (小时). */
  if (unit == NULL)
    {
      *next = MAX (p, i + 1);
      return FALSE;
    }

  /* 四次会议 is a session, not a count. */
  if (unit->kind == DAFU_FIGURE_KIND_COUNT && g_str_equal (unit->unit, "次") &&
      (match_at (t->f, t->n, p + len, "会议") || match_at (t->f, t->n, p + len, "全会") ||
       match_at (t->f, t->n, p + len, "常委会")))
    {
      *next = p + len;
      return FALSE;
    }

  /* 3个月 and 5个工作日 are durations; 四位一体 is an idiom. */
  if (g_str_equal (unit->unit, "个") &&
      (match_at (t->f, t->n, p + len, "月") || match_at (t->f, t->n, p + len, "工作日") ||
       match_at (t->f, t->n, p + len, "小时")))
    {
      *next = p + len;
      return FALSE;
    }
  if (chinese && p + len < t->n && is_cn_numeral (t->f[p + len]))
    {
      *next = p + len;
      return FALSE;
    }

  out->start = start;
  out->end = p + len;
  out->unit = unit;
  out->value = number_value (&num, 0);
  out->normalized = number_value (&num, exp10);

  return TRUE;
}

/* Copies folded characters at @idx into @pf. */
static void
gather (const Text  *t,
        const gsize *idx,
        gsize        m,
        gunichar    *pf)
{
  for (gsize k = 0; k < m; k++)
    pf[k] = t->f[idx[k]];
}

static char *
label_from (const Text  *t,
            const gsize *idx,
            gsize        a,
            gsize        m)
{
  g_autofree gunichar *chars = g_new (gunichar, m - a + 1);

  for (gsize k = a; k < m; k++)
    chars[k - a] = t->raw[idx[k]];
  return g_ucs4_to_utf8 (chars, m - a, NULL, NULL, NULL);
}

#define PHRASE_MAX 40

/* Adds the span from @q to @p (both inside brackets) to @idx, backwards. */
static gboolean
collect_bracket_back (const Text *t,
                      gsize      *k,
                      gsize       bound,
                      gunichar    open,
                      gsize      *idx,
                      gsize      *m)
{
  gsize q = *k - 1;

  while (q > bound && *k - q < 16)
    {
      q--;
      if (t->f[q] == '\n')
        return FALSE;
      if (t->f[q] == open)
        {
          for (gsize r = *k; r > q && *m < PHRASE_MAX; r--)
            if (!is_any_space (t->f[r - 1]))
              idx[(*m)++] = r - 1;
          *k = q;
          return TRUE;
        }
    }
  return FALSE;
}

/*
 * The noun phrase before a figure, back to the punctuation, digit or earlier
 * figure before it: 覆盖率达到93% → 覆盖率; 建成日间照料中心266个 →
 * 日间照料中心; 累计投入资金1.84亿元 → 资金.
 */
static char *
before_label (const Text *t,
              gsize       start,
              gsize       bound,
              gboolean   *hit_bound)
{
  gsize rev[PHRASE_MAX];
  gsize idx[PHRASE_MAX];
  gunichar pf[PHRASE_MAX];
  gsize m = 0, a = 0;
  gsize k = start;
  gboolean changed;

  while (k > bound && m < PHRASE_MAX)
    {
      gunichar c = t->f[k - 1];

      if (is_any_space (c))
        k--;
      else if (is_han (c))
        rev[m++] = --k;
      else if (c == ')' && collect_bracket_back (t, &k, bound, '(', rev, &m))
        ;
      else if (c == 0x201d && collect_bracket_back (t, &k, bound, 0x201c, rev, &m))
        ;
      else
        break;
    }
  *hit_bound = k <= bound;

  for (gsize r = 0; r < m; r++)
    idx[r] = rev[m - 1 - r];
  gather (t, idx, m, pf);

  /* 民办机构（含公建民营） → 民办机构 */
  if (m > 0 && pf[m - 1] == ')')
    for (gsize r = m - 1; r > 0; r--)
      if (pf[r - 1] == '(')
        {
          m = r - 1;
          break;
        }

  do
    {
      changed = FALSE;
      for (guint w = 0; w < G_N_ELEMENTS (before_trailing); w++)
        {
          gsize len = match_before (pf, m, before_trailing[w]);

          if (len > 0)
            {
              m -= len;
              changed = TRUE;
              break;
            }
        }
    }
  while (changed && m > 0);

  for (gssize e = (gssize) m - 2; e >= 1 && a == 0; e--)
    for (guint w = 0; w < G_N_ELEMENTS (before_cut); w++)
      if (match_before (pf, e, before_cut[w]) > 0)
        {
          a = e;
          break;
        }

  /* Prepositions and joins at the start: 从市本级福彩公益金 → 市本级福彩公益金,
   * but 从业人员 stays. */
  while (a < m)
    {
      gunichar c = pf[a];

      if ((c == 0x4ece /* 从 */ && !(a + 1 < m && pf[a + 1] == 0x4e1a /* 业 */)) ||
          c == 0x5c06 /* 将 */ || c == 0x5bf9 /* 对 */ || c == 0x5411 /* 向 */ ||
          c == 0x7531 /* 由 */ || c == 0x628a /* 把 */ || c == 0x6309 /* 按 */ ||
          c == 0x5728 /* 在 */ || c == 0x4e3a /* 为 */ || c == 0x548c /* 和 */ ||
          c == 0x4e0e /* 与 */ || c == 0x53ca /* 及 */ || c == 0x7b49 /* 等 */ ||
          c == 0x5171 /* 共 */ || c == 0x5df2 /* 已 */ || c == 0x5e76 /* 并 */)
        a++;
      else
        break;
    }

  if (m < a + 2)
    return NULL;
  /* 较“十三五”末增加29.8%: a change, its noun is elsewhere. */
  if (pf[a] == 0x8f83 /* 较 */ || pf[a] == 0x6bd4 /* 比 */)
    return NULL;
  if (m - a > 24)
    a = m - 24;

  return label_from (t, idx, a, m);
}

/*
 * The noun phrase after a figure's unit: 70个社区日间照料中心进行… →
 * 社区日间照料中心; 1980万元省级补助资金 → 省级补助资金.
 */
static char *
after_label (const Text *t,
             gsize       end,
             gsize      *label_end)
{
  gsize idx[PHRASE_MAX];
  gunichar pf[PHRASE_MAX];
  gsize m = 0;
  gsize p = skip_inline_space (t, end);
  gsize len;

  *label_end = end;

  if (p < t->n && t->f[p] == 0x7684 /* 的 */)
    p++;
  for (guint w = 0; w < G_N_ELEMENTS (after_leading); w++)
    if ((len = match_at (t->f, t->n, p, after_leading[w])) > 0)
      {
        p += len;
        break;
      }

  while (p < t->n && m < PHRASE_MAX)
    {
      gunichar c = t->f[p];

      /* Spaces inside a phrase are page breaks of the conversion. */
      if (is_any_space (c) && m > 0)
        p++;
      else if (is_han (c))
        idx[m++] = p++;
      else if (c == '(' && m > 0)
        {
          gsize q = p + 1;

          while (q < t->n && q - p < 16 && t->f[q] != ')' && t->f[q] != '\n')
            q++;
          if (q >= t->n || t->f[q] != ')' || m + (q - p + 1) > PHRASE_MAX)
            break;
          for (; p <= q; p++)
            idx[m++] = p;
        }
      else
        break;
    }

  gather (t, idx, m, pf);

  for (gsize k = 0; k < m; k++)
    for (guint w = 0; w < G_N_ELEMENTS (after_stop); w++)
      if (match_at (pf, m, k, after_stop[w]) > 0)
        {
          m = k;
          break;
        }

  /* 住养型养老机构中， → 住养型养老机构 */
  if (m > 0 && (pf[m - 1] == 0x4e2d /* 中 */ || pf[m - 1] == 0x5185 /* 内 */))
    m--;

  if (m < 2)
    return NULL;
  for (guint w = 0; w < G_N_ELEMENTS (after_reject); w++)
    if (match_at (pf, m, 0, after_reject[w]) == m)
      return NULL;
  if (m > 24)
    m = 24;

  *label_end = idx[m - 1] + 1;
  return label_from (t, idx, 0, m);
}

/**
 * dafu_figures_extract:
 * @text: (nullable): a letter's text, UTF-8
 *
 * Finds the key figures of a letter: counts, percentages, money and areas.
 *
 * The rules:
 * - a figure is a number followed by a unit or measure word (元, %, 平方米,
 *   个, 人, 张, 所, 家, 户, 次, 项 …); a bare number is none, so phone
 *   numbers, section numbers (1. 一、（二）), years and dates (2024年,
 *   5月8日), document numbers (〔2024〕40号, 第304号), ages (65岁) and
 *   durations (24小时, 15分钟, 3个月) are not figures;
 * - numbers after 第 or inside 〔〕 are not figures, nor are ratios and times
 *   (1:3), nor session numbers (四次会议);
 * - Arabic numbers may have decimals and ASCII thousands separators (1,980);
 *   full-width digits and ％ are folded;
 * - Chinese numerals count when a measure word follows (两个, 八个, 五种,
 *   十余家), except a lone 一 (一个, 一次性), numerals after 每, 第 or
 *   an opening quote (“十四五”, “三书一表”) and idioms (四位一体);
 * - 万, 亿 (and 百, 千 after digits) fold into the normalized value:
 *   1.84亿元 → 184000000; 余 and 多 (690余万元) are kept in the text, the
 *   value is the number written;
 * - a range (3-6万元, 2到4万元) is one figure with the range as its text and
 *   the first number as its value;
 * - 百分之九十三 is the percentage 93.
 *
 * The label is the noun phrase that names what the figure counts: for
 * counts, money and areas the phrase right after the unit if there is one
 * (70个社区日间照料中心, 1980万元省级补助资金), else the phrase before the
 * number without the verbs that join them (提供养老床位8354张 → 养老床位,
 * 覆盖率达到93% → 覆盖率); for percentages the phrase before. A figure joined
 * to the one before it (93%和80%) shares its label. %NULL when the sentence
 * names nothing.
 *
 * Returns: (transfer full) (element-type DafuFigure): the figures in text
 *   order; empty for %NULL, empty or invalid UTF-8 text
 */
GPtrArray *
dafu_figures_extract (const char *text)
{
  GPtrArray *figures = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree gunichar *raw = NULL;
  g_autofree gunichar *folded = NULL;
  g_autofree char *prev_label = NULL;
  gsize bound = 0;
  glong n = 0;
  Text t;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return figures;

  raw = g_utf8_to_ucs4_fast (text, -1, &n);
  folded = g_new (gunichar, n + 1);
  for (glong k = 0; k < n; k++)
    folded[k] = dafu_text_fold_char (raw[k]);
  folded[n] = 0;

  t.raw = raw;
  t.f = folded;
  t.n = n;

  for (gsize i = 0; i < t.n;)
    {
      Found found;
      gsize next;
      gsize label_end;
      gboolean hit = FALSE;
      g_autofree char *label = NULL;
      g_autofree char *written = NULL;

      if (!find_figure (&t, i, &found, &next))
        {
          i = next;
          continue;
        }

      label_end = found.end;
      if (found.unit->kind != DAFU_FIGURE_KIND_PERCENT)
        label = after_label (&t, found.end, &label_end);
      if (label == NULL)
        {
          label = before_label (&t, found.start, bound, &hit);
          if (label == NULL && hit && prev_label != NULL)
            label = g_strdup (prev_label);
        }
      if (label == NULL && found.unit->kind == DAFU_FIGURE_KIND_PERCENT)
        label = after_label (&t, found.end, &label_end);

      written = g_ucs4_to_utf8 (raw + found.start, found.end - found.start, NULL, NULL, NULL);
      g_ptr_array_add (figures,
                       dafu_figure_new (written, found.start, found.end,
                                        found.value, found.normalized,
                                        found.unit->unit, found.unit->kind, label));

      g_free (prev_label);
      prev_label = g_steal_pointer (&label);
      bound = MAX (found.end, label_end);
      i = found.end;
    }

  return figures;
}
