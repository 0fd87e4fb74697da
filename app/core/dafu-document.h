/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dafu-draft.h"
#include "dafu-letter.h"

G_BEGIN_DECLS

/**
 * DafuDocRole:
 * @DAFU_DOC_ROLE_ISSUER: 发文机关标志 (the issuing office, red, at the top)
 * @DAFU_DOC_ROLE_DOC_NUMBER: 文号, flush right under the red rule
 * @DAFU_DOC_ROLE_CATEGORY: the category mark (A/B/C), top right
 * @DAFU_DOC_ROLE_SIGNER: 签发人
 * @DAFU_DOC_ROLE_TITLE: the letter's title, 2号 小标宋, centred
 * @DAFU_DOC_ROLE_SALUTATION: 尊敬的…代表：, flush left
 * @DAFU_DOC_ROLE_BODY: a body paragraph, 3号 仿宋, first-line indent 2
 * @DAFU_DOC_ROLE_HEADING_1: 一、…, 黑体
 * @DAFU_DOC_ROLE_HEADING_2: （一）…, 楷体
 * @DAFU_DOC_ROLE_HEADING_3: 1. …, 仿宋
 * @DAFU_DOC_ROLE_SIGNATURE: the issuing office under the body
 * @DAFU_DOC_ROLE_DATE: the date under the signature (2026年11月23日)
 * @DAFU_DOC_ROLE_NOTE: 附注: the contact note or the disclosure note, in
 *   parentheses below the date
 * @DAFU_DOC_ROLE_CC: 抄送, 4号, at the foot of the last page
 *
 * What a paragraph of a laid-out letter is, which decides its font, size
 * and place (GB/T 9704-2012, letter format).
 */
typedef enum {
  DAFU_DOC_ROLE_ISSUER,
  DAFU_DOC_ROLE_DOC_NUMBER,
  DAFU_DOC_ROLE_CATEGORY,
  DAFU_DOC_ROLE_SIGNER,
  DAFU_DOC_ROLE_TITLE,
  DAFU_DOC_ROLE_SALUTATION,
  DAFU_DOC_ROLE_BODY,
  DAFU_DOC_ROLE_HEADING_1,
  DAFU_DOC_ROLE_HEADING_2,
  DAFU_DOC_ROLE_HEADING_3,
  DAFU_DOC_ROLE_SIGNATURE,
  DAFU_DOC_ROLE_DATE,
  DAFU_DOC_ROLE_NOTE,
  DAFU_DOC_ROLE_CC,
} DafuDocRole;

/**
 * DafuDocPart:
 * @role: what the paragraph is
 * @text: its text: one paragraph, no line breaks, no placeholders
 */
typedef struct {
  DafuDocRole  role;
  char        *text;
} DafuDocPart;

#define DAFU_TYPE_DOCUMENT (dafu_document_get_type ())

G_DECLARE_FINAL_TYPE (DafuDocument, dafu_document, DAFU, DOCUMENT, GObject)

/*
 * A letter as the official layout sees it: its parts in reading order,
 * each with its role, and the fields the layout needs (the title for the
 * PDF's metadata, the issuer for its author). Made from a draft (which must
 * have no unfilled placeholder) or from a letter of the library; the
 * layout engine (dafu-layout.h) and the .docx writer (dafu-docx.h) both
 * read it, so that the PDF, the print-out and the Word file say the same.
 */
DafuDocument      *dafu_document_new               (void);
DafuDocument      *dafu_document_new_from_draft    (DafuDraft      *draft,
                                                    GError        **error);
DafuDocument      *dafu_document_new_from_letter   (DafuLetter     *letter);

void               dafu_document_append            (DafuDocument   *self,
                                                    DafuDocRole     role,
                                                    const char     *text);
guint              dafu_document_get_n_parts       (DafuDocument   *self);
const DafuDocPart *dafu_document_get_part          (DafuDocument   *self,
                                                    guint           index);
const char        *dafu_document_get_title         (DafuDocument   *self);
const char        *dafu_document_get_author        (DafuDocument   *self);
char              *dafu_document_to_text           (DafuDocument   *self);

const char        *dafu_doc_role_to_string         (DafuDocRole     role);
DafuDocRole        dafu_doc_role_for_line          (const char     *line);

G_END_DECLS
