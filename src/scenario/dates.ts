const MS_PER_DAY = 86_400_000;

export function dayNumber(isoDate: string): number {
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / MS_PER_DAY);
}

export function isoFromDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Every date from start to end, both inclusive. */
export function datesBetween(start: string, end: string): string[] {
  const first = dayNumber(start);
  const last = dayNumber(end);
  const dates: string[] = [];
  for (let day = first; day <= last; day += 1) dates.push(isoFromDayNumber(day));
  return dates;
}

export function addDays(isoDate: string, days: number): string {
  return isoFromDayNumber(dayNumber(isoDate) + days);
}
