/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dafu-library.h"

G_BEGIN_DECLS

/* Daily backups kept beside the library, the newest first. */
#define DAFU_BACKUP_KEEP_DAILY 7
/* Copies made just before a restore, so that a restore can be undone. */
#define DAFU_BACKUP_KEEP_BEFORE_RESTORE 3

/**
 * DafuBackupKind:
 * @DAFU_BACKUP_DAILY: the day's backup, made when Dafu first opens the library that day
 * @DAFU_BACKUP_BEFORE_RESTORE: the library as it was just before a backup was restored
 */
typedef enum {
  DAFU_BACKUP_DAILY,
  DAFU_BACKUP_BEFORE_RESTORE,
} DafuBackupKind;

#define DAFU_TYPE_BACKUP (dafu_backup_get_type ())

G_DECLARE_FINAL_TYPE (DafuBackup, dafu_backup, DAFU, BACKUP, GObject)

const char     *dafu_backup_get_path     (DafuBackup   *self);
DafuBackupKind  dafu_backup_get_kind     (DafuBackup   *self);
GDateTime      *dafu_backup_get_time     (DafuBackup   *self);
guint64         dafu_backup_get_size     (DafuBackup   *self);

char           *dafu_backup_dir_for      (const char   *library_path);
GListModel     *dafu_backup_list         (const char   *library_path,
                                          GError      **error);

/* With the library closed (it would not open). */
char           *dafu_library_set_aside   (const char   *library_path,
                                          GDateTime    *now,
                                          GError      **error);
gboolean        dafu_library_restore_file (const char  *library_path,
                                           const char  *backup_path,
                                           char       **kept_path,
                                           GError     **error);

/* With the library open. */
gboolean        dafu_library_check          (DafuLibrary          *self,
                                             GCancellable         *cancellable,
                                             GError              **error);
void            dafu_library_check_async    (DafuLibrary          *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean        dafu_library_check_finish   (DafuLibrary          *self,
                                             GAsyncResult         *result,
                                             GError              **error);

char           *dafu_library_backup         (DafuLibrary          *self,
                                             GDateTime            *now,
                                             gboolean              only_if_due,
                                             GCancellable         *cancellable,
                                             GError              **error);
void            dafu_library_backup_async   (DafuLibrary          *self,
                                             gboolean              only_if_due,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
char           *dafu_library_backup_finish  (DafuLibrary          *self,
                                             GAsyncResult         *result,
                                             GError              **error);

gboolean        dafu_library_restore        (DafuLibrary          *self,
                                             const char           *backup_path,
                                             GCancellable         *cancellable,
                                             GError              **error);
void            dafu_library_restore_async  (DafuLibrary          *self,
                                             const char           *backup_path,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean        dafu_library_restore_finish (DafuLibrary          *self,
                                             GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
