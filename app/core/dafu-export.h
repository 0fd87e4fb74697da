/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dafu-document.h"

G_BEGIN_DECLS

/**
 * DafuExportFormat:
 * @DAFU_EXPORT_PDF: the official layout as PDF
 * @DAFU_EXPORT_DOCX: the official layout as a Word file
 * @DAFU_EXPORT_TEXT: plain UTF-8 text
 */
typedef enum {
  DAFU_EXPORT_PDF,
  DAFU_EXPORT_DOCX,
  DAFU_EXPORT_TEXT,
} DafuExportFormat;

gboolean  dafu_export_format_from_name (const char        *name,
                                        DafuExportFormat  *format);
gboolean  dafu_export_write            (DafuDocument      *document,
                                        DafuExportFormat   format,
                                        GOutputStream     *out,
                                        char             **fonts,
                                        GCancellable      *cancellable,
                                        GError           **error);
gboolean  dafu_export_to_file          (DafuDocument      *document,
                                        DafuExportFormat   format,
                                        GFile             *file,
                                        char             **fonts,
                                        GCancellable      *cancellable,
                                        GError           **error);
void      dafu_export_to_file_async    (DafuDocument      *document,
                                        DafuExportFormat   format,
                                        GFile             *file,
                                        GCancellable      *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer           user_data);
gboolean  dafu_export_to_file_finish   (GAsyncResult      *result,
                                        char             **fonts,
                                        GError           **error);

G_END_DECLS
