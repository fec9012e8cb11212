/**
 * "The way Medusa's Resend guide does it": a notification provider for the Notification Module
 * that sends each notification with one `emails.send` call, written after Medusa's Resend
 * integration guide (docs.medusajs.com, integrations/guides/resend). As in the guide, an error
 * answer from Resend is logged and the provider returns `{}`; the Notification Module then records
 * the notification as sent ("success"). Used only by the benchmark (bench/guide-app).
 *
 * One difference, for the benchmark only: the mail's content arrives already rendered in
 * `notification.content` (the guide renders a React Email template inside `send`), so the
 * comparison with the plugin does not charge the guide's way for rendering.
 */
import type { Logger, ProviderSendNotificationDTO, ProviderSendNotificationResultsDTO } from "@medusajs/framework/types"
import { AbstractNotificationProviderService, MedusaError } from "@medusajs/framework/utils"
import { Resend } from "resend"

type GuideResendOptions = {
  api_key: string
  from: string
  /** The Resend stand-in's URL (the guide talks to api.resend.com). */
  base_url?: string
}

class GuideResendNotificationProviderService extends AbstractNotificationProviderService {
  static identifier = "notification-resend"
  protected readonly client_: Resend
  protected readonly options_: GuideResendOptions
  protected readonly logger_: Logger

  constructor({ logger }: { logger: Logger }, options: GuideResendOptions) {
    super()
    this.client_ = new Resend(options.api_key, options.base_url ? { baseUrl: options.base_url } : undefined)
    this.options_ = options
    this.logger_ = logger
  }

  static validateOptions(options: Record<string, unknown>) {
    if (!options.api_key) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "Option `api_key` is required in the provider's options.")
    }
    if (!options.from) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "Option `from` is required in the provider's options.")
    }
  }

  async send(notification: ProviderSendNotificationDTO): Promise<ProviderSendNotificationResultsDTO> {
    const { data, error } = await this.client_.emails.send({
      from: notification.from?.trim() || this.options_.from,
      to: [notification.to],
      subject: notification.content?.subject ?? "New Email",
      html: notification.content?.html ?? "",
      text: notification.content?.text,
    })
    if (error || !data) {
      // As in the guide: log it and return no id. The module marks the notification "success".
      this.logger_.error(`Failed to send email: ${error ? `${error.name}: ${error.message}` : "unknown error"}`)
      return {}
    }
    return { id: data.id }
  }
}

export default GuideResendNotificationProviderService
