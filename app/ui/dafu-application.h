/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DAFU_TYPE_APPLICATION (dafu_application_get_type ())

G_DECLARE_FINAL_TYPE (DafuApplication, dafu_application, DAFU, APPLICATION, AdwApplication)

DafuApplication *dafu_application_new              (void);
const char      *dafu_application_get_library_path (DafuApplication *self);
GtkWindow       *dafu_application_show_about       (DafuApplication *self);

G_END_DECLS
