#!/usr/bin/env python3
"""Real GraphQL clients from PyPI against the served API (nginx + FastCGI, loopback).

Usage: PYTHON-WITH-gql clients_e2e.py PATH/TO/mirubato
gql fetches the schema the way it does by default and with every introspection option on,
checks that the schema it rebuilt prints like the SDL file, then runs queries and mutations,
validated on the client against that schema as gql does. Prints "N passed, M failed"; exit
status 1 when anything failed.
"""
import os, re, shutil, sqlite3, subprocess, sys, tempfile

from gql import Client, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.requests import RequestsHTTPTransport
from graphql import build_schema, print_schema

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import serving  # noqa: E402
from checklist import Checklist  # noqa: E402

binary = os.path.abspath(sys.argv[1])
work = tempfile.mkdtemp(prefix="mirubato-clients-")
ENV = dict(os.environ, MIRUBATO_ENV="test", MIRUBATO_JWT_SECRET="test-secret-for-client-tests-0123456789",
           MIRUBATO_DATA_KEY="0123456789abcdef" * 4, MIRUBATO_MAIL="log")
subprocess.run([binary, "seed", "--db", f"{work}/mirubato.db", "--kv", f"{work}/kv.db"], env=ENV, check=True, capture_output=True)
report = Checklist()
check, failed = report.check, report.failed


def attempt(name, action):
    """Runs `action`; a client exception is a failure with its message."""
    try:
        return action()
    except Exception as error:  # noqa: BLE001 - any client failure is a test failure
        failed.append(f"{name}: {type(error).__name__}: {str(error)[:300]}")
        return None


process, port, _ = serving.start(work, binary, ENV)
url = f"http://127.0.0.1:{port}/graphql"
expected_schema = print_schema(build_schema(open(os.path.join(ROOT, "Sources/Schema/schema.graphql")).read()))
try:
    everything = dict(descriptions=True, specified_by_url=True, directive_is_repeatable=True, schema_description=True,
                      input_value_deprecation=True)
    for label, arguments in [("gql defaults", {}), ("gql with every introspection option", everything)]:
        client = Client(transport=RequestsHTTPTransport(url=url, timeout=30), fetch_schema_from_transport=True,
                        introspection_args=arguments)
        with_session = attempt(f"{label}: fetch the schema", lambda: client.connect_sync())
        if with_session is None:
            continue
        check(f"{label}: the fetched schema prints like the SDL file", print_schema(client.schema) == expected_schema)
        answer = attempt(f"{label}: a query with variables", lambda: with_session.execute(
            gql("query($n: Int) { listSheetMusic(limit: $n) { totalCount edges { node { title } } } }"),
            variable_values={"n": 2}))
        check(f"{label}: the query answers", answer and len(answer["listSheetMusic"]["edges"]) == 2, str(answer)[:200])
        answer = attempt(f"{label}: a mutation", lambda: with_session.execute(
            gql("mutation($e: String!) { requestMagicLink(email: $e) { success } }"), variable_values={"e": "gql@example.com"}))
        check(f"{label}: the mutation answers", answer == {"requestMagicLink": {"success": True}}, str(answer))
        client.close_sync()

    # A client written against the design: focus areas are strings such as "accuracy".
    token = serving.magic_token(binary, dict(ENV, MIRUBATO_DB=f"{work}/mirubato.db", MIRUBATO_KV=f"{work}/kv.db"), "gql@example.com")
    client = Client(transport=RequestsHTTPTransport(url=url, timeout=30), fetch_schema_from_transport=True)
    with client as session:
        pair = attempt("sign in", lambda: session.execute(
            gql("mutation($t: String!) { verifyMagicLink(token: $t) { accessToken } }"), variable_values={"t": token}))
    if pair:
        headers = {"Authorization": "Bearer " + pair["verifyMagicLink"]["accessToken"]}
        client = Client(transport=RequestsHTTPTransport(url=url, headers=headers, timeout=30), fetch_schema_from_transport=True)
        with client as session:
            answer = attempt("createPracticeLog with the design's focus areas", lambda: session.execute(gql(
                "mutation($i: CreatePracticeLogInput!) { createPracticeLog(input: $i) { focusAreas } }"),
                variable_values={"i": {"activityType": "SCALES", "durationSeconds": 600, "focusAreas": ["accuracy", "rhythm"]}}))
            check("focus areas as the design's strings", answer == {"createPracticeLog": {"focusAreas": ["ACCURACY", "RHYTHM"]}}, str(answer))
            try:
                session.execute(gql("mutation($i: CreatePracticeLogInput!) { createPracticeLog(input: $i) { id } }"),
                                variable_values={"i": {"activityType": "SCALES", "durationSeconds": 60, "focusAreas": ["speed"]}})
                check("an unknown focus area is refused", False, "accepted")
            except TransportQueryError as error:
                codes = [e.get("extensions", {}).get("code") for e in error.errors or []]
                check("an unknown focus area is BAD_USER_INPUT", codes == ["BAD_USER_INPUT"], str(error.errors))
finally:
    serving.stop(process)
    shutil.rmtree(work, ignore_errors=True)

report.finish("GraphQL clients")
