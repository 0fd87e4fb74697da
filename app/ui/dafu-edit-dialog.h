/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dafu-letter.h"
#include "dafu-library.h"

G_BEGIN_DECLS

#define DAFU_TYPE_EDIT_DIALOG (dafu_edit_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DafuEditDialog, dafu_edit_dialog, DAFU, EDIT_DIALOG, AdwWindow)

DafuEditDialog *dafu_edit_dialog_new         (GtkWindow       *parent,
                                              DafuLibrary     *library,
                                              DafuLetter      *letter);
DafuLetter     *dafu_edit_dialog_get_letter  (DafuEditDialog  *self);
DafuLibrary    *dafu_edit_dialog_get_library (DafuEditDialog  *self);
gboolean        dafu_edit_dialog_get_saving  (DafuEditDialog  *self);
GtkWidget      *dafu_edit_dialog_get_row     (DafuEditDialog  *self,
                                              DafuLetterField  field);

G_END_DECLS
