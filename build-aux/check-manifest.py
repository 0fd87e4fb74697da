#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check Dafu's Flatpak manifest without flatpak-builder.

Usage: check-manifest.py [--id APP_ID] [--self-test] MANIFEST.json

Checks that the manifest names the app, the GNOME 47 runtime and SDK, the
`dafu` command, exactly the four allowed sandbox permissions, and a meson
module that builds Dafu from this source tree.  Exits 0 when the manifest
is good, 1 (with one line per problem on stderr) when it is not, 2 on bad
usage.  --self-test also checks that the checker rejects broken variants of
the given manifest, so the check itself cannot silently pass everything.
"""

import copy
import json
import sys

RUNTIME = "org.gnome.Platform"
RUNTIME_VERSION = "47"
SDK = "org.gnome.Sdk"
COMMAND = "dafu"
ALLOWED_FINISH_ARGS = [
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
]


def check(manifest, app_id):
    """Return a list of problems found in the parsed manifest (empty if good)."""
    problems = []

    if not isinstance(manifest, dict):
        return ["the manifest is not a JSON object"]

    ids = [manifest[k] for k in ("id", "app-id") if k in manifest]
    if not ids:
        problems.append("no id (or app-id)")
    for value in ids:
        if value != app_id:
            problems.append("id is %r, expected %r" % (value, app_id))

    for key, expected in (("runtime", RUNTIME),
                          ("runtime-version", RUNTIME_VERSION),
                          ("sdk", SDK),
                          ("command", COMMAND)):
        value = manifest.get(key)
        if value != expected:
            problems.append("%s is %r, expected %r" % (key, value, expected))

    finish_args = manifest.get("finish-args")
    if not isinstance(finish_args, list):
        problems.append("finish-args is missing or not a list")
    else:
        for arg in finish_args:
            if arg not in ALLOWED_FINISH_ARGS:
                problems.append("finish-args contains %r, which is not allowed" % (arg,))
        for arg in ALLOWED_FINISH_ARGS:
            count = finish_args.count(arg)
            if count == 0:
                problems.append("finish-args lacks %r" % (arg,))
            elif count > 1:
                problems.append("finish-args repeats %r" % (arg,))

    modules = manifest.get("modules")
    if not isinstance(modules, list) or not modules:
        problems.append("modules is missing, empty or not a list")
    else:
        dafu = [m for m in modules if isinstance(m, dict) and m.get("name") == "dafu"]
        if len(dafu) != 1:
            problems.append("expected exactly one module named 'dafu', found %d" % len(dafu))
        else:
            module = dafu[0]
            if modules[-1] is not module:
                problems.append("the 'dafu' module must be the last module")
            if module.get("buildsystem") != "meson":
                problems.append("module 'dafu' buildsystem is %r, expected 'meson'"
                                % (module.get("buildsystem"),))
            sources = module.get("sources")
            if not isinstance(sources, list) or not any(
                    isinstance(s, dict) and s.get("type") == "dir" and s.get("path") == ".."
                    for s in sources):
                problems.append("module 'dafu' must build from {\"type\": \"dir\", \"path\": \"..\"}")

    return problems


def self_test(manifest, app_id):
    """Check that each broken variant of a good manifest is rejected."""
    def mutated(fn):
        m = copy.deepcopy(manifest)
        fn(m)
        return m

    def set_key(key, value):
        return lambda m: m.__setitem__(key, value)

    def del_key(key):
        return lambda m: m.pop(key, None)

    def dafu_module(m):
        return [x for x in m["modules"] if x.get("name") == "dafu"][0]

    variants = [
        ("wrong id", set_key("id", "org.example.Other")),
        ("no id", lambda m: (m.pop("id", None), m.pop("app-id", None))),
        ("old runtime", set_key("runtime-version", "44")),
        ("numeric runtime-version", set_key("runtime-version", 47)),
        ("KDE runtime", set_key("runtime", "org.kde.Platform")),
        ("wrong sdk", set_key("sdk", "org.freedesktop.Sdk")),
        ("wrong command", set_key("command", "dafu-cli")),
        ("extra home access", lambda m: m["finish-args"].append("--filesystem=home")),
        ("network access", lambda m: m["finish-args"].append("--share=network")),
        ("missing wayland", lambda m: m["finish-args"].remove("--socket=wayland")),
        ("duplicate ipc", lambda m: m["finish-args"].append("--share=ipc")),
        ("no finish-args", del_key("finish-args")),
        ("no modules", set_key("modules", [])),
        ("autotools", lambda m: dafu_module(m).__setitem__("buildsystem", "autotools")),
        ("git source", lambda m: dafu_module(m).__setitem__(
            "sources", [{"type": "git", "url": "https://example.org/dafu.git"}])),
        ("dafu not last", lambda m: m["modules"].append(
            {"name": "extra", "buildsystem": "meson", "sources": []})),
        ("not an object", lambda m: None),
    ]

    failures = []
    if check(manifest, app_id):
        failures.append("the given manifest itself is rejected")
    for name, fn in variants:
        broken = [] if name == "not an object" else mutated(fn)
        if not check(broken, app_id):
            failures.append("variant %r was accepted" % (name,))
    return failures


def main(argv):
    app_id = "io.github.dafu.Dafu"
    run_self_test = False
    paths = []
    args = list(argv[1:])
    while args:
        arg = args.pop(0)
        if arg == "--id" and args:
            app_id = args.pop(0)
        elif arg == "--self-test":
            run_self_test = True
        elif arg.startswith("-"):
            print(__doc__, file=sys.stderr)
            return 2
        else:
            paths.append(arg)
    if len(paths) != 1:
        print(__doc__, file=sys.stderr)
        return 2

    try:
        with open(paths[0], encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        print("%s: %s" % (paths[0], e), file=sys.stderr)
        return 1

    problems = check(manifest, app_id)
    if run_self_test and not problems:
        problems = self_test(manifest, app_id)
    for p in problems:
        print("%s: %s" % (paths[0], p), file=sys.stderr)
    if problems:
        return 1
    print("%s: OK" % paths[0])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
