/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The largest part of a Word file that is read, uncompressed. */
#define DAFU_DOCX_MAX_PART_SIZE (64 * 1024 * 1024)

char     *dafu_docx_extract_text (GBytes  *bytes,
                                  GError **error);
gboolean  dafu_docx_sniff        (GBytes  *bytes);

G_END_DECLS
