// The `errors` of answers, shaped as the graphql-js peer shapes them (formatError, requestError
// and graphQLErrors in Benchmarks/peer/handler.mjs).
package main

import (
	"errors"
	"os"
	"sort"
	"strings"

	gqlerrors "github.com/graph-gophers/graphql-go/errors"
)

// errorJSON is one member of `errors`, its members in graphql-js's order.
type errorJSON struct {
	Message    string               `json:"message"`
	Locations  []gqlerrors.Location `json:"locations,omitempty"`
	Path       []any                `json:"path,omitempty"`
	Extensions rawJSON              `json:"extensions"`
}

// rawJSON is JSON text written as it is.
type rawJSON string

func (r rawJSON) MarshalJSON() ([]byte, error) { return []byte(r), nil }

// extensionsJSON writes extensions with `code` last, as `{ ...extensions, code }` does.
func extensionsJSON(extensions map[string]any, code string) rawJSON {
	names := make([]string, 0, len(extensions))
	for name := range extensions {
		if name != "code" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var builder strings.Builder
	builder.WriteByte('{')
	for _, name := range names {
		quote(&builder, name)
		builder.WriteByte(':')
		builder.WriteString(jsonText(extensions[name]))
		builder.WriteByte(',')
	}
	builder.WriteString(`"code":`)
	quote(&builder, code)
	builder.WriteByte('}')
	return rawJSON(builder.String())
}

// logInternalError writes an error that is no APIError to standard error, as the graphql-js peer does.
func logInternalError(err error) {
	os.Stderr.WriteString(jsonText(map[string]string{"error": "Error: " + err.Error(), "event": "internal_error", "level": "error"}) + "\n")
}

// formatError shapes an execution error; an error that is not the API's becomes
// INTERNAL_SERVER_ERROR, logged.
func formatError(failure *gqlerrors.QueryError) (errorJSON, string) {
	var api *APIError
	if errors.As(failure.ResolverError, &api) {
		return errorJSON{api.Message, failure.Locations, failure.Path, extensionsJSON(api.Fields, api.Code)}, api.Code
	}
	if failure.ResolverError != nil {
		logInternalError(failure.ResolverError)
		return errorJSON{"Internal server error.", failure.Locations, failure.Path, extensionsJSON(nil, "INTERNAL_SERVER_ERROR")}, "INTERNAL_SERVER_ERROR"
	}
	return errorJSON{failure.Message, failure.Locations, failure.Path, extensionsJSON(failure.Extensions, "INTERNAL_SERVER_ERROR")}, "INTERNAL_SERVER_ERROR"
}

// requestError is the answer to a request refused before execution.
func requestError(err error, requestID string, status int) Answer {
	var api *APIError
	if !errors.As(err, &api) {
		logInternalError(err)
		api = apiError("INTERNAL_SERVER_ERROR", "Internal server error.")
	}
	if api.Code == "RATE_LIMITED" {
		status = 429
	}
	body := `{"errors":[{"message":` + jsonText(api.Message) + `,"extensions":` + string(extensionsJSON(api.Fields, api.Code)) + `}]}`
	return Answer{body: body, status: status, requestID: requestID, errorCodes: []string{api.Code}}
}

// graphQLErrors is the answer to a document that does not parse or validate.
func graphQLErrors(failures []*gqlerrors.QueryError, code, requestID string) Answer {
	shaped := make([]errorJSON, len(failures))
	codes := make([]string, len(failures))
	for index, failure := range failures {
		shaped[index] = errorJSON{Message: failure.Message, Locations: failure.Locations, Extensions: extensionsJSON(nil, code)}
		codes[index] = code
	}
	return Answer{body: jsonText(map[string]any{"errors": shaped}), status: 200, requestID: requestID, errorCodes: codes}
}
