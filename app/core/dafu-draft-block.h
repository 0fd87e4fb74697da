/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "dafu-clause.h"

G_BEGIN_DECLS

/**
 * DafuBlockKind:
 * @DAFU_BLOCK_KIND_TITLE: the letter's title (关于…的答复), generated
 * @DAFU_BLOCK_KIND_SALUTATION: 尊敬的…代表：, generated
 * @DAFU_BLOCK_KIND_OPENING: the acknowledgement
 * @DAFU_BLOCK_KIND_OVERVIEW: what has been done, in general
 * @DAFU_BLOCK_KIND_MEASURE: a measure
 * @DAFU_BLOCK_KIND_PROBLEM: a difficulty admitted
 * @DAFU_BLOCK_KIND_PLAN: the next steps
 * @DAFU_BLOCK_KIND_CLOSING: the thanks
 * @DAFU_BLOCK_KIND_SIGNATURE: issuer and date, generated
 * @DAFU_BLOCK_KIND_CONTACT: the contact note, generated
 * @DAFU_BLOCK_KIND_CC: the 抄送 line, generated
 * @DAFU_BLOCK_KIND_PUBLIC_NOTE: the disclosure note, generated
 * @DAFU_BLOCK_KIND_TEXT: any other paragraph
 *
 * What a block of a draft is. The generated kinds are written from the
 * draft's fields until the clerk edits them.
 */
typedef enum {
  DAFU_BLOCK_KIND_TITLE,
  DAFU_BLOCK_KIND_SALUTATION,
  DAFU_BLOCK_KIND_OPENING,
  DAFU_BLOCK_KIND_OVERVIEW,
  DAFU_BLOCK_KIND_MEASURE,
  DAFU_BLOCK_KIND_PROBLEM,
  DAFU_BLOCK_KIND_PLAN,
  DAFU_BLOCK_KIND_CLOSING,
  DAFU_BLOCK_KIND_SIGNATURE,
  DAFU_BLOCK_KIND_CONTACT,
  DAFU_BLOCK_KIND_CC,
  DAFU_BLOCK_KIND_PUBLIC_NOTE,
  DAFU_BLOCK_KIND_TEXT,
} DafuBlockKind;

#define DAFU_BLOCK_N_KINDS (DAFU_BLOCK_KIND_TEXT + 1)

#define DAFU_TYPE_DRAFT_BLOCK (dafu_draft_block_get_type ())

G_DECLARE_FINAL_TYPE (DafuDraftBlock, dafu_draft_block, DAFU, DRAFT_BLOCK, GObject)

/* A block is changed only through its DafuDraft (which keeps the undo
 * history); its properties ("kind", "text", "clause-id", "generated") notify
 * when the draft changes them. */
DafuDraftBlock *dafu_draft_block_new            (DafuBlockKind    kind,
                                                 const char      *text);
DafuDraftBlock *dafu_draft_block_copy           (DafuDraftBlock  *self);

DafuBlockKind   dafu_draft_block_get_kind       (DafuDraftBlock  *self);
const char     *dafu_draft_block_get_text       (DafuDraftBlock  *self);
gint64          dafu_draft_block_get_clause_id  (DafuDraftBlock  *self);
void            dafu_draft_block_set_clause_id  (DafuDraftBlock  *self,
                                                 gint64           clause_id);
gboolean        dafu_draft_block_get_generated  (DafuDraftBlock  *self);

const char     *dafu_block_kind_to_string       (DafuBlockKind    kind);
gboolean        dafu_block_kind_from_string     (const char      *string,
                                                 DafuBlockKind   *kind);
const char     *dafu_block_kind_get_label       (DafuBlockKind    kind);
gboolean        dafu_block_kind_is_generated    (DafuBlockKind    kind);
DafuBlockKind   dafu_block_kind_for_clause      (DafuClauseKind   kind,
                                                 const char      *text);

/* For DafuDraft only. */
void            _dafu_draft_block_set_text      (DafuDraftBlock  *self,
                                                 const char      *text);
void            _dafu_draft_block_set_kind      (DafuDraftBlock  *self,
                                                 DafuBlockKind    kind);
void            _dafu_draft_block_set_generated (DafuDraftBlock  *self,
                                                 gboolean         generated);

G_END_DECLS
