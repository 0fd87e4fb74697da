/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-letter-view"

#include "config.h"

#include "dafu-letter-view.h"

/* Placeholder until the letter view lands. */
struct _DafuLetterView
{
  AdwBin      parent_instance;
  DafuLetter *letter;
  DafuQuery  *query;
};

G_DEFINE_FINAL_TYPE (DafuLetterView, dafu_letter_view, ADW_TYPE_BIN)

static void
dafu_letter_view_dispose (GObject *object)
{
  DafuLetterView *self = DAFU_LETTER_VIEW (object);

  g_clear_object (&self->letter);
  g_clear_object (&self->query);
  G_OBJECT_CLASS (dafu_letter_view_parent_class)->dispose (object);
}

static void
dafu_letter_view_class_init (DafuLetterViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dafu_letter_view_dispose;
}

static void
dafu_letter_view_init (DafuLetterView *self)
{
}

GtkWidget *dafu_letter_view_new (void) { return g_object_new (DAFU_TYPE_LETTER_VIEW, NULL); }
DafuLetter *dafu_letter_view_get_letter (DafuLetterView *self) { return self->letter; }
void dafu_letter_view_set_letter (DafuLetterView *self, DafuLetter *letter) { g_set_object (&self->letter, letter); }
DafuQuery *dafu_letter_view_get_query (DafuLetterView *self) { return self->query; }
void dafu_letter_view_set_query (DafuLetterView *self, DafuQuery *query) { g_set_object (&self->query, query); }
guint dafu_letter_view_get_n_hits (DafuLetterView *self) { return 0; }
int dafu_letter_view_get_current_hit (DafuLetterView *self) { return -1; }
void dafu_letter_view_next_hit (DafuLetterView *self) { }
void dafu_letter_view_previous_hit (DafuLetterView *self) { }
