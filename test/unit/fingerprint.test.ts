import { describe, expect, it } from "vitest";
import type { IdentityProviderType } from "@aws-sdk/client-cognito-identity-provider";
import { identityProviderKind } from "../../src/kinds/identity-provider/kind.js";
import { liveViews } from "../../src/plan/fingerprint.js";
import type { Step } from "../../src/plan/steps.js";

/** An identity-provider step as the planner makes it, reading a live provider with this secret. */
function providerStep(secret: string, issuer = "https://idp.example.com"): Step {
  const live: IdentityProviderType = { ProviderName: "Corp", ProviderType: "OIDC", ProviderDetails: { client_id: "corp", client_secret: secret, oidc_issuer: issuer }, AttributeMapping: {}, IdpIdentifiers: [] };
  return {
    kind: "identityProvider",
    region: "us-east-1",
    poolAddress: "userPool.App",
    dependsOn: [],
    change: { address: "userPool.App/identityProvider.Corp", kind: "identityProvider", action: "no-op", reason: "in sync", fields: [] },
    live,
    liveSpec: identityProviderKind.liveSpec(live),
    sensitive: identityProviderKind.sensitive,
    operation: () => Promise.reject(new Error("not carried out in this test")),
  };
}

describe("saved-plan fingerprints", () => {
  it("hold no secret: the text hashed for a provider is the same whatever its secret is, and has none of it", () => {
    const a = liveViews([providerStep("s3cret-one")]);
    const b = liveViews([providerStep("s3cret-two")]);
    expect(a).toEqual(b);
    expect(JSON.stringify(a)).not.toContain("s3cret");
    // Everything else the provider has still counts.
    expect(liveViews([providerStep("s3cret-one", "https://other.example.com")])).not.toEqual(a);
  });
});
