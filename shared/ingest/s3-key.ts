/**
 * S3 event notifications carry object keys form-URL-encoded: a space arrives
 * as `+`, a literal `+` as `%2B`. The order matters: replace `+` first, then
 * percent-decode; the other order turns a real plus into a space.
 */
export function decodeS3Key(eventKey: string): string {
  return decodeURIComponent(eventKey.replace(/\+/g, ' '));
}

/** The encoding S3 applies to keys in event notifications. */
export function encodeS3Key(key: string): string {
  return encodeURIComponent(key)
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2F/g, '/');
}
