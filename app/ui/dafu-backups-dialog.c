/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-backups-dialog"

#include "config.h"

#include "dafu-backups-dialog.h"

#include <glib/gi18n.h>

#include "dafu-backup.h"

/**
 * DafuBackupsDialog:
 *
 * Lists the library's backups, the newest first, each with a Restore
 * button. Restoring asks first, then emits #DafuBackupsDialog::restore with
 * the backup's path and closes: the window does the restoring, with the
 * library open or (when it is damaged) closed.
 */

struct _DafuBackupsDialog
{
  AdwWindow   parent_instance;

  /* Template widgets */
  GtkStack   *stack;
  GtkListBox *list_box;

  GListModel *backups;
};

G_DEFINE_FINAL_TYPE (DafuBackupsDialog, dafu_backups_dialog, ADW_TYPE_WINDOW)

enum {
  RESTORE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* "Monday, 7 December 2026, 09:30", in the clerk's language. */
static char *
format_time (GDateTime *time)
{
  /* TRANSLATORS: how a backup's date and time are shown; see
   * g_date_time_format() for the codes. */
  return g_date_time_format (time, _("%A, %-d %B %Y, %H:%M"));
}

static gboolean
close_idle (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
on_confirm_response_cb (AdwMessageDialog  *dialog,
                        const char        *response,
                        DafuBackupsDialog *self)
{
  DafuBackup *backup = g_object_get_data (G_OBJECT (dialog), "backup");

  if (!g_str_equal (response, "restore") || backup == NULL)
    return;
  g_signal_emit (self, signals[RESTORE], 0, dafu_backup_get_path (backup));
  /* Closed once the question has gone: it is the question's parent. */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_idle_add_full (G_PRIORITY_DEFAULT, close_idle, g_object_ref (self), g_object_unref);
}

/**
 * dafu_backups_dialog_choose:
 * @position: the backup's position in the list, the newest first
 *
 * What the Restore button of that backup does: asks, then restores.
 */
void
dafu_backups_dialog_choose (DafuBackupsDialog *self,
                            guint              position)
{
  g_autoptr(DafuBackup) backup = NULL;
  g_autofree char *when = NULL;
  AdwMessageDialog *dialog;

  g_return_if_fail (DAFU_IS_BACKUPS_DIALOG (self));

  backup = g_list_model_get_item (self->backups, position);
  if (backup == NULL)
    return;
  when = format_time (dafu_backup_get_time (backup));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL));
  adw_message_dialog_set_heading (dialog, _("Restore This Backup?"));
  /* TRANSLATORS: %s is the backup's date and time */
  adw_message_dialog_format_body (dialog,
                                  _("The library will be as it was on %s: letters and drafts added or changed since are not in it. "
                                    "The library as it is now is kept, so nothing is deleted."),
                                  when);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "restore", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "backup", g_steal_pointer (&backup), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_restore_clicked_cb (GtkButton         *button,
                       DafuBackupsDialog *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  dafu_backups_dialog_choose (self, gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)));
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  DafuBackupsDialog *self = user_data;
  DafuBackup *backup = item;
  g_autofree char *when = format_time (dafu_backup_get_time (backup));
  g_autofree char *size = g_format_size (dafu_backup_get_size (backup));
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Restore"));

  if (dafu_backup_get_kind (backup) == DAFU_BACKUP_BEFORE_RESTORE)
    /* TRANSLATORS: %s is a size, such as 12.5 MB */
    subtitle = g_strdup_printf (_("Kept before a restore · %s"), size);
  else
    /* TRANSLATORS: %s is a size, such as 12.5 MB */
    subtitle = g_strdup_printf (_("Daily backup · %s"), size);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), when);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, when);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_restore_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
dafu_backups_dialog_dispose (GObject *object)
{
  DafuBackupsDialog *self = DAFU_BACKUPS_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DAFU_TYPE_BACKUPS_DIALOG);
  g_clear_object (&self->backups);

  G_OBJECT_CLASS (dafu_backups_dialog_parent_class)->dispose (object);
}

static void
dafu_backups_dialog_class_init (DafuBackupsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dafu_backups_dialog_dispose;

  /**
   * DafuBackupsDialog::restore:
   * @path: the backup the clerk chose and confirmed
   */
  signals[RESTORE] = g_signal_new ("restore", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dafu/Dafu/ui/dafu-backups-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DafuBackupsDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, DafuBackupsDialog, list_box);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dafu_backups_dialog_init (DafuBackupsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * dafu_backups_dialog_new:
 * @parent: the window
 * @library_path: the library whose backups to list
 */
DafuBackupsDialog *
dafu_backups_dialog_new (GtkWindow  *parent,
                         const char *library_path)
{
  DafuBackupsDialog *self = g_object_new (DAFU_TYPE_BACKUPS_DIALOG,
                                          "transient-for", parent,
                                          NULL);
  g_autoptr(GError) error = NULL;

  /* A few file names in one folder: read at once. */
  self->backups = dafu_backup_list (library_path, &error);
  if (self->backups == NULL)
    {
      g_warning ("%s", error->message);
      self->backups = G_LIST_MODEL (g_list_store_new (DAFU_TYPE_BACKUP));
    }
  gtk_list_box_bind_model (self->list_box, self->backups, create_row, self, NULL);
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (self->backups) > 0 ? "list" : "empty");
  return self;
}

guint
dafu_backups_dialog_get_n_backups (DafuBackupsDialog *self)
{
  g_return_val_if_fail (DAFU_IS_BACKUPS_DIALOG (self), 0);
  return g_list_model_get_n_items (self->backups);
}
