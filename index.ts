export * from "./src/enums";
export * from "./src/errors";
export * from "./src/issuer";
export * from "./src/trustPolicy";
export * from "./src/rules";
export * from "./src/serviceAccount";
export * from "./src/clusterOidcProvider";
export * from "./src/serviceAccountRole";
