"""Runs __main__.py under Pulumi's mocks and checks the inputs of the eks-irsa:index:ServiceAccountRole it registers.

    python test_main.py        # with pulumi and the generated SDK (sdk/python) installed

ServiceAccountRole is a component implemented by the eks-irsa plugin (remote): with mocks, new_resource sees the
component itself with its inputs, not its children. Run by scripts/check-sdks.sh.
"""

import os
import runpy
import sys

import pulumi

EXPECTED_TYPE = "eks-irsa:index:ServiceAccountRole"
ISSUER = "https://oidc.eks.eu-west-3.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
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
pulumi.runtime.set_all_config({"eks-irsa-python:issuerUrl": ISSUER})

program = runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "__main__.py"), run_name="__main__")


def check(_):
    roles = [r for r in registered if r.typ == EXPECTED_TYPE]
    assert len(roles) == 1, f"expected one {EXPECTED_TYPE}, got {[(r.typ, r.name) for r in registered]}"
    role = roles[0]
    assert role.name == "s3-reader", role.name
    expected = {
        "issuerUrl": ISSUER,
        "scope": "Environment",
        "namespace": "z9b830e28-ze23976e2",
        "serviceAccountName": "my-s3-role",
        "policyArns": {"s3ReadOnly": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"},
    }
    for key, value in expected.items():
        assert role.inputs.get(key) == value, f"{key}: expected {value!r}, got {role.inputs.get(key)!r}"
    unexpected = set(role.inputs) - set(expected)
    assert not unexpected, f"unexpected inputs {sorted(unexpected)}"
    print(f"python example: {EXPECTED_TYPE} 's3-reader' registered with {sorted(expected)}")



@pulumi.runtime.test
def test_service_account_role():
    # The role's outputs resolve once it is registered: check then.
    return program["s3_reader"].role_arn.apply(check)


if __name__ == "__main__":
    test_service_account_role()
