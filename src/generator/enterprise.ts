/**
 * The modelled enterprise: people, their endpoints, the DHCP scopes and the ISE deployment.
 * Built once from the world PRNG stream; the simulation only reads it (mutable state lives in ./simulation).
 */
import { flat } from './format/flat.js';
import type { Rng } from './rng.js';

export const AD_DOMAIN = 'CORP';
export const DNS_DOMAIN = 'corp.example.com';

export interface Person {
  account: string;
  /** How ISE logs the name in User-Name/UserName (syslog escaping included: `CORP\\jdoe`). */
  logged: string;
  /** The name with syslog escapes removed, as the truth reports it (`CORP\jdoe`). */
  raw: string;
  /** Lower-case account part: the lookup key. */
  key: string;
  displayName: string;
}

/** laptop: 802.1X with a person's name; phone: MAB (User-Name is its MAC); iot: wired MAB, always on. */
export type DeviceKind = 'laptop' | 'phone' | 'iot';

export interface MacSpellings {
  /** `3c:a9:f4:46:75:cc` (dhcpd, the canonical form). */
  colon: string;
  /** `3c-a9-f4-46-75-cc` (Calling-Station-ID). */
  dash: string;
  /** `3C-A9-F4-46-75-CC` (EndPointMACAddress, MAB UserName). */
  dashUpper: string;
  /** `3C:A9:F4:46:75:CC` (profiler EndpointMacAddress, posture MacAddress). */
  colonUpper: string;
  /** `3ca9f44675cc` without separators (MAB User-Name). */
  bare: string;
}

export interface Device {
  index: number;
  kind: DeviceKind;
  mac: MacSpellings;
  /** DHCP option 12 host name; null when the client sends none. */
  hostname: string | null;
  /** Index into people, or -1 (IoT). Phones have an owner but authenticate by MAB, so ISE never names them. */
  owner: number;
  subnet: number;
  iseNode: number;
  oui: OuiInfo;
  profile: string;
}

export interface Subnet {
  index: number;
  /** Network address as an unsigned 32-bit integer. */
  network: number;
  cidr: string;
  giaddr: string;
  dhcpServer: number;
  leaseSeconds: number;
  wired: boolean;
  /** First and last host offsets of the dynamic range. */
  firstHost: number;
  lastHost: number;
  nasName: string;
  nasIp: string;
}

export interface DhcpServer {
  /** Everything between the syslog time and `dhcpd[pid]:` (host, sometimes with the extra IP token). */
  syslogHost: string;
  serverIp: string;
  fileTag: string;
}

export interface IseNode {
  host: string;
  ip: string;
  /** Minutes east of UTC of the node's clock. */
  utcOffsetMinutes: number;
  maxMessageBytes: number;
  /** Body timestamps with microseconds (seen on RADIUS nodes) instead of milliseconds. */
  micros: boolean;
  /** Syslog relay that prepends its own `Mmm dd hh:mm:ss host` header (Metron style), or null. */
  relayHost: string | null;
}

export interface OuiInfo {
  prefix: number;
  /** Vendor as ISE logs EndpointOUI, commas already escaped as `\,`. */
  vendor: string;
}

export interface Enterprise {
  people: Person[];
  devices: Device[];
  subnets: Subnet[];
  dhcpServers: DhcpServer[];
  iseNodes: IseNode[];
  vpn: { firstAddress: number; size: number; asaName: string; asaIp: string; asaPublicIp: string };
}

const FIRST = ['anna', 'ben', 'carla', 'david', 'eva', 'frank', 'grace', 'hugo', 'ines', 'jack', 'kate', 'liam', 'maria',
  'noah', 'olga', 'paul', 'quinn', 'rosa', 'sam', 'tina', 'umar', 'vera', 'will', 'xena', 'yusuf', 'zoe'] as const;
const LAST = ['smith', 'jones', 'garcia', 'miller', 'davis', 'lopez', 'wilson', 'moore', 'taylor', 'thomas', 'martin',
  'lee', 'walker', 'hall', 'young', 'king', 'wright', 'scott', 'green', 'baker', 'adams', 'nelson', 'hill', 'campbell',
  'mitchell', 'roberts', 'carter', 'phillips', 'evans', 'turner', 'torres', 'parker', 'collins', 'edwards'] as const;

const LAPTOP_OUIS: OuiInfo[] = [
  { prefix: 0x3ca9f4, vendor: 'Intel Corporate' },
  { prefix: 0xd481d7, vendor: 'Dell Inc.' },
  { prefix: 0xf01898, vendor: 'Apple\\, Inc.' },
  { prefix: 0x3c970e, vendor: 'Wistron InfoComm(Kunshan)Co.\\,Ltd.' },
  { prefix: 0x5c0a5b, vendor: 'SAMSUNG ELECTRO-MECHANICS(THAILAND)' },
];
const PHONE_OUIS: OuiInfo[] = [
  { prefix: 0xa0ccd9, vendor: 'Apple\\, Inc.' },
  { prefix: 0x98d6f7, vendor: 'LG Electronics (Mobile Communications)' },
  { prefix: 0x001d45, vendor: 'Cisco Systems\\, Inc' },
];
const IOT_OUIS: OuiInfo[] = [
  { prefix: 0x3cd92b, vendor: 'Hewlett Packard' },
  { prefix: 0x00408c, vendor: 'Axis Communications AB' },
  { prefix: 0x0050c2, vendor: 'IEEE Registration Authority' },
];

/** Devices per /24 scope: well below the 241-address range, so pools never run dry but addresses do move. */
const DEVICES_PER_SUBNET = 110;

export function buildEnterprise(deviceCount: number, peopleCount: number, iseSegmentBytes: number, rng: Rng): Enterprise {
  const people = buildPeople(peopleCount, rng);
  const laptops = Math.min(peopleCount, Math.max(1, Math.round(deviceCount * 0.55)));
  const phones = Math.max(0, Math.min(deviceCount - laptops, Math.round(deviceCount * 0.33)));
  const iot = deviceCount - laptops - phones;

  const wirelessCount = Math.max(1, Math.ceil((laptops + phones) / DEVICES_PER_SUBNET));
  const wiredCount = Math.max(1, Math.ceil(iot / DEVICES_PER_SUBNET));
  const subnets: Subnet[] = [];
  for (let k = 0; k < wirelessCount; k++) {
    subnets.push(makeSubnet(subnets.length, (10 << 24) + ((64 + (k >> 8)) << 16) + ((k & 255) << 8), false, rng));
  }
  for (let k = 0; k < wiredCount; k++) {
    subnets.push(makeSubnet(subnets.length, (10 << 24) + ((32 + (k >> 8)) << 16) + ((k & 255) << 8), true, rng));
  }

  const usedMacs = new Set<number>();
  const devices: Device[] = [];
  for (let i = 0; i < deviceCount; i++) {
    const kind: DeviceKind = i < laptops ? 'laptop' : i < laptops + phones ? 'phone' : 'iot';
    const oui = rng.pick(kind === 'laptop' ? LAPTOP_OUIS : kind === 'phone' ? PHONE_OUIS : IOT_OUIS);
    let low = rng.int(0x1000000);
    while (usedMacs.has(oui.prefix * 0x1000000 + low)) low = (low + 1) & 0xffffff;
    usedMacs.add(oui.prefix * 0x1000000 + low);
    const owner = kind === 'laptop' ? i % peopleCount : kind === 'phone' ? rng.int(peopleCount) : -1;
    const subnet = kind === 'iot' ? wirelessCount + rng.int(wiredCount) : rng.int(wirelessCount);
    const mac = macSpellings(oui.prefix, low);
    devices.push({
      index: i,
      kind,
      mac,
      hostname: flatOrNull(hostnameFor(kind, owner >= 0 ? people[owner] : undefined, mac, oui, rng)),
      owner,
      subnet,
      iseNode: rng.int(2),
      oui,
      profile: kind === 'laptop' ? (oui.vendor.startsWith('Apple') ? 'Apple-MacBook' : 'Windows10-Workstation')
        : kind === 'phone' ? (oui.vendor.startsWith('Cisco') ? 'Cisco-IP-Phone' : 'Android')
        : oui.vendor.startsWith('Hewlett') ? 'HP-Device' : 'Axis-Device',
    });
  }

  return {
    people,
    devices,
    subnets,
    dhcpServers: [
      { syslogHost: `infoblox-01.${DNS_DOMAIN}`, serverIp: '10.0.0.11', fileTag: 'infoblox-01' },
      // Some Infoblox members log an extra IP token between host and program (seen in the Elastic samples).
      { syslogHost: `infoblox-02.${DNS_DOMAIN} 10.0.0.12`, serverIp: '10.0.0.12', fileTag: 'infoblox-02' },
    ],
    iseNodes: [
      { host: 'ise-psn01', ip: '10.0.1.21', utcOffsetMinutes: 0, maxMessageBytes: 8192, micros: false, relayHost: null },
      { host: 'ise-psn02', ip: '10.0.1.22', utcOffsetMinutes: -300, maxMessageBytes: iseSegmentBytes, micros: true, relayHost: '10.0.1.250' },
    ],
    vpn: {
      firstAddress: (10 << 24) + (200 << 16) + 10,
      size: laptops + 64,
      asaName: 'ASA-VPN-01',
      asaIp: '10.0.2.1',
      asaPublicIp: '198.51.100.10',
    },
  };
}

function buildPeople(count: number, rng: Rng): Person[] {
  const seen = new Map<string, number>();
  const people: Person[] = [];
  for (let i = 0; i < count; i++) {
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    const base = `${first[0]}${last}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const account = n === 1 ? base : `${base}${n}`;
    const style = rng.float();
    // ISE logs DOMAIN\user with the backslash escaped (the Fortscale sample's `CISCO\\sahota`).
    const [logged, raw] = style < 0.5 ? [`${AD_DOMAIN}\\\\${account}`, `${AD_DOMAIN}\\${account}`]
      : style < 0.8 ? [`${account}@${DNS_DOMAIN}`, `${account}@${DNS_DOMAIN}`]
      : [account, account];
    // Flat once: these names are copied into many lines (see format/flat.ts).
    people.push({ account: flat(account), logged: flat(logged), raw: flat(raw), key: flat(account), displayName: flat(`${capitalise(first)} ${capitalise(last)}`) });
  }
  return people;
}

function makeSubnet(index: number, network: number, wired: boolean, rng: Rng): Subnet {
  const dhcpServer = index % 2;
  const third = (network >>> 8) & 255;
  return {
    index,
    network,
    cidr: flat(`${ipv4(network)}/24`),
    giaddr: flat(ipv4(network + 1)),
    dhcpServer,
    leaseSeconds: wired ? rng.pick([43_200, 86_400]) : rng.pick([3_600, 7_200, 14_400]),
    wired,
    firstHost: 10,
    lastHost: 250,
    nasName: flat(wired ? `SW-ACC-${String(third).padStart(3, '0')}` : `WLC-${String((index % 4) + 1).padStart(2, '0')}`),
    nasIp: flat(wired ? `10.10.1.${(index % 250) + 1}` : `10.10.0.${(index % 4) + 10}`),
  };
}

function hostnameFor(kind: DeviceKind, owner: Person | undefined, mac: MacSpellings, oui: OuiInfo, rng: Rng): string | null {
  const tail = mac.bare.slice(6).toUpperCase();
  if (kind === 'laptop') return `${oui.vendor.startsWith('Apple') ? 'MBP' : 'LT'}-${(owner?.account ?? tail).toUpperCase()}`;
  if (kind === 'phone') {
    if (rng.chance(0.3)) return null; // many phones send no option 12
    return oui.vendor.startsWith('Cisco') ? `SEP${mac.bare.toUpperCase()}` : `Galaxy-${tail}`;
  }
  return oui.vendor.startsWith('Hewlett') ? `NPI${tail}` : `AXIS-${tail}`;
}

export function macSpellings(prefix: number, low: number): MacSpellings {
  const bare = (prefix.toString(16).padStart(6, '0') + low.toString(16).padStart(6, '0'));
  const pairs = [bare.slice(0, 2), bare.slice(2, 4), bare.slice(4, 6), bare.slice(6, 8), bare.slice(8, 10), bare.slice(10, 12)];
  const colon = pairs.join(':');
  const dash = pairs.join('-');
  return { colon, dash, dashUpper: dash.toUpperCase(), colonUpper: colon.toUpperCase(), bare };
}

export function ipv4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

function flatOrNull(text: string | null): string | null {
  return text === null ? null : flat(text);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
