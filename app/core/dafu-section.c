/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-section"

#include "config.h"

#include "dafu-section.h"
#include "dafu-enums.h"
#include "dafu-util.h"

/**
 * DafuSection:
 *
 * One part of a letter's body: an optional heading as printed (一、…), its
 * level (1 for 一、, 2 for （一）or 1.), what kind of part it is and its text.
 */
struct _DafuSection
{
  GObject          parent_instance;

  char            *heading;
  char            *text;
  guint            level;
  DafuSectionKind  kind;
};

G_DEFINE_FINAL_TYPE (DafuSection, dafu_section, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HEADING,
  PROP_LEVEL,
  PROP_KIND,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dafu_section_finalize (GObject *object)
{
  DafuSection *self = (DafuSection *) object;

  g_clear_pointer (&self->heading, g_free);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (dafu_section_parent_class)->finalize (object);
}

static void
dafu_section_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DafuSection *self = DAFU_SECTION (object);

  switch (prop_id)
    {
    case PROP_HEADING:
      g_value_set_string (value, self->heading);
      break;
    case PROP_LEVEL:
      g_value_set_uint (value, self->level);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_section_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  DafuSection *self = DAFU_SECTION (object);

  switch (prop_id)
    {
    case PROP_HEADING:
      dafu_set_str (&self->heading, g_value_get_string (value));
      break;
    case PROP_LEVEL:
      self->level = g_value_get_uint (value);
      break;
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_TEXT:
      dafu_section_set_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_section_class_init (DafuSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dafu_section_finalize;
  object_class->get_property = dafu_section_get_property;
  object_class->set_property = dafu_section_set_property;

  properties[PROP_HEADING] =
    g_param_spec_string ("heading", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEVEL] =
    g_param_spec_uint ("level", NULL, NULL, 0, 9, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       DAFU_TYPE_SECTION_KIND, DAFU_SECTION_KIND_MEASURE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dafu_section_init (DafuSection *self)
{
}

DafuSection *
dafu_section_new (const char      *heading,
                  guint            level,
                  DafuSectionKind  kind,
                  const char      *text)
{
  return g_object_new (DAFU_TYPE_SECTION,
                       "heading", heading,
                       "level", level,
                       "kind", kind,
                       "text", text,
                       NULL);
}

const char *
dafu_section_get_heading (DafuSection *self)
{
  g_return_val_if_fail (DAFU_IS_SECTION (self), NULL);
  return self->heading;
}

guint
dafu_section_get_level (DafuSection *self)
{
  g_return_val_if_fail (DAFU_IS_SECTION (self), 0);
  return self->level;
}

DafuSectionKind
dafu_section_get_kind (DafuSection *self)
{
  g_return_val_if_fail (DAFU_IS_SECTION (self), DAFU_SECTION_KIND_MEASURE);
  return self->kind;
}

const char *
dafu_section_get_text (DafuSection *self)
{
  g_return_val_if_fail (DAFU_IS_SECTION (self), NULL);
  return self->text;
}

void
dafu_section_set_text (DafuSection *self,
                       const char  *text)
{
  g_return_if_fail (DAFU_IS_SECTION (self));

  if (dafu_set_str (&self->text, text))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

/**
 * dafu_section_kind_to_string:
 * @kind: a #DafuSectionKind
 *
 * Returns: the kind's stable name (`opening`, `measure` …), as stored in the
 *   library and printed by `dafu-cli`
 */
const char *
dafu_section_kind_to_string (DafuSectionKind kind)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (DAFU_TYPE_SECTION_KIND);
  GEnumValue *value = g_enum_get_value (klass, kind);

  return value != NULL ? value->value_nick : NULL;
}

gboolean
dafu_section_kind_from_string (const char      *nick,
                               DafuSectionKind *kind)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *value;

  if (nick == NULL)
    return FALSE;

  klass = g_type_class_ref (DAFU_TYPE_SECTION_KIND);
  value = g_enum_get_value_by_nick (klass, nick);
  if (value == NULL)
    return FALSE;

  *kind = value->value;
  return TRUE;
}
