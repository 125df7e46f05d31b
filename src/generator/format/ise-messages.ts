/**
 * The ISE messages the enterprise produces, with the attribute names and spellings of real ISE 2.x/3.x lines
 * (Metron and Elastic samples): 5200 passed authentications (802.1X, MAB, ASA VPN), 3000/3002/3001 RADIUS
 * accounting, 80002 profiler, 87000 posture and 5405 failed attempts (irrelevant to attribution).
 */
import { DNS_DOMAIN, type Device, type IseNode, type Person, type Subnet } from '../enterprise.js';
import type { IseMessage } from './ise-syslog.js';

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

function wirelessPort(device: Device): string[] {
  return [
    `Called-Station-ID=00-3a-9b-${hexByte(device.index >> 8)}-${hexByte(device.index)}-80:corp-wifi`,
    `Calling-Station-ID=${device.mac.dash}`,
  ];
}

function hexByte(n: number): string {
  return (n & 255).toString(16).padStart(2, '0');
}

/** 802.1X (PEAP/MSCHAPv2 against AD) of a person's laptop: ISE names the person and the MAC. */
export function passedAuthDot1x(device: Device, person: Person, subnet: Subnet, node: IseNode, ids: IseSessionIds): IseMessage {
  return {
    category: 'CISE_Passed_Authentications',
    code: 5200,
    severity: 'NOTICE',
    text: 'Passed-Authentication: Authentication succeeded',
    attributes: [
      `ConfigVersionId=${ids.configVersion}`,
      `Device IP Address=${subnet.nasIp}`,
      `DestinationIPAddress=${node.ip}`,
      'DestinationPort=1812',
      `UserName=${person.logged}`,
      'Protocol=Radius',
      `RequestLatency=${ids.latency}`,
      `NetworkDeviceName=${subnet.nasName}`,
      `User-Name=${person.logged}`,
      `NAS-IP-Address=${subnet.nasIp}`,
      `NAS-Port=${(device.index % 64) + 1}`,
      'Service-Type=Framed',
      'Framed-MTU=1300',
      `State=37CPMSessionID=${ids.cpm}\\;41SessionID=${ids.acs}\\;`,
      ...wirelessPort(device),
      `NAS-Identifier=${subnet.nasName}`,
      'NAS-Port-Type=Wireless - IEEE 802.11',
      'Tunnel-Type=(tag=0) VLAN',
      'Tunnel-Medium-Type=(tag=0) 802',
      `Tunnel-Private-Group-ID=(tag=0) ${100 + subnet.index}`,
      'cisco-av-pair=service-type=Framed',
      `cisco-av-pair=audit-session-id=${ids.cpm}`,
      'cisco-av-pair=method=dot1x',
      `AcsSessionID=${ids.acs}`,
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
      `CPMSessionID=${ids.cpm}`,
      `EndPointMACAddress=${device.mac.dashUpper}`,
      'PostureAssessmentStatus=NotApplicable',
      `EndPointMatchedProfile=${device.profile}`,
      'ISEPolicySetName=Wireless-Dot1X',
      'IdentitySelectionMatchedRule=Dot1X',
      `AD-User-Resolved-DNs=CN=${person.displayName}\\,OU=Staff\\,DC=corp\\,DC=example\\,DC=com`,
      `AD-User-DNS-Domain=${DNS_DOMAIN}`,
      `AD-Groups-Names=${DNS_DOMAIN}/Users/Domain Users`,
      'AD-User-NetBios-Name=CORP',
      'IsMachineIdentity=false',
      `TotalAuthenLatency=${ids.latency}`,
      'ClientLatency=12',
      'Model Name=Unknown',
      'Location=Location#All Locations#HQ',
      'Device Type=Device Type#All Device Types#Wireless#WLC',
      `Response={Class=CACS:${ids.cpm}:${ids.acs}; Tunnel-Type=(tag=1) VLAN; Tunnel-Medium-Type=(tag=1) 802; Tunnel-Private-Group-ID=(tag=1) ${100 + subnet.index}; LicenseTypes=1; }`,
    ],
  };
}

/** MAC Authentication Bypass (phones, printers, cameras): the "user" is the MAC, never a person. */
export function passedAuthMab(device: Device, subnet: Subnet, node: IseNode, ids: IseSessionIds): IseMessage {
  const wired = subnet.wired;
  return {
    category: 'CISE_Passed_Authentications',
    code: 5200,
    severity: 'NOTICE',
    text: 'Passed-Authentication: Authentication succeeded',
    attributes: [
      `ConfigVersionId=${ids.configVersion}`,
      `Device IP Address=${subnet.nasIp}`,
      `DestinationIPAddress=${node.ip}`,
      'DestinationPort=1812',
      `UserName=${device.mac.dashUpper}`,
      'Protocol=Radius',
      `RequestLatency=${ids.latency}`,
      `NetworkDeviceName=${subnet.nasName}`,
      `User-Name=${device.mac.bare}`,
      `NAS-IP-Address=${subnet.nasIp}`,
      `NAS-Port=${50000 + (device.index % 48)}`,
      'Service-Type=Call Check',
      'Framed-MTU=1500',
      wired ? `Called-Station-ID=00-21-A0-C2-${hexByte(subnet.index).toUpperCase()}-AA` : `Called-Station-ID=00-3a-9b-03-18-80:corp-iot`,
      `Calling-Station-ID=${device.mac.dashUpper}`,
      wired ? 'NAS-Port-Type=Ethernet' : 'NAS-Port-Type=Wireless - IEEE 802.11',
      ...(wired ? [`NAS-Port-Id=GigabitEthernet1/0/${(device.index % 48) + 1}`] : []),
      'cisco-av-pair=service-type=Call Check',
      `cisco-av-pair=audit-session-id=${ids.cpm}`,
      `OriginalUserName=${device.mac.bare}`,
      `AcsSessionID=${ids.acs}`,
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
      `CPMSessionID=${ids.cpm}`,
      `EndPointMACAddress=${device.mac.dashUpper}`,
      'PostureAssessmentStatus=NotApplicable',
      `EndPointMatchedProfile=${device.profile}`,
      `ISEPolicySetName=${wired ? 'Wired-MAB' : 'Wireless-MAB'}`,
      'IdentitySelectionMatchedRule=MAB',
      `Response={UserName=${device.mac.colonUpper}; User-Name=${device.mac.dashUpper}; Class=CACS:${ids.cpm}:${ids.acs}; LicenseTypes=1; }`,
    ],
  };
}

/** AnyConnect login through the ASA: Calling-Station-ID is the public IP; the MAC only in mdm-tlv=device-mac. */
export function passedAuthVpn(device: Device, person: Person, publicIp: string, asa: AsaInfo, node: IseNode, ids: IseSessionIds): IseMessage {
  return {
    category: 'CISE_Passed_Authentications',
    code: 5200,
    severity: 'NOTICE',
    text: 'Passed-Authentication: Authentication succeeded',
    attributes: [
      `ConfigVersionId=${ids.configVersion}`,
      `Device IP Address=${asa.ip}`,
      `DestinationIPAddress=${node.ip}`,
      'DestinationPort=1645',
      `UserName=${person.logged}`,
      'Protocol=Radius',
      `NetworkDeviceName=${asa.name}`,
      `User-Name=${person.logged}`,
      `NAS-IP-Address=${asa.ip}`,
      `NAS-Port=${216199168 + device.index}`,
      `Called-Station-ID=${asa.publicIp}`,
      `Calling-Station-ID=${publicIp}`,
      'NAS-Port-Type=Virtual',
      `Tunnel-Client-Endpoint=(tag=0) ${publicIp}`,
      `cisco-av-pair=mdm-tlv=device-platform=${device.profile === 'Apple-MacBook' ? 'mac-intel' : 'win'}`,
      `cisco-av-pair=mdm-tlv=device-mac=${device.mac.dash}`,
      `cisco-av-pair=mdm-tlv=device-public-mac=${device.mac.dash}`,
      'cisco-av-pair=mdm-tlv=ac-user-agent=AnyConnect Windows 4.10.05095',
      `cisco-av-pair=audit-session-id=${ids.cpm}`,
      'cisco-av-pair=coa-push=true',
      'CVPN3000/ASA/PIX7x-Tunnel-Group-Name=RA_VPN',
      `OriginalUserName=${person.logged}`,
      'NetworkDeviceProfileName=Cisco',
      'IsThirdPartyDeviceFlow=false',
      'CVPN3000/ASA/PIX7x-Client-Type=2',
      `AcsSessionID=${ids.acs}`,
      'AuthenticationIdentityStore=AD1',
      'AuthenticationMethod=PAP_ASCII',
      'SelectedAccessService=Default Network Access',
      'SelectedAuthorizationProfiles=VPN full access',
      'IsMachineAuthentication=false',
      `RequestLatency=${ids.latency}`,
      'Step=11001, Step=11017, Step=15049, Step=15008, Step=15048, Step=15041, Step=22072, Step=15013, Step=24430',
      'Step=24325, Step=24313, Step=24319, Step=24323, Step=22037, Step=15036, Step=24209, Step=15016, Step=11002',
      'AuthenticationStatus=AuthenticationPassed',
      'NetworkDeviceGroups=Location#All Locations#DC',
      'NetworkDeviceGroups=Device Type#All Device Types#ASA Firewalls',
      'IdentityPolicyMatchedRule=Default',
      'AuthorizationPolicyMatchedRule=RemoteAccess',
      `CPMSessionID=${ids.cpm}`,
      'PostureAssessmentStatus=NotApplicable',
      `EndPointMatchedProfile=${device.profile}`,
      'ISEPolicySetName=Remote Access VPN Policy',
      `AD-User-Resolved-DNs=CN=${person.displayName}\\,OU=Staff\\,DC=corp\\,DC=example\\,DC=com`,
      `AD-User-DNS-Domain=${DNS_DOMAIN}`,
      `EndPointIPAddress=${publicIp}`,
      'ASA VPN=true',
      `Response={Class=CACS:${ids.cpm}:${ids.acs}; cisco-av-pair=profile-name=${device.profile}; LicenseTypes=1; }`,
    ],
  };
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

const ACCT_TEXT = {
  Start: [3000, 'Radius-Accounting: RADIUS Accounting start request'],
  'Interim-Update': [3002, 'Radius-Accounting: RADIUS Accounting watchdog update'],
  Stop: [3001, 'Radius-Accounting: RADIUS Accounting stop request'],
} as const;

/** ASA RADIUS accounting for a VPN session: Framed-IP-Address is the pool address the session uses. */
export function vpnAccounting(device: Device, person: Person, acct: VpnAccounting, asa: AsaInfo, ids: IseSessionIds): IseMessage {
  const [code, text] = ACCT_TEXT[acct.status];
  const counters = acct.status === 'Start' ? [] : [
    'Acct-Delay-Time=0',
    `Acct-Input-Octets=${acct.octetsIn}`,
    `Acct-Output-Octets=${acct.octetsOut}`,
  ];
  const timing = acct.status === 'Start' ? [] : [
    `Acct-Session-Time=${acct.sessionTime}`,
    `Acct-Input-Packets=${Math.floor(acct.octetsIn / 700)}`,
    `Acct-Output-Packets=${Math.floor(acct.octetsOut / 900)}`,
  ];
  return {
    category: 'CISE_RADIUS_Accounting',
    code,
    severity: 'NOTICE',
    text,
    attributes: [
      `ConfigVersionId=${ids.configVersion}`,
      `Device IP Address=${asa.ip}`,
      `RequestLatency=${ids.latency}`,
      `NetworkDeviceName=${asa.name}`,
      `User-Name=${person.logged}`,
      `NAS-IP-Address=${asa.ip}`,
      `NAS-Port=${216199168 + device.index}`,
      `Framed-IP-Address=${acct.framedIp}`,
      `Class=CACS:${ids.cpm}:${ids.acs}`,
      `Called-Station-ID=${asa.publicIp}`,
      `Calling-Station-ID=${acct.publicIp}`,
      'NAS-Port-Type=Virtual',
      `Tunnel-Client-Endpoint=(tag=0) ${acct.publicIp}`,
      `Acct-Status-Type=${acct.status}`,
      ...counters,
      `Acct-Session-Id=${acct.sessionId}`,
      'Acct-Authentic=RADIUS',
      ...timing,
      ...(acct.status === 'Stop' ? ['Acct-Terminate-Cause=User Request'] : []),
      `Event-Timestamp=${acct.eventTimestamp}`,
      `cisco-av-pair=mdm-tlv=device-mac=${device.mac.dash}`,
      `cisco-av-pair=audit-session-id=${ids.cpm}`,
      'CVPN3000/ASA/PIX7x-Tunnel-Group-Name=RA_VPN',
      'CVPN3000/ASA/PIX7x-Client-Type=2',
      `AcsSessionID=${ids.acs}`,
      'SelectedAccessService=Default Network Access',
      ACCT_STEPS,
      'NetworkDeviceGroups=Location#All Locations#DC',
      'NetworkDeviceGroups=Device Type#All Device Types#ASA Firewalls',
      `CPMSessionID=${ids.cpm}`,
      'Location=Location#All Locations#DC',
      'Device Type=Device Type#All Device Types#ASA Firewalls',
    ],
  };
}

/** Profiler event; EndpointIPAddress is optional in real data (absent in 7 of 8 Metron events). */
export function profiler(device: Device, ip: string | null, subnet: Subnet, node: IseNode, ids: IseSessionIds): IseMessage {
  const property = [
    'StaticAssignment=false',
    `Calling-Station-ID=${device.mac.dash}`,
    'PostureApplicable=Yes',
    ...(device.hostname === null ? [] : [`host-name=${device.hostname}`]),
    'BYODRegistration=Unknown',
    `FirstCollection=${1700000000000 + device.index * 7919}`,
    ...(ip === null ? [] : [`Framed-IP-Address=${ip}`]),
    'StaticGroupAssignment=false',
    'DeviceRegistrationStatus=NotRegistered',
    `PolicyVersion=${ids.configVersion}`,
    'Total Certainty Factor=40',
    'NmapSubnetScanID=0',
    'PortalUser=',
  ].join('\\,');
  return {
    category: 'CISE_Profiler',
    code: 80002,
    severity: 'INFO',
    text: 'Profiler: Profiler EndPoint profiling event occurred',
    attributes: [
      `ConfigVersionId=${ids.configVersion}`,
      'EndpointCertainityMetric=40',
      ...(ip === null ? [] : [`EndpointIPAddress=${ip}`]),
      `EndpointMacAddress=${device.mac.colonUpper}`,
      `EndpointMatchedPolicy=${device.profile}`,
      `EndpointNADAddress=${subnet.nasIp}`,
      `EndpointOUI=${device.oui.vendor}`,
      `EndpointPolicy=${device.profile}`,
      `EndpointProperty=${property}`,
      `EndpointSourceEvent=${ip === null ? 'RADIUS Probe' : 'DHCP Probe'}`,
      `EndpointIdentityGroup=${device.kind === 'laptop' ? 'Workstation' : 'Profiled'}`,
      `ProfilerServer=${node.host}.${DNS_DOMAIN}`,
    ],
  };
}

/** AnyConnect posture report (87000): names the logged-on person, the endpoint's IP and MAC. */
export function posture(device: Device, person: Person, ip: string, ids: IseSessionIds): IseMessage {
  return {
    category: 'CISE_Posture_and_Client_Provisioning_Audit',
    code: 87000,
    severity: 'NOTICE',
    text: 'Posture: Endpoint Posture Report Received',
    attributes: [
      `ConfigVersionId=${ids.configVersion}`,
      `UserName=${person.logged}`,
      `MacAddress=${device.mac.colonUpper}`,
      `IpAddress=${ip}`,
      `OperatingSystem=${device.profile === 'Apple-MacBook' ? 'Mac OSX 13.6.1' : 'Windows 10 Enterprise 64-bit'}`,
      'PostureAgentVersion=4.10.05095',
      'PostureStatus=Compliant',
      'PosturePolicyMatched=Corp_AV_Check\\,Corp_Disk_Encryption',
      'PRAAction=N/A',
      `SessionId=${ids.cpm}`,
      `SystemName =${device.hostname ?? device.mac.bare}`,
      `SystemDomain=${DNS_DOMAIN}`,
      `SystemUser=${person.account}`,
      'SystemUserDomain=CORP',
      'AntiVirusInstalled=Cisco Secure Endpoint 8.2.1;',
      'AntiSpywareInstalled=Cisco Secure Endpoint 8.2.1;',
      'PostureReport=Corp_AV_Check;Passed;Corp_Disk_Encryption;Passed',
    ],
  };
}

/** TrustSec device noise (5405): irrelevant to attribution, as in the Metron sample. */
export function failedAttempt(nasIp: string, node: IseNode, ids: IseSessionIds): IseMessage {
  return {
    category: 'CISE_Failed_Attempts',
    code: 5405,
    severity: 'NOTICE',
    text: 'Failed-Attempt: RADIUS Request dropped',
    attributes: [
      `ConfigVersionId=${ids.configVersion}`,
      `Device IP Address=${nasIp}`,
      'Device Port=1645',
      `DestinationIPAddress=${node.ip}`,
      'DestinationPort=1812',
      'RadiusPacketType=AccessRequest',
      'UserName=#CTSREQUEST#',
      'Protocol=Radius',
      `RequestLatency=${ids.latency}`,
      'User-Name=#CTSREQUEST#',
      `NAS-IP-Address=${nasIp}`,
      'Service-Type=Outbound',
      `AcsSessionID=${ids.acs}`,
      'SelectedAccessService=NDAC_SGT_Service',
      'FailureReason=11302 Received Secure RADIUS request without a cts-pac-opaque cisco-av-pair attribute',
      'Step=11001, Step=11017, Step=15012, Step=11302',
      `CPMSessionID=${ids.cpm}`,
      'Response={RadiusPacketType=Drop; }',
    ],
  };
}
