"use strict";
/**
 * The result of `eks-irsa audit`: the access map (pods → ServiceAccount → roles, with how each role is reached) and the
 * findings. Its JSON form (`--format json`) is this object as is; `schemaVersion` changes when a field changes meaning.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.GrantPath = exports.SEVERITY_ORDER = exports.Severity = void 0;
/** How bad a finding is; `--fail-on` compares with this order. */
var Severity;
(function (Severity) {
    Severity["High"] = "high";
    Severity["Medium"] = "medium";
    Severity["Low"] = "low";
    Severity["Info"] = "info";
})(Severity || (exports.Severity = Severity = {}));
/** The severities from the worst. */
exports.SEVERITY_ORDER = [Severity.High, Severity.Medium, Severity.Low, Severity.Info];
/** How a ServiceAccount's pods reach a role. */
var GrantPath;
(function (GrantPath) {
    /** `sts:AssumeRoleWithWebIdentity` with the ServiceAccount's token: the role's trust admits it. */
    GrantPath["Irsa"] = "irsa";
    /** An EKS Pod Identity association names the ServiceAccount and the role's trust admits the association. */
    GrantPath["PodIdentity"] = "podIdentity";
    /** An association's `targetRoleArn`: EKS chains from the association's role to this one. */
    GrantPath["TargetRole"] = "targetRole";
})(GrantPath || (exports.GrantPath = GrantPath = {}));
