import type { NetworkInterfaceInfo } from 'node:os';
import { networkInterfaces } from 'node:os';
import { normaliseCoreAddresses } from '../shared/joinLink.js';

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

const formatHost = (host: string) => (host.includes(':') ? `[${host}]` : host);

function isLinkLocal(info: NetworkInterfaceInfo): boolean {
  return info.family === 'IPv4' ? info.address.startsWith('169.254.') : /^fe[89ab]/i.test(info.address);
}

/**
 * The addresses crew on the LAN can reach this machine on: every external IPv4 address, then
 * (with `ipv6`) every external IPv6 one. Link-local addresses (169.254/16, fe80::/10: a cable
 * with no DHCP) only when there is nothing else, and loopback only when there is not even that.
 */
export function lanHosts(interfaces: Interfaces = networkInterfaces(), ipv6 = true): string[] {
  const external: NetworkInterfaceInfo[] = [];
  for (const infos of Object.values(interfaces)) {
    for (const info of infos ?? [])
      if (!info.internal && (ipv6 || info.family === 'IPv4')) external.push(info);
  }
  const ordered = [
    ...external.filter((info) => info.family === 'IPv4'),
    ...external.filter((info) => info.family === 'IPv6'),
  ];
  const routable = ordered.filter((info) => !isLinkLocal(info));
  const chosen = routable.length > 0 ? routable : ordered;
  const hosts = chosen.map((info) => info.address);
  return hosts.length > 0 ? [...new Set(hosts)] : ['127.0.0.1'];
}

export interface CoreAddressOptions {
  /** The host the core listens on ('0.0.0.0': every IPv4 interface; '::': every interface). */
  host: string;
  port: number;
  /** Extra addresses from `--advertise` (the backup laptop's core), after this core's own. */
  advertise?: readonly string[];
  interfaces?: Interfaces;
}

/**
 * Every core address a join link carries, in the order crew screens try them: this core's own
 * (its LAN addresses when it listens everywhere, else the one it listens on), then the
 * advertised ones. Throws a JoinLinkError naming a bad `--advertise` value.
 */
export function coreAddresses(options: CoreAddressOptions): string[] {
  // 0.0.0.0 is every IPv4 interface only: an IPv6 address in the link would be refused there,
  // and a screen that tried it first would wait for nothing. '::' (dual stack) is both.
  const own =
    options.host === '0.0.0.0'
      ? lanHosts(options.interfaces, false)
      : options.host === '::'
        ? lanHosts(options.interfaces)
        : [options.host];
  return normaliseCoreAddresses([
    ...own.map((host) => `http://${formatHost(host)}:${options.port}`),
    ...(options.advertise ?? []),
  ]);
}
