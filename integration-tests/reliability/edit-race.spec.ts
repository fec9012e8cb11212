import dispatchNewslettersJob from "../../src/jobs/dispatch-newsletters"
import { freshConnection } from "../helpers/connection"
import { report } from "../helpers/report"
import { seedSubscribersSql } from "../helpers/sql-seed"
import { useResendStandin } from "../helpers/standin"
import { useNewsletterSuite } from "../helpers/suite"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(5 * 60 * 1000)

const RECIPIENTS = 300
const EDITS = 50

const stand = useResendStandin({ NEWSLETTER_TEST_RPS: "100" })

type Answer = { n: number; status: number; code?: string; message?: string }

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const suite = useNewsletterSuite(getContainer, api, stand)

    it("50 edits racing the claim of the same article: each lands before sending or is refused; every mail shows the article as claimed", async () => {
      await seedSubscribersSql(getContainer(), RECIPIENTS, "race")
      const { id, recipient_count } = await suite.reserveArticle({ subject: "件名 #0" })
      expect(recipient_count).toEqual(RECIPIENTS)

      const edit = (n: number): Promise<Answer> =>
        api
          .post(`/admin/newsletters/${id}`, { subject: `件名 #${n}` }, { headers: suite.headers, httpAgent: freshConnection() })
          .then(
            (response) => ({ n, status: response.status }),
            (error) => ({
              n,
              status: error.response?.status ?? 0,
              code: error.response?.data?.code,
              message: error.response?.data?.message ?? String(error),
            })
          )
      const status = async () => (await suite.service.listNewsletters({ id }))[0].status

      // Phase 1: half the edits at once; the claim starts as soon as one of them has landed, so the
      // others race it (read before the claim, write after it, or both before).
      const half = EDITS / 2
      const racing = Array.from({ length: half }, (_, i) => edit(i + 1))
      await Promise.race(racing)
      suite.clock.advanceMinutes(11)
      const job = dispatchNewslettersJob(getContainer())
      // Phase 2: once the claim has committed, the other half, while the batches go out.
      while ((await status()) === "scheduled") {
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      const late = Array.from({ length: half }, (_, i) => edit(half + i + 1))
      const answers = [...(await Promise.all(racing)), ...(await Promise.all(late))]
      await job
      for (let runs = 0; runs < 10 && (await status()) === "sending"; runs++) {
        await dispatchNewslettersJob(getContainer())
      }

      const [article] = await suite.service.listNewsletters({ id })
      const mails = suite.messagesFor(id)
      const landed = answers.filter((a) => a.status === 200)
      const conflicts = answers.filter((a) => a.status === 409)
      const subjects = new Set(mails.map((m) => m.subject))
      report("50 edits racing the claim", {
        recipients: RECIPIENTS,
        edits: answers.length,
        landed: landed.length,
        landed_in_race: landed.filter((a) => a.n <= half).length,
        conflicts_409: conflicts.length,
        other: answers.length - landed.length - conflicts.length,
        other_answers: JSON.stringify(answers.filter((a) => a.status !== 200 && a.status !== 409)),
        mails: mails.length,
        distinct_subjects: subjects.size,
        stored_subject: article.subject,
      })

      // Every edit landed (200) or answered 409 naming the status the article had moved on to,
      // whether the claim came between its read and its write or before its read.
      expect(answers.length).toEqual(EDITS)
      expect(landed.length + conflicts.length).toEqual(EDITS)
      conflicts.forEach((a) =>
        expect(a.message).toMatch(
          new RegExp(`^Sending of newsletter "${id}" has already started \\(status: (sending|sent)\\); it can no longer be edited$`)
        )
      )
      // The first answer came before the claim started; the late half came after it committed.
      expect(landed.length).toBeGreaterThanOrEqual(1)
      expect(landed.every((a) => a.n <= half)).toBe(true)

      // The article as claimed is the last edit that landed, and every mail shows exactly it.
      expect(article.status).toEqual("sent")
      expect(landed.map((a) => `件名 #${a.n}`)).toContain(article.subject)
      expect(mails).toHaveLength(RECIPIENTS)
      expect([...subjects]).toEqual([article.subject])
      expect(suite.tally(id, RECIPIENTS)).toEqual({ sent: RECIPIENTS, duplicates: 0, lost: 0 })
    })
  },
})
