import { PaperPlane } from "@medusajs/icons"
import { Button, Container, Heading, Input, StatusBadge, Table, Text } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { TestSendResult } from "../../../../../../lib/api"
import { useTestSend } from "../../../../../../hooks/api/newsletters"
import { useApiError } from "../../../../../../lib/use-api-error"
import { Field } from "../../../../../../components/common"

/** テスト送信 (S5): addresses separated by commas, and the result for each of them. */
export const TestSendSection = ({ newsletterId }: { newsletterId: string }) => {
  const { t } = useTranslation("newsletter")
  const [to, setTo] = useState("")
  const [error, setError] = useState<string>()
  const [result, setResult] = useState<TestSendResult>()
  const send = useTestSend(newsletterId)
  const apiError = useApiError()

  const submit = async () => {
    setError(undefined)
    setResult(undefined)
    if (!to.trim()) {
      setError(t("testSend.required"))
      return
    }
    try {
      setResult(await send.mutateAsync(to))
    } catch (e) {
      const rendered = apiError.render(e, ["to"])
      setError(rendered.fields.to ?? rendered.general.join(" "))
    }
  }

  return (
    <Container className="divide-y p-0" data-testid="test-send">
      <div className="px-6 py-4">
        <Heading level="h2">{t("testSend.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {t("testSend.description")}
        </Text>
      </div>
      <form
        className="flex flex-col gap-y-3 px-6 py-4"
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
        noValidate
      >
        <Field label={t("testSend.addresses")} htmlFor="test-to" error={error} hint={t("testSend.hint")}>
          <div className="flex gap-x-2">
            <div className="min-w-0 flex-1">
              <Input
                id="test-to"
                value={to}
                aria-invalid={!!error}
                placeholder="owner@example.jp, staff@example.jp"
                onChange={(e) => setTo(e.target.value)}
              />
            </div>
            <Button type="submit" size="small" variant="secondary" isLoading={send.isPending}>
              <PaperPlane />
              {t("testSend.send")}
            </Button>
          </div>
        </Field>
      </form>
      {result && (
        <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="test-send-results">
          <Text size="xsmall" className="text-ui-fg-subtle">
            {t("testSend.via", { transport: result.transport })}
          </Text>
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>{t("testSend.address")}</Table.HeaderCell>
                <Table.HeaderCell>{t("testSend.result")}</Table.HeaderCell>
                <Table.HeaderCell>{t("testSend.detail")}</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {result.results.map((r) => (
                <Table.Row key={r.email} data-email={r.email} data-result={r.status}>
                  <Table.Cell>{r.email}</Table.Cell>
                  <Table.Cell>
                    <StatusBadge color={r.status === "sent" ? "green" : "red"}>
                      {t(`testSend.status.${r.status}`)}
                    </StatusBadge>
                  </Table.Cell>
                  <Table.Cell className="text-ui-fg-subtle max-w-[240px] truncate">
                    {r.status === "sent" ? r.id : r.error}
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
    </Container>
  )
}
