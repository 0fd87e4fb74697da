/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-letter-list"

#include "config.h"

#include "dafu-letter-list.h"

#include "dafu-letter.h"
#include "dafu-library-private.h"

/**
 * DafuLetterList:
 *
 * A #GListModel of #DafuLetter over a list of the letters' index keys (see
 * dafu-db.c), as a search or a listing returns them. It holds keys (and
 * scores) only; a letter is read
 * from the library the first time its row is asked for, so a list of
 * 100,000 hits costs a few bytes a row until it is shown.
 *
 * Items are read on the thread that made the library, through its main
 * connection. The letters read last are kept (a direct-mapped cache of
 * CACHE_SIZE rows), so scrolling to the end of 100,000 hits does not keep
 * 100,000 letters in memory.
 */

#define CACHE_SIZE 512

typedef struct {
  guint       position;
  DafuLetter *letter;
} CacheSlot;
struct _DafuLetterList
{
  GObject      parent_instance;

  DafuLibrary *library;
  GArray      *keys;     /* gint64: the letters' index keys (fts_key) */
  GArray      *scores;   /* double, or NULL */
  CacheSlot    cache[CACHE_SIZE];
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DafuLetterList, dafu_letter_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
dafu_letter_list_get_item_type (GListModel *model)
{
  return DAFU_TYPE_LETTER;
}

static guint
dafu_letter_list_get_n_items (GListModel *model)
{
  return DAFU_LETTER_LIST (model)->keys->len;
}

static gpointer
dafu_letter_list_get_item (GListModel *model,
                           guint       position)
{
  DafuLetterList *self = DAFU_LETTER_LIST (model);
  CacheSlot *slot;
  DafuLetter *letter;

  if (position >= self->keys->len)
    return NULL;

  slot = &self->cache[position % CACHE_SIZE];
  letter = slot->letter != NULL && slot->position == position ? slot->letter : NULL;
  if (letter == NULL)
    {
      g_autoptr(GError) error = NULL;
      gint64 key = g_array_index (self->keys, gint64, position);

      letter = dafu_library_load_summary_by_key (self->library, key, &error);
      if (letter == NULL)
        {
          /* Deleted (or dated anew) since the list was made: show an empty
           * row rather than break the model's contract. */
          g_debug ("Letter with key %" G_GINT64_FORMAT " could not be read: %s", key, error->message);
          letter = dafu_letter_new ();
        }
      g_clear_object (&slot->letter);
      slot->letter = letter;
      slot->position = position;
    }

  return g_object_ref (letter);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = dafu_letter_list_get_item_type;
  iface->get_n_items = dafu_letter_list_get_n_items;
  iface->get_item = dafu_letter_list_get_item;
}

static void
dafu_letter_list_finalize (GObject *object)
{
  DafuLetterList *self = (DafuLetterList *) object;

  g_clear_object (&self->library);
  g_clear_pointer (&self->keys, g_array_unref);
  g_clear_pointer (&self->scores, g_array_unref);
  for (guint i = 0; i < CACHE_SIZE; i++)
    g_clear_object (&self->cache[i].letter);

  G_OBJECT_CLASS (dafu_letter_list_parent_class)->finalize (object);
}

static void
dafu_letter_list_class_init (DafuLetterListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dafu_letter_list_finalize;
}

static void
dafu_letter_list_init (DafuLetterList *self)
{
}

/**
 * dafu_letter_list_new:
 * @library: the library the letters belong to
 * @keys: (transfer full): #gint64 index keys (fts_key) in display order
 * @scores: (transfer full) (nullable): a #double score per id
 */
DafuLetterList *
dafu_letter_list_new (DafuLibrary *library,
                      GArray      *keys,
                      GArray      *scores)
{
  DafuLetterList *self;

  g_return_val_if_fail (library != NULL, NULL);
  g_return_val_if_fail (keys != NULL, NULL);
  g_return_val_if_fail (scores == NULL || scores->len == keys->len, NULL);

  self = g_object_new (DAFU_TYPE_LETTER_LIST, NULL);
  self->library = g_object_ref (library);
  self->keys = keys;
  self->scores = scores;

  return self;
}

gint64
dafu_letter_list_get_id (DafuLetterList *self,
                         guint           position)
{
  CacheSlot *slot;

  g_return_val_if_fail (DAFU_IS_LETTER_LIST (self), 0);
  g_return_val_if_fail (position < self->keys->len, 0);

  slot = &self->cache[position % CACHE_SIZE];
  if (slot->letter != NULL && slot->position == position)
    return dafu_letter_get_id (slot->letter);

  return dafu_library_id_for_key (self->library, g_array_index (self->keys, gint64, position));
}

/**
 * dafu_letter_list_get_score:
 *
 * Returns: the relevance of the row (bm25: lower is better), or 0 when the
 *   list is not a ranked search
 */
double
dafu_letter_list_get_score (DafuLetterList *self,
                            guint           position)
{
  g_return_val_if_fail (DAFU_IS_LETTER_LIST (self), 0);
  g_return_val_if_fail (position < self->keys->len, 0);

  return self->scores != NULL ? g_array_index (self->scores, double, position) : 0;
}
