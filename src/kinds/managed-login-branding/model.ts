import type {
  AssetType,
  CreateManagedLoginBrandingRequest,
  ManagedLoginBrandingType,
  UpdateManagedLoginBrandingRequest,
} from "@aws-sdk/client-cognito-identity-provider";
import { blobText } from "../../core/blobs.js";
import { ASSET_EXTENSIONS, type BrandingConfig } from "../../schema/branding.js";
import { extensionOf, FileRef } from "../../schema/file-ref.js";

/** A branding as DescribeManagedLoginBrandingByClient answers it, with the client it belongs to. */
export type LiveBranding = ManagedLoginBrandingType & { ClientId: string; ClientName: string };

type JsonObject = Record<string, unknown>;

/** One image, as the diff sees it: its type, and its content as a blob text (`assets/logo.png (sha256 ..., 1.2 KB)`). */
export interface AssetSpec {
  extension: string;
  file: string;
}

/**
 * A branding in the file's vocabulary. Images are keyed by category, then color mode (one image
 * each), so an image added or removed is that one field, and the same key pairs a file with the
 * live image it is compared with. Settings are the JSON object itself: the diff walks it key by
 * key, so key order does not count. None set is null (settings) and {} (assets) on both sides.
 */
export interface BrandingSpec {
  useCognitoProvidedValues: boolean;
  settings: JsonObject | null;
  assets: Record<string, Record<string, AssetSpec>>;
}

/** The file extension written for each image type when exporting. */
const EXPORT_EXTENSION: Record<string, string> = { PNG: "png", JPEG: "jpg", SVG: "svg", WEBP: "webp", ICO: "ico" };

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);
/** An empty settings object customizes nothing: the same as none. */
const settingsOrNull = (value: unknown): JsonObject | null => (isObject(value) && Object.keys(value).length > 0 ? value : null);

function keyed(assets: readonly { category: string; colorMode: string; spec: AssetSpec }[]): BrandingSpec["assets"] {
  const out: BrandingSpec["assets"] = {};
  for (const { category, colorMode, spec } of assets) (out[category] ??= {})[colorMode] = spec;
  return out;
}

/** The image type AWS is told, from the file's extension. */
export function assetExtension(path: string): string {
  return ASSET_EXTENSIONS[extensionOf(path) as keyof typeof ASSET_EXTENSIONS];
}

/** The file's block, its files already read by the loader. */
export function brandingSpecFromConfig(config: BrandingConfig): BrandingSpec {
  const settings = config.settings instanceof FileRef ? config.settings.json : config.settings;
  return {
    useCognitoProvidedValues: config.useCognitoProvidedValues,
    settings: settingsOrNull(settings),
    assets: keyed(
      (config.assets ?? []).map((a) => ({ category: a.category, colorMode: a.colorMode, spec: { extension: assetExtension(a.file.path), file: blobText(a.file.content(), a.file.path) } })),
    ),
  };
}

/** DescribeManagedLoginBrandingByClient's answer (only what the style customizes) in the file's vocabulary. */
export function brandingSpecFromLive(live: ManagedLoginBrandingType): BrandingSpec {
  return {
    useCognitoProvidedValues: live.UseCognitoProvidedValues ?? false,
    settings: settingsOrNull(live.Settings),
    assets: keyed(
      (live.Assets ?? []).map((a) => ({ category: a.Category ?? "", colorMode: a.ColorMode ?? "", spec: { extension: a.Extension ?? "", file: blobText(a.Bytes ?? new Uint8Array()) } })),
    ),
  };
}

/** Settings as the SDK's Document type: the file's JSON values are that type, which TypeScript cannot see through `unknown`. */
const asDocument = (settings: JsonObject) => settings as CreateManagedLoginBrandingRequest["Settings"];

/** The images of a spec, sorted by category then color mode, as requests carry them. */
function assetList(spec: BrandingSpec, bytesOf: (blob: string) => Uint8Array): AssetType[] {
  return Object.keys(spec.assets)
    .sort()
    .flatMap((category) =>
      Object.keys(spec.assets[category]!)
        .sort()
        .map((colorMode) => {
          const asset = spec.assets[category]![colorMode]!;
          return { Category: category, ColorMode: colorMode, Extension: asset.extension, Bytes: bytesOf(asset.file) } as AssetType;
        }),
    );
}

/**
 * CreateManagedLoginBranding for a client: Cognito's own style alone (the API takes no settings
 * or assets with it), or the file's settings and images.
 */
export function createBrandingRequest(poolId: string, clientId: string, spec: BrandingSpec, bytesOf: (blob: string) => Uint8Array): CreateManagedLoginBrandingRequest {
  if (spec.useCognitoProvidedValues) return { UserPoolId: poolId, ClientId: clientId, UseCognitoProvidedValues: true };
  const assets = assetList(spec, bytesOf);
  return {
    UserPoolId: poolId,
    ClientId: clientId,
    UseCognitoProvidedValues: false,
    ...(spec.settings !== null ? { Settings: asDocument(spec.settings) } : {}),
    ...(assets.length > 0 ? { Assets: assets } : {}),
  };
}

/**
 * UpdateManagedLoginBranding with the whole branding, in place: Cognito's own style alone, or
 * every setting and image of the file's. Settings and images are always sent, empty when the file
 * has none, so none of the live ones is kept by being left out.
 */
export function updateBrandingRequest(poolId: string, brandingId: string, spec: BrandingSpec, bytesOf: (blob: string) => Uint8Array): UpdateManagedLoginBrandingRequest {
  if (spec.useCognitoProvidedValues) return { UserPoolId: poolId, ManagedLoginBrandingId: brandingId, UseCognitoProvidedValues: true };
  return { UserPoolId: poolId, ManagedLoginBrandingId: brandingId, UseCognitoProvidedValues: false, Settings: asDocument(spec.settings ?? {}), Assets: assetList(spec, bytesOf) };
}

/** `PAGE_HEADER_LOGO` -> `page-header-logo`, for file names. */
const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-");

/**
 * The block as a file writes it for one client: settings in a JSON file next to the YAML (the
 * branding editor's documents run to hundreds of lines, and stay readable and diffable as JSON)
 * and each image in a file named for the client, category and color mode
 * (`web-page-header-logo-light.png`). `file` keeps the bytes and returns the path to write.
 */
export function brandingConfigFromLive(live: LiveBranding, file: (name: string, bytes: Uint8Array) => string): Record<string, unknown> {
  if (live.UseCognitoProvidedValues) return { useCognitoProvidedValues: true };
  const settings = settingsOrNull(live.Settings);
  const assets = [...(live.Assets ?? [])]
    .sort((a, b) => `${a.Category} ${a.ColorMode}`.localeCompare(`${b.Category} ${b.ColorMode}`))
    .map((a) => ({
      category: a.Category,
      colorMode: a.ColorMode,
      file: file(`${slug(live.ClientName)}-${slug(a.Category ?? "")}-${slug(a.ColorMode ?? "")}.${EXPORT_EXTENSION[a.Extension ?? ""] ?? "png"}`, a.Bytes ?? new Uint8Array()),
    }));
  return {
    ...(settings !== null ? { settings: file(`${slug(live.ClientName)}-settings.json`, new TextEncoder().encode(`${JSON.stringify(settings, null, 2)}\n`)) } : {}),
    // A style with neither (all of Cognito's defaults, customized away) is written as no images.
    ...(assets.length > 0 || settings === null ? { assets } : {}),
  };
}
