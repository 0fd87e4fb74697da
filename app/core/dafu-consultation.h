/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dafu-types.h"

G_BEGIN_DECLS

#define DAFU_TYPE_CONSULTATION (dafu_consultation_get_type ())

G_DECLARE_FINAL_TYPE (DafuConsultation, dafu_consultation, DAFU, CONSULTATION, GObject)

DafuConsultation *dafu_consultation_new                   (void);
const char       *dafu_consultation_get_date              (DafuConsultation *self);
const char       *dafu_consultation_get_place             (DafuConsultation *self);
const char       *dafu_consultation_get_officer           (DafuConsultation *self);
const char       *dafu_consultation_get_officer_phone     (DafuConsultation *self);
const char       *dafu_consultation_get_deputy_phone      (DafuConsultation *self);
int               dafu_consultation_get_suggestion_points (DafuConsultation *self);
int               dafu_consultation_get_reply_points      (DafuConsultation *self);

G_END_DECLS
