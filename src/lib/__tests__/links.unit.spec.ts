import { MedusaError } from "@medusajs/framework/utils"
import { resolveNewsletterOptions } from "../../modules/newsletter/options"
import linkKeysLoader from "../../modules/newsletter/loaders/link-keys"
import {
  appJwtSecret,
  clickedLink,
  couponUrl,
  linkKeysFor,
  MAX_CLICKED_LINK_BYTES,
  resolveLinkKeys,
  unsubscribeUrl,
} from "../dispatch/links"
import { createLinkKeyring, linkKeyId, verifyLinkToken } from "../tokens"

const sender = { name: "テストショップ", postalAddress: "東京都千代田区1-1-1", contact: "support@example.jp" }
const LINK_SECRET = "link-secret-0123456789abcdef-0123456789"
const OLD_SECRET = "old-link-secret-0123456789abcdef-012345"
const LONG_JWT = "j".repeat(32)
const MISSING =
  "medusa-plugin-newsletter: invalid plugin options: linkSecret is required (at least 32 characters) because the app's http.jwtSecret is missing or shorter than 32 characters"

const configWith = (jwtSecret: unknown) => ({ projectConfig: { http: { jwtSecret } } })

/** A container that holds only the app config, counting how often it is asked for it. */
function containerWith(config: unknown) {
  const calls: string[] = []
  return {
    calls,
    resolve: ((key: string) => {
      calls.push(key)
      return config
    }) as any,
  }
}

describe("link keys", () => {
  describe("linkKeysFor", () => {
    it("should derive the keys from linkSecret, whatever the jwtSecret", () => {
      const keys = linkKeysFor({ linkSecret: LINK_SECRET, previousLinkSecrets: [] }, "short")
      expect(keys.currentKid).toBe(linkKeyId(LINK_SECRET))
      expect([...keys.keys.keys()]).toEqual([linkKeyId(LINK_SECRET)])
    })

    it("should accept the previous secrets for verification", () => {
      const keys = linkKeysFor({ linkSecret: LINK_SECRET, previousLinkSecrets: [OLD_SECRET] }, undefined)
      expect([...keys.keys.keys()]).toEqual([linkKeyId(LINK_SECRET), linkKeyId(OLD_SECRET)])
    })

    it("should fall back to a jwtSecret of at least 32 characters", () => {
      const keys = linkKeysFor({ previousLinkSecrets: [OLD_SECRET] }, LONG_JWT)
      expect(keys.currentKid).toBe(linkKeyId(LONG_JWT))
      expect(keys.keys.has(linkKeyId(OLD_SECRET))).toBe(true)
    })

    it.each([
      ["a jwtSecret of 31 characters", "j".repeat(31)],
      ["Medusa's default jwtSecret", "supersecret"],
      ["an empty jwtSecret", ""],
      ["no jwtSecret", undefined],
      ["a jwtSecret that is not text", 12345678901234567890123456789012345],
    ])("should stop with what to set on %s", (_label, jwtSecret) => {
      expect(() => linkKeysFor({ previousLinkSecrets: [] }, jwtSecret)).toThrow(
        expect.objectContaining({ type: MedusaError.Types.INVALID_ARGUMENT, message: MISSING })
      )
    })
  })

  describe("appJwtSecret", () => {
    it("should read projectConfig.http.jwtSecret, or nothing without an app config", () => {
      expect(appJwtSecret(configWith(LONG_JWT))).toBe(LONG_JWT)
      expect(appJwtSecret({ modules: {} })).toBeUndefined()
      expect(appJwtSecret(undefined)).toBeUndefined()
    })
  })

  describe("resolveLinkKeys", () => {
    it("should use the app's jwtSecret when linkSecret is not set, and derive the keys once per options object", () => {
      const options = resolveNewsletterOptions({ sender })
      const container = containerWith(configWith(LONG_JWT))
      const first = resolveLinkKeys(container, options)
      expect(first.currentKid).toBe(linkKeyId(LONG_JWT))
      expect(resolveLinkKeys(container, options)).toBe(first)
      expect(container.calls).toEqual(["configModule"])
    })

    it("should refuse a short jwtSecret when linkSecret is not set", () => {
      const options = resolveNewsletterOptions({ sender })
      expect(() => resolveLinkKeys(containerWith(configWith("supersecret")), options)).toThrow(MISSING)
    })
  })

  describe("the boot check (module loader)", () => {
    const boot = (options: unknown, config: unknown) =>
      linkKeysLoader({ container: containerWith(config) as any, options: options as any })

    it("should stop the boot on a short jwtSecret without linkSecret", async () => {
      await expect(boot({ sender }, configWith("supersecret"))).rejects.toThrow(MISSING)
    })

    it("should pass with linkSecret, or with a long jwtSecret", async () => {
      await expect(boot({ sender, linkSecret: LINK_SECRET }, configWith("supersecret"))).resolves.toBeUndefined()
      await expect(boot({ sender }, configWith(LONG_JWT))).resolves.toBeUndefined()
    })

    it("should check nothing without an app config (the module test tier registers only its modules)", async () => {
      await expect(boot({ sender }, { modules: {} })).resolves.toBeUndefined()
      await expect(boot({ sender }, undefined)).resolves.toBeUndefined()
    })

    it("should stop the boot on invalid options too", async () => {
      await expect(boot({ sender, previousLinkSecrets: ["short"] }, configWith(LONG_JWT))).rejects.toThrow(
        "medusa-plugin-newsletter: invalid plugin options: previousLinkSecrets.0 must be at least 32 characters"
      )
    })
  })

  describe("link URLs", () => {
    const urls = { backendUrl: "https://api.example.jp/", storefrontUrl: "https://shop.example.jp", couponPath: "/ja/c/" }
    const keys = createLinkKeyring(LINK_SECRET, [OLD_SECRET])

    it("should sign an unsubscribe link with the current key id unless another is given", () => {
      const current = unsubscribeUrl(urls, keys, "nlrcp_1")
      const token = current.replace("https://api.example.jp/hooks/newsletter/unsubscribe/", "")
      expect(token.split(".")[0]).toBe(linkKeyId(LINK_SECRET))
      expect(verifyLinkToken(token, keys, "unsubscribe")).toEqual({ purpose: "unsubscribe", r: "nlrcp_1" })

      const frozen = unsubscribeUrl(urls, keys, "nlrcp_1", linkKeyId(OLD_SECRET))
      expect(frozen).toBe(unsubscribeUrl(urls, createLinkKeyring(OLD_SECRET), "nlrcp_1"))
      expect(frozen).not.toBe(current)
    })

    it("should sign a coupon link the same way, under {storefrontUrl}/{couponPath}", () => {
      const url = couponUrl(urls, keys, "nlrcp_1", linkKeyId(OLD_SECRET))
      const match = url.match(/^https:\/\/shop\.example\.jp\/ja\/c\/([^/]+)$/)!
      expect(match[1].split(".")[0]).toBe(linkKeyId(OLD_SECRET))
      expect(verifyLinkToken(match[1], keys, "coupon")).toEqual({ purpose: "coupon", r: "nlrcp_1" })
      expect(verifyLinkToken(match[1], keys, "unsubscribe")).toBeNull()
    })
  })
})

describe("clickedLink", () => {
  const urls = { backendUrl: "https://api.example.jp/", storefrontUrl: "https://shop.example.jp/jp", couponPath: "/ja/c/" }
  const keys = createLinkKeyring(LINK_SECRET)

  it("should recognise the plugin's own links, built by unsubscribeUrl and couponUrl, without their token", () => {
    expect(clickedLink(unsubscribeUrl(urls, keys, "nlrcp_1"), urls)).toEqual({
      url: "https://api.example.jp/hooks/newsletter/unsubscribe",
      kind: "unsubscribe",
    })
    expect(clickedLink(unsubscribeUrl(urls, keys, "nlrcp_2"), urls)).toEqual(
      clickedLink(unsubscribeUrl(urls, keys, "nlrcp_1"), urls)
    )
    expect(clickedLink(couponUrl(urls, keys, "nlrcp_1"), urls)).toEqual({
      url: "https://shop.example.jp/jp/ja/c",
      kind: "coupon",
    })
    // A link of 0.1 (payload.signature) and one on another host (the article's frozen URLs).
    expect(clickedLink("https://old.example.jp/hooks/newsletter/unsubscribe/eyJyIjoxfQ.c2ln", urls)).toEqual({
      url: "https://old.example.jp/hooks/newsletter/unsubscribe",
      kind: "unsubscribe",
    })
  })

  it("should keep every other link as reported", () => {
    expect(
      [
        "https://shop.example.jp/jp/ja/c/summer-sale/extra",
        "https://shop.example.jp/jp/ja/c/",
        "https://shop.example.jp/products/tea?utm_source=newsletter#reviews",
        "  https://shop.example.jp/  ",
        "mailto:support@example.jp",
        "not a url",
      ].map((link) => clickedLink(link, urls))
    ).toEqual([
      { url: "https://shop.example.jp/jp/ja/c/summer-sale/extra", kind: "link" },
      { url: "https://shop.example.jp/jp/ja/c/", kind: "link" },
      { url: "https://shop.example.jp/products/tea?utm_source=newsletter#reviews", kind: "link" },
      { url: "https://shop.example.jp/", kind: "link" },
      { url: "mailto:support@example.jp", kind: "link" },
      { url: "not a url", kind: "link" },
    ])
    expect(clickedLink("", urls)).toBeNull()
    expect(clickedLink("   ", urls)).toBeNull()
  })

  it("should cut a link longer than the limit at a whole character", () => {
    const link = `https://shop.example.jp/${"あ".repeat(1000)}`
    const { url } = clickedLink(link, urls)!
    // 24 bytes of prefix, then as many 3-byte characters as fit in 2000: 658 (1998 bytes).
    expect(MAX_CLICKED_LINK_BYTES).toBe(2000)
    expect(Buffer.byteLength(url, "utf8")).toBe(24 + 658 * 3)
    expect(link.startsWith(url)).toBe(true)
  })
})
