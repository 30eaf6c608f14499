import { envName } from "../../render/outputs.js";

/** The environment variable an exported identity provider's secret is read from. */
export const idpSecretVariable = (name: string) => `IDP_${envName(name)}_CLIENT_SECRET`;
