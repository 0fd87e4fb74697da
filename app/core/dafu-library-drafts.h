/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dafu-clause.h"
#include "dafu-draft.h"
#include "dafu-library.h"

G_BEGIN_DECLS

/*
 * Drafts, clauses and the 文号 register, kept in the library's database
 * (tables drafts, draft_blocks, clauses, clause_sources, doc_numbers).
 * Each call is one transaction; the _async ones run on a worker thread with
 * a connection of their own, and take a copy of the draft they are given,
 * so the caller may go on editing it.
 */

/* Drafts */
GPtrArray  *dafu_library_list_drafts          (DafuLibrary          *self,
                                               GError              **error);
DafuDraft  *dafu_library_load_draft           (DafuLibrary          *self,
                                               gint64                id,
                                               GError              **error);
gboolean    dafu_library_save_draft           (DafuLibrary          *self,
                                               DafuDraft            *draft,
                                               GError              **error);
gboolean    dafu_library_delete_draft         (DafuLibrary          *self,
                                               gint64                id,
                                               GError              **error);
gboolean    dafu_library_trash_draft          (DafuLibrary          *self,
                                               gint64                id,
                                               gboolean              trashed,
                                               GError              **error);
gint64      dafu_library_finalize_draft       (DafuLibrary          *self,
                                               DafuDraft            *draft,
                                               GError              **error);

void        dafu_library_list_drafts_async    (DafuLibrary          *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GPtrArray  *dafu_library_list_drafts_finish   (DafuLibrary          *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void        dafu_library_save_draft_async     (DafuLibrary          *self,
                                               DafuDraft            *draft,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
void        dafu_library_save_draft_full_async (DafuLibrary         *self,
                                                DafuDraft           *draft,
                                                gboolean             editing,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gint64      dafu_library_save_draft_finish    (DafuLibrary          *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void        dafu_library_trash_draft_async    (DafuLibrary          *self,
                                               gint64                id,
                                               gboolean              trashed,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean    dafu_library_trash_draft_finish   (DafuLibrary          *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void        dafu_library_finalize_draft_async (DafuLibrary          *self,
                                               DafuDraft            *draft,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
/* Returns the new letter's id; the draft's copy that was finalized (with
 * its 文号 as reserved) is in @finalized. */
gint64      dafu_library_finalize_draft_finish (DafuLibrary         *self,
                                                GAsyncResult        *result,
                                                DafuDraft          **finalized,
                                                GError             **error);

/* The 文号 register */
guint       dafu_library_next_doc_number      (DafuLibrary          *self,
                                               const char           *prefix,
                                               int                   year,
                                               GError              **error);
gboolean    dafu_library_reserve_doc_number   (DafuLibrary          *self,
                                               const char           *prefix,
                                               int                   year,
                                               gint64                draft_id,
                                               guint                *number,
                                               GError              **error);
char       *dafu_library_propose_doc_number   (DafuLibrary          *self,
                                               const char           *issuer_or_prefix,
                                               int                   year,
                                               GError              **error);

void        dafu_library_propose_doc_number_async  (DafuLibrary     *self,
                                                    const char      *issuer_or_prefix,
                                                    int              year,
                                                    GCancellable    *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer         user_data);
char       *dafu_library_propose_doc_number_finish (DafuLibrary     *self,
                                                    GAsyncResult    *result,
                                                    GError         **error);

/* Clauses */
GPtrArray  *dafu_library_list_clauses         (DafuLibrary          *self,
                                               GError              **error);
gboolean    dafu_library_save_clause          (DafuLibrary          *self,
                                               DafuClause           *clause,
                                               GError              **error);
gboolean    dafu_library_delete_clause        (DafuLibrary          *self,
                                               gint64                id,
                                               GError              **error);
gboolean    dafu_library_note_clause_used     (DafuLibrary          *self,
                                               gint64                id,
                                               GError              **error);
guint       dafu_library_mine_clauses         (DafuLibrary          *self,
                                               GCancellable         *cancellable,
                                               GError              **error);
gboolean    dafu_library_update_clauses       (DafuLibrary          *self,
                                               GCancellable         *cancellable,
                                               GError              **error);

void        dafu_library_list_clauses_async   (DafuLibrary          *self,
                                               gboolean              mine_first,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GPtrArray  *dafu_library_list_clauses_finish  (DafuLibrary          *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void        dafu_library_save_clause_async    (DafuLibrary          *self,
                                               DafuClause           *clause,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gint64      dafu_library_save_clause_finish   (DafuLibrary          *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void        dafu_library_delete_clause_async  (DafuLibrary          *self,
                                               gint64                id,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean    dafu_library_delete_clause_finish (DafuLibrary          *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void        dafu_library_note_clause_used_async (DafuLibrary        *self,
                                                 gint64              id);

G_END_DECLS
