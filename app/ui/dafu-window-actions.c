/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-window"

#include "config.h"

#include "dafu-window-private.h"

#include <glib/gi18n.h>

#include "dafu-document.h"
#include "dafu-edit-dialog.h"
#include "dafu-import-report.h"
#include "dafu-letter-list.h"
#include "dafu-output.h"
#include "dafu-privacy.h"

/* What the user does in the window: import, correct, delete and undo,
 * compare two letters, move between the panes and between the hits. */

/* ------------------------------------------------------------------ *
 * Import
 * ------------------------------------------------------------------ */

static void
on_import_progress_cb (guint    done,
                       guint    total,
                       gpointer user_data)
{
  DafuWindow *self = user_data;
  g_autofree char *text = NULL;

  if (self->import_cancellable == NULL)
    return;

  text = g_strdup_printf (_("Importing %u of %u…"), done, total);
  gtk_progress_bar_set_text (self->import_progress, text);
  gtk_progress_bar_set_fraction (self->import_progress, total > 0 ? (double) done / total : 0);
}

static char *
import_summary (DafuImportReport *report)
{
  guint imported = dafu_import_report_count (report, DAFU_IMPORT_STATUS_IMPORTED) +
                   dafu_import_report_count (report, DAFU_IMPORT_STATUS_UPDATED);
  guint skipped = dafu_import_report_count (report, DAFU_IMPORT_STATUS_SKIPPED);
  guint failed = dafu_import_report_count (report, DAFU_IMPORT_STATUS_FAILED);
  g_autoptr(GString) text = g_string_new (NULL);

  if (dafu_import_report_get_cancelled (report))
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                               "Import stopped after %u letter",
                                               "Import stopped after %u letters", imported),
                            imported);
  else
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                               "%u letter imported", "%u letters imported", imported),
                            imported);

  if (skipped > 0)
    {
      g_string_append (text, _(", "));
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "%u already in the library",
                                                 "%u already in the library", skipped),
                              skipped);
    }
  if (failed > 0)
    {
      g_string_append (text, _(", "));
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "%u could not be read", "%u could not be read", failed),
                              failed);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_failures (DafuWindow       *self,
               DafuImportReport *report)
{
  g_autoptr(GString) list = g_string_new (NULL);
  guint failed = dafu_import_report_count (report, DAFU_IMPORT_STATUS_FAILED);
  g_autofree char *body = NULL;
  GtkWidget *dialog, *scrolled, *label;

  for (guint i = 0; i < dafu_import_report_get_n_entries (report); i++)
    if (dafu_import_report_get_status (report, i) == DAFU_IMPORT_STATUS_FAILED)
      {
        g_autofree char *name = g_path_get_basename (dafu_import_report_get_path (report, i));
        g_autofree char *line = g_markup_printf_escaped ("<b>%s</b>\n%s\n<small>%s</small>\n\n", name,
                                                         dafu_import_report_get_message (report, i),
                                                         dafu_import_report_get_path (report, i));
        g_string_append (list, line);
      }
  g_strchomp (list->str);

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u file could not be read as a letter. The other files were imported.",
                                       "%u files could not be read as letters. The other files were imported.",
                                       failed),
                          failed);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Some Files Were Not Imported"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));

  label = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (label), list->str);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 300);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);

  gtk_window_present (GTK_WINDOW (dialog));
}

/* The library itself stopped the import (a full disk, a library that
 * cannot be written): one reason, not a list of files. */
static void
show_stopped (DafuWindow       *self,
              DafuImportReport *report)
{
  guint imported = dafu_import_report_count (report, DAFU_IMPORT_STATUS_IMPORTED) +
                   dafu_import_report_count (report, DAFU_IMPORT_STATUS_UPDATED);
  g_autofree char *done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "The %u letter imported before it stopped is in the library, whole. Import the files again to finish.",
                                                        "The %u letters imported before it stopped are in the library, whole. Import the files again to finish.",
                                                        imported),
                                           imported);
  g_autofree char *body = g_strdup_printf ("%s\n\n%s", dafu_import_report_get_error (report)->message, done);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The Import Stopped"), body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_import_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DafuWindow) self = user_data;
  g_autoptr(DafuImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  report = dafu_library_import_finish (DAFU_LIBRARY (object), result, &error);
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  g_clear_object (&self->import_cancellable);
  gtk_revealer_set_reveal_child (self->import_revealer, FALSE);
  dafu_window_update_actions (self);

  if (report == NULL)
    {
      dafu_window_show_toast (self, error->message);
      return;
    }

  summary = import_summary (report);
  dafu_window_show_toast (self, summary);
  if (dafu_import_report_get_error (report) != NULL)
    show_stopped (self, report);
  else if (dafu_import_report_count (report, DAFU_IMPORT_STATUS_FAILED) > 0)
    show_failures (self, report);

  dafu_window_refresh (self);
}

/**
 * dafu_window_import:
 * @self: the window
 * @files: (array length=n_files): files and folders to import
 * @n_files: how many
 *
 * Imports on a worker thread while the window stays usable, with a
 * progress bar that can stop it; a toast tells the counts at the end.
 */
void
dafu_window_import (DafuWindow    *self,
                    GFile * const *files,
                    guint          n_files)
{
  g_return_if_fail (DAFU_IS_WINDOW (self));

  if (n_files == 0)
    return;

  /* Files given at start-up wait for the library to open. */
  if (self->library == NULL)
    {
      if (self->pending_import == NULL)
        self->pending_import = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < n_files; i++)
        g_ptr_array_add (self->pending_import, g_object_ref (files[i]));
      return;
    }

  if (self->import_cancellable != NULL)
    {
      dafu_window_show_toast (self, _("Letters are being imported; try again when that is done."));
      return;
    }

  self->import_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->import_progress, 0);
  gtk_progress_bar_set_text (self->import_progress, _("Looking for letters…"));
  gtk_revealer_set_reveal_child (self->import_revealer, TRUE);
  /* An empty library shows its letters as soon as there are some. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") == 0)
    gtk_stack_set_visible_child_name (self->stack, "library");
  dafu_window_update_actions (self);

  dafu_library_import_async (self->library, files, n_files,
                             on_import_progress_cb, g_object_ref (self), g_object_unref,
                             self->import_cancellable, on_import_cb, g_object_ref (self));
}

static void
import_from_chooser (DafuWindow           *self,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GListModel) chosen = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (chosen); i++)
    g_ptr_array_add (files, g_list_model_get_item (chosen, i));

  dafu_window_import (self, (GFile * const *) files->pdata, files->len);
}

static void
on_chooser_response_cb (GtkFileChooserNative *chooser,
                        int                   response,
                        DafuWindow           *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    import_from_chooser (self, chooser);
  g_object_unref (chooser);
}

static void
open_chooser (DafuWindow           *self,
              GtkFileChooserAction  action)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (action == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                           ? _("Import a Folder of Letters") : _("Import Letters"),
                                         GTK_WINDOW (self), action, _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  if (action == GTK_FILE_CHOOSER_ACTION_OPEN)
    {
      g_autoptr(GtkFileFilter) text = gtk_file_filter_new ();
      g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

      gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
      gtk_file_filter_set_name (text, _("Letters (Text, Word, PDF)"));
      gtk_file_filter_add_mime_type (text, "text/plain");
      gtk_file_filter_add_mime_type (text, "application/pdf");
      gtk_file_filter_add_mime_type (text, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
      gtk_file_filter_add_suffix (text, "txt");
      gtk_file_filter_add_suffix (text, "md");
      gtk_file_filter_add_suffix (text, "docx");
      gtk_file_filter_add_suffix (text, "pdf");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), text);
      gtk_file_filter_set_name (all, _("All Files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
    }

  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
import_files_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  open_chooser (DAFU_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
import_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  open_chooser (DAFU_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DafuWindow *self = DAFU_WINDOW (widget);

  if (self->import_cancellable != NULL)
    {
      g_cancellable_cancel (self->import_cancellable);
      gtk_progress_bar_set_text (self->import_progress, _("Stopping…"));
    }
}

static gboolean
on_drop_cb (GtkDropTarget *target,
            const GValue  *value,
            double         x,
            double         y,
            DafuWindow    *self)
{
  GSList *list = g_value_get_boxed (value);
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  for (GSList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  if (files->len == 0 || self->library == NULL)
    return FALSE;

  dafu_window_import (self, (GFile * const *) files->pdata, files->len);
  return TRUE;
}

/* ------------------------------------------------------------------ *
 * Correct, delete, undo
 * ------------------------------------------------------------------ */

static void
on_fields_saved_cb (DafuEditDialog *dialog,
                    DafuWindow     *self)
{
  DafuLetter *letter = dafu_edit_dialog_get_letter (dialog);
  const char *title = dafu_letter_get_title (letter);

  if (letter == self->letter)
    {
      dafu_letter_view_set_letter (self->letter_view, letter);
      dafu_letter_view_set_query (self->letter_view, self->query);
      adw_window_title_set_title (self->letter_title, title != NULL ? title : _("Untitled Letter"));
      adw_window_title_set_subtitle (self->letter_title,
                                     dafu_letter_get_field (letter, DAFU_LETTER_FIELD_ISSUER));
    }
  dafu_window_show_toast (self, _("Fields saved"));
  dafu_window_refresh (self);
}

static void
edit_fields_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DafuWindow *self = DAFU_WINDOW (widget);
  DafuEditDialog *dialog;

  if (self->letter == NULL || self->library == NULL)
    return;

  dialog = dafu_edit_dialog_new (GTK_WINDOW (self), self->library, self->letter);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_fields_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_restored_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DafuWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dafu_library_restore_letter_finish (DAFU_LIBRARY (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dafu_window_show_toast (self, error->message);
      return;
    }
  dafu_window_refresh (self);
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DafuWindow *self = DAFU_WINDOW (widget);

  dafu_library_restore_letter_async (self->library, g_variant_get_int64 (parameter),
                                     self->cancellable, on_restored_cb, g_object_ref (self));
}

typedef struct {
  DafuWindow *self;
  gint64      id;
} TrashData;

static void
on_trashed_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  TrashData *data = user_data;
  g_autoptr(DafuWindow) self = data->self;
  g_autoptr(GError) error = NULL;
  gint64 id = data->id;
  AdwToast *toast;

  g_free (data);

  if (!dafu_library_trash_letter_finish (DAFU_LIBRARY (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dafu_window_show_toast (self, error->message);
      return;
    }

  toast = adw_toast_new (_("Letter deleted"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-delete");
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (id));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  dafu_window_refresh (self);
}

static void
delete_letter_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DafuWindow *self = DAFU_WINDOW (widget);
  TrashData *data;

  if (self->letter == NULL || self->library == NULL)
    return;

  data = g_new0 (TrashData, 1);
  data->self = g_object_ref (self);
  data->id = dafu_letter_get_id (self->letter);
  dafu_window_clear_letter (self);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->results_pane);

  /* The letter goes to the trash first, so that Undo can bring it back. */
  dafu_library_trash_letter_async (self->library, data->id, self->cancellable,
                                   on_trashed_cb, data);
}

/* ------------------------------------------------------------------ *
 * Comparing two letters
 *
 * The Compare page is a page of the window's stack, beside the library
 * page: the comparison needs the window's whole width for its two
 * columns, and the library page stays as it was for the way back. Each
 * side has a city and a letter of that city to pick; the left starts
 * with the open letter, the right with its most related letter from
 * another city. Everything is read on worker threads.
 * ------------------------------------------------------------------ */

static char *
compare_letter_label (DafuLetter *letter)
{
  const char *title, *date;

  if (letter == NULL)
    return g_strdup ("");

  title = dafu_letter_get_title (letter);
  if (title == NULL || title[0] == '\0')
    title = dafu_letter_get_file_name (letter);
  if (title == NULL || title[0] == '\0')
    title = _("Untitled Letter");
  date = dafu_letter_get_date (letter);
  if (date != NULL && date[0] != '\0')
    /* Translators: a letter in the Compare page's pickers: its title and date */
    return g_strdup_printf (_("%s (%s)"), title, date);
  return g_strdup (title);
}

/* The pickers' button shows a letter on one line, shortened to the room
 * there is, so that the Compare page fits a narrow window; the open list
 * shows it whole. */
static void
on_compare_letter_setup_cb (GtkSignalListItemFactory *factory,
                            GtkListItem              *item,
                            gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (ellipsize))
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 4);
    }
  else
    gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  gtk_list_item_set_child (item, label);
}

static void
on_compare_letter_bind_cb (GtkSignalListItemFactory *factory,
                           GtkListItem              *item,
                           gpointer                  ellipsize)
{
  g_autofree char *text = compare_letter_label (gtk_list_item_get_item (item));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static GtkListItemFactory *
compare_letter_factory (gboolean ellipsize)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (on_compare_letter_setup_cb), GINT_TO_POINTER (ellipsize));
  g_signal_connect (factory, "bind", G_CALLBACK (on_compare_letter_bind_cb), GINT_TO_POINTER (ellipsize));
  return factory;
}

static const char *
compare_selected_city (DafuWindow *self,
                       guint       side)
{
  GObject *item = gtk_drop_down_get_selected_item (self->compare_cities[side]);

  return item != NULL ? gtk_string_object_get_string (GTK_STRING_OBJECT (item)) : NULL;
}

static void
compare_set_city (DafuWindow *self,
                  guint       side,
                  const char *city)
{
  GtkStringList *cities = GTK_STRING_LIST (gtk_drop_down_get_model (self->compare_cities[side]));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (cities));
  guint position = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < n && city != NULL; i++)
    if (g_strcmp0 (gtk_string_list_get_string (cities, i), city) == 0)
      position = i;
  if (position == GTK_INVALID_LIST_POSITION && city != NULL)
    {
      gtk_string_list_append (cities, city);
      position = n;
    }

  self->compare_updating++;
  gtk_drop_down_set_selected (self->compare_cities[side], position);
  self->compare_updating--;
}

static void
on_compared_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DafuWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dafu_compare_view_compare_finish (DAFU_COMPARE_VIEW (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dafu_window_show_toast (self, error->message);
      return;
    }

  gtk_spinner_stop (self->compare_spinner);
  gtk_stack_set_visible_child_name (self->compare_stack, "view");
}

static void
compare_if_loaded (DafuWindow *self)
{
  for (guint side = 0; side < 2; side++)
    if (self->compare_loaded[side] == NULL ||
        dafu_letter_get_id (self->compare_loaded[side]) != self->compare_ids[side])
      return;

  dafu_compare_view_compare_async (self->compare_view, self->compare_loaded[0], self->compare_loaded[1],
                                   self->compare_cancellable, on_compared_cb, g_object_ref (self));
}

typedef struct {
  DafuWindow *self;
  guint       side;
  gint64      id;
  guint       serial;
} CompareData;

static CompareData *
compare_data_new (DafuWindow *self,
                  guint       side,
                  gint64      id)
{
  CompareData *data = g_new0 (CompareData, 1);

  data->self = g_object_ref (self);
  data->side = side;
  data->id = id;
  data->serial = self->compare_serial[side];
  return data;
}

static void
compare_data_free (CompareData *data)
{
  g_object_unref (data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CompareData, compare_data_free)

static void
on_compare_letter_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(CompareData) data = user_data;
  DafuWindow *self = data->self;
  g_autoptr(DafuLetter) letter = NULL;
  g_autoptr(GError) error = NULL;

  letter = dafu_library_get_letter_finish (DAFU_LIBRARY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (letter == NULL)
    {
      dafu_window_show_toast (self, error->message);
      return;
    }
  /* Another letter was picked meanwhile. */
  if (data->id != self->compare_ids[data->side])
    return;

  g_set_object (&self->compare_loaded[data->side], letter);
  compare_if_loaded (self);
}

/* Compares the letters picked, once both sides have one, unless they are
 * the ones compared already. */
static void
compare_start (DafuWindow *self)
{
  if (self->compare_ids[0] == 0 || self->compare_ids[1] == 0)
    return;
  if (self->compare_ids[0] == self->compared_ids[0] && self->compare_ids[1] == self->compared_ids[1])
    return;

  self->compared_ids[0] = self->compare_ids[0];
  self->compared_ids[1] = self->compare_ids[1];
  gtk_spinner_start (self->compare_spinner);
  gtk_stack_set_visible_child_name (self->compare_stack, "loading");

  for (guint side = 0; side < 2; side++)
    {
      if (self->compare_loaded[side] != NULL &&
          dafu_letter_get_id (self->compare_loaded[side]) == self->compare_ids[side])
        continue;
      dafu_library_get_letter_async (self->library, self->compare_ids[side], self->compare_cancellable,
                                     on_compare_letter_cb,
                                     compare_data_new (self, side, self->compare_ids[side]));
    }
  compare_if_loaded (self);
}

static void
on_compare_list_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CompareData) data = user_data;
  DafuWindow *self = data->self;
  g_autoptr(DafuLetterList) letters = NULL;
  g_autoptr(GError) error = NULL;
  guint side = data->side;
  guint n, position = 0;

  letters = dafu_library_search_finish (DAFU_LIBRARY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (data->serial != self->compare_serial[side])
    return;
  if (letters == NULL)
    {
      dafu_window_show_toast (self, error->message);
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (letters));
  for (guint i = 0; i < n && data->id != 0; i++)
    if (dafu_letter_list_get_id (letters, i) == data->id)
      {
        position = i;
        break;
      }

  self->compare_updating++;
  gtk_drop_down_set_model (self->compare_letters[side], G_LIST_MODEL (letters));
  gtk_drop_down_set_selected (self->compare_letters[side], n > 0 ? position : GTK_INVALID_LIST_POSITION);
  self->compare_updating--;

  self->compare_ids[side] = n > 0 ? dafu_letter_list_get_id (letters, position) : 0;
  compare_start (self);
}

/* Lists the letters of @city (all of them for %NULL), newest first, in
 * the letter picker of @side, and picks letter @id (0: the newest). */
static void
compare_list_city (DafuWindow *self,
                   guint       side,
                   const char *city,
                   gint64      id)
{
  g_autoptr(DafuQuery) query = dafu_query_new ("");

  if (city != NULL)
    dafu_query_set_city (query, city);
  self->compare_serial[side]++;
  dafu_library_search_async (self->library, query, DAFU_SORT_DATE, 0, self->compare_cancellable,
                             on_compare_list_cb, compare_data_new (self, side, id));
}

/* No related letter: the newest letter of another city. */
static void
compare_pick_other_city (DafuWindow *self)
{
  GListModel *cities = gtk_drop_down_get_model (self->compare_cities[1]);
  const char *city_a = dafu_letter_get_city (self->compare_loaded[0]);
  const char *other = city_a;

  for (guint i = 0; i < g_list_model_get_n_items (cities); i++)
    {
      const char *city = gtk_string_list_get_string (GTK_STRING_LIST (cities), i);

      if (g_strcmp0 (city, city_a) != 0)
        {
          other = city;
          break;
        }
    }

  compare_set_city (self, 1, other);
  compare_list_city (self, 1, other, 0);
}

static void
on_compare_partner_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(CompareData) data = user_data;
  DafuWindow *self = data->self;
  g_autoptr(DafuLetter) letter = NULL;
  g_autoptr(GError) error = NULL;

  letter = dafu_library_get_letter_finish (DAFU_LIBRARY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (letter == NULL)
    {
      compare_pick_other_city (self);
      return;
    }

  g_set_object (&self->compare_loaded[1], letter);
  compare_set_city (self, 1, dafu_letter_get_city (letter));
  compare_list_city (self, 1, dafu_letter_get_city (letter), dafu_letter_get_id (letter));
}

static void
on_compare_related_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(DafuWindow) self = user_data;
  g_autoptr(GArray) related = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  related = dafu_library_related_finish (DAFU_LIBRARY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (related == NULL || related->len == 0)
    {
      if (error != NULL)
        g_debug ("No related letter: %s", error->message);
      compare_pick_other_city (self);
      return;
    }

  id = g_array_index (related, DafuRelated, 0).id;
  dafu_library_get_letter_async (self->library, id, self->compare_cancellable,
                                 on_compare_partner_cb, compare_data_new (self, 1, id));
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DafuWindow *self = DAFU_WINDOW (widget);
  g_autoptr(GtkStringList) cities = gtk_string_list_new (NULL);
  GPtrArray *values = self->facet_values[FACET_CITY];
  const char *city;

  if (self->letter == NULL || self->library == NULL)
    return;

  g_cancellable_cancel (self->compare_cancellable);
  g_clear_object (&self->compare_cancellable);
  self->compare_cancellable = g_cancellable_new ();

  /* The cities the library has, as the filters know them. */
  for (guint i = 0; values != NULL && i < values->len; i++)
    if (g_ptr_array_index (values, i) != NULL)
      gtk_string_list_append (cities, g_ptr_array_index (values, i));

  self->compare_ids[0] = dafu_letter_get_id (self->letter);
  self->compare_ids[1] = 0;
  self->compared_ids[0] = self->compared_ids[1] = 0;
  g_set_object (&self->compare_loaded[0], self->letter);
  g_clear_object (&self->compare_loaded[1]);

  self->compare_updating++;
  for (guint side = 0; side < 2; side++)
    {
      gtk_drop_down_set_model (self->compare_cities[side], G_LIST_MODEL (cities));
      gtk_drop_down_set_model (self->compare_letters[side], NULL);
    }
  self->compare_updating--;

  city = dafu_letter_get_city (self->letter);
  compare_set_city (self, 0, city);
  compare_list_city (self, 0, city, self->compare_ids[0]);
  self->compare_serial[1]++;
  dafu_library_related_async (self->library, self->compare_ids[0], 1, self->compare_cancellable,
                              on_compare_related_cb, g_object_ref (self));

  gtk_spinner_start (self->compare_spinner);
  gtk_stack_set_visible_child_name (self->compare_stack, "loading");
  gtk_stack_set_visible_child_name (self->stack, "compare");
  gtk_widget_grab_focus (GTK_WIDGET (self->compare_letters[1]));
}

/**
 * dafu_window_close_compare:
 *
 * Goes back from the Compare page to the library.
 */
void
dafu_window_close_compare (DafuWindow *self)
{
  g_cancellable_cancel (self->compare_cancellable);
  gtk_spinner_stop (self->compare_spinner);
  gtk_stack_set_visible_child_name (self->stack, "library");
  if (self->letter != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->letter_view));
}

static void
on_compare_city_selected_cb (GtkDropDown *dropdown,
                             GParamSpec  *pspec,
                             DafuWindow  *self)
{
  guint side = dropdown == self->compare_cities[0] ? 0 : 1;

  if (self->compare_updating > 0 || self->library == NULL)
    return;
  compare_list_city (self, side, compare_selected_city (self, side), 0);
}

static void
on_compare_letter_selected_cb (GtkDropDown *dropdown,
                               GParamSpec  *pspec,
                               DafuWindow  *self)
{
  guint side = dropdown == self->compare_letters[0] ? 0 : 1;
  DafuLetter *letter;

  if (self->compare_updating > 0)
    return;
  letter = gtk_drop_down_get_selected_item (dropdown);
  if (letter == NULL)
    return;
  self->compare_ids[side] = dafu_letter_get_id (letter);
  compare_start (self);
}

static void
swap_dropdowns (DafuWindow  *self,
                GtkDropDown *dropdowns[2],
                gboolean     swap_models)
{
  g_autoptr(GListModel) model_0 = NULL;
  g_autoptr(GListModel) model_1 = NULL;
  guint selected_0 = gtk_drop_down_get_selected (dropdowns[0]);
  guint selected_1 = gtk_drop_down_get_selected (dropdowns[1]);

  if (swap_models)
    {
      g_set_object (&model_0, gtk_drop_down_get_model (dropdowns[0]));
      g_set_object (&model_1, gtk_drop_down_get_model (dropdowns[1]));
      gtk_drop_down_set_model (dropdowns[0], model_1);
      gtk_drop_down_set_model (dropdowns[1], model_0);
    }
  gtk_drop_down_set_selected (dropdowns[0], selected_1);
  gtk_drop_down_set_selected (dropdowns[1], selected_0);
}

/* The view swapped its sides: the pickers follow. */
static void
on_compare_view_comparison_cb (DafuWindow *self)
{
  DafuComparison *comparison = dafu_compare_view_get_comparison (self->compare_view);
  gint64 id_a, id_b;

  if (comparison == NULL)
    return;

  id_a = dafu_letter_get_id (dafu_comparison_get_letter (comparison, 0));
  id_b = dafu_letter_get_id (dafu_comparison_get_letter (comparison, 1));
  if (id_a == id_b || id_a != self->compare_ids[1] || id_b != self->compare_ids[0])
    return;

  self->compare_ids[0] = self->compared_ids[0] = id_a;
  self->compare_ids[1] = self->compared_ids[1] = id_b;
  {
    DafuLetter *loaded = self->compare_loaded[0];

    self->compare_loaded[0] = self->compare_loaded[1];
    self->compare_loaded[1] = loaded;
  }
  /* A listing still on its way belongs to the other side now. */
  self->compare_serial[0]++;
  self->compare_serial[1]++;

  self->compare_updating++;
  swap_dropdowns (self, self->compare_cities, FALSE);
  swap_dropdowns (self, self->compare_letters, TRUE);
  self->compare_updating--;
}

/* ------------------------------------------------------------------ *
 * Moving around
 * ------------------------------------------------------------------ */

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DafuWindow *self = DAFU_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "compare") == 0)
    {
      dafu_window_close_compare (self);
      return;
    }
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "drafts") == 0)
    {
      dafu_drafts_view_go_back (self->drafts_view);
      return;
    }

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->results_list));
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DafuWindow *self = DAFU_WINDOW (widget);

  /* From the Drafts view too: searching is the Search view's. */
  dafu_window_show_view (self, "search");
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->results_pane);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
clear_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DafuWindow *self = DAFU_WINDOW (widget);

  for (guint i = 0; i < N_FACETS; i++)
    gtk_drop_down_set_selected (self->facet_dropdowns[i], 0);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  dafu_window_search (self);
}

static void
next_hit_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  dafu_letter_view_next_hit (DAFU_WINDOW (widget)->letter_view);
}

static void
previous_hit_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  dafu_letter_view_previous_hit (DAFU_WINDOW (widget)->letter_view);
}

/* ------------------------------------------------------------------ *
 * Search and Drafts
 * ------------------------------------------------------------------ */

/**
 * dafu_window_show_view:
 * @self: the window
 * @name: "search" or "drafts"
 *
 * Shows the Search or the Drafts view (leaving the Compare page, or the
 * empty library's page for the Drafts view).
 */
void
dafu_window_show_view (DafuWindow *self,
                       const char *name)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (name, "drafts") != 0 && g_strcmp0 (name, "search") != 0)
    return;
  if (g_strcmp0 (page, "compare") == 0)
    dafu_window_close_compare (self);
  else if (g_strcmp0 (page, "empty") == 0 && g_str_equal (name, "drafts"))
    gtk_stack_set_visible_child_name (self->stack, "library");
  else if (g_strcmp0 (page, "library") != 0)
    return;

  adw_view_stack_set_visible_child_name (self->view_stack, name);
  /* An empty library has nothing to search. */
  if (g_str_equal (name, "search") && self->n_letters == 0 && self->import_cancellable == NULL)
    gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  dafu_window_show_view (DAFU_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
new_draft_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DafuWindow *self = DAFU_WINDOW (widget);

  if (self->library == NULL)
    return;
  dafu_window_show_view (self, "drafts");
  dafu_drafts_view_new_draft (self->drafts_view);
}

static void
reply_to_letter_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DafuWindow *self = DAFU_WINDOW (widget);

  if (self->letter == NULL || self->library == NULL)
    return;
  dafu_window_show_view (self, "drafts");
  dafu_drafts_view_new_reply_to (self->drafts_view, self->letter);
}

/* The letter shown, in the official layout: as PDF or Word, or printed. */
static void
export_letter_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DafuWindow *self = DAFU_WINDOW (widget);
  g_autoptr(DafuDocument) document = NULL;
  g_autofree char *deputy_phone = NULL;
  DafuExportFormat format;
  gboolean is_public;

  if (self->letter == NULL || !dafu_export_format_from_name (g_variant_get_string (parameter, NULL), &format))
    return;
  document = dafu_document_new_from_letter (self->letter);
  is_public = dafu_privacy_letter_is_public (self->letter, &deputy_phone);
  dafu_output_export (widget, document, format, dafu_document_get_title (document), is_public, deputy_phone,
                      self->cancellable);
}

static void
print_letter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DafuWindow *self = DAFU_WINDOW (widget);
  g_autoptr(DafuDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  if (self->letter == NULL)
    return;
  document = dafu_document_new_from_letter (self->letter);
  if (dafu_print_document (GTK_WINDOW (self), document, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                           NULL, &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    dafu_window_show_toast (self, error->message);
}

void
dafu_window_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.import-files", NULL, import_files_action);
  gtk_widget_class_install_action (widget_class, "win.import-folder", NULL, import_folder_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_install_action (widget_class, "win.edit-fields", NULL, edit_fields_action);
  gtk_widget_class_install_action (widget_class, "win.delete-letter", NULL, delete_letter_action);
  gtk_widget_class_install_action (widget_class, "win.undo-delete", "x", undo_delete_action);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);
  gtk_widget_class_install_action (widget_class, "win.focus-search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "win.clear-search", NULL, clear_search_action);
  gtk_widget_class_install_action (widget_class, "win.next-hit", NULL, next_hit_action);
  gtk_widget_class_install_action (widget_class, "win.previous-hit", NULL, previous_hit_action);
  gtk_widget_class_install_action (widget_class, "win.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.new-draft", NULL, new_draft_action);
  gtk_widget_class_install_action (widget_class, "win.reply-to-letter", NULL, reply_to_letter_action);
  gtk_widget_class_install_action (widget_class, "win.export-letter", "s", export_letter_action);
  gtk_widget_class_install_action (widget_class, "win.print-letter", NULL, print_letter_action);

  /* Keep in step with gtk/help-overlay.ui. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.import-files", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.import-folder", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.edit-fields", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.delete-letter", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.go-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "win.next-hit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.previous-hit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "win.compare", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-draft", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.print-letter", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "win.show-view", "s", "search");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK, "win.show-view", "s", "drafts");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-view", "s", "search");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-view", "s", "drafts");
}

void
dafu_window_init_actions (DafuWindow *self)
{
  GtkDropTarget *drop;
  GtkEventController *keys;
  GtkShortcut *shortcut;

  /* Files and folders dropped on the window are imported. */
  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  /* Enter in the search entry goes to the next hit, Shift+Enter back. */
  keys = gtk_shortcut_controller_new ();
  shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_SHIFT_MASK),
                               gtk_named_action_new ("win.previous-hit"));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys), shortcut);
  shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_SHIFT_MASK),
                               gtk_named_action_new ("win.previous-hit"));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys), shortcut);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);

  /* The Compare page's pickers: a letter shows as its title and date, and
   * typing in the open list finds letters by those. */
  {
    g_autoptr(GtkExpression) label = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                                   G_CALLBACK (compare_letter_label),
                                                                   NULL, NULL);

    for (guint side = 0; side < 2; side++)
      {
        g_autoptr(GtkListItemFactory) button_factory = compare_letter_factory (TRUE);
        g_autoptr(GtkListItemFactory) list_factory = compare_letter_factory (FALSE);

        gtk_drop_down_set_expression (self->compare_letters[side], label);
        gtk_drop_down_set_factory (self->compare_letters[side], button_factory);
        gtk_drop_down_set_list_factory (self->compare_letters[side], list_factory);
        g_signal_connect (self->compare_cities[side], "notify::selected",
                          G_CALLBACK (on_compare_city_selected_cb), self);
        g_signal_connect (self->compare_letters[side], "notify::selected",
                          G_CALLBACK (on_compare_letter_selected_cb), self);
      }
  }
  g_signal_connect_swapped (self->compare_view, "notify::comparison",
                            G_CALLBACK (on_compare_view_comparison_cb), self);
}
