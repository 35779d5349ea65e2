/** GEM's owner cells: `Chevron [50%]; ExxonMobil [25%]; KazMunayGas [unknown %]`. */

export interface OwnerShare {
  readonly name: string;
  /** A fraction (0.5 for 50 %); undefined when the tracker does not give it. */
  readonly share: number | undefined;
}

const SHARE = /\[\s*([^\]]*?)\s*\]\s*$/;
const PERCENT = /^([-+]?(?:\d+\.?\d*|\.\d+))\s*%?$/;

/**
 * Owners are separated by ";" (names may hold commas, e.g. "Gas Natural, S.A."); a share is the
 * bracket at the end of an entry. A lone owner without a share holds everything; several
 * without shares keep them undefined for the user to fill in.
 */
export function parseOwners(cell: string): OwnerShare[] {
  const entries = cell
    .split(';')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  const owners = entries
    .map((entry): OwnerShare => {
      const bracket = SHARE.exec(entry);
      const name = (bracket ? entry.slice(0, bracket.index) : entry).trim();
      const percent = bracket ? PERCENT.exec(bracket[1]!) : null;
      // Percentages are decimal text: 58.72 % is 0.5872, not the float quotient 0.58719999….
      const share = percent ? Number((Number(percent[1]) / 100).toFixed(10)) : undefined;
      return { name, share: share !== undefined && share >= 0 && share <= 1 ? share : undefined };
    })
    .filter((owner) => owner.name.length > 0);
  if (owners.length === 1 && owners[0]!.share === undefined && !SHARE.test(entries[0]!)) return [{ name: owners[0]!.name, share: 1 }];
  return owners;
}

/** An identifier from a name: lower case ASCII letters and digits joined by "-". */
export function slug(text: string): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return ascii.length > 0 ? ascii.slice(0, 60).replace(/-+$/, '') : 'x';
}
