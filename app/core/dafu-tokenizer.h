/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The name to use in `CREATE VIRTUAL TABLE … USING fts5(…, tokenize='dafu')`. */
#define DAFU_TOKENIZER_NAME "dafu"

/* Errors of dafu_tokenizer_register(); the code is SQLite's result code. */
#define DAFU_TOKENIZER_ERROR (dafu_tokenizer_error_quark ())

GQuark   dafu_tokenizer_error_quark (void);

gboolean dafu_tokenizer_register    (sqlite3  *db,
                                     GError  **error);

G_END_DECLS
