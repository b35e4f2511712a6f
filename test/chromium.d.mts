/** Debian's Chromium (or $CHROMIUM_BIN). */
export declare const CHROMIUM: string;
/** The flags tests and scripts start it with. */
export declare const CHROMIUM_ARGS: string[];
