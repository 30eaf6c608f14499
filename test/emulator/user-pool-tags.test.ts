// TagResource / UntagResource / ListTagsForResource on user pool ARNs share the pool's
// UserPoolTags, so DescribeUserPool shows the same tags.
import { randomUUID } from "node:crypto";
import {
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { idpClient } from "../helpers/cli.js";
import { describe, expect, inject, it } from "vitest";

const idp = idpClient(inject("emulatorUrl"));

describe("user pool tagging", () => {
  it("adds, lists and removes tags, in step with DescribeUserPool's UserPoolTags", async () => {
    const created = await idp.send(
      new CreateUserPoolCommand({ PoolName: `tags-${randomUUID().slice(0, 8)}`, UserPoolTags: { team: "identity" } }),
    );
    const { Id: poolId, Arn: arn } = created.UserPool!;

    await idp.send(new TagResourceCommand({ ResourceArn: arn, Tags: { env: "dev", team: "platform" } }));
    const listed = await idp.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
    expect(listed.Tags).toEqual({ team: "platform", env: "dev" });
    const described = await idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(described.UserPool?.UserPoolTags).toEqual({ team: "platform", env: "dev" });

    await idp.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["team", "absent"] }));
    expect((await idp.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual({ env: "dev" });
    const afterUntag = await idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(afterUntag.UserPool?.UserPoolTags).toEqual({ env: "dev" });
  });

  it("answers ResourceNotFoundException for a user pool that does not exist", async () => {
    const arn = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_doesnotexist";
    await expect(idp.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
    await expect(idp.send(new TagResourceCommand({ ResourceArn: arn, Tags: { a: "b" } }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
  });
});
