/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-export"

#include "config.h"

#include "dafu-export.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dafu-docx-writer.h"
#include "dafu-layout.h"
#include "dafu-pdf-writer.h"

/*
 * Writing a document out, the same way for the window and dafu-cli: PDF
 * through the layout engine, Word through the .docx writer, or the text.
 * A file is replaced only once the new one is whole (g_file_replace writes
 * beside it and renames), so a failed export leaves the older file.
 */

/**
 * dafu_export_format_from_name:
 * @name: `pdf`, `docx` or `txt` (any case)
 */
gboolean
dafu_export_format_from_name (const char       *name,
                              DafuExportFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  if (name == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (name, "pdf") == 0)
    *format = DAFU_EXPORT_PDF;
  else if (g_ascii_strcasecmp (name, "docx") == 0)
    *format = DAFU_EXPORT_DOCX;
  else if (g_ascii_strcasecmp (name, "txt") == 0 || g_ascii_strcasecmp (name, "text") == 0)
    *format = DAFU_EXPORT_TEXT;
  else
    return FALSE;
  return TRUE;
}

/**
 * dafu_export_write:
 * @out: where to write; not closed
 * @fonts: (out) (optional) (nullable): for PDF, which fonts the layout
 *   used, for the clerk
 */
gboolean
dafu_export_write (DafuDocument      *document,
                   DafuExportFormat   format,
                   GOutputStream     *out,
                   char             **fonts,
                   GCancellable      *cancellable,
                   GError           **error)
{
  g_return_val_if_fail (DAFU_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  if (fonts != NULL)
    *fonts = NULL;

  switch (format)
    {
    case DAFU_EXPORT_PDF:
      {
        g_autoptr(DafuLayout) layout = dafu_layout_new (document, error);

        if (layout == NULL || !dafu_layout_write_pdf (layout, out, cancellable, error))
          return FALSE;
        if (fonts != NULL)
          *fonts = dafu_layout_describe_fonts (layout);
        return TRUE;
      }
    case DAFU_EXPORT_DOCX:
      return dafu_docx_write (document, out, cancellable, error);
    case DAFU_EXPORT_TEXT:
    default:
      {
        g_autofree char *text = dafu_document_to_text (document);

        return g_output_stream_write_all (out, text, strlen (text), NULL, cancellable, error);
      }
    }
}

/**
 * dafu_export_to_file:
 *
 * As dafu_export_write(), into @file, which is replaced only when the new
 * one is whole.
 */
gboolean
dafu_export_to_file (DafuDocument      *document,
                     DafuExportFormat   format,
                     GFile             *file,
                     char             **fonts,
                     GCancellable      *cancellable,
                     GError           **error)
{
  g_autoptr(GFileOutputStream) out = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, error);
  if (out == NULL)
    return FALSE;
  if (!dafu_export_write (document, format, G_OUTPUT_STREAM (out), fonts, cancellable, error))
    {
      /* Closing a cancelled replace drops the new file. */
      g_autoptr(GCancellable) abandon = g_cancellable_new ();

      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (out), abandon, NULL);
      if (fonts != NULL)
        g_clear_pointer (fonts, g_free);
      return FALSE;
    }
  return g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, error);
}

typedef struct {
  DafuDocument     *document;
  DafuExportFormat  format;
  GFile            *file;
  char             *fonts;
} ExportData;

static void
export_data_free (gpointer data)
{
  ExportData *ed = data;

  g_clear_object (&ed->document);
  g_clear_object (&ed->file);
  g_free (ed->fonts);
  g_free (ed);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *ed = task_data;
  GError *error = NULL;

  if (dafu_export_to_file (ed->document, ed->format, ed->file, &ed->fonts, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * dafu_export_to_file_async:
 *
 * As dafu_export_to_file(), on a worker thread (laying out and writing a
 * long letter takes a moment).
 */
void
dafu_export_to_file_async (DafuDocument        *document,
                           DafuExportFormat     format,
                           GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *ed;

  g_return_if_fail (DAFU_IS_DOCUMENT (document));
  g_return_if_fail (G_IS_FILE (file));

  ed = g_new0 (ExportData, 1);
  ed->document = g_object_ref (document);
  ed->format = format;
  ed->file = g_object_ref (file);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dafu_export_to_file_async);
  g_task_set_task_data (task, ed, export_data_free);
  g_task_run_in_thread (task, export_thread);
}

/**
 * dafu_export_to_file_finish:
 * @fonts: (out) (optional) (nullable): for PDF, which fonts were used
 */
gboolean
dafu_export_to_file_finish (GAsyncResult  *result,
                            char         **fonts,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (fonts != NULL)
    *fonts = g_strdup (((ExportData *) g_task_get_task_data (G_TASK (result)))->fonts);
  return TRUE;
}
