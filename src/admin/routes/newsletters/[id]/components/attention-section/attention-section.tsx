import { ExclamationCircleSolid } from "@medusajs/icons"
import { Button, Container, Heading, Text, toast, usePrompt } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { AttentionAction, Newsletter } from "../../../../../lib/api"
import { useResolveNewsletterAttention } from "../../../../../hooks/api/newsletters"
import { useApiError } from "../../../../../lib/use-api-error"

// In this order on the screen; each is explained, then offered.
const ACTIONS: readonly AttentionAction[] = ["send_again", "skip"]

/**
 * Shown while batches of the article wait for the store owner's decision (first attempted more
 * than 23 hours ago: Resend no longer recognises a retry, so the plugin does not send them again
 * by itself). Explains what is unknown and what each choice does; each choice is confirmed first.
 * The reason itself (how many recipients, which batches) is the article's reason box.
 */
export const AttentionSection = ({ newsletter }: { newsletter: Newsletter }) => {
  const { t } = useTranslation("newsletter")
  const prompt = usePrompt()
  const resolve = useResolveNewsletterAttention(newsletter.id)
  const apiError = useApiError()

  const decide = async (action: AttentionAction) => {
    const confirmed = await prompt({
      title: t(`attention.${action}.promptTitle`),
      description: t(`attention.${action}.promptDescription`),
      confirmText: t(`attention.${action}.action`),
      cancelText: t("general.back"),
      variant: action === "send_again" ? "danger" : "confirmation",
    })
    if (!confirmed) return
    try {
      await resolve.mutateAsync(action)
      toast.success(t(`attention.${action}.done`))
    } catch (e) {
      toast.error(t("attention.failed"), { description: apiError.text(e) })
    }
  }

  return (
    <Container
      className="border-ui-tag-red-border bg-ui-tag-red-bg/40 flex flex-col gap-y-3 px-6 py-4"
      data-testid="attention-section"
      role="alert"
    >
      <div className="flex items-center gap-x-2">
        <ExclamationCircleSolid className="text-ui-tag-red-icon shrink-0" />
        <Heading level="h2">{t("attention.title")}</Heading>
      </div>
      <Text size="small">{t("attention.explanation")}</Text>
      <dl className="flex flex-col gap-y-2">
        {ACTIONS.map((action) => (
          <div key={action}>
            <Text size="small" weight="plus" asChild>
              <dt>{t(`attention.${action}.action`)}</dt>
            </Text>
            <Text size="small" asChild>
              <dd>{t(`attention.${action}.explanation`)}</dd>
            </Text>
          </div>
        ))}
      </dl>
      <Text size="small" className="text-ui-fg-subtle">
        {t("attention.check")}
      </Text>
      <div className="flex flex-wrap items-center gap-2">
        {ACTIONS.map((action) => (
          <Button
            key={action}
            size="small"
            variant={action === "send_again" ? "danger" : "secondary"}
            onClick={() => decide(action)}
            disabled={resolve.isPending}
            data-testid={`attention-${action}`}
          >
            {t(`attention.${action}.action`)}
          </Button>
        ))}
      </div>
    </Container>
  )
}
