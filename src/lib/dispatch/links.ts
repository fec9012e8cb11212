import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { ResolvedNewsletterOptions } from "../../modules/newsletter/options"
import { NewsletterLinkKind } from "../../modules/newsletter/types"
import { createLinkKeyring, LinkKeyring, signLinkToken } from "../tokens"
import { NewsletterError } from "../../modules/newsletter/errors"

/** Path of the one-click unsubscribe endpoint (outside /store: mail clients send no API key). */
export const UNSUBSCRIBE_PATH = "/hooks/newsletter/unsubscribe"

/** Path of the plugin's own signup confirmation page (for shops without a storefront page). */
export const CONFIRM_PATH = "/hooks/newsletter/confirm"

/** The shortest secret accepted to sign links (the `linkSecret` option, or the app's jwtSecret). */
export const MIN_LINK_SECRET_LENGTH = 32

/** What a link is built from besides its key: the URLs (frozen with the article when it sends). */
export type LinkUrls = Pick<ResolvedNewsletterOptions, "backendUrl" | "storefrontUrl" | "couponPath">

/** The options the link keys come from. */
export type LinkSecretOptions = Pick<ResolvedNewsletterOptions, "linkSecret" | "previousLinkSecrets">

/**
 * The keyring that signs and verifies links: derived from the `linkSecret` option (and
 * `previousLinkSecrets`), else from the app's `http.jwtSecret` when it has at least 32 characters.
 *
 * @throws MedusaError INVALID_ARGUMENT, in the plugin options' message format, when neither gives
 * a secret long enough: the boot stops and says what to set.
 */
export function linkKeysFor(options: LinkSecretOptions, jwtSecret: unknown): LinkKeyring {
  const previous = options.previousLinkSecrets ?? []
  if (options.linkSecret) {
    return createLinkKeyring(options.linkSecret, previous)
  }
  if (typeof jwtSecret === "string" && jwtSecret.length >= MIN_LINK_SECRET_LENGTH) {
    return createLinkKeyring(jwtSecret, previous)
  }
  throw new NewsletterError(
    MedusaError.Types.INVALID_ARGUMENT,
    "link_secret_required",
    `medusa-plugin-newsletter: invalid plugin options: linkSecret is required (at least ${MIN_LINK_SECRET_LENGTH} characters) because the app's http.jwtSecret is missing or shorter than ${MIN_LINK_SECRET_LENGTH} characters`,
    { min_length: MIN_LINK_SECRET_LENGTH }
  )
}

/** The app's `http.jwtSecret`, or undefined where there is no app config (the module test tier). */
export function appJwtSecret(configModule: unknown): unknown {
  return (configModule as { projectConfig?: { http?: { jwtSecret?: unknown } } } | undefined)
    ?.projectConfig?.http?.jwtSecret
}

// The options object is the module's one resolved copy: derive its keys once, not per request.
const keyringCache = new WeakMap<object, LinkKeyring>()

/** The link keyring of the running app (see {@link linkKeysFor}), derived once per options object. */
export function resolveLinkKeys(
  container: Pick<MedusaContainer, "resolve">,
  options: ResolvedNewsletterOptions
): LinkKeyring {
  let keyring = keyringCache.get(options)
  if (!keyring) {
    const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
    keyring = linkKeysFor(options, appJwtSecret(config))
    keyringCache.set(options, keyring)
  }
  return keyring
}

const trimSlash = (url: string) => url.replace(/\/+$/, "")
// couponPath's leading and trailing slashes are ignored.
const couponPathOf = (urls: Pick<LinkUrls, "couponPath">) => urls.couponPath.replace(/^\/+|\/+$/g, "")

/**
 * The recipient's one-click unsubscribe URL (RFC 8058 header and `<#配信停止URL>`), signed with
 * `kid` (the current key unless given; a send passes the key id it froze).
 */
export function unsubscribeUrl(
  urls: Pick<LinkUrls, "backendUrl">,
  keys: LinkKeyring,
  recipientId: string,
  kid: string = keys.currentKid
): string {
  const token = signLinkToken({ purpose: "unsubscribe", r: recipientId }, keys, kid)
  return `${trimSlash(urls.backendUrl)}${UNSUBSCRIBE_PATH}/${token}`
}

/**
 * The recipient's personal coupon link on the storefront (`<#クーポンURL>`, S9):
 * `{storefrontUrl}/{couponPath}/{token}`. The storefront page posts the token to
 * `POST /store/newsletter-coupons/{token}/claim`.
 */
export function couponUrl(
  urls: Pick<LinkUrls, "storefrontUrl" | "couponPath">,
  keys: LinkKeyring,
  recipientId: string,
  kid: string = keys.currentKid
): string {
  const token = signLinkToken({ purpose: "coupon", r: recipientId }, keys, kid)
  return `${trimSlash(urls.storefrontUrl)}/${couponPathOf(urls)}/${token}`
}

/**
 * The signup's confirmation link (ダブルオプトイン) for the pending request `requestId`, valid until
 * `expiresAt` (the signed `exp`, in seconds): `{storefrontUrl}/{confirmPath}/{token}` when the
 * `confirmPath` option is set, else the plugin's page `{backendUrl}/hooks/newsletter/confirm/{token}`.
 * The token is always the last path segment.
 */
export function confirmationUrl(
  urls: Pick<ResolvedNewsletterOptions, "backendUrl" | "storefrontUrl" | "confirmPath">,
  keys: LinkKeyring,
  requestId: string,
  expiresAt: Date
): string {
  const token = signLinkToken(
    { purpose: "confirm", q: requestId, exp: Math.floor(expiresAt.getTime() / 1000) },
    keys
  )
  return urls.confirmPath
    ? `${trimSlash(urls.storefrontUrl)}/${urls.confirmPath.replace(/^\/+|\/+$/g, "")}/${token}`
    : `${trimSlash(urls.backendUrl)}${CONFIRM_PATH}/${token}`
}

/**
 * The longest clicked link kept, in UTF-8 bytes: far beyond real links, and short enough for the
 * unique index on (recipient, link) whatever the characters.
 */
export const MAX_CLICKED_LINK_BYTES = 2000

/** A clicked link as the article's link list shows it. */
export type ClickedLink = { url: string; kind: NewsletterLinkKind }

// A link token as signLinkToken makes it (`kid.payload.signature`), or one of 0.1 (`payload.signature`).
const LINK_TOKEN = "[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+){1,2}"
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, "utf8") <= maxBytes) {
    return text
  }
  // A character cut in half decodes as U+FFFD: drop it.
  return Buffer.from(text, "utf8").subarray(0, maxBytes).toString("utf8").replace(/\uFFFD+$/, "")
}

/**
 * What a link Resend reports as clicked (`email.clicked`, `data.click.link`) is, for the article's
 * link list: the plugin's unsubscribe link (`{backendUrl}/hooks/newsletter/unsubscribe/{token}`,
 * see {@link unsubscribeUrl}) or coupon link (`{storefrontUrl}/{couponPath}/{token}`, see
 * {@link couponUrl}) without its per-recipient token, so every recipient's click counts on one
 * link; any other link as reported (at most {@link MAX_CLICKED_LINK_BYTES}). Recognised by the
 * path and the token's shape, whatever the host: an article keeps the URLs frozen when it started
 * sending, which may differ from today's options. Null for an empty link.
 */
export function clickedLink(link: string, urls: Pick<LinkUrls, "couponPath">): ClickedLink | null {
  const trimmed = typeof link === "string" ? link.trim() : ""
  if (!trimmed) {
    return null
  }
  let parsed: URL | null = null
  try {
    parsed = new URL(trimmed)
  } catch {
    // Not an absolute URL: kept as reported.
  }
  if (parsed && (parsed.protocol === "https:" || parsed.protocol === "http:")) {
    const own: Array<[NewsletterLinkKind, string]> = [
      [NewsletterLinkKind.UNSUBSCRIBE, UNSUBSCRIBE_PATH],
      [NewsletterLinkKind.COUPON, `/${couponPathOf(urls)}`],
    ]
    for (const [kind, path] of own) {
      const match = new RegExp(`^(.*)${escapeRegExp(path)}/${LINK_TOKEN}/?$`).exec(parsed.pathname)
      if (match) {
        return { url: truncateUtf8(`${parsed.origin}${match[1]}${path}`, MAX_CLICKED_LINK_BYTES), kind }
      }
    }
  }
  return { url: truncateUtf8(trimmed, MAX_CLICKED_LINK_BYTES), kind: NewsletterLinkKind.LINK }
}
