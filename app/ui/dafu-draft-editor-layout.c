/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-draft-editor"

#include "config.h"

#include "dafu-draft-editor-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "dafu-export.h"
#include "dafu-output.h"
#include "dafu-privacy.h"

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

static void
export_as (DafuDraftEditor  *self,
           DafuExportFormat  format)
{
  g_autoptr(DafuDocument) document = finished_document (self, _("Not Ready to Export"));
  DafuDraft *draft = dafu_draft_editor_get_draft (self);
  g_autofree char *title = NULL;
  g_autofree char *deputy_phone = NULL;
  gboolean is_public;

  if (document == NULL)
    return;
  title = dafu_draft_dup_display_title (draft);
  is_public = dafu_privacy_draft_is_public (draft, &deputy_phone);
  dafu_output_export (GTK_WIDGET (self), document, format, title, is_public, deputy_phone,
                      dafu_draft_editor_get_cancellable (self));
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
