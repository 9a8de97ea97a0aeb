/**
 * A gratuitous ARP as an Ethernet frame (RFC 5227 §3 "ARP Announcement", as `arping -U` sends it):
 * an ARP request, broadcast, whose sender and target protocol addresses are both the announced
 * address, so that every neighbour that has it cached takes the new MAC. Pure: the bytes only.
 */
import { ipv4Bytes } from '../netfilter/set-batch.js';

export const ETH_P_ARP = 0x0806;
const ETH_P_IP = 0x0800;
const ARPHRD_ETHER = 1;
const ARPOP_REQUEST = 1;
export const BROADCAST = Buffer.alloc(6, 0xff);

/** A MAC address as 6 bytes; throws on anything but `aa:bb:cc:dd:ee:ff`. */
export function macBytes(mac: string): Buffer {
  if (!/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(mac)) throw new Error(`not a MAC address: ${JSON.stringify(mac)}`);
  return Buffer.from(mac.split(':').map((h) => parseInt(h, 16)));
}

/** The 42-byte frame announcing that `ip` is at `mac` (the NIC pads it to the Ethernet minimum). */
export function gratuitousArp(mac: string, ip: string): Buffer {
  const hw = macBytes(mac);
  const addr = ipv4Bytes(ip);
  const f = Buffer.alloc(42);
  BROADCAST.copy(f, 0);
  hw.copy(f, 6);
  f.writeUInt16BE(ETH_P_ARP, 12);
  f.writeUInt16BE(ARPHRD_ETHER, 14);
  f.writeUInt16BE(ETH_P_IP, 16);
  f.writeUInt8(6, 18);
  f.writeUInt8(4, 19);
  f.writeUInt16BE(ARPOP_REQUEST, 20);
  hw.copy(f, 22);
  addr.copy(f, 28);
  // Target hardware address: zero, as in a request; target protocol address: the sender's own.
  addr.copy(f, 38);
  return f;
}
