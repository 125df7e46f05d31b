/** Cisco ISE remote syslog: header, attribute list, segment reassembly and typed records. */
export { IseReassembler } from './reassembler.js';
export { parseIseLines, parseIseLinesAsync, parseIseLine, type IseInputLine } from './stream.js';
export { DEFAULT_ISE_PARSER_OPTIONS, resolveIseParserOptions, type IseParserOptions } from './options.js';
export { findIseHeader, type IseHeader } from './header.js';
export { parseFirstSegmentBody, type IseFirstSegmentBody } from './body.js';
export { parseAttributeList, firstValue, allValues, type AttributeList } from './attributes.js';
export { attributeListJson } from './attributes-json.js';
export { iseAttributesJson } from './lazy-common.js';
export { buildIseRecord, isSupportedCategory, type AssembledIseMessage, type IseRecordOutcome } from './records.js';
