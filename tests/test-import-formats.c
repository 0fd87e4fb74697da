/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dafu-test-util.h"

#include <archive.h>
#include <archive_entry.h>
#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "dafu-consultation.h"
#include "dafu-docx-reader.h"
#include "dafu-import-report.h"
#include "dafu-letter.h"
#include "dafu-library.h"
#include "dafu-parser.h"
#include "dafu-pdf-reader.h"

/* Word and PDF letters: the readers on small documents made here, and the
 * five samples as .docx and .pdf files (made here too, with libarchive and
 * with Cairo and Pango) imported into a library with the fields of the
 * text originals. */

static const char * const samples[] = {
  "changzhi-2025-59.txt",
  "jincheng-444.txt",
  "xianyang-2024-39.txt",
  "xianyang-2024-40.txt",
  "yulin-2021-114.txt",
};

/* ----------------------------------------------------------------------- *
 * Making .docx files
 * ----------------------------------------------------------------------- */

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

typedef struct {
  const char *name;
  const char *data;
  gsize       len;   /* 0: strlen (data) */
} ZipPart;

static la_ssize_t
zip_write_cb (struct archive *a,
              void           *user_data,
              const void     *buffer,
              size_t          length)
{
  g_byte_array_append (user_data, buffer, length);
  return length;
}

/* A zip of @parts, deflated or (@stored) not compressed. */
static GBytes *
zip_new (const ZipPart *parts,
         guint          n_parts,
         gboolean       stored)
{
  GByteArray *out = g_byte_array_new ();
  struct archive *a = archive_write_new ();

  g_assert_cmpint (archive_write_set_format_zip (a), ==, ARCHIVE_OK);
  /* No padding after the archive: LibreOffice refuses a zip with zeros
   * after its end record. */
  g_assert_cmpint (archive_write_set_bytes_in_last_block (a, 1), ==, ARCHIVE_OK);
  if (stored)
    g_assert_cmpint (archive_write_set_format_option (a, "zip", "compression", "store"), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_open (a, out, NULL, zip_write_cb, NULL), ==, ARCHIVE_OK);

  for (guint i = 0; i < n_parts; i++)
    {
      struct archive_entry *entry = archive_entry_new ();
      gsize len = parts[i].len != 0 ? parts[i].len : strlen (parts[i].data);
      gsize done = 0;

      archive_entry_set_pathname (entry, parts[i].name);
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_perm (entry, 0644);
      archive_entry_set_size (entry, len);
      archive_entry_set_mtime (entry, 1700000000, 0);
      g_assert_cmpint (archive_write_header (a, entry), ==, ARCHIVE_OK);
      while (done < len)
        {
          la_ssize_t n = archive_write_data (a, parts[i].data + done, len - done);

          g_assert_cmpint (n, >, 0);
          done += n;
        }
      archive_entry_free (entry);
    }

  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
  return g_byte_array_free_to_bytes (out);
}

/* A minimal valid .docx with @body (the children of w:body, without
 * w:sectPr) and, when given, a header and a footer part (the children
 * of w:hdr and w:ftr). */
static GBytes *
docx_new (const char *body,
          const char *header,
          const char *footer)
{
  g_autofree char *document = NULL;
  g_autofree char *header_xml = NULL;
  g_autofree char *footer_xml = NULL;
  g_autoptr(GString) rels = g_string_new (XML_DECL);
  g_autoptr(GString) sect = g_string_new ("<w:sectPr>");
  ZipPart parts[6];
  guint n = 0;

  g_string_append (rels, "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
  if (header != NULL)
    {
      g_string_append (rels, "<Relationship Id=\"rIdH\" Type=\"" R_NS "/header\" Target=\"header1.xml\"/>");
      g_string_append (sect, "<w:headerReference w:type=\"default\" r:id=\"rIdH\"/>");
      header_xml = g_strconcat (XML_DECL "<w:hdr xmlns:w=\"" W_NS "\" xmlns:r=\"" R_NS "\">",
                                header, "</w:hdr>", NULL);
    }
  if (footer != NULL)
    {
      g_string_append (rels, "<Relationship Id=\"rIdF\" Type=\"" R_NS "/footer\" Target=\"footer1.xml\"/>");
      g_string_append (sect, "<w:footerReference w:type=\"default\" r:id=\"rIdF\"/>");
      footer_xml = g_strconcat (XML_DECL "<w:ftr xmlns:w=\"" W_NS "\" xmlns:r=\"" R_NS "\">",
                                footer, "</w:ftr>", NULL);
    }
  g_string_append (rels, "</Relationships>");
  g_string_append (sect, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
                         "<w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\""
                         " w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr>");
  document = g_strconcat (XML_DECL "<w:document xmlns:w=\"" W_NS "\" xmlns:r=\"" R_NS "\"><w:body>",
                          body, sect->str, "</w:body></w:document>", NULL);

  parts[n++] = (ZipPart) { "[Content_Types].xml",
    XML_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>"
    "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
    "</Types>", 0 };
  parts[n++] = (ZipPart) { "_rels/.rels",
    XML_DECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" R_NS "/officeDocument\" Target=\"word/document.xml\"/>"
    "</Relationships>", 0 };
  parts[n++] = (ZipPart) { "word/_rels/document.xml.rels", rels->str, 0 };
  parts[n++] = (ZipPart) { "word/document.xml", document, 0 };
  if (header_xml != NULL)
    parts[n++] = (ZipPart) { "word/header1.xml", header_xml, 0 };
  if (footer_xml != NULL)
    parts[n++] = (ZipPart) { "word/footer1.xml", footer_xml, 0 };

  return zip_new (parts, n, FALSE);
}

/* Appends @text as runs of at most five characters (Word splits runs
 * wherever formatting, spelling marks or edits change), bold where the
 * markdown of the sample says so. */
static void
append_runs (GString    *xml,
             const char *text)
{
  g_auto(GStrv) pieces = g_strsplit (text, "**", -1);

  for (guint i = 0; pieces[i] != NULL; i++)
    {
      const char *p = pieces[i];

      while (*p != '\0')
        {
          const char *end = p;
          g_autofree char *chunk = NULL;
          g_autofree char *escaped = NULL;

          for (int k = 0; k < 5 && *end != '\0'; k++)
            end = g_utf8_next_char (end);
          chunk = g_strndup (p, end - p);
          escaped = g_markup_escape_text (chunk, -1);
          g_string_append_printf (xml,
                                  "<w:r><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:eastAsia=\"仿宋_GB2312\"/>%s"
                                  "<w:sz w:val=\"32\"/></w:rPr><w:t xml:space=\"preserve\">%s</w:t></w:r>",
                                  i % 2 == 1 ? "<w:b/>" : "", escaped);
          p = end;
        }
    }
}

/* Whether a line is a markdown table's rule (------\t----). */
static gboolean
is_table_rule (const char *line)
{
  return line[0] != '\0' && strspn (line, "-\t |:") == strlen (line);
}

/* The body of a .docx holding a sample's text as Word holds it: a
 * paragraph per line (empty ones where the text has blank lines),
 * markdown headings as heading paragraphs, bold as bold runs, and the
 * tab-separated lines as a table. Also some of what real files hold
 * around the text: bookmarks, proofing marks, tab stops, deleted text and
 * a field. @skip_line is left out (it goes into the header). */
static char *
docx_body_for_text (const char *text,
                    int         skip_line)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) xml = g_string_new (NULL);
  gboolean in_table = FALSE;

  for (int i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (i == skip_line)
        continue;

      if (strchr (line, '\t') != NULL)
        {
          g_auto(GStrv) cells = NULL;

          if (is_table_rule (line))
            continue;
          if (!in_table)
            g_string_append (xml, "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>");
          in_table = TRUE;
          cells = g_strsplit (line, "\t", -1);
          g_string_append (xml, "<w:tr>");
          for (guint c = 0; cells[c] != NULL; c++)
            {
              g_string_append (xml, "<w:tc><w:tcPr><w:tcW w:w=\"1400\" w:type=\"dxa\"/></w:tcPr><w:p>");
              append_runs (xml, cells[c]);
              g_string_append (xml, "</w:p></w:tc>");
            }
          g_string_append (xml, "</w:tr>");
          continue;
        }
      if (in_table)
        g_string_append (xml, "</w:tbl>");
      in_table = FALSE;

      if (line[0] == '#')
        {
          guint level = strspn (line, "#");

          g_string_append_printf (xml, "<w:p><w:pPr><w:pStyle w:val=\"Heading%u\"/></w:pPr>", level);
          append_runs (xml, line + level + strspn (line + level, " "));
          g_string_append (xml, "</w:p>");
        }
      else if (line[0] == '\0')
        g_string_append (xml, "<w:p/>");
      else
        {
          /* A tab stop in the paragraph's properties is no tab. */
          g_string_append_printf (xml, "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"420\"/></w:tabs>"
                                       "<w:ind w:firstLineChars=\"200\"/></w:pPr>"
                                       "<w:bookmarkStart w:id=\"%d\" w:name=\"_p%d\"/>", i, i);
          append_runs (xml, line);
          g_string_append_printf (xml, "<w:proofErr w:type=\"gramStart\"/>"
                                       "<w:del w:id=\"%d\" w:author=\"审核人\" w:date=\"2025-01-01T00:00:00Z\">"
                                       "<w:r><w:delText>已删除的字</w:delText></w:r></w:del>"
                                       "<w:bookmarkEnd w:id=\"%d\"/></w:p>", 1000 + i, i);
        }
    }
  if (in_table)
    g_string_append (xml, "</w:tbl>");

  return g_string_free (g_steal_pointer (&xml), FALSE);
}

/* A footer as Word writes a page number: "— PAGE —" with the field's
 * instruction and its shown result. */
#define PAGE_FOOTER \
  "<w:p><w:pPr><w:jc w:val=\"right\"/></w:pPr>" \
  "<w:r><w:t xml:space=\"preserve\">— </w:t></w:r>" \
  "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>" \
  "<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>" \
  "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>" \
  "<w:r><w:t>1</w:t></w:r>" \
  "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>" \
  "<w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p>"

static char *
read_sample (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = dafu_test_samples_dir ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* A sample as a .docx: its first non-empty line (the issuing office, or
 * the record's title) in the page header, the rest in the body, and a
 * page number in the footer. */
static GBytes *
docx_for_sample (const char *name)
{
  g_autofree char *text = read_sample (name);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) header = g_string_new ("<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>");
  g_autofree char *body = NULL;
  int first = 0;

  while (lines[first] != NULL && lines[first][0] == '\0')
    first++;
  g_assert_nonnull (lines[first]);
  append_runs (header, lines[first] + strspn (lines[first], "# "));
  g_string_append (header, "</w:p>");

  body = docx_body_for_text (text, first);
  return docx_new (body, header->str, PAGE_FOOTER);
}

/* ----------------------------------------------------------------------- *
 * Making PDF files
 * ----------------------------------------------------------------------- */

#define PAGE_WIDTH  595.28
#define PAGE_HEIGHT 841.89
#define LINE_CHARS  30
#define LINE_PITCH  22.0
#define TOP         60.0
#define BOTTOM      (PAGE_HEIGHT - 90.0)
#define LEFT        50.0
#define FONT        "Noto Serif CJK SC 10.5"

static cairo_status_t
pdf_write_cb (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Shows @text at @x, @y; returns its width. */
static double
show_text (cairo_t    *cr,
           const char *text,
           double      x,
           double      y)
{
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT);
  PangoLayout *layout = pango_cairo_create_layout (cr);
  int width;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, &width, NULL);
  g_object_unref (layout);
  return (double) width / PANGO_SCALE;
}

/* The paragraphs of a sample as a word processor prints them: markdown
 * marks and table rules gone, a tab-separated line as a table row. */
static GPtrArray *
pdf_paragraphs_for_text (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) bold = NULL;

      if (is_table_rule (lines[i]))
        continue;
      bold = g_strsplit (lines[i] + strspn (lines[i], "# "), "**", -1);
      g_ptr_array_add (out, g_strjoinv ("", bold));
    }
  return out;
}

typedef struct {
  cairo_t *cr;
  double   y;       /* the next line's top */
  guint    page;    /* from 1 */
} Printer;

static void
printer_next_page (Printer *p)
{
  g_autofree char *number = NULL;

  /* The page number under the text, as GB/T 9704 has it: "— n —". */
  number = g_strdup_printf ("— %u —", p->page);
  show_text (p->cr, number, PAGE_WIDTH / 2 - 30, PAGE_HEIGHT - 60);
  cairo_show_page (p->cr);
  p->page++;
  p->y = TOP;
}

/* Prints @paragraph as Pango lays it out in a column LINE_CHARS wide, with
 * a first-line indent of two characters; a line with tabs is a table
 * row, its cells in columns. A blank paragraph is a blank line. */
static void
print_paragraph (Printer    *p,
                 const char *paragraph)
{
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT);
  PangoLayout *layout;
  PangoLayoutIter *iter;
  double em;

  if (p->y + LINE_PITCH > BOTTOM)
    printer_next_page (p);

  if (strchr (paragraph, '\t') != NULL)
    {
      g_auto(GStrv) cells = g_strsplit (paragraph, "\t", -1);

      double x = LEFT;

      /* Each cell two characters after the one before. */
      for (guint c = 0; cells[c] != NULL; c++)
        x += show_text (p->cr, cells[c], x, p->y) + 2 * 14;
      p->y += LINE_PITCH;
      return;
    }

  layout = pango_cairo_create_layout (p->cr);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, paragraph, -1);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  {
    PangoRectangle ink, logical;

    pango_layout_set_text (layout, "字", -1);
    pango_layout_get_extents (layout, &ink, &logical);
    em = (double) logical.width / PANGO_SCALE;
    pango_layout_set_text (layout, paragraph, -1);
  }
  pango_layout_set_width (layout, (int) (LINE_CHARS * em * PANGO_SCALE));
  pango_layout_set_indent (layout, (int) (2 * em * PANGO_SCALE));

  iter = pango_layout_get_iter (layout);
  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      int baseline = pango_layout_iter_get_baseline (iter);
      PangoRectangle logical;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      if (p->y + LINE_PITCH > BOTTOM)
        printer_next_page (p);
      cairo_move_to (p->cr, LEFT + (double) logical.x / PANGO_SCALE,
                     p->y + (double) (baseline - logical.y) / PANGO_SCALE);
      pango_cairo_show_layout_line (p->cr, line);
      p->y += LINE_PITCH;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  g_object_unref (layout);
}

/* A PDF with @paragraphs printed on as many pages as they take. */
static GBytes *
pdf_for_paragraphs (GPtrArray *paragraphs,
                    guint     *n_pages)
{
  GByteArray *out = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (pdf_write_cb, out, PAGE_WIDTH, PAGE_HEIGHT);
  Printer p = { cairo_create (surface), TOP, 1 };

  for (guint i = 0; i < paragraphs->len; i++)
    print_paragraph (&p, g_ptr_array_index (paragraphs, i));
  if (n_pages != NULL)
    *n_pages = p.page;
  cairo_destroy (p.cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
pdf_for_sample (const char *name,
                guint      *n_pages)
{
  g_autofree char *text = read_sample (name);
  g_autoptr(GPtrArray) paragraphs = pdf_paragraphs_for_text (text);

  return pdf_for_paragraphs (paragraphs, n_pages);
}

/* A "scan": the page is a picture of text, with no text layer. */
static GBytes *
pdf_scan_new (void)
{
  GByteArray *out = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (pdf_write_cb, out, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 120);
  cairo_t *icr = cairo_create (image);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (icr, 1, 1, 1);
  cairo_paint (icr);
  cairo_set_source_rgb (icr, 0, 0, 0);
  show_text (icr, "关于市十五届人大五次会议第130号建议的答复", 10, 40);
  cairo_destroy (icr);

  cairo_set_source_surface (cr, image, 80, 80);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (image);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (out);
}

/* ----------------------------------------------------------------------- *
 * The Word reader
 * ----------------------------------------------------------------------- */

static char *
docx_text (const char *body,
           const char *header,
           const char *footer)
{
  g_autoptr(GBytes) docx = docx_new (body, header, footer);
  g_autoptr(GError) error = NULL;
  char *text = dafu_docx_extract_text (docx, &error);

  g_assert_no_error (error);
  g_assert_nonnull (text);
  return text;
}

#define RUN(t) "<w:r><w:t xml:space=\"preserve\">" t "</w:t></w:r>"
#define PARA(runs) "<w:p>" runs "</w:p>"

static void
test_docx_paragraphs (void)
{
  g_autofree char *text = NULL;

  /* Runs in order, w:tab a tab, w:br a line break, an empty paragraph a
   * blank line, a tab stop in the paragraph's properties nothing. */
  text = docx_text (PARA ("<w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"420\"/></w:tabs></w:pPr>"
                          RUN ("关于") RUN ("第130号") "<w:r><w:tab/><w:t>建议</w:t><w:br/><w:t>的答复</w:t></w:r>")
                    "<w:p/>"
                    PARA ("<w:hyperlink r:id=\"x\">" RUN ("尊敬的") "</w:hyperlink>"
                          "<w:ins w:id=\"1\" w:author=\"a\">" RUN ("张成斌") "</w:ins>"
                          "<w:smartTag w:uri=\"u\" w:element=\"e\">" RUN ("代表：") "</w:smartTag>"),
                    NULL, NULL);
  g_assert_cmpstr (text, ==, "关于第130号\t建议\n的答复\n\n尊敬的张成斌代表：\n");
}

static void
test_docx_tables (void)
{
  g_autofree char *text = NULL;

  /* A row a line, cells separated by tabs, an empty cell kept, a merged
   * cell (gridSpan) taking its columns, a cell's paragraphs joined by a
   * space, and a table inside a cell read inline. */
  text = docx_text (PARA (RUN ("面商记录"))
                    "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w=\"1\"/></w:tblGrid>"
                    "<w:tr><w:tc>" PARA (RUN ("代表姓名")) "</w:tc><w:tc>" PARA (RUN ("李蕾")) "</w:tc>"
                    "<w:tc>" PARA (RUN ("工作单位")) "</w:tc><w:tc><w:p/></w:tc>"
                    "<w:tc>" PARA (RUN ("联系电话")) "</w:tc><w:tc>" PARA (RUN ("13934066646")) "</w:tc></w:tr>"
                    "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>" PARA (RUN ("面商时间")) "</w:tc>"
                    "<w:tc>" PARA (RUN ("2023年")) PARA (RUN ("7月20日")) "</w:tc>"
                    "<w:tc><w:tbl><w:tr><w:tc>" PARA (RUN ("甲")) "</w:tc><w:tc>" PARA (RUN ("乙")) "</w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr>"
                    "</w:tbl>"
                    PARA (RUN ("签字：李蕾")),
                    NULL, NULL);
  g_assert_cmpstr (text, ==,
                   "面商记录\n"
                   "代表姓名\t李蕾\t工作单位\t\t联系电话\t13934066646\n"
                   "面商时间\t\t2023年 7月20日\t甲 乙\n"
                   "签字：李蕾\n");
}

static void
test_docx_skips_deleted_text_and_field_codes (void)
{
  g_autofree char *text = NULL;

  /* Deleted and moved-away text and field instructions are not the
   * letter's; inserted text and a field's result are. A text box given
   * twice (mc:Choice and mc:Fallback) is read once. */
  text = docx_text (PARA (RUN ("签发人：")
                          "<w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>王五</w:delText></w:r></w:del>"
                          "<w:ins w:id=\"2\" w:author=\"a\">" RUN ("蒲军") "</w:ins>"
                          "<w:moveFrom w:id=\"3\" w:author=\"a\">" RUN ("挪走") "</w:moveFrom>")
                    PARA ("<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
                          "<w:r><w:instrText xml:space=\"preserve\"> DATE \\@ \"yyyy年M月d日\" </w:instrText></w:r>"
                          "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
                          RUN ("2025年9月4日")
                          "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>")
                    PARA ("<w:r><mc:AlternateContent xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\">"
                          "<mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>" PARA (RUN ("文本框"))
                          "</w:txbxContent></w:drawing></mc:Choice>"
                          "<mc:Fallback><w:pict><w:txbxContent>" PARA (RUN ("文本框"))
                          "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"),
                    NULL, NULL);
  g_assert_cmpstr (text, ==, "签发人：蒲军\n2025年9月4日\n文本框\n\n");
}

static void
test_docx_headers_and_footers (void)
{
  g_autofree char *text = NULL;

  /* The header comes before the body, the footer after it, without the
   * page number the footer shows. */
  text = docx_text (PARA (RUN ("关于第130号建议的答复")),
                    PARA (RUN ("山西省长治市民政局")),
                    PAGE_FOOTER PARA (RUN ("联系电话：3028425")) PARA (RUN ("丰收")));
  g_assert_cmpstr (text, ==, "山西省长治市民政局\n\n关于第130号建议的答复\n\n联系电话：3028425\n丰收\n");

  /* A footer that is only a page number adds nothing. */
  g_clear_pointer (&text, g_free);
  text = docx_text (PARA (RUN ("正文")), NULL, PAGE_FOOTER);
  g_assert_cmpstr (text, ==, "正文\n");
}

static void
assert_docx_refused (GBytes     *bytes,
                     const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = dafu_docx_extract_text (bytes, &error);

  g_assert_null (text);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  if (words != NULL && strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
}

static void
test_docx_refuses_what_it_cannot_read (void)
{
  g_autoptr(GBytes) plain = g_bytes_new_static ("尊敬的代表：", strlen ("尊敬的代表："));
  g_autoptr(GBytes) ole = g_bytes_new_static ("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0", 12);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) sample = docx_for_sample ("changzhi-2025-59.txt");
  g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (sample, 0, g_bytes_get_size (sample) / 2);
  g_autoptr(GBytes) no_text = docx_new ("<w:p/><w:p><w:r><w:t>  </w:t></w:r></w:p>", NULL, NULL);
  g_autoptr(GBytes) broken = NULL;
  g_autoptr(GBytes) not_word = NULL;
  ZipPart parts[] = {
    { "[Content_Types].xml", "<Types/>", 0 },
    { "xl/workbook.xml", "<workbook/>", 0 },
  };
  ZipPart broken_parts[] = {
    { "word/document.xml", "<w:document xmlns:w=\"" W_NS "\"><w:body><w:p><w:r><w:t>长治</w:t></w:r>", 0 },
  };

  not_word = zip_new (parts, G_N_ELEMENTS (parts), FALSE);
  broken = zip_new (broken_parts, G_N_ELEMENTS (broken_parts), FALSE);

  assert_docx_refused (plain, ".docx");
  assert_docx_refused (ole, ".doc");
  assert_docx_refused (empty, NULL);
  assert_docx_refused (truncated, "damaged");
  assert_docx_refused (not_word, "word/document.xml");
  assert_docx_refused (broken, "XML");
  assert_docx_refused (no_text, "no text");

  g_assert_true (dafu_docx_sniff (sample));
  g_assert_false (dafu_docx_sniff (not_word));
  g_assert_false (dafu_docx_sniff (plain));
}

static void
test_docx_limits (void)
{
  /* A part that unpacks to a thousand times its packed size: a zip bomb. */
  {
    g_autoptr(GString) xml = g_string_new ("<w:document xmlns:w=\"" W_NS "\"><w:body>");
    g_autoptr(GBytes) bomb = NULL;
    ZipPart parts[1];

    while (xml->len < 6 * 1024 * 1024)
      g_string_append (xml, "<w:p/><w:p/><w:p/><w:p/><w:p/><w:p/><w:p/><w:p/>");
    g_string_append (xml, "</w:body></w:document>");
    parts[0] = (ZipPart) { "word/document.xml", xml->str, xml->len };
    bomb = zip_new (parts, 1, FALSE);
    g_assert_cmpuint (g_bytes_get_size (bomb), <, 1024 * 1024);
    assert_docx_refused (bomb, "zip bomb");
  }

  /* A part over 64 MB, even stored uncompressed. */
  {
    gsize size = DAFU_DOCX_MAX_PART_SIZE + 1024;
    g_autofree char *xml = g_malloc (size);
    g_autoptr(GBytes) large = NULL;
    ZipPart parts[1];

    memset (xml, ' ', size);
    memcpy (xml, "<a>", 3);
    parts[0] = (ZipPart) { "word/document.xml", xml, size };
    large = zip_new (parts, 1, TRUE);
    assert_docx_refused (large, "64 MB");
  }
}

#define ENTITY_DOCUMENT(entities, text) \
  "<?xml version=\"1.0\"?>\n<!DOCTYPE w:document [\n" entities "]>\n" \
  "<w:document xmlns:w=\"" W_NS "\"><w:body>" \
  "<w:p><w:r><w:t>正文&amp;&#x4E00;</w:t></w:r></w:p>" \
  "<w:p><w:r><w:t>" text "</w:t></w:r></w:p>" \
  "</w:body></w:document>"

static char *
read_document_xml (const char  *xml,
                   GError     **error)
{
  ZipPart parts[1] = { { "word/document.xml", xml, 0 } };
  g_autoptr(GBytes) docx = zip_new (parts, 1, FALSE);

  return dafu_docx_extract_text (docx, error);
}

static void
test_docx_does_not_expand_entities (void)
{
  /* No file and no network: external entities are not loaded; character
   * references and the predefined entities are read. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *text = read_document_xml (ENTITY_DOCUMENT ("<!ENTITY secret SYSTEM \"file:///etc/passwd\">\n"
                                                                "<!ENTITY net SYSTEM \"http://example.invalid/x\">\n",
                                                                "&secret;&net;"),
                                               &error);

    g_test_message ("external entities: %s", text != NULL ? "not loaded" : error->message);
    if (text != NULL)
      g_assert_cmpstr (text, ==, "正文&一\n\n");
    else
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  }

  /* No billion laughs: refused at once, or read without the entities. */
  {
    g_autoptr(GError) error = NULL;
    gint64 start = g_get_monotonic_time ();
    g_autofree char *text = read_document_xml (ENTITY_DOCUMENT (
      "<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
      "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
      "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
      "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
      "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
      "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
      "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n",
      "&g;"), &error);

    g_test_message ("entity expansion: %s", text != NULL ? "not expanded" : error->message);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
    if (text != NULL)
      g_assert_null (strstr (text, "aaaa"));
    else
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  }
}

/* Text without any space or line break. */
static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)) && g_utf8_get_char (p) != 0x3000)
      g_string_append_unichar (out, g_utf8_get_char (p));
  return g_string_free (out, FALSE);
}

/* ----------------------------------------------------------------------- *
 * The PDF reader
 * ----------------------------------------------------------------------- */

static GBytes *
pdf_new (const char * const *paragraphs,
         guint              *n_pages)
{
  g_autoptr(GPtrArray) array = g_ptr_array_new ();

  for (guint i = 0; paragraphs[i] != NULL; i++)
    g_ptr_array_add (array, (gpointer) paragraphs[i]);
  return pdf_for_paragraphs (array, n_pages);
}

#define LONG_PARAGRAPH \
  "近年来，我市通过多种渠道积极宣传养老服务政策与成果，对我市养老服务的交通、气候、设施、医疗等十大优势进行了专题推介，" \
  "集中展示了长治“宜居、宜养、宜游”的城市形象，取得了良好社会反响。"

static void
test_pdf_paragraphs (void)
{
  const char * const paragraphs[] = {
    "关于市十五届人大五次会议第130号建议的答复",
    "尊敬的张成斌代表：",
    LONG_PARAGRAPH,
    "代表姓名\t李蕾\t联系电话\t13934066646",
    "面商时间\t2023年7月20日",
    "长治市民政局",
    NULL
  };
  g_autoptr(GBytes) pdf = pdf_new (paragraphs, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = dafu_pdf_extract_text (pdf, &error);

  /* A paragraph wrapped over three lines is one line again; paragraphs
   * are apart by a blank line, table rows are lines of cells. */
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==,
                   "关于市十五届人大五次会议第130号建议的答复\n\n"
                   "尊敬的张成斌代表：\n\n"
                   LONG_PARAGRAPH "\n\n"
                   "代表姓名\t李蕾\t联系电话\t13934066646\n"
                   "面商时间\t2023年7月20日\n\n"
                   "长治市民政局\n\n");
  g_assert_true (dafu_pdf_sniff (pdf));
}

static void
test_pdf_pages (void)
{
  g_autoptr(GPtrArray) paragraphs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n_pages = 0, n_whole = 0;

  for (guint i = 0; i < 12; i++)
    g_ptr_array_add (paragraphs, g_strdup_printf ("%u、" LONG_PARAGRAPH, i + 1));
  g_ptr_array_add (paragraphs, NULL);
  pdf = pdf_new ((const char * const *) paragraphs->pdata, &n_pages);
  g_assert_cmpuint (n_pages, >=, 2);

  /* Every paragraph whole, in order, but those a page break cuts (the
   * repair pass joins them); no page numbers. */
  text = dafu_pdf_extract_text (pdf, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (text, "—"));
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *whole = g_strconcat ((char *) paragraphs->pdata[i], "\n\n", NULL);

      if (strstr (text, whole) != NULL)
        n_whole++;
    }
  g_assert_cmpuint (n_whole, >=, 12 - (n_pages - 1));
  {
    g_autofree char *all = g_strjoinv ("", (char **) paragraphs->pdata);
    g_autofree char *a = squeeze (text);
    g_autofree char *b = squeeze (all);

    g_assert_cmpstr (a, ==, b);
  }
}

static void
test_pdf_unifies_radicals (void)
{
  /* ⾏ and ⾯ are the Kangxi radicals that some PDF writers give for 行
   * and 面; a search for 行 must find the letter. */
  const char * const paragraphs[] = { "执⾏情况和⾯商", NULL };
  g_autoptr(GBytes) pdf = pdf_new (paragraphs, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = dafu_pdf_extract_text (pdf, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "执行情况和面商\n\n");
}

/* A PDF locked with a user password (its /U entry matches no empty
 * password), made by hand since Cairo writes no encryption. */
static GBytes *
pdf_encrypted_new (void)
{
  static const char * const objects[] = {
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    "<< /Filter /Standard /V 1 /R 2 /P -44"
    " /O <0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef>"
    " /U <fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210> >>",
  };
  g_autoptr(GString) pdf = g_string_new ("%PDF-1.4\n");
  gsize offsets[G_N_ELEMENTS (objects)];
  gsize xref;

  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      offsets[i] = pdf->len;
      g_string_append_printf (pdf, "%u 0 obj\n%s\nendobj\n", i + 1, objects[i]);
    }
  xref = pdf->len;
  g_string_append_printf (pdf, "xref\n0 %u\n0000000000 65535 f \n", (guint) G_N_ELEMENTS (objects) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    g_string_append_printf (pdf, "%010" G_GSIZE_FORMAT " 00000 n \n", offsets[i]);
  g_string_append_printf (pdf, "trailer\n<< /Size %u /Root 1 0 R /Encrypt 4 0 R"
                               " /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] >>\n"
                               "startxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
                          (guint) G_N_ELEMENTS (objects) + 1, xref);
  return g_bytes_new (pdf->str, pdf->len);
}

static void
test_pdf_refuses_what_it_cannot_read (void)
{
  g_autoptr(GBytes) scan = pdf_scan_new ();
  g_autoptr(GBytes) locked = pdf_encrypted_new ();
  g_autoptr(GBytes) garbage = NULL;
  g_autoptr(GBytes) header_only = g_bytes_new_static ("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<", 20);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint8 noise[4096];
  char *text;

  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = g_rand_int_range (rand, 0, 256);
  garbage = g_bytes_new (noise, sizeof noise);

  {
    g_autoptr(GError) error = NULL;

    text = dafu_pdf_extract_text (scan, &error);
    g_assert_null (text);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
    g_assert_nonnull (strstr (error->message, "scan"));
  }
  {
    g_autoptr(GError) error = NULL;

    text = dafu_pdf_extract_text (locked, &error);
    g_assert_null (text);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
    g_assert_nonnull (strstr (error->message, "password"));
  }
  {
    g_autoptr(GError) error = NULL;

    text = dafu_pdf_extract_text (garbage, &error);
    g_assert_null (text);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_assert_false (dafu_pdf_sniff (garbage));
  }
  {
    g_autoptr(GError) error = NULL;

    text = dafu_pdf_extract_text (header_only, &error);
    g_assert_null (text);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_assert_true (dafu_pdf_sniff (header_only));
  }
}

/* ----------------------------------------------------------------------- *
 * Importing
 * ----------------------------------------------------------------------- */

typedef struct {
  char        *dir;
  DafuLibrary *library;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = dafu_test_make_tmp ();
  path = g_build_filename (f->dir, "library.db", NULL);
  f->library = dafu_library_new (path, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->library);
  dafu_test_rm_rf (f->dir);
  g_free (f->dir);
}

static char *
write_file (const char *dir,
            const char *name,
            GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return path;
}

static DafuImportReport *
import_paths (DafuLibrary        *library,
              const char * const *paths)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_path (paths[i]));
  return dafu_library_import (library, (GFile * const *) files->pdata, files->len, NULL);
}

/* The report's entry for the file named @name. */
static guint
report_entry (DafuImportReport *report,
              const char       *name)
{
  for (guint i = 0; i < dafu_import_report_get_n_entries (report); i++)
    {
      g_autofree char *base = g_path_get_basename (dafu_import_report_get_path (report, i));

      if (g_strcmp0 (base, name) == 0)
        return i;
    }
  g_error ("%s is not in the report", name);
  return 0;
}

static void
assert_same_consultation (DafuLetter *expected,
                          DafuLetter *letter)
{
  DafuConsultation *a = dafu_letter_get_consultation (expected);
  DafuConsultation *b = dafu_letter_get_consultation (letter);

  g_assert_true ((a == NULL) == (b == NULL));
  if (a == NULL)
    return;
  g_assert_cmpstr (dafu_consultation_get_date (a), ==, dafu_consultation_get_date (b));
  g_assert_cmpstr (dafu_consultation_get_place (a), ==, dafu_consultation_get_place (b));
  g_assert_cmpstr (dafu_consultation_get_officer (a), ==, dafu_consultation_get_officer (b));
  g_assert_cmpstr (dafu_consultation_get_officer_phone (a), ==, dafu_consultation_get_officer_phone (b));
  g_assert_cmpstr (dafu_consultation_get_deputy_phone (a), ==, dafu_consultation_get_deputy_phone (b));
  g_assert_cmpint (dafu_consultation_get_suggestion_points (a), ==, dafu_consultation_get_suggestion_points (b));
  g_assert_cmpint (dafu_consultation_get_reply_points (a), ==, dafu_consultation_get_reply_points (b));
}

static void
test_import_samples (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "letters", NULL);
  g_autoptr(DafuImportReport) report = NULL;
  g_autoptr(DafuImportReport) again = NULL;
  g_autoptr(GPtrArray) originals = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GError) error = NULL;
  const char * const paths[] = { folder, NULL };

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      g_autofree char *stem = g_strndup (samples[s], strlen (samples[s]) - strlen (".txt"));
      g_autofree char *docx_name = g_strconcat (stem, ".docx", NULL);
      g_autofree char *pdf_name = g_strconcat (stem, ".PDF", NULL);
      g_autofree char *docx_path = NULL;
      g_autofree char *pdf_path = NULL;
      GBytes *docx = docx_for_sample (samples[s]);
      guint n_pages = 0;
      GBytes *pdf = pdf_for_sample (samples[s], &n_pages);

      /* Several pages, each letter. */
      g_assert_cmpuint (n_pages, >=, 2);
      docx_path = write_file (folder, docx_name, docx);
      pdf_path = write_file (folder, pdf_name, pdf);
      g_ptr_array_add (originals, docx);
      g_ptr_array_add (originals, pdf);
    }

  /* A folder import takes .docx and .pdf files (whatever the case of
   * their suffix). */
  report = import_paths (f->library, paths);
  g_assert_cmpuint (dafu_import_report_get_n_entries (report), ==, 2 * G_N_ELEMENTS (samples));
  g_assert_cmpuint (dafu_import_report_count (report, DAFU_IMPORT_STATUS_IMPORTED), ==, 2 * G_N_ELEMENTS (samples));
  g_assert_cmpint (dafu_library_count (f->library, &error), ==, 2 * G_N_ELEMENTS (samples));

  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      g_autoptr(DafuLetter) expected = dafu_test_load_sample (samples[s]);
      g_autofree char *stem = g_strndup (samples[s], strlen (samples[s]) - strlen (".txt"));

      for (guint kind = 0; kind < 2; kind++)
        {
          g_autofree char *name = g_strconcat (stem, kind == 0 ? ".docx" : ".PDF", NULL);
          guint entry = report_entry (report, name);
          gint64 id = dafu_import_report_get_letter_id (report, entry);
          g_autoptr(DafuLetter) letter = dafu_library_get_letter (f->library, id, &error);
          g_autoptr(GBytes) original = NULL;

          g_assert_no_error (error);
          g_test_message ("%s", name);
          g_assert_cmpstr (dafu_letter_get_file_name (letter), ==, name);

          /* Every field as the text original has it: issuer, city, 文号,
           * category, signer, session, suggestion number, addressee,
           * title, date, contact, 抄送 … (the PDF's lines are joined
           * back into paragraphs, so the quoted title that the page's
           * width broke is whole again). */
          for (guint field = 0; field < DAFU_LETTER_N_FIELDS; field++)
            {
              g_test_message ("%s %s", name, dafu_letter_field_key (field));
              g_assert_cmpstr (dafu_letter_get_field (letter, field), ==,
                               dafu_letter_get_field (expected, field));
            }
          assert_same_consultation (expected, letter);
          g_assert_cmpuint (g_list_model_get_n_items (dafu_letter_get_sections (letter)), ==,
                            g_list_model_get_n_items (dafu_letter_get_sections (expected)));

          if (kind == 0)
            {
              /* Word keeps paragraphs as they are: the same text. */
              g_assert_cmpstr (dafu_letter_get_text (letter), ==, dafu_letter_get_text (expected));
            }
          else
            {
              /* A PDF's text differs from the text file's in room only: a
               * space before a number at the end of a printed line is not
               * in the PDF, and lines the text file held together (the
               * signature and the date) are paragraphs apart. */
              g_autofree char *a = squeeze (dafu_letter_get_text (letter));
              g_autofree char *b = squeeze (dafu_letter_get_text (expected));

              g_assert_cmpstr (a, ==, b);
            }

          /* The file is kept as it was, byte for byte. */
          original = dafu_library_get_original (f->library, id, &error);
          g_assert_no_error (error);
          g_assert_true (g_bytes_equal (original, g_ptr_array_index (originals, 2 * s + kind)));
        }
    }

  /* The same files again are the same letters. */
  again = import_paths (f->library, paths);
  g_assert_cmpuint (dafu_import_report_count (again, DAFU_IMPORT_STATUS_SKIPPED), ==, 2 * G_N_ELEMENTS (samples));
  g_assert_cmpint (dafu_library_count (f->library, &error), ==, 2 * G_N_ELEMENTS (samples));
}

static void
test_import_known_by_content (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GBytes) docx = docx_for_sample ("xianyang-2024-39.txt");
  g_autoptr(GBytes) pdf = pdf_for_sample ("yulin-2021-114.txt", NULL);
  g_autofree char *docx_path = write_file (f->dir, "答复函", docx);
  g_autofree char *pdf_path = write_file (f->dir, "答复函.bin", pdf);
  const char * const paths[] = { docx_path, pdf_path, NULL };
  g_autoptr(DafuImportReport) report = import_paths (f->library, paths);
  g_autoptr(DafuLetter) expected_docx = dafu_test_load_sample ("xianyang-2024-39.txt");
  g_autoptr(DafuLetter) expected_pdf = dafu_test_load_sample ("yulin-2021-114.txt");
  g_autoptr(DafuLetter) from_docx = NULL;
  g_autoptr(DafuLetter) from_pdf = NULL;
  g_autoptr(GError) error = NULL;

  /* A file named explicitly is read by what it holds, whatever its name. */
  g_assert_cmpuint (dafu_import_report_count (report, DAFU_IMPORT_STATUS_IMPORTED), ==, 2);
  from_docx = dafu_library_get_letter (f->library, dafu_import_report_get_letter_id (report, 0), &error);
  g_assert_no_error (error);
  from_pdf = dafu_library_get_letter (f->library, dafu_import_report_get_letter_id (report, 1), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dafu_letter_get_field (from_docx, DAFU_LETTER_FIELD_DOC_NUMBER), ==,
                   dafu_letter_get_field (expected_docx, DAFU_LETTER_FIELD_DOC_NUMBER));
  g_assert_cmpstr (dafu_letter_get_field (from_pdf, DAFU_LETTER_FIELD_TITLE), ==,
                   dafu_letter_get_field (expected_pdf, DAFU_LETTER_FIELD_TITLE));
}

/* @docx with a picture of @size random bytes added (as a scanned seal or
 * a photograph makes a letter's file large while its text stays small). */
static GBytes *
docx_with_picture (GBytes *docx,
                   gsize   size)
{
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) datas = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree ZipPart *parts = NULL;
  g_autofree guint8 *picture = g_malloc (size);
  guint n;

  g_assert_cmpint (archive_read_support_format_zip (a), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_read_open_memory (a, g_bytes_get_data (docx, NULL), g_bytes_get_size (docx)), ==, ARCHIVE_OK);
  while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
    {
      GByteArray *data = g_byte_array_new ();
      char buffer[8192];
      la_ssize_t got;

      while ((got = archive_read_data (a, buffer, sizeof buffer)) > 0)
        g_byte_array_append (data, (guint8 *) buffer, got);
      g_ptr_array_add (names, g_strdup (archive_entry_pathname (entry)));
      g_ptr_array_add (datas, g_byte_array_free_to_bytes (data));
    }
  archive_read_free (a);

  for (gsize i = 0; i < size; i++)
    picture[i] = g_test_rand_int_range (0, 256);
  n = names->len;
  parts = g_new0 (ZipPart, n + 1);
  for (guint i = 0; i < n; i++)
    parts[i] = (ZipPart) { names->pdata[i], g_bytes_get_data (datas->pdata[i], NULL),
                           g_bytes_get_size (datas->pdata[i]) };
  parts[n] = (ZipPart) { "word/media/image1.png", (const char *) picture, size };
  return zip_new (parts, n + 1, FALSE);
}

/* A Word letter with a large picture: the file is over the 8 MB of a text
 * letter, its text is not, and it imports. */
static void
test_import_large_docx (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GBytes) small = docx_for_sample ("changzhi-2025-59.txt");
  g_autoptr(GBytes) large = docx_with_picture (small, 9 * 1024 * 1024);
  g_autofree char *path = write_file (f->dir, "长治.docx", large);
  const char * const paths[] = { path, NULL };
  g_autoptr(DafuImportReport) report = NULL;
  g_autoptr(DafuLetter) expected = dafu_test_load_sample ("changzhi-2025-59.txt");
  g_autoptr(DafuLetter) letter = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_bytes_get_size (large), >, 9 * 1024 * 1024);
  report = import_paths (f->library, paths);
  g_assert_cmpuint (dafu_import_report_count (report, DAFU_IMPORT_STATUS_IMPORTED), ==, 1);
  letter = dafu_library_get_letter (f->library, dafu_import_report_get_letter_id (report, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_DOC_NUMBER), ==,
                   dafu_letter_get_field (expected, DAFU_LETTER_FIELD_DOC_NUMBER));
}

static void
test_import_failures (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GBytes) good = docx_for_sample ("changzhi-2025-59.txt");
  g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (good, 0, g_bytes_get_size (good) / 2);
  g_autoptr(GBytes) scan = pdf_scan_new ();
  g_autoptr(GBytes) noise = NULL;
  g_autoptr(GBytes) text = g_bytes_new_static ("尊敬的代表：\n", strlen ("尊敬的代表：\n"));
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(DafuImportReport) first = NULL;
  g_autoptr(DafuImportReport) report = NULL;
  g_autoptr(DafuLetter) letter = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *good_path = write_file (f->dir, "长治.docx", good);
  g_autofree char *truncated_path = write_file (f->dir, "cut.docx", truncated);
  g_autofree char *scan_path = write_file (f->dir, "scan.pdf", scan);
  g_autofree char *noise_path = NULL;
  g_autofree char *text_path = write_file (f->dir, "text.docx", text);
  const char * const good_paths[] = { good_path, NULL };
  const char * const paths[] = { scan_path, truncated_path, NULL, text_path, NULL };
  guint8 bytes[8192];
  gint64 id;

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = g_rand_int_range (rand, 0, 256);
  noise = g_bytes_new (bytes, sizeof bytes);
  noise_path = write_file (f->dir, "noise.pdf", noise);
  ((const char **) paths)[2] = noise_path;

  first = import_paths (f->library, good_paths);
  g_assert_cmpuint (dafu_import_report_count (first, DAFU_IMPORT_STATUS_IMPORTED), ==, 1);
  id = dafu_import_report_get_letter_id (first, 0);

  /* Each fails with its reason, in words a clerk understands. */
  report = import_paths (f->library, paths);
  g_assert_cmpuint (dafu_import_report_get_n_entries (report), ==, 4);
  g_assert_cmpuint (dafu_import_report_count (report, DAFU_IMPORT_STATUS_FAILED), ==, 4);
  g_assert_nonnull (strstr (dafu_import_report_get_message (report, 0), "scan"));
  g_assert_nonnull (strstr (dafu_import_report_get_message (report, 0), "text layer"));
  g_assert_nonnull (strstr (dafu_import_report_get_message (report, 1), "Word document is damaged"));
  g_assert_nonnull (strstr (dafu_import_report_get_message (report, 2), "PDF"));
  g_assert_nonnull (strstr (dafu_import_report_get_message (report, 3), "not a Word document"));

  /* Nothing of them landed; the letter before is whole. */
  g_assert_cmpint (dafu_library_count (f->library, &error), ==, 1);
  g_assert_no_error (error);
  letter = dafu_library_get_letter (f->library, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_DOC_NUMBER), ==, "长民函〔2025〕59号");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/docx/paragraphs", test_docx_paragraphs);
  g_test_add_func ("/docx/tables", test_docx_tables);
  g_test_add_func ("/docx/skips-deleted-text-and-field-codes", test_docx_skips_deleted_text_and_field_codes);
  g_test_add_func ("/docx/headers-and-footers", test_docx_headers_and_footers);
  g_test_add_func ("/docx/refuses-what-it-cannot-read", test_docx_refuses_what_it_cannot_read);
  g_test_add_func ("/docx/limits", test_docx_limits);
  g_test_add_func ("/docx/does-not-expand-entities", test_docx_does_not_expand_entities);
  g_test_add_func ("/pdf/paragraphs", test_pdf_paragraphs);
  g_test_add_func ("/pdf/pages", test_pdf_pages);
  g_test_add_func ("/pdf/unifies-radicals", test_pdf_unifies_radicals);
  g_test_add_func ("/pdf/refuses-what-it-cannot-read", test_pdf_refuses_what_it_cannot_read);

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/import/samples", test_import_samples);
  ADD ("/import/known-by-content", test_import_known_by_content);
  ADD ("/import/failures", test_import_failures);
  ADD ("/import/large-docx", test_import_large_docx);
#undef ADD

  return g_test_run ();
}
