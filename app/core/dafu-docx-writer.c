/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-docx-writer"

#include "config.h"

#include "dafu-docx-writer.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <libxml/xmlwriter.h>
#include <math.h>
#include <string.h>

/*
 * A DafuDocument as a Word file (WordprocessingML) in the GB/T 9704-2012
 * letter format, laid out as the PDF layout engine (dafu-layout.c) lays it
 * out, so that Word, WPS and LibreOffice break lines and pages where the
 * PDF does:
 *
 * - A4, the 版心 156 × 225 mm (margins 37, 28, 26, 35 mm) and a document
 *   grid of 22 lines of 28 characters (w:docGrid). Every line of the flow
 *   takes exactly one grid line (exact line spacing of 225 mm / 22), so
 *   the page holds 22 lines whatever fonts the reader has.
 *
 * - 28 characters of 3号 (16 pt) make 448 pt, more than the 442.2 pt line.
 *   Word fits them with the grid's w:charSpace; LibreOffice instead gives
 *   every 16 pt character two cells of a grid narrower than 16 pt (14 a
 *   line). So paragraphs do not snap to the character grid (w:snapToGrid
 *   off) and the characters are set CONDENSE closer instead, which gives
 *   28 a line in Word and LibreOffice alike (29 would need 454 pt), as
 *   the PDF's letter spacing does.
 *
 * - Page 1 is the letterhead: its header (the first page's, w:titlePg)
 *   holds the issuer in red 小标宋, its top 30 mm from the page's top, over
 *   the red double rule (thick over thin, 170 mm, 4 mm under it), so that
 *   the body starts on the grid line under the rule as in the PDF; the
 *   first page's footer holds the thin-over-thick rule 20 mm above the
 *   page's bottom and no page number.
 *
 * - The flow: 文号 (and 签发人) on the first line, the title two blank lines
 *   under it, the salutation one under the title, the body with 2-character
 *   indents, the signature one blank line under the body with the date
 *   under it (their right indents as the standard places them), the notes,
 *   抄送 in 4号 between thin rules in a frame at the foot of the last
 *   page. Blank lines are paragraph spacing of whole grid lines. The
 *   widths the layout depends on (a balanced title, the signature's
 *   indents) are estimated from the text: Chinese characters one em,
 *   Latin letters and digits half of one.
 *
 * - Page numbers "— n —" in 4号 in the odd and even footers, one
 *   character in from the outer side, their top 7 mm under the 版心.
 *
 * Every part is written with libxml2's xmlTextWriter, which escapes the
 * text, and zipped with libarchive.
 */

/* Lengths in twips (1/20 pt); 1 mm = 1440 / 25.4 twips. */
#define MM_TO_TWIPS(mm) ((int) ((mm) * 1440.0 / 25.4 + 0.5))

#define PAGE_WIDTH    11906 /* A4, 210 mm */
#define PAGE_HEIGHT   16838 /* A4, 297 mm */
#define MARGIN_TOP    MM_TO_TWIPS (37)
#define MARGIN_LEFT   MM_TO_TWIPS (28)
#define MARGIN_RIGHT  MM_TO_TWIPS (26)
#define MARGIN_BOTTOM MM_TO_TWIPS (35)
#define TEXT_WIDTH    (PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)

/* 22 lines in the 225 mm 版心: 579.8 twips, rounded down so that the 22nd
 * line still fits (580 × 22 would overflow it by 4 twips). */
#define LINE_PITCH     579
#define CHARS_PER_LINE 28

/* Sizes in half points (w:sz) */
#define BODY_HALF_POINTS   32 /* 3号 */
#define TITLE_HALF_POINTS  44 /* 2号 */
#define SMALL_HALF_POINTS  28 /* 4号: 抄送, page numbers */
#define ISSUER_HALF_POINTS 60 /* the letterhead's issuer, 30 pt, as the PDF */

/* One character cell of the grid: 156 mm / 28, 15.79 pt. */
#define CHAR_PITCH ((TEXT_WIDTH + CHARS_PER_LINE / 2) / CHARS_PER_LINE)

/* The body's characters set 0.35 pt closer (in twentieths of a point),
 * see above. */
#define CONDENSE (-7)

/* The rules are 170 mm long, centred: 7 mm past the 156 mm 版心 on each
 * side. */
#define RULE_OUTDENT (-MM_TO_TWIPS (7))

/* The issuer's rule, thick over thin, in eighths of a point; 4 mm (in
 * points) under the issuer. */
#define ISSUER_RULE_WIDTH 24
#define ISSUER_RULE_SPACE 11

/* The footers' bottom edge sits 20 mm above the page's: there the first
 * page's thin-over-thick rule lies; the page numbers' line (14 pt) is
 * lifted so that its top is 7 mm under the 版心 (28 mm above the page's
 * bottom). */
#define FOOTER_DISTANCE    MM_TO_TWIPS (20)
#define PAGE_NUMBER_LINE   280
#define PAGE_NUMBER_AFTER  (MM_TO_TWIPS (28) - FOOTER_DISTANCE - PAGE_NUMBER_LINE)
#define PAGE_NUMBER_INDENT 280 /* 空一字 of 4号 */

/* 抄送: one 4号 character in from either side; its lines a little under
 * the grid's so that the thin rules above and below it (CC_RULE_WIDTH
 * eighths of a point each) keep it on the grid. */
#define CC_INDENT     280
#define CC_RULE_WIDTH 4
#define CC_LINE       (LINE_PITCH - 2 * CC_RULE_WIDTH * 20 / 8)

#define RED "FF0000"

/* East Asian font names as bureaus install them. Latin letters and
 * digits in Times New Roman, as official documents commonly set them: half
 * an em wide, as the Chinese fonts' own, and LibreOffice has it (as
 * Liberation Serif, metric-compatible) where it lacks the Chinese fonts,
 * rather than a wider sans. Page numbers in 宋体, as the standard has them. */
#define FONT_FANGSONG   "仿宋_GB2312"
#define FONT_XBS        "方正小标宋简体"
#define FONT_HEI        "黑体"
#define FONT_KAI        "楷体_GB2312"
#define FONT_SONG       "宋体"
#define FONT_LATIN      "Times New Roman"
#define FONT_SONG_LATIN "SimSun"

#define NS_W   "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R   "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define REL_TYPE(t) "http://schemas.openxmlformats.org/officeDocument/2006/relationships/" t
#define CT_WML(t) "application/vnd.openxmlformats-officedocument.wordprocessingml." t "+xml"

/* ---------------------------------------------------------------------- */
/* The paragraph styles, one per role                                     */

typedef struct {
  const char *id;
  const char *name;
  const char *east_asia;        /* NULL: the body's font */
  const char *latin;
  guint       half_points;      /* 0: the body's size */
  const char *color;            /* NULL: automatic */
  const char *jc;               /* NULL: justified */
  guint       first_line_chars; /* in hundredths of a character */
  guint       right_chars;
  gint        outline_level;    /* -1: none */
  gboolean    keep_next;
  gboolean    keep_lines;
  gboolean    off_grid;         /* natural letter spacing */
} RoleStyle;

static const RoleStyle role_styles[] = {
  [DAFU_DOC_ROLE_ISSUER] = {
    "DafuIssuer", "Dafu Issuer", FONT_XBS, FONT_LATIN, ISSUER_HALF_POINTS, RED, "center",
    0, 0, -1, FALSE, FALSE, TRUE },
  [DAFU_DOC_ROLE_DOC_NUMBER] = {
    "DafuDocNumber", "Dafu Document Number", NULL, NULL, 0, NULL, "right",
    0, 0, -1, FALSE, FALSE, FALSE },
  [DAFU_DOC_ROLE_CATEGORY] = {
    "DafuCategory", "Dafu Category", FONT_HEI, FONT_LATIN, 0, NULL, "right",
    0, 0, -1, FALSE, FALSE, TRUE },
  [DAFU_DOC_ROLE_SIGNER] = {
    "DafuSigner", "Dafu Signer", NULL, NULL, 0, NULL, "right",
    0, 0, -1, FALSE, FALSE, FALSE },
  [DAFU_DOC_ROLE_TITLE] = {
    "DafuTitle", "Dafu Title", FONT_XBS, FONT_LATIN, TITLE_HALF_POINTS, NULL, "center",
    0, 0, -1, TRUE, TRUE, TRUE },
  [DAFU_DOC_ROLE_SALUTATION] = {
    "DafuSalutation", "Dafu Salutation", NULL, NULL, 0, NULL, "left",
    0, 0, -1, FALSE, FALSE, FALSE },
  [DAFU_DOC_ROLE_BODY] = {
    "DafuBody", "Dafu Body", NULL, NULL, 0, NULL, NULL,
    200, 0, -1, FALSE, FALSE, FALSE },
  [DAFU_DOC_ROLE_HEADING_1] = {
    "DafuHeading1", "Dafu Heading 1", FONT_HEI, FONT_LATIN, 0, NULL, NULL,
    200, 0, 0, TRUE, TRUE, FALSE },
  [DAFU_DOC_ROLE_HEADING_2] = {
    "DafuHeading2", "Dafu Heading 2", FONT_KAI, FONT_LATIN, 0, NULL, NULL,
    200, 0, 1, TRUE, TRUE, FALSE },
  [DAFU_DOC_ROLE_HEADING_3] = {
    "DafuHeading3", "Dafu Heading 3", NULL, NULL, 0, NULL, NULL,
    200, 0, 2, TRUE, TRUE, FALSE },
  [DAFU_DOC_ROLE_SIGNATURE] = {
    "DafuSignature", "Dafu Signature", NULL, NULL, 0, NULL, "right",
    0, 200, -1, TRUE, FALSE, FALSE },
  [DAFU_DOC_ROLE_DATE] = {
    "DafuDate", "Dafu Date", NULL, NULL, 0, NULL, "right",
    0, 400, -1, FALSE, FALSE, FALSE },
  [DAFU_DOC_ROLE_NOTE] = {
    "DafuNote", "Dafu Note", NULL, NULL, 0, NULL, "left",
    200, 0, -1, FALSE, FALSE, FALSE },
  [DAFU_DOC_ROLE_CC] = {
    "DafuCC", "Dafu CC", NULL, NULL, SMALL_HALF_POINTS, NULL, "left",
    0, 0, -1, FALSE, FALSE, TRUE },
};

G_STATIC_ASSERT (G_N_ELEMENTS (role_styles) == DAFU_DOC_ROLE_CC + 1);

/* ---------------------------------------------------------------------- */
/* An XML part                                                            */

typedef struct {
  xmlBufferPtr     buffer;
  xmlTextWriterPtr writer;
  gboolean         failed;
} Xml;

static void
xml_check (Xml *x,
           int  rc)
{
  if (rc < 0)
    x->failed = TRUE;
}

static gboolean
xml_init (Xml *x)
{
  x->failed = FALSE;
  x->buffer = xmlBufferCreate ();
  x->writer = x->buffer != NULL ? xmlNewTextWriterMemory (x->buffer, 0) : NULL;
  if (x->writer == NULL)
    {
      g_clear_pointer (&x->buffer, xmlBufferFree);
      return FALSE;
    }
  xml_check (x, xmlTextWriterStartDocument (x->writer, "1.0", "UTF-8", "yes"));
  return TRUE;
}

static void
xml_clear (Xml *x)
{
  g_clear_pointer (&x->writer, xmlFreeTextWriter);
  g_clear_pointer (&x->buffer, xmlBufferFree);
}

static void
xml_start (Xml        *x,
           const char *name)
{
  xml_check (x, xmlTextWriterStartElement (x->writer, BAD_CAST name));
}

static void
xml_end (Xml *x)
{
  xml_check (x, xmlTextWriterEndElement (x->writer));
}

static void
xml_attr (Xml        *x,
          const char *name,
          const char *value)
{
  xml_check (x, xmlTextWriterWriteAttribute (x->writer, BAD_CAST name, BAD_CAST value));
}

static void
xml_attr_int (Xml        *x,
              const char *name,
              gint64      value)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  xml_attr (x, name, buf);
}

/* <name a1="v1" a2="v2"/>, the attributes as NULL-ended name, value pairs */
G_GNUC_NULL_TERMINATED static void
xml_empty (Xml        *x,
           const char *name,
           ...)
{
  va_list args;
  const char *attr;

  xml_start (x, name);
  va_start (args, name);
  while ((attr = va_arg (args, const char *)) != NULL)
    xml_attr (x, attr, va_arg (args, const char *));
  va_end (args);
  xml_end (x);
}

/* <w:name w:val="value"/> */
static void
xml_val (Xml        *x,
         const char *name,
         const char *value)
{
  xml_empty (x, name, "w:val", value, NULL);
}

static void
xml_val_int (Xml        *x,
             const char *name,
             gint64      value)
{
  xml_start (x, name);
  xml_attr_int (x, "w:val", value);
  xml_end (x);
}

/* <name>text</name> */
static void
xml_text_element (Xml        *x,
                  const char *name,
                  const char *text)
{
  xml_check (x, xmlTextWriterWriteElement (x->writer, BAD_CAST name, BAD_CAST text));
}

/* The part as bytes, or %NULL with @error set. */
static GBytes *
xml_finish (Xml         *x,
            const char  *part_name,
            GError     **error)
{
  GBytes *bytes = NULL;

  xml_check (x, xmlTextWriterEndDocument (x->writer));
  xml_check (x, xmlTextWriterFlush (x->writer));
  if (!x->failed)
    bytes = g_bytes_new (xmlBufferContent (x->buffer), xmlBufferLength (x->buffer));
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 /* Translators: %s is a part of the Word file, such as word/document.xml */
                 _("Could not write the Word file’s part %s"), part_name);
  xml_clear (x);
  return bytes;
}

/* ---------------------------------------------------------------------- */
/* Runs                                                                   */

static gboolean
is_xml_char (gunichar c)
{
  return (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
}

/* @text (valid UTF-8) without the characters XML cannot carry */
static void
write_plain_text (Xml        *x,
                  const char *text)
{
  g_autoptr(GString) clean = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_xml_char (c))
        g_string_append_unichar (clean, c);
    }
  xml_check (x, xmlTextWriterWriteString (x->writer, BAD_CAST clean->str));
}

static void
flush_text (Xml     *x,
            GString *pending)
{
  if (pending->len == 0)
    return;
  xml_start (x, "w:t");
  xml_attr (x, "xml:space", "preserve");
  xml_check (x, xmlTextWriterWriteString (x->writer, BAD_CAST pending->str));
  xml_end (x);
  g_string_truncate (pending, 0);
}


/* ---------------------------------------------------------------------- */
/* Properties shared by the parts                                         */

static void
write_fonts (Xml        *x,
             const char *east_asia,
             const char *latin)
{
  if (latin == NULL)
    latin = east_asia;
  xml_empty (x, "w:rFonts",
             "w:ascii", latin,
             "w:hAnsi", latin,
             "w:eastAsia", east_asia,
             "w:cs", latin,
             NULL);
}

static void
write_size (Xml  *x,
            guint half_points)
{
  xml_val_int (x, "w:sz", half_points);
  xml_val_int (x, "w:szCs", half_points);
}

/* A paragraph border: @style is single, thickThinSmallGap, …; @eighths its
 * width in eighths of a point; @space its distance from the text in
 * points. */
static void
write_border (Xml        *x,
              const char *side,
              const char *style,
              guint       eighths,
              guint       space,
              const char *color)
{
  xml_start (x, side);
  xml_attr (x, "w:val", style);
  xml_attr_int (x, "w:sz", eighths);
  xml_attr_int (x, "w:space", space);
  xml_attr (x, "w:color", color);
  xml_end (x);
}

/* Exact line spacing: a line takes @line twips whatever the fonts the
 * reader has. */
static void
write_spacing (Xml  *x,
               guint before,
               guint after,
               guint line)
{
  xml_start (x, "w:spacing");
  xml_attr_int (x, "w:before", before);
  xml_attr_int (x, "w:after", after);
  xml_attr_int (x, "w:line", line);
  xml_attr (x, "w:lineRule", "exact");
  xml_end (x);
}

/* A run of @text: tabs as <w:tab/>, line breaks as <w:br/>, the
 * characters XML cannot carry left out (libxml2 escapes the rest); with
 * its own fonts (@east_asia %NULL: the style's) and size (0: the
 * style's). */
static void
write_run_with (Xml        *x,
                const char *text,
                const char *east_asia,
                const char *latin,
                guint       half_points)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autoptr(GString) pending = g_string_new (NULL);

  if (*valid == '\0')
    return;

  xml_start (x, "w:r");
  if (east_asia != NULL || half_points != 0)
    {
      xml_start (x, "w:rPr");
      if (east_asia != NULL)
        write_fonts (x, east_asia, latin);
      if (half_points != 0)
        write_size (x, half_points);
      xml_end (x);
    }
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\t')
        {
          flush_text (x, pending);
          xml_empty (x, "w:tab", NULL);
        }
      else if (c == '\n')
        {
          flush_text (x, pending);
          xml_empty (x, "w:br", NULL);
        }
      else if (is_xml_char (c))
        g_string_append_unichar (pending, c);
    }
  flush_text (x, pending);
  xml_end (x);
}

static void
write_run (Xml        *x,
           const char *text)
{
  write_run_with (x, text, NULL, NULL, 0);
}

/* ---------------------------------------------------------------------- */
/* Widths                                                                 */

/* @text's width in ems, as the letter fonts set it: Chinese characters
 * and punctuation one em, Latin letters and digits half of one. An
 * estimate: the reader's fonts decide. */
static double
text_ems (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  double ems = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    ems += g_utf8_get_char (p) < 0x2000 ? 0.5 : 1.0;
  return ems;
}

/* ---------------------------------------------------------------------- */
/* The letterhead                                                         */

/* The category mark's line (16 pt) and the 4 mm between it and the
 * issuer under it. */
#define CATEGORY_LINE 320
#define CATEGORY_GAP  MM_TO_TWIPS (4)

typedef struct {
  const char *issuer;
  const char *doc_number;
  const char *category;
  const char *signer;
  guint       issuer_half_points;
  guint       issuer_line;     /* twips, exact */
  guint       header_distance; /* twips */
} Letterhead;

/* The first issuer, 文号, category and 签发人 of @document, as the PDF
 * takes them, and where the issuer goes. */
static void
letterhead_init (Letterhead   *lh,
                 DafuDocument *document)
{
  guint n = dafu_document_get_n_parts (document);
  double size = ISSUER_HALF_POINTS / 2.0;
  double width = TEXT_WIDTH / 20.0;

  memset (lh, 0, sizeof *lh);
  for (guint i = 0; i < n; i++)
    {
      const DafuDocPart *part = dafu_document_get_part (document, i);
      const char **slot = NULL;

      switch (part->role)
        {
        case DAFU_DOC_ROLE_ISSUER:
          slot = &lh->issuer;
          break;
        case DAFU_DOC_ROLE_DOC_NUMBER:
          slot = &lh->doc_number;
          break;
        case DAFU_DOC_ROLE_CATEGORY:
          slot = &lh->category;
          break;
        case DAFU_DOC_ROLE_SIGNER:
          slot = &lh->signer;
          break;
        default:
          break;
        }
      if (slot != NULL && *slot == NULL && part->text != NULL && *part->text != '\0')
        *slot = part->text;
    }

  /* A long name gets smaller to fit the 版心 (down to 2号), and wraps if
   * it must. */
  if (lh->issuer != NULL && text_ems (lh->issuer) * size > width)
    size = MAX (TITLE_HALF_POINTS / 2.0, width / text_ems (lh->issuer) - 0.1);
  lh->issuer_half_points = (guint) floor (size * 2);
  size = lh->issuer_half_points / 2.0;

  /* Word and LibreOffice put an exact line's room beyond the font's size
   * above the text: the header starts that much above 30 mm so that the
   * issuer's top is at 30 mm. */
  lh->issuer_line = (guint) round (size * 1.2 * 20);
  lh->header_distance = MM_TO_TWIPS (30) - (lh->issuer_line - (guint) round (size * 20));
  if (lh->category != NULL)
    lh->header_distance -= CATEGORY_LINE + CATEGORY_GAP;
}

/* ---------------------------------------------------------------------- */
/* The parts                                                              */

typedef enum {
  FOOTER_ODD,
  FOOTER_EVEN,
  FOOTER_FIRST,
} FooterKind;

static const char * const footer_parts[] = {
  [FOOTER_ODD] = "word/footer1.xml",   /* the number on the right */
  [FOOTER_EVEN] = "word/footer2.xml",  /* the number on the left */
  [FOOTER_FIRST] = "word/footer3.xml", /* no number, the lower red rule */
};

static GBytes *
write_content_types (GError **error)
{
  static const struct {
    const char *part;
    const char *type;
  } overrides[] = {
    { "/word/document.xml", CT_WML ("document.main") },
    { "/word/styles.xml", CT_WML ("styles") },
    { "/word/settings.xml", CT_WML ("settings") },
    { "/word/fontTable.xml", CT_WML ("fontTable") },
    { "/word/header1.xml", CT_WML ("header") },
    { "/word/footer1.xml", CT_WML ("footer") },
    { "/word/footer2.xml", CT_WML ("footer") },
    { "/word/footer3.xml", CT_WML ("footer") },
    { "/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml" },
    { "/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml" },
  };
  Xml x;

  if (!xml_init (&x))
    return xml_finish (&x, "[Content_Types].xml", error);

  xml_start (&x, "Types");
  xml_attr (&x, "xmlns", "http://schemas.openxmlformats.org/package/2006/content-types");
  xml_empty (&x, "Default", "Extension", "rels",
             "ContentType", "application/vnd.openxmlformats-package.relationships+xml", NULL);
  xml_empty (&x, "Default", "Extension", "xml", "ContentType", "application/xml", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (overrides); i++)
    xml_empty (&x, "Override",
               "PartName", overrides[i].part,
               "ContentType", overrides[i].type,
               NULL);
  xml_end (&x);

  return xml_finish (&x, "[Content_Types].xml", error);
}

static GBytes *
write_package_rels (GError **error)
{
  Xml x;

  if (!xml_init (&x))
    return xml_finish (&x, "_rels/.rels", error);

  xml_start (&x, "Relationships");
  xml_attr (&x, "xmlns", NS_REL);
  xml_empty (&x, "Relationship", "Id", "rId1",
             "Type", REL_TYPE ("officeDocument"), "Target", "word/document.xml", NULL);
  xml_empty (&x, "Relationship", "Id", "rId2",
             "Type", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
             "Target", "docProps/core.xml", NULL);
  xml_empty (&x, "Relationship", "Id", "rId3",
             "Type", REL_TYPE ("extended-properties"), "Target", "docProps/app.xml", NULL);
  xml_end (&x);

  return xml_finish (&x, "_rels/.rels", error);
}

static GBytes *
write_document_rels (GError **error)
{
  static const struct {
    const char *id;
    const char *type;
    const char *target;
  } rels[] = {
    { "rId1", REL_TYPE ("styles"), "styles.xml" },
    { "rId2", REL_TYPE ("settings"), "settings.xml" },
    { "rId3", REL_TYPE ("fontTable"), "fontTable.xml" },
    { "rId4", REL_TYPE ("footer"), "footer1.xml" },
    { "rId5", REL_TYPE ("footer"), "footer2.xml" },
    { "rId6", REL_TYPE ("footer"), "footer3.xml" },
    { "rId7", REL_TYPE ("header"), "header1.xml" },
  };
  Xml x;

  if (!xml_init (&x))
    return xml_finish (&x, "word/_rels/document.xml.rels", error);

  xml_start (&x, "Relationships");
  xml_attr (&x, "xmlns", NS_REL);
  for (guint i = 0; i < G_N_ELEMENTS (rels); i++)
    xml_empty (&x, "Relationship",
               "Id", rels[i].id,
               "Type", rels[i].type,
               "Target", rels[i].target,
               NULL);
  xml_end (&x);

  return xml_finish (&x, "word/_rels/document.xml.rels", error);
}

static void
write_style_start (Xml        *x,
                   const char *id,
                   const char *name)
{
  xml_start (x, "w:style");
  xml_attr (x, "w:type", "paragraph");
  xml_attr (x, "w:customStyle", "1");
  xml_attr (x, "w:styleId", id);
  xml_val (x, "w:name", name);
  xml_val (x, "w:basedOn", "Normal");
}

static void
write_role_style (Xml         *x,
                  DafuDocRole  role)
{
  const RoleStyle *s = &role_styles[role];
  gboolean heading = role == DAFU_DOC_ROLE_HEADING_1 || role == DAFU_DOC_ROLE_HEADING_2 ||
                     role == DAFU_DOC_ROLE_HEADING_3;

  write_style_start (x, s->id, s->name);
  xml_val (x, "w:next", heading || role == DAFU_DOC_ROLE_SALUTATION
                        ? role_styles[DAFU_DOC_ROLE_BODY].id : s->id);
  xml_empty (x, "w:qFormat", NULL);

  xml_start (x, "w:pPr");
  if (s->keep_next)
    xml_empty (x, "w:keepNext", NULL);
  if (s->keep_lines)
    xml_empty (x, "w:keepLines", NULL);
  if (role == DAFU_DOC_ROLE_ISSUER)
    {
      /* the red double rule, thick over thin, 4 mm under the issuer */
      xml_start (x, "w:pBdr");
      write_border (x, "w:bottom", "thickThinSmallGap", ISSUER_RULE_WIDTH, ISSUER_RULE_SPACE, RED);
      xml_end (x);
    }
  else if (role == DAFU_DOC_ROLE_CC)
    {
      /* thin rules the width of the 版心 above and below */
      xml_start (x, "w:pBdr");
      write_border (x, "w:top", "single", CC_RULE_WIDTH, 0, "000000");
      write_border (x, "w:bottom", "single", CC_RULE_WIDTH, 0, "000000");
      xml_end (x);
    }

  if (role == DAFU_DOC_ROLE_CC)
    write_spacing (x, 0, 0, CC_LINE);
  else if (role == DAFU_DOC_ROLE_CATEGORY)
    write_spacing (x, 0, CATEGORY_GAP, CATEGORY_LINE);

  if (role == DAFU_DOC_ROLE_ISSUER)
    {
      /* the rule runs 170 mm, 7 mm past the 版心 on either side */
      xml_start (x, "w:ind");
      xml_attr_int (x, "w:left", RULE_OUTDENT);
      xml_attr_int (x, "w:right", RULE_OUTDENT);
      xml_end (x);
    }
  else if (role == DAFU_DOC_ROLE_CC)
    {
      xml_start (x, "w:ind");
      xml_attr_int (x, "w:left", CC_INDENT);
      xml_attr_int (x, "w:right", CC_INDENT);
      xml_end (x);
    }
  else if (s->first_line_chars != 0 || s->right_chars != 0)
    {
      /* Word reads the character units, other readers the twips */
      xml_start (x, "w:ind");
      if (s->right_chars != 0)
        {
          xml_attr_int (x, "w:rightChars", s->right_chars);
          xml_attr_int (x, "w:right", s->right_chars * CHAR_PITCH / 100);
        }
      if (s->first_line_chars != 0)
        {
          xml_attr_int (x, "w:firstLineChars", s->first_line_chars);
          xml_attr_int (x, "w:firstLine", s->first_line_chars * CHAR_PITCH / 100);
        }
      xml_end (x);
    }
  xml_val (x, "w:jc", s->jc != NULL ? s->jc : "both");
  if (s->outline_level >= 0)
    xml_val_int (x, "w:outlineLvl", s->outline_level);
  xml_end (x);

  xml_start (x, "w:rPr");
  if (s->east_asia != NULL)
    write_fonts (x, s->east_asia, s->latin);
  if (s->color != NULL)
    xml_val (x, "w:color", s->color);
  if (s->off_grid)
    xml_val_int (x, "w:spacing", 0);
  if (s->half_points != 0)
    write_size (x, s->half_points);
  xml_end (x);

  xml_end (x);
}

static GBytes *
write_styles (GError **error)
{
  Xml x;

  if (!xml_init (&x))
    return xml_finish (&x, "word/styles.xml", error);

  xml_start (&x, "w:styles");
  xml_attr (&x, "xmlns:w", NS_W);

  /* The defaults are the body's, 仿宋 3号: the grid's character pitch
   * (w:charSpace) is relative to the default size. */
  xml_start (&x, "w:docDefaults");
  xml_start (&x, "w:rPrDefault");
  xml_start (&x, "w:rPr");
  write_fonts (&x, FONT_FANGSONG, FONT_LATIN);
  xml_val_int (&x, "w:kern", 0);
  write_size (&x, BODY_HALF_POINTS);
  xml_empty (&x, "w:lang", "w:val", "en-US", "w:eastAsia", "zh-CN", "w:bidi", "ar-SA", NULL);
  xml_end (&x);
  xml_end (&x);
  xml_start (&x, "w:pPrDefault");
  xml_start (&x, "w:pPr");
  write_spacing (&x, 0, 0, LINE_PITCH);
  xml_end (&x);
  xml_end (&x);
  xml_end (&x);

  xml_start (&x, "w:style");
  xml_attr (&x, "w:type", "paragraph");
  xml_attr (&x, "w:default", "1");
  xml_attr (&x, "w:styleId", "Normal");
  xml_val (&x, "w:name", "Normal");
  xml_empty (&x, "w:qFormat", NULL);
  xml_start (&x, "w:pPr");
  /* No widow control and no extra space between Chinese and Latin text,
   * as in the PDF; off the character grid (see the top).
   *
   * w:overflowPunct on is Word's and WPS's default (a closing mark may
   * hang past the margin); LibreOffice reads it the other way round and
   * then moves the mark down with the character before it, as the PDF
   * does, but hangs it when the element says off or is left out. Written
   * on, so that LibreOffice breaks lines as the PDF does and Word as Word
   * always does. */
  xml_val (&x, "w:widowControl", "0");
  xml_val (&x, "w:overflowPunct", "1");
  xml_val (&x, "w:autoSpaceDE", "0");
  xml_val (&x, "w:autoSpaceDN", "0");
  xml_val (&x, "w:snapToGrid", "0");
  write_spacing (&x, 0, 0, LINE_PITCH);
  xml_val (&x, "w:jc", "both");
  xml_end (&x);
  xml_start (&x, "w:rPr");
  write_fonts (&x, FONT_FANGSONG, FONT_LATIN);
  xml_val_int (&x, "w:spacing", CONDENSE);
  write_size (&x, BODY_HALF_POINTS);
  xml_end (&x);
  xml_end (&x);

  xml_start (&x, "w:style");
  xml_attr (&x, "w:type", "character");
  xml_attr (&x, "w:default", "1");
  xml_attr (&x, "w:styleId", "DefaultParagraphFont");
  xml_val (&x, "w:name", "Default Paragraph Font");
  xml_val_int (&x, "w:uiPriority", 1);
  xml_empty (&x, "w:semiHidden", NULL);
  xml_empty (&x, "w:unhideWhenUsed", NULL);
  xml_end (&x);

  for (guint role = 0; role < G_N_ELEMENTS (role_styles); role++)
    write_role_style (&x, role);

  /* The page numbers: 4号 宋体, lifted to 7 mm under the 版心 */
  write_style_start (&x, "DafuPageNumber", "Dafu Page Number");
  xml_start (&x, "w:pPr");
  write_spacing (&x, 0, PAGE_NUMBER_AFTER, PAGE_NUMBER_LINE);
  xml_end (&x);
  xml_start (&x, "w:rPr");
  write_fonts (&x, FONT_SONG, FONT_SONG_LATIN);
  xml_val_int (&x, "w:spacing", 0);
  write_size (&x, SMALL_HALF_POINTS);
  xml_end (&x);
  xml_end (&x);

  /* The first page's lower rule: an empty paragraph of 1 pt whose bottom
   * border lies on the footer's bottom edge, 20 mm above the page's */
  write_style_start (&x, "DafuFooterRule", "Dafu Footer Rule");
  xml_start (&x, "w:pPr");
  xml_start (&x, "w:pBdr");
  write_border (&x, "w:bottom", "thinThickSmallGap", ISSUER_RULE_WIDTH, 0, RED);
  xml_end (&x);
  write_spacing (&x, 0, 0, 20);
  xml_start (&x, "w:ind");
  xml_attr_int (&x, "w:left", RULE_OUTDENT);
  xml_attr_int (&x, "w:right", RULE_OUTDENT);
  xml_end (&x);
  xml_end (&x);
  xml_start (&x, "w:rPr");
  write_size (&x, 2);
  xml_end (&x);
  xml_end (&x);

  xml_end (&x);

  return xml_finish (&x, "word/styles.xml", error);
}

static GBytes *
write_settings (GError **error)
{
  Xml x;

  if (!xml_init (&x))
    return xml_finish (&x, "word/settings.xml", error);

  xml_start (&x, "w:settings");
  xml_attr (&x, "xmlns:w", NS_W);
  xml_empty (&x, "w:zoom", "w:percent", "100", NULL);
  xml_val_int (&x, "w:defaultTabStop", 420);
  /* page numbers on the outer side: odd right, even left */
  xml_empty (&x, "w:evenAndOddHeaders", NULL);
  xml_val (&x, "w:characterSpacingControl", "doNotCompress");
  xml_start (&x, "w:compat");
  xml_empty (&x, "w:compatSetting",
             "w:name", "compatibilityMode",
             "w:uri", "http://schemas.microsoft.com/office/word",
             "w:val", "15",
             NULL);
  xml_end (&x);
  xml_empty (&x, "w:themeFontLang", "w:val", "en-US", "w:eastAsia", "zh-CN", NULL);
  xml_end (&x);

  return xml_finish (&x, "word/settings.xml", error);
}

static GBytes *
write_font_table (GError **error)
{
  static const struct {
    const char *name;
    const char *alt_name;
    const char *charset;
    const char *family;
  } fonts[] = {
    { FONT_FANGSONG, "仿宋", "86", "modern" },
    { FONT_XBS, "方正小标宋_GBK", "86", "script" },
    { FONT_HEI, "SimHei", "86", "modern" },
    { FONT_KAI, "楷体", "86", "modern" },
    { FONT_SONG, "SimSun", "86", "auto" },
    { FONT_SONG_LATIN, "宋体", "86", "auto" },
    { FONT_LATIN, NULL, "00", "roman" },
  };
  Xml x;

  if (!xml_init (&x))
    return xml_finish (&x, "word/fontTable.xml", error);

  xml_start (&x, "w:fonts");
  xml_attr (&x, "xmlns:w", NS_W);
  for (guint i = 0; i < G_N_ELEMENTS (fonts); i++)
    {
      xml_start (&x, "w:font");
      xml_attr (&x, "w:name", fonts[i].name);
      if (fonts[i].alt_name != NULL)
        xml_val (&x, "w:altName", fonts[i].alt_name);
      xml_val (&x, "w:charset", fonts[i].charset); /* 86: GB2312 */
      xml_val (&x, "w:family", fonts[i].family);
      xml_val (&x, "w:pitch", "variable");
      xml_end (&x);
    }
  xml_end (&x);

  return xml_finish (&x, "word/fontTable.xml", error);
}

static void
write_field_char (Xml        *x,
                  const char *type)
{
  xml_start (x, "w:r");
  xml_empty (x, "w:fldChar", "w:fldCharType", type, NULL);
  xml_end (x);
}

static GBytes *
write_footer (FooterKind   kind,
              GError     **error)
{
  const char *part = footer_parts[kind];
  Xml x;

  if (!xml_init (&x))
    return xml_finish (&x, part, error);

  xml_start (&x, "w:ftr");
  xml_attr (&x, "xmlns:w", NS_W);
  xml_attr (&x, "xmlns:r", NS_R);
  xml_start (&x, "w:p");
  xml_start (&x, "w:pPr");
  if (kind == FOOTER_FIRST)
    {
      /* No number on the first page (the letter format allows it); the
       * letter paper's lower rule instead. */
      xml_val (&x, "w:pStyle", "DafuFooterRule");
      xml_end (&x);
    }
  else
    {
      /* "— n —", one character in from the outer edge */
      xml_val (&x, "w:pStyle", "DafuPageNumber");
      xml_start (&x, "w:ind");
      xml_attr_int (&x, kind == FOOTER_ODD ? "w:right" : "w:left", PAGE_NUMBER_INDENT);
      xml_end (&x);
      xml_val (&x, "w:jc", kind == FOOTER_ODD ? "right" : "left");
      xml_end (&x);

      write_run (&x, "— ");
      write_field_char (&x, "begin");
      xml_start (&x, "w:r");
      xml_start (&x, "w:instrText");
      xml_attr (&x, "xml:space", "preserve");
      xml_check (&x, xmlTextWriterWriteString (x.writer, BAD_CAST " PAGE "));
      xml_end (&x);
      xml_end (&x);
      write_field_char (&x, "separate");
      write_run (&x, kind == FOOTER_ODD ? "3" : "2");
      write_field_char (&x, "end");
      write_run (&x, " —");
    }
  xml_end (&x);
  xml_end (&x);

  return xml_finish (&x, part, error);
}

/* The first page's header: the category mark, then the issuer over the
 * red rule. */
static GBytes *
write_header (const Letterhead  *lh,
              GError           **error)
{
  Xml x;

  if (!xml_init (&x))
    return xml_finish (&x, "word/header1.xml", error);

  xml_start (&x, "w:hdr");
  xml_attr (&x, "xmlns:w", NS_W);
  xml_attr (&x, "xmlns:r", NS_R);

  if (lh->category != NULL)
    {
      xml_start (&x, "w:p");
      xml_start (&x, "w:pPr");
      xml_val (&x, "w:pStyle", role_styles[DAFU_DOC_ROLE_CATEGORY].id);
      xml_end (&x);
      write_run (&x, lh->category);
      xml_end (&x);
    }

  /* Always the issuer's paragraph, empty without one: the rule is there
   * as on the PDF's letterhead. */
  xml_start (&x, "w:p");
  xml_start (&x, "w:pPr");
  xml_val (&x, "w:pStyle", role_styles[DAFU_DOC_ROLE_ISSUER].id);
  write_spacing (&x, 0, 0, lh->issuer_line);
  if (lh->issuer_half_points != ISSUER_HALF_POINTS)
    {
      xml_start (&x, "w:rPr");
      write_size (&x, lh->issuer_half_points);
      xml_end (&x);
    }
  xml_end (&x);
  if (lh->issuer != NULL)
    write_run_with (&x, lh->issuer, NULL, NULL,
                    lh->issuer_half_points != ISSUER_HALF_POINTS ? lh->issuer_half_points : 0);
  xml_end (&x);

  xml_end (&x);

  return xml_finish (&x, "word/header1.xml", error);
}

static void
write_section (Xml              *x,
               const Letterhead *lh)
{
  xml_start (x, "w:sectPr");
  xml_empty (x, "w:headerReference", "w:type", "first", "r:id", "rId7", NULL);
  xml_empty (x, "w:footerReference", "w:type", "default", "r:id", "rId4", NULL);
  xml_empty (x, "w:footerReference", "w:type", "even", "r:id", "rId5", NULL);
  xml_empty (x, "w:footerReference", "w:type", "first", "r:id", "rId6", NULL);

  xml_start (x, "w:pgSz");
  xml_attr_int (x, "w:w", PAGE_WIDTH);
  xml_attr_int (x, "w:h", PAGE_HEIGHT);
  xml_end (x);

  xml_start (x, "w:pgMar");
  xml_attr_int (x, "w:top", MARGIN_TOP);
  xml_attr_int (x, "w:right", MARGIN_RIGHT);
  xml_attr_int (x, "w:bottom", MARGIN_BOTTOM);
  xml_attr_int (x, "w:left", MARGIN_LEFT);
  xml_attr_int (x, "w:header", lh->header_distance);
  xml_attr_int (x, "w:footer", FOOTER_DISTANCE);
  xml_attr_int (x, "w:gutter", 0);
  xml_end (x);

  xml_empty (x, "w:cols", "w:space", "425", NULL);
  xml_empty (x, "w:titlePg", NULL);

  /* 22 lines of 28 characters of 16 pt: the character pitch is the
   * default size plus w:charSpace 4096ths of a point, so that 28 cells fill
   * the 156 mm line (each a little under 16 pt). */
  xml_start (x, "w:docGrid");
  xml_attr (x, "w:type", "linesAndChars");
  xml_attr_int (x, "w:linePitch", LINE_PITCH);
  xml_attr_int (x, "w:charSpace",
                (gint64) floor ((156.0 / 25.4 * 72.0 / CHARS_PER_LINE - BODY_HALF_POINTS / 2.0)
                                * 4096.0));
  xml_end (x);

  xml_end (x);
}

/* What a paragraph has beyond its style: indents in twips (negative:
 * the style's), a right tab stop, an alignment, a frame at the foot of the
 * 版心. */
typedef struct {
  gint        left;
  gint        right;
  gint        first_line;
  gint        hanging;
  gint        right_tab;
  const char *jc;
  gboolean    at_foot;
} ParaProps;

#define PARA_PROPS_INIT { -1, -1, -1, -1, -1, NULL, FALSE }

/* A paragraph's start: its style, @blank_lines whole grid lines above it
 * and @ind (nullable). Leaves the paragraph open after its properties. */
static void
start_paragraph (Xml              *x,
                 DafuDocRole       role,
                 guint             blank_lines,
                 const ParaProps *ind)
{
  xml_start (x, "w:p");
  xml_start (x, "w:pPr");
  xml_val (x, "w:pStyle", role_styles[role].id);
  if (ind != NULL && ind->at_foot)
    {
      /* a frame the width of the 版心 at its foot, which the text of the
       * page does not run beside */
      xml_start (x, "w:framePr");
      xml_attr_int (x, "w:w", TEXT_WIDTH);
      xml_attr (x, "w:wrap", "notBeside");
      xml_attr (x, "w:vAnchor", "margin");
      xml_attr (x, "w:hAnchor", "margin");
      xml_attr (x, "w:xAlign", "center");
      xml_attr (x, "w:yAlign", "bottom");
      xml_end (x);
    }
  if (ind != NULL && ind->right_tab >= 0)
    {
      xml_start (x, "w:tabs");
      xml_start (x, "w:tab");
      xml_attr (x, "w:val", "right");
      xml_attr_int (x, "w:pos", ind->right_tab);
      xml_end (x);
      xml_end (x);
    }
  if (blank_lines > 0)
    {
      xml_start (x, "w:spacing");
      xml_attr_int (x, "w:before", blank_lines * LINE_PITCH);
      xml_end (x);
    }
  if (ind != NULL && (ind->left >= 0 || ind->right >= 0 || ind->first_line >= 0 || ind->hanging >= 0))
    {
      /* the character units of the style give way to these */
      xml_start (x, "w:ind");
      if (ind->left >= 0)
        {
          xml_attr_int (x, "w:leftChars", 0);
          xml_attr_int (x, "w:left", ind->left);
        }
      if (ind->right >= 0)
        {
          xml_attr_int (x, "w:rightChars", 0);
          xml_attr_int (x, "w:right", ind->right);
        }
      if (ind->first_line >= 0)
        {
          xml_attr_int (x, "w:firstLineChars", 0);
          xml_attr_int (x, "w:firstLine", ind->first_line);
        }
      if (ind->hanging >= 0)
        {
          xml_attr_int (x, "w:hangingChars", 0);
          xml_attr_int (x, "w:hanging", ind->hanging);
        }
      xml_end (x);
    }
  if (ind != NULL && ind->jc != NULL)
    xml_val (x, "w:jc", ind->jc);
  xml_end (x);
}

/* 文号 flush right on the line under the rule; with 签发人, 文号 one
 * character in from the left and 签发人 one character in from the right,
 * its name in 楷体. */
static void
write_doc_number_line (Xml              *x,
                       const Letterhead *lh)
{
  if (lh->signer != NULL)
    {
      ParaProps ind = PARA_PROPS_INIT;
      const char *colon = strstr (lh->signer, "：");
      g_autofree char *label = NULL;

      ind.left = CHAR_PITCH;
      ind.right = CHAR_PITCH;
      ind.right_tab = TEXT_WIDTH - CHAR_PITCH;
      ind.jc = "left";
      start_paragraph (x, lh->doc_number != NULL ? DAFU_DOC_ROLE_DOC_NUMBER : DAFU_DOC_ROLE_SIGNER,
                       0, &ind);
      if (lh->doc_number != NULL)
        write_run (x, lh->doc_number);
      xml_start (x, "w:r");
      xml_empty (x, "w:tab", NULL);
      xml_end (x);
      if (colon != NULL)
        {
          colon += strlen ("：");
          label = g_strndup (lh->signer, colon - lh->signer);
          write_run (x, label);
          write_run_with (x, colon, FONT_KAI, FONT_LATIN, 0);
        }
      else
        write_run (x, lh->signer);
      xml_end (x);
    }
  else
    {
      start_paragraph (x, DAFU_DOC_ROLE_DOC_NUMBER, 0, NULL);
      write_run (x, lh->doc_number);
      xml_end (x);
    }
}

/* The title on a narrower measure when it takes more than one line, so
 * that its lines come out about as long as each other, as in the PDF:
 * the indent on each side, in twips. */
static gint
title_indent (const char *text)
{
  double ems = text_ems (text);
  double width = TEXT_WIDTH / 20.0;
  double size = TITLE_HALF_POINTS / 2.0;
  double per_line = floor (width / size);
  guint n_lines = (guint) ceil (ems / per_line);
  double balanced;

  if (n_lines <= 1)
    return 0;
  /* one character to spare for the estimate */
  balanced = (ceil (ems / n_lines) + 1) * size;
  if (balanced >= width)
    return 0;
  return (gint) ((width - balanced) / 2 * 20);
}

static gboolean
is_heading (DafuDocRole role)
{
  return role == DAFU_DOC_ROLE_HEADING_1 || role == DAFU_DOC_ROLE_HEADING_2 ||
         role == DAFU_DOC_ROLE_HEADING_3;
}

/* A body paragraph that starts with its heading (一、…。正文) sets the
 * heading's sentence in the heading's font, as the PDF does. */
static void
write_body_runs (Xml        *x,
                 const char *text)
{
  const char *stop = strstr (text, "。");
  g_autofree char *sentence = NULL;
  const RoleStyle *s;
  DafuDocRole role;

  if (stop == NULL)
    {
      write_run (x, text);
      return;
    }
  stop += strlen ("。");
  sentence = g_strndup (text, stop - text);
  role = dafu_doc_role_for_line (sentence);
  if (role != DAFU_DOC_ROLE_HEADING_1 && role != DAFU_DOC_ROLE_HEADING_2)
    {
      write_run (x, text);
      return;
    }
  s = &role_styles[role];
  write_run_with (x, sentence, s->east_asia, s->latin, 0);
  write_run (x, stop);
}

/* The signature block: the issuer two characters from the right edge, the
 * date starting two characters right of the issuer's start, unless it is
 * then the longer: then the date ends two characters in and the issuer
 * moves left with it (GB/T 9704 7.3.5.2). Returns the index after the
 * block. */
static guint
write_signature_block (Xml          *x,
                       DafuDocument *document,
                       guint         start,
                       guint         blank_lines)
{
  guint n = dafu_document_get_n_parts (document);
  gint right = 2 * CHAR_PITCH;
  gint issuer_start = -1;   /* from the right edge */
  gint shift = 0;
  guint end;

  for (end = start; end < n; end++)
    {
      const DafuDocPart *part = dafu_document_get_part (document, end);

      if (part->role == DAFU_DOC_ROLE_SIGNATURE)
        issuer_start = MAX (issuer_start, right + (gint) (text_ems (part->text) * CHAR_PITCH));
      else if (part->role != DAFU_DOC_ROLE_DATE)
        break;
    }

  if (issuer_start >= 0)
    for (guint i = start; i < end; i++)
      {
        const DafuDocPart *part = dafu_document_get_part (document, i);
        gint date_end;

        if (part->role != DAFU_DOC_ROLE_DATE)
          continue;
        date_end = issuer_start - 2 * CHAR_PITCH - (gint) (text_ems (part->text) * CHAR_PITCH);
        shift = MAX (shift, right - date_end);
      }

  for (guint i = start; i < end; i++)
    {
      const DafuDocPart *part = dafu_document_get_part (document, i);
      gint width = (gint) (text_ems (part->text) * CHAR_PITCH);
      ParaProps ind = PARA_PROPS_INIT;

      if (part->role == DAFU_DOC_ROLE_SIGNATURE || issuer_start < 0)
        ind.right = right + shift;
      else
        ind.right = issuer_start - 2 * CHAR_PITCH - width + shift;
      ind.right = CLAMP (ind.right, 0, MAX (0, TEXT_WIDTH - width));

      start_paragraph (x, part->role, i == start ? blank_lines : 0, &ind);
      write_run (x, part->text);
      xml_end (x);
    }

  return end;
}

/* 抄送 in 4号 at the foot of the last page, one character in; its
 * continuation lines under the first name, after 抄送：. */
static void
write_cc (Xml        *x,
          const char *text)
{
  const char *colon = strstr (text, "：");
  ParaProps ind = PARA_PROPS_INIT;

  ind.at_foot = TRUE;
  if (colon != NULL)
    {
      g_autofree char *label = g_strndup (text, colon + strlen ("：") - text);
      gint hang = (gint) (text_ems (label) * SMALL_HALF_POINTS * 10);

      if (hang < (TEXT_WIDTH - 2 * CC_INDENT) / 2)
        {
          ind.left = CC_INDENT + hang;
          ind.hanging = hang;
        }
    }
  start_paragraph (x, DAFU_DOC_ROLE_CC, 0, &ind);
  write_run (x, text);
  xml_end (x);
}

static GBytes *
write_document (DafuDocument      *document,
                const Letterhead  *lh,
                GCancellable      *cancellable,
                GError           **error)
{
  guint n = dafu_document_get_n_parts (document);
  g_autoptr(GPtrArray) ccs = g_ptr_array_new ();
  DafuDocRole prev = DAFU_DOC_ROLE_ISSUER;
  gboolean any = FALSE;
  guint first_blanks;
  guint i = 0;
  Xml x;

  if (!xml_init (&x))
    return xml_finish (&x, "word/document.xml", error);

  xml_start (&x, "w:document");
  xml_attr (&x, "xmlns:w", NS_W);
  xml_attr (&x, "xmlns:r", NS_R);
  xml_start (&x, "w:body");

  /* The flow starts on the grid line under the rule with 文号; what
   * comes first after it (the title) two blank lines under that line. */
  if (lh->doc_number != NULL || lh->signer != NULL)
    {
      write_doc_number_line (&x, lh);
      first_blanks = 2;
    }
  else
    first_blanks = 3;

  while (i < n)
    {
      const DafuDocPart *part = dafu_document_get_part (document, i);
      DafuDocRole role = part->role;
      guint blanks = any ? 0 : first_blanks;

      if ((guint) role >= G_N_ELEMENTS (role_styles))
        role = DAFU_DOC_ROLE_BODY;

      switch (role)
        {
        case DAFU_DOC_ROLE_ISSUER:
        case DAFU_DOC_ROLE_DOC_NUMBER:
        case DAFU_DOC_ROLE_CATEGORY:
        case DAFU_DOC_ROLE_SIGNER:
          /* the letterhead's */
          i++;
          continue;

        case DAFU_DOC_ROLE_TITLE:
          {
            ParaProps ind = PARA_PROPS_INIT;
            gint side = title_indent (part->text);

            if (any && prev != DAFU_DOC_ROLE_TITLE)
              blanks++;
            if (side > 0)
              ind.left = ind.right = side;
            start_paragraph (&x, role, blanks, side > 0 ? &ind : NULL);
            write_run (&x, part->text);
            xml_end (&x);
          }
          break;

        case DAFU_DOC_ROLE_SIGNATURE:
        case DAFU_DOC_ROLE_DATE:
          i = write_signature_block (&x, document, i, blanks + 1);
          prev = DAFU_DOC_ROLE_DATE;
          any = TRUE;
          continue;

        case DAFU_DOC_ROLE_NOTE:
          if (any && prev != DAFU_DOC_ROLE_NOTE && prev != DAFU_DOC_ROLE_DATE &&
              prev != DAFU_DOC_ROLE_SIGNATURE)
            blanks++;
          start_paragraph (&x, role, blanks, NULL);
          write_run (&x, part->text);
          xml_end (&x);
          break;

        case DAFU_DOC_ROLE_CC:
          /* at the end */
          g_ptr_array_add (ccs, part->text);
          i++;
          continue;

        case DAFU_DOC_ROLE_SALUTATION:
        case DAFU_DOC_ROLE_BODY:
        case DAFU_DOC_ROLE_HEADING_1:
        case DAFU_DOC_ROLE_HEADING_2:
        case DAFU_DOC_ROLE_HEADING_3:
        default:
          if (prev == DAFU_DOC_ROLE_TITLE)
            blanks++;
          start_paragraph (&x, role, blanks, NULL);
          if (role == DAFU_DOC_ROLE_BODY)
            write_body_runs (&x, part->text);
          else
            write_run (&x, part->text);
          xml_end (&x);
          break;
        }

      prev = is_heading (role) ? DAFU_DOC_ROLE_BODY : role;
      any = TRUE;
      i++;

      if (i % 256 == 0 && g_cancellable_is_cancelled (cancellable))
        {
          xml_clear (&x);
          g_cancellable_set_error_if_cancelled (cancellable, error);
          return NULL;
        }
    }

  for (guint k = 0; k < ccs->len; k++)
    write_cc (&x, g_ptr_array_index (ccs, k));

  /* a body needs a paragraph for Word to open it */
  if (n == 0)
    {
      xml_start (&x, "w:p");
      xml_end (&x);
    }

  write_section (&x, lh);
  xml_end (&x);
  xml_end (&x);

  return xml_finish (&x, "word/document.xml", error);
}

static GBytes *
write_core (DafuDocument  *document,
            GError       **error)
{
  const char *title = dafu_document_get_title (document);
  const char *author = dafu_document_get_author (document);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  Xml x;

  if (!xml_init (&x))
    return xml_finish (&x, "docProps/core.xml", error);

  xml_start (&x, "cp:coreProperties");
  xml_attr (&x, "xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
  xml_attr (&x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
  xml_attr (&x, "xmlns:dcterms", "http://purl.org/dc/terms/");
  xml_attr (&x, "xmlns:dcmitype", "http://purl.org/dc/dcmitype/");
  xml_attr (&x, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
  if (title != NULL)
    {
      g_autofree char *valid = g_utf8_make_valid (title, -1);

      xml_start (&x, "dc:title");
      write_plain_text (&x, valid);
      xml_end (&x);
    }
  if (author != NULL)
    {
      g_autofree char *valid = g_utf8_make_valid (author, -1);

      xml_start (&x, "dc:creator");
      write_plain_text (&x, valid);
      xml_end (&x);
    }
  xml_start (&x, "dcterms:created");
  xml_attr (&x, "xsi:type", "dcterms:W3CDTF");
  xml_check (&x, xmlTextWriterWriteString (x.writer, BAD_CAST stamp));
  xml_end (&x);
  xml_start (&x, "dcterms:modified");
  xml_attr (&x, "xsi:type", "dcterms:W3CDTF");
  xml_check (&x, xmlTextWriterWriteString (x.writer, BAD_CAST stamp));
  xml_end (&x);
  xml_end (&x);

  return xml_finish (&x, "docProps/core.xml", error);
}

static GBytes *
write_app (GError **error)
{
  Xml x;

  if (!xml_init (&x))
    return xml_finish (&x, "docProps/app.xml", error);

  xml_start (&x, "Properties");
  xml_attr (&x, "xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties");
  xml_attr (&x, "xmlns:vt", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes");
  xml_text_element (&x, "Application", "Dafu");
  xml_text_element (&x, "DocSecurity", "0");
  xml_end (&x);

  return xml_finish (&x, "docProps/app.xml", error);
}

/* ---------------------------------------------------------------------- */
/* The zip                                                                */

/* The entries' time: Word's own, so that the same letter gives the same
 * file (2 January 1980, the zip format's first day in any time zone). */
#define ZIP_MTIME ((time_t) 315619200)

/* The zip is made in memory (a letter's is some tens of kilobytes), so
 * that libarchive never meets a failing stream (it leaks its compressor
 * when one fails in the middle of an entry), then written out whole. */
static la_ssize_t
zip_write_cb (struct archive *archive,
              void           *data,
              const void     *buffer,
              size_t          length)
{
  g_byte_array_append (data, buffer, length);
  return length;
}

static void
set_archive_error (struct archive  *archive,
                   GError         **error)
{
  const char *message = archive != NULL ? archive_error_string (archive) : NULL;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               /* Translators: %s says why, in libarchive's words */
               _("Could not write the Word file: %s"),
               message != NULL ? message : _("unknown error"));
}

static gboolean
add_entry (struct archive  *archive,
           const char      *name,
           GBytes          *bytes,
           GError         **error)
{
  struct archive_entry *entry = archive_entry_new ();
  gsize size = 0;
  gconstpointer data = g_bytes_get_data (bytes, &size);
  gboolean ok = TRUE;

  archive_entry_set_pathname_utf8 (entry, name);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, size);
  archive_entry_set_mtime (entry, ZIP_MTIME, 0);

  if (archive_write_header (archive, entry) != ARCHIVE_OK ||
      archive_write_data (archive, data, size) != (la_ssize_t) size ||
      archive_write_finish_entry (archive) != ARCHIVE_OK)
    {
      set_archive_error (archive, error);
      ok = FALSE;
    }
  archive_entry_free (entry);
  return ok;
}

/* ---------------------------------------------------------------------- */
/* Public API                                                             */

/**
 * dafu_docx_write:
 * @document: the letter to write
 * @stream: where the .docx goes; left open
 * @cancellable: (nullable): a #GCancellable
 * @error: the stream's error when writing fails, %G_IO_ERROR_CANCELLED, or
 *   %G_IO_ERROR_FAILED when the file cannot be made
 *
 * Writes @document as a Word file (.docx) in the GB/T 9704-2012 letter
 * format: A4 with the standard's margins, a document grid of 22 lines of
 * 28 characters, a paragraph style for each role (the issuer in red 小标宋
 * over the red double rule, the title in 2号 小标宋, the body in 3号 仿宋
 * with two-character indents, headings in 黑体 and 楷体, the signature and
 * the date to the right, 抄送 in 4号), and the page numbers "— n —" in
 * the footers, on the outer side, none on the first page. The document's
 * title and issuer become the file's title and author.
 *
 * Returns: %TRUE when the whole file was written
 */
gboolean
dafu_docx_write (DafuDocument   *document,
                 GOutputStream  *stream,
                 GCancellable   *cancellable,
                 GError        **error)
{
  struct {
    const char *name;
    GBytes     *bytes;
  } parts[] = {
    { "[Content_Types].xml", NULL },
    { "_rels/.rels", NULL },
    { "word/document.xml", NULL },
    { "word/_rels/document.xml.rels", NULL },
    { "word/styles.xml", NULL },
    { "word/settings.xml", NULL },
    { "word/fontTable.xml", NULL },
    { "word/header1.xml", NULL },
    { "word/footer1.xml", NULL },
    { "word/footer2.xml", NULL },
    { "word/footer3.xml", NULL },
    { "docProps/core.xml", NULL },
    { "docProps/app.xml", NULL },
  };
  g_autoptr(GByteArray) zip = g_byte_array_new ();
  struct archive *archive = NULL;
  Letterhead lh;
  gboolean ok = FALSE;

  g_return_val_if_fail (DAFU_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  letterhead_init (&lh, document);
  if ((parts[0].bytes = write_content_types (error)) == NULL ||
      (parts[1].bytes = write_package_rels (error)) == NULL ||
      (parts[2].bytes = write_document (document, &lh, cancellable, error)) == NULL ||
      (parts[3].bytes = write_document_rels (error)) == NULL ||
      (parts[4].bytes = write_styles (error)) == NULL ||
      (parts[5].bytes = write_settings (error)) == NULL ||
      (parts[6].bytes = write_font_table (error)) == NULL ||
      (parts[7].bytes = write_header (&lh, error)) == NULL ||
      (parts[8].bytes = write_footer (FOOTER_ODD, error)) == NULL ||
      (parts[9].bytes = write_footer (FOOTER_EVEN, error)) == NULL ||
      (parts[10].bytes = write_footer (FOOTER_FIRST, error)) == NULL ||
      (parts[11].bytes = write_core (document, error)) == NULL ||
      (parts[12].bytes = write_app (error)) == NULL)
    goto out;

  archive = archive_write_new ();
  if (archive == NULL ||
      archive_write_set_format_zip (archive) != ARCHIVE_OK ||
      archive_write_zip_set_compression_deflate (archive) != ARCHIVE_OK ||
      archive_write_set_bytes_per_block (archive, 0) != ARCHIVE_OK ||
      archive_write_set_bytes_in_last_block (archive, 1) != ARCHIVE_OK ||
      archive_write_open (archive, zip, NULL, zip_write_cb, NULL) != ARCHIVE_OK)
    {
      set_archive_error (archive, error);
      goto out;
    }

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (!add_entry (archive, parts[i].name, parts[i].bytes, error))
      goto out;

  /* the central directory */
  if (archive_write_close (archive) != ARCHIVE_OK)
    {
      set_archive_error (archive, error);
      goto out;
    }

  ok = g_output_stream_write_all (stream, zip->data, zip->len, NULL, cancellable, error) &&
       g_output_stream_flush (stream, cancellable, error);

out:
  if (archive != NULL)
    archive_write_free (archive);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    g_clear_pointer (&parts[i].bytes, g_bytes_unref);
  return ok;
}

/**
 * dafu_docx_write_file:
 * @document: the letter to write
 * @path: the .docx file to create or replace
 * @error: set when the file cannot be written
 *
 * Writes @document to @path as dafu_docx_write() does. The file is
 * replaced only once the whole of it is written: on failure an existing
 * file is left as it was and no partial file is left behind.
 *
 * Returns: %TRUE when the file was written
 */
gboolean
dafu_docx_write_file (DafuDocument  *document,
                      const char    *path,
                      GError       **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) out = NULL;

  g_return_val_if_fail (DAFU_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  file = g_file_new_for_path (path);
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  if (out == NULL)
    return FALSE;

  if (!dafu_docx_write (document, G_OUTPUT_STREAM (out), NULL, error))
    {
      /* closing with a cancelled cancellable drops the temporary file */
      g_autoptr(GCancellable) abandon = g_cancellable_new ();

      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (out), abandon, NULL);
      return FALSE;
    }

  return g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error);
}
