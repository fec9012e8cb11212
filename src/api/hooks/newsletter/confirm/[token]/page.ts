import Handlebars from "handlebars"

const escapeHtml = (text: string) => Handlebars.escapeExpression(text)

export type ConfirmPageState =
  | { state: "confirm" }
  | { state: "done"; email: string }
  | { state: "invalid" }
  | { state: "expired" }
  | { state: "used" }

const BODIES: Record<Exclude<ConfirmPageState["state"], "done">, string> = {
  confirm: `<h1>メールマガジン登録の確認</h1>
<p>下のボタンを押すと、メールマガジンへの登録が完了します。</p>
<form method="post"><button type="submit">登録を完了する</button></form>`,
  invalid: `<h1>このリンクは無効です</h1>
<p>確認リンクが正しくありません。メールに記載のリンクをもう一度お試しください。</p>`,
  expired: `<h1>このリンクの有効期限が切れています</h1>
<p>お手数ですが、もう一度メールマガジンの登録をお申し込みください。</p>`,
  used: `<h1>この確認リンクは使用済みです</h1>
<p>メールマガジンの登録はすでに完了しています。</p>`,
}

/** The short page a person sees when opening the signup's confirmation link (ダブルオプトイン). */
export function confirmPage(page: ConfirmPageState): string {
  const body =
    page.state === "done"
      ? `<h1>登録が完了しました</h1>
<p>${escapeHtml(page.email)} へのメールマガジンの配信を開始します。</p>`
      : BODIES[page.state]
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>メールマガジン登録の確認</title></head>
<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">
${body}
</body></html>`
}
