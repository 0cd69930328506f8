// Derived progress (Benchmarks/peer/progress.mjs): local days, experience, streaks, the per-area
// rows, achievements, goals and the progress overview. The same statements in the same order as
// the project's ProgressTracker, ProgressStore, GoalEvaluator and ProgressOverviewBuilder, with
// the figures computed by the same rules (Experience.swift, AreaProgress.swift, Streaks.swift).
package main

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"time"
)

const dayMS = 86_400_000

var skillAreas = []string{"sight_reading", "technique", "repertoire"}

var areaTitles = map[string]string{"sight_reading": "Sight-reading", "technique": "Technique", "repertoire": "Repertoire"}

// activityTypes are in ActivityType.allCases order: an activity's bit in
// `practice_days.activity_mask` is its index.
var activityTypes = []string{"sight_reading", "scales", "arpeggios", "etudes", "repertoire", "memorization", "slow_practice",
	"mental_practice", "ensemble_reading", "transposition", "score_reduction", "technique", "warm_up"}

var areaOf = map[string]string{
	"sight_reading": "sight_reading", "ensemble_reading": "sight_reading", "transposition": "sight_reading", "score_reduction": "sight_reading",
	"scales": "technique", "arpeggios": "technique", "etudes": "technique", "technique": "technique", "warm_up": "technique", "slow_practice": "technique",
	"repertoire": "repertoire", "memorization": "repertoire", "mental_practice": "repertoire",
}

// achievements is the catalogue (Achievement.swift), in its order: id, metric, target.
var achievements = []struct {
	id, metric string
	target     int64
}{
	{"first_session", "completedSessions", 1}, {"first_piece", "cataloguePieces", 1}, {"streak_3", "longestStreak", 3},
	{"streak_7", "longestStreak", 7}, {"streak_30", "longestStreak", 30}, {"streak_100", "longestStreak", 100},
	{"hours_1", "practiceHours", 1}, {"hours_10", "practiceHours", 10}, {"hours_100", "practiceHours", 100},
	{"pieces_10", "cataloguePieces", 10}, {"pieces_100", "cataloguePieces", 100}, {"accuracy_90", "bestPieceAccuracy", 90},
	{"tempo_target", "tempoTargetsMet", 1}, {"all_activities", "activityTypes", int64(len(activityTypes))},
}

// Local days are numbered from 1970-01-01 and written YYYY-MM-DD.
func dayText(number int64) string { return time.UnixMilli(number * dayMS).UTC().Format("2006-01-02") }

func dayNumber(text string) int64 {
	day, err := time.Parse("2006-01-02", text[:min(len(text), 10)])
	must(err)
	return day.Unix() / 86_400
}

func iso(ms int64) string { return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z") }

// parseDate is Date.parse of the ISO-8601 texts the project stores.
func parseDate(text string) (int64, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02"} {
		if moment, err := time.Parse(layout, text); err == nil {
			return moment.UnixMilli(), true
		}
	}
	return 0, false
}

// stamp is Timestamp.stamp: now, or one millisecond after previous when that is later.
func stamp(now, previous int64) int64 { return max(now, previous+1) }

var zones sync.Map // time zone name → *time.Location, or nil for an unknown zone

// localDay is the local day of an instant in an IANA zone (unknown zones count in UTC), as
// LocalCalendar does.
func localDay(ms int64, timeZone string) int64 {
	if timeZone != "UTC" {
		found, ok := zones.Load(timeZone)
		if !ok {
			location, err := time.LoadLocation(timeZone)
			if err != nil {
				location = nil
			}
			found, _ = zones.LoadOrStore(timeZone, location)
		}
		if location, _ := found.(*time.Location); location != nil {
			year, month, day := time.UnixMilli(ms).In(location).Date()
			return time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Unix() / 86_400
		}
	}
	return floorDiv(ms, dayMS)
}

func floorDiv(a, b int64) int64 {
	quotient := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		quotient--
	}
	return quotient
}

// jsRound is Math.round: the nearest integer, halves toward +∞.
func jsRound(value float64) float64 {
	floor := math.Floor(value)
	if value-floor >= 0.5 {
		return floor + 1
	}
	return floor
}

// levelFor: level L starts at 50·L·(L−1) points.
func levelFor(points int64) int64 {
	level := int64(1)
	for 50*(level+1)*level <= points {
		level++
	}
	return level
}

// experience: a log earns a point a minute plus two 5-point bonuses.
func experience(seconds *int64, accuracy *float64, tempo, targetTempo *int64) int64 {
	points := max(0, value(seconds)) / 60
	if accuracy != nil && *accuracy >= 90 {
		points += 5
	}
	if tempo != nil && targetTempo != nil && *tempo >= *targetTempo {
		points += 5
	}
	return points
}

// value is a pointer's value, or the zero value.
func value[T any](pointer *T) T {
	var zero T
	if pointer == nil {
		return zero
	}
	return *pointer
}

// Streaks are the runs of consecutive days.
type Streaks struct {
	longest, latestRun int64
	lastDay            *int64
}

func streaks(days []int64) Streaks {
	unique := map[int64]bool{}
	var sorted []int64
	for _, day := range days {
		if !unique[day] {
			unique[day] = true
			sorted = append(sorted, day)
		}
	}
	sort.Slice(sorted, func(a, b int) bool { return sorted[a] < sorted[b] })
	var figures Streaks
	for _, day := range sorted {
		if figures.lastDay != nil && day == *figures.lastDay+1 {
			figures.latestRun++
		} else {
			figures.latestRun = 1
		}
		figures.longest = max(figures.longest, figures.latestRun)
		day := day
		figures.lastDay = &day
	}
	return figures
}

func currentStreak(figures Streaks, today int64) int64 {
	if figures.lastDay != nil && *figures.lastDay >= today-1 {
		return figures.latestRun
	}
	return 0
}

// Day is a row of `practice_days`: one instrument, area and day's practice.
type Day struct {
	instrument, skillArea                                 string
	day, logs, seconds, experience                        int64
	accuracySum, accuracyCount, speedSum, speedCount      int64
	tempoTargetsMet, activityMask, ratingSum, ratingCount int64
}

// trend is Σsum ÷ Σcount of hundredths, as a percentage with two decimals; nil without data.
func trend(days []Day, sum, count func(Day) int64) *float64 {
	var total, weight int64
	for _, day := range days {
		total += sum(day)
		weight += count(day)
	}
	if weight == 0 {
		return nil
	}
	result := jsRound(float64(total)/float64(weight)) / 100
	return &result
}

func accuracySum(day Day) int64   { return day.accuracySum }
func accuracyCount(day Day) int64 { return day.accuracyCount }
func speedSum(day Day) int64      { return day.speedSum }
func speedCount(day Day) int64    { return day.speedCount }

// dayDelta is one log's practice as a day row's increments (PracticeDay.add).
func dayDelta(log *newLog) Day {
	delta := Day{logs: 1, seconds: max(0, value(log.durationSeconds))}
	delta.experience = experience(log.durationSeconds, log.accuracy, log.tempoPracticed, log.targetTempo)
	if log.accuracy != nil {
		delta.accuracySum = int64(jsRound(*log.accuracy * 100))
		delta.accuracyCount = 1
	}
	if log.tempoPracticed != nil && log.targetTempo != nil && *log.targetTempo > 0 {
		delta.speedSum = int64(jsRound(float64(*log.tempoPracticed*10_000) / float64(*log.targetTempo)))
		delta.speedCount = 1
		if *log.tempoPracticed >= *log.targetTempo {
			delta.tempoTargetsMet = 1
		}
	}
	if log.selfRating != nil {
		delta.ratingSum = *log.selfRating
		delta.ratingCount = 1
	}
	for index, activity := range activityTypes {
		if activity == log.activityType {
			delta.activityMask = 1 << index
		}
	}
	return delta
}

const storedDayColumns = `SELECT instrument, skill_area, day, logs, seconds, experience, accuracy_sum, accuracy_count, speed_sum, speed_count,
  tempo_targets_met, activity_mask, rating_sum, rating_count
FROM practice_days WHERE `

func storedDay(row Row) Day {
	return Day{instrument: text(row[0]), skillArea: text(row[1]), day: dayNumber(text(row[2])), logs: integer(row[3]),
		seconds: integer(row[4]), experience: integer(row[5]), accuracySum: integer(row[6]), accuracyCount: integer(row[7]),
		speedSum: integer(row[8]), speedCount: integer(row[9]), tempoTargetsMet: integer(row[10]), activityMask: integer(row[11]),
		ratingSum: integer(row[12]), ratingCount: integer(row[13])}
}

// Milestone is a notable event of an area, as stored in `progress_tracking.milestones`.
type Milestone struct {
	Day   string `json:"day"`
	Title string `json:"title"`
}

type areaFigures struct {
	experiencePoints, totalPracticeSeconds int64
	milestones                             []Milestone
	streaks                                Streaks
	accuracyTrend, speedTrend              *float64
}

// areaProgress recomputes an area's row from its days (AreaProgress.init(days:)).
func areaProgress(instrument, area string, days []Day) areaFigures {
	sort.SliceStable(days, func(a, b int) bool { return days[a].day < days[b].day })
	progress := areaFigures{milestones: []Milestone{}}
	level, run := int64(1), int64(0)
	var previous *int64
	dayNumbers := make([]int64, len(days))
	for index, day := range days {
		dayNumbers[index] = day.day
		progress.totalPracticeSeconds += day.seconds
		progress.experiencePoints += day.experience
		if reached := levelFor(progress.experiencePoints); reached > level {
			progress.milestones = append(progress.milestones, Milestone{dayText(day.day), fmt.Sprintf("Level %d in %s (%s)", reached, areaTitles[area], instrument)})
			level = reached
		}
		if previous != nil && day.day == *previous+1 {
			run++
		} else {
			run = 1
		}
		if run == 7 || run == 30 || run == 100 || run == 365 {
			progress.milestones = append(progress.milestones, Milestone{dayText(day.day), fmt.Sprintf("%d-day streak in %s (%s)", run, areaTitles[area], instrument)})
		}
		current := day.day
		previous = &current
	}
	progress.streaks = streaks(dayNumbers)
	progress.accuracyTrend = trend(lastTen(days, accuracyCount), accuracySum, accuracyCount)
	progress.speedTrend = trend(lastTen(days, speedCount), speedSum, speedCount)
	return progress
}

// lastTen is the last ten days with a count.
func lastTen(days []Day, count func(Day) int64) []Day {
	var kept []Day
	for _, day := range days {
		if count(day) > 0 {
			kept = append(kept, day)
		}
	}
	return kept[max(0, len(kept)-10):]
}

// ordered lists achievement ids in the catalogue's order.
func ordered(ids map[string]bool) []string {
	result := []string{}
	for _, achievement := range achievements {
		if ids[achievement.id] {
			result = append(result, achievement.id)
		}
	}
	return result
}

// logCreated is ProgressTracker.logChanged(from: nil, to: log) with its statements.
func logCreated(db *Database, log *newLog, now int64) {
	userID, instrument := log.userID, log.instrument
	area := areaOf[log.activityType]
	delta := dayDelta(log)
	// A new log only adds to its day's row.
	db.run(`INSERT INTO practice_days (user_id, instrument, skill_area, day, logs, seconds, experience, accuracy_sum,
      accuracy_count, speed_sum, speed_count, rating_sum, rating_count, tempo_targets_met, activity_mask)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(user_id, instrument, skill_area, day) DO UPDATE SET
      logs = logs + excluded.logs, seconds = seconds + excluded.seconds, experience = experience + excluded.experience,
      accuracy_sum = accuracy_sum + excluded.accuracy_sum, accuracy_count = accuracy_count + excluded.accuracy_count,
      speed_sum = speed_sum + excluded.speed_sum, speed_count = speed_count + excluded.speed_count,
      rating_sum = rating_sum + excluded.rating_sum, rating_count = rating_count + excluded.rating_count,
      tempo_targets_met = tempo_targets_met + excluded.tempo_targets_met,
      activity_mask = activity_mask | excluded.activity_mask`,
		userID, instrument, area, log.localDay, delta.logs, delta.seconds, delta.experience, delta.accuracySum, delta.accuracyCount,
		delta.speedSum, delta.speedCount, delta.ratingSum, delta.ratingCount, delta.tempoTargetsMet, delta.activityMask)
	unlocked := map[string]bool{}
	for _, row := range db.all("SELECT achievement_id, unlocked_at FROM user_achievements WHERE user_id = ?", userID) {
		unlocked[text(row[0])] = true
	}
	refreshArea(db, userID, instrument, area, unlocked, now)
	checkAchievements(db, userID, unlocked, now)
	evaluateGoals(db, userID, []int64{dayNumber(log.localDay)}, now)
	db.run(`INSERT INTO progress_revisions (user_id, revision) VALUES (?, 1)
    ON CONFLICT(user_id) DO UPDATE SET revision = revision + 1`, userID)
}

func refreshArea(db *Database, userID, instrument, area string, unlocked map[string]bool, now int64) {
	var days []Day
	for _, row := range db.all(storedDayColumns+"user_id = ? AND instrument = ? AND skill_area = ? ORDER BY day, instrument, skill_area",
		userID, instrument, area) {
		days = append(days, storedDay(row))
	}
	if len(days) == 0 {
		db.run("DELETE FROM progress_tracking WHERE user_id = ? AND instrument = ? AND skill_area = ?", userID, instrument, area)
		return
	}
	progress := areaProgress(instrument, area, days)
	previous := db.first("SELECT updated_at FROM progress_tracking WHERE user_id = ? AND instrument = ? AND skill_area = ?",
		userID, instrument, area)
	updatedAt := now
	if previous != nil && text(previous[0]) != "" {
		if at, ok := parseDate(text(previous[0])); ok {
			updatedAt = stamp(now, at)
		}
	}
	var lastDay any
	if progress.streaks.lastDay != nil {
		lastDay = dayText(*progress.streaks.lastDay)
	}
	db.run(`INSERT INTO progress_tracking (id, user_id, instrument, skill_area, current_level, experience_points,
      total_practice_time, consecutive_days, longest_streak, last_practice_date, accuracy_trend, speed_trend,
      achievements, milestones, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(user_id, instrument, skill_area) DO UPDATE SET
      current_level = excluded.current_level, experience_points = excluded.experience_points,
      total_practice_time = excluded.total_practice_time, consecutive_days = excluded.consecutive_days,
      longest_streak = excluded.longest_streak, last_practice_date = excluded.last_practice_date,
      accuracy_trend = excluded.accuracy_trend, speed_trend = excluded.speed_trend,
      achievements = excluded.achievements, milestones = excluded.milestones,
      updated_at = excluded.updated_at`,
		userID+":"+instrument+":"+area, userID, instrument, area, levelFor(progress.experiencePoints), progress.experiencePoints,
		progress.totalPracticeSeconds, progress.streaks.latestRun, progress.streaks.longest, lastDay, progress.accuracyTrend,
		progress.speedTrend, jsonText(ordered(unlocked)), jsonText(progress.milestones), iso(now), iso(updatedAt))
}

// facts are the figures achievements are measured against (ProgressTracker.facts).
func facts(db *Database, userID string) map[string]int64 {
	totals := db.first("SELECT coalesce(sum(seconds), 0), coalesce(sum(tempo_targets_met), 0) FROM practice_days WHERE user_id = ?", userID)
	var mask int64
	for _, row := range db.all("SELECT DISTINCT activity_mask FROM practice_days WHERE user_id = ?", userID) {
		mask |= integer(row[0])
	}
	var days []int64
	for _, row := range db.all("SELECT DISTINCT day FROM practice_days WHERE user_id = ? ORDER BY day", userID) {
		days = append(days, dayNumber(text(row[0])))
	}
	completed := db.first("SELECT count(*) FROM (SELECT 1 FROM practice_sessions WHERE user_id = ? AND status = 'completed' LIMIT 1)", userID)
	pieces := db.first("SELECT count(*), max(best_accuracy) FROM user_sheet_music_progress WHERE user_id = ? AND times_practiced > 0", userID)
	var kinds int64
	for bits := mask; bits != 0; bits &= bits - 1 {
		kinds++
	}
	return map[string]int64{"completedSessions": integer(completed[0]), "cataloguePieces": integer(pieces[0]),
		"longestStreak": streaks(days).longest, "practiceHours": integer(totals[0]) / 3600,
		"bestPieceAccuracy": int64(math.Floor(number(pieces[1]))), "tempoTargetsMet": integer(totals[1]), "activityTypes": kinds}
}

func checkAchievements(db *Database, userID string, unlocked map[string]bool, now int64) {
	if len(unlocked) >= len(achievements) {
		return
	}
	figures := facts(db, userID)
	all := map[string]bool{}
	for id := range unlocked {
		all[id] = true
	}
	for _, achievement := range achievements {
		if all[achievement.id] || figures[achievement.metric] < achievement.target {
			continue
		}
		db.run("INSERT INTO user_achievements (user_id, achievement_id, unlocked_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", userID, achievement.id, iso(now))
		db.run("INSERT INTO events (user_id, topic, subject_id, created_at) VALUES (?, ?, ?, ?)", userID, "achievement", achievement.id, iso(now))
		all[achievement.id] = true
	}
	if len(all) != len(unlocked) {
		db.run("UPDATE progress_tracking SET achievements = ?, updated_at = max(?, updated_at) WHERE user_id = ?",
			jsonText(ordered(all)), iso(now), userID)
	}
}

const goalColumns = "id, user_id, goal_type, title, target, sheet_music_id, deadline, completed_at, created_at, updated_at, create_hash"

// evaluateGoals completes the user's open goals met on a touched day or today (GoalEvaluator.evaluate).
func evaluateGoals(db *Database, userID string, touched []int64, now int64) {
	open := db.all("SELECT "+goalColumns+" FROM goals WHERE user_id = ? AND completed_at IS NULL ORDER BY created_at, id", userID)
	if len(open) == 0 {
		return
	}
	timeZone := "UTC"
	if account := findUser(db, userID); account != nil {
		timeZone = account.timeZone
	}
	today := localDay(now, timeZone)
	seconds := func(from, through int64) int64 {
		return integer(db.first("SELECT coalesce(sum(seconds), 0) FROM practice_days WHERE user_id = ? AND day BETWEEN ? AND ?",
			userID, dayText(from), dayText(through))[0])
	}
	for _, goal := range open {
		id, kind, title, target, pieceID, deadline, createdAt, updatedAt, createHash :=
			goal[0], text(goal[2]), goal[3], number(goal[4]), goal[5], text(goal[6]), text(goal[8]), text(goal[9]), goal[10]
		var last *int64
		if deadline != "" {
			ends, _ := parseDate(deadline)
			if now > ends {
				continue
			}
			day := localDay(ends, timeZone)
			last = &day
		}
		created, _ := parseDate(createdAt)
		first := localDay(created, timeZone)
		minutes := func(start, end int64) float64 {
			from, through := max(start, first), end
			if last != nil {
				through = min(end, *last)
			}
			if from > through {
				return 0
			}
			return float64(seconds(from, through) / 60)
		}
		current := func(day int64) float64 {
			switch {
			case kind == "daily_minutes":
				return minutes(day, day)
			case kind == "weekly_minutes":
				start := day - ((((day + 3) % 7) + 7) % 7)
				return minutes(start, start+6)
			case pieceID == nil || pieceID == "":
				return 0
			}
			through := today
			if last != nil {
				through = min(today, *last)
			}
			best := db.first(`SELECT max(tempo_practiced), max(accuracy_percentage) FROM practice_logs
        WHERE user_id = ? AND sheet_music_id = ? AND +local_day BETWEEN ? AND ?`, userID, pieceID, dayText(first), dayText(through))
			if kind == "piece_tempo" {
				return number(best[0])
			}
			return math.Floor(number(best[1]))
		}
		candidates := []int64{today}
		if kind != "piece_tempo" && kind != "piece_accuracy" {
			seen := map[int64]bool{today: true}
			for _, day := range touched {
				if !seen[day] {
					seen[day] = true
					candidates = append(candidates, day)
				}
			}
			sort.Slice(candidates, func(a, b int) bool { return candidates[a] < candidates[b] })
		}
		met := false
		for _, day := range candidates {
			if current(day) >= target {
				met = true
				break
			}
		}
		if !met {
			continue
		}
		changed, _ := parseDate(updatedAt)
		var deadlineValue any
		if deadline != "" {
			deadlineValue = deadline
		}
		db.run(`INSERT INTO goals (`+goalColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET title = excluded.title, target = excluded.target, deadline = excluded.deadline,
        completed_at = excluded.completed_at, updated_at = excluded.updated_at
      WHERE goals.user_id = excluded.user_id`,
			id, userID, kind, title, goal[4], pieceID, deadlineValue, iso(now), createdAt, iso(stamp(now, changed)), createHash)
	}
}

// SkillProgress is one area's row in the overview.
type SkillProgress struct {
	Instrument           string
	SkillArea            string
	ExperiencePoints     int32
	TotalPracticeSeconds int32
	ConsecutiveDays      int32
	LongestStreak        int32
	LastPracticeDate     *string
	AccuracyTrend        *float64
	SpeedTrend           *float64
	Achievements         []string
	Milestones           []Milestone
}

// DailyPracticeSummary is one local day's practice in the overview.
type DailyPracticeSummary struct {
	Date            string
	Sessions        int32
	TotalSeconds    int32
	Activities      int32
	AverageRating   *float64
	AverageAccuracy *float64
}

// TrendPoint is a value of a trend series on one day.
type TrendPoint struct {
	Date  string
	Value float64
}

// ProgressOverview is the overview of one instrument (ProgressOverviewBuilder); it is cached as
// JSON, so its members are exported.
type ProgressOverview struct {
	Instrument           string
	TotalPracticeSeconds int32
	ExperiencePoints     int32
	CurrentStreak        int32
	LongestStreak        int32
	LastPracticeDate     *string
	SkillAreas           []*SkillProgress
	DailySummaries       []*DailyPracticeSummary
	AccuracyTrend        []*TrendPoint
	TempoTrend           []*TrendPoint
	RecentMilestones     []Milestone
}

// Level is the overall level (not a property of the cached overview, as in the graphql-js peer).
func (o *ProgressOverview) Level() int32 { return int32(levelFor(int64(o.ExperiencePoints))) }

// overview builds the overview of one instrument as of today, with its statements.
func overview(db *Database, userID, instrument string, today int64) *ProgressOverview {
	var stored []*SkillProgress
	for _, row := range db.all(`SELECT instrument, skill_area, experience_points, total_practice_time, consecutive_days, longest_streak,
      last_practice_date, accuracy_trend, speed_trend, achievements, milestones
    FROM progress_tracking WHERE user_id = ? AND instrument = ? ORDER BY instrument, skill_area`, userID, instrument) {
		area := &SkillProgress{Instrument: strings.ToUpper(text(row[0])), SkillArea: strings.ToUpper(text(row[1])),
			ExperiencePoints: int32(integer(row[2])), TotalPracticeSeconds: int32(integer(row[3])), ConsecutiveDays: int32(integer(row[4])),
			LongestStreak: int32(integer(row[5])), LastPracticeDate: optionalText(row[6]), AccuracyTrend: optionalNumber(row[7]),
			SpeedTrend: optionalNumber(row[8])}
		must(parseJSON(textOr(row[9], "[]"), &area.Achievements))
		must(parseJSON(textOr(row[10], "[]"), &area.Milestones))
		stored = append(stored, area)
	}
	result := &ProgressOverview{Instrument: strings.ToUpper(instrument)}
	for _, name := range skillAreas {
		var found *SkillProgress
		for _, row := range stored {
			if row.SkillArea == strings.ToUpper(name) {
				found = row
				break
			}
		}
		if found == nil {
			found = &SkillProgress{Instrument: strings.ToUpper(instrument), SkillArea: strings.ToUpper(name), Achievements: []string{}, Milestones: []Milestone{}}
		}
		result.SkillAreas = append(result.SkillAreas, found)
		result.TotalPracticeSeconds += found.TotalPracticeSeconds
		result.ExperiencePoints += found.ExperiencePoints
	}
	var days []int64
	for _, row := range db.all("SELECT DISTINCT day FROM practice_days WHERE user_id = ? AND instrument = ? ORDER BY day", userID, instrument) {
		days = append(days, dayNumber(text(row[0])))
	}
	figures := streaks(days)
	result.CurrentStreak, result.LongestStreak = int32(currentStreak(figures, today)), int32(figures.longest)
	if figures.lastDay != nil {
		last := dayText(*figures.lastDay)
		result.LastPracticeDate = &last
	}
	first := today - 29
	result.DailySummaries = []*DailyPracticeSummary{}
	for _, row := range db.all(`SELECT local_day, count(DISTINCT session_id), coalesce(sum(duration_seconds), 0), count(*), avg(self_rating),
      avg(accuracy_percentage)
    FROM practice_logs WHERE user_id = ? AND local_day BETWEEN ? AND ? AND instrument = ?
    GROUP BY local_day ORDER BY local_day`, userID, dayText(first), dayText(today), instrument) {
		result.DailySummaries = append(result.DailySummaries, &DailyPracticeSummary{Date: text(row[0]), Sessions: int32(integer(row[1])),
			TotalSeconds: int32(integer(row[2])), Activities: int32(integer(row[3])), AverageRating: twoDecimals(row[4]),
			AverageAccuracy: twoDecimals(row[5])})
	}
	var window []Day
	for _, row := range db.all(storedDayColumns+"user_id = ? AND instrument = ? AND day >= ? ORDER BY day, instrument, skill_area",
		userID, instrument, dayText(first-6)) {
		window = append(window, storedDay(row))
	}
	series := func(sum, count func(Day) int64) []*TrendPoint {
		points := []*TrendPoint{}
		seen := map[int64]bool{}
		var dates []int64
		for _, day := range window {
			if count(day) > 0 && !seen[day.day] && day.day >= first && day.day <= today {
				seen[day.day] = true
				dates = append(dates, day.day)
			}
		}
		sort.Slice(dates, func(a, b int) bool { return dates[a] < dates[b] })
		for _, date := range dates {
			var week []Day
			for _, row := range window {
				if row.day <= date && row.day > date-7 {
					week = append(week, row)
				}
			}
			points = append(points, &TrendPoint{Date: dayText(date), Value: value(trend(week, sum, count))})
		}
		return points
	}
	result.AccuracyTrend, result.TempoTrend = series(accuracySum, accuracyCount), series(speedSum, speedCount)
	result.RecentMilestones = []Milestone{}
	for _, row := range stored {
		result.RecentMilestones = append(result.RecentMilestones, row.Milestones...)
	}
	sort.SliceStable(result.RecentMilestones, func(a, b int) bool {
		left, right := result.RecentMilestones[a], result.RecentMilestones[b]
		if left.Day == right.Day {
			return left.Title > right.Title
		}
		return left.Day > right.Day
	})
	result.RecentMilestones = result.RecentMilestones[:min(10, len(result.RecentMilestones))]
	return result
}

func twoDecimals(cell any) *float64 {
	if cell == nil {
		return nil
	}
	rounded := jsRound(number(cell)*100) / 100
	return &rounded
}
