import {
  type CognitoIdentityProviderClient,
  GetUICustomizationCommand,
  SetUICustomizationCommand,
  type UICustomizationType,
} from "@aws-sdk/client-cognito-identity-provider";
import pLimit from "p-limit";
import pRetry from "p-retry";
import { clientsRead } from "../client/owned.js";
import { awsCall, awsCallTolerating } from "../../aws/errors.js";
import { blobBytes } from "../../core/blobs.js";
import type { ChildEffects } from "../../core/child-kind.js";
import { wholeConfigurationEffects } from "../../core/whole-configuration.js";
import { UserError } from "../../core/errors.js";
import { ALL_CLIENTS, hasUiCustomization, NO_UI_CUSTOMIZATION, setUiCustomizationRequest, type LiveUiCustomization, type UiSpec } from "./model.js";

const where = (poolId: string, clientId: string) => (clientId === ALL_CLIENTS ? poolId : `${poolId} client ${clientId}`);

/** One logo download may take this long before it is tried again. */
const LOGO_TIMEOUT_MS = 30_000;

/**
 * The logo's bytes, from the ImageUrl GetUICustomization answers (a public CloudFront URL on AWS):
 * the answer carries no image, and the file's logo is compared by content. A failed download is
 * tried three more times (a new logo's URL may take a moment to be served), then stops the read.
 */
async function fetchLogo(url: string, whose: string): Promise<Uint8Array> {
  try {
    return await pRetry(
      async () => {
        const response = await fetch(url, { signal: AbortSignal.timeout(LOGO_TIMEOUT_MS) });
        if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
        return new Uint8Array(await response.arrayBuffer());
      },
      { retries: 3, minTimeout: 500, factor: 2 },
    );
  } catch (error) {
    throw new UserError(`cannot download the hosted UI logo of ${whose} from ${url} (${(error as Error).message}); check that this machine can reach it`);
  }
}

/**
 * GetUICustomization of the pool (no ClientId: "Returns user-pool level branding information ... if
 * you don't specify an app client ID") or of one client; undefined when it holds none. A client
 * without its own is answered with the pool's (ClientId ALL): the caller tells them apart. A client
 * deleted since it was listed has none.
 */
async function readUiCustomization(idp: CognitoIdentityProviderClient, poolId: string, clientId: string): Promise<UICustomizationType | undefined> {
  const pools = clientId === ALL_CLIENTS;
  const answer = await awsCallTolerating("GetUICustomization", where(poolId, clientId), pools ? [] : ["ResourceNotFoundException"], () =>
    idp.send(new GetUICustomizationCommand({ UserPoolId: poolId, ...(pools ? {} : { ClientId: clientId }) })),
  );
  const live = answer?.UICustomization;
  if (!live || !hasUiCustomization(live)) return undefined;
  // The pool's answer may leave ClientId out; it is ALL all the same.
  return { ...live, UserPoolId: poolId, ClientId: live.ClientId ?? ALL_CLIENTS };
}

/** The customization with its logo's bytes, downloaded from its ImageUrl. */
async function withLogo(live: UICustomizationType): Promise<LiveUiCustomization> {
  return live.ImageUrl ? { ...live, Image: await fetchLogo(live.ImageUrl, where(live.UserPoolId ?? "", live.ClientId ?? ALL_CLIENTS)) } : live;
}

/** SetUICustomization with the whole customization (the pool's with ClientId ALL, or a client's own). */
async function setUiCustomization(idp: CognitoIdentityProviderClient, poolId: string, clientId: string, spec: UiSpec): Promise<void> {
  const request = setUiCustomizationRequest(poolId, clientId, spec, blobBytes);
  await awsCall("SetUICustomization", where(poolId, clientId), () => idp.send(new SetUICustomizationCommand(request)));
}

/** The pool's (ClientId ALL), whole each time; a request with neither CSS nor logo removes it. */
export const uiCustomizationEffects: ChildEffects<UiSpec, LiveUiCustomization> = wholeConfigurationEffects(
  /** The pool's customization, or nothing when it has none. */
  async (idp, pool) => {
    const live = await readUiCustomization(idp, pool.id, ALL_CLIENTS);
    return live && live.ClientId === ALL_CLIENTS ? [await withLogo(live)] : [];
  },
  (idp, poolId, spec) => setUiCustomization(idp, poolId, ALL_CLIENTS, spec),
  NO_UI_CUSTOMIZATION,
);

const clientId = (ownerId: string | undefined, live?: LiveUiCustomization): string => {
  const id = ownerId ?? live?.ClientId;
  if (id === undefined) throw new Error("clientUiCustomization: the client's id is not known");
  return id;
};


/** A client's own, whole each time; a request with neither CSS nor logo removes it (the pool's applies again). */
export const clientUiCustomizationEffects: ChildEffects<UiSpec, LiveUiCustomization> = wholeConfigurationEffects(
  /**
   * The own customization of each client the file manages it for (of every client, for export): one
   * GetUICustomization per client (UserPoolResourceRead), four at a time. An answer for ALL is the
   * pool's, which a client without its own is given.
   */
  async (idp, pool, owners) => {
    const limit = pLimit(4);
    const own = await Promise.all(
      clientsRead(pool, owners).map((client) =>
        limit(async () => {
          const live = await readUiCustomization(idp, pool.id, client.id);
          // The pool's logo is not downloaded again for each client that shows it.
          return live && live.ClientId === client.id ? [{ ...(await withLogo(live)), ClientName: client.name }] : [];
        }),
      ),
    );
    return own.flat();
  },
  (idp, poolId, spec, live, ownerId) => setUiCustomization(idp, poolId, clientId(ownerId, live), spec),
  NO_UI_CUSTOMIZATION,
);

