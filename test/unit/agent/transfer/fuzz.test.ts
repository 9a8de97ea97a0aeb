import { expect } from 'chai';
import { connect } from 'node:net';
import { fetchCache } from '../../../../agent/transfer/cache-client.js';
import { CacheServer, type SentInfo } from '../../../../agent/transfer/cache-server.js';
import { encodeFrame, FrameReader, MAGIC, seal, type TransferFrame } from '../../../../agent/transfer/frame.js';
import type { CacheEntry } from '../../../../agent/witness/cache-entry.js';
import { KEY, OTHER_KEY } from '../support/messages.js';
import { transferRequest, VIP } from '../support/transfer.js';
import { Prng } from '../support/prng.js';

const SEED = 0x7a11_0c47;
const INPUTS = 3000;
const PARALLEL = 24;

const ENTRIES: CacheEntry[] = [
  { key: 'a', client: { ip: '10.77.0.20', port: 40000 }, server: { ip: VIP, port: 7000 }, phase: 'established', clientIsn: 1, serverIsn: 2, clientBytes: Uint8Array.of(104, 105), finFromClient: false, finFromServer: false },
];

const request = transferRequest;

/** A JSON value that is never a valid request (no value is a 32-hex-digit nonce). */
function junkJson(rng: Prng, depth = 0): unknown {
  const fields = ['clusterId', 'from', 'bootId', 'nonce', 'sentAt', 'lost', 'ips', 'entries', 'reason', 'x'];
  const pool: unknown[] = [null, true, 0, -1, 1.5, 1e300, '', 'lab', 'standby', '00000000000000b2', '10.77.0.100', '💥', 'a'.repeat(300)];
  switch (depth > 2 ? 0 : rng.below(3)) {
    case 0:
      return pool[rng.below(pool.length)];
    case 1:
      return Array.from({ length: rng.below(4) }, () => junkJson(rng, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: rng.below(8) }, () => [fields[rng.below(fields.length)]!, junkJson(rng, depth + 1)]));
  }
}

interface Input {
  bytes: Buffer;
  /** A fresh, valid request leads: the witness may answer with entries (never acked here). */
  fresh: boolean;
}

/** One hostile or broken input; `used` is a request the witness has answered already. */
function input(rng: Prng, used: Buffer): Input {
  const junk = (): Buffer => rng.bytes(rng.below(600));
  switch (rng.below(9)) {
    case 0:
      return { bytes: junk(), fresh: false };
    case 1: {
      // A plausible header (any type, any length), then junk.
      const head = Buffer.alloc(9);
      MAGIC.copy(head);
      head[4] = rng.below(6);
      head.writeUInt32BE(rng.next() < 0.5 ? rng.below(2000) : Math.floor(rng.next() * 0xffffffff), 5);
      return { bytes: Buffer.concat([head, junk()]), fresh: false };
    }
    case 2:
      // Authentic frames of any type with bodies that are not JSON, or JSON of the wrong shape.
      return { bytes: seal(1 + rng.below(4), rng.next() < 0.3 ? junk() : Buffer.from(JSON.stringify(junkJson(rng))), KEY), fresh: false };
    case 3: {
      const bent = Buffer.from(used);
      bent[rng.below(bent.length)]! ^= 1 + rng.below(255);
      return { bytes: bent, fresh: false };
    }
    case 4:
      return { bytes: used.subarray(0, rng.below(used.length)), fresh: false };
    case 5:
      return { bytes: Buffer.concat([used, junk()]), fresh: false };
    case 6:
      return { bytes: encodeFrame({ type: 'request', body: request() }, OTHER_KEY), fresh: false };
    case 7: {
      const other: TransferFrame[] = [
        { type: 'ack', body: { nonce: '0'.repeat(32), received: 1, bytes: 2 } },
        { type: 'refused', body: { reason: 'no' } },
        { type: 'entries', body: { nonce: '0'.repeat(32), entries: ENTRIES } },
      ];
      return { bytes: encodeFrame(other[rng.below(other.length)]!, KEY), fresh: false };
    }
    default:
      // A fresh request followed by a broken "ack".
      return { bytes: Buffer.concat([encodeFrame({ type: 'request', body: request() }, KEY), rng.next() < 0.5 ? junk() : seal(3, Buffer.from(JSON.stringify(junkJson(rng))), KEY)]), fresh: true };
  }
}

/** Sends `bytes`, half-closes, and returns the types of the frames the witness answered with. */
function send(port: number, bytes: Buffer): Promise<{ types: string[]; failure?: string }> {
  return new Promise((resolve) => {
    const reader = new FrameReader(KEY);
    const types: string[] = [];
    let failure: string | undefined;
    const socket = connect({ host: '127.0.0.1', port }, () => socket.end(bytes));
    socket.on('data', (chunk: Buffer) => {
      const r = reader.push(chunk);
      if (r.ok) types.push(...r.frames.map((f) => f.type));
      else failure ??= `${r.reason}: ${r.detail}`;
    });
    socket.on('error', () => undefined); // a refused client may be reset mid-write
    socket.on('close', () => resolve({ types, ...(failure ? { failure } : {}) }));
  });
}

describe('agent transfer: fuzzing a live witness', function () {
  this.timeout(120_000);

  it(`survives ${INPUTS} garbage, forged, truncated and replayed inputs, then still serves a good request`, async function () {
    const logs: string[] = [];
    const sent: SentInfo[] = [];
    await using server = new CacheServer({
      key: KEY,
      clusterId: 'lab',
      members: ['primary', 'standby'],
      entries: () => ENTRIES,
      log: (line) => logs.push(line),
      onSent: (info) => sent.push(info),
      maxSkewMs: 120_000, // so replays of `used` stay fresh by the clock and are caught by the nonce
      idleTimeoutMs: 1000,
      ackTimeoutMs: 1000,
    });
    const port = await server.listen('127.0.0.1', 0);
    const used = encodeFrame({ type: 'request', body: request() }, KEY);
    const first = await send(port, used);
    expect(first.types).to.deep.equal(['entries']);

    const rng = new Prng(SEED);
    const inputs = Array.from({ length: INPUTS }, () => input(rng, used));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < inputs.length) {
        const i = next++;
        const { bytes, fresh } = inputs[i]!;
        const answer = await send(port, bytes);
        const context = `input ${i}: ${bytes.subarray(0, 64).toString('hex')}`;
        expect(answer.failure, context).to.equal(undefined);
        expect(answer.types.length, context).to.be.at.most(1);
        if (!fresh) expect(answer.types, context).to.not.include('entries');
        if (answer.types[0] !== undefined && answer.types[0] !== 'entries') expect(answer.types[0], context).to.equal('refused');
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));

    const freshCount = inputs.filter((i) => i.fresh).length;
    expect(freshCount, 'the mix includes fresh requests with broken acks').to.be.above(100);
    expect(sent.filter((s) => s.acked), 'no broken ack was taken for an ack').to.deep.equal([]);
    expect(sent.length).to.equal(1 + freshCount);

    const good = await fetchCache({ host: '127.0.0.1', port, key: KEY, clusterId: 'lab', from: 'standby', bootId: '00000000000000b2', lost: 'primary', ips: [VIP], timeoutMs: 3000 });
    expect(good.entries).to.deep.equal(ENTRIES);
    const deadline = Date.now() + 3000;
    while (server.connections > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(server.connections, 'connections left open').to.equal(0);
    expect(server.nonces, 'nonces remembered: one per fresh request').to.equal(2 + freshCount);
    expect(logs.some((l) => l.includes('reuses nonce'))).to.equal(true);
  });
});
