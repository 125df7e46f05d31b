export { parseDhcpLine, createDhcpParser, type DhcpLineParser } from './parse.js';
