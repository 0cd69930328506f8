// The prepared documents.
package main

import (
	_ "unsafe" // for go:linkname

	_ "github.com/graph-gophers/graphql-go" // links the parser in
	gqlerrors "github.com/graph-gophers/graphql-go/errors"
	"github.com/graph-gophers/graphql-go/types"
)

// parseQuery is graphql-go's own query parser. graphql-go 1.5 keeps it internal: its public API
// has no parsed document to keep. Schema.Exec takes the query text and parses and validates it
// on every call, so this peer cannot cache a prepared document for execution as the project
// and the graphql-js peer do. It keeps graphql-go's parse of each query text (this link to the
// internal parser) for what the project reads from its cached document before executing: the
// query cost, the operation's name and type, and parse errors. Execution (Exec) then parses
// and validates the text again.
//
//go:linkname parseQuery github.com/graph-gophers/graphql-go/internal/query.Parse
func parseQuery(queryString string) (*types.ExecutableDefinition, *gqlerrors.QueryError)

// Prepared is the outcome of parsing a query text: the document and the operation to run (nil
// when the document does not name one), or the parse error.
type Prepared struct {
	document  *types.ExecutableDefinition
	operation *types.OperationDefinition
	err       *gqlerrors.QueryError
}

const maxCachedQuery = 32 * 1024

// prepared parses once per query text and operation name; the outcome is kept in documents.
func prepared(documents *LRU, query, operationName string) *Prepared {
	// Bytes, not UTF-16 units as in the graphql-js peer: the same for the ASCII texts of the benchmark.
	cacheable := len(query) <= maxCachedQuery
	key := operationName + "\x00" + query
	if cacheable {
		if hit, ok := documents.get(key); ok {
			return hit.(*Prepared)
		}
	}
	document, err := parseQuery(query)
	outcome := &Prepared{document: document, err: err}
	if err == nil {
		outcome.operation = operationOf(document, operationName)
	}
	if cacheable {
		documents.set(key, outcome)
	}
	return outcome
}

// operationOf is graphql-js's getOperationAST: the named operation, or the only one.
func operationOf(document *types.ExecutableDefinition, operationName string) *types.OperationDefinition {
	if operationName == "" {
		if len(document.Operations) == 1 {
			return document.Operations[0]
		}
		return nil
	}
	return document.Operations.Get(operationName)
}
