// A practice plan's days, worked out on the device from its copy of the plan and the logs, so
// Today shows the day's items and their states offline too. The rules are the API's
// (`PlanSchedule.includes`, `PlanDay.states`): Tests/e2e/app_e2e.py holds the two to the same days.

/** The API's weekdays, Monday first. */
export const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

/** Days since 1970-01-01 of a `YYYY-MM-DD` day. */
export function dayNumber(day) {
  const [year, month, date] = day.split('-').map(Number);
  return Date.UTC(year, month - 1, date) / 86_400_000;
}

/** The `YYYY-MM-DD` day `count` days after `day`. */
export function addDays(day, count) {
  return new Date((dayNumber(day) + count) * 86_400_000).toISOString().slice(0, 10);
}

/** The day's weekday, as the API names it. */
export function weekday(day) {
  return WEEKDAYS[(((dayNumber(day) + 3) % 7) + 7) % 7];
}

/** The Monday of the day's week. */
export function weekStart(day) {
  return addDays(day, -WEEKDAYS.indexOf(weekday(day)));
}

/** Whether a plan item is due on a day (paused and declined items never are). */
export function isDue(item, day) {
  const { kind, startDate, endDate, everyDays, weekdays } = item.schedule;
  if (item.paused || item.declinedAt || day < startDate || (endDate && day > endDate)) return false;
  if (kind === 'ONCE') return day === startDate;
  if (kind === 'EVERY_N_DAYS') return (dayNumber(day) - dayNumber(startDate)) % (everyDays || 1) === 0;
  return weekdays.includes(weekday(day));
}

/**
 * The items due on `day` in plan order, each with its state: logs naming the item count, or
 * failing those, logs of its piece that name no item; practice outranks a skip; past days
 * without practice are MISSED, later ones UPCOMING.
 */
export function dayPlan(day, items, logs, today) {
  const ofDay = logs.filter((log) => log.day === day);
  return items.filter((item) => isDue(item, day))
    .sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1))
    .map((item) => {
      let counted = ofDay.filter((log) => log.planItemId === item.id);
      if (!counted.length && item.sheetMusic) counted = ofDay.filter((log) => !log.planItemId && log.sheetMusicId === item.sheetMusic.id);
      const seconds = counted.reduce((sum, log) => sum + (log.durationSeconds ?? 0), 0);
      const state = counted.length ? (seconds >= item.targetMinutes * 60 ? 'DONE' : 'PARTLY_DONE')
        : item.skippedDates.includes(day) ? 'SKIPPED' : day < today ? 'MISSED' : day === today ? 'DUE' : 'UPCOMING';
      return { item, state, seconds };
    });
}

/** How a schedule reads: `Every day`, `Mon, Wed, Fri`, `Every 3 days`, `Once, Sun 15 Mar`, with its end. */
export function describe(schedule) {
  const short = (day) => new Date(`${day}T12:00:00`).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
  const days = schedule.kind === 'ONCE' ? `Once, ${short(schedule.startDate)}`
    : schedule.kind === 'EVERY_N_DAYS' ? (schedule.everyDays === 1 ? 'Every day' : `Every ${schedule.everyDays} days`)
      : schedule.weekdays.length === 7 ? 'Every day'
        : schedule.weekdays.length === 1 ? `${schedule.weekdays[0].charAt(0)}${schedule.weekdays[0].slice(1).toLowerCase()}s`
          : WEEKDAYS.filter((d) => schedule.weekdays.includes(d)).map((d) => d.charAt(0) + d.slice(1, 3).toLowerCase()).join(', ');
  const today = new Date().toLocaleDateString('en-CA');
  const from = schedule.kind !== 'ONCE' && schedule.startDate > today ? ` from ${short(schedule.startDate)}` : '';
  const until = schedule.kind !== 'ONCE' && schedule.endDate ? ` until ${short(schedule.endDate)}` : '';
  return days + from + until;
}
