// The SQLite side of the peer (Benchmarks/peer/sqlite.mjs): one connection per file and worker,
// opened the way the project's `Database` opens its files, and the KV file with its cached values.
package main

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

// Row is one result row read by column index (the project's `Row`), so repeated column names do
// not collide. Values are int64, float64, string, []byte or nil.
type Row []any

// statement is a prepared statement with what go-sqlite3 needs undoing on its columns.
type statement struct {
	stmt *sql.Stmt
	// go-sqlite3 turns TEXT read from a column declared DATE, DATETIME or TIMESTAMP into a
	// time.Time; the project and the graphql-js peer read the stored text. dateColumns holds, per
	// column, the layout that writes such a value back as the text the project stores (it
	// always stores `YYYY-MM-DD` and `YYYY-MM-DDTHH:MM:SS.mmmZ`), or "" for other columns.
	dateColumns []string
}

// Database is one connection with its statement cache and transaction depth. It belongs to one
// worker (see main.go), which serves one request at a time, so it needs no lock.
type Database struct {
	conn       *sql.Conn
	statements map[string]*statement
	depth      int
}

// openDatabase opens a connection with the project's pragmas: foreign keys, NORMAL sync in WAL
// mode (durable across crashes, may lose the last transactions on power loss), temp tables in
// memory, 5 s busy wait.
func openDatabase(pool *sql.DB) (*Database, error) {
	conn, err := pool.Conn(context.Background())
	if err != nil {
		return nil, err
	}
	_, err = conn.ExecContext(context.Background(), `PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;
      PRAGMA temp_store = MEMORY; PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL;`)
	if err != nil {
		return nil, err
	}
	return &Database{conn: conn, statements: map[string]*statement{}}, nil
}

// statement prepares `text` once per connection, like the project's statement cache.
func (d *Database) statement(text string) *statement {
	if found, ok := d.statements[text]; ok {
		return found
	}
	stmt, err := d.conn.PrepareContext(context.Background(), text)
	must(err)
	found := &statement{stmt: stmt}
	d.statements[text] = found
	return found
}

// all answers every row. Failures panic, as the graphql-js peer's statements throw; the request
// path recovers them into an INTERNAL_SERVER_ERROR (see rescue in errors.go).
func (d *Database) all(text string, parameters ...any) []Row {
	found := d.statement(text)
	rows, err := found.stmt.Query(bindable(parameters)...)
	must(err)
	defer rows.Close()
	if found.dateColumns == nil {
		kinds, err := rows.ColumnTypes()
		must(err)
		found.dateColumns = make([]string, len(kinds))
		for index, kind := range kinds {
			switch strings.ToUpper(kind.DatabaseTypeName()) {
			case "DATE":
				found.dateColumns[index] = "2006-01-02"
			case "DATETIME", "TIMESTAMP":
				found.dateColumns[index] = "2006-01-02T15:04:05.000Z"
			}
		}
	}
	var result []Row
	targets := make([]any, len(found.dateColumns))
	for rows.Next() {
		row := make(Row, len(targets))
		for index := range row {
			targets[index] = &row[index]
		}
		must(rows.Scan(targets...))
		for index, value := range row {
			if moment, ok := value.(time.Time); ok {
				row[index] = moment.UTC().Format(found.dateColumns[index])
			}
		}
		result = append(result, row)
	}
	must(rows.Err())
	return result
}

// first answers the first row, or nil.
func (d *Database) first(text string, parameters ...any) Row {
	rows := d.all(text, parameters...)
	if len(rows) == 0 {
		return nil
	}
	return rows[0]
}

// run executes a write and answers the rows it changed.
func (d *Database) run(text string, parameters ...any) int64 {
	result, err := d.statement(text).stmt.Exec(bindable(parameters)...)
	must(err)
	changed, err := result.RowsAffected()
	must(err)
	return changed
}

func (d *Database) exec(text string) {
	_, err := d.conn.ExecContext(context.Background(), text)
	must(err)
}

// transaction runs body under BEGIN IMMEDIATE (the write lock up front), or a savepoint when
// nested, as the project does; a panic rolls it back and goes on up.
func (d *Database) transaction(body func()) {
	nested := d.depth > 0
	name := fmt.Sprintf("nested_%d", d.depth)
	if nested {
		d.exec("SAVEPOINT " + name)
	} else {
		d.exec("BEGIN IMMEDIATE")
	}
	d.depth++
	committed := false
	defer func() {
		d.depth--
		if committed {
			return
		}
		if nested {
			d.exec("ROLLBACK TO " + name + "; RELEASE " + name)
		} else {
			d.exec("ROLLBACK")
		}
	}()
	body()
	if nested {
		d.exec("RELEASE " + name)
	} else {
		d.exec("COMMIT")
	}
	committed = true
}

// bindable binds whole numbers as INTEGER, as the project and the graphql-js peer do (a REAL
// changes what `CAST(? AS TEXT)` gives and what TEXT columns store), and nil pointers as NULL.
func bindable(parameters []any) []any {
	for index, value := range parameters {
		switch pointer := value.(type) {
		case *string:
			value = deref(pointer)
		case *int32:
			value = deref(pointer)
		case *int64:
			value = deref(pointer)
		case *float64:
			value = deref(pointer)
		}
		switch number := value.(type) {
		case int:
			value = int64(number)
		case int32:
			value = int64(number)
		case float64:
			if number == math.Trunc(number) && math.Abs(number) < 1<<53 {
				value = int64(number)
			}
		}
		parameters[index] = value
	}
	return parameters
}

// deref is a pointer's value, or nil (NULL) for a nil pointer.
func deref[T any](pointer *T) any {
	if pointer == nil {
		return nil
	}
	return *pointer
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// KVStore is the KV file (KVStore.swift): the same table, the same statements.
type KVStore struct {
	database *Database
}

func openKV(pool *sql.DB) (*KVStore, error) {
	database, err := openDatabase(pool)
	if err != nil {
		return nil, err
	}
	_, err = database.conn.ExecContext(context.Background(), `
      CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS idx_kv_expires ON kv(expires_at) WHERE expires_at IS NOT NULL;`)
	return &KVStore{database: database}, err
}

// get answers the live value of key, or "" and false.
func (kv *KVStore) get(key string, now int64) (string, bool) {
	row := kv.database.first("SELECT value FROM kv WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)", key, now)
	if row == nil {
		return "", false
	}
	text, ok := row[0].(string)
	return text, ok
}

// put stores value for ttl seconds and drops some expired entries.
func (kv *KVStore) put(key, value string, ttl, now int64) {
	kv.database.transaction(func() {
		kv.database.run(
			"INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
			key, value, now+ttl*1000)
		kv.database.run("DELETE FROM kv WHERE key IN (SELECT key FROM kv WHERE expires_at <= ? LIMIT 64)", now)
	})
}
