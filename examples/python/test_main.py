"""Runs __main__.py under Pulumi's mocks and checks the inputs of the eks-irsa:index:ServiceAccountRole resources it
registers: the IRSA reader and the Pod Identity reader.

    python test_main.py        # with pulumi and the generated SDK (sdk/python) installed

ServiceAccountRole is a component implemented by the eks-irsa plugin (remote): with mocks, new_resource sees the
component itself with its inputs, not its children. Run by scripts/check-sdks.sh.
"""

import os
import runpy

import pulumi

EXPECTED_TYPE = "eks-irsa:index:ServiceAccountRole"
ISSUER = "https://oidc.eks.eu-west-3.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
CLUSTER = "qovery-cluster"
S3_READ_ONLY = {"s3ReadOnly": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}
EXPECTED_INPUTS = {
    "s3-reader": {
        "issuerUrl": ISSUER,
        "scope": "Environment",
        "namespace": "z9b830e28-ze23976e2",
        "serviceAccountName": "my-s3-role",
        "policyArns": S3_READ_ONLY,
    },
    "s3-reader-pod-identity": {
        "clusterName": CLUSTER,
        "identity": "PodIdentity",
        "namespace": "z9b830e28-ze23976e2",
        "serviceAccountName": "my-s3-role-pod-identity",
        "policyArns": S3_READ_ONLY,
    },
}
registered = []


class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        registered.append(args)
        outputs = dict(args.inputs)
        if args.typ == EXPECTED_TYPE:
            outputs["roleArn"] = "arn:aws:iam::123456789012:role/" + args.name
            outputs["roleName"] = args.name
        return [args.name + "_id", outputs]

    def call(self, args: pulumi.runtime.MockCallArgs):
        return {}


pulumi.runtime.set_mocks(Mocks(), project="eks-irsa-python", stack="test", preview=False)
pulumi.runtime.set_all_config({"eks-irsa-python:issuerUrl": ISSUER, "eks-irsa-python:clusterName": CLUSTER})

program = runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "__main__.py"), run_name="__main__")


def check(_):
    roles = {r.name: r for r in registered if r.typ == EXPECTED_TYPE}
    others = [(r.typ, r.name) for r in registered if r.typ != EXPECTED_TYPE]
    assert sorted(roles) == sorted(EXPECTED_INPUTS), f"expected {sorted(EXPECTED_INPUTS)}, got {sorted(roles)}"
    assert not others, f"expected only {EXPECTED_TYPE} resources, got {others}"
    for name, expected in EXPECTED_INPUTS.items():
        inputs = roles[name].inputs
        for key, value in expected.items():
            assert inputs.get(key) == value, f"{name}.{key}: expected {value!r}, got {inputs.get(key)!r}"
        unexpected = set(inputs) - set(expected)
        assert not unexpected, f"{name}: unexpected inputs {sorted(unexpected)}"
        print(f"python example: {EXPECTED_TYPE} '{name}' registered with {sorted(expected)}")


@pulumi.runtime.test
def test_service_account_roles():
    # The roles' outputs resolve once both are registered: check then.
    return pulumi.Output.all(program["s3_reader"].role_arn, program["s3_reader_pod_identity"].role_arn).apply(check)


if __name__ == "__main__":
    test_service_account_roles()
