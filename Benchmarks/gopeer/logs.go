// createPracticeLog (Benchmarks/peer/resolvers.mjs): a standalone log with its derived data in
// one transaction (LogService.create).
package main

import (
	"errors"
	"fmt"

	graphql "github.com/graph-gophers/graphql-go"
)

var focusAreas = map[string]bool{"accuracy": true, "rhythm": true, "dynamics": true, "articulation": true, "memorization": true,
	"tempo": true, "phrasing": true, "fingering": true, "tone": true, "pedaling": true}

// newLog is a log being created, in the stored (lower-case) spelling.
type newLog struct {
	id, userID, activityType, instrument             string
	startedAt                                        int64
	endedAt                                          *int64
	durationSeconds, tempoPracticed, targetTempo     *int64
	selfRating, notesPlayed, notesCorrect            *int64
	accuracy                                         *float64
	composer, workTitle, opusNumber, movementSection *string
	practiceNotes, audioRecordingURL                 *string
	focusAreas                                       []string
	localDay                                         string
}

func wide(given graphql.NullInt) *int64 {
	if given.Value == nil {
		return nil
	}
	value := int64(*given.Value)
	return &value
}

// instant is Date.parse of a DateTime the client gave.
func instant(text string) int64 {
	ms, ok := parseDate(text)
	if !ok {
		panic(errors.New("Invalid time value"))
	}
	return ms
}

// createPracticeLog records a standalone log. Logs in a session, from a template, of a
// catalogue piece or with a client id need more of the project's rules than the benchmark uses;
// the peer refuses them.
func createPracticeLog(request *Request, input *CreatePracticeLogInput) *PracticeLog {
	db, dataKey := request.db, request.shared.dataKey
	owner := userIDOf(request.viewer)
	for _, field := range []struct {
		name  string
		given OptionalText
	}{{"id", input.ID}, {"sessionId", input.SessionID}, {"templateId", input.TemplateID}, {"sheetMusicId", input.SheetMusicID}} {
		if field.given.Value != nil {
			panic(apiError("NOT_IMPLEMENTED", "The benchmark peer does not take input."+field.name+"."))
		}
	}
	requestHash := sha256Hex(canonicalJSON(input.Given()))
	var created *PracticeLog
	db.transaction(func() {
		now := nowMS()
		if input.ActivityType.Value == nil {
			panic(invalid("input.activityType", "activityType is required (directly or from the template)."))
		}
		account := findUser(db, owner)
		duration := int64(input.DurationSeconds)
		start := now - duration*1000
		if input.StartedAt.Value != nil {
			start = instant(*input.StartedAt.Value)
		}
		// An end the client did not give follows from the start and the duration.
		var end *int64
		if duration > 0 {
			ends := start + duration*1000
			end = &ends
		}
		if input.EndedAt.Set {
			end = nil
			if input.EndedAt.Value != nil {
				ends := instant(*input.EndedAt.Value)
				end = &ends
			}
		}
		instrument := "piano"
		if input.Instrument.Value != nil {
			instrument = lower(*input.Instrument.Value)
		} else if account != nil {
			instrument = lower(account.PrimaryInstrument)
		}
		log := &newLog{id: nanoid(), userID: owner, activityType: lower(*input.ActivityType.Value), instrument: instrument,
			startedAt: start, endedAt: end, durationSeconds: &duration, composer: input.Composer.Value, workTitle: input.WorkTitle.Value,
			opusNumber: input.OpusNumber.Value, movementSection: input.MovementSection.Value, tempoPracticed: wide(input.TempoPracticed),
			targetTempo: wide(input.TargetTempo), focusAreas: []string{}, selfRating: wide(input.SelfRating), accuracy: input.Accuracy.Value,
			notesPlayed: wide(input.NotesPlayed), notesCorrect: wide(input.NotesCorrect), practiceNotes: input.Notes.Value,
			audioRecordingURL: input.AudioRecordingURL.Value}
		if input.FocusAreas != nil {
			for _, area := range *input.FocusAreas {
				log.focusAreas = append(log.focusAreas, lower(area))
			}
		}
		for _, area := range log.focusAreas {
			if !focusAreas[area] {
				shown := []rune(area)
				panic(invalid("input.focusAreas", "\""+string(shown[:min(len(shown), 40)])+"\" is not a focus area."))
			}
		}
		// (durationSeconds is `Int!`: validation already refused a null, which the graphql-js peer checks here.)
		// Counted notes give the accuracy when the client did not state one.
		counted := log.notesPlayed != nil && *log.notesPlayed > 0 && log.notesCorrect != nil && *log.notesCorrect >= 0 &&
			*log.notesCorrect <= *log.notesPlayed
		if !input.Accuracy.Set && counted {
			accuracy := jsRound(float64(*log.notesCorrect)/float64(*log.notesPlayed)*10_000) / 100
			log.accuracy = &accuracy
		}
		for _, check := range []struct {
			field     string
			value     *int64
			low, high int64
		}{{"durationSeconds", log.durationSeconds, 0, 86_400}, {"tempoPracticed", log.tempoPracticed, 1, 400},
			{"targetTempo", log.targetTempo, 1, 400}, {"selfRating", log.selfRating, 1, 10}} {
			if check.value != nil && (*check.value < check.low || *check.value > check.high) {
				panic(invalid("input."+check.field, fmt.Sprintf("%s must be between %d and %d.", check.field, check.low, check.high)))
			}
		}
		if log.accuracy != nil && !(*log.accuracy >= 0 && *log.accuracy <= 100) {
			panic(invalid("input.accuracy", "accuracy must be between 0 and 100."))
		}
		if log.endedAt != nil && !(*log.endedAt > log.startedAt) {
			panic(invalid("input.endedAt", "endedAt must be after startedAt."))
		}
		if log.startedAt > now+300_000 {
			panic(invalid("input.startedAt", "startedAt must not be in the future."))
		}
		timeZone := "UTC"
		if account != nil {
			timeZone = account.timeZone
		}
		log.localDay = dayText(localDay(log.startedAt, timeZone))
		var endedAt, sealed any
		if log.endedAt != nil {
			endedAt = iso(*log.endedAt)
		}
		if log.practiceNotes != nil {
			sealed = seal(dataKey, *log.practiceNotes, "practice_logs.practice_notes")
		}
		db.run(`INSERT INTO practice_logs (`+logColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			log.id, owner, nil, nil, log.activityType, log.instrument, iso(log.startedAt), endedAt,
			deref(log.durationSeconds), log.composer, log.workTitle, log.opusNumber, log.movementSection, deref(log.tempoPracticed),
			deref(log.targetTempo), jsonText(log.focusAreas), deref(log.selfRating), log.accuracy, deref(log.notesPlayed),
			deref(log.notesCorrect), sealed, log.audioRecordingURL, iso(now), iso(now), requestHash, log.localDay)
		logCreated(db, log, now)
		created = log.answer(now)
	})
	return created
}

// answer is the created log as the schema's PracticeLog.
func (log *newLog) answer(now int64) *PracticeLog {
	narrow := func(value *int64) *int32 {
		if value == nil {
			return nil
		}
		narrowed := int32(*value)
		return &narrowed
	}
	areas := make([]string, len(log.focusAreas))
	for index, area := range log.focusAreas {
		areas[index] = upper(area)
	}
	answer := &PracticeLog{ID: graphql.ID(log.id), ActivityType: upper(log.activityType), Instrument: upper(log.instrument),
		StartedAt: DateTime(iso(log.startedAt)), DurationSeconds: narrow(log.durationSeconds), Composer: log.composer,
		WorkTitle: log.workTitle, OpusNumber: log.opusNumber, MovementSection: log.movementSection,
		TempoPracticed: narrow(log.tempoPracticed), TargetTempo: narrow(log.targetTempo), FocusAreas: areas,
		SelfRating: narrow(log.selfRating), Accuracy: log.accuracy, NotesPlayed: narrow(log.notesPlayed),
		NotesCorrect: narrow(log.notesCorrect), PracticeNotes: log.practiceNotes, AudioRecordingURL: log.audioRecordingURL,
		CreatedAt: DateTime(iso(now)), UpdatedAt: DateTime(iso(now))}
	if log.endedAt != nil {
		ended := DateTime(iso(*log.endedAt))
		answer.EndedAt = &ended
	}
	return answer
}
