/**
 * The first lines of a desired-state file with one user pool in us-east-1 that a test may delete
 * (no deletion protection). The pool's other keys follow, indented by four spaces.
 */
export function onePoolFileHead(stack: string, poolName: string): string {
  return `version: 1\nstack: ${stack}\nregion: us-east-1\nuserPools:\n  - name: ${poolName}\n    deletionProtection: false\n`;
}
