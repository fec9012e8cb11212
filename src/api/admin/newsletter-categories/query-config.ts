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
  // Medusa drops any other requested field; the validator refuses it first with a 400 naming it.
  allowed: defaultAdminNewsletterCategoryFields,
  isList: false,
}

export const listNewsletterCategoryTransformQueryConfig = {
  ...retrieveNewsletterCategoryTransformQueryConfig,
  defaultLimit: 50,
  isList: true,
}
