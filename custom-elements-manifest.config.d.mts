/** The manifest plugin (custom-elements-manifest.config.mjs), for test/node/manifest.test.ts. */
export declare function publicSurface(options: { entries: Record<string, { path: string; defines: boolean }> }): {
  name: string;
  packageLinkPhase(context: { customElementsManifest: unknown }): void;
};
export declare function parseTag(text: string): { name: string; type?: string; default?: string; description?: string } | undefined;
declare const config: Record<string, unknown>;
export default config;
