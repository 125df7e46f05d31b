/** Public surface of the parsers: raw syslog lines in, typed records or reasons out. No storage, no GraphQL. */
export type * from './types.js';
export * from './normalize/index.js';
export { parseSyslogHeader, type SyslogHeader } from './syslog.js';
export { parseDhcpLine, createDhcpParser, type DhcpLineParser } from './dhcp/index.js';
export {
  IseReassembler,
  parseIseLines,
  parseIseLinesAsync,
  parseIseLine,
  iseAttributesJson,
  DEFAULT_ISE_PARSER_OPTIONS,
  resolveIseParserOptions,
  type IseParserOptions,
  type IseInputLine,
} from './ise/index.js';
