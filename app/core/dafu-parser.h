/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dafu-types.h"

G_BEGIN_DECLS

/* Bump when the parser reads letters differently, so that the library
 * re-reads stored letters (keeping the user's corrections). */
#define DAFU_PARSER_VERSION 2

DafuLetter *dafu_parser_parse_bytes (GBytes      *bytes,
                                     const char  *file_name,
                                     GError     **error);
DafuLetter *dafu_parser_parse_text  (const char  *text,
                                     GError     **error);

G_END_DECLS
