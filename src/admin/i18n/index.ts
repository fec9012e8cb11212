import en from "./json/en.json" with { type: "json" }
import ja from "./json/ja.json" with { type: "json" }

/** The plugin's strings in the admin's own i18n, in the `newsletter` namespace. */
export default {
  en: { newsletter: en },
  ja: { newsletter: ja },
}
