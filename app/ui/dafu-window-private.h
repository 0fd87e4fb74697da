/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dafu-window.h"

#include "dafu-compare-view.h"
#include "dafu-drafts-view.h"
#include "dafu-letter-view.h"
#include "dafu-query.h"

G_BEGIN_DECLS

typedef enum {
  FACET_CITY,
  FACET_YEAR,
  FACET_CATEGORY,
  FACET_KIND,
  N_FACETS
} Facet;

struct _DafuWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwViewStack         *view_stack;          /* in "library": Search and Drafts */
  DafuDraftsView       *drafts_view;
  GMenuModel           *primary_menu;
  GtkLabel             *loading_label;
  AdwStatusPage        *error_page;
  GtkWidget            *damaged_buttons;     /* on the error page, for a damaged library */
  GtkRevealer          *read_only_revealer;
  AdwStatusPage        *empty_page;
  AdwLeaflet           *leaflet;
  GtkWidget            *results_pane;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *facet_dropdowns[N_FACETS];
  GtkDropDown          *sort_dropdown;
  GtkLabel             *hits_label;
  GtkRevealer          *import_revealer;
  GtkProgressBar       *import_progress;
  GtkStack             *results_stack;
  GtkListView          *results_list;
  AdwStatusPage        *no_hits_page;
  GtkWidget            *pane_separator;
  GtkWidget            *letter_pane;
  AdwWindowTitle       *letter_title;
  GtkStack             *letter_stack;
  DafuLetterView       *letter_view;
  GtkDropDown          *compare_cities[2];
  GtkDropDown          *compare_letters[2];
  GtkStack             *compare_stack;
  GtkSpinner           *compare_spinner;
  DafuCompareView      *compare_view;

  /* State */
  char                 *library_path;
  char                 *opened_path;         /* the library opened (or tried) */
  DafuLibrary          *library;
  GSettings            *settings;
  GCancellable         *cancellable;         /* the window's life */
  GCancellable         *search_cancellable;  /* the running search */
  GCancellable         *letter_cancellable;  /* the letter being read */
  GCancellable         *import_cancellable;  /* the running import, or NULL */
  GtkSingleSelection   *selection;
  DafuQuery            *query;               /* of the results shown */
  DafuQuery            *searching;           /* of the search running */
  DafuLetter           *letter;              /* the letter shown, whole */
  GPtrArray            *facet_values[N_FACETS];
  GPtrArray            *pending_import;      /* GFile, until the library is open */
  gint64                n_letters;
  guint                 n_hits;
  gboolean              samples_tried;
  gboolean              damaged;             /* the library is damaged: the error page offers a way out */
  gboolean              read_only;           /* the library cannot be written */
  gboolean              updating_facets;
  int                   drag_start_width;

  /* The Compare page (dafu-window-actions.c) */
  GCancellable         *compare_cancellable; /* choosing and reading its letters */
  gint64                compare_ids[2];      /* the letters chosen, 0 for none yet */
  gint64                compared_ids[2];     /* the letters last compared */
  DafuLetter           *compare_loaded[2];   /* whole letters read for it */
  guint                 compare_updating;    /* > 0 while the pickers are set from code */
  guint                 compare_serial[2];   /* of the latest listing of a side's letters */
};

/* dafu-window.c */
void  dafu_window_refresh          (DafuWindow  *self);
void  dafu_window_search           (DafuWindow  *self);
void  dafu_window_show_toast       (DafuWindow  *self,
                                    const char  *title);
void  dafu_window_update_actions   (DafuWindow  *self);
void  dafu_window_clear_letter     (DafuWindow  *self);

void  dafu_window_open_library     (DafuWindow  *self);
char *dafu_window_get_library_path (DafuWindow  *self);

/* dafu-window-library.c: damage, backups, read-only */
gboolean dafu_window_error_is_damage   (const GError   *error);
void     dafu_window_show_damaged      (DafuWindow     *self,
                                        const GError   *error);
void     dafu_window_library_opened    (DafuWindow     *self);
void     dafu_window_class_init_library (GtkWidgetClass *widget_class);
void     dafu_window_init_library       (DafuWindow     *self);

/* dafu-window-actions.c */
void  dafu_window_class_init_actions (GtkWidgetClass *widget_class);
void  dafu_window_init_actions       (DafuWindow     *self);
void  dafu_window_close_compare      (DafuWindow     *self);
void  dafu_window_show_view          (DafuWindow     *self,
                                      const char     *name);

G_END_DECLS
