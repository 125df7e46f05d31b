/** The record a message grammar fills in; created complete up front so every record has one shape (fast, monomorphic). */
import type { DhcpMessageType, DhcpRecord } from '../types.js';

/** Where the record's header facts come from: the syslog header, already parsed. */
export interface HeaderFacts {
  eventTime: number;
  serverHost: string | null;
}

export function newRecord(messageType: DhcpMessageType, header: HeaderFacts): DhcpRecord {
  return {
    source: 'dhcp',
    eventTime: header.eventTime,
    messageType,
    ip: null,
    mac: null,
    hostname: null,
    leaseSeconds: null,
    offeredSeconds: null,
    renew: false,
    informAck: false,
    serverHost: header.serverHost,
    via: null,
    relay: null,
    clientId: null,
    transId: null,
    leaseEvent: null,
    leaseStart: null,
    leaseEnd: null,
    failure: null,
  };
}
