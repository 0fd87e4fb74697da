/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dafu-clause.h"
#include "dafu-draft-block.h"
#include "dafu-letter.h"

G_BEGIN_DECLS

/**
 * DafuDraftState:
 * @DAFU_DRAFT_STATE_DRAFT: being written
 * @DAFU_DRAFT_STATE_FINAL: finalized: its 文号 is reserved and the letter is
 *   in the library
 */
typedef enum {
  DAFU_DRAFT_STATE_DRAFT,
  DAFU_DRAFT_STATE_FINAL,
} DafuDraftState;

#define DAFU_TYPE_DRAFT (dafu_draft_get_type ())

G_DECLARE_FINAL_TYPE (DafuDraft, dafu_draft, DAFU, DRAFT, GObject)

/*
 * A reply being written: the letter's fields, the suggestion's points and
 * an ordered list of blocks (a GListModel of DafuDraftBlock, from
 * dafu_draft_get_blocks()). Every change goes through the functions below,
 * which record it for undo, bump the revision and emit ::changed; nothing
 * here touches the database (see DafuLibrary's draft calls and DafuAutosave).
 *
 * Placeholders ({代表} …) stay in the blocks' text; dafu_draft_render_text()
 * fills them from the fields (dafu_placeholders_values_from_letter()'s
 * names) and from the draft's own values for other names.
 */

DafuDraft      *dafu_draft_new                 (void);
DafuDraft      *dafu_draft_new_reply_to        (DafuLetter      *suggestion_or_letter);
DafuDraft      *dafu_draft_copy                (DafuDraft       *self);

gint64          dafu_draft_get_id              (DafuDraft       *self);
void            dafu_draft_set_id              (DafuDraft       *self,
                                                gint64           id);
DafuDraftState  dafu_draft_get_state           (DafuDraft       *self);
void            dafu_draft_set_state           (DafuDraft       *self,
                                                DafuDraftState   state);
gint64          dafu_draft_get_letter_id       (DafuDraft       *self);
void            dafu_draft_set_letter_id       (DafuDraft       *self,
                                                gint64           letter_id);
gint64          dafu_draft_get_created         (DafuDraft       *self);
void            dafu_draft_set_created         (DafuDraft       *self,
                                                gint64           unix_time);
gint64          dafu_draft_get_updated         (DafuDraft       *self);
void            dafu_draft_set_updated         (DafuDraft       *self,
                                                gint64           unix_time);
guint64         dafu_draft_get_revision        (DafuDraft       *self);
gboolean        dafu_draft_get_interrupted     (DafuDraft       *self);
void            dafu_draft_set_interrupted     (DafuDraft       *self,
                                                gboolean         interrupted);

/* Fields: the DafuLetterField set. Setting one is undoable, regenerates
 * the generated blocks that use it and notifies "field-changed". */
const char     *dafu_draft_get_field           (DafuDraft       *self,
                                                DafuLetterField  field);
void            dafu_draft_set_field           (DafuDraft       *self,
                                                DafuLetterField  field,
                                                const char      *value);
const char     *dafu_draft_get_points          (DafuDraft       *self);
void            dafu_draft_set_points          (DafuDraft       *self,
                                                const char      *points);
char          **dafu_draft_dup_point_list      (DafuDraft       *self);

/* Values for placeholders that are not fields ({项目名称} …). */
const char     *dafu_draft_get_value           (DafuDraft       *self,
                                                const char      *name);
void            dafu_draft_set_value           (DafuDraft       *self,
                                                const char      *name,
                                                const char      *value);
GHashTable     *dafu_draft_dup_values          (DafuDraft       *self);
char          **dafu_draft_dup_unknown_names   (DafuDraft       *self);

/* A short name for lists: the generated title, else the suggestion's. */
char           *dafu_draft_dup_display_title   (DafuDraft       *self);

/* Blocks */
GListModel     *dafu_draft_get_blocks          (DafuDraft       *self);
guint           dafu_draft_get_n_blocks        (DafuDraft       *self);
DafuDraftBlock *dafu_draft_get_block           (DafuDraft       *self,
                                                guint            position);
void            dafu_draft_insert_block        (DafuDraft       *self,
                                                guint            position,
                                                DafuDraftBlock  *block);
guint           dafu_draft_insert_clause       (DafuDraft       *self,
                                                guint            position,
                                                DafuClause      *clause);
void            dafu_draft_remove_block        (DafuDraft       *self,
                                                guint            position);
void            dafu_draft_move_block          (DafuDraft       *self,
                                                guint            from,
                                                guint            to);
void            dafu_draft_set_block_text      (DafuDraft       *self,
                                                guint            position,
                                                const char      *text);
void            dafu_draft_set_block_kind      (DafuDraft       *self,
                                                guint            position,
                                                DafuBlockKind    kind);
guint           dafu_draft_find_block          (DafuDraft       *self,
                                                DafuDraftBlock  *block);

/* Standard parts */
char           *dafu_draft_generate_part       (DafuDraft       *self,
                                                DafuBlockKind    kind);
void            dafu_draft_add_standard_parts  (DafuDraft       *self);
guint           dafu_draft_suggest_position    (DafuDraft       *self,
                                                DafuBlockKind    kind);

/* Undo */
gboolean        dafu_draft_can_undo            (DafuDraft       *self);
gboolean        dafu_draft_can_redo            (DafuDraft       *self);
gboolean        dafu_draft_undo                (DafuDraft       *self);
gboolean        dafu_draft_redo                (DafuDraft       *self);
void            dafu_draft_break_undo_group    (DafuDraft       *self);
/* Forgets the history (after loading a draft from the database). */
void            dafu_draft_clear_undo          (DafuDraft       *self);

/* Output */
char           *dafu_draft_render_block        (DafuDraft       *self,
                                                guint            position,
                                                GPtrArray      **unfilled);
char           *dafu_draft_render_text         (DafuDraft       *self,
                                                GPtrArray      **unfilled);
DafuLetter     *dafu_draft_to_letter           (DafuDraft       *self);

/* Checks: a GPtrArray of DafuCheckIssue (dafu-checks.h), in block order. */
GPtrArray      *dafu_draft_check               (DafuDraft       *self);

/* 文号: splits 咸民函〔2026〕12号 into prefix 咸民函, year 2026 and 12
 * (0 when the number is N, ？ or missing); FALSE when it has no year. */
gboolean        dafu_doc_number_split          (const char      *doc_number,
                                                char           **prefix,
                                                int             *year,
                                                guint           *number);
char           *dafu_doc_number_format         (const char      *prefix,
                                                int              year,
                                                guint            number);

G_END_DECLS
