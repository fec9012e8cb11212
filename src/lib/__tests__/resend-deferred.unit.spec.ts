import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { deferMessage, liveSendContext } from "../dispatch/build-message"
import { linkKeysFor } from "../dispatch/links"
import { compileArticle, type ArticleSource } from "../render/compile"
import { ResendTransport } from "../transport/resend-transport"
import { renderedMessage, type DeferredMessage } from "../transport/types"
import { resolveNewsletterOptions } from "../../modules/newsletter/options"
import { NewsletterCouponMode } from "../../modules/newsletter/types"

const sender = { name: "テストショップ", postalAddress: "東京都千代田区1-1-1\n2階", contact: "support@shop.example" }
const options = resolveNewsletterOptions({
  sender,
  backendUrl: "https://api.shop.example",
  storefrontUrl: "https://shop.example",
  linkSecret: "link-secret-0123456789abcdef-0123456789",
  resend: { apiKey: "re_test", from: "ショップ <news@shop.example>" },
})
const linkKeys = linkKeysFor(options, undefined)
const context = liveSendContext(options, "SUMMER-10", linkKeys)

const HTML_ARTICLE: ArticleSource = {
  subject: "【<#ショップ名>】<#顧客名>様へ 新茶のご案内",
  format: "html",
  body:
    "<html><body><h1>新茶フェア</h1><p><#顧客名>様、いつもありがとうございます。\u2028「引用」&amp; \"quotes\" \\ 🍵</p>" +
    '{{#if coupon_code}}<p>クーポン: <#クーポンコード></p>{{/if}}<a href="<#クーポンURL>">受け取る</a></body></html>',
}
const TEXT_ARTICLE: ArticleSource = {
  subject: "<#顧客名>様へ",
  format: "text",
  body: "<#顧客名>様\n新茶のご案内です。\t\"タブ\"と\\記号",
}

const recipients = [
  { id: "nlrcp_01", email: "hanako@example.jp", first_name: "花子", last_name: "山田" },
  { id: "nlrcp_02", email: "no-name@example.jp", first_name: null, last_name: null },
  { id: "nlrcp_03", email: "taro@example.jp", first_name: "太郎", last_name: "鈴木" },
]

/** A local HTTP server answering Resend's batch API and keeping each request's raw body. */
async function recordingServer(): Promise<{ server: Server; url: string; bodies: string[] }> {
  const bodies: string[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8")
      bodies.push(body)
      const count = (JSON.parse(body) as unknown[]).length
      res.writeHead(200, { "content-type": "application/json" })
      res.end(JSON.stringify({ data: Array.from({ length: count }, (_, i) => ({ id: `em_${bodies.length}_${i}` })) }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies }
}

describe("ResendTransport with deferred mails", () => {
  let http: Awaited<ReturnType<typeof recordingServer>>
  let transport: ResendTransport
  beforeAll(async () => {
    http = await recordingServer()
    transport = new ResendTransport({ apiKey: "re_test", baseUrl: http.url })
  })
  afterAll(async () => {
    await new Promise((resolve) => http.server.close(resolve))
  })
  beforeEach(() => {
    http.bodies.length = 0
  })

  const deferredBatch = async (source: ArticleSource, couponMode: NewsletterCouponMode) => {
    const compiled = await compileArticle(source, { shopName: "テストショップ", sender })
    const article = { id: "nl_01DEFERRED", coupon_mode: couponMode }
    return recipients.map((r) => deferMessage(compiled, article, r, context, linkKeys))
  }

  it.each([
    ["an HTML article with a claim link", HTML_ARTICLE, NewsletterCouponMode.CLAIM_LINK],
    ["an HTML article without a coupon", HTML_ARTICLE, NewsletterCouponMode.NONE],
    ["a text article", TEXT_ARTICLE, NewsletterCouponMode.CODE],
  ] as const)("should send %s as the very bytes of the rendered mails", async (_, source, couponMode) => {
    const deferred = await deferredBatch(source, couponMode)
    const rendered = deferred.map(renderedMessage)

    const eager = await transport.sendBatch(rendered, "k/eager")
    const lazy = await transport.sendBatch(deferred, "k/lazy")

    expect(eager.kind).toEqual("accepted")
    expect(lazy).toEqual({
      kind: "accepted",
      results: [{ id: "em_2_0" }, { id: "em_2_1" }, { id: "em_2_2" }],
    })
    expect(http.bodies).toHaveLength(2)
    expect(http.bodies[1]).toEqual(http.bodies[0])
    const sent = JSON.parse(http.bodies[1]) as Array<Record<string, unknown>>
    expect(sent.map((m) => [m.to, m.subject, "html" in m, m.text])).toEqual(
      rendered.map((m) => [[m.to], m.subject, m.html !== null, m.text])
    )
  })

  it("should render each mail once per request, and again for a retry with the same bytes", async () => {
    const deferred = await deferredBatch(HTML_ARTICLE, NewsletterCouponMode.CLAIM_LINK)
    let renders = 0
    const counted: DeferredMessage[] = deferred.map((m) => ({
      ...m,
      render: () => {
        renders++
        return m.render()
      },
    }))

    await transport.sendBatch(counted, "k/1")
    expect(renders).toEqual(3)
    await transport.sendBatch(counted, "k/1")
    expect(renders).toEqual(6)
    expect(http.bodies[1]).toEqual(http.bodies[0])
  })

  it("should raise a rendering failure instead of reporting a network error", async () => {
    const [first] = await deferredBatch(HTML_ARTICLE, NewsletterCouponMode.NONE)
    const broken: DeferredMessage = {
      ...first,
      render: () => {
        throw new Error("template exploded")
      },
    }

    await expect(transport.sendBatch([first, broken], "k/broken")).rejects.toThrow("template exploded")
    expect(http.bodies).toEqual([])
  })
})
