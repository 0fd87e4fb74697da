/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Helpers of the window tests (they need a display). */
GtkWindow *dafu_test_find_toplevel (GType type);

G_END_DECLS
