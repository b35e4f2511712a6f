/** Where the manifest and the page live. */
export declare const MANIFEST_PATH: string;
export declare const REFERENCE_PATH: string;
/** docs/reference.md for a custom elements manifest. */
export declare function renderReference(manifest: unknown): string;
