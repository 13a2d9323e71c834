// CI, after the build: bundle the page script from the packages' dist, as an npm user's bundler
// would, print its size and fail on any problem (`npx -y pnpm@10 run check:bundle`).
import { careGradeMappings, INSTRUMENT_DOCUMENTS, indicatorCatalogs, recordMappings, serviceCatalogs } from "@yiyang/standards";
import { bundleAssessOneRecord, bundleProblems, describeSize, GZIP_BUDGET } from "./bundle-assess-one-record";

const documents = [...INSTRUMENT_DOCUMENTS, ...serviceCatalogs, ...careGradeMappings, ...indicatorCatalogs, ...recordMappings];
const bundle = await bundleAssessOneRecord("dist");
console.log(`page script that assesses one GB/T 42195-2022 record, from dist: ${describeSize(bundle)} (budget ${(GZIP_BUDGET / 1024).toFixed(0)} KB gzip)`);
const problems = bundleProblems(bundle, documents);
for (const problem of problems) console.error(`  problem: ${problem}`);
process.exitCode = problems.length > 0 ? 1 : 0;
