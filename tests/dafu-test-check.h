/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *dafu_test_check_library (const char *path,
                               GHashTable *files,
                               guint      *n_letters);

G_END_DECLS
