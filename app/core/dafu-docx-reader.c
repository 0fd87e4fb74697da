/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-docx-reader"

#include "config.h"

#include "dafu-docx-reader.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>
#include <libxml/xmlreader.h>
#include <string.h>

/*
 * The text of a Word (.docx) file.
 *
 * A .docx is a zip of XML parts. The letter's text is in word/document.xml;
 * some bureaus' templates put the issuing office in a header part
 * (word/header1.xml …) and contact lines in a footer part, so those are
 * read too: headers before the body, footers after it. Each part is read
 * with libxml2's streaming reader, without network access and without
 * expanding entities, since the file comes from outside.
 *
 * Page numbers in headers and footers are page furniture and left out.
 *
 * The text is what the house format of a converted letter looks like:
 * one line per paragraph (w:p), w:tab as a tab, w:br as a line break, and
 * each table row as one line whose cells are separated by tabs (the
 * consultation records are such tables). Deleted text (w:del, w:moveFrom)
 * and field instructions (w:instrText) are left out; a field's shown
 * result is kept. Where a drawing gives both a new and an old form
 * (mc:AlternateContent), only the new one is read, so a text box is read
 * once.
 *
 * The archive is read from memory and each part is bounded: a part larger
 * than %DAFU_DOCX_MAX_PART_SIZE uncompressed, or parts that unpack to far
 * more than the file's size allows (a zip bomb), are refused.
 */

#define NS_W        "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define NS_MC       "http://schemas.openxmlformats.org/markup-compatibility/2006"

/* Parts may unpack to this many times the file's size, once they hold more
 * than RATIO_FLOOR bytes together: XML compresses some 5 to 20 times,
 * never a hundred. */
#define MAX_RATIO   100
#define RATIO_FLOOR (4 * 1024 * 1024)

/* And never more than this in all, whatever the file's size. */
#define MAX_TOTAL   (DAFU_DOCX_MAX_PART_SIZE + 32 * 1024 * 1024)

/* A sanity bound on the header and footer parts read. */
#define MAX_EXTRA_PARTS 64

#define MAIN_PART "word/document.xml"

/* ----------------------------------------------------------------------- *
 * One part's XML to text
 * ----------------------------------------------------------------------- */

typedef struct
{
  GString *out;          /* the part's text */
  GString *cell;         /* the open cell of an outermost table, or NULL */
  guint    del_depth;    /* inside w:del or w:moveFrom */
  guint    skip_depth;   /* inside w:instrText, w:delText, mc:Fallback … */
  guint    run_depth;    /* inside w:r */
  guint    text_depth;   /* inside w:t */
  guint    table_depth;  /* nesting of w:tbl */
  guint    row_cells;    /* cells written in the current outermost row */
  guint    cell_span;    /* w:gridSpan of the open outermost cell */
  char    *xml_error;    /* the first error libxml2 reported */
} Extract;

static void
on_xml_error_cb (void        *user_data,
                 xmlErrorPtr  xml_error)
{
  Extract *ex = user_data;
  g_autofree char *message = NULL;

  if (ex->xml_error != NULL || xml_error == NULL || xml_error->level < XML_ERR_ERROR)
    return;

  message = g_strstrip (g_strdup (xml_error->message != NULL ? xml_error->message : "?"));
  ex->xml_error = g_strdup_printf ("line %d: %s", xml_error->line, message);
}

/* Where text goes now: the open table cell, or the part's text. */
static GString *
target (Extract *ex)
{
  return ex->cell != NULL ? ex->cell : ex->out;
}

static gboolean
is_w (const xmlChar *ns)
{
  return ns != NULL &&
         (strcmp ((const char *) ns, NS_W) == 0 ||
          strcmp ((const char *) ns, NS_W_STRICT) == 0);
}

static guint
span_value (xmlTextReaderPtr reader)
{
  g_autofree xmlChar *value = xmlTextReaderGetAttributeNs (reader, BAD_CAST "val", BAD_CAST NS_W);
  guint64 span = 1;

  if (value == NULL)
    value = xmlTextReaderGetAttributeNs (reader, BAD_CAST "val", BAD_CAST NS_W_STRICT);
  if (value != NULL)
    span = g_ascii_strtoull ((const char *) value, NULL, 10);
  return (guint) CLAMP (span, 1, 64);
}

/* A cell's text on its row: its paragraphs, breaks and tabs as single
 * spaces. */
static void
close_cell (Extract *ex)
{
  g_autoptr(GString) cell = g_steal_pointer (&ex->cell);
  gsize len = 0;

  for (gsize i = 0; i < cell->len; i++)
    {
      char c = cell->str[i] == '\n' || cell->str[i] == '\t' ? ' ' : cell->str[i];

      if (c == ' ' && len > 0 && cell->str[len - 1] == ' ')
        continue;
      cell->str[len++] = c;
    }
  g_string_truncate (cell, len);
  g_strstrip (cell->str);

  if (ex->row_cells > 0)
    g_string_append_c (ex->out, '\t');
  g_string_append (ex->out, cell->str);
  for (guint i = 1; i < ex->cell_span; i++)
    g_string_append_c (ex->out, '\t');
  ex->row_cells++;
}

static void
start_element (Extract          *ex,
               xmlTextReaderPtr  reader,
               const char       *name)
{
  if (strcmp (name, "del") == 0 || strcmp (name, "moveFrom") == 0)
    ex->del_depth++;
  else if (strcmp (name, "instrText") == 0 || strcmp (name, "delText") == 0 ||
           strcmp (name, "delInstrText") == 0)
    ex->skip_depth++;
  else if (strcmp (name, "r") == 0)
    ex->run_depth++;
  else if (strcmp (name, "t") == 0)
    ex->text_depth++;
  else if (strcmp (name, "tbl") == 0)
    ex->table_depth++;
  else if (strcmp (name, "tr") == 0 && ex->table_depth == 1)
    ex->row_cells = 0;
  else if (strcmp (name, "tc") == 0 && ex->table_depth == 1)
    {
      if (ex->cell != NULL)   /* a cell in a cell, without a table */
        close_cell (ex);
      ex->cell = g_string_new (NULL);
      ex->cell_span = 1;
    }
  else if (strcmp (name, "gridSpan") == 0 && ex->table_depth == 1 && ex->cell != NULL)
    ex->cell_span = span_value (reader);
  else if (ex->run_depth > 0 && ex->del_depth == 0 && ex->skip_depth == 0)
    {
      /* Inside a run only: w:tab in a paragraph's properties is a tab
       * stop, not a tab. */
      if (strcmp (name, "tab") == 0 || strcmp (name, "ptab") == 0)
        g_string_append_c (target (ex), '\t');
      else if (strcmp (name, "br") == 0 || strcmp (name, "cr") == 0)
        g_string_append_c (target (ex), '\n');
      else if (strcmp (name, "noBreakHyphen") == 0)
        g_string_append_c (target (ex), '-');
    }
}

static void
end_element (Extract    *ex,
             const char *name)
{
  if (strcmp (name, "del") == 0 || strcmp (name, "moveFrom") == 0)
    ex->del_depth -= ex->del_depth > 0;
  else if (strcmp (name, "instrText") == 0 || strcmp (name, "delText") == 0 ||
           strcmp (name, "delInstrText") == 0)
    ex->skip_depth -= ex->skip_depth > 0;
  else if (strcmp (name, "r") == 0)
    ex->run_depth -= ex->run_depth > 0;
  else if (strcmp (name, "t") == 0)
    ex->text_depth -= ex->text_depth > 0;
  else if (strcmp (name, "p") == 0)
    g_string_append_c (target (ex), '\n');
  else if (strcmp (name, "tbl") == 0)
    ex->table_depth -= ex->table_depth > 0;
  else if (strcmp (name, "tr") == 0)
    {
      if (ex->table_depth == 1)
        g_string_append_c (ex->out, '\n');
      else if (ex->table_depth > 1)
        g_string_append_c (target (ex), ' ');
    }
  else if (strcmp (name, "tc") == 0)
    {
      if (ex->table_depth == 1 && ex->cell != NULL)
        close_cell (ex);
      else if (ex->table_depth > 1)
        g_string_append_c (target (ex), ' ');
    }
}

/* Reads one part's XML into @out. */
static gboolean
part_to_text (const char  *part_name,
              GByteArray  *xml,
              GString     *out,
              GError     **error)
{
  g_autoptr(GString) cell = NULL;
  xmlTextReaderPtr reader;
  Extract ex = { .out = out };
  gboolean skip = FALSE;
  int rc;

  g_assert (xml->len <= DAFU_DOCX_MAX_PART_SIZE);

  /* No network, no entity expansion, no DTD loading; errors are collected,
   * not printed. */
  reader = xmlReaderForMemory ((const char *) xml->data, (int) xml->len, part_name, NULL,
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                               XML_PARSE_NOCDATA);
  if (reader == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The Word document is damaged: its part %s cannot be read."), part_name);
      return FALSE;
    }
  xmlTextReaderSetStructuredErrorHandler (reader, on_xml_error_cb, &ex);

  /* After an mc:Fallback element the reader skips its subtree. */
  while ((rc = skip ? xmlTextReaderNext (reader) : xmlTextReaderRead (reader)) == 1)
    {
      int type = xmlTextReaderNodeType (reader);
      const xmlChar *ns = xmlTextReaderConstNamespaceUri (reader);
      const char *name = (const char *) xmlTextReaderConstLocalName (reader);

      skip = FALSE;
      switch (type)
        {
        case XML_READER_TYPE_ELEMENT:
          /* The old form of new content (mc:Fallback) is not read. */
          if (ns != NULL && strcmp ((const char *) ns, NS_MC) == 0 &&
              g_strcmp0 (name, "Fallback") == 0)
            {
              skip = TRUE;
              break;
            }
          if (!is_w (ns) || name == NULL)
            break;
          start_element (&ex, reader, name);
          if (xmlTextReaderIsEmptyElement (reader))
            end_element (&ex, name);
          break;

        case XML_READER_TYPE_END_ELEMENT:
          if (is_w (ns) && name != NULL)
            end_element (&ex, name);
          break;

        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
          if (ex.text_depth > 0 && ex.run_depth > 0 && ex.del_depth == 0 && ex.skip_depth == 0 &&
              xmlTextReaderConstValue (reader) != NULL)
            g_string_append (target (&ex), (const char *) xmlTextReaderConstValue (reader));
          break;

        default:
          break;
        }
    }

  cell = g_steal_pointer (&ex.cell);
  xmlFreeTextReader (reader);

  if (rc != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The Word document is damaged: its part %s is not well-formed XML (%s)."),
                   part_name, ex.xml_error != NULL ? ex.xml_error : "?");
      g_free (ex.xml_error);
      return FALSE;
    }
  g_free (ex.xml_error);
  return TRUE;
}

/* A page number alone: digits among dashes, spaces and 第…页 / 共…页, as
 * a footer shows the PAGE field ("— 1 —"). */
static gboolean
is_page_number (const char *line)
{
  guint digits = 0;

  for (const char *p = line; *p != '\0'; p = g_utf8_next_char (p))
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

/* A header's or footer's text without its page numbers, which are page
 * furniture and not the letter's; %NULL when nothing else is left. */
static char *
part_text_without_page_numbers (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) kept = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (is_page_number (lines[i]))
        continue;
      if (kept->len > 0)
        g_string_append_c (kept, '\n');
      g_string_append (kept, lines[i]);
    }
  g_strstrip (kept->str);
  if (kept->str[0] == '\0')
    return NULL;
  return g_strdup (kept->str);
}

/* ----------------------------------------------------------------------- *
 * The archive
 * ----------------------------------------------------------------------- */

typedef struct
{
  char       *name;
  GByteArray *xml;
} Part;

static void
part_free (Part *part)
{
  g_free (part->name);
  g_byte_array_unref (part->xml);
  g_free (part);
}

static int
compare_parts (gconstpointer a,
               gconstpointer b)
{
  const Part *pa = *(const Part **) a;
  const Part *pb = *(const Part **) b;

  return strcmp (pa->name, pb->name);
}

/* word/header1.xml and the like, directly in word/. */
static gboolean
is_part_like (const char *name,
              const char *prefix)
{
  const char *rest;

  if (!g_str_has_prefix (name, prefix) || !g_str_has_suffix (name, ".xml"))
    return FALSE;
  rest = name + strlen (prefix);
  return strchr (rest, '/') == NULL;
}

static void
set_archive_error (GError         **error,
                   struct archive  *a)
{
  const char *detail = archive_error_string (a);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("The Word document is damaged (%s)."),
               detail != NULL ? detail : "?");
}

/* Reads the current entry, within the limits. @total counts what all parts
 * unpacked to so far. */
static GByteArray *
read_entry (struct archive        *a,
            struct archive_entry  *entry,
            const char            *name,
            gsize                  file_size,
            guint64               *total,
            GError               **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  guint8 chunk[64 * 1024];

  if (archive_entry_is_encrypted (entry))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           _("The Word document is protected with a password. Remove the password in Word or WPS and import it again."));
      return NULL;
    }

  /* The size the archive states is checked first, the bytes that really
   * come out while they come. */
  if (archive_entry_size_is_set (entry) &&
      archive_entry_size (entry) > DAFU_DOCX_MAX_PART_SIZE)
    goto too_large;

  for (;;)
    {
      la_ssize_t n = archive_read_data (a, chunk, sizeof chunk);

      if (n == 0)
        break;
      if (n < 0)
        {
          set_archive_error (error, a);
          return NULL;
        }
      if (data->len + (gsize) n > DAFU_DOCX_MAX_PART_SIZE)
        goto too_large;
      *total += n;
      if (*total > MAX_TOTAL || (*total > RATIO_FLOOR && *total / MAX_RATIO > file_size))
        {
          g_autofree char *unpacked = g_format_size (*total);
          g_autofree char *packed = g_format_size (file_size);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The Word document unpacks to far more than its size allows (over %s from a file of %s); it looks like a zip bomb and is not read."),
                       unpacked, packed);
          return NULL;
        }
      g_byte_array_append (data, chunk, n);
    }

  return g_steal_pointer (&data);

too_large:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("The Word document's part %s is larger than 64 MB unpacked; Dafu does not read it."),
               name);
  return NULL;
}

static gboolean
has_prefix (GBytes     *bytes,
            const char *magic,
            gsize       len)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  return size >= len && memcmp (data, magic, len) == 0;
}

/* A clear word for what the file is when it is not a zip at all. */
static void
set_not_zip_error (GBytes  *bytes,
                   GError **error)
{
  /* The Compound File signature of .doc, .xls, .wps and encrypted .docx. */
  if (has_prefix (bytes, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("The file is an older Word document (.doc), a WPS document or a password-protected one, not a .docx. Save it as .docx without a password in Word or WPS and import it again."));
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("The file is not a Word document (.docx)."));
}

/**
 * dafu_docx_sniff:
 * @bytes: a file's contents
 *
 * Whether @bytes look like a Word document: a zip archive that names the
 * part word/document.xml. A zip stores its entries' names uncompressed, so
 * this is a search for the name, not a read of the archive.
 *
 * Returns: %TRUE when @bytes should be read with dafu_docx_extract_text()
 */
gboolean
dafu_docx_sniff (GBytes *bytes)
{
  gsize size;
  const char *data;

  g_return_val_if_fail (bytes != NULL, FALSE);

  if (!has_prefix (bytes, "PK\x03\x04", 4))
    return FALSE;

  data = g_bytes_get_data (bytes, &size);
  for (const char *p = data, *end = data + size;
       (p = memchr (p, 'w', end - p)) != NULL && end - p >= (gssize) strlen (MAIN_PART);
       p++)
    if (memcmp (p, MAIN_PART, strlen (MAIN_PART)) == 0)
      return TRUE;
  return FALSE;
}

/**
 * dafu_docx_extract_text:
 * @bytes: the contents of a .docx file
 * @error: return location for a #GIOError: %G_IO_ERROR_INVALID_DATA when
 *   @bytes are not a readable Word document (not a zip, no
 *   word/document.xml, damaged XML, a part over 64 MB or a zip bomb),
 *   %G_IO_ERROR_PERMISSION_DENIED when it is protected with a password
 *
 * Reads the text of a Word document: its headers, its body and its
 * footers, a line per paragraph and per table row (cells separated by
 * tabs), without deleted text or field instructions.
 *
 * Returns: (transfer full): the text, UTF-8 with `\n` line ends, or %NULL
 *   with @error set
 */
char *
dafu_docx_extract_text (GBytes  *bytes,
                        GError **error)
{
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func ((GDestroyNotify) part_free);
  g_autoptr(GPtrArray) footers = g_ptr_array_new_with_free_func ((GDestroyNotify) part_free);
  g_autoptr(GByteArray) main_xml = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GString) part_text = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  struct archive *a;
  struct archive_entry *entry;
  guint64 total = 0;
  gsize size;
  gconstpointer data;
  int rc;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!has_prefix (bytes, "PK", 2))
    {
      set_not_zip_error (bytes, error);
      return NULL;
    }

  /* Once, before any thread parses (libxml2 2.9 wants it so). */
  xmlInitParser ();

  data = g_bytes_get_data (bytes, &size);
  a = archive_read_new ();
  archive_read_support_format_zip (a);
  if (archive_read_open_memory (a, data, size) != ARCHIVE_OK)
    {
      set_archive_error (error, a);
      archive_read_free (a);
      return NULL;
    }

  while ((rc = archive_read_next_header (a, &entry)) == ARCHIVE_OK ||
         rc == ARCHIVE_WARN)
    {
      const char *name = archive_entry_pathname_utf8 (entry);
      gboolean is_header, is_footer;
      GByteArray *xml;

      if (name == NULL)
        name = archive_entry_pathname (entry);
      if (name == NULL || archive_entry_filetype (entry) != AE_IFREG)
        continue;

      is_header = is_part_like (name, "word/header");
      is_footer = is_part_like (name, "word/footer");
      if (strcmp (name, MAIN_PART) != 0 && !is_header && !is_footer)
        continue;
      if (strcmp (name, MAIN_PART) == 0 && main_xml != NULL)
        continue;
      if ((is_header || is_footer) && headers->len + footers->len >= MAX_EXTRA_PARTS)
        continue;

      xml = read_entry (a, entry, name, size, &total, error);
      if (xml == NULL)
        {
          archive_read_free (a);
          return NULL;
        }

      if (strcmp (name, MAIN_PART) == 0)
        main_xml = xml;
      else
        {
          Part *part = g_new0 (Part, 1);

          part->name = g_strdup (name);
          part->xml = xml;
          g_ptr_array_add (is_header ? headers : footers, part);
        }
    }

  if (rc != ARCHIVE_EOF)
    {
      /* Not a zip (“Unrecognized archive format”) or one cut short. */
      if (main_xml == NULL && total == 0 && !has_prefix (bytes, "PK\x03\x04", 4))
        set_not_zip_error (bytes, error);
      else
        set_archive_error (error, a);
      archive_read_free (a);
      return NULL;
    }
  archive_read_free (a);

  if (main_xml == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The file is a zip archive but not a Word document: it has no word/document.xml."));
      return NULL;
    }

  /* Headers first, then the body, then footers; a header or footer
   * repeated for the first, odd and even pages is read once. */
  g_ptr_array_sort (headers, compare_parts);
  g_ptr_array_sort (footers, compare_parts);
  text = g_string_new (NULL);
  part_text = g_string_new (NULL);

  for (guint i = 0; i < headers->len; i++)
    {
      Part *part = g_ptr_array_index (headers, i);

      g_autofree char *kept = NULL;

      g_string_truncate (part_text, 0);
      if (!part_to_text (part->name, part->xml, part_text, error))
        return NULL;
      kept = part_text_without_page_numbers (part_text->str);
      if (kept == NULL || !g_hash_table_add (seen, g_strdup (kept)))
        continue;
      g_string_append_printf (text, "%s\n\n", kept);
    }

  if (!part_to_text (MAIN_PART, main_xml, text, error))
    return NULL;

  for (guint i = 0; i < footers->len; i++)
    {
      Part *part = g_ptr_array_index (footers, i);

      g_autofree char *kept = NULL;

      g_string_truncate (part_text, 0);
      if (!part_to_text (part->name, part->xml, part_text, error))
        return NULL;
      kept = part_text_without_page_numbers (part_text->str);
      if (kept == NULL || !g_hash_table_add (seen, g_strdup (kept)))
        continue;
      g_string_append_printf (text, "\n%s\n", kept);
    }

  if (!g_utf8_validate (text->str, text->len, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The Word document is damaged: its text is not valid UTF-8."));
      return NULL;
    }

  {
    g_autofree char *check = g_strdup (text->str);

    if (*g_strstrip (check) == '\0')
      {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             _("The Word document holds no text."));
        return NULL;
      }
  }

  return g_string_free (g_steal_pointer (&text), FALSE);
}
