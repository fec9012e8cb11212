import { toast, usePrompt } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { errorMessage } from "../lib/errors"

/**
 * A settings list's delete: asks with `<section>.deletePrompt.*`, deletes, and answers with the
 * `<section>.deleted` / `<section>.deleteFailed` toasts (the error rendered from the dictionaries).
 */
export function useDeleteWithPrompt<T extends { id: string; name: string }>(
  section: "categories" | "segments",
  remove: (id: string) => Promise<unknown>
) {
  const { t } = useTranslation("newsletter")
  const prompt = usePrompt()
  return async (item: T) => {
    const confirmed = await prompt({
      title: t(`${section}.deletePrompt.title`),
      description: t(`${section}.deletePrompt.description`, { name: item.name }),
      confirmText: t("general.delete"),
      cancelText: t("general.back"),
    })
    if (!confirmed) return
    try {
      await remove(item.id)
      toast.success(t(`${section}.deleted`))
    } catch (error) {
      toast.error(t(`${section}.deleteFailed`), { description: errorMessage(error) })
    }
  }
}
