/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dafu-types.h"

G_BEGIN_DECLS

/**
 * DafuSectionKind:
 * @DAFU_SECTION_KIND_OPENING: the greeting and the paragraphs before the measures
 * @DAFU_SECTION_KIND_MEASURE: what the department has done
 * @DAFU_SECTION_KIND_PROBLEM: difficulties the reply admits
 * @DAFU_SECTION_KIND_PLAN: what the department will do next
 * @DAFU_SECTION_KIND_CLOSING: thanks and the request for feedback
 * @DAFU_SECTION_KIND_SIGNATURE: the issuing office, date and contact lines
 * @DAFU_SECTION_KIND_FOOTER: 抄送, 印发 and the disclosure note
 */
typedef enum {
  DAFU_SECTION_KIND_OPENING,
  DAFU_SECTION_KIND_MEASURE,
  DAFU_SECTION_KIND_PROBLEM,
  DAFU_SECTION_KIND_PLAN,
  DAFU_SECTION_KIND_CLOSING,
  DAFU_SECTION_KIND_SIGNATURE,
  DAFU_SECTION_KIND_FOOTER,
} DafuSectionKind;

#define DAFU_TYPE_SECTION (dafu_section_get_type ())

G_DECLARE_FINAL_TYPE (DafuSection, dafu_section, DAFU, SECTION, GObject)

DafuSection     *dafu_section_new           (const char      *heading,
                                             guint            level,
                                             DafuSectionKind  kind,
                                             const char      *text);
const char      *dafu_section_get_heading   (DafuSection     *self);
guint            dafu_section_get_level     (DafuSection     *self);
DafuSectionKind  dafu_section_get_kind      (DafuSection     *self);
const char      *dafu_section_get_text      (DafuSection     *self);
void             dafu_section_set_text      (DafuSection     *self,
                                             const char      *text);

const char      *dafu_section_kind_to_string   (DafuSectionKind  kind);
gboolean         dafu_section_kind_from_string (const char      *nick,
                                                DafuSectionKind *kind);

G_END_DECLS
