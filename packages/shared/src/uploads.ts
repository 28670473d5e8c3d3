/**
 * The largest photo and resolution the API takes unless its PHOTO_MAX_BYTES and RESOLUTION_MAX_BYTES settings say
 * otherwise; the office app refuses a larger file before sending it, and says the limit next to the field.
 */
export const DEFAULT_UPLOAD_MAX_BYTES = { photo: 5 * 1024 * 1024, resolution: 10 * 1024 * 1024 } as const
