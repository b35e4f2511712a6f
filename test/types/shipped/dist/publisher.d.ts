// Types of the built file for the type check of the tests that import it (tsconfig.test.json rootDirs):
// the build is its sources.
export * from '../../../../src/publisher/index.js';
