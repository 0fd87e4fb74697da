/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-facet"

#include "config.h"

#include "dafu-facet.h"

/**
 * DafuFacet:
 *
 * One value of a filter (a city, a year, a category or a kind) and how many
 * letters in the library have it.
 */
struct _DafuFacet
{
  GObject  parent_instance;
  char    *value;
  guint    count;
};

G_DEFINE_FINAL_TYPE (DafuFacet, dafu_facet, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VALUE,
  PROP_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dafu_facet_finalize (GObject *object)
{
  g_free (DAFU_FACET (object)->value);
  G_OBJECT_CLASS (dafu_facet_parent_class)->finalize (object);
}

static void
dafu_facet_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  DafuFacet *self = DAFU_FACET (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_string (value, self->value);
      break;
    case PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_facet_class_init (DafuFacetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dafu_facet_finalize;
  object_class->get_property = dafu_facet_get_property;

  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dafu_facet_init (DafuFacet *self)
{
}

DafuFacet *
dafu_facet_new (const char *value,
                guint       count)
{
  DafuFacet *self = g_object_new (DAFU_TYPE_FACET, NULL);

  self->value = g_strdup (value);
  self->count = count;

  return self;
}

const char *
dafu_facet_get_value (DafuFacet *self)
{
  g_return_val_if_fail (DAFU_IS_FACET (self), NULL);
  return self->value;
}

guint
dafu_facet_get_count (DafuFacet *self)
{
  g_return_val_if_fail (DAFU_IS_FACET (self), 0);
  return self->count;
}
