/** The Infoblox NIOS / ISC dhcpd line parser. */
export { parseDhcpLine, createDhcpParser, type DhcpLineParser } from './parse.js';
