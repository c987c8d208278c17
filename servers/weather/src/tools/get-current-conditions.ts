import { upstreamError } from '@mcpkit/core';
import { z } from 'zod';
import { defineWeatherTool } from '../app.js';
import { alternativesNote, resolveLocation } from '../location/resolve-location.js';
import { staleNote } from '../upstream/freshness.js';
import { currentRow, rowLine, weatherRow } from '../weather/rows.js';
import { CURRENT_VARIABLES, DEFAULT_CURRENT, variableList } from '../weather/variables.js';
import { seriesHeader } from './open-meteo-location.js';
import { seriesResultFields, timezoneField, unitsField, withLocation } from './weather-fields.js';

export const getCurrentConditions = defineWeatherTool({
  name: 'get_current_conditions',
  title: 'Current weather',
  description:
    'Current conditions anywhere in the world (Open-Meteo, updated every 15 minutes): temperature, feels-like, humidity, weather in words, precipitation, cloud cover and wind. Give a place name or coordinates.',
  toolset: 'forecast',
  input: withLocation({
    variables: variableList(CURRENT_VARIABLES, `Variables to return; default ${DEFAULT_CURRENT.join(', ')}`).optional(),
    units: unitsField,
    timezone: timezoneField,
  }),
  output: z.object({ ...seriesResultFields, current: weatherRow }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { app, signal }) {
    const resolved = await resolveLocation(args, app, signal);
    const answer = await app.openMeteo.forecast(
      {
        latitude: resolved.location.latitude,
        longitude: resolved.location.longitude,
        current: args.variables ?? DEFAULT_CURRENT,
        units: args.units ?? app.defaultUnits,
        timezone: args.timezone,
        forecastDays: 1,
      },
      signal,
    );
    const header = seriesHeader(resolved, answer, 'current_units');
    if (answer.data.current === undefined) {
      throw upstreamError('Open-Meteo answered without current conditions. Try again, or use get_forecast with hours.');
    }
    const current = currentRow(answer.data.current);
    const lines = [
      ...staleNote(header.freshness),
      `Current weather in ${header.location.name} (${header.timezone}):`,
      rowLine(current, header.units),
      ...alternativesNote(resolved),
    ];
    return { text: lines.join('\n'), data: { ...header, current } };
  },
});
