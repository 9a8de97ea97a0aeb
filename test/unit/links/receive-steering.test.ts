import { expect } from 'chai';
import { cpuMask, maskValue, steeringScript } from '../../../harness/links/receive-steering.js';
import { cpusOf, highestCpu } from '../../../harness/topology/value-checks.js';

describe('receive steering for pinned nodes', () => {
  it('expands a cpuset list', () => {
    expect(cpusOf('1')).to.deep.equal([1]);
    expect(cpusOf('0-2,5,4')).to.deep.equal([0, 1, 2, 4, 5]);
    expect(cpusOf('3,1-3')).to.deep.equal([1, 2, 3]);
    expect(highestCpu('4,0-2')).to.equal(4);
  });

  it('writes the kernel cpumask format: hex, 32-bit words, highest first', () => {
    expect(cpuMask('0')).to.equal('1');
    expect(cpuMask('1')).to.equal('2');
    expect(cpuMask('0-1,3')).to.equal('b');
    expect(cpuMask('31')).to.equal('80000000');
    expect(cpuMask('32')).to.equal('1,00000000');
    expect(cpuMask('0,33-34')).to.equal('6,00000001');
  });

  it('reads a mask back as the kernel pads it', () => {
    expect(maskValue('00000000,00000002')).to.equal(maskValue(cpuMask('1')));
    expect(maskValue('6,00000001')).to.equal(6n * 2n ** 32n + 1n);
    expect(maskValue('0')).to.not.equal(maskValue('2'));
  });

  it('steers every receive queue of each interface and reads it back', () => {
    expect(steeringScript(['eth0', 'eth1'], '1').split('\n')).to.deep.equal([
      'mount -t sysfs sysfs /sys',
      'mount -o remount,rw /sys',
      "trap 'mount -o remount,ro /sys' EXIT",
      'for q in /sys/class/net/eth0/queues/rx-*/rps_cpus; do echo 2 > "$q"; echo "$q $(cat "$q")"; done',
      'for q in /sys/class/net/eth1/queues/rx-*/rps_cpus; do echo 2 > "$q"; echo "$q $(cat "$q")"; done',
    ]);
  });
});
