// The schema's types as Go values. graphql-go reads an object's fields from the struct fields of
// the same name (UseFieldResolvers), as graphql-js's default resolvers read properties; the few
// fields that are not stored values are methods. Nullable fields are pointers, Int is int32,
// enums are their names.
package main

import (
	"context"
	"fmt"
	"strconv"

	graphql "github.com/graph-gophers/graphql-go"
)

// DateTime is the schema's DateTime scalar: the ISO-8601 text as stored. Like a scalar that
// graphql-js's buildSchema makes, it passes values through unchanged.
type DateTime string

func (DateTime) ImplementsGraphQLType(name string) bool { return name == "DateTime" }

func (t *DateTime) UnmarshalGraphQL(input any) error {
	text, ok := input.(string)
	if !ok {
		return fmt.Errorf("wrong type for DateTime: %T", input)
	}
	*t = DateTime(text)
	return nil
}

// JSON is the schema's JSON scalar: any value.
type JSON struct{ Value any }

func (JSON) ImplementsGraphQLType(name string) bool { return name == "JSON" }

func (j *JSON) UnmarshalGraphQL(input any) error {
	j.Value = input
	return nil
}

func (j JSON) MarshalJSON() ([]byte, error) { return []byte(jsonText(j.Value)), nil }

// OptionalText is an input value of an ID, enum or DateTime type that tells a value left out
// (Set false) from an explicit null (Set, Value nil), as graphql-js's coerced input does; the
// peer needs the difference for `endedAt` and for the request hash. graphql-go's NullString
// does this for String only.
type OptionalText struct {
	Value *string
	Set   bool
}

func (OptionalText) ImplementsGraphQLType(name string) bool {
	return name == "ID" || name == "DateTime" || name == "ActivityType" || name == "Instrument"
}

func (o *OptionalText) UnmarshalGraphQL(input any) error {
	o.Set = true
	switch input := input.(type) {
	case nil:
	case string:
		o.Value = &input
	case int32: // an ID given as a number
		text := strconv.Itoa(int(input))
		o.Value = &text
	default:
		return fmt.Errorf("wrong type: %T", input)
	}
	return nil
}

func (o *OptionalText) Nullable() {}

// Stored answers the value given, or nil for one left out or null (`input.x ?? null`).
func (o OptionalText) Stored() *string { return o.Value }

// User is a Mirubato user.
type User struct {
	ID                graphql.ID
	Email             string
	DisplayName       *string
	AvatarURL         *string
	PrimaryInstrument string
	SkillLevel        *string
	Preferences       *UserPreferences
	CreatedAt         DateTime
	UpdatedAt         DateTime
	LastLoginAt       *DateTime
	timeZone          string
}

// UserPreferences are a user's app settings.
type UserPreferences struct {
	Theme             string
	NotationSize      string
	PracticeReminders bool
	ReminderTime      *string
	DailyGoalMinutes  int32
	TimeZone          string
	CustomSettings    *JSON
}

// SheetMusic is a piece of the catalogue. Pages of pieces are cached as JSON, so every member
// is exported.
type SheetMusic struct {
	ID         graphql.ID
	Title      string
	Composer   string
	Instrument string
	Difficulty string
	Metadata   *SheetMusicMetadata
	CreatedAt  DateTime
	UpdatedAt  DateTime
}

// SheetMusicMetadata are the catalogue details of a piece.
type SheetMusicMetadata struct {
	Opus              *string
	CatalogNumber     *string
	DifficultyLevel   int32
	GradeLevel        *string
	DurationSeconds   *int32
	TimeSignature     *string
	KeySignature      *string
	TempoMarking      *string
	SuggestedTempo    *int32
	StylePeriod       *string
	Tags              []string
	SourceType        string
	SourceAttribution *string
	LicenseType       *string
	AudioReferenceURL *string
}

// PageInfo is where a page of a list stands.
type PageInfo struct {
	HasNextPage     bool
	HasPreviousPage bool
	StartCursor     *string
	EndCursor       *string
}

type SheetMusicConnection struct {
	TotalCount int32
	Edges      []*SheetMusicEdge
	PageInfo   *PageInfo
}

type SheetMusicEdge struct {
	Node   *SheetMusic
	Cursor string
}

// PracticeSession is a timed practice session.
type PracticeSession struct {
	ID                 graphql.ID
	UserID             string
	Instrument         string
	SheetMusicID       *string
	SessionType        string
	Status             string
	StartedAt          DateTime
	PausedAt           *DateTime
	CompletedAt        *DateTime
	PausedDuration     int32
	DurationSeconds    *int32
	NotesAttempted     int32
	NotesCorrect       int32
	Accuracy           *float64
	TotalExercises     int32
	CompletedExercises int32
	Notes              *string
	UpdatedAt          DateTime
}

// Logs are the session's logs, oldest first, from the request's batch loader.
func (s *PracticeSession) Logs(ctx context.Context) (logs []*PracticeLog, err error) {
	defer rescue(&err)
	logs = requestOf(ctx).sessionLogs.value(string(s.ID))
	if logs == nil {
		logs = []*PracticeLog{}
	}
	return logs, nil
}

type PracticeSessionConnection struct {
	TotalCount int32
	Edges      []*PracticeSessionEdge
	PageInfo   *PageInfo
}

type PracticeSessionEdge struct {
	Node   *PracticeSession
	Cursor string
}

// PracticeLog is one recorded practice activity.
type PracticeLog struct {
	ID                graphql.ID
	SessionID         *string
	SheetMusicID      *string
	ActivityType      string
	Instrument        string
	StartedAt         DateTime
	EndedAt           *DateTime
	DurationSeconds   *int32
	Composer          *string
	WorkTitle         *string
	OpusNumber        *string
	MovementSection   *string
	TempoPracticed    *int32
	TargetTempo       *int32
	FocusAreas        []string
	SelfRating        *int32
	Accuracy          *float64
	NotesPlayed       *int32
	NotesCorrect      *int32
	PracticeNotes     *string
	AudioRecordingURL *string
	CreatedAt         DateTime
	UpdatedAt         DateTime
}

// CreatePracticeLogInput is the input of createPracticeLog, with every optional member able to
// tell left out from null (see OptionalText).
type CreatePracticeLogInput struct {
	ID                OptionalText
	SessionID         OptionalText
	TemplateID        OptionalText
	SheetMusicID      OptionalText
	PlanItemID        OptionalText
	ActivityType      OptionalText
	Instrument        OptionalText
	StartedAt         OptionalText
	EndedAt           OptionalText
	DurationSeconds   int32
	Composer          graphql.NullString
	WorkTitle         graphql.NullString
	OpusNumber        graphql.NullString
	MovementSection   graphql.NullString
	TempoPracticed    graphql.NullInt
	TargetTempo       graphql.NullInt
	FocusAreas        *[]string
	SelfRating        graphql.NullInt
	Accuracy          graphql.NullFloat
	NotesPlayed       graphql.NullInt
	NotesCorrect      graphql.NullInt
	Notes             graphql.NullString
	AudioRecordingURL graphql.NullString
}

// Given is the input as graphql-js hands it to a resolver: the members given, null or not (the
// request hash is made from it).
func (in *CreatePracticeLogInput) Given() map[string]any {
	given := map[string]any{"durationSeconds": in.DurationSeconds}
	for name, member := range map[string]OptionalText{"id": in.ID, "sessionId": in.SessionID, "templateId": in.TemplateID,
		"sheetMusicId": in.SheetMusicID, "planItemId": in.PlanItemID, "activityType": in.ActivityType, "instrument": in.Instrument,
		"startedAt": in.StartedAt, "endedAt": in.EndedAt} {
		if member.Set {
			given[name] = deref(member.Value)
		}
	}
	for name, member := range map[string]graphql.NullString{"composer": in.Composer, "workTitle": in.WorkTitle,
		"opusNumber": in.OpusNumber, "movementSection": in.MovementSection, "notes": in.Notes, "audioRecordingUrl": in.AudioRecordingURL} {
		if member.Set {
			given[name] = deref(member.Value)
		}
	}
	for name, member := range map[string]graphql.NullInt{"tempoPracticed": in.TempoPracticed, "targetTempo": in.TargetTempo,
		"selfRating": in.SelfRating, "notesPlayed": in.NotesPlayed, "notesCorrect": in.NotesCorrect} {
		if member.Set {
			given[name] = deref(member.Value)
		}
	}
	if in.Accuracy.Set {
		given["accuracy"] = deref(in.Accuracy.Value)
	}
	if in.FocusAreas != nil {
		given["focusAreas"] = *in.FocusAreas
	}
	return given
}

// SheetMusicFilterInput narrows the catalogue.
type SheetMusicFilterInput struct {
	Instrument         *string
	Difficulty         *string
	MinDifficultyLevel *int32
	MaxDifficultyLevel *int32
	StylePeriod        *string
	GradeLevel         *string
	Composer           *string
	Tags               *[]string
	Search             *string
	SourceType         *string
}
