/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dafu-draft-editor.h"
#include "dafu-document.h"

G_BEGIN_DECLS

/* dafu-draft-editor.c, for the editor's other parts */
GtkWindow    *dafu_draft_editor_parent_window          (DafuDraftEditor *self);
void          dafu_draft_editor_show_toast             (DafuDraftEditor *self,
                                                        const char      *text);
GCancellable *dafu_draft_editor_get_cancellable        (DafuDraftEditor *self);

/* dafu-draft-editor-layout.c: the official layout's preview, export and
 * printing */
void          dafu_draft_editor_install_layout_actions (GtkWidgetClass  *widget_class);
void          dafu_draft_editor_update_layout_actions  (DafuDraftEditor *self);
DafuDocument *dafu_draft_editor_preview_document       (DafuDraft       *draft);

G_END_DECLS
