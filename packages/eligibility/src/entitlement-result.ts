import type { LocalizedText } from "@yiyang/core";
import { formatBasisPoints, formatYuan } from "./money";
import { ENTITLEMENT_KINDS, type EntitlementItem, type EntitlementKind, type ShareRounding } from "./service-catalog-schema";

/**
 * One entitlement a person gets from an eligible package. Every entitlement has the same fields, so
 * results are easy to store and compare.
 */
export interface EntitlementResult {
  /** The entitlement's id in the catalog. */
  readonly id: string;
  /** What kind of value it is (visits a week, fen a month, basis points …). */
  readonly kind: EntitlementKind;
  /** What it is, in Chinese and English. */
  readonly label: LocalizedText;
  /**
   * The value: a count for count kinds, whole fen for `amountPerMonth` and `capPerBedDay`, basis
   * points for `fundShare` (9000 is 90%), the items for `items`.
   */
  readonly value: number | readonly EntitlementItem[];
  /** Money kinds: the amount in yuan with two decimals (`"450.00"`); otherwise `null`. */
  readonly yuan: string | null;
  /** `fundShare`: how a share of an amount is rounded to whole fen; otherwise `null`. */
  readonly rounding: ShareRounding | null;
  /** The value in words, e.g. `{ zh: "每月450.00元", en: "¥450.00 a month" }`. */
  readonly text: LocalizedText;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Build the (frozen, shareable) result of an entitlement for a value already checked against its kind.
 * @internal
 */
export function toEntitlementResult(
  id: string,
  kind: EntitlementKind,
  label: LocalizedText,
  value: number | readonly EntitlementItem[],
  rounding: ShareRounding | null,
): EntitlementResult {
  let yuan: string | null = null;
  let zh: string;
  let en: string;
  if (ENTITLEMENT_KINDS[kind].unit === "items") {
    const items = value as readonly EntitlementItem[];
    zh = items.map((item) => item.name.zh).join("、");
    en = items.map((item) => item.name.en).join(", ");
  } else {
    const n = value as number;
    switch (kind) {
      case "visitsPerWeek":
        zh = `每周${n}次`;
        en = `${plural(n, "visit", "visits")} a week`;
        break;
      case "visitsPerMonth":
        zh = `每月${n}次`;
        en = `${plural(n, "visit", "visits")} a month`;
        break;
      case "visitsPerYear":
        zh = `每年${n}次`;
        en = `${plural(n, "time", "times")} a year`;
        break;
      case "minutesPerVisit":
        zh = `每次${n}分钟`;
        en = `${plural(n, "minute", "minutes")} a visit`;
        break;
      case "hoursPerMonth":
        zh = `每月${n}小时`;
        en = `${plural(n, "hour", "hours")} a month`;
        break;
      case "daysPerYear":
        zh = `每年${n}天`;
        en = `${plural(n, "day", "days")} a year`;
        break;
      case "itemCount":
        zh = `${n}项`;
        en = plural(n, "item", "items");
        break;
      case "amountPerMonth":
        yuan = formatYuan(n);
        zh = `每月${yuan}元`;
        en = `¥${yuan} a month`;
        break;
      case "capPerBedDay":
        yuan = formatYuan(n);
        zh = `每床日最高${yuan}元`;
        en = `up to ¥${yuan} a bed-day`;
        break;
      case "fundShare": {
        const percent = formatBasisPoints(n);
        zh = `基金支付${percent}`;
        en = `the fund pays ${percent}`;
        break;
      }
      default:
        zh = String(n);
        en = String(n);
    }
  }
  const items = Array.isArray(value) ? Object.freeze(value.map((item: EntitlementItem) => Object.freeze({ id: item.id, name: Object.freeze({ zh: item.name.zh, en: item.name.en }) }))) : value;
  return Object.freeze({ id, kind, label, value: items, yuan, rounding, text: Object.freeze({ zh, en }) });
}
