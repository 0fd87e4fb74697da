/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dafu-test-util.h"

#include <adwaita.h>
#include <string.h>

#include "dafu-edit-dialog.h"
#include "dafu-import-report.h"
#include "dafu-letter-list.h"

/* The edit dialog under Xvfb, driven as a user would: typing into rows,
 * picking choices and activating its actions. */

static char *tmp_dir;

typedef struct
{
  DafuLibrary *library;
  DafuLetter  *letter;       /* the full letter, as the window would pass it */
  GtkWindow   *parent;
  DafuEditDialog *dialog;    /* weak: NULL once the dialog is gone */
  guint        n_saved;
} Fixture;

static void
iterate (guint n)
{
  for (guint i = 0; i < n; i++)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
wait_until (gboolean (*done) (Fixture *), Fixture *fx)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!done (fx))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
  return TRUE;
}

static void
on_saved_cb (DafuEditDialog *dialog,
             Fixture        *fx)
{
  fx->n_saved++;
}

static DafuLetter *
reload (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  DafuLetter *letter = dafu_library_get_letter (fx->library, dafu_letter_get_id (fx->letter), &error);

  g_assert_no_error (error);
  return letter;
}

/* A new library with the sample letters, and the letter at @position
 * (among those that state a category when @with_category). */
static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  static guint n;
  gboolean with_category = GPOINTER_TO_INT (data);
  g_autofree char *name = g_strdup_printf ("library-%u.db", n++);
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *samples = dafu_test_samples_dir ();
  g_autoptr(GFile) folder = g_file_new_for_path (samples);
  g_autoptr(DafuImportReport) report = NULL;
  g_autoptr(DafuLetterList) list = NULL;
  g_autoptr(GError) error = NULL;

  fx->library = dafu_library_new (path, NULL, &error);
  g_assert_no_error (error);
  report = dafu_library_import (fx->library, &folder, 1, NULL);
  g_assert_nonnull (report);

  list = dafu_library_list (fx->library, DAFU_SORT_DATE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 5);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(DafuLetter) item = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autoptr(DafuLetter) full = dafu_library_get_letter (fx->library, dafu_letter_get_id (item), &error);

      g_assert_no_error (error);
      if (!with_category || dafu_letter_get_field (full, DAFU_LETTER_FIELD_CATEGORY) != NULL)
        {
          fx->letter = g_steal_pointer (&full);
          break;
        }
    }
  g_assert_nonnull (fx->letter);

  fx->parent = GTK_WINDOW (gtk_window_new ());
  gtk_window_present (fx->parent);
  fx->dialog = dafu_edit_dialog_new (fx->parent, fx->library, fx->letter);
  g_object_add_weak_pointer (G_OBJECT (fx->dialog), (gpointer *) &fx->dialog);
  g_signal_connect (fx->dialog, "saved", G_CALLBACK (on_saved_cb), fx);
  gtk_window_present (GTK_WINDOW (fx->dialog));
  iterate (20);
}

static gboolean
dialog_gone (Fixture *fx)
{
  return fx->dialog == NULL;
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  if (fx->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (fx->dialog));
  g_assert_true (wait_until (dialog_gone, fx));
  gtk_window_destroy (fx->parent);
  iterate (20);
  g_clear_object (&fx->letter);
  g_clear_object (&fx->library);
}

static GtkWidget *
row (Fixture         *fx,
     DafuLetterField  field)
{
  GtkWidget *widget = dafu_edit_dialog_get_row (fx->dialog, field);

  g_assert_nonnull (widget);
  return widget;
}

static void
set_text (Fixture         *fx,
          DafuLetterField  field,
          const char      *text)
{
  g_assert_true (ADW_IS_ENTRY_ROW (row (fx, field)));
  gtk_editable_set_text (GTK_EDITABLE (row (fx, field)), text);
  iterate (5);
}

static GtkWidget *
find_widget (GtkWidget *widget,
             gboolean (*match) (GtkWidget *))
{
  if (match (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_save_button (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "edit.save") == 0;
}

static gboolean
is_revealer (GtkWidget *widget)
{
  return GTK_IS_REVEALER (widget);
}

static gboolean
is_scrolled_window (GtkWidget *widget)
{
  return GTK_IS_SCROLLED_WINDOW (widget);
}

static gboolean
is_label (GtkWidget *widget)
{
  return GTK_IS_LABEL (widget);
}

static gboolean
is_visible_warning (GtkWidget *widget)
{
  return GTK_IS_IMAGE (widget) && gtk_widget_get_visible (widget) &&
         g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (widget)), "dialog-warning-symbolic") == 0;
}

static gboolean
save_enabled (Fixture *fx)
{
  GtkWidget *button = find_widget (GTK_WIDGET (fx->dialog), is_save_button);

  g_assert_nonnull (button);
  return gtk_widget_is_sensitive (button);
}

static gboolean
saved_or_failed (Fixture *fx)
{
  return fx->dialog == NULL || !dafu_edit_dialog_get_saving (fx->dialog);
}

/* The text a user reads on a row: the entry's text, the combo's choice. */
static char *
row_text (GtkWidget *widget)
{
  if (ADW_IS_COMBO_ROW (widget))
    {
      GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (widget));
      guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (widget));

      return g_strdup (gtk_string_list_get_string (GTK_STRING_LIST (model), selected));
    }
  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget)));
}

static void
test_rows_show_values (Fixture       *fx,
                       gconstpointer  data)
{
  const char *category = dafu_letter_get_field (fx->letter, DAFU_LETTER_FIELD_CATEGORY);
  const char *kind = dafu_letter_get_field (fx->letter, DAFU_LETTER_FIELD_KIND);
  const char *role = dafu_letter_get_field (fx->letter, DAFU_LETTER_FIELD_ADDRESSEE_ROLE);
  g_autofree char *category_text = row_text (row (fx, DAFU_LETTER_FIELD_CATEGORY));
  g_autofree char *kind_text = row_text (row (fx, DAFU_LETTER_FIELD_KIND));
  g_autofree char *role_text = row_text (row (fx, DAFU_LETTER_FIELD_ADDRESSEE_ROLE));

  g_assert_nonnull (category);
  g_assert_nonnull (dafu_letter_get_field (fx->letter, DAFU_LETTER_FIELD_ADDRESSEE));

  for (guint i = 0; i < DAFU_LETTER_N_FIELDS; i++)
    {
      const char *value = dafu_letter_get_field (fx->letter, i);

      if (ADW_IS_ENTRY_ROW (row (fx, i)))
        g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (fx, i))), ==, value ? value : "");
      else
        g_assert_true (i == DAFU_LETTER_FIELD_CATEGORY || i == DAFU_LETTER_FIELD_KIND ||
                       i == DAFU_LETTER_FIELD_ADDRESSEE_ROLE);
      g_assert_false (gtk_widget_has_css_class (row (fx, i), "error"));
    }

  g_assert_cmpstr (category_text, ==, category);
  if (kind == NULL)
    g_assert_cmpstr (kind_text, ==, "Not Stated");
  else if (g_str_equal (kind, "suggestion"))
    g_assert_cmpstr (kind_text, ==, "Suggestion (建议)");
  else
    g_assert_cmpstr (kind_text, ==, "Proposal (提案)");
  g_assert_cmpstr (role_text, ==, role != NULL ? role : "Not Stated");

  /* Nothing changed yet: nothing to save. */
  g_assert_false (save_enabled (fx));
  g_assert_null (find_widget (GTK_WIDGET (fx->dialog), is_visible_warning));

  /* Typing the same value back is no change either. */
  set_text (fx, DAFU_LETTER_FIELD_CITY, "某市");
  g_assert_true (save_enabled (fx));
  set_text (fx, DAFU_LETTER_FIELD_CITY, dafu_letter_get_field (fx->letter, DAFU_LETTER_FIELD_CITY) ?: "");
  g_assert_false (save_enabled (fx));
}

static void
test_save_changed_field (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(DafuLetter) before = reload (fx);
  g_autoptr(DafuLetter) after = NULL;
  g_autoptr(DafuLetter) reimported = NULL;
  g_autoptr(DafuImportReport) report = NULL;
  g_autofree char *samples = dafu_test_samples_dir ();
  g_autoptr(GFile) folder = g_file_new_for_path (samples);
  DafuLetter *letter = fx->letter;

  g_assert_cmpstr (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_ADDRESSEE), !=, "李明远");
  g_assert_false (save_enabled (fx));
  set_text (fx, DAFU_LETTER_FIELD_ADDRESSEE, "  李明远 ");
  g_assert_true (save_enabled (fx));

  gtk_widget_activate_action (GTK_WIDGET (fx->dialog), "edit.save", NULL);
  g_assert_true (dafu_edit_dialog_get_saving (fx->dialog));
  g_assert_false (save_enabled (fx));
  g_assert_true (wait_until (dialog_gone, fx));
  g_assert_cmpuint (fx->n_saved, ==, 1);

  /* Stored, trimmed, and nothing else touched. */
  after = reload (fx);
  for (guint i = 0; i < DAFU_LETTER_N_FIELDS; i++)
    if (i == DAFU_LETTER_FIELD_ADDRESSEE)
      g_assert_cmpstr (dafu_letter_get_field (after, i), ==, "李明远");
    else
      g_assert_cmpstr (dafu_letter_get_field (after, i), ==, dafu_letter_get_field (before, i));

  /* The letter the window shows says so too. */
  g_assert_cmpstr (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_ADDRESSEE), ==, "李明远");

  /* And the correction survives importing the same files again. */
  report = dafu_library_import (fx->library, &folder, 1, NULL);
  g_assert_nonnull (report);
  reimported = reload (fx);
  g_assert_cmpstr (dafu_letter_get_field (reimported, DAFU_LETTER_FIELD_ADDRESSEE), ==, "李明远");
}

static void
test_invalid_date (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(DafuLetter) stored = NULL;
  const char *date = dafu_letter_get_field (fx->letter, DAFU_LETTER_FIELD_DATE);
  GtkWidget *warning;

  set_text (fx, DAFU_LETTER_FIELD_DATE, "2024-02-30");
  g_assert_true (gtk_widget_has_css_class (row (fx, DAFU_LETTER_FIELD_DATE), "error"));
  warning = find_widget (row (fx, DAFU_LETTER_FIELD_DATE), is_visible_warning);
  g_assert_nonnull (warning);
  g_assert_nonnull (gtk_widget_get_tooltip_text (warning));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (warning), "YYYY-MM-DD"));
  g_assert_false (save_enabled (fx));

  /* A valid change elsewhere does not let the bad date through. */
  set_text (fx, DAFU_LETTER_FIELD_SIGNER, "张三");
  g_assert_false (save_enabled (fx));
  gtk_widget_activate_action (GTK_WIDGET (fx->dialog), "edit.save", NULL);
  iterate (50);
  g_assert_nonnull (fx->dialog);
  g_assert_false (dafu_edit_dialog_get_saving (fx->dialog));
  g_assert_cmpuint (fx->n_saved, ==, 0);
  stored = reload (fx);
  g_assert_cmpstr (dafu_letter_get_field (stored, DAFU_LETTER_FIELD_DATE), ==, date);
  g_assert_cmpstr (dafu_letter_get_field (stored, DAFU_LETTER_FIELD_SIGNER), !=, "张三");

  /* Other kinds of wrong dates, then a real one. */
  set_text (fx, DAFU_LETTER_FIELD_DATE, "2024年3月1日");
  g_assert_true (gtk_widget_has_css_class (row (fx, DAFU_LETTER_FIELD_DATE), "error"));
  set_text (fx, DAFU_LETTER_FIELD_DATE, "2024-2-29");
  g_assert_true (gtk_widget_has_css_class (row (fx, DAFU_LETTER_FIELD_DATE), "error"));
  set_text (fx, DAFU_LETTER_FIELD_DATE, "2024-02-29");
  g_assert_false (gtk_widget_has_css_class (row (fx, DAFU_LETTER_FIELD_DATE), "error"));
  g_assert_null (find_widget (GTK_WIDGET (fx->dialog), is_visible_warning));
  g_assert_true (save_enabled (fx));
}

static void
test_category_not_stated (Fixture       *fx,
                          gconstpointer  data)
{
  g_autoptr(DafuLetter) stored = NULL;
  AdwComboRow *combo = ADW_COMBO_ROW (row (fx, DAFU_LETTER_FIELD_CATEGORY));

  g_assert_nonnull (dafu_letter_get_field (fx->letter, DAFU_LETTER_FIELD_CATEGORY));
  g_assert_cmpuint (adw_combo_row_get_selected (combo), >, 0);

  adw_combo_row_set_selected (combo, 0);
  iterate (5);
  g_assert_true (save_enabled (fx));
  gtk_widget_activate_action (GTK_WIDGET (fx->dialog), "edit.save", NULL);
  g_assert_true (wait_until (dialog_gone, fx));
  g_assert_cmpuint (fx->n_saved, ==, 1);

  stored = reload (fx);
  g_assert_null (dafu_letter_get_field (stored, DAFU_LETTER_FIELD_CATEGORY));
  g_assert_null (dafu_letter_get_field (fx->letter, DAFU_LETTER_FIELD_CATEGORY));
}

static void
test_kind_and_role_choices (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(DafuLetter) stored = NULL;

  /* The choices in the .ui's order: Not Stated, then the stored values. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (fx, DAFU_LETTER_FIELD_KIND)), 2);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (fx, DAFU_LETTER_FIELD_ADDRESSEE_ROLE)), 2);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (fx, DAFU_LETTER_FIELD_CATEGORY)), 4);
  iterate (5);
  gtk_widget_activate_action (GTK_WIDGET (fx->dialog), "edit.save", NULL);
  g_assert_true (wait_until (dialog_gone, fx));

  stored = reload (fx);
  g_assert_cmpstr (dafu_letter_get_field (stored, DAFU_LETTER_FIELD_KIND), ==, "proposal");
  g_assert_cmpstr (dafu_letter_get_field (stored, DAFU_LETTER_FIELD_ADDRESSEE_ROLE), ==, "委员");
  g_assert_cmpstr (dafu_letter_get_field (stored, DAFU_LETTER_FIELD_CATEGORY), ==, "D");
}

static void
test_save_fails_on_deleted_letter (Fixture       *fx,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkRevealer *revealer;
  const char *message;

  set_text (fx, DAFU_LETTER_FIELD_TITLE, "关于加强养老服务的建议");
  g_assert_true (dafu_library_delete_letter (fx->library, dafu_letter_get_id (fx->letter), &error));
  g_assert_no_error (error);

  revealer = GTK_REVEALER (find_widget (GTK_WIDGET (fx->dialog), is_revealer));
  g_assert_false (gtk_revealer_get_reveal_child (revealer));

  gtk_widget_activate_action (GTK_WIDGET (fx->dialog), "edit.save", NULL);
  g_assert_true (wait_until (saved_or_failed, fx));
  iterate (20);

  /* Still open, the error shown, the typed value kept, Save ready again. */
  g_assert_nonnull (fx->dialog);
  g_assert_cmpuint (fx->n_saved, ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fx->dialog)));
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  message = gtk_label_get_label (GTK_LABEL (find_widget (gtk_revealer_get_child (revealer),
                                                         is_label)));
  g_assert_nonnull (strstr (message, "not saved"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (fx, DAFU_LETTER_FIELD_TITLE))), ==,
                   "关于加强养老服务的建议");
  g_assert_true (gtk_widget_is_sensitive (row (fx, DAFU_LETTER_FIELD_TITLE)));
  g_assert_true (save_enabled (fx));
  g_assert_cmpstr (dafu_letter_get_field (fx->letter, DAFU_LETTER_FIELD_TITLE), !=,
                   "关于加强养老服务的建议");
}

static void
test_cancel_writes_nothing (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(DafuLetter) stored = NULL;
  g_autofree char *handler = g_strdup (dafu_letter_get_field (fx->letter, DAFU_LETTER_FIELD_HANDLER));

  set_text (fx, DAFU_LETTER_FIELD_HANDLER, "赵六");
  gtk_widget_activate_action (GTK_WIDGET (fx->dialog), "edit.cancel", NULL);
  g_assert_true (wait_until (dialog_gone, fx));
  iterate (50);

  g_assert_cmpuint (fx->n_saved, ==, 0);
  stored = reload (fx);
  g_assert_cmpstr (dafu_letter_get_field (stored, DAFU_LETTER_FIELD_HANDLER), ==, handler);
  g_assert_cmpstr (dafu_letter_get_field (fx->letter, DAFU_LETTER_FIELD_HANDLER), ==, handler);
}

static gboolean
letter_has_contact (Fixture *fx)
{
  return g_strcmp0 (dafu_letter_get_field (fx->letter, DAFU_LETTER_FIELD_CONTACT), "钱七") == 0;
}

static void
test_close_while_saving (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(DafuLetter) stored = NULL;

  set_text (fx, DAFU_LETTER_FIELD_CONTACT, "钱七");
  gtk_widget_activate_action (GTK_WIDGET (fx->dialog), "edit.save", NULL);
  g_assert_true (dafu_edit_dialog_get_saving (fx->dialog));
  gtk_window_destroy (GTK_WINDOW (fx->dialog));

  /* The write that was sent lands; the letter object follows the library,
   * and nothing touches the closed dialog (warnings are fatal here). */
  g_assert_true (wait_until (letter_has_contact, fx));
  g_assert_true (wait_until (dialog_gone, fx));
  g_assert_cmpuint (fx->n_saved, ==, 0);
  stored = reload (fx);
  g_assert_cmpstr (dafu_letter_get_field (stored, DAFU_LETTER_FIELD_CONTACT), ==, "钱七");
}

static void
reopen (Fixture *fx)
{
  gtk_window_destroy (GTK_WINDOW (fx->dialog));
  g_assert_true (wait_until (dialog_gone, fx));
  fx->dialog = dafu_edit_dialog_new (fx->parent, fx->library, fx->letter);
  g_object_add_weak_pointer (G_OBJECT (fx->dialog), (gpointer *) &fx->dialog);
  g_signal_connect (fx->dialog, "saved", G_CALLBACK (on_saved_cb), fx);
  gtk_window_present (GTK_WINDOW (fx->dialog));
  iterate (20);
}

static void
test_odd_choice_is_shown_and_flagged (Fixture       *fx,
                                      gconstpointer  data)
{
  g_autoptr(DafuLetter) stored = NULL;
  g_autofree char *text = NULL;
  GtkWidget *combo;

  /* A value none of the choices has (say from an older parser) is shown
   * as it is, marked, and must be replaced before saving. */
  dafu_letter_set_field (fx->letter, DAFU_LETTER_FIELD_CATEGORY, "E");
  reopen (fx);
  combo = row (fx, DAFU_LETTER_FIELD_CATEGORY);
  text = row_text (combo);
  g_assert_cmpstr (text, ==, "E");
  g_assert_true (gtk_widget_has_css_class (combo, "error"));
  g_assert_nonnull (find_widget (combo, is_visible_warning));
  g_assert_false (save_enabled (fx));

  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 1);
  iterate (5);
  g_assert_false (gtk_widget_has_css_class (combo, "error"));
  g_assert_true (save_enabled (fx));
  gtk_widget_activate_action (GTK_WIDGET (fx->dialog), "edit.save", NULL);
  g_assert_true (wait_until (dialog_gone, fx));
  stored = reload (fx);
  g_assert_cmpstr (dafu_letter_get_field (stored, DAFU_LETTER_FIELD_CATEGORY), ==, "A");
}

/* The action a key combination of the dialog runs, or NULL. */
static const char *
shortcut_action (GtkWidget  *widget,
                 const char *trigger)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *text = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (g_str_equal (text, trigger) && GTK_IS_NAMED_ACTION (action))
            return gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
        }
    }
  return NULL;
}

static void
test_keyboard_shortcuts (Fixture       *fx,
                         gconstpointer  data)
{
  GtkWidget *dialog = GTK_WIDGET (fx->dialog);

  g_assert_cmpstr (shortcut_action (dialog, "Escape"), ==, "edit.cancel");
  g_assert_cmpstr (shortcut_action (dialog, "<Control>s"), ==, "edit.save");
  g_assert_cmpstr (shortcut_action (dialog, "<Control>Return"), ==, "edit.save");
  g_assert_cmpstr (shortcut_action (dialog, "<Control>KP_Enter"), ==, "edit.save");
}

/* DAFU_TEST_SCREENSHOTS=dir: pictures of the dialog, wide and narrow, with
 * a bad date and a failed save, for a person to look at. */
static void
shoot (const char *dir,
       const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *command = g_strdup_printf ("import -window root %s", path);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 40; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_spawn_command_line_sync (command, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("Screenshot: %s", path);
}

static void
test_screenshots (Fixture       *fx,
                  gconstpointer  data)
{
  const char *dir = g_getenv ("DAFU_TEST_SCREENSHOTS");
  GtkAdjustment *adjustment;
  GtkWidget *scrolled;

  if (dir == NULL || *dir == '\0')
    {
      g_test_skip ("DAFU_TEST_SCREENSHOTS is not set");
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (fx->parent), FALSE);
  shoot (dir, "edit-dialog.png");

  set_text (fx, DAFU_LETTER_FIELD_DATE, "2024-02-30");
  gtk_window_set_default_size (GTK_WINDOW (fx->dialog), 360, 720);
  shoot (dir, "edit-dialog-narrow-bad-date.png");

  set_text (fx, DAFU_LETTER_FIELD_DATE, "2024-02-29");
  dafu_library_delete_letter (fx->library, dafu_letter_get_id (fx->letter), NULL);
  gtk_widget_activate_action (GTK_WIDGET (fx->dialog), "edit.save", NULL);
  g_assert_true (wait_until (saved_or_failed, fx));
  shoot (dir, "edit-dialog-narrow-failed.png");

  gtk_window_set_default_size (GTK_WINDOW (fx->dialog), 560, 720);
  scrolled = find_widget (GTK_WIDGET (fx->dialog), is_scrolled_window);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  shoot (dir, "edit-dialog-bottom.png");
}

int
main (int argc, char **argv)
{
  int status;

  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  tmp_dir = dafu_test_make_tmp ();

#define ADD(path, with_category, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (with_category), fixture_set_up, func, fixture_tear_down)

  ADD ("/edit-dialog/rows-show-values", TRUE, test_rows_show_values);
  ADD ("/edit-dialog/save-changed-field", FALSE, test_save_changed_field);
  ADD ("/edit-dialog/invalid-date", FALSE, test_invalid_date);
  ADD ("/edit-dialog/category-not-stated", TRUE, test_category_not_stated);
  ADD ("/edit-dialog/kind-and-role-choices", FALSE, test_kind_and_role_choices);
  ADD ("/edit-dialog/save-fails-on-deleted-letter", FALSE, test_save_fails_on_deleted_letter);
  ADD ("/edit-dialog/cancel-writes-nothing", FALSE, test_cancel_writes_nothing);
  ADD ("/edit-dialog/close-while-saving", FALSE, test_close_while_saving);
  ADD ("/edit-dialog/odd-choice-is-shown-and-flagged", FALSE, test_odd_choice_is_shown_and_flagged);
  ADD ("/edit-dialog/keyboard-shortcuts", FALSE, test_keyboard_shortcuts);
  ADD ("/edit-dialog/screenshots", TRUE, test_screenshots);

#undef ADD

  status = g_test_run ();
  dafu_test_rm_rf (tmp_dir);
  g_free (tmp_dir);
  return status;
}
