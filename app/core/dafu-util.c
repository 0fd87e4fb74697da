/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-util"

#include "config.h"

#include "dafu-util.h"

#include <glib/gi18n-lib.h>

/* A stored letter inflates to at most this: its text from an 8 MiB file
 * grows by half at most in UTF-8; anything larger is a damaged record. */
#define MAX_INFLATED (64 * 1024 * 1024)

/* Runs @size bytes at @data through @converter, all at once. */
static GBytes *
convert (GConverter     *converter,
         gconstpointer   data,
         gsize           size,
         GError        **error)
{
  g_autoptr(GByteArray) out = g_byte_array_sized_new (size / 2 + 64);
  const guint8 *in = data;
  gsize read_total = 0;
  GConverterResult result;

  do
    {
      guint8 buffer[16384];
      gsize bytes_read = 0, bytes_written = 0;

      result = g_converter_convert (converter, in + read_total, size - read_total,
                                    buffer, sizeof buffer, G_CONVERTER_INPUT_AT_END,
                                    &bytes_read, &bytes_written, error);
      if (result == G_CONVERTER_ERROR)
        return NULL;
      read_total += bytes_read;
      g_byte_array_append (out, buffer, bytes_written);

      if (out->len > MAX_INFLATED)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("A stored text is damaged: it unpacks to more than 64 MB."));
          return NULL;
        }
      /* Input that ends before the stream does cannot go on. */
      if (result != G_CONVERTER_FINISHED && bytes_read == 0 && bytes_written == 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("A stored text is damaged: it ends too early."));
          return NULL;
        }
    }
  while (result != G_CONVERTER_FINISHED);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* zlib's state is large (a deflate stream allocates and clears some 270
 * KB), so each thread keeps one compressor and one decompressor and resets
 * them between letters instead of making new ones: an import deflates two
 * streams per letter. */
static GPrivate compressor_key = G_PRIVATE_INIT (g_object_unref);
static GPrivate decompressor_key = G_PRIVATE_INIT (g_object_unref);

static GConverter *
thread_converter (GPrivate *key,
                  gboolean  compress)
{
  GConverter *converter = g_private_get (key);

  if (converter == NULL)
    {
      converter = compress
        ? G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW, -1))
        : G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW));
      g_private_set (key, converter);
    }
  else
    g_converter_reset (converter);

  return converter;
}

/**
 * dafu_deflate:
 * @data: (array length=size): bytes
 * @size: how many
 * @error: return location for an error
 *
 * Returns: (transfer full): @data compressed as a raw deflate stream
 */
GBytes *
dafu_deflate (gconstpointer   data,
              gsize           size,
              GError        **error)
{
  return convert (thread_converter (&compressor_key, TRUE), data, size, error);
}

/**
 * dafu_inflate:
 * @data: (array length=size): a raw deflate stream, as dafu_deflate() made it
 * @size: its length
 * @error: return location for an error: %G_IO_ERROR_INVALID_DATA when the
 *   stream is damaged
 *
 * Returns: (transfer full): the bytes
 */
GBytes *
dafu_inflate (gconstpointer   data,
              gsize           size,
              GError        **error)
{
  return convert (thread_converter (&decompressor_key, FALSE), data, size, error);
}
