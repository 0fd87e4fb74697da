/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-print"

#include "config.h"

#include "dafu-print.h"

#include <glib/gi18n.h>

#include "dafu-layout.h"

/*
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
