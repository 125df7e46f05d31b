/**
 * An ISE message kind spelled once: its attribute list with named slots for the values that change (session ids,
 * latency, addresses, the device's own spellings). Framing a message then fills a handful of slots and joins a
 * prepared array, instead of building ~55 attribute strings and an array per message (which dominated the
 * generator's garbage). Attribute lengths stay known per attribute, so segment boundaries are decided exactly as
 * for a plain attribute list and the output is byte-identical.
 */
import type { IseSeverity } from './ise-syslog.js';

/**
 * Marks a slot inside attribute text at compile time: NUL, then the slot number as one character from U+0001 on.
 * Both stay below U+0100 so that the constant runs cut from the text are one-byte strings: a single two-byte piece
 * would make every joined message two-byte (twice the memory, and a conversion when written as latin1).
 */
const SLOT_MARK = '\u0000';
const SLOT_BASE = 1;
const MAX_SLOTS = 0xff - SLOT_BASE;

export interface IseMessageHead {
  /** `CISE_Passed_Authentications`, `CISE_RADIUS_Accounting`, ... */
  category: string;
  code: number;
  severity: IseSeverity;
  /** `Passed-Authentication: Authentication succeeded` (class and text). */
  text: string;
}

export class IseTemplate<Name extends string> implements IseMessageHead {
  readonly category: string;
  readonly code: number;
  readonly severity: IseSeverity;
  readonly text: string;
  /** Slot number of each name: `values[slots.cpm] = ...`. */
  readonly slots: Readonly<Record<Name, number>>;
  /** Current slot values; filled by the message function just before framing (the template is shared). */
  readonly values: string[];
  readonly attributeCount: number;
  /**
   * The attributes joined by `, `, as one array to join: what precedes them, then constant runs and slot values
   * alternating (`parts[2k + 2]` is `values[occurrenceSlot[k]]`, copied in by join()), then what follows them.
   */
  private readonly parts: string[];
  private readonly occurrenceSlot: number[];
  /** Length of all constant text of the joined attributes. */
  private readonly constantLength: number;
  /** Per attribute: length of its constant text, and its first slot occurrence (`attributeCount + 1` entries). */
  private readonly attributeConstant: number[];
  private readonly attributeFirstOccurrence: number[];

  /**
   * `attributes(marks)` returns the message's `key=value` pairs (values already escaped; one entry may hold several
   * pairs that must stay together), with `marks.<name>` wherever a slot's value goes.
   */
  constructor(head: IseMessageHead, names: readonly Name[], attributes: (marks: Readonly<Record<Name, string>>) => string[]) {
    this.category = head.category;
    this.code = head.code;
    this.severity = head.severity;
    this.text = head.text;
    if (names.length > MAX_SLOTS) throw new Error(`generator: ISE template ${head.category}/${head.code} has more than ${MAX_SLOTS} slots`);
    const slots = {} as Record<Name, number>;
    const marks = {} as Record<Name, string>;
    names.forEach((name, i) => {
      slots[name] = i;
      marks[name] = SLOT_MARK + String.fromCharCode(SLOT_BASE + i);
    });
    this.slots = slots;
    this.values = names.map(() => '');
    const attrs = attributes(marks);
    if (attrs.length === 0) throw new Error(`generator: ISE template ${head.category}/${head.code} has no attributes`);
    this.attributeCount = attrs.length;

    this.parts = [''];
    this.occurrenceSlot = [];
    this.attributeConstant = [];
    this.attributeFirstOccurrence = [];
    let run = '';
    let constantLength = 0;
    attrs.forEach((attr, i) => {
      if (i > 0) run += ', ';
      this.attributeFirstOccurrence.push(this.occurrenceSlot.length);
      const pieces = attr.split(SLOT_MARK);
      let constant = (pieces[0] as string).length;
      run += pieces[0] as string;
      for (let p = 1; p < pieces.length; p++) {
        const piece = pieces[p] as string;
        this.parts.push(run, '');
        this.occurrenceSlot.push(piece.charCodeAt(0) - SLOT_BASE);
        run = piece.slice(1);
        constant += run.length;
      }
      this.attributeConstant.push(constant);
      constantLength += constant + (i > 0 ? 2 : 0);
    });
    this.attributeFirstOccurrence.push(this.occurrenceSlot.length);
    this.parts.push(run, '');
    this.constantLength = constantLength;
  }

  /** Length of the attributes joined by `, ` with the current values. */
  joinedLength(): number {
    let length = this.constantLength;
    const values = this.values;
    const occurrences = this.occurrenceSlot;
    for (let k = 0; k < occurrences.length; k++) length += (values[occurrences[k] as number] as string).length;
    return length;
  }

  /** Length of attribute `i` with the current values. */
  attributeLength(i: number): number {
    let length = this.attributeConstant[i] as number;
    const values = this.values;
    const occurrences = this.occurrenceSlot;
    const end = this.attributeFirstOccurrence[i + 1] as number;
    for (let k = this.attributeFirstOccurrence[i] as number; k < end; k++) length += (values[occurrences[k] as number] as string).length;
    return length;
  }

  /**
   * `lead`, the attributes joined by `, ` with the current values, then `trail`: one flat string, built in one go
   * (a rope of the same pieces would be flattened, i.e. copied once more, when written out).
   */
  join(lead: string, trail: string): string {
    const parts = this.parts;
    const values = this.values;
    const occurrences = this.occurrenceSlot;
    parts[0] = lead;
    for (let k = 0; k < occurrences.length; k++) parts[2 * k + 2] = values[occurrences[k] as number] as string;
    parts[parts.length - 1] = trail;
    return parts.join('');
  }
}

/** A template whose slots have been filled: what the framer takes. */
export type IseMessage = IseTemplate<string>;
