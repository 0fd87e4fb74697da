/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-draft"

#include "config.h"

#include "dafu-draft.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "dafu-checks.h"
#include "dafu-consultation.h"
#include "dafu-placeholder.h"
#include "dafu-text.h"
#include "dafu-util.h"

/**
 * DafuDraft:
 *
 * A reply being written. See dafu-draft.h for the whole picture.
 *
 * Every change is an undo step: a list of operations (set a field, insert a
 * block …), each of which can be applied forwards and backwards. A step of
 * its own for the clerk may hold several operations: setting a field also
 * rewrites the generated blocks that use it, and undoing it restores both.
 * Consecutive text edits of one block grow one step until the clerk pauses
 * (UNDO_GROUP_USEC), does anything else, or dafu_draft_break_undo_group()
 * is called. The blocks are kept as objects in the steps, so undoing a
 * removal brings back the very block the editor showed.
 */

#define MAX_UNDO 500
#define UNDO_GROUP_USEC G_USEC_PER_SEC
#define MAX_POINTS 50

/* The value that holds the deputy's own phone, from the consultation. */
#define DEPUTY_PHONE "代表电话"

struct _DafuDraft
{
  GObject         parent_instance;

  gint64          id;
  DafuDraftState  state;
  gint64          letter_id;
  gint64          created;
  gint64          updated;
  guint64         revision;
  gboolean        interrupted;

  DafuLetter     *fields;   /* only its fields are used */
  char           *points;
  GHashTable     *values;   /* name → value, neither empty */
  GListStore     *blocks;

  GQueue          undo;     /* of Step, the newest at the tail */
  GQueue          redo;
  GPtrArray      *step;     /* the step being recorded */
  gboolean        break_group;
  gint64          last_text_edit;
  guint32         changed_fields;
  gboolean        could_undo;
  gboolean        could_redo;
};

G_DEFINE_FINAL_TYPE (DafuDraft, dafu_draft, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REVISION,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  FIELD_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_STATIC_ASSERT (DAFU_LETTER_N_FIELDS <= 32);

/* ---------------------------------------------------------------------- */
/* Operations                                                             */

typedef enum {
  OP_FIELD,
  OP_POINTS,
  OP_VALUE,
  OP_INSERT,
  OP_REMOVE,
  OP_MOVE,
  OP_TEXT,
  OP_KIND,
} OpType;

typedef struct {
  OpType          type;
  DafuLetterField field;            /* OP_FIELD */
  char           *name;             /* OP_VALUE */
  char           *old_str;          /* OP_FIELD, OP_POINTS, OP_VALUE, OP_TEXT */
  char           *new_str;
  DafuDraftBlock *block;            /* OP_INSERT, OP_REMOVE, OP_TEXT, OP_KIND */
  guint           from;             /* OP_INSERT, OP_REMOVE: the position */
  guint           to;               /* OP_MOVE */
  DafuBlockKind   old_kind;         /* OP_KIND */
  DafuBlockKind   new_kind;
  gboolean        old_generated;    /* OP_TEXT, OP_KIND */
  gboolean        new_generated;
} Op;

static void
op_free (Op *op)
{
  g_free (op->name);
  g_free (op->old_str);
  g_free (op->new_str);
  g_clear_object (&op->block);
  g_free (op);
}

static Op *
op_new (OpType type)
{
  Op *op = g_new0 (Op, 1);

  op->type = type;
  return op;
}

static void
step_free (gpointer step)
{
  g_ptr_array_unref (step);
}

/* ---------------------------------------------------------------------- */
/* Changes that are not recorded                                          */

static void
raw_set_field (DafuDraft       *self,
               DafuLetterField  field,
               const char      *value)
{
  dafu_letter_set_field (self->fields, field, value);
  self->changed_fields |= 1u << field;
}

static void
raw_set_value (DafuDraft  *self,
               const char *name,
               const char *value)
{
  if (value == NULL || *value == '\0')
    g_hash_table_remove (self->values, name);
  else
    g_hash_table_insert (self->values, g_strdup (name), g_strdup (value));
}

static void
raw_move (DafuDraft *self,
          guint      from,
          guint      to)
{
  guint lo = MIN (from, to), hi = MAX (from, to), n = hi - lo + 1;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (from == to)
    return;

  /* One items-changed over the range the block crosses. */
  for (guint i = lo; i <= hi; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (self->blocks), i));
  if (from < to)
    {
      gpointer moved = items->pdata[0];

      memmove (items->pdata, items->pdata + 1, (n - 1) * sizeof (gpointer));
      items->pdata[n - 1] = moved;
    }
  else
    {
      gpointer moved = items->pdata[n - 1];

      memmove (items->pdata + 1, items->pdata, (n - 1) * sizeof (gpointer));
      items->pdata[0] = moved;
    }
  g_list_store_splice (self->blocks, lo, n, items->pdata, n);
}

static void
apply_op (DafuDraft *self,
          Op        *op,
          gboolean   forward)
{
  const char *str = forward ? op->new_str : op->old_str;

  switch (op->type)
    {
    case OP_FIELD:
      raw_set_field (self, op->field, str);
      break;

    case OP_POINTS:
      dafu_set_str (&self->points, str);
      break;

    case OP_VALUE:
      raw_set_value (self, op->name, str);
      break;

    case OP_INSERT:
    case OP_REMOVE:
      if ((op->type == OP_INSERT) == forward)
        g_list_store_insert (self->blocks, op->from, op->block);
      else
        g_list_store_remove (self->blocks, op->from);
      break;

    case OP_MOVE:
      if (forward)
        raw_move (self, op->from, op->to);
      else
        raw_move (self, op->to, op->from);
      break;

    case OP_TEXT:
      _dafu_draft_block_set_text (op->block, str);
      _dafu_draft_block_set_generated (op->block, forward ? op->new_generated : op->old_generated);
      break;

    case OP_KIND:
      _dafu_draft_block_set_kind (op->block, forward ? op->new_kind : op->old_kind);
      _dafu_draft_block_set_generated (op->block, forward ? op->new_generated : op->old_generated);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* After a change (new, undone or redone): the revision, the signals. */
static void
finish_change (DafuDraft *self)
{
  gboolean can_undo = self->undo.length > 0;
  gboolean can_redo = self->redo.length > 0;
  guint32 fields = self->changed_fields;

  self->changed_fields = 0;
  self->revision++;
  self->updated = g_get_real_time () / G_USEC_PER_SEC;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVISION]);
  if (can_undo != self->could_undo)
    {
      self->could_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }
  if (can_redo != self->could_redo)
    {
      self->could_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  for (guint field = 0; field < DAFU_LETTER_N_FIELDS; field++)
    if (fields & (1u << field))
      g_signal_emit (self, signals[FIELD_CHANGED], 0, field);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Opens a step; returns whether this call opened it (a change made from a
 * signal handler while another is recorded joins that one). */
static gboolean
step_begin (DafuDraft *self)
{
  if (self->step != NULL)
    return FALSE;
  self->step = g_ptr_array_new_with_free_func ((GDestroyNotify) op_free);
  return TRUE;
}

static void
record (DafuDraft *self,
        Op        *op)
{
  g_assert (self->step != NULL);
  apply_op (self, op, TRUE);
  g_ptr_array_add (self->step, op);
}

static void
step_end (DafuDraft *self,
          gboolean   outer)
{
  GPtrArray *step;

  if (!outer)
    return;

  step = g_steal_pointer (&self->step);
  if (step->len == 0)
    {
      g_ptr_array_unref (step);
      self->changed_fields = 0;
      return;
    }

  g_queue_push_tail (&self->undo, step);
  while (self->undo.length > MAX_UNDO)
    step_free (g_queue_pop_head (&self->undo));
  g_queue_clear_full (&self->redo, step_free);
  self->break_group = TRUE;

  finish_change (self);
}

/* ---------------------------------------------------------------------- */
/* The object                                                             */

static void
dafu_draft_finalize (GObject *object)
{
  DafuDraft *self = (DafuDraft *) object;

  g_queue_clear_full (&self->undo, step_free);
  g_queue_clear_full (&self->redo, step_free);
  g_clear_pointer (&self->step, g_ptr_array_unref);
  g_clear_object (&self->fields);
  g_clear_pointer (&self->points, g_free);
  g_clear_pointer (&self->values, g_hash_table_unref);
  g_clear_object (&self->blocks);

  G_OBJECT_CLASS (dafu_draft_parent_class)->finalize (object);
}

static void
dafu_draft_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  DafuDraft *self = DAFU_DRAFT (object);

  switch (prop_id)
    {
    case PROP_REVISION:
      g_value_set_uint64 (value, self->revision);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, dafu_draft_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, dafu_draft_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_draft_class_init (DafuDraftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dafu_draft_finalize;
  object_class->get_property = dafu_draft_get_property;

  properties[PROP_REVISION] =
    g_param_spec_uint64 ("revision", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DafuDraft::changed:
   *
   * Emitted after every change of the draft, including undo and redo.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * DafuDraft::field-changed:
   * @field: the #DafuLetterField, as a guint
   *
   * Emitted when a field changed, before ::changed.
   */
  signals[FIELD_CHANGED] =
    g_signal_new ("field-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
dafu_draft_init (DafuDraft *self)
{
  self->fields = dafu_letter_new ();
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->blocks = g_list_store_new (DAFU_TYPE_DRAFT_BLOCK);
  self->created = self->updated = g_get_real_time () / G_USEC_PER_SEC;
  self->break_group = TRUE;
}

/**
 * dafu_draft_new:
 *
 * Returns: (transfer full): an empty draft, with no fields and no blocks
 */
DafuDraft *
dafu_draft_new (void)
{
  return g_object_new (DAFU_TYPE_DRAFT, NULL);
}

/* Forgets the undo history, as after loading. */
static void
clear_history (DafuDraft *self)
{
  g_queue_clear_full (&self->undo, step_free);
  g_queue_clear_full (&self->redo, step_free);
  self->break_group = TRUE;
  if (self->could_undo)
    {
      self->could_undo = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }
  if (self->could_redo)
    {
      self->could_redo = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
}

/**
 * dafu_draft_clear_undo:
 * @self: a draft
 *
 * Forgets the undo history, for a draft just built or loaded: what is there
 * now cannot be undone.
 */
void
dafu_draft_clear_undo (DafuDraft *self)
{
  g_return_if_fail (DAFU_IS_DRAFT (self));
  clear_history (self);
}

static gboolean
is_digit (gunichar c)
{
  return (c >= '0' && c <= '9') || (c >= 0xff10 && c <= 0xff19);
}

static gboolean
is_cn_numeral (gunichar c)
{
  return c != 0 && g_utf8_strchr ("一二三四五六七八九十〇零", -1, c) != NULL;
}

static gboolean
is_blank (gunichar c)
{
  return c == ' ' || c == '\t' || c == 0x3000 || c == 0xa0;
}

/* The length in bytes of the numbering that starts @line (1. 1、 （一）
 * (1) 一、 ① and bullets), spaces after it included; 0 when none. */
static gsize
numbering_length (const char *line)
{
  const char *p = line;
  gunichar c = g_utf8_get_char (p);
  guint n = 0;

  if (c >= 0x2460 && c <= 0x249b)             /* ① ⑴ ⒈ */
    p = g_utf8_next_char (p);
  else if (c == 0x2022 || c == 0xb7 || c == 0x30fb || c == '-' || c == '*')
    {
      p = g_utf8_next_char (p);
      if (!is_blank (g_utf8_get_char (p)))
        return 0;
    }
  else if (c == '(' || c == 0xff08)
    {
      p = g_utf8_next_char (p);
      while (n < 3 && (is_digit (g_utf8_get_char (p)) || is_cn_numeral (g_utf8_get_char (p))))
        p = g_utf8_next_char (p), n++;
      c = g_utf8_get_char (p);
      if (n == 0 || (c != ')' && c != 0xff09))
        return 0;
      p = g_utf8_next_char (p);
    }
  else if (is_digit (c) || is_cn_numeral (c))
    {
      gboolean digits = is_digit (c);

      while (n < 3 && (digits ? is_digit (g_utf8_get_char (p)) : is_cn_numeral (g_utf8_get_char (p))))
        p = g_utf8_next_char (p), n++;
      c = g_utf8_get_char (p);
      if (c == 0x3001 /* 、 */ || (digits && (c == ')' || c == 0xff09)))
        p = g_utf8_next_char (p);
      else if (digits && (c == '.' || c == 0xff0e || c == 0xff0c || c == ','))
        {
          p = g_utf8_next_char (p);
          /* 1.5万 is a number, not a numbering. */
          if (is_digit (g_utf8_get_char (p)))
            return 0;
        }
      else
        return 0;
    }
  else
    return 0;

  while (is_blank (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  return p - line;
}

/* 晋城 444's record: 建议主要内容： and the numbered lines under it. */
static char *
points_from_text (const char *text)
{
  GString *points = g_string_new (NULL);
  const char *p = text != NULL ? strstr (text, "建议主要内容") : NULL;
  guint n = 0;

  if (p == NULL)
    return g_string_free (points, FALSE);

  /* The lines after the label's. */
  p = strchr (p, '\n');
  while (p != NULL && *p != '\0' && n < MAX_POINTS)
    {
      const char *start = p + 1;
      const char *end = strchr (start, '\n');
      g_autofree char *line = g_strndup (start, end != NULL ? (gsize) (end - start) : strlen (start));

      p = end;
      g_strstrip (line);
      if (*line == '\0')
        continue;
      if (numbering_length (line) == 0)
        break;
      g_string_append_printf (points, "%s%s", n > 0 ? "\n" : "", line);
      n++;
    }
  return g_string_free (points, FALSE);
}

/* Fields a reply takes from the suggestion or an earlier letter. */
static const DafuLetterField reply_fields[] = {
  DAFU_LETTER_FIELD_ISSUER,
  DAFU_LETTER_FIELD_CITY,
  DAFU_LETTER_FIELD_KIND,
  DAFU_LETTER_FIELD_SESSION,
  DAFU_LETTER_FIELD_SUGGESTION_NUMBER,
  DAFU_LETTER_FIELD_ADDRESSEE,
  DAFU_LETTER_FIELD_ADDRESSEE_ROLE,
  DAFU_LETTER_FIELD_TITLE,
  DAFU_LETTER_FIELD_CONTACT,
  DAFU_LETTER_FIELD_CONTACT_PHONE,
  DAFU_LETTER_FIELD_CC,
  DAFU_LETTER_FIELD_PUBLIC_NOTE,
  DAFU_LETTER_FIELD_CATEGORY,
};

static void add_standard_parts (DafuDraft *self);

/**
 * dafu_draft_new_reply_to:
 * @suggestion_or_letter: the suggestion (its record) or an earlier reply
 *
 * Starts a reply: the fields that name the suggestion and the office are
 * copied (not the 文号, the date or the signer), the date is today, the
 * deputy's phone from the consultation record is the value 代表电话, the
 * numbered lines under 建议主要内容 are the points, and the standard parts
 * are in place. Nothing of this can be undone.
 *
 * Returns: (transfer full): a new draft
 */
DafuDraft *
dafu_draft_new_reply_to (DafuLetter *suggestion_or_letter)
{
  DafuDraft *self = dafu_draft_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *points = NULL;
  DafuConsultation *consultation;
  gboolean outer;

  g_return_val_if_fail (DAFU_IS_LETTER (suggestion_or_letter), self);

  outer = step_begin (self);
  for (guint i = 0; i < G_N_ELEMENTS (reply_fields); i++)
    dafu_draft_set_field (self, reply_fields[i],
                          dafu_letter_get_field (suggestion_or_letter, reply_fields[i]));
  dafu_draft_set_field (self, DAFU_LETTER_FIELD_DATE, today);

  consultation = dafu_letter_get_consultation (suggestion_or_letter);
  if (consultation != NULL)
    dafu_draft_set_value (self, DEPUTY_PHONE, dafu_consultation_get_deputy_phone (consultation));

  points = points_from_text (dafu_letter_get_text (suggestion_or_letter));
  dafu_draft_set_points (self, points);

  add_standard_parts (self);
  step_end (self, outer);

  self->letter_id = dafu_letter_get_id (suggestion_or_letter);
  clear_history (self);
  return self;
}

/**
 * dafu_draft_copy:
 * @self: a draft
 *
 * Returns: (transfer full): a deep copy of @self (its blocks copied too),
 *   with the same revision, without the undo history
 */
DafuDraft *
dafu_draft_copy (DafuDraft *self)
{
  DafuDraft *copy;
  GHashTableIter iter;
  gpointer name, value;
  guint n;

  g_return_val_if_fail (DAFU_IS_DRAFT (self), NULL);

  copy = dafu_draft_new ();
  copy->id = self->id;
  copy->state = self->state;
  copy->letter_id = self->letter_id;
  copy->created = self->created;
  copy->updated = self->updated;
  copy->revision = self->revision;
  copy->interrupted = self->interrupted;
  for (guint field = 0; field < DAFU_LETTER_N_FIELDS; field++)
    dafu_letter_set_field (copy->fields, field, dafu_letter_get_field (self->fields, field));
  copy->points = g_strdup (self->points);

  g_hash_table_iter_init (&iter, self->values);
  while (g_hash_table_iter_next (&iter, &name, &value))
    g_hash_table_insert (copy->values, g_strdup (name), g_strdup (value));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->blocks));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DafuDraftBlock) block = g_list_model_get_item (G_LIST_MODEL (self->blocks), i);
      g_autoptr(DafuDraftBlock) block_copy = dafu_draft_block_copy (block);

      g_list_store_append (copy->blocks, block_copy);
    }
  return copy;
}

/* ---------------------------------------------------------------------- */
/* Plain properties: not edits, not undoable                              */

gint64
dafu_draft_get_id (DafuDraft *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT (self), 0);
  return self->id;
}

void
dafu_draft_set_id (DafuDraft *self,
                   gint64     id)
{
  g_return_if_fail (DAFU_IS_DRAFT (self));
  self->id = id;
}

DafuDraftState
dafu_draft_get_state (DafuDraft *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT (self), DAFU_DRAFT_STATE_DRAFT);
  return self->state;
}

void
dafu_draft_set_state (DafuDraft      *self,
                      DafuDraftState  state)
{
  g_return_if_fail (DAFU_IS_DRAFT (self));
  self->state = state == DAFU_DRAFT_STATE_FINAL ? DAFU_DRAFT_STATE_FINAL : DAFU_DRAFT_STATE_DRAFT;
}

/**
 * dafu_draft_get_letter_id:
 *
 * Returns: the id of the letter the draft answers or started from, or 0
 */
gint64
dafu_draft_get_letter_id (DafuDraft *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT (self), 0);
  return self->letter_id;
}

void
dafu_draft_set_letter_id (DafuDraft *self,
                          gint64     letter_id)
{
  g_return_if_fail (DAFU_IS_DRAFT (self));
  self->letter_id = letter_id;
}

gint64
dafu_draft_get_created (DafuDraft *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT (self), 0);
  return self->created;
}

void
dafu_draft_set_created (DafuDraft *self,
                        gint64     unix_time)
{
  g_return_if_fail (DAFU_IS_DRAFT (self));
  self->created = unix_time;
}

/**
 * dafu_draft_get_updated:
 *
 * Returns: when the draft last changed (each change sets it to now), in
 *   seconds since 1970
 */
gint64
dafu_draft_get_updated (DafuDraft *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT (self), 0);
  return self->updated;
}

void
dafu_draft_set_updated (DafuDraft *self,
                        gint64     unix_time)
{
  g_return_if_fail (DAFU_IS_DRAFT (self));
  self->updated = unix_time;
}

/**
 * dafu_draft_get_revision:
 *
 * Returns: a counter that every change (undo and redo included) increases
 */
guint64
dafu_draft_get_revision (DafuDraft *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT (self), 0);
  return self->revision;
}

/**
 * dafu_draft_get_interrupted:
 *
 * Returns: whether the draft was being edited when Dafu stopped (the
 *   database layer sets it)
 */
gboolean
dafu_draft_get_interrupted (DafuDraft *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT (self), FALSE);
  return self->interrupted;
}

/**
 * dafu_draft_set_interrupted:
 * @interrupted: whether the draft was being edited when Dafu stopped
 *
 * A plain flag: not an edit, not undoable, no ::changed.
 */
void
dafu_draft_set_interrupted (DafuDraft *self,
                            gboolean   interrupted)
{
  g_return_if_fail (DAFU_IS_DRAFT (self));
  self->interrupted = !!interrupted;
}

/* ---------------------------------------------------------------------- */
/* Fields, points, values                                                 */

/**
 * dafu_draft_get_field:
 * @field: a field
 *
 * Returns: (nullable): the field's value, %NULL when it is not set
 */
const char *
dafu_draft_get_field (DafuDraft       *self,
                      DafuLetterField  field)
{
  g_return_val_if_fail (DAFU_IS_DRAFT (self), NULL);
  g_return_val_if_fail ((guint) field < DAFU_LETTER_N_FIELDS, NULL);
  return dafu_letter_get_field (self->fields, field);
}

static void
regenerate_blocks (DafuDraft *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->blocks));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DafuDraftBlock) block = g_list_model_get_item (G_LIST_MODEL (self->blocks), i);
      DafuBlockKind kind = dafu_draft_block_get_kind (block);
      g_autofree char *text = NULL;
      Op *op;

      if (!dafu_draft_block_get_generated (block) || !dafu_block_kind_is_generated (kind))
        continue;
      text = dafu_draft_generate_part (self, kind);
      if (g_strcmp0 (text, dafu_draft_block_get_text (block)) == 0)
        continue;

      op = op_new (OP_TEXT);
      op->block = g_object_ref (block);
      op->old_str = g_strdup (dafu_draft_block_get_text (block));
      op->new_str = g_steal_pointer (&text);
      op->old_generated = op->new_generated = TRUE;
      record (self, op);
    }
}

/**
 * dafu_draft_set_field:
 * @field: a field
 * @value: (nullable): its new value; empty or %NULL clears it
 *
 * Sets a field (undoable), rewrites the generated blocks that use it, and
 * emits ::field-changed and ::changed.
 */
void
dafu_draft_set_field (DafuDraft       *self,
                      DafuLetterField  field,
                      const char      *value)
{
  g_autofree char *valid = NULL;
  gboolean outer;
  Op *op;

  g_return_if_fail (DAFU_IS_DRAFT (self));
  g_return_if_fail ((guint) field < DAFU_LETTER_N_FIELDS);

  if (value != NULL && *value != '\0')
    valid = g_utf8_make_valid (value, -1);
  if (g_strcmp0 (valid, dafu_letter_get_field (self->fields, field)) == 0)
    return;

  outer = step_begin (self);
  op = op_new (OP_FIELD);
  op->field = field;
  op->old_str = g_strdup (dafu_letter_get_field (self->fields, field));
  op->new_str = g_steal_pointer (&valid);
  record (self, op);
  regenerate_blocks (self);
  step_end (self, outer);
}

/**
 * dafu_draft_get_points:
 *
 * Returns: (not nullable): the suggestion's points, one a line, numbered as
 *   the deputy numbered them
 */
const char *
dafu_draft_get_points (DafuDraft *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT (self), "");
  return self->points != NULL ? self->points : "";
}

/**
 * dafu_draft_set_points:
 * @points: (nullable): the suggestion's points, one a line
 *
 * Sets the points (undoable).
 */
void
dafu_draft_set_points (DafuDraft  *self,
                       const char *points)
{
  g_autofree char *valid = NULL;
  gboolean outer;
  Op *op;

  g_return_if_fail (DAFU_IS_DRAFT (self));

  if (points != NULL && *points != '\0')
    valid = g_utf8_make_valid (points, -1);
  if (g_strcmp0 (valid, self->points) == 0)
    return;

  outer = step_begin (self);
  op = op_new (OP_POINTS);
  op->old_str = g_strdup (self->points);
  op->new_str = g_steal_pointer (&valid);
  record (self, op);
  step_end (self, outer);
}

/* @s without white space (full-width too) at either end, in place. */
static char *
strip_blank (char *s)
{
  char *start = s, *end;

  while (*start != '\0' && (is_blank (g_utf8_get_char (start)) || *start == '\r' || *start == '\n'))
    start = g_utf8_next_char (start);
  end = start + strlen (start);
  while (end > start)
    {
      char *prev = g_utf8_prev_char (end);
      gunichar c = g_utf8_get_char (prev);

      if (!is_blank (c) && c != '\r' && c != '\n')
        break;
      end = prev;
    }
  memmove (s, start, end - start);
  s[end - start] = '\0';
  return s;
}

/**
 * dafu_draft_dup_point_list:
 *
 * Returns: (transfer full) (array zero-terminated=1): the points without
 *   their numbering (1. （一） ① …) and without blank lines
 */
char **
dafu_draft_dup_point_list (DafuDraft *self)
{
  GPtrArray *list = g_ptr_array_new ();
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (DAFU_IS_DRAFT (self), (char **) g_ptr_array_free (g_ptr_array_new_null_terminated (0, NULL, TRUE), FALSE));

  lines = g_strsplit (self->points != NULL ? self->points : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = strip_blank (lines[i]);

      line += numbering_length (line);
      line = strip_blank (line);
      if (*line != '\0')
        g_ptr_array_add (list, g_strdup (line));
    }
  g_ptr_array_add (list, NULL);
  return (char **) g_ptr_array_free (list, FALSE);
}

/**
 * dafu_draft_get_value:
 * @name: a placeholder's name
 *
 * Returns: (nullable): the value the clerk gave for @name, or %NULL
 */
const char *
dafu_draft_get_value (DafuDraft  *self,
                      const char *name)
{
  g_return_val_if_fail (DAFU_IS_DRAFT (self), NULL);

  if (name == NULL)
    return NULL;
  return g_hash_table_lookup (self->values, name);
}

/**
 * dafu_draft_set_value:
 * @name: a placeholder's name, such as 项目名称
 * @value: (nullable): its value; empty or %NULL clears it
 *
 * Sets the value of a placeholder that is not a field (undoable). A value
 * for a field's name fills it only while the field is empty.
 */
void
dafu_draft_set_value (DafuDraft  *self,
                      const char *name,
                      const char *value)
{
  g_autofree char *valid_name = NULL;
  g_autofree char *valid = NULL;
  gboolean outer;
  Op *op;

  g_return_if_fail (DAFU_IS_DRAFT (self));
  g_return_if_fail (name != NULL && *name != '\0');

  valid_name = g_utf8_make_valid (name, -1);
  if (value != NULL && *value != '\0')
    valid = g_utf8_make_valid (value, -1);
  if (g_strcmp0 (valid, g_hash_table_lookup (self->values, valid_name)) == 0)
    return;

  outer = step_begin (self);
  op = op_new (OP_VALUE);
  op->name = g_steal_pointer (&valid_name);
  op->old_str = g_strdup (g_hash_table_lookup (self->values, op->name));
  op->new_str = g_steal_pointer (&valid);
  record (self, op);
  step_end (self, outer);
}

static GHashTable *
dup_values (DafuDraft *self)
{
  g_autoptr(GHashTable) fields = dafu_placeholders_values_from_letter (self->fields);
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer name, value;

  g_hash_table_iter_init (&iter, self->values);
  while (g_hash_table_iter_next (&iter, &name, &value))
    g_hash_table_insert (values, g_strdup (name), g_strdup (value));
  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &name, &value))
    g_hash_table_insert (values, g_strdup (name), g_strdup (value));
  return values;
}

/**
 * dafu_draft_dup_values:
 *
 * Returns: (transfer full) (element-type utf8 utf8): every placeholder's
 *   value: the fields' (dafu_placeholders_values_from_letter(), the date
 *   as a letter writes it) and the draft's own values
 */
GHashTable *
dafu_draft_dup_values (DafuDraft *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT (self), NULL);
  return dup_values (self);
}

static gboolean
is_field_name (const char *name)
{
  for (guint field = 0; field < DAFU_LETTER_N_FIELDS; field++)
    if (g_strcmp0 (dafu_placeholders_name_for_field (field), name) == 0)
      return TRUE;
  return FALSE;
}

/**
 * dafu_draft_dup_unknown_names:
 *
 * Returns: (transfer full) (array zero-terminated=1): the placeholders in
 *   the blocks that stand for no field and have no value yet, each once,
 *   in order: what the clerk is to be asked for
 */
char **
dafu_draft_dup_unknown_names (DafuDraft *self)
{
  GPtrArray *names = g_ptr_array_new ();
  guint n;

  g_return_val_if_fail (DAFU_IS_DRAFT (self), (char **) g_ptr_array_free (g_ptr_array_new_null_terminated (0, NULL, TRUE), FALSE));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->blocks));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DafuDraftBlock) block = g_list_model_get_item (G_LIST_MODEL (self->blocks), i);
      g_autoptr(GPtrArray) found = dafu_placeholders_find (dafu_draft_block_get_text (block));

      for (guint j = 0; j < found->len; j++)
        {
          DafuPlaceholder *placeholder = g_ptr_array_index (found, j);

          if (!is_field_name (placeholder->name) &&
              g_hash_table_lookup (self->values, placeholder->name) == NULL &&
              !g_ptr_array_find_with_equal_func (names, placeholder->name, g_str_equal, NULL))
            g_ptr_array_add (names, g_strdup (placeholder->name));
        }
    }
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

/* ---------------------------------------------------------------------- */
/* Blocks                                                                 */

/**
 * dafu_draft_get_blocks:
 *
 * Returns: (transfer none): the blocks, a #GListModel of #DafuDraftBlock;
 *   its ::items-changed tells of insertions, removals and moves
 */
GListModel *
dafu_draft_get_blocks (DafuDraft *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT (self), NULL);
  return G_LIST_MODEL (self->blocks);
}

guint
dafu_draft_get_n_blocks (DafuDraft *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->blocks));
}

/**
 * dafu_draft_get_block:
 * @position: the block's position
 *
 * Returns: (transfer none) (nullable): the block at @position, or %NULL
 */
DafuDraftBlock *
dafu_draft_get_block (DafuDraft *self,
                      guint      position)
{
  g_autoptr(DafuDraftBlock) block = NULL;

  g_return_val_if_fail (DAFU_IS_DRAFT (self), NULL);

  block = g_list_model_get_item (G_LIST_MODEL (self->blocks), position);
  /* The store holds a reference as long as the block is in the draft. */
  return block;
}

/**
 * dafu_draft_find_block:
 * @block: a block
 *
 * Returns: the position of @block in the draft, or %G_MAXUINT
 */
guint
dafu_draft_find_block (DafuDraft      *self,
                       DafuDraftBlock *block)
{
  guint position;

  g_return_val_if_fail (DAFU_IS_DRAFT (self), G_MAXUINT);

  if (block == NULL || !g_list_store_find (self->blocks, block, &position))
    return G_MAXUINT;
  return position;
}

static void
insert_block (DafuDraft      *self,
              guint           position,
              DafuDraftBlock *block)
{
  Op *op = op_new (OP_INSERT);

  op->from = MIN (position, g_list_model_get_n_items (G_LIST_MODEL (self->blocks)));
  op->block = g_object_ref (block);
  record (self, op);
}

/**
 * dafu_draft_insert_block:
 * @position: where; past the end appends
 * @block: a block in no draft
 *
 * Inserts @block (undoable). A block of a generated kind with no text gets
 * its text from the fields and stays generated.
 */
void
dafu_draft_insert_block (DafuDraft      *self,
                         guint           position,
                         DafuDraftBlock *block)
{
  DafuBlockKind kind;
  gboolean outer;

  g_return_if_fail (DAFU_IS_DRAFT (self));
  g_return_if_fail (DAFU_IS_DRAFT_BLOCK (block));
  g_return_if_fail (dafu_draft_find_block (self, block) == G_MAXUINT);

  kind = dafu_draft_block_get_kind (block);
  if (dafu_block_kind_is_generated (kind) && *dafu_draft_block_get_text (block) == '\0')
    {
      g_autofree char *text = dafu_draft_generate_part (self, kind);

      _dafu_draft_block_set_text (block, text);
      _dafu_draft_block_set_generated (block, TRUE);
    }

  outer = step_begin (self);
  insert_block (self, position, block);
  step_end (self, outer);
}

/**
 * dafu_draft_insert_clause:
 * @position: where, or %G_MAXUINT for where a block of the clause's kind
 *   belongs (dafu_draft_suggest_position())
 * @clause: a clause
 *
 * Inserts a block of the clause's kind with its text (placeholders left
 * in) and its id (undoable).
 *
 * Returns: the position of the new block
 */
guint
dafu_draft_insert_clause (DafuDraft  *self,
                          guint       position,
                          DafuClause *clause)
{
  g_autoptr(DafuDraftBlock) block = NULL;
  const char *text;
  DafuBlockKind kind;
  guint n;
  gboolean outer;

  g_return_val_if_fail (DAFU_IS_DRAFT (self), 0);
  g_return_val_if_fail (DAFU_IS_CLAUSE (clause), 0);

  text = dafu_clause_get_text (clause);
  kind = dafu_block_kind_for_clause (dafu_clause_get_kind (clause), text);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->blocks));
  if (position == G_MAXUINT)
    position = dafu_draft_suggest_position (self, kind);
  position = MIN (position, n);

  block = dafu_draft_block_new (kind, text);
  dafu_draft_block_set_clause_id (block, dafu_clause_get_id (clause));

  outer = step_begin (self);
  insert_block (self, position, block);
  step_end (self, outer);
  return position;
}

/**
 * dafu_draft_remove_block:
 * @position: the block's position
 *
 * Removes a block (undoable: undo brings back the same block object).
 */
void
dafu_draft_remove_block (DafuDraft *self,
                         guint      position)
{
  gboolean outer;
  Op *op;

  g_return_if_fail (DAFU_IS_DRAFT (self));

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->blocks)))
    return;

  outer = step_begin (self);
  op = op_new (OP_REMOVE);
  op->from = position;
  op->block = g_list_model_get_item (G_LIST_MODEL (self->blocks), position);
  record (self, op);
  step_end (self, outer);
}

/**
 * dafu_draft_move_block:
 * @from: the block's position
 * @to: its position after the move
 *
 * Moves a block (undoable); one ::items-changed covers the blocks between.
 */
void
dafu_draft_move_block (DafuDraft *self,
                       guint      from,
                       guint      to)
{
  guint n;
  gboolean outer;
  Op *op;

  g_return_if_fail (DAFU_IS_DRAFT (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->blocks));
  if (from >= n)
    return;
  to = MIN (to, n - 1);
  if (from == to)
    return;

  outer = step_begin (self);
  op = op_new (OP_MOVE);
  op->from = from;
  op->to = to;
  record (self, op);
  step_end (self, outer);
}

/**
 * dafu_draft_set_block_text:
 * @position: the block's position
 * @text: (nullable): its new text, placeholders left in
 *
 * Sets a block's text (undoable). A new text makes the block no longer
 * generated; the same text changes nothing.
 * Consecutive edits of one block are one undo step until a pause of a
 * second, another change or dafu_draft_break_undo_group().
 */
void
dafu_draft_set_block_text (DafuDraft  *self,
                           guint       position,
                           const char *text)
{
  g_autoptr(DafuDraftBlock) block = NULL;
  g_autofree char *valid = NULL;
  gint64 now = g_get_monotonic_time ();
  GPtrArray *last;
  gboolean outer;
  Op *op;

  g_return_if_fail (DAFU_IS_DRAFT (self));

  block = g_list_model_get_item (G_LIST_MODEL (self->blocks), position);
  if (block == NULL)
    return;
  /* The same text is no edit: a generated block stays generated. */
  valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  if (strcmp (valid, dafu_draft_block_get_text (block)) == 0)
    return;

  /* Grow the last step when it is an edit of this block's text. */
  last = g_queue_peek_tail (&self->undo);
  if (self->step == NULL && !self->break_group && last != NULL && last->len == 1 &&
      now - self->last_text_edit <= UNDO_GROUP_USEC)
    {
      op = g_ptr_array_index (last, 0);
      if (op->type == OP_TEXT && op->block == block)
        {
          g_free (op->new_str);
          op->new_str = g_steal_pointer (&valid);
          op->new_generated = FALSE;
          apply_op (self, op, TRUE);
          self->last_text_edit = now;
          finish_change (self);
          return;
        }
    }

  outer = step_begin (self);
  op = op_new (OP_TEXT);
  op->block = g_object_ref (block);
  op->old_str = g_strdup (dafu_draft_block_get_text (block));
  op->new_str = g_steal_pointer (&valid);
  op->old_generated = dafu_draft_block_get_generated (block);
  op->new_generated = FALSE;
  record (self, op);
  step_end (self, outer);

  if (outer)
    {
      self->break_group = FALSE;
      self->last_text_edit = now;
    }
}

/**
 * dafu_draft_set_block_kind:
 * @position: the block's position
 * @kind: its new kind
 *
 * Changes what a block is (undoable). Its text stays; a generated block is
 * no longer generated.
 */
void
dafu_draft_set_block_kind (DafuDraft     *self,
                           guint          position,
                           DafuBlockKind  kind)
{
  g_autoptr(DafuDraftBlock) block = NULL;
  gboolean outer;
  Op *op;

  g_return_if_fail (DAFU_IS_DRAFT (self));
  g_return_if_fail ((guint) kind < DAFU_BLOCK_N_KINDS);

  block = g_list_model_get_item (G_LIST_MODEL (self->blocks), position);
  if (block == NULL || dafu_draft_block_get_kind (block) == kind)
    return;

  outer = step_begin (self);
  op = op_new (OP_KIND);
  op->block = g_object_ref (block);
  op->old_kind = dafu_draft_block_get_kind (block);
  op->new_kind = kind;
  op->old_generated = dafu_draft_block_get_generated (block);
  op->new_generated = FALSE;
  record (self, op);
  step_end (self, outer);
}

/* ---------------------------------------------------------------------- */
/* Standard parts                                                         */

static const char *
field (DafuDraft       *self,
       DafuLetterField  field)
{
  return dafu_letter_get_field (self->fields, field);
}

static gboolean
has_field (DafuDraft       *self,
           DafuLetterField  f)
{
  const char *value = field (self, f);

  return value != NULL && *value != '\0';
}

static gboolean
is_proposal (DafuDraft *self)
{
  return g_strcmp0 (field (self, DAFU_LETTER_FIELD_KIND), "proposal") == 0;
}

/* {名称} for a field. */
static char *
ph (DafuLetterField field)
{
  return g_strdup_printf ("{%s}", dafu_placeholders_name_for_field (field));
}

/**
 * dafu_draft_generate_part:
 * @kind: a generated kind (title, salutation, signature, contact, 抄送,
 *   disclosure note)
 *
 * Writes a standard part from the fields, with placeholders that rendering
 * fills: 关于{会议}第{建议编号}号建议的答复 (提案 for a proposal; 关于《{建议标题}》的答复
 * when there is no number), 尊敬的{代表}代表： (委员 for a proposal or that role),
 * the issuer and the date on two lines, （联系人：{联系人}，联系电话：{联系电话}）
 * (the parts that exist), 抄送：{抄送}。 and the disclosure note (both empty
 * when their field is).
 *
 * Returns: (transfer full): the part's text, "" for other kinds
 */
char *
dafu_draft_generate_part (DafuDraft     *self,
                          DafuBlockKind  kind)
{
  g_autofree char *session = ph (DAFU_LETTER_FIELD_SESSION);
  g_autofree char *number = ph (DAFU_LETTER_FIELD_SUGGESTION_NUMBER);
  g_autofree char *title = ph (DAFU_LETTER_FIELD_TITLE);
  g_autofree char *addressee = ph (DAFU_LETTER_FIELD_ADDRESSEE);
  g_autofree char *issuer = ph (DAFU_LETTER_FIELD_ISSUER);
  g_autofree char *date = ph (DAFU_LETTER_FIELD_DATE);
  g_autofree char *contact = ph (DAFU_LETTER_FIELD_CONTACT);
  g_autofree char *phone = ph (DAFU_LETTER_FIELD_CONTACT_PHONE);
  g_autofree char *cc = ph (DAFU_LETTER_FIELD_CC);

  g_return_val_if_fail (DAFU_IS_DRAFT (self), g_strdup (""));

  switch (kind)
    {
    case DAFU_BLOCK_KIND_TITLE:
      {
        const char *what = is_proposal (self) ? "提案" : "建议";

        if (!has_field (self, DAFU_LETTER_FIELD_SUGGESTION_NUMBER) &&
            has_field (self, DAFU_LETTER_FIELD_TITLE))
          return g_strdup_printf ("关于《%s》的答复", title);
        if (!has_field (self, DAFU_LETTER_FIELD_SESSION) &&
            has_field (self, DAFU_LETTER_FIELD_SUGGESTION_NUMBER))
          return g_strdup_printf ("关于第%s号%s的答复", number, what);
        return g_strdup_printf ("关于%s第%s号%s的答复", session, number, what);
      }

    case DAFU_BLOCK_KIND_SALUTATION:
      {
        const char *role = field (self, DAFU_LETTER_FIELD_ADDRESSEE_ROLE);

        if (role == NULL || (strcmp (role, "代表") != 0 && strcmp (role, "委员") != 0))
          role = is_proposal (self) ? "委员" : "代表";
        return g_strdup_printf ("尊敬的%s%s：", addressee, role);
      }

    case DAFU_BLOCK_KIND_SIGNATURE:
      return g_strdup_printf ("%s\n%s", issuer, date);

    case DAFU_BLOCK_KIND_CONTACT:
      {
        gboolean has_contact = has_field (self, DAFU_LETTER_FIELD_CONTACT);
        gboolean has_phone = has_field (self, DAFU_LETTER_FIELD_CONTACT_PHONE);

        if (has_contact && !has_phone)
          return g_strdup_printf ("（联系人：%s）", contact);
        if (has_phone && !has_contact)
          return g_strdup_printf ("（联系电话：%s）", phone);
        return g_strdup_printf ("（联系人：%s，联系电话：%s）", contact, phone);
      }

    case DAFU_BLOCK_KIND_CC:
      if (!has_field (self, DAFU_LETTER_FIELD_CC))
        return g_strdup ("");
      return g_strdup_printf ("抄送：%s。", cc);

    case DAFU_BLOCK_KIND_PUBLIC_NOTE:
      return g_strdup (has_field (self, DAFU_LETTER_FIELD_PUBLIC_NOTE)
                       ? field (self, DAFU_LETTER_FIELD_PUBLIC_NOTE) : "");

    case DAFU_BLOCK_KIND_OPENING:
    case DAFU_BLOCK_KIND_OVERVIEW:
    case DAFU_BLOCK_KIND_MEASURE:
    case DAFU_BLOCK_KIND_PROBLEM:
    case DAFU_BLOCK_KIND_PLAN:
    case DAFU_BLOCK_KIND_CLOSING:
    case DAFU_BLOCK_KIND_TEXT:
    default:
      return g_strdup ("");
    }
}

/* Where each kind stands in a reply. */
static guint
kind_rank (DafuBlockKind kind)
{
  switch (kind)
    {
    case DAFU_BLOCK_KIND_TITLE: return 0;
    case DAFU_BLOCK_KIND_SALUTATION: return 1;
    case DAFU_BLOCK_KIND_OPENING: return 2;
    case DAFU_BLOCK_KIND_OVERVIEW: return 3;
    case DAFU_BLOCK_KIND_MEASURE: return 4;
    case DAFU_BLOCK_KIND_PROBLEM: return 5;
    case DAFU_BLOCK_KIND_PLAN: return 6;
    case DAFU_BLOCK_KIND_TEXT: return 7;
    case DAFU_BLOCK_KIND_CLOSING: return 8;
    case DAFU_BLOCK_KIND_SIGNATURE: return 9;
    case DAFU_BLOCK_KIND_CONTACT: return 10;
    case DAFU_BLOCK_KIND_CC: return 11;
    case DAFU_BLOCK_KIND_PUBLIC_NOTE: return 12;
    default: return 7;
    }
}

#define SIGNATURE_RANK 9

/**
 * dafu_draft_suggest_position:
 * @kind: the kind of a new block
 *
 * Returns: where a new block of @kind belongs: after the last block of the
 *   same or an earlier kind (title, salutation, opening, overview,
 *   measures, problems, next steps, paragraphs, closing, then signature,
 *   contact, 抄送, disclosure note); a body block stays before the signature
 */
guint
dafu_draft_suggest_position (DafuDraft     *self,
                             DafuBlockKind  kind)
{
  guint rank = kind_rank (kind);
  guint n, position = 0;

  g_return_val_if_fail (DAFU_IS_DRAFT (self), 0);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->blocks));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DafuDraftBlock) block = g_list_model_get_item (G_LIST_MODEL (self->blocks), i);
      guint block_rank = kind_rank (dafu_draft_block_get_kind (block));

      if (rank < SIGNATURE_RANK && block_rank >= SIGNATURE_RANK)
        break;
      if (block_rank <= rank)
        position = i + 1;
    }
  return position;
}

static gboolean
has_block_of_kind (DafuDraft     *self,
                   DafuBlockKind  kind)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->blocks));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DafuDraftBlock) block = g_list_model_get_item (G_LIST_MODEL (self->blocks), i);

      if (dafu_draft_block_get_kind (block) == kind)
        return TRUE;
    }
  return FALSE;
}

static void
add_standard_parts (DafuDraft *self)
{
  static const DafuBlockKind parts[] = {
    DAFU_BLOCK_KIND_TITLE, DAFU_BLOCK_KIND_SALUTATION, DAFU_BLOCK_KIND_SIGNATURE,
    DAFU_BLOCK_KIND_CONTACT, DAFU_BLOCK_KIND_CC, DAFU_BLOCK_KIND_PUBLIC_NOTE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autoptr(DafuDraftBlock) block = NULL;
      g_autofree char *text = NULL;

      if (has_block_of_kind (self, parts[i]))
        continue;
      if (parts[i] == DAFU_BLOCK_KIND_CC && !has_field (self, DAFU_LETTER_FIELD_CC))
        continue;
      if (parts[i] == DAFU_BLOCK_KIND_PUBLIC_NOTE && !has_field (self, DAFU_LETTER_FIELD_PUBLIC_NOTE))
        continue;

      text = dafu_draft_generate_part (self, parts[i]);
      block = dafu_draft_block_new (parts[i], text);
      _dafu_draft_block_set_generated (block, TRUE);
      insert_block (self, dafu_draft_suggest_position (self, parts[i]), block);
    }
}

/**
 * dafu_draft_add_standard_parts:
 *
 * Adds the standard parts the draft lacks, generated from the fields, each
 * at its place: the title and salutation first, the signature and contact
 * last, then 抄送 and the disclosure note when their fields are set. The
 * body stays in between. One undo step.
 */
void
dafu_draft_add_standard_parts (DafuDraft *self)
{
  gboolean outer;

  g_return_if_fail (DAFU_IS_DRAFT (self));

  outer = step_begin (self);
  add_standard_parts (self);
  step_end (self, outer);
}

/* ---------------------------------------------------------------------- */
/* Undo                                                                   */

gboolean
dafu_draft_can_undo (DafuDraft *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT (self), FALSE);
  return self->undo.length > 0;
}

gboolean
dafu_draft_can_redo (DafuDraft *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT (self), FALSE);
  return self->redo.length > 0;
}

/**
 * dafu_draft_undo:
 *
 * Undoes the last step.
 *
 * Returns: whether there was one
 */
gboolean
dafu_draft_undo (DafuDraft *self)
{
  GPtrArray *step;

  g_return_val_if_fail (DAFU_IS_DRAFT (self), FALSE);
  g_return_val_if_fail (self->step == NULL, FALSE);

  step = g_queue_pop_tail (&self->undo);
  if (step == NULL)
    return FALSE;
  for (guint i = step->len; i > 0; i--)
    apply_op (self, g_ptr_array_index (step, i - 1), FALSE);
  g_queue_push_tail (&self->redo, step);
  self->break_group = TRUE;
  finish_change (self);
  return TRUE;
}

/**
 * dafu_draft_redo:
 *
 * Redoes the last undone step.
 *
 * Returns: whether there was one
 */
gboolean
dafu_draft_redo (DafuDraft *self)
{
  GPtrArray *step;

  g_return_val_if_fail (DAFU_IS_DRAFT (self), FALSE);
  g_return_val_if_fail (self->step == NULL, FALSE);

  step = g_queue_pop_tail (&self->redo);
  if (step == NULL)
    return FALSE;
  for (guint i = 0; i < step->len; i++)
    apply_op (self, g_ptr_array_index (step, i), TRUE);
  g_queue_push_tail (&self->undo, step);
  self->break_group = TRUE;
  finish_change (self);
  return TRUE;
}

/**
 * dafu_draft_break_undo_group:
 *
 * Makes the next text edit a new undo step (call it when the clerk moves
 * to another block or after a word).
 */
void
dafu_draft_break_undo_group (DafuDraft *self)
{
  g_return_if_fail (DAFU_IS_DRAFT (self));
  self->break_group = TRUE;
}

/* ---------------------------------------------------------------------- */
/* Output                                                                 */

static void
add_unfilled (GPtrArray **unfilled,
              GPtrArray  *missing)
{
  if (unfilled == NULL)
    return;
  if (*unfilled == NULL)
    *unfilled = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < missing->len; i++)
    if (!g_ptr_array_find_with_equal_func (*unfilled, missing->pdata[i], g_str_equal, NULL))
      g_ptr_array_add (*unfilled, g_strdup (missing->pdata[i]));
}

static char *
render_block (DafuDraftBlock  *block,
              GHashTable      *values,
              GPtrArray      **unfilled)
{
  g_autoptr(GPtrArray) missing = NULL;
  char *text = dafu_placeholders_fill (dafu_draft_block_get_text (block), values, &missing);

  add_unfilled (unfilled, missing);
  return text;
}

/**
 * dafu_draft_render_block:
 * @position: the block's position
 * @unfilled: (inout) (optional) (nullable) (element-type utf8): an array
 *   (created when *@unfilled is %NULL, even if nothing is left unfilled)
 *   to which the names left unfilled are added, each once
 *
 * Returns: (transfer full): the block's text with its placeholders filled
 *   from dafu_draft_dup_values(); "" when there is no such block
 */
char *
dafu_draft_render_block (DafuDraft  *self,
                         guint       position,
                         GPtrArray **unfilled)
{
  g_autoptr(DafuDraftBlock) block = NULL;
  g_autoptr(GHashTable) values = NULL;

  g_return_val_if_fail (DAFU_IS_DRAFT (self), g_strdup (""));

  if (unfilled != NULL && *unfilled == NULL)
    *unfilled = g_ptr_array_new_with_free_func (g_free);
  block = g_list_model_get_item (G_LIST_MODEL (self->blocks), position);
  if (block == NULL)
    return g_strdup ("");
  values = dup_values (self);
  return render_block (block, values, unfilled);
}

static gboolean
is_blank_text (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!is_blank (c) && c != '\n' && c != '\r')
        return FALSE;
    }
  return TRUE;
}

/**
 * dafu_draft_render_text:
 * @unfilled: (inout) (optional) (nullable) (element-type utf8): as for
 *   dafu_draft_render_block()
 *
 * Returns: (transfer full): the letter as plain UTF-8, the export format:
 *   the rendered blocks in order, apart by a blank line ("\n\n"), blank
 *   blocks left out
 */
char *
dafu_draft_render_text (DafuDraft  *self,
                        GPtrArray **unfilled)
{
  g_autoptr(GHashTable) values = NULL;
  GString *out;
  guint n;

  g_return_val_if_fail (DAFU_IS_DRAFT (self), g_strdup (""));

  if (unfilled != NULL && *unfilled == NULL)
    *unfilled = g_ptr_array_new_with_free_func (g_free);
  values = dup_values (self);
  out = g_string_new (NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->blocks));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DafuDraftBlock) block = g_list_model_get_item (G_LIST_MODEL (self->blocks), i);
      g_autofree char *text = render_block (block, values, unfilled);

      if (is_blank_text (text))
        continue;
      if (out->len > 0)
        g_string_append (out, "\n\n");
      g_string_append (out, text);
    }
  return g_string_free (out, FALSE);
}

/**
 * dafu_draft_to_letter:
 *
 * Returns: (transfer full): a letter with the draft's fields and rendered
 *   text, named `draft-<id>.txt`, for the library
 */
DafuLetter *
dafu_draft_to_letter (DafuDraft *self)
{
  DafuLetter *letter = dafu_letter_new ();
  g_autofree char *text = NULL;
  g_autofree char *file_name = NULL;

  g_return_val_if_fail (DAFU_IS_DRAFT (self), letter);

  for (guint f = 0; f < DAFU_LETTER_N_FIELDS; f++)
    dafu_letter_set_field (letter, f, field (self, f));
  text = dafu_draft_render_text (self, NULL);
  dafu_letter_set_text (letter, text);
  file_name = g_strdup_printf ("draft-%" G_GINT64_FORMAT ".txt", self->id);
  dafu_letter_set_file_name (letter, file_name);
  return letter;
}

/**
 * dafu_draft_dup_display_title:
 *
 * Returns: (transfer full): a short name for lists: the title as generated
 *   from the fields when they fill it, else the suggestion's title, else
 *   "Untitled Reply"
 */
char *
dafu_draft_dup_display_title (DafuDraft *self)
{
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autofree char *part = NULL;
  char *title;

  g_return_val_if_fail (DAFU_IS_DRAFT (self), g_strdup (""));

  values = dup_values (self);
  part = dafu_draft_generate_part (self, DAFU_BLOCK_KIND_TITLE);
  title = dafu_placeholders_fill (part, values, &missing);
  if (missing->len == 0)
    return title;
  g_free (title);

  if (has_field (self, DAFU_LETTER_FIELD_TITLE))
    return g_strdup (field (self, DAFU_LETTER_FIELD_TITLE));
  return g_strdup (_("Untitled Reply"));
}

/* ---------------------------------------------------------------------- */
/* Checks                                                                 */

/* The body kinds that answer the suggestion's points: not the opening
 * (which quotes the suggestion's title) nor the closing (thanks). */
static gboolean
answers_points (DafuBlockKind kind)
{
  switch (kind)
    {
    case DAFU_BLOCK_KIND_OVERVIEW:
    case DAFU_BLOCK_KIND_MEASURE:
    case DAFU_BLOCK_KIND_PROBLEM:
    case DAFU_BLOCK_KIND_PLAN:
    case DAFU_BLOCK_KIND_TEXT:
      return TRUE;
    default:
      return FALSE;
    }
}

static int
compare_issues (gconstpointer a,
                gconstpointer b)
{
  const DafuCheckIssue *x = *(const DafuCheckIssue * const *) a;
  const DafuCheckIssue *y = *(const DafuCheckIssue * const *) b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return (int) x->kind - (int) y->kind;
}

/* The year of a YYYY-MM-DD date, or 0. */
static int
date_year (const char *date)
{
  if (date == NULL || strlen (date) < 4 ||
      !g_ascii_isdigit (date[0]) || !g_ascii_isdigit (date[1]) ||
      !g_ascii_isdigit (date[2]) || !g_ascii_isdigit (date[3]) ||
      (date[4] != '\0' && date[4] != '-'))
    return 0;
  return atoi (date);
}

/* @s without white space, to find the 文号 field in the text. */
static char *
without_blanks (const char *s)
{
  GString *out = g_string_new (NULL);

  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!is_blank (c) && c != '\n' && c != '\r')
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/**
 * dafu_draft_check:
 *
 * Runs the drafting checks (dafu-checks.h) on the rendered draft: in each
 * block, unfilled placeholders, 文号 brackets and year (the year of the
 * draft's date), dates, category wording and, when the disclosure note
 * makes the letter public, personal data and the deputy's phone (the value
 * 代表电话); then, for the draft as a whole, the 文号 field (when the text
 * does not show it) and each point no body block answers.
 *
 * Returns: (transfer full) (element-type DafuCheckIssue): the issues, in
 *   block order (@block set, offsets in the block's rendered text), then
 *   those of the fields and points (@block -1)
 */
GPtrArray *
dafu_draft_check (DafuDraft *self)
{
  GPtrArray *issues = g_ptr_array_new_with_free_func ((GDestroyNotify) dafu_check_issue_free);
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GPtrArray) body = NULL;
  g_autoptr(GString) all = NULL;
  g_auto(GStrv) points = NULL;
  const char *doc_number, *category, *deputy_phone;
  gboolean is_public;
  int year;
  guint n;

  g_return_val_if_fail (DAFU_IS_DRAFT (self), issues);

  values = dup_values (self);
  doc_number = field (self, DAFU_LETTER_FIELD_DOC_NUMBER);
  category = field (self, DAFU_LETTER_FIELD_CATEGORY);
  year = date_year (field (self, DAFU_LETTER_FIELD_DATE));
  is_public = dafu_check_is_public (field (self, DAFU_LETTER_FIELD_PUBLIC_NOTE));
  deputy_phone = g_hash_table_lookup (self->values, DEPUTY_PHONE);
  body = g_ptr_array_new_with_free_func (g_free);
  all = g_string_new (NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->blocks));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DafuDraftBlock) block = g_list_model_get_item (G_LIST_MODEL (self->blocks), i);
      g_autofree char *text = render_block (block, values, NULL);
      g_autoptr(GPtrArray) found = dafu_checks_run_block (text, doc_number, year, category,
                                                          is_public, deputy_phone);
      g_autoptr(GPtrArray) unfilled = dafu_check_unfilled_placeholders (dafu_draft_block_get_text (block),
                                                                        values);

      while (unfilled->len > 0)
        g_ptr_array_add (found, g_ptr_array_steal_index (unfilled, 0));
      g_ptr_array_sort (found, compare_issues);
      for (guint j = 0; j < found->len; j++)
        {
          DafuCheckIssue *issue = g_ptr_array_index (found, j);

          issue->block = (int) i;
        }
      while (found->len > 0)
        g_ptr_array_add (issues, g_ptr_array_steal_index (found, 0));

      g_string_append (all, text);
      g_string_append_c (all, '\n');
      if (answers_points (dafu_draft_block_get_kind (block)))
        g_ptr_array_add (body, g_steal_pointer (&text));
    }

  /* The 文号 field, when the text does not show it (else it is checked
   * there). */
  if (doc_number != NULL)
    {
      g_autofree char *needle = without_blanks (doc_number);
      g_autofree char *haystack = without_blanks (all->str);

      if (*needle != '\0' && strstr (haystack, needle) == NULL)
        {
          g_autoptr(GPtrArray) found = dafu_check_doc_number (doc_number, year);

          while (found->len > 0)
            g_ptr_array_add (issues, g_ptr_array_steal_index (found, 0));
        }
    }

  points = dafu_draft_dup_point_list (self);
  g_ptr_array_add (body, NULL);
  {
    g_autoptr(GPtrArray) found = dafu_check_points ((const char * const *) points,
                                                    (const char * const *) body->pdata);

    while (found->len > 0)
      g_ptr_array_add (issues, g_ptr_array_steal_index (found, 0));
  }

  return issues;
}

/* ---------------------------------------------------------------------- */
/* 文号                                                                   */

static gboolean
is_open_bracket (gunichar c)
{
  return c == 0x3014 || c == '[' || c == 0x3010 || c == '(' || c == 0xff08 ||
         c == 0xff3b || c == 0x3016 || c == 0xfe5d || c == 0xfe59;
}

static gboolean
is_close_bracket (gunichar c)
{
  return c == 0x3015 || c == ']' || c == 0x3011 || c == ')' || c == 0xff09 ||
         c == 0xff3d || c == 0x3017 || c == 0xfe5e || c == 0xfe5a;
}

static int
digit_value (gunichar c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 0xff10 && c <= 0xff19)
    return c - 0xff10;
  return -1;
}

static const char *
skip_blanks (const char *p)
{
  while (*p != '\0' && is_blank (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  return p;
}

/**
 * dafu_doc_number_split:
 * @doc_number: (nullable): a 文号 such as 咸民函〔2026〕12号 (the year may be
 *   in [] 【】 () or （） too)
 * @prefix: (out) (optional) (transfer full): the issuer's prefix, 咸民函
 * @year: (out) (optional): the year
 * @number: (out) (optional): the number, 0 when it is N, ？ or missing
 *
 * Returns: whether @doc_number has a year; when not, the outputs are
 *   %NULL and 0
 */
gboolean
dafu_doc_number_split (const char  *doc_number,
                       char       **prefix,
                       int         *year,
                       guint       *number)
{
  g_autofree char *valid = NULL;
  const char *p, *open = NULL;
  int y = 0;
  guint64 num = 0;
  guint n_digits = 0;

  if (prefix != NULL)
    *prefix = NULL;
  if (year != NULL)
    *year = 0;
  if (number != NULL)
    *number = 0;
  if (doc_number == NULL)
    return FALSE;

  valid = g_utf8_make_valid (doc_number, -1);
  for (p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      const char *q;

      if (!is_open_bracket (g_utf8_get_char (p)))
        continue;
      /* Four digits and a closing bracket. */
      q = skip_blanks (g_utf8_next_char (p));
      y = 0;
      n_digits = 0;
      while (digit_value (g_utf8_get_char (q)) >= 0)
        {
          y = y * 10 + digit_value (g_utf8_get_char (q));
          q = g_utf8_next_char (q);
          if (++n_digits > 4)
            break;
        }
      q = skip_blanks (q);
      if (n_digits == 4 && is_close_bracket (g_utf8_get_char (q)))
        {
          open = p;
          p = g_utf8_next_char (q);
          break;
        }
    }
  if (open == NULL)
    return FALSE;

  p = skip_blanks (p);
  while (digit_value (g_utf8_get_char (p)) >= 0)
    {
      num = num * 10 + digit_value (g_utf8_get_char (p));
      if (num > G_MAXUINT)
        num = 0;
      p = g_utf8_next_char (p);
    }

  if (prefix != NULL)
    {
      g_autofree char *head = g_strndup (valid, open - valid);

      *prefix = strip_blank (g_steal_pointer (&head));
    }
  if (year != NULL)
    *year = y;
  if (number != NULL)
    *number = (guint) num;
  return TRUE;
}

/**
 * dafu_doc_number_format:
 * @prefix: (nullable): the issuer's prefix, 咸民函
 * @year: the year
 * @number: the number, 0 when not yet known
 *
 * Returns: (transfer full): the 文号 as GB/T 9704 writes it, 咸民函〔2026〕12号
 *   (咸民函〔2026〕号 without a number)
 */
char *
dafu_doc_number_format (const char *prefix,
                        int         year,
                        guint       number)
{
  g_autofree char *valid = g_utf8_make_valid (prefix != NULL ? prefix : "", -1);
  g_autofree char *num = number > 0 ? g_strdup_printf ("%u", number) : g_strdup ("");

  strip_blank (valid);
  if (year <= 0)
    return g_strdup_printf ("%s〔〕%s号", valid, num);
  return g_strdup_printf ("%s〔%d〕%s号", valid, year, num);
}
