/**
 * A Medusa process set up the way Medusa's Resend guide does it (bench/guide-app/medusa-config.ts:
 * the Notification Module with a Resend provider on `email`). Run as
 * `medusa exec ../scripts/guide-agent.ts` in bench/guide-app. Same command protocol as agent.ts.
 *
 * Command `send`: the benchmark article, rendered for each customer of a group with the plugin's
 * own renderer (outside the timing), then handed to the Notification Module in one
 * `createNotifications` call, as a subscriber following the guide would. Times that call and
 * reads back how the module recorded each notification.
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { buildMessage, liveSendContext } from "../../src/lib/dispatch/build-message"
import { linkKeysFor } from "../../src/lib/dispatch/links"
import { compileArticle } from "../../src/lib/render/compile"
import { resolveNewsletterOptions } from "../../src/modules/newsletter/options"
import { BENCH_ARTICLE } from "../lib/article"
import { CommandHandlers, serveCommands } from "../lib/commands"


export default async function guideAgent({ container }: ExecArgs) {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const notifications = container.resolve(Modules.NOTIFICATION)
  const compile = async (raw: unknown) => {
    const options = resolveNewsletterOptions(raw)
    const compiled = await compileArticle(BENCH_ARTICLE, {
      shopName: options.sender.shopName ?? options.sender.name,
      sender: options.sender,
    })
    return { options, compiled }
  }

  const handlers: CommandHandlers = {
    async send(c) {
      // The plugin's options (sent by bench/run.ts from the repo's test config), to render the same mails.
      const { options, compiled } = await compile(c.options)
      const { rows: customers } = await knex.raw(
        `SELECT c.id, c.email, c.first_name, c.last_name
         FROM customer c JOIN customer_group_customer g ON g.customer_id = c.id AND g.deleted_at IS NULL
         WHERE g.customer_group_id = ? AND c.deleted_at IS NULL ORDER BY c.email`,
        [c.groupId]
      )
      const tag = `bench-guide-${c.label}-${Date.now()}`
      const linkKeys = linkKeysFor(options, undefined)
      const context = liveSendContext(options, null, linkKeys)
      const data = customers.map((cu: any) => {
        const mail = buildMessage(
          compiled,
          { id: tag, coupon_mode: "none" as any },
          { id: cu.id, email: cu.email, first_name: cu.first_name, last_name: cu.last_name },
          context,
          linkKeys
        )
        return {
          to: cu.email,
          channel: "email",
          template: "newsletter",
          content: { subject: mail.subject, html: mail.html ?? undefined, text: mail.text },
          trigger_type: "bench.newsletter",
          resource_id: tag,
          resource_type: "newsletter",
          receiver_id: cu.id,
        }
      })

      // Every Medusa app that boots on a database syncs the notification providers of its own
      // config and disables the others: the benchmark's other processes (the repo's test config)
      // share this database, so the guide's app makes sure its provider is enabled, as it would be
      // in a store running only this config.
      await knex.raw(`UPDATE notification_provider SET is_enabled = true, deleted_at = NULL WHERE id = 'resend'`)

      const started = performance.now()
      let thrown: string | null = null
      try {
        await notifications.createNotifications(data)
      } catch (e) {
        // promiseAll with aggregateErrors: thrown when any provider.send threw.
        thrown = e instanceof Error ? e.message.slice(0, 300) : String(e)
      }
      const ms = performance.now() - started

      const { rows } = await knex.raw(
        `SELECT status, count(*)::int AS n, count(external_id)::int AS with_id
         FROM notification WHERE resource_id = ? GROUP BY status`,
        [tag]
      )
      return { ms, handed: data.length, thrown, statuses: rows }
    },
  }

  await serveCommands(handlers)
}
