import i18next from "i18next"
import en from "../../i18n/json/en.json"
import ja from "../../i18n/json/ja.json"
import type { Translator } from "../errors"

/** The admin's translator as the dashboard configures i18next (no HTML escaping), in `lang`. */
export async function translator(lang: "ja" | "en"): Promise<Translator> {
  const i18n = i18next.createInstance()
  await i18n.init({
    lng: lang,
    resources: { ja: { newsletter: ja }, en: { newsletter: en } },
    ns: ["newsletter"],
    defaultNS: "newsletter",
    interpolation: { escapeValue: false },
  })
  return { t: (key, options) => i18n.t(key, options) as string, exists: (key) => i18n.exists(key) }
}
