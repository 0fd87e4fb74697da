/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-output"

#include "config.h"

#include "dafu-output.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "dafu-layout.h"
#include "dafu-privacy.h"

/* The export dialog's check box: hide personal data. */
#define HIDE_CHOICE "hide-personal-data"

/*
 * A letter leaving Dafu: exported as PDF or Word through a file chooser,
 * or printed.
 *
 * Printing a letter: the same pages as the PDF export, drawn by the same
 * dafu_layout_render_page() on the printer's Cairo context, on A4 in
 * points with the whole sheet as the drawing area (the layout keeps its
 * own margins, as the standard sets them). Laying out happens once, when
 * printing begins.
 */

static void
on_begin_print_cb (GtkPrintOperation *operation,
                   GtkPrintContext   *context,
                   DafuDocument      *document)
{
  g_autoptr(GError) error = NULL;
  DafuLayout *layout = dafu_layout_new (document, &error);

  if (layout == NULL)
    {
      g_warning ("Cannot lay the letter out for printing: %s", error->message);
      gtk_print_operation_cancel (operation);
      return;
    }
  g_object_set_data_full (G_OBJECT (operation), "dafu-layout", layout, g_object_unref);
  gtk_print_operation_set_n_pages (operation, MAX (1, dafu_layout_get_n_pages (layout)));
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page,
                 DafuDocument      *document)
{
  DafuLayout *layout = g_object_get_data (G_OBJECT (operation), "dafu-layout");

  if (layout != NULL && page >= 0 && (guint) page < dafu_layout_get_n_pages (layout))
    dafu_layout_render_page (layout, page, gtk_print_context_get_cairo_context (context));
}

/**
 * dafu_print_operation_new:
 * @document: the letter to print
 *
 * Returns: (transfer full): a print operation for @document on A4
 */
GtkPrintOperation *
dafu_print_operation_new (DafuDocument *document)
{
  GtkPrintOperation *operation;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  const char *title;

  g_return_val_if_fail (DAFU_IS_DOCUMENT (document), NULL);

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, FALSE);
  title = dafu_document_get_title (document);
  gtk_print_operation_set_job_name (operation, title != NULL && *title != '\0' ? title : _("Reply"));
  g_signal_connect_data (operation, "begin-print", G_CALLBACK (on_begin_print_cb),
                         g_object_ref (document), (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (on_draw_page_cb),
                         g_object_ref (document), (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  return operation;
}

/**
 * dafu_print_document:
 * @action: %GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG for the clerk, or
 *   %GTK_PRINT_OPERATION_ACTION_EXPORT with @export_filename for a PDF
 *   made by the print path (the tests compare it with the PDF export)
 *
 * Prints @document: through the print dialog without waiting for it, or
 * exported to a file at once.
 */
GtkPrintOperationResult
dafu_print_document (GtkWindow                *parent,
                     DafuDocument             *document,
                     GtkPrintOperationAction   action,
                     const char               *export_filename,
                     GError                  **error)
{
  g_autoptr(GtkPrintOperation) operation = dafu_print_operation_new (document);

  if (export_filename != NULL)
    gtk_print_operation_set_export_filename (operation, export_filename);
  /* The print dialog does not hold up the window; the operation lives
   * until it is done. */
  if (action == GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG)
    {
      gtk_print_operation_set_allow_async (operation, TRUE);
      g_signal_connect (g_object_ref (operation), "done", G_CALLBACK (g_object_unref), NULL);
    }
  return gtk_print_operation_run (operation, action, parent, error);
}

/* ------------------------------------------------------------------ *
 * Export with a file chooser
 * ------------------------------------------------------------------ */

typedef struct {
  GtkWidget        *widget;    /* weak: for the toast */
  DafuDocument     *document;
  DafuExportFormat  format;
  GFile            *file;
  GCancellable     *cancellable;
  char             *deputy_phone;
} ExportRequest;

static void
export_request_free (ExportRequest *request)
{
  g_clear_weak_pointer (&request->widget);
  g_clear_object (&request->document);
  g_clear_object (&request->file);
  g_clear_object (&request->cancellable);
  g_free (request->deputy_phone);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportRequest, export_request_free)

/**
 * dafu_output_show_toast:
 * @widget: (nullable): a widget under the window's toast overlay
 * @text: what to say
 *
 * Says @text in a toast of @widget's window (or in the log when there is
 * no such window, as in the tests).
 */
void
dafu_output_show_toast (GtkWidget  *widget,
                        const char *text)
{
  GtkWidget *overlay = widget != NULL ? gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY) : NULL;

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
  else
    g_message ("%s", text);
}

static void
on_exported_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ExportRequest) request = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *fonts = NULL;
  g_autofree char *where = g_file_get_parse_name (request->file);
  g_autofree char *text = NULL;

  if (!dafu_export_to_file_finish (result, &fonts, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: the file, then why it could not be written */
      text = g_strdup_printf (_("Could not export the reply to %s: %s"), where, error->message);
    }
  else if (fonts != NULL)
    /* Translators: the file, then which fonts the layout used */
    text = g_strdup_printf (_("Reply saved to %s. %s"), where, fonts);
  else
    /* Translators: the file the reply was written to */
    text = g_strdup_printf (_("Reply saved to %s"), where);

  dafu_output_show_toast (request->widget, text);
}

static void
on_export_chosen_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  g_autoptr(ExportRequest) request = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      request->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (g_strcmp0 (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), HIDE_CHOICE), "true") == 0)
        {
          DafuDocument *masked = dafu_privacy_mask_document (request->document, request->deputy_phone, NULL);

          g_object_unref (request->document);
          request->document = masked;
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (request->file == NULL)
    return;

  /* The request goes to the callback: its fields are read before. */
  {
    ExportRequest *pending = g_steal_pointer (&request);

    dafu_export_to_file_async (pending->document, pending->format, pending->file,
                               pending->cancellable, on_exported_cb, pending);
  }
}

/**
 * dafu_output_export:
 * @widget: the widget asking, for the parent window and the toast
 * @document: what to export
 * @name: (nullable): the file name to propose, without its suffix
 * @is_public: whether the letter is marked public (it will leave the
 *   bureau): hiding personal data is then chosen to begin with
 * @deputy_phone: (nullable): the deputy's own number, hidden with the rest
 * @cancellable: (nullable): cancelled when the asker goes
 *
 * Asks where to save @document as PDF or Word, and whether to hide personal
 * data (mobile and ID-card numbers, the deputy's phone), writes it on a
 * worker thread and says where it went (and which fonts the PDF used).
 */
void
dafu_output_export (GtkWidget        *widget,
                    DafuDocument     *document,
                    DafuExportFormat  format,
                    const char       *name,
                    gboolean          is_public,
                    const char       *deputy_phone,
                    GCancellable     *cancellable)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *file_name = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  ExportRequest *request;
  gboolean pdf = format == DAFU_EXPORT_PDF;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (DAFU_IS_DOCUMENT (document));

  chooser = gtk_file_chooser_native_new (pdf ? _("Export the Reply as PDF") : _("Export the Reply for Word"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  file_name = g_strdup_printf ("%s.%s", name != NULL && *name != '\0' ? name : _("Reply"), pdf ? "pdf" : "docx");
  g_strdelimit (file_name, "/\\:*?\"<>|\n", '_');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file_name);
  gtk_file_filter_set_name (filter, pdf ? _("PDF Documents") : _("Word Documents"));
  gtk_file_filter_add_mime_type (filter, pdf ? "application/pdf"
                                             : "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  gtk_file_filter_add_suffix (filter, pdf ? "pdf" : "docx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), HIDE_CHOICE,
                               _("Hide personal data (mobile and ID-card numbers)"), NULL, NULL);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), HIDE_CHOICE, is_public ? "true" : "false");

  request = g_new0 (ExportRequest, 1);
  request->deputy_phone = g_strdup (deputy_phone);
  g_set_weak_pointer (&request->widget, widget);
  request->document = g_object_ref (document);
  request->format = format;
  request->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_chosen_cb), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
