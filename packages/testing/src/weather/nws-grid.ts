/**
 * Where the National Weather Service forecasts, and how it names a place: which forecast office
 * (WFO) covers a point and the 2.5 km grid cell it falls in (`/points` → `/gridpoints/TOP/32,81`),
 * and back from a grid cell to its coordinates. Offices are the real ones at their real sites;
 * the grids are an honest imitation (same cell size, numbers of the same magnitude).
 */

export interface ForecastOffice {
  id: string;
  /** As in "NWS Topeka KS". */
  name: string;
  state: string;
  latitude: number;
  longitude: number;
  timeZone: string;
  radarStation: string;
}

export interface GridCell {
  office: ForecastOffice;
  x: number;
  y: number;
  /** Centre of the cell. */
  latitude: number;
  longitude: number;
}

// id|name|state|lat|lon, by state.
const OFFICE_TABLE = `
AFC|Anchorage|AK|61.16|-150.0;AFG|Fairbanks|AK|64.85|-147.85;AJK|Juneau|AK|58.36|-134.58
BMX|Birmingham|AL|33.17|-86.78;HUN|Huntsville|AL|34.64|-86.78;MOB|Mobile|AL|30.69|-88.25;LZK|Little Rock|AR|34.84|-92.26
FGZ|Flagstaff|AZ|35.23|-111.82;PSR|Phoenix|AZ|33.43|-112.02;TWC|Tucson|AZ|32.12|-110.93
EKA|Eureka|CA|40.8|-124.16;HNX|Hanford|CA|36.31|-119.63;LOX|Los Angeles|CA|34.2|-118.5;STO|Sacramento|CA|38.55|-121.42
SGX|San Diego|CA|32.83|-117.13;MTR|San Francisco|CA|37.73|-122.5
BOU|Denver|CO|40.0|-105.25;GJT|Grand Junction|CO|39.12|-108.53;PUB|Pueblo|CO|38.28|-104.52
JAX|Jacksonville|FL|30.48|-81.7;KEY|Key West|FL|24.55|-81.78;MLB|Melbourne|FL|28.11|-80.65;MFL|Miami|FL|25.75|-80.38
TAE|Tallahassee|FL|30.39|-84.33;TBW|Tampa Bay Ruskin|FL|27.7|-82.4;FFC|Peachtree City|GA|33.36|-84.56
HFO|Honolulu|HI|21.3|-157.9;DMX|Des Moines|IA|41.73|-93.72;DVN|Quad Cities|IA|41.61|-90.58
BOI|Boise|ID|43.57|-116.21;PIH|Pocatello|ID|42.91|-112.6;ILX|Lincoln|IL|40.15|-89.34;LOT|Chicago|IL|41.6|-88.1
IND|Indianapolis|IN|39.71|-86.28;IWX|Northern Indiana|IN|41.36|-85.68
DDC|Dodge City|KS|37.76|-99.97;GLD|Goodland|KS|39.37|-101.7;TOP|Topeka|KS|39.07|-95.63;ICT|Wichita|KS|37.65|-97.44
JKL|Jackson|KY|37.59|-83.31;LMK|Louisville|KY|38.12|-85.74;PAH|Paducah|KY|37.07|-88.77
LCH|Lake Charles|LA|30.12|-93.22;LIX|New Orleans|LA|30.34|-89.82;SHV|Shreveport|LA|32.45|-93.84
BOX|Boston|MA|41.96|-71.13;CAR|Caribou|ME|46.87|-68.02;GYX|Gray|ME|43.89|-70.25
APX|Gaylord|MI|44.91|-84.72;DTX|Detroit|MI|42.7|-83.47;GRR|Grand Rapids|MI|42.89|-85.54;MQT|Marquette|MI|46.53|-87.55
DLH|Duluth|MN|46.84|-92.21;MPX|Twin Cities|MN|44.85|-93.57
EAX|Kansas City|MO|38.81|-94.26;SGF|Springfield|MO|37.24|-93.4;LSX|St Louis|MO|38.7|-90.68;JAN|Jackson|MS|32.32|-90.08
BYZ|Billings|MT|45.78|-108.54;GGW|Glasgow|MT|48.21|-106.62;TFX|Great Falls|MT|47.46|-111.38;MSO|Missoula|MT|46.92|-114.09
GSP|Greenville-Spartanburg|SC|34.9|-82.22;MHX|Newport|NC|34.78|-76.88;RAH|Raleigh|NC|35.87|-78.79
BIS|Bismarck|ND|46.77|-100.76;FGF|Grand Forks|ND|47.95|-97.33
GID|Hastings|NE|40.56|-98.31;LBF|North Platte|NE|41.12|-100.77;OAX|Omaha|NE|41.32|-96.37
ABQ|Albuquerque|NM|35.05|-106.62;LKN|Elko|NV|40.85|-115.75;VEF|Las Vegas|NV|36.05|-115.16;REV|Reno|NV|39.57|-119.8
ALY|Albany|NY|42.69|-73.83;BGM|Binghamton|NY|42.2|-75.98;BUF|Buffalo|NY|42.94|-78.73;OKX|Upton|NY|40.87|-72.86
CLE|Cleveland|OH|41.41|-81.86;ILN|Wilmington|OH|39.42|-83.82;OUN|Norman|OK|35.24|-97.46;TSA|Tulsa|OK|36.16|-95.84
MFR|Medford|OR|42.38|-122.87;PDT|Pendleton|OR|45.69|-118.85;PQR|Portland|OR|45.56|-122.54
PHI|Mount Holly|NJ|39.87|-75.25;PBZ|Pittsburgh|PA|40.53|-80.22;CTP|State College|PA|40.85|-77.85
CAE|Columbia|SC|33.95|-81.12;CHS|Charleston|SC|32.9|-80.03
ABR|Aberdeen|SD|45.45|-98.42;UNR|Rapid City|SD|44.07|-103.21;FSD|Sioux Falls|SD|43.59|-96.75
MEG|Memphis|TN|35.05|-89.98;MRX|Morristown|TN|36.17|-83.4;OHX|Nashville|TN|36.25|-86.56
AMA|Amarillo|TX|35.23|-101.7;EWX|Austin/San Antonio|TX|29.7|-98.03;BRO|Brownsville|TX|25.91|-97.42
CRP|Corpus Christi|TX|27.77|-97.5;FWD|Fort Worth|TX|32.9|-97.0;EPZ|El Paso|TX|31.87|-106.7;HGX|Houston/Galveston|TX|29.47|-95.08
LUB|Lubbock|TX|33.65|-101.82;MAF|Midland/Odessa|TX|31.94|-102.2;SJT|San Angelo|TX|31.37|-100.5
SLC|Salt Lake City|UT|40.77|-111.95;RNK|Blacksburg|VA|37.2|-80.41;AKQ|Wakefield|VA|36.98|-76.95
LWX|Sterling|VA|38.98|-77.48;BTV|Burlington|VT|44.47|-73.15;SEW|Seattle|WA|47.68|-122.25;OTX|Spokane|WA|47.68|-117.63
GRB|Green Bay|WI|44.5|-88.11;ARX|La Crosse|WI|43.82|-91.19;MKX|Milwaukee/Sullivan|WI|42.97|-88.55
RLX|Charleston|WV|38.31|-81.72;CYS|Cheyenne|WY|41.15|-104.81;RIW|Riverton|WY|43.06|-108.48
SJU|San Juan|PR|18.43|-66.0`;

const STATE_TIME_ZONES: Record<string, string> = {
  AK: 'America/Anchorage',
  AZ: 'America/Phoenix',
  CA: 'America/Los_Angeles',
  CO: 'America/Denver',
  HI: 'Pacific/Honolulu',
  ID: 'America/Boise',
  IN: 'America/Indiana/Indianapolis',
  MI: 'America/Detroit',
  MT: 'America/Denver',
  NM: 'America/Denver',
  NV: 'America/Los_Angeles',
  OR: 'America/Los_Angeles',
  PR: 'America/Puerto_Rico',
  UT: 'America/Denver',
  WA: 'America/Los_Angeles',
  WY: 'America/Denver',
};
const CENTRAL_STATES = new Set(['AL', 'AR', 'IA', 'IL', 'KS', 'LA', 'MN', 'MO', 'MS', 'ND', 'NE', 'OK', 'SD', 'TN', 'TX', 'WI']);
const OFFICE_TIME_ZONES: Record<string, string> = {
  GLD: 'America/Denver',
  UNR: 'America/Denver',
  EPZ: 'America/Denver',
  PAH: 'America/Chicago',
  MRX: 'America/New_York',
};
const RADARS: Record<string, string> = {
  AFC: 'PAHG',
  AFG: 'PAPD',
  AJK: 'PACG',
  HFO: 'PHKI',
  SJU: 'TJUA',
  TOP: 'KTWX',
  MFL: 'KAMX',
  BOU: 'KFTG',
  SEW: 'KATX',
  MEG: 'KNQA',
  FWD: 'KFWS',
  PSR: 'KIWA',
  LOX: 'KVTX',
  MTR: 'KMUX',
  SGX: 'KNKX',
  STO: 'KDAX',
  PHI: 'KDIX',
  CTP: 'KCCX',
};

export const FORECAST_OFFICES: ReadonlyMap<string, ForecastOffice> = new Map(
  OFFICE_TABLE.trim()
    .split(/[;\n]/)
    .map((row) => {
      const [id = '', name = '', state = '', latitude = '0', longitude = '0'] = row.split('|');
      const timeZone =
        OFFICE_TIME_ZONES[id] ?? STATE_TIME_ZONES[state] ?? (CENTRAL_STATES.has(state) ? 'America/Chicago' : 'America/New_York');
      const office = {
        id,
        name,
        state,
        latitude: Number(latitude),
        longitude: Number(longitude),
        timeZone,
        radarStation: RADARS[id] ?? `K${id}`,
      };
      return [id, office] as const;
    }),
);

/** A coarse outline of the lower 48 (lon, lat): the Canadian border follows the Great Lakes, Mexico's the Rio Grande. */
// biome-ignore format: several vertices to a line read better than one per line
const CONUS: readonly (readonly [number, number])[] = [
  [-124.8, 48.4], [-123.0, 49.0], [-95.2, 49.0], [-95.2, 49.4], [-89.6, 48.0], [-84.5, 46.5], [-82.4, 45.3],
  [-82.4, 43.0], [-82.5, 42.6], [-82.95, 42.34], [-83.15, 42.05], [-82.7, 41.7], [-79.0, 42.5], [-79.0, 43.3],
  [-76.8, 43.6], [-75.0, 45.0], [-71.5, 45.0], [-70.0, 46.7], [-69.2, 47.45], [-67.8, 47.1], [-67.8, 45.7],
  [-66.9, 44.8], [-69.9, 41.2], [-75.5, 35.2], [-81.0, 30.5], [-80.0, 26.5], [-80.05, 25.0], [-81.0, 24.4],
  [-82.5, 24.5], [-82.9, 27.9], [-84.5, 29.6], [-89.4, 28.9], [-94.0, 29.3], [-97.2, 25.9], [-99.5, 27.5],
  [-101.4, 29.8], [-103.0, 29.0], [-104.6, 29.6], [-106.5, 31.8], [-108.2, 31.3], [-111.1, 31.3], [-114.8, 32.5],
  [-117.1, 32.5], [-120.6, 34.5], [-122.5, 37.2], [-124.4, 40.4], [-124.6, 42.8],
];

type Box = readonly [south: number, west: number, north: number, east: number];
// biome-ignore format: boxes read better on one line
const OUTLYING: readonly { region: string; boxes: readonly Box[] }[] = [
  { region: 'AK', boxes: [[54.5, -168, 71.5, -141], [54.5, -141, 60.0, -130], [51.0, -180, 55.0, -162]] },
  { region: 'HI', boxes: [[18.5, -160.6, 22.5, -154.5]] },
  { region: 'PR', boxes: [[17.6, -67.4, 18.6, -64.5]] },
];

function insidePolygon(longitude: number, latitude: number, polygon: readonly (readonly [number, number])[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i, i += 1) {
    const [xi, yi] = polygon[i] ?? [0, 0];
    const [xj, yj] = polygon[j] ?? [0, 0];
    if (yi > latitude !== yj > latitude && longitude < ((xj - xi) * (latitude - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Which NWS domain covers a point: 'CONUS', 'AK', 'HI', 'PR', or undefined outside the US. */
export function coverageOf(latitude: number, longitude: number): string | undefined {
  if (insidePolygon(longitude, latitude, CONUS)) return 'CONUS';
  const inBox = ([south, west, north, east]: Box) => latitude >= south && latitude <= north && longitude >= west && longitude <= east;
  return OUTLYING.find(({ boxes }) => boxes.some(inBox))?.region;
}

const CELL_KM = 2.5;
const KM_PER_DEGREE_LAT = 110.57;
const kmPerDegreeLon = (office: ForecastOffice) => 111.32 * Math.cos((office.latitude * Math.PI) / 180);
// Each office's grid starts south-west of it, so cell numbers stay positive across its area.
const originOf = (office: ForecastOffice) => ({ latitude: office.latitude - 4, longitude: office.longitude - 5 });

/** The office whose area a covered point lies in (the nearest office of the same domain) and its grid cell. */
export function gridCellAt(latitude: number, longitude: number): GridCell | undefined {
  const region = coverageOf(latitude, longitude);
  if (!region) return undefined;
  let office: ForecastOffice | undefined;
  let best = Number.POSITIVE_INFINITY;
  for (const candidate of FORECAST_OFFICES.values()) {
    const candidateRegion = ['AK', 'HI', 'PR'].includes(candidate.state) ? candidate.state : 'CONUS';
    if (candidateRegion !== region) continue;
    const dy = candidate.latitude - latitude;
    const dx = (candidate.longitude - longitude) * Math.cos((latitude * Math.PI) / 180);
    if (dx * dx + dy * dy < best) [best, office] = [dx * dx + dy * dy, candidate];
  }
  if (!office) return undefined;
  const origin = originOf(office);
  const x = Math.floor(((longitude - origin.longitude) * kmPerDegreeLon(office)) / CELL_KM) + 1;
  const y = Math.floor(((latitude - origin.latitude) * KM_PER_DEGREE_LAT) / CELL_KM) + 1;
  return gridCell(office.id, x, y);
}

/** The cell `/gridpoints/{office}/{x},{y}` names, or undefined for an unknown office or a cell off its grid. */
export function gridCell(officeId: string, x: number, y: number): GridCell | undefined {
  const office = FORECAST_OFFICES.get(officeId);
  if (!office || x < 1 || y < 1 || x > 400 || y > 400) return undefined;
  const origin = originOf(office);
  return {
    office,
    x,
    y,
    latitude: origin.latitude + ((y - 0.5) * CELL_KM) / KM_PER_DEGREE_LAT,
    longitude: origin.longitude + ((x - 0.5) * CELL_KM) / kmPerDegreeLon(office),
  };
}

/** The cell's outline as a GeoJSON ring (lon, lat), closed. */
export function cellPolygon(cell: GridCell): number[][] {
  const halfLat = CELL_KM / KM_PER_DEGREE_LAT / 2;
  const halfLon = CELL_KM / kmPerDegreeLon(cell.office) / 2;
  const corner = (dx: number, dy: number) => [round7(cell.longitude + dx * halfLon), round7(cell.latitude + dy * halfLat)];
  return [corner(-1, 1), corner(-1, -1), corner(1, -1), corner(1, 1), corner(-1, 1)];
}

const round7 = (value: number) => Math.round(value * 1e7) / 1e7;

/** Forecast zone, county and fire zone codes for a cell ("KSZ040", "KSC177"): stable, made-up numbers. */
export function zonesOf(cell: GridCell): { forecastZone: string; county: string; fireZone: string } {
  const block = Math.floor(cell.x / 15) * 31 + Math.floor(cell.y / 15) * 17;
  const zone = String((block % 120) + 1).padStart(3, '0');
  const county = String(((block * 7) % 100) * 2 + 1).padStart(3, '0');
  const state = cell.office.state;
  return { forecastZone: `${state}Z${zone}`, county: `${state}C${county}`, fireZone: `${state}Z${zone}` };
}
