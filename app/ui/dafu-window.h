/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dafu-application.h"
#include "dafu-library.h"

G_BEGIN_DECLS

#define DAFU_TYPE_WINDOW (dafu_window_get_type ())

G_DECLARE_FINAL_TYPE (DafuWindow, dafu_window, DAFU, WINDOW, AdwApplicationWindow)

DafuWindow  *dafu_window_new          (DafuApplication *application,
                                       const char      *library_path);
DafuLibrary *dafu_window_get_library  (DafuWindow      *self);
gint64       dafu_window_get_n_letters (DafuWindow     *self);
void         dafu_window_import        (DafuWindow      *self,
                                        GFile * const   *files,
                                        guint            n_files);

G_END_DECLS
