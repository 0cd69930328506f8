#!/usr/bin/env python3
"""@defer and @stream over HTTP through the real nginx, read byte for byte.

Usage: PYTHON-WITH-graphql-core-3.3 defer_e2e.py PATH/TO/mirubato
A client that accepts `multipart/mixed; deferSpec=20220824` (Apollo Client's header) gets the
parts in Apollo's framing (boundary "-", one JSON part each, "-----" at the end); merged as a
client merges them they equal the same query without the directives, and each part's items
(path, label, data or items) equal what graphql-core 3.3's experimental_execute_incrementally
makes of the same query over that data (its newer format, pending ids, turned into paths). A
client that does not accept parts gets the whole result as JSON.
Prints "N passed, M failed"; exit status 1 when anything failed.
"""
import asyncio, copy, http.client, json, os, re, sys

from graphql import build_schema, experimental_execute_incrementally, parse

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import serving  # noqa: E402
from checklist import Checklist  # noqa: E402

binary = os.path.abspath(sys.argv[1])
report = Checklist()
check = report.check
PART = b"\r\n---\r\nContent-Type: application/json; charset=utf-8\r\n\r\n"
END = b"\r\n-----\r\n"
SCHEMA = build_schema(open(os.path.join(ROOT, "Sources/Schema/schema.graphql")).read())
QUERIES = [
    '{ listSheetMusic(limit: 3) { totalCount edges { node { id ... @defer(label: "names") { title composer } } } } }',
    '{ listSheetMusic(limit: 4) { totalCount edges @stream(initialCount: 1, label: "later") { cursor node { id title } } } }',
    '{ listSheetMusic(limit: 2) { totalCount ... @defer { pageInfo { hasNextPage } edges { node { title } } } } }',
    'query($now: Boolean!) { listSheetMusic(limit: 2) { edges @stream(if: $now) { node { id } } } }',
]


def post(port, query, accept, variables=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("POST", "/graphql", json.dumps({"query": query, "variables": variables or {"now": True}}),
                       {"Content-Type": "application/json", "Accept": accept})
    response = connection.getresponse()
    return response.status, response.getheader("Content-Type"), response.read()


def parts_of(body):
    """The JSON parts of a deferSpec=20220824 body, or None when its framing is off anywhere."""
    if not body.startswith(PART) or not body.endswith(END):
        return None
    chunks = body[: -len(END)].split(PART)
    if chunks[0] != b"":
        return None
    return [json.loads(chunk) for chunk in chunks[1:]]


def merge(parts):
    data = copy.deepcopy(parts[0]["data"])
    for part in parts[1:]:
        for item in part.get("incremental", []):
            target = data
            for step in (item["path"] if "data" in item else item["path"][:-1]):
                target = target[step]
            if "data" in item:
                deep_merge(target, item["data"])
            else:
                assert len(target) == item["path"][-1], "the items do not start where the list ends"
                target.extend(item["items"])
    return data


def deep_merge(target, added):
    for key, value in added.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            deep_merge(target[key], value)
        else:
            target[key] = value


def reference_items(query, data, variables):
    """graphql-core's incremental items for `query` over `data`, as (path, label, kind, payload)."""
    async def run():
        result = experimental_execute_incrementally(SCHEMA, parse(query), copy.deepcopy(data), variable_values=variables)
        if not hasattr(result, "initial_result"):
            return None, []
        pending, counts, items = {}, {}, []
        initial = result.initial_result.formatted
        for entry in initial.get("pending", []):
            pending[entry["id"]] = entry
        async for subsequent in result.subsequent_results:
            payload = subsequent.formatted
            for entry in payload.get("pending", []):
                pending[entry["id"]] = entry
            for item in payload.get("incremental", []):
                origin = pending[item["id"]]
                path = origin["path"] + item.get("subPath", [])
                if "items" in item:
                    start = counts.get(item["id"], len(lookup(initial["data"], path)))
                    counts[item["id"]] = start + len(item["items"])
                    items.append((json.dumps(path + [start]), origin.get("label"), "items", item["items"]))
                else:
                    items.append((json.dumps(path), origin.get("label"), "data", item["data"]))
        return initial["data"], items
    return asyncio.run(run())


def lookup(data, path):
    for step in path:
        data = data[step]
    return data


def ours(parts):
    items = []
    for part in parts[1:]:
        for item in part.get("incremental", []):
            kind = "data" if "data" in item else "items"
            items.append((json.dumps(item["path"]), item.get("label"), kind, item[kind]))
    return items


def grouped(items):
    """Items by path and label, their payloads merged: graphql-core sends one item per deferred
    fragment and stream batch, this server one per fragment and one per stream."""
    merged = {}
    for path, label, kind, payload in items:
        key = (path, label, kind)
        if kind == "items" and key not in merged:
            merged[key] = list(payload)
        elif kind == "items":
            merged[key] += payload
        else:
            deep_merge(merged.setdefault(key, {}), payload)
    return merged


process, port, env = serving.seeded_app(binary, "mirubato-defer-")
try:
    apollo = "multipart/mixed;deferSpec=20220824,application/json"
    for query in QUERIES:
        name = query[:60]
        variables = {"now": True}
        plain = re.sub(r"@(defer|stream)(\([^)]*\))?", "", query)
        if plain.count("$now") == 1:  # used only by the directives taken out
            plain = plain.replace("($now: Boolean!)", "")
        status, content_type, body = post(port, plain, "application/json", variables)
        whole = json.loads(body).get("data")
        check(f"{name}: the query without the directives runs", whole is not None, body[:300])
        status, content_type, body = post(port, query, apollo, variables)
        check(f"{name}: 200, multipart/mixed with deferSpec", status == 200 and content_type == 'multipart/mixed; boundary="-"; deferSpec=20220824',
              (status, content_type))
        parts = parts_of(body)
        check(f"{name}: Apollo's framing, byte for byte", parts is not None and len(parts) >= 2, body[:200])
        if not parts:
            continue
        check(f"{name}: hasNext true, then false at the end",
              parts[0].get("hasNext") is True and parts[-1].get("hasNext") is False and all(p.get("hasNext") for p in parts[:-1]), [p.get("hasNext") for p in parts])
        check(f"{name}: merged, the parts equal the query without the directives", merge(parts) == whole, (merge(parts), whole))
        initial, reference = reference_items(query, whole, variables)
        check(f"{name}: the first part's data is graphql-core's initial result", parts[0]["data"] == initial, (parts[0]["data"], initial))
        check(f"{name}: the items (paths, labels, data) are graphql-core's", grouped(ours(parts)) == grouped(reference),
              (ours(parts), reference))

    # Apollo Client's multipart subscriptions header is not an incremental client; a plain JSON client gets the whole result.
    query = QUERIES[0]
    status, content_type, body = post(port, query, "application/json")
    check("a client that does not accept parts gets the whole result as JSON",
          status == 200 and content_type.startswith("application/json") and "title" in json.dumps(json.loads(body)["data"]), (status, content_type))
    status, content_type, body = post(port, query, "multipart/mixed")
    check("GraphQL Yoga's plain multipart/mixed gets parts", status == 200 and parts_of(body) is not None, (status, content_type, body[:100]))
    status, content_type, body = post(port, "{ listSheetMusic(limit: 1) { totalCount } }", apollo)
    check("an operation that defers nothing is one JSON answer", status == 200 and content_type.startswith("application/json"), content_type)
    status, content_type, body = post(port, "{ nope @stream }", apollo)
    check("a refused operation is a JSON error, not parts",
          content_type.startswith("application/json") and json.loads(body)["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED", body[:200])
finally:
    serving.stop(process)

report.finish("@defer and @stream")
