/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-backup"

#include "config.h"

#include "dafu-backup.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <glib/gstdio.h>

#include <glib/gi18n-lib.h>

#include "dafu-db.h"
#include "dafu-library-private.h"

/* Backups of a library live in a folder "backups" beside it, named after the
 * library's file: for library.db,
 *
 *   backups/library-2026-12-07.db                        the day's backup
 *   backups/library-2026-12-07-153012-before-restore.db  before a restore
 *
 * A damaged library set aside becomes library-damaged-2026-12-07-153012.db
 * beside the library. Every file is its owner's only (0600), as the library
 * is: they hold deputies' phone numbers. */

#define BACKUP_DIR "backups"
#define BEFORE_RESTORE_SUFFIX "-before-restore.db"
#define BUSY_RETRIES 50
#define BUSY_WAIT_US (100 * 1000)

struct _DafuBackup
{
  GObject         parent_instance;

  char           *path;
  char           *name;
  char           *day;    /* YYYY-MM-DD from the name: backups sort by it first */
  DafuBackupKind  kind;
  GDateTime      *time;
  guint64         size;
};

G_DEFINE_FINAL_TYPE (DafuBackup, dafu_backup, G_TYPE_OBJECT)

static void
dafu_backup_finalize (GObject *object)
{
  DafuBackup *self = DAFU_BACKUP (object);

  g_free (self->path);
  g_free (self->name);
  g_free (self->day);
  g_clear_pointer (&self->time, g_date_time_unref);

  G_OBJECT_CLASS (dafu_backup_parent_class)->finalize (object);
}

static void
dafu_backup_class_init (DafuBackupClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dafu_backup_finalize;
}

static void
dafu_backup_init (DafuBackup *self)
{
}

const char *
dafu_backup_get_path (DafuBackup *self)
{
  g_return_val_if_fail (DAFU_IS_BACKUP (self), NULL);
  return self->path;
}

DafuBackupKind
dafu_backup_get_kind (DafuBackup *self)
{
  g_return_val_if_fail (DAFU_IS_BACKUP (self), DAFU_BACKUP_DAILY);
  return self->kind;
}

/**
 * dafu_backup_get_time:
 *
 * Returns: (transfer none): when the backup was written, in local time
 */
GDateTime *
dafu_backup_get_time (DafuBackup *self)
{
  g_return_val_if_fail (DAFU_IS_BACKUP (self), NULL);
  return self->time;
}

guint64
dafu_backup_get_size (DafuBackup *self)
{
  g_return_val_if_fail (DAFU_IS_BACKUP (self), 0);
  return self->size;
}

/* ----------------------------------------------------------------------- *
 * Names
 * ----------------------------------------------------------------------- */

/* "library" for …/library.db */
static char *
library_stem (const char *library_path)
{
  g_autofree char *base = g_path_get_basename (library_path);

  if (g_str_has_suffix (base, ".db") && strlen (base) > 3)
    base[strlen (base) - 3] = '\0';
  return g_steal_pointer (&base);
}

/**
 * dafu_backup_dir_for:
 *
 * Returns: (transfer full): the folder that holds @library_path's backups
 */
char *
dafu_backup_dir_for (const char *library_path)
{
  g_autofree char *dir = g_path_get_dirname (library_path);

  return g_build_filename (dir, BACKUP_DIR, NULL);
}

static char *
backup_path_for (const char     *library_path,
                 DafuBackupKind  kind,
                 GDateTime      *now)
{
  g_autofree char *dir = dafu_backup_dir_for (library_path);
  g_autofree char *stem = library_stem (library_path);
  g_autofree char *stamp = g_date_time_format (now, kind == DAFU_BACKUP_DAILY ? "%Y-%m-%d"
                                                                               : "%Y-%m-%d-%H%M%S");
  g_autofree char *name = g_strconcat (stem, "-", stamp,
                                       kind == DAFU_BACKUP_DAILY ? ".db" : BEFORE_RESTORE_SUFFIX,
                                       NULL);

  return g_build_filename (dir, name, NULL);
}

static gboolean
all_digits (const char *s,
            gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

/* Whether @name (of a file in the backups folder) is a backup of the
 * library @stem, and of which kind. */
static gboolean
parse_backup_name (const char     *name,
                   const char     *stem,
                   DafuBackupKind *kind)
{
  gsize stem_len = strlen (stem);
  const char *date;
  gsize rest;

  if (strncmp (name, stem, stem_len) != 0 || name[stem_len] != '-')
    return FALSE;
  date = name + stem_len + 1;
  /* YYYY-MM-DD */
  if (strlen (date) < 10 || !all_digits (date, 4) || date[4] != '-' || !all_digits (date + 5, 2) ||
      date[7] != '-' || !all_digits (date + 8, 2))
    return FALSE;
  rest = strlen (date + 10);
  if (g_str_equal (date + 10, ".db"))
    {
      *kind = DAFU_BACKUP_DAILY;
      return TRUE;
    }
  /* -HHMMSS-before-restore.db */
  if (rest == 7 + strlen (BEFORE_RESTORE_SUFFIX) && date[10] == '-' && all_digits (date + 11, 6) &&
      g_str_equal (date + 17, BEFORE_RESTORE_SUFFIX))
    {
      *kind = DAFU_BACKUP_BEFORE_RESTORE;
      return TRUE;
    }
  return FALSE;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  DafuBackup *x = (DafuBackup *) a, *y = (DafuBackup *) b;
  int by_day = strcmp (y->day, x->day);
  int by_time = g_date_time_compare (y->time, x->time);

  if (by_day != 0)
    return by_day;
  return by_time != 0 ? by_time : strcmp (y->name, x->name);
}

/**
 * dafu_backup_list:
 * @library_path: the library's file
 *
 * Returns: (transfer full): a list of #DafuBackup, the newest first; empty
 *   when there is no backup yet, %NULL only when the folder cannot be read
 */
GListModel *
dafu_backup_list (const char  *library_path,
                  GError     **error)
{
  g_autofree char *dir_path = dafu_backup_dir_for (library_path);
  g_autofree char *stem = library_stem (library_path);
  g_autoptr(GListStore) store = g_list_store_new (DAFU_TYPE_BACKUP);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  dir = g_dir_open (dir_path, 0, &local_error);
  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return G_LIST_MODEL (g_steal_pointer (&store));
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Cannot read the backups folder: "));
      return NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autoptr(DafuBackup) backup = NULL;
      DafuBackupKind kind;
      GStatBuf st;
      g_autofree char *path = NULL;

      if (!parse_backup_name (name, stem, &kind))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
        continue;

      backup = g_object_new (DAFU_TYPE_BACKUP, NULL);
      backup->path = g_steal_pointer (&path);
      backup->name = g_strdup (name);
      backup->day = g_strndup (name + strlen (stem) + 1, 10);
      backup->kind = kind;
      backup->size = st.st_size;
      backup->time = g_date_time_new_from_unix_local (st.st_mtime);
      g_list_store_insert_sorted (store, backup, compare_newest_first, NULL);
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/* ----------------------------------------------------------------------- *
 * Copying a database
 * ----------------------------------------------------------------------- */

static void
remove_with_journal (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      if (g_unlink (file) != 0 && errno != ENOENT)
        g_debug ("Cannot remove %s: %s", file, g_strerror (errno));
    }
}

static gboolean set_io_error (GError     **error,
                              int          saved_errno,
                              const char  *format,
                              ...) G_GNUC_PRINTF (3, 4);

static gboolean
set_io_error (GError     **error,
              int          saved_errno,
              const char  *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), message);
  return FALSE;
}

/* Copies the whole of @from ("main") into @to ("main") with SQLite's online
 * backup, which sees one consistent state of @from while other connections
 * go on writing. */
static gboolean
backup_pages (sqlite3  *to,
              sqlite3  *from,
              GError  **error)
{
  sqlite3_backup *backup = sqlite3_backup_init (to, "main", from, "main");
  int rc;

  if (backup == NULL)
    {
      rc = sqlite3_extended_errcode (to);
      dafu_db_set_error (NULL, rc, error);
      return FALSE;
    }

  for (guint tries = 0;; tries++)
    {
      rc = sqlite3_backup_step (backup, -1);
      if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || tries == BUSY_RETRIES)
        break;
      g_usleep (BUSY_WAIT_US);
    }
  sqlite3_backup_finish (backup);

  if (rc != SQLITE_DONE)
    {
      dafu_db_set_error (NULL, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* Writes a copy of @from to @path: first as @path.part, made 0600 before
 * SQLite opens it, then renamed, so that @path is always a whole database. */
static gboolean
copy_database (sqlite3     *from,
               const char  *path,
               GError     **error)
{
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  sqlite3 *to = NULL;
  gboolean ok;
  int fd;

  remove_with_journal (part);
  fd = g_open (part, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      return set_io_error (error, saved_errno, _("Cannot write the copy %s: %s"), part, g_strerror (saved_errno));
    }
  g_close (fd, NULL);

  if (sqlite3_open_v2 (part, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
                       NULL) != SQLITE_OK)
    {
      dafu_db_set_error (NULL, sqlite3_extended_errcode (to), error);
      ok = FALSE;
    }
  else
    {
      ok = backup_pages (to, from, error);
    }
  if (sqlite3_close (to) != SQLITE_OK && ok)
    {
      dafu_db_set_error (NULL, SQLITE_IOERR, error);
      ok = FALSE;
    }

  if (ok && g_rename (part, path) != 0)
    {
      int saved_errno = errno;

      ok = set_io_error (error, saved_errno, _("Cannot write the copy %s: %s"), path, g_strerror (saved_errno));
    }
  if (!ok)
    remove_with_journal (part);
  return ok;
}

/* Opens a backup for reading and makes sure it is whole and one this Dafu
 * can read. */
static sqlite3 *
open_backup (const char  *backup_path,
             GError     **error)
{
  sqlite3 *handle = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *uri = NULL;
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (!g_file_test (backup_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The backup %s does not exist."), backup_path);
      return NULL;
    }
  /* A backup does not change while Dafu reads it: read as such, SQLite
   * leaves no -wal or -shm file beside it. */
  escaped = g_uri_escape_string (backup_path, "/", FALSE);
  uri = g_strconcat ("file:", escaped, "?immutable=1", NULL);
  if (sqlite3_open_v2 (uri, &handle,
                       SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
                       NULL) != SQLITE_OK)
    {
      dafu_db_set_error (NULL, sqlite3_extended_errcode (handle), error);
      sqlite3_close (handle);
      return NULL;
    }

  if (!dafu_db_quick_check (handle, &local_error))
    {
      g_set_error (error, DAFU_LIBRARY_ERROR,
                   g_error_matches (local_error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_DAMAGED)
                     ? DAFU_LIBRARY_ERROR_DAMAGED : DAFU_LIBRARY_ERROR_NOT_A_LIBRARY,
                   _("The backup cannot be used: %s"), local_error->message);
      sqlite3_close (handle);
      return NULL;
    }

  if (sqlite3_prepare_v2 (handle, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (version <= 0 || version > dafu_db_schema_version ())
    {
      if (version > 0)
        g_set_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_NEWER_VERSION,
                     _("The backup was written by a newer version of Dafu (format %d)."), version);
      else
        g_set_error_literal (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_NOT_A_LIBRARY,
                             _("The backup is not a Dafu library."));
      sqlite3_close (handle);
      return NULL;
    }
  return handle;
}

/* Removes the oldest backups of @kind beyond @keep. */
static void
prune (const char     *library_path,
       DafuBackupKind  kind,
       guint           keep)
{
  g_autoptr(GListModel) backups = dafu_backup_list (library_path, NULL);
  guint kept = 0;

  if (backups == NULL)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (backups); i++)
    {
      g_autoptr(DafuBackup) backup = g_list_model_get_item (backups, i);

      if (backup->kind != kind)
        continue;
      if (++kept > keep)
        {
          g_debug ("Removing the old backup %s", backup->path);
          remove_with_journal (backup->path);
        }
    }
}

static gboolean
make_backup_dir (const char  *library_path,
                 GError     **error)
{
  g_autofree char *dir = dafu_backup_dir_for (library_path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      return set_io_error (error, saved_errno, _("Cannot create the backups folder %s: %s"),
                           dir, g_strerror (saved_errno));
    }
  return TRUE;
}

/* ----------------------------------------------------------------------- *
 * A library that does not open
 * ----------------------------------------------------------------------- */

/**
 * dafu_library_set_aside:
 * @library_path: a library file that Dafu cannot use (damaged)
 * @now: (nullable): the time for the kept file's name, or %NULL for now
 *
 * Renames the library (with its -wal and -shm files) to
 * NAME-damaged-DATE-TIME.db beside it, so that a fresh library can take its
 * place. Nothing is deleted.
 *
 * Returns: (transfer full): the kept file's path, or %NULL with @error set
 */
char *
dafu_library_set_aside (const char  *library_path,
                        GDateTime   *now,
                        GError     **error)
{
  static const char * const suffixes[] = { "-wal", "-shm" };
  g_autoptr(GDateTime) local_now = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_local ();
  g_autofree char *dir = g_path_get_dirname (library_path);
  g_autofree char *stem = library_stem (library_path);
  g_autofree char *stamp = g_date_time_format (local_now, "%Y-%m-%d-%H%M%S");
  g_autofree char *kept = NULL;

  for (guint n = 0; kept == NULL || g_file_test (kept, G_FILE_TEST_EXISTS); n++)
    {
      g_autofree char *name = n == 0 ? g_strdup_printf ("%s-damaged-%s.db", stem, stamp)
                                     : g_strdup_printf ("%s-damaged-%s-%u.db", stem, stamp, n);

      g_free (kept);
      kept = g_build_filename (dir, name, NULL);
    }

  if (g_rename (library_path, kept) != 0)
    {
      int saved_errno = errno;

      set_io_error (error, saved_errno, _("Cannot set the damaged library %s aside: %s"),
                    library_path, g_strerror (saved_errno));
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (library_path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (kept, suffixes[i], NULL);

      if (g_rename (from, to) != 0 && errno != ENOENT)
        g_warning ("Cannot move %s beside the damaged library: %s", from, g_strerror (errno));
    }
  return g_steal_pointer (&kept);
}

/**
 * dafu_library_restore_file:
 * @library_path: where the library belongs (it may be missing or damaged)
 * @backup_path: the backup to restore
 * @kept_path: (out) (optional) (nullable): where the library that was there
 *   was set aside, or %NULL when there was none
 *
 * Puts a copy of the backup in the library's place, for a library that does
 * not open. The backup is checked first; the library that was there is set
 * aside, never deleted.
 */
gboolean
dafu_library_restore_file (const char  *library_path,
                           const char  *backup_path,
                           char       **kept_path,
                           GError     **error)
{
  sqlite3 *from;
  gboolean ok;
  g_autofree char *kept = NULL;

  if (kept_path != NULL)
    *kept_path = NULL;

  from = open_backup (backup_path, error);
  if (from == NULL)
    return FALSE;

  if (g_file_test (library_path, G_FILE_TEST_EXISTS))
    {
      kept = dafu_library_set_aside (library_path, NULL, error);
      if (kept == NULL)
        {
          sqlite3_close (from);
          return FALSE;
        }
    }

  ok = copy_database (from, library_path, error);
  sqlite3_close (from);
  if (ok && kept_path != NULL)
    *kept_path = g_steal_pointer (&kept);
  return ok;
}

/* ----------------------------------------------------------------------- *
 * An open library
 * ----------------------------------------------------------------------- */

static gboolean
check_job (DafuDb        *db,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  return dafu_db_quick_check (dafu_db_get_handle (db), error);
}

/**
 * dafu_library_check:
 *
 * Reads the whole library file with SQLite's quick check. A few tenths of a
 * second for 10,000 letters: the window runs it on a worker after opening.
 *
 * Returns: %FALSE with %DAFU_LIBRARY_ERROR_DAMAGED when the file has errors
 */
gboolean
dafu_library_check (DafuLibrary   *self,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), FALSE);

  return check_job (dafu_library_get_db (self), NULL, cancellable, error);
}

void
dafu_library_check_async (DafuLibrary         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (DAFU_IS_LIBRARY (self));

  /* The job's data is only a mark that it ran. */
  dafu_library_run_job (self, check_job, GINT_TO_POINTER (1), NULL, TRUE, dafu_library_check_async,
                        cancellable, callback, user_data);
}

gboolean
dafu_library_check_finish (DafuLibrary   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return dafu_library_job_finish (self, result, dafu_library_check_async, error) != NULL;
}

typedef struct {
  char      *library_path;
  char      *backup_path;   /* in: the backup to restore; out: the backup written */
  GDateTime *now;
  gboolean   only_if_due;
} BackupJob;

static void
backup_job_free (gpointer data)
{
  BackupJob *job = data;

  g_free (job->library_path);
  g_free (job->backup_path);
  g_clear_pointer (&job->now, g_date_time_unref);
  g_free (job);
}

static BackupJob *
backup_job_new (DafuLibrary *self,
                GDateTime   *now,
                const char  *backup_path)
{
  BackupJob *job = g_new0 (BackupJob, 1);

  job->library_path = g_strdup (dafu_library_get_path (self));
  job->now = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_local ();
  job->backup_path = g_strdup (backup_path);
  return job;
}

static gboolean
backup_job (DafuDb        *db,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  BackupJob *job = data;
  g_autofree char *path = backup_path_for (job->library_path, DAFU_BACKUP_DAILY, job->now);

  if (job->only_if_due && g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;

  /* A damaged library is not backed up: its copy would push a good backup
   * out of the seven kept. */
  if (!dafu_db_quick_check (dafu_db_get_handle (db), error) ||
      !make_backup_dir (job->library_path, error) ||
      !copy_database (dafu_db_get_handle (db), path, error))
    return FALSE;

  prune (job->library_path, DAFU_BACKUP_DAILY, DAFU_BACKUP_KEEP_DAILY);
  job->backup_path = g_steal_pointer (&path);
  return TRUE;
}

/**
 * dafu_library_backup:
 * @now: (nullable): the day to back up as, or %NULL for now
 * @only_if_due: write nothing when the day already has its backup
 *
 * Writes the day's backup of the library into the backups folder beside it
 * (replacing an earlier one of the same day) and keeps the newest
 * %DAFU_BACKUP_KEEP_DAILY. A library that fails its quick check is not
 * backed up.
 *
 * Returns: (transfer full) (nullable): the backup written, or %NULL: with
 *   @error set on failure, without when none was due
 */
char *
dafu_library_backup (DafuLibrary   *self,
                     GDateTime     *now,
                     gboolean       only_if_due,
                     GCancellable  *cancellable,
                     GError       **error)
{
  BackupJob *job;
  char *path = NULL;

  g_return_val_if_fail (DAFU_IS_LIBRARY (self), NULL);

  job = backup_job_new (self, now, NULL);
  job->only_if_due = only_if_due;
  if (backup_job (dafu_library_get_db (self), job, cancellable, error))
    path = g_steal_pointer (&job->backup_path);
  backup_job_free (job);
  return path;
}

void
dafu_library_backup_async (DafuLibrary         *self,
                           gboolean             only_if_due,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  BackupJob *job;

  g_return_if_fail (DAFU_IS_LIBRARY (self));

  job = backup_job_new (self, NULL, NULL);
  job->only_if_due = only_if_due;
  dafu_library_run_job (self, backup_job, job, backup_job_free, FALSE, dafu_library_backup_async,
                        cancellable, callback, user_data);
}

char *
dafu_library_backup_finish (DafuLibrary   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  BackupJob *job = dafu_library_job_finish (self, result, dafu_library_backup_async, error);

  return job != NULL ? g_strdup (job->backup_path) : NULL;
}

static gboolean
restore_job (DafuDb        *db,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  BackupJob *job = data;
  g_autofree char *before = backup_path_for (job->library_path, DAFU_BACKUP_BEFORE_RESTORE, job->now);
  sqlite3 *from;
  gboolean ok;

  if (dafu_db_is_read_only (db))
    {
      g_set_error_literal (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_READ_ONLY,
                           _("The library cannot be written, so no backup can be restored into it."));
      return FALSE;
    }

  from = open_backup (job->backup_path, error);
  if (from == NULL)
    return FALSE;

  /* The library as it is now stays among the backups: a restore can be
   * undone by restoring that. */
  ok = make_backup_dir (job->library_path, error) &&
       copy_database (dafu_db_get_handle (db), before, error) &&
       backup_pages (dafu_db_get_handle (db), from, error) &&
       dafu_db_upgrade (db, error);
  sqlite3_close (from);

  if (ok)
    prune (job->library_path, DAFU_BACKUP_BEFORE_RESTORE, DAFU_BACKUP_KEEP_BEFORE_RESTORE);
  return ok;
}

/**
 * dafu_library_restore:
 * @backup_path: a backup (see dafu_backup_list())
 *
 * Makes the open library what it was when @backup_path was written. The
 * backup is checked first; the library as it was is kept among the backups
 * (%DAFU_BACKUP_BEFORE_RESTORE). An older backup is brought to this
 * version's format.
 */
gboolean
dafu_library_restore (DafuLibrary   *self,
                      const char    *backup_path,
                      GCancellable  *cancellable,
                      GError       **error)
{
  BackupJob *job;
  gboolean ok;

  g_return_val_if_fail (DAFU_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (backup_path != NULL, FALSE);

  job = backup_job_new (self, NULL, backup_path);
  ok = restore_job (dafu_library_get_db (self), job, cancellable, error);
  backup_job_free (job);
  return ok;
}

void
dafu_library_restore_async (DafuLibrary         *self,
                            const char          *backup_path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (DAFU_IS_LIBRARY (self));
  g_return_if_fail (backup_path != NULL);

  dafu_library_run_job (self, restore_job, backup_job_new (self, NULL, backup_path), backup_job_free,
                        FALSE, dafu_library_restore_async, cancellable, callback, user_data);
}

gboolean
dafu_library_restore_finish (DafuLibrary   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return dafu_library_job_finish (self, result, dafu_library_restore_async, error) != NULL;
}
