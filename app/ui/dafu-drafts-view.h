/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dafu-draft-editor.h"
#include "dafu-library.h"

G_BEGIN_DECLS

#define DAFU_TYPE_DRAFTS_VIEW (dafu_drafts_view_get_type ())

G_DECLARE_FINAL_TYPE (DafuDraftsView, dafu_drafts_view, DAFU, DRAFTS_VIEW, GtkWidget)

GtkWidget       *dafu_drafts_view_new             (void);
void             dafu_drafts_view_set_library     (DafuDraftsView *self,
                                                   DafuLibrary    *library);
DafuLibrary     *dafu_drafts_view_get_library     (DafuDraftsView *self);
void             dafu_drafts_view_set_view_stack  (DafuDraftsView *self,
                                                   AdwViewStack   *stack);
void             dafu_drafts_view_set_menu_model  (DafuDraftsView *self,
                                                   GMenuModel     *menu);
void             dafu_drafts_view_reload          (DafuDraftsView *self);
void             dafu_drafts_view_letters_changed (DafuDraftsView *self);
gboolean         dafu_drafts_view_get_loaded      (DafuDraftsView *self);
GListModel      *dafu_drafts_view_get_drafts      (DafuDraftsView *self);
DafuDraftEditor *dafu_drafts_view_get_editor      (DafuDraftsView *self);
DafuDraft       *dafu_drafts_view_new_draft       (DafuDraftsView *self);
DafuDraft       *dafu_drafts_view_new_reply_to    (DafuDraftsView *self,
                                                   DafuLetter     *letter);
void             dafu_drafts_view_new_reply       (DafuDraftsView *self);
void             dafu_drafts_view_open_draft      (DafuDraftsView *self,
                                                   DafuDraft      *draft);
gboolean         dafu_drafts_view_open_draft_id   (DafuDraftsView *self,
                                                   gint64          id);
gboolean         dafu_drafts_view_go_back         (DafuDraftsView *self);

G_END_DECLS
