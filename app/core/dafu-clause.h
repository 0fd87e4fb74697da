/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "dafu-types.h"

G_BEGIN_DECLS

/**
 * DafuClauseKind:
 * @DAFU_CLAUSE_KIND_OPENING: the acknowledgement (您提出的《…》收悉…)
 * @DAFU_CLAUSE_KIND_OVERVIEW: what the city has done, in general
 * @DAFU_CLAUSE_KIND_MEASURE: a measure, usually of one theme
 * @DAFU_CLAUSE_KIND_PROBLEM: a difficulty the reply admits
 * @DAFU_CLAUSE_KIND_PLAN: what the department will do next (下一步)
 * @DAFU_CLAUSE_KIND_CLOSING: the thanks and request for further advice
 * @DAFU_CLAUSE_KIND_SIGNATURE: the issuing office and date
 * @DAFU_CLAUSE_KIND_CONTACT: the contact note
 * @DAFU_CLAUSE_KIND_FOOTER: 抄送 and the disclosure note
 *
 * The part of a reply a clause is written for.
 */
typedef enum {
  DAFU_CLAUSE_KIND_OPENING,
  DAFU_CLAUSE_KIND_OVERVIEW,
  DAFU_CLAUSE_KIND_MEASURE,
  DAFU_CLAUSE_KIND_PROBLEM,
  DAFU_CLAUSE_KIND_PLAN,
  DAFU_CLAUSE_KIND_CLOSING,
  DAFU_CLAUSE_KIND_SIGNATURE,
  DAFU_CLAUSE_KIND_CONTACT,
  DAFU_CLAUSE_KIND_FOOTER,
} DafuClauseKind;

#define DAFU_CLAUSE_N_KINDS (DAFU_CLAUSE_KIND_FOOTER + 1)

#define DAFU_TYPE_CLAUSE (dafu_clause_get_type ())

G_DECLARE_FINAL_TYPE (DafuClause, dafu_clause, DAFU, CLAUSE, GObject)

DafuClause     *dafu_clause_new               (DafuClauseKind   kind,
                                               const char      *title,
                                               const char      *text);
DafuClause     *dafu_clause_copy              (DafuClause      *self);

const char     *dafu_clause_kind_to_string    (DafuClauseKind   kind);
gboolean        dafu_clause_kind_from_string  (const char      *string,
                                               DafuClauseKind  *kind);
const char     *dafu_clause_kind_get_label    (DafuClauseKind   kind);

gint64          dafu_clause_get_id            (DafuClause      *self);
void            dafu_clause_set_id            (DafuClause      *self,
                                               gint64           id);
DafuClauseKind  dafu_clause_get_kind          (DafuClause      *self);
void            dafu_clause_set_kind          (DafuClause      *self,
                                               DafuClauseKind   kind);
const char     *dafu_clause_get_title         (DafuClause      *self);
void            dafu_clause_set_title         (DafuClause      *self,
                                               const char      *title);
const char     *dafu_clause_get_text          (DafuClause      *self);
void            dafu_clause_set_text          (DafuClause      *self,
                                               const char      *text);
const char * const *dafu_clause_get_themes    (DafuClause      *self);
void            dafu_clause_set_themes        (DafuClause      *self,
                                               const char * const *themes);
const gint64   *dafu_clause_get_sources       (DafuClause      *self,
                                               guint           *n_sources);
void            dafu_clause_set_sources       (DafuClause      *self,
                                               const gint64    *letter_ids,
                                               guint            n_sources);
const char * const *dafu_clause_get_cities    (DafuClause      *self);
void            dafu_clause_set_cities        (DafuClause      *self,
                                               const char * const *cities);
guint           dafu_clause_get_n_letters     (DafuClause      *self);
void            dafu_clause_set_n_letters     (DafuClause      *self,
                                               guint            n_letters);
guint           dafu_clause_get_use_count     (DafuClause      *self);
void            dafu_clause_set_use_count     (DafuClause      *self,
                                               guint            use_count);
gboolean        dafu_clause_get_favourite     (DafuClause      *self);
void            dafu_clause_set_favourite     (DafuClause      *self,
                                               gboolean         favourite);
gboolean        dafu_clause_get_mined         (DafuClause      *self);
void            dafu_clause_set_mined         (DafuClause      *self,
                                               gboolean         mined);
const char     *dafu_clause_get_fingerprint   (DafuClause      *self);
void            dafu_clause_set_fingerprint   (DafuClause      *self,
                                               const char      *fingerprint);
gint64          dafu_clause_get_last_used     (DafuClause      *self);
void            dafu_clause_set_last_used     (DafuClause      *self,
                                               gint64           unix_time);
gint64          dafu_clause_get_created       (DafuClause      *self);
void            dafu_clause_set_created       (DafuClause      *self,
                                               gint64           unix_time);
gint64          dafu_clause_get_updated       (DafuClause      *self);
void            dafu_clause_set_updated       (DafuClause      *self,
                                               gint64           unix_time);

gboolean        dafu_clause_matches           (DafuClause      *self,
                                               const char      *folded_needle);

G_END_DECLS
