#!/usr/bin/env python3
"""Validation against the reference: graphql-core's verdict on the same documents.

Usage: PYTHON-WITH-GRAPHQL-CORE validation_e2e.py PATH/TO/mirubato [--seed N] [--count N] [--show N]
       [--show-messages N]
Builds graphql-core's schema from Sources/Schema/schema.graphql and collects documents: the query
of every golden request, and --count (default 3000) documents generated from that schema with
random.Random(--seed, default 1), so a run is reproducible. The generator walks the schema to
build mostly valid operations (arguments, variables, fragments, inline fragments, directives),
then mutates most of them: overlapping fields above all (the same response key for different
fields, arguments, variables or subselections, in fragments, inline fragments and nested
selections, next to duplicates that merge and are valid), and every other validation rule
(unknown fields, arguments, fragments and types, missing or wrongly typed arguments and
variables, unused and undefined fragments and variables, fragment cycles, misused directives,
duplicate or anonymous operations, non-executable definitions) and syntax errors.
Custom scalar literals (DateTime, JSON) are only ever valid ones: the SDL does not tell
graphql-core what the server's scalars accept.
All documents go through one `mirubato handle --ndjson` (a document that stops the process is a
failure, and a new process takes the rest). A document's verdict is "parse" (syntax error),
"invalid" (validation errors) or "valid" (it passed validation, whatever execution then
answered); every verdict must equal graphql-core's. The server's errors are also compared with
graphql-core's, message by message, which is reported but does not fail the test (graphql-core
3.3 words several rules as graphql-js 17 does). Documents the server refuses for its own limits
(QUERY_TOO_COMPLEX) or, before validation, for two definitions with identical selections, are
left out of the comparison and counted.
Prints the summary, the first --show (default 10) differing documents, the first --show-messages
(default 0) invalid documents whose errors differ, and "N passed, M failed"; exit status 1 when any
verdict differs or the server stopped on a document.
"""
import copy, glob, json, os, random, re, subprocess, sys, time

import graphql
from graphql import (GraphQLObjectType, GraphQLSyntaxError, build_schema, get_named_type, is_enum_type,
                     is_input_object_type, is_leaf_type, is_list_type, is_non_null_type, is_scalar_type, parse,
                     validate)
from graphql.pyutils import Undefined

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
GOLDEN = os.path.join(ROOT, "Tests/MirubatoTests/Golden")
ENV = dict(os.environ, MIRUBATO_ENV="test", MIRUBATO_JWT_SECRET="test-secret-for-validation-0123456789",
           MIRUBATO_DATA_KEY="0123456789abcdef" * 4, MIRUBATO_DB=":memory:", MIRUBATO_KV=":memory:",
           MIRUBATO_RATE_REQUESTS="1000000/60")
# Well inside the server's own limits (QueryLimits: depth 15, cost 2000), so that a difference is
# about validation and not about a document the server refuses for its size.
MAX_DEPTH, MAX_FIELDS, MAX_BYTES = 10, 200, 4000
# Few fragments, so that spreads cannot multiply into a document the limits refuse.
MAX_FRAGMENTS = 4
LIMIT_CODES = {"QUERY_TOO_COMPLEX"}
# The server refuses these before validation (GraphQLSwift's validation cache cannot hold two
# structurally equal definitions); see Sources/Schema/Engine/DuplicateDefinitions.swift.
DUPLICATE_BODIES = re.compile(r"(have identical selections; use one of them|defines .+ twice)\.$")
OVERLAP = re.compile(r"^Fields .+ conflict because ")
DATE_TIME = re.compile(r'^"\d{4}-')


def options(argv):
    """The binary (first plain argument) and the --name value options."""
    values, plain, i = {"seed": 1, "count": 3000, "show": 10, "show-messages": 0}, [], 0
    while i < len(argv):
        if argv[i].startswith("--") and argv[i][2:] in values and i + 1 < len(argv):
            values[argv[i][2:]] = int(argv[i + 1])
            i += 2
        else:
            plain.append(argv[i])
            i += 1
    if not plain:
        sys.exit(__doc__)
    return os.path.abspath(plain[0]), values


# --- A small document model: the generator builds and mutates it, then prints it. -------------
# Argument and directive values are kept as GraphQL text, since only their types matter here.

class Field:
    def __init__(self, name, alias=None, args=None, dirs=None, sel=None):
        self.name, self.alias, self.args, self.dirs, self.sel = name, alias, args or [], dirs or [], sel

    def key(self):
        return self.alias or self.name


class Inline:
    def __init__(self, on, sel, dirs=None):
        self.on, self.sel, self.dirs = on, sel, dirs or []


class Spread:
    def __init__(self, name, dirs=None):
        self.name, self.dirs = name, dirs or []


class Op:
    def __init__(self, kind, name, sel, shorthand=False):
        self.kind, self.name, self.sel, self.shorthand = kind, name, sel, shorthand
        self.vars, self.dirs = [], []  # vars: [name, type text, default text or None]


class Frag:
    def __init__(self, name, on, sel):
        self.name, self.on, self.sel, self.dirs = name, on, sel, []


class Raw:
    """A definition printed as it is (type-system definitions, which are not executable)."""

    def __init__(self, text):
        self.text = text


class Printer:
    """Prints a document on one line, or indented over several, optionally with commas."""

    def __init__(self, pretty, commas):
        self.pretty, self.commas = pretty, commas

    def document(self, defs):
        return ("\n\n" if self.pretty else " ").join(self.definition(d) for d in defs)

    def definition(self, d):
        if isinstance(d, Raw):
            return d.text
        if isinstance(d, Frag):
            return f"fragment {d.name} on {d.on}{self.directives(d.dirs)} {self.selections(d.sel, 0)}"
        if d.shorthand and d.kind == "query" and not d.name and not d.vars and not d.dirs:
            return self.selections(d.sel, 0)
        head = d.kind + (f" {d.name}" if d.name else "")
        if d.vars:
            head += "(" + ", ".join(f"${n}: {t}" + (f" = {v}" if v is not None else "") for n, t, v in d.vars) + ")"
        return f"{head}{self.directives(d.dirs)} {self.selections(d.sel, 0)}"

    def directives(self, dirs):
        return "".join(f" @{name}" + self.arguments(args) for name, args in dirs)

    def arguments(self, args):
        return "(" + ", ".join(f"{n}: {v}" for n, v in args) + ")" if args else ""

    def selections(self, sel, level):
        items = [self.selection(s, level + 1) for s in sel]
        if not self.pretty:
            return "{ " + (", " if self.commas else " ").join(items) + " }"
        pad = "  " * (level + 1)
        return "{\n" + ("\n" if not self.commas else ",\n").join(pad + item for item in items) + "\n" + "  " * level + "}"

    def selection(self, s, level):
        if isinstance(s, Spread):
            return f"...{s.name}{self.directives(s.dirs)}"
        if isinstance(s, Inline):
            on = f" on {s.on}" if s.on else ""
            return f"...{on}{self.directives(s.dirs)} {self.selections(s.sel, level)}"
        text = (f"{s.alias}: " if s.alias else "") + s.name + self.arguments(s.args) + self.directives(s.dirs)
        return text + (" " + self.selections(s.sel, level) if s.sel is not None else "")


def compact(sel):
    """A selection set's canonical text: two definitions print alike exactly when they are equal."""
    return Printer(False, False).selections(sel, 0)


# --- Generation ---------------------------------------------------------------------------------

WORDS = ["Bach", "Chopin", "Prélude", "x", "", "a b", "Für Elise", 'say "hi"', "tab\there", "🎹 keys"]
# Literals that no value of the scalar accepts (DateTime and JSON are left out: see scalar()).
WRONG_SCALARS = {
    "Int": ['"1"', "1.5", "true", "PIANO", "9999999999", "[1, 2]", "{a: 1}"],
    "Float": ['"1.5"', "true", "PIANO", "{}"],
    "String": ["1", "1.5", "true", "PIANO", "{}", "[1]"],
    "Boolean": ["1", '"true"', "TRUE", "0"],
    "ID": ["1.5", "true", "PIANO", "{}"],
}
ALIASES = ["a", "b", "k", "x", "item", "title", "id", "name", "node", "totalCount"]


class Generator:
    """Builds documents over the reference schema and mutates them; every choice comes from rng."""

    def __init__(self, schema, rng):
        self.schema, self.rng = schema, rng
        self.objects = [t for name, t in schema.type_map.items() if isinstance(t, GraphQLObjectType)
                        and not name.startswith("__") and t is not schema.subscription_type]
        self.doc, self.owner, self.counter = [], None, 0
        self.overlap = [(3, self.m_overlap_names), (3, self.m_overlap_args), (3, self.m_overlap_nested),
                        (2, self.m_overlap_identical), (1, self.m_overlap_directives), (1, self.m_overlap_wrong_parent),
                        (2, self.m_overlap_fragments), (1, self.m_overlap_across_operations)]
        self.rules = [(2, self.m_unknown_field), (2, self.m_unknown_argument), (2, self.m_missing_argument),
                      (4, self.m_wrong_literal), (1, self.m_unknown_fragment), (1, self.m_unused_fragment),
                      (1, self.m_unused_variable), (1, self.m_undefined_variable), (2, self.m_fragment_cycle),
                      (3, self.m_directive), (3, self.m_variable_type), (1, self.m_variable_default),
                      (1, self.m_duplicate_variable), (1, self.m_duplicate_operation_name),
                      (1, self.m_anonymous_not_alone), (1, self.m_duplicate_fragment_name), (2, self.m_leaf_selection),
                      (2, self.m_fragment_type), (1, self.m_executable_definition), (1, self.m_duplicate_argument),
                      (1, self.m_duplicate_input_field), (1, self.m_introspection), (1, self.m_root_kind)]

    def fresh(self, prefix):
        self.counter += 1
        return f"{prefix}{self.counter}"

    # Values -------------------------------------------------------------------------------------

    def literal(self, t, arg_name="", allow_vars=True):
        """A literal (or, sometimes, a variable of this operation) valid for input type t."""
        rng = self.rng
        if allow_vars and rng.random() < 0.12:
            return "$" + self.add_variable(self.variable_type(t))
        if is_non_null_type(t):
            return self.value(t.of_type, arg_name, allow_vars)
        return "null" if rng.random() < 0.04 else self.value(t, arg_name, allow_vars)

    def value(self, t, arg_name, allow_vars):
        rng = self.rng
        if is_list_type(t):
            if rng.random() < 0.3:  # a single item where a list is expected is coerced, and valid
                return self.literal(t.of_type, arg_name, allow_vars)
            return "[" + ", ".join(self.literal(t.of_type, arg_name, allow_vars) for _ in range(rng.randint(0, 2))) + "]"
        if is_enum_type(t):
            return rng.choice(list(t.values))
        if is_input_object_type(t):
            fields = [(n, f) for n, f in t.fields.items() if self.required(f) or rng.random() < 0.35]
            rng.shuffle(fields)
            return "{" + ", ".join(f"{n}: {self.literal(f.type, n, allow_vars)}" for n, f in fields) + "}"
        return self.scalar(t.name, arg_name)

    def scalar(self, name, arg_name=""):
        rng = self.rng
        if name == "Int":
            if arg_name == "limit":
                return str(rng.randint(1, 5))
            return str(rng.choice([0, 1, 3, 42, -7, 2147483647, -2147483648]))
        if name == "Float":
            return rng.choice(["1.5", "0", "-2.25", "1e3", "3", "0.0", "6.02E23"])
        if name == "Boolean":
            return rng.choice(["true", "false"])
        if name == "ID":
            return rng.choice(['"abc"', '"1"', "7", '"nope-id"'])
        if name == "DateTime":
            # Only date-times the server's DateTime accepts: the SDL does not tell graphql-core
            # what DateTime literals are, so a wrong one would be a difference about the scalar.
            return rng.choice(['"2026-01-15T09:30:00.000Z"', '"2026-01-15T09:30:00Z"'])
        if name == "JSON":
            return rng.choice(['{a: 1, b: [true, "x"]}', '"text"', "3", "[1, 2]", "{nested: {deep: null}}", "true", "1.5"])
        return self.string()

    def string(self):
        word = self.rng.choice(WORDS)
        if self.rng.random() < 0.1 and '"' not in word and "\\" not in word:
            return '"""' + word + '"""'
        # Escaped, a character outside the BMP is a surrogate pair (\\uD83C\\uDFB9): that is for the
        # syntax mutations, which try it alone, not for every string.
        return json.dumps(word, ensure_ascii=self.rng.random() < 0.7 and word.isascii())

    def variable_type(self, t):
        """The type of a variable that fits where t is expected (sometimes stricter: non-null)."""
        text = str(t)
        return text + "!" if not is_non_null_type(t) and self.rng.random() < 0.2 else text

    @staticmethod
    def required(f):
        return is_non_null_type(f.type) and f.default_value is Undefined

    def wrong_literal(self, t):
        """A literal that is not valid for t, or None where the reference cannot tell (custom scalars)."""
        rng = self.rng
        if is_non_null_type(t):
            if rng.random() < 0.3 or self.custom(t.of_type):
                return "null"
            t = t.of_type
        if is_list_type(t):
            inner = self.wrong_literal(t.of_type)
            return None if inner is None else (f"[{inner}]" if rng.random() < 0.5 else inner)
        if is_input_object_type(t):
            required = [(n, f) for n, f in t.fields.items() if self.required(f)]
            nested = list(t.fields.items())
            rng.shuffle(nested)
            if rng.random() < 0.5:
                for name, field in nested:
                    wrong = self.wrong_literal(field.type)
                    if wrong is not None:
                        parts = [f"{n}: {self.literal(f.type, n, False)}" for n, f in required if n != name]
                        return "{" + ", ".join(parts + [f"{name}: {wrong}"]) + "}"
            return rng.choice(["1", '"x"', "{bogus: 1}", "[{}]"] + (["{}"] if required else []))
        if is_enum_type(t):
            value = rng.choice(list(t.values))
            return rng.choice([json.dumps(value), "1", "VIOLIN", value.lower(), "true"])
        wrong = WRONG_SCALARS.get(t.name)
        return rng.choice(wrong) if wrong else None

    @staticmethod
    def custom(t):
        """DateTime and JSON: what their literals may be is the server's, the SDL does not say."""
        return is_scalar_type(t) and t.name not in WRONG_SCALARS

    # Variables and fragments ----------------------------------------------------------------------

    def operations(self):
        return [d for d in self.doc if isinstance(d, Op)]

    def fragments(self):
        return [d for d in self.doc if isinstance(d, Frag)]

    def reaching(self, owner):
        """The operations whose selections reach owner (an operation or a fragment) through spreads."""
        if isinstance(owner, Op):
            return [owner]
        by_name = {f.name: f for f in self.fragments()}
        found = []
        for op in self.operations():
            seen, todo = set(), [op.sel]
            while todo:
                for s in walk_selections(todo.pop()):
                    if isinstance(s, Spread) and s.name not in seen and s.name in by_name:
                        seen.add(s.name)
                        todo.append(by_name[s.name].sel)
            if owner.name in seen:
                found.append(op)
        return found

    def add_variable(self, type_text, default=None):
        """Defines a new variable on every operation that reaches the current owner."""
        name = self.fresh("v")
        for op in self.reaching(self.owner):
            op.vars.append([name, type_text, default])
        return name

    def fragment_name(self):
        return self.fresh("F")

    # Selections -----------------------------------------------------------------------------------

    def arguments(self, field_def, optional=0.3):
        return [[n, self.literal(a.type, n)] for n, a in field_def.args.items()
                if self.required(a) or self.rng.random() < optional]

    def field(self, t, name, depth, budget=None):
        """A valid selection of field `name` of object type t, at selection depth `depth`."""
        if name == "__typename":
            return Field(name)
        field_def = t.fields[name]
        named = get_named_type(field_def.type)
        sel = None if is_leaf_type(named) else self.selection_set(named, depth + 1, budget)
        return Field(name, args=self.arguments(field_def), sel=sel)

    def selection_set(self, t, depth, budget=None, most=3):
        rng = self.rng
        budget = budget if budget is not None else [rng.randint(4, 40)]
        names = list(t.fields)
        leaves = [n for n in names if is_leaf_type(get_named_type(t.fields[n].type))] or ["__typename"]
        count = rng.randint(1, most if depth < 3 else 2)
        chosen = []
        for _ in range(count):
            deep_ok = depth < 5 and budget[0] > 0
            pool = names if deep_ok else leaves
            name = rng.choice(pool + (["__typename"] if rng.random() < 0.1 else []))
            if name in chosen:
                continue
            chosen.append(name)
        sel = []
        for name in chosen:
            budget[0] -= 1
            sel.append(self.field(t, name, depth, budget))
        if rng.random() < 0.08:
            sel[0].dirs.append(rng.choice([("include", [("if", "true")]), ("skip", [("if", "false")])]))
        return sel

    def operation(self, kind, name):
        root = self.schema.query_type if kind == "query" else self.schema.mutation_type
        op = Op(kind, name, [], shorthand=kind == "query" and not name and self.rng.random() < 0.7)
        saved, self.owner = self.owner, op
        self.doc.append(op)
        op.sel = self.selection_set(root, 1, [self.rng.randint(3, 30)], 2 if kind == "mutation" else 3)
        self.owner = saved
        return op

    def base(self):
        """A document that is valid, most of the time: one to three distinct operations, with
        fragments and inline fragments cut out of their selections."""
        rng = self.rng
        self.doc, self.counter = [], 0
        count = 1 if rng.random() < 0.8 else rng.randint(2, 3)
        for i in range(count):
            kind = "mutation" if rng.random() < 0.2 else "query"
            name = rng.choice(["Q", "Load", "Page", "Op"]) + str(i) if count > 1 or rng.random() < 0.5 else None
            self.operation(kind, name)
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            self.extract_fragment()
        if rng.random() < 0.3:
            self.wrap_inline()
        return self.doc

    def sites(self):
        """Every selection set of the document whose type is known: (owner, list, type, depth)."""
        found = []
        for d in self.doc:
            if isinstance(d, Op):
                root = self.schema.query_type if d.kind == "query" else self.schema.mutation_type
                self.collect(d, d.sel, root, 1, found)
            elif isinstance(d, Frag):
                self.collect(d, d.sel, self.schema.get_type(d.on), 1, found)
        return found

    def collect(self, owner, sel, t, depth, found):
        if not isinstance(t, GraphQLObjectType):
            return
        found.append((owner, sel, t, depth))
        for s in sel:
            if isinstance(s, Field) and s.sel is not None and s.name in t.fields:
                self.collect(owner, s.sel, get_named_type(t.fields[s.name].type), depth + 1, found)
            elif isinstance(s, Inline):
                self.collect(owner, s.sel, self.schema.get_type(s.on) if s.on else t, depth, found)

    def site(self, want=None):
        sites = [s for s in self.sites() if want is None or want(s)]
        if not sites:
            return None
        site = self.rng.choice(sites)
        self.owner = site[0]
        return site

    def extract_fragment(self):
        """Moves part of a selection set into a new fragment spread in its place."""
        if len(self.fragments()) >= MAX_FRAGMENTS:
            return
        site = self.site(lambda s: s[1])
        if not site:
            return
        _, sel, t, _ = site
        start = self.rng.randrange(len(sel))
        end = self.rng.randint(start + 1, len(sel))
        name = self.fragment_name()
        self.doc.append(Frag(name, t.name, sel[start:end]))
        sel[start:end] = [Spread(name, [("include", [("if", "true")])] if self.rng.random() < 0.1 else None)]

    def wrap_inline(self):
        site = self.site(lambda s: s[1])
        if site:
            _, sel, t, _ = site
            i = self.rng.randrange(len(sel))
            sel[i] = Inline(self.rng.choice([None, t.name]), [sel[i]], self.maybe_directive())

    def maybe_directive(self):
        return [("include", [("if", "true")])] if self.rng.random() < 0.2 else None

    def place(self, site, node):
        """Puts node into the site's selection set: directly, in an inline fragment (typed or not,
        nested or not), or in a new fragment spread there, so that conflicts are found everywhere."""
        owner, sel, t, _ = site
        rng = self.rng
        r = rng.random()
        if r < 0.45:
            item = node
        elif r < 0.65:
            item = Inline(rng.choice([None, t.name]), [node], self.maybe_directive())
        elif r < 0.85 and len(self.fragments()) < MAX_FRAGMENTS:
            name = self.fragment_name()
            self.doc.append(Frag(name, t.name, [node]))
            item = Spread(name)
        else:
            item = Inline(None, [Inline(t.name, [node])])
        sel.insert(rng.randint(0, len(sel)), item)

    def fields_of(self, sel, t):
        """The fields of sel (not inside fragments) that t defines."""
        if not isinstance(t, GraphQLObjectType):
            return []  # a leaf given a subselection by an earlier mutation
        return [s for s in sel if isinstance(s, Field) and s.name in t.fields]

    def new_field(self, t, depth, want=None, other_than=()):
        names = [n for n in list(t.fields) + ["__typename"] if n not in other_than and (want is None or want(n))]
        if not names:
            return None
        return self.field(t, self.rng.choice(names), depth, [self.rng.randint(1, 6)])

    # Overlapping fields -------------------------------------------------------------------------

    def m_overlap_names(self):
        """The same response key for two different fields: `k: title k: composer`."""
        site = self.site()
        _, sel, t, depth = site
        existing = self.fields_of(sel, t)
        if existing and self.rng.random() < 0.5:
            first = self.rng.choice(existing)
        else:
            first = self.new_field(t, depth)
            key = self.rng.choice([first.name, self.rng.choice(ALIASES)])
            first.alias = key if key != first.name else None
            sel.insert(self.rng.randint(0, len(sel)), first)
        second = self.new_field(t, depth, other_than=(first.name,))
        if second is None:
            return False
        second.alias = first.key() if first.key() != second.name else None
        self.place(site, second)
        return True

    def changed_arguments(self, field, field_def):
        """Arguments that differ from field's: another value, one more or less, a variable for a
        literal or another variable; or the same ones reordered (which do not differ)."""
        rng = self.rng
        args = copy.deepcopy(field.args)
        choice = rng.choice(["value", "value", "drop", "add", "variable", "variable", "reorder", "same-variable"])
        optional = [n for n in field_def.args if n not in {a[0] for a in args}]
        if choice == "drop" and args:
            args.pop(rng.randrange(len(args)))
        elif choice == "add" and optional:
            name = rng.choice(optional)
            args.append([name, self.literal(field_def.args[name].type, name)])
        elif choice == "reorder" and len(args) > 1:
            args.reverse()
        elif choice in ("variable", "same-variable") and args:
            arg = rng.choice(args)
            variable = "$" + self.add_variable(str(field_def.args[arg[0]].type))
            if choice == "same-variable":
                # Both sides take the same variable: no conflict.
                field.args[[a[0] for a in field.args].index(arg[0])][1] = variable
            arg[1] = variable
        else:
            if not args:
                name = rng.choice(list(field_def.args))
                args.append([name, self.literal(field_def.args[name].type, name)])
                return args
            arg = rng.choice(args)
            for _ in range(5):
                value = self.literal(field_def.args[arg[0]].type, arg[0])
                if value != arg[1]:
                    arg[1] = value
                    break
        return args

    def m_overlap_args(self):
        """The same field and response key with other arguments: `a: f(limit: 1) a: f(limit: 2)`."""
        site = self.site(lambda s: any(f.args for f in s[2].fields.values()))
        if not site:
            return False
        _, sel, t, depth = site
        existing = [f for f in self.fields_of(sel, t) if t.fields[f.name].args]
        if existing and self.rng.random() < 0.5:
            first = self.rng.choice(existing)
        else:
            first = self.new_field(t, depth, want=lambda n: n != "__typename" and bool(t.fields[n].args))
            first.alias = self.rng.choice([None, self.rng.choice(ALIASES)])
            if self.rng.random() < 0.3:
                self.input_object_argument(first, t.fields[first.name])
            sel.insert(self.rng.randint(0, len(sel)), first)
        second = copy.deepcopy(first)
        if self.rng.random() < 0.15 and self.reorder_object(second):
            pass  # the same input object with its fields in another order
        else:
            second.args = self.changed_arguments(first, t.fields[first.name])
        self.place(site, second)
        return True

    def input_object_argument(self, field, field_def):
        """Gives field an input-object argument written with at least two fields, if it has one."""
        for name, arg in field_def.args.items():
            named = get_named_type(arg.type)
            if is_input_object_type(named) and not is_list_type(arg.type) and len(named.fields) > 1:
                chosen = self.rng.sample(sorted(named.fields), 2)
                chosen += [n for n, f in named.fields.items() if self.required(f) and n not in chosen]
                parts = [f"{n}: {self.literal(named.fields[n].type, n, False)}" for n in chosen]
                field.args = [a for a in field.args if a[0] != name] + [[name, "{" + ", ".join(parts) + "}"]]
                return True
        return False

    def reorder_object(self, field):
        """Reverses the fields of an input-object literal argument (graphql-core 3.3 sorts them
        before comparing, as graphql-js 17 does; 3.2 compares the printed values)."""
        for arg in field.args:
            if arg[1].startswith("{") and arg[1].count(":") >= 2 and "{" not in arg[1][1:]:
                parts = [p.strip() for p in arg[1][1:-1].split(",")]
                if len(parts) > 1 and all(":" in p for p in parts):
                    arg[1] = "{" + ", ".join(reversed(parts)) + "}"
                    return True
        return False

    def m_overlap_nested(self):
        """The same composite field twice, the copy's subselection changed somewhere below:
        another field or arguments under a key (a conflict), or new keys (which merge)."""
        site = self.site(lambda s: any(not is_leaf_type(get_named_type(f.type)) for f in s[2].fields.values()))
        if not site:
            return False
        _, sel, t, depth = site
        existing = [f for f in self.fields_of(sel, t) if f.sel and isinstance(get_named_type(t.fields[f.name].type), GraphQLObjectType)]
        if existing and self.rng.random() < 0.6:
            first = self.rng.choice(existing)
        else:
            first = self.new_field(t, depth, want=lambda n: n != "__typename"
                                   and not is_leaf_type(get_named_type(t.fields[n].type)))
            sel.insert(self.rng.randint(0, len(sel)), first)
        second = copy.deepcopy(first)
        level, u = second.sel, get_named_type(t.fields[first.name].type)
        for _ in range(self.rng.randint(0, 2)):
            deeper = [f for f in self.fields_of(level, u) if f.sel and isinstance(get_named_type(u.fields[f.name].type), GraphQLObjectType)]
            if not deeper:
                break
            below = self.rng.choice(deeper)
            level, u = below.sel, get_named_type(u.fields[below.name].type)
        inner = self.fields_of(level, u)
        choice = self.rng.choice(["rename", "rename", "arguments", "merge", "typename"])
        if choice == "rename" and inner:
            target = self.rng.choice(inner)
            other = self.new_field(u, depth + 1, other_than=(target.name,))
            if other is None:
                return False
            other.alias = target.key() if target.key() != other.name else None
            level[level.index(target)] = other
        elif choice == "arguments" and any(u.fields[f.name].args for f in inner):
            target = self.rng.choice([f for f in inner if u.fields[f.name].args])
            target.args = self.changed_arguments(copy.deepcopy(target), u.fields[target.name])
        elif choice == "typename":
            level.append(Field("__typename", alias=self.rng.choice([None, "k"])))
        else:
            extra = self.new_field(u, depth + 1)
            if extra:
                level.insert(self.rng.randint(0, len(level)), extra)
        self.place(site, second)
        return True

    def m_overlap_identical(self):
        """Duplicates that merge: the same field twice (`title title`), the same aliased field, or
        a copy of an existing selection in a fragment. Valid unless something else is wrong."""
        site = self.site()
        _, sel, t, depth = site
        if sel and self.rng.random() < 0.6:
            node = copy.deepcopy(self.rng.choice(sel))
        else:
            node = self.new_field(t, depth)
            node.alias = self.rng.choice([None, None, self.rng.choice(ALIASES)])
            sel.insert(self.rng.randint(0, len(sel)), copy.deepcopy(node))
        self.place(site, node)
        return True

    def m_overlap_directives(self):
        """A copy of a field with other @include/@skip: directives do not take part in merging."""
        site = self.site(lambda s: self.fields_of(s[1], s[2]))
        if not site:
            return False
        _, sel, t, _ = site
        copied = copy.deepcopy(self.rng.choice(self.fields_of(sel, t)))
        copied.dirs = [self.rng.choice([("include", [("if", "true")]), ("skip", [("if", "false")]),
                                        ("include", [("if", "false")])])]
        if self.rng.random() < 0.4 and t.fields[copied.name].args:
            copied.args = self.changed_arguments(copy.deepcopy(copied), t.fields[copied.name])
        self.place(site, copied)
        return True

    def m_overlap_wrong_parent(self):
        """A response key shared with a field of another object type, in a fragment on that type
        (itself an invalid spread): the parents exclude each other, so only the two fields' types
        are compared (String! and String, Int and String, lists and objects)."""
        site = self.site()
        _, sel, t, depth = site
        existing = self.fields_of(sel, t)
        first = self.rng.choice(existing) if existing else None
        other = self.rng.choice([u for u in self.objects if u is not t])
        if first is None:
            return False
        mine = t.fields[first.name].type
        similar = [n for n, f in other.fields.items() if get_named_type(f.type) is get_named_type(mine)]
        different = [n for n, f in other.fields.items() if str(f.type) != str(mine)]
        pool = similar if similar and self.rng.random() < 0.5 else different or list(other.fields)
        theirs = self.field(other, self.rng.choice(pool), depth)
        theirs.alias = first.key() if first.key() != theirs.name else None
        if self.rng.random() < 0.5 or len(self.fragments()) >= MAX_FRAGMENTS:
            sel.insert(self.rng.randint(0, len(sel)), Inline(other.name, [theirs]))
        else:
            name = self.fragment_name()
            self.doc.append(Frag(name, other.name, [theirs]))
            sel.insert(self.rng.randint(0, len(sel)), Spread(name))
        return True

    def conflicting_pair(self, t, depth):
        """Two fields of t under one response key that do not merge (different fields or arguments)."""
        with_args = [n for n, f in t.fields.items() if f.args]
        if with_args and self.rng.random() < 0.5:
            first = self.field(t, self.rng.choice(with_args), depth, [2])
            second = copy.deepcopy(first)
            second.args = self.changed_arguments(first, t.fields[first.name])
            return first, second
        first = self.new_field(t, depth)
        second = self.new_field(t, depth, other_than=(first.name,)) or copy.deepcopy(first)
        second.alias = first.name if second.name != first.name else None
        return first, second

    def m_overlap_fragments(self):
        """Conflicts between fragments: two fragments spread side by side, one spread inside the
        other, a conflict inside one fragment, or one fragment spread twice (which merges)."""
        if len(self.fragments()) > MAX_FRAGMENTS - 2:
            return False
        site = self.site()
        _, sel, t, depth = site
        choice = self.rng.choice(["side-by-side", "nested", "within", "twice", "below"])
        if choice == "below":
            return self.fragments_below(site)
        first, second = self.conflicting_pair(t, depth)
        a, b = self.fragment_name(), self.fragment_name()
        if choice == "within":
            self.doc.append(Frag(a, t.name, [first, second]))
            sel.insert(self.rng.randint(0, len(sel)), Spread(a))
        elif choice == "twice":
            self.doc.append(Frag(a, t.name, [first]))
            sel.insert(self.rng.randint(0, len(sel)), Spread(a))
            sel.insert(self.rng.randint(0, len(sel)), Spread(a))
        else:
            self.doc.append(Frag(a, t.name, [first] + ([Spread(b)] if choice == "nested" else [])))
            self.doc.append(Frag(b, t.name, [second]))
            sel.insert(self.rng.randint(0, len(sel)), Spread(a))
            if choice == "side-by-side":
                sel.insert(self.rng.randint(0, len(sel)), Spread(b))
        return True

    def fragments_below(self, site):
        """One object field twice, each copy selecting only a spread of its own fragment, the two
        fragments in conflict: `me { ...A } me { ...B }`."""
        _, sel, t, depth = site
        composites = [n for n, f in t.fields.items() if not is_leaf_type(get_named_type(f.type))]
        if not composites:
            return False
        name = self.rng.choice(composites)
        u = get_named_type(t.fields[name].type)
        first, second = self.conflicting_pair(u, depth + 1)
        a, b = self.fragment_name(), self.fragment_name()
        self.doc.append(Frag(a, u.name, [first]))
        self.doc.append(Frag(b, u.name, [second]))
        outer = Field(name, args=self.arguments(t.fields[name]), sel=[Spread(a)])
        sel.insert(self.rng.randint(0, len(sel)), outer)
        other = copy.deepcopy(outer)
        other.sel = [Spread(b)]
        self.place(site, other)
        return True

    def m_overlap_across_operations(self):
        """The same root key for different fields in two operations: never a conflict."""
        ops = self.operations()
        op = ops[0]
        if not op.name:
            op.name, op.shorthand = self.fresh("Named"), False
        root = self.schema.query_type if op.kind == "query" else self.schema.mutation_type
        first = next((s for s in op.sel if isinstance(s, Field) and s.name in root.fields), None)
        if first is None:
            return False
        other = Op(op.kind, self.fresh("Other"), [])
        self.doc.append(other)
        self.owner = other
        second = self.new_field(root, 1, other_than=(first.name,))
        second.alias = first.key() if first.key() != second.name else None
        other.sel = [second]
        return True

    # Other rules --------------------------------------------------------------------------------

    def all_fields(self):
        """(site, field, field definition) for every field whose definition is known."""
        return [(site, f, site[2].fields[f.name]) for site in self.sites() for f in self.fields_of(site[1], site[2])]

    def m_unknown_field(self):
        site = self.site()
        _, sel, t, _ = site
        names = list(t.fields)
        known = self.rng.choice(names)
        elsewhere = [n for u in self.objects for n in u.fields if n not in t.fields]
        name = self.rng.choice(["nope", known + "s", known[:-1], known.capitalize(), "__type_name",
                                self.rng.choice(elsewhere)])
        if name in t.fields:
            name = "nope"
        sel.insert(self.rng.randint(0, len(sel)), Field(name, sel=[Field("id")] if self.rng.random() < 0.3 else None))
        return True

    def m_unknown_argument(self):
        fields = self.all_fields()
        if not fields:
            return False
        _, field, field_def = self.rng.choice(fields)
        others = sorted({n for u in self.objects for f in u.fields.values() for n in f.args} - set(field_def.args))
        field.args.append([self.rng.choice(["bogus", self.rng.choice(others)]), self.rng.choice(["1", '"x"', "true"])])
        return True

    def m_missing_argument(self):
        fields = [(s, f, d) for s, f, d in self.all_fields() if any(self.required(a) for a in d.args.values())]
        if fields:
            _, field, field_def = self.rng.choice(fields)
            required = [n for n, a in field_def.args.items() if self.required(a)]
            drop = self.rng.choice(required)
            field.args = [a for a in field.args if a[0] != drop]
            return True
        site = self.site(lambda s: any(self.required(a) for f in s[2].fields.values() for a in f.args.values()))
        if not site:
            return False
        _, sel, t, depth = site
        field = self.new_field(t, depth, want=lambda n: n != "__typename"
                               and any(self.required(a) for a in t.fields[n].args.values()))
        field.args = field.args[1:] if len(field.args) > 1 else []
        sel.append(field)
        return True

    def m_wrong_literal(self):
        candidates = [(f, i, d.args[a[0]].type) for _, f, d in self.all_fields() for i, a in enumerate(f.args)
                      if a[0] in d.args]
        self.rng.shuffle(candidates)
        for field, index, t in candidates:
            wrong = self.wrong_literal(t)
            if wrong is not None:
                field.args[index][1] = wrong
                return True
        return False

    def m_unknown_fragment(self):
        _, sel, _, _ = self.site()
        sel.insert(self.rng.randint(0, len(sel)), Spread(self.rng.choice(["Missing", "F0", "frag"])))
        return True

    def m_unused_fragment(self):
        if len(self.fragments()) >= MAX_FRAGMENTS:
            return False
        t = self.rng.choice(self.objects)
        name = self.fragment_name()
        frag = Frag(name, t.name, [])
        self.doc.append(frag)
        self.owner = frag
        frag.sel = self.selection_set(t, 1, [3])
        return True

    def m_unused_variable(self):
        op = self.rng.choice(self.operations())
        op.shorthand = False
        op.vars.insert(self.rng.randint(0, len(op.vars)), [self.fresh("unused"), self.rng.choice(["Int", "String!", "[ID]"]), None])
        return True

    def m_undefined_variable(self):
        fields = [(f, d) for _, f, d in self.all_fields() if d.args]
        if not fields:
            return False
        field, field_def = self.rng.choice(fields)
        name = self.rng.choice(list(field_def.args))
        field.args = [a for a in field.args if a[0] != name] + [[name, "$" + self.fresh("undefined")]]
        return True

    def m_fragment_cycle(self):
        """A fragment that spreads itself, directly or through another (kept small: two fragments)."""
        frags = self.fragments()
        rng = self.rng
        if frags and rng.random() < 0.5:
            frag = rng.choice(frags)
            if rng.random() < 0.5 or len(frags) >= MAX_FRAGMENTS:
                frag.sel.append(Spread(frag.name))
            else:
                other = Frag(self.fragment_name(), frag.on, [Field("__typename"), Spread(frag.name)])
                self.doc.append(other)
                frag.sel.append(Spread(other.name))
            return True
        if len(frags) > MAX_FRAGMENTS - 2:
            return False
        _, sel, t, depth = self.site()
        a, b = self.fragment_name(), self.fragment_name()
        self.doc.append(Frag(a, t.name, [self.new_field(t, depth), Spread(b)]))
        self.doc.append(Frag(b, t.name, [Field("__typename", alias="t"), Spread(a)]))
        sel.append(Spread(a))
        return True

    def m_directive(self):
        """@skip and @include misused (no `if`, a wrong or nullable `if`, twice, an extra argument),
        unknown directives, and directives where they may not be (on operations, fragments)."""
        rng = self.rng
        choice = rng.choice(["no-if", "wrong-if", "unknown", "deprecated", "specifiedBy", "twice", "extra",
                             "operation", "fragment", "variable-wrong", "variable-nullable", "variable-ok"])
        directive = {
            "no-if": ("skip", []),
            "wrong-if": ("include", [("if", rng.choice(['"yes"', "1", "TRUE", "null"]))]),
            "unknown": (rng.choice(["nope", "live", "cached", "lazy"]), []),
            "deprecated": ("deprecated", []),
            "specifiedBy": ("specifiedBy", [("url", '"https://example.com"')]),
            "extra": ("include", [("if", "true"), ("unless", "false")]),
        }.get(choice)
        if choice == "operation":
            op = rng.choice(self.operations())
            op.shorthand = False
            op.dirs.append(rng.choice([("skip", [("if", "true")]), ("include", [("if", "false")])]))
            return True
        if choice == "fragment":
            frags = self.fragments()
            if not frags:
                return False
            rng.choice(frags).dirs.append(("include", [("if", "true")]))
            return True
        site = self.site(lambda s: s[1])
        if not site:
            return False
        target = rng.choice(site[1])
        if choice == "twice":
            target.dirs += [("skip", [("if", "true")]), ("skip", [("if", "false")])]
            return True
        if directive is None:
            variable_type = {"variable-wrong": rng.choice(["String", "Int!", "[Boolean!]"]),
                             "variable-nullable": "Boolean", "variable-ok": "Boolean!"}[choice]
            default = "true" if choice == "variable-nullable" and rng.random() < 0.5 else None
            directive = (rng.choice(["skip", "include"]), [("if", "$" + self.add_variable(variable_type, default))])
        target.dirs.append(directive)
        return True

    def m_variable_type(self):
        """A variable whose type does not fit where it is used: another scalar, nullable where
        non-null is required, a list for an item, an output type, an unknown type."""
        used = [(op, var) for op in self.operations() for var in op.vars]
        if not used:
            fields = [(s, f, d) for s, f, d in self.all_fields() if d.args]
            if not fields:
                return False
            site, field, field_def = self.rng.choice(fields)
            self.owner = site[0]
            name = self.rng.choice(list(field_def.args))
            field.args = [a for a in field.args if a[0] != name] + [[name, "$" + self.add_variable(str(field_def.args[name].type))]]
            used = [(op, var) for op in self.operations() for var in op.vars]
            if not used:
                return False
        _, var = self.rng.choice(used)
        base = var[1].rstrip("!")
        var[1] = self.rng.choice(["String", "Int", "Boolean", "ID", "Float", "Instrument", "User", "Nope", "[Int]",
                                  base, base + "!", "[" + var[1] + "]", "SheetMusicFilterInput", "DateTime"])
        return True

    def m_variable_default(self):
        used = [var for op in self.operations() for var in op.vars]
        if not used:
            return False
        var = self.rng.choice(used)
        t = graphql.utilities.type_from_ast(self.schema, graphql.parse_type(var[1])) if self.known_type(var[1]) else None
        if t is None:
            return False
        wrong = self.wrong_literal(t)
        var[2] = self.rng.choice([wrong or "1", self.literal(t, "", False), "null"])
        return True

    def known_type(self, text):
        return self.schema.get_type(text.strip("[]!")) is not None

    def m_duplicate_variable(self):
        ops = [op for op in self.operations() if op.vars]
        if not ops:
            return False
        op = self.rng.choice(ops)
        var = self.rng.choice(op.vars)
        op.vars.append([var[0], self.rng.choice([var[1], "Int"]), None])
        return True

    def m_duplicate_operation_name(self):
        """Two operations of one name, with different selections."""
        op = self.rng.choice(self.operations())
        if not op.name:
            op.name, op.shorthand = self.fresh("Named"), False
        other = self.operation(self.rng.choice(["query", "mutation"]), op.name)
        return compact(other.sel) != compact(op.sel)

    def m_anonymous_not_alone(self):
        if len(self.operations()) > 1 and self.rng.random() < 0.5:
            self.rng.choice(self.operations()).name = None
            return True
        self.operation("query", None)
        return True

    def m_duplicate_fragment_name(self):
        frags = self.fragments()
        if not frags or len(frags) >= MAX_FRAGMENTS:
            return False
        frag = self.rng.choice(frags)
        t = self.schema.get_type(frag.on)
        if not isinstance(t, GraphQLObjectType):
            return False
        other = Frag(frag.name, frag.on, [])
        self.doc.append(other)
        self.owner = other
        other.sel = self.selection_set(t, 1, [3])
        return True

    def m_leaf_selection(self):
        """A subselection on a leaf field, or none on an object field."""
        fields = self.all_fields()
        leaves = [f for _, f, d in fields if f.sel is None and f.name != "__typename"]
        composites = [f for _, f, d in fields if f.sel is not None]
        if composites and (not leaves or self.rng.random() < 0.5):
            self.rng.choice(composites).sel = None
        elif leaves:
            self.rng.choice(leaves).sel = [Field(self.rng.choice(["id", "name", "__typename"]))]
        else:
            return False
        return True

    def m_fragment_type(self):
        """A fragment or inline fragment on a scalar, an input type, an unknown type or another object."""
        site = self.site()
        _, sel, t, depth = site
        on = self.rng.choice(["String", "Instrument", "Nope", "SheetMusicFilterInput",
                              self.rng.choice([u.name for u in self.objects if u is not t])])
        body = [Field("__typename")] if self.schema.get_type(on) is None or not isinstance(
            self.schema.get_type(on), GraphQLObjectType) else [self.new_field(self.schema.get_type(on), depth)]
        if self.rng.random() < 0.5 or len(self.fragments()) >= MAX_FRAGMENTS:
            sel.insert(self.rng.randint(0, len(sel)), Inline(on, body))
        else:
            name = self.fragment_name()
            self.doc.append(Frag(name, on, body))
            sel.insert(self.rng.randint(0, len(sel)), Spread(name))
        return True

    def m_executable_definition(self):
        self.doc.insert(self.rng.randint(0, len(self.doc)), Raw(self.rng.choice([
            "type Extra { a: Int }", "scalar Extra", "extend type Query { extra: Int }", "schema { query: Query }",
            "directive @extra on FIELD", "input ExtraInput { a: Int }", "enum Extra { A B }"])))
        return True

    def m_duplicate_argument(self):
        fields = [f for _, f, _ in self.all_fields() if f.args]
        if not fields:
            return False
        field = self.rng.choice(fields)
        field.args.insert(self.rng.randint(0, len(field.args)), list(self.rng.choice(field.args)))
        return True

    def m_duplicate_input_field(self):
        fields = [(f, d) for _, f, d in self.all_fields()
                  if any(is_input_object_type(get_named_type(a.type)) and not is_list_type(a.type) for a in d.args.values())]
        if not fields:
            return False
        field, field_def = self.rng.choice(fields)
        name, arg = next((n, a) for n, a in field_def.args.items()
                         if is_input_object_type(get_named_type(a.type)) and not is_list_type(a.type))
        named = get_named_type(arg.type)
        parts = [f"{n}: {self.literal(f.type, n, False)}" for n, f in named.fields.items() if self.required(f)]
        dup_name = self.rng.choice(sorted(named.fields))
        dup_type = named.fields[dup_name].type
        parts += [f"{dup_name}: {self.literal(dup_type, dup_name, False)}", f"{dup_name}: {self.literal(dup_type, dup_name, False)}"]
        field.args = [a for a in field.args if a[0] != name] + [[name, "{" + ", ".join(parts) + "}"]]
        return True

    def m_introspection(self):
        site = self.site(lambda s: s[2] is self.schema.query_type) or self.site()
        _, sel, t, _ = site
        field = self.rng.choice([
            Field("__type", args=[["name", '"User"']], sel=[Field("name"), Field("kind"), Field("fields", sel=[Field("name")])]),
            Field("__schema", sel=[Field("queryType", sel=[Field("name")])]),
            Field("__type", sel=[Field("name")]),
            Field("__type", args=[["name", "1"]], sel=[Field("name")]),
            Field("__schema"),
            Field("__typename", sel=[Field("a")]),
            Field("__type", args=[["name", '"Nope"']], sel=[Field("name"), Field("nope")]),
        ])
        sel.insert(self.rng.randint(0, len(sel)), field)
        return True

    def m_root_kind(self):
        op = self.rng.choice(self.operations())
        op.kind, op.shorthand = "mutation" if op.kind == "query" else "query", False
        return True

    # Syntax -------------------------------------------------------------------------------------

    def syntax(self, text):
        """The printed document broken (or, a few times, only dressed up) at the lexical level.
        Characters go in and out only between string literals, and date-time strings are never
        replaced: a changed date-time would be a question about the DateTime scalar (see scalar())."""
        rng = self.rng
        spans = string_spans(text)
        outside = sorted(set(range(len(text) + 1)) - {i for start, end, _ in spans for i in range(start + 1, end)})
        choice = rng.choice(["truncate", "truncate", "delete", "insert", "string", "number", "character",
                             "empty", "dressed"])
        if choice == "truncate":
            return text[:rng.randrange(len(text))]
        if choice == "delete":
            spots = [i for i in outside if i < len(text) and text[i] in "{}()[]:$\"@."]
            i = rng.choice(spots)
            return text[:i] + text[i + 1:]
        if choice == "insert":
            i = rng.choice(outside)
            return text[:i] + rng.choice(["!", ")", "}", "{", "$", "...", "=", "@", ":", "&", "|", "on", "fragment",
                                          "query", "1", "[", "#"]) + text[i:]
        if choice == "string":
            bad = rng.choice(['"\\q"', '"unterminated', '"\\uD83C"', '"\\u00"', '"\\uD83C\\uDFB9"', '"line\nbreak"',
                              '"""block"""', '"\\u{1F3B9}"', '"\u0007"', '"tab\there"'])
            plain = [(start, end) for start, end, block in spans if not block and not DATE_TIME.match(text[start:end])]
            if not plain:
                return text.replace("{", "{ x(a: " + bad + ") ", 1)
            start, end = rng.choice(plain)
            return text[:start] + bad + text[end:]
        if choice == "number":
            numbers = [m.span() for m in re.finditer(r"(?<![\w$.])-?\d+(\.\d+)?([eE]\d+)?(?![\w.])", text)
                       if m.start() in outside]
            bad = rng.choice(["00", "1.", ".5", "1e", "0x10", "-", "1a", "01", "1.5e", "-0", "1E+2", "1__0"])
            if not numbers:
                return text.replace("{", "{ x(a: " + bad + ") ", 1)
            start, end = rng.choice(numbers)
            return text[:start] + bad + text[end:]
        if choice == "character":
            i = rng.choice(outside)
            return text[:i] + rng.choice(["\u0007", "é", "\u00a0", "\ufeff", "\t", "\u2028", "~", "?", "%"]) + text[i:]
        if choice == "empty":
            return rng.choice(["", "   ", "# only a comment", "\n\n", ",,,"])
        return self.dressed(text)

    def dressed(self, text):
        """The same document with lexical noise that changes nothing: a BOM, comments, commas,
        other line ends and tabs."""
        rng = self.rng
        choice = rng.choice(["bom", "comment", "crlf", "cr", "tabs", "commas"])
        if choice == "bom":
            return "\ufeff" + text
        if choice == "comment":
            return "# a comment\n" + text.replace("{", "{ # inside\n", 1)
        if choice == "crlf":
            return text.replace("\n", "\r\n") if "\n" in text else text.replace(" ", "\r\n", 2)
        if choice == "cr":
            return text.replace("\n", "\r") if "\n" in text else text.replace(" ", "\r", 2)
        if choice == "tabs":
            return text.replace(" ", "\t", 4)
        return text.replace(" ", " , ", 3)

    # Whole documents -----------------------------------------------------------------------------

    def mutate(self, pool):
        """Applies one mutation of pool, trying others when one does not fit this document."""
        weights = [w for w, _ in pool]
        for _ in range(8):
            mutation = self.rng.choices([m for _, m in pool], weights)[0]
            snapshot = copy.deepcopy(self.doc)
            counter = self.counter
            if mutation():
                return mutation.__name__[2:]
            self.doc, self.counter = snapshot, counter
        return None

    def document(self):
        """(label, text): one generated document and what was done to it."""
        while True:
            self.base()
            rng = self.rng
            r = rng.random()
            labels = []
            if r < 0.12:
                labels.append("base")
            elif r < 0.57:
                labels.append(self.mutate(self.overlap))
                if rng.random() < 0.3:
                    labels.append(self.mutate(self.overlap))
            else:
                labels.append(self.mutate(self.rules))
                if rng.random() < 0.25:
                    labels.append(self.mutate(self.rules if rng.random() < 0.6 else self.overlap))
            labels = [label for label in labels if label] or ["base"]
            if not self.within_limits():
                continue
            text = Printer(rng.random() < 0.4, rng.random() < 0.15).document(self.doc)
            if r > 0.92:
                text = self.syntax(text)
                labels.append("syntax")
            elif rng.random() < 0.05:
                text = self.dressed(text)
                labels.append("dressed")
            if len(text.encode()) <= MAX_BYTES:
                return "+".join(labels), text

    def within_limits(self):
        """Depth and field count (fragments expanded) inside the server's limits, at most
        MAX_FRAGMENTS fragments, and no two definitions with equal selections."""
        bodies = [compact(d.sel) for d in self.doc if isinstance(d, (Op, Frag))]
        if len(set(bodies)) != len(bodies) or len(self.fragments()) > MAX_FRAGMENTS:
            return False
        frags = {f.name: f for f in self.fragments()}
        for op in self.operations():
            fields = [0]

            def depth_of(sel, depth, stack):
                deepest = depth
                for s in sel:
                    if isinstance(s, Field):
                        fields[0] += 1
                        if s.sel is not None:
                            deepest = max(deepest, depth_of(s.sel, depth + 1, stack))
                    elif isinstance(s, Inline):
                        deepest = max(deepest, depth_of(s.sel, depth, stack))
                    elif s.name in frags and s.name not in stack:
                        deepest = max(deepest, depth_of(frags[s.name].sel, depth, stack | {s.name}))
                return deepest

            if depth_of(op.sel, 1, frozenset()) > MAX_DEPTH or fields[0] > MAX_FIELDS:
                return False
        return True


def string_spans(text):
    """(start, end, is block string) of every string literal in a printed document."""
    spans, i = [], 0
    while i < len(text):
        if text[i] == "#":
            while i < len(text) and text[i] not in "\r\n":
                i += 1
        elif text.startswith('"""', i):
            j = i + 3
            while j < len(text) and not text.startswith('"""', j):
                j += 4 if text.startswith('\\"""', j) else 1
            spans.append((i, min(j + 3, len(text)), True))
            i = j + 3
        elif text[i] == '"':
            j = i + 1
            while j < len(text) and text[j] not in '"\n':
                j += 2 if text[j] == "\\" else 1
            spans.append((i, min(j + 1, len(text)), False))
            i = j + 1
        else:
            i += 1
    return spans


def walk_selections(sel):
    """Every selection in sel and below it, fragments not followed."""
    for s in sel:
        yield s
        if getattr(s, "sel", None):
            yield from walk_selections(s.sel)


# --- Verdicts ------------------------------------------------------------------------------------

def golden_documents():
    """(label, query) for every golden request item that has a query."""
    found = []
    for path in sorted(glob.glob(os.path.join(GOLDEN, "*.request.json"))):
        try:
            loaded = json.load(open(path, encoding="utf-8"))
        except (ValueError, RecursionError):
            continue  # the malformed-request cases: not JSON at all, so no document
        items = loaded if isinstance(loaded, list) else [loaded]
        name = os.path.basename(path)[:-len(".request.json")]
        for i, item in enumerate(items):
            if isinstance(item, dict) and isinstance(item.get("query"), str):
                found.append((f"golden:{name}" + (f"#{i}" if len(items) > 1 else ""), item["query"]))
    return found


def reference_verdict(schema, text):
    """("parse" | "valid" | "invalid", [(message, [(line, column)])]) from graphql-core."""
    try:
        document = parse(text)
    except GraphQLSyntaxError as error:
        return "parse", [(error.message, locations(error.locations))]
    errors = validate(schema, document)
    return ("invalid" if errors else "valid"), [(e.message, locations(e.locations)) for e in errors]


def locations(items):
    return [(loc.line, loc.column) if hasattr(loc, "line") else (loc["line"], loc["column"]) for loc in items or []]


def server_verdict(answer):
    """The server's verdict, "limits" for a document refused for its size, or "duplicates" for one
    refused for two equal definitions; with the errors' messages and locations."""
    errors = answer.get("errors") or []
    codes = [(e.get("extensions") or {}).get("code") for e in errors]
    found = [(e.get("message"), locations(e.get("locations"))) for e in errors]
    if "GRAPHQL_PARSE_FAILED" in codes:
        return "parse", found
    if "GRAPHQL_VALIDATION_FAILED" in codes:
        if len(errors) == 1 and DUPLICATE_BODIES.search(errors[0].get("message", "")):
            return "duplicates", found
        return "invalid", found
    if LIMIT_CODES & set(codes):
        return "limits", found
    # No document at all: an empty query is refused as a bad request, as graphql-js servers do
    # (express-graphql, graphql-http); and a parse failure other than a syntax error.
    if "data" not in answer and any(e.get("message") in ("The query could not be parsed.", "The request has no query.")
                                    for e in errors):
        return "parse", found
    # Anything else ran past validation: data, field errors, or a request error such as the
    # missing operation name of a document with several operations.
    return "valid", found


def serve(binary, texts):
    """The server's answers, one per document, from `mirubato handle --ndjson`: one process for all
    of them, unless one document stops it (a crash): that one gets None and a process is started
    for the rest. Returns the answers and [(index, reason)] for every such stop."""
    answers, crashes, start = [], [], 0
    while start < len(texts):
        if len(crashes) == 20:
            crashes.append((start, f"20 stops: the {len(texts) - start} documents from this one on were not sent"))
            break
        requests = "".join(json.dumps({"query": text}) + "\n" for text in texts[start:])
        run = subprocess.run([binary, "handle", "--ndjson"], input=requests, capture_output=True, text=True,
                             env=ENV, timeout=600)
        answered = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
        answers += answered
        start += len(answered)
        if start < len(texts):
            # One answer per line, in order: the first unanswered document is the one that stopped it.
            reason = next((line for line in run.stderr.splitlines() if line.strip() and "Backtracing" not in line), "")
            crashes.append((start, f"exit status {run.returncode}: {reason[:300]}"))
            answers.append(None)
            start += 1
    return answers + [None] * (len(texts) - len(answers)), crashes


def examples(differences, count):
    """Up to count differences to print: those not about overlapping fields first (they are the
    surprises), and one of each kind (the verdicts and the first message) before a second one."""
    def kind(difference):
        _, _, _, (ours, our_errors), (theirs, their_errors) = difference
        first = (their_errors or our_errors or [("", [])])[0][0] or ""
        return ours, theirs, re.sub(r'"[^"]*"|\d+', "_", first.splitlines()[0] if first else "")
    ordered = sorted(differences, key=lambda d: d[0])
    chosen, seen = [], set()
    for difference in ordered:
        if len(chosen) < count and kind(difference) not in seen:
            seen.add(kind(difference))
            chosen.append(difference)
    chosen += [d for d in ordered if d not in chosen][:count - len(chosen)]
    return sorted(chosen, key=lambda d: (d[0], ordered.index(d)))


def mismatch_kinds(unequal):
    """The first differing error of each document, names and values blanked, by how often."""
    def general(error):
        if error is None:
            return "(none)"
        message, _ = error
        return re.sub(r'"[^"]*"', '"…"', (message or "").splitlines()[0])
    counts = {}
    for _, _, (_, ours), (_, theirs) in unequal:
        pairs = [(a, b) for a, b in zip(ours + [None] * len(theirs), theirs + [None] * len(ours)) if a != b]
        if pairs:
            kind = (general(pairs[0][0]), general(pairs[0][1]))
            if kind[0] == kind[1]:
                kind = (kind[0] + " (locations differ)", kind[1])
            counts[kind] = counts.get(kind, 0) + 1
    return sorted(counts.items(), key=lambda item: -item[1])


def describe(verdict, errors):
    lines = [f"    {verdict}"]
    for message, where in errors[:6]:
        lines.append(f"      {message.splitlines()[0] if message else message!r} at {where}")
    return "\n".join(lines)


def main():
    binary, opts = options(sys.argv[1:])
    started = time.time()
    schema = build_schema(open(os.path.join(ROOT, "Sources/Schema/schema.graphql")).read())
    generator = Generator(schema, random.Random(opts["seed"]))
    documents = golden_documents() + [generator.document() for _ in range(opts["count"])]
    generated = time.time()

    answers, crashes = serve(binary, [text for _, text in documents])
    served = time.time()

    passed, failed, skipped = 0, [], {"limits": 0, "duplicates": 0}
    differences, same_first, same_all, invalid, internal, unequal = [], 0, 0, 0, 0, []
    for index, reason in crashes:
        failed.append(f"mirubato handle stopped at {documents[index][0]}: {documents[index][1][:300]!r}\n      {reason}")
    for (label, text), answer in zip(documents, answers):
        if answer is None:
            continue
        theirs, their_errors = server_verdict(answer)
        if theirs == "limits":
            skipped["limits"] += 1
            continue
        try:
            ours, our_errors = reference_verdict(schema, text)
        except RecursionError:
            skipped["limits"] += 1  # too deep for graphql-core's recursive parser
            continue
        if theirs == "duplicates" and ours == "valid":
            skipped["duplicates"] += 1
            continue
        theirs = "invalid" if theirs == "duplicates" else theirs
        # Valid, yet execution failed in a way the server did not expect: with one executor, a
        # valid document the plan compiler does not cover (GraphQLEngine.uncovered) is a defect.
        if theirs == "valid" and any((e.get("extensions") or {}).get("code") == "INTERNAL_SERVER_ERROR"
                                     for e in answer.get("errors") or []):
            internal += 1
            failed.append(f"valid, answered INTERNAL_SERVER_ERROR: {label}: {text[:300]!r}")
        if ours == theirs:
            passed += 1
        else:
            overlap_only = ours == "invalid" and theirs == "valid" and all(OVERLAP.match(m) for m, _ in our_errors)
            differences.append((overlap_only, label, text, (ours, our_errors), (theirs, their_errors)))
        if ours == "invalid" and theirs == "invalid":
            invalid += 1
            # graphql-core quotes names with ' where graphql-js (and so the server) has ".
            our_errors = [(message.replace("'", '"'), where) for message, where in our_errors]
            same_first += our_errors[0][0] == their_errors[0][0]
            same_all += our_errors == their_errors
            if our_errors != their_errors:
                unequal.append((label, text, (ours, our_errors), (theirs, their_errors)))

    compared = passed + len(differences)
    overlap = sum(1 for d in differences if d[0])
    print(f"validation vs graphql-core {graphql.__version__}: {compared} documents, {passed} same verdict, "
          f"{len(differences)} different; messages equal for {same_all} of {invalid} invalid "
          f"(first message equal for {same_first})")
    print(f"  seed {opts['seed']}, {len(documents)} documents ({len(documents) - opts['count']} golden); "
          f"skipped (limits) {skipped['limits']}, skipped (identical definitions, refused before validation) "
          f"{skipped['duplicates']}; generating {generated - started:.1f} s, server {served - generated:.1f} s, "
          f"total {time.time() - started:.1f} s")
    if differences:
        print(f"  different: {overlap} only for overlapping fields (graphql-core invalid, server valid), "
              f"{len(differences) - overlap} other")
        by_label = {}
        for d in differences:
            for part in d[1].split("+"):
                by_label[part] = by_label.get(part, 0) + 1
        print("  different by mutation: " + ", ".join(f"{k} {v}" for k, v in sorted(by_label.items(), key=lambda kv: -kv[1])))
    if internal:
        print(f"  {internal} valid documents answered INTERNAL_SERVER_ERROR")
    for overlap_only, label, text, ours, theirs in examples(differences, opts["show"]):
        print(f"  DIFFERENT {label}{' (overlapping fields)' if overlap_only else ''}: {text!r}")
        print("    graphql-core:\n" + describe(*ours) + "\n    mirubato:\n" + describe(*theirs))
    if opts["show-messages"]:
        for (ours, theirs), count in mismatch_kinds(unequal)[:15]:
            print(f"  {count:5} x graphql-core: {ours}\n          mirubato:     {theirs}")
    for label, text, ours, theirs in unequal[:opts["show-messages"]]:
        print(f"  MESSAGES {label}: {text!r}")
        print("    graphql-core:\n" + describe(*ours) + "\n    mirubato:\n" + describe(*theirs))
    for line in failed[:5]:
        print("  FAILED", line)
    if len(failed) > 5:
        print(f"  ... and {len(failed) - 5} more FAILED")
    print(f"{passed} passed, {len(differences) + len(failed)} failed")
    sys.exit(1 if differences or failed else 0)


if __name__ == "__main__":
    main()
