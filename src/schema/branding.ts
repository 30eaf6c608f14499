import { z } from "zod";
import { extensionOf, fileRefSchema } from "./file-ref.js";

/**
 * A client's managed login branding (CreateManagedLoginBranding and its siblings): Cognito's own
 * style, or settings and image assets of the file's. Enums and limits from the API model
 * (AssetType, AssetListType, AssetBytesType).
 */

/** AssetCategoryType. */
export const ASSET_CATEGORIES = [
  "FAVICON_ICO",
  "FAVICON_SVG",
  "EMAIL_GRAPHIC",
  "SMS_GRAPHIC",
  "AUTH_APP_GRAPHIC",
  "PASSWORD_GRAPHIC",
  "PASSKEY_GRAPHIC",
  "PAGE_HEADER_LOGO",
  "PAGE_HEADER_BACKGROUND",
  "PAGE_FOOTER_LOGO",
  "PAGE_FOOTER_BACKGROUND",
  "PAGE_BACKGROUND",
  "FORM_BACKGROUND",
  "FORM_LOGO",
  "IDP_BUTTON_ICON",
] as const;
export type AssetCategory = (typeof ASSET_CATEGORIES)[number];

/** ColorSchemeModeType: DYNAMIC follows the browser's mode. */
export const COLOR_MODES = ["LIGHT", "DARK", "DYNAMIC"] as const;

/** The image type AWS is told (AssetExtensionType), by the file extension that names it. */
export const ASSET_EXTENSIONS = { png: "PNG", jpg: "JPEG", jpeg: "JPEG", svg: "SVG", webp: "WEBP", ico: "ICO" } as const;

/** AssetListType's maximum. */
export const MAX_ASSETS = 40;
/** AssetBytesType's maximum, for each image. */
export const MAX_ASSET_BYTES = 1_000_000;
/** A branding request is at most 2 MB (API reference, CreateManagedLoginBranding); settings alone can be no larger. */
const MAX_SETTINGS_BYTES = 2_000_000;

/** Categories whose name says their image type: a favicon is an .ico or an .svg file. */
const CATEGORY_EXTENSION: Partial<Record<AssetCategory, string>> = { FAVICON_ICO: "ico", FAVICON_SVG: "svg" };

const assetSchema = z
  .strictObject({
    category: z.enum(ASSET_CATEGORIES).describe("Where the image goes: PAGE_HEADER_LOGO, FORM_LOGO, PAGE_BACKGROUND, FAVICON_ICO, ... (AssetCategoryType)."),
    colorMode: z.enum(COLOR_MODES).describe("LIGHT, DARK, or DYNAMIC (shown in both modes)."),
    file: fileRefSchema({ what: "a branding asset", maxBytes: MAX_ASSET_BYTES }, Object.keys(ASSET_EXTENSIONS)).describe(
      "The image, relative to the YAML file: .png, .jpg/.jpeg, .svg, .webp or .ico, at most 1,000,000 bytes. Its type is taken from the extension.",
    ),
  })
  .superRefine((asset, ctx) => {
    const needed = CATEGORY_EXTENSION[asset.category];
    if (needed !== undefined && extensionOf(asset.file.path) !== needed) {
      ctx.addIssue({ code: "custom", path: ["file"], message: `${asset.category} needs a .${needed} file` });
    }
  })
  .describe("An image of the branding: its category, color mode and file.");

const settingsSchema = z
  .union([
    fileRefSchema({ what: "the branding settings", maxBytes: MAX_SETTINGS_BYTES, json: true }, ["json"]),
    z.record(z.string(), z.unknown()),
  ], { error: "must be a path to a .json file or a mapping of settings" })
  .describe("The style's settings, as the branding editor writes them: a .json file relative to the YAML file, or the same object written inline. Compared by meaning (key order does not count).");

export const brandingSchema = z
  .strictObject({
    useCognitoProvidedValues: z.boolean().default(false).describe("true = Cognito's own style, with no settings or assets of the file's."),
    settings: settingsSchema.optional(),
    assets: z.array(assetSchema).max(MAX_ASSETS).optional().describe("Images: at most 40, one per category and color mode."),
  })
  .superRefine((branding, ctx) => {
    if (branding.useCognitoProvidedValues) {
      // API reference: with UseCognitoProvidedValues true, "you must also omit values for Settings and Assets".
      for (const key of ["settings", "assets"] as const) {
        if (branding[key] !== undefined) {
          ctx.addIssue({ code: "custom", path: [key], message: `${key} cannot go with useCognitoProvidedValues: true (Cognito's own style takes no settings or assets); remove one of them` });
        }
      }
    } else if (branding.settings === undefined && branding.assets === undefined) {
      ctx.addIssue({ code: "custom", path: [], message: "set useCognitoProvidedValues: true for Cognito's own style, or settings and assets of your own" });
    }
    const seen = new Set<string>();
    (branding.assets ?? []).forEach((asset, i) => {
      const key = `${asset.category} ${asset.colorMode}`;
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["assets", i], message: `a second ${asset.category} asset for colorMode ${asset.colorMode}; a branding has one image per category and color mode` });
      seen.add(key);
    });
  })
  .describe("The client's managed login branding (its login pages' style); null = none (a live one is deleted), left out = not managed.");

export type BrandingConfig = z.output<typeof brandingSchema>;
export type AssetConfig = z.output<typeof assetSchema>;
