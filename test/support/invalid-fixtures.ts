import { readdirSync } from 'node:fs';
import { expect } from 'chai';
import { ConfigError } from '../../harness/errors/hatcp-error.js';

/** Expected message lines of each invalid fixture, given the path it was loaded from. */
export type ExpectedErrors = Record<string, (file: string) => string[]>;

/** Loads a file that must fail and returns its ConfigError. */
export async function configErrorOf(load: (path: string) => Promise<unknown>, path: string): Promise<ConfigError> {
  try {
    await load(path);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`${path} loaded without error`);
}

/** One test per fixture of `dir`, asserting its exact message and exit code 2, and one that every fixture has an expectation. */
export function itReportsEachFixtureExactly(dir: string, expected: ExpectedErrors, load: (path: string) => Promise<unknown>): void {
  it('has an expected message for every fixture in the directory', () => {
    const files = readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort();
    expect(files).to.deep.equal(Object.keys(expected).sort());
  });

  for (const [name, lines] of Object.entries(expected)) {
    it(`reports ${name} exactly`, async () => {
      const path = `${dir}/${name}`;
      const error = await configErrorOf(load, path);
      expect(error.message).to.equal(lines(path).join('\n'));
      expect(error.exitCode).to.equal(2);
    });
  }
}
