/**
 * Tuning of the attribution rules, with every default in one place.
 * The generator computes its ground truth with the same defaults (see docs/attribution.md).
 */
export interface AttributionOptions {
  /** Lease length for a DHCPACK that carries no `lease-duration` (stock ISC dhcpd never logs one). */
  defaultLeaseSeconds: number;
  /** How far before a DHCP lease's Start an ISE sighting of the MAC may name its user. */
  stitchLookBackSeconds: number;
  /** How far after a DHCP lease's Start an ISE sighting still counts (ISE often logs just after the ACK). */
  stitchGraceSeconds: number;
  /**
   * How long after its last accounting record an open RADIUS session (Stop never seen) is still asserted.
   * Past it the session stays open in its row (End null) but is no longer placed in later hours, so
   * instant lookups stop naming it: a session we stopped hearing about is not claimed forever.
   */
  openIntervalHorizonSeconds: number;
}

export const defaultAttributionOptions: Readonly<AttributionOptions> = Object.freeze({
  defaultLeaseSeconds: 43_200,
  stitchLookBackSeconds: 86_400,
  stitchGraceSeconds: 300,
  // Accounting interims come at most hourly in practice (often every 10–60 min): a day of silence is not a live session.
  openIntervalHorizonSeconds: 86_400,
});

/** Fill unset options with the defaults and reject values that would make the rules meaningless. */
export function resolveAttributionOptions(partial: Partial<AttributionOptions> = {}): AttributionOptions {
  const options: AttributionOptions = { ...defaultAttributionOptions };
  for (const [name, value] of Object.entries(partial) as [keyof AttributionOptions, number | undefined][]) {
    if (value !== undefined) options[name] = value;
  }
  for (const [name, value] of Object.entries(options)) {
    if (!Number.isFinite(value) || value < 0) {
      throw new Error(`attribution: option ${name} must be a finite number of seconds >= 0, got ${String(value)}`);
    }
  }
  if (options.defaultLeaseSeconds === 0) {
    throw new Error('attribution: option defaultLeaseSeconds must be > 0 (a zero lease would open empty intervals)');
  }
  return options;
}
