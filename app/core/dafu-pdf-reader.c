/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-pdf-reader"

#include "config.h"

#include "dafu-pdf-reader.h"

#include <glib/gi18n-lib.h>
#include <poppler.h>
#include <string.h>

/*
 * The text of a PDF letter, through poppler-glib: each page's text layer in
 * reading order (poppler_page_get_text()), in the house format of a
 * converted letter that the parser's repair pass expects: a paragraph a
 * line, a blank line between paragraphs, table rows as lines of
 * tab-separated cells. Pages are joined by a blank line; where a paragraph
 * goes on over a page break, the repair pass joins its two parts as it
 * does in text files.
 *
 * poppler gives a page's lines as printed, so a paragraph is several
 * lines. Where poppler also gives each character's place
 * (poppler_page_get_text_layout()), two lines are one paragraph when the
 * first reaches the right edge of the text, give or take two characters
 * (the line-breaking rules of Chinese move a character and the comma after
 * it to the next line), and
 * the next starts at the left edge, not indented as a paragraph's first
 * line is. The edges are the leftmost and rightmost that several lines of
 * the document share, so a centred title, a right-aligned signature or a
 * short last page do not move them. Lines side by side on one row (table
 * cells) become one line with tabs between the cells, as do wide gaps
 * inside a line. A page number alone on the first or last line of a page
 * ("— 2 —", "第 2 页") is page furniture and left out. Without the
 * characters' places, each printed line stays a paragraph of its own.
 *
 * A scanned letter has pages that are pictures, without a text layer; it
 * is reported as such rather than imported empty.
 */

/* Lines that must share an edge for it to count as the text's edge. */
#define EDGE_SUPPORT 3
/* The narrowest text, in characters, whose lines are joined. */
#define MIN_TEXT_CHARS 12

typedef struct
{
  const char *start;     /* in the page's text */
  const char *end;
  guint       first;     /* index of its first character in the page */
  double      x1, x2;    /* the outer edges of its first and last ink */
  double      y1, y2;
  gboolean    has_ink;
  gboolean    tabular;   /* a table row: cells side by side, or wide gaps */
  gboolean    furniture; /* a page number */
} Line;

/* Lines side by side, left to right: a line of text, or a table row. */
typedef struct
{
  GPtrArray *lines;      /* of Line, in the page's lines */
  double     x1, x2;
  double     y1, y2;
  gboolean   tabular;
} Row;

typedef struct
{
  char             *text;
  PopplerRectangle *rects;   /* one per character of text, or NULL */
  GArray           *lines;
  GArray           *rows;
} Page;

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_clear_pointer (&row->lines, g_ptr_array_unref);
}

static void
page_clear (gpointer data)
{
  Page *page = data;

  g_free (page->text);
  g_free (page->rects);
  g_clear_pointer (&page->rows, g_array_unref);
  g_clear_pointer (&page->lines, g_array_unref);
}

/* Some PDF writers map CJK glyphs to the Kangxi radicals (⾏ U+2F8F for
 * 行 U+884C), which look the same but are not found by a search for the
 * character. Each becomes the ideograph it stands for; other compatibility
 * forms (full-width punctuation) are kept, since the parser reads them. */
static gunichar
unify_radical (gunichar c)
{
  gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];

  if ((c >= 0x2e80 && c <= 0x2eff) || (c >= 0x2f00 && c <= 0x2fdf))
    {
      if (g_unichar_fully_decompose (c, TRUE, decomposed, G_N_ELEMENTS (decomposed)) == 1)
        return decomposed[0];
    }
  return c;
}

/* Whether @c is a character of the text, not room between characters. */
static gboolean
is_ink (gunichar c)
{
  return !g_unichar_isspace (c) && !g_unichar_iscntrl (c) && c != 0x3000 && c != 0xfeff;
}

static gboolean
is_line_break (gunichar c)
{
  return c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return (da > db) - (da < db);
}

/* A page number alone: digits among dashes, spaces and 第…页 / 共…页. */
static gboolean
is_page_number (const char *start,
                const char *end)
{
  guint digits = 0;

  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80 && g_ascii_isdigit (c))
        digits++;
      else if (!(g_unichar_isspace (c) || c == 0x3000 || c == '-' || c == '/' ||
                 c == 0x2014 || c == 0x2013 || c == 0x2015 || c == 0xff0d ||
                 c == 0x2500 || c == 0x7b2c || c == 0x9875 || c == 0x5171))
        return FALSE;
    }
  return digits > 0 && digits <= 8;
}

/* Reads a page's text and cuts it into lines with their places. */
static void
read_page (Page        *page,
           PopplerPage *poppler_page,
           GArray      *em_widths)
{
  guint n_rects = 0;
  Line line = { 0 };
  guint k = 0;

  page->lines = g_array_new (FALSE, TRUE, sizeof (Line));
  page->text = poppler_page_get_text (poppler_page);
  if (page->text == NULL || !g_utf8_validate (page->text, -1, NULL))
    {
      g_clear_pointer (&page->text, g_free);
      return;
    }

  /* One rectangle for each character of the text, line breaks included;
   * anything else and the places are not used. */
  if (!poppler_page_get_text_layout (poppler_page, &page->rects, &n_rects) ||
      n_rects != (guint) g_utf8_strlen (page->text, -1))
    g_clear_pointer (&page->rects, g_free);

  line.start = page->text;
  for (const char *p = page->text;; p = g_utf8_next_char (p), k++)
    {
      gunichar c = g_utf8_get_char (p);
      const PopplerRectangle *r;

      if (c == '\0' || is_line_break (c))
        {
          line.end = p;
          g_array_append_val (page->lines, line);
          if (c == '\0')
            break;
          memset (&line, 0, sizeof line);
          line.start = g_utf8_next_char (p);
          line.first = k + 1;
          continue;
        }
      if (!is_ink (c))
        continue;
      if (page->rects == NULL)
        {
          line.has_ink = TRUE;
          continue;
        }

      r = &page->rects[k];
      if (!line.has_ink)
        {
          line.x1 = r->x1;
          line.y1 = r->y1;
          line.y2 = r->y2;
        }
      line.has_ink = TRUE;
      line.x2 = r->x2;
      line.y1 = MIN (line.y1, r->y1);
      line.y2 = MAX (line.y2, r->y2);

      /* A Chinese character is as wide as the font is large: the unit of
       * the measures below. */
      if (c >= 0x2e80 && r->x2 > r->x1)
        {
          double w = r->x2 - r->x1;

          g_array_append_val (em_widths, w);
        }
    }

  /* A page number on the page's top or bottom line: the highest and the
   * lowest when the places are known, else the first and the last. */
  {
    Line *top = NULL, *bottom = NULL;

    for (guint i = 0; i < page->lines->len; i++)
      {
        Line *l = &g_array_index (page->lines, Line, i);

        if (!l->has_ink)
          continue;
        if (top == NULL || (page->rects != NULL && l->y1 < top->y1))
          top = l;
        if (bottom == NULL || page->rects == NULL || l->y1 >= bottom->y1)
          bottom = l;
      }
    if (top != NULL)
      top->furniture = is_page_number (top->start, top->end);
    if (bottom != NULL)
      bottom->furniture = is_page_number (bottom->start, bottom->end);
  }
}

/* Whether @b stands beside @a on its row. */
static gboolean
same_row (const Line *a,
          const Line *b)
{
  double ca = (a->y1 + a->y2) / 2, cb = (b->y1 + b->y2) / 2;

  return ca > b->y1 && ca < b->y2 && cb > a->y1 && cb < a->y2 &&
         (b->x1 >= a->x2 || b->x2 <= a->x1);
}

static int
compare_line_x (gconstpointer a,
                gconstpointer b)
{
  const Line *la = *(const Line **) a, *lb = *(const Line **) b;

  return (la->x1 > lb->x1) - (la->x1 < lb->x1);
}

/* Puts the page's lines into rows. poppler reads a table column by column
 * (the cells of a column are a block to it); the cells of a row are put
 * back side by side here. A line with gaps wider than one and a half
 * characters is a row of cells too. The rows keep poppler's order, each
 * where its first line was. */
static void
find_rows (Page   *page,
           double  em)
{
  guint n = page->lines != NULL ? page->lines->len : 0;
  g_autofree gboolean *placed = g_new0 (gboolean, n);
  /* Rows are looked for among this many lines at most: a page of a letter
   * has a few dozen. */
  gboolean by_place = page->rects != NULL && em > 0 && n <= 4096;

  page->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (page->rows, row_clear);

  for (guint i = 0; i < n; i++)
    {
      Line *l = &g_array_index (page->lines, Line, i);
      Row row = { 0 };

      if (!l->has_ink || l->furniture || placed[i])
        continue;

      row.lines = g_ptr_array_new ();
      g_ptr_array_add (row.lines, l);
      placed[i] = TRUE;

      for (guint j = i + 1; by_place && j < n; j++)
        {
          Line *other = &g_array_index (page->lines, Line, j);
          gboolean beside = other->has_ink && !other->furniture && !placed[j];

          for (guint m = 0; beside && m < row.lines->len; m++)
            beside = same_row (g_ptr_array_index (row.lines, m), other);
          if (beside)
            {
              g_ptr_array_add (row.lines, other);
              placed[j] = TRUE;
            }
        }
      g_ptr_array_sort (row.lines, compare_line_x);

      row.tabular = row.lines->len > 1;
      row.x1 = ((Line *) g_ptr_array_index (row.lines, 0))->x1;
      row.x2 = ((Line *) g_ptr_array_index (row.lines, row.lines->len - 1))->x2;
      row.y1 = l->y1;
      row.y2 = l->y2;

      /* Wide gaps inside a line. */
      for (guint m = 0; by_place && m < row.lines->len; m++)
        {
          const Line *member = g_ptr_array_index (row.lines, m);
          double prev_x2 = 0;
          gboolean have_prev = FALSE;
          guint k = member->first;

          for (const char *p = member->start; p < member->end; p = g_utf8_next_char (p), k++)
            {
              if (!is_ink (g_utf8_get_char (p)))
                continue;
              if (have_prev && page->rects[k].x1 - prev_x2 > 1.5 * em)
                row.tabular = TRUE;
              prev_x2 = page->rects[k].x2;
              have_prev = TRUE;
            }
        }

      g_array_append_val (page->rows, row);
    }
}

/* The leftmost (@rightmost: rightmost) value that at least EDGE_SUPPORT of
 * @values lie within @tolerance of. */
static gboolean
find_edge (GArray   *values,
           double    tolerance,
           gboolean  rightmost,
           double   *edge)
{
  gboolean found = FALSE;

  g_array_sort (values, compare_doubles);
  for (guint i = 0, j = 0; i < values->len; i++)
    {
      double vi = g_array_index (values, double, i);

      while (g_array_index (values, double, j) < vi - tolerance)
        j++;
      /* values[j..i] lie within tolerance of each other */
      if (i - j + 1 >= EDGE_SUPPORT)
        {
          double v = rightmost ? vi : g_array_index (values, double, j);

          if (!found || rightmost)
            *edge = v;
          found = TRUE;
          if (!rightmost)
            return TRUE;
        }
    }
  return found;
}

/* Appends the characters of @l: radicals unified, control characters
 * dropped, a wide gap between two characters as a tab. */
static void
append_line (GString    *out,
             const Page *page,
             const Line *l,
             double      em)
{
  double prev_x2 = 0;
  gboolean have_prev = FALSE, gap = FALSE;
  guint k = l->first;

  for (const char *p = l->start; p < l->end; p = g_utf8_next_char (p), k++)
    {
      gunichar c = g_utf8_get_char (p);

      if (!is_ink (c))
        {
          gap = have_prev;
          continue;
        }
      /* poppler puts a space where it sees one, or none between two
       * Chinese characters however far apart. */
      if (have_prev && page->rects != NULL && em > 0 &&
          page->rects[k].x1 - prev_x2 > 1.5 * em)
        g_string_append_c (out, '\t');
      else if (gap)
        g_string_append_c (out, ' ');
      g_string_append_unichar (out, unify_radical (c));
      if (page->rects != NULL)
        prev_x2 = page->rects[k].x2;
      have_prev = TRUE;
      gap = FALSE;
    }
}

/**
 * dafu_pdf_sniff:
 * @bytes: a file's contents
 *
 * Returns: whether @bytes start as a PDF file does, with `%PDF-`
 */
gboolean
dafu_pdf_sniff (GBytes *bytes)
{
  gsize size;
  const char *data;

  g_return_val_if_fail (bytes != NULL, FALSE);

  data = g_bytes_get_data (bytes, &size);
  return size >= 5 && memcmp (data, "%PDF-", 5) == 0;
}

/**
 * dafu_pdf_extract_text:
 * @bytes: the contents of a PDF file
 * @error: return location for a #GIOError: %G_IO_ERROR_NOT_SUPPORTED for a
 *   scanned PDF (pages without a text layer), %G_IO_ERROR_PERMISSION_DENIED
 *   for one that needs a password, %G_IO_ERROR_INVALID_DATA for a damaged
 *   one or not a PDF at all
 *
 * Reads the text of a PDF: each page's text in reading order, a paragraph
 * a line with a blank line between paragraphs, table rows as lines of
 * tab-separated cells, without page numbers; the pages joined by a blank
 * line.
 *
 * Returns: (transfer full): the text, UTF-8 with `\n` line ends, or %NULL
 *   with @error set
 */
char *
dafu_pdf_extract_text (GBytes  *bytes,
                       GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GArray) pages = NULL;
  g_autoptr(GArray) em_widths = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lefts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rights = g_array_new (FALSE, FALSE, sizeof (double));
  PopplerDocument *document;
  gboolean joinable = FALSE;
  double em = 0, left = 0, right = 0;
  int n_pages;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  document = poppler_document_new_from_bytes (bytes, NULL, &local_error);
  if (document == NULL)
    {
      if (g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                             _("The PDF is protected with a password, so Dafu cannot read it. Save a copy without the password and import that."));
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("The PDF is damaged or is not a PDF file, so Dafu cannot read it (%s)."),
                     local_error != NULL ? local_error->message : "?");
      return NULL;
    }

  n_pages = poppler_document_get_n_pages (document);
  if (n_pages <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The PDF has no pages."));
      g_object_unref (document);
      return NULL;
    }

  pages = g_array_sized_new (FALSE, TRUE, sizeof (Page), n_pages);
  g_array_set_clear_func (pages, page_clear);
  g_array_set_size (pages, n_pages);
  for (int i = 0; i < n_pages; i++)
    {
      PopplerPage *poppler_page = poppler_document_get_page (document, i);

      if (poppler_page == NULL)
        continue;
      read_page (&g_array_index (pages, Page, i), poppler_page, em_widths);
      g_object_unref (poppler_page);
    }
  g_object_unref (document);

  /* The measures of the text, over the whole letter. */
  if (em_widths->len > 0)
    {
      g_array_sort (em_widths, compare_doubles);
      em = g_array_index (em_widths, double, em_widths->len / 2);
    }
  for (int i = 0; i < n_pages; i++)
    {
      Page *page = &g_array_index (pages, Page, i);

      find_rows (page, em);
      for (guint j = 0; em > 0 && page->rects != NULL && j < page->rows->len; j++)
        {
          const Row *row = &g_array_index (page->rows, Row, j);

          if (row->tabular)
            continue;
          g_array_append_val (lefts, row->x1);
          g_array_append_val (rights, row->x2);
        }
    }
  joinable = em > 0 &&
             find_edge (lefts, em / 2, FALSE, &left) &&
             find_edge (rights, em, TRUE, &right) &&
             right - left >= MIN_TEXT_CHARS * em;

  text = g_string_new (NULL);
  for (int i = 0; i < n_pages; i++)
    {
      Page *page = &g_array_index (pages, Page, i);
      gboolean page_joinable = joinable && page->rects != NULL;
      const Row *last = NULL;

      for (guint j = 0; j < page->rows->len; j++)
        {
          const Row *row = &g_array_index (page->rows, Row, j);

          if (last != NULL)
            {
              if (page_joinable && !last->tabular && !row->tabular &&
                  last->x2 >= right - 2.5 * em &&
                  last->x1 <= left + 2.5 * em &&
                  row->x1 <= left + em / 2 &&
                  row->y1 > last->y1 &&
                  row->y1 - last->y2 < last->y2 - last->y1)
                {
                  /* One paragraph: joined, with a space only between two
                   * words in Latin script. */
                  const Line *l = g_ptr_array_index (row->lines, 0);
                  gunichar a = g_utf8_get_char (g_utf8_find_prev_char (text->str, text->str + text->len));
                  gunichar b = g_utf8_get_char (l->start + strspn (l->start, " "));

                  if (a < 0x80 && g_ascii_isalnum (a) && b < 0x80 && g_ascii_isalnum (b))
                    g_string_append_c (text, ' ');
                }
              else
                g_string_append (text, last->tabular && row->tabular ? "\n" : "\n\n");
            }
          for (guint m = 0; m < row->lines->len; m++)
            {
              if (m > 0)
                g_string_append_c (text, '\t');
              append_line (text, page, g_ptr_array_index (row->lines, m), em);
            }
          last = row;
        }
      if (last != NULL)
        g_string_append (text, "\n\n");
    }

  if (text->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The PDF is a scan: its pages are pictures without a text layer, so Dafu cannot read the letter. Run text recognition (OCR) on it first, or import the letter’s Word or text file."));
      return NULL;
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}
