# Mirubato API. `make run` builds, prepares ./data and answers a sample query; `make test` runs every test.
# Both install missing Debian packages first (as root, or through sudo).

SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
APT_PACKAGES := libsqlite3-dev libssl-dev libfcgi-dev libpq-dev libhiredis-dev sqlite3 nginx msmtp
# What only the tests need: a real browser for the IDE, and a CGI host.
TEST_APT_PACKAGES := chromium chromium-driver fcgiwrap postgresql-15 redis-server
# Concrete types' metadata comes from accessor functions, not from mangled names the Swift runtime
# demangles at first use: demangling `_DictionaryStorage<String, String>` and the like needs the
# key's `Hashable` conformance, found by scanning all 6,600 conformance records of the binary
# (~300 K instructions a time), and every per-request process paid that anew (2.6 M instructions,
# an eighth of a cold `handle`). On every module, dependencies too: their generic specializations
# are weak symbols the linker may pick over ours.
RELEASE_FLAGS := -c release --static-swift-stdlib -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors
DATA ?= ./data
BIN := .build/release/mirubato

export MIRUBATO_DB ?= $(DATA)/mirubato.db
export MIRUBATO_KV ?= $(DATA)/kv.db

.PHONY: deps build release migrate seed run serve test test-sanitize bench request-path soak cluster-soak fairness fuzz clean

deps:
	@scripts/install-packages $(APT_PACKAGES)

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build $(RELEASE_FLAGS)

migrate: release
	$(BIN) migrate

seed: migrate
	$(BIN) seed

# Prepares ./data, answers a sample query through `mirubato handle`, then serves the practice app on
# http://127.0.0.1:8080/ and the API on /graphql (nginx + FastCGI) in the foreground until Ctrl-C.
# Sign-in links are printed to the log (MIRUBATO_MAIL=log) unless MIRUBATO_MAIL says otherwise.
run: seed
	@echo 'Sample query through `mirubato handle`:'
	echo '{"query":"{ listSheetMusic(filter: {instrument: GUITAR}, limit: 3) { totalCount edges { node { title composer } } } }"}' | $(BIN) handle
	MIRUBATO_MAIL=$${MIRUBATO_MAIL:-log} scripts/serve

test: deps
	@scripts/install-packages $(TEST_APT_PACKAGES)
	python3 scripts/check_imports.py
	$(SWIFT) build --build-tests
	$(SWIFT) test
	python3 scripts/backends.py $(CURDIR)/.build/backends -- $(SWIFT) test
	python3 Tests/e2e/http_e2e.py .build/debug/mirubato
	MIRUBATO_GATEWAY=cgi python3 Tests/e2e/http_e2e.py .build/debug/mirubato
	python3 scripts/backends.py $(CURDIR)/.build/backends -- sh -ec 'for suite in http subscriptions operator_tools hostile sync; do python3 Tests/e2e/$${suite}_e2e.py .build/debug/mirubato; done'
	python3 Tests/e2e/cluster_e2e.py .build/debug/mirubato 20 16 5
	python3 Tests/e2e/fastcgi_e2e.py .build/debug/mirubato
	python3 Tests/e2e/operator_tools_e2e.py .build/debug/mirubato
	python3 Tests/e2e/subscriptions_e2e.py .build/debug/mirubato
	$$(scripts/python-env clients) Tests/e2e/graphql_ws_e2e.py .build/debug/mirubato
	python3 scripts/backends.py $(CURDIR)/.build/backends -- $$(scripts/python-env clients) Tests/e2e/graphql_ws_e2e.py .build/debug/mirubato
	python3 Tests/e2e/hostile_e2e.py .build/debug/mirubato
	python3 Tests/e2e/sync_e2e.py .build/debug/mirubato
	python3 Tests/e2e/production_e2e.py .build/debug/mirubato
	$$(scripts/python-env mail) Tests/e2e/reminders_e2e.py .build/debug/mirubato
	python3 scripts/backends.py $(CURDIR)/.build/backends -- $$(scripts/python-env mail) Tests/e2e/reminders_e2e.py .build/debug/mirubato
	$$(scripts/python-env core32) Tests/e2e/introspection_e2e.py .build/debug/mirubato
	$$(scripts/python-env clients) Tests/e2e/introspection_e2e.py .build/debug/mirubato
	$$(scripts/python-env clients) Tests/e2e/clients_e2e.py .build/debug/mirubato
	$$(scripts/python-env clients) Tests/e2e/defer_e2e.py .build/debug/mirubato
	$$(scripts/python-env clients) Tests/e2e/recordings_e2e.py .build/debug/mirubato
	MIRUBATO_GATEWAY=cgi $$(scripts/python-env clients) Tests/e2e/recordings_e2e.py .build/debug/mirubato
	python3 scripts/backends.py $(CURDIR)/.build/backends -- $$(scripts/python-env clients) Tests/e2e/recordings_e2e.py .build/debug/mirubato
	$$(scripts/python-env core32) Tests/e2e/validation_e2e.py .build/debug/mirubato
	$$(scripts/python-env browser) Tests/e2e/ide_e2e.py .build/debug/mirubato
	$$(scripts/python-env core32) Tests/e2e/app_operations.py
	$$(scripts/python-env browser) Tests/e2e/app_e2e.py .build/debug/mirubato
	$$(scripts/python-env browser) Tests/e2e/teacher_e2e.py .build/debug/mirubato
	$$(scripts/python-env browser) Tests/e2e/recordings_app_e2e.py .build/debug/mirubato
	python3 scripts/backends.py $(CURDIR)/.build/backends -- $$(scripts/python-env browser) Tests/e2e/recordings_app_e2e.py .build/debug/mirubato
	$$(scripts/python-env notation) Tests/e2e/notation_e2e.py .build/debug/mirubato

# The Swift tests under AddressSanitizer, then ThreadSanitizer (slow; separate build folders).
# Leak reports at exit are off: the Swift runtime's process-lifetime caches would fill them.
test-sanitize: deps
	ASAN_OPTIONS=detect_leaks=0:suppressions=$(CURDIR)/Tests/asan.supp $(SWIFT) test --sanitize=address --scratch-path .build-asan
	$(SWIFT) test --sanitize=thread --scratch-path .build-tsan

# The source files one read crosses, from an LLVM coverage build in .build-cov.
request-path: deps
	python3 Benchmarks/request_path.py $(CURDIR)

# Throughput through nginx + FastCGI with wrk, beside a graphql-js peer (Benchmarks/peer/: Node
# from PyPI, pinned in scripts/python/bench.txt; graphql-js from Debian's node-graphql) and a Go
# peer (Benchmarks/gopeer/: graph-gophers/graphql-go and go-sqlite3 from Debian, built offline by
# Debian's Go into .build-gopeer/; gcc for go-sqlite3's cgo, which golang-go only recommends).
bench: release
	@scripts/install-packages wrk hyperfine node-graphql fcgiwrap valgrind postgresql-15 redis-server \
	  golang-go golang-github-graph-gophers-graphql-go-dev golang-github-mattn-go-sqlite3-dev gcc
	python3 Benchmarks/bench.py $(BIN) 10 200
	python3 Benchmarks/instructions.py $(BIN)
	@# The progress, history and statistics reads of one user with 100,000 logs (Benchmarks/RESULTS.md, "Scale").
	folder=$$(mktemp -d) && $(BIN) seed --db $$folder/scale.db --kv $$folder/kv.db --demo-users 1 --logs-per-user 100000 > /dev/null \
	  && $(BIN) benchmark --database $$folder/scale.db --iterations 100; status=$$?; rm -rf $$folder; exit $$status
	@# myPlan for that user with 200 plan items, through nginx beside myProgress (Benchmarks/RESULTS.md, "Plans at scale").
	python3 Benchmarks/plan_scale.py $(BIN) 10
	python3 Benchmarks/teacher_scale.py $(BIN) 10
	python3 Benchmarks/postgres_writes.py 10 $(BIN)
	@# Recordings: upload MiB/s and playback through nginx beside a plain nginx moving the same bytes.
	python3 Benchmarks/recordings_bench.py $(BIN) 10
	@# Subscription fan-out: 1,000 WebSockets, then 16 WebSockets beside 16 SSE streams (Benchmarks/RESULTS.md, "GraphQL over WebSocket").
	$$(scripts/python-env clients) Benchmarks/ws_fanout.py $(BIN) 10
	python3 scripts/backends.py $(CURDIR)/.build/backends -- $$(scripts/python-env clients) Benchmarks/ws_fanout.py $(BIN) 10

# 60 s of mixed load from 32 clients over 100 users with 20 SIGKILLs, then consistency checks.
soak: release
	python3 Benchmarks/soak.py $(BIN) 60 32 20

# Three hosts in network namespaces behind nginx on PostgreSQL + Redis: 60 s of the same load
# from 32 clients, a host SIGKILLed every 10 s, PostgreSQL crashed once (`make test`: 20 s).
cluster-soak: release
	@scripts/install-packages postgresql-15 redis-server
	python3 Tests/e2e/cluster_e2e.py $(BIN) 60 32 10

# Another client's latency beside the costliest requests the limits allow, with and without
# the request rate limit.
fairness: release
	python3 Benchmarks/fairness.py $(BIN) 20
	python3 Benchmarks/fairness.py $(BIN) 20 --unlimited

# The request-path fuzzer for longer than `make test` runs it.
fuzz: deps
	FUZZ_ITERATIONS=$${FUZZ_ITERATIONS:-50000} $(SWIFT) test --filter FuzzTests

clean:
	rm -rf .build
