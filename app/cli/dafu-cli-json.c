/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-cli"

#include "config.h"

#include "dafu-cli-json.h"

#include "dafu-consultation.h"
#include "dafu-letter.h"
#include "dafu-section.h"

static void
add_string (JsonBuilder *builder,
            const char  *key,
            const char  *value)
{
  json_builder_set_member_name (builder, key);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_count (JsonBuilder *builder,
           const char  *key,
           int          value)
{
  json_builder_set_member_name (builder, key);
  if (value >= 0)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_consultation (JsonBuilder      *builder,
                  DafuConsultation *consultation)
{
  json_builder_set_member_name (builder, "consultation");
  json_builder_begin_object (builder);
  add_string (builder, "date", dafu_consultation_get_date (consultation));
  add_string (builder, "place", dafu_consultation_get_place (consultation));
  add_string (builder, "officer", dafu_consultation_get_officer (consultation));
  add_string (builder, "officer_phone", dafu_consultation_get_officer_phone (consultation));
  add_string (builder, "deputy_phone", dafu_consultation_get_deputy_phone (consultation));
  add_count (builder, "suggestion_points", dafu_consultation_get_suggestion_points (consultation));
  add_count (builder, "reply_points", dafu_consultation_get_reply_points (consultation));
  json_builder_end_object (builder);
}

/**
 * dafu_cli_letter_to_json:
 * @letter: a letter
 * @file: (nullable): the file it was read from, for the `file` key
 * @flags: what to include
 *
 * Returns: (transfer full): the letter as a JSON object whose keys are
 *   those of `expected.json`
 */
JsonNode *
dafu_cli_letter_to_json (DafuLetter    *letter,
                         const char    *file,
                         DafuJsonFlags  flags)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GListModel *sections = dafu_letter_get_sections (letter);
  DafuConsultation *consultation = dafu_letter_get_consultation (letter);

  json_builder_begin_object (builder);

  if (flags & DAFU_JSON_DETAILS)
    {
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, dafu_letter_get_id (letter));
    }

  add_string (builder, "file", file);
  for (guint i = 0; i < DAFU_LETTER_N_FIELDS; i++)
    add_string (builder, dafu_letter_field_key (i), dafu_letter_get_field (letter, i));

  if (consultation != NULL)
    add_consultation (builder, consultation);

  json_builder_set_member_name (builder, "sections");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (sections); i++)
    {
      g_autoptr(DafuSection) section = g_list_model_get_item (sections, i);

      if (dafu_section_get_level (section) == 1 && dafu_section_get_heading (section) != NULL)
        json_builder_add_string_value (builder, dafu_section_get_heading (section));
    }
  json_builder_end_array (builder);

  if (flags & DAFU_JSON_DETAILS)
    {
      json_builder_set_member_name (builder, "parts");
      json_builder_begin_array (builder);
      for (guint i = 0; i < g_list_model_get_n_items (sections); i++)
        {
          g_autoptr(DafuSection) section = g_list_model_get_item (sections, i);

          json_builder_begin_object (builder);
          add_string (builder, "heading", dafu_section_get_heading (section));
          json_builder_set_member_name (builder, "level");
          json_builder_add_int_value (builder, dafu_section_get_level (section));
          add_string (builder, "kind", dafu_section_kind_to_string (dafu_section_get_kind (section)));
          add_string (builder, "text", dafu_section_get_text (section));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      add_string (builder, "text", dafu_letter_get_text (letter));
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* One JSON value on one line, as `--json` prints it. */
char *
dafu_cli_json_to_line (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, FALSE);

  return json_generator_to_data (generator, NULL);
}
