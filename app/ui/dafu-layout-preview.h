/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dafu-document.h"

G_BEGIN_DECLS

#define DAFU_TYPE_LAYOUT_PREVIEW (dafu_layout_preview_get_type ())

G_DECLARE_FINAL_TYPE (DafuLayoutPreview, dafu_layout_preview, DAFU, LAYOUT_PREVIEW, GtkWidget)

GtkWidget    *dafu_layout_preview_new           (void);
void          dafu_layout_preview_set_document  (DafuLayoutPreview *self,
                                                 DafuDocument      *document);
DafuDocument *dafu_layout_preview_get_document  (DafuLayoutPreview *self);
guint         dafu_layout_preview_get_n_pages   (DafuLayoutPreview *self);
guint         dafu_layout_preview_get_page      (DafuLayoutPreview *self);
void          dafu_layout_preview_set_page      (DafuLayoutPreview *self,
                                                 guint              page);
gboolean      dafu_layout_preview_get_busy      (DafuLayoutPreview *self);
const char   *dafu_layout_preview_get_fonts     (DafuLayoutPreview *self);

G_END_DECLS
