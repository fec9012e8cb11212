import { Container, Heading, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { Newsletter } from "../../../../../lib/api"
import { formatDateTime } from "../../../../../lib/time"

/** Status history from the article's times. */
export const HistorySection = ({ newsletter: n, timeZone }: { newsletter: Newsletter; timeZone: string }) => {
  const { t, i18n } = useTranslation("newsletter")
  const events = [
    { key: "created", at: n.created_at },
    // The reserved time, unless the article never got there.
    { key: "scheduled_for", at: n.status === "draft" || n.cancelled_at ? null : n.scheduled_at },
    { key: "started", at: n.started_at },
    { key: "finished", at: n.finished_at },
    { key: "counted", at: n.counted_at },
    { key: "aggregated", at: n.aggregated_at },
    { key: "cancelled", at: n.cancelled_at },
  ]
    .filter((e): e is { key: string; at: string } => !!e.at)
    .sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime())
  return (
    <Container className="divide-y p-0">
      <div className="px-6 py-4">
        <Heading level="h2">{t("detail.history")}</Heading>
      </div>
      <ol className="flex flex-col gap-y-3 px-6 py-4">
        {events.map((e) => (
          <li key={e.key} className="flex items-start gap-x-3">
            <span className="bg-ui-fg-muted mt-1.5 size-2 shrink-0 rounded-full" />
            <div>
              <Text size="small" weight="plus">
                {t(`detail.events.${e.key}`)}
              </Text>
              <Text size="xsmall" className="text-ui-fg-subtle">
                {formatDateTime(e.at, timeZone, i18n.language)}
              </Text>
            </div>
          </li>
        ))}
      </ol>
    </Container>
  )
}
