/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dafu-types.h"

G_BEGIN_DECLS

/**
 * DafuLetterField:
 *
 * The fields read from a letter, in the order of `expected.json`. Each is a
 * string property of #DafuLetter whose name is the field's key with `-` for
 * `_` (`doc_number` is the property `doc-number`).
 */
typedef enum {
  DAFU_LETTER_FIELD_ISSUER,
  DAFU_LETTER_FIELD_CITY,
  DAFU_LETTER_FIELD_DOC_NUMBER,
  DAFU_LETTER_FIELD_CATEGORY,
  DAFU_LETTER_FIELD_SIGNER,
  DAFU_LETTER_FIELD_HEAD,
  DAFU_LETTER_FIELD_HANDLER,
  DAFU_LETTER_FIELD_KIND,
  DAFU_LETTER_FIELD_SESSION,
  DAFU_LETTER_FIELD_SUGGESTION_NUMBER,
  DAFU_LETTER_FIELD_ADDRESSEE,
  DAFU_LETTER_FIELD_ADDRESSEE_ROLE,
  DAFU_LETTER_FIELD_TITLE,
  DAFU_LETTER_FIELD_DATE,
  DAFU_LETTER_FIELD_CONTACT,
  DAFU_LETTER_FIELD_CONTACT_PHONE,
  DAFU_LETTER_FIELD_CC,
  DAFU_LETTER_FIELD_PUBLIC_NOTE,
  DAFU_LETTER_N_FIELDS
} DafuLetterField;

#define DAFU_TYPE_LETTER (dafu_letter_get_type ())

G_DECLARE_FINAL_TYPE (DafuLetter, dafu_letter, DAFU, LETTER, GObject)

DafuLetter       *dafu_letter_new               (void);

gint64            dafu_letter_get_id            (DafuLetter       *self);
void              dafu_letter_set_id            (DafuLetter       *self,
                                                 gint64            id);

const char       *dafu_letter_get_field         (DafuLetter       *self,
                                                 DafuLetterField   field);
void              dafu_letter_set_field         (DafuLetter       *self,
                                                 DafuLetterField   field,
                                                 const char       *value);
const char       *dafu_letter_field_key         (DafuLetterField   field);
gboolean          dafu_letter_field_from_key    (const char       *key,
                                                 DafuLetterField  *field);
gboolean          dafu_letter_field_is_valid    (DafuLetterField   field,
                                                 const char       *value,
                                                 GError          **error);

const char       *dafu_letter_get_title         (DafuLetter       *self);
const char       *dafu_letter_get_city          (DafuLetter       *self);
const char       *dafu_letter_get_date          (DafuLetter       *self);

const char       *dafu_letter_get_text          (DafuLetter       *self);
void              dafu_letter_set_text          (DafuLetter       *self,
                                                 const char       *text);
const char       *dafu_letter_get_file_name     (DafuLetter       *self);
void              dafu_letter_set_file_name     (DafuLetter       *self,
                                                 const char       *file_name);

DafuConsultation *dafu_letter_get_consultation  (DafuLetter       *self);
void              dafu_letter_set_consultation  (DafuLetter       *self,
                                                 DafuConsultation *consultation);

GListModel       *dafu_letter_get_sections      (DafuLetter       *self);
void              dafu_letter_append_section    (DafuLetter       *self,
                                                 DafuSection      *section);

G_END_DECLS
