/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dafu-types.h"

G_BEGIN_DECLS

#define DAFU_TYPE_FACET (dafu_facet_get_type ())

G_DECLARE_FINAL_TYPE (DafuFacet, dafu_facet, DAFU, FACET, GObject)

DafuFacet  *dafu_facet_new       (const char *value,
                                  guint       count);
const char *dafu_facet_get_value (DafuFacet  *self);
guint       dafu_facet_get_count (DafuFacet  *self);

G_END_DECLS
