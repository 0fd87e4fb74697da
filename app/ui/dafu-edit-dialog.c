/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-edit-dialog"

#include "config.h"

#include "dafu-edit-dialog.h"

/* Placeholder until the dialog lands. */
struct _DafuEditDialog
{
  AdwWindow    parent_instance;
  DafuLibrary *library;
  DafuLetter  *letter;
};

G_DEFINE_FINAL_TYPE (DafuEditDialog, dafu_edit_dialog, ADW_TYPE_WINDOW)

enum { SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
dafu_edit_dialog_dispose (GObject *object)
{
  DafuEditDialog *self = DAFU_EDIT_DIALOG (object);

  g_clear_object (&self->library);
  g_clear_object (&self->letter);
  G_OBJECT_CLASS (dafu_edit_dialog_parent_class)->dispose (object);
}

static void
dafu_edit_dialog_class_init (DafuEditDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dafu_edit_dialog_dispose;
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
dafu_edit_dialog_init (DafuEditDialog *self)
{
}

DafuEditDialog *
dafu_edit_dialog_new (GtkWindow *parent, DafuLibrary *library, DafuLetter *letter)
{
  DafuEditDialog *self = g_object_new (DAFU_TYPE_EDIT_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  self->library = g_object_ref (library);
  self->letter = g_object_ref (letter);
  return self;
}

DafuLetter *dafu_edit_dialog_get_letter (DafuEditDialog *self) { return self->letter; }
