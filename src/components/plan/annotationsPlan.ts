import { ServiceAccountMode } from "../../enums";
import * as rules from "../../policy/rules";
import { checkAnnotationsSize, checkChartAnnotations } from "../deployTimeRules";
import { Checked } from "../inputs";
import { DERIVED_ANNOTATIONS } from "../serviceAccount";
import { PlanContext } from "./planContext";

/** What the ServiceAccount's annotations are made of, beside the role's ARN and the audience. */
export interface PlannedAnnotations {
    stsRegionalEndpoints?: Checked<boolean>;
    tokenExpirationSeconds?: Checked<number>;
    extraAnnotations?: Checked<{ [key: string]: string }>;
}

/** Plans `stsRegionalEndpoints`, `tokenExpirationSeconds` and `serviceAccountAnnotations`. */
export function planAnnotations(context: PlanContext): PlannedAnnotations {
    const { mode, optional } = context;
    return {
        stsRegionalEndpoints: optional("stsRegionalEndpoints", () => undefined),
        tokenExpirationSeconds: optional("tokenExpirationSeconds", rules.checkTokenExpiration),
        extraAnnotations: optional("serviceAccountAnnotations", (argument, value) => {
            rules.checkAnnotations(argument, value, DERIVED_ANNOTATIONS);
            checkAnnotationsSize(argument, value);
            if (mode === ServiceAccountMode.HelmChart) {
                checkChartAnnotations(argument, value);
            }
        }),
    };
}
