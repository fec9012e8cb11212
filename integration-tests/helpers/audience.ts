import type { AxiosInstance } from "axios"

/**
 * The audience preview as the tests read it (`POST /admin/newsletters/audience/preview`), sent
 * with the admin headers `headers()` gives when it is called.
 */
export function audiencePreview(api: AxiosInstance, headers: () => Record<string, string>) {
  const post = (audience: unknown) =>
    api.post("/admin/newsletters/audience/preview", { audience }, { headers: headers() })
  const preview = async (audience: unknown) => (await post(audience)).data
  return {
    preview,
    /** The emails a filter selects, in the preview's (email) order; checks count = sample size. */
    emailsOf: async (audience: unknown): Promise<string[]> => {
      const { count, sample } = await preview(audience)
      expect(count).toEqual(sample.length)
      return sample.map((r: { email: string }) => r.email)
    },
    /** The answer to a refused preview. */
    refusal: async (audience: unknown) => (await post(audience).catch((e) => e)).response,
  }
}
