/**
 * An IANA time zone name as the runtime spells it (`America/Chicago`). Bare
 * abbreviations (`CST`, `EST`) and other spellings the runtime tolerates are
 * refused: they are ambiguous or ignore daylight saving time.
 */
export function isKnownTimeZone(zone: string): boolean {
  try {
    const canonical = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
    }).resolvedOptions().timeZone;
    return canonical === zone && (zone.includes('/') || zone === 'UTC');
  } catch {
    return false;
  }
}
