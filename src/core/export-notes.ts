/** Why export leaves out a setting the file has no field for (one wording everywhere). */
export const UNMANAGED_KEPT = "the file has no field for it; apply keeps it as it is";

/** Developer-only attributes live under the `dev:` prefix; only the app's backend may touch them. */
export const isDeveloperOnly = (name: string | undefined) => (name ?? "").startsWith("dev:");
