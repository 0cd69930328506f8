#!/usr/bin/env python3
"""The web app's GraphQL operations against the schema, with graphql-core as the reference, and the
app's other copies of names checked against their sources.

Usage: PYTHON-WITH-graphql-core app_operations.py
Each `web/app/operations/NAME.graphql` holds one operation named NAME; with the fragments of
`fragments.graphql` it uses (the app sends exactly those), it must validate against
`Sources/Schema/schema.graphql`. A schema change that breaks the app fails here. Prints
"N passed, M failed"; exit 1 when anything failed.
"""
import os, re, sys

from graphql import build_schema, parse, validate
from graphql.language import FragmentDefinitionNode, OperationDefinitionNode

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from checklist import Checklist  # noqa: E402

FOLDER = os.path.join(ROOT, "web/app/operations")
report = Checklist()
schema = build_schema(open(os.path.join(ROOT, "Sources/Schema/schema.graphql")).read())
# The documents are built as the app's bundle builds them (scripts/bundle_operations.py).
import bundle_operations  # noqa: E402
fragments = bundle_operations.fragments()
with_fragments = bundle_operations.document


names = sorted(name[:-len(".graphql")] for name in os.listdir(FOLDER) if name.endswith(".graphql") and name != "fragments.graphql")
report.check("the app has operations", len(names) >= 15, names)
for name in names:
    document = parse(with_fragments(name))
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    report.check(f"{name}: one operation named after its file", [o.name.value if o.name else None for o in operations] == [name])
    errors = validate(schema, document)
    report.check(f"{name}: valid against the schema", not errors, [e.message for e in errors])
unused = set(fragments) - {f for name in names for f in re.findall(r"\.\.\.(\w+)", with_fragments(name))}
report.check("every shared fragment is used", not unused, sorted(unused))
# The lists the app keeps of the schema's names must be the schema's.
def js_list(path, name):
    source = open(os.path.join(ROOT, "web/app/js", path)).read()
    body = re.search(r"export const " + name + r" = \[(.*?)\];", source, re.S).group(1)
    return re.findall(r"'(\w+)'", body)


# The app sends the bundle, which must hold exactly the documents validated above.
report.check("js/operations.js is the bundle of the operation files (python3 scripts/bundle_operations.py)",
             open(bundle_operations.TARGET).read() == bundle_operations.bundle())
for constant, enum in [("ACTIVITIES", "ActivityType"), ("FOCUS_AREAS", "FocusArea"), ("STATUSES", "RepertoireStatus")]:
    values = list(schema.type_map[enum].values)
    report.check(f"format.js {constant} are the schema's {enum}", js_list("format.js", constant) == values, values)
# The service worker's shell must hold every file the app loads, or the app breaks offline.
shell = set(re.findall(r"'(/[^']*)'", re.search(r"const SHELL = \[(.*?)\];", open(os.path.join(ROOT, "web/app/sw.js")).read(), re.S).group(1)))
files = {"/" + os.path.relpath(os.path.join(folder, name), os.path.join(ROOT, "web/app"))
         for folder, _, names in os.walk(os.path.join(ROOT, "web/app")) for name in names
         if name.endswith((".js", ".css", ".webmanifest")) and name != "sw.js"}
report.check("the service worker caches every script and style", files <= shell, sorted(files - shell))
# index.html preloads the modules of the views a visit opens on (Today, sign-in) and all they
# import, so a first visit waits for no import chain; the other views load on their route.
page = open(os.path.join(ROOT, "web/app/index.html")).read()
preloaded = set(re.findall(r'<link rel="modulepreload" href="([^"]+)"', page))
def imports(path, seen):
    """The modules `path` imports statically, transitively."""
    for name in re.findall(r"^import (?:[^'\n]+ from )?'([^']+)';", open(os.path.join(ROOT, "web/app", path.lstrip("/"))).read(), re.M):
        target = os.path.normpath(os.path.join(os.path.dirname(path), name))
        if target not in seen:
            seen.add(target)
            imports(target, seen)
    return seen
needed = imports("/js/views/today.js", {"/js/views/today.js"}) | imports("/js/views/signin.js", {"/js/views/signin.js"}) | imports("/js/main.js", set())
report.check("the page preloads the landing views and everything they import, and nothing else", preloaded == needed, sorted(preloaded ^ needed))
report.finish("app operations")
