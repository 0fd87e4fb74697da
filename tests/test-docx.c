/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <string.h>

#include "dafu-document.h"
#include "dafu-docx-writer.h"
#include "dafu-test-util.h"

#if __has_include("dafu-layout.h")
#include "dafu-layout.h"
#define HAVE_LAYOUT 1
#endif

/* The .docx writer: a package Word and LibreOffice open (well-formed
 * parts that name each other correctly), the letter's text in order with a
 * style per role, the GB/T 9704 page, and, when LibreOffice is installed,
 * the same text and pages once LibreOffice has laid it out. */

static const char * const expected_parts[] = {
  "[Content_Types].xml",
  "_rels/.rels",
  "word/document.xml",
  "word/_rels/document.xml.rels",
  "word/styles.xml",
  "word/settings.xml",
  "word/fontTable.xml",
  "word/header1.xml",
  "word/footer1.xml",
  "word/footer2.xml",
  "word/footer3.xml",
  "docProps/core.xml",
  "docProps/app.xml",
};

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

/* ---------------------------------------------------------------------- */
/* Helpers                                                                */

typedef struct {
  GPtrArray  *names;  /* in the zip's order */
  GHashTable *parts;  /* name → GBytes */
} Package;

static void
package_free (Package *package)
{
  g_ptr_array_unref (package->names);
  g_hash_table_unref (package->parts);
  g_free (package);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Package, package_free)

static Package *
read_package (const char *path)
{
  Package *package = g_new0 (Package, 1);
  struct archive *archive = archive_read_new ();
  struct archive_entry *entry;

  package->names = g_ptr_array_new_with_free_func (g_free);
  package->parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_bytes_unref);

  archive_read_support_format_zip (archive);
  g_assert_cmpint (archive_read_open_filename (archive, path, 16384), ==, ARCHIVE_OK);
  while (archive_read_next_header (archive, &entry) == ARCHIVE_OK)
    {
      g_autoptr(GByteArray) data = g_byte_array_new ();
      const char *name = archive_entry_pathname (entry);
      char buffer[8192];
      la_ssize_t n;

      while ((n = archive_read_data (archive, buffer, sizeof buffer)) > 0)
        g_byte_array_append (data, (guint8 *) buffer, n);
      g_assert_cmpint (n, ==, 0);
      g_assert_false (g_hash_table_contains (package->parts, name));
      g_ptr_array_add (package->names, g_strdup (name));
      g_hash_table_insert (package->parts, g_strdup (name),
                           g_byte_array_free_to_bytes (g_steal_pointer (&data)));
    }
  archive_read_free (archive);
  return package;
}

/* The part, which must be there and well-formed XML. */
static xmlDocPtr
parse_part (Package    *package,
            const char *name)
{
  GBytes *bytes = g_hash_table_lookup (package->parts, name);
  xmlDocPtr doc;
  gsize size;
  gconstpointer data;

  if (bytes == NULL)
    g_error ("the package has no %s", name);
  data = g_bytes_get_data (bytes, &size);
  doc = xmlReadMemory (data, size, name, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == NULL)
    g_error ("%s is not well-formed XML", name);
  return doc;
}

static xmlXPathObjectPtr
eval (xmlDocPtr   doc,
      const char *expression)
{
  xmlXPathContextPtr context = xmlXPathNewContext (doc);
  xmlXPathObjectPtr result;

  xmlXPathRegisterNs (context, BAD_CAST "w", BAD_CAST NS_W);
  xmlXPathRegisterNs (context, BAD_CAST "r",
                      BAD_CAST "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
  xmlXPathRegisterNs (context, BAD_CAST "ct",
                      BAD_CAST "http://schemas.openxmlformats.org/package/2006/content-types");
  xmlXPathRegisterNs (context, BAD_CAST "rel",
                      BAD_CAST "http://schemas.openxmlformats.org/package/2006/relationships");
  xmlXPathRegisterNs (context, BAD_CAST "cp",
                      BAD_CAST "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
  xmlXPathRegisterNs (context, BAD_CAST "dc", BAD_CAST "http://purl.org/dc/elements/1.1/");
  result = xmlXPathEvalExpression (BAD_CAST expression, context);
  xmlXPathFreeContext (context);
  if (result == NULL)
    g_error ("bad XPath %s", expression);
  return result;
}

/* The string value of an XPath expression ("" when it selects nothing). */
static char *
xpath_string (xmlDocPtr   doc,
              const char *format,
              ...)
{
  g_autofree char *expression = NULL;
  g_autofree char *wrapped = NULL;
  xmlXPathObjectPtr result;
  char *value;
  va_list args;

  va_start (args, format);
  expression = g_strdup_vprintf (format, args);
  va_end (args);
  wrapped = g_strdup_printf ("string(%s)", expression);
  result = eval (doc, wrapped);
  value = g_strdup ((const char *) result->stringval);
  xmlXPathFreeObject (result);
  return value;
}

/* The string value of an XPath expression is @expected. */
static void
assert_xpath (xmlDocPtr   doc,
              const char *expected,
              const char *expression)
{
  g_autofree char *value = xpath_string (doc, "%s", expression);

  if (g_strcmp0 (value, expected) != 0)
    g_error ("%s is “%s”, not “%s”", expression, value, expected);
}

static int
xpath_count (xmlDocPtr   doc,
             const char *format,
             ...)
{
  g_autofree char *expression = NULL;
  xmlXPathObjectPtr result;
  int n;

  va_list args;

  va_start (args, format);
  expression = g_strdup_vprintf (format, args);
  va_end (args);
  result = eval (doc, expression);
  n = result->nodesetval != NULL ? result->nodesetval->nodeNr : 0;
  xmlXPathFreeObject (result);
  return n;
}

static gint64
xpath_int (xmlDocPtr   doc,
           const char *expression)
{
  g_autofree char *value = xpath_string (doc, "%s", expression);

  if (*value == '\0')
    g_error ("nothing at %s", expression);
  return g_ascii_strtoll (value, NULL, 10);
}

/* Each paragraph of @part: its style, and its text with tabs as \t. */
typedef struct {
  char *style;
  char *text;
} Para;

static void
para_clear (Para *para)
{
  g_free (para->style);
  g_free (para->text);
}

static GArray *
read_paragraphs (xmlDocPtr doc)
{
  GArray *paras = g_array_new (FALSE, TRUE, sizeof (Para));
  xmlXPathObjectPtr result = eval (doc, "//w:p");

  g_array_set_clear_func (paras, (GDestroyNotify) para_clear);
  for (int i = 0; result->nodesetval != NULL && i < result->nodesetval->nodeNr; i++)
    {
      xmlNodePtr p = result->nodesetval->nodeTab[i];
      GString *text = g_string_new (NULL);
      Para para = { NULL, NULL };

      for (xmlNodePtr child = p->children; child != NULL; child = child->next)
        {
          if (child->type != XML_ELEMENT_NODE)
            continue;
          if (xmlStrEqual (child->name, BAD_CAST "pPr"))
            {
              for (xmlNodePtr q = child->children; q != NULL; q = q->next)
                if (q->type == XML_ELEMENT_NODE && xmlStrEqual (q->name, BAD_CAST "pStyle"))
                  {
                    xmlChar *val = xmlGetNsProp (q, BAD_CAST "val", BAD_CAST NS_W);

                    para.style = g_strdup ((const char *) val);
                    xmlFree (val);
                  }
            }
          else if (xmlStrEqual (child->name, BAD_CAST "r"))
            {
              for (xmlNodePtr q = child->children; q != NULL; q = q->next)
                {
                  if (q->type != XML_ELEMENT_NODE)
                    continue;
                  if (xmlStrEqual (q->name, BAD_CAST "t"))
                    {
                      xmlChar *content = xmlNodeGetContent (q);

                      g_string_append (text, (const char *) content);
                      xmlFree (content);
                    }
                  else if (xmlStrEqual (q->name, BAD_CAST "tab"))
                    g_string_append_c (text, '\t');
                }
            }
        }
      para.text = g_string_free (text, FALSE);
      g_array_append_val (paras, para);
    }
  xmlXPathFreeObject (result);
  return paras;
}

static char *
write_docx (DafuDocument *document,
            const char   *dir,
            const char   *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (dafu_docx_write_file (document, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  return path;
}

/* A letter with a paragraph of every role, and text that needs escaping. */
static DafuDocument *
make_document (void)
{
  DafuDocument *document = dafu_document_new ();

  dafu_document_append (document, DAFU_DOC_ROLE_ISSUER, "某市民政局");
  dafu_document_append (document, DAFU_DOC_ROLE_DOC_NUMBER, "某民函〔2026〕7号");
  dafu_document_append (document, DAFU_DOC_ROLE_CATEGORY, "A");
  dafu_document_append (document, DAFU_DOC_ROLE_SIGNER, "签发人：王五");
  dafu_document_append (document, DAFU_DOC_ROLE_TITLE,
                        "关于市十六届人大一次会议第12号建议的答复");
  dafu_document_append (document, DAFU_DOC_ROLE_SALUTATION, "尊敬的李四代表：");
  dafu_document_append (document, DAFU_DOC_ROLE_BODY,
                        "您提出的《关于发展社区养老服务的建议》收悉，经研究，现答复如下：");
  dafu_document_append (document, DAFU_DOC_ROLE_HEADING_1, "一、基本情况");
  dafu_document_append (document, DAFU_DOC_ROLE_BODY,
                        "全市建成社区养老服务站<126>个，覆盖率达到85%&以上，"
                        "“一刻钟”服务圈基本形成。\001");
  dafu_document_append (document, DAFU_DOC_ROLE_HEADING_2, "（一）设施建设");
  dafu_document_append (document, DAFU_DOC_ROLE_HEADING_3, "1.新建小区配建");
  dafu_document_append (document, DAFU_DOC_ROLE_BODY,
                        "二、下一步打算。我们将继续推进居家养老服务，感谢您的关心与支持。");
  dafu_document_append (document, DAFU_DOC_ROLE_SIGNATURE, "某市民政局");
  dafu_document_append (document, DAFU_DOC_ROLE_DATE, "2026年11月23日");
  dafu_document_append (document, DAFU_DOC_ROLE_NOTE, "（联系人：赵六，联系电话：1234567）");
  dafu_document_append (document, DAFU_DOC_ROLE_CC, "抄送：市人大常委会代表工委，市政府督查室。");
  return document;
}

/* What the body's paragraphs say: 文号 and 签发人 on one line, then the
 * flow; the issuer and the category are the first page's header's. */
static const struct {
  const char *style;
  const char *text;
} expected_body[] = {
  { "DafuDocNumber", "某民函〔2026〕7号\t签发人：王五" },
  { "DafuTitle", "关于市十六届人大一次会议第12号建议的答复" },
  { "DafuSalutation", "尊敬的李四代表：" },
  { "DafuBody", "您提出的《关于发展社区养老服务的建议》收悉，经研究，现答复如下：" },
  { "DafuHeading1", "一、基本情况" },
  /* escaped and read back; the control character left out */
  { "DafuBody", "全市建成社区养老服务站<126>个，覆盖率达到85%&以上，“一刻钟”服务圈基本形成。" },
  { "DafuHeading2", "（一）设施建设" },
  { "DafuHeading3", "1.新建小区配建" },
  { "DafuBody", "二、下一步打算。我们将继续推进居家养老服务，感谢您的关心与支持。" },
  { "DafuSignature", "某市民政局" },
  { "DafuDate", "2026年11月23日" },
  { "DafuNote", "（联系人：赵六，联系电话：1234567）" },
  { "DafuCC", "抄送：市人大常委会代表工委，市政府督查室。" },
};

/* ---------------------------------------------------------------------- */
/* The package                                                            */

/* Every part is there, well-formed, typed by [Content_Types].xml, and
 * every relationship points at a part that is there. */
static void
check_package (Package *package)
{
  xmlDocPtr types;

  for (guint i = 0; i < G_N_ELEMENTS (expected_parts); i++)
    g_assert_true (g_hash_table_contains (package->parts, expected_parts[i]));
  g_assert_cmpstr (g_ptr_array_index (package->names, 0), ==, "[Content_Types].xml");

  for (guint i = 0; i < package->names->len; i++)
    xmlFreeDoc (parse_part (package, g_ptr_array_index (package->names, i)));

  types = parse_part (package, "[Content_Types].xml");
  for (guint i = 0; i < package->names->len; i++)
    {
      const char *name = g_ptr_array_index (package->names, i);
      const char *ext = strrchr (name, '.');

      if (strcmp (name, "[Content_Types].xml") == 0)
        continue;
      if (xpath_count (types, "/ct:Types/ct:Override[@PartName='/%s']", name) == 1)
        continue;
      g_assert_nonnull (ext);
      if (xpath_count (types, "/ct:Types/ct:Default[@Extension='%s']", ext + 1) != 1)
        g_error ("[Content_Types].xml does not cover %s", name);
    }
  /* the parts Word needs typed as what they are */
  g_assert_cmpint (xpath_count (types, "/ct:Types/ct:Override[@PartName='/word/document.xml' and "
                                "@ContentType='application/vnd.openxmlformats-officedocument."
                                "wordprocessingml.document.main+xml']"), ==, 1);
  g_assert_cmpint (xpath_count (types, "/ct:Types/ct:Override[contains(@PartName, 'footer') and "
                                "contains(@ContentType, 'footer+xml')]"), ==, 3);
  xmlFreeDoc (types);

  for (guint i = 0; i < package->names->len; i++)
    {
      const char *name = g_ptr_array_index (package->names, i);
      g_autofree char *base = NULL;
      const char *rels_dir;
      xmlXPathObjectPtr targets;
      xmlDocPtr rels;
      int n;

      if (!g_str_has_suffix (name, ".rels"))
        continue;
      /* word/_rels/document.xml.rels speaks for word/document.xml */
      rels_dir = strstr (name, "_rels/");
      g_assert_nonnull (rels_dir);
      base = g_strndup (name, rels_dir - name);

      rels = parse_part (package, name);
      targets = eval (rels, "/rel:Relationships/rel:Relationship");
      n = targets->nodesetval != NULL ? targets->nodesetval->nodeNr : 0;
      g_assert_cmpint (n, >, 0);
      for (int k = 0; k < n; k++)
        {
          xmlChar *target = xmlGetProp (targets->nodesetval->nodeTab[k], BAD_CAST "Target");
          g_autofree char *full = g_strconcat (base, (const char *) target, NULL);

          if (!g_hash_table_contains (package->parts, full))
            g_error ("%s points at %s, which is not in the package", name, full);
          xmlFree (target);
        }
      xmlXPathFreeObject (targets);
      xmlFreeDoc (rels);
    }
}

static void
test_package (void)
{
  g_autofree char *dir = dafu_test_make_tmp ();
  g_autoptr(DafuDocument) document = make_document ();
  g_autofree char *path = write_docx (document, dir, "letter.docx");
  g_autoptr(Package) package = read_package (path);
  xmlDocPtr doc, rels;
  xmlXPathObjectPtr ids;

  check_package (package);

  /* the section's headers and footers are the document's relationships */
  doc = parse_part (package, "word/document.xml");
  rels = parse_part (package, "word/_rels/document.xml.rels");
  ids = eval (doc, "//w:sectPr/*[self::w:headerReference or self::w:footerReference]");
  g_assert_cmpint (ids->nodesetval->nodeNr, ==, 4);
  for (int k = 0; k < ids->nodesetval->nodeNr; k++)
    {
      xmlChar *id = xmlGetNsProp (ids->nodesetval->nodeTab[k], BAD_CAST "id",
                                  BAD_CAST "http://schemas.openxmlformats.org/officeDocument/2006/relationships");

      g_assert_nonnull (id);
      g_assert_cmpint (xpath_count (rels, "/rel:Relationships/rel:Relationship[@Id='%s' and "
                                    "(contains(@Type, '/footer') or contains(@Type, '/header'))]",
                                    (const char *) id), ==, 1);
      xmlFree (id);
    }
  xmlXPathFreeObject (ids);
  xmlFreeDoc (rels);
  xmlFreeDoc (doc);

  dafu_test_rm_rf (dir);
}

/* ---------------------------------------------------------------------- */
/* The text                                                               */

static void
test_text (void)
{
  g_autofree char *dir = dafu_test_make_tmp ();
  g_autoptr(DafuDocument) document = make_document ();
  g_autofree char *path = write_docx (document, dir, "letter.docx");
  g_autoptr(Package) package = read_package (path);
  g_autoptr(GArray) body = NULL;
  g_autoptr(GArray) header = NULL;
  xmlDocPtr doc = parse_part (package, "word/document.xml");
  xmlDocPtr head = parse_part (package, "word/header1.xml");
  xmlDocPtr styles = parse_part (package, "word/styles.xml");
  GHashTable *seen = g_hash_table_new (g_str_hash, g_str_equal);

  /* the first page's header: the category mark, the issuer */
  header = read_paragraphs (head);
  g_assert_cmpuint (header->len, ==, 2);
  g_assert_cmpstr (g_array_index (header, Para, 0).style, ==, "DafuCategory");
  g_assert_cmpstr (g_array_index (header, Para, 0).text, ==, "A");
  g_assert_cmpstr (g_array_index (header, Para, 1).style, ==, "DafuIssuer");
  g_assert_cmpstr (g_array_index (header, Para, 1).text, ==, "某市民政局");

  /* the body, in order, each paragraph in its role's style */
  body = read_paragraphs (doc);
  g_assert_cmpuint (body->len, ==, G_N_ELEMENTS (expected_body));
  for (guint i = 0; i < body->len; i++)
    {
      Para *para = &g_array_index (body, Para, i);

      g_assert_cmpstr (para->style, ==, expected_body[i].style);
      g_assert_cmpstr (para->text, ==, expected_body[i].text);
      g_hash_table_add (seen, para->style);
    }

  /* every style used is defined, and each role has its own */
  g_hash_table_add (seen, "DafuCategory");
  g_hash_table_add (seen, "DafuIssuer");
  {
    GHashTableIter iter;
    gpointer style;

    g_hash_table_iter_init (&iter, seen);
    while (g_hash_table_iter_next (&iter, &style, NULL))
      g_assert_cmpint (xpath_count (styles, "/w:styles/w:style[@w:type='paragraph' and @w:styleId='%s']",
                                    (const char *) style), ==, 1);
    g_assert_cmpuint (g_hash_table_size (seen), ==, DAFU_DOC_ROLE_CC + 1 - 1 /* 签发人 shares 文号's line */);
  }

  /* a body paragraph that opens with its heading sets it in the heading's
   * font (黑体), the rest in the body's */
  assert_xpath (doc, "黑体", "(//w:p[w:pPr/w:pStyle/@w:val='DafuBody'])[3]/w:r[1]/w:rPr/w:rFonts/@w:eastAsia");
  assert_xpath (doc, "二、下一步打算。", "(//w:p[w:pPr/w:pStyle/@w:val='DafuBody'])[3]/w:r[1]/w:t");

  /* the title two grid lines under 文号, the salutation one under the
   * title, the signature one under the body */
  assert_xpath (doc, "1158", "//w:p[w:pPr/w:pStyle/@w:val='DafuTitle']/w:pPr/w:spacing/@w:before");
  assert_xpath (doc, "579", "//w:p[w:pPr/w:pStyle/@w:val='DafuSalutation']/w:pPr/w:spacing/@w:before");
  assert_xpath (doc, "579", "//w:p[w:pPr/w:pStyle/@w:val='DafuSignature']/w:pPr/w:spacing/@w:before");
  /* the date ends nearer the right edge than the issuer above it, two
   * characters in, as the standard has it when it is the longer */
  g_assert_cmpint (xpath_int (doc, "//w:p[w:pPr/w:pStyle/@w:val='DafuDate']/w:pPr/w:ind/@w:right"), ==, 632);
  g_assert_cmpint (xpath_int (doc, "//w:p[w:pPr/w:pStyle/@w:val='DafuSignature']/w:pPr/w:ind/@w:right"),
                   >, 632);
  /* 抄送 in a frame at the foot of the 版心 */
  assert_xpath (doc, "bottom", "//w:p[w:pPr/w:pStyle/@w:val='DafuCC']/w:pPr/w:framePr/@w:yAlign");

  g_hash_table_unref (seen);
  xmlFreeDoc (styles);
  xmlFreeDoc (head);
  xmlFreeDoc (doc);
  dafu_test_rm_rf (dir);
}

/* ---------------------------------------------------------------------- */
/* The page                                                               */

static void
test_page (void)
{
  g_autofree char *dir = dafu_test_make_tmp ();
  g_autoptr(DafuDocument) document = make_document ();
  g_autofree char *path = write_docx (document, dir, "letter.docx");
  g_autoptr(Package) package = read_package (path);
  xmlDocPtr doc = parse_part (package, "word/document.xml");
  xmlDocPtr styles = parse_part (package, "word/styles.xml");
  xmlDocPtr settings = parse_part (package, "word/settings.xml");
  xmlDocPtr odd = parse_part (package, "word/footer1.xml");
  xmlDocPtr even = parse_part (package, "word/footer2.xml");
  xmlDocPtr first = parse_part (package, "word/footer3.xml");
  gint64 pitch, space;
  double cell;

  /* A4, margins 37 (top), 28 (left), 26 (right), 35 (bottom) mm */
  g_assert_cmpint (xpath_int (doc, "//w:sectPr/w:pgSz/@w:w"), ==, 11906);
  g_assert_cmpint (xpath_int (doc, "//w:sectPr/w:pgSz/@w:h"), ==, 16838);
  g_assert_cmpint (xpath_int (doc, "//w:sectPr/w:pgMar/@w:top"), ==, 2098);
  g_assert_cmpint (xpath_int (doc, "//w:sectPr/w:pgMar/@w:left"), ==, 1587);
  g_assert_cmpint (xpath_int (doc, "//w:sectPr/w:pgMar/@w:right"), ==, 1474);
  g_assert_cmpint (xpath_int (doc, "//w:sectPr/w:pgMar/@w:bottom"), ==, 1984);

  /* 22 lines on the 225 mm 版心, not 23 */
  assert_xpath (doc, "linesAndChars", "//w:sectPr/w:docGrid/@w:type");
  pitch = xpath_int (doc, "//w:sectPr/w:docGrid/@w:linePitch");
  g_assert_cmpint (22 * pitch, <=, 16838 - 2098 - 1984);
  g_assert_cmpint (23 * pitch, >, 16838 - 2098 - 1984);
  /* 28 characters of 16 pt on the 156 mm line, not 29 */
  space = xpath_int (doc, "//w:sectPr/w:docGrid/@w:charSpace");
  cell = 16.0 + space / 4096.0;
  g_assert_cmpfloat (28 * cell, <=, (11906 - 1587 - 1474) / 20.0);
  g_assert_cmpfloat (29 * cell, >, (11906 - 1587 - 1474) / 20.0);
  /* every line of the body takes one grid line */
  g_assert_cmpint (xpath_int (styles, "//w:style[@w:styleId='Normal']/w:pPr/w:spacing/@w:line"), ==, pitch);
  assert_xpath (styles, "exact", "//w:style[@w:styleId='Normal']/w:pPr/w:spacing/@w:lineRule");

  /* page numbers: none on the first page, odd right, even left */
  g_assert_cmpint (xpath_count (doc, "//w:sectPr/w:titlePg"), ==, 1);
  g_assert_cmpint (xpath_count (settings, "/w:settings/w:evenAndOddHeaders"), ==, 1);
  assert_xpath (doc, "rId6", "//w:sectPr/w:footerReference[@w:type='first']/@r:id");
  g_assert_cmpint (xpath_count (first, "//w:instrText"), ==, 0);
  g_assert_cmpint (xpath_count (odd, "//w:instrText[contains(., 'PAGE')]"), ==, 1);
  g_assert_cmpint (xpath_count (even, "//w:instrText[contains(., 'PAGE')]"), ==, 1);
  assert_xpath (odd, "right", "//w:p/w:pPr/w:jc/@w:val");
  assert_xpath (even, "left", "//w:p/w:pPr/w:jc/@w:val");
  assert_xpath (odd, "— ", "(//w:t)[1]");
  assert_xpath (styles, "28", "//w:style[@w:styleId='DafuPageNumber']/w:rPr/w:sz/@w:val");
  /* the first page's footer holds the lower rule, thin over thick, red */
  assert_xpath (styles, "thinThickSmallGap", "//w:style[@w:styleId='DafuFooterRule']//w:pBdr/w:bottom/@w:val");

  /* fonts and sizes by role, with their East Asian names */
  assert_xpath (styles, "仿宋_GB2312", "//w:style[@w:styleId='Normal']/w:rPr/w:rFonts/@w:eastAsia");
  assert_xpath (styles, "32", "//w:style[@w:styleId='Normal']/w:rPr/w:sz/@w:val");
  assert_xpath (styles, "32", "//w:docDefaults//w:sz/@w:val");
  assert_xpath (styles, "200", "//w:style[@w:styleId='DafuBody']/w:pPr/w:ind/@w:firstLineChars");
  assert_xpath (styles, "both", "//w:style[@w:styleId='DafuBody']/w:pPr/w:jc/@w:val");
  assert_xpath (styles, "方正小标宋简体", "//w:style[@w:styleId='DafuTitle']/w:rPr/w:rFonts/@w:eastAsia");
  assert_xpath (styles, "44", "//w:style[@w:styleId='DafuTitle']/w:rPr/w:sz/@w:val");
  assert_xpath (styles, "center", "//w:style[@w:styleId='DafuTitle']/w:pPr/w:jc/@w:val");
  assert_xpath (styles, "黑体", "//w:style[@w:styleId='DafuHeading1']/w:rPr/w:rFonts/@w:eastAsia");
  assert_xpath (styles, "楷体_GB2312", "//w:style[@w:styleId='DafuHeading2']/w:rPr/w:rFonts/@w:eastAsia");
  assert_xpath (styles, "FF0000", "//w:style[@w:styleId='DafuIssuer']/w:rPr/w:color/@w:val");
  assert_xpath (styles, "center", "//w:style[@w:styleId='DafuIssuer']/w:pPr/w:jc/@w:val");
  assert_xpath (styles, "thickThinSmallGap", "//w:style[@w:styleId='DafuIssuer']//w:pBdr/w:bottom/@w:val");
  assert_xpath (styles, "FF0000", "//w:style[@w:styleId='DafuIssuer']//w:pBdr/w:bottom/@w:color");
  assert_xpath (styles, "right", "//w:style[@w:styleId='DafuDocNumber']/w:pPr/w:jc/@w:val");
  assert_xpath (styles, "200", "//w:style[@w:styleId='DafuSignature']/w:pPr/w:ind/@w:rightChars");
  assert_xpath (styles, "400", "//w:style[@w:styleId='DafuDate']/w:pPr/w:ind/@w:rightChars");
  assert_xpath (styles, "200", "//w:style[@w:styleId='DafuNote']/w:pPr/w:ind/@w:firstLineChars");
  assert_xpath (styles, "28", "//w:style[@w:styleId='DafuCC']/w:rPr/w:sz/@w:val");
  g_assert_cmpint (xpath_count (styles, "//w:style[@w:styleId='DafuCC']//w:pBdr/*[self::w:top or self::w:bottom]"),
                   ==, 2);

  xmlFreeDoc (first);
  xmlFreeDoc (even);
  xmlFreeDoc (odd);
  xmlFreeDoc (settings);
  xmlFreeDoc (styles);
  xmlFreeDoc (doc);
  dafu_test_rm_rf (dir);
}

/* The file's title and author: the letter's title and issuer. */
static void
test_properties (void)
{
  g_autofree char *dir = dafu_test_make_tmp ();
  g_autoptr(DafuDocument) document = make_document ();
  g_autofree char *path = write_docx (document, dir, "letter.docx");
  g_autoptr(Package) package = read_package (path);
  xmlDocPtr core = parse_part (package, "docProps/core.xml");

  assert_xpath (core, "关于市十六届人大一次会议第12号建议的答复", "/cp:coreProperties/dc:title");
  assert_xpath (core, "某市民政局", "/cp:coreProperties/dc:creator");

  xmlFreeDoc (core);
  dafu_test_rm_rf (dir);
}

/* An empty letter still makes a package Word opens. */
static void
test_empty (void)
{
  g_autofree char *dir = dafu_test_make_tmp ();
  g_autoptr(DafuDocument) document = dafu_document_new ();
  g_autofree char *path = write_docx (document, dir, "empty.docx");
  g_autoptr(Package) package = read_package (path);
  xmlDocPtr doc;

  check_package (package);
  doc = parse_part (package, "word/document.xml");
  g_assert_cmpint (xpath_count (doc, "/w:document/w:body/w:p"), >=, 1);
  g_assert_cmpint (xpath_count (doc, "/w:document/w:body/w:sectPr"), ==, 1);
  xmlFreeDoc (doc);
  dafu_test_rm_rf (dir);
}

/* Failing writes are errors, not crashes, and leave no file behind. */
static void
test_errors (void)
{
  g_autoptr(DafuDocument) document = make_document ();
  g_autofree char *dir = dafu_test_make_tmp ();
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "letter.docx", NULL);
  g_autofree char *path = g_build_filename (dir, "letter.docx", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) small = NULL;
  g_autoptr(GOutputStream) memory = NULL;
  guint8 buffer[1000];

  /* a stream that runs out of room */
  small = g_memory_output_stream_new (buffer, sizeof buffer, NULL, NULL);
  g_assert_false (dafu_docx_write (document, small, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_clear_error (&error);

  /* cancelled */
  memory = g_memory_output_stream_new_resizable ();
  g_cancellable_cancel (cancellable);
  g_assert_false (dafu_docx_write (document, memory, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* a folder that is not there */
  g_assert_false (dafu_docx_write_file (document, missing, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  /* a file in the way is replaced whole */
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_free (write_docx (document, dir, "letter.docx"));
  {
    g_autoptr(Package) package = read_package (path);

    check_package (package);
  }

  dafu_test_rm_rf (dir);
}

/* ---------------------------------------------------------------------- */
/* The Changzhi sample                                                    */

static DafuDocument *
load_sample (void)
{
  g_autoptr(DafuLetter) letter = dafu_test_load_sample ("changzhi-2025-59.txt");

  return dafu_document_new_from_letter (letter);
}

static void
test_sample (void)
{
  g_autofree char *dir = dafu_test_make_tmp ();
  g_autoptr(DafuDocument) document = load_sample ();
  g_autofree char *path = write_docx (document, dir, "changzhi.docx");
  g_autoptr(Package) package = read_package (path);
  g_autoptr(GArray) body = NULL;
  xmlDocPtr doc, head;
  guint k = 0;

  check_package (package);
  doc = parse_part (package, "word/document.xml");
  head = parse_part (package, "word/header1.xml");
  body = read_paragraphs (doc);

  assert_xpath (head, "长治市民政局", "//w:p[w:pPr/w:pStyle/@w:val='DafuIssuer']");

  /* every paragraph of the flow, in order */
  for (guint i = 0; i < dafu_document_get_n_parts (document); i++)
    {
      const DafuDocPart *part = dafu_document_get_part (document, i);

      if (part->role == DAFU_DOC_ROLE_ISSUER || part->role == DAFU_DOC_ROLE_CATEGORY)
        continue;
      while (k < body->len && !strstr (g_array_index (body, Para, k).text, part->text))
        k++;
      if (k == body->len)
        g_error ("paragraph %u (%s) is missing or out of order", i, part->text);
      k++;
    }
  g_assert_cmpuint (dafu_document_get_n_parts (document), >, 15);

  xmlFreeDoc (head);
  xmlFreeDoc (doc);
  dafu_test_rm_rf (dir);
}

/* ---------------------------------------------------------------------- */
/* LibreOffice                                                            */

typedef struct {
  gboolean done;
  gboolean ok;
} Wait;

static void
on_wait_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = g_subprocess_wait_check_finish (G_SUBPROCESS (source), result, NULL);
  wait->done = TRUE;
}

/* Runs @argv in @dir with HOME there, for at most @seconds. */
static gboolean
run (const char * const *argv,
     const char         *dir,
     guint               seconds)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  Wait wait = { FALSE, FALSE };

  g_subprocess_launcher_setenv (launcher, "HOME", dir, TRUE);
  g_subprocess_launcher_set_cwd (launcher, dir);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (process, NULL, on_wait_cb, &wait);
  while (!wait.done)
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_subprocess_force_exit (process);
          while (!wait.done)
            g_main_context_iteration (NULL, TRUE);
          return FALSE;
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  return wait.ok;
}

static char *
pdf_text (const char *dir,
          const char *pdf,
          const char *mode)
{
  g_autofree char *out = g_build_filename (dir, "text.txt", NULL);
  const char *argv[] = { "pdftotext", mode, pdf, out, NULL };
  char *text = NULL;

  if (*mode == '\0')
    {
      argv[1] = pdf;
      argv[2] = out;
      argv[3] = NULL;
    }
  g_assert_true (run (argv, dir, 30));
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  return text;
}

static char *
strip_spaces (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0x3000)
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* @flat without the page numbers ("—2—") that come between a paragraph
 * that runs over a page and its continuation. */
static char *
strip_page_numbers (const char *flat)
{
  g_autoptr(GRegex) regex = g_regex_new ("—[0-9]+—", 0, 0, NULL);

  return g_regex_replace_literal (regex, flat, -1, 0, "", 0, NULL);
}

/* Every paragraph of @document is in @text, in order. */
static void
check_text_in_order (DafuDocument *document,
                     const char   *text)
{
  g_autofree char *spaced = strip_spaces (text);
  g_autofree char *flat = strip_page_numbers (spaced);
  const char *at = flat;

  for (guint i = 0; i < dafu_document_get_n_parts (document); i++)
    {
      const DafuDocPart *part = dafu_document_get_part (document, i);
      g_autofree char *want = NULL;
      g_autofree char *valid = NULL;
      GString *clean = g_string_new (NULL);
      const char *found;

      /* without what XML cannot carry */
      for (const char *p = part->text; *p != '\0'; p = g_utf8_next_char (p))
        if (g_utf8_get_char (p) >= 0x20)
          g_string_append_unichar (clean, g_utf8_get_char (p));
      valid = g_string_free (clean, FALSE);
      want = strip_spaces (valid);

      /* the letterhead comes first, the flow after it */
      if (part->role == DAFU_DOC_ROLE_ISSUER || part->role == DAFU_DOC_ROLE_CATEGORY)
        {
          if (strstr (flat, want) == NULL)
            g_error ("LibreOffice's PDF lacks “%s”", part->text);
          continue;
        }
      found = strstr (at, want);
      if (found == NULL)
        g_error ("LibreOffice's PDF lacks “%s” (or has it out of order)", part->text);
      at = found + strlen (want);
    }
}

/* Lines on each page of `pdftotext -layout`'s output. */
static GArray *
count_lines (const char *text)
{
  g_auto(GStrv) pages = g_strsplit (text, "\f", -1);
  GArray *counts = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; pages[i] != NULL; i++)
    {
      g_auto(GStrv) lines = g_strsplit (pages[i], "\n", -1);
      guint n = 0;

      for (guint k = 0; lines[k] != NULL; k++)
        if (g_strstrip (lines[k])[0] != '\0')
          n++;
      if (n > 0 || pages[i + 1] != NULL)
        g_array_append_val (counts, n);
    }
  /* the text ends in a form feed */
  while (counts->len > 0 && g_array_index (counts, guint, counts->len - 1) == 0)
    g_array_set_size (counts, counts->len - 1);
  return counts;
}

static void
test_libreoffice (void)
{
  g_autofree char *soffice = g_find_program_in_path ("soffice");
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *dir = NULL;
  g_autofree char *sample_path = NULL;
  g_autofree char *letter_path = NULL;
  g_autofree char *sample_pdf = NULL;
  g_autofree char *letter_pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *first_page = NULL;
  g_autofree char *flat = NULL;
  g_autofree char *layout_text = NULL;
  g_autoptr(DafuDocument) sample = NULL;
  g_autoptr(DafuDocument) letter = NULL;
  g_autoptr(GArray) lines = NULL;

  if (soffice == NULL || pdftotext == NULL)
    {
      g_test_skip ("LibreOffice (soffice) or pdftotext is not installed");
      return;
    }

  dir = dafu_test_make_tmp ();
  sample = load_sample ();
  letter = make_document ();
  sample_path = write_docx (sample, dir, "changzhi.docx");
  letter_path = write_docx (letter, dir, "letter.docx");

  {
    const char *argv[] = { soffice, "--headless", "--norestore", "--convert-to", "pdf",
                           "--outdir", dir, sample_path, letter_path, NULL };

    g_assert_true (run (argv, dir, 90));
  }
  sample_pdf = g_build_filename (dir, "changzhi.pdf", NULL);
  letter_pdf = g_build_filename (dir, "letter.pdf", NULL);
  g_assert_true (g_file_test (sample_pdf, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (letter_pdf, G_FILE_TEST_IS_REGULAR));

  /* the text, in order */
  text = pdf_text (dir, sample_pdf, "");
  check_text_in_order (sample, text);
  g_free (text);
  text = pdf_text (dir, letter_pdf, "");
  check_text_in_order (letter, text);

  /* no page number on the first page, "— 2 —" on the second */
  layout_text = pdf_text (dir, sample_pdf, "-layout");
  first_page = g_strndup (layout_text, strcspn (layout_text, "\f"));
  flat = strip_spaces (first_page);
  g_assert_null (strstr (flat, "—1—"));
  g_free (flat);
  flat = strip_spaces (layout_text);
  g_assert_nonnull (strstr (flat, "—2—"));

  /* 22 lines of text on a full page (and its page number) */
  lines = count_lines (layout_text);
  g_assert_cmpuint (lines->len, >=, 3);
  g_assert_cmpuint (g_array_index (lines, guint, 1), ==, 22 + 1);

#ifdef HAVE_LAYOUT
  /* the pages of the PDF layout, with the lines on each within one */
  {
    g_autoptr(DafuLayout) layout = dafu_layout_new (sample, NULL);

    g_assert_cmpuint (lines->len, ==, dafu_layout_get_n_pages (layout));
    for (guint p = 0; p < lines->len; p++)
      {
        g_autoptr(GPtrArray) layout_lines = dafu_layout_get_lines (layout, p);
        gint diff = (gint) g_array_index (lines, guint, p) - (gint) layout_lines->len;

        if (ABS (diff) > 1)
          g_error ("page %u: LibreOffice has %u lines, the PDF layout %u",
                   p + 1, g_array_index (lines, guint, p), layout_lines->len);
      }
  }
#endif

  dafu_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/docx/package", test_package);
  g_test_add_func ("/docx/text", test_text);
  g_test_add_func ("/docx/page", test_page);
  g_test_add_func ("/docx/properties", test_properties);
  g_test_add_func ("/docx/empty", test_empty);
  g_test_add_func ("/docx/errors", test_errors);
  g_test_add_func ("/docx/sample", test_sample);
  g_test_add_func ("/docx/libreoffice", test_libreoffice);

  return g_test_run ();
}
