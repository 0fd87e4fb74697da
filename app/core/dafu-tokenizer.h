/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The names to use in `CREATE VIRTUAL TABLE … USING fts5(…, tokenize='…')`:
 * bigrams with positions for queries of two or more characters, single
 * characters (for detail=none) for queries of one, and the tokenizer of
 * libraries up to version 4. See dafu-tokenizer.c. */
#define DAFU_TOKENIZER_WORDS "dafu_words"
#define DAFU_TOKENIZER_CHARS "dafu_chars"
#define DAFU_TOKENIZER_NAME  "dafu"

/* Errors of dafu_tokenizer_register(); the code is SQLite's result code. */
#define DAFU_TOKENIZER_ERROR (dafu_tokenizer_error_quark ())

GQuark   dafu_tokenizer_error_quark (void);

gboolean dafu_tokenizer_register    (sqlite3    *db,
                                     GError    **error);
guint    dafu_tokenizer_count_chars (const char *text);
fts5_api *dafu_fts5_api             (sqlite3    *db,
                                     GError    **error);

G_END_DECLS
