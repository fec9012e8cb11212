import Handlebars from "handlebars"

const escapeHtml = (text: string) => Handlebars.escapeExpression(text)

export type UnsubscribePageState =
  | { state: "confirm"; email: string }
  | { state: "done"; email: string }
  | { state: "invalid" }

/** The short page a recipient sees when opening the unsubscribe link in a browser. */
export function unsubscribePage(page: UnsubscribePageState): string {
  const body =
    page.state === "confirm"
      ? `<h1>メールマガジンの配信停止</h1>
<p>${escapeHtml(page.email)} へのメールマガジンの配信を停止します。</p>
<form method="post"><button type="submit">配信を停止する</button></form>`
      : page.state === "done"
      ? `<h1>配信を停止しました</h1>
<p>${escapeHtml(page.email)} へのメールマガジンの配信を停止しました。</p>`
      : `<h1>このリンクは無効です</h1>
<p>配信停止リンクが正しくありません。メールに記載のリンクをもう一度お試しください。</p>`
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>配信停止</title></head>
<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">
${body}
</body></html>`
}
