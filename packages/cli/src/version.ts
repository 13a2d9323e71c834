/** The CLI's version, shown by `yiyang --version`. */
export const VERSION = "0.0.0";
