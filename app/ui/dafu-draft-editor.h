/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dafu-autosave.h"
#include "dafu-block-row.h"
#include "dafu-clause-pane.h"
#include "dafu-draft.h"
#include "dafu-library.h"

G_BEGIN_DECLS

#define DAFU_TYPE_DRAFT_EDITOR (dafu_draft_editor_get_type ())

G_DECLARE_FINAL_TYPE (DafuDraftEditor, dafu_draft_editor, DAFU, DRAFT_EDITOR, GtkWidget)

GtkWidget      *dafu_draft_editor_new              (void);
void            dafu_draft_editor_set_library      (DafuDraftEditor     *self,
                                                    DafuLibrary         *library);
DafuLibrary    *dafu_draft_editor_get_library      (DafuDraftEditor     *self);
void            dafu_draft_editor_set_draft        (DafuDraftEditor     *self,
                                                    DafuDraft           *draft);
DafuDraft      *dafu_draft_editor_get_draft        (DafuDraftEditor     *self);
DafuAutosave   *dafu_draft_editor_get_autosave     (DafuDraftEditor     *self);
void            dafu_draft_editor_close_async      (DafuDraftEditor     *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean        dafu_draft_editor_close_finish     (DafuDraftEditor     *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
gboolean        dafu_draft_editor_get_folded       (DafuDraftEditor     *self);
void            dafu_draft_editor_set_folded       (DafuDraftEditor     *self,
                                                    gboolean             folded);
DafuClausePane *dafu_draft_editor_get_clause_pane  (DafuDraftEditor     *self);
DafuBlockRow   *dafu_draft_editor_get_block_row    (DafuDraftEditor     *self,
                                                    guint                position);
AdwEntryRow    *dafu_draft_editor_get_field_row    (DafuDraftEditor     *self,
                                                    DafuLetterField      field);
AdwEntryRow    *dafu_draft_editor_get_value_row    (DafuDraftEditor     *self,
                                                    const char          *name);
GtkTextView    *dafu_draft_editor_get_points_view  (DafuDraftEditor     *self);
guint           dafu_draft_editor_insert_clause    (DafuDraftEditor     *self,
                                                    DafuClause          *clause);
void            dafu_draft_editor_check_now        (DafuDraftEditor     *self);
guint           dafu_draft_editor_get_n_issues     (DafuDraftEditor     *self);
GPtrArray      *dafu_draft_editor_get_issues       (DafuDraftEditor     *self);
void            dafu_draft_editor_show_issue       (DafuDraftEditor     *self,
                                                    guint                index);
char           *dafu_draft_editor_dup_save_state   (DafuDraftEditor     *self);

G_END_DECLS
