/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dafu-library.h"

G_BEGIN_DECLS

DafuLetter *dafu_library_load_summary (DafuLibrary  *self,
                                       gint64        id,
                                       GError      **error);

DafuLetter *dafu_library_load_summary_by_key (DafuLibrary  *self,
                                              gint64        key,
                                              GError      **error);
gint64      dafu_library_id_for_key (DafuLibrary *self,
                                     gint64       key);
void        dafu_library_set_ranked_hits (DafuLibrary *self,
                                          guint        n);

G_END_DECLS
