/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DAFU_TYPE_BACKUPS_DIALOG (dafu_backups_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DafuBackupsDialog, dafu_backups_dialog, DAFU, BACKUPS_DIALOG, AdwWindow)

DafuBackupsDialog *dafu_backups_dialog_new    (GtkWindow         *parent,
                                               const char        *library_path);
guint              dafu_backups_dialog_get_n_backups (DafuBackupsDialog *self);
void               dafu_backups_dialog_choose (DafuBackupsDialog *self,
                                               guint              position);

G_END_DECLS
