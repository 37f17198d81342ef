/** Days and times of the clinic's calendar: days as "2026-12-07", instants shown in the clinic's time zone whatever the browser's. */

/** The clinic's day of a time the server gave in the clinic's zone ("2026-12-07T09:00:00-05:00"). */
export const dayOf = (startsAt: string) => startsAt.slice(0, 10);

/** Whole minutes from one instant to another. */
export const minutesBetween = (from: string, to: string) => Math.round((new Date(to).getTime() - new Date(from).getTime()) / 60_000);
