#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fail when SQL is built with printf-style formatting without a reason.

Usage: check-sql-format.py [--self-test] DIR...

Every value a user can type goes into SQL as a bound parameter. The only
SQL Dafu builds with printf are column names from fixed lists and numbers
it computed; each such call must say so in a comment containing
"SQL-safe:" on one of the three lines above it. This finds printf-family
calls (g_strdup_printf, g_string_printf, g_string_append_printf,
sqlite3_mprintf, sqlite3_snprintf, snprintf, sprintf) whose format string
begins with an SQL statement and has a conversion, and reports those with
no such comment. Exits 0 when all is well, 1 with one line per call
otherwise, 2 on bad usage.
"""

import os
import re
import sys

CALL = re.compile(r'\b(g_strdup_printf|g_string_printf|g_string_append_printf|sqlite3_mprintf|'
                  r'sqlite3_snprintf|snprintf|sprintf)\s*\(')
# Dafu writes its SQL keywords in capitals.
SQL = re.compile(r'^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|ALTER|DROP|PRAGMA|WITH|ATTACH|VACUUM)\b')
CONVERSION = re.compile(r'%(?!%)')
LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"')


def format_string(text, start):
    """The concatenated string literals of the call's format argument."""
    depth, i, parts = 1, start, []
    # The format is the first argument made only of literals, or the
    # second for the calls that take a buffer or GString first.
    args, current = [], []
    while i < len(text) and depth > 0:
        c = text[i]
        if c == '"':
            m = LITERAL.match(text, i)
            if m:
                current.append(m.group(1))
                i = m.end()
                continue
        if c == '(':
            depth += 1
        elif c == ')':
            depth -= 1
            if depth == 0:
                break
        elif c == ',' and depth == 1:
            args.append(''.join(current))
            current = []
        i += 1
    args.append(''.join(current))
    for arg in args:
        if arg:
            return arg
    return ''


def problems_in(path, text):
    found = []
    lines = text.split('\n')
    for m in CALL.finditer(text):
        fmt = format_string(text, m.end())
        if not SQL.match(fmt) or not CONVERSION.search(fmt):
            continue
        line = text.count('\n', 0, m.start())
        above = '\n'.join(lines[max(0, line - 3):line + 1])
        if 'SQL-safe:' not in above:
            found.append(f'{path}:{line + 1}: SQL built with {m.group(1)} without an "SQL-safe:" reason')
    return found


def check(dirs):
    problems = []
    for top in dirs:
        for root, _, files in os.walk(top):
            for name in sorted(files):
                if name.endswith('.c'):
                    path = os.path.join(root, name)
                    with open(path, encoding='utf-8') as f:
                        problems += problems_in(path, f.read())
    return problems


def self_test():
    bad = 'char *s = g_strdup_printf ("SELECT * FROM letters WHERE title = \'%s\'", title);'
    good = '/* SQL-safe: the column is from the field enum */\n' \
           'char *s = g_strdup_printf ("UPDATE letters SET %s = ?", key);'
    plain = 'char *s = g_strdup_printf ("Select %s letters", n);'
    split = 'g_string_append_printf (out,\n  "DELETE FROM t"\n  " WHERE id = %d", id);'
    assert problems_in('bad.c', bad), 'a formatted SELECT must be found'
    assert not problems_in('good.c', good), 'a reasoned call must pass'
    assert not problems_in('plain.c', plain + '\n' + 'x = g_strdup_printf ("%s", "SELECT");'), \
        'text that is not a statement must pass'
    assert problems_in('split.c', split), 'a format split over lines must be found'


def main(argv):
    args = argv[1:]
    if args and args[0] == '--self-test':
        self_test()
        args = args[1:]
    if not args:
        print(__doc__.strip().split('\n')[2], file=sys.stderr)
        return 2
    problems = check(args)
    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        print('No SQL built from formatted strings without a reason.')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
