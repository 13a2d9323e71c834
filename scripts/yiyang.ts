// The command line from source, with no build: `npx -y pnpm@10 -s yiyang <command> …` anywhere in this
// repository. pnpm runs scripts in the root; paths on the command line are relative to where it was typed.
import { main } from "@yiyang/cli";

if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
void main();
