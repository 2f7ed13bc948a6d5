import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { IrsaArgumentError } from "../errors";
import { lookUpCluster } from "./clusterLookup";
import { ArgumentChecks, Checked, checkType, hasCycle, notSet } from "./inputs";
import { DEFAULT_AUDIENCE, issuerOf, normalizeIssuerUrl } from "../policy/issuer";
import { checkClientIds, checkTags, checkThumbprints } from "../policy/rules";

/**
 * The arguments of a ClusterOidcProvider. Give exactly one of `issuerUrl` and `clusterName`.
 */
export interface ClusterOidcProviderArgs {
    /**
     * The cluster's OpenID Connect issuer URL, as shown in the EKS console's Overview
     * (`https://oidc.eks.<region>.amazonaws.com/id/<ID>`). Must start with `https://`, have no port or query, and not be
     * the dual-stack alias `oidc-eks.<region>.api.aws`. Mutually exclusive with `clusterName`.
     */
    issuerUrl?: pulumi.Input<string>;
    /**
     * The name of an EKS cluster whose issuer is looked up with `aws.eks.getCluster`. Mutually exclusive with `issuerUrl`.
     */
    clusterName?: pulumi.Input<string>;
    /**
     * The audiences (client IDs) the provider accepts: 1 to 100 values. Defaults to `["sts.amazonaws.com"]`, the audience of
     * EKS ServiceAccount tokens in every partition.
     */
    clientIds?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * SHA-1 thumbprints (40 hexadecimal characters, at most 5) of the issuer's top intermediate CA. Optional, and by default
     * none: IAM ignores thumbprints for issuers whose certificates chain to a CA it trusts, as EKS issuers' do.
     */
    thumbprints?: pulumi.Input<pulumi.Input<string>[]>;
    /** Tags for the IAM OIDC provider: at most 50, keys 1-128 characters without the `aws:` prefix, values at most 256. Defaults to none. */
    tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/**
 * Registers an EKS cluster's OIDC issuer as an IAM OpenID Connect identity provider, the first step of IAM Roles for
 * Service Accounts. An account holds one provider per issuer URL: create it once per cluster (here or with
 * `@pulumi/eks`' `createOidcProvider`) and pass its `arn` to every ServiceAccountRole.
 */
export class ClusterOidcProvider extends pulumi.ComponentResource {
    /** The ARN of the IAM OIDC provider, `arn:<partition>:iam::<account>:oidc-provider/<issuer>`. */
    public readonly arn: pulumi.Output<string>;
    /** The issuer URL, `https://oidc.eks.<region>.amazonaws.com/id/<ID>`, without a trailing slash. */
    public readonly issuerUrl: pulumi.Output<string>;
    /** The issuer without `https://`: the prefix of the `:sub` and `:aud` condition keys in trust policies. */
    public readonly issuer: pulumi.Output<string>;

    constructor(name: string, args: ClusterOidcProviderArgs, opts?: pulumi.ComponentResourceOptions) {
        // As ServiceAccountRole: Pulumi's serialization of the recorded inputs would never end on a cyclic value.
        super("eks-irsa:index:ClusterOidcProvider", name, hasCycle(args) ? {} : args, opts);

        let issuerUrl: Checked<string>;
        let clientIds: Checked<string[]>;
        let thumbprints: Checked<string[] | undefined>;
        let tags: Checked<{ [key: string]: string } | undefined>;
        const checks = new ArgumentChecks(`ClusterOidcProvider "${name}"`);
        try {
            if (typeof args !== "object" || args === null) {
                throw new IrsaArgumentError("args", args, "the arguments are a map.");
            }
            if (notSet(args.issuerUrl) === notSet(args.clusterName)) {
                throw new IrsaArgumentError(
                    "issuerUrl/clusterName",
                    { issuerUrl: notSet(args.issuerUrl) ? undefined : "(set)", clusterName: notSet(args.clusterName) ? undefined : "(set)" },
                    "give exactly one: the cluster's OIDC issuer URL, or the name of the EKS cluster to look it up from.",
                );
            }
            issuerUrl = !notSet(args.issuerUrl)
                ? checks.check("issuerUrl", args.issuerUrl, (url) => {
                      checkType("issuerUrl", url, "string");
                      return normalizeIssuerUrl("issuerUrl", url as string);
                  })
                : checks.lookedUp(
                      "clusterName (its issuer)",
                      lookUpCluster(checks.check("clusterName", args.clusterName, (n) => requiredString("clusterName", n)), this).identities,
                      (identities) => normalizeIssuerUrl("clusterName (its issuer)", identities[0].oidcs[0].issuer),
                  );
            clientIds = notSet(args.clientIds)
                ? [DEFAULT_AUDIENCE]
                : checks.check("clientIds", args.clientIds, (ids) => {
                      if (notSet(ids)) {
                          throw new IrsaArgumentError("clientIds", undefined, "clientIds was given as an Output that resolved to nothing. Give the audiences, or leave it out.");
                      }
                      checkType("clientIds", ids, "array");
                      checkClientIds("clientIds", ids as string[]);
                      return ids as string[];
                  });
            thumbprints = checks.check("thumbprints", args.thumbprints, (values) => {
                checkType("thumbprints", values, "array");
                if (notSet(values)) {
                    return undefined;
                }
                checkThumbprints("thumbprints", values as string[]);
                return values as string[];
            });
            tags = checks.check("tags", args.tags, (values) => {
                checkType("tags", values, "object");
                if (notSet(values)) {
                    return undefined;
                }
                checkTags("tags", values as { [key: string]: string });
                return values as { [key: string]: string };
            });
        } catch (error) {
            throw error instanceof IrsaArgumentError ? new pulumi.ResourceError(`ClusterOidcProvider "${name}": ${error.message}`, this) : error;
        }

        const provider = new iam.OpenIdConnectProvider(
            `${name}-provider`,
            { url: issuerUrl, clientIdLists: clientIds, thumbprintLists: thumbprints, tags },
            { parent: this, dependsOn: checks.after([]) },
        );

        this.arn = checks.gate(provider.arn);
        this.issuerUrl = checks.gate(pulumi.output(issuerUrl));
        this.issuer = this.issuerUrl.apply(issuerOf);
        this.registerOutputs({ arn: this.arn, issuerUrl: this.issuerUrl, issuer: this.issuer });
    }
}

function requiredString(argument: string, value: unknown): string {
    if (typeof value !== "string" || value.length === 0) {
        throw new IrsaArgumentError(argument, value, `${argument} is a non-empty string.`);
    }
    return value;
}
