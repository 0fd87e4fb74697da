/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-text"

#include "config.h"

#include "dafu-text.h"

#include "dafu-docx-reader.h"
#include "dafu-pdf-reader.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_QUARK (dafu-text-error-quark, dafu_text_error)

/* Share of control characters above which a "text" is really binary data. */
#define BINARY_CONTROL_PERMILLE 5

static gboolean
is_control (gunichar c)
{
  if (c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v')
    return FALSE;
  return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
}

static gboolean
looks_binary (const char *utf8)
{
  gsize total = 0, controls = 0;

  for (const char *p = utf8; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      total++;
      if (is_control (c))
        controls++;
    }

  return total > 0 && controls * 1000 > total * BINARY_CONTROL_PERMILLE;
}

static char *
normalize_newlines (char *text)
{
  char *w = text;

  for (const char *r = text; *r; r++)
    {
      if (*r == '\r')
        {
          *w++ = '\n';
          if (r[1] == '\n')
            r++;
        }
      else
        *w++ = *r;
    }
  *w = '\0';

  return text;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!dafu_text_is_space (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static char *
convert_or_null (const char *data,
                 gsize       len,
                 const char *from)
{
  g_autoptr(GError) error = NULL;
  gsize written = 0;
  char *out;

  out = g_convert (data, len, "UTF-8", from, NULL, &written, &error);
  if (out == NULL)
    return NULL;

  /* An embedded NUL in the converted text means the input was not text. */
  if (strlen (out) != written)
    {
      g_free (out);
      return NULL;
    }

  return out;
}

/**
 * dafu_text_check_size:
 * @size: a file's size in bytes
 * @error: return location for a #DafuTextError
 *
 * Checks a file's size before it is read: more than %DAFU_TEXT_MAX_SIZE is
 * not a letter (and is not loaded into memory).
 */
gboolean
dafu_text_check_size (guint64   size,
                      GError  **error)
{
  g_autofree char *formatted = NULL;

  if (size <= DAFU_TEXT_MAX_SIZE)
    return TRUE;

  formatted = g_format_size (size);
  g_set_error (error, DAFU_TEXT_ERROR, DAFU_TEXT_ERROR_TOO_LARGE,
               _("The file is %s, larger than the 8 MB a letter may have."),
               formatted);
  return FALSE;
}

/**
 * dafu_text_decode:
 * @bytes: a file's contents
 * @encoding: (out) (optional): the encoding that was detected
 * @error: return location for a #DafuTextError
 *
 * Decodes a letter file to UTF-8. UTF-8 (with or without a byte order mark),
 * UTF-16 with a byte order mark and GB18030 are recognised; anything else is
 * reported in words a clerk understands. Line ends become `\n`.
 *
 * Returns: (transfer full): the text, or %NULL with @error set
 */
char *
dafu_text_decode (GBytes      *bytes,
                  const char **encoding,
                  GError     **error)
{
  g_autofree char *text = NULL;
  const char *found = NULL;
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &len);

  if (len == 0)
    {
      g_set_error_literal (error, DAFU_TEXT_ERROR, DAFU_TEXT_ERROR_EMPTY,
                           _("The file is empty."));
      return NULL;
    }

  if (!dafu_text_check_size (len, error))
    return NULL;

  if (len >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf)
    {
      if (!g_utf8_validate ((const char *) data + 3, len - 3, NULL))
        {
          g_set_error_literal (error, DAFU_TEXT_ERROR, DAFU_TEXT_ERROR_ENCODING,
                               _("The file says it is UTF-8 but contains bytes that are not."));
          return NULL;
        }
      text = g_strndup ((const char *) data + 3, len - 3);
      found = "UTF-8";
    }
  else if (len >= 2 && ((data[0] == 0xff && data[1] == 0xfe) ||
                        (data[0] == 0xfe && data[1] == 0xff)))
    {
      found = data[0] == 0xff ? "UTF-16LE" : "UTF-16BE";
      text = convert_or_null ((const char *) data + 2, len - 2, found);
      if (text == NULL)
        {
          g_set_error_literal (error, DAFU_TEXT_ERROR, DAFU_TEXT_ERROR_ENCODING,
                               _("The file says it is UTF-16 but its text is damaged."));
          return NULL;
        }
    }
  else if (memchr (data, '\0', len) != NULL)
    {
      g_set_error_literal (error, DAFU_TEXT_ERROR, DAFU_TEXT_ERROR_BINARY,
                           _("The file is neither text nor a Word (.docx) or PDF document; it may be a picture or an old .doc file. Save it as .docx, PDF or plain text first."));
      return NULL;
    }
  else if (g_utf8_validate ((const char *) data, len, NULL))
    {
      text = g_strndup ((const char *) data, len);
      found = "UTF-8";
    }
  else if ((text = convert_or_null ((const char *) data, len, "GB18030")) != NULL)
    {
      found = "GB18030";
    }
  else
    {
      g_set_error_literal (error, DAFU_TEXT_ERROR, DAFU_TEXT_ERROR_ENCODING,
                           _("The file's text is in an encoding Dafu cannot read. Save it as UTF-8 or GB18030 text."));
      return NULL;
    }

  if (looks_binary (text))
    {
      g_set_error_literal (error, DAFU_TEXT_ERROR, DAFU_TEXT_ERROR_BINARY,
                           _("The file is neither text nor a Word (.docx) or PDF document; it may be a picture or an old .doc file. Save it as .docx, PDF or plain text first."));
      return NULL;
    }

  normalize_newlines (text);

  if (is_blank (text))
    {
      g_set_error_literal (error, DAFU_TEXT_ERROR, DAFU_TEXT_ERROR_EMPTY,
                           _("The file holds no text."));
      return NULL;
    }

  if (encoding != NULL)
    *encoding = found;

  return g_steal_pointer (&text);
}

/**
 * dafu_text_is_space:
 * @c: a character
 *
 * Whether @c is white space in letters: ASCII and Unicode spaces, the
 * ideographic space, no-break and zero-width spaces.
 */
gboolean
dafu_text_is_space (gunichar c)
{
  return g_unichar_isspace (c) ||
         c == 0x3000 || c == 0x00a0 || c == 0x200b || c == 0xfeff;
}

/**
 * dafu_text_fold_char:
 * @c: a character
 *
 * Folds full-width forms to their ASCII twins and letters to lower case, so
 * that `ＡＢＣ１２` and `abc12` search alike.
 */
gunichar
dafu_text_fold_char (gunichar c)
{
  if (c >= 0xff01 && c <= 0xff5e)
    c -= 0xfee0;
  else if (c == 0x3000)
    c = ' ';

  if (c < 0x80)
    return g_ascii_tolower ((char) c);

  return g_unichar_tolower (c);
}

/**
 * dafu_text_fold:
 * @text: UTF-8 text
 * @len: length in bytes, or -1 if nul-terminated
 *
 * Returns: (transfer full): @text with every character passed through
 *   dafu_text_fold_char()
 */
char *
dafu_text_fold (const char *text,
                gssize      len)
{
  GString *out;
  const char *end;

  g_return_val_if_fail (text != NULL, NULL);

  end = len < 0 ? text + strlen (text) : text + len;
  out = g_string_sized_new (end - text);

  for (const char *p = text; p < end && *p; p = g_utf8_next_char (p))
    g_string_append_unichar (out, dafu_text_fold_char (g_utf8_get_char (p)));

  return g_string_free (out, FALSE);
}

/* Word and PDF files carry pictures and fonts besides their text: the
 * file may be larger than a text letter, its text not. */
#define DOCUMENT_MAX_FILE_SIZE (64 * 1024 * 1024)

static gboolean
is_document_name (const char *file_name)
{
  g_autofree char *lower = file_name != NULL ? g_ascii_strdown (file_name, -1) : NULL;

  return lower != NULL && (g_str_has_suffix (lower, ".docx") || g_str_has_suffix (lower, ".pdf"));
}

/**
 * dafu_text_check_file_size:
 * @file_name: (nullable): the file's name
 * @size: its size in bytes
 *
 * As dafu_text_check_size(), but a Word or PDF file may be up to 64 MB (its
 * text is checked once read).
 */
gboolean
dafu_text_check_file_size (const char  *file_name,
                           guint64      size,
                           GError     **error)
{
  if (is_document_name (file_name) && size <= DOCUMENT_MAX_FILE_SIZE)
    return TRUE;
  return dafu_text_check_size (size, error);
}

/**
 * dafu_text_from_file:
 * @file_name: (nullable): the file's name
 * @bytes: its contents
 * @encoding: (out) (optional): "docx", "pdf" or the text's encoding
 *
 * A letter file's text: a Word (.docx) or PDF file, known by its first
 * bytes or else by its name, is read by its reader; anything else is
 * decoded as text (dafu_text_decode()).
 *
 * Returns: (transfer full): the UTF-8 text, or %NULL with @error set
 */
char *
dafu_text_from_file (const char   *file_name,
                     GBytes       *bytes,
                     const char  **encoding,
                     GError      **error)
{
  gboolean pdf, docx;
  char *text;

  g_return_val_if_fail (bytes != NULL, NULL);

  pdf = dafu_pdf_sniff (bytes);
  docx = !pdf && dafu_docx_sniff (bytes);
  if (!pdf && !docx && is_document_name (file_name))
    {
      g_autofree char *lower = g_ascii_strdown (file_name, -1);

      docx = g_str_has_suffix (lower, ".docx");
      pdf = !docx;
    }
  if (!docx && !pdf)
    return dafu_text_decode (bytes, encoding, error);

  if (encoding != NULL)
    *encoding = docx ? "docx" : "pdf";
  text = docx ? dafu_docx_extract_text (bytes, error) : dafu_pdf_extract_text (bytes, error);
  /* The letter's text has the limit of a text file. */
  if (text != NULL && !dafu_text_check_size (strlen (text), error))
    g_clear_pointer (&text, g_free);
  return text;
}
