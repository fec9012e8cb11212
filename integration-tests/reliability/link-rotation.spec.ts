import { createHmac } from "node:crypto"
import { createLinkKeyring, linkKeyId, signLinkToken } from "../../src/lib/tokens"
import { report } from "../helpers/report"
import { seedSubscribersSql } from "../helpers/sql-seed"
import { useResendStandin } from "../helpers/standin"
import { useNewsletterSuite } from "../helpers/suite"
import { startWorker } from "../helpers/workers"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(5 * 60 * 1000)

const OLD_SECRET = "rotation-old-link-secret-0123456789abcdef"
const NEW_SECRET = "rotation-new-link-secret-0123456789abcdef"
// This suite's app runs after the rotation: the new secret signs, the old one still verifies.
const ENV = {
  NEWSLETTER_TEST_RPS: "100",
  NEWSLETTER_TEST_LINK_SECRET: NEW_SECRET,
  NEWSLETTER_TEST_PREVIOUS_LINK_SECRETS: OLD_SECRET,
}
const stand = useResendStandin(ENV)

const SUBSCRIBERS = 200
const CLICKED = 100
const LEGACY = 20
const INVALID_PAGE = "このリンクは無効です"

const b64 = (json: string) => Buffer.from(json).toString("base64url")
const hmac = (key: string, text: string) => createHmac("sha256", key).update(text).digest("base64url")
/** A link of version 0.1.0: no key id, HMAC with the raw secret. */
const legacyToken = (recipientId: string, secret: string) => {
  const body = b64(JSON.stringify({ purpose: "unsubscribe", r: recipientId }))
  return `${body}.${hmac(secret, body)}`
}
const tokenOf = (listUnsubscribe: string) => listUnsubscribe.slice(1, -1).split("/").pop()!
const path = (token: string) => `/hooks/newsletter/unsubscribe/${token}`

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const suite = useNewsletterSuite(getContainer, api, stand)

    it("a link signed with the previous secret still unsubscribes after rotation; a forged one does not", async () => {
      const container = getContainer()
      await seedSubscribersSql(container, SUBSCRIBERS, "rot")
      const { id, recipient_count } = await suite.reserveArticle()
      expect(recipient_count).toEqual(SUBSCRIBERS)

      // Before the rotation: a process configured with the old secret only sends the article.
      const worker = startWorker({
        ...ENV,
        DATABASE_URL: container.resolve("configModule").projectConfig.databaseUrl!,
        RESEND_STANDIN_URL: stand.standin.url,
        NEWSLETTER_CLOCK_OFFSET_MS: String(11 * 60_000),
        NEWSLETTER_TEST_LINK_SECRET: OLD_SECRET,
        NEWSLETTER_TEST_PREVIOUS_LINK_SECRETS: "",
        WORKER_RUN_SECONDS: "120",
      })
      const code = await worker.exited
      if (code !== 0) {
        throw new Error(`the worker exited with ${code}:\n${worker.output().slice(-3000)}`)
      }
      const mails = suite.messagesFor(id)
      expect(suite.tally(id, SUBSCRIBERS)).toEqual({ sent: SUBSCRIBERS, duplicates: 0, lost: 0 })
      const oldKid = linkKeyId(OLD_SECRET)
      expect(mails.every((m) => tokenOf(m.headers!["List-Unsubscribe"]).startsWith(`${oldKid}.`))).toBe(true)

      const recipients = await suite.service.listNewsletterRecipients({ newsletter_id: id }, { take: SUBSCRIBERS })
      const recipientOf = new Map(recipients.map((r) => [r.email, r.id]))
      const byEmail = [...mails].sort((a, b) => a.to[0].localeCompare(b.to[0]))
      const clicked = byEmail.slice(0, CLICKED)
      const legacy = byEmail.slice(CLICKED, CLICKED + LEGACY)
      const untouched = byEmail.slice(CLICKED + LEGACY)
      const form = { headers: { "content-type": "application/x-www-form-urlencoded" } }
      const post = async (token: string) => {
        const res = await api.post(path(token), "List-Unsubscribe=One-Click", form).catch((e) => e.response)
        return res.status as number
      }

      // After the rotation (this app): the old links, as delivered, still unsubscribe.
      const confirm = await api.get(path(tokenOf(clicked[0].headers!["List-Unsubscribe"])))
      expect(confirm.status).toEqual(200)
      const oldStatuses = await Promise.all(clicked.map((m) => post(tokenOf(m.headers!["List-Unsubscribe"]))))
      expect(oldStatuses).toEqual(Array(CLICKED).fill(200))
      // So do links of 0.1.0 signed with the old secret.
      const legacyStatuses = await Promise.all(legacy.map((m) => post(legacyToken(recipientOf.get(m.to[0])!, OLD_SECRET))))
      expect(legacyStatuses).toEqual(Array(LEGACY).fill(200))

      // Forged and altered links, aimed at the subscribers nobody unsubscribed.
      const newKid = linkKeyId(NEW_SECRET)
      const stranger = createLinkKeyring("rotation-unknown-secret-0123456789abcdef")
      const forgedFor = (target: (typeof untouched)[number], other: (typeof untouched)[number]) => {
        const [kid, body, signature] = tokenOf(target.headers!["List-Unsubscribe"]).split(".")
        const victim = recipientOf.get(target.to[0])!
        const otherBody = tokenOf(other.headers!["List-Unsubscribe"]).split(".")[1]
        const flip = (s: string) => s.slice(0, -1) + (s.endsWith("A") ? "B" : "A")
        const signedBy = (key: string) => `${kid}.${body}.${hmac(key, `${kid}.${body}`)}`
        return [
          `${kid}.${otherBody}.${signature}`, // another recipient's payload under this signature
          `${kid}.${body}.${flip(signature)}`, // one character of the signature changed
          `${newKid}.${body}.${signature}`, // the key id relabelled to the current key
          `${body}.${signature}`, // the key id dropped (the 0.1.0 shape)
          signLinkToken({ purpose: "unsubscribe", r: victim }, stranger), // an unknown key
          signLinkToken({ purpose: "coupon", r: victim }, createLinkKeyring(OLD_SECRET)), // a coupon token
          signedBy(OLD_SECRET), // HMAC with the raw old secret instead of its derived key
          legacyToken(victim, "rotation-wrong-secret-0123456789abcdef00"), // 0.1.0 shape, wrong secret
          legacyToken(victim, NEW_SECRET).replace(/.$/, (c) => (c === "A" ? "B" : "A")), // altered 0.1.0 link
        ]
      }
      const forged = untouched.flatMap((m, i) => forgedFor(m, untouched[(i + 1) % untouched.length]))
      const forgedStatuses: number[] = []
      for (const token of forged) {
        const { response } = await api.post(path(token), "List-Unsubscribe=One-Click", form).catch((e) => e)
        expect(response.data).toContain(INVALID_PAGE)
        forgedStatuses.push(response.status)
      }
      expect(forgedStatuses).toEqual(Array(forged.length).fill(400))

      const subscriptions = await suite.service.listNewsletterSubscriptions(
        { email: byEmail.map((m) => m.to[0]) },
        { relations: ["events"], take: SUBSCRIBERS }
      )
      const statusOf = new Map(subscriptions.map((s) => [s.email, s.status]))
      const unsubscribed = [...clicked, ...legacy].map((m) => statusOf.get(m.to[0]))
      expect(unsubscribed).toEqual(Array(CLICKED + LEGACY).fill("unsubscribed"))
      expect(untouched.map((m) => statusOf.get(m.to[0]))).toEqual(Array(untouched.length).fill("subscribed"))
      const events = subscriptions.flatMap((s) => s.events)
      expect(events.map((e) => [e.from_status, e.to_status, e.source, e.newsletter_id])).toEqual(
        Array(CLICKED + LEGACY).fill(["subscribed", "unsubscribed", "unsubscribe_link", id])
      )

      // New mail of this app is signed with the new key.
      const preview = await api.get(`/admin/newsletters/${id}/preview`, { headers: suite.headers })
      const previewKid = tokenOf(preview.data.preview.headers["List-Unsubscribe"]).split(".")[0]
      expect(previewKid).toEqual(newKid)

      report("link rotation", {
        mails_signed_with_old_secret: mails.length,
        old_links_unsubscribed: oldStatuses.filter((s) => s === 200).length,
        legacy_links_unsubscribed: legacyStatuses.filter((s) => s === 200).length,
        forged_attempts: forged.length,
        forged_refused_400: forgedStatuses.filter((s) => s === 400).length,
        changed_by_forged: untouched.filter((m) => statusOf.get(m.to[0]) !== "subscribed").length,
        history_rows: events.length,
        new_links_kid_is_new: previewKid === newKid,
      })
    })
  },
})
