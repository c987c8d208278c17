/**
 * The areas the National Weather Service's `area` parameter takes for land alerts: the 50
 * states, DC and the territories. Used to check a code before any upstream call, to accept
 * a full name ("Kansas"), and to complete `weather://alerts/{state}`.
 */
export const US_AREAS: ReadonlyArray<readonly [code: string, name: string]> = [
  ['AL', 'Alabama'],
  ['AK', 'Alaska'],
  ['AS', 'American Samoa'],
  ['AZ', 'Arizona'],
  ['AR', 'Arkansas'],
  ['CA', 'California'],
  ['CO', 'Colorado'],
  ['CT', 'Connecticut'],
  ['DE', 'Delaware'],
  ['DC', 'District of Columbia'],
  ['FL', 'Florida'],
  ['GA', 'Georgia'],
  ['GU', 'Guam'],
  ['HI', 'Hawaii'],
  ['ID', 'Idaho'],
  ['IL', 'Illinois'],
  ['IN', 'Indiana'],
  ['IA', 'Iowa'],
  ['KS', 'Kansas'],
  ['KY', 'Kentucky'],
  ['LA', 'Louisiana'],
  ['ME', 'Maine'],
  ['MD', 'Maryland'],
  ['MA', 'Massachusetts'],
  ['MI', 'Michigan'],
  ['MN', 'Minnesota'],
  ['MS', 'Mississippi'],
  ['MO', 'Missouri'],
  ['MT', 'Montana'],
  ['NE', 'Nebraska'],
  ['NV', 'Nevada'],
  ['NH', 'New Hampshire'],
  ['NJ', 'New Jersey'],
  ['NM', 'New Mexico'],
  ['NY', 'New York'],
  ['NC', 'North Carolina'],
  ['ND', 'North Dakota'],
  ['MP', 'Northern Mariana Islands'],
  ['OH', 'Ohio'],
  ['OK', 'Oklahoma'],
  ['OR', 'Oregon'],
  ['PA', 'Pennsylvania'],
  ['PR', 'Puerto Rico'],
  ['RI', 'Rhode Island'],
  ['SC', 'South Carolina'],
  ['SD', 'South Dakota'],
  ['TN', 'Tennessee'],
  ['TX', 'Texas'],
  ['UT', 'Utah'],
  ['VT', 'Vermont'],
  ['VI', 'U.S. Virgin Islands'],
  ['VA', 'Virginia'],
  ['WA', 'Washington'],
  ['WV', 'West Virginia'],
  ['WI', 'Wisconsin'],
  ['WY', 'Wyoming'],
];

const BY_CODE = new Map(US_AREAS.map(([code, name]) => [code, name]));
const BY_NAME = new Map(US_AREAS.map(([code, name]) => [fold(name), code]));

function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/gi, ' ')
    .trim()
    .toLowerCase();
}

/** `KS`, `ks` or `Kansas` → `KS`; anything else → `undefined`. */
export function toAreaCode(input: string): string | undefined {
  const trimmed = input.trim();
  const upper = trimmed.toUpperCase();
  if (BY_CODE.has(upper)) return upper;
  return BY_NAME.get(fold(trimmed));
}

export function areaName(code: string): string | undefined {
  return BY_CODE.get(code);
}

/** Codes whose code or name starts with `prefix` (case-insensitive), for completion. */
export function completeAreaCodes(prefix: string, limit = 20): string[] {
  const folded = fold(prefix);
  const upper = prefix.trim().toUpperCase();
  return US_AREAS.filter(([code, name]) => code.startsWith(upper) || fold(name).startsWith(folded))
    .map(([code]) => code)
    .slice(0, limit);
}
