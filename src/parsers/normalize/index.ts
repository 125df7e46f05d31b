/** Normalisers shared by every parser: one canonical text per MAC, IP and user, epoch ms for every time. */
export { normalizeMac, macFromClientId, isMacLike } from './mac.js';
export { normalizeIp, ipVersion } from './ip.js';
export { normalizeUser } from './user.js';
export { parseIseTimestamp, resolveSyslogTime, parseEpochSeconds, monthNumber, daysInMonth, isValidTimeZone } from './time.js';
export { checkLine, DEFAULT_PARSER_LIMITS, resolveParserLimits, type ParserLimits, type LineProblem } from './line.js';
