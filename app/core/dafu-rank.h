/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The pointer type dafu_key_in() takes, bound with sqlite3_bind_pointer(). */
#define DAFU_KEY_SET_TYPE "dafu_key_set"

/**
 * DafuKeySet:
 * @keys: keys in descending order
 * @n_keys: how many
 *
 * The letters a ranking pass is for; see dafu_rank_register().
 */
typedef struct {
  const gint64 *keys;
  guint         n_keys;
} DafuKeySet;

double   dafu_rank_idf      (gint64    n_rows,
                             gint64    n_hits);
gboolean dafu_rank_register (sqlite3  *db,
                             GError  **error);

G_END_DECLS
