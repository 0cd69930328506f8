// The resolvers the benchmark's operations need (Benchmarks/peer/resolvers.mjs), over the
// project's tables with the project's SQL: `me`, `listSheetMusic`, `myPracticeSessions` with
// `PracticeSession.logs`, `myProgress` and `createPracticeLog`. Rows become the structs of
// types.go.
//
// Like the graphql-js peer's, these resolvers throw: a failed statement or a refused input
// panics (with an *APIError for the refusals), and each resolver graphql-go calls recovers the
// panic into its error with `defer rescue(&err)`. That keeps them step for step the same as the
// graphql-js peer's; errors.go turns the errors into the answer's `errors`.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"

	graphql "github.com/graph-gophers/graphql-go"
)

// rescue turns a panic of a resolver into its returned error.
func rescue(err *error) {
	if recovered := recover(); recovered != nil {
		if failure, ok := recovered.(error); ok {
			*err = failure
			return
		}
		*err = fmt.Errorf("%v", recovered)
	}
}

// userIDOf is the signed-in user's id, or why there is none (Viewer.userID()).
func userIDOf(viewer Viewer) string {
	switch viewer.kind {
	case "user":
		return viewer.userID
	case "anonymous":
		panic(apiError("UNAUTHENTICATED", "Sign in to see this."))
	}
	panic(viewer.err)
}

// A page of a list (Database+Paging.swift): the count, one row more than the page to tell
// whether items follow, the sort key selected after the mapped columns; every item's cursor is
// signed whether or not it is asked for, as the project's services do.
type pageSpec struct {
	columns, table, condition string
	parameters                []any
	order                     []string
	descending                bool
}

// pageStart is where a page starts: after a sort key, or at an offset.
type pageStart struct {
	after  []string
	offset int64
}

// Page is a page of a list; pages of pieces are cached as JSON.
type Page[T any] struct {
	Items           []T
	TotalCount      int64
	HasNextPage     bool
	HasPreviousPage bool
	SortKeys        [][]string
}

func page[T any](db *Database, spec pageSpec, start pageStart, limit int64, mapRow func(Row) T) Page[T] {
	total := integer(db.first("SELECT count(*) FROM "+spec.table+" WHERE "+spec.condition, spec.parameters...)[0])
	keys := strings.Join(spec.order, ", ")
	orderBy := keys
	placeholders := strings.TrimSuffix(strings.Repeat("?, ", len(spec.order)), ", ")
	if spec.descending {
		orderBy = strings.Join(spec.order, " DESC, ") + " DESC"
	}
	var rows []Row
	hasPreviousPage := false
	if start.after != nil {
		before, after := ">", "<="
		if spec.descending {
			before, after = "<", ">="
		}
		parameters := append(append(append([]any{}, spec.parameters...), strings2any(start.after)...), limit+1)
		rows = db.all("SELECT "+spec.columns+", "+keys+" FROM "+spec.table+" WHERE ("+spec.condition+") AND ("+keys+") "+before+" ("+placeholders+`)
      ORDER BY `+orderBy+" LIMIT ?", parameters...)
		parameters = append(append([]any{}, spec.parameters...), strings2any(start.after)...)
		hasPreviousPage = db.first("SELECT 1 FROM "+spec.table+" WHERE ("+spec.condition+") AND ("+keys+") "+after+" ("+placeholders+`)
      LIMIT 1`, parameters...) != nil
	} else {
		parameters := append(append([]any{}, spec.parameters...), limit+1, start.offset)
		rows = db.all("SELECT "+spec.columns+", "+keys+" FROM "+spec.table+" WHERE "+spec.condition+" ORDER BY "+orderBy+" LIMIT ? OFFSET ?",
			parameters...)
		hasPreviousPage = start.offset > 0 && total > 0
	}
	hasNextPage := int64(len(rows)) > limit
	if hasNextPage {
		rows = rows[:limit]
	}
	result := Page[T]{Items: make([]T, len(rows)), TotalCount: total, HasNextPage: hasNextPage, HasPreviousPage: hasPreviousPage,
		SortKeys: make([][]string, len(rows))}
	for index, row := range rows {
		result.Items[index] = mapRow(row)
		key := make([]string, len(spec.order))
		for position, cell := range row[len(row)-len(spec.order):] {
			key[position] = text(cell)
		}
		result.SortKeys[index] = key
	}
	return result
}

func strings2any(values []string) []any {
	result := make([]any, len(values))
	for index, value := range values {
		result[index] = value
	}
	return result
}

// signed answers the cursors of a page's items and its PageInfo.
func signed[T any](result Page[T], list string, cursors *CursorCodec) ([]string, *PageInfo) {
	made := make([]string, len(result.SortKeys))
	for index, key := range result.SortKeys {
		made[index] = cursors.make(list, key)
	}
	info := &PageInfo{HasNextPage: result.HasNextPage, HasPreviousPage: result.HasPreviousPage}
	if len(made) > 0 {
		info.StartCursor, info.EndCursor = &made[0], &made[len(made)-1]
	}
	return made, info
}

// resolvePageStart is the size and start of a page (PageRequest.resolved).
func resolvePageStart(limitArgument, offsetArgument *int32, afterArgument *string, list string, keyCount int, cursors *CursorCodec) (int64, pageStart) {
	limit := int64(20)
	if limitArgument != nil {
		limit = int64(*limitArgument)
	}
	if limit < 1 || limit > 100 {
		panic(invalid("limit", "limit must be between 1 and 100."))
	}
	if afterArgument != nil {
		key := cursors.sortKey(*afterArgument, list, keyCount)
		if key == nil {
			panic(invalid("after", "after is not a cursor from this list."))
		}
		return limit, pageStart{after: key}
	}
	offset := int64(0)
	if offsetArgument != nil {
		offset = int64(*offsetArgument)
	}
	if offset < 0 {
		panic(invalid("offset", "offset must not be negative."))
	}
	return limit, pageStart{offset: offset}
}

func invalid(field, message string) *APIError {
	return &APIError{Code: "BAD_USER_INPUT", Message: message, Fields: map[string]any{"field": field}}
}

const userColumns = "id, email, display_name, avatar_url, primary_instrument, skill_level, preferences, created_at, updated_at, last_login_at"

func userOf(row Row) *User {
	stored, _ := parsedObject(textOr(row[6], "{}"))
	pick := func(value any, allowed []string, fallback string) string {
		for _, choice := range allowed {
			if value == choice {
				return choice
			}
		}
		return fallback
	}
	timeZone := "UTC"
	if zone, ok := stored["timeZone"].(string); ok {
		timeZone = zone
	}
	preferences := &UserPreferences{
		Theme:             upper(pick(stored["theme"], []string{"light", "dark", "system"}, "system")),
		NotationSize:      upper(pick(stored["notationSize"], []string{"small", "medium", "large"}, "medium")),
		PracticeReminders: stored["practiceReminders"] == true,
		DailyGoalMinutes:  30,
		TimeZone:          timeZone,
	}
	if reminder, ok := stored["reminderTime"].(string); ok {
		preferences.ReminderTime = &reminder
	}
	if minutes, ok := wholeNumber(stored["dailyGoalMinutes"]); ok {
		preferences.DailyGoalMinutes = int32(minutes)
	}
	switch custom := stored["customSettings"].(type) {
	case map[string]any, []any:
		preferences.CustomSettings = &JSON{Value: custom}
	}
	return &User{ID: graphql.ID(text(row[0])), Email: text(row[1]), DisplayName: optionalText(row[2]), AvatarURL: optionalText(row[3]),
		PrimaryInstrument: upper(textOr(row[4], "piano")), SkillLevel: optionalUpper(row[5]), Preferences: preferences,
		CreatedAt: DateTime(text(row[7])), UpdatedAt: DateTime(text(row[8])), LastLoginAt: optionalDateTime(row[9]), timeZone: timeZone}
}

// parsedObject reads a JSON object; unreadable text or another value reads as an empty object.
func parsedObject(text string) (map[string]any, bool) {
	var value any
	if json.Unmarshal([]byte(text), &value) != nil {
		return map[string]any{}, false
	}
	object, ok := value.(map[string]any)
	if !ok {
		return map[string]any{}, false
	}
	return object, true
}

func findUser(db *Database, id string) *User {
	row := db.first("SELECT "+userColumns+" FROM users WHERE id = ? AND is_active", id)
	if row == nil {
		return nil
	}
	return userOf(row)
}

// sheetOrder is the catalogue's order (SheetMusicStore.order): title ignoring case and accents
// (`title_key`, which the project fills), then as written, then composer (a piece without one
// first), then id.
var sheetOrder = []string{"title_key", "title", "coalesce(composer, '')", "id"}

const sheetColumns = `id, title, composer, opus, catalog_number, instrument, difficulty_level, grade_level,
  duration_seconds, time_signature, key_signature, tempo_marking, suggested_tempo, style_period,
  tags, source_type, source_attribution, license_type, notation_data, audio_reference_url,
  created_at, updated_at`

func pieceOf(row Row) *SheetMusic {
	level := int64(1)
	if row[6] != nil {
		level = integer(row[6])
	}
	instrument, difficulty := "PIANO", "ADVANCED" // "both" lists piano first
	if text(row[5]) == "guitar" {
		instrument = "GUITAR"
	}
	if level <= 3 {
		difficulty = "BEGINNER"
	} else if level <= 7 {
		difficulty = "INTERMEDIATE"
	}
	return &SheetMusic{ID: graphql.ID(text(row[0])), Title: text(row[1]), Composer: textOr(row[2], "Anonymous"),
		Instrument: instrument, Difficulty: difficulty,
		Metadata: &SheetMusicMetadata{Opus: optionalText(row[3]), CatalogNumber: optionalText(row[4]), DifficultyLevel: int32(level),
			GradeLevel: optionalText(row[7]), DurationSeconds: optionalInt(row[8]), TimeSignature: optionalText(row[9]),
			KeySignature: optionalText(row[10]), TempoMarking: optionalText(row[11]), SuggestedTempo: optionalInt(row[12]),
			StylePeriod: optionalUpper(row[13]), Tags: stringsOf(textOr(row[14], "[]")), SourceType: upper(textOr(row[15], "public_domain")),
			SourceAttribution: optionalText(row[16]), LicenseType: optionalText(row[17]), AudioReferenceURL: optionalText(row[19])},
		CreatedAt: DateTime(text(row[20])), UpdatedAt: DateTime(text(row[21]))}
}

// sheetFilter is the catalogue's WHERE clause for a filter (SheetMusicStore.whereClause): the
// curated catalogue's active pieces (`user_id IS NULL`), as the project lists them since its
// pieces have owners. Free-text filters (composer, search) need the project's text folding and
// a user's own pieces (sourceType USER_CREATED) its ownership rules; neither is part of the
// benchmark, and the peer refuses them. Its members are named as the graphql-js peer's, whose
// JSON makes the cache key.
func sheetFilter(filter *SheetMusicFilterInput) map[string]any {
	if filter == nil {
		filter = &SheetMusicFilterInput{}
	}
	if filter.Composer != nil || filter.Search != nil {
		panic(apiError("NOT_IMPLEMENTED", "The benchmark peer does not fold text: composer and search filters are not supported."))
	}
	if value(filter.SourceType) == "USER_CREATED" {
		panic(apiError("NOT_IMPLEMENTED", "The benchmark peer does not list a user's own pieces."))
	}
	minimum, maximum := filter.MinDifficultyLevel, filter.MaxDifficultyLevel
	groups := map[string][2]int32{"BEGINNER": {1, 3}, "INTERMEDIATE": {4, 7}, "ADVANCED": {8, 10}}
	if group, ok := groups[value(filter.Difficulty)]; ok {
		low, high := group[0], group[1]
		if minimum != nil {
			low = max(*minimum, group[0])
		}
		if maximum != nil {
			high = min(*maximum, group[1])
		}
		minimum, maximum = &low, &high
	}
	conditions := []string{"is_active", "user_id IS NULL"}
	parameters := []any{}
	require := func(condition string, given any) {
		switch given := given.(type) {
		case *string:
			if given == nil {
				return
			}
		case *int32:
			if given == nil {
				return
			}
		}
		conditions = append(conditions, condition)
		parameters = append(parameters, bindable([]any{given})[0])
	}
	lowered := func(given *string) *string {
		if given == nil {
			return nil
		}
		text := lower(*given)
		return &text
	}
	require("instrument IN (?, 'both')", lowered(filter.Instrument))
	require("difficulty_level >= ?", minimum)
	require("difficulty_level <= ?", maximum)
	require("style_period = ?", lowered(filter.StylePeriod))
	require("grade_level = ? COLLATE NOCASE", filter.GradeLevel)
	require("source_type = ?", lowered(filter.SourceType))
	if filter.Tags != nil {
		for _, tag := range *filter.Tags {
			require("EXISTS (SELECT 1 FROM json_each(sheet_music.tags) WHERE value = ?)", lower(tag))
		}
	}
	return map[string]any{"condition": strings.Join(conditions, " AND "), "parameters": parameters}
}

const sessionColumns = `id, user_id, instrument, sheet_music_id, session_type, status, start_time, paused_at, end_time,
  paused_seconds, duration_seconds, notes_attempted, notes_correct, accuracy_percentage, total_exercises,
  completed_exercises, notes, session_date, last_activity_at, created_at, updated_at, create_hash`

func sessionOf(dataKey []byte) func(Row) *PracticeSession {
	return func(row Row) *PracticeSession {
		sessionType := upper(textOr(row[4], "free_practice"))
		if text(row[4]) == "guided" {
			sessionType = "GUIDED_PRACTICE"
		}
		session := &PracticeSession{ID: graphql.ID(text(row[0])), UserID: text(row[1]), Instrument: upper(textOr(row[2], "piano")),
			SheetMusicID: optionalText(row[3]), SessionType: sessionType, Status: upper(textOr(row[5], "completed")),
			StartedAt: DateTime(text(row[6])), PausedAt: optionalDateTime(row[7]), CompletedAt: optionalDateTime(row[8]),
			PausedDuration: int32(integer(row[9])), DurationSeconds: optionalInt(row[10]), NotesAttempted: int32(integer(row[11])),
			NotesCorrect: int32(integer(row[12])), Accuracy: optionalNumber(row[13]), TotalExercises: int32(integer(row[14])),
			CompletedExercises: int32(integer(row[15])), UpdatedAt: DateTime(text(row[20]))}
		if row[16] != nil {
			notes := open(dataKey, text(row[16]), "practice_sessions.notes")
			session.Notes = &notes
		}
		return session
	}
}

const logColumns = `id, user_id, session_id, sheet_music_id, activity_type, instrument, start_time, end_time, duration_seconds,
  composer, work_title, opus_number, movement_section, tempo_practiced, target_tempo, focus_areas, self_rating,
  accuracy_percentage, notes_played, notes_correct, practice_notes, audio_recording_url, created_at, updated_at,
  create_hash, local_day`

func practiceLogOf(dataKey []byte, row Row) *PracticeLog {
	focusAreas := stringsOf(textOr(row[15], "[]"))
	for index, area := range focusAreas {
		focusAreas[index] = upper(area)
	}
	log := &PracticeLog{ID: graphql.ID(text(row[0])), SessionID: optionalText(row[2]), SheetMusicID: optionalText(row[3]),
		ActivityType: upper(textOr(row[4], "repertoire")), Instrument: upper(textOr(row[5], "piano")), StartedAt: DateTime(text(row[6])),
		EndedAt: optionalDateTime(row[7]), DurationSeconds: optionalInt(row[8]), Composer: optionalText(row[9]),
		WorkTitle: optionalText(row[10]), OpusNumber: optionalText(row[11]), MovementSection: optionalText(row[12]),
		TempoPracticed: optionalInt(row[13]), TargetTempo: optionalInt(row[14]), FocusAreas: focusAreas,
		SelfRating: optionalInt(row[16]), Accuracy: optionalNumber(row[17]), NotesPlayed: optionalInt(row[18]),
		NotesCorrect: optionalInt(row[19]), AudioRecordingURL: optionalText(row[21]), CreatedAt: DateTime(text(row[22])),
		UpdatedAt: DateTime(text(row[23]))}
	if row[20] != nil {
		notes := open(dataKey, text(row[20]), "practice_logs.practice_notes")
		log.PracticeNotes = &notes
	}
	return log
}

// keyedLoader is a per-request batch loader (KeyedLoader.swift): keys primed by a list, all
// loaded in one statement when the first item asks.
type keyedLoader struct {
	lock    sync.Mutex
	cache   map[string][]*PracticeLog
	pending map[string]bool
	load    func([]string) map[string][]*PracticeLog
}

func (l *keyedLoader) prime(keys []string) {
	l.lock.Lock()
	defer l.lock.Unlock()
	for _, key := range keys {
		if _, ok := l.cache[key]; !ok {
			l.pending[key] = true
		}
	}
}

func (l *keyedLoader) value(key string) []*PracticeLog {
	l.lock.Lock()
	defer l.lock.Unlock()
	if found, ok := l.cache[key]; ok {
		return found
	}
	l.pending[key] = true
	batch := make([]string, 0, len(l.pending))
	for id := range l.pending {
		batch = append(batch, id)
	}
	sort.Strings(batch)
	l.pending = map[string]bool{}
	found := l.load(batch)
	for _, id := range batch {
		l.cache[id] = found[id]
	}
	return l.cache[key]
}

// sessionLogsLoader loads the logs of sessions, oldest first, grouped by session, for one user
// (LogStore.logs(sessionIDs:)).
func sessionLogsLoader(db *Database, dataKey []byte, viewer Viewer) *keyedLoader {
	return &keyedLoader{cache: map[string][]*PracticeLog{}, pending: map[string]bool{}, load: func(ids []string) map[string][]*PracticeLog {
		found := make(map[string][]*PracticeLog, len(ids))
		for _, id := range ids {
			found[id] = []*PracticeLog{}
		}
		rows := db.all(`SELECT `+logColumns+` FROM practice_logs
      WHERE +user_id = ? AND session_id IN (SELECT value FROM json_each(?)) ORDER BY start_time, id`, userIDOf(viewer), jsonText(ids))
		for _, row := range rows {
			if logs, ok := found[text(row[2])]; ok {
				found[text(row[2])] = append(logs, practiceLogOf(dataKey, row))
			}
		}
		return found
	}}
}

// closeStale: sessions left open past the limit are closed before a list is read; the project
// looks at the open sessions first and takes the write lock only when one is stale, and so does
// the peer (closing one is not part of the benchmark: its sessions are all completed, so the
// peer only looks).
func closeStale(db *Database, owner string) {
	for _, instrument := range []string{"piano", "guitar"} {
		db.first("SELECT "+sessionColumns+" FROM practice_sessions WHERE user_id = ? AND instrument = ? AND status IN ('in_progress', 'paused')",
			owner, instrument)
	}
}

// Resolver is the root of queries and mutations.
type Resolver struct{}

func (Resolver) Me(ctx context.Context) (user *User, err error) {
	defer rescue(&err)
	request := requestOf(ctx)
	if request.viewer.kind == "anonymous" {
		return nil, nil
	}
	return findUser(request.db, userIDOf(request.viewer)), nil
}

type listSheetMusicArgs struct {
	Filter *SheetMusicFilterInput
	Limit  *int32
	Offset *int32
	After  *string
}

func (Resolver) ListSheetMusic(ctx context.Context, args listSheetMusicArgs) (connection *SheetMusicConnection, err error) {
	defer rescue(&err)
	request := requestOf(ctx)
	db, cursors := request.db, request.shared.cursors
	filter := sheetFilter(args.Filter)
	limit, start := resolvePageStart(args.Limit, args.Offset, args.After, "sheetMusic", len(sheetOrder), cursors)
	place := fmt.Sprintf("o%d", start.offset)
	if start.after != nil {
		place = "k" + sha256Hex(canonicalJSON(start.after))[:22]
	}
	revision := int64(0)
	if row := db.first("SELECT revision FROM catalogue_revision"); row != nil {
		revision = integer(row[0])
	}
	key := fmt.Sprintf("sheet:%d:list:%s:%d:%s", revision, sha256Hex(canonicalJSON(filter))[:22], limit, place)
	result := cachedValue(request.kv, request.shared.values, key, 3600, request.now, func() Page[*SheetMusic] {
		return page(db, pageSpec{columns: sheetColumns, table: "sheet_music", condition: filter["condition"].(string),
			parameters: filter["parameters"].([]any), order: sheetOrder}, start, limit, pieceOf)
	})
	made, info := signed(result, "sheetMusic", cursors)
	connection = &SheetMusicConnection{TotalCount: int32(result.TotalCount), Edges: make([]*SheetMusicEdge, len(result.Items)), PageInfo: info}
	for index, node := range result.Items {
		connection.Edges[index] = &SheetMusicEdge{Node: node, Cursor: made[index]}
	}
	return connection, nil
}

type myPracticeSessionsArgs struct {
	Instrument *string
	From       *DateTime
	To         *DateTime
	Limit      *int32
	Offset     *int32
	After      *string
}

func (Resolver) MyPracticeSessions(ctx context.Context, args myPracticeSessionsArgs) (connection *PracticeSessionConnection, err error) {
	defer rescue(&err)
	request := requestOf(ctx)
	db, cursors := request.db, request.shared.cursors
	owner := userIDOf(request.viewer)
	limit, start := resolvePageStart(args.Limit, args.Offset, args.After, "practiceSessions", 2, cursors)
	closeStale(db, owner)
	condition, parameters := "user_id = ?", []any{owner}
	if args.Instrument != nil {
		condition += " AND instrument = ?"
		parameters = append(parameters, lower(*args.Instrument))
	}
	if args.From != nil {
		condition += " AND start_time >= ?"
		parameters = append(parameters, string(*args.From))
	}
	if args.To != nil {
		condition += " AND start_time < ?"
		parameters = append(parameters, string(*args.To))
	}
	result := page(db, pageSpec{columns: sessionColumns, table: "practice_sessions", condition: condition, parameters: parameters,
		order: []string{"start_time", "id"}, descending: true}, start, limit, sessionOf(request.shared.dataKey))
	ids := make([]string, len(result.Items))
	for index, item := range result.Items {
		ids[index] = string(item.ID)
	}
	request.sessionLogs.prime(ids)
	made, info := signed(result, "practiceSessions", cursors)
	connection = &PracticeSessionConnection{TotalCount: int32(result.TotalCount), Edges: make([]*PracticeSessionEdge, len(result.Items)), PageInfo: info}
	for index, node := range result.Items {
		connection.Edges[index] = &PracticeSessionEdge{Node: node, Cursor: made[index]}
	}
	return connection, nil
}

func (Resolver) MyProgress(ctx context.Context, args struct{ Instrument *string }) (result *ProgressOverview, err error) {
	defer rescue(&err)
	request := requestOf(ctx)
	db := request.db
	owner := userIDOf(request.viewer)
	account := findUser(db, owner)
	if account == nil {
		panic(apiError("NOT_FOUND", "The account no longer exists."))
	}
	instrument := lower(account.PrimaryInstrument)
	if args.Instrument != nil {
		instrument = lower(*args.Instrument)
	}
	today := localDay(request.now, account.timeZone)
	revision := int64(0)
	if row := db.first("SELECT revision FROM progress_revisions WHERE user_id = ?", owner); row != nil {
		revision = integer(row[0])
	}
	key := fmt.Sprintf("progress:%s:%s:%s:%d", owner, instrument, dayText(today), revision)
	return cachedValue(request.kv, request.shared.values, key, 300, request.now, func() *ProgressOverview {
		return overview(db, owner, instrument, today)
	}), nil
}

func (Resolver) CreatePracticeLog(ctx context.Context, args struct{ Input CreatePracticeLogInput }) (log *PracticeLog, err error) {
	defer rescue(&err)
	return createPracticeLog(requestOf(ctx), &args.Input), nil
}
