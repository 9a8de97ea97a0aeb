import { readFileSync, readdirSync } from 'node:fs';
import { expect } from 'chai';
import { SCENARIO_JSON_SCHEMA_PATH, renderScenarioJsonSchema, scenarioJsonSchema } from '../../../harness/scenario/json-schema.js';

describe('scenario: JSON Schema', () => {
  it('committed scenarios/scenario.schema.json matches the zod schema', () => {
    const committed = readFileSync(SCENARIO_JSON_SCHEMA_PATH, 'utf8');
    if (committed !== renderScenarioJsonSchema()) {
      expect.fail(`${SCENARIO_JSON_SCHEMA_PATH} is out of date with harness/scenario/schema.ts: run npm run schema`);
    }
  });

  it('has a title, a description and strict objects', () => {
    const schema = scenarioJsonSchema();
    expect(schema['title']).to.equal('hatcp scenario');
    expect(schema['description']).to.be.a('string');
    expect(schema['additionalProperties']).to.equal(false);
    expect(schema['required']).to.deep.equal(['name', 'topology', 'service', 'agent', 'traffic']);
  });

  it('is referenced by every shipped scenario', () => {
    for (const file of readdirSync('scenarios').filter((name) => name.endsWith('.yaml'))) {
      expect(readFileSync(`scenarios/${file}`, 'utf8').split('\n')[0], file).to.equal('# yaml-language-server: $schema=./scenario.schema.json');
    }
  });
});
