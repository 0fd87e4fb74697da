/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * DafuCheckKind:
 * @DAFU_CHECK_DOC_NUMBER_BRACKETS: a 文号 whose year is not in 〔〕
 * @DAFU_CHECK_DOC_NUMBER_YEAR: the letter's own 文号 has another year than
 *   the letter
 * @DAFU_CHECK_DATE_FORMAT: a date not written as 2026年11月22日
 * @DAFU_CHECK_CATEGORY_WORDING: the wording contradicts the category
 * @DAFU_CHECK_PERSONAL_DATA: a mobile or ID-card number in a public letter
 * @DAFU_CHECK_UNFILLED_PLACEHOLDER: a `{名称}` with no value
 * @DAFU_CHECK_UNANSWERED_POINT: a point of the suggestion no block answers
 * @DAFU_CHECK_DEPUTY_PHONE: the deputy's personal phone in a public letter
 *
 * What a #DafuCheckIssue complains about.
 */
typedef enum {
  DAFU_CHECK_DOC_NUMBER_BRACKETS,
  DAFU_CHECK_DOC_NUMBER_YEAR,
  DAFU_CHECK_DATE_FORMAT,
  DAFU_CHECK_CATEGORY_WORDING,
  DAFU_CHECK_PERSONAL_DATA,
  DAFU_CHECK_UNFILLED_PLACEHOLDER,
  DAFU_CHECK_UNANSWERED_POINT,
  DAFU_CHECK_DEPUTY_PHONE,
} DafuCheckKind;

/**
 * DafuCheckIssue:
 * @kind: what is wrong
 * @start: the first character of the fault in the checked text
 * @end: the character after the fault; @start and @end are both 0 when the
 *   issue is about a field rather than a place in the text
 * @message: what is wrong and how to fix it, translated, for the clerk
 * @block: in a draft's checks, the block the fault is in (@start and @end
 *   count in its rendered text), or -1 for a field or the whole draft
 *
 * One fault found by the drafting checks.
 */
typedef struct {
  DafuCheckKind  kind;
  guint          start;
  guint          end;
  char          *message;
  int            block;
} DafuCheckIssue;

#define DAFU_TYPE_CHECK_ISSUE (dafu_check_issue_get_type ())

GType           dafu_check_issue_get_type        (void) G_GNUC_CONST;
DafuCheckIssue *dafu_check_issue_new             (DafuCheckKind   kind,
                                                  guint           start,
                                                  guint           end,
                                                  const char     *message);
DafuCheckIssue *dafu_check_issue_copy            (const DafuCheckIssue *issue);
void            dafu_check_issue_free            (DafuCheckIssue *issue);

GPtrArray      *dafu_checks_run                  (const char     *text,
                                                  const char     *doc_number,
                                                  int             year,
                                                  const char     *category,
                                                  gboolean        is_public);

GPtrArray      *dafu_check_doc_number            (const char     *doc_number,
                                                  int             year);
GPtrArray      *dafu_check_doc_numbers_in_text   (const char     *text,
                                                  const char     *doc_number,
                                                  int             year);
GPtrArray      *dafu_check_dates                 (const char     *text);
GPtrArray      *dafu_check_category_wording      (const char     *text,
                                                  const char     *category);
GPtrArray      *dafu_check_personal_data         (const char     *text);

gboolean        dafu_check_is_id_card_number     (const char     *number);

/* The draft's checks (dafu_draft_check() runs them block by block). */
gboolean        dafu_check_is_public             (const char     *public_note);
GPtrArray      *dafu_checks_run_block            (const char     *text,
                                                  const char     *doc_number,
                                                  int             year,
                                                  const char     *category,
                                                  gboolean        is_public,
                                                  const char     *deputy_phone);
GPtrArray      *dafu_check_unfilled_placeholders (const char     *text,
                                                  GHashTable     *values);
GPtrArray      *dafu_check_deputy_phone          (const char     *text,
                                                  const char     *deputy_phone);
int             dafu_check_find_answer           (const char     *point,
                                                  const char * const *texts);
GPtrArray      *dafu_check_points                (const char * const *points,
                                                  const char * const *texts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DafuCheckIssue, dafu_check_issue_free)

G_END_DECLS
