/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dafu-db.h"
#include "dafu-letter.h"
#include "dafu-types.h"

G_BEGIN_DECLS

/**
 * DafuSort:
 * @DAFU_SORT_RELEVANCE: best match first (plain listings fall back to date)
 * @DAFU_SORT_DATE: newest first, undated letters last
 * @DAFU_SORT_TITLE: by title
 */
typedef enum {
  DAFU_SORT_RELEVANCE,
  DAFU_SORT_DATE,
  DAFU_SORT_TITLE,
} DafuSort;

/**
 * DafuImportProgressFunc:
 * @done: files read so far
 * @total: files to read
 * @user_data: the data given with the function
 */
typedef void (*DafuImportProgressFunc) (guint    done,
                                        guint    total,
                                        gpointer user_data);

#define DAFU_TYPE_LIBRARY (dafu_library_get_type ())

G_DECLARE_FINAL_TYPE (DafuLibrary, dafu_library, DAFU, LIBRARY, GObject)

char             *dafu_library_default_path   (void);
DafuLibrary      *dafu_library_new            (const char           *path,
                                               GCancellable         *cancellable,
                                               GError              **error);
void              dafu_library_new_async      (const char           *path,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
DafuLibrary      *dafu_library_new_finish     (GAsyncResult         *result,
                                               GError              **error);
const char       *dafu_library_get_path       (DafuLibrary          *self);
gboolean          dafu_library_is_read_only   (DafuLibrary          *self);

gint64            dafu_library_count          (DafuLibrary          *self,
                                               GError              **error);
void              dafu_library_count_async    (DafuLibrary          *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gint64            dafu_library_count_finish   (DafuLibrary          *self,
                                               GAsyncResult         *result,
                                               GError              **error);

DafuImportReport *dafu_library_import         (DafuLibrary          *self,
                                               GFile * const        *files,
                                               guint                 n_files,
                                               GCancellable         *cancellable);
void              dafu_library_import_async   (DafuLibrary          *self,
                                               GFile * const        *files,
                                               guint                 n_files,
                                               DafuImportProgressFunc progress,
                                               gpointer              progress_data,
                                               GDestroyNotify        progress_notify,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
DafuImportReport *dafu_library_import_finish  (DafuLibrary          *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/**
 * DafuRelated:
 * @id: a letter
 * @score: how alike it is, 0 … 1
 */
typedef struct {
  gint64 id;
  double score;
} DafuRelated;

GArray           *dafu_library_related        (DafuLibrary          *self,
                                               gint64                id,
                                               guint                 n,
                                               GError              **error);
void              dafu_library_related_async  (DafuLibrary          *self,
                                               gint64                id,
                                               guint                 n,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GArray           *dafu_library_related_finish (DafuLibrary          *self,
                                               GAsyncResult         *result,
                                               GError              **error);
DafuLetter       *dafu_library_get_letter     (DafuLibrary          *self,
                                               gint64                id,
                                               GError              **error);
GBytes           *dafu_library_get_original   (DafuLibrary          *self,
                                               gint64                id,
                                               GError              **error);
gboolean          dafu_library_update_field   (DafuLibrary          *self,
                                               gint64                id,
                                               DafuLetterField       field,
                                               const char           *value,
                                               GError              **error);
gboolean          dafu_library_update_fields  (DafuLibrary          *self,
                                               gint64                id,
                                               const DafuLetterField *fields,
                                               const char * const   *values,
                                               guint                 n_fields,
                                               GError              **error);
gboolean          dafu_library_delete_letter  (DafuLibrary          *self,
                                               gint64                id,
                                               GError              **error);
gboolean          dafu_library_trash_letter   (DafuLibrary          *self,
                                               gint64                id,
                                               GError              **error);
gboolean          dafu_library_restore_letter (DafuLibrary          *self,
                                               gint64                id,
                                               GError              **error);

void              dafu_library_get_letter_async     (DafuLibrary           *self,
                                                     gint64                 id,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
DafuLetter       *dafu_library_get_letter_finish    (DafuLibrary           *self,
                                                     GAsyncResult          *result,
                                                     GError               **error);
void              dafu_library_update_fields_async  (DafuLibrary           *self,
                                                     gint64                 id,
                                                     const DafuLetterField *fields,
                                                     const char * const    *values,
                                                     guint                  n_fields,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
gboolean          dafu_library_update_fields_finish (DafuLibrary           *self,
                                                     GAsyncResult          *result,
                                                     GError               **error);
void              dafu_library_delete_letter_async  (DafuLibrary           *self,
                                                     gint64                 id,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
gboolean          dafu_library_delete_letter_finish (DafuLibrary           *self,
                                                     GAsyncResult          *result,
                                                     GError               **error);
void              dafu_library_trash_letter_async   (DafuLibrary           *self,
                                                     gint64                 id,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
gboolean          dafu_library_trash_letter_finish  (DafuLibrary           *self,
                                                     GAsyncResult          *result,
                                                     GError               **error);
void              dafu_library_restore_letter_async (DafuLibrary           *self,
                                                     gint64                 id,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
gboolean          dafu_library_restore_letter_finish (DafuLibrary          *self,
                                                     GAsyncResult          *result,
                                                     GError               **error);
void              dafu_library_get_facets_async     (DafuLibrary           *self,
                                                     const char            *facet,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
GListModel       *dafu_library_get_facets_finish    (DafuLibrary           *self,
                                                     GAsyncResult          *result,
                                                     GError               **error);

DafuLetterList   *dafu_library_list           (DafuLibrary          *self,
                                               DafuSort              sort,
                                               GError              **error);
GListModel       *dafu_library_get_facets     (DafuLibrary          *self,
                                               const char           *facet,
                                               GError              **error);

DafuLetterList   *dafu_library_search         (DafuLibrary          *self,
                                               DafuQuery            *query,
                                               DafuSort              sort,
                                               guint                 limit,
                                               GCancellable         *cancellable,
                                               GError              **error);
void              dafu_library_search_async   (DafuLibrary          *self,
                                               DafuQuery            *query,
                                               DafuSort              sort,
                                               guint                 limit,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
DafuLetterList   *dafu_library_search_finish  (DafuLibrary          *self,
                                               GAsyncResult         *result,
                                               GError              **error);

G_END_DECLS
