import type { SetUICustomizationRequest, UICustomizationType } from "@aws-sdk/client-cognito-identity-provider";
import { blobText } from "../../core/blobs.js";
import type { ExportContext } from "../../core/child-kind.js";
import type { LivePool } from "../../core/live-types.js";
import type { FileRef } from "../../schema/file-ref.js";
import type { UiCustomizationConfig } from "../../schema/ui-customization.js";
import type { UserPoolConfig } from "../../schema/user-pool.js";

/** The ClientId of the pool's customization: "Set the default configuration for all clients with a ClientId of ALL" (SetUICustomization). */
export const ALL_CLIENTS = "ALL";

/**
 * GetUICustomization's answer, with the logo's bytes fetched from its ImageUrl (the answer holds
 * only the URL) and, for a client's own, the client's name (the file names clients by name).
 */
export type LiveUiCustomization = UICustomizationType & { Image?: Uint8Array; ClientName?: string };

/**
 * A customization as the diff sees it: each file as its content (`NAME (sha256 HASH, SIZE)`,
 * never the CSS itself), null when there is none. Both are always set, so a file left out of the
 * block is compared (and removed) like a changed one.
 */
export interface UiSpec {
  css: string | null;
  logo: string | null;
}

export const NO_UI_CUSTOMIZATION: UiSpec = { css: null, logo: null };

const fileText = (ref: FileRef | null | undefined): string | null => (ref ? blobText(ref.content(), ref.path) : null);

/** The file's block (null: none) in the diff's vocabulary. */
export function uiSpecFromConfig(config: UiCustomizationConfig | null): UiSpec {
  return { css: fileText(config?.css), logo: fileText(config?.logo) };
}

/** An answer without CSS and without a logo is no customization (AWS answers an empty object, or the ids alone). */
export function uiSpecFromLive(live: LiveUiCustomization | undefined): UiSpec {
  return { css: live?.CSS ? blobText(live.CSS) : null, logo: live?.Image ? blobText(live.Image) : null };
}

export function isNoUiCustomization(spec: UiSpec): boolean {
  return spec.css === null && spec.logo === null;
}

/** Whether an answer of GetUICustomization holds a customization at all. */
export const hasUiCustomization = (live: UICustomizationType | undefined): boolean => Boolean(live?.CSS || live?.ImageUrl);

/**
 * SetUICustomization with the whole customization: "You can't set CSS and logo customization
 * separately" (developer guide), so what the request leaves out is removed, and a request with
 * neither removes the customization (AWS has no call that deletes one). `clientId` is ALL for the
 * pool's. The files' bytes are looked up by their blob text (`bytesOf`: the bytes the loader read).
 */
export function setUiCustomizationRequest(poolId: string, clientId: string, spec: UiSpec, bytesOf: (text: string) => Uint8Array): SetUICustomizationRequest {
  return {
    UserPoolId: poolId,
    ClientId: clientId,
    // The file's text exactly, a byte-order mark included, so GetUICustomization answers the same bytes.
    ...(spec.css !== null ? { CSS: Buffer.from(bytesOf(spec.css)).toString("utf8") } : {}),
    ...(spec.logo !== null ? { ImageFile: bytesOf(spec.logo) } : {}),
  };
}

/** The logo's file extension, by its content (PNG and JPEG signatures), else by its URL; undefined when it is neither. */
export function logoExtension(image: Uint8Array, url: string | undefined): "png" | "jpg" | "jpeg" | undefined {
  const starts = (...bytes: number[]) => bytes.every((b, i) => image[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "png";
  if (starts(0xff, 0xd8, 0xff)) return "jpg";
  const fromUrl = /\.(png|jpe?g)$/i.exec(url?.split("?")[0] ?? "")?.[1]?.toLowerCase();
  return fromUrl as "png" | "jpg" | "jpeg" | undefined;
}

/**
 * The block as `export` writes it: each file written next to the exported file under `names`
 * (`logo` without its extension, which comes from the image), its path in the block. A logo that
 * is neither PNG nor JPEG cannot be named by a file, so the whole block is left out (and not managed).
 */
export function exportedUiCustomization(live: LiveUiCustomization, names: { css: string; logo: string }, where: string, context: ExportContext): Record<string, string> | undefined {
  const extension = live.Image ? logoExtension(live.Image, live.ImageUrl) : undefined;
  if (live.Image && extension === undefined) {
    context.leftOut.push(`${where}: the logo is neither a PNG nor a JPEG image, which the file cannot name; the block is left out and apply leaves it as it is`);
    return undefined;
  }
  const css = live.CSS ? context.file(names.css, Buffer.from(live.CSS, "utf8")) : undefined;
  const logo = live.Image ? context.file(`${names.logo}.${extension}`, live.Image) : undefined;
  if (css === undefined && logo === undefined) return undefined;
  return { ...(css !== undefined ? { css } : {}), ...(logo !== undefined ? { logo } : {}) };
}

/**
 * Whether the pool has a domain once the file is applied: the hosted UI lives there, and
 * SetUICustomization refuses a pool without one ("To use this API, your user pool must have a
 * domain associated with it"). The file's `domain` when it manages one, else the live pool's.
 */
export function poolWillHaveDomain(pool: UserPoolConfig, live: LivePool | undefined): boolean {
  if (pool.domain !== undefined) return pool.domain !== null;
  return Boolean(live?.raw.Domain || live?.raw.CustomDomain);
}

/** What a customization to set without a domain is told, WHO being "uiCustomization" or "client X's uiCustomization". */
export const needsDomain = (who: string) =>
  `${who} needs the pool's domain (the classic hosted UI lives there, and SetUICustomization refuses a pool without one); declare domain, or leave uiCustomization out`;
