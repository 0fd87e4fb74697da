/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dafu-draft.h"
#include "dafu-library.h"

G_BEGIN_DECLS

#define DAFU_TYPE_AUTOSAVE (dafu_autosave_get_type ())

G_DECLARE_FINAL_TYPE (DafuAutosave, dafu_autosave, DAFU, AUTOSAVE, GObject)

/*
 * Keeps one draft saved: every change reaches the database within
 * DAFU_AUTOSAVE_DELAY_MS plus the time of one write, on a worker thread.
 * "saving" and "error" (a GError, or NULL) are properties the editor shows;
 * a new draft gets its id on its first save. While an autosave holds it,
 * the draft is marked in the database as being edited.
 */
#define DAFU_AUTOSAVE_DELAY_MS 700

DafuAutosave *dafu_autosave_new        (DafuLibrary   *library,
                                        DafuDraft     *draft);
DafuDraft    *dafu_autosave_get_draft  (DafuAutosave  *self);
gboolean      dafu_autosave_get_saving (DafuAutosave  *self);
gboolean      dafu_autosave_is_dirty   (DafuAutosave  *self);
const GError *dafu_autosave_get_error  (DafuAutosave  *self);
void          dafu_autosave_flush      (DafuAutosave  *self);
gboolean      dafu_autosave_flush_sync (DafuAutosave  *self,
                                        GError       **error);
/* Saves what is left and marks the draft as no longer being edited (a
 * draft still marked at the next start was interrupted: see
 * dafu_draft_get_interrupted()). Call when the editor lets the draft go. */
void          dafu_autosave_close      (DafuAutosave  *self);

G_END_DECLS
