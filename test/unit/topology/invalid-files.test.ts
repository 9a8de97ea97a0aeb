import { expect } from 'chai';
import { configErrorOf, itReportsEachFixtureExactly, type ExpectedErrors } from '../../support/invalid-fixtures.js';
import { loadTopology } from '../../../harness/topology/load.js';

/** Fixture directory, relative to the repository root (mocha runs from there). */
const DIR = 'test/fixtures/topologies/invalid';

/** The exact error text each invalid fixture produces; `F` is the path the file was loaded by. */
const EXPECTED: ExpectedErrors = {
  'ambiguous-network.yaml': (F) => [
    `${F}:10:9 nodes.client.ip: 10.77.0.10 needs a network: this file has several (lan, mgmt)`,
    `  fix: add network: lan (or another of lan, mgmt) next to ip`,
  ],
  'bad-cpus.yaml': (F) => [
    `${F}:9:11 nodes.client.cpus: "0;1" is not a list of CPUs`,
    `  fix: write CPU numbers and ranges separated by commas, e.g. cpus: "1" or cpus: "0-1,3"`,
    `${F}:13:11 nodes.witness.cpus: the range "3-1" goes down`,
    `  fix: write it low to high: "1-3"`,
  ],
  'bad-gateway.yaml': (F) => [
    `${F}:5:14 networks.lan.gateway: 10.78.0.1 is outside the subnet 10.77.0.0/24`,
    `  fix: use an address in 10.77.0.1–10.77.0.254, or leave gateway out to use 10.77.0.1`,
  ],
  'bad-ip.yaml': (F) => [
    `${F}:8:9 nodes.client.ip: "10.77.0.300" is not an IPv4 address`,
    `  fix: write four numbers 0–255 separated by dots, e.g. ip: 10.77.0.10`,
    `${F}:11:9 nodes.primary.ip: "10.77.0.11/24" has a prefix length; ip takes a plain address`,
    `  fix: write 10.77.0.11 (the prefix comes from the network's subnet)`,
  ],
  'bad-loss.yaml': (F) => [
    `${F}:9:21 nodes.client.impair.loss: loss 150% is out of range: it must be more than 0% and at most 100%`,
    `  fix: use at most 100%`,
    `${F}:13:21 nodes.primary.impair.loss: loss 0% is out of range: it must be more than 0% and at most 100%`,
    `  fix: remove loss for a link without loss`,
  ],
  'monitor-not-on-network.yaml': (F) => [
    `${F}:5:14 networks.lan.monitor: witnes is not a node on network lan`,
    `  fix: name one of client, witness`,
    `${F}:9:14 networks.mgmt.monitor: network mgmt is both a hub and has a monitor port: a hub already floods every frame to every node`,
    `  fix: keep one: monitor (the witness alone gets the copies) or hub: true`,
  ],
  'bad-name.yaml': (F) => [
    `${F}:1:7 name: "HA_Lan" is not a valid topology name`,
    `  fix: use lowercase letters, digits and "-", starting with a letter, at most 24 characters, e.g. ha-lan`,
    `${F}:3:3 networks.Lan: "Lan" is not a valid network name`,
    `  fix: use lowercase letters, digits and "-", starting with a letter, at most 15 characters, e.g. lan`,
    `${F}:6:3 nodes.client-with-a-long-name: "client-with-a-long-name" is too long for a node name (23 characters, at most 15)`,
    `  fix: shorten it, e.g. client-with-a-l`,
  ],
  'bad-rate-unit.yaml': (F) => [
    `${F}:10:13 nodes.client.impair.rate: "10mb" is not a rate: use a number with bit, kbit, mbit, gbit (bits/s) or bps, kbps, mbps, gbps (bytes/s), or a plain number of bits/s`,
    `  fix: write e.g. rate: 10mbit`,
    `${F}:11:14 nodes.client.impair.delay: "20 msec" is not a duration: use us, ms or s (e.g. 500us, 20ms, 1s) or a plain number of milliseconds`,
    `  fix: write e.g. delay: 20ms`,
  ],
  'bad-role.yaml': (F) => [
    `${F}:7:11 nodes.client.role: "boss" is not a valid role`,
    `  fix: use one of: client, primary, standby, witness, other`,
  ],
  'duplicate-ip.yaml': (F) => [
    `${F}:14:9 nodes.standby.ip: 10.77.0.11 is already used by nodes.primary.ip`,
    `  fix: give each node its own address, e.g. 10.77.0.12`,
  ],
  'duplicate-key.yaml': (F) => [
    `${F}:9:5 YAML syntax error: Map keys must be unique`,
    `  fix: each key may appear once in a mapping; remove or rename one of them`,
  ],
  'empty.yaml': (F) => [
    `${F}:1:1 the file is empty`,
    `  fix: a topology needs name, networks and nodes; see topologies/ha-lan.yaml`,
  ],
  'extra-address-conflict.yaml': (F) => [
    `${F}:9:17 nodes.primary.addresses.0: 10.77.0.12/24 uses the address of nodes.standby.ip`,
    `  fix: pick an address no node or gateway uses, e.g. 10.77.0.101/24`,
    `${F}:9:32 nodes.primary.addresses.1: 10.77.0.1/24 uses the gateway address of network lan`,
    `  fix: pick an address no node or gateway uses, e.g. 10.77.0.101/24`,
  ],
  'gateway-ip.yaml': (F) => [
    `${F}:8:9 nodes.client.ip: 10.77.0.1 is the gateway of lan (the host side of the bridge)`,
    `  fix: pick an address in 10.77.0.2–10.77.0.254`,
  ],
  'ip-and-links.yaml': (F) => [
    `${F}:9:5 nodes.witness.links: cannot be used together with ip`,
    `  fix: use ip (with network and impair) for one link, or links for several, not both`,
  ],
  'ip-outside-subnet.yaml': (F) => [
    `${F}:14:9 nodes.standby.ip: 10.0.1.5 is outside network lan (10.0.0.0/24)`,
    `  fix: pick an address in 10.0.0.2–10.0.0.254`,
  ],
  'jitter-without-delay.yaml': (F) => [
    `${F}:9:37 nodes.client.impair.jitter: jitter 5ms needs a delay`,
    `  fix: add a delay next to it (e.g. delay: 20ms), or remove jitter`,
  ],
  'many-errors.yaml': (F) => [
    `${F}:5:5 networks.lan.colour: unknown key "colour"`,
    `  fix: allowed keys here: subnet, gateway, hub, monitor`,
    `${F}:10:21 nodes.client.impair.rate: "fast" is not a rate: use a number with bit, kbit, mbit, gbit (bits/s) or bps, kbps, mbps, gbps (bytes/s), or a plain number of bits/s`,
    `  fix: write e.g. rate: 10mbit`,
    `${F}:10:44 nodes.client.impair.delay: delay -5 must be 0 or more milliseconds`,
    `  fix: write e.g. delay: 20ms`,
    `${F}:12:11 nodes.primary.role: "leader" is not a valid role`,
    `  fix: use one of: client, primary, standby, witness, other`,
    `${F}:14:3 nodes.standby: has no address`,
    `  fix: add ip: 10.77.0.10 for one link, or links: [{ network: lan, ip: 10.77.0.10 }]`,
    `${F}:16:17 nodes.standby.addresses.0: "10.77.0.100" has no prefix length`,
    `  fix: write it in CIDR form, e.g. 10.77.0.100/24`,
  ],
  'missing-role.yaml': (F) => [
    `${F}:6:3 nodes.client.role: is required`,
    `  fix: add role: one of client, primary, standby, witness, other`,
  ],
  'no-address.yaml': (F) => [
    `${F}:6:3 nodes.client: has no address`,
    `  fix: add ip: 10.77.0.10 for one link, or links: [{ network: lan, ip: 10.77.0.10 }]`,
  ],
  'overlapping-subnets.yaml': (F) => [
    `${F}:6:13 networks.wide.subnet: 10.77.0.0/16 overlaps network lan (10.77.0.0/24)`,
    `  fix: give each network its own address range, e.g. 10.78.0.0/16`,
  ],
  'reserved-ip.yaml': (F) => [
    `${F}:9:9 nodes.client.ip: 10.77.0.0 is the network address of lan (10.77.0.0/24)`,
    `  fix: pick an address in 10.77.0.1–10.77.0.253`,
    `${F}:12:9 nodes.primary.ip: 10.77.0.255 is the broadcast address of lan (10.77.0.0/24)`,
    `  fix: pick an address in 10.77.0.1–10.77.0.253`,
  ],
  'subnet-host-bits.yaml': (F) => [
    `${F}:4:13 networks.lan.subnet: 10.77.0.5/24 is not a network address (host bits are set)`,
    `  fix: write 10.77.0.0/24`,
    `${F}:6:13 networks.tiny.subnet: 10.78.0.0/30 is too small: a network's prefix must be between /8 and /29`,
    `  fix: use e.g. a /24 such as 10.77.0.0/24`,
  ],
  'unknown-key.yaml': (F) => [
    `${F}:3:3 networks.lan.subnet: is required`,
    `  fix: add subnet: 10.77.0.0/24`,
    `${F}:4:5 networks.lan.subnett: unknown key "subnett"`,
    `  fix: did you mean subnet?`,
    `${F}:9:5 nodes.client.rate: unknown key "rate"`,
    `  fix: put it under impair, e.g. impair: { rate: … }`,
  ],
  'unknown-network.yaml': (F) => [
    `${F}:9:14 nodes.client.network: wan is not a network of this topology (it has lan)`,
    `  fix: use lan, or define wan under networks`,
    `${F}:14:20 nodes.witness.links.1.network: mgmt is not a network of this topology (it has lan)`,
    `  fix: use lan, or define mgmt under networks`,
  ],
  'wrong-type.yaml': (F) => [
    `${F}:5:10 networks.lan.hub: expected true or false, got "yes"`,
    `  fix: write it like hub: true`,
    `${F}:9:9 nodes.client.ip: expected an IPv4 address, got 10.77`,
    `  fix: write it like ip: 10.77.0.10`,
    `${F}:10:12 nodes.client.env.DEBUG: expected a string, number or boolean, got nothing`,
    `  fix: write it like DEBUG: value`,
  ],
  'yaml-syntax.yaml': (F) => [
    `${F}:4:1 YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }`,
    `  fix: indent nested entries with spaces, the same amount at each level, and close every { and [`,
  ],
};

describe('topology: invalid files', () => {
  itReportsEachFixtureExactly(DIR, EXPECTED, loadTopology);

  it('keeps every issue structured: location, dotted field, message, hint', async () => {
    const error = await configErrorOf(loadTopology, `${DIR}/many-errors.yaml`);
    expect(error.issues).to.have.length(6);
    expect(error.issues[3]).to.deep.equal({
      location: { file: `${DIR}/many-errors.yaml`, line: 12, column: 11 },
      field: 'nodes.primary.role',
      message: '"leader" is not a valid role',
      hint: 'use one of: client, primary, standby, witness, other',
    });
  });
});
