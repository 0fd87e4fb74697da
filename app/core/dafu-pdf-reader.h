/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char     *dafu_pdf_extract_text (GBytes  *bytes,
                                 GError **error);
gboolean  dafu_pdf_sniff        (GBytes  *bytes);

G_END_DECLS
