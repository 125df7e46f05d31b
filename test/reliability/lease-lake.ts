import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ingestFiles } from '../../src/etl/index.js';
import { LocalStore } from '../../src/storage/local.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A lake under `dir/name` whose landing holds `count` DHCPACKs of `leaseSeconds`, `gapDays` apart, the last one a
 * week ago (year-less syslog clocks must fall within the 12 months before ingest).
 */
export async function leaseLake(dir: string, name: string, count: number, gapDays: number, leaseSeconds: number): Promise<LocalStore> {
  const lines: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const t = new Date(Date.now() - 7 * 86_400_000 - (count - 1 - i) * gapDays * 86_400_000);
    const stamp = `${MONTHS[t.getUTCMonth()]} ${String(t.getUTCDate()).padStart(2, ' ')} 10:00:00`;
    lines.push(
      `<30>${stamp} infoblox-01.corp.example.com dhcpd[1]: DHCPACK on 10.64.0.${10 + i} to 00:1d:45:53:f6:${10 + i} ` +
        `(host${i}) via 10.64.0.1 relay 10.64.0.1 lease-duration ${leaseSeconds}`,
    );
  }
  const file = path.join(dir, `${name}.log`);
  await writeFile(file, `${lines.join('\n')}\n`);
  const store = new LocalStore(path.join(dir, name));
  await ingestFiles(store, 'dhcp', [file]);
  return store;
}
