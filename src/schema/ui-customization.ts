import { z } from "zod";
import { fileRefSchema, type FileRule } from "./file-ref.js";

/**
 * The classic hosted UI's customization (SetUICustomization): a style sheet and a logo, each a file
 * named relative to the YAML file. One shape for the pool (ClientId ALL, the default of every client
 * without its own) and for an app client. SetUICustomization takes both at once ("You can't set CSS
 * and logo customization separately", developer guide), so a file left out of a present block is
 * none, and a block with neither (`null` or `{}`) is no customization.
 */

/** CSSType: at most 131,072 characters (API model); counted in bytes, which is never more lenient. */
export const UI_CSS_RULE: FileRule = { what: "the hosted UI style sheet", maxBytes: 131_072 };

/**
 * ImageFileType allows 131,072 bytes, but the developer guide ("Customizing hosted UI (classic)
 * branding") says "The logo file can't be larger than 100 KB": the smaller one, as 100 KiB.
 */
export const UI_LOGO_RULE: FileRule = { what: "the hosted UI logo", maxBytes: 102_400 };

/** The logo types the developer guide names: "Choose a PNG, JPG, or JPEG file". */
export const UI_LOGO_EXTENSIONS = ["png", "jpg", "jpeg"] as const;

/** The block, the pool's and a client's; the fields that hold it say whose it is. */
export const uiCustomizationSchema = z.strictObject({
  css: fileRefSchema(UI_CSS_RULE, ["css"])
    .nullable()
    .optional()
    .describe("A .css file (at most 131,072 bytes), relative to the YAML file; left out or null = no CSS."),
  logo: fileRefSchema(UI_LOGO_RULE, UI_LOGO_EXTENSIONS)
    .nullable()
    .optional()
    .describe("A .png, .jpg or .jpeg file (at most 100 KB), relative to the YAML file; left out or null = no logo."),
});

export type UiCustomizationConfig = z.output<typeof uiCustomizationSchema>;
