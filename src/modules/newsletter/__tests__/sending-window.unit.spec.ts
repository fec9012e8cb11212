import { isTimeOfDay, minutesOfDay, validateSendingWindow } from "../utils/sending-window"

const TOGETHER =
  "window_start and window_end must be given together (or both left empty for any time)"
const FORMAT = "window_start and window_end must be times of day written HH:MM (00:00–23:59)"
const DIFFER = "window_start and window_end must differ (leave both empty to allow any time)"

describe("sending window", () => {
  describe("validateSendingWindow", () => {
    it.each([
      [null, null],
      [undefined, undefined],
      [null, undefined],
    ])("should accept no window at all (%p, %p)", (start, end) => {
      expect(validateSendingWindow(start, end)).toBeNull()
    })

    it.each([
      ["09:00", "18:00"],
      ["00:00", "23:59"],
      ["22:00", "06:00"],
      ["23:59", "00:00"],
    ])("should accept the window %s–%s", (start, end) => {
      expect(validateSendingWindow(start, end)).toBeNull()
    })

    it.each([
      ["09:00", null],
      ["09:00", undefined],
      [null, "18:00"],
      [undefined, "18:00"],
    ])("should refuse a window with one end missing (%p, %p)", (start, end) => {
      expect(validateSendingWindow(start, end)).toBe(TOGETHER)
    })

    it.each([
      ["9:00", "18:00"],
      ["09:00", "24:00"],
      ["09:60", "18:00"],
      ["09:00", "18:00:00"],
      ["0900", "1800"],
      ["", ""],
      [" 09:00", "18:00"],
    ])("should refuse the badly written window %p–%p", (start, end) => {
      expect(validateSendingWindow(start, end)).toBe(FORMAT)
    })

    it("should refuse a window whose ends are equal", () => {
      expect(validateSendingWindow("09:00", "09:00")).toBe(DIFFER)
      expect(validateSendingWindow("00:00", "00:00")).toBe(DIFFER)
    })
  })

  describe("isTimeOfDay", () => {
    it.each(["00:00", "09:05", "12:30", "19:59", "23:59"])("should accept %s", (value) => {
      expect(isTimeOfDay(value)).toBe(true)
    })

    it.each(["24:00", "9:00", "09:5", "09:60", "25:00", "ab:cd", "", "09:00 "])(
      "should refuse %p",
      (value) => {
        expect(isTimeOfDay(value)).toBe(false)
      }
    )
  })

  describe("minutesOfDay", () => {
    it.each([
      ["00:00", 0],
      ["00:01", 1],
      ["09:30", 570],
      ["12:00", 720],
      ["22:00", 1320],
      ["23:59", 1439],
    ])("should count %s as %i minutes after midnight", (value, minutes) => {
      expect(minutesOfDay(value)).toBe(minutes)
    })

    it("should throw on a value that is not a time of day", () => {
      expect(() => minutesOfDay("24:00")).toThrow('"24:00" is not a time of day (HH:MM)')
      expect(() => minutesOfDay("9:00")).toThrow('"9:00" is not a time of day (HH:MM)')
    })
  })
})
