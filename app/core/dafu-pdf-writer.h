/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dafu-layout.h"

G_BEGIN_DECLS

/*
 * The laid-out letter as a PDF: one page per layout page, drawn by
 * dafu_layout_render_page() on a Cairo PDF surface (fonts embedded as
 * subsets), with the document's title and author in the metadata.
 */
gboolean dafu_layout_write_pdf         (DafuLayout     *layout,
                                        GOutputStream  *stream,
                                        GCancellable   *cancellable,
                                        GError        **error);
gboolean dafu_layout_write_pdf_to_path (DafuLayout     *layout,
                                        const char     *path,
                                        GCancellable   *cancellable,
                                        GError        **error);

G_END_DECLS
