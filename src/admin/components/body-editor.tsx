import { Photo } from "@medusajs/icons"
import { Badge, Button, Text, Textarea, Tooltip, toast } from "@medusajs/ui"
import { forwardRef, useImperativeHandle, useRef, useState } from "react"
import { useTranslation } from "react-i18next"
import { NewsletterFormat, uploadImages } from "../lib/api"
import { errorMessage } from "../lib/errors"

/** The custom tags (独自タグ, S2) when the settings route can't be read; the API lists the same. */
export const DEFAULT_TAGS = [
  "<#顧客名>",
  "<#姓>",
  "<#名>",
  "<#メールアドレス>",
  "<#ショップ名>",
  "<#配信停止URL>",
  "<#クーポンURL>",
  "<#クーポンコード>",
]

// i18n key of each tag's description.
const TAG_KEYS: Record<string, string> = {
  "<#顧客名>": "customer_name",
  "<#姓>": "last_name",
  "<#名>": "first_name",
  "<#メールアドレス>": "email",
  "<#ショップ名>": "shop_name",
  "<#配信停止URL>": "unsubscribe_url",
  "<#クーポンURL>": "coupon_url",
  "<#クーポンコード>": "coupon_code",
}

export type BodyEditorHandle = { insert: (text: string) => void }

type Props = {
  id: string
  value: string
  onChange: (value: string) => void
  format: NewsletterFormat
  tags?: string[]
  invalid?: boolean
}

/** The markup that shows an uploaded image in each format. */
const imageMarkup = (format: NewsletterFormat, url: string) =>
  format === "mjml" ? `<mj-image src="${url}" alt="" />` : `<img src="${url}" alt="" style="max-width:100%;height:auto" />`

/**
 * The body (本文) with the tag palette and image insertion (S3): both insert at the cursor of the
 * textarea (or replace the selection), and put the cursor after what was inserted.
 */
export const BodyEditor = forwardRef<BodyEditorHandle, Props>(
  ({ id, value, onChange, format, tags, invalid }, ref) => {
    const { t } = useTranslation("newsletter")
    const area = useRef<HTMLTextAreaElement>(null)
    const fileInput = useRef<HTMLInputElement>(null)
    const [uploading, setUploading] = useState(false)
    // Where to insert an image once its upload is done (the user may click elsewhere meanwhile).
    const pending = useRef<{ start: number; end: number } | null>(null)
    const latest = useRef(value)
    latest.current = value

    const insertAt = (text: string, start: number, end: number) => {
      const current = latest.current
      const next = current.slice(0, start) + text + current.slice(end)
      onChange(next)
      const caret = start + text.length
      requestAnimationFrame(() => {
        const el = area.current
        if (el) {
          el.focus()
          el.setSelectionRange(caret, caret)
        }
      })
    }

    const insert = (text: string) => {
      const el = area.current
      const start = el?.selectionStart ?? latest.current.length
      const end = el?.selectionEnd ?? start
      insertAt(text, start, end)
    }

    useImperativeHandle(ref, () => ({ insert }))

    const onFiles = async (files: FileList | null) => {
      if (!files?.length) {
        return
      }
      const el = area.current
      const start = el?.selectionStart ?? latest.current.length
      pending.current = { start, end: el?.selectionEnd ?? start }
      setUploading(true)
      try {
        const urls = await uploadImages(Array.from(files))
        const at = pending.current
        insertAt(urls.map((u) => imageMarkup(format, u)).join("\n"), at.start, at.end)
        toast.success(t("editor.imageUploaded"))
      } catch (error) {
        toast.error(t("editor.imageUploadFailed"), { description: errorMessage(error) })
      } finally {
        setUploading(false)
        pending.current = null
        if (fileInput.current) {
          fileInput.current.value = ""
        }
      }
    }

    const palette = tags?.length ? tags : DEFAULT_TAGS

    return (
      <div className="flex flex-col gap-y-2">
        <div
          className="bg-ui-bg-subtle border-ui-border-base flex flex-wrap items-center gap-2 rounded-lg border px-3 py-2"
          data-testid="tag-palette"
        >
          <Text size="xsmall" weight="plus" className="text-ui-fg-subtle mr-1">
            {t("editor.tags")}
          </Text>
          {palette.map((tag) => (
            <Tooltip
              key={tag}
              content={TAG_KEYS[tag] ? t(`tags.${TAG_KEYS[tag]}`) : tag}
            >
              <button
                type="button"
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => insert(tag)}
                data-tag={tag}
                className="focus-visible:shadow-borders-focus rounded-md outline-none"
              >
                <Badge size="2xsmall" className="cursor-pointer font-mono">
                  {tag}
                </Badge>
              </button>
            </Tooltip>
          ))}
          <div className="ml-auto">
            {format !== "text" ? (
              <>
                <input
                  ref={fileInput}
                  type="file"
                  accept="image/*"
                  multiple
                  className="hidden"
                  data-testid="image-input"
                  onChange={(e) => onFiles(e.target.files)}
                />
                <Button
                  type="button"
                  size="small"
                  variant="secondary"
                  isLoading={uploading}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => fileInput.current?.click()}
                >
                  <Photo />
                  {t("editor.insertImage")}
                </Button>
              </>
            ) : (
              <Text size="xsmall" className="text-ui-fg-muted">
                {t("editor.imagesHtmlOnly")}
              </Text>
            )}
          </div>
        </div>
        <Textarea
          id={id}
          ref={area}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          rows={16}
          aria-invalid={invalid}
          className="font-mono text-xs"
          placeholder={t(`editor.placeholder.${format}`)}
        />
      </div>
    )
  }
)
BodyEditor.displayName = "BodyEditor"
