/** The 42-byte transparent 1×1 GIF89a served for every open. */
export const OPEN_PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** Sent with every tracking answer: each load must reach the server, never a cache. */
export const NO_CACHE_HEADERS = {
  'cache-control': 'no-store, no-cache, must-revalidate, max-age=0, private',
  pragma: 'no-cache',
  expires: '0',
} as const;
