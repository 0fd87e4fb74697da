/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define DAFU_LIBRARY_ERROR (dafu_library_error_quark ())

/**
 * DafuLibraryError:
 * @DAFU_LIBRARY_ERROR_FAILED: the database reported an error (its message is kept)
 * @DAFU_LIBRARY_ERROR_NOT_A_LIBRARY: the file is not a Dafu library
 * @DAFU_LIBRARY_ERROR_NEWER_VERSION: the library was written by a newer Dafu
 * @DAFU_LIBRARY_ERROR_NOT_FOUND: no letter has that id
 * @DAFU_LIBRARY_ERROR_BUSY: another program holds the library locked
 * @DAFU_LIBRARY_ERROR_FULL: the disk is full
 * @DAFU_LIBRARY_ERROR_READ_ONLY: the library cannot be written
 * @DAFU_LIBRARY_ERROR_DAMAGED: the library file has errors (SQLite's quick check failed)
 */
typedef enum {
  DAFU_LIBRARY_ERROR_FAILED,
  DAFU_LIBRARY_ERROR_NOT_A_LIBRARY,
  DAFU_LIBRARY_ERROR_NEWER_VERSION,
  DAFU_LIBRARY_ERROR_NOT_FOUND,
  DAFU_LIBRARY_ERROR_BUSY,
  DAFU_LIBRARY_ERROR_FULL,
  DAFU_LIBRARY_ERROR_READ_ONLY,
  DAFU_LIBRARY_ERROR_DAMAGED,
} DafuLibraryError;

GQuark dafu_library_error_quark (void);

/* One SQLite connection with its prepared-statement cache. A connection is
 * used by one thread at a time. Private to the core. */
typedef struct _DafuDb DafuDb;

/* A statement from the cache: g_autoptr(DafuStmt) resets it on scope exit. */
typedef sqlite3_stmt DafuStmt;

DafuDb    *dafu_db_open          (const char    *path,
                                  GError       **error);
/* Keys of the full-text indexes (see dafu-db.c): undated letters take the
 * first DAFU_DB_UNDATED_KEYS, each day DAFU_DB_KEYS_PER_DAY above those. */
#define DAFU_DB_UNDATED_KEYS G_GINT64_CONSTANT (4294967296)
#define DAFU_DB_KEYS_PER_DAY G_GINT64_CONSTANT (65536)

gint64     dafu_db_date_key      (const char    *date);
gint64     dafu_db_date_key_of   (int            year,
                                  int            month,
                                  int            day);

DafuDb    *dafu_db_open_at_version (const char  *path,
                                    int          version,
                                    GError     **error);
void       dafu_db_close         (DafuDb        *db);
gboolean   dafu_db_is_read_only  (DafuDb        *db);
gboolean   dafu_db_upgrade       (DafuDb        *db,
                                  GError       **error);
int        dafu_db_schema_version (void);
gboolean   dafu_db_quick_check   (sqlite3       *handle,
                                  GError       **error);
sqlite3   *dafu_db_get_handle    (DafuDb        *db);
DafuStmt  *dafu_db_prepare       (DafuDb        *db,
                                  const char    *sql,
                                  GError       **error);
gboolean   dafu_db_exec          (DafuDb        *db,
                                  const char    *sql,
                                  GError       **error);
gboolean   dafu_db_step_done     (DafuDb        *db,
                                  DafuStmt      *stmt,
                                  GError       **error);
gboolean   dafu_db_begin         (DafuDb        *db,
                                  GError       **error);
gboolean   dafu_db_commit        (DafuDb        *db,
                                  GError       **error);
void       dafu_db_rollback      (DafuDb        *db);
void       dafu_db_set_error     (DafuDb        *db,
                                  int            rc,
                                  GError       **error);
void       dafu_db_watch_cancellable (DafuDb       *db,
                                      GCancellable *cancellable);
gboolean   dafu_db_check_cancelled   (DafuDb       *db,
                                      int           rc,
                                      GError      **error);

void       dafu_stmt_release     (DafuStmt      *stmt);
void       dafu_stmt_bind_text   (DafuStmt      *stmt,
                                  int            index,
                                  const char    *text);
const char *dafu_stmt_column_text (DafuStmt     *stmt,
                                   int           column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DafuStmt, dafu_stmt_release)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DafuDb, dafu_db_close)

G_END_DECLS
