/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-window"

#include "config.h"

#include "dafu-window.h"

#include <glib/gi18n.h>

#include "dafu-import-report.h"

/**
 * DafuWindow:
 *
 * The main window. It opens the library on a worker thread, imports the
 * sample letters into an empty library on first start and tells how many
 * letters the library holds.
 */
struct _DafuWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  GtkStack             *stack;
  AdwStatusPage        *library_page;
  AdwStatusPage        *error_page;
  GtkLabel             *loading_label;

  char                 *library_path;
  DafuLibrary          *library;
  GSettings            *settings;
  GCancellable         *cancellable;
  gint64                n_letters;
  gboolean              samples_tried;
};

G_DEFINE_FINAL_TYPE (DafuWindow, dafu_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_LIBRARY_PATH,
  PROP_N_LETTERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void count_letters (DafuWindow *self);

static void
show_error (DafuWindow  *self,
            const char  *title,
            const GError *error)
{
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
show_count (DafuWindow *self,
            gint64      n_letters)
{
  g_autofree char *description = NULL;

  self->n_letters = n_letters;
  if (n_letters == 0)
    description = g_strdup (_("The library holds no letters yet."));
  else
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "The library holds %lld letter.",
                                                "The library holds %lld letters.",
                                                (gulong) n_letters),
                                   (long long) n_letters);

  adw_status_page_set_description (self->library_page, description);
  gtk_stack_set_visible_child_name (self->stack, "library");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_LETTERS]);
}

static char *
samples_dir (void)
{
  const char *env = g_getenv ("DAFU_SAMPLES_DIR");

  return g_strdup (env != NULL && *env != '\0' ? env : SAMPLES_DIR);
}

static void
on_samples_imported_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(DafuWindow) self = user_data;
  g_autoptr(DafuImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = dafu_library_import_finish (DAFU_LIBRARY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (report == NULL)
    g_warning ("Could not import the sample letters: %s", error->message);
  else
    for (guint i = 0; i < dafu_import_report_get_n_entries (report); i++)
      if (dafu_import_report_get_status (report, i) == DAFU_IMPORT_STATUS_FAILED)
        g_warning ("Sample %s: %s", dafu_import_report_get_path (report, i),
                   dafu_import_report_get_message (report, i));

  count_letters (self);
}

static void
import_samples (DafuWindow *self)
{
  g_autofree char *dir = samples_dir ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  GFile *files[] = { folder };

  self->samples_tried = TRUE;
  gtk_label_set_label (self->loading_label, _("Adding the sample letters…"));
  gtk_stack_set_visible_child_name (self->stack, "loading");

  dafu_library_import_async (self->library, files, G_N_ELEMENTS (files), NULL, NULL, NULL,
                             self->cancellable, on_samples_imported_cb, g_object_ref (self));
}

static void
on_count_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DafuWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 n;

  n = dafu_library_count_finish (DAFU_LIBRARY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (n < 0)
    {
      show_error (self, _("Could Not Read the Library"), error);
      return;
    }

  /* A new, empty library starts with the sample letters. */
  if (n == 0 && !self->samples_tried)
    {
      import_samples (self);
      return;
    }

  show_count (self, n);
}

static void
count_letters (DafuWindow *self)
{
  dafu_library_count_async (self->library, self->cancellable, on_count_cb, g_object_ref (self));
}

static void
on_library_opened_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(DafuWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  DafuLibrary *library;

  library = dafu_library_new_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (library == NULL)
    {
      show_error (self, _("Could Not Open the Library"), error);
      return;
    }

  self->library = library;
  count_letters (self);
}

/* --library, then $DAFU_LIBRARY, then the library-path setting, then the
 * default location. */
static char *
resolve_library_path (DafuWindow *self)
{
  g_autofree char *setting = NULL;
  const char *env = g_getenv ("DAFU_LIBRARY");

  if (self->library_path != NULL)
    return g_strdup (self->library_path);
  if ((env == NULL || *env == '\0') && self->settings != NULL)
    {
      setting = g_settings_get_string (self->settings, "library-path");
      if (*setting != '\0')
        return g_steal_pointer (&setting);
    }
  return dafu_library_default_path ();
}

static GSettings *
load_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* An uninstalled run may have no schema; the window then just does not
   * remember its size. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "io.github.dafu.Dafu", TRUE);
  if (schema == NULL)
    {
      g_debug ("The io.github.dafu.Dafu settings schema is not installed");
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static void
dafu_window_constructed (GObject *object)
{
  DafuWindow *self = DAFU_WINDOW (object);
  g_autofree char *path = NULL;

  G_OBJECT_CLASS (dafu_window_parent_class)->constructed (object);

  self->settings = load_settings ();
  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
    }

  path = resolve_library_path (self);
  dafu_library_new_async (path, self->cancellable, on_library_opened_cb, g_object_ref (self));
}

static void
dafu_window_dispose (GObject *object)
{
  DafuWindow *self = DAFU_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DAFU_TYPE_WINDOW);

  G_OBJECT_CLASS (dafu_window_parent_class)->dispose (object);
}

static void
dafu_window_finalize (GObject *object)
{
  DafuWindow *self = DAFU_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->library);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->library_path, g_free);

  G_OBJECT_CLASS (dafu_window_parent_class)->finalize (object);
}

static void
dafu_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DafuWindow *self = DAFU_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LIBRARY_PATH:
      g_value_set_string (value, self->library_path);
      break;
    case PROP_N_LETTERS:
      g_value_set_int64 (value, self->n_letters);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  DafuWindow *self = DAFU_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LIBRARY_PATH:
      self->library_path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_window_class_init (DafuWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dafu_window_constructed;
  object_class->dispose = dafu_window_dispose;
  object_class->finalize = dafu_window_finalize;
  object_class->get_property = dafu_window_get_property;
  object_class->set_property = dafu_window_set_property;

  /**
   * DafuWindow:library-path:
   *
   * The library to open; %NULL for the usual choice.
   */
  properties[PROP_LIBRARY_PATH] =
    g_param_spec_string ("library-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DafuWindow:n-letters:
   *
   * How many letters the library holds, once known; -1 before.
   */
  properties[PROP_N_LETTERS] =
    g_param_spec_int64 ("n-letters", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dafu/Dafu/ui/dafu-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, library_page);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, loading_label);
}

static void
dafu_window_init (DafuWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->n_letters = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The app's own icon when it is installed (not in an uninstalled run). */
  if (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gdk_display_get_default ()), APP_ID))
    adw_status_page_set_icon_name (self->library_page, APP_ID);

  if (DEVELOPMENT)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

DafuWindow *
dafu_window_new (DafuApplication *application,
                 const char      *library_path)
{
  return g_object_new (DAFU_TYPE_WINDOW,
                       "application", application,
                       "library-path", library_path,
                       NULL);
}

/**
 * dafu_window_get_library:
 *
 * Returns: (transfer none) (nullable): the open library, or %NULL while it
 *   is being opened or when it could not be
 */
DafuLibrary *
dafu_window_get_library (DafuWindow *self)
{
  g_return_val_if_fail (DAFU_IS_WINDOW (self), NULL);
  return self->library;
}

gint64
dafu_window_get_n_letters (DafuWindow *self)
{
  g_return_val_if_fail (DAFU_IS_WINDOW (self), -1);
  return self->n_letters;
}
