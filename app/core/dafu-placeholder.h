/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dafu-letter.h"

G_BEGIN_DECLS

/**
 * DafuPlaceholder:
 * @start: the character offset of its opening brace
 * @end: the character offset after its closing brace
 * @name: what is between the braces, such as `代表`
 *
 * A `{名称}` in a clause's or a draft's text, to be filled from its fields.
 */
typedef struct {
  guint  start;
  guint  end;
  char  *name;
} DafuPlaceholder;

void        dafu_placeholder_free                (DafuPlaceholder *placeholder);
GPtrArray  *dafu_placeholders_find               (const char      *text);
char       *dafu_placeholders_fill               (const char      *text,
                                                  GHashTable      *values,
                                                  GPtrArray      **unfilled);
GHashTable *dafu_placeholders_values_from_letter (DafuLetter      *letter);
char       *dafu_placeholders_format_date        (const char      *iso_date);
const char *dafu_placeholders_name_for_field     (DafuLetterField  field);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DafuPlaceholder, dafu_placeholder_free)

G_END_DECLS
