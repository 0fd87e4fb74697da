/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "dafu-letter.h"

G_BEGIN_DECLS

/* Each target defines this; libFuzzer or fuzz-main.c calls it. */
int         LLVMFuzzerTestOneInput (const uint8_t *data,
                                    size_t         size);

void        dafu_fuzz_init         (void);
char       *dafu_fuzz_source_path  (const char    *first,
                                    ...) G_GNUC_NULL_TERMINATED;
char       *dafu_fuzz_utf8         (const uint8_t *data,
                                    size_t         size);
GPtrArray  *dafu_fuzz_split        (const uint8_t *data,
                                    size_t         size,
                                    const char    *separator,
                                    guint          max_parts);
DafuLetter *dafu_fuzz_parse        (GBytes        *bytes);
void        dafu_fuzz_check_letter (DafuLetter    *letter);
void        dafu_fuzz_check_extracted (const char   *text,
                                       const GError *error);

G_END_DECLS
