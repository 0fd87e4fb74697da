/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dafu-types.h"

G_BEGIN_DECLS

/* A deterministic corpus of realistic reply letters, for benchmarks and
 * tests at scale. The same seed always gives byte-identical letters. */

/**
 * DAFU_GENERATOR_VERSION:
 *
 * Bumped whenever the letters a seed gives change.
 */
#define DAFU_GENERATOR_VERSION 1

/**
 * DafuGeneratorProgress:
 * @done: letters written so far
 * @count: letters to write
 * @user_data: the data given with the callback
 *
 * Called now and then while a corpus is written, and once at the end.
 */
typedef void (*DafuGeneratorProgress) (guint    done,
                                       guint    count,
                                       gpointer user_data);

char       *dafu_generator_letter       (guint64                seed,
                                         guint                  index);
gboolean    dafu_generator_write        (const char            *dir,
                                         guint                  count,
                                         guint64                seed,
                                         GCancellable          *cancellable,
                                         GError               **error);
gboolean    dafu_generator_write_full   (const char            *dir,
                                         guint                  count,
                                         guint64                seed,
                                         DafuGeneratorProgress  progress,
                                         gpointer               user_data,
                                         GCancellable          *cancellable,
                                         GError               **error);
char       *dafu_generator_letter_path  (const char            *dir,
                                         guint                  index);

/* For tests: what the generator put into a letter. */
DafuLetter *dafu_generator_letter_facts (guint64                seed,
                                         guint                  index);

G_END_DECLS
