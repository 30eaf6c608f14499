import type { GetUserPoolMfaConfigResponse, GroupType, UserPoolType } from "@aws-sdk/client-cognito-identity-provider";

/** One user pool as read from AWS, with what was read of its children. */
export interface LivePool {
  id: string;
  name: string;
  region: string;
  /** DescribeUserPool's UserPool: the base every UpdateUserPool is built from. */
  raw: UserPoolType;
  /** Value of the cognito-reconcile:stack tag; undefined when the pool is untagged. */
  stackTag: string | undefined;
  /** Read only for pools the file manages. */
  mfa?: GetUserPoolMfaConfigResponse;
  /** Read only when the file manages the pool's groups. */
  groups?: GroupType[];
}

/** Everything read from AWS for one run: every pool of the regions the file touches. */
export interface LiveState {
  regions: string[];
  pools: LivePool[];
}
