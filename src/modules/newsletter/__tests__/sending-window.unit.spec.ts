import { isTimeOfDay, minutesOfDay, validateSendingWindow } from "../utils/sending-window"

const TOGETHER = (missing: string) => ({
  code: "sending_window_incomplete",
  message: "window_start and window_end must be given together (or both left empty for any time)",
  fields: [missing],
})
const FORMAT = (...fields: string[]) => ({
  code: "sending_window_invalid_time",
  message: "window_start and window_end must be times of day written HH:MM (00:00–23:59)",
  fields,
})
const DIFFER = {
  code: "sending_window_empty",
  message: "window_start and window_end must differ (leave both empty to allow any time)",
  fields: ["window_end"],
}

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
      ["09:00", null, "window_end"],
      ["09:00", undefined, "window_end"],
      [null, "18:00", "window_start"],
      [undefined, "18:00", "window_start"],
    ])("should refuse a window with one end missing (%p, %p), naming it", (start, end, missing) => {
      expect(validateSendingWindow(start, end)).toEqual(TOGETHER(missing!))
    })

    it.each([
      ["9:00", "18:00", ["window_start"]],
      ["09:00", "24:00", ["window_end"]],
      ["09:60", "18:00", ["window_start"]],
      ["09:00", "18:00:00", ["window_end"]],
      ["0900", "1800", ["window_start", "window_end"]],
      ["", "", ["window_start", "window_end"]],
      [" 09:00", "18:00", ["window_start"]],
    ])("should refuse the badly written window %p–%p, naming the wrong ends", (start, end, wrong) => {
      expect(validateSendingWindow(start, end)).toEqual(FORMAT(...(wrong as string[])))
    })

    it("should refuse a window whose ends are equal", () => {
      expect(validateSendingWindow("09:00", "09:00")).toEqual(DIFFER)
      expect(validateSendingWindow("00:00", "00:00")).toEqual(DIFFER)
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
