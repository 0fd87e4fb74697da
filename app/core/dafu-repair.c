/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-repair"

#include "config.h"

#include "dafu-repair.h"

/* Placeholder until the repair pass lands. */
char *
dafu_repair_text (const char *text)
{
  return g_strdup (text);
}
