/**
 * Why the owner of a project on a server the platform shares between owners
 * may not do `what` (e.g. "reveals its connection string"): it reaches the
 * whole server, so it is the platform team's (decision 0027).
 */
export function sharedServerReason(what: string): string {
  return `The platform shares this project's database server between owners: only the platform team ${what}.`;
}
