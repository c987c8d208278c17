import { z } from 'zod';
import type { WeatherApp } from '../app.js';
import { defineWeatherTool } from '../app.js';
import { checkLocation, locationFields } from '../location/location-input.js';
import { alternativesNote } from '../location/resolve-location.js';
import { areaName, toAreaCode } from '../location/us-states.js';
import { type Freshness, freshnessRecord, oldest, staleNote } from '../upstream/freshness.js';
import type { NwsAlert } from '../upstream/nws.js';
import { resolveUsLocation } from './nws-location.js';

const SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
const DESCRIPTION_CHARS = 1_500;
const INSTRUCTION_CHARS = 800;

export const alertRecord = z.object({
  id: z.string(),
  event: z.string().describe('"Winter Storm Warning"'),
  severity: z.string(),
  urgency: z.string(),
  certainty: z.string(),
  headline: z.string().nullable(),
  areas: z.string(),
  onset: z.string().nullable(),
  ends: z.string().nullable().describe('When the hazard ends (or the alert expires, if no end is given)'),
  sender: z.string().nullable(),
  description: z.string().nullable(),
  instruction: z.string().nullable(),
});
export type AlertRecord = z.infer<typeof alertRecord>;

export const alertsResult = z.object({
  area: z.string().describe('The state or point the alerts are for'),
  total: z.number().int().describe('Active alerts matching, before the limit'),
  alerts: z.array(alertRecord),
  freshness: freshnessRecord,
});

export const stateField = z
  .string()
  .trim()
  .min(2)
  .max(40)
  .transform((value, ctx) => {
    const code = toAreaCode(value);
    if (code === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" is not a US state or territory: use a two-letter code like "KS" or a name like "Kansas"`,
      });
      return z.NEVER;
    }
    return code;
  });

export const getAlerts = defineWeatherTool({
  name: 'get_alerts',
  title: 'US weather alerts',
  description:
    'Active National Weather Service watches, warnings and advisories for a US state or territory (`state`: "KS" or "Kansas") or for a place or point (place name or coordinates), most severe first, with what to do. US only.',
  toolset: 'nws',
  input: z
    .strictObject({
      state: stateField.optional().describe('Two-letter US state or territory code, or its name'),
      ...locationFields,
      minSeverity: z.enum(SEVERITIES).optional().describe('Leave out alerts less severe than this'),
      limit: z.number().int().min(1).max(100).default(25).describe('Most alerts to return'),
    })
    .superRefine((input, ctx) => {
      const hasLocation = input.place !== undefined || input.latitude !== undefined || input.longitude !== undefined;
      if (input.state !== undefined && hasLocation) {
        ctx.addIssue({ code: 'custom', path: ['state'], message: 'give either state or a place/coordinates, not both' });
      } else if (input.state === undefined) {
        checkLocation(input, ctx);
      }
    }),
  output: alertsResult,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { app, signal }) {
    const found = await fetchAlerts(app, args, signal);
    const ranked = found.alerts
      .filter((alert) => args.minSeverity === undefined || rank(alert.severity) <= rank(args.minSeverity))
      .sort(bySeverity);
    const alerts = ranked.slice(0, args.limit).map(toAlertRecord);
    const lines = [...staleNote(found.freshness)];
    if (alerts.length === 0) {
      lines.push(`No active weather alerts for ${found.area}${args.minSeverity ? ` at ${args.minSeverity} or above` : ''}.`);
    } else {
      lines.push(
        `${ranked.length} active alert${ranked.length === 1 ? '' : 's'} for ${found.area}${ranked.length > alerts.length ? ` (showing ${alerts.length})` : ''}:`,
      );
      for (const [index, alert] of alerts.entries()) lines.push('', ...alertLines(alert, index + 1));
    }
    lines.push(...found.notes);
    return { text: lines.join('\n'), data: { area: found.area, total: ranked.length, alerts, freshness: found.freshness } };
  },
});

interface FoundAlerts {
  area: string;
  alerts: NwsAlert[];
  freshness: Freshness;
  notes: string[];
}

/** Alerts for a state code, or for the point a place or coordinates resolve to. */
export async function fetchAlerts(
  app: WeatherApp,
  where: { state?: string | undefined; place?: string | undefined; latitude?: number | undefined; longitude?: number | undefined },
  signal: AbortSignal,
): Promise<FoundAlerts> {
  if (where.state !== undefined) {
    const { alerts, freshness } = await app.nws.alerts({ state: where.state }, signal);
    return { area: `${areaName(where.state) ?? where.state} (${where.state})`, alerts, freshness, notes: [] };
  }
  const resolved = await resolveUsLocation(where, app, signal);
  const { latitude, longitude } = resolved.location;
  const { alerts, freshness } = await app.nws.alerts({ latitude, longitude }, signal);
  return {
    area: resolved.location.name,
    alerts,
    freshness: resolved.freshness ? oldest([freshness, resolved.freshness]) : freshness,
    notes: alternativesNote(resolved),
  };
}

function rank(severity: string): number {
  const index = SEVERITIES.indexOf(severity as (typeof SEVERITIES)[number]);
  return index === -1 ? SEVERITIES.length : index;
}

function bySeverity(a: NwsAlert, b: NwsAlert): number {
  return rank(a.severity) - rank(b.severity) || (a.onset ?? a.effective ?? '').localeCompare(b.onset ?? b.effective ?? '');
}

export function toAlertRecord(alert: NwsAlert): AlertRecord {
  return {
    id: alert.id,
    event: alert.event,
    severity: alert.severity,
    urgency: alert.urgency,
    certainty: alert.certainty,
    headline: alert.headline ?? null,
    areas: alert.areaDesc,
    onset: alert.onset ?? alert.effective ?? null,
    ends: alert.ends ?? alert.expires ?? null,
    sender: alert.senderName ?? null,
    description: clip(alert.description, DESCRIPTION_CHARS),
    instruction: clip(alert.instruction, INSTRUCTION_CHARS),
  };
}

function clip(text: string | null | undefined, max: number): string | null {
  if (text === null || text === undefined) return null;
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function alertLines(alert: AlertRecord, number: number): string[] {
  const lines = [
    `${number}. ${alert.event} (${alert.severity}, ${alert.urgency}, ${alert.certainty})${alert.ends ? ` until ${alert.ends}` : ''}`,
  ];
  if (alert.headline) lines.push(`   ${alert.headline}`);
  lines.push(`   Areas: ${alert.areas}`);
  if (alert.description) lines.push(`   ${alert.description}`);
  if (alert.instruction) lines.push(`   What to do: ${alert.instruction}`);
  return lines;
}
