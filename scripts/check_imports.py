#!/usr/bin/env python3
"""Checks that the module graph is what we say it is, in three places that must agree:

1. every `import` in a target's sources (or, in C sources, `#include` of another C target's
   public header) names a module the target declares in Package.swift (system modules aside),
   and every declared dependency of a target is imported somewhere;
2. the README's architecture diagram lists, for each target, exactly those dependencies
   (lines of the form `Name ← Dep Dep · Package`).

Run from the project root: `python3 scripts/check_imports.py`. Exit code 1 on any difference.
"""
import json
import pathlib
import re
import subprocess
import sys

SYSTEM = {"Foundation", "FoundationEssentials", "Dispatch", "Glibc", "Darwin", "Synchronization", "Testing", "XCTest"}
IMPORT = re.compile(r"^(?:@testable |@preconcurrency |@_implementationOnly )*import (?:struct |enum |class |func )?([A-Za-z_][A-Za-z0-9_]*)", re.M)
INCLUDE = re.compile(r'^#include "([^"/]+)"', re.M)
DIAGRAM_LINE = re.compile(r"([A-Z][A-Za-z0-9]+) ← ([A-Za-z0-9 ·]*)")


def declared_targets(root):
    package = json.loads(subprocess.run(["swift", "package", "dump-package"], cwd=root, check=True,
                                        capture_output=True, text=True).stdout)
    targets = {}
    for target in package["targets"]:
        if target["type"] not in ("regular", "executable", "test"):
            continue
        folder = target.get("path") or ("Tests/" if target["type"] == "test" else "Sources/") + target["name"]
        names = set()
        for dependency in target["dependencies"]:
            (kind, value), = dependency.items()
            names.add(value[0])
        targets[target["name"]] = (root / folder, names)
    return targets


def imported_modules(folder, header_owners):
    """The modules a target's Swift sources import, and the C targets whose public headers its
    C sources include (`#include "name.h"`, found in another target's include/ folder)."""
    modules = set()
    for source in folder.rglob("*.swift"):
        modules.update(IMPORT.findall(source.read_text()))
    for source in list(folder.rglob("*.c")) + list(folder.rglob("*.h")):
        for header in INCLUDE.findall(source.read_text()):
            # A target's own header first, as the compiler finds it.
            if not (folder / "include" / header).exists() and header in header_owners:
                modules.add(header_owners[header])
    return modules - SYSTEM


def header_owners(targets):
    """Each public header's file name and the C target whose include/ folder holds it."""
    owners = {}
    for name, (folder, _) in targets.items():
        for header in (folder / "include").glob("*.h"):
            owners.setdefault(header.name, name)
    return owners


def diagram(root):
    text = (root / "README.md").read_text()
    section = text.split("## Architecture", 1)[1].split("```", 2)[1]
    return {name: set(deps.replace("·", " ").split()) for name, deps in DIAGRAM_LINE.findall(section)}


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    problems = []
    targets = declared_targets(root)
    drawn = diagram(root)
    owners = header_owners(targets)
    for name, (folder, declared) in sorted(targets.items()):
        imported = imported_modules(folder, owners)
        for module in sorted(imported - declared - {name}):
            problems.append(f"{name} imports {module} but Package.swift does not declare it")
        for module in sorted(declared - imported):
            problems.append(f"{name} declares {module} in Package.swift but never imports it")
        if name.endswith("Tests"):
            continue
        if name not in drawn:
            problems.append(f"the README's architecture diagram has no line `{name} ← …`")
        elif drawn[name] != declared:
            problems.append(f"the README's diagram says {name} ← {' '.join(sorted(drawn[name]))}; "
                            f"Package.swift says {' '.join(sorted(declared))}")
    for name in sorted(set(drawn) - set(targets)):
        problems.append(f"the README's diagram draws {name}, which is not a target")
    for problem in problems:
        print("check_imports:", problem, file=sys.stderr)
    if not problems:
        print(f"check_imports: {len(targets)} targets import exactly what Package.swift and the README say")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
