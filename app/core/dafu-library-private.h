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

DafuDb     *dafu_library_get_db         (DafuLibrary  *self);
DafuLetter *dafu_library_load_letter_db (DafuDb       *db,
                                         gint64        id,
                                         gboolean      full,
                                         GError      **error);
gint64      dafu_library_add_letter_db  (DafuDb       *db,
                                         DafuLetter   *letter,
                                         GError      **error);

typedef gboolean (*DafuLibraryJob) (DafuDb        *db,
                                    gpointer       data,
                                    GCancellable  *cancellable,
                                    GError       **error);

void        dafu_library_run_job        (DafuLibrary         *self,
                                         DafuLibraryJob       job,
                                         gpointer             data,
                                         GDestroyNotify       data_free,
                                         gboolean             check_cancellable,
                                         gpointer             source_tag,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gpointer    dafu_library_job_finish     (DafuLibrary         *self,
                                         GAsyncResult        *result,
                                         gpointer             source_tag,
                                         GError             **error);

G_END_DECLS
