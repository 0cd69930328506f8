// One request's path, step for step the project's (HTTPGateway.handle, Endpoint.respond) and the
// graphql-js peer's (Benchmarks/peer/handler.mjs): JSON body, credentials (JWT signature and
// claims, then the session row), the request budget counted in memory, the prepared document
// from the cache, the query cost (a second spend when it is 200 or more), execution, the answer
// with `extensions.cost`, response headers and one JSON log line on standard error.
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	graphql "github.com/graph-gophers/graphql-go"
	gqlerrors "github.com/graph-gophers/graphql-go/errors"
	"github.com/graph-gophers/graphql-go/types"
)

const (
	maxBodyBytes = 1 << 20
	maxCost      = 10_000
)

// Peer is what the workers share: the schema, the caches, the request budget and the keys.
type Peer struct {
	schema    *graphql.Schema
	workers   chan *Worker
	documents *LRU
	values    *LRU
	counters  *RateCounters
	dataKey   []byte
	cursors   *CursorCodec
	jwtKey    []byte
	requests  Budget
	metrics   sync.Map // operation name → *int64, as the graphql-js peer counts them
}

// Worker is one connection to the database and one to the KV file. A request holds a worker
// from its credentials to its answer, so at most as many requests run the project's work at
// once as there are workers (see main.go).
type Worker struct {
	db *Database
	kv *KVStore
}

// Viewer is who the request is from: a live session's user, anonymous, or rejected credentials.
type Viewer struct {
	kind              string // "user", "anonymous" or "rejected"
	userID, sessionID string
	err               *APIError
}

// Request is what the resolvers of one request read from their context.
type Request struct {
	db          *Database
	kv          *KVStore
	shared      *Peer
	viewer      Viewer
	now         int64
	sessionLogs *keyedLoader
}

type requestKey struct{}

func requestOf(ctx context.Context) *Request { return ctx.Value(requestKey{}).(*Request) }

func nowMS() int64 { return time.Now().UnixMilli() }

// Answer is a response and what its log line tells.
type Answer struct {
	body       string
	status     int
	requestID  string
	operation  *types.OperationDefinition
	userID     *string
	errorCodes []string
}

func (p *Peer) take() *Worker  { return <-p.workers }
func (p *Peer) give(w *Worker) { p.workers <- w }

// viewerFrom checks the credentials of a request.
func (p *Peer) viewerFrom(db *Database, header http.Header, now int64) Viewer {
	var token string
	if values, ok := header["Authorization"]; ok {
		scheme, value, found := strings.Cut(values[0], " ")
		if !found || strings.ToLower(scheme) != "bearer" {
			return rejected("Authorization must be `Bearer <access token>`.")
		}
		token = strings.Trim(value, " \t")
	} else {
		var ok bool
		if token, ok = cookie(strings.Join(header["Cookie"], "; "), "mirubato_session"); !ok {
			return Viewer{kind: "anonymous"}
		}
	}
	claims := verifyAccessToken(token, p.jwtKey, int64(math.Floor(float64(now)/1000)))
	if claims == nil {
		return rejected("The access token is invalid or expired.")
	}
	if db.first("SELECT 1 FROM auth_sessions WHERE id = ? AND user_id = ? AND revoked_at IS NULL", claims.sessionID, claims.userID) == nil {
		return rejected("This session has ended; sign in again.")
	}
	return Viewer{kind: "user", userID: claims.userID, sessionID: claims.sessionID}
}

func rejected(message string) Viewer {
	return Viewer{kind: "rejected", err: apiError("UNAUTHENTICATED", message)}
}

func cookie(header, name string) (string, bool) {
	for _, pair := range strings.Split(header, ";") {
		if key, value, found := strings.Cut(pair, "="); found && strings.TrimSpace(key) == name {
			return strings.TrimSpace(value), true
		}
	}
	return "", false
}

func subject(viewer Viewer, clientAddress string) string {
	if viewer.kind == "user" {
		return "user:" + viewer.userID
	}
	return "client:" + clientAddress
}

var requestIDText = regexp.MustCompile(`^[\x21\x23-\x5b\x5d-\x7e]{1,128}$`)

// respond answers a request body.
func (p *Peer) respond(text []byte, header http.Header, clientAddress string) Answer {
	requestID := nanoid()
	if given := header.Values("X-Request-Id"); len(given) > 0 && requestIDText.MatchString(given[0]) {
		requestID = given[0]
	}
	var decoded any
	if err := json.Unmarshal(text, &decoded); err != nil {
		return requestError(apiError("BAD_REQUEST", fmt.Sprintf("The request is not valid JSON: %s.", err)), requestID, 400)
	}
	request, ok := decoded.(map[string]any)
	if !ok {
		return requestError(apiError("BAD_REQUEST", "The benchmark peer takes one JSON request object."), requestID, 400)
	}
	worker := p.take()
	defer p.give(worker)
	now := nowMS()
	viewer := p.viewerFrom(worker.db, header, now)
	if err := spend(p.counters, "requests", subject(viewer, clientAddress), p.requests, now, 1); err != nil {
		return requestError(err, requestID, 200)
	}
	query, _ := request["query"].(string)
	if query == "" {
		return requestError(apiError("BAD_REQUEST", "The request has no query."), requestID, 200)
	}
	operationName, _ := request["operationName"].(string)
	ready := prepared(p.documents, query, operationName)
	if ready.err != nil {
		return graphQLErrors([]*gqlerrors.QueryError{ready.err}, "GRAPHQL_PARSE_FAILED", requestID)
	}
	variables, _ := request["variables"].(map[string]any)
	if variables == nil {
		variables = map[string]any{}
	}
	requested := int64(0)
	if ready.operation != nil {
		requested = cost(p.schema.ASTSchema(), ready.document, ready.operation, variables)
	}
	if requested > maxCost {
		return requestError(&APIError{Code: "QUERY_TOO_COMPLEX", Message: fmt.Sprintf("The query would cost %d, more than %d.", requested, maxCost),
			Fields: map[string]any{"cost": map[string]any{"requested": requested, "limit": maxCost}}}, requestID, 200)
	}
	if requested >= 200 {
		if err := spend(p.counters, "requests", subject(viewer, clientAddress), p.requests, now, requested/100); err != nil {
			return requestError(err, requestID, 200)
		}
	}
	execution := &Request{db: worker.db, kv: worker.kv, shared: p, viewer: viewer, now: now,
		sessionLogs: sessionLogsLoader(worker.db, p.dataKey, viewer)}
	// Exec parses and validates the text again (graphql-go has no prepared document to run).
	result := p.schema.Exec(contextWith(execution), query, operationName, variables)
	if len(result.Data) == 0 && len(result.Errors) > 0 && result.Errors[0].Rule != "" {
		return graphQLErrors(result.Errors, "GRAPHQL_VALIDATION_FAILED", requestID)
	}
	var body strings.Builder
	body.WriteByte('{')
	codes := []string{}
	if len(result.Errors) > 0 {
		shaped := make([]errorJSON, len(result.Errors))
		for index, failure := range result.Errors {
			var code string
			shaped[index], code = formatError(failure)
			codes = append(codes, code)
		}
		body.WriteString(`"errors":` + jsonText(shaped) + ",")
	}
	data := []byte("null")
	if len(result.Data) > 0 {
		data = undoHTMLEscapes(result.Data)
	}
	body.WriteString(`"data":`)
	body.Write(data)
	fmt.Fprintf(&body, `,"extensions":{"cost":{"requested":%d,"limit":%d}}}`, requested, maxCost)
	answer := Answer{body: body.String(), status: 200, requestID: requestID, operation: ready.operation, errorCodes: codes}
	if viewer.kind == "user" {
		answer.userID = &viewer.userID
	}
	return answer
}

func contextWith(request *Request) context.Context {
	return context.WithValue(context.Background(), requestKey{}, request)
}

// undoHTMLEscapes: encoding/json, which graphql-go writes every scalar with, writes <, > and &
// as \u003c, \u003e and \u0026; the project and graphql-js write them as they are.
func undoHTMLEscapes(data []byte) []byte {
	if !bytes.Contains(data, []byte(`\u00`)) {
		return data
	}
	out := make([]byte, 0, len(data))
	for index := 0; index < len(data); index++ {
		char := data[index]
		if char != '\\' || index+1 == len(data) {
			out = append(out, char)
			continue
		}
		if index+5 < len(data) && string(data[index+1:index+4]) == "u00" {
			switch string(data[index+4 : index+6]) {
			case "3c":
				out, index = append(out, '<'), index+5
				continue
			case "3e":
				out, index = append(out, '>'), index+5
				continue
			case "26":
				out, index = append(out, '&'), index+5
				continue
			}
		}
		// Any other escape is copied whole, so an escaped backslash never starts another.
		out, index = append(out, char, data[index+1]), index+1
	}
	return out
}

var jsonContentType = regexp.MustCompile(`(?i)^application/json\s*(;|$)`)

func randomHex(size int) string {
	random := make([]byte, size)
	_, err := rand.Read(random)
	must(err)
	return hex.EncodeToString(random)
}

// ServeHTTP answers one HTTP request, sets the project's response headers and logs it.
func (p *Peer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	started := time.Now()
	traceID, spanID := randomHex(16), randomHex(8)
	path := r.URL.Path
	var answer Answer
	switch {
	case path == "/healthz":
		worker := p.take()
		worker.kv.get("readiness-probe", nowMS())
		p.give(worker)
		answer = Answer{status: 200, body: `{"status":"ok"}`}
	case path != "/graphql":
		answer = Answer{status: 404, body: "Not found."}
	case r.Method != "POST":
		answer = Answer{status: 405, body: "Use POST."}
	case !jsonContentType.MatchString(r.Header.Get("Content-Type")):
		answer = Answer{status: 415, body: "Send the request as application/json."}
	default:
		text, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
		switch {
		case err != nil:
			answer = Answer{status: 400, body: "The request body could not be read."}
		case len(text) > maxBodyBytes:
			answer = Answer{status: 413, body: fmt.Sprintf("The request is larger than %d bytes.", maxBodyBytes)}
		default:
			answer = p.respond(text, r.Header, clientAddress(r))
		}
	}
	duration := jsRound(time.Since(started).Seconds()*1e6) / 1000
	headers := w.Header()
	// Set directly, so the names go out as the graphql-js peer spells them.
	headers["Content-Type"] = []string{"text/plain; charset=utf-8"}
	headers["Cache-Control"] = []string{"no-store"}
	if answer.requestID != "" {
		headers["Content-Type"] = []string{"application/json; charset=utf-8"}
		headers["Cache-Control"] = []string{"private, no-store"}
		headers["X-Request-ID"] = []string{answer.requestID}
	}
	headers["traceresponse"] = []string{"00-" + traceID + "-" + spanID + "-01"}
	headers["X-Content-Type-Options"] = []string{"nosniff"}
	headers["Server-Timing"] = []string{"app;dur=" + jsNumber(duration)}
	w.WriteHeader(answer.status)
	io.WriteString(w, answer.body)
	p.logRequest(r, path, answer, duration, traceID, spanID)
}

func clientAddress(r *http.Request) string {
	if given, ok := r.Header["X-Real-Ip"]; ok {
		return given[0]
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// logLine is one request's log line, members sorted as the project's JSONWriter writes them.
type logLine struct {
	DurationMs    float64  `json:"durationMs"`
	ErrorCodes    []string `json:"errorCodes"`
	Method        string   `json:"method"`
	OperationName *string  `json:"operationName"`
	OperationType *string  `json:"operationType"`
	Path          string   `json:"path"`
	RequestID     *string  `json:"requestId"`
	SpanID        string   `json:"spanId"`
	Status        int      `json:"status"`
	Time          string   `json:"time"`
	TraceID       string   `json:"traceId"`
	UserID        *string  `json:"userId"`
}

func (p *Peer) logRequest(r *http.Request, path string, answer Answer, duration float64, traceID, spanID string) {
	line := logLine{DurationMs: duration, ErrorCodes: answer.errorCodes, Method: r.Method, Path: path, SpanID: spanID,
		Status: answer.status, Time: iso(nowMS()), TraceID: traceID, UserID: answer.userID}
	if line.ErrorCodes == nil {
		line.ErrorCodes = []string{}
	}
	var name *string
	if answer.operation != nil {
		if answer.operation.Name.Name != "" {
			name = &answer.operation.Name.Name
		}
		kind := strings.ToLower(string(answer.operation.Type))
		line.OperationType = &kind
	}
	line.OperationName = name
	if answer.requestID != "" {
		line.RequestID = &answer.requestID
	}
	if path == "/graphql" {
		key := ""
		if name != nil {
			key = *name
		}
		counter, _ := p.metrics.LoadOrStore(key, new(int64))
		atomic.AddInt64(counter.(*int64), 1)
	}
	os.Stderr.WriteString(jsonText(line) + "\n")
}
