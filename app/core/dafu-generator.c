/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-generator"

#include "config.h"

#include "dafu-generator.h"

/* Placeholder until the generator lands. */
char *
dafu_generator_letter (guint64 seed,
                       guint   index)
{
  return g_strdup_printf ("咸阳市民政局\n\n关于对市九届人大四次会议第%u号建议的答复函\n\n张三代表：\n\n您提出的建议收悉。\n", index + 1);
}

gboolean
dafu_generator_write (const char    *dir,
                      guint          count,
                      guint64        seed,
                      GCancellable  *cancellable,
                      GError       **error)
{
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot create %s", dir);
      return FALSE;
    }

  for (guint i = 0; i < count; i++)
    {
      g_autofree char *name = g_strdup_printf ("letter-%06u.txt", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *text = dafu_generator_letter (seed, i);

      if (!g_file_set_contents (path, text, -1, error))
        return FALSE;
    }
  return TRUE;
}
