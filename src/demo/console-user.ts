import { CognitoIdentityClient, paginateListIdentityPools } from "@aws-sdk/client-cognito-identity";
import {
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  paginateListUserPools,
  UpdateGroupCommand,
  GetGroupCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { GetRolePolicyCommand, IAMClient, paginateListRoles, PutRolePolicyCommand } from "@aws-sdk/client-iam";

/**
 * What people do by hand with the AWS SDK or the console while the demo runs: users setting their
 * passwords at the first sign-in, an administrator editing a group and a role behind the tool's
 * back, and a last look at what is left. Only ever talks to the demo's emulator.
 */
export class ConsoleUser {
  private readonly idp: CognitoIdentityProviderClient;
  private readonly identity: CognitoIdentityClient;
  private readonly iam: IAMClient;

  constructor(endpoint: string, region: string) {
    const config = { region, endpoint, credentials: { accessKeyId: "demo", secretAccessKey: "demo" } };
    this.idp = new CognitoIdentityProviderClient(config);
    this.identity = new CognitoIdentityClient(config);
    this.iam = new IAMClient(config);
  }

  destroy(): void {
    for (const client of [this.idp, this.identity, this.iam]) client.destroy();
  }

  /** Sets each user's permanent password, as the user would after signing in with the temporary one. */
  async setPasswords(poolName: string, passwords: Record<string, string>): Promise<void> {
    const poolId = await this.poolId(poolName);
    for (const [username, password] of Object.entries(passwords)) {
      await this.idp.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: password, Permanent: true }));
    }
  }

  /** Changes a group's precedence; returns the value it had. */
  async setGroupPrecedence(poolName: string, group: string, precedence: number): Promise<number | undefined> {
    const poolId = await this.poolId(poolName);
    const before = (await this.idp.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: group }))).Group?.Precedence;
    await this.idp.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: group, Precedence: precedence }));
    return before;
  }

  /** Removes every Condition from one inline policy of a role: the statements then apply to all resources they name. */
  async dropPolicyConditions(roleName: string, policyName: string): Promise<void> {
    const policy = await this.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }));
    const document = JSON.parse(decodeURIComponent(policy.PolicyDocument ?? "{}")) as { Statement?: Record<string, unknown>[] };
    for (const statement of document.Statement ?? []) delete statement.Condition;
    await this.iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: policyName, PolicyDocument: JSON.stringify(document) }));
  }

  /** What the emulator still holds. */
  async inventory(): Promise<{ userPools: number; identityPools: number; roles: number }> {
    let userPools = 0;
    for await (const page of paginateListUserPools({ client: this.idp }, { MaxResults: 60 })) userPools += page.UserPools?.length ?? 0;
    let identityPools = 0;
    for await (const page of paginateListIdentityPools({ client: this.identity }, { MaxResults: 60 })) identityPools += page.IdentityPools?.length ?? 0;
    let roles = 0;
    for await (const page of paginateListRoles({ client: this.iam }, {})) roles += page.Roles?.length ?? 0;
    return { userPools, identityPools, roles };
  }

  private async poolId(name: string): Promise<string> {
    for await (const page of paginateListUserPools({ client: this.idp }, { MaxResults: 60 })) {
      const id = page.UserPools?.find((p) => p.Name === name)?.Id;
      if (id) return id;
    }
    throw new Error(`user pool ${name} was not found in the emulator`);
  }
}
