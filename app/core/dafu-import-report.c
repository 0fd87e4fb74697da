/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-import-report"

#include "config.h"

#include "dafu-import-report.h"

/**
 * DafuImportReport:
 *
 * What an import did with each file: imported, updated, skipped as already
 * present, or failed with a reason the user can read.
 */
struct _DafuImportReport
{
  GObject   parent_instance;
  GArray   *entries;
  guint     committed;   /* entries before this one are in the library */
  gboolean  cancelled;
  GError   *error;       /* why the import stopped, or NULL */
};

typedef struct {
  DafuImportStatus  status;
  char             *path;
  gint64            letter_id;
  char             *message;
} Entry;

G_DEFINE_FINAL_TYPE (DafuImportReport, dafu_import_report, G_TYPE_OBJECT)

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_clear_pointer (&entry->path, g_free);
  g_clear_pointer (&entry->message, g_free);
}

static void
dafu_import_report_finalize (GObject *object)
{
  DafuImportReport *self = (DafuImportReport *) object;

  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (dafu_import_report_parent_class)->finalize (object);
}

static void
dafu_import_report_class_init (DafuImportReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dafu_import_report_finalize;
}

static void
dafu_import_report_init (DafuImportReport *self)
{
  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (self->entries, entry_clear);
}

DafuImportReport *
dafu_import_report_new (void)
{
  return g_object_new (DAFU_TYPE_IMPORT_REPORT, NULL);
}

void
dafu_import_report_add (DafuImportReport *self,
                        DafuImportStatus  status,
                        const char       *path,
                        gint64            letter_id,
                        const char       *message)
{
  Entry entry = { status, g_strdup (path), letter_id, g_strdup (message) };

  g_return_if_fail (DAFU_IS_IMPORT_REPORT (self));

  g_array_append_val (self->entries, entry);
}

guint
dafu_import_report_get_n_entries (DafuImportReport *self)
{
  g_return_val_if_fail (DAFU_IS_IMPORT_REPORT (self), 0);
  return self->entries->len;
}

static Entry *
get_entry (DafuImportReport *self,
           guint             position)
{
  g_return_val_if_fail (DAFU_IS_IMPORT_REPORT (self), NULL);
  g_return_val_if_fail (position < self->entries->len, NULL);

  return &g_array_index (self->entries, Entry, position);
}

DafuImportStatus
dafu_import_report_get_status (DafuImportReport *self,
                               guint             position)
{
  Entry *entry = get_entry (self, position);
  return entry != NULL ? entry->status : DAFU_IMPORT_STATUS_FAILED;
}

const char *
dafu_import_report_get_path (DafuImportReport *self,
                             guint             position)
{
  Entry *entry = get_entry (self, position);
  return entry != NULL ? entry->path : NULL;
}

gint64
dafu_import_report_get_letter_id (DafuImportReport *self,
                                  guint             position)
{
  Entry *entry = get_entry (self, position);
  return entry != NULL ? entry->letter_id : 0;
}

/**
 * dafu_import_report_get_message:
 *
 * Returns: (nullable): why the file failed or was skipped
 */
const char *
dafu_import_report_get_message (DafuImportReport *self,
                                guint             position)
{
  Entry *entry = get_entry (self, position);
  return entry != NULL ? entry->message : NULL;
}

guint
dafu_import_report_count (DafuImportReport *self,
                          DafuImportStatus  status)
{
  guint n = 0;

  g_return_val_if_fail (DAFU_IS_IMPORT_REPORT (self), 0);

  for (guint i = 0; i < self->entries->len; i++)
    if (g_array_index (self->entries, Entry, i).status == status)
      n++;

  return n;
}

/**
 * dafu_import_report_get_cancelled:
 *
 * Returns: whether the import was stopped before it read every file; the
 *   entries tell what was done until then
 */
gboolean
dafu_import_report_get_cancelled (DafuImportReport *self)
{
  g_return_val_if_fail (DAFU_IS_IMPORT_REPORT (self), FALSE);
  return self->cancelled;
}

void
dafu_import_report_set_cancelled (DafuImportReport *self,
                                  gboolean          cancelled)
{
  g_return_if_fail (DAFU_IS_IMPORT_REPORT (self));
  self->cancelled = !!cancelled;
}

/**
 * dafu_import_report_mark_committed:
 *
 * Tells the report that the letters added so far are in the library for
 * good (their batch transaction was committed).
 */
void
dafu_import_report_mark_committed (DafuImportReport *self)
{
  g_return_if_fail (DAFU_IS_IMPORT_REPORT (self));
  self->committed = self->entries->len;
}

/**
 * dafu_import_report_fail_uncommitted:
 * @self: a report
 * @message: why the batch did not land
 *
 * Turns the letters imported or updated since the last commit into
 * failures: their batch transaction could not be committed.
 */
void
dafu_import_report_fail_uncommitted (DafuImportReport *self,
                                     const char       *message)
{
  g_return_if_fail (DAFU_IS_IMPORT_REPORT (self));

  for (guint i = self->committed; i < self->entries->len; i++)
    {
      Entry *entry = &g_array_index (self->entries, Entry, i);

      if (entry->status == DAFU_IMPORT_STATUS_IMPORTED || entry->status == DAFU_IMPORT_STATUS_UPDATED)
        {
          entry->status = DAFU_IMPORT_STATUS_FAILED;
          entry->letter_id = 0;
          g_free (entry->message);
          entry->message = g_strdup (message);
        }
    }
  self->committed = self->entries->len;
}

/**
 * dafu_import_report_get_error:
 *
 * Returns: (nullable): why the import stopped before it read every file
 *   (the library could not be written: a full disk, say), or %NULL; the
 *   files it did not import are listed as failed with this message
 */
const GError *
dafu_import_report_get_error (DafuImportReport *self)
{
  g_return_val_if_fail (DAFU_IS_IMPORT_REPORT (self), NULL);
  return self->error;
}

void
dafu_import_report_set_error (DafuImportReport *self,
                              const GError     *error)
{
  g_return_if_fail (DAFU_IS_IMPORT_REPORT (self));

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
}
