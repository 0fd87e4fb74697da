/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-edit-dialog"

#include "config.h"

#include "dafu-edit-dialog.h"

#include <glib/gi18n.h>

/**
 * DafuEditDialog:
 *
 * A dialog to correct a letter's fields: one row per field, checked as the
 * user types, and Save writes the changed fields to the library in one
 * transaction, updates the #DafuLetter and emits #DafuEditDialog::saved.
 */
struct _DafuEditDialog
{
  AdwWindow     parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkSpinner   *spinner;
  GtkRevealer  *error_revealer;
  GtkLabel     *error_label;
  GtkWidget    *fields_box;

  /* One row per field, an AdwEntryRow or an AdwComboRow, and its warning. */
  GtkWidget    *rows[DAFU_LETTER_N_FIELDS];
  GtkWidget    *warnings[DAFU_LETTER_N_FIELDS];
  /* A value the letter holds that is none of a combo row's choices. */
  char         *odd_values[DAFU_LETTER_N_FIELDS];

  DafuLibrary  *library;
  DafuLetter   *letter;
  GCancellable *cancellable;
  gboolean      saving;
  gboolean      loading;
};

G_DEFINE_FINAL_TYPE (DafuEditDialog, dafu_edit_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_LIBRARY,
  PROP_LETTER,
  PROP_SAVING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The stored values behind a combo row's choices, in the .ui's order; the
 * first, "Not Stated", is NULL. */
static const char * const category_values[] = { NULL, "A", "B", "C", "D" };
static const char * const kind_values[] = { NULL, "suggestion", "proposal" };
static const char * const role_values[] = { NULL, "代表", "委员" };

static const char * const *
choices_for_field (DafuLetterField  field,
                   guint           *n_choices)
{
  switch (field)
    {
    case DAFU_LETTER_FIELD_CATEGORY:
      *n_choices = G_N_ELEMENTS (category_values);
      return category_values;
    case DAFU_LETTER_FIELD_KIND:
      *n_choices = G_N_ELEMENTS (kind_values);
      return kind_values;
    case DAFU_LETTER_FIELD_ADDRESSEE_ROLE:
      *n_choices = G_N_ELEMENTS (role_values);
      return role_values;
    default:
      *n_choices = 0;
      return NULL;
    }
}

static gboolean
is_closed (DafuEditDialog *self)
{
  return g_cancellable_is_cancelled (self->cancellable);
}

/* The value a row holds now, %NULL when empty; free it. */
static char *
row_value (DafuEditDialog  *self,
           DafuLetterField  field)
{
  GtkWidget *row = self->rows[field];

  if (ADW_IS_COMBO_ROW (row))
    {
      guint n_choices;
      const char * const *choices = choices_for_field (field, &n_choices);
      guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row));

      if (selected < n_choices)
        return g_strdup (choices[selected]);
      return g_strdup (self->odd_values[field]);
    }
  else
    {
      char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

      if (*text == '\0')
        g_clear_pointer (&text, g_free);
      return text;
    }
}

static const char *
letter_value (DafuEditDialog  *self,
              DafuLetterField  field)
{
  const char *value = dafu_letter_get_field (self->letter, field);

  return value != NULL && *value != '\0' ? value : NULL;
}

static void
set_row_error (DafuEditDialog  *self,
               DafuLetterField  field,
               const char      *message)
{
  GtkWidget *row = self->rows[field];
  GtkWidget *warning = self->warnings[field];

  if (message != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_set_tooltip_text (warning, message);
      gtk_widget_set_visible (warning, TRUE);
      gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_widget_set_visible (warning, FALSE);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

/* Checks every row, marks the bad ones and enables Save when something
 * changed and nothing is wrong. */
static void
update_state (DafuEditDialog *self)
{
  guint n_changed = 0;
  guint n_invalid = 0;

  if (self->loading || is_closed (self))
    return;

  for (guint i = 0; i < DAFU_LETTER_N_FIELDS; i++)
    {
      g_autofree char *value = row_value (self, i);
      g_autoptr(GError) error = NULL;

      if (g_strcmp0 (value, letter_value (self, i)) != 0)
        n_changed++;

      if (dafu_letter_field_is_valid (i, value, &error))
        set_row_error (self, i, NULL);
      else
        {
          set_row_error (self, i, error->message);
          n_invalid++;
        }
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "edit.save",
                                 !self->saving && n_changed > 0 && n_invalid == 0);
}

static void
on_row_changed_cb (DafuEditDialog *self)
{
  update_state (self);
}

static void
set_saving (DafuEditDialog *self,
            gboolean        saving)
{
  self->saving = saving;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), saving);
  gtk_spinner_set_spinning (self->spinner, saving);
  gtk_widget_set_sensitive (self->fields_box, !saving);
  if (saving)
    {
      gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "edit.save", FALSE);
    }
  else
    update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVING]);
}

/* A save in flight. It does not keep the dialog alive: closing the dialog
 * disposes it, which cancels its cancellable, and the callback then leaves
 * the dialog alone. */
typedef struct
{
  GWeakRef        self;
  GCancellable   *cancellable;
  DafuLetter     *letter;
  GArray         *fields;
  GPtrArray      *values;
} SaveData;

static void
save_data_free (SaveData *sd)
{
  g_weak_ref_clear (&sd->self);
  g_clear_object (&sd->cancellable);
  g_clear_object (&sd->letter);
  g_clear_pointer (&sd->fields, g_array_unref);
  g_clear_pointer (&sd->values, g_ptr_array_unref);
  g_free (sd);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveData, save_data_free)

static void
on_fields_updated_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(SaveData) sd = user_data;
  g_autoptr(DafuEditDialog) self = NULL;
  g_autoptr(GError) error = NULL;

  if (dafu_library_update_fields_finish (DAFU_LIBRARY (object), result, &error))
    {
      /* The library holds the corrections now; so does the letter, even
       * when the dialog was closed meanwhile, so that the views bound to
       * it show what is stored. */
      for (guint i = 0; i < sd->fields->len; i++)
        dafu_letter_set_field (sd->letter,
                               g_array_index (sd->fields, DafuLetterField, i),
                               g_ptr_array_index (sd->values, i));
    }

  /* Closed while saving: the widgets are gone. */
  if (g_cancellable_is_cancelled (sd->cancellable))
    return;
  self = g_weak_ref_get (&sd->self);
  if (self == NULL)
    return;

  set_saving (self, FALSE);

  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The corrections were not saved: %s"),
                                                  error->message);

      gtk_label_set_label (self->error_label, message);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
save (DafuEditDialog *self)
{
  SaveData *sd;

  if (self->saving || is_closed (self))
    return;

  sd = g_new0 (SaveData, 1);
  g_weak_ref_init (&sd->self, self);
  sd->cancellable = g_object_ref (self->cancellable);
  sd->letter = g_object_ref (self->letter);
  sd->fields = g_array_new (FALSE, FALSE, sizeof (DafuLetterField));
  sd->values = g_ptr_array_new_with_free_func (g_free);

  /* Only what the user changed, so that a save never overwrites a field
   * with what the dialog happened to show. */
  for (guint i = 0; i < DAFU_LETTER_N_FIELDS; i++)
    {
      g_autofree char *value = row_value (self, i);
      DafuLetterField field = i;

      if (!dafu_letter_field_is_valid (field, value, NULL))
        {
          save_data_free (sd);
          update_state (self);
          return;
        }
      if (g_strcmp0 (value, letter_value (self, i)) == 0)
        continue;

      g_array_append_val (sd->fields, field);
      g_ptr_array_add (sd->values, g_steal_pointer (&value));
    }

  if (sd->fields->len == 0)
    {
      save_data_free (sd);
      update_state (self);
      return;
    }

  set_saving (self, TRUE);

  /* The write is one short transaction that is not cancelled: once the user
   * pressed Save it either lands or fails, and the callback learns which,
   * so that the letter matches the library even if the dialog is closed
   * meanwhile. The dialog's cancellable only tells the callback that. */
  dafu_library_update_fields_async (self->library, dafu_letter_get_id (self->letter),
                                    (const DafuLetterField *) (gpointer) sd->fields->data,
                                    (const char * const *) sd->values->pdata,
                                    sd->fields->len, NULL, on_fields_updated_cb, sd);
}

static void
edit_save_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  save (DAFU_EDIT_DIALOG (widget));
}

static void
edit_cancel_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
load_row (DafuEditDialog  *self,
          DafuLetterField  field)
{
  GtkWidget *row = self->rows[field];
  const char *value = letter_value (self, field);

  if (ADW_IS_COMBO_ROW (row))
    {
      guint n_choices;
      const char * const *choices = choices_for_field (field, &n_choices);
      GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));

      for (guint i = 0; i < n_choices; i++)
        if (g_strcmp0 (choices[i], value) == 0)
          {
            adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
            return;
          }

      /* Not one of the choices: show it as it is, marked as not valid. */
      self->odd_values[field] = g_strdup (value);
      gtk_string_list_append (GTK_STRING_LIST (model), value);
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), g_list_model_get_n_items (model) - 1);
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (row), value != NULL ? value : "");
}

static void
dafu_edit_dialog_constructed (GObject *object)
{
  DafuEditDialog *self = DAFU_EDIT_DIALOG (object);

  G_OBJECT_CLASS (dafu_edit_dialog_parent_class)->constructed (object);

  g_return_if_fail (DAFU_IS_LIBRARY (self->library));
  g_return_if_fail (DAFU_IS_LETTER (self->letter));

  adw_window_title_set_subtitle (self->window_title, letter_value (self, DAFU_LETTER_FIELD_TITLE));

  self->loading = TRUE;
  for (guint i = 0; i < DAFU_LETTER_N_FIELDS; i++)
    load_row (self, i);
  self->loading = FALSE;

  update_state (self);
}

static void
dafu_edit_dialog_dispose (GObject *object)
{
  DafuEditDialog *self = DAFU_EDIT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  for (guint i = 0; i < DAFU_LETTER_N_FIELDS; i++)
    {
      self->rows[i] = NULL;
      self->warnings[i] = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), DAFU_TYPE_EDIT_DIALOG);

  g_clear_object (&self->library);
  g_clear_object (&self->letter);

  G_OBJECT_CLASS (dafu_edit_dialog_parent_class)->dispose (object);
}

static void
dafu_edit_dialog_finalize (GObject *object)
{
  DafuEditDialog *self = DAFU_EDIT_DIALOG (object);

  g_clear_object (&self->cancellable);
  for (guint i = 0; i < DAFU_LETTER_N_FIELDS; i++)
    g_clear_pointer (&self->odd_values[i], g_free);

  G_OBJECT_CLASS (dafu_edit_dialog_parent_class)->finalize (object);
}

static void
dafu_edit_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DafuEditDialog *self = DAFU_EDIT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;
    case PROP_LETTER:
      g_value_set_object (value, self->letter);
      break;
    case PROP_SAVING:
      g_value_set_boolean (value, self->saving);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_edit_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  DafuEditDialog *self = DAFU_EDIT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      self->library = g_value_dup_object (value);
      break;
    case PROP_LETTER:
      self->letter = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_edit_dialog_class_init (DafuEditDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dafu_edit_dialog_constructed;
  object_class->dispose = dafu_edit_dialog_dispose;
  object_class->finalize = dafu_edit_dialog_finalize;
  object_class->get_property = dafu_edit_dialog_get_property;
  object_class->set_property = dafu_edit_dialog_set_property;

  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL, DAFU_TYPE_LIBRARY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LETTER] =
    g_param_spec_object ("letter", NULL, NULL, DAFU_TYPE_LETTER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DafuEditDialog:saving:
   *
   * Whether a save is under way.
   */
  properties[PROP_SAVING] =
    g_param_spec_boolean ("saving", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DafuEditDialog::saved:
   *
   * Emitted when the corrections are stored and the letter updated, just
   * before the dialog closes.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dafu/Dafu/ui/dafu-edit-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DafuEditDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, DafuEditDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, DafuEditDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, DafuEditDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, DafuEditDialog, fields_box);

  /* The rows are "<field key>_row" in the template. */
  for (guint i = 0; i < DAFU_LETTER_N_FIELDS; i++)
    {
      g_autofree char *name = g_strconcat (dafu_letter_field_key (i), "_row", NULL);
      gtk_widget_class_bind_template_child_full (widget_class, name, FALSE, 0);
    }

  gtk_widget_class_install_action (widget_class, "edit.save", NULL, edit_save_action);
  gtk_widget_class_install_action (widget_class, "edit.cancel", NULL, edit_cancel_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "edit.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "edit.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "edit.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "edit.save", NULL);
}

static void
dafu_edit_dialog_init (DafuEditDialog *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < DAFU_LETTER_N_FIELDS; i++)
    {
      g_autofree char *name = g_strconcat (dafu_letter_field_key (i), "_row", NULL);
      GtkWidget *row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self),
                                                                  DAFU_TYPE_EDIT_DIALOG, name));
      GtkWidget *warning = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      g_assert (row != NULL);
      self->rows[i] = row;
      self->warnings[i] = warning;
      gtk_widget_set_visible (warning, FALSE);
      gtk_widget_set_valign (warning, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (warning, "error");

      if (ADW_IS_COMBO_ROW (row))
        {
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), warning);
          g_signal_connect_object (row, "notify::selected",
                                   G_CALLBACK (on_row_changed_cb), self, G_CONNECT_SWAPPED);
        }
      else
        {
          g_assert (ADW_IS_ENTRY_ROW (row));
          adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), warning);
          g_signal_connect_object (row, "changed",
                                   G_CALLBACK (on_row_changed_cb), self, G_CONNECT_SWAPPED);
        }
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "edit.save", FALSE);
}

/**
 * dafu_edit_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @library: the library that stores the letter
 * @letter: the letter to correct, with all its fields
 *
 * Returns: (transfer full): a new, modal dialog; present it
 */
DafuEditDialog *
dafu_edit_dialog_new (GtkWindow   *parent,
                      DafuLibrary *library,
                      DafuLetter  *letter)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DAFU_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (DAFU_IS_LETTER (letter), NULL);

  return g_object_new (DAFU_TYPE_EDIT_DIALOG,
                       "transient-for", parent,
                       "library", library,
                       "letter", letter,
                       NULL);
}

/**
 * dafu_edit_dialog_get_letter:
 *
 * Returns: (transfer none) (nullable): the letter being corrected; %NULL
 *   once the dialog is closed
 */
DafuLetter *
dafu_edit_dialog_get_letter (DafuEditDialog *self)
{
  g_return_val_if_fail (DAFU_IS_EDIT_DIALOG (self), NULL);
  return self->letter;
}

/**
 * dafu_edit_dialog_get_library:
 *
 * Returns: (transfer none) (nullable): the library the letter is stored in;
 *   %NULL once the dialog is closed
 */
DafuLibrary *
dafu_edit_dialog_get_library (DafuEditDialog *self)
{
  g_return_val_if_fail (DAFU_IS_EDIT_DIALOG (self), NULL);
  return self->library;
}

/**
 * dafu_edit_dialog_get_saving:
 *
 * Returns: whether a save is under way
 */
gboolean
dafu_edit_dialog_get_saving (DafuEditDialog *self)
{
  g_return_val_if_fail (DAFU_IS_EDIT_DIALOG (self), FALSE);
  return self->saving;
}

/**
 * dafu_edit_dialog_get_row:
 * @self: a #DafuEditDialog
 * @field: a field
 *
 * Returns: (transfer none) (nullable): the field's row, an #AdwEntryRow or
 *   for the category, kind and role an #AdwComboRow; %NULL once the dialog
 *   is closed
 */
GtkWidget *
dafu_edit_dialog_get_row (DafuEditDialog  *self,
                          DafuLetterField  field)
{
  g_return_val_if_fail (DAFU_IS_EDIT_DIALOG (self), NULL);
  g_return_val_if_fail (field < DAFU_LETTER_N_FIELDS, NULL);
  return self->rows[field];
}
