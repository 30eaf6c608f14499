/**
 * The AWS partition a region is in, for the ARNs the tool writes itself: China (cn-*) and GovCloud
 * (us-gov-*) have their own; every other region, and "*" (any), is in the standard partition.
 */
export function partitionOf(region: string): "aws" | "aws-cn" | "aws-us-gov" {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}
