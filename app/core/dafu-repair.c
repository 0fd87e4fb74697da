/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-repair"

#include "config.h"

#include "dafu-repair.h"

#include <string.h>

#include "dafu-parser-private.h"
#include "dafu-text.h"

/* The repair pass turns text converted from PDF, Word or web pages into the
 * house format: one line per paragraph (or per table row, list item or
 * header line), one blank line between paragraphs, no markup. Every step
 * looks at each line a bounded number of times, so the pass is linear in the
 * size of the input. */

/* Page breaks may leave this many blank lines inside a sentence. */
#define MAX_SPLIT_BLANKS 2
/* A paragraph part shorter than this (in characters) and without a comma is
 * a header line, an office or a name, never the first half of a sentence. */
#define MIN_SPLIT_CHARS 20

static const struct {
  const char *name;
  const char *text;
} entities[] = {
  { "nbsp", " " }, { "ensp", " " }, { "emsp", " " }, { "thinsp", " " },
  { "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" },
  { "apos", "'" }, { "ldquo", "“" }, { "rdquo", "”" }, { "lsquo", "‘" },
  { "rsquo", "’" }, { "mdash", "—" }, { "ndash", "–" }, { "hellip", "…" },
  { "middot", "·" }, { "times", "×" }, { "divide", "÷" }, { "deg", "°" },
  { "yen", "¥" }, { "copy", "©" }, { "reg", "®" }, { "bull", "•" },
  { "laquo", "«" }, { "raquo", "»" }, { "permil", "‰" },
};

/* Block-level tags become line breaks, cells tabs, inline tags nothing. */
static const struct {
  const char *name;
  const char *text;
} tags[] = {
  { "br", "\n" }, { "p", "\n" }, { "div", "\n" }, { "tr", "\n" },
  { "li", "\n" }, { "ul", "\n" }, { "ol", "\n" }, { "table", "\n" },
  { "tbody", "" }, { "thead", "" }, { "section", "\n" }, { "article", "\n" },
  { "center", "\n" }, { "h1", "\n" }, { "h2", "\n" }, { "h3", "\n" },
  { "h4", "\n" }, { "h5", "\n" }, { "h6", "\n" }, { "td", "\t" },
  { "th", "\t" }, { "span", "" }, { "strong", "" }, { "b", "" }, { "em", "" },
  { "i", "" }, { "u", "" }, { "font", "" }, { "sup", "" }, { "sub", "" },
  { "o:p", "" },
};

static gboolean
decode_entity (const char  *p,
               GString     *out,
               const char **end)
{
  const char *q = p + 1;
  char name[12];
  gsize n = 0;

  if (*q == '#')
    {
      gboolean hex = q[1] == 'x' || q[1] == 'X';
      guint64 value = 0;
      int digits = 0;

      q += hex ? 2 : 1;
      while (digits < 8 && (hex ? g_ascii_isxdigit (*q) : g_ascii_isdigit (*q)))
        {
          value = value * (hex ? 16 : 10) + (hex ? g_ascii_xdigit_value (*q) : *q - '0');
          q++;
          digits++;
        }
      if (digits == 0 || *q != ';' || value == 0 || value > 0x10ffff ||
          !g_unichar_validate ((gunichar) value) ||
          (value < 0x20 && value != '\n' && value != '\t'))
        return FALSE;
      g_string_append_unichar (out, value == 0xa0 ? ' ' : (gunichar) value);
      *end = q + 1;
      return TRUE;
    }

  while (n < sizeof name - 1 && g_ascii_isalnum (*q))
    name[n++] = *q++;
  name[n] = '\0';
  if (n < 2)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    if (strcmp (name, entities[i].name) == 0)
      {
        /* `&nbsp` without its `;` is common in copied pages. */
        if (*q == ';')
          q++;
        else if (i != 0)
          return FALSE;
        g_string_append (out, entities[i].text);
        *end = q;
        return TRUE;
      }

  return FALSE;
}

static gboolean
decode_tag (const char  *p,
            GString     *out,
            const char **end)
{
  const char *q = p + 1;
  char name[8];
  gsize n = 0;

  if (*q == '/')
    q++;
  while (n < sizeof name - 1 && (g_ascii_isalnum (*q) || *q == ':'))
    name[n++] = g_ascii_tolower (*q++);
  name[n] = '\0';
  if (n == 0 || (*q != '>' && *q != ' ' && *q != '/' && *q != '\t'))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    if (strcmp (name, tags[i].name) == 0)
      {
        /* The attributes end at the first `>` on the same line. */
        for (int k = 0; k < 400 && *q && *q != '\n' && *q != '<'; k++, q++)
          if (*q == '>')
            {
              g_string_append (out, tags[i].text);
              *end = q + 1;
              return TRUE;
            }
        return FALSE;
      }

  return FALSE;
}

/* Line ends, HTML comments, entities and tags, over the whole text. */
static GString *
preprocess (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 16);
  gboolean comments_closed = TRUE;

  for (const char *p = text; *p;)
    {
      const char *end;

      if (*p == '\r')
        {
          g_string_append_c (out, '\n');
          p += p[1] == '\n' ? 2 : 1;
        }
      else if (*p == '\f' || *p == '\v')
        {
          g_string_append_c (out, '\n');
          p++;
        }
      else if (*p == '<' && comments_closed && strncmp (p, "<!--", 4) == 0)
        {
          const char *close = strstr (p + 4, "-->");

          if (close == NULL)
            {
              /* No comment ends after this point: keep the rest as text. */
              comments_closed = FALSE;
              g_string_append_c (out, *p++);
            }
          else
            p = close + 3;
        }
      else if (*p == '&' && decode_entity (p, out, &end))
        p = end;
      else if (*p == '<' && decode_tag (p, out, &end))
        p = end;
      else
        g_string_append_c (out, *p++);
    }

  return out;
}

static gboolean
is_separator_cell (const char *cell)
{
  gboolean dash = FALSE;

  for (const char *p = cell; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '-' || c == 0x2014 || c == 0x2500 || c == 0xff0d || c == '=')
        dash = TRUE;
      else if (c != ':' && !dafu_text_is_space (c))
        return FALSE;
    }
  return dash;
}

/* A line of only rule marks: `---`, `***`, `___`, `———`. */
static gboolean
is_rule (const char *line)
{
  int marks = 0;

  for (const char *p = line; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '-' || c == '*' || c == '_' || c == '=' || c == 0x2014 ||
          c == 0x2015 || c == 0x2500 || c == 0x2501 || c == 0xff0d)
        marks++;
      else if (!dafu_text_is_space (c))
        return FALSE;
    }
  return marks >= 3;
}

/* Removes markdown emphasis (`**`, `***`), backslash escapes and
 * zero-width characters; turns no-break spaces into spaces. */
static char *
strip_inline (const char *s,
              gsize       len)
{
  GString *out = g_string_sized_new (len);
  const char *end = s + len;

  for (const char *p = s; p < end;)
    {
      gunichar c = g_utf8_get_char (p);

      if (*p == '*' && p + 1 < end && p[1] == '*')
        {
          while (p < end && *p == '*')
            p++;
          continue;
        }
      if (*p == '\\' && p + 1 < end && g_ascii_ispunct (p[1]))
        {
          g_string_append_c (out, p[1]);
          p += 2;
          continue;
        }
      if (c == 0x200b || c == 0x200c || c == 0x200d || c == 0xfeff)
        ;
      else if (c == 0xa0)
        g_string_append_c (out, ' ');
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }

  return dafu_parser_strip (g_string_free (out, FALSE));
}

typedef enum {
  CLEAN_BLANK,
  CLEAN_DROP,
  CLEAN_TEXT,
} CleanResult;

/* Splits a table row into cells; drops empty cells. */
static CleanResult
clean_table_row (const char     *line,
                 char            separator,
                 DafuRepairLine *out)
{
  g_auto(GStrv) cells = NULL;
  GString *joined = g_string_new (NULL);
  guint n = 0;
  gboolean all_separators = TRUE;
  char sep[2] = { separator, '\0' };

  cells = g_strsplit (line, sep, -1);
  for (guint i = 0; cells[i]; i++)
    {
      g_autofree char *cell = strip_inline (cells[i], strlen (cells[i]));

      if (*cell == '\0')
        continue;
      if (!is_separator_cell (cell))
        all_separators = FALSE;
      if (n++ > 0)
        g_string_append (joined, "　");
      g_string_append (joined, cell);
    }

  if (n == 0 || all_separators)
    {
      g_string_free (joined, TRUE);
      return n == 0 ? CLEAN_BLANK : CLEAN_DROP;
    }

  out->text = g_string_free (joined, FALSE);
  out->flags = n > 1 ? DAFU_REPAIR_LINE_TABLE : 0;
  return CLEAN_TEXT;
}

static CleanResult
clean_line (const char     *start,
            gsize           len,
            DafuRepairLine *out)
{
  g_autofree char *line = dafu_parser_strip (g_strndup (start, len));
  const char *p = line;
  const char *bold_end;
  g_autofree char *bold = NULL;

  memset (out, 0, sizeof *out);

  if (*p == '\0')
    return CLEAN_BLANK;

  if (strchr (p, '\t') != NULL)
    return clean_table_row (p, '\t', out);
  if (*p == '|' && strchr (p + 1, '|') != NULL)
    return clean_table_row (p, '|', out);

  if (is_rule (p))
    return CLEAN_BLANK;

  /* Markdown headings (`## 标题`), quotes (`> `) and list bullets (`- `). */
  if (*p == '#')
    {
      const char *q = p;

      while (*q == '#' && q - p < 6)
        q++;
      if (*q == '\0' || *q == ' ' || *q == '\t')
        p = dafu_parser_skip_space (q);
    }
  while (*p == '>' && (p[1] == ' ' || p[1] == '\0'))
    p = dafu_parser_skip_space (p + 1);
  if ((*p == '-' || *p == '+' || (*p == '*' && p[1] != '*')) && p[1] == ' ')
    p = dafu_parser_skip_space (p + 1);

  /* A bold run at the start of the line is a heading or a run-in heading. */
  if (p[0] == '*' && p[1] == '*')
    {
      const char *inner = p;

      while (*inner == '*')
        inner++;
      bold_end = strstr (inner, "**");
      if (bold_end != NULL)
        bold = strip_inline (inner, bold_end - inner);
    }

  out->text = strip_inline (p, strlen (p));
  if (out->text[0] == '\0')
    {
      g_clear_pointer (&out->text, g_free);
      return CLEAN_BLANK;
    }

  /* Markdown heading with a closing sequence: `## 标题 ##` */
  if (p != line && g_str_has_suffix (out->text, "#"))
    {
      char *e = out->text + strlen (out->text);

      while (e > out->text && e[-1] == '#')
        e--;
      if (e > out->text && (e[-1] == ' ' || e[-1] == '\t'))
        {
          *e = '\0';
          dafu_parser_strip (out->text);
        }
    }

  if (bold != NULL && *bold != '\0' && g_str_has_prefix (out->text, bold))
    out->bold_len = strlen (bold);

  return CLEAN_TEXT;
}

static gboolean
has_comma (const char *s)
{
  return strstr (s, "，") != NULL || strstr (s, "、") != NULL || strchr (s, ',') != NULL;
}

/* A line that stands on its own: a heading without a full stop, a title, a
 * header field, a date, a 文号, an office, a bracketed note. Only bounded
 * work is done for long lines. */
static gboolean
is_standalone (const char *text,
               glong       n_chars,
               gboolean    period)
{
  DafuMarker marker;
  gunichar first, last;

  if (n_chars > 150)
    return FALSE;

  marker = dafu_parser_heading_marker (text);
  if (marker != DAFU_MARKER_NONE && marker != DAFU_MARKER_ITEM_ABOUT &&
      !period && n_chars <= 60)
    return TRUE;

  if (dafu_parser_is_title_line (text, n_chars))
    return TRUE;
  if (g_str_has_prefix (text, "关于") && !period &&
      (g_str_has_suffix (text, "答复") || g_str_has_suffix (text, "答复函") ||
       g_str_has_suffix (text, "的函") || g_str_has_suffix (text, "的建议") ||
       g_str_has_suffix (text, "的提案")))
    return TRUE;

  if (dafu_parser_is_field_line (text, n_chars) ||
      dafu_parser_is_date_line (text, n_chars, NULL, NULL) ||
      dafu_parser_is_doc_line (text, n_chars) ||
      dafu_parser_is_office (text, -1))
    return TRUE;

  first = g_utf8_get_char (text);
  last = dafu_parser_last_char (text);
  if ((first == 0xff08 || first == '(') && (last == 0xff09 || last == ')'))
    return TRUE;

  return FALSE;
}

typedef struct {
  DafuRepairLine line;     /* line.text is NULL while buf holds it */
  GString       *buf;
  gboolean       period;   /* contains 。 */
  gboolean       comma;    /* contains ， 、 or , */
  gboolean       standalone;
} Paragraph;

/* Whether the end of @a, a blank line or two and @b are one sentence cut by
 * a page break. */
static gboolean
is_page_split (const Paragraph *a,
               const Paragraph *b)
{
  gunichar last, before_last = 0;
  const char *end, *prev;

  if ((a->line.flags | b->line.flags) & DAFU_REPAIR_LINE_TABLE)
    return FALSE;
  if (a->standalone || b->standalone)
    return FALSE;
  if (dafu_parser_heading_marker (b->line.text) != DAFU_MARKER_NONE)
    return FALSE;
  if (a->line.n_chars < MIN_SPLIT_CHARS && !a->comma)
    return FALSE;

  end = a->buf->str + a->buf->len;
  prev = g_utf8_find_prev_char (a->buf->str, end);
  last = g_utf8_get_char (prev);
  if (prev > a->buf->str)
    before_last = g_utf8_get_char (g_utf8_find_prev_char (a->buf->str, prev));

  if (dafu_parser_is_terminal (last))
    return FALSE;
  /* 。” 。） */
  if ((last == 0x201d || last == 0x2019 || last == 0xff09 || last == ')' ||
       last == 0x300d || last == 0x300f || last == 0x300b) &&
      dafu_parser_is_terminal (before_last))
    return FALSE;

  return TRUE;
}

static void
paragraph_join (Paragraph *a,
                Paragraph *b)
{
  char last = a->buf->len > 0 ? a->buf->str[a->buf->len - 1] : 0;
  char first = b->line.text[0];

  /* Words in Latin script keep a space between them. */
  if (g_ascii_isalnum (last) && g_ascii_isalnum (first))
    {
      g_string_append_c (a->buf, ' ');
      a->line.n_chars++;
    }
  g_string_append (a->buf, b->line.text);
  a->line.n_chars += b->line.n_chars;
  a->period = a->period || b->period;
  a->comma = a->comma || b->comma;
  a->standalone = FALSE;
  g_clear_pointer (&b->line.text, g_free);
}

static void
repair_line_free (gpointer data)
{
  DafuRepairLine *line = data;

  g_free (line->text);
  g_free (line);
}

/**
 * dafu_repair_lines: (skip)
 * @text: UTF-8 text (invalid bytes are replaced)
 *
 * The repair pass, as lines: see dafu_repair_text().
 *
 * Returns: (transfer full) (element-type DafuRepairLine): the repaired lines
 */
GPtrArray *
dafu_repair_lines (const char *text)
{
  g_autofree char *valid = NULL;
  GString *pre;
  GPtrArray *lines;
  Paragraph last = { { 0, } };
  gboolean have_last = FALSE;
  guint blanks = 0;

  g_return_val_if_fail (text != NULL, NULL);

  valid = g_utf8_make_valid (text, -1);
  pre = preprocess (valid);
  lines = g_ptr_array_new_with_free_func (repair_line_free);

  for (const char *p = pre->str; *p;)
    {
      const char *nl = strchr (p, '\n');
      gsize len = nl != NULL ? (gsize) (nl - p) : strlen (p);
      Paragraph cur = { { 0, } };

      switch (clean_line (p, len, &cur.line))
        {
        case CLEAN_BLANK:
          blanks++;
          break;

        case CLEAN_DROP:
          break;

        case CLEAN_TEXT:
          cur.line.n_chars = g_utf8_strlen (cur.line.text, -1);
          cur.period = strstr (cur.line.text, "。") != NULL;
          cur.comma = has_comma (cur.line.text);
          cur.standalone = is_standalone (cur.line.text, cur.line.n_chars, cur.period);

          if (have_last && blanks >= 1 && blanks <= MAX_SPLIT_BLANKS &&
              is_page_split (&last, &cur))
            {
              paragraph_join (&last, &cur);
            }
          else
            {
              if (have_last)
                {
                  last.line.text = g_string_free (last.buf, FALSE);
                  g_ptr_array_add (lines, g_memdup2 (&last.line, sizeof last.line));
                }
              if (have_last && blanks > 0)
                cur.line.flags |= DAFU_REPAIR_LINE_PARA_START;
              last = cur;
              last.buf = g_string_new (cur.line.text);
              g_clear_pointer (&last.line.text, g_free);
              have_last = TRUE;
            }
          blanks = 0;
          break;

        default:
          g_assert_not_reached ();
        }

      p += len;
      if (*p == '\n')
        p++;
    }

  if (have_last)
    {
      last.line.text = g_string_free (last.buf, FALSE);
      g_ptr_array_add (lines, g_memdup2 (&last.line, sizeof last.line));
    }

  g_string_free (pre, TRUE);
  return lines;
}

/**
 * dafu_repair_lines_to_text: (skip)
 * @lines: (element-type DafuRepairLine): lines from dafu_repair_lines()
 *
 * Returns: (transfer full): the lines in the house format
 */
char *
dafu_repair_lines_to_text (GPtrArray *lines)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      const DafuRepairLine *line = g_ptr_array_index (lines, i);

      if (i > 0)
        g_string_append (out, (line->flags & DAFU_REPAIR_LINE_PARA_START) ? "\n\n" : "\n");
      g_string_append (out, line->text);
    }
  if (out->len > 0)
    g_string_append_c (out, '\n');

  return g_string_free (out, FALSE);
}

/**
 * dafu_repair_text:
 * @text: UTF-8 text of a letter as converted from PDF, Word or a web page
 *
 * Repairs the damage that conversion leaves: removes markdown marks (`#`
 * headings, `**bold**`, `---` rules), HTML comments, tags and entities;
 * turns tab-separated and markdown tables into one line per row (cells
 * joined by a full-width space, separator rows dropped); joins sentences cut
 * by a page break (a line that ends mid-sentence, a blank line, the rest);
 * strips white space at the ends of lines and collapses blank lines, so that
 * paragraphs are separated by exactly one blank line.
 *
 * Headings, titles, header fields (文号, 签发人, 类别), offices, dates and
 * bracketed notes are never joined to the next line. Linear in the size of
 * @text.
 *
 * Returns: (transfer full): the repaired text
 */
char *
dafu_repair_text (const char *text)
{
  g_autoptr(GPtrArray) lines = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  lines = dafu_repair_lines (text);
  return dafu_repair_lines_to_text (lines);
}
