/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-pdf-writer"

#include "config.h"

#include "dafu-pdf-writer.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

typedef struct {
  GOutputStream *stream;
  GCancellable  *cancellable;
  GError        *error;
} WriteClosure;

static cairo_status_t
write_cb (void                *user_data,
          const unsigned char *data,
          unsigned int         length)
{
  WriteClosure *closure = user_data;

  if (closure->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (closure->stream, data, length, NULL,
                                  closure->cancellable, &closure->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

/**
 * dafu_layout_write_pdf:
 * @layout: a laid-out letter
 * @stream: where the PDF goes; left open
 * @cancellable: (nullable): checked between pages
 * @error: the stream's error, %G_IO_ERROR_CANCELLED, or %G_IO_ERROR_FAILED
 *   with Cairo's message
 *
 * Writes the letter as a PDF: one A4 page per layout page, the fonts
 * embedded, the document's title and issuer as the PDF's title and author.
 *
 * Returns: %TRUE when the whole PDF was written
 */
gboolean
dafu_layout_write_pdf (DafuLayout     *layout,
                       GOutputStream  *stream,
                       GCancellable   *cancellable,
                       GError        **error)
{
  WriteClosure closure = { stream, cancellable, NULL };
  DafuDocument *document;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  guint n_pages;

  g_return_val_if_fail (DAFU_IS_LAYOUT (layout), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  document = dafu_layout_get_document (layout);
  surface = cairo_pdf_surface_create_for_stream (write_cb, &closure,
                                                 DAFU_LAYOUT_PAGE_WIDTH, DAFU_LAYOUT_PAGE_HEIGHT);
  if (dafu_document_get_title (document) != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                    dafu_document_get_title (document));
  if (dafu_document_get_author (document) != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR,
                                    dafu_document_get_author (document));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Dafu");

  cr = cairo_create (surface);
  n_pages = dafu_layout_get_n_pages (layout);
  for (guint i = 0; i < n_pages && closure.error == NULL; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, &closure.error))
        break;
      dafu_layout_render_page (layout, i, cr);
      cairo_show_page (cr);
    }
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (closure.error != NULL)
    {
      g_propagate_error (error, closure.error);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write the PDF: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/**
 * dafu_layout_write_pdf_to_path:
 * @layout: a laid-out letter
 * @path: the PDF file's path; replaced (atomically) when it exists
 * @cancellable: (nullable): checked between pages
 * @error: the error
 *
 * dafu_layout_write_pdf() to a file.
 *
 * Returns: %TRUE when the file was written
 */
gboolean
dafu_layout_write_pdf_to_path (DafuLayout    *layout,
                               const char    *path,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;

  g_return_val_if_fail (DAFU_IS_LAYOUT (layout), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  file = g_file_new_for_path (path);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, error);
  if (stream == NULL)
    return FALSE;
  if (!dafu_layout_write_pdf (layout, G_OUTPUT_STREAM (stream), cancellable, error))
    {
      /* Closing after a cancel leaves the old file, if any, in place. */
      g_autoptr(GCancellable) cancel = g_cancellable_new ();

      g_cancellable_cancel (cancel);
      g_output_stream_close (G_OUTPUT_STREAM (stream), cancel, NULL);
      return FALSE;
    }
  return g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);
}
