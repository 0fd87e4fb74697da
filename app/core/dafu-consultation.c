/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-consultation"

#include "config.h"

#include "dafu-consultation.h"
#include "dafu-util.h"

/**
 * DafuConsultation:
 *
 * The record of the meeting with the deputy (面商记录表) that some letters
 * carry: when and where it took place, who met the deputy, the phone
 * numbers on the form and how many points the suggestion and the reply
 * had. Strings the form leaves out are %NULL, counts it leaves out are -1.
 */
struct _DafuConsultation
{
  GObject  parent_instance;

  char    *date;
  char    *place;
  char    *officer;
  char    *officer_phone;
  char    *deputy_phone;
  int      suggestion_points;
  int      reply_points;
};

G_DEFINE_FINAL_TYPE (DafuConsultation, dafu_consultation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DATE,
  PROP_PLACE,
  PROP_OFFICER,
  PROP_OFFICER_PHONE,
  PROP_DEPUTY_PHONE,
  PROP_SUGGESTION_POINTS,
  PROP_REPLY_POINTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char **
string_slot (DafuConsultation *self,
             guint             prop_id)
{
  switch (prop_id)
    {
    case PROP_DATE: return &self->date;
    case PROP_PLACE: return &self->place;
    case PROP_OFFICER: return &self->officer;
    case PROP_OFFICER_PHONE: return &self->officer_phone;
    case PROP_DEPUTY_PHONE: return &self->deputy_phone;
    default: return NULL;
    }
}

static void
dafu_consultation_finalize (GObject *object)
{
  DafuConsultation *self = (DafuConsultation *) object;

  g_clear_pointer (&self->date, g_free);
  g_clear_pointer (&self->place, g_free);
  g_clear_pointer (&self->officer, g_free);
  g_clear_pointer (&self->officer_phone, g_free);
  g_clear_pointer (&self->deputy_phone, g_free);

  G_OBJECT_CLASS (dafu_consultation_parent_class)->finalize (object);
}

static void
dafu_consultation_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DafuConsultation *self = DAFU_CONSULTATION (object);
  char **slot = string_slot (self, prop_id);

  if (slot != NULL)
    g_value_set_string (value, *slot);
  else if (prop_id == PROP_SUGGESTION_POINTS)
    g_value_set_int (value, self->suggestion_points);
  else if (prop_id == PROP_REPLY_POINTS)
    g_value_set_int (value, self->reply_points);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
dafu_consultation_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DafuConsultation *self = DAFU_CONSULTATION (object);
  char **slot = string_slot (self, prop_id);
  gboolean changed = FALSE;

  if (slot != NULL)
    changed = dafu_set_str (slot, g_value_get_string (value));
  else if (prop_id == PROP_SUGGESTION_POINTS || prop_id == PROP_REPLY_POINTS)
    {
      int *count = prop_id == PROP_SUGGESTION_POINTS ? &self->suggestion_points
                                                     : &self->reply_points;
      changed = *count != g_value_get_int (value);
      *count = g_value_get_int (value);
    }
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static void
dafu_consultation_class_init (DafuConsultationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = dafu_consultation_finalize;
  object_class->get_property = dafu_consultation_get_property;
  object_class->set_property = dafu_consultation_set_property;

  properties[PROP_DATE] = g_param_spec_string ("date", NULL, NULL, NULL, flags);
  properties[PROP_PLACE] = g_param_spec_string ("place", NULL, NULL, NULL, flags);
  properties[PROP_OFFICER] = g_param_spec_string ("officer", NULL, NULL, NULL, flags);
  properties[PROP_OFFICER_PHONE] = g_param_spec_string ("officer-phone", NULL, NULL, NULL, flags);
  properties[PROP_DEPUTY_PHONE] = g_param_spec_string ("deputy-phone", NULL, NULL, NULL, flags);
  properties[PROP_SUGGESTION_POINTS] =
    g_param_spec_int ("suggestion-points", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_REPLY_POINTS] =
    g_param_spec_int ("reply-points", NULL, NULL, -1, G_MAXINT, -1, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dafu_consultation_init (DafuConsultation *self)
{
  self->suggestion_points = -1;
  self->reply_points = -1;
}

DafuConsultation *
dafu_consultation_new (void)
{
  return g_object_new (DAFU_TYPE_CONSULTATION, NULL);
}

const char *
dafu_consultation_get_date (DafuConsultation *self)
{
  g_return_val_if_fail (DAFU_IS_CONSULTATION (self), NULL);
  return self->date;
}

const char *
dafu_consultation_get_place (DafuConsultation *self)
{
  g_return_val_if_fail (DAFU_IS_CONSULTATION (self), NULL);
  return self->place;
}

const char *
dafu_consultation_get_officer (DafuConsultation *self)
{
  g_return_val_if_fail (DAFU_IS_CONSULTATION (self), NULL);
  return self->officer;
}

const char *
dafu_consultation_get_officer_phone (DafuConsultation *self)
{
  g_return_val_if_fail (DAFU_IS_CONSULTATION (self), NULL);
  return self->officer_phone;
}

const char *
dafu_consultation_get_deputy_phone (DafuConsultation *self)
{
  g_return_val_if_fail (DAFU_IS_CONSULTATION (self), NULL);
  return self->deputy_phone;
}

int
dafu_consultation_get_suggestion_points (DafuConsultation *self)
{
  g_return_val_if_fail (DAFU_IS_CONSULTATION (self), -1);
  return self->suggestion_points;
}

int
dafu_consultation_get_reply_points (DafuConsultation *self)
{
  g_return_val_if_fail (DAFU_IS_CONSULTATION (self), -1);
  return self->reply_points;
}
