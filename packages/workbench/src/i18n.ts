/** The page's words in Chinese (first) and English, and the language in force. */

export type Lang = "zh" | "en";

const MESSAGES = {
  appTitle: ["颐养规则工作台", "Yiyang rule workbench"],
  appTagline: ["修改、校验、测试并评估规则变更；所有数据只在本机浏览器中处理。", "Edit, check, test and weigh a rule change; everything stays in this browser."],
  switchLanguage: ["English", "中文"],
  switchLanguageLabel: ["Switch to English", "切换到中文"],
  openBundled: ["打开内置文档", "Open a bundled document"],
  openFile: ["打开本地文件…", "Open a local file…"],
  kindInstrument: ["评估工具", "Instrument"],
  "kindService-catalog": ["服务目录", "Service catalog"],
  "kindCare-grade-mapping": ["照护等级对照", "Care-grade mapping"],
  "kindIndicator-catalog": ["指标目录", "Indicator catalog"],
  editorLabel: ["规则文档（JSON）编辑器", "Rule document (JSON) editor"],
  editorHint: ["Ctrl-Space 补全；Ctrl-F 搜索；Tab 离开编辑器。", "Ctrl-Space completes; Ctrl-F searches; Tab leaves the editor."],
  statusHeading: ["文档", "Document"],
  kind: ["类型", "Kind"],
  id: ["标识", "Id"],
  version: ["版本", "Version"],
  effective: ["生效日期", "In force"],
  effectiveOpen: ["起，无截止", "onwards"],
  fingerprint: ["内容指纹", "Fingerprint"],
  publishedFingerprint: ["发布版本指纹", "Published fingerprint"],
  unchanged: ["与发布版本相同", "same as published"],
  noFingerprint: ["（文档无效，无指纹）", "(invalid document: no fingerprint)"],
  issuesHeading: ["问题", "Issues"],
  noIssues: ["没有问题：与 yiyang validate 的结果一致。", "No issues: the same as yiyang validate reports."],
  errorsWarnings: ["{errors} 个错误，{warnings} 个警告", "{errors} error(s), {warnings} warning(s)"],
  warning: ["警告", "warning"],
  testsHeading: ["测试用例", "Test cases"],
  testsSummary: ["{passed} 通过，{failed} 失败", "{passed} passed, {failed} failed"],
  testsNotRun: ["文档无效，测试未运行。", "The document is invalid: tests not run."],
  passed: ["通过", "pass"],
  failed: ["失败", "FAIL"],
  diffHeading: ["与发布版本的差异", "Changes from the published version"],
  diffNone: ["没有改动。", "No changes."],
  diffInvalid: ["文本不是有效的 JSON，无法比较。", "The text is not valid JSON: nothing to compare."],
  added: ["新增", "added"],
  removed: ["删除", "removed"],
  changed: ["修改", "changed"],
  impactHeading: ["影响评估", "Impact"],
  impactDrop: ["把样本记录文件（JSONL、JSON 或 CSV）拖到这里，或", "Drop a sample records file (JSONL, JSON or CSV) here, or"],
  impactChoose: ["选择文件…", "choose a file…"],
  impactPrivacy: ["记录只在本机处理，不会上传。", "Records are processed on this machine only and never sent anywhere."],
  impactNeedsValid: ["修改后的文档有错误，影响无法计算。", "The edited document has errors: no impact can be computed."],
  impactNotSupported: ["此类文档没有影响评估。", "Impact is not available for this kind of document."],
  impactFile: ["样本：{name}（{count} 行）", "Sample: {name} ({count} lines)"],
  asOf: ["判断日期", "Decide on"],
  periodFrom: ["统计期起", "Period from"],
  periodTo: ["统计期止", "Period to"],
  matrixCaption: ["调整前后等级对照（行：调整前，列：调整后）", "Level before × level after (rows: before, columns: after)"],
  beforeAfter: ["调整前 \\ 调整后", "before \\ after"],
  levelSummary: ["共 {records} 条记录：{moved} 条等级改变，{kept} 条不变，{invalid} 条无效（未计分）。", "{records} records: {moved} change level, {kept} keep it, {invalid} invalid (not scored)."],
  movedHeading: ["等级改变的记录", "Records that change level"],
  movedNone: ["没有记录改变等级。", "No record changes level."],
  record: ["记录", "Record"],
  line: ["行", "Line"],
  before: ["调整前", "Before"],
  after: ["调整后", "After"],
  level: ["等级", "level"],
  total: ["总分", "total"],
  explain: ["说明原因", "Explain"],
  explainHeading: ["记录 {id}（第 {line} 行）为什么改变", "Why record {id} (line {line}) changes"],
  close: ["关闭", "Close"],
  packagesCaption: ["各服务包的获得与失去", "Who gains or loses each package"],
  package: ["服务包", "Package"],
  gain: ["新增", "Gain"],
  lose: ["失去", "Lose"],
  packageSummary: ["{asOf} 共 {profiles} 份档案：{changed} 份有变化，{invalid} 份无效（未判断）。", "{profiles} profiles on {asOf}: {changed} change, {invalid} invalid (not checked)."],
  changedHeading: ["有变化的档案", "Profiles that change"],
  changedNone: ["没有档案发生变化。", "No profile changes."],
  gained: ["获得", "gains"],
  lost: ["失去", "loses"],
  eligibleNow: ["符合", "eligible"],
  notEligible: ["不符合", "not eligible"],
  ratesCaption: ["各项指标调整前后", "Each rate before and after"],
  indicator: ["指标", "Indicator"],
  target: ["目标", "Target"],
  met: ["达标", "met"],
  notMet: ["未达标", "not met"],
  ratesSummary: ["共 {read} 条记录，{invalid} 条未计入。", "{read} records, {invalid} refused."],
  invalidLines: ["无效的行", "Lines not used"],
  saveHeading: ["保存", "Save"],
  bump: ["版本号提升", "Raise the version"],
  bumpMajor: ["主版本（不兼容的修改）", "major (incompatible change)"],
  bumpMinor: ["次版本（新增或调整规则）", "minor (rules added or changed)"],
  bumpPatch: ["修订号（更正，不影响结果）", "patch (a correction that changes no result)"],
  saveAs: ["新版本 {version}，指纹", "New version {version}, fingerprint"],
  download: ["下载 {file}", "Download {file}"],
  saveInvalid: ["文档有错误，不能保存。", "The document has errors and cannot be saved."],
  saveOwnVersion: ["版本号不是 x.y.z 形式，无法提升。", "The version is not x.y.z and cannot be raised."],
  openFailed: ["无法打开 {name}：{reason}", "Could not open {name}: {reason}"],
  opened: ["已打开 {name}", "Opened {name}"],
  saved: ["已下载 {file}", "Downloaded {file}"],
  loading: ["正在计算…", "Computing…"],
} as const satisfies Record<string, readonly [string, string]>;

export type MessageKey = keyof typeof MESSAGES;

let current: Lang = "zh";
const listeners: Array<() => void> = [];

/** The language in force. */
export function lang(): Lang {
  return current;
}

/** Set the language, and tell everything that renders words. */
export function setLang(next: Lang): void {
  current = next;
  for (const listener of listeners) listener();
}

/** Call back when the language changes. */
export function onLangChange(listener: () => void): void {
  listeners.push(listener);
}

/** A message in the language in force, with `{name}` placeholders filled. */
export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  const [zh, en] = MESSAGES[key];
  const text: string = current === "zh" ? zh : en;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Pick the language's side of a bilingual text or message pair. */
export function pick(text: { zh: string; en: string }): string {
  return current === "zh" ? text.zh : text.en;
}

/** An issue's message in the language in force. */
export function issueMessage(issue: { message: string; messageZh: string }): string {
  return current === "zh" ? issue.messageZh : issue.message;
}
