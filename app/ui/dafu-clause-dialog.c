/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-clause-dialog"

#include "config.h"

#include "dafu-clause-dialog.h"

#include <glib/gi18n.h>

#include "dafu-library-drafts.h"

/**
 * DafuClauseDialog:
 *
 * Writes a new clause or changes one: its title, the part of the reply it
 * is for and its text with placeholders. Save (Ctrl+S, Ctrl+Enter) stores
 * it with dafu_library_save_clause_async() and closes the dialog, emitting
 * #DafuClauseDialog::saved; a clause found in the letters becomes the
 * clerk's own once she saves it (it is no longer "mined"). Escape cancels.
 */

struct _DafuClauseDialog
{
  AdwWindow       parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkWidget      *save_button;
  GtkSpinner     *spinner;
  GtkRevealer    *error_revealer;
  GtkLabel       *error_label;
  GtkWidget      *mined_label;
  AdwEntryRow    *title_row;
  AdwComboRow    *kind_row;
  GtkTextView    *text_view;

  DafuLibrary    *library;
  DafuClause     *original;   /* the clause edited, or NULL for a new one */
  DafuClause     *saved;      /* once saved */
  GCancellable   *cancellable;
  gboolean        saving;
};

G_DEFINE_FINAL_TYPE (DafuClauseDialog, dafu_clause_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
dialog_text (DafuClauseDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
update_actions (DafuClauseDialog *self)
{
  g_autofree char *text = dialog_text (self);
  g_autofree char *title = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row)));

  g_strstrip (text);
  g_strstrip (title);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "clause.save",
                                 !self->saving && *text != '\0' && *title != '\0');
}

static void
on_changed_cb (DafuClauseDialog *self)
{
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  update_actions (self);
}

static void
on_title_activated_cb (DafuClauseDialog *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
show_error (DafuClauseDialog *self,
            const char       *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

static void
set_saving (DafuClauseDialog *self,
            gboolean          saving)
{
  self->saving = saving;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), saving);
  gtk_spinner_set_spinning (self->spinner, saving);
  update_actions (self);
}

typedef struct {
  DafuClauseDialog *self;
  DafuClause       *clause;
} SaveData;

static void
on_saved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SaveData *data = user_data;
  g_autoptr(DafuClauseDialog) self = data->self;
  g_autoptr(DafuClause) clause = data->clause;
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_free (data);
  id = dafu_library_save_clause_finish (DAFU_LIBRARY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_saving (self, FALSE);
  if (id <= 0)
    {
      show_error (self, error != NULL ? error->message : _("The clause could not be saved."));
      return;
    }

  dafu_clause_set_id (clause, id);
  g_set_object (&self->saved, clause);
  g_signal_emit (self, signals[SAVED], 0, clause);
  gtk_window_close (GTK_WINDOW (self));
}

/**
 * dafu_clause_dialog_save:
 * @self: a #DafuClauseDialog
 *
 * Saves the clause as the dialog shows it, as `clause.save` does.
 */
void
dafu_clause_dialog_save (DafuClauseDialog *self)
{
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;
  g_autoptr(DafuClause) clause = NULL;
  DafuClauseKind kind;
  SaveData *data;

  g_return_if_fail (DAFU_IS_CLAUSE_DIALOG (self));

  if (self->saving || self->library == NULL)
    return;

  text = dialog_text (self);
  title = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row)));
  g_strstrip (text);
  g_strstrip (title);
  if (*title == '\0' || *text == '\0')
    {
      show_error (self, _("A clause needs a title and a text."));
      return;
    }

  kind = adw_combo_row_get_selected (self->kind_row);
  if (kind >= DAFU_CLAUSE_N_KINDS)
    kind = DAFU_CLAUSE_KIND_MEASURE;

  clause = self->original != NULL ? dafu_clause_copy (self->original) : dafu_clause_new (kind, title, text);
  dafu_clause_set_kind (clause, kind);
  dafu_clause_set_title (clause, title);
  dafu_clause_set_text (clause, text);
  /* Edited by the clerk, it is hers now. */
  dafu_clause_set_mined (clause, FALSE);

  set_saving (self, TRUE);
  data = g_new0 (SaveData, 1);
  data->self = g_object_ref (self);
  data->clause = g_object_ref (clause);
  dafu_library_save_clause_async (self->library, clause, self->cancellable, on_saved_cb, data);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  dafu_clause_dialog_save (DAFU_CLAUSE_DIALOG (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
dafu_clause_dialog_dispose (GObject *object)
{
  DafuClauseDialog *self = DAFU_CLAUSE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DAFU_TYPE_CLAUSE_DIALOG);

  G_OBJECT_CLASS (dafu_clause_dialog_parent_class)->dispose (object);
}

static void
dafu_clause_dialog_finalize (GObject *object)
{
  DafuClauseDialog *self = DAFU_CLAUSE_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->library);
  g_clear_object (&self->original);
  g_clear_object (&self->saved);

  G_OBJECT_CLASS (dafu_clause_dialog_parent_class)->finalize (object);
}

static void
dafu_clause_dialog_class_init (DafuClauseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dafu_clause_dialog_dispose;
  object_class->finalize = dafu_clause_dialog_finalize;

  /**
   * DafuClauseDialog::saved:
   * @self: the dialog
   * @clause: the clause as stored, with its id
   *
   * The clause was saved; the dialog closes right after.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, DAFU_TYPE_CLAUSE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dafu/Dafu/ui/dafu-clause-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DafuClauseDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, DafuClauseDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, DafuClauseDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, DafuClauseDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, DafuClauseDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, DafuClauseDialog, mined_label);
  gtk_widget_class_bind_template_child (widget_class, DafuClauseDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, DafuClauseDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, DafuClauseDialog, text_view);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_title_activated_cb);

  gtk_widget_class_install_action (widget_class, "clause.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "clause.cancel", NULL, cancel_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "clause.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "clause.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "clause.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "clause.save", NULL);
}

static void
dafu_clause_dialog_init (DafuClauseDialog *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);

  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < DAFU_CLAUSE_N_KINDS; i++)
    gtk_string_list_append (kinds, dafu_clause_kind_get_label (i));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  adw_combo_row_set_selected (self->kind_row, DAFU_CLAUSE_KIND_MEASURE);

  g_signal_connect_swapped (gtk_text_view_get_buffer (self->text_view), "changed",
                            G_CALLBACK (on_changed_cb), self);
  update_actions (self);
}

/**
 * dafu_clause_dialog_new:
 * @parent: (nullable): the window to stay above
 * @library: where to save the clause
 * @clause: (nullable): the clause to edit, or %NULL to write a new one
 *
 * Returns: (transfer none): a new dialog, not shown yet; it is destroyed
 *   when closed
 */
DafuClauseDialog *
dafu_clause_dialog_new (GtkWindow   *parent,
                        DafuLibrary *library,
                        DafuClause  *clause)
{
  DafuClauseDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DAFU_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (clause == NULL || DAFU_IS_CLAUSE (clause), NULL);

  self = g_object_new (DAFU_TYPE_CLAUSE_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->library = g_object_ref (library);

  if (clause != NULL)
    {
      const char *text = dafu_clause_get_text (clause);

      self->original = dafu_clause_copy (clause);
      adw_window_title_set_title (self->window_title, _("Edit Clause"));
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Clause"));
      gtk_editable_set_text (GTK_EDITABLE (self->title_row),
                             dafu_clause_get_title (clause) != NULL ? dafu_clause_get_title (clause) : "");
      adw_combo_row_set_selected (self->kind_row, dafu_clause_get_kind (clause));
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text != NULL ? text : "", -1);
      gtk_widget_set_visible (self->mined_label, dafu_clause_get_mined (clause));
      gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
    }
  else
    {
      adw_window_title_set_title (self->window_title, _("New Clause"));
      gtk_window_set_title (GTK_WINDOW (self), _("New Clause"));
      gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
    }

  update_actions (self);
  return self;
}

/**
 * dafu_clause_dialog_get_clause:
 * @self: a #DafuClauseDialog
 *
 * Returns: (transfer none) (nullable): the clause as saved, once it is
 */
DafuClause *
dafu_clause_dialog_get_clause (DafuClauseDialog *self)
{
  g_return_val_if_fail (DAFU_IS_CLAUSE_DIALOG (self), NULL);
  return self->saved;
}

/**
 * dafu_clause_dialog_focus_title:
 * @self: a #DafuClauseDialog
 *
 * Puts the focus in the title, with it selected, to rename the clause.
 */
void
dafu_clause_dialog_focus_title (DafuClauseDialog *self)
{
  g_return_if_fail (DAFU_IS_CLAUSE_DIALOG (self));

  adw_window_title_set_title (self->window_title, _("Rename Clause"));
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
  gtk_editable_select_region (GTK_EDITABLE (self->title_row), 0, -1);
}

/**
 * dafu_clause_dialog_set_title_text:
 * @self: a #DafuClauseDialog
 * @title: the clause's title
 */
void
dafu_clause_dialog_set_title_text (DafuClauseDialog *self,
                                   const char       *title)
{
  g_return_if_fail (DAFU_IS_CLAUSE_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), title != NULL ? title : "");
}

/**
 * dafu_clause_dialog_set_text:
 * @self: a #DafuClauseDialog
 * @text: the clause's text
 */
void
dafu_clause_dialog_set_text (DafuClauseDialog *self,
                             const char       *text)
{
  g_return_if_fail (DAFU_IS_CLAUSE_DIALOG (self));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text != NULL ? text : "", -1);
}

/**
 * dafu_clause_dialog_set_kind:
 * @self: a #DafuClauseDialog
 * @kind: the part of the reply the clause is for
 */
void
dafu_clause_dialog_set_kind (DafuClauseDialog *self,
                             DafuClauseKind    kind)
{
  g_return_if_fail (DAFU_IS_CLAUSE_DIALOG (self));
  if ((guint) kind < DAFU_CLAUSE_N_KINDS)
    adw_combo_row_set_selected (self->kind_row, kind);
}
