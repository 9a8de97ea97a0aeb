import { expect } from 'chai';
import { countEstablished } from '../../../../agent/shell/connections.js';

// Three sockets on port 7000 (0x1B58): a listener (0A), one established (01), one in TIME_WAIT (06);
// and one established connection on another port (22 = 0x16).
const PROC_NET_TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:1B58 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 100 0 0 10 0
   1: 644D0A0A:1B58 0A4D0A0A:C350 01 00000000:00000000 00:00000000 00000000     0        0 2 1 0000000000000000 20 4 30 10 -1
   2: 644D0A0A:1B58 0A4D0A0A:C351 06 00000000:00000000 03:00000E1B 00000000     0        0 0 3 0000000000000000
   3: 0B4D0A0A:0016 0A4D0A0A:D000 01 00000000:00000000 00:00000000 00000000     0        0 4 1 0000000000000000 20 4 30 10 -1
`;

describe('agent shell: live connections from /proc/net/tcp', function () {
  it('counts established sockets on the service ports only', function () {
    expect(countEstablished(PROC_NET_TCP, [{ from: 7000, to: 7000 }])).to.equal(1);
    expect(countEstablished(PROC_NET_TCP, [{ from: 7000, to: 7000 }, { from: 20, to: 30 }])).to.equal(2);
    expect(countEstablished(PROC_NET_TCP, [{ from: 8000, to: 9000 }])).to.equal(0);
  });
});
