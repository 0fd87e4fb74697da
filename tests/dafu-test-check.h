/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void  dafu_test_write_letters (const char *dir,
                               guint64     seed,
                               guint       first,
                               guint       n,
                               GHashTable *files);
char *dafu_test_check_library (const char *path,
                               GHashTable *files,
                               guint      *n_letters);

G_END_DECLS
