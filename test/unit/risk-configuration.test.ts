import type { RiskConfigurationType, SetRiskConfigurationRequest } from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { riskConfigurationKind } from "../../src/kinds/risk-configuration/kind.js";
import {
  isNoRiskConfiguration,
  NO_RISK_CONFIGURATION,
  riskConfigFromSpec,
  riskSpecFromConfig,
  riskSpecFromLive,
  setRiskConfigurationRequest,
} from "../../src/kinds/risk-configuration/model.js";
import { isFieldPath } from "../../src/schema/field-paths.js";
import { riskConfigurationSchema } from "../../src/schema/risk-configuration.js";
import { userPoolSchema } from "../../src/schema/user-pool.js";
import { diagnosticsOf } from "../helpers/diagnostics.js";

const SES = "arn:aws:ses:us-east-1:123456789012:identity/example.com";

/** The block of the README, as a file writes it. */
const FULL = {
  compromisedCredentials: { action: "BLOCK", events: ["SIGN_UP", "SIGN_IN", "PASSWORD_CHANGE"] },
  accountTakeover: {
    notify: {
      from: "security@example.com",
      sourceArn: SES,
      replyTo: "help@example.com",
      blockEmail: { subject: "Blocked sign-in", htmlBody: "<p>We blocked a sign-in.</p>", textBody: "We blocked a sign-in." },
      mfaEmail: { subject: "Sign-in challenged", textBody: "We asked for MFA." },
    },
    actions: {
      low: { notify: false, eventAction: "NO_ACTION" },
      medium: { notify: true, eventAction: "MFA_IF_CONFIGURED" },
      high: { notify: true, eventAction: "BLOCK" },
    },
  },
  ipRanges: { alwaysAllow: ["192.0.2.0/24", "10.0.0.0/8"], alwaysBlock: ["2001:db8::/32"] },
};

const parse = (block: unknown) => riskConfigurationSchema.parse(block);
const specOf = (block: unknown) => riskSpecFromConfig(parse(block));

/** What DescribeRiskConfiguration answers after a SetRiskConfiguration request (the emulator's and AWS's echo). */
function describedAfter(request: SetRiskConfigurationRequest): RiskConfigurationType {
  const { UserPoolId, ClientId, ...settings } = request;
  return { UserPoolId, ...(ClientId ? { ClientId } : {}), ...settings, LastModifiedDate: new Date() };
}

describe("riskSpecFromConfig", () => {
  it("writes the file's block in its vocabulary: sets sorted, sections not set null", () => {
    expect(specOf(FULL)).toEqual({
      compromisedCredentials: { action: "BLOCK", events: ["PASSWORD_CHANGE", "SIGN_IN", "SIGN_UP"] },
      accountTakeover: {
        notify: {
          sourceArn: SES,
          from: "security@example.com",
          replyTo: "help@example.com",
          blockEmail: { subject: "Blocked sign-in", htmlBody: "<p>We blocked a sign-in.</p>", textBody: "We blocked a sign-in." },
          mfaEmail: { subject: "Sign-in challenged", textBody: "We asked for MFA." },
        },
        actions: FULL.accountTakeover.actions,
      },
      ipRanges: { alwaysAllow: ["10.0.0.0/8", "192.0.2.0/24"], alwaysBlock: ["2001:db8::/32"] },
    });
  });

  it("fills Cognito's defaults: events left out are all three, IP lists left out are empty", () => {
    expect(specOf({ compromisedCredentials: { action: "NO_ACTION" }, ipRanges: { alwaysBlock: ["198.51.100.0/24"] } })).toEqual({
      compromisedCredentials: { action: "NO_ACTION", events: ["PASSWORD_CHANGE", "SIGN_IN", "SIGN_UP"] },
      accountTakeover: null,
      ipRanges: { alwaysAllow: [], alwaysBlock: ["198.51.100.0/24"] },
    });
  });

  it("reads {} and empty IP lists as no configuration", () => {
    expect(specOf({})).toEqual(NO_RISK_CONFIGURATION);
    expect(isNoRiskConfiguration(specOf({ ipRanges: { alwaysAllow: [], alwaysBlock: [] } }))).toBe(true);
    expect(isNoRiskConfiguration(specOf({ accountTakeover: { actions: {} } }))).toBe(false);
  });
});

describe("riskSpecFromLive", () => {
  it("reads DescribeRiskConfiguration's answer the way the file writes it", () => {
    const live: RiskConfigurationType = {
      UserPoolId: "us-east-1_Risk1",
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "BLOCK" } },
      AccountTakeoverRiskConfiguration: {
        NotifyConfiguration: { SourceArn: SES, From: "", BlockEmail: { Subject: "Blocked", TextBody: "Blocked you.", HtmlBody: "" } },
        Actions: { HighAction: { Notify: true, EventAction: "MFA_REQUIRED" } },
      },
      RiskExceptionConfiguration: { SkippedIPRangeList: ["192.0.2.0/24", "10.0.0.0/8"] },
      LastModifiedDate: new Date(),
    };
    expect(riskSpecFromLive(live)).toEqual({
      compromisedCredentials: { action: "BLOCK", events: ["PASSWORD_CHANGE", "SIGN_IN", "SIGN_UP"] },
      accountTakeover: { notify: { sourceArn: SES, blockEmail: { subject: "Blocked", textBody: "Blocked you." } }, actions: { high: { notify: true, eventAction: "MFA_REQUIRED" } } },
      ipRanges: { alwaysAllow: ["10.0.0.0/8", "192.0.2.0/24"], alwaysBlock: [] },
    });
  });

  it("reads an answer without settings, or none at all, as no configuration", () => {
    expect(riskSpecFromLive({ UserPoolId: "us-east-1_Risk1" })).toEqual(NO_RISK_CONFIGURATION);
    expect(riskSpecFromLive(undefined)).toEqual(NO_RISK_CONFIGURATION);
    expect(riskSpecFromLive({ UserPoolId: "us-east-1_Risk1", RiskExceptionConfiguration: {} })).toEqual(NO_RISK_CONFIGURATION);
  });

  it("reads what a request set as the spec it was built from: apply then plan is empty", () => {
    for (const block of [FULL, {}, { compromisedCredentials: { action: "NO_ACTION" } }, { accountTakeover: { actions: { low: { notify: false, eventAction: "BLOCK" } } } }]) {
      const spec = specOf(block);
      expect(riskSpecFromLive(describedAfter(setRiskConfigurationRequest("us-east-1_Risk1", undefined, spec)))).toEqual(spec);
      expect(riskSpecFromLive(describedAfter(setRiskConfigurationRequest("us-east-1_Risk1", "client1", spec)))).toEqual(spec);
    }
  });
});

describe("setRiskConfigurationRequest", () => {
  it("sends the whole configuration in the API's names", () => {
    expect(setRiskConfigurationRequest("us-east-1_Risk1", undefined, specOf(FULL))).toEqual({
      UserPoolId: "us-east-1_Risk1",
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "BLOCK" }, EventFilter: ["PASSWORD_CHANGE", "SIGN_IN", "SIGN_UP"] },
      AccountTakeoverRiskConfiguration: {
        Actions: {
          LowAction: { Notify: false, EventAction: "NO_ACTION" },
          MediumAction: { Notify: true, EventAction: "MFA_IF_CONFIGURED" },
          HighAction: { Notify: true, EventAction: "BLOCK" },
        },
        NotifyConfiguration: {
          SourceArn: SES,
          From: "security@example.com",
          ReplyTo: "help@example.com",
          BlockEmail: { Subject: "Blocked sign-in", HtmlBody: "<p>We blocked a sign-in.</p>", TextBody: "We blocked a sign-in." },
          MfaEmail: { Subject: "Sign-in challenged", TextBody: "We asked for MFA." },
        },
      },
      RiskExceptionConfiguration: { SkippedIPRangeList: ["10.0.0.0/8", "192.0.2.0/24"], BlockedIPRangeList: ["2001:db8::/32"] },
    });
  });

  it("leaves out what is not set (which removes it), and sends the ids alone for no configuration", () => {
    expect(setRiskConfigurationRequest("us-east-1_Risk1", "client1", specOf({ ipRanges: { alwaysBlock: ["198.51.100.0/24"] } }))).toEqual({
      UserPoolId: "us-east-1_Risk1",
      ClientId: "client1",
      RiskExceptionConfiguration: { BlockedIPRangeList: ["198.51.100.0/24"] },
    });
    expect(setRiskConfigurationRequest("us-east-1_Risk1", undefined, specOf({}))).toEqual({ UserPoolId: "us-east-1_Risk1" });
    expect(setRiskConfigurationRequest("us-east-1_Risk1", "client1", NO_RISK_CONFIGURATION)).toEqual({ UserPoolId: "us-east-1_Risk1", ClientId: "client1" });
  });
});

describe("export", () => {
  it("writes a block that reads back as the live configuration, defaults left out", () => {
    for (const block of [FULL, { compromisedCredentials: { action: "NO_ACTION" } }, { ipRanges: { alwaysAllow: ["10.0.0.0/8"] } }]) {
      const live = describedAfter(setRiskConfigurationRequest("us-east-1_Risk1", undefined, specOf(block)));
      const written = riskConfigFromSpec(riskSpecFromLive(live));
      expect(specOf(written)).toEqual(riskSpecFromLive(live));
    }
    expect(riskConfigFromSpec(specOf({ compromisedCredentials: { action: "NO_ACTION" } }))).toEqual({ compromisedCredentials: { action: "NO_ACTION" } });
  });
});

describe("the pool's kind", () => {
  const pool = (riskConfiguration?: unknown) => userPoolSchema.parse({ name: "P", ...(riskConfiguration !== undefined ? { riskConfiguration } : {}) });

  it("manages nothing when the block is left out, declares none for {}, and one named pool otherwise", () => {
    expect(riskConfigurationKind.declared(pool())).toBeUndefined();
    expect(riskConfigurationKind.declared(pool({}))).toEqual([]);
    const declared = riskConfigurationKind.declared(pool({ ...FULL, ignoreChanges: ["ipRanges.alwaysAllow"] }));
    expect(declared).toEqual([{ name: "pool", spec: specOf(FULL), ignore: ["ipRanges.alwaysAllow"] }]);
  });

  it("names its ignoreChanges paths as plan shows them; a client names them below riskConfiguration", () => {
    expect(isFieldPath("riskConfiguration", "accountTakeover.actions.high.eventAction")).toBe(true);
    expect(isFieldPath("riskConfiguration", "accountTakeover.notify.blockEmail")).toBe(true);
    expect(isFieldPath("riskConfiguration", "ipRanges.alwaysAllowed")).toBe(false);
    expect(isFieldPath("client", "riskConfiguration.compromisedCredentials.events")).toBe(true);
  });
});

const fileWith = (...pool: string[]) => ["version: 1", "stack: s", "userPools:", "  - name: P", ...pool, ""].join("\n");

describe("the file's checks", () => {
  it("checks CIDR ranges, list sizes, enums, unknown keys and the SES identity", () => {
    const many = Array.from({ length: 201 }, (_, i) => `10.0.${Math.floor(i / 256)}.${i % 256}/32`).join(", ");
    expect(
      diagnosticsOf(
        fileWith(
          "    riskConfiguration:",
          "      compromisedCredentials: { action: BLOCK, events: [] }",
          "      accountTakeover: { notify: { sourceArn: arn:aws:iam::123456789012:role/x }, actions: { high: { notify: true, eventAction: DENY } } }",
          `      ipRanges: { alwaysAllow: [10.0.0.0/33], alwaysBlock: [${many}] }`,
          "    clients:",
          "      - name: web",
          "        riskConfiguration: { ipRange: {} }",
        ),
      ),
    ).toEqual([
      "6:56 userPools[0].riskConfiguration.compromisedCredentials.events must have at least 1 entry",
      "7:47 userPools[0].riskConfiguration.accountTakeover.notify.sourceArn must be an SES identity ARN (arn:aws:ses:REGION:ACCOUNT:identity/NAME)",
      '7:129 userPools[0].riskConfiguration.accountTakeover.actions.high.eventAction must be one of "BLOCK", "MFA_IF_CONFIGURED", "MFA_REQUIRED", "NO_ACTION", not the string "DENY"',
      "8:33 userPools[0].riskConfiguration.ipRanges.alwaysAllow[0] must be an IP range in CIDR notation, such as 10.0.0.0/8 or 192.0.2.10/32",
      "8:60 userPools[0].riskConfiguration.ipRanges.alwaysBlock must have at most 200 entries",
      '11:30 unknown key "ipRange" in userPools[0].clients[0].riskConfiguration; did you mean "ipRanges"?',
    ]);
  });

  it("refuses a risk configuration below the PLUS plan, on the pool and on a client; {} sets nothing and passes", () => {
    const problems = diagnosticsOf(
      fileWith(
        "    featurePlan: ESSENTIALS",
        "    riskConfiguration: { compromisedCredentials: { action: BLOCK } }",
        "    clients:",
        "      - name: web",
        "        riskConfiguration: { ipRanges: { alwaysBlock: [198.51.100.0/24] } }",
        "      - name: other",
        "        riskConfiguration: {}",
      ),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^6:24 riskConfiguration needs featurePlan PLUS or higher; the file sets featurePlan ESSENTIALS/),
      expect.stringMatching(/^9:28 riskConfiguration needs featurePlan PLUS or higher; the file sets featurePlan ESSENTIALS/),
    ]);
    expect(diagnosticsOf(fileWith("    featurePlan: PLUS", "    riskConfiguration: { compromisedCredentials: { action: BLOCK } }"))).toEqual([]);
    expect(diagnosticsOf(fileWith("    riskConfiguration: { compromisedCredentials: { action: BLOCK } }"))).toEqual([]);
  });

  it("refuses an ignoreChanges path that is no field of the risk configuration, the pool's or a client's", () => {
    const text = fileWith(
      "    riskConfiguration:",
      "      ipRanges: { alwaysAllow: [10.0.0.0/8] }",
      "      ignoreChanges: [ipRanges.alwaysAllowed, accountTakeover.actions.high]",
      "    clients:",
      "      - name: web",
      "        ignoreChanges: [riskConfiguration.accountTakeover.actions.high.action, riskConfiguration.ipRanges]",
    );
    expect(diagnosticsOf(text)).toEqual([
      expect.stringMatching(/^7:23 "ipRanges\.alwaysAllowed" is not a riskConfiguration field; did you mean "ipRanges\.alwaysAllow"\?/),
      expect.stringMatching(/^10:25 "riskConfiguration\.accountTakeover\.actions\.high\.action" is not a client field; did you mean "riskConfiguration\.accountTakeover\.actions\.high\./),
    ]);
  });
});
