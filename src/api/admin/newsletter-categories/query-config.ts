export const defaultAdminNewsletterCategoryFields = [
  "id",
  "name",
  "description",
  "window_start",
  "window_end",
  "created_at",
  "updated_at",
]

export const retrieveNewsletterCategoryTransformQueryConfig = {
  defaults: defaultAdminNewsletterCategoryFields,
  isList: false,
}

export const listNewsletterCategoryTransformQueryConfig = {
  ...retrieveNewsletterCategoryTransformQueryConfig,
  defaultLimit: 50,
  isList: true,
}
