/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dafu-library.h"

G_BEGIN_DECLS

DafuLetter *dafu_library_load_summary (DafuLibrary  *self,
                                       gint64        id,
                                       GError      **error);

void        dafu_library_set_ranked_hits (DafuLibrary *self,
                                          guint        n);

G_END_DECLS
