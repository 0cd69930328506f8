#!/usr/bin/env python3
"""Introspection against the reference: graphql-core's own answer for the same SDL file.

Usage: PYTHON-WITH-GRAPHQL-CORE introspection_e2e.py PATH/TO/mirubato
Builds graphql-core's schema from Sources/Schema/schema.graphql and asks it, and `mirubato handle`,
the introspection queries graphql-js 16 and graphql-core send (every combination of their options:
descriptions, specifiedByUrl, directiveIsRepeatable, schemaDescription, inputValueDeprecation, and
oneOf where the version has it), plus hand-picked `__type` queries. Every answer must be equal,
order included. graphql-core 3.3 describes the built-in part (introspection types, specified
directives) as graphql-js 17's draft does; against it, that part is left out of the comparison.
It also checks that Sources/Schema/introspection.graphql (the built-in part as graphql-js 16 and
graphql-core 3.2 define it, which the server answers from) still equals graphql-core 3.2's own;
`--write` rewrites that file from it.
Prints "N passed, M failed"; exit status 1 when anything failed.
"""
import inspect, itertools, json, os, subprocess, sys

import graphql

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../scripts"))
from checklist import Checklist  # noqa: E402
from graphql import build_schema, get_introspection_query, graphql_sync, print_introspection_schema
from graphql.type import specified_scalar_types
from graphql.utilities.print_schema import print_description

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
binary = os.path.abspath([arg for arg in sys.argv[1:] if not arg.startswith("--")][0])
sdl = open(os.path.join(ROOT, "Sources/Schema/schema.graphql")).read()
reference = build_schema(sdl)
version = tuple(int(part) for part in graphql.__version__.split(".")[:2])
SPECIFIED_DIRECTIVES = {"include", "skip", "deprecated", "specifiedBy", "oneOf"}
BUILTINS = os.path.join(ROOT, "Sources/Schema/introspection.graphql")


def builtins_text():
    """introspection.graphql as graphql-core 3.2 defines its content."""
    lines = ["# The built-in part of every schema: the specified scalars and directives and the introspection",
             "# types, worded as graphql-js 16 and graphql-core 3.2 word them (the GraphQL spec, October 2021,",
             "# with @oneOf). Introspection answers them from here; Tests/e2e/introspection_e2e.py checks that",
             "# this file still equals graphql-core's own definitions (and `--write` makes it from them).", ""]
    for scalar in specified_scalar_types.values():
        lines.append(print_description(scalar) + f"scalar {scalar.name}\n")
    lines.append(print_introspection_schema(reference))
    return "\n".join(lines) + "\n"


def without_builtins(answer):
    """The answer without the introspection types and specified directives (graphql-core 3.3)."""
    schema = (answer.get("data") or {}).get("__schema")
    if isinstance(schema, dict):
        if "types" in schema:
            schema["types"] = [t for t in schema["types"] if not t.get("name", "").startswith("__")]
        if "directives" in schema:
            schema["directives"] = [d for d in schema["directives"] if d.get("name") not in SPECIFIED_DIRECTIVES]
    return answer


if version < (3, 3):
    if "--write" in sys.argv:
        open(BUILTINS, "w").write(builtins_text())

options = [name for name in ("descriptions", "specified_by_url", "directive_is_repeatable", "schema_description",
                             "input_value_deprecation", "input_object_one_of", "one_of")
           if name in inspect.signature(get_introspection_query).parameters]
queries = {}
for values in itertools.product([False, True], repeat=len(options)):
    chosen = dict(zip(options, values))
    label = ",".join(name for name, on in chosen.items() if on) or "none"
    queries[f"introspection({label})"] = get_introspection_query(**chosen)
queries.update({
    "input value deprecation": '{ __type(name: "Query") { fields { name args(includeDeprecated: true) { name isDeprecated deprecationReason } } } }',
    "input fields": '{ __type(name: "CreatePracticeLogInput") { inputFields(includeDeprecated: true) { name isDeprecated defaultValue type { kind name ofType { kind name } } } } }',
    "enum values": '{ __type(name: "ActivityType") { enumValues(includeDeprecated: true) { name isDeprecated } } }',
    "schema description": "{ __schema { description queryType { name } subscriptionType { name } } }",
    "unknown type": '{ __type(name: "Nope") { name } }',
    "scalar": '{ __type(name: "DateTime") { kind name description specifiedByURL } }',
    "directives": "{ __schema { directives { name isRepeatable locations args { name defaultValue } } } }",
    "typename": "{ __typename __schema { __typename queryType { __typename } } }",
})

requests = "".join(json.dumps({"query": query}) + "\n" for query in queries.values())
env = dict(os.environ, MIRUBATO_ENV="test", MIRUBATO_JWT_SECRET="test-secret-for-introspection-0123456789",
           MIRUBATO_DATA_KEY="0123456789abcdef" * 4, MIRUBATO_DB=":memory:", MIRUBATO_KV=":memory:")
run = subprocess.run([binary, "handle", "--ndjson"], input=requests, capture_output=True, text=True, env=env, timeout=120)
answers = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]

report = Checklist()
failed = report.failed
if version < (3, 3):
    if open(BUILTINS).read() == builtins_text():
        report.passed += 1
    else:
        failed.append("introspection.graphql differs from graphql-core's definitions: run with --write")
if len(answers) != len(queries):
    failed.append(f"mirubato handle answered {len(answers)} of {len(queries)}: {run.stderr[-300:]}")
def reference_answer(query):
    """graphql-core's own answer. From 3.3 on, a schema that declares @defer and @stream (as
    this one does) is executed by its incremental executor only; an introspection query defers
    nothing, so that gives one result."""
    if version >= (3, 3):
        return graphql.experimental_execute_incrementally(reference, graphql.parse(query)).formatted
    return graphql_sync(reference, query).formatted


for (name, query), answer in zip(queries.items(), answers):
    expected = reference_answer(query)
    # `extensions.cost` is this server's own addition to every answer (issue 15).
    answer = {key: value for key, value in answer.items() if key != "extensions"}
    if version >= (3, 3):
        answer, expected = without_builtins(answer), without_builtins(expected)
    if answer == expected:
        report.passed += 1
        continue
    mine, theirs = json.dumps(answer, indent=1).splitlines(), json.dumps(expected, indent=1).splitlines()
    first = next((i for i, (a, b) in enumerate(zip(mine, theirs)) if a != b), min(len(mine), len(theirs)))
    failed.append(f"{name}: first difference at line {first}:\n    ours:   {' '.join(mine[max(0, first - 3):first + 2])}\n"
                  f"    theirs: {' '.join(theirs[max(0, first - 3):first + 2])}")

report.finish(f"introspection vs graphql-core {graphql.__version__}", shown=10)
