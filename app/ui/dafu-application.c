/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-application"

#include "config.h"

#include "dafu-application.h"

#include <glib/gi18n.h>

#include "dafu-window.h"

/**
 * DafuApplication:
 *
 * The application: its app-wide actions, the About window and the choice of
 * library (`--library PATH`, else `$DAFU_LIBRARY`, else the `library-path`
 * setting, else the default location).
 */
struct _DafuApplication
{
  AdwApplication  parent_instance;

  char           *library_path;
};

G_DEFINE_FINAL_TYPE (DafuApplication, dafu_application, ADW_TYPE_APPLICATION)

static void
dafu_application_activate (GApplication *app)
{
  DafuApplication *self = DAFU_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (dafu_window_new (self, self->library_path));

  gtk_window_present (window);
}

/* `dafu FILE…` and "Open With" import the files and folders given. */
static void
dafu_application_open (GApplication  *app,
                       GFile        **files,
                       int            n_files,
                       const char    *hint)
{
  DafuApplication *self = DAFU_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (dafu_window_new (self, self->library_path));

  gtk_window_present (window);
  dafu_window_import (DAFU_WINDOW (window), files, n_files);
}

static int
dafu_application_handle_local_options (GApplication *app,
                                       GVariantDict *options)
{
  DafuApplication *self = DAFU_APPLICATION (app);
  g_autofree char *path = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("Dafu %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "library", "^ay", &path))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
      g_free (self->library_path);
      self->library_path = g_file_get_path (file);
    }

  return -1;
}

static void
dafu_application_finalize (GObject *object)
{
  DafuApplication *self = (DafuApplication *) object;

  g_clear_pointer (&self->library_path, g_free);

  G_OBJECT_CLASS (dafu_application_parent_class)->finalize (object);
}

static void
dafu_application_class_init (DafuApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = dafu_application_finalize;
  app_class->activate = dafu_application_activate;
  app_class->open = dafu_application_open;
  app_class->handle_local_options = dafu_application_handle_local_options;
}

/**
 * dafu_application_show_about:
 * @self: the application
 *
 * Presents the About window over the active window.
 *
 * Returns: (transfer none): the About window
 */
GtkWindow *
dafu_application_show_about (DafuApplication *self)
{
  const char *developers[] = { "Dafu developers", NULL };
  GtkWidget *about;

  g_return_val_if_fail (DAFU_IS_APPLICATION (self), NULL);

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Dafu"),
                        "application-icon", APP_ID,
                        "developer-name", _("Dafu developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("A library of reply letters to deputies’ suggestions and members’ proposals: find how other cities answered, compare replies side by side and draft new ones."),
                        "website", "https://github.com/dafu/dafu",
                        "issue-url", "https://github.com/dafu/dafu/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 Dafu developers",
                        "developers", developers,
                        /* Translators: your names, one per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));

  return GTK_WINDOW (about);
}

static void
about_cb (GSimpleAction *action,
          GVariant      *parameter,
          gpointer       user_data)
{
  dafu_application_show_about (DAFU_APPLICATION (user_data));
}

static void
quit_cb (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_cb },
  { "quit", quit_cb },
};

static void
dafu_application_init (DafuApplication *self)
{
  const GOptionEntry options[] = {
    { "library", 'l', 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Open the library at PATH instead of the default"), N_("PATH") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *close_accels[] = { "<Control>w", NULL };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
}

DafuApplication *
dafu_application_new (void)
{
  return g_object_new (DAFU_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       /* The same resources serve the development id. */
                       "resource-base-path", "/io/github/dafu/Dafu",
                       NULL);
}

/**
 * dafu_application_get_library_path:
 *
 * Returns: (nullable): the library chosen on the command line, or %NULL
 */
const char *
dafu_application_get_library_path (DafuApplication *self)
{
  g_return_val_if_fail (DAFU_IS_APPLICATION (self), NULL);
  return self->library_path;
}
