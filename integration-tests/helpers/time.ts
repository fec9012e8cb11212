/** `YYYY-MM-DD HH:MM:SS` in Tokyo, as the CSV exports write times. */
export const tokyo = (date: Date | string) =>
  new Intl.DateTimeFormat("sv-SE", {
    timeZone: "Asia/Tokyo",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).format(new Date(date))
