import { resolvePackageToThisBuild } from "../harness";

// The pack imports "eks-irsa" as its package.json's file:.. dependency; here it resolves to this build. Imported
// before the pack's modules, so that their require("eks-irsa") finds it.
resolvePackageToThisBuild();
