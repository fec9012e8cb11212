/**
 * A Medusa process that applies delivery reports the way the webhook route does (the plugin's
 * applyDeliveryReport: group commit, then the reports' effects), one after the other, for the
 * effects-durable reliability case, which kills it between a report's commit and its effect.
 *
 * Env: DATABASE_URL, REPORTS_FILE (a JSON array of delivery reports, dates as ISO strings).
 * Prints REPORT_DONE <event id> after each report and REPORTS_DONE at the end.
 */
import { readFileSync } from "node:fs"
import type { ExecArgs } from "@medusajs/framework/types"
import { applyDeliveryReport } from "../../src/lib/webhooks/apply-delivery-report"
import type { DeliveryEventInput } from "../../src/lib/webhooks/types"

export default async function deliverReports({ container }: ExecArgs) {
  const reports = JSON.parse(readFileSync(process.env.REPORTS_FILE!, "utf8")) as DeliveryEventInput[]
  console.log("DELIVERER_READY")
  for (const report of reports) {
    await applyDeliveryReport(container, {
      ...report,
      occurredAt: new Date(report.occurredAt),
      now: new Date(report.now),
    })
    console.log(`REPORT_DONE ${report.eventId}`)
  }
  console.log("REPORTS_DONE")
}
