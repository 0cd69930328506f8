# Mirubato API. `make run` builds, prepares ./data and answers a sample query; `make test` runs every test.
# Both install missing Debian packages first (as root, or through sudo).

SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
APT_PACKAGES := libsqlite3-dev libssl-dev libfcgi-dev sqlite3 nginx
RELEASE_FLAGS := -c release --static-swift-stdlib
DATA ?= ./data
BIN := .build/release/mirubato

export MIRUBATO_DB ?= $(DATA)/mirubato.db
export MIRUBATO_KV ?= $(DATA)/kv.db

.PHONY: deps build release migrate seed run test clean

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

run: seed
	@echo 'Sample query through `mirubato handle`:'
	echo '{"query":"{ listSheetMusic(filter: {instrument: GUITAR}, limit: 3) { totalCount edges { node { title composer } } } }"}' | $(BIN) handle

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

clean:
	rm -rf .build
