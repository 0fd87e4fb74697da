/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-parser"

#include "config.h"

#include "dafu-parser.h"

#include "dafu-letter.h"
#include "dafu-repair.h"
#include "dafu-text.h"

/* Placeholder until the parser lands: reads nothing but the text. */
DafuLetter *
dafu_parser_parse_text (const char  *text,
                        GError     **error)
{
  DafuLetter *letter = dafu_letter_new ();
  g_autofree char *repaired = dafu_repair_text (text);

  dafu_letter_set_text (letter, repaired);
  return letter;
}

DafuLetter *
dafu_parser_parse_bytes (GBytes      *bytes,
                         const char  *file_name,
                         GError     **error)
{
  g_autofree char *text = dafu_text_decode (bytes, NULL, error);
  DafuLetter *letter;

  if (text == NULL)
    return NULL;

  letter = dafu_parser_parse_text (text, error);
  if (letter != NULL)
    dafu_letter_set_file_name (letter, file_name);
  return letter;
}
