import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { JSON_SCHEMA_PATH, renderTopologyJsonSchema, topologyJsonSchema } from '../../../harness/topology/json-schema.js';

describe('topology: JSON Schema', () => {
  it('committed topologies/topology.schema.json matches the zod schema', () => {
    const committed = readFileSync(JSON_SCHEMA_PATH, 'utf8');
    if (committed !== renderTopologyJsonSchema()) {
      expect.fail(`${JSON_SCHEMA_PATH} is out of date with harness/topology/schema.ts: run npm run schema`);
    }
  });

  it('has a title, a description and strict objects', () => {
    const schema = topologyJsonSchema();
    expect(schema['title']).to.equal('hatcp topology');
    expect(schema['description']).to.be.a('string');
    expect(schema['additionalProperties']).to.equal(false);
    expect(schema['required']).to.deep.equal(['name', 'networks', 'nodes']);
  });

  it('is referenced by the topology files', () => {
    for (const file of ['topologies/ha-lan.yaml', 'topologies/ha-lan-plain.yaml']) {
      expect(readFileSync(file, 'utf8').split('\n')[0]).to.equal('# yaml-language-server: $schema=./topology.schema.json');
    }
  });
});
