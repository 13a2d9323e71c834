import type { Command } from "../command";
import { fingerprintCommand } from "./fingerprint";

/** Every command, in the order `yiyang --help` lists them. */
export const COMMANDS: Command[] = [fingerprintCommand];
