import type { AudiencePreviewResult } from "../../modules/newsletter/service"

/** How many recipients a preview shows. */
export const AUDIENCE_SAMPLE_SIZE = 20

/**
 * What the audience preview answers: the number of recipients and the first
 * {@link AUDIENCE_SAMPLE_SIZE} by email (the module's previewAudience runs `audiencePreviewSql`).
 */
export type AudiencePreview = AudiencePreviewResult
