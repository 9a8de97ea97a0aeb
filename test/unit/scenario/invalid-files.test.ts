import { expect } from 'chai';
import { configErrorOf, itReportsEachFixtureExactly, type ExpectedErrors } from '../../support/invalid-fixtures.js';
import { ConfigError } from '../../../harness/errors/hatcp-error.js';
import { loadScenario } from '../../../harness/scenario/load.js';

/** Fixture directory, relative to the repository root (mocha runs from there). */
const DIR = 'test/fixtures/scenarios/invalid';
/** Topology files the fixtures name, for errors reported in them. */
const T = 'test/fixtures/scenarios/topologies';

/** The exact error text each invalid fixture produces; `F` is the path the file was loaded by. */
const EXPECTED: ExpectedErrors = {
  'agent-kill-none.yaml': (F) => [
    `${F}:11:13 faults.0.action: no agent process runs with agent: none`,
    `  fix: use an agent (e.g. agent: { kind: keepalived }), or another action such as crash`,
  ],
  'bad-kinds.yaml': (F) => [
    `${F}:3:47 service.app: "http" is not a valid app`,
    `  fix: use one of: echo, kv, stamp, exec`,
    `${F}:4:16 agent.kind: "vrrp" is not a valid kind`,
    `  fix: use one of: none, keepalived, hatcp`,
    `${F}:6:11 traffic.0.kind: "udp" is not a valid kind`,
    `  fix: use one of: stream, rpc, bulk, kv, lines`,
    `${F}:8:5 traffic.1.kind: is required`,
    `  fix: add kind: one of stream, rpc, bulk, kv, lines`,
    `${F}:12:13 faults.0.action: "explode" is not a valid action`,
    `  fix: use one of: crash, restart, pause, resume, partition, heal, agent-kill, impair`,
    `${F}:17:16 faults.1.direction: "sideways" is not a valid direction`,
    `  fix: use one of: both, in, out`,
  ],
  'bad-values.yaml': (F) => [
    `${F}:1:7 name: "Bad_Values" is not a valid scenario name`,
    `  fix: use lowercase letters, digits and "-", starting with a letter, at most 24 characters, e.g. bad-values`,
    `${F}:4:8 service.vip: "10.77.0.100/24" has a prefix length; vip takes a plain address`,
    `  fix: write 10.77.0.100 (the prefix comes from the network's subnet)`,
    `${F}:5:9 service.port: port 70000 is out of range: it must be from 1 to 65535`,
    `  fix: use at most 65535`,
    `${F}:8:15 agent.advert_int: advert_int 15ms is not a multiple of 10ms (keepalived counts advert_int in centiseconds)`,
    `  fix: use e.g. 20ms`,
    `${F}:9:22 agent.virtual_router_id: virtual_router_id 0 is out of range: it must be from 1 to 255`,
    `  fix: use at least 1`,
    `${F}:10:26 agent.priorities.primary: priority 255 is out of range: it must be from 1 to 254`,
    `  fix: use at most 254`,
    `${F}:13:11 traffic.0.rate: rate 0 must be more than 0 messages/s`,
    `  fix: write e.g. rate: 200`,
    `${F}:14:11 traffic.0.size: size 8 is out of range: it must be from 16 to 65536`,
    `  fix: use at least 16`,
    `${F}:15:15 traffic.0.duration: "3 sec" is not a duration: use us, ms or s (e.g. 500us, 20ms, 1s) or a plain number of milliseconds`,
    `  fix: write e.g. duration: 10s`,
    `${F}:17:11 traffic.1.rate: rate -1 must be 0 (closed loop) or more requests/s`,
    `  fix: write e.g. rate: 100, or 0 for as fast as possible`,
    `${F}:18:18 traffic.1.concurrency: expected a whole number from 1 to 1024, got 1.5`,
    `  fix: write it like concurrency: 4`,
    `${F}:19:15 traffic.1.duration: duration must be more than 0`,
    `  fix: write e.g. duration: 10s`,
    `${F}:21:12 traffic.2.bytes: "64MB" is not a byte count: use B, KiB, MiB or GiB (e.g. 512B, 64KiB, 1GiB) or a plain number of bytes`,
    `  fix: write e.g. bytes: 64MiB`,
    `${F}:22:20 traffic.2.stall_timeout: stall_timeout must be more than 0`,
    `  fix: write e.g. stall_timeout: 2s`,
    `${F}:23:9 repeat: repeat 0 is out of range: it must be from 1 to 1000`,
    `  fix: use at least 1`,
    `${F}:24:8 drain: drain -1 must be 0 or more milliseconds`,
    `  fix: write e.g. drain: 1s`,
    `${F}:25:10 capture: "all" is not a valid capture`,
    `  fix: use one of: links, bridges`,
    `${F}:26:21 rerun_inconclusive: expected a whole number from 0 to 1000, got 2.5`,
    `  fix: write it like rerun_inconclusive: 2`,
  ],
  'empty.yaml': (F) => [
    `${F}:1:1 the file is empty`,
    `  fix: a scenario needs name, topology, service, agent and traffic; see scenarios/crash-keepalived.yaml`,
  ],
  'expect-without-faults.yaml': (F) => [
    `${F}:11:14 expect.max_stall: cannot be checked: it is measured around faults, and the scenario has none`,
    `  fix: add a fault under faults:, or remove max_stall`,
    `${F}:12:16 expect.max_recover: cannot be checked: it is measured around faults, and the scenario has none`,
    `  fix: add a fault under faults:, or remove max_recover`,
  ],
  'fault-on-client.yaml': (F) => [
    `${F}:16:24 faults.1.targets.1: client is the observer (it runs the traffic), so crash cannot target it: only partition and impair can`,
    `  fix: target a server node (primary, standby, witness), or use partition or impair on client`,
  ],
  'fault-timing.yaml': (F) => [
    `${F}:14:9 faults.0.at: 10s is not before the traffic ends (stream1 ends at 10s)`,
    `  fix: move the fault before 10s, or make stream1 run longer (e.g. duration: 10s, to end at 12s)`,
    `${F}:17:9 faults.1.at: 1s is before the traffic starts (stream1 starts at 2s)`,
    `  fix: move the fault to 2s or later, or start stream1 earlier (start: 1s)`,
  ],
  'impair-fault.yaml': (F) => [
    `${F}:11:5 faults.0.network: needs a network: primary is on lan, mgmt`,
    `  fix: add network: lan (the link to impair)`,
    `${F}:14:23 faults.0.impair.jitter: jitter 5ms needs a delay`,
    `  fix: add a delay next to it (e.g. delay: 20ms), or remove jitter`,
    `${F}:18:14 faults.1.network: standby has no link on mgmt (it is on lan)`,
    `  fix: use network: lan, or target a node on mgmt`,
    `${F}:19:5 faults.1.impair: sets no impairment`,
    `  fix: give rate, loss, delay or jitter, e.g. impair: { loss: 1% }`,
  ],
  'inline-topology-rules.yaml': (F) => [
    `${F}:8:35 topology.nodes.primary.ip: 10.94.1.11 is outside network lan (10.94.0.0/24)`,
    `  fix: pick an address in 10.94.0.2–10.94.0.254`,
    `${F}:12:31 topology.nodes.standby.links.0.ip: 10.94.0.10 is already used by topology.nodes.client.ip`,
    `  fix: give each node its own address, e.g. 10.94.0.11`,
  ],
  'inline-topology-schema.yaml': (F) => [
    `${F}:9:47 topology.nodes.standby.colour: unknown key "colour"`,
    `  fix: allowed keys here: role, ip, network, impair, links, addresses, image, env, cpu_weight, cpus`,
  ],
  'hatcp-agent.yaml': (F) => [
    `${F}:6:13 agent.interval: interval must be more than 0`,
    `  fix: write e.g. interval: 50ms`,
    `${F}:7:11 agent.misses: misses 1 is out of range: it must be from 2 to 100`,
    `  fix: use at least 2`,
    `${F}:8:19 agent.witness_policy: "yolo" is not a valid witness_policy`,
    `  fix: use one of: safety, availability`,
    `${F}:9:8 agent.key: a cluster key must be 32 to 128 lowercase hex digits (16 to 64 bytes); this one is 7 characters, not all hex`,
    `  fix: generate one with: openssl rand -hex 32, or leave key out for a random one per run`,
  ],
  'keepalived-roles.yaml': (F) => [
    `${F}:12:9 agent.kind: keepalived needs a primary and a standby: topology no-standby has no standby`,
    `  fix: give a node of the topology role: standby, or use kind: none`,
    `${F}:13:40 agent.priorities.witness: witness has role witness and does not run keepalived: only the primary and standby nodes do`,
    `  fix: remove witness from priorities`,
  ],
  'missing-fields.yaml': (F) => [
    `${F}:1:1 service: is required`,
    `  fix: add service: { vip: 10.77.0.100, port: 7000 }`,
    `${F}:1:1 agent: is required`,
    `  fix: add agent: { kind: keepalived }`,
    `${F}:4:5 traffic.0.duration: is required`,
    `  fix: add duration: 10s`,
    `${F}:7:5 faults.0.at: is required`,
    `  fix: add at: 3s`,
    `${F}:7:5 faults.0: has no target`,
    `  fix: add target: primary (a node name), or targets: [primary, standby]`,
    `${F}:11:5 faults.1.targets: cannot be used together with target`,
    `  fix: use target: for one node or targets: [a, b] for several, not both`,
    `${F}:14:5 faults.2.targets: is empty`,
    `  fix: list at least one node, e.g. targets: [primary]`,
  ],
  'node-state.yaml': (F) => [
    `${F}:13:13 faults.0.target: primary is not crashed at 2s, so there is nothing to restart`,
    `  fix: add a crash of primary before 2s, or remove this restart`,
    `${F}:20:13 faults.2.target: standby is not paused at 6s, so there is nothing to resume`,
    `  fix: the pause at 3s already ends at 5s (its duration): remove this resume, or remove that duration`,
    `${F}:26:24 faults.4.targets.1: witness is not partitioned at 8s, so there is nothing to heal`,
    `  fix: add a partition of witness before 8s, or remove this heal`,
    `${F}:35:13 faults.7.target: witness is not crashed at 11s, so there is nothing to restart`,
    `  fix: add a crash of witness before 11s, or remove this restart`,
  ],
  'partition-peers.yaml': (F) => [
    `${F}:13:13 faults.0.peers.0: standby is a target of this partition and cannot also be its peer`,
    `  fix: remove standby from peers`,
  ],
  'several-primaries.yaml': (F) => [
    `${F}:2:1 topology: topology two-primaries has several primaries (p1, p2); the service runs on exactly one`,
    `  fix: keep role: primary on one of them and make the others standby`,
    `${F}:11:17 service.vip: p2 (role primary) has no link on lan, where the VIP 10.95.0.100 lives (it is on wan)`,
    `  fix: link p2 to lan, or pick a VIP in a network p2 is on`,
  ],
  'topology-invalid.yaml': (F) => [
    `${F}:3:36 service.port: port 0 is out of range: it must be from 1 to 65535`,
    `  fix: use at least 1`,
    `${T}/broken.yaml:12:5 nodes.primary.colour: unknown key "colour"`,
    `  fix: allowed keys here: role, ip, network, impair, links, addresses, image, env, cpu_weight, cpus`,
  ],
  'topology-missing.yaml': (F) => [
    `${F}:2:11 topology: topology file ${T}/nope.yaml does not exist`,
    `  fix: give the path relative to this file (e.g. ../topologies/ha-lan.yaml for a file in scenarios/), or write the topology inline`,
    `${F}:3:36 service.port: port 70000 is out of range: it must be from 1 to 65535`,
    `  fix: use at most 65535`,
  ],
  'traffic.yaml': (F) => [
    `${F}:6:5 traffic.0.from: topology two-clients has several clients (c1, c2), so the traffic needs a from`,
    `  fix: add from: c1 (or another of c1, c2)`,
    `${F}:10:11 traffic.1.name: stream1 is already the name of traffic.0`,
    `  fix: give each generator its own name, e.g. name: stream1-2`,
    `${F}:13:16 traffic.1.direction: traffic stream1: bulk direction "down" needs a server that sends data of its own; the echo app only returns what the client sends`,
    `  fix: use direction "both" (the client streams through the echo: full speed up and down) or "up"`,
  ],
  'traffic-app.yaml': (F) => [
    `${F}:6:11 traffic.0.kind: traffic kv1 (kind kv) needs service.app: kv, but the service runs echo, which returns each command instead of answering it`,
    `  fix: set service.app: kv, or use traffic of kind stream, rpc, bulk or lines`,
  ],
  'unknown-keys.yaml': (F) => [
    `${F}:3:1 service.port: is required`,
    `  fix: add port: 7000`,
    `${F}:5:3 service.prot: unknown key "prot"`,
    `  fix: allowed keys here: vip, port, app, exec`,
    `${F}:8:3 agent.advert_int: unknown key "advert_int"`,
    `  fix: advert_int applies to agent kind keepalived, not none; remove it`,
    `${F}:13:5 traffic.0.bytes: unknown key "bytes"`,
    `  fix: bytes applies to traffic of kind bulk, not stream; remove it`,
    `${F}:18:5 faults.0.duration: unknown key "duration"`,
    `  fix: duration applies to action pause, partition, impair, not crash; remove it`,
    `${F}:22:15 faults.1.impair.los: unknown key "los"`,
    `  fix: did you mean loss?`,
    `${F}:23:1 repeats: unknown key "repeats"`,
    `  fix: did you mean repeat?`,
  ],
  'unknown-nodes.yaml': (F) => [
    `${F}:6:26 agent.priorities.primray: primray is not a node of topology ha-lan (it has client, primary, standby, witness)`,
    `  fix: use one of client, primary, standby, witness`,
    `${F}:9:11 traffic.0.from: clinet is not a node of topology ha-lan (it has client, primary, standby, witness)`,
    `  fix: use one of client, primary, standby, witness`,
    `${F}:16:22 faults.0.peers.1: ghost is not a node of topology ha-lan (it has client, primary, standby, witness)`,
    `  fix: use one of client, primary, standby, witness`,
    `${F}:19:24 faults.1.targets.1: witnes is not a node of topology ha-lan (it has client, primary, standby, witness)`,
    `  fix: use one of client, primary, standby, witness`,
  ],
  'vip-gateway.yaml': (F) => [
    `${F}:4:8 service.vip: 10.77.0.1 is the gateway of lan (the host side of the bridge)`,
    `  fix: pick an address in 10.77.0.2–10.77.0.254 that no node uses, e.g. 10.77.0.14`,
  ],
  'vip-outside.yaml': (F) => [
    `${F}:4:8 service.vip: 10.99.0.100 is outside every network of topology ha-lan: lan (10.77.0.0/24)`,
    `  fix: pick a free address in lan, e.g. 10.77.0.14`,
  ],
  'vip.yaml': (F) => [
    `${F}:4:8 service.vip: 10.77.0.11 is the address of node primary`,
    `  fix: pick an address in 10.77.0.2–10.77.0.254 that no node uses, e.g. 10.77.0.14`,
  ],
  'wrong-types.yaml': (F) => [
    `${F}:2:11 topology: expected the path of a topology file or a topology mapping, got 42`,
    `  fix: write it like topology: ../topologies/ha-lan.yaml`,
    `${F}:3:36 service.port: expected a whole number from 1 to 65535, got "7000"`,
    `  fix: write it like port: 7000`,
    `${F}:4:8 agent: expected a mapping with kind and its settings, got "keepalived"`,
    `  fix: write it like agent: { kind: keepalived }`,
    `${F}:5:1 traffic: expected a list of traffic generators, got a mapping`,
    `  fix: write it like traffic: [{ kind: stream, rate: 200, duration: 10s }]`,
    `${F}:9:5 faults.0.target: expected the name of a node, got a list`,
    `  fix: write it like target: primary`,
    `${F}:11:15 expect.continuity: expected true or false, got "yes"`,
    `  fix: write it like continuity: true`,
  ],
  'yaml-syntax.yaml': (F) => [
    `${F}:4:1 YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }`,
    `  fix: indent nested entries with spaces, the same amount at each level, and close every { and [`,
  ],
};

describe('scenario: invalid files', () => {
  itReportsEachFixtureExactly(DIR, EXPECTED, loadScenario);

  it('keeps every issue structured: location, dotted field, message, hint', async () => {
    const error = await configErrorOf(loadScenario, `${DIR}/node-state.yaml`);
    expect(error.issues).to.have.length(4);
    expect(error.issues[2]).to.deep.equal({
      location: { file: `${DIR}/node-state.yaml`, line: 26, column: 24 },
      field: 'faults.4.targets.1',
      message: 'witness is not partitioned at 8s, so there is nothing to heal',
      hint: 'add a partition of witness before 8s, or remove this heal',
    });
  });

  it('reports a broken topology file at its own lines, after the scenario\'s issues', async () => {
    const error = await configErrorOf(loadScenario, `${DIR}/topology-invalid.yaml`);
    expect(error.issues.map((issue) => issue.location?.file)).to.deep.equal([`${DIR}/topology-invalid.yaml`, `${T}/broken.yaml`]);
  });

  it('says what to do about a missing scenario file', async () => {
    try {
      await loadScenario('scenarios/nope.yaml');
      expect.fail('loaded a missing file');
    } catch (error) {
      expect(error).not.to.be.instanceOf(ConfigError);
      expect((error as Error).message).to.equal('scenario file scenarios/nope.yaml does not exist');
      expect((error as { hint?: string }).hint).to.equal('pass the path of a scenario YAML file, e.g. scenarios/crash-keepalived.yaml');
    }
  });
});
