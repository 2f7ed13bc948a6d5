import * as pulumi from "@pulumi/pulumi";
import { AddonPolicies, ServiceAccountMode, ServiceAccountRole } from "eks-irsa";

const config = new pulumi.Config();
const oidcProviderArn = config.require("oidcProviderArn");
const hostedZoneArns = [config.require("hostedZoneArn")];

// One role per add-on, each trusted by the ServiceAccount its Helm chart creates, so an add-on's pods get only its own
// permissions. serviceAccountMode None: the charts create the ServiceAccounts; annotate them with each role's ARN.
const addon = (name: string, namespace: string, serviceAccountName: string, addonPolicies: AddonPolicies) =>
    new ServiceAccountRole(name, { oidcProviderArn, namespace, serviceAccountName, serviceAccountMode: ServiceAccountMode.None, addonPolicies });

const loadBalancerController = addon("aws-load-balancer-controller", "kube-system", "aws-load-balancer-controller", {
    loadBalancerController: { clusterName: config.require("clusterName"), vpcId: config.require("vpcId") },
});
const externalDns = addon("external-dns", "external-dns", "external-dns", { externalDns: { hostedZoneArns } });
const certManager = addon("cert-manager", "cert-manager", "cert-manager", { certManager: { hostedZoneArns } });
const ebsCsiDriver = addon("ebs-csi-driver", "kube-system", "ebs-csi-controller-sa", { ebsCsiDriver: {} });

export const loadBalancerControllerRoleArn = loadBalancerController.roleArn;
export const externalDnsRoleArn = externalDns.roleArn;
export const certManagerRoleArn = certManager.roleArn;
export const ebsCsiDriverRoleArn = ebsCsiDriver.roleArn;
