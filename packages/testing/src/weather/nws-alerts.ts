import { createHash } from 'node:crypto';
import { isoWithOffset, localClock, timeZoneAbbreviation, utcOffsetSeconds } from './local-time.js';
import type { ForecastOffice } from './nws-grid.js';
import { FORECAST_OFFICES } from './nws-grid.js';

/**
 * Active NWS alerts as `/alerts/active` serves them: the fake keeps a list of alerts described
 * briefly (event, areas, a box for `point=` queries, timing relative to the fake's clock) and
 * writes each one out as the full CAP-derived GeoJSON feature, with headline, VTEC and codes.
 */

export interface FakeAlert {
  /** The event, e.g. "Winter Storm Warning". */
  event: string;
  /** Two-letter state, territory or marine area codes it is issued for (what `area=` matches). */
  areas: string[];
  /** What `point=` matches; an alert without a box is found by area only. */
  box?: { south: number; west: number; north: number; east: number };
  /** Issuing office id, e.g. "TOP". @default the first office in the first area */
  office?: string;
  /** @default the names of `areas` */
  areaDesc?: string;
  /** UGC codes, e.g. ["KSZ040"]. @default one made-up zone per area */
  zones?: string[];
  /** @default 'Moderate' */
  severity?: 'Extreme' | 'Severe' | 'Moderate' | 'Minor' | 'Unknown';
  /** @default 'Likely' */
  certainty?: 'Observed' | 'Likely' | 'Possible' | 'Unlikely' | 'Unknown';
  /** @default 'Expected' */
  urgency?: 'Immediate' | 'Expected' | 'Future' | 'Past' | 'Unknown';
  /** @default 'Monitor' */
  response?: 'Shelter' | 'Evacuate' | 'Prepare' | 'Execute' | 'Avoid' | 'Monitor' | 'AllClear' | 'None';
  description?: string;
  instruction?: string | null;
  /** When it starts, in minutes from when the alerts were set (negative: already under way). @default -60 */
  onsetInMinutes?: number;
  /** How long it lasts from onset. @default 720 */
  durationMinutes?: number;
  /** @default 'Actual' */
  status?: 'Actual' | 'Exercise' | 'System' | 'Test' | 'Draft';
  /** @default 'Alert' */
  messageType?: 'Alert' | 'Update' | 'Cancel';
}

/** What the fake starts with: a few alerts in Kansas, Florida and Alaska, none anywhere else. */
export const DEFAULT_ALERTS: readonly FakeAlert[] = [
  {
    event: 'Winter Storm Warning',
    areas: ['KS'],
    office: 'TOP',
    box: { south: 38.6, west: -96.1, north: 39.6, east: -95.0 },
    areaDesc: 'Jackson; Jefferson; Shawnee; Douglas; Osage',
    zones: ['KSZ024', 'KSZ025', 'KSZ026', 'KSZ039', 'KSZ040'],
    response: 'Prepare',
    description:
      '* WHAT...Heavy snow expected. Total snow accumulations of 6 to 10 inches. Winds gusting as high as 35 mph.\n\n* WHERE...Jackson, Jefferson, Shawnee, Douglas and Osage Counties.\n\n* WHEN...Until noon tomorrow.\n\n* IMPACTS...Travel could be very difficult to impossible. Blowing snow could significantly reduce visibility.',
    instruction: 'If you must travel, keep an extra flashlight, food, and water in your vehicle in case of an emergency.',
    durationMinutes: 1080,
  },
  {
    event: 'Wind Advisory',
    areas: ['KS'],
    office: 'DDC',
    box: { south: 37.4, west: -101.1, north: 38.4, east: -99.5 },
    areaDesc: 'Finney; Gray; Ford; Hodgeman',
    zones: ['KSZ043', 'KSZ045', 'KSZ064', 'KSZ046'],
    severity: 'Minor',
    response: 'Execute',
    description:
      '* WHAT...Northwest winds 25 to 35 mph with gusts up to 50 mph expected.\n\n* WHERE...Finney, Gray, Ford and Hodgeman Counties.\n\n* IMPACTS...Gusty winds will blow around unsecured objects.',
    instruction: 'Use extra caution when driving, especially if operating a high profile vehicle. Secure outdoor objects.',
    onsetInMinutes: 120,
    durationMinutes: 600,
  },
  {
    event: 'Rip Current Statement',
    areas: ['FL'],
    office: 'MFL',
    box: { south: 25.2, west: -80.35, north: 26.0, east: -80.0 },
    areaDesc: 'Coastal Miami-Dade County',
    zones: ['FLZ173'],
    response: 'Avoid',
    description:
      '* WHAT...Dangerous rip currents.\n\n* WHERE...Coastal Miami-Dade County.\n\n* IMPACTS...Rip currents can sweep even the best swimmers away from shore into deeper water.',
    instruction: 'Swim near a lifeguard. If caught in a rip current, relax and float. Do not swim against the current.',
    onsetInMinutes: -30,
    durationMinutes: 900,
  },
  {
    event: 'Winter Weather Advisory',
    areas: ['AK'],
    office: 'AFC',
    box: { south: 60.9, west: -150.6, north: 61.8, east: -148.8 },
    areaDesc: 'Anchorage; Matanuska Valley',
    zones: ['AKZ725', 'AKZ730'],
    response: 'Execute',
    description:
      '* WHAT...Snow expected. Total snow accumulations of 3 to 6 inches.\n\n* WHERE...Anchorage and the Matanuska Valley.\n\n* IMPACTS...Plan on slippery road conditions.',
    instruction: 'Slow down and use caution while traveling.',
    onsetInMinutes: -180,
    durationMinutes: 900,
  },
];

// name|FIPS code, in the order of the API's own enumeration.
const AREA_TABLE =
  'AL|Alabama|01;AK|Alaska|02;AS|American Samoa|60;AR|Arkansas|05;AZ|Arizona|04;CA|California|06;CO|Colorado|08;CT|Connecticut|09;' +
  'DE|Delaware|10;DC|District of Columbia|11;FL|Florida|12;GA|Georgia|13;GU|Guam|66;HI|Hawaii|15;ID|Idaho|16;IL|Illinois|17;' +
  'IN|Indiana|18;IA|Iowa|19;KS|Kansas|20;KY|Kentucky|21;LA|Louisiana|22;ME|Maine|23;MD|Maryland|24;MA|Massachusetts|25;' +
  'MI|Michigan|26;MN|Minnesota|27;MS|Mississippi|28;MO|Missouri|29;MT|Montana|30;NE|Nebraska|31;NV|Nevada|32;NH|New Hampshire|33;' +
  'NJ|New Jersey|34;NM|New Mexico|35;NY|New York|36;NC|North Carolina|37;ND|North Dakota|38;OH|Ohio|39;OK|Oklahoma|40;OR|Oregon|41;' +
  'PA|Pennsylvania|42;PR|Puerto Rico|72;RI|Rhode Island|44;SC|South Carolina|45;SD|South Dakota|46;TN|Tennessee|47;TX|Texas|48;' +
  'UT|Utah|49;VT|Vermont|50;VI|Virgin Islands|78;VA|Virginia|51;WA|Washington|53;WV|West Virginia|54;WI|Wisconsin|55;WY|Wyoming|56;' +
  'MP|Northern Mariana Islands|69;PW|Palau|70;FM|Federated States of Micronesia|64;MH|Marshall Islands|68;' +
  'AM|Western North Atlantic Ocean|;AN|Northwest North Atlantic Ocean|;GM|Gulf of America|;LC|Lake St. Clair|;LE|Lake Erie|;' +
  'LH|Lake Huron|;LM|Lake Michigan|;LO|Lake Ontario|;LS|Lake Superior|;PH|Central Pacific Ocean|;PK|North Pacific Ocean near Alaska|;' +
  'PM|Western Pacific Ocean|;PS|South Central Pacific Ocean|;PZ|Eastern North Pacific Ocean|;SL|St. Lawrence River|';

export const ALERT_AREAS: ReadonlyMap<string, { name: string; fips: string }> = new Map(
  AREA_TABLE.split(';').map((row) => {
    const [code = '', name = '', fips = ''] = row.split('|');
    return [code, { name, fips }] as const;
  }),
);

/** VTEC phenomenon.significance, the AWIPS product that carries the event, and the NWS event code. */
const EVENT_CODES: Record<string, [vtec: string, product: string, code: string]> = {
  'Winter Storm Warning': ['WS.W', 'WSW', 'WSW'],
  'Winter Storm Watch': ['WS.A', 'WSW', 'WSA'],
  'Winter Weather Advisory': ['WW.Y', 'WSW', 'WWY'],
  'Blizzard Warning': ['BZ.W', 'WSW', 'BZW'],
  'Wind Advisory': ['WI.Y', 'NPW', 'WIY'],
  'High Wind Warning': ['HW.W', 'NPW', 'HWW'],
  'Heat Advisory': ['HT.Y', 'NPW', 'HTY'],
  'Dense Fog Advisory': ['FG.Y', 'NPW', 'FGY'],
  'Rip Current Statement': ['RP.S', 'CFW', 'RPS'],
  'Red Flag Warning': ['FW.W', 'RFW', 'FWW'],
  'Flood Warning': ['FL.W', 'FLW', 'FLW'],
  'Flash Flood Warning': ['FF.W', 'FFW', 'FFW'],
  'Severe Thunderstorm Warning': ['SV.W', 'SVR', 'SVR'],
  'Tornado Warning': ['TO.W', 'TOR', 'TOR'],
};
/** Events with their own EAS (SAME) code; everything else goes out as "NWS". */
const SAME_EVENTS = new Set(['TOR', 'SVR', 'FFW', 'FLW', 'BZW', 'HWW', 'WSW']);

export interface ActiveAlert {
  alert: FakeAlert;
  sent: number;
  feature: Record<string, unknown>;
}

const MINUTE = 60_000;

/**
 * The alerts in force at `nowMs`, newest first, each written as the API's feature. Their times
 * count from `anchorMs` (when the set was installed), so an alert keeps its id and times from
 * one request to the next, and drops out once it expires.
 */
export function activeAlerts(alerts: readonly FakeAlert[], anchorMs: number, base: string, nowMs: number): ActiveAlert[] {
  const anchor = Math.floor(anchorMs / MINUTE) * MINUTE;
  const active = alerts.flatMap((alert, index) => {
    const onset = anchor + (alert.onsetInMinutes ?? -60) * MINUTE;
    const ends = onset + (alert.durationMinutes ?? 720) * MINUTE;
    const sent = Math.min(onset, anchor) - 15 * MINUTE;
    const expires = Math.min(ends, sent + 9 * 60 * MINUTE);
    if (expires <= nowMs || sent > nowMs) return [];
    return [{ alert, sent, feature: alertFeature(alert, index, base, { sent, onset, ends, expires }) }];
  });
  return active.sort((a, b) => b.sent - a.sent);
}

/** What `/alerts/active` was asked for; empty lists accept everything. */
export interface AlertQuery {
  areas: string[];
  point: { latitude: number; longitude: number } | undefined;
  zones: string[];
  /** Feature property (`severity`, `messageType`…) → accepted values, compared without case. */
  properties: Record<string, string[]>;
}

export function matchesQuery({ alert, feature }: ActiveAlert, query: AlertQuery): boolean {
  const properties = feature.properties as Record<string, unknown>;
  const ugc = (properties.geocode as { UGC: string[] }).UGC;
  const { point } = query;
  const box = alert.box;
  const inBox =
    point === undefined ||
    (box !== undefined &&
      point.latitude >= box.south &&
      point.latitude <= box.north &&
      point.longitude >= box.west &&
      point.longitude <= box.east);
  const accepts = (wanted: string[], value: unknown) =>
    wanted.length === 0 || wanted.some((item) => item.toLowerCase() === String(value).toLowerCase());
  return (
    inBox &&
    (query.areas.length === 0 || alert.areas.some((area) => query.areas.includes(area))) &&
    (query.zones.length === 0 || ugc.some((zone) => query.zones.includes(zone))) &&
    Object.entries(query.properties).every(([name, wanted]) => accepts(wanted, properties[name]))
  );
}

function officeOf(alert: FakeAlert): ForecastOffice | undefined {
  if (alert.office) return FORECAST_OFFICES.get(alert.office);
  return [...FORECAST_OFFICES.values()].find((office) => alert.areas.includes(office.state));
}

function alertFeature(
  alert: FakeAlert,
  index: number,
  base: string,
  times: Record<'sent' | 'onset' | 'ends' | 'expires', number>,
): Record<string, unknown> {
  const digest = createHash('sha1')
    .update(`${index}|${alert.event}|${alert.areas.join(',')}|${times.sent}`)
    .digest('hex');
  const id = `urn:oid:2.49.0.1.840.0.${digest}.001.1`;
  const office = officeOf(alert);
  const timeZone = office?.timeZone ?? 'America/New_York';
  const local = (ms: number) => isoWithOffset(ms, timeZone);
  const zones =
    alert.zones ?? alert.areas.map((area) => `${area}Z${String((Number.parseInt(digest.slice(0, 4), 16) % 90) + 10).padStart(3, '0')}`);
  const same = zones.map(
    (zone) => `0${ALERT_AREAS.get(zone.slice(0, 2))?.fips ?? '00'}${String(((Number(zone.slice(3)) * 2 + 1) % 200) + 1).padStart(3, '0')}`,
  );
  const [vtecCode, product = 'SPS', nwsCode = 'SPS'] = EVENT_CODES[alert.event] ?? [];
  const senderName = office ? `NWS ${office.name} ${office.state}` : 'NWS National Weather Service';
  const icao = office
    ? (office.state === 'AK' ? 'PA' : office.state === 'HI' ? 'PH' : office.state === 'PR' ? 'TJ' : 'K') + office.id
    : 'KWNS';
  const areaDesc = alert.areaDesc ?? alert.areas.map((area) => ALERT_AREAS.get(area)?.name ?? area).join('; ');
  const parameters: Record<string, string[]> = {
    AWIPSidentifier: [`${product}${office?.id ?? 'WNS'}`],
    WMOidentifier: [`WWUS${40 + (index % 10)} ${icao} ${utcStamp(times.sent, 'ddhhmm')}`],
    NWSheadline: [`${alert.event.toUpperCase()} IN EFFECT UNTIL ${spoken(times.ends, timeZone, true)}`],
    BLOCKCHANNEL: ['EAS', 'NWEM', 'CMAS'],
  };
  if (vtecCode) {
    parameters.VTEC = [
      `/O.NEW.${icao}.${vtecCode}.${String(index + 1).padStart(4, '0')}.${utcStamp(times.onset, 'vtec')}-${utcStamp(times.ends, 'vtec')}/`,
    ];
  }
  parameters.eventEndingTime = [local(times.ends)];
  return {
    id: `${base}/alerts/${id}`,
    type: 'Feature',
    geometry: null,
    properties: {
      '@id': `${base}/alerts/${id}`,
      '@type': 'wx:Alert',
      id,
      areaDesc,
      geocode: { SAME: same, UGC: zones },
      affectedZones: zones.map((zone) => `${base}/zones/${zone[2] === 'C' ? 'county' : 'forecast'}/${zone}`),
      references: [],
      sent: local(times.sent),
      effective: local(times.sent),
      onset: local(times.onset),
      expires: local(times.expires),
      ends: local(times.ends),
      status: alert.status ?? 'Actual',
      messageType: alert.messageType ?? 'Alert',
      category: 'Met',
      severity: alert.severity ?? 'Moderate',
      certainty: alert.certainty ?? 'Likely',
      urgency: alert.urgency ?? 'Expected',
      event: alert.event,
      sender: 'w-nws.webmaster@noaa.gov',
      senderName,
      headline: `${alert.event} issued ${spoken(times.sent, timeZone)} until ${spoken(times.ends, timeZone)} by ${senderName}`,
      description: alert.description ?? `* WHAT...${alert.event}.\n\n* WHERE...${areaDesc}.`,
      instruction: alert.instruction === undefined ? null : alert.instruction,
      response: alert.response ?? 'Monitor',
      parameters,
      scope: 'Public',
      code: 'IPAWSv1.0',
      language: 'en-US',
      web: 'http://www.weather.gov',
      eventCode: { SAME: [SAME_EVENTS.has(nwsCode) ? nwsCode : 'NWS'], NationalWeatherService: [nwsCode] },
    },
  };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "November 23 at 3:12AM CST", or for NWSheadline "6 AM CST MONDAY". */
function spoken(ms: number, timeZone: string, headline = false): string {
  const local = new Date(ms + utcOffsetSeconds(timeZone, ms) * 1000);
  const hour = local.getUTCHours();
  const twelve = hour % 12 === 0 ? 12 : hour % 12;
  const meridiem = hour < 12 ? 'AM' : 'PM';
  const zone = timeZoneAbbreviation(timeZone, ms);
  if (headline) return `${twelve} ${meridiem} ${zone} ${localClock(ms, timeZone).weekday.toUpperCase()}`;
  const minutes = String(local.getUTCMinutes()).padStart(2, '0');
  return `${MONTHS[local.getUTCMonth()]} ${local.getUTCDate()} at ${twelve}:${minutes}${meridiem} ${zone}`;
}

function utcStamp(ms: number, style: 'ddhhmm' | 'vtec'): string {
  const iso = new Date(ms).toISOString();
  const [yy, mm, dd, hh, mi] = [iso.slice(2, 4), iso.slice(5, 7), iso.slice(8, 10), iso.slice(11, 13), iso.slice(14, 16)];
  return style === 'ddhhmm' ? `${dd}${hh}${mi}` : `${yy}${mm}${dd}T${hh}${mi}Z`;
}
