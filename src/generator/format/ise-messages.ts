/**
 * The ISE messages the enterprise produces, with the attribute names and spellings of real ISE 2.x/3.x lines
 * (Metron and Elastic samples): 5200 passed authentications (802.1X, MAB, ASA VPN), 3000/3002/3001 RADIUS
 * accounting, 80002 profiler, 87000 posture and 5405 failed attempts (irrelevant to attribution).
 *
 * Each message kind (and variant: wired or not, with or without an address, ...) is an IseTemplate spelled once at
 * load time; the functions below fill its slots and return it. The returned template is shared: frame it before
 * asking for the next message of the same kind.
 */
import { DNS_DOMAIN, type Device, type IseNode, type Person, type Subnet } from '../enterprise.js';
import { IseTemplate, type IseMessageHead } from './ise-template.js';

/** Per-event identifiers the caller draws from its PRNG. */
export interface IseSessionIds {
  /** CPMSessionID / audit-session-id (24 hex digits). */
  cpm: string;
  /** AcsSessionID (`node/boot/counter`). */
  acs: string;
  configVersion: number;
  latency: number;
}

const DOT1X_STEPS = [
  'Step=11001, Step=11017, Step=15049, Step=15008, Step=15048, Step=15048',
  'Step=15004, Step=11507, Step=12500, Step=12625, Step=11006, Step=11001',
  'Step=11018, Step=12301, Step=12300, Step=12625, Step=11006, Step=11001',
  'Step=11018, Step=12302, Step=12318, Step=12800, Step=12805, Step=12806',
  'Step=12807, Step=12808, Step=12810, Step=12305, Step=11006, Step=11001',
  'Step=11018, Step=12304, Step=12305, Step=11006, Step=11001, Step=11018',
  'Step=12304, Step=12313, Step=11521, Step=12305, Step=11006, Step=11001',
  'Step=11018, Step=12304, Step=11522, Step=11806, Step=11808, Step=15041',
  'Step=15048, Step=22072, Step=15013, Step=24430, Step=24325, Step=24313',
  'Step=24319, Step=24323, Step=24343, Step=24402, Step=22037, Step=24715',
  'Step=15036, Step=24209, Step=24211, Step=15016, Step=22081, Step=22080',
  'Step=11503, Step=11002',
] as const;

const MAB_STEPS = 'Step=11001, Step=11017, Step=11027, Step=15049, Step=15008, Step=15048, Step=15004, Step=15041, '
  + 'Step=15006, Step=15013, Step=24209, Step=24211, Step=22037, Step=24715, Step=15036, Step=15048, Step=15016, Step=11022, Step=11002';

const ACCT_STEPS = 'Step=11004, Step=11017, Step=15049, Step=15008, Step=15048, Step=15004, Step=15006, Step=11005';

const PASSED_AUTH: IseMessageHead = {
  category: 'CISE_Passed_Authentications',
  code: 5200,
  severity: 'NOTICE',
  text: 'Passed-Authentication: Authentication succeeded',
};

function hexByte(n: number): string {
  return (n & 255).toString(16).padStart(2, '0');
}

/** `ConfigVersionId` per node, spelled once (the node's configuration never changes during a run). */
const configVersions: string[] = [];
function configVersionText(n: number): string {
  return (configVersions[n] ??= String(n));
}

/** Fills the slot every message has, and returns the template's values to fill the rest. */
function fillCommon(t: IseTemplate<'configVersion'>, ids: IseSessionIds): string[] {
  const v = t.values;
  v[t.slots.configVersion] = configVersionText(ids.configVersion);
  return v;
}

const DOT1X = new IseTemplate(PASSED_AUTH, ['configVersion', 'nasIp', 'nodeIp', 'logged', 'latency', 'nasName', 'nasPort',
  'cpm', 'acs', 'calledStation', 'macDash', 'vlan', 'macDashUpper', 'profile', 'displayName'] as const, (f) => [
  `ConfigVersionId=${f.configVersion}`,
  `Device IP Address=${f.nasIp}`,
  `DestinationIPAddress=${f.nodeIp}`,
  'DestinationPort=1812',
  `UserName=${f.logged}`,
  'Protocol=Radius',
  `RequestLatency=${f.latency}`,
  `NetworkDeviceName=${f.nasName}`,
  `User-Name=${f.logged}`,
  `NAS-IP-Address=${f.nasIp}`,
  `NAS-Port=${f.nasPort}`,
  'Service-Type=Framed',
  'Framed-MTU=1300',
  `State=37CPMSessionID=${f.cpm}\\;41SessionID=${f.acs}\\;`,
  `Called-Station-ID=00-3a-9b-${f.calledStation}-80:corp-wifi`,
  `Calling-Station-ID=${f.macDash}`,
  `NAS-Identifier=${f.nasName}`,
  'NAS-Port-Type=Wireless - IEEE 802.11',
  'Tunnel-Type=(tag=0) VLAN',
  'Tunnel-Medium-Type=(tag=0) 802',
  `Tunnel-Private-Group-ID=(tag=0) ${f.vlan}`,
  'cisco-av-pair=service-type=Framed',
  `cisco-av-pair=audit-session-id=${f.cpm}`,
  'cisco-av-pair=method=dot1x',
  `AcsSessionID=${f.acs}`,
  'AuthenticationIdentityStore=AD1',
  'AuthenticationMethod=MSCHAPV2',
  'SelectedAccessService=Default Network Access',
  'SelectedAuthorizationProfiles=Employee-Access',
  'IdentityGroup=Endpoint Identity Groups:Profiled:Workstation',
  ...DOT1X_STEPS,
  'SelectedAuthenticationIdentityStores=AD1',
  'AuthenticationStatus=AuthenticationPassed',
  'NetworkDeviceGroups=Location#All Locations#HQ',
  'NetworkDeviceGroups=Device Type#All Device Types#Wireless#WLC',
  'IdentityPolicyMatchedRule=Dot1X',
  'AuthorizationPolicyMatchedRule=Employees',
  'EapTunnel=PEAP',
  'EapAuthentication=EAP-MSCHAPv2',
  `CPMSessionID=${f.cpm}`,
  `EndPointMACAddress=${f.macDashUpper}`,
  'PostureAssessmentStatus=NotApplicable',
  `EndPointMatchedProfile=${f.profile}`,
  'ISEPolicySetName=Wireless-Dot1X',
  'IdentitySelectionMatchedRule=Dot1X',
  `AD-User-Resolved-DNs=CN=${f.displayName}\\,OU=Staff\\,DC=corp\\,DC=example\\,DC=com`,
  `AD-User-DNS-Domain=${DNS_DOMAIN}`,
  `AD-Groups-Names=${DNS_DOMAIN}/Users/Domain Users`,
  'AD-User-NetBios-Name=CORP',
  'IsMachineIdentity=false',
  `TotalAuthenLatency=${f.latency}`,
  'ClientLatency=12',
  'Model Name=Unknown',
  'Location=Location#All Locations#HQ',
  'Device Type=Device Type#All Device Types#Wireless#WLC',
  `Response={Class=CACS:${f.cpm}:${f.acs}; Tunnel-Type=(tag=1) VLAN; Tunnel-Medium-Type=(tag=1) 802; Tunnel-Private-Group-ID=(tag=1) ${f.vlan}; LicenseTypes=1; }`,
]);

/** 802.1X (PEAP/MSCHAPv2 against AD) of a person's laptop: ISE names the person and the MAC. */
export function passedAuthDot1x(device: Device, person: Person, subnet: Subnet, node: IseNode, ids: IseSessionIds): IseTemplate<string> {
  const t = DOT1X;
  const s = t.slots;
  const v = fillCommon(t, ids);
  v[s.nasIp] = subnet.nasIp;
  v[s.nodeIp] = node.ip;
  v[s.logged] = person.logged;
  v[s.latency] = String(ids.latency);
  v[s.nasName] = subnet.nasName;
  v[s.nasPort] = String((device.index % 64) + 1);
  v[s.cpm] = ids.cpm;
  v[s.acs] = ids.acs;
  v[s.calledStation] = `${hexByte(device.index >> 8)}-${hexByte(device.index)}`;
  v[s.macDash] = device.mac.dash;
  v[s.vlan] = String(100 + subnet.index);
  v[s.macDashUpper] = device.mac.dashUpper;
  v[s.profile] = device.profile;
  v[s.displayName] = person.displayName;
  return t;
}

const MAB_SLOTS = ['configVersion', 'nasIp', 'nodeIp', 'macDashUpper', 'latency', 'nasName', 'macBare', 'nasPort', 'switchByte',
  'switchPort', 'cpm', 'acs', 'profile', 'macColonUpper'] as const;

function mabTemplate(wired: boolean): IseTemplate<(typeof MAB_SLOTS)[number]> {
  return new IseTemplate(PASSED_AUTH, MAB_SLOTS, (f) => [
    `ConfigVersionId=${f.configVersion}`,
    `Device IP Address=${f.nasIp}`,
    `DestinationIPAddress=${f.nodeIp}`,
    'DestinationPort=1812',
    `UserName=${f.macDashUpper}`,
    'Protocol=Radius',
    `RequestLatency=${f.latency}`,
    `NetworkDeviceName=${f.nasName}`,
    `User-Name=${f.macBare}`,
    `NAS-IP-Address=${f.nasIp}`,
    `NAS-Port=${f.nasPort}`,
    'Service-Type=Call Check',
    'Framed-MTU=1500',
    wired ? `Called-Station-ID=00-21-A0-C2-${f.switchByte}-AA` : 'Called-Station-ID=00-3a-9b-03-18-80:corp-iot',
    `Calling-Station-ID=${f.macDashUpper}`,
    wired ? 'NAS-Port-Type=Ethernet' : 'NAS-Port-Type=Wireless - IEEE 802.11',
    ...(wired ? [`NAS-Port-Id=GigabitEthernet1/0/${f.switchPort}`] : []),
    'cisco-av-pair=service-type=Call Check',
    `cisco-av-pair=audit-session-id=${f.cpm}`,
    `OriginalUserName=${f.macBare}`,
    `AcsSessionID=${f.acs}`,
    'AuthenticationIdentityStore=Internal Endpoints',
    'AuthenticationMethod=Lookup',
    'SelectedAccessService=Default Network Access',
    `SelectedAuthorizationProfiles=${wired ? 'IoT-Access' : 'Phone-Access'}`,
    'UseCase=Host Lookup',
    'IdentityGroup=Endpoint Identity Groups:Profiled',
    MAB_STEPS,
    'SelectedAuthenticationIdentityStores=Internal Endpoints',
    'NetworkDeviceGroups=Location#All Locations#HQ',
    `NetworkDeviceGroups=Device Type#All Device Types#${wired ? 'Wired' : 'Wireless#WLC'}`,
    `AuthorizationPolicyMatchedRule=${wired ? 'IoT' : 'Phones'}`,
    'UserType=Host',
    `CPMSessionID=${f.cpm}`,
    `EndPointMACAddress=${f.macDashUpper}`,
    'PostureAssessmentStatus=NotApplicable',
    `EndPointMatchedProfile=${f.profile}`,
    `ISEPolicySetName=${wired ? 'Wired-MAB' : 'Wireless-MAB'}`,
    'IdentitySelectionMatchedRule=MAB',
    `Response={UserName=${f.macColonUpper}; User-Name=${f.macDashUpper}; Class=CACS:${f.cpm}:${f.acs}; LicenseTypes=1; }`,
  ]);
}

const MAB_WIRED = mabTemplate(true);
const MAB_WIRELESS = mabTemplate(false);

/** MAC Authentication Bypass (phones, printers, cameras): the "user" is the MAC, never a person. */
export function passedAuthMab(device: Device, subnet: Subnet, node: IseNode, ids: IseSessionIds): IseTemplate<string> {
  const t = subnet.wired ? MAB_WIRED : MAB_WIRELESS;
  const s = t.slots;
  const v = fillCommon(t, ids);
  v[s.nasIp] = subnet.nasIp;
  v[s.nodeIp] = node.ip;
  v[s.macDashUpper] = device.mac.dashUpper;
  v[s.latency] = String(ids.latency);
  v[s.nasName] = subnet.nasName;
  v[s.macBare] = device.mac.bare;
  v[s.nasPort] = String(50000 + (device.index % 48));
  v[s.switchByte] = subnet.wired ? hexByte(subnet.index).toUpperCase() : '';
  v[s.switchPort] = subnet.wired ? String((device.index % 48) + 1) : '';
  v[s.cpm] = ids.cpm;
  v[s.acs] = ids.acs;
  v[s.profile] = device.profile;
  v[s.macColonUpper] = device.mac.colonUpper;
  return t;
}

const VPN_AUTH = new IseTemplate(PASSED_AUTH, ['configVersion', 'asaIp', 'nodeIp', 'logged', 'asaName', 'nasPort', 'asaPublicIp',
  'publicIp', 'platform', 'macDash', 'cpm', 'acs', 'latency', 'profile', 'displayName'] as const, (f) => [
  `ConfigVersionId=${f.configVersion}`,
  `Device IP Address=${f.asaIp}`,
  `DestinationIPAddress=${f.nodeIp}`,
  'DestinationPort=1645',
  `UserName=${f.logged}`,
  'Protocol=Radius',
  `NetworkDeviceName=${f.asaName}`,
  `User-Name=${f.logged}`,
  `NAS-IP-Address=${f.asaIp}`,
  `NAS-Port=${f.nasPort}`,
  `Called-Station-ID=${f.asaPublicIp}`,
  `Calling-Station-ID=${f.publicIp}`,
  'NAS-Port-Type=Virtual',
  `Tunnel-Client-Endpoint=(tag=0) ${f.publicIp}`,
  `cisco-av-pair=mdm-tlv=device-platform=${f.platform}`,
  `cisco-av-pair=mdm-tlv=device-mac=${f.macDash}`,
  `cisco-av-pair=mdm-tlv=device-public-mac=${f.macDash}`,
  'cisco-av-pair=mdm-tlv=ac-user-agent=AnyConnect Windows 4.10.05095',
  `cisco-av-pair=audit-session-id=${f.cpm}`,
  'cisco-av-pair=coa-push=true',
  'CVPN3000/ASA/PIX7x-Tunnel-Group-Name=RA_VPN',
  `OriginalUserName=${f.logged}`,
  'NetworkDeviceProfileName=Cisco',
  'IsThirdPartyDeviceFlow=false',
  'CVPN3000/ASA/PIX7x-Client-Type=2',
  `AcsSessionID=${f.acs}`,
  'AuthenticationIdentityStore=AD1',
  'AuthenticationMethod=PAP_ASCII',
  'SelectedAccessService=Default Network Access',
  'SelectedAuthorizationProfiles=VPN full access',
  'IsMachineAuthentication=false',
  `RequestLatency=${f.latency}`,
  'Step=11001, Step=11017, Step=15049, Step=15008, Step=15048, Step=15041, Step=22072, Step=15013, Step=24430',
  'Step=24325, Step=24313, Step=24319, Step=24323, Step=22037, Step=15036, Step=24209, Step=15016, Step=11002',
  'AuthenticationStatus=AuthenticationPassed',
  'NetworkDeviceGroups=Location#All Locations#DC',
  'NetworkDeviceGroups=Device Type#All Device Types#ASA Firewalls',
  'IdentityPolicyMatchedRule=Default',
  'AuthorizationPolicyMatchedRule=RemoteAccess',
  `CPMSessionID=${f.cpm}`,
  'PostureAssessmentStatus=NotApplicable',
  `EndPointMatchedProfile=${f.profile}`,
  'ISEPolicySetName=Remote Access VPN Policy',
  `AD-User-Resolved-DNs=CN=${f.displayName}\\,OU=Staff\\,DC=corp\\,DC=example\\,DC=com`,
  `AD-User-DNS-Domain=${DNS_DOMAIN}`,
  `EndPointIPAddress=${f.publicIp}`,
  'ASA VPN=true',
  `Response={Class=CACS:${f.cpm}:${f.acs}; cisco-av-pair=profile-name=${f.profile}; LicenseTypes=1; }`,
]);

/** AnyConnect login through the ASA: Calling-Station-ID is the public IP; the MAC only in mdm-tlv=device-mac. */
export function passedAuthVpn(device: Device, person: Person, publicIp: string, asa: AsaInfo, node: IseNode, ids: IseSessionIds): IseTemplate<string> {
  const t = VPN_AUTH;
  const s = t.slots;
  const v = fillCommon(t, ids);
  v[s.asaIp] = asa.ip;
  v[s.nodeIp] = node.ip;
  v[s.logged] = person.logged;
  v[s.asaName] = asa.name;
  v[s.nasPort] = String(216199168 + device.index);
  v[s.asaPublicIp] = asa.publicIp;
  v[s.publicIp] = publicIp;
  v[s.platform] = device.profile === 'Apple-MacBook' ? 'mac-intel' : 'win';
  v[s.macDash] = device.mac.dash;
  v[s.cpm] = ids.cpm;
  v[s.acs] = ids.acs;
  v[s.latency] = String(ids.latency);
  v[s.profile] = device.profile;
  v[s.displayName] = person.displayName;
  return t;
}

export interface AsaInfo {
  name: string;
  ip: string;
  publicIp: string;
}

export interface VpnAccounting {
  status: 'Start' | 'Interim-Update' | 'Stop';
  sessionId: string;
  framedIp: string;
  publicIp: string;
  /** Whole seconds since the Start (Interim and Stop). */
  sessionTime: number;
  /** Epoch seconds the ASA stamped (Event-Timestamp). */
  eventTimestamp: number;
  octetsIn: number;
  octetsOut: number;
}

const ACCT_SLOTS = ['configVersion', 'asaIp', 'latency', 'asaName', 'logged', 'nasPort', 'framedIp', 'cpm', 'acs', 'asaPublicIp',
  'publicIp', 'octetsIn', 'octetsOut', 'sessionId', 'sessionTime', 'packetsIn', 'packetsOut', 'eventTimestamp', 'macDash'] as const;

/** ASA RADIUS accounting of one status: Start carries no counters, Stop a terminate cause. */
function accountingTemplate(status: VpnAccounting['status'], code: number, text: string): IseTemplate<(typeof ACCT_SLOTS)[number]> {
  const head: IseMessageHead = { category: 'CISE_RADIUS_Accounting', code, severity: 'NOTICE', text };
  return new IseTemplate(head, ACCT_SLOTS, (f) => {
    const counters = status === 'Start' ? [] : [
      'Acct-Delay-Time=0',
      `Acct-Input-Octets=${f.octetsIn}`,
      `Acct-Output-Octets=${f.octetsOut}`,
    ];
    const timing = status === 'Start' ? [] : [
      `Acct-Session-Time=${f.sessionTime}`,
      `Acct-Input-Packets=${f.packetsIn}`,
      `Acct-Output-Packets=${f.packetsOut}`,
    ];
    return [
      `ConfigVersionId=${f.configVersion}`,
      `Device IP Address=${f.asaIp}`,
      `RequestLatency=${f.latency}`,
      `NetworkDeviceName=${f.asaName}`,
      `User-Name=${f.logged}`,
      `NAS-IP-Address=${f.asaIp}`,
      `NAS-Port=${f.nasPort}`,
      `Framed-IP-Address=${f.framedIp}`,
      `Class=CACS:${f.cpm}:${f.acs}`,
      `Called-Station-ID=${f.asaPublicIp}`,
      `Calling-Station-ID=${f.publicIp}`,
      'NAS-Port-Type=Virtual',
      `Tunnel-Client-Endpoint=(tag=0) ${f.publicIp}`,
      `Acct-Status-Type=${status}`,
      ...counters,
      `Acct-Session-Id=${f.sessionId}`,
      'Acct-Authentic=RADIUS',
      ...timing,
      ...(status === 'Stop' ? ['Acct-Terminate-Cause=User Request'] : []),
      `Event-Timestamp=${f.eventTimestamp}`,
      `cisco-av-pair=mdm-tlv=device-mac=${f.macDash}`,
      `cisco-av-pair=audit-session-id=${f.cpm}`,
      'CVPN3000/ASA/PIX7x-Tunnel-Group-Name=RA_VPN',
      'CVPN3000/ASA/PIX7x-Client-Type=2',
      `AcsSessionID=${f.acs}`,
      'SelectedAccessService=Default Network Access',
      ACCT_STEPS,
      'NetworkDeviceGroups=Location#All Locations#DC',
      'NetworkDeviceGroups=Device Type#All Device Types#ASA Firewalls',
      `CPMSessionID=${f.cpm}`,
      'Location=Location#All Locations#DC',
      'Device Type=Device Type#All Device Types#ASA Firewalls',
    ];
  });
}

const ACCOUNTING = {
  Start: accountingTemplate('Start', 3000, 'Radius-Accounting: RADIUS Accounting start request'),
  'Interim-Update': accountingTemplate('Interim-Update', 3002, 'Radius-Accounting: RADIUS Accounting watchdog update'),
  Stop: accountingTemplate('Stop', 3001, 'Radius-Accounting: RADIUS Accounting stop request'),
} as const;

/** ASA RADIUS accounting for a VPN session: Framed-IP-Address is the pool address the session uses. */
export function vpnAccounting(device: Device, person: Person, acct: VpnAccounting, asa: AsaInfo, ids: IseSessionIds): IseTemplate<string> {
  const t = ACCOUNTING[acct.status];
  const s = t.slots;
  const v = fillCommon(t, ids);
  v[s.asaIp] = asa.ip;
  v[s.latency] = String(ids.latency);
  v[s.asaName] = asa.name;
  v[s.logged] = person.logged;
  v[s.nasPort] = String(216199168 + device.index);
  v[s.framedIp] = acct.framedIp;
  v[s.cpm] = ids.cpm;
  v[s.acs] = ids.acs;
  v[s.asaPublicIp] = asa.publicIp;
  v[s.publicIp] = acct.publicIp;
  v[s.sessionId] = acct.sessionId;
  v[s.eventTimestamp] = String(acct.eventTimestamp);
  v[s.macDash] = device.mac.dash;
  if (acct.status !== 'Start') {
    v[s.octetsIn] = String(acct.octetsIn);
    v[s.octetsOut] = String(acct.octetsOut);
    v[s.sessionTime] = String(acct.sessionTime);
    v[s.packetsIn] = String(Math.floor(acct.octetsIn / 700));
    v[s.packetsOut] = String(Math.floor(acct.octetsOut / 900));
  }
  return t;
}

const PROFILER_SLOTS = ['configVersion', 'macDash', 'hostname', 'firstCollection', 'ip', 'macColonUpper', 'profile', 'nasIp',
  'vendor', 'identityGroup', 'nodeHost'] as const;

/** Profiler event with or without the endpoint's address, and with or without its DHCP host name. */
function profilerTemplate(withIp: boolean, withHostname: boolean): IseTemplate<(typeof PROFILER_SLOTS)[number]> {
  const head: IseMessageHead = { category: 'CISE_Profiler', code: 80002, severity: 'INFO', text: 'Profiler: Profiler EndPoint profiling event occurred' };
  return new IseTemplate(head, PROFILER_SLOTS, (f) => {
    const property = [
      'StaticAssignment=false',
      `Calling-Station-ID=${f.macDash}`,
      'PostureApplicable=Yes',
      ...(withHostname ? [`host-name=${f.hostname}`] : []),
      'BYODRegistration=Unknown',
      `FirstCollection=${f.firstCollection}`,
      ...(withIp ? [`Framed-IP-Address=${f.ip}`] : []),
      'StaticGroupAssignment=false',
      'DeviceRegistrationStatus=NotRegistered',
      `PolicyVersion=${f.configVersion}`,
      'Total Certainty Factor=40',
      'NmapSubnetScanID=0',
      'PortalUser=',
    ].join('\\,');
    return [
      `ConfigVersionId=${f.configVersion}`,
      'EndpointCertainityMetric=40',
      ...(withIp ? [`EndpointIPAddress=${f.ip}`] : []),
      `EndpointMacAddress=${f.macColonUpper}`,
      `EndpointMatchedPolicy=${f.profile}`,
      `EndpointNADAddress=${f.nasIp}`,
      `EndpointOUI=${f.vendor}`,
      `EndpointPolicy=${f.profile}`,
      `EndpointProperty=${property}`,
      `EndpointSourceEvent=${withIp ? 'DHCP Probe' : 'RADIUS Probe'}`,
      `EndpointIdentityGroup=${f.identityGroup}`,
      `ProfilerServer=${f.nodeHost}.${DNS_DOMAIN}`,
    ];
  });
}

/** Indexed by (ip present ? 2 : 0) + (host name present ? 1 : 0). */
const PROFILER = [profilerTemplate(false, false), profilerTemplate(false, true), profilerTemplate(true, false), profilerTemplate(true, true)] as const;

/** Profiler event; EndpointIPAddress is optional in real data (absent in 7 of 8 Metron events). */
export function profiler(device: Device, ip: string | null, subnet: Subnet, node: IseNode, ids: IseSessionIds): IseTemplate<string> {
  const t = PROFILER[(ip === null ? 0 : 2) + (device.hostname === null ? 0 : 1)] as IseTemplate<(typeof PROFILER_SLOTS)[number]>;
  const s = t.slots;
  const v = fillCommon(t, ids);
  v[s.macDash] = device.mac.dash;
  v[s.hostname] = device.hostname ?? '';
  v[s.firstCollection] = String(1700000000000 + device.index * 7919);
  v[s.ip] = ip ?? '';
  v[s.macColonUpper] = device.mac.colonUpper;
  v[s.profile] = device.profile;
  v[s.nasIp] = subnet.nasIp;
  v[s.vendor] = device.oui.vendor;
  v[s.identityGroup] = device.kind === 'laptop' ? 'Workstation' : 'Profiled';
  v[s.nodeHost] = node.host;
  return t;
}

const POSTURE = new IseTemplate({
  category: 'CISE_Posture_and_Client_Provisioning_Audit',
  code: 87000,
  severity: 'NOTICE',
  text: 'Posture: Endpoint Posture Report Received',
}, ['configVersion', 'logged', 'macColonUpper', 'ip', 'os', 'cpm', 'systemName', 'account'] as const, (f) => [
  `ConfigVersionId=${f.configVersion}`,
  `UserName=${f.logged}`,
  `MacAddress=${f.macColonUpper}`,
  `IpAddress=${f.ip}`,
  `OperatingSystem=${f.os}`,
  'PostureAgentVersion=4.10.05095',
  'PostureStatus=Compliant',
  'PosturePolicyMatched=Corp_AV_Check\\,Corp_Disk_Encryption',
  'PRAAction=N/A',
  `SessionId=${f.cpm}`,
  `SystemName =${f.systemName}`,
  `SystemDomain=${DNS_DOMAIN}`,
  `SystemUser=${f.account}`,
  'SystemUserDomain=CORP',
  'AntiVirusInstalled=Cisco Secure Endpoint 8.2.1;',
  'AntiSpywareInstalled=Cisco Secure Endpoint 8.2.1;',
  'PostureReport=Corp_AV_Check;Passed;Corp_Disk_Encryption;Passed',
]);

/** AnyConnect posture report (87000): names the logged-on person, the endpoint's IP and MAC. */
export function posture(device: Device, person: Person, ip: string, ids: IseSessionIds): IseTemplate<string> {
  const t = POSTURE;
  const s = t.slots;
  const v = fillCommon(t, ids);
  v[s.logged] = person.logged;
  v[s.macColonUpper] = device.mac.colonUpper;
  v[s.ip] = ip;
  v[s.os] = device.profile === 'Apple-MacBook' ? 'Mac OSX 13.6.1' : 'Windows 10 Enterprise 64-bit';
  v[s.cpm] = ids.cpm;
  v[s.systemName] = device.hostname ?? device.mac.bare;
  v[s.account] = person.account;
  return t;
}

const FAILED_ATTEMPT = new IseTemplate({
  category: 'CISE_Failed_Attempts',
  code: 5405,
  severity: 'NOTICE',
  text: 'Failed-Attempt: RADIUS Request dropped',
}, ['configVersion', 'nasIp', 'nodeIp', 'latency', 'acs', 'cpm'] as const, (f) => [
  `ConfigVersionId=${f.configVersion}`,
  `Device IP Address=${f.nasIp}`,
  'Device Port=1645',
  `DestinationIPAddress=${f.nodeIp}`,
  'DestinationPort=1812',
  'RadiusPacketType=AccessRequest',
  'UserName=#CTSREQUEST#',
  'Protocol=Radius',
  `RequestLatency=${f.latency}`,
  'User-Name=#CTSREQUEST#',
  `NAS-IP-Address=${f.nasIp}`,
  'Service-Type=Outbound',
  `AcsSessionID=${f.acs}`,
  'SelectedAccessService=NDAC_SGT_Service',
  'FailureReason=11302 Received Secure RADIUS request without a cts-pac-opaque cisco-av-pair attribute',
  'Step=11001, Step=11017, Step=15012, Step=11302',
  `CPMSessionID=${f.cpm}`,
  'Response={RadiusPacketType=Drop; }',
]);

/** TrustSec device noise (5405): irrelevant to attribution, as in the Metron sample. */
export function failedAttempt(nasIp: string, node: IseNode, ids: IseSessionIds): IseTemplate<string> {
  const t = FAILED_ATTEMPT;
  const s = t.slots;
  const v = fillCommon(t, ids);
  v[s.nasIp] = nasIp;
  v[s.nodeIp] = node.ip;
  v[s.latency] = String(ids.latency);
  v[s.acs] = ids.acs;
  v[s.cpm] = ids.cpm;
  return t;
}
