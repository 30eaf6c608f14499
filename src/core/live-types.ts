import type { GetUserPoolMfaConfigResponse, UserPoolType } from "@aws-sdk/client-cognito-identity-provider";

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
  /** Live children by kind, read only for the kinds the file manages in this pool. */
  children: Partial<Record<string, unknown[]>>;
}

/** Everything read from AWS for one run: every pool of the regions the file touches. */
export interface LiveState {
  regions: string[];
  pools: LivePool[];
}
