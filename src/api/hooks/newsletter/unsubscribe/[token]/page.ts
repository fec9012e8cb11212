import Handlebars from "handlebars"
import {
  UNSUBSCRIBE_FOLLOW_UP_DAYS,
  UNSUBSCRIBE_REASON_TEXT_MAX,
  UNSUBSCRIBE_REASONS,
  type UnsubscribeReason,
} from "../../../../../modules/newsletter/utils/unsubscribe-follow-up-rules"

const escapeHtml = (text: string) => Handlebars.escapeExpression(text)

/** What the page can still offer after an unsubscribe (see decideUnsubscribeFollowUp). */
export type UnsubscribeFollowUpOffer =
  /** Within 7 days: ask the reason (unless given) and offer to subscribe again until `until`. */
  | { state: "open"; until: Date; reason: UnsubscribeReason | null }
  /** Unsubscribed longer ago: say so. */
  | { state: "expired" }
  /** Nothing to offer (cleaned, or no record). */
  | { state: "closed" }

export type UnsubscribePageState =
  | { state: "confirm"; email: string }
  /** Just unsubscribed (`done`) or found unsubscribed when the page opened (`already`). */
  | { state: "done" | "already"; email: string; base: string; followUp: UnsubscribeFollowUpOffer }
  | { state: "reason_saved"; email: string; base: string; followUp: UnsubscribeFollowUpOffer }
  | { state: "resubscribed"; email: string }
  /** A follow-up refused: `code` of the error (e.g. unsubscribe_follow_up_expired). */
  | { state: "refused"; code: string }
  | { state: "invalid" }

/** The reasons as the page words them, in the order it shows them. */
export const UNSUBSCRIBE_REASON_LABELS: Record<UnsubscribeReason, string> = {
  too_many: "メールが多すぎる",
  not_interested: "内容に興味がない",
  never_signed_up: "登録した覚えがない",
  other: "その他",
}

const REFUSALS: Record<string, string> = {
  unsubscribe_follow_up_expired: `配信停止から${UNSUBSCRIBE_FOLLOW_UP_DAYS}日を過ぎたため、このページでは受け付けられません。再登録はショップのサイトからお願いします。`,
  unsubscribe_follow_up_unavailable: "このメールアドレスは現在、配信停止の状態ではありません。",
  subscription_address_cleaned:
    "このメールアドレスへのメールが届かなかったため、再登録できません。ショップにお問い合わせください。",
  invalid_request: `回答を選んでください（自由記入は${UNSUBSCRIBE_REASON_TEXT_MAX}文字まで）。`,
}

const dateJa = (date: Date) =>
  new Intl.DateTimeFormat("ja-JP", { dateStyle: "long", timeZone: "Asia/Tokyo" }).format(date)

function followUpHtml(base: string, followUp: UnsubscribeFollowUpOffer, askReason: boolean): string {
  if (followUp.state === "expired") {
    return `<p data-follow-up="expired">配信停止から${UNSUBSCRIBE_FOLLOW_UP_DAYS}日を過ぎたため、このページからの再登録はできません。再登録はショップのサイトからお願いします。</p>`
  }
  if (followUp.state !== "open") {
    return ""
  }
  const reason =
    askReason && !followUp.reason
      ? `<form method="post" action="${escapeHtml(base)}/reason" data-form="reason">
<fieldset><legend>よろしければ、配信停止の理由をお聞かせください（任意）</legend>
${UNSUBSCRIBE_REASONS.map(
  (code) =>
    `<label><input type="radio" name="reason" value="${code}" required> ${UNSUBSCRIBE_REASON_LABELS[code]}</label><br>`
).join("\n")}
<label>ご意見（任意）<br><textarea name="text" rows="3" maxlength="${UNSUBSCRIBE_REASON_TEXT_MAX}" style="width:100%"></textarea></label>
</fieldset>
<button type="submit">回答する</button>
</form>`
      : ""
  return `${reason}
<form method="post" action="${escapeHtml(base)}/resubscribe" data-form="resubscribe">
<p>間違って停止した場合は、${escapeHtml(dateJa(followUp.until))}まで再登録できます。</p>
<button type="submit">再登録する</button>
</form>`
}

/** The short page a recipient sees when opening the unsubscribe link in a browser (Japanese). */
export function unsubscribePage(page: UnsubscribePageState): string {
  let body: string
  switch (page.state) {
    case "confirm":
      body = `<h1>メールマガジンの配信停止</h1>
<p>${escapeHtml(page.email)} へのメールマガジンの配信を停止します。</p>
<form method="post"><button type="submit">配信を停止する</button></form>`
      break
    case "done":
    case "already":
      body = `<h1>${page.state === "done" ? "配信を停止しました" : "配信は停止されています"}</h1>
<p>${escapeHtml(page.email)} へのメールマガジンの配信を停止しました。</p>
${followUpHtml(page.base, page.followUp, true)}`
      break
    case "reason_saved":
      body = `<h1>ご回答ありがとうございました</h1>
<p>いただいたご意見は今後のメールマガジンの参考にさせていただきます。</p>
${followUpHtml(page.base, page.followUp, false)}`
      break
    case "resubscribed":
      body = `<h1>再登録しました</h1>
<p>${escapeHtml(page.email)} へのメールマガジンの配信を再開します。</p>`
      break
    case "refused":
      body = `<h1>お手続きできませんでした</h1>
<p data-code="${escapeHtml(page.code)}">${escapeHtml(
        REFUSALS[page.code] ?? "お手続きできませんでした。時間をおいてもう一度お試しください。"
      )}</p>`
      break
    default:
      body = `<h1>このリンクは無効です</h1>
<p>配信停止リンクが正しくありません。メールに記載のリンクをもう一度お試しください。</p>`
  }
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>配信停止</title></head>
<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">
${body}
</body></html>`
}
