/**
 * The benchmark's article: a Japanese HTML newsletter of about 10 KB with custom tags, the size
 * of a typical shop's monthly mail. Every phase sends this same article.
 */
import { PRODUCTS } from "./gen"

const productBlock = ([name, size, price]: readonly [string, string, number], i: number) => `
      <tr>
        <td style="padding:12px 0;border-bottom:1px solid #eeeeee;">
          <img src="https://shop.example/images/products/${i + 1}.jpg" width="120" height="120" alt="${name}" style="display:block;border:0;">
        </td>
        <td style="padding:12px 16px;border-bottom:1px solid #eeeeee;font-size:14px;line-height:1.7;color:#333333;">
          <strong style="font-size:16px;">${name}</strong>（${size}）<br>
          通常価格 ${price.toLocaleString("ja-JP")}円（税込）→ <span style="color:#c0392b;font-weight:bold;">会員価格 ${Math.round(
            price * 0.9
          ).toLocaleString("ja-JP")}円</span><br>
          産地の茶園から直送。香り高く、まろやかな味わいをお楽しみいただけます。冷茶にしても美味しくお召し上がりいただけます。
          <br><a href="https://shop.example/products/${i + 1}?utm_source=newsletter&amp;utm_medium=email" style="color:#2e7d32;">詳しく見る</a>
        </td>
      </tr>`

export const BENCH_ARTICLE = {
  subject: "【<#ショップ名>】<#顧客名>様へ 初夏の新茶フェアのご案内",
  format: "html" as const,
  body: `<!DOCTYPE html>
<html lang="ja">
<head><meta charset="utf-8"><title>初夏の新茶フェア</title></head>
<body style="margin:0;padding:0;background:#f6f6f1;">
  <table width="100%" cellpadding="0" cellspacing="0" style="background:#f6f6f1;">
    <tr><td align="center" style="padding:24px 8px;">
    <table width="600" cellpadding="0" cellspacing="0" style="background:#ffffff;font-family:'Hiragino Kaku Gothic ProN',Meiryo,sans-serif;">
      <tr><td style="padding:24px;background:#2e7d32;color:#ffffff;font-size:22px;font-weight:bold;"><#ショップ名> メールマガジン</td></tr>
      <tr><td style="padding:24px;font-size:15px;line-height:1.8;color:#333333;">
        <p><#顧客名> 様</p>
        <p>いつも<#ショップ名>をご利用いただき、誠にありがとうございます。<br>
        今年も新茶の季節がやってまいりました。静岡・鹿児島・宇治の契約茶園より、摘みたての一番茶が入荷しております。
        メールマガジン会員の皆様だけに、期間限定の特別価格でご案内いたします。</p>
        <p>本メールは <#メールアドレス> 宛にお送りしています。</p>
        <h2 style="font-size:18px;color:#2e7d32;border-left:4px solid #2e7d32;padding-left:8px;">今月のおすすめ</h2>
        <table width="100%" cellpadding="0" cellspacing="0">${PRODUCTS.map(productBlock).join("")}
        </table>
        <h2 style="font-size:18px;color:#2e7d32;border-left:4px solid #2e7d32;padding-left:8px;">美味しい淹れ方</h2>
        <p>1. 湯呑みにお湯を注いで70〜80℃まで冷まします。<br>
        2. 急須に茶葉を大さじ2杯（約6g）入れ、冷ましたお湯を注ぎます。<br>
        3. 約60秒待ち、最後の一滴まで均等に注ぎ分けてください。</p>
        <p>二煎目は熱めのお湯で短めに。香りの変化をお楽しみください。</p>
        <h2 style="font-size:18px;color:#2e7d32;border-left:4px solid #2e7d32;padding-left:8px;">送料無料キャンペーン</h2>
        <p>期間中、5,000円（税込）以上のお買い上げで送料無料。ギフト包装も無料で承ります。
        のし・メッセージカードのご指定はご注文時の備考欄にご記入ください。</p>
        <p style="text-align:center;margin:32px 0;">
          <a href="https://shop.example/campaign/shincha?utm_source=newsletter&amp;utm_medium=email" style="background:#c0392b;color:#ffffff;padding:14px 32px;text-decoration:none;border-radius:4px;font-weight:bold;">新茶フェア会場へ</a>
        </p>
        <p style="font-size:12px;color:#888888;">※ 価格・在庫は予告なく変更となる場合がございます。<br>
        ※ 本メールは送信専用アドレスからお送りしています。ご返信いただいてもお答えできませんのでご了承ください。</p>
        <p style="font-size:12px;color:#888888;">メールマガジンの配信停止は<a href="<#配信停止URL>" style="color:#888888;">こちら</a>から手続きいただけます。</p>
      </td></tr>
    </table>
    </td></tr>
  </table>
</body>
</html>`,
}
