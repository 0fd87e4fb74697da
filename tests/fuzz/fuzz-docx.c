/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bytes → the text of a Word file (dafu-docx-reader.h). */
#include "config.h"

#include "fuzz-util.h"

#include "dafu-docx-reader.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  dafu_fuzz_init ();
  bytes = g_bytes_new (data, size);
  dafu_docx_sniff (bytes);
  text = dafu_docx_extract_text (bytes, &error);
  dafu_fuzz_check_extracted (text, error);
  return 0;
}
