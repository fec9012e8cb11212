import { ArrowsPointingOut, ArrowsReduceDiagonal, ComputerDesktop, Phone } from "@medusajs/icons"
import { Button, Container, Heading, Select, Text, clx } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import type { AudiencePreview, Preview } from "../../../../../../lib/api"
import { errorMessage } from "../../../../../../lib/errors"

const SAMPLE = "__sample"

const Toggle = <T extends string>({
  value,
  options,
  onChange,
  label,
}: {
  value: T
  options: { value: T; label: string; icon: React.ReactNode }[]
  onChange: (v: T) => void
  label: string
}) => (
  <div className="bg-ui-bg-subtle flex rounded-md p-0.5" role="group" aria-label={label}>
    {options.map((o) => (
      <Button
        key={o.value}
        type="button"
        size="small"
        variant={o.value === value ? "secondary" : "transparent"}
        aria-pressed={o.value === value}
        onClick={() => onChange(o.value)}
      >
        {o.icon}
        {o.label}
      </Button>
    ))}
  </div>
)

/**
 * The mail as the sample recipient gets it (S7): the HTML part in a sandboxed iframe (no scripts,
 * no same-origin access) at desktop or mobile width, and the text part with the manual's
 * 大画面⇔小画面 toggle.
 */
export const MailPreviewSection = ({
  preview,
  isLoading,
  error,
  recipients,
  customerId,
  onCustomerChange,
}: {
  preview?: Preview
  isLoading: boolean
  error?: Error | null
  /** Recipients to preview as (the audience's sample), besides sample data. */
  recipients?: AudiencePreview["sample"]
  customerId?: string | null
  onCustomerChange?: (customerId: string | null) => void
}) => {
  const { t } = useTranslation("newsletter")
  const [device, setDevice] = useState<"desktop" | "mobile">("desktop")
  const [textSize, setTextSize] = useState<"large" | "small">("small")

  if (isLoading || error || !preview) {
    return (
      <Container className="px-6 py-4">
        <Text size="small" className={error ? "text-ui-fg-error" : undefined}>
          {error ? errorMessage(error) : t("general.loading")}
        </Text>
      </Container>
    )
  }

  const recipient = preview.recipient
  const name = [recipient.last_name, recipient.first_name].filter(Boolean).join(" ")

  return (
    <>
      <Container className="divide-y p-0">
        <div className="flex flex-wrap items-center justify-between gap-2 px-6 py-4">
          <div className="flex flex-col gap-y-1">
            <Heading level="h2">{t("confirm.preview")}</Heading>
            {onCustomerChange && recipients?.some((r) => r.customer_id) ? (
              <Select
                size="small"
                value={customerId ?? SAMPLE}
                onValueChange={(v) => onCustomerChange(v === SAMPLE ? null : v)}
              >
                <Select.Trigger className="w-[320px]" aria-label={t("confirm.previewAs")} data-testid="preview-as">
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  <Select.Item value={SAMPLE}>{t("confirm.sampleData")}</Select.Item>
                  {recipients
                    .filter((r) => r.customer_id)
                    .map((r) => (
                      <Select.Item key={r.customer_id!} value={r.customer_id!}>
                        {[r.last_name, r.first_name].filter(Boolean).join(" ") || r.email} &lt;{r.email}&gt;
                      </Select.Item>
                    ))}
                </Select.Content>
              </Select>
            ) : null}
            <Text size="small" className="text-ui-fg-subtle">
              {recipient.sample
                ? t("confirm.sampleRecipient", { email: recipient.email })
                : t("confirm.realRecipient", { name, email: recipient.email })}
            </Text>
          </div>
          {preview.html && (
            <Toggle
              label={t("confirm.device")}
              value={device}
              onChange={setDevice}
              options={[
                { value: "desktop", label: t("confirm.desktop"), icon: <ComputerDesktop /> },
                { value: "mobile", label: t("confirm.mobile"), icon: <Phone /> },
              ]}
            />
          )}
        </div>
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-subtle">
            {t("fields.subject")}
          </Text>
          <Text size="base" weight="plus" data-testid="preview-subject">
            {preview.subject}
          </Text>
        </div>
        {preview.html && (
          <div className="bg-ui-bg-subtle flex justify-center px-6 py-6">
            <iframe
              title={t("confirm.preview")}
              sandbox=""
              srcDoc={preview.html}
              data-testid="preview-frame"
              data-device={device}
              className={clx(
                "bg-ui-bg-base border-ui-border-base h-[560px] rounded-lg border shadow-elevation-card-rest transition-[width]",
                device === "desktop" ? "w-full max-w-[720px]" : "w-[375px]"
              )}
            />
          </div>
        )}
      </Container>
      {preview.text && (
        <Container className="divide-y p-0">
          <div className="flex items-center justify-between px-6 py-4">
            <Heading level="h2">{t("confirm.textPart")}</Heading>
            <Toggle
              label={t("confirm.textSize")}
              value={textSize}
              onChange={setTextSize}
              options={[
                { value: "large", label: t("confirm.large"), icon: <ArrowsPointingOut /> },
                { value: "small", label: t("confirm.small"), icon: <ArrowsReduceDiagonal /> },
              ]}
            />
          </div>
          <pre
            data-testid="preview-text"
            data-size={textSize}
            className={clx(
              "text-ui-fg-base overflow-auto whitespace-pre-wrap break-all px-6 py-4 font-mono",
              textSize === "large" ? "max-h-none text-sm leading-6" : "max-h-[320px] text-xs leading-5"
            )}
          >
            {preview.text}
          </pre>
        </Container>
      )}
    </>
  )
}
