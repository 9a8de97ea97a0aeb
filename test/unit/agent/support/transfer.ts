import { randomBytes } from 'node:crypto';
import type { TransferRequest } from '../../../../agent/transfer/frame.js';

export const VIP = '10.77.0.100';

/** A valid cache request from the standby for the primary's VIP, fresh nonce, sent now. */
export const transferRequest = (over: Partial<TransferRequest> = {}): TransferRequest => ({
  clusterId: 'lab',
  from: 'standby',
  bootId: '00000000000000b2',
  nonce: randomBytes(16).toString('hex'),
  sentAt: Date.now(),
  lost: 'primary',
  ips: [VIP],
  ...over,
});
