/**
 * Entity refs compare case-insensitively in Backstage; owners are stored and
 * matched in this one form.
 */
export function normalizeOwnerRef(ref: string): string {
  return ref.trim().toLocaleLowerCase('en-US');
}
