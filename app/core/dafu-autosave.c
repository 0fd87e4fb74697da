/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-autosave"

#include "config.h"

#include "dafu-autosave.h"

#include "dafu-library-drafts.h"

/**
 * DafuAutosave:
 *
 * Keeps one draft saved while the clerk writes it, without a Save button.
 *
 * The first change after a save starts a timer of DAFU_AUTOSAVE_DELAY_MS;
 * when it fires, a copy of the draft is written on a worker thread. Changes
 * made while that write runs start the timer again once it is done, so
 * there is never more than one write of a draft at a time (an older copy
 * can never land after a newer one), and a change reaches the database at
 * most the delay plus two writes after it was made, also while the clerk
 * types on without a pause.
 *
 * While a write runs the default GApplication, if any, is held, so that
 * quitting waits for it. A failed write (a full disk, say) is kept in
 * "error" and tried again RETRY_MS later; the draft in memory is untouched.
 */

#define RETRY_MS 5000

struct _DafuAutosave
{
  GObject       parent_instance;

  DafuLibrary  *library;
  DafuDraft    *draft;
  gulong        changed_id;
  guint         timeout_id;

  guint64       saved_revision;
  guint64       writing_revision;
  gboolean      saved_once;
  gboolean      saving;
  gboolean      closed;
  GError       *error;
};

G_DEFINE_FINAL_TYPE (DafuAutosave, dafu_autosave, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DRAFT,
  PROP_SAVING,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_write (DafuAutosave *self);

gboolean
dafu_autosave_is_dirty (DafuAutosave *self)
{
  g_return_val_if_fail (DAFU_IS_AUTOSAVE (self), FALSE);

  return !self->saved_once || dafu_draft_get_revision (self->draft) != self->saved_revision;
}

static void
set_saving (DafuAutosave *self,
            gboolean      saving)
{
  GApplication *app = g_application_get_default ();

  if (self->saving == saving)
    return;
  self->saving = saving;
  if (app != NULL)
    {
      if (saving)
        g_application_hold (app);
      else
        g_application_release (app);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVING]);
}

static gboolean
timeout_cb (gpointer user_data)
{
  DafuAutosave *self = user_data;

  self->timeout_id = 0;
  start_write (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (DafuAutosave *self,
          guint         delay_ms)
{
  if (self->timeout_id == 0 && !self->saving)
    self->timeout_id = g_timeout_add (delay_ms, timeout_cb, self);
}

static void
write_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DafuAutosave) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = dafu_library_save_draft_finish (DAFU_LIBRARY (source), result, &error);
  set_saving (self, FALSE);

  if (id == 0)
    {
      g_warning ("Could not save the draft: %s", error->message);
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
      if (self->draft != NULL)
        schedule (self, RETRY_MS);
      return;
    }

  if (self->error != NULL)
    {
      g_clear_error (&self->error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  if (self->draft == NULL)
    return;
  if (dafu_draft_get_id (self->draft) == 0)
    dafu_draft_set_id (self->draft, id);
  self->saved_revision = self->writing_revision;
  self->saved_once = TRUE;

  /* Let go meanwhile, or changed meanwhile: write again. */
  if (self->closed)
    start_write (self);
  else if (dafu_autosave_is_dirty (self))
    schedule (self, DAFU_AUTOSAVE_DELAY_MS);
}

static void
start_write (DafuAutosave *self)
{
  if (self->saving || self->draft == NULL)
    return;
  g_clear_handle_id (&self->timeout_id, g_source_remove);

  self->writing_revision = dafu_draft_get_revision (self->draft);
  set_saving (self, TRUE);
  /* The write takes its copy now; once closed, that write is the last,
   * and clears the editing mark. */
  dafu_library_save_draft_full_async (self->library, self->draft, !self->closed, NULL,
                                      write_done, g_object_ref (self));
  if (self->closed)
    g_clear_object (&self->draft);
}

static void
draft_changed_cb (DafuAutosave *self)
{
  schedule (self, DAFU_AUTOSAVE_DELAY_MS);
}

static void
dafu_autosave_dispose (GObject *object)
{
  DafuAutosave *self = (DafuAutosave *) object;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->draft != NULL)
    g_clear_signal_handler (&self->changed_id, self->draft);

  G_OBJECT_CLASS (dafu_autosave_parent_class)->dispose (object);
}

static void
dafu_autosave_finalize (GObject *object)
{
  DafuAutosave *self = (DafuAutosave *) object;

  g_clear_object (&self->draft);
  g_clear_object (&self->library);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (dafu_autosave_parent_class)->finalize (object);
}

static void
dafu_autosave_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DafuAutosave *self = DAFU_AUTOSAVE (object);

  switch (prop_id)
    {
    case PROP_DRAFT:
      g_value_set_object (value, self->draft);
      break;
    case PROP_SAVING:
      g_value_set_boolean (value, self->saving);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_autosave_class_init (DafuAutosaveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dafu_autosave_dispose;
  object_class->finalize = dafu_autosave_finalize;
  object_class->get_property = dafu_autosave_get_property;

  properties[PROP_DRAFT] =
    g_param_spec_object ("draft", NULL, NULL, DAFU_TYPE_DRAFT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SAVING] =
    g_param_spec_boolean ("saving", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dafu_autosave_init (DafuAutosave *self)
{
}

/**
 * dafu_autosave_new:
 * @library: where the draft lives
 * @draft: the draft being edited; a new one (id 0) is written at once
 *
 * Returns: (transfer full): an autosave that keeps @draft saved until
 *   dafu_autosave_close()
 */
DafuAutosave *
dafu_autosave_new (DafuLibrary *library,
                   DafuDraft   *draft)
{
  DafuAutosave *self;

  g_return_val_if_fail (DAFU_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (DAFU_IS_DRAFT (draft), NULL);

  self = g_object_new (DAFU_TYPE_AUTOSAVE, NULL);
  self->library = g_object_ref (library);
  self->draft = g_object_ref (draft);
  self->changed_id = g_signal_connect_swapped (draft, "changed", G_CALLBACK (draft_changed_cb), self);

  /* Written now: a new draft gets its id, an opened one its editing mark. */
  start_write (self);
  return self;
}

/**
 * dafu_autosave_get_draft:
 *
 * Returns: (transfer none) (nullable): the draft, %NULL once closed
 */
DafuDraft *
dafu_autosave_get_draft (DafuAutosave *self)
{
  g_return_val_if_fail (DAFU_IS_AUTOSAVE (self), NULL);

  return self->closed ? NULL : self->draft;
}

gboolean
dafu_autosave_get_saving (DafuAutosave *self)
{
  g_return_val_if_fail (DAFU_IS_AUTOSAVE (self), FALSE);

  return self->saving;
}

/**
 * dafu_autosave_get_error:
 *
 * Returns: (nullable): why the last write failed, or %NULL when it worked
 */
const GError *
dafu_autosave_get_error (DafuAutosave *self)
{
  g_return_val_if_fail (DAFU_IS_AUTOSAVE (self), NULL);

  return self->error;
}

/**
 * dafu_autosave_flush:
 *
 * Starts writing the pending changes now instead of after the delay.
 */
void
dafu_autosave_flush (DafuAutosave *self)
{
  g_return_if_fail (DAFU_IS_AUTOSAVE (self));

  if (self->draft != NULL && dafu_autosave_is_dirty (self))
    start_write (self);
}

/**
 * dafu_autosave_flush_sync:
 *
 * Writes the pending changes and returns when they are in the database,
 * running the thread-default main context meanwhile (for the command line
 * and the tests; the editor uses dafu_autosave_flush()).
 */
gboolean
dafu_autosave_flush_sync (DafuAutosave  *self,
                          GError       **error)
{
  g_return_val_if_fail (DAFU_IS_AUTOSAVE (self), FALSE);

  while (self->saving)
    g_main_context_iteration (NULL, TRUE);
  if (self->draft != NULL && dafu_autosave_is_dirty (self))
    {
      start_write (self);
      while (self->saving)
        g_main_context_iteration (NULL, TRUE);
    }
  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }
  return TRUE;
}

/**
 * dafu_autosave_close:
 *
 * Writes what is left and marks the draft as no longer edited, in the
 * background; stops watching the draft.
 */
void
dafu_autosave_close (DafuAutosave *self)
{
  g_return_if_fail (DAFU_IS_AUTOSAVE (self));

  if (self->closed)
    return;
  self->closed = TRUE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->draft != NULL)
    g_clear_signal_handler (&self->changed_id, self->draft);
  if (!self->saving)
    start_write (self);
  /* else write_done() writes once more */
}
