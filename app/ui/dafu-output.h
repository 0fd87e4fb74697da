/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dafu-document.h"
#include "dafu-export.h"

G_BEGIN_DECLS

GtkPrintOperation       *dafu_print_operation_new (DafuDocument            *document);
GtkPrintOperationResult  dafu_print_document      (GtkWindow               *parent,
                                                   DafuDocument            *document,
                                                   GtkPrintOperationAction  action,
                                                   const char              *export_filename,
                                                   GError                 **error);

void                     dafu_output_show_toast   (GtkWidget               *widget,
                                                   const char              *text);
void                     dafu_output_export       (GtkWidget               *widget,
                                                   DafuDocument            *document,
                                                   DafuExportFormat         format,
                                                   const char              *name,
                                                   gboolean                 is_public,
                                                   const char              *deputy_phone,
                                                   GCancellable            *cancellable);

G_END_DECLS
