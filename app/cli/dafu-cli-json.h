/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "dafu-types.h"

G_BEGIN_DECLS

/**
 * DafuJsonFlags:
 * @DAFU_JSON_FIELDS: the letter's fields, `consultation` when it has one and
 *   `sections` as the list of its top-level headings (the shape of
 *   `expected.json`)
 * @DAFU_JSON_DETAILS: also `id`, `text` and `parts` (every section with
 *   heading, level, kind and text)
 */
typedef enum {
  DAFU_JSON_FIELDS  = 0,
  DAFU_JSON_DETAILS = 1 << 0,
} DafuJsonFlags;

JsonNode *dafu_cli_letter_to_json (DafuLetter    *letter,
                                   const char    *file,
                                   DafuJsonFlags  flags);
char     *dafu_cli_json_to_line   (JsonNode      *node);

G_END_DECLS
