import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { coreAddresses, lanHosts } from '../../core/coreAddresses.js';

function nic(address: string, options: { internal?: boolean } = {}): NetworkInterfaceInfo {
  const v6 = address.includes(':');
  return {
    address,
    netmask: v6 ? 'ffff:ffff:ffff:ffff::' : '255.255.255.0',
    family: v6 ? 'IPv6' : 'IPv4',
    mac: '00:00:00:00:00:00',
    internal: options.internal ?? false,
    cidr: null,
    ...(v6 ? { scopeid: 0 } : {}),
  } as NetworkInterfaceInfo;
}

const LOOPBACK = { lo: [nic('127.0.0.1', { internal: true }), nic('::1', { internal: true })] };

describe('the core addresses a join link carries', () => {
  it('lists every LAN address, IPv4 first, and skips loopback and link-local', () => {
    const interfaces = {
      ...LOOPBACK,
      wlan0: [nic('192.168.1.20'), nic('fe80::1c2d:3e4f'), nic('2001:db8::20')],
      eth0: [nic('10.0.0.5'), nic('169.254.10.2')],
    };
    expect(lanHosts(interfaces)).toEqual(['192.168.1.20', '10.0.0.5', '2001:db8::20']);
    // '::' listens on both families, so the link carries both.
    expect(coreAddresses({ host: '::', port: 4747, interfaces })).toEqual([
      'http://192.168.1.20:4747',
      'http://10.0.0.5:4747',
      'http://[2001:db8::20]:4747',
    ]);
  });

  it('lists only IPv4 addresses for a core on 0.0.0.0, which no IPv6 client can reach', () => {
    const interfaces = { ...LOOPBACK, wlan0: [nic('192.168.1.20'), nic('2001:db8::20')] };
    expect(coreAddresses({ host: '0.0.0.0', port: 4747, interfaces })).toEqual(['http://192.168.1.20:4747']);
    // An IPv6-only network: the core is not reachable on it, so loopback (the machine itself).
    expect(
      coreAddresses({ host: '0.0.0.0', port: 4747, interfaces: { ...LOOPBACK, eth0: [nic('2001:db8::7')] } }),
    ).toEqual(['http://127.0.0.1:4747']);
  });

  it('falls back to link-local on a cable with no DHCP, and to loopback with no network at all', () => {
    expect(lanHosts({ ...LOOPBACK, eth0: [nic('169.254.10.2'), nic('fe80::1')] })).toEqual([
      '169.254.10.2',
      'fe80::1',
    ]);
    expect(lanHosts(LOOPBACK)).toEqual(['127.0.0.1']);
  });

  it('uses the one host the core listens on, then the advertised ones in order', () => {
    expect(
      coreAddresses({
        host: '192.168.1.20',
        port: 4747,
        advertise: ['http://192.168.1.31:4747', 'https://backup.example.org/', 'http://192.168.1.20:4747'],
      }),
    ).toEqual(['http://192.168.1.20:4747', 'http://192.168.1.31:4747', 'https://backup.example.org']);
  });

  it('refuses a bad advertised address with a reason', () => {
    expect(() => coreAddresses({ host: '127.0.0.1', port: 4747, advertise: ['backup:4747'] })).toThrow(
      '"backup:4747" is not a core address: write it as http://HOST:PORT',
    );
  });
});
