// The Mocha globals that @web/test-runner gives the browser and end-to-end tests, as far as they use them
// (the project has no @types/mocha). Only what the tests call: a test that needs more adds it here.
interface MochaContext {
  /** This test's (or suite's) time limit in ms. */
  timeout(ms: number): this;
}
type MochaDone = (error?: unknown) => void;
type MochaTest = (this: MochaContext, done: MochaDone) => void | PromiseLike<unknown>;
declare function describe(title: string, fn: (this: MochaContext) => void): void;
declare function it(title: string, fn: MochaTest): void;
declare function before(fn: MochaTest): void;
declare function after(fn: MochaTest): void;
declare function beforeEach(fn: MochaTest): void;
declare function afterEach(fn: MochaTest): void;
