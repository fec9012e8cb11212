export const defaultAdminNewsletterSegmentFields = [
  "id",
  "name",
  "description",
  "audience",
  "created_at",
  "updated_at",
]

export const retrieveNewsletterSegmentTransformQueryConfig = {
  defaults: defaultAdminNewsletterSegmentFields,
  // Medusa drops any other requested field; the validator refuses it first with a 400 naming it.
  allowed: defaultAdminNewsletterSegmentFields,
  isList: false,
}

export const listNewsletterSegmentTransformQueryConfig = {
  ...retrieveNewsletterSegmentTransformQueryConfig,
  defaultLimit: 50,
  isList: true,
}
