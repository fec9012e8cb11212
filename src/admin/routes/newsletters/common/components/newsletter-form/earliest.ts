/** The first minute that is at least `lead` minutes ahead, plus `extra` minutes. */
export const earliest = (lead: number, extra = 0) => {
  const d = new Date(Date.now() + (lead + extra) * 60_000)
  d.setSeconds(0, 0)
  d.setMinutes(d.getMinutes() + 1)
  return d
}
