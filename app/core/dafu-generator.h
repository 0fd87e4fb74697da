/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A deterministic corpus of realistic reply letters, for benchmarks and
 * tests at scale. The same seed always gives byte-identical letters. */

char     *dafu_generator_letter (guint64      seed,
                                 guint        index);
gboolean  dafu_generator_write  (const char  *dir,
                                 guint        count,
                                 guint64      seed,
                                 GCancellable *cancellable,
                                 GError     **error);

G_END_DECLS
