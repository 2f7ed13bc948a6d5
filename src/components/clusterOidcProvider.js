"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.ClusterOidcProvider = void 0;
const eks = __importStar(require("@pulumi/aws/eks"));
const iam = __importStar(require("@pulumi/aws/iam"));
const pulumi = __importStar(require("@pulumi/pulumi"));
const errors_1 = require("../errors");
const inputs_1 = require("./inputs");
const issuer_1 = require("../policy/issuer");
const rules_1 = require("../policy/rules");
/**
 * Registers an EKS cluster's OIDC issuer as an IAM OpenID Connect identity provider, the first step of IAM Roles for
 * Service Accounts. An account holds one provider per issuer URL: create it once per cluster (here or with
 * `@pulumi/eks`' `createOidcProvider`) and pass its `arn` to every ServiceAccountRole.
 */
class ClusterOidcProvider extends pulumi.ComponentResource {
    /** The ARN of the IAM OIDC provider, `arn:<partition>:iam::<account>:oidc-provider/<issuer>`. */
    arn;
    /** The issuer URL, `https://oidc.eks.<region>.amazonaws.com/id/<ID>`, without a trailing slash. */
    issuerUrl;
    /** The issuer without `https://`: the prefix of the `:sub` and `:aud` condition keys in trust policies. */
    issuer;
    constructor(name, args, opts) {
        super("eks-irsa:index:ClusterOidcProvider", name, args, opts);
        let issuerUrl;
        let clientIds;
        let thumbprints;
        let tags;
        const checks = new inputs_1.ArgumentChecks(`ClusterOidcProvider "${name}"`);
        try {
            if (typeof args !== "object" || args === null) {
                throw new errors_1.IrsaArgumentError("args", args, "the arguments are a map.");
            }
            if ((0, inputs_1.notSet)(args.issuerUrl) === (0, inputs_1.notSet)(args.clusterName)) {
                throw new errors_1.IrsaArgumentError("issuerUrl/clusterName", { issuerUrl: (0, inputs_1.notSet)(args.issuerUrl) ? undefined : "(set)", clusterName: (0, inputs_1.notSet)(args.clusterName) ? undefined : "(set)" }, "give exactly one: the cluster's OIDC issuer URL, or the name of the EKS cluster to look it up from.");
            }
            issuerUrl = !(0, inputs_1.notSet)(args.issuerUrl)
                ? checks.check("issuerUrl", args.issuerUrl, (url) => {
                    (0, inputs_1.checkType)("issuerUrl", url, "string");
                    return (0, issuer_1.normalizeIssuerUrl)("issuerUrl", url);
                })
                : eks
                    .getClusterOutput({ name: checks.check("clusterName", args.clusterName, (n) => requiredString("clusterName", n)) }, { parent: this })
                    .identities.apply((identities) => (0, issuer_1.normalizeIssuerUrl)("clusterName (its issuer)", identities[0].oidcs[0].issuer));
            clientIds = (0, inputs_1.notSet)(args.clientIds)
                ? [issuer_1.DEFAULT_AUDIENCE]
                : checks.check("clientIds", args.clientIds, (ids) => {
                    if ((0, inputs_1.notSet)(ids)) {
                        throw new errors_1.IrsaArgumentError("clientIds", undefined, "clientIds was given as an Output that resolved to nothing. Give the audiences, or leave it out.");
                    }
                    (0, inputs_1.checkType)("clientIds", ids, "array");
                    (0, rules_1.checkClientIds)("clientIds", ids);
                    return ids;
                });
            thumbprints = checks.check("thumbprints", args.thumbprints, (values) => {
                (0, inputs_1.checkType)("thumbprints", values, "array");
                if ((0, inputs_1.notSet)(values)) {
                    return undefined;
                }
                (0, rules_1.checkThumbprints)("thumbprints", values);
                return values;
            });
            tags = checks.check("tags", args.tags, (values) => {
                (0, inputs_1.checkType)("tags", values, "object");
                if ((0, inputs_1.notSet)(values)) {
                    return undefined;
                }
                (0, rules_1.checkTags)("tags", values);
                return values;
            });
        }
        catch (error) {
            throw error instanceof errors_1.IrsaArgumentError ? new pulumi.ResourceError(`ClusterOidcProvider "${name}": ${error.message}`, this) : error;
        }
        const provider = new iam.OpenIdConnectProvider(`${name}-provider`, { url: issuerUrl, clientIdLists: clientIds, thumbprintLists: thumbprints, tags }, { parent: this, dependsOn: checks.after([]) });
        this.arn = checks.gate(provider.arn);
        this.issuerUrl = checks.gate(pulumi.output(issuerUrl));
        this.issuer = this.issuerUrl.apply(issuer_1.issuerOf);
        this.registerOutputs({ arn: this.arn, issuerUrl: this.issuerUrl, issuer: this.issuer });
    }
}
exports.ClusterOidcProvider = ClusterOidcProvider;
function requiredString(argument, value) {
    if (typeof value !== "string" || value.length === 0) {
        throw new errors_1.IrsaArgumentError(argument, value, `${argument} is a non-empty string.`);
    }
    return value;
}
