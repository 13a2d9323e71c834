import type { Command } from "../command";
import { assessCommand } from "./assess";
import { eligibilityCommand } from "./eligibility";
import { exportCommand } from "./export";
import { indicatorsCommand } from "./indicators";
import { fingerprintCommand } from "./fingerprint";
import { fhirCommand } from "./fhir";
import { impactCommand } from "./impact";
import { schemaCommand } from "./schema";
import { sqlCommand } from "./sql";
import { testCommand } from "./test";
import { validateCommand } from "./validate";
import { verifyCommand } from "./verify";
import { workbenchCommand } from "./workbench";

/** Every command, in the order `yiyang --help` lists them. */
export const COMMANDS: Command[] = [
  assessCommand,
  verifyCommand,
  eligibilityCommand,
  indicatorsCommand,
  sqlCommand,
  validateCommand,
  testCommand,
  impactCommand,
  exportCommand,
  schemaCommand,
  fingerprintCommand,
  workbenchCommand,
  fhirCommand,
];
