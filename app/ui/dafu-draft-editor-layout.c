/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-draft-editor"

#include "config.h"

#include "dafu-draft-editor-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "dafu-export.h"
#include "dafu-print.h"

/*
 * The draft in the official layout: export as PDF or Word, and printing.
 * These need a finished text: a placeholder without a value never goes
 * into a file or onto paper, so they refuse and name it (the preview, by
 * contrast, shows the draft as it is, with its gaps marked).
 */

/**
 * dafu_draft_editor_preview_document:
 * @draft: a draft
 *
 * The draft as a document even while placeholders are unfilled: each gap
 * shows as 〔名称〕, so the preview never fails on a draft in progress.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL
 */
DafuDocument *
dafu_draft_editor_preview_document (DafuDraft *draft)
{
  g_autoptr(DafuDraft) copy = dafu_draft_copy (draft);
  g_autoptr(GPtrArray) unfilled = NULL;
  g_autofree char *text = dafu_draft_render_text (copy, &unfilled);
  g_autoptr(GError) error = NULL;
  DafuDocument *document;

  for (guint i = 0; unfilled != NULL && i < unfilled->len; i++)
    {
      const char *name = g_ptr_array_index (unfilled, i);
      g_autofree char *shown = g_strdup_printf ("〔%s〕", name);

      dafu_draft_set_value (copy, name, shown);
    }

  document = dafu_document_new_from_draft (copy, &error);
  if (document == NULL)
    g_debug ("No preview: %s", error->message);
  return document;
}

/* The draft as it is to leave the bureau, or NULL after telling why not. */
static DafuDocument *
finished_document (DafuDraftEditor *self,
                   const char      *heading)
{
  DafuDraft *draft = dafu_draft_editor_get_draft (self);
  g_autoptr(GError) error = NULL;
  DafuDocument *document;
  GtkWidget *dialog;

  if (draft == NULL)
    return NULL;
  document = dafu_document_new_from_draft (draft, &error);
  if (document != NULL)
    return document;

  dialog = adw_message_dialog_new (dafu_draft_editor_parent_window (self), heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
  return NULL;
}

/* ------------------------------------------------------------------ *
 * Export
 * ------------------------------------------------------------------ */

typedef struct {
  DafuDraftEditor  *self;
  DafuDocument     *document;
  DafuExportFormat  format;
  GFile            *file;
} ExportRequest;

static void
export_request_free (ExportRequest *request)
{
  g_clear_object (&request->self);
  g_clear_object (&request->document);
  g_clear_object (&request->file);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportRequest, export_request_free)

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

  dafu_draft_editor_show_toast (request->self, text);
}

static void
on_export_chosen_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  g_autoptr(ExportRequest) request = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    request->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (request->file == NULL)
    return;

  dafu_export_to_file_async (request->document, request->format, request->file,
                             dafu_draft_editor_get_cancellable (request->self),
                             on_exported_cb, g_steal_pointer (&request));
}

static char *
suggested_name (DafuDraftEditor *self,
                const char      *suffix)
{
  DafuDraft *draft = dafu_draft_editor_get_draft (self);
  g_autofree char *title = draft != NULL ? dafu_draft_dup_display_title (draft) : NULL;
  char *name = g_strdup_printf ("%s.%s", title != NULL && *title != '\0' ? title : _("Reply"), suffix);

  return g_strdelimit (name, "/\\:*?\"<>|\n", '_');
}

static void
export_as (DafuDraftEditor  *self,
           DafuExportFormat  format)
{
  g_autoptr(DafuDocument) document = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;
  ExportRequest *request;
  gboolean pdf = format == DAFU_EXPORT_PDF;

  document = finished_document (self, _("Not Ready to Export"));
  if (document == NULL)
    return;

  chooser = gtk_file_chooser_native_new (pdf ? _("Export the Reply as PDF") : _("Export the Reply for Word"),
                                         dafu_draft_editor_parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  name = suggested_name (self, pdf ? "pdf" : "docx");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, pdf ? _("PDF Documents") : _("Word Documents"));
  gtk_file_filter_add_mime_type (filter, pdf ? "application/pdf"
                                             : "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  gtk_file_filter_add_suffix (filter, pdf ? "pdf" : "docx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  request = g_new0 (ExportRequest, 1);
  request->self = g_object_ref (self);
  request->document = g_steal_pointer (&document);
  request->format = format;
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_chosen_cb), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  export_as (DAFU_DRAFT_EDITOR (widget), DAFU_EXPORT_PDF);
}

static void
export_docx_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  export_as (DAFU_DRAFT_EDITOR (widget), DAFU_EXPORT_DOCX);
}

/* ------------------------------------------------------------------ *
 * Printing
 * ------------------------------------------------------------------ */

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  DafuDraftEditor *self = DAFU_DRAFT_EDITOR (widget);
  g_autoptr(DafuDocument) document = finished_document (self, _("Not Ready to Print"));
  g_autoptr(GError) error = NULL;

  if (document == NULL)
    return;
  if (dafu_print_document (dafu_draft_editor_parent_window (self), document,
                           GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL, &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *text = g_strdup_printf (_("Could not print the reply: %s"), error->message);

      dafu_draft_editor_show_toast (self, text);
    }
}

/**
 * dafu_draft_editor_update_layout_actions:
 *
 * Export and print need a draft.
 */
void
dafu_draft_editor_update_layout_actions (DafuDraftEditor *self)
{
  gboolean has = dafu_draft_editor_get_draft (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "draft.export-pdf", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "draft.export-docx", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "draft.print", has);
}

/**
 * dafu_draft_editor_install_layout_actions:
 *
 * `draft.export-pdf`, `draft.export-docx` and `draft.print` (Ctrl+P).
 */
void
dafu_draft_editor_install_layout_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "draft.export-pdf", NULL, export_pdf_action);
  gtk_widget_class_install_action (widget_class, "draft.export-docx", NULL, export_docx_action);
  gtk_widget_class_install_action (widget_class, "draft.print", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "draft.print", NULL);
}
