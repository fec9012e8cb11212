import { toast, usePrompt } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { useNavigate } from "react-router-dom"
import { useDeleteNewsletter, useDuplicateNewsletter, useNewsletterAction } from "../../../../hooks/api/newsletters"
import type { Newsletter } from "../../../../lib/api"
import { errorMessage } from "../../../../lib/errors"

/**
 * The article actions of the list and the detail page, each confirmed and reported in a toast:
 * 複製 (opens the copy's edit page, whose send time the owner must confirm), キャンセル and 削除.
 */
export const useNewsletterActions = () => {
  const { t } = useTranslation("newsletter")
  const navigate = useNavigate()
  const prompt = usePrompt()
  const cancel = useNewsletterAction("cancel")
  const remove = useDeleteNewsletter()
  const duplicate = useDuplicateNewsletter()

  const onDuplicate = async (n: Newsletter) => {
    try {
      const { newsletter } = await duplicate.mutateAsync(n.id)
      toast.success(t("list.duplicated", { subject: n.subject }))
      // The copy's send time is provisional: the edit page asks the owner to confirm it.
      navigate(`/newsletters/${newsletter.id}/edit`, { state: { copied: true } })
    } catch (error) {
      toast.error(t("list.duplicateFailed"), { description: errorMessage(error) })
    }
  }

  const onCancel = async (n: Newsletter) => {
    const confirmed = await prompt({
      title: t("list.cancelPrompt.title"),
      description: t("list.cancelPrompt.description", { subject: n.subject }),
      confirmText: t("list.cancelPrompt.confirm"),
      cancelText: t("general.back"),
      variant: "danger",
    })
    if (!confirmed) return
    try {
      await cancel.mutateAsync(n.id)
      toast.success(t("list.cancelled", { subject: n.subject }))
    } catch (error) {
      toast.error(t("list.cancelFailed"), { description: errorMessage(error) })
    }
  }

  const onDelete = async (n: Newsletter) => {
    const confirmed = await prompt({
      title: t("list.deletePrompt.title"),
      description: t("list.deletePrompt.description", { subject: n.subject }),
      confirmText: t("general.delete"),
      cancelText: t("general.back"),
    })
    if (!confirmed) return
    try {
      await remove.mutateAsync(n.id)
      toast.success(t("list.deleted"))
    } catch (error) {
      toast.error(t("list.deleteFailed"), { description: errorMessage(error) })
    }
  }

  return { onDuplicate, onCancel, onDelete, duplicating: duplicate.isPending, cancelling: cancel.isPending }
}
