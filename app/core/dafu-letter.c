/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-letter"

#include "config.h"

#include "dafu-letter.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "dafu-consultation.h"
#include "dafu-section.h"
#include "dafu-util.h"

/**
 * DafuLetter:
 *
 * One reply letter: the fields read from it (each %NULL when the letter
 * does not state it), its repaired text, its sections and, when it has one,
 * the record of the meeting with the deputy.
 */
struct _DafuLetter
{
  GObject           parent_instance;

  gint64            id;
  char             *fields[DAFU_LETTER_N_FIELDS];
  char             *text;
  char             *file_name;
  DafuConsultation *consultation;
  GListStore       *sections;
};

G_DEFINE_FINAL_TYPE (DafuLetter, dafu_letter, G_TYPE_OBJECT)

/* The field properties come first, at PROP_FIELD0 + field. */
enum {
  PROP_0,
  PROP_FIELD0,
  PROP_ID = PROP_FIELD0 + DAFU_LETTER_N_FIELDS,
  PROP_TEXT,
  PROP_FILE_NAME,
  PROP_CONSULTATION,
  PROP_SECTIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const field_keys[DAFU_LETTER_N_FIELDS] = {
  [DAFU_LETTER_FIELD_ISSUER] = "issuer",
  [DAFU_LETTER_FIELD_CITY] = "city",
  [DAFU_LETTER_FIELD_DOC_NUMBER] = "doc_number",
  [DAFU_LETTER_FIELD_CATEGORY] = "category",
  [DAFU_LETTER_FIELD_SIGNER] = "signer",
  [DAFU_LETTER_FIELD_HEAD] = "head",
  [DAFU_LETTER_FIELD_HANDLER] = "handler",
  [DAFU_LETTER_FIELD_KIND] = "kind",
  [DAFU_LETTER_FIELD_SESSION] = "session",
  [DAFU_LETTER_FIELD_SUGGESTION_NUMBER] = "suggestion_number",
  [DAFU_LETTER_FIELD_ADDRESSEE] = "addressee",
  [DAFU_LETTER_FIELD_ADDRESSEE_ROLE] = "addressee_role",
  [DAFU_LETTER_FIELD_TITLE] = "title",
  [DAFU_LETTER_FIELD_DATE] = "date",
  [DAFU_LETTER_FIELD_CONTACT] = "contact",
  [DAFU_LETTER_FIELD_CONTACT_PHONE] = "contact_phone",
  [DAFU_LETTER_FIELD_CC] = "cc",
  [DAFU_LETTER_FIELD_PUBLIC_NOTE] = "public_note",
};

static void
dafu_letter_finalize (GObject *object)
{
  DafuLetter *self = (DafuLetter *) object;

  for (guint i = 0; i < DAFU_LETTER_N_FIELDS; i++)
    g_clear_pointer (&self->fields[i], g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->file_name, g_free);
  g_clear_object (&self->consultation);
  g_clear_object (&self->sections);

  G_OBJECT_CLASS (dafu_letter_parent_class)->finalize (object);
}

static void
dafu_letter_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DafuLetter *self = DAFU_LETTER (object);

  if (prop_id >= PROP_FIELD0 && prop_id < PROP_FIELD0 + DAFU_LETTER_N_FIELDS)
    {
      g_value_set_string (value, self->fields[prop_id - PROP_FIELD0]);
      return;
    }

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_FILE_NAME:
      g_value_set_string (value, self->file_name);
      break;
    case PROP_CONSULTATION:
      g_value_set_object (value, self->consultation);
      break;
    case PROP_SECTIONS:
      g_value_set_object (value, self->sections);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_letter_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  DafuLetter *self = DAFU_LETTER (object);

  if (prop_id >= PROP_FIELD0 && prop_id < PROP_FIELD0 + DAFU_LETTER_N_FIELDS)
    {
      dafu_letter_set_field (self, prop_id - PROP_FIELD0, g_value_get_string (value));
      return;
    }

  switch (prop_id)
    {
    case PROP_ID:
      dafu_letter_set_id (self, g_value_get_int64 (value));
      break;
    case PROP_TEXT:
      dafu_letter_set_text (self, g_value_get_string (value));
      break;
    case PROP_FILE_NAME:
      dafu_letter_set_file_name (self, g_value_get_string (value));
      break;
    case PROP_CONSULTATION:
      dafu_letter_set_consultation (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_letter_class_init (DafuLetterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = dafu_letter_finalize;
  object_class->get_property = dafu_letter_get_property;
  object_class->set_property = dafu_letter_set_property;

  for (guint i = 0; i < DAFU_LETTER_N_FIELDS; i++)
    {
      g_autofree char *name = g_strdelimit (g_strdup (field_keys[i]), "_", '-');

      /* Property names must outlive the class: intern them. */
      properties[PROP_FIELD0 + i] =
        g_param_spec_string (g_intern_string (name), NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                             G_PARAM_STATIC_NICK | G_PARAM_STATIC_BLURB);
    }

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL, flags);
  properties[PROP_FILE_NAME] =
    g_param_spec_string ("file-name", NULL, NULL, NULL, flags);
  properties[PROP_CONSULTATION] =
    g_param_spec_object ("consultation", NULL, NULL, DAFU_TYPE_CONSULTATION, flags);
  properties[PROP_SECTIONS] =
    g_param_spec_object ("sections", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dafu_letter_init (DafuLetter *self)
{
  self->sections = g_list_store_new (DAFU_TYPE_SECTION);
}

DafuLetter *
dafu_letter_new (void)
{
  return g_object_new (DAFU_TYPE_LETTER, NULL);
}

/**
 * dafu_letter_get_id:
 * @self: a #DafuLetter
 *
 * Returns: the letter's row id in the library, or 0 for a letter that is not
 *   stored
 */
gint64
dafu_letter_get_id (DafuLetter *self)
{
  g_return_val_if_fail (DAFU_IS_LETTER (self), 0);
  return self->id;
}

void
dafu_letter_set_id (DafuLetter *self,
                    gint64      id)
{
  g_return_if_fail (DAFU_IS_LETTER (self));

  if (self->id != id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
}

/**
 * dafu_letter_get_field:
 * @self: a #DafuLetter
 * @field: which field
 *
 * Returns: (nullable): the field's value, %NULL when the letter does not
 *   state it
 */
const char *
dafu_letter_get_field (DafuLetter      *self,
                       DafuLetterField  field)
{
  g_return_val_if_fail (DAFU_IS_LETTER (self), NULL);
  g_return_val_if_fail (field < DAFU_LETTER_N_FIELDS, NULL);

  return self->fields[field];
}

/**
 * dafu_letter_set_field:
 * @self: a #DafuLetter
 * @field: which field
 * @value: (nullable): the new value; %NULL or "" clears the field
 */
void
dafu_letter_set_field (DafuLetter      *self,
                       DafuLetterField  field,
                       const char      *value)
{
  g_return_if_fail (DAFU_IS_LETTER (self));
  g_return_if_fail (field < DAFU_LETTER_N_FIELDS);

  if (value != NULL && *value == '\0')
    value = NULL;

  if (dafu_set_str (&self->fields[field], value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIELD0 + field]);
}

/**
 * dafu_letter_field_key:
 * @field: a #DafuLetterField
 *
 * Returns: the field's key as in `expected.json` and `dafu-cli --json`
 */
const char *
dafu_letter_field_key (DafuLetterField field)
{
  g_return_val_if_fail (field < DAFU_LETTER_N_FIELDS, NULL);
  return field_keys[field];
}

gboolean
dafu_letter_field_from_key (const char      *key,
                            DafuLetterField *field)
{
  g_return_val_if_fail (key != NULL, FALSE);

  for (guint i = 0; i < DAFU_LETTER_N_FIELDS; i++)
    {
      if (g_str_equal (key, field_keys[i]))
        {
          if (field != NULL)
            *field = i;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
is_iso_date (const char *value)
{
  int y, m, d;
  char tail;

  if (strlen (value) != 10 ||
      sscanf (value, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return FALSE;

  return g_date_valid_dmy (d, m, y);
}

/**
 * dafu_letter_field_is_valid:
 * @field: a #DafuLetterField
 * @value: (nullable): a value the user typed
 * @error: return location for an error
 *
 * Checks a correction before it is stored: the category is A–D, the kind
 * `suggestion` or `proposal`, the role 代表 or 委员, the date `YYYY-MM-DD`.
 * Free-text fields take any value; %NULL clears any field.
 */
gboolean
dafu_letter_field_is_valid (DafuLetterField   field,
                            const char       *value,
                            GError          **error)
{
  static const char * const categories[] = { "A", "B", "C", "D", NULL };
  static const char * const kinds[] = { "suggestion", "proposal", NULL };
  static const char * const roles[] = { "代表", "委员", NULL };

  g_return_val_if_fail (field < DAFU_LETTER_N_FIELDS, FALSE);

  if (value == NULL || *value == '\0')
    return TRUE;

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The value is not valid text."));
      return FALSE;
    }

  switch (field)
    {
    case DAFU_LETTER_FIELD_CATEGORY:
      if (!g_strv_contains (categories, value))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The category must be A, B, C or D."));
          return FALSE;
        }
      break;

    case DAFU_LETTER_FIELD_KIND:
      if (!g_strv_contains (kinds, value))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The kind must be “suggestion” or “proposal”."));
          return FALSE;
        }
      break;

    case DAFU_LETTER_FIELD_ADDRESSEE_ROLE:
      if (!g_strv_contains (roles, value))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The role must be 代表 or 委员."));
          return FALSE;
        }
      break;

    case DAFU_LETTER_FIELD_DATE:
      if (!is_iso_date (value))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The date must be a real date written as YYYY-MM-DD."));
          return FALSE;
        }
      break;

    default:
      break;
    }

  return TRUE;
}

const char *
dafu_letter_get_title (DafuLetter *self)
{
  return dafu_letter_get_field (self, DAFU_LETTER_FIELD_TITLE);
}

const char *
dafu_letter_get_city (DafuLetter *self)
{
  return dafu_letter_get_field (self, DAFU_LETTER_FIELD_CITY);
}

const char *
dafu_letter_get_date (DafuLetter *self)
{
  return dafu_letter_get_field (self, DAFU_LETTER_FIELD_DATE);
}

/**
 * dafu_letter_get_text:
 * @self: a #DafuLetter
 *
 * Returns: (nullable): the letter's repaired text, as searched and shown
 */
const char *
dafu_letter_get_text (DafuLetter *self)
{
  g_return_val_if_fail (DAFU_IS_LETTER (self), NULL);
  return self->text;
}

void
dafu_letter_set_text (DafuLetter *self,
                      const char *text)
{
  g_return_if_fail (DAFU_IS_LETTER (self));

  if (dafu_set_str (&self->text, text))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

/**
 * dafu_letter_get_file_name:
 * @self: a #DafuLetter
 *
 * Returns: (nullable): the name of the file the letter was read from
 */
const char *
dafu_letter_get_file_name (DafuLetter *self)
{
  g_return_val_if_fail (DAFU_IS_LETTER (self), NULL);
  return self->file_name;
}

void
dafu_letter_set_file_name (DafuLetter *self,
                           const char *file_name)
{
  g_return_if_fail (DAFU_IS_LETTER (self));

  if (dafu_set_str (&self->file_name, file_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE_NAME]);
}

/**
 * dafu_letter_get_consultation:
 * @self: a #DafuLetter
 *
 * Returns: (transfer none) (nullable): the 面商记录表, if the letter has one
 */
DafuConsultation *
dafu_letter_get_consultation (DafuLetter *self)
{
  g_return_val_if_fail (DAFU_IS_LETTER (self), NULL);
  return self->consultation;
}

void
dafu_letter_set_consultation (DafuLetter       *self,
                              DafuConsultation *consultation)
{
  g_return_if_fail (DAFU_IS_LETTER (self));
  g_return_if_fail (consultation == NULL || DAFU_IS_CONSULTATION (consultation));

  if (g_set_object (&self->consultation, consultation))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONSULTATION]);
}

/**
 * dafu_letter_get_sections:
 * @self: a #DafuLetter
 *
 * Returns: (transfer none): a #GListModel of #DafuSection in reading order
 */
GListModel *
dafu_letter_get_sections (DafuLetter *self)
{
  g_return_val_if_fail (DAFU_IS_LETTER (self), NULL);
  return G_LIST_MODEL (self->sections);
}

void
dafu_letter_append_section (DafuLetter  *self,
                            DafuSection *section)
{
  g_return_if_fail (DAFU_IS_LETTER (self));
  g_return_if_fail (DAFU_IS_SECTION (section));

  g_list_store_append (self->sections, section);
}
