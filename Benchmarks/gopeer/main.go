// Command gopeer is the compiled Go peer of the benchmarks: a subset of the project's schema
// (schema.graphql, see its header) served by graph-gophers/graphql-go on Go's net/http, over a
// copy of the project's SQLite database (mattn/go-sqlite3), doing the project's work per
// request. It mirrors the graphql-js peer (Benchmarks/peer/) step for step: the same request
// path (handler.go), the same SQL statements in the same order (resolvers.go, logs.go,
// progress.go), the same tokens, cursors and cache keys (crypto.go), the same query cost
// (cost.go) and the same answers, headers and log lines. It answers HTTP on
// 127.0.0.1:PEER_PORT behind its own nginx (Benchmarks/peer/nginx.conf).
//
// Where it cannot do the same work, it says so: graphql-go has no prepared document to execute,
// so every request is parsed and validated by Exec (schema.go).
//
// Environment, as the graphql-js peer reads it: PEER_PORT (required), MIRUBATO_DB (the database
// copy), MIRUBATO_KV (its own KV file), MIRUBATO_JWT_SECRET and MIRUBATO_DATA_KEY (else the
// `jwt-secret` and `data-key` files beside the database, as the project reads them in
// development), MIRUBATO_RATE_REQUESTS (600/60), PEER_WORKERS (2).
//
// One process: Go runs goroutines on every core (GOMAXPROCS is left at its default), so the
// graphql-js peer's PEER_WORKERS processes become PEER_WORKERS workers, each with its own
// connection to the database and to the KV file, as each of those processes has. HTTP parsing
// and writing run on any number of goroutines; a request holds a worker for its application work.
//
// Build (Debian's golang-go with golang-github-graph-gophers-graphql-go-dev and
// golang-github-mattn-go-sqlite3-dev, offline, in GOPATH mode), from this folder:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= go build -tags libsqlite3 -o OUT .
package main

import (
	"database/sql"
	_ "embed"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	graphql "github.com/graph-gophers/graphql-go"
)

//go:embed schema.graphql
var schemaSDL string

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gopeer:", err)
		os.Exit(1)
	}
}

func run() error {
	environment := func(name, fallback string) string {
		if value, ok := os.LookupEnv(name); ok {
			return value
		}
		return fallback
	}
	working, err := os.Getwd()
	if err != nil {
		return err
	}
	database := environment("MIRUBATO_DB", filepath.Join(working, "data/mirubato.db"))
	secret := func(name, file string) (string, error) {
		if value := os.Getenv(name); value != "" {
			return value, nil
		}
		text, err := os.ReadFile(filepath.Join(filepath.Dir(database), file))
		return strings.TrimSpace(string(text)), err
	}
	jwtSecret, err := secret("MIRUBATO_JWT_SECRET", "jwt-secret")
	if err != nil {
		return err
	}
	dataKeyText, err := secret("MIRUBATO_DATA_KEY", "data-key")
	if err != nil {
		return err
	}
	dataKey, err := keyFromText(dataKeyText)
	if err != nil {
		return err
	}
	workers, err := strconv.Atoi(environment("PEER_WORKERS", "2"))
	if err != nil || workers < 1 {
		return fmt.Errorf("PEER_WORKERS must be a positive number")
	}
	schema, err := graphql.ParseSchema(schemaSDL, &Resolver{}, graphql.UseFieldResolvers(), graphql.MaxParallelism(1))
	if err != nil {
		return err
	}
	peer := &Peer{schema: schema, workers: make(chan *Worker, workers), documents: newLRU(256), values: newLRU(256),
		counters: &RateCounters{windows: map[string]*rateWindow{}}, dataKey: dataKey, cursors: newCursorCodec(dataKey),
		jwtKey: []byte(jwtSecret), requests: budget(os.Getenv("MIRUBATO_RATE_REQUESTS"), Budget{600, 60})}
	databases, err := pool(database, workers)
	if err != nil {
		return err
	}
	kvFiles, err := pool(environment("MIRUBATO_KV", filepath.Join(filepath.Dir(database), "peer-kv.db")), workers)
	if err != nil {
		return err
	}
	for index := 0; index < workers; index++ {
		db, err := openDatabase(databases)
		if err != nil {
			return err
		}
		kv, err := openKV(kvFiles)
		if err != nil {
			return err
		}
		peer.workers <- &Worker{db: db, kv: kv}
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-stop
		os.Exit(0)
	}()
	server := &http.Server{
		Addr:    "127.0.0.1:" + os.Getenv("PEER_PORT"),
		Handler: peer,
		// nginx keeps idle upstream connections open for 60 s: the peer must not close them
		// first, or a request sent on a connection it is closing fails with a 502.
		IdleTimeout:       75 * time.Second,
		ReadHeaderTimeout: 76 * time.Second,
	}
	return server.ListenAndServe()
}

// pool opens a SQLite file for `size` long-lived connections, one per worker.
func pool(path string, size int) (*sql.DB, error) {
	databases, err := sql.Open("sqlite3", path)
	if err != nil {
		return nil, err
	}
	databases.SetMaxOpenConns(size)
	databases.SetMaxIdleConns(size)
	databases.SetConnMaxLifetime(0)
	return databases, nil
}

var budgetText = regexp.MustCompile(`^(\d+)/(\d+)$`)

// budget reads a `LIMIT/SECONDS` budget, or answers fallback.
func budget(text string, fallback Budget) Budget {
	match := budgetText.FindStringSubmatch(text)
	if match == nil {
		return fallback
	}
	limit, _ := strconv.ParseInt(match[1], 10, 64)
	seconds, _ := strconv.ParseInt(match[2], 10, 64)
	return Budget{limit, seconds}
}
