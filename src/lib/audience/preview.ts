/** How many recipients a preview shows. */
export const AUDIENCE_SAMPLE_SIZE = 20
