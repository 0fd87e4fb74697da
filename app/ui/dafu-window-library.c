/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-window"

#include "config.h"

#include <glib/gi18n.h>

#include "dafu-backup.h"
#include "dafu-backups-dialog.h"
#include "dafu-db.h"
#include "dafu-window-private.h"

/* The library's own health, as the window looks after it: the quick check
 * after opening, the day's backup, a damaged library (the error page offers
 * to restore a backup or start afresh, setting the damaged file aside), a
 * backup restored from the primary menu, and a library that can only be
 * read (a banner; the Drafts view and every change are off). */

gboolean
dafu_window_error_is_damage (const GError *error)
{
  return g_error_matches (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_DAMAGED) ||
         g_error_matches (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_NOT_A_LIBRARY);
}

/* Stops using the library: it is damaged, or about to be replaced. */
static void
drop_library (DafuWindow *self)
{
  if (self->library == NULL)
    return;
  g_cancellable_cancel (self->search_cancellable);
  g_cancellable_cancel (self->letter_cancellable);
  dafu_drafts_view_set_library (self->drafts_view, NULL);
  dafu_window_clear_letter (self);
  g_clear_object (&self->library);
}

void
dafu_window_show_damaged (DafuWindow   *self,
                          const GError *error)
{
  g_autofree char *message = g_markup_escape_text (error->message, -1);
  g_autofree char *path = g_markup_escape_text (self->opened_path != NULL ? self->opened_path : "", -1);
  g_autofree char *description = NULL;

  self->damaged = TRUE;
  drop_library (self);

  /* TRANSLATORS: the first %s says what is wrong, the second is the
   * library's file */
  description = g_strdup_printf (_("%s\n\nThe file is %s. Restore a backup or start a new library: "
                                   "the damaged file is kept beside it, nothing in it is deleted."),
                                 message, path);
  adw_status_page_set_icon_name (self->error_page, "dialog-warning-symbolic");
  adw_status_page_set_title (self->error_page, _("The Library Is Damaged"));
  adw_status_page_set_description (self->error_page, description);
  gtk_widget_set_visible (self->damaged_buttons, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "error");
  dafu_window_update_actions (self);
}

static void
on_checked_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DafuWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  DafuLibrary *library = DAFU_LIBRARY (object);

  if (dafu_library_check_finish (library, result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || library != self->library)
    return;
  if (dafu_window_error_is_damage (error))
    dafu_window_show_damaged (self, error);
  else
    g_warning ("Could not check the library: %s", error->message);
}

static void
check_library (DafuWindow *self)
{
  dafu_library_check_async (self->library, self->cancellable, on_checked_cb, g_object_ref (self));
}

static void
on_backed_up_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DafuWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  DafuLibrary *library = DAFU_LIBRARY (object);
  g_autofree char *path = dafu_library_backup_finish (library, result, &error);
  g_autofree char *title = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || library != self->library)
    return;
  if (error == NULL)
    {
      /* The backup checked the library before copying it; on a day that
       * already has its backup, the check runs on its own. */
      if (path != NULL)
        g_debug ("Backed the library up to %s", path);
      else
        check_library (self);
      return;
    }
  if (dafu_window_error_is_damage (error))
    {
      dafu_window_show_damaged (self, error);
      return;
    }
  title = g_strdup_printf (_("Could not back up the library: %s"), error->message);
  dafu_window_show_toast (self, title);
}

/**
 * dafu_window_library_opened:
 *
 * Called once the library opened: shows whether it can be written, and
 * checks it on a worker (the whole file is read: a few tenths of a second
 * for 10,000 letters): as part of the day's backup, which is written only
 * from a whole library, or on its own when the day has its backup already
 * or the library cannot be written.
 */
void
dafu_window_library_opened (DafuWindow *self)
{
  AdwViewStackPage *drafts = adw_view_stack_get_page (self->view_stack, GTK_WIDGET (self->drafts_view));

  self->read_only = dafu_library_is_read_only (self->library);
  gtk_revealer_set_reveal_child (self->read_only_revealer, self->read_only);
  /* Drafts are written as they are typed: not in a library that cannot
   * be written. */
  adw_view_stack_page_set_visible (drafts, !self->read_only);
  if (self->read_only)
    {
      adw_view_stack_set_visible_child_name (self->view_stack, "search");
      check_library (self);
      return;
    }

  dafu_library_backup_async (self->library, TRUE, self->cancellable, on_backed_up_cb, g_object_ref (self));
}

/* ----------------------------------------------------------------------- *
 * Restoring a backup, starting afresh
 * ----------------------------------------------------------------------- */

static void
on_restored_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DafuWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  DafuLibrary *library = DAFU_LIBRARY (object);

  if (library != self->library)
    return;
  /* The Drafts view reads the drafts again, as they were in the backup. */
  dafu_drafts_view_set_library (self->drafts_view, library);
  if (!dafu_library_restore_finish (library, result, &error))
    {
      g_autofree char *title = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      title = g_strdup_printf (_("Could not restore the backup: %s"), error->message);
      dafu_window_show_toast (self, title);
    }
  else
    {
      dafu_window_show_toast (self, _("The backup was restored; the library as it was is kept among the backups"));
    }
  dafu_window_refresh (self);
}

static void
restore_file_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  DafuWindow *self = source_object;
  GError *error = NULL;
  char *kept = NULL;

  if (dafu_library_restore_file (self->opened_path, task_data, &kept, &error))
    g_task_return_pointer (task, kept != NULL ? kept : g_strdup (""), g_free);
  else
    g_task_return_error (task, error);
}

static void
on_file_restored_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  DafuWindow *self = DAFU_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *title = NULL;

  if (kept == NULL)
    {
      title = g_strdup_printf (_("Could not restore the backup: %s"), error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else
    {
      g_autofree char *name = g_path_get_basename (kept);

      /* Beside the library: its name says where. */
      if (*kept != '\0')
        title = g_strdup_printf (_("The backup was restored; the damaged library was kept as %s"), name);
      else
        title = g_strdup (_("The backup was restored"));
      dafu_window_open_library (self);
    }
  dafu_window_show_toast (self, title);
}

static void
on_restore_chosen_cb (DafuBackupsDialog *dialog,
                      const char        *backup_path,
                      DafuWindow        *self)
{
  gtk_label_set_label (self->loading_label, _("Restoring the backup…"));
  gtk_stack_set_visible_child_name (self->stack, "loading");

  if (self->library != NULL && !self->damaged)
    {
      /* Drafts open in the editor are saved and closed first. */
      dafu_drafts_view_set_library (self->drafts_view, NULL);
      dafu_window_clear_letter (self);
      dafu_library_restore_async (self->library, backup_path, self->cancellable,
                                  on_restored_cb, g_object_ref (self));
    }
  else
    {
      g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_file_restored_cb, NULL);

      g_task_set_source_tag (task, on_restore_chosen_cb);
      g_task_set_task_data (task, g_strdup (backup_path), g_free);
      g_task_run_in_thread (task, restore_file_thread);
    }
}

static void
restore_backup_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DafuWindow *self = DAFU_WINDOW (widget);
  DafuBackupsDialog *dialog;

  if (self->opened_path == NULL)
    return;
  dialog = dafu_backups_dialog_new (GTK_WINDOW (self), self->opened_path);
  g_signal_connect_object (dialog, "restore", G_CALLBACK (on_restore_chosen_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_library_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DafuWindow *self = DAFU_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *title = NULL;

  if (!self->damaged || self->opened_path == NULL)
    return;

  /* A rename beside it: nothing to wait for. */
  if (g_file_test (self->opened_path, G_FILE_TEST_EXISTS))
    {
      kept = dafu_library_set_aside (self->opened_path, NULL, &error);
      if (kept == NULL)
        {
          title = g_strdup_printf (_("Could not start a new library: %s"), error->message);
          dafu_window_show_toast (self, title);
          return;
        }
      g_autofree char *name = g_path_get_basename (kept);

      /* Beside the library: its name says where. */
      title = g_strdup_printf (_("The damaged library was kept as %s"), name);
      dafu_window_show_toast (self, title);
    }
  /* The new library starts empty, not with the samples. */
  self->samples_tried = TRUE;
  dafu_window_open_library (self);
}

/* ----------------------------------------------------------------------- *
 * Letters another program added
 * ----------------------------------------------------------------------- */

static void
on_recounted_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DafuWindow) self = user_data;
  gint64 n = dafu_library_count_finish (DAFU_LIBRARY (object), result, NULL);

  if (DAFU_LIBRARY (object) == self->library && n >= 0 && n != self->n_letters &&
      self->import_cancellable == NULL)
    dafu_window_refresh (self);
}

/* dafu-cli (or another window) may have imported or deleted letters while
 * the clerk was elsewhere: coming back to the window, she sees them. */
static void
on_active_changed_cb (DafuWindow *self)
{
  if (!gtk_window_is_active (GTK_WINDOW (self)) || self->library == NULL ||
      self->import_cancellable != NULL || self->n_letters < 0)
    return;
  dafu_library_count_async (self->library, self->cancellable, on_recounted_cb, g_object_ref (self));
}

void
dafu_window_init_library (DafuWindow *self)
{
  g_signal_connect_swapped (self, "notify::is-active", G_CALLBACK (on_active_changed_cb), self);
}

void
dafu_window_class_init_library (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.restore-backup", NULL, restore_backup_action);
  gtk_widget_class_install_action (widget_class, "win.new-library", NULL, new_library_action);
}
