/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dafu-document.h"

G_BEGIN_DECLS

gboolean dafu_docx_write      (DafuDocument  *document,
                               GOutputStream *stream,
                               GCancellable  *cancellable,
                               GError       **error);
gboolean dafu_docx_write_file (DafuDocument  *document,
                               const char    *path,
                               GError       **error);

G_END_DECLS
