/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dafu-types.h"

G_BEGIN_DECLS

/**
 * DafuImportStatus:
 * @DAFU_IMPORT_STATUS_IMPORTED: the letter was added
 * @DAFU_IMPORT_STATUS_UPDATED: the letter was there and was read again by a
 *   newer parser; the user's corrections were kept
 * @DAFU_IMPORT_STATUS_SKIPPED: the same letter is already in the library
 * @DAFU_IMPORT_STATUS_FAILED: the file could not be read as a letter
 */
typedef enum {
  DAFU_IMPORT_STATUS_IMPORTED,
  DAFU_IMPORT_STATUS_UPDATED,
  DAFU_IMPORT_STATUS_SKIPPED,
  DAFU_IMPORT_STATUS_FAILED,
} DafuImportStatus;

#define DAFU_TYPE_IMPORT_REPORT (dafu_import_report_get_type ())

G_DECLARE_FINAL_TYPE (DafuImportReport, dafu_import_report, DAFU, IMPORT_REPORT, GObject)

DafuImportReport *dafu_import_report_new            (void);
void              dafu_import_report_add            (DafuImportReport *self,
                                                     DafuImportStatus  status,
                                                     const char       *path,
                                                     gint64            letter_id,
                                                     const char       *message);
guint             dafu_import_report_get_n_entries  (DafuImportReport *self);
DafuImportStatus  dafu_import_report_get_status     (DafuImportReport *self,
                                                     guint             position);
const char       *dafu_import_report_get_path       (DafuImportReport *self,
                                                     guint             position);
gint64            dafu_import_report_get_letter_id  (DafuImportReport *self,
                                                     guint             position);
const char       *dafu_import_report_get_message    (DafuImportReport *self,
                                                     guint             position);
guint             dafu_import_report_count          (DafuImportReport *self,
                                                     DafuImportStatus  status);
gboolean          dafu_import_report_get_cancelled  (DafuImportReport *self);
void              dafu_import_report_mark_committed (DafuImportReport *self);
void              dafu_import_report_fail_uncommitted (DafuImportReport *self,
                                                       const char       *message);
void              dafu_import_report_set_cancelled  (DafuImportReport *self,
                                                     gboolean          cancelled);
const GError     *dafu_import_report_get_error      (DafuImportReport *self);
void              dafu_import_report_set_error      (DafuImportReport *self,
                                                     const GError     *error);

G_END_DECLS
