/**
 * Parser throughput: lines per second per parser, one core, median of several runs.
 *   node --expose-gc --import tsx bench/parsers.ts [lines=200000] [runs=9]
 * (--expose-gc: each timed run starts after a full collection; without it the ISE runs' garbage lands in DHCP's runs)
 * Targets (assignment): DHCP ≥ 500,000 lines/s, ISE ≥ 150,000 lines/s.
 * Lines are generated in-script with a seeded PRNG so runs are comparable; the mix follows what an Infoblox
 * feed carries (mostly REQUEST/ACK pairs, renewals, some DISCOVER/OFFER, releases, expiries, named noise).
 * ISE lines (see iseLines) mix 802.1X/MAB/VPN authentications, accounting, profiler, posture and failed attempts,
 * half of them from a node that segments messages at 1024 bytes; the ISE figure includes reassembly.
 */
import { createDhcpParser, IseReassembler } from '../src/parsers/index.js';
import type { LineRef, ParseContext } from '../src/parsers/index.js';
import { pathToFileURL } from 'node:url';
import { seededRandom } from '../test/helpers/random.js';

const LINES = Number(process.argv[2] ?? 200_000);
const RUNS = Number(process.argv[3] ?? 9);


// ------------------------------------------------------------------ DHCP

export function dhcpLines(count: number): string[] {
  const rand = seededRandom(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const hex2 = (): string => Math.floor(rand() * 256).toString(16).padStart(2, '0');
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov'];
  const servers = ['ib-grid-01.corp.example', 'ib-grid-02.corp.example', '10.20.0.5'];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const day = 1 + Math.floor(rand() * 28);
    const clock = `${pick(months)} ${day < 10 ? ` ${day}` : day} ${String(Math.floor(rand() * 24)).padStart(2, '0')}:${String(Math.floor(rand() * 60)).padStart(2, '0')}:${String(Math.floor(rand() * 60)).padStart(2, '0')}`;
    const header = `<30>${clock} ${pick(servers)} dhcpd[${1000 + Math.floor(rand() * 30000)}]: `;
    const mac = `${hex2()}:${hex2()}:${hex2()}:${hex2()}:${hex2()}:${hex2()}`;
    const ip = `10.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${1 + Math.floor(rand() * 254)}`;
    const host = rand() < 0.7 ? ` (WS-${Math.floor(rand() * 100000)})` : '';
    const via = rand() < 0.5 ? 'eth1' : `10.${Math.floor(rand() * 256)}.0.1`;
    const tid = Math.floor(rand() * 0xffffffff).toString(16).padStart(8, '0');
    const r = rand();
    let body: string;
    if (r < 0.3) body = `DHCPACK on ${ip} to ${mac}${host} via ${via} relay ${via} lease-duration 28800${rand() < 0.6 ? ' (RENEW)' : ''} uid 01:${mac}`;
    else if (r < 0.55) body = `DHCPREQUEST for ${ip}${rand() < 0.3 ? ' (10.20.0.5)' : ''} from ${mac}${host} via ${via} TransID ${tid} uid 01:${mac}${rand() < 0.6 ? ' (RENEW)' : ''}`;
    else if (r < 0.65) body = `DHCPDISCOVER from ${mac}${host} via ${via} TransID ${tid} uid 01:${mac}`;
    else if (r < 0.75) body = `DHCPOFFER on ${ip} to ${mac}${host} via ${via} relay ${via} lease-duration 119 offered-duration 28800 uid 01:${mac}`;
    else if (r < 0.8) body = `DHCPRELEASE of ${ip} from ${mac}${host} via ${via} (found) TransID ${tid} uid 01:${mac}`;
    else if (r < 0.85) body = `DHCPEXPIRE on ${ip} to ${mac}`;
    else if (r < 0.88) body = `DHCPINFORM from ${ip} via ${via} TransID ${tid}`;
    else if (r < 0.9) body = `DHCPNAK on ${ip} to ${mac} via ${via}`;
    else if (r < 0.92) body = `r-l-e:${ip},Renewed,WS-${Math.floor(rand() * 100000)},${mac},1767225600,1767254400,,$`;
    else if (r < 0.94) body = `DHCPDISCOVER from ${mac} via ${via} TransID ${tid}: network 10.50.0.0/20: no free leases`;
    else {
      out.push(`<30>${clock} ${pick(servers)} named[2211]: client ${ip}#53211 (host${i}.corp.example): query: host${i}.corp.example IN A + (10.20.0.5)`);
      continue;
    }
    out.push(header + body);
  }
  // Flat strings, as the ETL gets them from `Buffer#toString` (concatenation leaves ropes).
  return out.map((line) => Buffer.from(line, 'utf8').toString('utf8'));
}

// ------------------------------------------------------------------ harness

interface BenchResult {
  parser: string;
  zone: string;
  lines: number;
  records: number;
  /** Lines per second of this process's CPU time: robust when other processes share the cores. */
  medianCpuLinesPerSecond: number;
  /** Lines per second of wall-clock time: what a dedicated core would see only on an idle machine. */
  medianWallLinesPerSecond: number;
  /** Fastest run by CPU time: the least disturbed one when other processes compete for caches and cores. */
  bestCpuLinesPerSecond: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface Contender {
  parser: string;
  zone: string;
  parseAll: (lines: readonly string[]) => number;
}

/**
 * Runs the contenders in turn (the first one first on even runs, last on odd runs), so that all of them see the same
 * machine load: timed one after another, a later contender took the blame for load that rose meanwhile
 * (DHCP America/New_York read 35% below UTC at load 5 while doing the same per-line work).
 */
function measureInTurn(lines: readonly string[], contenders: readonly Contender[]): BenchResult[] {
  const records = contenders.map((c) => c.parseAll(lines)); // warm-up: JIT and caches
  const cpuRates = contenders.map((): number[] => []);
  const wallRates = contenders.map((): number[] => []);
  for (let run = 0; run < RUNS; run++) {
    for (let turn = 0; turn < contenders.length; turn++) {
      const k = run % 2 === 0 ? turn : contenders.length - 1 - turn;
      // A full collection first (with --expose-gc), so one contender's garbage is not collected on another's clock.
      (globalThis as { gc?: () => void }).gc?.();
      const wallStart = process.hrtime.bigint();
      const cpuStart = process.cpuUsage();
      records[k] = contenders[k]!.parseAll(lines);
      const cpu = process.cpuUsage(cpuStart);
      const wallSeconds = Number(process.hrtime.bigint() - wallStart) / 1e9;
      cpuRates[k]!.push(Math.round(lines.length / ((cpu.user + cpu.system) / 1e6)));
      wallRates[k]!.push(Math.round(lines.length / wallSeconds));
    }
  }
  return contenders.map((c, k) => ({
    parser: c.parser,
    zone: c.zone,
    lines: lines.length,
    records: records[k]!,
    medianCpuLinesPerSecond: median(cpuRates[k]!),
    medianWallLinesPerSecond: median(wallRates[k]!),
    bestCpuLinesPerSecond: Math.max(...cpuRates[k]!),
  }));
}

function benchDhcp(): BenchResult[] {
  const lines = dhcpLines(LINES);
  const parse = createDhcpParser();
  const ref: LineRef = { object: 'bench', line: 0, offset: 0 };
  const run = (ctx: ParseContext) => (all: readonly string[]): number => {
    let ok = 0;
    for (let i = 0; i < all.length; i++) {
      ref.line = i + 1;
      if (parse(all[i]!, ref, ctx).ok) ok++;
    }
    return ok;
  };
  const ingestTime = Date.parse('2026-11-28T00:00:00Z');
  // Machine yardstick: splitting the same lines on spaces, the least any tokenizing parser does.
  const split = (all: readonly string[]): number => {
    let tokens = 0;
    for (let i = 0; i < all.length; i++) tokens += all[i]!.split(' ').length;
    return tokens;
  };
  // In turn, each switch of context empties the hour-start table (kept per ingest time and zone), as each landing
  // object does in the ETL: the first line of each hour then costs a map lookup, not a luxon call.
  return measureInTurn(lines, [
    { parser: 'dhcp', zone: 'UTC', parseAll: run({ ingestTime }) },
    { parser: 'dhcp', zone: 'America/New_York', parseAll: run({ ingestTime, timeZone: 'America/New_York' }) },
    { parser: 'split', zone: "(yardstick: ' ')", parseAll: split },
  ]);
}

// ------------------------------------------------------------------ ISE

/**
 * A day of ISE remote syslog as two PSNs send it: one with an 8192-byte target (single segments), one with the
 * 1024-byte default (long messages split between pairs into `n k` segments). Mix per message: 802.1X passed
 * authentications (the bulk, ~1.5 KB), MAB, ASA VPN, RADIUS accounting Start/Interim/Stop, profiler, posture,
 * and Failed_Attempts (refused early). Attribute lists follow the Metron and Elastic samples.
 */
export function iseLines(count: number): string[] {
  const rand = seededRandom(7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const int = (n: number): number => Math.floor(rand() * n);
  const hex2 = (): string => int(256).toString(16).padStart(2, '0');
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');
  const nodes = [
    { host: 'ise-psn01', max: 8192, relay: '' },
    { host: 'ise-psn02', max: 1024, relay: '10.0.1.250 ' },
  ];
  let msgId = 1_000_000;
  let seq = 50_000_000;
  const out: string[] = [];
  while (out.length < count) {
    const node = pick(nodes);
    const t = Date.UTC(2026, 10, 1 + int(27), int(24), int(60), int(60), int(1000));
    const d = new Date(t);
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const clock = `${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
    const stamp = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(d.getUTCMilliseconds(), 3)} +00:00`;
    const user = `user${int(5000)}`;
    const mac = `${hex2()}-${hex2()}-${hex2()}-${hex2()}-${hex2()}-${hex2()}`;
    const ip = `10.${int(256)}.${int(256)}.${1 + int(254)}`;
    const nas = `10.20.${int(256)}.${1 + int(254)}`;
    const cpm = `0a0009cc${int(0xffffff).toString(16)}${int(0xffffff).toString(16)}`;
    const steps = Array.from({ length: 12 + int(20) }, () => `Step=${11000 + int(15000)}`).join(', ');
    const common = `ConfigVersionId=${100 + int(50)}, Device IP Address=${nas}, DestinationIPAddress=10.1.1.10, DestinationPort=1812, Protocol=Radius, NetworkDeviceName=SW-${int(400)}, NAS-IP-Address=${nas}, NAS-Port=${int(60000)}`;
    const r = rand();
    let category: string;
    let head: string;
    let attrs: string;
    if (r < 0.35) {
      category = 'Passed_Authentications';
      head = '5200 NOTICE Passed-Authentication: Authentication succeeded';
      attrs = `${common}, UserName=${user}, User-Name=CORP\\\\${user}, Service-Type=Framed, Framed-MTU=1500, State=37CPMSessionID=${cpm}\\;40SessionID=ise/1/2\\;, Called-Station-ID=00-26-cb-ba-90-70, Calling-Station-ID=${mac}, NAS-Port-Type=Ethernet, NAS-Port-Id=GigabitEthernet1/0/${int(48)}, EAP-Key-Name=, cisco-av-pair=service-type=Framed, cisco-av-pair=audit-session-id=${cpm}, cisco-av-pair=method=dot1x, AcsSessionID=${node.host}/1234/${int(99999)}, AuthenticationIdentityStore=AD1, AuthenticationMethod=MSCHAPV2, SelectedAccessService=Default Network Access, SelectedAuthorizationProfiles=Employee, IsMachineAuthentication=false, IdentityGroup=Endpoint Identity Groups:Profiled:Workstation, ${steps}, SelectedAuthenticationIdentityStores=AD1, AuthenticationStatus=AuthenticationPassed, NetworkDeviceGroups=Location#All Locations#Campus, NetworkDeviceGroups=Device Type#All Device Types#Switch, IdentityPolicyMatchedRule=Dot1X, AuthorizationPolicyMatchedRule=Employees, EapTunnel=PEAP, EapAuthentication=EAP-MSCHAPv2, CPMSessionID=${cpm}, EndPointMACAddress=${mac.toUpperCase()}, PostureAssessmentStatus=NotApplicable, EndPointMatchedProfile=Windows10-Workstation, ISEPolicySetName=Default, IdentitySelectionMatchedRule=Dot1X, AD-User-Resolved-Identities=${user}@corp.example.com, AD-User-Candidate-Identities=${user}@corp.example.com, AD-User-Join-Point=CORP.EXAMPLE.COM, StepData=4= Normalised Radius.RadiusFlowType, StepData=5=CORP\\\\${user}, StepData=6=corp.example.com, AD-User-Resolved-DNs=CN=${user}\\,OU=Users\\,DC=corp\\,DC=example\\,DC=com, AD-User-DNS-Domain=corp.example.com, AD-Groups-Names=corp.example.com/Users/Domain Users, AD-User-NetBios-Name=CORP, TotalAuthenLatency=${int(500)}, ClientLatency=${int(100)}, Model Name=Unknown, Network Device Profile=Cisco, Location=Location#All Locations#Campus, Device Type=Device Type#All Device Types#Switch, Response={UserName=${user}; User-Name=CORP\\\\${user}; Class=CACS:${cpm}:${node.host}/1234/5; cisco-av-pair=profile-name=Windows10-Workstation; LicenseTypes=1; },`;
    } else if (r < 0.45) {
      category = 'Passed_Authentications';
      head = '5200 NOTICE Passed-Authentication: Authentication succeeded';
      attrs = `${common}, UserName=${mac.toUpperCase()}, User-Name=${mac.replace(/-/g, '')}, Calling-Station-ID=${mac}, Service-Type=Call Check, NAS-Port-Type=Ethernet, AcsSessionID=${node.host}/1234/${int(99999)}, AuthenticationMethod=Lookup, SelectedAccessService=MAB, UseCase=Host Lookup, ${steps}, CPMSessionID=${cpm}, EndPointMACAddress=${mac.toUpperCase()}, IdentitySelectionMatchedRule=MAB, Response={Class=CACS:${cpm}; LicenseTypes=1; },`;
    } else if (r < 0.5) {
      category = 'Passed_Authentications';
      head = '5200 NOTICE Passed-Authentication: Authentication succeeded';
      const pub = `81.2.${int(256)}.${1 + int(254)}`;
      attrs = `${common}, UserName=${user}, User-Name=${user}, Called-Station-ID=81.2.69.148, Calling-Station-ID=${pub}, NAS-Port-Type=Virtual, Tunnel-Client-Endpoint=(tag=0) ${pub}, cisco-av-pair=mdm-tlv=device-platform=win, cisco-av-pair=mdm-tlv=computer-name=PC-${int(9999)}, cisco-av-pair=mdm-tlv=device-mac=${mac}, cisco-av-pair=audit-session-id=${cpm}, CVPN3000/ASA/PIX7x-Tunnel-Group-Name=RA_VPN, AcsSessionID=${node.host}/1/2, ${steps}, CPMSessionID=${cpm}, StepLatency=1=0\\\\;2=1\\\\;3=0, AD-User-Resolved-DNs=CN=${user} \\\\,OU=People\\\\,DC=example\\\\,DC=com, EndPointIPAddress=${pub}, Response={Class=CACS:${cpm}; LicenseTypes=1; },`;
    } else if (r < 0.7) {
      category = 'RADIUS_Accounting';
      const kind = pick([['3000', 'start request', 'Start'], ['3002', 'watchdog update', 'Interim-Update'], ['3002', 'watchdog update', 'Interim-Update'], ['3001', 'stop request', 'Stop']] as const);
      head = `${kind[0]} NOTICE Radius-Accounting: RADIUS Accounting ${kind[1]}`;
      attrs = `${common}, User-Name=${user}, Framed-IP-Address=${ip}, Class=CACS:${cpm}:${node.host}/1/2, Called-Station-ID=00-26-cb-ba-90-70, Calling-Station-ID=${mac}, NAS-Identifier=WLC-${int(20)}, Acct-Status-Type=${kind[2]}, Acct-Delay-Time=0, Acct-Input-Octets=${int(1e9)}, Acct-Output-Octets=${int(1e9)}, Acct-Session-Id=53e32404/${mac.replace(/-/g, ':')}/${int(99999)}, Acct-Authentic=RADIUS, Acct-Session-Time=${int(86400)}, Acct-Input-Packets=${int(1e6)}, Acct-Output-Packets=${int(1e6)}, Event-Timestamp=${Math.floor(t / 1000)}, NAS-Port-Type=Wireless - IEEE 802.11, cisco-av-pair=audit-session-id=${cpm}, AcsSessionID=${node.host}/1/3, SelectedAccessService=Default Network Access, ${steps}, NetworkDeviceGroups=Location#All Locations#Campus, CPMSessionID=${cpm}, Location=Location#All Locations#Campus, Device Type=Device Type#All Device Types#WLC,`;
    } else if (r < 0.78) {
      category = 'Profiler';
      head = '80002 INFO  Profiler: Profiler EndPoint profiling event occurred';
      attrs = `ConfigVersionId=113, EndpointCertainityMetric=${int(100)}, EndpointIPAddress=${ip}, EndpointMacAddress=${mac.replace(/-/g, ':').toUpperCase()}, EndpointMatchedPolicy=Windows7-Workstation, EndpointNADAddress=${nas}, EndpointOUI=Wistron InfoComm(Kunshan)Co.\\,Ltd., EndpointPolicy=Windows7-Workstation, EndpointProperty=StaticAssignment=false\\,Calling-Station-ID=${mac}\\,PostureApplicable=Yes\\,dhcp-class-identifier=MSFT 5.0\\,host-name=PC-${int(9999)}\\,Framed-IP-Address=${ip}\\,FirstCollection=1406112353750\\,PortalUser=, EndpointSourceEvent=RADIUS Probe, EndpointIdentityGroup=Workstation, ProfilerServer=${node.host}.corp.example.com,`;
    } else if (r < 0.8) {
      category = 'Posture_and_Client_Provisioning_Audit';
      head = '87000 NOTICE Posture: Endpoint Posture Report Received';
      attrs = `ConfigVersionId=88, MacAddress=${mac}, UserName=CORP\\\\${user}, SessionId=${cpm}, IpAddress=${ip}, PostureStatus=Compliant, OperatingSystem=Windows 10 Enterprise 64-bit, SystemName =PC-${int(9999)}, SystemDomain=corp.example.com, PostureAgentVersion=4.3.1,`;
    } else {
      category = 'Failed_Attempts';
      head = '5405 NOTICE Failed-Attempt: RADIUS Request dropped';
      attrs = `${common}, User-Name=${pick(['anonymous', user, '#CTSREQUEST#'])}, Calling-Station-ID=${mac}, FailureReason=11036 The Message-Authenticator RADIUS attribute is invalid, ${steps},`;
    }
    const prefix = `${node.relay === '' ? '<181>' : `${clock} ${node.relay}`}${clock} ${node.host} CISE_${category} ${pad(msgId++, 10)} `;
    const body = `${stamp} ${pad(seq++, 10)} ${head}, ${attrs}`;
    // Split between pairs so that each segment's body fits the node's maximum, as ISE does.
    const parts: string[] = [];
    let current = '';
    for (const pair of body.split(/(?<!\\), /)) {
      if (current !== '' && current.length + pair.length + 2 > node.max) {
        parts.push(`${current},`);
        current = pair;
      } else current = current === '' ? pair : `${current}, ${pair}`;
    }
    parts.push(current);
    parts.forEach((part, i) => out.push(`${prefix}${parts.length} ${i} ${part}`));
  }
  // Flat strings, as the ETL gets them from `Buffer#toString`: ropes left by concatenation would be flattened
  // inside the timed parse.
  return out.slice(0, count).map((line) => Buffer.from(line, 'utf8').toString('utf8'));
}

function benchIse(): BenchResult[] {
  const lines = iseLines(LINES);
  const ctx: ParseContext = { ingestTime: Date.parse('2026-11-28T00:00:00Z') };
  const parseAll = (all: readonly string[]): number => {
    const reassembler = new IseReassembler();
    let ok = 0;
    for (let i = 0; i < all.length; i++) {
      // A fresh ref per line, as the ETL makes: the reassembler keeps refs of lines it holds.
      const ref: LineRef = { object: 'bench', line: i + 1, offset: 0 };
      for (const result of reassembler.push(all[i]!, ref, ctx)) if (result.ok) ok++;
    }
    for (const result of reassembler.flush()) if (result.ok) ok++;
    return ok;
  };
  return measureInTurn(lines, [{ parser: 'ise', zone: 'offset in body', parseAll }]);
}

function main(): void {
  const fmt = (n: number): string => n.toLocaleString('en-US').padStart(11);
  const results: BenchResult[] = [...benchDhcp(), ...benchIse()];
  console.log(`median of ${RUNS} runs over ${LINES} lines; CPU = lines per second of process CPU time, wall = per elapsed second`);
  for (const r of results) {
    console.log(
      `${r.parser.padEnd(6)} ${r.zone.padEnd(18)} CPU ${fmt(r.medianCpuLinesPerSecond)} lines/s (best ${fmt(r.bestCpuLinesPerSecond).trim()})   wall ${fmt(r.medianWallLinesPerSecond)} lines/s   (${r.records}/${r.lines} records)`,
    );
  }
}

// The line generators are also imported (equivalence dumps); only run when executed directly.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
