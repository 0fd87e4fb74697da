/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GBytes *dafu_delta_encode (GBytes  *original,
                           GBytes  *text);
GBytes *dafu_delta_apply  (GBytes  *text,
                           GBytes  *delta,
                           GError **error);

G_END_DECLS
