// Derived progress: local days, experience, streaks, the per-area rows, achievements, goals and
// the progress overview. The same statements in the same order as the project's
// ProgressTracker, ProgressStore, GoalEvaluator and ProgressOverviewBuilder, with the figures
// computed by the same rules (Experience.swift, AreaProgress.swift, Streaks.swift).

const DAY_MS = 86_400_000;
export const SKILL_AREAS = ['sight_reading', 'technique', 'repertoire'];
const AREA_TITLES = { sight_reading: 'Sight-reading', technique: 'Technique', repertoire: 'Repertoire' };
// In ActivityType.allCases order: an activity's bit in `practice_days.activity_mask` is its index.
export const ACTIVITY_TYPES = ['sight_reading', 'scales', 'arpeggios', 'etudes', 'repertoire', 'memorization', 'slow_practice',
  'mental_practice', 'ensemble_reading', 'transposition', 'score_reduction', 'technique', 'warm_up'];
const AREA_OF = {
  sight_reading: 'sight_reading', ensemble_reading: 'sight_reading', transposition: 'sight_reading', score_reduction: 'sight_reading',
  scales: 'technique', arpeggios: 'technique', etudes: 'technique', technique: 'technique', warm_up: 'technique', slow_practice: 'technique',
  repertoire: 'repertoire', memorization: 'repertoire', mental_practice: 'repertoire',
};
export const skillArea = (activity) => AREA_OF[activity];

// The achievement catalogue (Achievement.swift), in its order.
const ACHIEVEMENTS = [
  ['first_session', 'completedSessions', 1], ['first_piece', 'cataloguePieces', 1], ['streak_3', 'longestStreak', 3],
  ['streak_7', 'longestStreak', 7], ['streak_30', 'longestStreak', 30], ['streak_100', 'longestStreak', 100],
  ['hours_1', 'practiceHours', 1], ['hours_10', 'practiceHours', 10], ['hours_100', 'practiceHours', 100],
  ['pieces_10', 'cataloguePieces', 10], ['pieces_100', 'cataloguePieces', 100], ['accuracy_90', 'bestPieceAccuracy', 90],
  ['tempo_target', 'tempoTargetsMet', 1], ['all_activities', 'activityTypes', ACTIVITY_TYPES.length],
];

// Local days are numbered from 1970-01-01 and written YYYY-MM-DD.
export const dayText = (number) => new Date(number * DAY_MS).toISOString().slice(0, 10);
export const dayNumber = (text) => Date.UTC(+text.slice(0, 4), +text.slice(5, 7) - 1, +text.slice(8, 10)) / DAY_MS;
export const iso = (ms) => new Date(ms).toISOString();
// Timestamp.stamp: `now`, or one millisecond after `previous` when that is later.
export const stamp = (now, previous) => Math.max(now, previous + 1);

// The local day of an instant in an IANA zone (unknown zones count in UTC), as LocalCalendar does.
const formatters = new Map();
export function localDay(ms, timeZone) {
  if (timeZone === 'UTC') return Math.floor(ms / DAY_MS);
  let format = formatters.get(timeZone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      format = null;
    }
    formatters.set(timeZone, format);
  }
  return format ? dayNumber(format.format(new Date(ms))) : Math.floor(ms / DAY_MS);
}

// Level L starts at 50·L·(L−1) points; a log earns a point a minute plus two 5-point bonuses.
export function levelFor(points) {
  let level = 1;
  while (50 * (level + 1) * level <= points) level += 1;
  return level;
}

export function experience(seconds, accuracy, tempo, targetTempo) {
  let points = Math.floor(Math.max(0, seconds ?? 0) / 60);
  if (accuracy != null && accuracy >= 90) points += 5;
  if (tempo != null && targetTempo != null && tempo >= targetTempo) points += 5;
  return points;
}

export function streaks(days) {
  let longest = 0;
  let run = 0;
  let previous = null;
  for (const day of [...new Set(days)].sort((a, b) => a - b)) {
    run = previous !== null && day === previous + 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
    previous = day;
  }
  return { longest, latestRun: run, lastDay: previous };
}

const currentStreak = (figures, today) => (figures.lastDay !== null && figures.lastDay >= today - 1 ? figures.latestRun : 0);

// Σsum ÷ Σcount of hundredths, as a percentage with two decimals; null without data.
function trend(days, sum, count) {
  let total = 0;
  let weight = 0;
  for (const day of days) {
    total += day[sum];
    weight += day[count];
  }
  return weight > 0 ? Math.round(total / weight) / 100 : null;
}

// One log's practice as a day row's increments (PracticeDay.add).
export function dayDelta(log) {
  const delta = { logs: 1, seconds: Math.max(0, log.durationSeconds ?? 0), accuracySum: 0, accuracyCount: 0, speedSum: 0,
    speedCount: 0, ratingSum: 0, ratingCount: 0, tempoTargetsMet: 0 };
  delta.experience = experience(log.durationSeconds, log.accuracy, log.tempoPracticed, log.targetTempo);
  if (log.accuracy != null) {
    delta.accuracySum = Math.round(log.accuracy * 100);
    delta.accuracyCount = 1;
  }
  if (log.tempoPracticed != null && log.targetTempo != null && log.targetTempo > 0) {
    delta.speedSum = Math.round((log.tempoPracticed * 10_000) / log.targetTempo);
    delta.speedCount = 1;
    if (log.tempoPracticed >= log.targetTempo) delta.tempoTargetsMet = 1;
  }
  if (log.selfRating != null) {
    delta.ratingSum = log.selfRating;
    delta.ratingCount = 1;
  }
  delta.activityMask = 2 ** ACTIVITY_TYPES.indexOf(log.activityType);
  return delta;
}

const STORED_DAY_COLUMNS = `SELECT instrument, skill_area, day, logs, seconds, experience, accuracy_sum, accuracy_count, speed_sum, speed_count,
  tempo_targets_met, activity_mask, rating_sum, rating_count
FROM practice_days WHERE `;
const storedDay = (row) => ({ instrument: row[0], skillArea: row[1], day: dayNumber(row[2]), logs: row[3], seconds: row[4],
  experience: row[5], accuracySum: row[6], accuracyCount: row[7], speedSum: row[8], speedCount: row[9], tempoTargetsMet: row[10],
  activityMask: row[11], ratingSum: row[12], ratingCount: row[13] });

// An area's row recomputed from its days (AreaProgress.init(days:)).
function areaProgress(instrument, area, days) {
  days.sort((a, b) => a.day - b.day);
  const progress = { experiencePoints: 0, totalPracticeSeconds: 0, milestones: [] };
  let level = 1;
  let run = 0;
  let previous = null;
  for (const day of days) {
    progress.totalPracticeSeconds += day.seconds;
    progress.experiencePoints += day.experience;
    const reached = levelFor(progress.experiencePoints);
    if (reached > level) {
      progress.milestones.push({ day: dayText(day.day), title: `Level ${reached} in ${AREA_TITLES[area]} (${instrument})` });
      level = reached;
    }
    run = previous !== null && day.day === previous + 1 ? run + 1 : 1;
    if ([7, 30, 100, 365].includes(run)) {
      progress.milestones.push({ day: dayText(day.day), title: `${run}-day streak in ${AREA_TITLES[area]} (${instrument})` });
    }
    previous = day.day;
  }
  progress.streaks = streaks(days.map((day) => day.day));
  progress.accuracyTrend = trend(days.filter((day) => day.accuracyCount > 0).slice(-10), 'accuracySum', 'accuracyCount');
  progress.speedTrend = trend(days.filter((day) => day.speedCount > 0).slice(-10), 'speedSum', 'speedCount');
  return progress;
}

const ordered = (ids) => ACHIEVEMENTS.map(([id]) => id).filter((id) => ids.has(id));

// After a log was created: ProgressTracker.logChanged(from: nil, to: log) with its statements.
export function logCreated(db, log, now, findUser) {
  const { userID, instrument } = log;
  const area = skillArea(log.activityType);
  const delta = dayDelta(log);
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
  [userID, instrument, area, log.localDay, delta.logs, delta.seconds, delta.experience, delta.accuracySum, delta.accuracyCount,
    delta.speedSum, delta.speedCount, delta.ratingSum, delta.ratingCount, delta.tempoTargetsMet, delta.activityMask]);
  const unlocked = new Map(db.all('SELECT achievement_id, unlocked_at FROM user_achievements WHERE user_id = ?', [userID]));
  refreshArea(db, userID, instrument, area, unlocked, now);
  checkAchievements(db, userID, unlocked, now);
  evaluateGoals(db, userID, new Set([dayNumber(log.localDay)]), now, findUser);
  db.run(`INSERT INTO progress_revisions (user_id, revision) VALUES (?, 1)
    ON CONFLICT(user_id) DO UPDATE SET revision = revision + 1`, [userID]);
}

function refreshArea(db, userID, instrument, area, unlocked, now) {
  const days = db.all(`${STORED_DAY_COLUMNS}user_id = ? AND instrument = ? AND skill_area = ? ORDER BY day, instrument, skill_area`,
    [userID, instrument, area]).map(storedDay);
  if (days.length === 0) {
    db.run('DELETE FROM progress_tracking WHERE user_id = ? AND instrument = ? AND skill_area = ?', [userID, instrument, area]);
    return;
  }
  const progress = areaProgress(instrument, area, days);
  const previous = db.first('SELECT updated_at FROM progress_tracking WHERE user_id = ? AND instrument = ? AND skill_area = ?',
    [userID, instrument, area]);
  const updatedAt = previous?.[0] ? stamp(now, Date.parse(previous[0])) : now;
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
  [`${userID}:${instrument}:${area}`, userID, instrument, area, levelFor(progress.experiencePoints), progress.experiencePoints,
    progress.totalPracticeSeconds, progress.streaks.latestRun, progress.streaks.longest,
    progress.streaks.lastDay === null ? null : dayText(progress.streaks.lastDay), progress.accuracyTrend, progress.speedTrend,
    JSON.stringify(ordered(new Set(unlocked.keys()))), JSON.stringify(progress.milestones), iso(now), iso(updatedAt)]);
}

// The figures achievements are measured against (ProgressTracker.facts).
function facts(db, userID) {
  const [seconds, tempoTargetsMet] = db.first(
    'SELECT coalesce(sum(seconds), 0), coalesce(sum(tempo_targets_met), 0) FROM practice_days WHERE user_id = ?', [userID]);
  const mask = db.all('SELECT DISTINCT activity_mask FROM practice_days WHERE user_id = ?', [userID])
    .reduce((all, [value]) => all | (value ?? 0), 0);
  const days = db.all('SELECT DISTINCT day FROM practice_days WHERE user_id = ? ORDER BY day', [userID]).map(([day]) => dayNumber(day));
  const [completedSessions] = db.first(
    "SELECT count(*) FROM (SELECT 1 FROM practice_sessions WHERE user_id = ? AND status = 'completed' LIMIT 1)", [userID]);
  const [pieces, bestAccuracy] = db.first(
    'SELECT count(*), max(best_accuracy) FROM user_sheet_music_progress WHERE user_id = ? AND times_practiced > 0', [userID]);
  let activityTypes = 0;
  for (let bits = mask; bits; bits &= bits - 1) activityTypes += 1;
  return { completedSessions, cataloguePieces: pieces, longestStreak: streaks(days).longest, practiceHours: Math.floor(seconds / 3600),
    bestPieceAccuracy: Math.floor(bestAccuracy ?? 0), tempoTargetsMet, activityTypes };
}

function checkAchievements(db, userID, unlocked, now) {
  if (unlocked.size >= ACHIEVEMENTS.length) return;
  const figures = facts(db, userID);
  const all = new Set(unlocked.keys());
  for (const [id, metric, target] of ACHIEVEMENTS) {
    if (all.has(id) || figures[metric] < target) continue;
    db.run('INSERT INTO user_achievements (user_id, achievement_id, unlocked_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [userID, id, iso(now)]);
    db.run('INSERT INTO events (user_id, topic, subject_id, created_at) VALUES (?, ?, ?, ?)', [userID, 'achievement', id, iso(now)]);
    all.add(id);
  }
  if (all.size !== unlocked.size) {
    db.run('UPDATE progress_tracking SET achievements = ?, updated_at = max(?, updated_at) WHERE user_id = ?',
      [JSON.stringify(ordered(all)), iso(now), userID]);
  }
}

const GOAL_COLUMNS = 'id, user_id, goal_type, title, target, sheet_music_id, deadline, completed_at, created_at, updated_at, create_hash';

// Completes the user's open goals met on a touched day or today (GoalEvaluator.evaluate).
function evaluateGoals(db, userID, touched, now, findUser) {
  const open = db.all(`SELECT ${GOAL_COLUMNS} FROM goals WHERE user_id = ? AND completed_at IS NULL ORDER BY created_at, id`, [userID]);
  if (open.length === 0) return;
  const timeZone = findUser(userID)?.timeZone ?? 'UTC';
  const today = localDay(now, timeZone);
  const seconds = (from, through) => db.first(
    'SELECT coalesce(sum(seconds), 0) FROM practice_days WHERE user_id = ? AND day BETWEEN ? AND ?',
    [userID, dayText(from), dayText(through)])[0];
  for (const goal of open) {
    const [id, , type, title, target, pieceID, deadline, , createdAt, updatedAt, createHash] = goal;
    if (deadline && now > Date.parse(deadline)) continue;
    const first = localDay(Date.parse(createdAt), timeZone);
    const last = deadline ? localDay(Date.parse(deadline), timeZone) : null;
    const minutes = (start, end) => {
      const from = Math.max(start, first);
      const through = Math.min(end, last ?? end);
      return from <= through ? Math.floor(seconds(from, through) / 60) : 0;
    };
    const current = (day) => {
      if (type === 'daily_minutes') return minutes(day, day);
      if (type === 'weekly_minutes') {
        const start = day - ((((day + 3) % 7) + 7) % 7);
        return minutes(start, start + 6);
      }
      if (!pieceID) return 0;
      const [tempo, accuracy] = db.first(`SELECT max(tempo_practiced), max(accuracy_percentage) FROM practice_logs
        WHERE user_id = ? AND sheet_music_id = ? AND +local_day BETWEEN ? AND ?`,
      [userID, pieceID, dayText(first), dayText(Math.min(today, last ?? today))]);
      return type === 'piece_tempo' ? tempo ?? 0 : Math.floor(accuracy ?? 0);
    };
    const pieceGoal = type === 'piece_tempo' || type === 'piece_accuracy';
    const candidates = pieceGoal ? [today] : [...new Set([...touched, today])].sort((a, b) => a - b);
    if (!candidates.some((day) => current(day) >= target)) continue;
    db.run(`INSERT INTO goals (${GOAL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET title = excluded.title, target = excluded.target, deadline = excluded.deadline,
        completed_at = excluded.completed_at, updated_at = excluded.updated_at
      WHERE goals.user_id = excluded.user_id`,
    [id, userID, type, title, target, pieceID, deadline, iso(now), createdAt, iso(stamp(now, Date.parse(updatedAt))), createHash]);
  }
}

// The overview of one instrument as of `today` (ProgressOverviewBuilder), with its statements.
export function overview(db, userID, instrument, today) {
  const stored = db.all(`SELECT instrument, skill_area, experience_points, total_practice_time, consecutive_days, longest_streak,
      last_practice_date, accuracy_trend, speed_trend, achievements, milestones
    FROM progress_tracking WHERE user_id = ? AND instrument = ? ORDER BY instrument, skill_area`, [userID, instrument])
    .map((row) => ({ instrument: row[0].toUpperCase(), skillArea: row[1].toUpperCase(), experiencePoints: row[2] ?? 0,
      totalPracticeSeconds: row[3] ?? 0, consecutiveDays: row[4] ?? 0, longestStreak: row[5] ?? 0, lastPracticeDate: row[6],
      accuracyTrend: row[7], speedTrend: row[8], achievements: JSON.parse(row[9] ?? '[]'), milestones: JSON.parse(row[10] ?? '[]') }));
  const skillAreas = SKILL_AREAS.map((area) => stored.find((row) => row.skillArea === area.toUpperCase())
    ?? { instrument: instrument.toUpperCase(), skillArea: area.toUpperCase(), experiencePoints: 0, totalPracticeSeconds: 0,
      consecutiveDays: 0, longestStreak: 0, lastPracticeDate: null, accuracyTrend: null, speedTrend: null, achievements: [], milestones: [] });
  const days = db.all('SELECT DISTINCT day FROM practice_days WHERE user_id = ? AND instrument = ? ORDER BY day', [userID, instrument])
    .map(([day]) => dayNumber(day));
  const figures = streaks(days);
  const first = today - 29;
  const twoDecimals = (value) => (value == null ? null : Math.round(value * 100) / 100);
  const dailySummaries = db.all(`SELECT local_day, count(DISTINCT session_id), coalesce(sum(duration_seconds), 0), count(*), avg(self_rating),
      avg(accuracy_percentage)
    FROM practice_logs WHERE user_id = ? AND local_day BETWEEN ? AND ? AND instrument = ?
    GROUP BY local_day ORDER BY local_day`, [userID, dayText(first), dayText(today), instrument])
    .map((row) => ({ date: row[0], sessions: row[1], totalSeconds: row[2], activities: row[3], averageRating: twoDecimals(row[4]),
      averageAccuracy: twoDecimals(row[5]) }));
  const window = db.all(`${STORED_DAY_COLUMNS}user_id = ? AND instrument = ? AND day >= ? ORDER BY day, instrument, skill_area`,
    [userID, instrument, dayText(first - 6)]).map(storedDay);
  const series = (sum, count) => [...new Set(window.filter((day) => day[count] > 0).map((day) => day.day))]
    .filter((day) => day >= first && day <= today).sort((a, b) => a - b)
    .map((day) => ({ date: dayText(day), value: trend(window.filter((row) => row.day <= day && row.day > day - 7), sum, count) }));
  const recentMilestones = stored.flatMap((row) => row.milestones)
    .sort((a, b) => (a.day === b.day ? (a.title < b.title ? 1 : -1) : a.day < b.day ? 1 : -1)).slice(0, 10);
  return {
    instrument: instrument.toUpperCase(),
    totalPracticeSeconds: skillAreas.reduce((sum, area) => sum + area.totalPracticeSeconds, 0),
    experiencePoints: skillAreas.reduce((sum, area) => sum + area.experiencePoints, 0),
    currentStreak: currentStreak(figures, today),
    longestStreak: figures.longest,
    lastPracticeDate: figures.lastDay === null ? null : dayText(figures.lastDay),
    skillAreas, dailySummaries, accuracyTrend: series('accuracySum', 'accuracyCount'), tempoTrend: series('speedSum', 'speedCount'),
    recentMilestones,
  };
}
