/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-layout-preview"

#include "config.h"

#include "dafu-layout-preview.h"

#include <glib/gi18n.h>

#include "dafu-layout.h"

/**
 * DafuLayoutPreview:
 *
 * The pages of a letter as they will print, in the GB/T 9704 layout.
 *
 * Laying out takes a moment for a long letter, so it runs on a worker
 * thread: the worker lays the document out with its own Pango font map
 * and records each page's drawing in a Cairo recording surface, which the
 * main thread only replays. A new document cancels the layout still
 * running for the old one; the old pages stay in view until the new ones
 * are ready, so typing in the editor never waits for the preview.
 */

#define ZOOM_MIN  0.25
#define ZOOM_MAX  4.0
#define ZOOM_STEP 1.25
#define PAGE_GAP  12   /* pixels around the page */

struct _DafuLayoutPreview
{
  GtkWidget        parent_instance;

  GtkWidget       *box;
  GtkButton       *prev_button;
  GtkButton       *next_button;
  GtkLabel        *page_label;
  GtkLabel        *zoom_label;
  GtkToggleButton *fit_button;
  GtkScrolledWindow *scrolled;
  GtkDrawingArea  *page_area;
  GtkSpinner      *spinner;
  GtkLabel        *fonts_label;
  GtkLabel        *error_label;

  DafuDocument    *document;
  GCancellable    *cancellable;
  GPtrArray       *pages;      /* cairo_surface_t, recording, one a page */
  char            *fonts;
  guint            page;
  double           zoom;       /* pixels per point, when not fitting */
  guint            fit_id;
  gboolean         busy;
};

G_DEFINE_FINAL_TYPE (DafuLayoutPreview, dafu_layout_preview, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_N_PAGES,
  PROP_PAGE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------ *
 * Laying out, on a worker
 * ------------------------------------------------------------------ */

typedef struct {
  GPtrArray *pages;
  char      *fonts;
} Result;

static void
result_free (gpointer data)
{
  Result *result = data;

  g_clear_pointer (&result->pages, g_ptr_array_unref);
  g_free (result->fonts);
  g_free (result);
}

static void
layout_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DafuDocument *document = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuLayout) layout = NULL;
  Result *result;
  guint n;

  layout = dafu_layout_new (document, &error);
  if (layout == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  result = g_new0 (Result, 1);
  result->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
  result->fonts = dafu_layout_describe_fonts (layout);
  n = dafu_layout_get_n_pages (layout);
  for (guint i = 0; i < n; i++)
    {
      cairo_rectangle_t extents = { 0, 0, DAFU_LAYOUT_PAGE_WIDTH, DAFU_LAYOUT_PAGE_HEIGHT };
      cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
      cairo_t *cr = cairo_create (surface);

      dafu_layout_render_page (layout, i, cr);
      cairo_destroy (cr);
      g_ptr_array_add (result->pages, surface);
    }
  g_task_return_pointer (task, result, result_free);
}

static void
update_controls (DafuLayoutPreview *self)
{
  guint n = self->pages != NULL ? self->pages->len : 0;
  g_autofree char *page_text = NULL;
  g_autofree char *zoom_text = NULL;

  if (n > 0)
    /* Translators: page 1 of 3 of the letter shown */
    page_text = g_strdup_printf (_("Page %u of %u"), self->page + 1, n);
  else
    page_text = g_strdup ("");
  gtk_label_set_label (self->page_label, page_text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->prev_button), n > 0 && self->page > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), n > 0 && self->page + 1 < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.previous-page", n > 0 && self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.next-page", n > 0 && self->page + 1 < n);

  if (gtk_toggle_button_get_active (self->fit_button))
    zoom_text = g_strdup (_("Fit Width"));
  else
    zoom_text = g_strdup_printf ("%.0f %%", self->zoom * 100 * 72 / 96);
  gtk_label_set_label (self->zoom_label, zoom_text);

  gtk_label_set_label (self->fonts_label, self->fonts != NULL ? self->fonts : "");
  gtk_widget_set_visible (GTK_WIDGET (self->fonts_label), self->fonts != NULL && *self->fonts != '\0');
}

/* Pixels per point now: the fixed zoom, or what fits the page's width. */
static double
scale (DafuLayoutPreview *self)
{
  if (gtk_toggle_button_get_active (self->fit_button))
    {
      int width = gtk_widget_get_width (GTK_WIDGET (self->scrolled)) - 2 * PAGE_GAP;

      return MAX (width, 50) / DAFU_LAYOUT_PAGE_WIDTH;
    }
  return self->zoom;
}

static void
resize_area (DafuLayoutPreview *self)
{
  double s = scale (self);

  gtk_drawing_area_set_content_width (self->page_area, (int) (DAFU_LAYOUT_PAGE_WIDTH * s) + 2 * PAGE_GAP);
  gtk_drawing_area_set_content_height (self->page_area, (int) (DAFU_LAYOUT_PAGE_HEIGHT * s) + 2 * PAGE_GAP);
  gtk_widget_queue_draw (GTK_WIDGET (self->page_area));
}

static void
set_busy (DafuLayoutPreview *self,
          gboolean           busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
on_layout_done_cb (GObject      *object,
                   GAsyncResult *task,
                   gpointer      user_data)
{
  g_autoptr(DafuLayoutPreview) self = user_data;
  g_autoptr(GError) error = NULL;
  Result *result = g_task_propagate_pointer (G_TASK (task), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (result == NULL)
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  self->pages = g_steal_pointer (&result->pages);
  g_free (self->fonts);
  self->fonts = g_steal_pointer (&result->fonts);
  result_free (result);

  if (self->page >= self->pages->len)
    {
      self->page = self->pages->len > 0 ? self->pages->len - 1 : 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  update_controls (self);
  resize_area (self);
}

/**
 * dafu_layout_preview_set_document:
 * @document: (nullable): what to show
 *
 * Lays @document out on a worker thread and shows its pages when ready.
 */
void
dafu_layout_preview_set_document (DafuLayoutPreview *self,
                                  DafuDocument      *document)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DAFU_IS_LAYOUT_PREVIEW (self));
  g_return_if_fail (document == NULL || DAFU_IS_DOCUMENT (document));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (!g_set_object (&self->document, document))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);

  if (document == NULL)
    {
      g_clear_pointer (&self->pages, g_ptr_array_unref);
      set_busy (self, FALSE);
      update_controls (self);
      gtk_widget_queue_draw (GTK_WIDGET (self->page_area));
      return;
    }

  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  task = g_task_new (NULL, self->cancellable, on_layout_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, dafu_layout_preview_set_document);
  g_task_set_task_data (task, g_object_ref (document), g_object_unref);
  g_task_run_in_thread (task, layout_thread);
}

/* ------------------------------------------------------------------ *
 * Drawing
 * ------------------------------------------------------------------ */

static void
draw_page (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        user_data)
{
  DafuLayoutPreview *self = user_data;
  double s = scale (self);
  double page_width = DAFU_LAYOUT_PAGE_WIDTH * s;
  double page_height = DAFU_LAYOUT_PAGE_HEIGHT * s;
  double x = MAX (PAGE_GAP, (width - page_width) / 2);
  double y = PAGE_GAP;

  if (self->pages == NULL || self->page >= self->pages->len)
    return;

  /* The sheet, with a soft edge, always white: it is paper. */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.15);
  cairo_rectangle (cr, x + 1, y + 2, page_width, page_height);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, page_width, page_height);
  cairo_fill (cr);

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, s, s);
  cairo_rectangle (cr, 0, 0, DAFU_LAYOUT_PAGE_WIDTH, DAFU_LAYOUT_PAGE_HEIGHT);
  cairo_clip (cr);
  cairo_set_source_surface (cr, g_ptr_array_index (self->pages, self->page), 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* ------------------------------------------------------------------ *
 * Actions
 * ------------------------------------------------------------------ */

void
dafu_layout_preview_set_page (DafuLayoutPreview *self,
                              guint              page)
{
  g_return_if_fail (DAFU_IS_LAYOUT_PREVIEW (self));

  if (self->pages == NULL || page >= self->pages->len || page == self->page)
    return;
  self->page = page;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  update_controls (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);
  gtk_widget_queue_draw (GTK_WIDGET (self->page_area));
}

static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DafuLayoutPreview *self = DAFU_LAYOUT_PREVIEW (widget);

  if (g_str_equal (action_name, "preview.next-page"))
    dafu_layout_preview_set_page (self, self->page + 1);
  else if (self->page > 0)
    dafu_layout_preview_set_page (self, self->page - 1);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DafuLayoutPreview *self = DAFU_LAYOUT_PREVIEW (widget);
  double current = scale (self);

  if (g_str_equal (action_name, "preview.zoom-fit"))
    {
      gtk_toggle_button_set_active (self->fit_button, TRUE);
      return;
    }

  gtk_toggle_button_set_active (self->fit_button, FALSE);
  if (g_str_equal (action_name, "preview.zoom-in"))
    self->zoom = MIN (current * ZOOM_STEP, ZOOM_MAX);
  else
    self->zoom = MAX (current / ZOOM_STEP, ZOOM_MIN);
  update_controls (self);
  resize_area (self);
}

static void
on_fit_toggled_cb (DafuLayoutPreview *self)
{
  if (!gtk_toggle_button_get_active (self->fit_button))
    self->zoom = scale (self);
  update_controls (self);
  resize_area (self);
}

static gboolean
fit_cb (gpointer user_data)
{
  DafuLayoutPreview *self = user_data;

  self->fit_id = 0;
  resize_area (self);
  return G_SOURCE_REMOVE;
}

/* Fitting follows the pane's width, once this allocation is done. */
static void
dafu_layout_preview_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  DafuLayoutPreview *self = DAFU_LAYOUT_PREVIEW (widget);

  gtk_widget_allocate (self->box, width, height, baseline, NULL);
  if (gtk_toggle_button_get_active (self->fit_button) && self->fit_id == 0)
    {
      int wanted = (int) (DAFU_LAYOUT_PAGE_WIDTH * scale (self)) + 2 * PAGE_GAP;

      if (gtk_drawing_area_get_content_width (self->page_area) != wanted)
        self->fit_id = g_idle_add (fit_cb, self);
    }
}

static void
dafu_layout_preview_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  DafuLayoutPreview *self = DAFU_LAYOUT_PREVIEW (widget);

  gtk_widget_measure (self->box, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

/* ------------------------------------------------------------------ *
 * GObject
 * ------------------------------------------------------------------ */

static void
dafu_layout_preview_dispose (GObject *object)
{
  DafuLayoutPreview *self = DAFU_LAYOUT_PREVIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->fit_id, g_source_remove);
  g_clear_object (&self->document);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->fonts, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), DAFU_TYPE_LAYOUT_PREVIEW);

  G_OBJECT_CLASS (dafu_layout_preview_parent_class)->dispose (object);
}

static void
dafu_layout_preview_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DafuLayoutPreview *self = DAFU_LAYOUT_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_N_PAGES:
      g_value_set_uint (value, dafu_layout_preview_get_n_pages (self));
      break;
    case PROP_PAGE:
      g_value_set_uint (value, self->page);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_layout_preview_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  DafuLayoutPreview *self = DAFU_LAYOUT_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      dafu_layout_preview_set_document (self, g_value_get_object (value));
      break;
    case PROP_PAGE:
      dafu_layout_preview_set_page (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_layout_preview_class_init (DafuLayoutPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dafu_layout_preview_dispose;
  object_class->get_property = dafu_layout_preview_get_property;
  object_class->set_property = dafu_layout_preview_set_property;
  widget_class->size_allocate = dafu_layout_preview_size_allocate;
  widget_class->measure = dafu_layout_preview_measure;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, DAFU_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PAGES] =
    g_param_spec_uint ("n-pages", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE] =
    g_param_spec_uint ("page", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dafu/Dafu/ui/dafu-layout-preview.ui");
  gtk_widget_class_bind_template_child (widget_class, DafuLayoutPreview, box);
  gtk_widget_class_bind_template_child (widget_class, DafuLayoutPreview, prev_button);
  gtk_widget_class_bind_template_child (widget_class, DafuLayoutPreview, next_button);
  gtk_widget_class_bind_template_child (widget_class, DafuLayoutPreview, page_label);
  gtk_widget_class_bind_template_child (widget_class, DafuLayoutPreview, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, DafuLayoutPreview, fit_button);
  gtk_widget_class_bind_template_child (widget_class, DafuLayoutPreview, scrolled);
  gtk_widget_class_bind_template_child (widget_class, DafuLayoutPreview, page_area);
  gtk_widget_class_bind_template_child (widget_class, DafuLayoutPreview, spinner);
  gtk_widget_class_bind_template_child (widget_class, DafuLayoutPreview, fonts_label);
  gtk_widget_class_bind_template_child (widget_class, DafuLayoutPreview, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_fit_toggled_cb);

  gtk_widget_class_install_action (widget_class, "preview.previous-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "preview.next-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "preview.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "preview.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "preview.zoom-fit", NULL, zoom_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "preview.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "preview.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "preview.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "preview.zoom-fit", NULL);

  gtk_widget_class_set_css_name (widget_class, "dafu-layout-preview");
}

static void
dafu_layout_preview_init (DafuLayoutPreview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->zoom = 1.0;
  gtk_drawing_area_set_draw_func (self->page_area, draw_page, self, NULL);
  update_controls (self);
  resize_area (self);
}

GtkWidget *
dafu_layout_preview_new (void)
{
  return g_object_new (DAFU_TYPE_LAYOUT_PREVIEW, NULL);
}

/**
 * dafu_layout_preview_get_document:
 *
 * Returns: (transfer none) (nullable): the document shown or being laid out
 */
DafuDocument *
dafu_layout_preview_get_document (DafuLayoutPreview *self)
{
  g_return_val_if_fail (DAFU_IS_LAYOUT_PREVIEW (self), NULL);

  return self->document;
}

guint
dafu_layout_preview_get_n_pages (DafuLayoutPreview *self)
{
  g_return_val_if_fail (DAFU_IS_LAYOUT_PREVIEW (self), 0);

  return self->pages != NULL ? self->pages->len : 0;
}

guint
dafu_layout_preview_get_page (DafuLayoutPreview *self)
{
  g_return_val_if_fail (DAFU_IS_LAYOUT_PREVIEW (self), 0);

  return self->page;
}

gboolean
dafu_layout_preview_get_busy (DafuLayoutPreview *self)
{
  g_return_val_if_fail (DAFU_IS_LAYOUT_PREVIEW (self), FALSE);

  return self->busy;
}

/**
 * dafu_layout_preview_get_fonts:
 *
 * Returns: (nullable): which fonts the layout used, for the clerk
 */
const char *
dafu_layout_preview_get_fonts (DafuLayoutPreview *self)
{
  g_return_val_if_fail (DAFU_IS_LAYOUT_PREVIEW (self), NULL);

  return self->fonts;
}
